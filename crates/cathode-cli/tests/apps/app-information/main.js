// What the app knows about itself: its folder through invoke, and the Electron version the
// preload hands the page as a plain value.
const { app, BrowserWindow, ipcMain } = require('electron/main');
const path = require('node:path');

ipcMain.handle('app:path', () => app.getAppPath());

app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 600,
    height: 400,
    title: 'About this app',
    webPreferences: { preload: path.join(__dirname, 'preload.js') },
  });
  win.webContents.on('did-finish-load', async () => {
    await win.webContents.executeJavaScript(`document.getElementById('where').click()`);
    await win.webContents.executeJavaScript(`document.getElementById('which').click()`);
    for (;;) {
      const lines = await win.webContents.executeJavaScript(
        `[...document.querySelectorAll('output')].map((output) => output.innerText)`,
      );
      if (lines.every(Boolean)) {
        for (const line of lines) console.log(line);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    app.quit();
  });
  win.loadFile('index.html');
});
