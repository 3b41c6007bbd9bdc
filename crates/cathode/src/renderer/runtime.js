// cathode's renderer runtime: `require('electron')` with `ipcRenderer`, and whatever the app's
// plugins add to it, injected before any page script; then the window's preload, if any. It runs in
// the page's main world, or, with context isolation, in an isolated world of cathode's that the
// page's scripts cannot see. Everything it needs comes in `config` (the private binding that
// carries messages to main and how a long message is cut in pieces for it, the name under which
// main reaches the dispatcher, the reserved URL of synchronous requests and, when isolated, the
// secret their bodies start with, the size limit, which documents get the runtime, whether the page
// itself gets `require`, the preload's path and the `process` it sees) and it touches no page
// globals but `require`, `__dirname` and `__filename`, and only when the page has node integration.
// Each of `extensions` is a plugin's part: `{kind, config, install}`, where `install(bridge)` gets
// requests and messages bound to the plugin's kind and may return `{dispatch, properties, require}`
// (see cathode's `RendererScript`); a part's `require(name)` answers `require` for names other than
// `electron`, or returns `undefined` to pass. `values` is the codec of IPC's values (`values.js`):
// what `ipcRenderer` sends and receives goes through it; plugins' parts carry their own JSON.
// `bridge`, given to an isolated runtime, holds the two scripts of `contextBridge` (`end`:
// bridge_main.js, whose main-world copy main installs first; `isolated`: bridge_isolated.js);
// without it `contextBridge` refuses, as Electron's does without context isolation. `ports` is
// `ports.js`, Electron's MessagePorts on top of the runtime's messages. `bytes` is `bytes.js`,
// bound to the app's URL of held bytes: it fetches the large binary values of main's messages.
//
// The preload's own script comes after this one, in the same world: it calls the function named
// `config.preloadHook` with the preload's code wrapped as a function of Electron's sandboxed
// preload parameters; a last script calls it with `null` when the preload did not compile.
(function installCathodeRuntime(config, extensions, values, bridge, ports, bytes) {
  'use strict';

  // Only documents main trusts get the runtime: the page's top frame (other frames too when the
  // window enables nodeIntegrationInSubFrames) showing an origin main loaded or the app listed.
  // Main applies the same rule to everything it receives, from what the browser reports, so this
  // check is a courtesy to the page, not the defence.
  // The document's own origin (`null` in a sandboxed frame), not its URL's (`location.origin`);
  // Chromium gives `file:` documents an opaque one, and calls their origin `file://`.
  // A `data:` document (opaque origin) counts only in the top frame, as a URL main loaded; both
  // sides go through the URL parser, and the fragment does not count.
  const isTopFrame = globalThis === globalThis.top;
  const origin = location.protocol === 'file:' ? 'file://' : globalThis.origin;
  const withoutFragment = (url) => {
    try { return new URL(url).href.split('#')[0]; } catch { return url; }
  };
  const trustedDocument = origin === 'null'
    ? isTopFrame && config.trusted.urls.map(withoutFragment).includes(withoutFragment(location.href))
    : config.trusted.origins.includes(origin);
  if (!(isTopFrame || config.subframes) || !trustedDocument) {
    delete globalThis[config.binding]; // a plain web page: not even the binding stays in sight
    return;
  }
  const binding = globalThis[config.binding];
  if (typeof binding !== 'function' || globalThis[config.dispatcher]) {
    return; // no binding in this context, or the runtime is already installed
  }

  // A long message goes in pieces of `config.pieces.length` characters, each starting with a
  // marker (`first`, `more`, and `last` for the last): Chromium copies a binding's argument
  // several times, and a large string takes fresh pages of memory at each copy where small ones
  // reuse its pools (see cathode's `pieces.rs`). A surrogate pair stays in one piece. A port's
  // data channel (`ports.js`) sends its long messages the same way.
  function sendInPieces(message, send) {
    const { first, more, last, length } = config.pieces;
    if (message.length <= length) {
      send(message);
      return;
    }
    let start = 0;
    let marker = first;
    while (message.length - start > length) {
      let end = start + length;
      const code = message.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
      send(marker + message.slice(start, end));
      marker = more;
      start = end;
    }
    send(last + message.slice(start));
  }

  function postToMain(message) {
    sendInPieces(message, binding);
  }
  const ENVELOPE_VERSION = 1;

  // Node's EventEmitter, reduced to what Electron's renderer API exposes.
  class EventEmitter {
    #listeners = new Map();

    on(channel, listener) {
      checkListener(listener);
      const list = this.#listeners.get(channel) ?? [];
      list.push({ listener, once: false });
      this.#listeners.set(channel, list);
      return this;
    }

    addListener(channel, listener) {
      return this.on(channel, listener);
    }

    once(channel, listener) {
      this.on(channel, listener);
      this.#listeners.get(channel).at(-1).once = true;
      return this;
    }

    removeListener(channel, listener) {
      const list = this.#listeners.get(channel);
      if (!list) return this;
      const index = list.findLastIndex((entry) => entry.listener === listener);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) this.#listeners.delete(channel);
      return this;
    }

    off(channel, listener) {
      return this.removeListener(channel, listener);
    }

    removeAllListeners(channel) {
      if (channel === undefined) this.#listeners.clear();
      else this.#listeners.delete(channel);
      return this;
    }

    listenerCount(channel) {
      return this.#listeners.get(channel)?.length ?? 0;
    }

    listeners(channel) {
      return (this.#listeners.get(channel) ?? []).map((entry) => entry.listener);
    }

    emit(channel, ...args) {
      const list = this.#listeners.get(channel);
      if (!list) return false;
      for (const entry of [...list]) {
        if (entry.once) this.removeListener(channel, entry.listener);
        try {
          entry.listener.apply(this, args);
        } catch (error) {
          // One failing listener must not keep the others from their message.
          reportError(error);
        }
      }
      return true;
    }
  }

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`The "listener" argument must be a function, got ${typeof listener}`);
    }
  }

  function checkChannel(channel) {
    if (typeof channel !== 'string' || channel.length === 0) {
      throw new TypeError('IPC channel must be a non-empty string');
    }
  }

  function encode(kind, channel, args, id) {
    checkChannel(channel);
    return JSON.stringify({ v: ENVELOPE_VERSION, kind, id, channel, args });
  }

  // sendSync and invoke refuse oversized messages here, where the caller can be told; main
  // refuses them too, and logs oversized `send` messages.
  // The limit is in bytes of UTF-8, as main counts them; a character is at most three of them.
  function checkSize(channel, message) {
    if (message.length * 3 <= config.maxMessageSize) return;
    const bytes = new TextEncoder().encode(message).length;
    if (bytes > config.maxMessageSize) {
      throw new Error(
        `the IPC message on '${channel}' is ${bytes} bytes, over the ${config.maxMessageSize}-byte limit`);
    }
  }

  function errorFromMain(error) {
    const rebuilt = new Error(error.message);
    rebuilt.name = error.name;
    if ('data' in error) rebuilt.data = error.data;
    return rebuilt;
  }

  const ipcRenderer = new EventEmitter();
  // MessagePorts (`ports.js`): `ipcRenderer.postMessage`, and main's port messages.
  const messagePorts = ports({
    postToMain,
    sendInPieces,
    pieceMarkers: config.pieces,
    encode,
    values,
    ipcRenderer,
    reportError,
  });
  ipcRenderer.postMessage = messagePorts.postMessage;

  ipcRenderer.send = function send(channel, ...args) {
    postToMain(encode('send', channel, values.encode(args)));
  };

  // Blocks until main answers: a synchronous request to the reserved URL, which only this page's
  // own DevTools session pauses and answers.
  function syncRequest(kind, channel, args) {
    const message = encode(kind, channel, args);
    checkSize(channel, message);
    const request = new XMLHttpRequest();
    request.open('POST', config.syncUrl, false);
    request.setRequestHeader('Content-Type', 'text/plain;charset=UTF-8');
    try {
      request.send(config.syncSecret ? config.syncSecret + message : message);
    } catch (error) {
      // The request never left the page: most often its Content-Security-Policy forbids it.
      const hint = error.name === 'NetworkError'
        ? ` (a page whose Content-Security-Policy restricts connect-src must allow ${new URL(config.syncUrl).origin})`
        : '';
      throw new Error(`sync request on '${channel}' failed: ${error.message}${hint}`);
    }
    if (request.status !== 200) {
      throw new Error(`sync request on '${channel}' failed with status ${request.status}`);
    }
    const answer = JSON.parse(request.responseText);
    if ('error' in answer) throw errorFromMain(answer.error);
    return answer.ok;
  }

  ipcRenderer.sendSync = function sendSync(channel, ...args) {
    return values.decode(syncRequest('sync', channel, values.encode(args)));
  };

  let nextInvokeId = 1;
  const pendingInvokes = new Map();

  ipcRenderer.invoke = function invoke(channel, ...args) {
    return new Promise((resolve, reject) => {
      const id = nextInvokeId++;
      const message = encode('invoke', channel, values.encode(args), id);
      checkSize(channel, message);
      pendingInvokes.set(id, { resolve, reject });
      postToMain(message);
    });
  };

  // Main's requests to this page (its webContents.invoke): one handler per channel, as ipcMain's.
  const handlers = new Map();

  ipcRenderer.handle = function handle(channel, handler) {
    checkChannel(channel);
    if (typeof handler !== 'function') {
      throw new TypeError(`The "handler" argument must be a function, got ${typeof handler}`);
    }
    if (handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    handlers.set(channel, handler);
  };

  ipcRenderer.handleOnce = function handleOnce(channel, handler) {
    ipcRenderer.handle(channel, function once(...args) {
      handlers.delete(channel);
      return handler.apply(this, args);
    });
  };

  ipcRenderer.removeHandler = function removeHandler(channel) {
    handlers.delete(channel);
  };

  // Runs the handler and answers main with `[{ok: value}]` or `[{error: {name, message}}]`.
  async function answerRequest({ id, channel, args }) {
    const reply = (outcome) => postToMain(encode('reply', channel, [outcome], id));
    const failure = (error) => ({
      error: {
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      },
    });
    let outcome;
    try {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = { sender: ipcRenderer, senderId: 0 };
      outcome = { ok: values.encode(await handler(event, ...values.decode(args))) };
      checkSize(channel, encode('reply', channel, [outcome], id));
    } catch (error) {
      outcome = failure(error);
    }
    reply(outcome);
  }

  // Main calls this (through Runtime.evaluate) with one envelope.
  function dispatchFromMain(envelope) {
    if (envelope.kind === 'send') {
      // Older Electron semantics that existing pages rely on: event.sender is ipcRenderer.
      const event = { sender: ipcRenderer, senderId: 0 };
      ipcRenderer.emit(envelope.channel, event, ...values.decode(envelope.args));
    } else if (envelope.kind === 'request') {
      answerRequest(envelope);
    } else if (envelope.kind === 'result') {
      const pending = pendingInvokes.get(envelope.id);
      if (!pending) return;
      pendingInvokes.delete(envelope.id);
      if ('error' in envelope) pending.reject(errorFromMain(envelope.error));
      else pending.resolve(values.decode(envelope.ok));
    } else if (!messagePorts.dispatch(envelope)) {
      installed.get(envelope.kind)?.dispatch?.(envelope);
    }
  }

  // Main calls this with each message, and with the tokens of its large bytes when it has some.
  // Messages are taken in the order main sent them: one whose bytes are still on their way holds
  // back every later one.
  const waiting = []; // {envelope, ready}, in main's order
  function receiveFromMain(envelope, tokens) {
    if (envelope.kind === 'held-bytes') {
      // Bytes this page could not fetch, sent inside a message: the message they belong to is
      // among the waiting ones, so this one does not wait.
      const [base64] = envelope.args;
      bytes.arrived(envelope.channel, typeof base64 === 'string' ? values.fromBase64(base64).buffer : null);
      return;
    }
    if (tokens === undefined && waiting.length === 0) {
      dispatchFromMain(envelope);
      return;
    }
    const entry = { envelope, ready: tokens === undefined };
    waiting.push(entry);
    if (entry.ready) return;
    const askMain = (token) => postToMain(encode('held-bytes', token, []));
    bytes.receive(envelope, tokens, askMain).then(
      () => { entry.ready = true; },
      (error) => {
        entry.ready = true;
        entry.envelope = undeliverable(envelope, error);
      },
    ).then(dispatchWaiting);
  }

  function dispatchWaiting() {
    while (waiting.length > 0 && waiting[0].ready) {
      const { envelope } = waiting.shift();
      try {
        if (envelope) dispatchFromMain(envelope);
      } catch (error) {
        reportError(error);
      }
    }
  }

  // A message whose bytes did not arrive: a request from main is answered, and an invoke's
  // result rejects, with why; anything else is reported in the console.
  function undeliverable(envelope, error) {
    const why = { name: 'Error', message: error.message };
    if (envelope.kind === 'result') return { kind: 'result', id: envelope.id, error: why };
    if (envelope.kind === 'request') {
      postToMain(encode('reply', envelope.channel, [{ error: why }], envelope.id));
    } else {
      reportError(error);
    }
    return null;
  }
  Object.defineProperty(globalThis, config.dispatcher, { value: receiveFromMain });

  const contextBridge = bridge
    ? bridge.isolated({ main: config.bridgeChannel, worlds: {} }, bridge.end, [ipcRenderer])
    : Object.freeze({
        exposeInMainWorld: refuseBridge,
        exposeInIsolatedWorld: refuseBridge,
      });
  function refuseBridge() {
    throw new Error('contextBridge API can only be used when contextIsolation is enabled');
  }

  const electron = { ipcRenderer, contextBridge };
  exposeMainsApis(config.mainWorldApis);

  // The APIs a Rust main gives the page's world (cathode's `MainWorldApi`): each function is one
  // of main's IPC channels. Without context isolation there is no bridge to give them through.
  function exposeMainsApis(apis) {
    const callers = {
      invoke: (channel) => (...args) => ipcRenderer.invoke(channel, ...args),
      sync: (channel) => (...args) => ipcRenderer.sendSync(channel, ...args),
      send: (channel) => (...args) => { ipcRenderer.send(channel, ...args); },
      listener: (channel) => (callback) => {
        ipcRenderer.on(channel, (event, ...args) => callback(...args));
      },
    };
    for (const { key, functions } of apis) {
      const api = {};
      for (const { name, channel, kind } of functions) api[name] = callers[kind](channel);
      try {
        contextBridge.exposeInMainWorld(key, api);
      } catch (error) {
        reportError(new Error(`cathode could not expose '${key}' to the page: ${error.message}`));
      }
    }
  }
  const installed = new Map(); // kind -> what the plugin's part returned
  for (const extension of extensions) {
    const part = extension.install({
      config: extension.config,
      request: (channel, args) => syncRequest(extension.kind, channel, args),
      post: (channel, args) => postToMain(encode(extension.kind, channel, args)),
      errorFromMain,
      values,
    }) ?? {};
    installed.set(extension.kind, part);
    if (part.properties) Object.defineProperties(electron, part.properties);
  }
  Object.freeze(electron);

  // `require` of the page (with node integration) and of the preload: `electron`, then what the
  // plugins' parts answer; `undefined` for anything else.
  function requireShared(name) {
    // Electron 12+ pages name the renderer's part (or the common one) of the module.
    if (name === 'electron' || name === 'electron/renderer' || name === 'electron/common') return electron;
    for (const part of installed.values()) {
      const found = part.require?.(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  if (config.pageRequire) {
    const pageRequire = globalThis.require;
    globalThis.require = function require(name) {
      const found = requireShared(name);
      if (found !== undefined) return found;
      if (typeof pageRequire === 'function') return pageRequire(name);
      throw new Error(`Cannot find module '${name}': cathode pages can require only 'electron'`);
    };

    if (location.protocol === 'file:') {
      const filename = decodeURIComponent(location.pathname);
      globalThis.__filename = filename;
      globalThis.__dirname = filename.slice(0, filename.lastIndexOf('/')) || '/';
    }
  }

  if (config.preload) installPreload(config.preload);

  // What a preload gets, as Electron's sandboxed preloads: a `require` of `electron`, `events`,
  // `timers` and `url` (and the plugins' names), and a small `process`.
  function installPreload(preload) {
    const setImmediate = (callback, ...args) => setTimeout(callback, 0, ...args);
    const clearImmediate = (id) => clearTimeout(id);
    const events = EventEmitter;
    const modules = {
      events: Object.assign(events, { EventEmitter }),
      timers: { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate },
      url: { URL, URLSearchParams, fileURLToPath, pathToFileURL },
    };
    function preloadRequire(name) {
      const bare = typeof name === 'string' && name.startsWith('node:') ? name.slice(5) : name;
      if (Object.hasOwn(modules, bare)) return modules[bare];
      const found = requireShared(name);
      if (found !== undefined) return found;
      throw new Error(`module not found: ${name}`);
    }
    const process = Object.assign(new EventEmitter(), {
      versions: Object.freeze({ ...config.process.versions }),
      platform: config.process.platform,
      arch: config.process.arch,
      version: `v${config.process.versions.node}`,
      env: {},
      argv: [],
      execArgv: [],
      type: 'renderer',
      contextIsolated: config.process.contextIsolated,
      sandboxed: config.process.sandboxed,
    });

    function report(error) {
      const detail = error instanceof Error
        ? { name: error.name, message: error.message, stack: String(error.stack ?? '') }
        : { name: 'Error', message: String(error), stack: '' };
      try { postToMain(encode('preload-error', preload.path, [detail])); } catch { /* main is gone */ }
    }

    if (typeof preload.error === 'string') {
      report(new Error(preload.error));
      return;
    }
    Object.defineProperty(globalThis, config.preloadHook, {
      configurable: true,
      value: function runPreload(code, source) {
        delete globalThis[config.preloadHook];
        if (typeof code !== 'function') {
          // The preload's script did not run: compile it again to learn why.
          let failure = new SyntaxError('the preload script does not compile');
          try {
            new Function('require', 'process', 'module', 'exports', 'global', 'setImmediate',
              'clearImmediate', source);
          } catch (error) { failure = error; }
          report(failure);
          return;
        }
        const module = { exports: {} };
        try {
          code.call(module.exports, preloadRequire, process, module, module.exports, globalThis,
            setImmediate, clearImmediate);
        } catch (error) {
          report(error);
        }
      },
    });
  }

  function fileURLToPath(url) {
    const parsed = url instanceof URL ? url : new URL(url);
    if (parsed.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
    return decodeURIComponent(parsed.pathname);
  }

  function pathToFileURL(path) {
    const url = new URL('file://');
    url.pathname = path;
    return url;
  }
})
