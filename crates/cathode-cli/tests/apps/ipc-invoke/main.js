// Page to main and back: the page asks for a note, main reads it from a file and answers through
// invoke/handle; a note that does not exist comes back as an error the page shows.
const { app, BrowserWindow, ipcMain } = require('electron/main');
const fs = require('node:fs/promises');
const path = require('node:path');

ipcMain.handle('notes:read', async (event, name) => {
  const text = await fs.readFile(path.join(__dirname, 'notes', `${name}.txt`), 'utf8');
  return text.trim();
});

async function shown(contents) {
  for (;;) {
    const text = await contents.executeJavaScript(`document.getElementById('note').innerText`);
    if (text) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  win.webContents.on('did-finish-load', async () => {
    for (const name of ['groceries', 'missing']) {
      await win.webContents.executeJavaScript(`
        document.getElementById('note').innerText = '';
        document.getElementById('name').value = ${JSON.stringify(name)};
        document.getElementById('open').click();
      `);
      console.log(`${name}: ${await shown(win.webContents)}`);
    }
    app.quit();
  });
  win.loadFile('index.html');
});
