// Values beyond JSON between the main script and a page, on every IPC path: what each side
// receives is described by its type, as Electron's structured clone keeps them.
const { app, BrowserWindow, ipcMain } = require('electron');
const describe = require('./describe');

ipcMain.on('to-main', (event, ...args) => {
  console.log(`main got: ${args.map(describe).join(' | ')}`);
  event.reply('to-page', new Map([['when', new Date(0)]]), new Set([1n]), undefined);
});
ipcMain.on('sync', (event, bytes) => {
  event.returnValue = new Uint8Array([...bytes].reverse());
});
ipcMain.handle('invoke', (event, when) => [when.getUTCFullYear(), undefined]);
ipcMain.on('report', (event, lines) => {
  for (const line of lines) console.log(`page got: ${line}`);
  app.quit();
});

app.whenReady().then(() => new BrowserWindow({ show: false }).loadFile('index.html'));
