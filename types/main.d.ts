// TypeScript declarations for the `electron` module of a main script run by the `cathode`
// command: what cathode implements, with Electron's names (modules cathode does not implement
// yet are typed `unknown`: using one throws "cathode does not implement electron.X yet").
// `@electron/remote/main` too. Pages and preloads take `renderer.d.ts` instead.

declare namespace CathodeMain {
  type Listener = (...args: any[]) => void;

  /** Node's EventEmitter, as main's objects have it. */
  interface Emitter {
    on(event: string, listener: Listener): this;
    addListener(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    off(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
    removeAllListeners(event?: string): this;
    emit(event: string, ...args: any[]): boolean;
    listenerCount(event: string): number;
  }

  /** The folders `app.getPath` knows. */
  type PathName =
    | 'home' | 'appData' | 'userData' | 'sessionData' | 'temp' | 'exe' | 'module' | 'desktop'
    | 'documents' | 'downloads' | 'music' | 'pictures' | 'videos' | 'recent' | 'logs'
    | 'crashDumps';

  interface App extends Emitter {
    on(event: 'ready' | 'window-all-closed' | 'before-quit' | 'will-quit', listener: (event: Event) => void): this;
    on(event: 'quit', listener: (event: Event, exitCode: number) => void): this;
    on(event: 'browser-window-created', listener: (event: Event, window: BrowserWindow) => void): this;
    on(event: string, listener: Listener): this;
    whenReady(): Promise<void>;
    isReady(): boolean;
    quit(): void;
    exit(exitCode?: number): void;
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
    hasSingleInstanceLock(): boolean;
    releaseSingleInstanceLock(): void;
    getName(): string;
    getVersion(): string;
    getAppPath(): string;
    getPath(name: PathName): string;
    setPath(name: PathName, path: string): void;
  }

  /** What `preventDefault` applies to. */
  interface Event {
    preventDefault(): void;
    readonly defaultPrevented: boolean;
  }

  interface Rectangle {
    x: number;
    y: number;
    width: number;
    height: number;
  }

  interface WebPreferences {
    nodeIntegration?: boolean;
    contextIsolation?: boolean;
    sandbox?: boolean;
    /** An absolute path. */
    preload?: string;
    enableRemoteModule?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    /** cathode's: more origins whose documents get IPC. */
    trustedOrigins?: string[];
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    x?: number;
    y?: number;
    title?: string;
    show?: boolean;
    minWidth?: number;
    minHeight?: number;
    maxWidth?: number;
    maxHeight?: number;
    resizable?: boolean;
    center?: boolean;
    fullscreen?: boolean;
    alwaysOnTop?: boolean;
    parent?: BrowserWindow;
    modal?: boolean;
    webPreferences?: WebPreferences;
    /** Electron's other options are accepted; cathode says once which it ignores. */
    [option: string]: unknown;
  }

  interface WebContents extends Emitter {
    readonly id: number;
    on(event: 'dom-ready' | 'did-finish-load', listener: (event: Event) => void): this;
    on(event: 'did-fail-load', listener: (event: Event, errorCode: number, errorDescription: string, validatedURL: string) => void): this;
    on(event: 'console-message', listener: (event: Event, level: number, message: string, line: number, sourceId: string) => void): this;
    on(event: 'render-process-gone', listener: (event: Event, details: { reason: string; exitCode: number }) => void): this;
    on(event: string, listener: Listener): this;
    send(channel: string, ...args: unknown[]): void;
    executeJavaScript(code: string): Promise<any>;
    getURL(): string;
    getTitle(): string;
    isDestroyed(): boolean;
    reload(): void;
    openDevTools(): void;
    getOSProcessId(): number;
  }

  interface BrowserWindow extends Emitter {
    readonly id: number;
    readonly webContents: WebContents;
    on(event: 'close', listener: (event: Event) => void): this;
    on(event: 'closed', listener: () => void): this;
    on(
      event: 'show' | 'hide' | 'focus' | 'blur' | 'resize' | 'resized' | 'move' | 'moved' | 'maximize' | 'unmaximize' | 'minimize' | 'restore' | 'enter-full-screen' | 'leave-full-screen',
      listener: (event: Event) => void,
    ): this;
    on(event: string, listener: Listener): this;
    loadURL(url: string): Promise<void>;
    loadFile(filePath: string): Promise<void>;
    close(): void;
    destroy(): void;
    isDestroyed(): boolean;
    getTitle(): string;
    setTitle(title: string): void;
    getBounds(): Rectangle;
    setBounds(bounds: Partial<Rectangle>): void;
    show(): void;
    hide(): void;
    focus(): void;
    isVisible(): boolean;
    blur(): void;
    isFocused(): boolean;
    maximize(): void;
    unmaximize(): void;
    isMaximized(): boolean;
    minimize(): void;
    restore(): void;
    isMinimized(): boolean;
    isNormal(): boolean;
    getNormalBounds(): Rectangle;
    setFullScreen(flag: boolean): void;
    isFullScreen(): boolean;
    getSize(): [number, number];
    setSize(width: number, height: number): void;
    getPosition(): [number, number];
    setPosition(x: number, y: number): void;
    getContentBounds(): Rectangle;
    getContentSize(): [number, number];
    setContentSize(width: number, height: number): void;
    center(): void;
    setMinimumSize(width: number, height: number): void;
    getMinimumSize(): [number, number];
    setMaximumSize(width: number, height: number): void;
    getMaximumSize(): [number, number];
    setResizable(resizable: boolean): void;
    isResizable(): boolean;
    setAlwaysOnTop(flag: boolean): void;
    isAlwaysOnTop(): boolean;
    /** Accepted; does nothing (no urgency hint over CDP). */
    flashFrame(flag: boolean): void;
    /** Accepted; does nothing (no taskbar over CDP). */
    setProgressBar(progress: number): void;
    getParentWindow(): BrowserWindow | null;
    getChildWindows(): BrowserWindow[];
    isModal(): boolean;
  }

  interface BrowserWindowConstructor {
    new (options?: BrowserWindowConstructorOptions): BrowserWindow;
    getAllWindows(): BrowserWindow[];
    fromId(id: number): BrowserWindow | null;
    fromWebContents(webContents: WebContents): BrowserWindow | null;
    getFocusedWindow(): BrowserWindow | null;
  }

  /** What an `ipcMain` listener or handler gets first. */
  interface IpcMainEvent {
    sender: WebContents;
    senderId: number;
    senderFrame: unknown;
    processId: number;
    frameId: number;
    /** For `sendSync`: setting it answers the page. */
    returnValue: any;
    /** Sends to the page that sent the message. */
    reply(channel: string, ...args: unknown[]): void;
  }

  type IpcMainInvokeEvent = Omit<IpcMainEvent, 'returnValue' | 'reply'>;

  interface IpcMain extends Emitter {
    on(channel: string, listener: (event: IpcMainEvent, ...args: any[]) => void): this;
    once(channel: string, listener: (event: IpcMainEvent, ...args: any[]) => void): this;
    handle(channel: string, handler: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    handleOnce(channel: string, handler: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    removeHandler(channel: string): void;
  }

  interface RemoteMain {
    initialize(): void;
    isInitialized(): boolean;
    enable(webContents: WebContents): void;
  }
}

declare module 'electron' {
  export const app: CathodeMain.App;
  export const BrowserWindow: CathodeMain.BrowserWindowConstructor;
  export type BrowserWindow = CathodeMain.BrowserWindow;
  export const ipcMain: CathodeMain.IpcMain;
  export const webContents: unknown;
  export type WebContents = CathodeMain.WebContents;
  export type IpcMainEvent = CathodeMain.IpcMainEvent;
  export type IpcMainInvokeEvent = CathodeMain.IpcMainInvokeEvent;
  export type BrowserWindowConstructorOptions = CathodeMain.BrowserWindowConstructorOptions;
  export type WebPreferences = CathodeMain.WebPreferences;
  export type Rectangle = CathodeMain.Rectangle;
}

declare module 'electron/main' {
  export * from 'electron';
}

declare module 'electron/common' {
  export {};
}

declare module '@electron/remote/main' {
  const remoteMain: CathodeMain.RemoteMain;
  export = remoteMain;
}
