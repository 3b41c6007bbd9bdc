// Links that leave the app open in the user's browser; the app's own pages open in a small
// window of the app; a window the page names "broken" makes the handler throw (and is denied).
const { app, BrowserWindow, shell } = require('electron');

app.whenReady().then(() => {
  const win = new BrowserWindow({ width: 640, height: 480 });

  win.webContents.setWindowOpenHandler(({ url, frameName, disposition }) => {
    console.log(`asked: ${frameName || '(no name)'} ${disposition} ${url.replace(/^file:.*\//, '')}`);
    if (frameName === 'broken') throw new Error('this handler does not like broken windows');
    if (url.startsWith('https:')) {
      shell.openExternal(url).then(() => console.log('opened externally'));
      return { action: 'deny' };
    }
    return { action: 'allow', overrideBrowserWindowOptions: { width: 320, height: 240 } };
  });

  win.webContents.on('did-create-window', async (child, details) => {
    const title = await child.webContents.executeJavaScript(
      `new Promise((done) => document.readyState === 'complete'
        ? done(document.title)
        : addEventListener('load', () => done(document.title)))`,
    );
    console.log(`created: "${title}" for ${details.frameName}, windows: ${BrowserWindow.getAllWindows().length}`);
    app.quit();
  });

  // Each like a click of the user's (a click opens one window).
  win.webContents.on('did-finish-load', async () => {
    await win.webContents.executeJavaScript(`document.getElementById('docs').click()`);
    await win.webContents.executeJavaScript(`void window.open('about.html', 'broken', 'width=100')`);
    await win.webContents.executeJavaScript(`document.getElementById('about').click()`);
  });
  win.loadFile('index.html');
});
