// The page has a light/dark switch: main keeps the app's choice in nativeTheme, and the page's
// own CSS (prefers-color-scheme) follows it. Main clicks the switch like a user and reports what
// the page shows after each click.
const { app, BrowserWindow, ipcMain, nativeTheme } = require('electron/main');
const path = require('node:path');

ipcMain.handle('theme:flip', () => {
  nativeTheme.themeSource = nativeTheme.shouldUseDarkColors ? 'light' : 'dark';
  return nativeTheme.themeSource;
});

ipcMain.handle('theme:follow-system', () => {
  nativeTheme.themeSource = 'system';
  return nativeTheme.themeSource;
});

nativeTheme.on('updated', () => console.log(`updated: dark ${nativeTheme.shouldUseDarkColors}`));

// The page says what it shows once its media query has answered for the new choice.
function nextShown() {
  return new Promise((resolve) => {
    ipcMain.once('theme:shown', (event, { choice, media, background }) => {
      console.log(`${choice}: page prefers ${media}, background ${background}`);
      resolve();
    });
  });
}

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  win.webContents.on('did-finish-load', async () => {
    for (const button of ['flip', 'flip', 'system']) {
      const shown = nextShown();
      await win.webContents.executeJavaScript(`document.getElementById('${button}').click()`);
      await shown;
    }
    app.quit();
  });
  win.loadFile('index.html');
});
