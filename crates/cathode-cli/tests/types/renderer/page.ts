// A node-integrated page in TypeScript: IPC and the remote package.
import { ipcRenderer, IpcRendererEvent } from 'electron';
import remote = require('@electron/remote');

const count: number = ipcRenderer.sendSync('count');
ipcRenderer.on('tick', (event: IpcRendererEvent, n: number) => console.log(event.senderId, n, count));
void ipcRenderer.invoke('add', 1, 2).then((sum: number) => document.title = String(sum));
console.log(remote.getGlobal('settings'), remote.getCurrentWindow());

// @ts-expect-error: invoke answers with a promise, not a value
const sum: number = ipcRenderer.invoke('add', 1, 2);
// @ts-expect-error: listeners are functions
ipcRenderer.on('tick', 'listener');
