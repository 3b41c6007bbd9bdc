// A main script that drives its page as a person would (a click on a button, typing into a
// field), gives its requests its own user agent, restyles the page and asks for DevTools.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 400, height: 300 });
  const contents = win.webContents;
  await win.loadFile('index.html');
  console.log(`browser agent: ${/Chrome\//.test(contents.getUserAgent()) ? 'Chrome' : contents.getUserAgent()}`);
  contents.setUserAgent('FormFiller/1.0');
  console.log(`agent now: ${contents.getUserAgent()}`);
  await win.loadFile('index.html');
  console.log(`page sees: ${await contents.executeJavaScript('navigator.userAgent')}`);

  await contents.sendInputEvent({ type: 'mouseDown', x: 60, y: 40, button: 'left', clickCount: 1 });
  await contents.sendInputEvent({ type: 'mouseUp', x: 60, y: 40, button: 'left', clickCount: 1 });
  await contents.sendInputEvent({ type: 'mouseDown', x: 30, y: 110 });
  await contents.sendInputEvent({ type: 'mouseUp', x: 30, y: 110 });
  for (const letter of 'Ada') {
    await contents.sendInputEvent({ type: 'keyDown', keyCode: letter });
    await contents.sendInputEvent({ type: 'char', keyCode: letter });
    await contents.sendInputEvent({ type: 'keyUp', keyCode: letter });
  }
  const [clicks, typed] = await contents.executeJavaScript(
    "[window.clicks, document.getElementById('name').value]",
  );
  console.log(`${clicks.join(', ')}; typed "${typed}"`);
  contents.sendInputEvent({ type: 'swipe' });

  const key = await contents.insertCSS('body { background: rgb(10, 20, 30) }');
  const colour = () => contents.executeJavaScript('getComputedStyle(document.body).backgroundColor');
  console.log(`with the sheet: ${await colour()}`);
  await contents.removeInsertedCSS(key);
  console.log(`without: ${await colour()}`);

  // Run headless, DevTools have nowhere to show: asking changes nothing and never hangs.
  contents.openDevTools();
  contents.toggleDevTools();
  console.log(`devtools open: ${contents.isDevToolsOpened()}`);
  setTimeout(() => app.quit(), 100);
});
