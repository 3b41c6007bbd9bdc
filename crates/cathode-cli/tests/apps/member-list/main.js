// Prints every member `require('electron')` gives `app`, a BrowserWindow, its webContents and the
// BrowserWindow class, as JSON: the README's table of Electron's members is checked against it.
const { app, BrowserWindow } = require('electron/main');

// A member whose value is one of cathode's stand-ins for a module it lacks (using it throws
// "cathode does not implement electron.X yet") is not one cathode has.
function isStandIn(object, name) {
  try {
    const value = object[name];
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) void value.anyMember;
    return false;
  } catch (error) {
    return /does not implement/.test(error.message);
  }
}

function members(object) {
  const names = new Set();
  for (let level = object; level && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) names.add(name);
  }
  return [...names].filter((name) => !isStandIn(object, name)).sort();
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
