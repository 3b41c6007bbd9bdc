// A floating tool palette: a child of the editor window that stays above it, out of the
// taskbar, at a fixed size. Headful on X11 the window manager gets each hint; here the state.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const editor = new BrowserWindow({ width: 800, height: 600 });
  const palette = new BrowserWindow({
    parent: editor,
    width: 200,
    height: 400,
    alwaysOnTop: true,
    skipTaskbar: true,
    resizable: false,
  });
  await palette.loadURL('data:text/html,<title>Palette</title>');
  const parent = palette.getParentWindow();
  console.log(`child of the editor: ${parent !== null && parent.id === editor.id}`);
  console.log(`on top: ${palette.isAlwaysOnTop()}, resizable: ${palette.isResizable()}`);
  // The user docks the palette: back in the taskbar, no longer above everything.
  palette.setSkipTaskbar(false);
  palette.setAlwaysOnTop(false);
  palette.setResizable(true);
  console.log(`docked: on top ${palette.isAlwaysOnTop()}, resizable ${palette.isResizable()}`);
  app.quit();
});
