// A preload in TypeScript against cathode's declarations.
import { contextBridge, ipcRenderer } from 'electron/renderer';

contextBridge.exposeInMainWorld('notes', {
  read: (name: string): Promise<string> => ipcRenderer.invoke('notes:read', name),
  onSaved: (callback: (name: string) => void) => ipcRenderer.on('saved', (_event, name: string) => callback(name)),
});

// @ts-expect-error: the key is a string
contextBridge.exposeInMainWorld(1, {});
// @ts-expect-error: a channel is a string
ipcRenderer.send(42);

// MessagePorts: a port from main, and one of the page's own handed to main.
ipcRenderer.on('port', (event) => {
  const [port] = event.ports;
  port.onmessage = (message: MessageEvent) => port.postMessage(message.data);
  window.postMessage('main-world-port', '*', event.ports);
});
const channel = new MessageChannel();
ipcRenderer.postMessage('port', { from: 'preload' }, [channel.port2]);
// @ts-expect-error: only MessagePorts can be transferred
ipcRenderer.postMessage('port', null, [{}]);
