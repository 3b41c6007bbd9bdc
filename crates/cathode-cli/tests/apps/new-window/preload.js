const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('windows', {
  open: (options) => ipcRenderer.send('open-window', options),
});
