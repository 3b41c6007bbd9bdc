// A help page whose web links go to the user's browser: the window-open handler hands them to
// `openOutside` (what `shell.openExternal` would be in a real app; here it only counts) and
// denies the window, so the page's `window.open` gets `null`. The app's own page opens in a
// small window. Main plays the user and clicks the buttons.
const { app, BrowserWindow } = require('electron');

const openedOutside = [];
const openOutside = (url) => openedOutside.push(url);
let asked = 0;

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 640, height: 480 });
  win.webContents.setWindowOpenHandler(({ url }) => {
    asked += 1;
    if (url.startsWith('https:')) {
      openOutside(url);
      return { action: 'deny' };
    }
    return { action: 'allow', overrideBrowserWindowOptions: { width: 320, height: 240 } };
  });
  await win.loadFile('index.html');

  const click = (id) => win.webContents.executeJavaScript(
    `document.getElementById('${id}').click(); window.lastOpen === null ? 'null' : 'a window'`,
  );
  console.log(`manual: window.open gave ${await click('manual')}`);
  console.log(`forum: window.open gave ${await click('forum')}`);

  // The app's own page opens; by then the browser has reported everything the page asked for.
  const created = new Promise((resolve) => win.webContents.once('did-create-window', resolve));
  console.log(`about: window.open gave ${await click('about')}`);
  const child = await created;
  const title = await child.webContents.executeJavaScript(
    `new Promise((done) => document.readyState === 'complete'
      ? done(document.title)
      : addEventListener('load', () => done(document.title)))`,
  );
  console.log(`about window: ${title}`);
  console.log(`handler calls: ${asked}`);
  console.log(`opened outside: ${openedOutside.join(' ')}`);
  console.log(`windows: ${BrowserWindow.getAllWindows().length}`);
  app.quit();
});
