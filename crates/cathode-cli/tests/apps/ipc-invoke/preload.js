const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('notes', {
  read: (name) => ipcRenderer.invoke('notes:read', name),
});
