// The remote module: the page opens a second window through remote, waits for it to load, and
// quits the app through remote. Main only prints what happens.
const { app, BrowserWindow, ipcMain } = require('electron');

app.on('browser-window-created', (event, win) => {
  console.log(`main: window ${win.id} created`);
});

ipcMain.on('status', (event, text) => console.log('page:', text));

app.on('quit', () => {
  console.log(`main: quitting with ${BrowserWindow.getAllWindows().length} windows open`);
});

app.whenReady().then(() => {
  new BrowserWindow({ width: 500, height: 400 }).loadFile('index.html');
});
