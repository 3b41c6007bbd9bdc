// Page to main, one way: the page asks main to retitle its window. Main plays the user: it types
// a title into the page's field and presses the button, then reports the window's title.
const { app, BrowserWindow, ipcMain } = require('electron/main');
const path = require('node:path');

let retitled;
const titleSet = new Promise((resolve) => { retitled = resolve; });

ipcMain.on('set-title', (event, title) => {
  const win = BrowserWindow.fromWebContents(event.sender);
  win.setTitle(title);
  console.log(`title set to: ${win.getTitle()}`);
  retitled();
});

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  win.webContents.on('did-finish-load', async () => {
    await win.webContents.executeJavaScript(`
      document.getElementById('title').value = 'Renamed by the page';
      document.getElementById('set').click();
    `);
    await titleSet;
    app.quit();
  });
  win.loadFile('index.html');
});
