// A main script that hides its windows' menu bars as many Electron apps do: the settings are
// answered as set (Chromium's app windows have no menu bar on Linux, so nothing else changes).
const { app, BrowserWindow } = require('electron');

app.whenReady().then(() => {
  const win = new BrowserWindow({ width: 300, height: 200, autoHideMenuBar: true });
  const state = (w) => `autoHide ${w.isMenuBarAutoHide()}, visible ${w.isMenuBarVisible()}`;
  console.log(`opened: ${state(win)}`);
  win.setMenuBarVisibility(true);
  console.log(`shown: ${state(win)}`);
  win.autoHideMenuBar = false;
  console.log(`property: ${win.autoHideMenuBar}, ${win.menuBarVisible}`);
  const plain = new BrowserWindow({ width: 300, height: 200 });
  console.log(`plain: ${state(plain)}`);
  plain.menuBarVisible = false;
  console.log(`plain hidden: ${state(plain)}`);
  setTimeout(() => console.log(`later: ${state(win)}; ${state(plain)}`) || app.quit(), 200);
});
