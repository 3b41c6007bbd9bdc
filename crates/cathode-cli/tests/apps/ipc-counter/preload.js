const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('counter', {
  onUpdate: (callback) => ipcRenderer.on('update-counter', (_event, step) => callback(step)),
  report: (value) => ipcRenderer.send('counter-value', value),
});
