const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('about', {
  appPath: () => ipcRenderer.invoke('app:path'),
});
contextBridge.exposeInMainWorld('electronVersion', process.versions.electron);
