// Electron's desktop modules for the cathode main process: shell, clipboard, dialog,
// Notification, nativeTheme, screen, powerSaveBlocker, nativeImage, and app's locale and name,
// added to the `electron` module. `native` is the Rust side (desktop.rs, over the
// cathode-desktop crate); results of asynchronous calls and events come back through the
// `dispatch` function this returns.
(function createDesktop(native, electron, EventEmitter, fs) {
  'use strict';

  const pending = new Map();
  let nextToken = 1;
  function call(op, ...args) {
    return new Promise((resolve, reject) => {
      const token = nextToken++;
      pending.set(token, { resolve, reject });
      native.call(token, op, JSON.stringify(args));
    });
  }

  function expectString(value, what) {
    if (typeof value !== 'string') {
      throw new TypeError(`${what} must be a string, got ${value === null ? 'null' : typeof value}`);
    }
    return value;
  }

  // Electron's dialog functions take an optional window first: `(window, options)` or `(options)`.
  function dialogOptions(first, second) {
    const options = second === undefined && !(first instanceof electron.BrowserWindow) ? first : second;
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError('dialog options must be an object');
    }
    return options ?? {};
  }

  // ---- shell ---------------------------------------------------------------------------------
  const shell = {
    // Refused (the promise rejects): file: (use openPath), javascript:, data:, and what is not an
    // absolute URL. The URL reaches the desktop's opener as one argument, never a shell.
    openExternal(url) {
      return new Promise((resolve) => resolve(expectString(url, 'shell.openExternal: url')))
        .then((checked) => call('openExternal', checked))
        .then(() => undefined);
    },
    // As Electron: resolves with '' once opened, or with the error's text.
    openPath(path) {
      if (typeof path !== 'string') return Promise.resolve('shell.openPath: path must be a string');
      return call('openPath', path).then(() => '', (error) => error.message);
    },
    showItemInFolder(path) {
      native.showItemInFolder(expectString(path, 'shell.showItemInFolder: path'));
    },
    trashItem(path) {
      return new Promise((resolve) => resolve(expectString(path, 'shell.trashItem: path')))
        .then((checked) => call('trashItem', checked))
        .then(() => undefined);
    },
  };

  // ---- nativeImage (PNG-backed, what the clipboard needs) -------------------------------------
  class NativeImage {
    #png;
    #size;

    constructor(png) {
      this.#png = png; // a Uint8Array of a PNG file, or null for the empty image
      const [width, height] = png ? native.imageSize(png) : [0, 0];
      this.#size = { width, height };
    }

    isEmpty() {
      return this.#png === null;
    }

    getSize() {
      return { ...this.#size };
    }

    toPNG() {
      return Buffer.from(this.#png ?? new Uint8Array(0));
    }

    toDataURL() {
      return `data:image/png;base64,${this.toPNG().toString('base64')}`;
    }
  }

  const nativeImage = {
    createEmpty: () => new NativeImage(null),
    createFromBuffer(buffer) {
      if (!(buffer instanceof Uint8Array)) throw new TypeError('nativeImage.createFromBuffer takes a Buffer of a PNG image');
      return buffer.length === 0 ? new NativeImage(null) : new NativeImage(new Uint8Array(buffer));
    },
    createFromDataURL(url) {
      const match = /^data:image\/png;base64,(.*)$/s.exec(expectString(url, 'nativeImage.createFromDataURL: url'));
      if (!match) throw new TypeError('nativeImage.createFromDataURL takes a data:image/png;base64 URL');
      return nativeImage.createFromBuffer(Buffer.from(match[1], 'base64'));
    },
    // An unreadable or non-PNG file gives the empty image, as in Electron.
    createFromPath(path) {
      try {
        return nativeImage.createFromBuffer(fs.readFileSync(expectString(path, 'nativeImage.createFromPath: path')));
      } catch {
        return new NativeImage(null);
      }
    },
  };

  // ---- clipboard (throws without a display) ---------------------------------------------------
  const clipboard = {
    readText: () => native.readText(),
    writeText: (text) => native.writeText(String(text)),
    readHTML: () => native.readHTML(),
    writeHTML: (markup) => native.writeHTML(String(markup)),
    readImage() {
      const png = native.readImage();
      return new NativeImage(png);
    },
    writeImage(image) {
      if (!(image instanceof NativeImage)) throw new TypeError('clipboard.writeImage takes a NativeImage');
      if (image.isEmpty()) native.clear();
      else native.writeImage(new Uint8Array(image.toPNG()));
    },
    availableFormats: () => native.availableFormats(),
    clear: () => native.clear(),
    write(data) {
      if (data?.image) clipboard.writeImage(data.image);
      if (data?.html !== undefined) native.writeHTML(String(data.html), data.text === undefined ? undefined : String(data.text));
      else if (data?.text !== undefined) native.writeText(String(data.text));
    },
  };

  // ---- dialog --------------------------------------------------------------------------------
  // Without a portal, zenity or a display the dialogs return Electron's canceled results at once
  // and the reason is logged (RUST_LOG=warn).
  const dialog = {
    showOpenDialog: (first, second) => call('showOpenDialog', dialogOptions(first, second)),
    showSaveDialog: (first, second) => call('showSaveDialog', dialogOptions(first, second)),
    showMessageBox(first, second) {
      const options = dialogOptions(first, second);
      if (typeof options.message !== 'string') return Promise.reject(new TypeError('dialog.showMessageBox: message must be a string'));
      return call('showMessageBox', options);
    },
    showOpenDialogSync(first, second) {
      const result = JSON.parse(native.showOpenDialogSync(JSON.stringify(dialogOptions(first, second))));
      return result.canceled ? undefined : result.filePaths;
    },
    showSaveDialogSync(first, second) {
      const result = JSON.parse(native.showSaveDialogSync(JSON.stringify(dialogOptions(first, second))));
      return result.canceled ? '' : result.filePath;
    },
    showMessageBoxSync(first, second) {
      const options = dialogOptions(first, second);
      expectString(options.message, 'dialog.showMessageBoxSync: message');
      return JSON.parse(native.showMessageBoxSync(JSON.stringify(options))).response;
    },
    showErrorBox(title, content) {
      native.showErrorBox(String(title), String(content));
    },
  };

  // ---- Notification --------------------------------------------------------------------------
  const notifications = new Map();
  let nextNotification = 1;

  class Notification extends EventEmitter {
    #id = nextNotification++;

    constructor(options = {}) {
      super();
      Object.assign(this, { title: '', subtitle: '', body: '', silent: false, urgency: 'normal', timeoutType: 'default', actions: [] }, options);
    }

    static isSupported() {
      return native.notificationIsSupported();
    }

    // Emits `show` once the notification server took it, or `failed` with the reason (no
    // server: `Notification.isSupported()` is false).
    show() {
      notifications.set(this.#id, this);
      const { title, subtitle, body, silent, icon, urgency, timeoutType, actions } = this;
      const options = { title: String(title), body: String(body), silent: Boolean(silent), urgency, timeoutType, actions };
      if (subtitle) options.subtitle = String(subtitle);
      if (typeof icon === 'string') options.icon = icon;
      native.notificationShow(this.#id, JSON.stringify(options));
    }

    close() {
      native.notificationClose(this.#id);
    }

    receive(name, args) {
      if (name === 'close' || name === 'failed') notifications.delete(this.#id);
      this.emit(name, { defaultPrevented: false, preventDefault() {} }, ...args);
    }
  }

  // ---- nativeTheme ---------------------------------------------------------------------------
  // Pages' prefers-color-scheme follows themeSource: light and dark force it, system leaves it
  // to the browser.
  class NativeTheme extends EventEmitter {
    get shouldUseDarkColors() {
      return JSON.parse(native.theme()).dark;
    }

    get themeSource() {
      return JSON.parse(native.theme()).source;
    }

    set themeSource(source) {
      native.setThemeSource(String(source));
    }

    get shouldUseHighContrastColors() {
      return false;
    }

    get shouldUseInvertedColorScheme() {
      return false;
    }

    get inForcedColorsMode() {
      return false;
    }

    get prefersReducedTransparency() {
      return false;
    }
  }
  const nativeTheme = new NativeTheme();

  // ---- screen --------------------------------------------------------------------------------
  // The display is the one the last page that finished loading is on (its window.screen); until
  // a page has loaded, the X server's screen where there is one.
  function primaryDisplay() {
    const json = native.display();
    if (json === null || json === undefined) {
      throw new Error('screen: no window has loaded a page yet, so the browser has not said which display it is on, and there is no X display');
    }
    return JSON.parse(json);
  }

  const screen = Object.assign(new EventEmitter(), {
    getPrimaryDisplay: primaryDisplay,
    getAllDisplays: () => [primaryDisplay()],
    getDisplayNearestPoint: () => primaryDisplay(),
    getDisplayMatching: () => primaryDisplay(),
    getCursorScreenPoint() {
      const [x, y] = native.cursor();
      return { x, y };
    },
    screenToDipPoint: (point) => ({ x: point.x, y: point.y }),
    dipToScreenPoint: (point) => ({ x: point.x, y: point.y }),
  });

  // ---- powerSaveBlocker ----------------------------------------------------------------------
  const powerSaveBlocker = {
    start: (type) => native.powerStart(String(type)),
    stop: (id) => native.powerStop(Number(id)),
    isStarted: (id) => native.powerIsStarted(Number(id)),
  };

  // ---- app -----------------------------------------------------------------------------------
  // The name is the package's productName or name; setName changes what the script sees.
  const { app } = electron;
  let appName = app.getName();
  Object.defineProperties(app, {
    getName: { value: () => appName, configurable: true, writable: true },
    setName: { value: (name) => { appName = String(name); }, configurable: true, writable: true },
    name: { get: () => appName, set: (name) => { appName = String(name); }, configurable: true, enumerable: true },
    // The cathode command runs an app from its folder, as `electron .` does: never packaged.
    isPackaged: { value: false, configurable: true, enumerable: true },
    getLocale: { value: () => native.locale(), configurable: true, writable: true },
    getSystemLocale: { value: () => native.locale(), configurable: true, writable: true },
    getPreferredSystemLanguages: { value: () => [native.locale()], configurable: true, writable: true },
    // Without options the new instance gets this one's command line; `args` replaces all of it
    // but the program (which `execPath` names).
    relaunch: {
      value: (options = {}) => {
        const command = options.args || options.execPath
          ? [String(options.execPath ?? process.execPath), ...(options.args ?? []).map(String)]
          : null;
        native.relaunch(JSON.stringify(command));
      },
      configurable: true,
      writable: true,
    },
    focus: {
      value: () => {
        const { BrowserWindow } = electron;
        (BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0])?.focus();
      },
      configurable: true,
      writable: true,
    },
    // The freedesktop way (cathode-desktop's protocol.rs): a desktop entry that runs this app with
    // the URL, the default for x-scheme-handler/<protocol> in the user's mimeapps.list. By default
    // the entry runs `cathode run <app folder>`; `path` and `args` name another command.
    setAsDefaultProtocolClient: {
      value: (protocol, path, args = []) => {
        const command = path === undefined
          ? [process.execPath, 'run', app.getAppPath()]
          : [String(path), ...args.map(String)];
        return native.protocolSet(appName, String(protocol), JSON.stringify(command));
      },
      configurable: true,
      writable: true,
    },
    isDefaultProtocolClient: { value: (protocol) => native.protocolIs(appName, String(protocol)), configurable: true, writable: true },
    removeAsDefaultProtocolClient: { value: (protocol) => native.protocolRemove(appName, String(protocol)), configurable: true, writable: true },
  });

  Object.assign(electron, { shell, clipboard, dialog, Notification, nativeTheme, nativeImage, screen, powerSaveBlocker });

  return function dispatch(kind, id, name, json) {
    const data = json === undefined || json === null ? null : JSON.parse(json);
    if (kind === 'settle') {
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      if (name === 'ok') waiting.resolve(data ?? undefined);
      else waiting.reject(new Error(data));
    } else if (kind === 'notification') {
      notifications.get(id)?.receive(name, data ?? []);
    } else if (kind === 'theme') {
      nativeTheme.emit('updated');
    }
  };
})
