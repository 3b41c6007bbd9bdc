// Prints every member `require('electron')` gives `app`, a BrowserWindow, its webContents and the
// BrowserWindow class, as JSON: the README's table of Electron's members is checked against it.
const { app, BrowserWindow } = require('electron/main');

function members(object) {
  const names = new Set();
  for (let level = object; level && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) names.add(name);
  }
  return [...names].sort();
}

app.whenReady().then(() => {
  const win = new BrowserWindow({ show: false });
  console.log(JSON.stringify({
    app: members(app),
    BrowserWindow: members(win),
    webContents: members(win.webContents),
    statics: Object.getOwnPropertyNames(BrowserWindow),
  }));
  app.quit();
});
