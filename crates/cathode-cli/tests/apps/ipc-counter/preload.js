const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('counterApi', {
  onUpdate: (callback) => ipcRenderer.on('update-counter', (_event, step) => callback(step)),
  report: (value) => ipcRenderer.send('counter-value', value),
});
