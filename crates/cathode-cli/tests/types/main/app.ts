// A main script in TypeScript against cathode's declarations: what compiles, and, marked with
// an expect-error directive, what the declarations must refuse (tsc fails if such a line
// compiles).
import { app, BrowserWindow, ipcMain, IpcMainEvent } from 'electron';
import remoteMain = require('@electron/remote/main');

// Node's globals come from @types/node in a real project; this check needs only console.
declare const console: { log(...values: unknown[]): void };

remoteMain.initialize();

app.whenReady().then(() => {
  const win = new BrowserWindow({ width: 640, show: false, webPreferences: { preload: '/app/preload.js', sandbox: true } });
  remoteMain.enable(win.webContents);
  win.webContents.on('did-fail-load', (_event, code, description) => console.log(code.toFixed(), description.trim()));
  void win.loadFile('index.html');
  const bounds = win.getBounds();
  win.setBounds({ width: bounds.width + 10 });
  const child = new BrowserWindow({ parent: win, minWidth: 300, center: true });
  child.on('maximize', () => console.log(child.isMaximized(), child.getSize()[0].toFixed()));
  child.maximize();
  const [x, y] = child.getPosition();
  child.setPosition(x + 1, y);
  console.log(child.getParentWindow() === win, win.getChildWindows().length);
  const settings: string = app.getPath('userData');
  console.log(settings, BrowserWindow.getAllWindows().length);
});

ipcMain.on('ping', (event: IpcMainEvent, text: string) => {
  event.returnValue = text.length;
  event.reply('pong', text);
});
ipcMain.handle('add', (_event, a: number, b: number) => a + b);

// @ts-expect-error: not a folder Electron knows
app.getPath('downloadz');
// @ts-expect-error: loadFile takes a path
void new BrowserWindow().loadFile(42);
// @ts-expect-error: webPreferences.sandbox is a boolean
new BrowserWindow({ webPreferences: { sandbox: 'yes' } });
// @ts-expect-error: handle's handler is a function
ipcMain.handle('add', 'not a function');
// @ts-expect-error: setSize takes numbers
new BrowserWindow().setSize('wide', 10);
// @ts-expect-error: a parent is a window
new BrowserWindow({ parent: 1 });
// @ts-expect-error: enable takes a webContents
remoteMain.enable(1);
