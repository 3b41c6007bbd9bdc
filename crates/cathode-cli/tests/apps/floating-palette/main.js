// A floating tool palette: a child of the editor window that stays above it, out of the
// taskbar, at a fixed size. With an X display (XPROP set), it also reads what the window
// manager is told: `xprop` of its own windows, found by title with `xwininfo`.
const { app, BrowserWindow } = require('electron');
const { execFileSync } = require('child_process');

// The X11 window titled `title` (`xwininfo -root -tree` lists `0x... "title": ...`).
const windowId = (title) => {
  const tree = execFileSync('xwininfo', ['-root', '-tree'], { encoding: 'utf8' });
  const line = tree.split('\n').find((line) => line.includes(`"${title}"`));
  return line && line.trim().split(' ')[0];
};

// Asks `check` every 50 ms until it answers, for at most a minute (a safety net).
const eventually = async (check) => {
  for (let tries = 0; tries < 1200; tries += 1) {
    const answer = check();
    if (answer) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('never saw it');
};

app.whenReady().then(async () => {
  const editor = new BrowserWindow({ width: 800, height: 600 });
  await editor.loadURL('data:text/html,<title>Editor</title>');
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
  if (process.env.XPROP) {
    const [editorId, paletteId] = await eventually(() => {
      const ids = [windowId('Editor'), windowId('Palette')];
      return ids.every(Boolean) && ids;
    });
    const told = await eventually(() => {
      const props = execFileSync('xprop', ['-id', paletteId], { encoding: 'utf8' });
      const above = props.includes('_NET_WM_STATE_ABOVE');
      const skip = props.includes('_NET_WM_STATE_SKIP_TASKBAR');
      const transient = props.match(/WM_TRANSIENT_FOR\(WINDOW\): window id # (0x[0-9a-f]+)/);
      const fixed = props.includes('minimum size: 200 by 400') && props.includes('maximum size: 200 by 400');
      return above && skip && fixed && transient && Number(transient[1]) === Number(editorId) && props;
    });
    console.log(`the window manager is told: ${told.length > 0}`);
  }
  // The user docks the palette: back in the taskbar, no longer above everything.
  palette.setSkipTaskbar(false);
  palette.setAlwaysOnTop(false);
  palette.setResizable(true);
  console.log(`docked: on top ${palette.isAlwaysOnTop()}, resizable ${palette.isResizable()}`);
  app.quit();
});
