// An app written for Electron 14 and later: the remote module comes from the @electron/remote
// package, initialised once and enabled for one window only.
const { app, BrowserWindow, ipcMain } = require('electron/main');
const remoteMain = require('@electron/remote/main');

const before = remoteMain.isInitialized();
remoteMain.initialize();
console.log(`initialized: ${before} -> ${remoteMain.isInitialized()}`);
try {
  remoteMain.initialize();
} catch (error) {
  console.log(`initialize again: ${error.message}`);
}
try {
  require('@electron/remote');
} catch (error) {
  console.log(`@electron/remote in main: ${error.message}`);
}

global.settings = { theme: 'dark' };

function openWindow(name, enableRemote) {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { nodeIntegration: true, contextIsolation: false },
  });
  if (enableRemote) remoteMain.enable(win.webContents);
  win.loadFile('index.html');
  return win;
}

app.whenReady().then(() => {
  const reports = {};
  const names = new Map();
  ipcMain.on('report', (event, report) => {
    reports[names.get(event.sender.id)] = report;
    if (Object.keys(reports).length < 2) return;
    console.log(`enabled window: ${reports.enabled}`);
    console.log(`other window: ${reports.other}`);
    app.quit();
  });
  names.set(openWindow('enabled', true).webContents.id, 'enabled');
  names.set(openWindow('other', false).webContents.id, 'other');
});
