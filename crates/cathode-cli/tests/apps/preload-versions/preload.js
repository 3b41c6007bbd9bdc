const { contextBridge } = require('electron/renderer');

// What the starter app's preload does: fill the page in once its DOM is there.
window.addEventListener('DOMContentLoaded', () => {
  for (const part of ['node', 'chrome', 'electron']) {
    const slot = document.getElementById(`${part}-version`);
    if (slot) slot.innerText = process.versions[part];
  }
});

// What the tutorial's preload does: hand the page functions to call.
contextBridge.exposeInMainWorld('versions', {
  node: () => process.versions.node,
  chrome: () => process.versions.chrome,
  electron: () => process.versions.electron,
});
