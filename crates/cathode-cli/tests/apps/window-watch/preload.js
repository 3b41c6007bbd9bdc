const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('notes', {
  open: () => ipcRenderer.send('notes:open'),
  onChange: (callback) => ipcRenderer.on('notes:changed', (_event, state) => callback(state)),
});
