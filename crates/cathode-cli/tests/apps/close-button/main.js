// A notes window with its own Close button (the page calls window.close()): main keeps the
// window open while the note is not saved, saves it, and lets the next close go.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 400, height: 300 });
  let saved = false;
  let closes = 0;
  win.on('close', (event) => {
    closes += 1;
    console.log(`close #${closes}, saved=${saved}`);
    if (!saved) {
      event.preventDefault();
      saved = true;
    }
  });
  win.on('closed', () => console.log('closed'));
  app.on('window-all-closed', () => {
    console.log('window-all-closed');
    app.quit();
  });

  await win.loadFile('index.html');
  const pressClose = "document.getElementById('close').click()";
  await win.webContents.executeJavaScript(pressClose);
  await waitFor(() => closes === 1);
  const title = await win.webContents.executeJavaScript('document.title');
  console.log(`still open: ${title}, destroyed=${win.isDestroyed()}`);
  await win.webContents.executeJavaScript(pressClose);
});

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition) {
  while (!condition()) await pause(20);
}
