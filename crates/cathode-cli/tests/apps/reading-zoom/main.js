// A reader app with "larger text" and "actual size" commands: main zooms the page, which lays
// out its column again in the narrower width, and reports what the page and the getters see.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 800, height: 600 });
  await win.loadFile('index.html');
  const contents = win.webContents;
  const layout = () => contents.executeJavaScript('[innerWidth, document.body.dataset.layout]');
  // The page lays out again on its `resize` event, a moment after its width changed.
  const settled = (layout) =>
    contents.executeJavaScript(
      `new Promise((done) => { const check = () => document.body.dataset.layout === '${layout}' && done(); check(); setInterval(check, 20); })`,
    );
  const [width, before] = await layout();
  console.log(`actual size: ${before} layout, zoom factor ${contents.getZoomFactor()}`);

  contents.setZoomLevel(contents.getZoomLevel() + 1);
  contents.setZoomFactor(2);
  await settled('narrow');
  const [narrow, larger] = await layout();
  console.log(`larger text: ${larger} layout in ${narrow / width} of the width, zoom factor ${contents.getZoomFactor()}, level ${contents.getZoomLevel().toFixed(2)}`);

  try {
    contents.setZoomFactor(0);
  } catch (error) {
    console.log(`refused: ${error.message}`);
  }

  contents.setZoomLevel(0);
  await settled('wide');
  const [wide, back] = await layout();
  console.log(`actual size again: ${back} layout in ${wide / width} of the width, zoom factor ${contents.getZoomFactor()}`);
  app.quit();
});
