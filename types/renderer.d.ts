// TypeScript declarations for what cathode gives pages and preloads: `require('electron')` (and
// `electron/renderer`, `electron/common`) with `ipcRenderer` and `contextBridge`, the remote
// module (`require('electron').remote`, `require('@electron/remote')`). Use it in a renderer or
// preload project with `"types"` or a `/// <reference path="…/types/renderer.d.ts" />`; main
// scripts take `main.d.ts` instead (both declare the module 'electron', as Electron's own typings
// split them by process).

/**
 * The channels of a Rust main's typed handlers (`cathode_typescript::Channels`), filled by the
 * declarations it writes (`cathode types --out src/ipc.d.ts -- <command>`). Empty without them,
 * and then every channel takes anything, as Electron's typings do.
 */
declare namespace CathodeIpc {
  /** `ipcRenderer.invoke`: channel -> `{ args: [...]; result: R }`. */
  interface InvokeChannels {}
  /** `ipcRenderer.sendSync`: channel -> `{ args: [...]; result: R }`. */
  interface SyncChannels {}
  /** `ipcRenderer.send`: channel -> its arguments. */
  interface SendChannels {}
  /** Messages main sends (`webContents.send`), heard with `ipcRenderer.on`: channel -> its arguments. */
  interface PageChannels {}

  /** The arguments a declared request channel takes; anything for another channel. */
  type ArgsOf<Channels, C> = C extends keyof Channels
    ? Channels[C] extends { args: infer A extends unknown[] } ? A : never
    : unknown[];
  /** What a declared request channel answers; `any` for another channel. */
  type ResultOf<Channels, C> = C extends keyof Channels
    ? Channels[C] extends { result: infer R } ? R : never
    : any;
  /** The arguments of a declared message channel; anything for another channel. */
  type MessageOf<Channels, C> = C extends keyof Channels
    ? Channels[C] extends infer A extends unknown[] ? A : never
    : any[];
}

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
    send<C extends string>(channel: C, ...args: CathodeIpc.MessageOf<CathodeIpc.SendChannels, C>): void;
    /** Sends a message and blocks the page until main sets `event.returnValue`. */
    sendSync<C extends string>(
      channel: C,
      ...args: CathodeIpc.ArgsOf<CathodeIpc.SyncChannels, C>
    ): CathodeIpc.ResultOf<CathodeIpc.SyncChannels, C>;
    /** Sends `message` with the page's own ports to main's `ipcMain.on(channel)` (`event.ports`); the ports leave the page. */
    postMessage(channel: string, message: unknown, transfer?: MessagePort[]): void;
    /** Calls main's `ipcMain.handle(channel)` handler; settles with its result or error. */
    invoke<C extends string>(
      channel: C,
      ...args: CathodeIpc.ArgsOf<CathodeIpc.InvokeChannels, C>
    ): Promise<CathodeIpc.ResultOf<CathodeIpc.InvokeChannels, C>>;
    /** Answers main's `webContents.invoke(channel)`: one handler per channel. */
    handle(channel: string, handler: (event: IpcRendererEvent, ...args: any[]) => unknown): void;
    handleOnce(channel: string, handler: (event: IpcRendererEvent, ...args: any[]) => unknown): void;
    removeHandler(channel: string): void;
    on<C extends string>(
      channel: C,
      listener: (event: IpcRendererEvent, ...args: CathodeIpc.MessageOf<CathodeIpc.PageChannels, C>) => void
    ): this;
    addListener<C extends string>(
      channel: C,
      listener: (event: IpcRendererEvent, ...args: CathodeIpc.MessageOf<CathodeIpc.PageChannels, C>) => void
    ): this;
    once<C extends string>(
      channel: C,
      listener: (event: IpcRendererEvent, ...args: CathodeIpc.MessageOf<CathodeIpc.PageChannels, C>) => void
    ): this;
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
