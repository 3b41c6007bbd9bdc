// A notes viewer with a find bar: main searches the page as its user types and steps through the
// matches, as apps do with Ctrl+F.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 600, height: 400 });
  const contents = win.webContents;
  const results = [];
  contents.on('found-in-page', (_event, result) => {
    results.push(result);
    console.log(
      `request ${result.requestId}: ${result.activeMatchOrdinal} of ${result.matches}` +
        `${result.finalUpdate ? ' (final)' : ''}`,
    );
  });
  await win.loadFile('index.html');

  const waitFor = async (count) => {
    while (results.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const first = contents.findInPage('notes', { findNext: true });
  await waitFor(1);
  contents.findInPage('notes');
  contents.findInPage('notes', { forward: false });
  await waitFor(3);
  contents.findInPage('Notes', { findNext: true, matchCase: true });
  await waitFor(4);
  console.log(`first id: ${first}, selected: ${await contents.executeJavaScript('getSelection().toString()')}`);
  contents.stopFindInPage('clearSelection');
  try {
    contents.findInPage('');
  } catch (error) {
    console.log(`empty: ${error.message}`);
  }
  try {
    contents.stopFindInPage('forget');
  } catch (error) {
    console.log(`bad action: ${error.constructor.name}`);
  }
  app.quit();
});
