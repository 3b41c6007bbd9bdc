const info = document.getElementById('info');
info.innerText = `Chrome v${versions.chrome()}, Node.js v${versions.node()}, Electron v${versions.electron()}`;

// What the page itself can reach of Node and Electron: nothing but the bridge.
const reachable = ['require', 'process', 'module', 'ipcRenderer', 'Buffer', 'global']
  .filter((name) => typeof window[name] !== 'undefined');
document.getElementById('globals').innerText = `page globals: [${reachable.join(', ')}]`;
