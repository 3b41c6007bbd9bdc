// cathode's remote module for pages (Electron's `remote` and the `@electron/remote` package):
// proxies for main-process objects.
// Main describes each object (its methods and properties, whether it can be called or
// constructed); a proxy turns every use into a synchronous request. Functions passed to main stay
// here and are called back. Proxies that are collected are released in batches, so main's
// registry shrinks with the page's use. Installed by cathode's renderer runtime as the part of the
// remote plugin: `bridge` carries its requests (kind `remote`) and main's messages to it.
(function installRemote(bridge) {
  'use strict';

  const proxies = new Map(); // object id -> WeakRef of its proxy
  const handedOut = new Map(); // object id -> times main sent it and this page did not release
  const proxyIds = new WeakMap(); // proxy -> object id, to pass proxies back
  const callbacks = new Map(); // pass id -> page function that main holds
  const functionIds = new WeakMap(); // page function -> stable id (its identity for main)
  let nextPassId = 1;
  let nextFunctionId = 1;
  const promises = new Map(); // promise id -> { resolve, reject }
  // A promise main settled before this page saw it: the settlement may overtake the answer that
  // carries the promise, so it waits here for it.
  const earlySettlements = new Map();
  const releases = [];
  let releaseScheduled = false;

  const finalizer = new FinalizationRegistry((id) => {
    // A newer proxy for the same object may exist already: then keep counting for it.
    if (proxies.get(id)?.deref() !== undefined) return;
    releases.push([id, handedOut.get(id) ?? 0]);
    proxies.delete(id);
    handedOut.delete(id);
    if (!releaseScheduled) {
      releaseScheduled = true;
      setTimeout(flushReleases, 0);
    }
  });

  function flushReleases() {
    releaseScheduled = false;
    const batch = releases.splice(0);
    if (batch.length > 0) bridge.post('release', batch);
  }

  const { toBase64: bytesToBase64, fromBase64: base64ToBytes } = bridge.values;
  const { encode: encodeStructured, decode: decodeStructured } = bridge.values;
  const { isView } = ArrayBuffer;

  function isPlain(meta) {
    return meta.type === 'value';
  }

  const DATA_TYPES = new Set(['value', 'undefined', 'structured', 'date', 'buffer', 'error']);
  function isData(meta) {
    return DATA_TYPES.has(meta.type);
  }

  // Data that JSON cannot carry as itself goes in the tagged form of IPC's values (`values.js`).
  function structured(value) {
    return { type: 'structured', value: encodeStructured(value) };
  }

  function isSpecialNumber(value) {
    return typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0));
  }

  // A page value as main receives it. Arrays and plain objects are walked so that functions and
  // proxies inside them stay references.
  function toMeta(value) {
    return describe(value, new Set());
  }

  function describe(value, seen) {
    if (value === undefined) return { type: 'undefined' };
    if (typeof value === 'bigint' || isSpecialNumber(value)) return structured(value);
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      return { type: 'value', value };
    }
    if (proxyIds.has(value)) return { type: 'remote-object', id: proxyIds.get(value) };
    if (typeof value === 'function') return functionMeta(value);
    if (value instanceof Date) return { type: 'date', value: value.getTime() };
    if (value instanceof Error) return { type: 'error', name: value.name, message: value.message };
    if (value instanceof ArrayBuffer) return { type: 'buffer', base64: bytesToBase64(new Uint8Array(value)) };
    if (value instanceof Uint8Array) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      return { type: 'buffer', base64: bytesToBase64(bytes) };
    }
    if (isView(value) || value instanceof Map || value instanceof Set || value instanceof RegExp) {
      return structured(value);
    }
    if (seen.has(value)) throw new TypeError('Cannot pass a cyclic object to the main process');
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        const items = Array.from(value, (item) => describe(item, seen));
        if (items.every(isPlain)) return { type: 'value', value: items.map((item) => item.value) };
        // Holes read as `undefined` above; the tagged form keeps them as holes.
        const sparse = Object.keys(value).length !== value.length;
        return sparse && items.every(isData) ? structured(value) : { type: 'array', items };
      }
      const entries = {};
      for (const [key, item] of Object.entries(value)) entries[key] = describe(item, seen);
      const metas = Object.values(entries);
      if (metas.every(isPlain)) {
        return { type: 'value', value: Object.fromEntries(Object.entries(entries).map(([k, m]) => [k, m.value])) };
      }
      return { type: 'record', entries };
    } finally {
      seen.delete(value);
    }
  }

  function functionMeta(fn) {
    let identity = functionIds.get(fn);
    if (identity === undefined) {
      identity = nextFunctionId++;
      functionIds.set(fn, identity);
    }
    const id = nextPassId++;
    callbacks.set(id, fn);
    return { type: 'function', id, fn: identity };
  }

  // A value main sent, as the page uses it.
  function fromMeta(meta) {
    switch (meta.type) {
      case 'undefined':
        return undefined;
      case 'value':
        return meta.value;
      case 'structured':
        return decodeStructured(meta.value);
      case 'buffer':
        return base64ToBytes(meta.base64);
      case 'date':
        return new Date(meta.value);
      case 'error':
        return bridge.errorFromMain(meta);
      case 'array':
        return meta.items.map(fromMeta);
      case 'record':
        return Object.fromEntries(Object.entries(meta.entries).map(([key, item]) => [key, fromMeta(item)]));
      case 'object':
        return proxyFor(meta);
      case 'promise':
        return new Promise((resolve, reject) => {
          promises.set(meta.id, { resolve, reject });
          const early = earlySettlements.get(meta.id);
          if (early) {
            earlySettlements.delete(meta.id);
            settle(meta.id, early);
          }
        });
      case 'callback':
        return callbacks.get(meta.id);
      default:
        throw new TypeError(`unknown remote value type '${meta.type}'`);
    }
  }

  function request(op, args) {
    return fromMeta(bridge.request(op, args));
  }

  // The same main object is the same proxy while the page holds it.
  function proxyFor(meta) {
    handedOut.set(meta.id, (handedOut.get(meta.id) ?? 0) + 1);
    const existing = proxies.get(meta.id)?.deref();
    if (existing !== undefined) return existing;
    const proxy = makeProxy(meta);
    proxies.set(meta.id, new WeakRef(proxy));
    proxyIds.set(proxy, meta.id);
    finalizer.register(proxy, meta.id);
    return proxy;
  }

  function makeProxy(meta) {
    const id = meta.id;
    let proxy;
    if (meta.callable || meta.constructible) {
      proxy = function (...args) {
        const metas = args.map((arg) => toMeta(arg));
        return new.target ? request('construct', [id, metas]) : request('call', [id, metas]);
      };
      Object.defineProperty(proxy, 'name', { value: meta.name });
    } else {
      proxy = {};
      Object.defineProperty(proxy, Symbol.toStringTag, { value: meta.name });
    }
    for (const member of meta.members) {
      const name = member.name;
      if (member.kind === 'method') {
        Object.defineProperty(proxy, name, {
          enumerable: true,
          configurable: true,
          value: function (...args) {
            return request('member-call', [id, name, args.map((arg) => toMeta(arg))]);
          },
        });
      } else {
        Object.defineProperty(proxy, name, {
          enumerable: true,
          configurable: true,
          get: () => request('member-get', [id, name]),
          set: member.writable
            ? (value) => { bridge.request('member-set', [id, name, toMeta(value)]); }
            : () => { throw new TypeError(`Cannot assign to read only property '${name}' of ${meta.name}`); },
        });
      }
    }
    return proxy;
  }

  // Messages from main: calls of page functions, their release, settled promises.
  function dispatch({ channel, args: [id, payload] }) {
    if (channel === 'callback') {
      const fn = callbacks.get(id);
      if (!fn) return;
      try {
        fn(...payload.map(fromMeta));
      } catch (error) {
        reportError(error);
      }
    } else if (channel === 'callback-release') {
      callbacks.delete(id);
    } else if (channel === 'settle') {
      if (promises.has(id)) settle(id, payload);
      else earlySettlements.set(id, payload);
    }
  }

  function settle(id, settlement) {
    const pending = promises.get(id);
    promises.delete(id);
    if ('error' in settlement) pending.reject(bridge.errorFromMain(settlement.error));
    else pending.resolve(fromMeta(settlement.ok));
  }

  const builtins = new Map();
  function builtin(name) {
    if (!builtins.has(name)) builtins.set(name, request('builtin', [name]));
    return builtins.get(name);
  }

  const api = Object.freeze({
    get app() {
      return builtin('app');
    },
    get BrowserWindow() {
      return builtin('BrowserWindow');
    },
    get process() {
      return request('process', []);
    },
    getCurrentWindow: () => request('current-window', []),
    getCurrentWebContents: () => request('current-web-contents', []),
    getGlobal: (name) => request('get-global', [name]),
    require: (name) => request('require', [name]),
  });

  // `require('electron').remote` where the window's preferences enable it (Electron before 14);
  // `require('@electron/remote')` always, as the package is: main refuses its use until it
  // enables the module for the window (`require('@electron/remote/main').enable(webContents)`).
  const disabled = () => { throw new Error(bridge.config.disabledMessage); };
  const remote = bridge.config.enabled ? { value: api } : { get: disabled };
  const packageNames = ['@electron/remote', '@electron/remote/renderer'];
  return {
    dispatch,
    properties: { remote: { ...remote, enumerable: true } },
    require: (name) => (packageNames.includes(name) ? api : undefined),
  };
})
