const { ipcRenderer } = require('electron');
const describe = require('./describe.js');

ipcRenderer.once('to-page', async (event, ...args) => {
  const lines = [args.map(describe).join(' | ')];
  lines.push(describe(ipcRenderer.sendSync('sync', new Uint8Array([1, 2, 3]))));
  lines.push(describe(await ipcRenderer.invoke('invoke', new Date(Date.UTC(2024, 0, 1)))));
  ipcRenderer.send('report', lines);
});
ipcRenderer.send('to-main', new Map([[1, 'one']]), new Date(86400000), new Uint8Array([7]), undefined, 2n ** 64n);
