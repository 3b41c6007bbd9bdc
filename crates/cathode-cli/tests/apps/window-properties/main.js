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
  app.quit();
});
