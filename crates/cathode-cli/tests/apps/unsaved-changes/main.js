// An editor whose page keeps the user from leaving unsaved work: main lets the page keep itself
// when it navigates away and when the window is closed, then overrides it.
const { app, BrowserWindow } = require('electron');

let asked = 0;

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 400, height: 300 });
  const contents = win.webContents;

  contents.on('will-prevent-unload', (event) => {
    asked += 1;
    console.log(`will-prevent-unload #${asked}`);
    if (asked === 3) event.preventDefault();
  });
  let navigations = 0;
  contents.on('did-navigate', (_event, url) => {
    navigations += 1;
    console.log(`did-navigate ${url.split('/').pop()}`);
  });

  await win.loadFile('index.html');
  console.log(`alert answered: ${await contents.executeJavaScript('greeted')}`);

  // Chromium asks a beforeunload handler only once the user has used the page.
  contents.sendInputEvent({ type: 'mouseDown', x: 20, y: 20, button: 'left', clickCount: 1 });
  contents.sendInputEvent({ type: 'mouseUp', x: 20, y: 20, button: 'left', clickCount: 1 });
  while (!(await contents.executeJavaScript('window.used === true'))) await pause(20);

  const leave = "location.href = 'saved.html'";
  await contents.executeJavaScript(leave);
  await waitFor(() => asked === 1);
  console.log(`still on: ${await contents.executeJavaScript('document.title')}`);

  win.close();
  await waitFor(() => asked === 2);
  console.log(`after close: ${await contents.executeJavaScript('document.title')}, destroyed=${win.isDestroyed()}`);

  await contents.executeJavaScript(leave);
  await waitFor(() => asked === 3);
  await waitFor(() => navigations === 2 && win.getTitle() === 'Saved');
  console.log(`now on: ${win.getTitle()}`);
  app.quit();
});

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition) {
  while (!condition()) await pause(20);
}
