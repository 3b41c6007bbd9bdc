// A main window that watches a second one: the page asks main for a notes window, and main tells
// the page whenever that window gains or loses focus or closes. Links in the main page open in
// the user's browser, never in the app. Main plays the user: it clicks, switches windows, closes.
const { app, BrowserWindow, ipcMain, shell } = require('electron/main');
const path = require('node:path');

let mainWindow;
let notesWindow;

function openNotes() {
  if (notesWindow) {
    notesWindow.focus();
    return;
  }
  notesWindow = new BrowserWindow({ width: 500, height: 300 });
  notesWindow.loadFile('notes.html');
  notesWindow.on('focus', () => mainWindow.webContents.send('notes:changed', 'focused'));
  notesWindow.on('blur', () => mainWindow.webContents.send('notes:changed', 'blurred'));
  notesWindow.on('closed', () => {
    notesWindow = undefined;
    mainWindow.webContents.send('notes:changed', 'closed');
  });
}

ipcMain.on('notes:open', openNotes);

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What the page shows, once it shows `wanted` last.
async function pageShows(wanted) {
  for (;;) {
    const shown = await mainWindow.webContents.executeJavaScript('window.history_()');
    if (shown.at(-1) === wanted) return shown;
    await pause(20);
  }
}

app.whenReady().then(() => {
  mainWindow = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  let openedOutside;
  const linkOpened = new Promise((resolve) => { openedOutside = resolve; });
  mainWindow.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    shell.openExternal(url).then(
      () => openedOutside(`opened outside: ${url}`),
      (error) => openedOutside(`could not open it: ${error.message}`),
    );
  });
  mainWindow.webContents.once('did-finish-load', async () => {
    const click = (id) => mainWindow.webContents.executeJavaScript(`document.getElementById('${id}').click()`);
    await click('open');
    await pageShows('focused');
    mainWindow.focus();
    await pageShows('blurred');
    await click('open'); // a second click focuses the open window
    await pageShows('focused');
    notesWindow.close();
    console.log(`notes window: ${(await pageShows('closed')).join(', ')}`);
    await click('docs');
    console.log(await linkOpened);
    console.log(`main page still at ${path.basename(new URL(mainWindow.webContents.getURL()).pathname)}`);
    app.quit();
  });
  mainWindow.loadFile('index.html');
});
