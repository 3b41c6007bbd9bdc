// A presentation window set up through Electron's window properties rather than their methods:
// a fixed size, no full screen (the presenter wants the window, not the screen), a title.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 640, height: 480, fullscreenable: false });
  await win.loadURL('data:text/html,<title>Slides</title><h1>Slide 1</h1>');
  win.resizable = false;
  win.title = 'Presenter view';
  console.log(`title: ${win.title}, resizable: ${win.resizable}, fullScreenable: ${win.fullScreenable}`);
  win.fullScreen = true;
  console.log(`asked for full screen: ${win.fullScreen}`);
  win.fullScreenable = true;
  win.fullScreen = true;
  console.log(`allowed, then asked: ${win.isFullScreen()}`);
  win.setFullScreen(false);

  // The presenter clicks back into the slides: the page hears it too.
  const pageFocused = new Promise((resolve) => win.webContents.once('focus', resolve));
  win.blur();
  console.log(`blurred: window ${win.isFocused()}, page ${win.webContents.isFocused()}`);
  win.focus();
  await pageFocused;
  console.log(`page focused: ${win.webContents.isFocused()}`);
  app.quit();
});
