// A window that main drives through its states, as an app's "zoom", "full screen" and "minimise"
// menu items would, printing what the getters answer and which events arrived.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(() => {
  const win = new BrowserWindow({ width: 500, height: 400, x: 10, y: 20, minWidth: 300 });
  const events = [];
  for (const name of ['maximize', 'unmaximize', 'minimize', 'restore', 'enter-full-screen', 'leave-full-screen', 'blur']) {
    win.on(name, () => events.push(name));
  }
  const maximized = new Promise((resolve) => win.once('maximize', resolve));
  // Right after `new`, before the window is open: the getters already see it.
  win.maximize();
  console.log(`opening: maximized ${win.isMaximized()}`);

  win.webContents.once('did-finish-load', async () => {
    await maximized;
    const normal = win.getNormalBounds();
    console.log(`loaded: maximized ${win.isMaximized()}, normal ${normal.width}x${normal.height} at ${normal.x},${normal.y}`);
    win.unmaximize();
    console.log(`unmaximized: ${win.isMaximized()}, size ${win.getSize()}, position ${win.getPosition()}`);
    win.setSize(100, 250);
    console.log(`kept to the minimum width: ${win.getSize()}`);
    for (const bad of [() => win.setSize(NaN, 1), () => win.setPosition(1.5, 1), () => win.setSize(-1, 1)]) {
      try {
        bad();
      } catch (error) {
        console.log(`${error.name}: ${error.message}`);
      }
    }
    console.log(`unchanged: ${win.getSize()}, ${win.getPosition()}`);

    const child = new BrowserWindow({ parent: win, show: false, backgroundColor: '#2b2b2b' });
    console.log(`child's parent is the window: ${child.getParentWindow() === win}`);
    console.log(`backgrounds: ${win.getBackgroundColor()} and ${child.getBackgroundColor()}`);

    win.setFullScreen(true);
    const fullScreen = win.isFullScreen();
    win.setFullScreen(false);
    console.log(`full screen: ${fullScreen}, then ${win.isFullScreen()}`);
    win.minimize();
    const minimized = win.isMinimized();
    win.restore();
    console.log(`minimized: ${minimized}, then ${win.isMinimized()}`);
    win.once('blur', () => {
      console.log(`events: ${events.join(' ')}`);
      console.log(`focused after blur: ${BrowserWindow.getFocusedWindow()}`);
      app.quit();
    });
    win.blur();
  });
  win.loadFile('index.html');
});
