// The `electron` module of the cathode main process: `app`, `BrowserWindow`, `webContents` and
// `ipcMain`, with Electron's names and events, over the cathode Rust API. `native` is the Rust
// side (electron.rs); everything that happens in Rust (events, IPC messages, finished window
// operations) comes back through `dispatch`, which Rust calls on this thread. `values` is the
// codec of IPC values (cathode's `values.js`): pages and this script exchange structured-clone
// values, `undefined`, `Map`, `Date`, typed arrays and the rest included.
(function createElectron(native, EventEmitter, path, values) {
  'use strict';

  const info = JSON.parse(native.appInfo());

  function event() {
    return {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
  }

  // Window operations are asynchronous in Rust: each gets a token, settled by `dispatch`.
  const pendingCalls = new Map();
  let nextToken = 1;
  function call(id, method, ...args) {
    return new Promise((resolve, reject) => {
      const token = nextToken++;
      pendingCalls.set(token, { resolve, reject });
      native.windowCall(token, id, method, JSON.stringify(args));
    });
  }

  // Runs the page's beforeunload handlers of a window whose 'close' the script emitted and did
  // not prevent; true once the window is closed, false when its page kept it.
  function closeAfterCloseEvent(id) {
    return new Promise((resolve, reject) => {
      const token = nextToken++;
      pendingCalls.set(token, { resolve, reject });
      native.closeAfterCloseEvent(token, id);
    });
  }

  function settle(token, ok, json) {
    const pending = pendingCalls.get(token);
    if (!pending) return;
    pendingCalls.delete(token);
    const value = json === undefined || json === null ? undefined : JSON.parse(json);
    if (ok) pending.resolve(value);
    else pending.reject(new Error(value));
  }

  // A load's promise rejects when the load fails or its window closes first, and an app may quit
  // while its page still loads (the page's IPC can reach main before the browser reports the
  // load). As in Electron (web-contents.ts), that rejection is never reported as unhandled:
  // `win.loadFile(...)` without `await` is the common idiom. Who awaits it still sees it.
  function load(id, method, target) {
    const loading = call(id, method, target);
    loading.catch(() => {});
    return loading;
  }

  // Calls whose promise nobody awaits still report their failure.
  function fireAndReport(promise, what) {
    promise.catch((error) => console.error(`${what} failed:`, error.message));
  }

  // Set while app.quit() runs its events (apps often set their own `app.isQuitting`, so the flag
  // is not on the app).
  let quitInProgress = false;

  // Emits a preventable event to every listener (each error reported); true when one prevented
  // it.
  function emitPreventable(emitter, name) {
    const decision = event();
    emitEach(emitter, name, decision);
    return decision.defaultPrevented;
  }

  class App extends EventEmitter {
    #ready = false;
    #whenReady = new Promise((resolve) => {
      this.once('ready', () => resolve());
    });

    whenReady() {
      return this.#whenReady;
    }

    isReady() {
      return this.#ready;
    }

    markReady() {
      this.#ready = true;
    }

    // As Electron's: 'before-quit', then each window's 'close' and its page's beforeunload
    // handlers, then 'will-quit' and 'quit'; any of them may cancel the quit (the windows closed
    // so far stay closed). Driven from the script, so its listeners decide.
    quit() {
      if (quitInProgress) return;
      quitInProgress = true;
      this.#quitInOrder()
        .catch((error) => reportListenerError('app.quit()', error))
        .finally(() => {
          quitInProgress = false;
        });
    }

    async #quitInOrder() {
      if (emitPreventable(this, 'before-quit')) return;
      for (const window of [...windows.values()]) {
        if (window.isDestroyed()) continue;
        if (emitPreventable(window, 'close')) return;
        if (!(await closeAfterCloseEvent(window.id))) return;
      }
      if (emitPreventable(this, 'will-quit')) return;
      emitEach(this, 'quit', event(), 0);
      native.exit(0);
    }

    exit(code = 0) {
      if (!Number.isInteger(code) || code < -(2 ** 31) || code >= 2 ** 31) {
        throw new RangeError(`The exit code must be a 32-bit integer, got ${code}`);
      }
      native.exit(code);
    }

    // True for the app's first running instance. The lock is a file lock keyed by the app's name
    // (or its --user-data-dir) that the OS drops when the process ends; a later instance refused
    // it hands its argv, working directory and `additionalData` (as JSON) to the first, which
    // emits 'second-instance'.
    requestSingleInstanceLock(additionalData) {
      return native.requestSingleInstanceLock(JSON.stringify(additionalData ?? null));
    }

    hasSingleInstanceLock() {
      return native.hasSingleInstanceLock();
    }

    releaseSingleInstanceLock() {
      native.releaseSingleInstanceLock();
    }

    getName() {
      return info.name;
    }

    getVersion() {
      return info.version;
    }

    getAppPath() {
      return info.appPath;
    }

    getPath(name) {
      return native.getPath(String(name));
    }

    setPath(name, path) {
      native.setPath(String(name), String(path));
    }

    // Electron documents these for macOS and Windows, and on Linux defines them as doing nothing:
    // so do they here, and an app written on a Mac runs.
    addRecentDocument() {}

    clearRecentDocuments() {}

    getRecentDocuments() {
      return [];
    }
  }

  const app = new App();
  const windows = new Map();
  let focusedId;

  // Electron's NativeImage of a captured page: PNG bytes and their size.
  class NativeImage {
    #png;
    #size;

    constructor(png, width, height) {
      this.#png = png;
      this.#size = { width, height };
    }

    toPNG() {
      return globalThis.Buffer.from(this.#png, 'base64');
    }

    toJPEG(quality) {
      const answer = JSON.parse(native.pngToJpeg(this.#png, Number(quality)));
      if (answer.error) throw new Error(`toJPEG: ${answer.error}`);
      return globalThis.Buffer.from(answer.jpeg, 'base64');
    }

    toDataURL() {
      return `data:image/png;base64,${this.#png}`;
    }

    getSize() {
      return { ...this.#size };
    }

    isEmpty() {
      return this.#size.width === 0 || this.#size.height === 0;
    }
  }

  // A page's session history. The getters answer from what cathode read last (after each load
  // and each move made here), as Electron's answer at once.
  class NavigationHistory {
    #id;

    constructor(id) {
      this.#id = id;
    }

    #known() {
      return JSON.parse(native.navigationInfo(this.#id));
    }

    canGoBack() {
      return this.#known().index > 0;
    }

    canGoForward() {
      const { entries, index } = this.#known();
      return index + 1 < entries.length;
    }

    canGoToOffset(offset) {
      const { entries, index } = this.#known();
      const target = index + Number(offset);
      return Number.isInteger(target) && target >= 0 && target < entries.length;
    }

    getActiveIndex() {
      return this.#known().index;
    }

    getEntryAtIndex(index) {
      return this.#known().entries[index] ?? null;
    }

    length() {
      return this.#known().entries.length;
    }

    getAllEntries() {
      return this.#known().entries;
    }

    goBack() {
      fireAndReport(call(this.#id, 'goBack'), 'goBack');
    }

    goForward() {
      fireAndReport(call(this.#id, 'goForward'), 'goForward');
    }

    goToIndex(index) {
      fireAndReport(call(this.#id, 'goToIndex', index), 'goToIndex');
    }
  }

  // The events whose default a listener may prevent: Rust forwards them, and waits for the
  // script's verdict, only once the script listens to them.
  const preventable = new Set([
    'close',
    'will-navigate',
    'will-redirect',
    'page-title-updated',
    'will-prevent-unload',
    'before-input-event',
  ]);
  function listenWhenAsked(emitter, id) {
    emitter.on('newListener', (name) => {
      if (preventable.has(name)) native.listenPreventable(id, name);
    });
  }

  class WebContents extends EventEmitter {
    #windowOpenHandler = null;
    #userAgent;
    #zoomFactor = 1;

    constructor(id) {
      super();
      this.id = id;
      this.navigationHistory = new NavigationHistory(id);
      listenWhenAsked(this, id);
    }

    // Electron's `session` module is not built yet: apps that reach it through a page's web
    // contents get the same "not implemented yet" error as `require('electron').session`.
    get session() {
      return notImplemented('session');
    }

    // The `webContents` module: every window's web contents (one per window here).
    static getAllWebContents() {
      return [...windows.values()].map((window) => window.webContents);
    }

    static getFocusedWebContents() {
      return BrowserWindow.getFocusedWindow()?.webContents ?? null;
    }

    // As Electron: `undefined` when no web contents has that id.
    static fromId(id) {
      return windows.get(id)?.webContents;
    }

    setWindowOpenHandler(handler) {
      if (handler !== null && typeof handler !== 'function') {
        throw new TypeError('The handler must be a function or null');
      }
      this.#windowOpenHandler = handler;
      native.setWindowOpenHandler(this.id, handler !== null);
    }

    // cathode asks what to do with a window the page opens; whatever the handler does, the
    // answer goes back once (a throw denies the window).
    decideWindowOpen(token, details) {
      try {
        const handler = this.#windowOpenHandler;
        const result = handler ? handler(details) : { action: 'allow' };
        native.ipcSettle(token, true, JSON.stringify(result ?? null));
      } catch (error) {
        reportListenerError('the window-open handler', error);
        native.ipcSettle(token, false, String(error?.message ?? error));
      }
    }

    send(channel, ...args) {
      native.send(this.id, channel, JSON.stringify(values.encode(args)));
    }

    executeJavaScript(code) {
      return call(this.id, 'executeJavaScript', String(code));
    }

    // Asks the page's ipcRenderer.handle(channel) handler (in its preload or the page itself).
    invoke(channel, ...args) {
      return new Promise((resolve, reject) => {
        const token = nextToken++;
        pendingCalls.set(token, { resolve: (value) => resolve(values.decode(value)), reject });
        native.invokePage(token, this.id, String(channel), JSON.stringify(values.encode(args)));
      });
    }

    getURL() {
      return JSON.parse(native.windowInfo(this.id)).url;
    }

    // The page's title (the window's, while the page has none).
    getTitle() {
      const windowInfo = JSON.parse(native.windowInfo(this.id));
      return windowInfo.pageTitle ?? windowInfo.title ?? '';
    }

    isDestroyed() {
      return JSON.parse(native.windowInfo(this.id)).destroyed;
    }

    reload() {
      fireAndReport(call(this.id, 'reload'), 'reload');
    }

    openDevTools() {
      fireAndReport(call(this.id, 'openDevTools'), 'openDevTools');
    }

    closeDevTools() {
      fireAndReport(call(this.id, 'closeDevTools'), 'closeDevTools');
    }

    toggleDevTools() {
      fireAndReport(call(this.id, 'toggleDevTools'), 'toggleDevTools');
    }

    isDevToolsOpened() {
      return native.devToolsOpened(this.id);
    }

    loadURL(url) {
      return load(this.id, 'loadURL', String(url));
    }

    loadFile(file) {
      return load(this.id, 'loadFile', path.resolve(info.appPath, String(file)));
    }

    focus() {
      BrowserWindow.fromId(this.id)?.focus();
    }

    isFocused() {
      return BrowserWindow.fromId(this.id)?.isFocused() ?? false;
    }

    isCrashed() {
      const answer = JSON.parse(native.windowNow(this.id, 'isCrashed', '[]'));
      return answer.ok ?? false;
    }

    // The result comes as 'found-in-page'; the id at once.
    findInPage(text, options = {}) {
      if (typeof text !== 'string' || text === '') {
        throw new TypeError('Must provide a non-empty search content');
      }
      const answer = JSON.parse(native.windowNow(this.id, 'findInPage', JSON.stringify([text, options ?? {}])));
      if ('error' in answer) throw new Error(answer.error);
      return answer.ok;
    }

    stopFindInPage(action) {
      const answer = JSON.parse(native.windowNow(this.id, 'stopFindInPage', JSON.stringify([action])));
      if ('error' in answer) throw new TypeError(answer.error);
    }

    forcefullyCrashRenderer() {
      fireAndReport(call(this.id, 'forcefullyCrashRenderer'), 'forcefullyCrashRenderer');
    }

    getType() {
      return 'window';
    }

    capturePage(rect) {
      return call(this.id, 'capturePage', rect ?? null).then(
        ({ png, width, height }) => new NativeImage(png, width, height),
      );
    }

    printToPDF(options = {}) {
      return call(this.id, 'printToPDF', options).then((pdf) => globalThis.Buffer.from(pdf, 'base64'));
    }

    stop() {
      fireAndReport(call(this.id, 'stop'), 'stop');
    }

    // Resolves once the browser took the event, so that awaiting callers see its effects.
    sendInputEvent(inputEvent) {
      const sent = call(this.id, 'sendInputEvent', inputEvent);
      fireAndReport(sent, 'sendInputEvent');
      return sent.catch(() => {});
    }

    setUserAgent(userAgent) {
      this.#userAgent = String(userAgent);
      fireAndReport(call(this.id, 'setUserAgent', this.#userAgent), 'setUserAgent');
    }

    getUserAgent() {
      return this.#userAgent ?? native.userAgent(this.id);
    }

    // The Edit menu's commands, where the page's focus is.
    undo() { this.#edit('undo'); }
    redo() { this.#edit('redo'); }
    cut() { this.#edit('cut'); }
    copy() { this.#edit('copy'); }
    paste() { this.#edit('paste'); }
    pasteAndMatchStyle() { this.#edit('pasteAndMatchStyle'); }
    delete() { this.#edit('delete'); }
    selectAll() { this.#edit('selectAll'); }

    // Sent in the order they are called (the host's tasks run in order, and each sends at once):
    // `selectAll(); copy()` copies everything.
    #edit(command) {
      fireAndReport(call(this.id, command), command);
    }

    insertText(text) {
      return call(this.id, 'insertText', String(text)).then(() => {});
    }

    replace(text) {
      fireAndReport(call(this.id, 'insertText', String(text)), 'replace');
    }

    // Electron's zoom, as the viewport's scale (see the README).
    setZoomFactor(factor) {
      if (typeof factor !== 'number' || !(factor > 0) || !Number.isFinite(factor)) {
        throw new Error("'zoomFactor' must be a double greater than 0.0");
      }
      this.#zoomFactor = factor;
      fireAndReport(call(this.id, 'setZoomFactor', factor), 'setZoomFactor');
    }

    getZoomFactor() {
      return this.#zoomFactor;
    }

    setZoomLevel(level) {
      if (typeof level !== 'number' || !Number.isFinite(level)) {
        throw new TypeError('Error processing argument at index 0, conversion failure from ' + String(level));
      }
      this.setZoomFactor(1.2 ** level);
    }

    getZoomLevel() {
      return Math.log(this.#zoomFactor) / Math.log(1.2);
    }

    insertCSS(css, options = {}) {
      if (options.cssOrigin === 'user') {
        console.warn("cathode: insertCSS's cssOrigin 'user' is not available over CDP; the sheet is an author sheet");
      }
      return call(this.id, 'insertCSS', String(css));
    }

    removeInsertedCSS(key) {
      return call(this.id, 'removeInsertedCSS', String(key));
    }

    // Electron's older names for the history's methods.
    canGoBack() {
      return this.navigationHistory.canGoBack();
    }

    canGoForward() {
      return this.navigationHistory.canGoForward();
    }

    goBack() {
      this.navigationHistory.goBack();
    }

    goForward() {
      this.navigationHistory.goForward();
    }

    goToIndex(index) {
      this.navigationHistory.goToIndex(index);
    }

    // cathode learns the pid when a document commits; 0 until then (a window still opening), as
    // Electron answers while there is no live renderer.
    getOSProcessId() {
      return JSON.parse(native.windowInfo(this.id)).pid ?? 0;
    }

    isLoading() {
      return JSON.parse(native.windowInfo(this.id)).loading ?? false;
    }
  }

  // Windows opened elsewhere (by a page through `remote`) get a BrowserWindow here too.
  const adoptedId = Symbol('adopted window id');

  // Electron's window state events: they go to the window, the others to its webContents.
  const windowStateEvents = new Set([
    'show', 'hide', 'focus', 'blur', 'resize', 'resized', 'move', 'moved', 'maximize',
    'unmaximize', 'minimize', 'restore', 'enter-full-screen', 'leave-full-screen',
    'enter-html-full-screen', 'leave-html-full-screen',
  ]);

  // Electron's argument conversion: sizes and positions are 32-bit integers (sizes not negative
  // here: cathode refuses them rather than clamping), anything else throws its TypeError.
  function integers(args, low) {
    args.forEach((value, index) => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > 2147483647) {
        throw new TypeError(`Error processing argument at index ${index}, conversion failure from ${String(value)}`);
      }
    });
  }
  const sizes = (...args) => integers(args, 0);
  const places = (...args) => integers(args, -2147483648);

  class BrowserWindow extends EventEmitter {
    // The state Electron's getters answer while the window is still opening (the first tick
    // after `new BrowserWindow()`); Rust's state answers once it is open.
    #early;

    constructor(options = {}) {
      super();
      const given = { ...options };
      if (given.parent instanceof BrowserWindow) given.parent = given.parent.id;
      this.id = options[adoptedId] ?? native.createWindow(JSON.stringify(given));
      this.webContents = new WebContents(this.id);
      listenWhenAsked(this, this.id);
      const width = options.width ?? 800;
      const height = options.height ?? 600;
      this.#early = {
        getBounds: { x: options.x ?? 0, y: options.y ?? 0, width, height },
        isMaximized: false,
        isMinimized: false,
        isFullScreen: Boolean(options.fullscreen),
        getMinimumSize: [options.minWidth ?? 0, options.minHeight ?? 0],
        getMaximumSize: [options.maxWidth ?? 0, options.maxHeight ?? 0],
        isResizable: options.resizable !== false,
        isFullScreenable: options.fullscreenable !== false,
        isAlwaysOnTop: Boolean(options.alwaysOnTop),
        isMenuBarAutoHide: Boolean(options.autoHideMenuBar),
        isMenuBarVisible: !options.autoHideMenuBar,
        isVisible: options.show !== false,
        isModal: Boolean(options.modal),
        getParentWindow: typeof given.parent === 'number' ? given.parent : null,
        title: String(options.title ?? app.getName()),
        getBackgroundColor: native.colorHex(String(options.backgroundColor ?? '#ffffff')) ?? '#ffffff',
      };
      windows.set(this.id, this);
      if (options.show !== false && options[adoptedId] === undefined) focusedId = this.id;
    }

    // A synchronous method, run by Rust at once; while the window opens, a setter is queued for
    // it and recorded with `early` for the getters.
    #now(method, args = [], early) {
      const answer = JSON.parse(native.windowNow(this.id, method, JSON.stringify(args)));
      if ('error' in answer) throw new TypeError(answer.error);
      if (!answer.pending) return answer.ok ?? undefined;
      if (early) {
        early(this.#early);
        fireAndReport(call(this.id, method, ...args), method);
        return undefined;
      }
      return this.#opening(method);
    }

    // What a getter answers while the window opens.
    #opening(method) {
      const state = this.#early;
      const bounds = state.getBounds;
      switch (method) {
        case 'getSize':
        case 'getContentSize':
          return [bounds.width, bounds.height];
        case 'getPosition':
          return [bounds.x, bounds.y];
        case 'getContentBounds':
        case 'getNormalBounds':
          return { ...bounds };
        case 'isNormal':
          return !state.isMaximized && !state.isMinimized && !state.isFullScreen;
        case 'isFocused':
          return focusedId === this.id;
        case 'getChildWindows':
          return [];
        default:
          return copyOf(state[method]);
      }
    }

    static getAllWindows() {
      return [...windows.values()];
    }

    static fromId(id) {
      return windows.get(id) ?? null;
    }

    static fromWebContents(contents) {
      return windows.get(contents?.id) ?? null;
    }

    // The window focused last: by this script (at once), or by cathode (a page's remote call).
    static getFocusedWindow() {
      return windows.get(focusedId) ?? windows.get(native.focusedWindowId()) ?? null;
    }

    loadURL(url) {
      return load(this.id, 'loadURL', String(url));
    }

    loadFile(file) {
      return load(this.id, 'loadFile', path.resolve(info.appPath, String(file)));
    }

    reload() {
      this.webContents.reload();
    }

    setBackgroundColor(color) {
      fireAndReport(call(this.id, 'setBackgroundColor', String(color)), 'setBackgroundColor');
    }

    getBackgroundColor() {
      return this.#now('getBackgroundColor');
    }

    setIcon(icon) {
      fireAndReport(call(this.id, 'setIcon', String(icon)), 'setIcon');
    }

    close() {
      if (this.isDestroyed()) return;
      const closing = event();
      this.emit('close', closing);
      // Then the page's beforeunload handlers, which may keep it ('will-prevent-unload').
      if (!closing.defaultPrevented) closeAfterCloseEvent(this.id);
    }

    destroy() {
      native.destroy(this.id);
    }

    isDestroyed() {
      return !windows.has(this.id);
    }

    // While the window opens: the title it was given, else the app's name, as Electron's.
    getTitle() {
      return JSON.parse(native.windowInfo(this.id)).title ?? this.#early.title;
    }

    // At once when the window is open, so that getTitle() right after sees it, as in Electron.
    setTitle(title) {
      if (native.setTitleNow(this.id, String(title))) return;
      fireAndReport(call(this.id, 'setTitle', String(title)), 'setTitle');
    }

    getBounds() {
      return this.#now('getBounds');
    }

    setBounds(bounds = {}) {
      const { x, y, width, height } = bounds;
      places(...[x, y].filter((n) => n !== undefined));
      sizes(...[width, height].filter((n) => n !== undefined));
      const given = Object.fromEntries(Object.entries({ x, y, width, height }).filter(([, n]) => n !== undefined));
      this.#now('setBounds', [given], (state) => Object.assign(state.getBounds, given));
    }

    getSize() {
      return this.#now('getSize');
    }

    setSize(width, height) {
      sizes(width, height);
      this.#now('setSize', [width, height], (state) => Object.assign(state.getBounds, { width, height }));
    }

    getContentSize() {
      return this.#now('getContentSize');
    }

    setContentBounds(bounds = {}) {
      const { x, y, width, height } = bounds;
      places(x, y);
      sizes(width, height);
      this.#now('setContentBounds', [{ x, y, width, height }], (state) => Object.assign(state.getBounds, { x, y, width, height }));
    }

    capturePage(rect) {
      return this.webContents.capturePage(rect);
    }

    setContentSize(width, height) {
      sizes(width, height);
      this.#now('setContentSize', [width, height], (state) => Object.assign(state.getBounds, { width, height }));
    }

    getContentBounds() {
      return this.#now('getContentBounds');
    }

    getPosition() {
      return this.#now('getPosition');
    }

    setPosition(x, y) {
      places(x, y);
      this.#now('setPosition', [x, y], (state) => Object.assign(state.getBounds, { x, y }));
    }

    center() {
      this.#now('center', [], () => {});
    }

    maximize() {
      this.#now('maximize', [], (state) => { state.isMaximized = true; });
    }

    unmaximize() {
      this.#now('unmaximize', [], (state) => { state.isMaximized = false; });
    }

    isMaximized() {
      return this.#now('isMaximized');
    }

    minimize() {
      this.#now('minimize', [], (state) => { state.isMinimized = true; });
    }

    restore() {
      this.#now('restore', [], (state) => { state.isMinimized = false; });
    }

    isMinimized() {
      return this.#now('isMinimized');
    }

    isNormal() {
      return this.#now('isNormal');
    }

    getNormalBounds() {
      return this.#now('getNormalBounds');
    }

    setFullScreen(flag) {
      this.#now('setFullScreen', [Boolean(flag)], (state) => {
        if (!flag || state.isFullScreenable) state.isFullScreen = Boolean(flag);
      });
    }

    isFullScreen() {
      return this.#now('isFullScreen');
    }

    setMinimumSize(width, height) {
      sizes(width, height);
      this.#now('setMinimumSize', [width, height], (state) => { state.getMinimumSize = [width, height]; });
    }

    getMinimumSize() {
      return this.#now('getMinimumSize');
    }

    setMaximumSize(width, height) {
      sizes(width, height);
      this.#now('setMaximumSize', [width, height], (state) => { state.getMaximumSize = [width, height]; });
    }

    getMaximumSize() {
      return this.#now('getMaximumSize');
    }

    setResizable(flag) {
      this.#now('setResizable', [Boolean(flag)], (state) => { state.isResizable = Boolean(flag); });
    }

    isResizable() {
      return this.#now('isResizable');
    }

    get resizable() {
      return this.isResizable();
    }

    set resizable(flag) {
      this.setResizable(flag);
    }

    // The menu bar's settings are kept and answered: Chromium's app windows have none on Linux.
    setAutoHideMenuBar(flag) {
      const hide = Boolean(flag);
      this.#now('setAutoHideMenuBar', [hide], (state) => {
        state.isMenuBarAutoHide = hide;
        if (hide) state.isMenuBarVisible = false;
      });
    }

    isMenuBarAutoHide() {
      return this.#now('isMenuBarAutoHide');
    }

    get autoHideMenuBar() {
      return this.isMenuBarAutoHide();
    }

    set autoHideMenuBar(flag) {
      this.setAutoHideMenuBar(flag);
    }

    setMenuBarVisibility(visible) {
      this.#now('setMenuBarVisibility', [Boolean(visible)], (state) => { state.isMenuBarVisible = Boolean(visible); });
    }

    isMenuBarVisible() {
      return this.#now('isMenuBarVisible');
    }

    get menuBarVisible() {
      return this.isMenuBarVisible();
    }

    set menuBarVisible(visible) {
      this.setMenuBarVisibility(visible);
    }

    setFullScreenable(flag) {
      this.#now('setFullScreenable', [Boolean(flag)], (state) => { state.isFullScreenable = Boolean(flag); });
    }

    isFullScreenable() {
      return this.#now('isFullScreenable');
    }

    get fullScreenable() {
      return this.isFullScreenable();
    }

    set fullScreenable(flag) {
      this.setFullScreenable(flag);
    }

    get fullScreen() {
      return this.isFullScreen();
    }

    set fullScreen(flag) {
      this.setFullScreen(flag);
    }

    get title() {
      return this.getTitle();
    }

    set title(title) {
      this.setTitle(title);
    }

    setAlwaysOnTop(flag) {
      this.#now('setAlwaysOnTop', [Boolean(flag)], (state) => { state.isAlwaysOnTop = Boolean(flag); });
    }

    isAlwaysOnTop() {
      return this.#now('isAlwaysOnTop');
    }

    setSkipTaskbar(skip) {
      this.#now('setSkipTaskbar', [Boolean(skip)], () => {});
    }

    // Accepted; nothing to show them on over CDP (see the Rust docs).
    flashFrame(flag) {
      this.#now('flashFrame', [Boolean(flag)], () => {});
    }

    setProgressBar(progress) {
      this.#now('setProgressBar', [Number(progress)], () => {});
    }

    // macOS's document proxy icon and edited dot: on Linux Electron keeps neither (the getters
    // answer '' and false), and neither does cathode.
    setRepresentedFilename() {}

    getRepresentedFilename() {
      return '';
    }

    setDocumentEdited() {}

    isDocumentEdited() {
      return false;
    }

    isModal() {
      return this.#now('isModal');
    }

    getParentWindow() {
      const id = this.#now('getParentWindow');
      return id === null || id === undefined ? null : windows.get(id) ?? null;
    }

    getChildWindows() {
      return this.#now('getChildWindows').map((id) => windows.get(id)).filter(Boolean);
    }

    show() {
      this.#early.isVisible = true;
      this.#now('show', [], () => {});
    }

    // cathode's show() does not take the focus either.
    showInactive() {
      this.show();
    }

    hide() {
      this.#early.isVisible = false;
      this.#now('hide', [], () => {});
    }

    focus() {
      focusedId = this.id;
      fireAndReport(call(this.id, 'focus'), 'focus');
    }

    blur() {
      if (focusedId === this.id) focusedId = undefined;
      this.#now('blur', [], () => {});
    }

    isFocused() {
      return this.#now('isFocused');
    }

    isVisible() {
      return JSON.parse(native.windowInfo(this.id)).visible;
    }
  }

  function copyOf(value) {
    return Array.isArray(value) ? [...value] : value;
  }

  function reportListenerError(what, error) {
    console.error(`Error in ${what}:`, error);
  }

  class IpcMain extends EventEmitter {
    #handlers = new Map();

    on(channel, listener) {
      super.on(channel, listener);
      native.ipcListen(String(channel));
      return this;
    }

    addListener(channel, listener) {
      return this.on(channel, listener);
    }

    once(channel, listener) {
      super.once(channel, listener);
      native.ipcListen(String(channel));
      return this;
    }

    handle(channel, handler) {
      if (this.#handlers.has(channel)) {
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      }
      if (typeof handler !== 'function') throw new TypeError('The handler must be a function');
      this.#handlers.set(channel, handler);
      native.ipcHandle(String(channel));
    }

    handleOnce(channel, handler) {
      this.handle(channel, (...args) => {
        this.removeHandler(channel);
        return handler(...args);
      });
    }

    removeHandler(channel) {
      if (this.#handlers.delete(channel)) native.ipcRemoveHandler(String(channel));
    }

    receive(windowId, channel, token, sync, args, senderFrame, ports) {
      const window = windows.get(windowId);
      const ipcEvent = {
        sender: window?.webContents,
        senderFrame,
        ports: this.portsFromIds?.(ports) ?? [], // ports.js: MessagePortMain objects
        senderId: windowId,
        processId: 0,
        frameId: 0,
        reply: (replyChannel, ...replyArgs) => native.send(windowId, replyChannel, JSON.stringify(values.encode(replyArgs))),
      };
      if (sync) {
        let returnValue;
        Object.defineProperty(ipcEvent, 'returnValue', {
          get: () => returnValue,
          set: (value) => {
            returnValue = value;
            native.ipcSetReturnValue(token, JSON.stringify(values.encode(value)));
          },
        });
      }
      if (this.listenerCount(channel) === 0 && sync) {
        native.ipcFailSync(token, `No listener for sync channel '${channel}' in the main process`);
      }
      this.emitEach(channel, ipcEvent, args, (error) => {
        reportListenerError(`an ipcMain listener of '${channel}'`, error);
        if (sync) native.ipcFailSync(token, String(error?.message ?? error));
      });
    }

    // Every listener runs even when one throws (`once` wrappers remove themselves); `onError`
    // hears about each failure.
    emitEach(channel, ipcEvent, args, onError) {
      for (const listener of this.rawListeners(channel)) {
        try {
          listener.call(this, ipcEvent, ...args);
        } catch (error) {
          onError(error);
        }
      }
    }

    invoke(windowId, channel, token, args, senderFrame) {
      const handler = this.#handlers.get(channel);
      if (!handler) {
        native.ipcSettle(token, false, `No handler registered for '${channel}'`);
        return;
      }
      const ipcEvent = { sender: windows.get(windowId)?.webContents, senderFrame, senderId: windowId, processId: 0, frameId: 0 };
      // Whatever the handler does (throws, rejects, returns what cannot be cloned), the page's
      // promise settles.
      Promise.resolve()
        .then(() => handler(ipcEvent, ...args))
        .then((value) => JSON.stringify(values.encode(value)))
        .then(
          (json) => native.ipcSettle(token, true, json),
          (error) => {
            reportListenerError(`the ipcMain handler of '${channel}'`, error);
            // As in Electron, only the error's text reaches the page (name `Error`, no own
            // properties); cathode::InvokeError's name and data are for Rust handlers.
            native.ipcSettle(token, false, String(error));
          },
        );
    }
  }

  const ipcMain = new IpcMain();

  function onAppEvent(name, id, args) {
    if (name === 'ready') {
      app.markReady();
      app.emit('ready', event());
    } else if (name === 'window-all-closed') {
      // Windows closing for a quit do not announce it, as in Electron.
      if (quitInProgress) return;
      // Electron's default: with nobody listening, the last window closing quits the app.
      if (app.listenerCount('window-all-closed') === 0) app.quit();
      else app.emit('window-all-closed', event());
    } else if (name === 'browser-window-created') {
      let window = windows.get(id);
      if (!window && native.adoptWindow(id)) window = new BrowserWindow({ [adoptedId]: id });
      if (window) app.emit('browser-window-created', event(), window);
    } else if (name === 'quit') {
      app.emit('quit', event(), id);
    } else if (name === 'before-quit' || name === 'will-quit') {
      const quitting = event();
      app.emit(name, quitting);
      if (quitting.defaultPrevented) {
        console.warn(`cathode: preventDefault() on '${name}' has no effect: the event reaches the main script after the fact`);
      }
    } else {
      app.emit(name, event(), ...args);
    }
  }

  function onWindowEvent(id, name, args) {
    const window = windows.get(id);
    if (!window) return;
    if (name === 'closed') {
      windows.delete(id);
      window.emit('closed', event());
    } else if (name === 'ready-to-show') {
      window.emit('ready-to-show', event());
    } else if (name === 'did-create-window') {
      const child = windows.get(args[0]) ?? (native.adoptWindow(args[0]) ? new BrowserWindow({ [adoptedId]: args[0] }) : null);
      if (child) window.webContents.emit('did-create-window', child, args[1]);
    } else if (name === 'create-failed') {
      windows.delete(id);
      console.error(`BrowserWindow ${id} could not be created: ${args[0]}`);
    } else if (windowStateEvents.has(name)) {
      if (name === 'focus') focusedId = id;
      if (name === 'blur' && focusedId === id) focusedId = undefined;
      window.emit(name, event());
      // The page's focus is its window's, and so is the full screen the page asks for.
      if (name === 'focus' || name === 'blur' || name.endsWith('html-full-screen')) {
        window.webContents.emit(name, event());
      }
    } else {
      window.webContents.emit(name, event(), ...args);
    }
  }

  // Every listener runs even when one throws; each error is reported.
  function emitEach(emitter, name, ...args) {
    for (const listener of emitter.rawListeners(name)) {
      try {
        listener.apply(emitter, args);
      } catch (error) {
        reportListenerError(`a '${name}' listener`, error);
      }
    }
  }

  // A preventable event: the window's `close` (the page's `window.close()`, a remote
  // `win.close()`, a quit from a signal: the script's own `win.close()` and `app.quit()` emit it
  // here), `will-navigate`, `will-redirect` (their event has `url`, as Electron's),
  // `page-title-updated` (on the web contents, then on the window, one event for both) and
  // `before-input-event` (its `input`; the page's key waits for the verdict).
  // Rust waits for the verdict; a listener that throws is reported and counts as not preventing.
  function onPreventable(id, name, token, args) {
    const window = windows.get(id);
    const decision = event();
    try {
      if (name === 'will-navigate' || name === 'will-redirect') {
        Object.assign(decision, { url: args[0], isSameDocument: false, isMainFrame: true });
      }
      if (window && name === 'close') {
        emitEach(window, name, decision);
      } else if (window) {
        emitEach(window.webContents, name, decision, ...args);
        if (name === 'page-title-updated') emitEach(window, name, decision, ...args);
      }
    } finally {
      native.decideEvent(token, decision.defaultPrevented);
    }
  }

  // Rust calls this for everything that happens on its side.
  function dispatch(kind, id, name, json) {
    const data = json === undefined || json === null ? undefined : JSON.parse(json);
    switch (kind) {
      case 'settle':
        return settle(id, name === 'ok', json);
      case 'app':
        return onAppEvent(name, id, data ?? []);
      case 'window':
        return onWindowEvent(id, name, data ?? []);
      case 'preventable':
        return onPreventable(id, name, data.token, data.args);
      case 'ipc':
        return ipcMain.receive(id, name, data.token, data.sync, values.decode(data.args), data.senderFrame, data.ports);
      case 'invoke':
        return ipcMain.invoke(id, name, data.token, values.decode(data.args), data.senderFrame);
      case 'window-open': {
        const contents = windows.get(id)?.webContents;
        if (contents) return contents.decideWindowOpen(data.token, data.details);
        return native.ipcSettle(data.token, true, JSON.stringify({ action: 'allow' }));
      }
      default:
        throw new Error(`unknown event kind '${kind}' from the cathode runtime`);
    }
  }

  // ---- the remote module's view of this script: any object, function or class a page reaches
  // through remote.getGlobal, remote.require or a call result, described for the page ----------
  const remoteValues = new Map(); // id -> { value, refs }: what pages hold, counted
  const remoteIds = new Map(); // value -> id, while held
  let nextRemoteId = 1;
  let nextPromiseToken = 1;
  const callbackFinalizer = new FinalizationRegistry((token) => native.remoteReleaseCallback(token));
  // Members every function has, which pages need not see; objects hide only `constructor`.
  const functionInternals = new Set(['prototype', 'length', 'name', 'caller', 'arguments']);

  function hold(value) {
    let id = remoteIds.get(value);
    if (id === undefined) {
      id = nextRemoteId++;
      remoteIds.set(value, id);
      remoteValues.set(id, { value, refs: 0 });
    }
    remoteValues.get(id).refs++;
    return id;
  }

  function membersOf(value) {
    const members = new Map();
    for (let o = value; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
      for (const key of Object.getOwnPropertyNames(o)) {
        if (members.has(key) || key === 'constructor') continue;
        if (typeof o === 'function' && functionInternals.has(key)) continue;
        const descriptor = Object.getOwnPropertyDescriptor(o, key);
        if ('value' in descriptor && typeof descriptor.value === 'function') {
          members.set(key, { name: key, kind: 'method' });
        } else {
          members.set(key, { name: key, kind: 'property', writable: Boolean(descriptor.writable || descriptor.set) });
        }
      }
    }
    return [...members.values()];
  }

  function describeObject(value) {
    const isFunction = typeof value === 'function';
    return {
      type: 'object',
      id: hold(value),
      name: (isFunction ? value.name : value.constructor?.name) || (isFunction ? 'Function' : 'Object'),
      members: membersOf(value),
      callable: isFunction,
      constructible: isFunction && value.prototype !== undefined,
    };
  }

  // Binary data crosses as base64, the remote codec's one shape for it (QuickJS has no btoa).
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  function toBase64(bytes) {
    let text = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
      const triple = (a << 16) | (b << 8) | c;
      text += BASE64[triple >> 18] + BASE64[(triple >> 12) & 63]
        + (i + 1 < bytes.length ? BASE64[(triple >> 6) & 63] : '=')
        + (i + 2 < bytes.length ? BASE64[triple & 63] : '=');
    }
    return text;
  }

  function fromBase64(text) {
    const clean = text.replace(/=+$/, '');
    const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
    let bits = 0;
    let value = 0;
    let index = 0;
    for (const char of clean) {
      value = (value << 6) | BASE64.indexOf(char);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[index++] = (value >> bits) & 255;
      }
    }
    return bytes;
  }

  function describe(value, seen = new Set()) {
    if (value === undefined) return { type: 'undefined' };
    const special = typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0));
    if (typeof value === 'bigint' || special) return { type: 'structured', value: values.encode(value) };
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      return { type: 'value', value };
    }
    if (value instanceof Date) return { type: 'date', value: value.getTime() };
    if (value instanceof Error) return { type: 'error', name: value.name, message: value.message };
    if (value instanceof ArrayBuffer) return { type: 'buffer', base64: toBase64(new Uint8Array(value)) };
    if (ArrayBuffer.isView(value)) {
      return { type: 'buffer', base64: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    }
    if (value instanceof Promise) {
      const token = nextPromiseToken++;
      value.then(
        (result) => native.remoteSettle(token, true, JSON.stringify(describe(result))),
        (error) => native.remoteSettle(token, false, JSON.stringify({ name: error?.name ?? 'Error', message: String(error?.message ?? error) })),
      );
      return { type: 'promise', token };
    }
    // As Electron's remote (`valueToMeta`): arrays are copied member by member, and every other
    // object, plain ones included, is a reference to this script's object, so that a page's
    // `remote.getGlobal('sharedObject').someProperty = 1` changes it here.
    if (!Array.isArray(value) || seen.has(value)) return describeObject(value);
    seen.add(value);
    try {
      const items = value.map((item) => describe(item, seen));
      return items.every((item) => item.type === 'value')
        ? { type: 'value', value: items.map((item) => item.value) }
        : { type: 'array', items };
    } finally {
      seen.delete(value);
    }
  }

  // A value a page passed, as this script uses it.
  function revive(meta) {
    switch (meta.type) {
      case 'value':
        return meta.value;
      case 'structured':
        return values.decode(meta.value);
      case 'date':
        return new Date(meta.value);
      case 'buffer':
        return fromBase64(meta.base64);
      case 'error': {
        const error = new Error(meta.message);
        error.name = meta.name;
        return error;
      }
      case 'array':
        return meta.items.map(revive);
      case 'record':
        return Object.fromEntries(Object.entries(meta.entries).map(([key, item]) => [key, revive(item)]));
      case 'js-object':
        return remoteValues.get(meta.id)?.value;
      case 'callback': {
        const callback = (...args) => native.remoteCallCallback(meta.token, JSON.stringify(args.map((arg) => describe(arg))));
        callbackFinalizer.register(callback, meta.token);
        return callback;
      }
      default:
        return undefined;
    }
  }

  const remoteHost = {
    global(name) {
      if (!(name in globalThis)) throw new Error(`the main process exposes no global '${name}'`);
      return JSON.stringify(describe(globalThis[name]));
    },
    module(name) {
      return JSON.stringify(describe(process.mainModule.require(name)));
    },
    operate(id, operation, name, argsJson) {
      const held = remoteValues.get(id);
      if (!held) throw new Error(`remote object ${id} is no longer held by the main process`);
      const target = held.value;
      const args = JSON.parse(argsJson).map(revive);
      let result;
      if (operation === 'call-method') {
        if (typeof target[name] !== 'function') throw new TypeError(`${name} is not a function`);
        result = target[name](...args);
      } else if (operation === 'get') {
        result = target[name];
      } else if (operation === 'set') {
        target[name] = args[0];
      } else if (operation === 'call') {
        result = target(...args);
      } else if (operation === 'construct') {
        result = new target(...args);
      }
      return JSON.stringify(describe(result));
    },
    release(id) {
      const held = remoteValues.get(id);
      if (held && --held.refs <= 0) {
        remoteValues.delete(id);
        remoteIds.delete(held.value);
      }
    },
  };

  // Electron's main-process modules that cathode does not have yet. Real apps take several of
  // them apart at the top of their main script (`const { app, dialog } = require('electron')`) and
  // use them only in a menu or a handler: taking one is fine, using it throws, and says so.
  // (desktop.js adds clipboard, dialog, nativeImage, nativeTheme, Notification, powerSaveBlocker,
  // screen and shell.)
  const NOT_YET = [
    'autoUpdater', 'BaseWindow', 'BrowserView', 'contentTracing', 'crashReporter',
    'desktopCapturer', 'globalShortcut', 'inAppPurchase', 'Menu', 'MenuItem',
    'net', 'netLog', 'powerMonitor', 'protocol', 'pushNotifications',
    'safeStorage', 'session', 'systemPreferences', 'TouchBar', 'Tray', 'utilityProcess',
    'WebContentsView', 'webFrameMain',
  ];
  function notImplemented(name) {
    const refuse = () => {
      throw new Error(`cathode does not implement electron.${name} yet`);
    };
    return new Proxy(function notImplementedYet() {}, {
      get: (target, property) => (typeof property === 'symbol' ? undefined : refuse()),
      set: refuse,
      apply: refuse,
      construct: refuse,
    });
  }
  const exports = { app, BrowserWindow, ipcMain, webContents: WebContents };
  for (const name of NOT_YET) {
    let standIn;
    Object.defineProperty(exports, name, {
      enumerable: true,
      get: () => (standIn ??= notImplemented(name)),
    });
  }

  return { exports, dispatch, remoteHost };
})
