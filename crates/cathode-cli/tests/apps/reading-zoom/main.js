// A reader app with "larger text" and "actual size" commands: main zooms the page, which lays
// out its column again in the narrower width, and reports what the page and the getters see.
const { app, BrowserWindow } = require('electron');

app.whenReady().then(async () => {
  const win = new BrowserWindow({ width: 800, height: 600 });
  await win.loadFile('index.html');
  const contents = win.webContents;
  const layout = () => contents.executeJavaScript('[innerWidth, document.body.dataset.layout]');
  const settled = (width) =>
    contents.executeJavaScript(
      `new Promise((done) => { const check = () => innerWidth === ${width} && done(); check(); addEventListener('resize', check); })`,
    );
  const [width, before] = await layout();
  console.log(`actual size: ${before} layout, zoom factor ${contents.getZoomFactor()}`);

  contents.setZoomLevel(contents.getZoomLevel() + 1);
  contents.setZoomFactor(2);
  await settled(width / 2);
  const [, larger] = await layout();
  console.log(`larger text: ${larger} layout, zoom factor ${contents.getZoomFactor()}, level ${contents.getZoomLevel().toFixed(2)}`);

  try {
    contents.setZoomFactor(0);
  } catch (error) {
    console.log(`refused: ${error.message}`);
  }

  contents.setZoomLevel(0);
  await settled(width);
  const [, back] = await layout();
  console.log(`actual size again: ${back} layout, zoom factor ${contents.getZoomFactor()}`);
  app.quit();
});
