// The starter app: a window whose preload fills in the versions, and a bridge the page's own
// script calls. Once the page has loaded, main reads back what the page shows and quits.
const { app, BrowserWindow } = require('electron/main');
const path = require('node:path');

function showWindow() {
  const win = new BrowserWindow({
    width: 640,
    height: 480,
    webPreferences: { preload: path.join(__dirname, 'preload.js') },
  });
  win.webContents.on('did-finish-load', async () => {
    const shown = await win.webContents.executeJavaScript(
      `[...document.querySelectorAll('[data-shown]')].map((element) => element.innerText)`,
    );
    for (const line of shown) console.log(line);
    app.quit();
  });
  win.loadFile('index.html');
}

app.whenReady().then(showWindow);
app.on('window-all-closed', () => app.quit());
