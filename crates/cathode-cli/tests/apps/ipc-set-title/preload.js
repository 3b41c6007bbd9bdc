const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('titleBar', {
  rename: (title) => ipcRenderer.send('set-title', title),
});
