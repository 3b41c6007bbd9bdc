// Two windows that talk on a channel main set up, and a page that asks main for a calculator on
// a port of its own, in the manner of Electron's MessagePorts tutorial. While the two pages talk,
// this script keeps its thread busy: their messages never need it.
const { app, BrowserWindow, ipcMain, MessageChannelMain } = require('electron');
const path = require('path');

function open() {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { preload: path.join(__dirname, 'preload.js') },
  });
  const loaded = new Promise((resolve) => window.webContents.once('did-finish-load', resolve));
  window.loadFile('index.html');
  return { window, loaded };
}

// main <-> page: the page hands main one end of a channel it made; main answers on it.
ipcMain.on('calculator', (event, request) => {
  const [port] = event.ports;
  console.log(`main got a ${request} port: ${port.constructor.name}`);
  port.on('message', ({ data }) => {
    if (data === 'done') {
      port.close();
      return;
    }
    port.postMessage({ n: data, squared: data * data });
  });
  port.start();
});

ipcMain.on('report', (event, lines) => {
  for (const line of lines) console.log(line);
  app.quit();
});

app.whenReady().then(async () => {
  const left = open();
  const right = open();
  await Promise.all([left.loaded, right.loaded]);

  // page <-> page: each window gets one end.
  const { port1, port2 } = new MessageChannelMain();
  let seenByMain = 0;
  port1.on('message', () => seenByMain++);
  left.window.webContents.postMessage('peer', { me: 'left', peer: 'right' }, [port1]);
  right.window.webContents.postMessage('peer', { me: 'right', peer: 'left' }, [port2]);
  try {
    right.window.webContents.postMessage('peer', { me: 'right', peer: 'left' }, [port1]);
  } catch (error) {
    console.log(`posting a port that left main: ${error.message}`);
  }

  // Busy until the right page says (in its title) that the left one's messages all came.
  const safetyNet = Date.now() + 120000;
  while (right.window.getTitle() !== 'right: 3 from left' && Date.now() < safetyNet) {
    // the script's thread is never free
  }
  console.log(`while main was busy: ${right.window.getTitle()}; main saw ${seenByMain} of them`);
  left.window.webContents.send('ask-calculator');
});
