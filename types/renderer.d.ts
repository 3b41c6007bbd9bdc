// TypeScript declarations for what cathode gives pages and preloads: `require('electron')` (and
// `electron/renderer`, `electron/common`) with `ipcRenderer` and `contextBridge`, the remote
// module (`require('electron').remote`, `require('@electron/remote')`). Use it in a renderer or
// preload project with `"types"` or a `/// <reference path="…/types/renderer.d.ts" />`; main
// scripts take `main.d.ts` instead (both declare the module 'electron', as Electron's own typings
// split them by process).

declare namespace CathodeRenderer {
  /** What a listener of a message from main gets first. */
  interface IpcRendererEvent {
    /** The `ipcRenderer` that received the message. */
    sender: IpcRenderer;
    /** Always 0: messages come from main. */
    senderId: number;
    /** The ports of main's `webContents.postMessage`: real `MessagePort`s. */
    ports: MessagePort[];
  }

  /** Electron's `ipcRenderer`: messages to main and from main. */
  interface IpcRenderer {
    /** Sends an asynchronous message to main's `ipcMain.on(channel)` listeners. */
    send(channel: string, ...args: unknown[]): void;
    /** Sends a message and blocks the page until main sets `event.returnValue`. */
    sendSync(channel: string, ...args: unknown[]): any;
    /** Sends `message` with the page's own ports to main's `ipcMain.on(channel)` (`event.ports`); the ports leave the page. */
    postMessage(channel: string, message: unknown, transfer?: MessagePort[]): void;
    /** Calls main's `ipcMain.handle(channel)` handler; settles with its result or error. */
    invoke(channel: string, ...args: unknown[]): Promise<any>;
    /** Answers main's `webContents.invoke(channel)`: one handler per channel. */
    handle(channel: string, handler: (event: IpcRendererEvent, ...args: any[]) => unknown): void;
    handleOnce(channel: string, handler: (event: IpcRendererEvent, ...args: any[]) => unknown): void;
    removeHandler(channel: string): void;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    addListener(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    once(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    removeListener(channel: string, listener: (...args: any[]) => void): this;
    off(channel: string, listener: (...args: any[]) => void): this;
    removeAllListeners(channel?: string): this;
    listenerCount(channel: string): number;
    listeners(channel: string): Function[];
  }

  /** Electron's `contextBridge`: what a preload hands the page's own world. */
  interface ContextBridge {
    /** Makes `window[apiKey]` in the page a copy of `api`, its functions callable across. */
    exposeInMainWorld(apiKey: string, api: any): void;
    /** The same, into another isolated world. */
    exposeInIsolatedWorld(worldId: number, apiKey: string, api: any): void;
  }

  /** A proxy of an object that lives in main. */
  type RemoteObject = any;

  /** Electron's `remote` module: main's objects, called from the page. */
  interface Remote {
    app: RemoteObject;
    BrowserWindow: RemoteObject;
    process: RemoteObject;
    getCurrentWindow(): RemoteObject;
    getCurrentWebContents(): RemoteObject;
    getGlobal(name: string): any;
    require(module: string): any;
  }

  /** `require('electron')` in a page or preload. */
  interface Electron {
    ipcRenderer: IpcRenderer;
    contextBridge: ContextBridge;
    /** Throws unless the window enables the remote module. */
    remote: Remote;
  }
}

declare module 'electron' {
  export const ipcRenderer: CathodeRenderer.IpcRenderer;
  export const contextBridge: CathodeRenderer.ContextBridge;
  export const remote: CathodeRenderer.Remote;
  export type IpcRendererEvent = CathodeRenderer.IpcRendererEvent;
}

declare module 'electron/renderer' {
  export * from 'electron';
}

declare module 'electron/common' {
  export {};
}

declare module '@electron/remote' {
  const remote: CathodeRenderer.Remote;
  export = remote;
}
