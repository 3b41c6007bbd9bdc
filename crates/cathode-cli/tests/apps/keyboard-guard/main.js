// A main script that keeps Ctrl+Q from its page (the app quits on it instead, as a menu
// accelerator would), lets every other key through, and survives a listener that throws.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 400, height: 300 });
  const contents = win.webContents;
  await win.loadFile('index.html');
  contents.on('before-input-event', (event, input) => {
    console.log(`main: ${input.type} ${input.key} ${input.code} [${input.modifiers.join(',')}]`);
    if (input.control && input.key.toLowerCase() === 'q') event.preventDefault();
  });
  contents.on('before-input-event', (event, input) => {
    if (input.key === 'x') throw new Error('the second listener broke');
  });
  const press = async (keyCode, modifiers = []) => {
    await contents.sendInputEvent({ type: 'keyDown', keyCode, modifiers });
    await contents.sendInputEvent({ type: 'keyUp', keyCode, modifiers });
  };
  await press('Q', ['control']);
  await press('S', ['control']);
  await press('X');
  console.log(`page heard: ${(await contents.executeJavaScript('heard')).join(', ')}`);
  app.quit();
});
