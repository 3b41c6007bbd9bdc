// A window's tools as an app uses them: a screenshot of the page (whole and a part, as PNG and
// JPEG), the page saved as PDF, back and forward through the pages it showed, and what happens
// when the window is gone.
const { app, BrowserWindow } = require('electron');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const hex = (bytes, n) => [...bytes.subarray(0, n)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits for the page to show `name`: a minute at most, as a slow build on a busy machine may take
// seconds for a navigation.
async function urlEndsWith(contents, name) {
  const giveUp = Date.now() + 60000;
  while (!contents.getURL().endsWith(name) && Date.now() < giveUp) await sleep(10);
  return contents.getURL().endsWith(name);
}

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 500, height: 400 });
  const contents = win.webContents;
  await win.loadFile('first.html');

  const shot = await contents.capturePage();
  const [width, height] = await contents.executeJavaScript('[innerWidth, innerHeight]');
  const size = shot.getSize();
  console.log(`capture: ${size.width === width && size.height === height ? 'viewport size' : `${size.width}x${size.height}`}, empty ${shot.isEmpty()}`);
  console.log(`png: ${hex(shot.toPNG(), 4)}, jpeg: ${hex(shot.toJPEG(80), 3)}`);
  console.log(`data url: ${shot.toDataURL().slice(0, 22)}`);
  const part = await contents.capturePage({ x: 0, y: 0, width: 20, height: 10 });
  console.log(`part: ${JSON.stringify(part.getSize())}`);
  try {
    part.toJPEG(101);
  } catch (error) {
    console.log(`bad quality: ${error.message}`);
  }

  await win.loadFile('second.html');
  const pdf = await contents.printToPDF({ landscape: true, pageSize: 'A5', printBackground: true });
  const file = path.join(os.tmpdir(), `page-tools-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  console.log(`pdf: ${fs.readFileSync(file).subarray(0, 5).toString()} (${pdf.length > 500 ? 'has content' : 'tiny'})`);
  fs.unlinkSync(file);
  await contents.printToPDF({ pageSize: 'A9' }).catch((error) => console.log(`bad page size: ${error.message}`));

  const history = contents.navigationHistory;
  console.log(`history: ${history.getAllEntries().map((entry) => entry.title || '(blank)').join(', ')}; back ${history.canGoBack()}, forward ${history.canGoForward()}`);
  history.goBack();
  console.log(`back at first: ${await urlEndsWith(contents, 'first.html')}, forward ${history.canGoForward()}`);
  history.goForward();
  console.log(`forward at second: ${await urlEndsWith(contents, 'second.html')}`);

  win.destroy();
  await contents.capturePage().catch((error) => console.log(`closed window: ${error.message}`));
  app.quit();
});
