// Main to page: main sends steps to a counter the page shows; the page's callback, registered
// through the bridge, applies each step and reports the new value back.
const { app, BrowserWindow, ipcMain } = require('electron/main');
const path = require('node:path');

const steps = [1, 1, 5, -2];
const values = [];

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  ipcMain.on('counter-value', (event, value) => {
    values.push(value);
    if (values.length < steps.length) return;
    console.log(`counter went ${values.join(' -> ')}`);
    app.quit();
  });
  win.webContents.on('did-finish-load', () => {
    for (const step of steps) win.webContents.send('update-counter', step);
  });
  win.loadFile('index.html');
});
