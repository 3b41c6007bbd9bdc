// Links to the web open in the user's browser; the app's own pages open in its window. This is
// what most apps do with `will-navigate`. Main plays the user: it clicks the links.
const { app, BrowserWindow, shell } = require('electron');

const appPages = 'file:';

function clickLink(win, id) {
  return win.webContents.executeJavaScript(`document.getElementById('${id}').click()`);
}

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 640, height: 480 });
  let openedOutside;
  const opened = new Promise((resolve) => { openedOutside = resolve; });

  win.webContents.on('will-navigate', (event, url) => {
    const shown = url.startsWith(appPages) ? url.split('/').pop() : url;
    console.log(`will-navigate: ${shown} (event.url ${event.url === url ? 'the same' : event.url})`);
    if (!url.startsWith(appPages)) {
      event.preventDefault();
      shell.openExternal(url).then(
        () => openedOutside(url),
        (error) => openedOutside(`nothing (${error.message})`),
      );
    }
  });
  await win.loadFile('index.html');

  await clickLink(win, 'docs');
  console.log(`opened in the browser: ${await opened}`);
  console.log(`still showing: ${await win.webContents.executeJavaScript('document.title')}`);

  // A listener with a bug: it is reported, and the navigation goes on, as in Electron.
  win.webContents.once('will-navigate', () => {
    throw new Error('a bug in a will-navigate listener');
  });
  win.webContents.once('did-navigate', (event, url, httpResponseCode) => {
    console.log(`did-navigate: ${url.split('/').pop()} ${httpResponseCode}`);
    win.webContents.once('did-finish-load', () => {
      console.log(`now showing: ${win.webContents.getTitle()}`);
      app.quit();
    });
  });
  await clickLink(win, 'about');
});
