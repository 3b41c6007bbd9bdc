// A window created hidden and shown once its page has rendered, so the user never sees it
// blank; the window keeps its own title while the page has another; a transcript of the page's
// loading events.
const { app, BrowserWindow } = require('electron');

function until(condition) {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 10));
    check();
  });
}

const whenVisible = (win) => until(() => win.isVisible());

app.whenReady().then(() => {
  const win = new BrowserWindow({ show: false, title: 'My App' });
  const contents = win.webContents;
  const events = [];
  contents.on('did-start-loading', () => events.push('did-start-loading'));
  contents.on('did-start-navigation', (event, url, isInPlace, isMainFrame) => {
    events.push(`did-start-navigation ${url.split('/').pop()} inPlace=${isInPlace} main=${isMainFrame}`);
  });
  contents.on('did-navigate', (event, url, httpResponseCode) => {
    events.push(`did-navigate ${url.split('/').pop()} ${httpResponseCode}`);
  });
  contents.on('did-navigate-in-page', (event, url, isMainFrame) => {
    events.push(`did-navigate-in-page ${url.split('/').pop()} main=${isMainFrame}`);
  });
  contents.on('did-stop-loading', () => events.push(`did-stop-loading loading=${contents.isLoading()}`));

  win.on('page-title-updated', (event, title, explicitSet) => {
    console.log(`page-title-updated: ${title} explicitSet=${explicitSet}`);
    event.preventDefault();
  });

  let ready = 0;
  win.once('ready-to-show', async () => {
    ready += 1;
    console.log(`ready-to-show: visible=${win.isVisible()}`);
    win.show();
    await whenVisible(win);
    console.log(`shown: visible=${win.isVisible()}`);
  });

  win.loadFile('index.html').then(async () => {
    await whenVisible(win);
    // The page's in-page navigation and the last stop come in after the load: wait for them.
    await until(() => events.some((line) => line.startsWith('did-navigate-in-page')) && events.at(-1).startsWith('did-stop-loading'));
    console.log(`window title: ${win.getTitle()}; page title: ${contents.getTitle()}`);
    console.log(`ready-to-show count: ${ready}`);
    for (const line of events) console.log(line);
    app.quit();
  });
});
