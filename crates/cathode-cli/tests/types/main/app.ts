// A main script in TypeScript against cathode's declarations: what compiles, and, marked with
// an expect-error directive, what the declarations must refuse (tsc fails if such a line
// compiles).
import {
  app, BrowserWindow, ipcMain, IpcMainEvent, shell, clipboard, dialog, Notification, nativeTheme,
  nativeImage, screen, powerSaveBlocker, webContents,
} from 'electron';
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
  win.webContents.setWindowOpenHandler(({ url, disposition }) =>
    url.startsWith('https:') && disposition !== 'new-window'
      ? { action: 'deny' }
      : { action: 'allow', overrideBrowserWindowOptions: { width: 320 } },
  );
  win.webContents.on('did-create-window', (child, details) => console.log(child.id, details.frameName));
  void win.webContents.capturePage({ x: 0, y: 0, width: 10, height: 10 }).then((image) => console.log(image.getSize().width, image.toJPEG(80).length));
  void win.webContents.printToPDF({ landscape: true, pageSize: 'A4', margins: { top: 0.5 } });
  if (win.webContents.navigationHistory.canGoBack()) win.webContents.navigationHistory.goBack();
  win.webContents.sendInputEvent({ type: 'mouseDown', x: 10, y: 10, button: 'left', clickCount: 1 });
  win.webContents.sendInputEvent({ type: 'char', keyCode: 'a', modifiers: ['shift'] });
  void win.webContents.insertCSS('body { color: red }').then((key) => win.webContents.removeInsertedCSS(key));
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

const shown = new BrowserWindow({ show: false });
shown.once('ready-to-show', () => shown.show());
shown.on('page-title-updated', (event, title: string) => {
  if (title.length > 0) event.preventDefault();
});
shown.webContents.on('will-navigate', (event, url) => {
  if (event.url !== url || !event.isMainFrame) event.preventDefault();
});
shown.webContents.on('did-navigate', (_event, url, code: number) => console.log(url, code.toFixed()));
console.log(shown.webContents.isLoading());
// @ts-expect-error: isLoading takes nothing
shown.webContents.isLoading(true);

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
// @ts-expect-error: a window-open handler answers with an action
new BrowserWindow().webContents.setWindowOpenHandler(() => ({ action: 'maybe' }));
// @ts-expect-error: a paper size Electron does not know
void new BrowserWindow().webContents.printToPDF({ pageSize: 'A9' });
// @ts-expect-error: a key event names its key
new BrowserWindow().webContents.sendInputEvent({ type: 'keyDown' });

// The desktop modules.
void shell.openExternal('https://example.com').then(() => shell.openPath('/tmp')).then((error) => console.log(error.length));
clipboard.writeText('copied');
console.log(clipboard.readText().length, clipboard.readImage().getSize().width);
clipboard.write({ text: 'plain', html: '<b>rich</b>', image: nativeImage.createFromPath('/app/icon.png') });
void dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'], filters: [{ name: 'Text', extensions: ['txt'] }] })
  .then(({ canceled, filePaths }) => console.log(canceled, filePaths.join()));
const answer: number = dialog.showMessageBoxSync(new BrowserWindow(), { message: 'Save?', buttons: ['Yes', 'No'] });
const savedTo: string = dialog.showSaveDialogSync({ defaultPath: 'notes.txt' });
console.log(answer, savedTo);
if (Notification.isSupported()) {
  const note = new Notification({ title: 'Done', body: 'Saved', urgency: 'low' });
  note.on('failed', (_event, error) => console.log(error.trim()));
  note.show();
}
nativeTheme.themeSource = 'dark';
nativeTheme.on('updated', () => console.log(nativeTheme.shouldUseDarkColors));
const { workArea, scaleFactor } = screen.getPrimaryDisplay();
console.log(workArea.width, scaleFactor, screen.getCursorScreenPoint().x);
const blocker = powerSaveBlocker.start('prevent-display-sleep');
powerSaveBlocker.stop(blocker);

// @ts-expect-error: openExternal takes a URL string
void shell.openExternal(new URL('https://example.com'));
// @ts-expect-error: not a theme source
nativeTheme.themeSource = 'sepia';
// @ts-expect-error: a message box needs its message
void dialog.showMessageBox({ buttons: ['OK'] });
// @ts-expect-error: not a dialog property
void dialog.showOpenDialog({ properties: ['openEverything'] });
// @ts-expect-error: not a blocker type
powerSaveBlocker.start('prevent-sleep');
// @ts-expect-error: a clipboard image has no JPEG form here
clipboard.readImage().toJPEG(80);

// The webContents module.
for (const contents of webContents.getAllWebContents()) contents.send('theme', 'dark');
console.log(webContents.fromId(1)?.getURL(), webContents.getFocusedWebContents()?.id);
// @ts-expect-error: fromId may find nothing
webContents.fromId(1).getURL();
// MessagePorts: main's channel, a port handed to a page, ports a page sent.
import { MessageChannelMain, MessagePortMain } from 'electron';
const { port1, port2 } = new MessageChannelMain();
port1.on('message', ({ data, ports }) => console.log(data, ports.length));
port1.on('close', () => console.log('closed'));
port1.start();
new BrowserWindow().webContents.postMessage('port', { hello: 1 }, [port2]);
ipcMain.on('port', (event) => {
  const ports: MessagePortMain[] = event.ports;
  ports[0].postMessage('thanks');
  ports[0].close();
});
// @ts-expect-error: only ports can be transferred
port1.postMessage('x', ['not a port']);
// @ts-expect-error: webContents.postMessage names a channel
new BrowserWindow().webContents.postMessage({ hello: 1 });

// Members Electron defines on Linux as no-ops.
app.addRecentDocument('/tmp/notes.txt');
const edited: boolean = new BrowserWindow().isDocumentEdited();
console.log(edited, app.getRecentDocuments().length);
// @ts-expect-error: a represented file is a path
new BrowserWindow().setRepresentedFilename(1);

// Finding in the page, and a page that asks to stay.
const finder = new BrowserWindow().webContents;
finder.on('found-in-page', (_event, result) => console.log(result.activeMatchOrdinal, result.matches, result.selectionArea.width));
const request: number = finder.findInPage('notes', { findNext: true, matchCase: false });
finder.stopFindInPage('keepSelection');
finder.on('will-prevent-unload', (event) => event.preventDefault());
console.log(request);
// @ts-expect-error: not an action stopFindInPage knows
finder.stopFindInPage('forget');
