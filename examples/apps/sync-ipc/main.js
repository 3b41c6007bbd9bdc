// Synchronous IPC (sendSync / event.returnValue) and invoke/handle. The page asks, main answers;
// a listener that throws becomes an Error in the page. Quits when the page reports.
const { app, BrowserWindow, ipcMain } = require('electron');

ipcMain.on('add', (event, a, b) => {
  console.log(`main: add(${a}, ${b})`);
  event.returnValue = a + b;
});

ipcMain.on('broken', () => {
  throw new Error('this listener is broken');
});

ipcMain.handle('multiply', async (event, a, b) => {
  console.log(`main: multiply(${a}, ${b})`);
  return a * b;
});

ipcMain.on('report', (event, report) => {
  for (const line of report) console.log('page:', line);
  app.quit();
});

app.on('ready', () => {
  const win = new BrowserWindow({ width: 500, height: 400 });
  win.loadFile('index.html');
});
