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
    on(event: 'second-instance', listener: (event: Event, argv: string[], workingDirectory: string, additionalData: unknown) => void): this;
    on(event: string, listener: Listener): this;
    whenReady(): Promise<void>;
    isReady(): boolean;
    quit(): void;
    exit(exitCode?: number): void;
    requestSingleInstanceLock(additionalData?: unknown): boolean;
    hasSingleInstanceLock(): boolean;
    releaseSingleInstanceLock(): void;
    getName(): string;
    getVersion(): string;
    getAppPath(): string;
    getPath(name: PathName): string;
    setPath(name: PathName, path: string): void;
    name: string;
    setName(name: string): void;
    readonly isPackaged: boolean;
    getLocale(): string;
    focus(): void;
    relaunch(options?: { args?: string[]; execPath?: string }): void;
    /** macOS and Windows only in Electron; on Linux, as here, they do nothing. */
    addRecentDocument(path: string): void;
    clearRecentDocuments(): void;
    getRecentDocuments(): string[];
    setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
    isDefaultProtocolClient(protocol: string): boolean;
    removeAsDefaultProtocolClient(protocol: string): boolean;
  }

  /** What `preventDefault` applies to. */
  interface Event {
    preventDefault(): void;
    readonly defaultPrevented: boolean;
  }

  /** The event of `will-navigate` and `will-redirect`. */
  interface NavigationEvent extends Event {
    readonly url: string;
    readonly isSameDocument: boolean;
    readonly isMainFrame: boolean;
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
    backgroundColor?: string;
    fullscreenable?: boolean;
    /** A PNG, JPEG or ICO file: the window's icon (its pages' favicon). */
    icon?: string;
    minWidth?: number;
    minHeight?: number;
    maxWidth?: number;
    maxHeight?: number;
    resizable?: boolean;
    center?: boolean;
    fullscreen?: boolean;
    alwaysOnTop?: boolean;
    skipTaskbar?: boolean;
    parent?: BrowserWindow;
    modal?: boolean;
    /** Kept and answered (`isMenuBarAutoHide`): Chromium's app windows have no menu bar on Linux. */
    autoHideMenuBar?: boolean;
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
    on(event: 'did-start-loading' | 'did-stop-loading', listener: (event: Event) => void): this;
    on(event: 'did-start-navigation', listener: (event: Event, url: string, isInPlace: boolean, isMainFrame: boolean) => void): this;
    on(event: 'did-navigate', listener: (event: Event, url: string, httpResponseCode: number, httpStatusText: string) => void): this;
    on(event: 'did-frame-navigate', listener: (event: Event, url: string, httpResponseCode: number, httpStatusText: string, isMainFrame: boolean) => void): this;
    on(event: 'did-navigate-in-page', listener: (event: Event, url: string, isMainFrame: boolean) => void): this;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent, url: string, isInPlace: boolean, isMainFrame: boolean) => void): this;
    on(event: 'page-title-updated', listener: (event: Event, title: string, explicitSet: boolean) => void): this;
    on(event: 'did-create-window', listener: (window: BrowserWindow, details: HandlerDetails) => void): this;
    /** The page's window got or lost the focus (headful: also by the user). */
    on(event: 'focus' | 'blur', listener: (event: Event) => void): this;
    /** A key is about to reach the page; `event.preventDefault()` keeps it from the page. */
    on(event: 'before-input-event', listener: (event: Event, input: KeyboardInput) => void): this;
    /** The page went full screen by its own request (`requestFullscreen`), or left it. */
    on(event: 'enter-html-full-screen' | 'leave-html-full-screen', listener: (event: Event) => void): this;
    /** The wheel turned with Ctrl held; the page is not zoomed by it (the app decides). */
    on(event: 'zoom-changed', listener: (event: Event, zoomDirection: 'in' | 'out') => void): this;
    /** A `beforeunload` handler asks to keep the page; `event.preventDefault()` lets it go anyway. */
    on(event: 'will-prevent-unload', listener: (event: Event) => void): this;
    /** What a `findInPage` request found. */
    on(event: 'found-in-page', listener: (event: Event, result: FoundInPageResult) => void): this;
    on(event: string, listener: Listener): this;
    isLoading(): boolean;
    /** Finds `text` in the page (main frame); the result comes as `found-in-page`. Returns the request id. */
    findInPage(text: string, options?: { forward?: boolean; findNext?: boolean; matchCase?: boolean }): number;
    stopFindInPage(action: 'clearSelection' | 'keepSelection' | 'activateSelection'): void;
    send(channel: string, ...args: unknown[]): void;
    executeJavaScript(code: string): Promise<any>;
    /** Asks the page's `ipcRenderer.handle(channel)` handler; settles with its result or error. */
    invoke(channel: string, ...args: unknown[]): Promise<any>;
    /** Sends `message` with ports to the page: its `ipcRenderer.on(channel)` listeners get them as `event.ports`. */
    postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
    getURL(): string;
    getTitle(): string;
    isDestroyed(): boolean;
    reload(): void;
    openDevTools(): void;
    closeDevTools(): void;
    toggleDevTools(): void;
    /** True when the app runs with a display and `cathode run --devtools`. */
    isDevToolsOpened(): boolean;
    getOSProcessId(): number;
    capturePage(rect?: Rectangle): Promise<NativeImage>;
    printToPDF(options?: PrintToPDFOptions): Promise<Uint8Array>;
    stop(): void;
    sendInputEvent(event: InputEvent): void;
    setUserAgent(userAgent: string): void;
    getUserAgent(): string;
    loadURL(url: string): Promise<void>;
    loadFile(filePath: string): Promise<void>;
    focus(): void;
    isFocused(): boolean;
    isCrashed(): boolean;
    forcefullyCrashRenderer(): void;
    getType(): 'window';
    undo(): void;
    redo(): void;
    cut(): void;
    copy(): void;
    paste(): void;
    pasteAndMatchStyle(): void;
    delete(): void;
    selectAll(): void;
    insertText(text: string): Promise<void>;
    replace(text: string): void;
    /** The viewport's scale: the page lays out in 1/factor of the window's CSS width. */
    setZoomFactor(factor: number): void;
    getZoomFactor(): number;
    setZoomLevel(level: number): void;
    getZoomLevel(): number;
    insertCSS(css: string, options?: { cssOrigin?: 'user' | 'author' }): Promise<string>;
    removeInsertedCSS(key: string): Promise<void>;
    readonly navigationHistory: NavigationHistory;
    canGoBack(): boolean;
    canGoForward(): boolean;
    goBack(): void;
    goForward(): void;
    goToIndex(index: number): void;
    /** Decides on each window the page opens; `null` allows them all again. */
    setWindowOpenHandler(handler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null): void;
  }

  /** Bytes come as Node Buffers (declared here as the Uint8Array they extend). */
  interface NativeImage {
    toPNG(): Uint8Array;
    toJPEG(quality: number): Uint8Array;
    toDataURL(): string;
    getSize(): { width: number; height: number };
    isEmpty(): boolean;
  }

  type InputModifier = 'shift' | 'control' | 'ctrl' | 'alt' | 'meta' | 'command' | 'cmd' | 'isAutoRepeat' | 'isKeypad' | 'leftButtonDown' | 'middleButtonDown' | 'rightButtonDown' | 'capsLock' | 'numLock' | 'left' | 'right';

  /** `found-in-page`'s result. */
  interface FoundInPageResult {
    requestId: number;
    activeMatchOrdinal: number;
    matches: number;
    selectionArea: { x: number; y: number; width: number; height: number };
    finalUpdate: boolean;
  }

  /** `before-input-event`'s key. */
  interface KeyboardInput {
    type: 'keyDown' | 'keyUp';
    key: string;
    code: string;
    isAutoRepeat: boolean;
    isComposing: boolean;
    shift: boolean;
    control: boolean;
    alt: boolean;
    meta: boolean;
    location: number;
    modifiers: InputModifier[];
  }

  type InputEvent =
    | { type: 'mouseDown' | 'mouseUp' | 'mouseMove'; x: number; y: number; button?: 'left' | 'middle' | 'right'; clickCount?: number; modifiers?: InputModifier[] }
    | { type: 'mouseWheel'; x: number; y: number; deltaX?: number; deltaY?: number; modifiers?: InputModifier[] }
    | { type: 'keyDown' | 'keyUp' | 'char'; keyCode: string; modifiers?: InputModifier[] };

  interface NavigationEntry {
    url: string;
    title: string;
  }

  /** The getters answer from the history as of the last load or move. */
  interface NavigationHistory {
    canGoBack(): boolean;
    canGoForward(): boolean;
    canGoToOffset(offset: number): boolean;
    getActiveIndex(): number;
    getEntryAtIndex(index: number): NavigationEntry | null;
    length(): number;
    getAllEntries(): NavigationEntry[];
    goBack(): void;
    goForward(): void;
    goToIndex(index: number): void;
  }

  type PaperSize = 'A0' | 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'Legal' | 'Letter' | 'Tabloid' | 'Ledger';

  /** Sizes and margins in inches. */
  interface PrintToPDFOptions {
    landscape?: boolean;
    displayHeaderFooter?: boolean;
    printBackground?: boolean;
    scale?: number;
    pageSize?: PaperSize | { width: number; height: number };
    margins?: { top?: number; bottom?: number; left?: number; right?: number };
    pageRanges?: string;
    headerTemplate?: string;
    footerTemplate?: string;
    preferCSSPageSize?: boolean;
  }

  /** What a page asked for when it opened a window. `features` is as the browser parsed it. */
  interface HandlerDetails {
    url: string;
    frameName: string;
    features: string;
    disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
    referrer: { url: string; policy: string };
    postBody?: unknown;
  }

  type WindowOpenHandlerResponse =
    | { action: 'deny' }
    | { action: 'allow'; overrideBrowserWindowOptions?: BrowserWindowConstructorOptions; outlivesOpener?: boolean };

  interface BrowserWindow extends Emitter {
    readonly id: number;
    readonly webContents: WebContents;
    /**
     * The window is about to close: `win.close()`, `app.quit()`, its page's `window.close()`;
     * `event.preventDefault()` keeps it open. A window the user closed is gone already.
     */
    on(event: 'close', listener: (event: Event) => void): this;
    on(event: 'closed', listener: () => void): this;
    on(event: 'ready-to-show', listener: (event: Event) => void): this;
    on(event: 'page-title-updated', listener: (event: Event, title: string, explicitSet: boolean) => void): this;
    on(
      event: 'show' | 'hide' | 'focus' | 'blur' | 'resize' | 'resized' | 'move' | 'moved' | 'maximize' | 'unmaximize' | 'minimize' | 'restore' | 'enter-full-screen' | 'leave-full-screen' | 'enter-html-full-screen' | 'leave-html-full-screen',
      listener: (event: Event) => void,
    ): this;
    on(event: string, listener: Listener): this;
    loadURL(url: string): Promise<void>;
    loadFile(filePath: string): Promise<void>;
    reload(): void;
    setBackgroundColor(backgroundColor: string): void;
    getBackgroundColor(): string;
    setIcon(icon: string): void;
    setContentBounds(bounds: Rectangle): void;
    /** Kept and answered: Chromium's app windows have no menu bar on Linux. */
    setAutoHideMenuBar(hide: boolean): void;
    isMenuBarAutoHide(): boolean;
    /** Kept and answered, as `setAutoHideMenuBar`. */
    setMenuBarVisibility(visible: boolean): void;
    isMenuBarVisible(): boolean;
    autoHideMenuBar: boolean;
    menuBarVisible: boolean;
    setFullScreenable(fullscreenable: boolean): void;
    isFullScreenable(): boolean;
    title: string;
    resizable: boolean;
    fullScreen: boolean;
    fullScreenable: boolean;
    capturePage(rect?: Rectangle): Promise<NativeImage>;
    showInactive(): void;
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
    setSkipTaskbar(skip: boolean): void;
    /** Accepted; does nothing (no urgency hint over CDP). */
    flashFrame(flag: boolean): void;
    /** Accepted; does nothing (no taskbar over CDP). */
    setProgressBar(progress: number): void;
    /** macOS only in Electron; on Linux, as here, they do nothing ('' and false). */
    setRepresentedFilename(filename: string): void;
    getRepresentedFilename(): string;
    setDocumentEdited(edited: boolean): void;
    isDocumentEdited(): boolean;
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
    /** The ports of the page's `ipcRenderer.postMessage`, as main's ends. */
    ports: MessagePortMain[];
  }

  type IpcMainInvokeEvent = Omit<IpcMainEvent, 'returnValue' | 'reply' | 'ports'>;

  /** What a `MessagePortMain`'s `message` listener gets. */
  interface MessageEvent {
    data: any;
    ports: MessagePortMain[];
  }

  /** Main's end of a channel (Electron's `MessagePortMain`): messages wait for `start()`. */
  interface MessagePortMain extends Emitter {
    on(event: 'message', listener: (messageEvent: MessageEvent) => void): this;
    on(event: 'close', listener: () => void): this;
    on(event: string, listener: Listener): this;
    once(event: 'message', listener: (messageEvent: MessageEvent) => void): this;
    once(event: 'close', listener: () => void): this;
    once(event: string, listener: Listener): this;
    postMessage(message: unknown, transfer?: MessagePortMain[]): void;
    start(): void;
    close(): void;
  }

  /** Two entangled ports, both in main at first. */
  interface MessageChannelMain {
    readonly port1: MessagePortMain;
    readonly port2: MessagePortMain;
  }

  interface MessageChannelMainConstructor {
    new (): MessageChannelMain;
  }

  interface IpcMain extends Emitter {
    on(channel: string, listener: (event: IpcMainEvent, ...args: any[]) => void): this;
    once(channel: string, listener: (event: IpcMainEvent, ...args: any[]) => void): this;
    handle(channel: string, handler: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    handleOnce(channel: string, handler: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
    removeHandler(channel: string): void;
  }

  /** `nativeImage` of the desktop modules: PNG images (the clipboard's). */
  type PngImage = Omit<NativeImage, 'toJPEG'>;

  interface Shell {
    /** Opens an absolute URL in the user's browser (never through a shell; `file:`, `javascript:` and `data:` refused). */
    openExternal(url: string, options?: { activate?: boolean }): Promise<void>;
    /** Resolves with '' once opened, else with the error's text. */
    openPath(path: string): Promise<string>;
    showItemInFolder(fullPath: string): void;
    trashItem(path: string): Promise<void>;
  }

  interface NativeImageModule {
    createEmpty(): PngImage;
    createFromBuffer(buffer: Uint8Array): PngImage;
    createFromDataURL(dataURL: string): PngImage;
    createFromPath(path: string): PngImage;
  }

  type ClipboardFormat = 'text/plain' | 'text/html' | 'image/png' | string;

  /** Throws without a display. */
  interface Clipboard {
    readText(): string;
    writeText(text: string): void;
    readHTML(): string;
    writeHTML(markup: string): void;
    readImage(): PngImage;
    writeImage(image: PngImage): void;
    availableFormats(): ClipboardFormat[];
    clear(): void;
    write(data: { text?: string; html?: string; image?: PngImage }): void;
  }

  interface FileFilter {
    name: string;
    extensions: string[];
  }

  interface OpenDialogOptions {
    title?: string;
    defaultPath?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    properties?: Array<'openFile' | 'openDirectory' | 'multiSelections' | 'showHiddenFiles' | 'createDirectory' | 'promptToCreate' | 'noResolveAliases' | 'treatPackageAsDirectory' | 'dontAddToRecent'>;
  }

  interface SaveDialogOptions {
    title?: string;
    defaultPath?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    nameFieldLabel?: string;
    showsTagField?: boolean;
    properties?: Array<'showHiddenFiles' | 'createDirectory' | 'treatPackageAsDirectory' | 'showOverwriteConfirmation' | 'dontAddToRecent'>;
  }

  interface MessageBoxOptions {
    message: string;
    type?: 'none' | 'info' | 'error' | 'question' | 'warning';
    buttons?: string[];
    defaultId?: number;
    cancelId?: number;
    title?: string;
    detail?: string;
    checkboxLabel?: string;
    checkboxChecked?: boolean;
  }

  /** Without a portal, zenity or a display, dialogs give Electron's canceled result at once. */
  interface Dialog {
    showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
    showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
    showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }>;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }>;
    showOpenDialogSync(window: BrowserWindow, options: OpenDialogOptions): string[] | undefined;
    showOpenDialogSync(options: OpenDialogOptions): string[] | undefined;
    showSaveDialogSync(window: BrowserWindow, options: SaveDialogOptions): string;
    showSaveDialogSync(options: SaveDialogOptions): string;
    showMessageBoxSync(window: BrowserWindow, options: MessageBoxOptions): number;
    showMessageBoxSync(options: MessageBoxOptions): number;
    showErrorBox(title: string, content: string): void;
  }

  interface NotificationOptions {
    title?: string;
    subtitle?: string;
    body?: string;
    silent?: boolean;
    icon?: string;
    urgency?: 'normal' | 'critical' | 'low';
    timeoutType?: 'default' | 'never';
    actions?: Array<{ type: 'button'; text: string }>;
  }

  /** `show` once the notification server took it, `failed` with the reason otherwise. */
  interface Notification extends Emitter, NotificationOptions {
    on(event: 'show' | 'click' | 'close', listener: (event: Event) => void): this;
    on(event: 'action', listener: (event: Event, index: number) => void): this;
    on(event: 'failed', listener: (event: Event, error: string) => void): this;
    on(event: string, listener: Listener): this;
    show(): void;
    close(): void;
  }

  interface NotificationConstructor {
    new (options?: NotificationOptions): Notification;
    /** False without a notification server. */
    isSupported(): boolean;
  }

  /** `themeSource` drives the pages' `prefers-color-scheme`. */
  interface NativeTheme extends Emitter {
    on(event: 'updated', listener: () => void): this;
    on(event: string, listener: Listener): this;
    readonly shouldUseDarkColors: boolean;
    themeSource: 'system' | 'light' | 'dark';
    readonly shouldUseHighContrastColors: boolean;
    readonly shouldUseInvertedColorScheme: boolean;
    readonly inForcedColorsMode: boolean;
    readonly prefersReducedTransparency: boolean;
  }

  interface Point {
    x: number;
    y: number;
  }

  interface Display {
    id: number;
    label: string;
    bounds: Rectangle;
    workArea: Rectangle;
    size: { width: number; height: number };
    workAreaSize: { width: number; height: number };
    scaleFactor: number;
    rotation: number;
    colorDepth: number;
  }

  /** The display the browser's pages are on. */
  interface Screen extends Emitter {
    getPrimaryDisplay(): Display;
    getAllDisplays(): Display[];
    getDisplayNearestPoint(point: Point): Display;
    getDisplayMatching(rect: Rectangle): Display;
    getCursorScreenPoint(): Point;
    screenToDipPoint(point: Point): Point;
    dipToScreenPoint(point: Point): Point;
  }

  interface PowerSaveBlocker {
    start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
    stop(id: number): boolean;
    isStarted(id: number): boolean;
  }

  /** The `webContents` module. */
  interface WebContentsModule {
    getAllWebContents(): WebContents[];
    getFocusedWebContents(): WebContents | null;
    fromId(id: number): WebContents | undefined;
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
  export const webContents: CathodeMain.WebContentsModule;
  export type WebContents = CathodeMain.WebContents;
  export type IpcMainEvent = CathodeMain.IpcMainEvent;
  export type IpcMainInvokeEvent = CathodeMain.IpcMainInvokeEvent;
  export type BrowserWindowConstructorOptions = CathodeMain.BrowserWindowConstructorOptions;
  export type WebPreferences = CathodeMain.WebPreferences;
  export type Rectangle = CathodeMain.Rectangle;
  export const shell: CathodeMain.Shell;
  export const clipboard: CathodeMain.Clipboard;
  export const dialog: CathodeMain.Dialog;
  export const Notification: CathodeMain.NotificationConstructor;
  export type Notification = CathodeMain.Notification;
  export const nativeTheme: CathodeMain.NativeTheme;
  export const nativeImage: CathodeMain.NativeImageModule;
  export type NativeImage = CathodeMain.NativeImage;
  export const screen: CathodeMain.Screen;
  export type Display = CathodeMain.Display;
  export const powerSaveBlocker: CathodeMain.PowerSaveBlocker;
  export const MessageChannelMain: CathodeMain.MessageChannelMainConstructor;
  export type MessageChannelMain = CathodeMain.MessageChannelMain;
  export type MessagePortMain = CathodeMain.MessagePortMain;
  export type MessageEvent = CathodeMain.MessageEvent;
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
