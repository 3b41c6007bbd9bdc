// Values beyond JSON between the main script and a page, on every IPC path: what each side
// receives is described by its type, as Electron's structured clone keeps them.
const { app, BrowserWindow, ipcMain } = require('electron');

function describe(value) {
  if (value instanceof Map) return `Map(${[...value].map(([k, v]) => `${describe(k)}=>${describe(v)}`).join(', ')})`;
  if (value instanceof Set) return `Set(${[...value].map(describe).join(', ')})`;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (value instanceof Uint8Array) return `Uint8Array(${[...value]})`;
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}

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
