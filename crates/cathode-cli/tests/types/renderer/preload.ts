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
