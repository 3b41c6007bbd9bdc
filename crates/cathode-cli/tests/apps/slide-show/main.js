// A main script whose page presents its slides full screen (the page asks, with
// requestFullscreen), and which zooms the slides itself when the user turns the wheel with Ctrl.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 500, height: 400 });
  const contents = win.webContents;
  await win.loadFile('index.html');
  const next = (emitter, name) => new Promise((resolve) => emitter.once(name, () => resolve(name)));
  for (const name of ['enter-html-full-screen', 'leave-html-full-screen', 'enter-full-screen', 'leave-full-screen']) {
    win.on(name, () => console.log(`window: ${name}`));
  }
  contents.on('enter-html-full-screen', () => console.log('contents: enter-html-full-screen'));
  contents.on('leave-html-full-screen', () => console.log('contents: leave-html-full-screen'));

  // The window's own event comes last.
  let entered = next(win, 'enter-full-screen');
  await contents.executeJavaScript("document.getElementById('slide').requestFullscreen()");
  await entered;
  console.log(`full screen: ${win.isFullScreen()}`);
  let left = next(win, 'leave-full-screen');
  await contents.executeJavaScript('document.exitFullscreen()');
  await left;
  console.log(`full screen: ${win.isFullScreen()}`);

  entered = next(win, 'enter-full-screen');
  await contents.executeJavaScript("document.getElementById('slide').requestFullscreen()");
  await entered;
  // Here the window leaves first, then the page.
  left = next(contents, 'leave-html-full-screen');
  win.setFullScreen(false);
  await left;
  console.log(`page full screen after setFullScreen(false): ${await contents.executeJavaScript('document.fullscreenElement !== null')}`);

  contents.on('zoom-changed', (event, direction) => {
    contents.setZoomFactor(contents.getZoomFactor() + (direction === 'in' ? 0.5 : -0.5));
    console.log(`zoom-changed ${direction}: factor ${contents.getZoomFactor()}`);
  });
  // One turn at a time: the browser may merge wheel events that wait in its queue.
  for (const deltaY of [-100, -100, 100]) {
    const asked = next(contents, 'zoom-changed');
    await contents.sendInputEvent({ type: 'mouseWheel', x: 50, y: 50, deltaY, modifiers: ['control'] });
    await asked;
  }
  app.quit();
});
