// Asynchronous IPC both ways: the page pings main, main replies; main greets the page once it
// has loaded, the page answers. Quits when both exchanges are done.
const { app, BrowserWindow, ipcMain } = require('electron');

let exchanges = 0;
function exchanged() {
  exchanges += 1;
  if (exchanges === 2) {
    console.log('both exchanges done');
    app.quit();
  }
}

ipcMain.on('ping', (event, text) => {
  console.log('main <- page:', text);
  event.reply('pong', `pong for ${text}`);
});

ipcMain.on('greeting-answer', (event, answer) => {
  console.log('main <- page:', answer);
  exchanged();
});

ipcMain.on('pong-received', (event, text) => {
  console.log('main <- page: the page got', JSON.stringify(text));
  exchanged();
});

app.whenReady().then(() => {
  const win = new BrowserWindow({ width: 500, height: 400, title: 'async IPC' });
  win.webContents.on('did-finish-load', () => {
    console.log('main -> page: greeting');
    win.webContents.send('greeting', 'hello page', 42);
  });
  win.loadFile('index.html');
});

app.on('window-all-closed', () => app.quit());
