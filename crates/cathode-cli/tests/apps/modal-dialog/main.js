// A main script that asks a question in a modal window: while it is open, clicks on the
// document window do nothing and give the question the focus; after it closes they work again.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 400, height: 300 });
  await win.loadFile('index.html');
  const click = async () => {
    await win.webContents.sendInputEvent({ type: 'mouseDown', x: 50, y: 50, button: 'left', clickCount: 1 });
    await win.webContents.sendInputEvent({ type: 'mouseUp', x: 50, y: 50, button: 'left', clickCount: 1 });
  };
  const saves = () => win.webContents.executeJavaScript('saves');
  await click();
  console.log(`saves before the dialog: ${await saves()}`);

  const dialog = new BrowserWindow({ parent: win, modal: true, width: 300, height: 150 });
  await dialog.loadFile('dialog.html');
  console.log(`dialog modal: ${dialog.isModal()}, parent: ${dialog.getParentWindow() === win}`);
  const parentFocused = new Promise((resolve) => win.once('focus', resolve));
  win.focus();
  await parentFocused;
  const refocused = new Promise((resolve) => dialog.once('focus', resolve));
  await click();
  await refocused;
  console.log(`while it is open: ${await saves()} saves, dialog focused: ${dialog.isFocused()}`);

  // Closing is asynchronous (the page's beforeunload handlers run first), as in Electron.
  const closed = new Promise((resolve) => dialog.once('closed', resolve));
  dialog.close();
  await closed;
  await click();
  console.log(`after it closed: ${await saves()} saves`);
  app.quit();
});
