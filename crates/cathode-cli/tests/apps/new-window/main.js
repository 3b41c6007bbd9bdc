// A page asks main for a second window of a given size; main opens it on a local page and, once
// that page has loaded, reports what it opened.
const { app, BrowserWindow, ipcMain } = require('electron/main');
const path = require('node:path');

ipcMain.on('open-window', (event, { file, width, height }) => {
  const child = new BrowserWindow({ width, height, show: false });
  child.webContents.on('did-finish-load', () => {
    const { width: shownWidth, height: shownHeight } = child.getBounds();
    console.log(`windows open: ${BrowserWindow.getAllWindows().length}`);
    console.log(`new window: ${shownWidth}x${shownHeight}, showing "${child.getTitle()}"`);
    app.quit();
  });
  child.loadFile(path.join(__dirname, file));
});

app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 800,
    height: 600,
    webPreferences: { preload: path.join(__dirname, 'preload.js') },
  });
  win.webContents.on('did-finish-load', () => {
    win.webContents.executeJavaScript(`document.getElementById('open').click()`);
  });
  win.loadFile('index.html');
});
