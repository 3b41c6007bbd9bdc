const { contextBridge, ipcRenderer } = require('electron/renderer');

contextBridge.exposeInMainWorld('theme', {
  flip: () => ipcRenderer.invoke('theme:flip'),
  followSystem: () => ipcRenderer.invoke('theme:follow-system'),
  shown: (what) => ipcRenderer.send('theme:shown', what),
});
