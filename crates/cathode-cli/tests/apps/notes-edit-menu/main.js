// A notes app whose Edit menu (here driven by the script, as its menu items would) types a
// template, duplicates the title into the body and undoes a mistake.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 600, height: 400 });
  await win.loadFile('index.html');
  const contents = win.webContents;
  const read = () => contents.executeJavaScript('[title.value, body.value]');
  const focus = (id) => contents.executeJavaScript(`document.getElementById('${id}').focus()`);
  const settle = () => contents.executeJavaScript('new Promise((done) => setTimeout(done, 0))');

  await focus('title');
  await contents.insertText('Shopping');
  contents.selectAll();
  contents.copy();
  await focus('body');
  contents.paste();
  contents.replace(': milk');
  await settle();
  console.log(`typed: ${JSON.stringify(await read())}`);

  contents.selectAll();
  contents.delete();
  await settle();
  console.log(`deleted: ${JSON.stringify(await read())}`);
  contents.undo();
  await settle();
  console.log(`undone: ${JSON.stringify(await read())}`);
  app.quit();
});
