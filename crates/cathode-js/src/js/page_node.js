// Node in a page with node integration: the page's part of cathode-js's PageNodePlugin.
// `require` of the page's own files and of npm packages, each a CommonJS module as in Node (its
// own `module`, `exports`, `require`, `__filename`, `__dirname`; cached; a cycle sees partial
// exports; a module that throws is not cached), Node's pure-JavaScript built-ins run here, and
// the OS-bound ones (`fs`, `os`, `child_process`'s Sync forms, `crypto`'s digests) are served by
// main over synchronous requests, with Node's errors rebuilt (`code`, `errno`, `syscall`,
// `path`). Main finds and reads module files: a `file:` page cannot read them itself. The
// globals Electron gives such pages come too: `process`, `Buffer`, `global`, `setImmediate`,
// `module`, `exports`.
// Called with the runtime's bridge and `lib`: the module factories the main script uses (the
// same files) and `bytes`, this page's stand-in for main's native byte functions.
(function installPageNode(bridge, lib) {
  'use strict';

  // A synchronous request to main. Node's properties of a failure come as the error's data and
  // go back on the error.
  function call(channel, ...args) {
    try {
      return bridge.request(channel, args);
    } catch (err) {
      if (err && err.data !== null && typeof err.data === 'object') {
        Object.assign(err, err.data);
        delete err.data;
      }
      // The stack starts where the page called, as Node's does, not inside the runtime.
      if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(err, call);
      throw err;
    }
  }

  const bytes = lib.bytes();
  const packBytes = (value) => (ArrayBuffer.isView(value)
    ? { $bytes: bytes.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), 'base64') }
    : value);
  const unpackBytes = (value) => (value !== null && typeof value === 'object' && typeof value.$bytes === 'string'
    ? bytes.encode(value.$bytes, 'base64')
    : value);
  function packFields(object) {
    const out = {};
    for (const key of Object.keys(object)) out[key] = packBytes(object[key]);
    return out;
  }

  // ---- process, and what main's native bridge gives the modules -------------------------------

  let processInfo;
  const info = () => (processInfo ??= call('process'));
  const EventEmitter = lib.events();

  const process = Object.create(EventEmitter.prototype);
  EventEmitter.init.call(process);
  const started = performance.now();
  Object.assign(process, {
    type: 'renderer',
    title: 'cathode',
    execArgv: [],
    release: { name: 'cathode' },
    noDeprecation: false,
    cwd: () => info().cwd,
    nextTick(callback, ...args) {
      queueMicrotask(() => callback(...args));
    },
    hrtime: Object.assign((previous) => {
      const now = performance.now() - started;
      let s = Math.floor(now / 1000);
      let ns = Math.floor((now % 1000) * 1e6);
      if (Array.isArray(previous)) {
        s -= previous[0];
        ns -= previous[1];
        if (ns < 0) {
          s -= 1;
          ns += 1e9;
        }
      }
      return [s, ns];
    }, { bigint: () => BigInt(Math.floor(performance.now() * 1e6)) }),
    uptime: () => (performance.now() - started) / 1000,
    stdout: { write: (text) => (console.log(String(text).replace(/\n$/, '')), true), isTTY: false },
    stderr: { write: (text) => (console.error(String(text).replace(/\n$/, '')), true), isTTY: false },
  });
  for (const name of ['env', 'pid', 'platform', 'arch', 'versions', 'execPath', 'argv']) {
    Object.defineProperty(process, name, { get: () => info()[name], enumerable: true, configurable: true });
  }
  Object.defineProperty(process, 'version', { get: () => `v${info().versions.cathode}`, enumerable: true });

  const asyncCallbacks = new Map();
  let nextAsyncId = 1;
  // fs.js's callback and promise forms: here the work is one synchronous request, and its
  // outcome is handed to `done` later, as a callback of its own.
  const asyncOps = {
    start(launch, done) {
      const id = nextAsyncId++;
      asyncCallbacks.set(id, done);
      try {
        launch(id);
      } catch (err) {
        asyncCallbacks.delete(id);
        setTimeout(() => done(err), 0);
      }
    },
  };

  function fsOperation(name, args, id) {
    const run = () => unpackBytes(call('fs', name, packFields(args)));
    if (id === undefined) return run();
    let error = null;
    let value;
    try {
      value = run();
    } catch (err) {
      error = err;
    }
    setTimeout(() => {
      const done = asyncCallbacks.get(id);
      asyncCallbacks.delete(id);
      if (done) done(error, value);
    }, 0);
    return undefined;
  }

  function spawnFailure(raw) {
    const err = new Error(raw.message);
    for (const key of ['errno', 'code', 'syscall', 'path', 'spawnargs']) err[key] = raw[key];
    return err;
  }

  // This document's name for its children: events of an earlier document's children (killed
  // when it went away) are not this one's.
  const session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const childHooks = {};

  let uname;
  const native = {
    bytes,
    get platform() { return info().platform; },
    get arch() { return info().arch; },
    fs: fsOperation,
    get os() {
      uname ??= call('os', 'uname');
      return {
        ...uname,
        hostname: () => call('os', 'hostname'),
        homedir: () => call('os', 'homedir'),
        tmpdir: () => call('os', 'tmpdir'),
        memory: () => call('os', 'memory'),
        cpus: () => call('os', 'cpus'),
        userInfo: () => call('os', 'userInfo'),
      };
    },
    crypto: {
      hash: (algorithm, data) => unpackBytes(call('hash', algorithm, null, packBytes(data))),
      hmac: (algorithm, key, data) => unpackBytes(call('hash', algorithm, packBytes(key), packBytes(data))),
    },
    child: {
      spawnSync(options) {
        const raw = call('spawnSync', packFields(options));
        return {
          pid: raw.pid ?? undefined,
          status: raw.status,
          signal: raw.signal,
          stdout: unpackBytes(raw.stdout),
          stderr: unpackBytes(raw.stderr),
          error: raw.error ? spawnFailure(raw.error) : undefined,
        };
      },
      // A child of this document: main streams its events back as messages (see `dispatch`).
      spawn: (options, id) => call('childSpawn', session, id, packFields(options)),
      write: (id, data) => call('childWrite', session, id, packBytes(data)),
      end: (id) => call('childEnd', session, id),
      kill: (id, signal) => call('childKill', session, id, signal),
      forget: (id) => call('childForget', session, id),
    },
  };
  const web = {
    TextEncoder,
    TextDecoder,
    crypto: {
      randomUUID: () => globalThis.crypto.randomUUID(),
      getRandomValues: (array) => globalThis.crypto.getRandomValues(array),
    },
  };

  // ---- built-ins ---------------------------------------------------------------------------

  // The page's own URL class, with url.js's functions made to take it.
  function urlModule() {
    const base = lib.url(native, builtin('path'));
    const own = (value) => (value instanceof URL ? new base.URL(value.href) : value);
    return {
      ...base,
      URL,
      URLSearchParams,
      fileURLToPath: (value) => base.fileURLToPath(own(value)),
      pathToFileURL: (file) => new URL(base.pathToFileURL(file).href),
      format: (value, options) => base.format(own(value), options),
      urlToHttpOptions: (value) => base.urlToHttpOptions(own(value)),
    };
  }

  let inspectModule;
  const factories = {
    path: () => lib.path(),
    'path/posix': () => builtin('path'),
    events: () => EventEmitter,
    process: () => process,
    buffer: () => lib.buffer(native),
    url: urlModule,
    util: () => lib.util(inspectModule ??= lib.inspect(), web),
    'util/types': () => builtin('util').types,
    assert: () => lib.assert(builtin('util')),
    'assert/strict': () => builtin('assert').strict,
    querystring: () => lib.querystring(),
    string_decoder: () => lib.string_decoder(builtin('buffer')),
    stream: () => lib.stream(EventEmitter, builtin('buffer'), builtin('string_decoder')),
    'stream/promises': () => builtin('stream').promises,
    fs: () => lib.fs(native, builtin('buffer'), builtin('url'), asyncOps, builtin('stream'), { EventEmitter }),
    'fs/promises': () => builtin('fs').promises,
    os: () => lib.os(native),
    crypto: () => lib.crypto(native, builtin('buffer'), web),
    child_process: () => lib.child_process(native, EventEmitter, builtin('buffer'), childHooks, builtin('stream')),
    timers: () => ({ setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate }),
    module: () => Module,
  };
  const builtinCache = new Map();
  // Node's other built-ins: named, not looked for as files.
  const UNAVAILABLE = ['async_hooks', 'cluster', 'console', 'constants', 'dgram', 'diagnostics_channel',
    'dns', 'dns/promises', 'domain', 'http', 'http2', 'https', 'inspector', 'net', 'perf_hooks',
    'punycode', 'readline', 'readline/promises', 'repl', 'stream/web', 'sys', 'timers/promises', 'tls',
    'trace_events', 'tty', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test'];

  // A built-in by name (`fs` and `node:fs` are one module); undefined for other names.
  function builtin(id) {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    if (!Object.prototype.hasOwnProperty.call(factories, name)) {
      if (UNAVAILABLE.includes(name)) {
        const err = new Error(`module '${name}' is not available in cathode pages`);
        err.code = 'ERR_CATHODE_MODULE_UNAVAILABLE';
        throw err;
      }
      if (id.startsWith('node:')) {
        const err = new Error(`No such built-in module: ${id}`);
        err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
        throw err;
      }
      return undefined;
    }
    if (!builtinCache.has(name)) builtinCache.set(name, factories[name]());
    return builtinCache.get(name);
  }

  // ---- CommonJS ----------------------------------------------------------------------------

  class Module {
    constructor(filename, parent) {
      this.id = filename;
      this.filename = filename;
      this.path = filename.slice(0, filename.lastIndexOf('/')) || '/';
      this.exports = {};
      this.parent = parent || null;
      this.children = [];
      this.loaded = false;
      if (parent) parent.children.push(this);
    }
    require(request) {
      return requireFrom(this, request);
    }
  }
  Module._cache = Object.create(null);
  Module.builtinModules = Object.keys(factories);
  Module.createRequire = (filename) => makeRequire(new Module(`${filename}`.startsWith('file:')
    ? builtin('url').fileURLToPath(filename) : `${filename}`, null));

  function requireStack(parent) {
    const stack = [];
    for (let m = parent; m; m = m.parent) stack.push(m.filename);
    return stack;
  }

  // Main resolves the request from the module's folder and reads the file.
  function find(request, parent) {
    try {
      return call('load', request, parent.path);
    } catch (err) {
      if (err.code === 'MODULE_NOT_FOUND') {
        const stack = requireStack(parent);
        err.message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
        err.requireStack = stack;
      }
      throw err;
    }
  }

  const resolved = new Map(); // folder + request -> filename
  function requireFrom(parent, request) {
    if (typeof request !== 'string' || request === '') {
      const err = new TypeError(`The argument 'id' must be a non-empty string. Received ${request === '' ? "''" : typeof request}`);
      err.code = 'ERR_INVALID_ARG_VALUE';
      throw err;
    }
    const found = builtin(request);
    if (found !== undefined) return found;
    // As Node's relativeResolveCache: a request a folder made before, of a module still
    // cached, needs no trip to main.
    const key = `${parent.path}\0${request}`;
    const known = Module._cache[resolved.get(key)];
    if (known !== undefined) {
      if (!parent.children.includes(known)) parent.children.push(known);
      return known.exports;
    }
    const loaded = find(request, parent);
    resolved.set(key, loaded.filename);
    const cached = Module._cache[loaded.filename];
    if (cached !== undefined) {
      if (!parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    const module = new Module(loaded.filename, parent);
    Module._cache[loaded.filename] = module;
    let threw = true;
    try {
      run(module, loaded);
      threw = false;
    } finally {
      if (threw) delete Module._cache[loaded.filename];
    }
    return module.exports;
  }

  function makeRequire(module) {
    const require = (request) => requireFrom(module, request);
    require.resolve = (request) => (builtin(request) !== undefined ? request : find(request, module).filename);
    require.cache = Module._cache;
    Object.defineProperty(require, 'main', { get: pageModule, enumerable: true });
    return require;
  }

  function run(module, loaded) {
    const { filename, source } = loaded;
    if (loaded.json) {
      try {
        module.exports = JSON.parse(source);
      } catch (err) {
        err.message = `${filename}: ${err.message}`;
        throw err;
      }
    } else {
      // The wrapper's head shares the first line, so stacks give the file's own lines; a
      // shebang becomes a comment. The page's CSP must allow eval, as for any module loader.
      const text = source.startsWith('#!') ? `//${source.slice(2)}` : source;
      const wrapper = (0, eval)(
        `(function (exports, require, module, __filename, __dirname) {${text}\n})\n//# sourceURL=${filename}`);
      wrapper.call(module.exports, module.exports, makeRequire(module), module, filename, module.path);
    }
    module.loaded = true;
  }

  // The page itself is the main module: `module`, `exports` and relative requires are its. A
  // page that is not a file has main's working folder as its own.
  let pageModuleValue;
  function pageModule() {
    if (pageModuleValue === undefined) {
      const file = location.protocol === 'file:'
        ? decodeURIComponent(location.pathname)
        : `${info().cwd}/index.html`;
      pageModuleValue = new Module(file, null);
      pageModuleValue.loaded = true;
    }
    return pageModuleValue;
  }

  // ---- globals -----------------------------------------------------------------------------

  function defineGlobal(name, get) {
    if (name in globalThis) return;
    let value;
    let made = false;
    Object.defineProperty(globalThis, name, {
      get() {
        if (!made) {
          value = get();
          made = true;
        }
        return value;
      },
      set(replacement) {
        value = replacement;
        made = true;
      },
      configurable: true,
    });
  }
  defineGlobal('process', () => process);
  defineGlobal('global', () => globalThis);
  defineGlobal('Buffer', () => builtin('buffer').Buffer);
  defineGlobal('module', pageModule);
  defineGlobal('exports', () => pageModule().exports);
  defineGlobal('setImmediate', () => (callback, ...args) => setTimeout(callback, 0, ...args));
  defineGlobal('clearImmediate', () => (handle) => clearTimeout(handle));

  return {
    require: (name) => requireFrom(pageModule(), name),
    // Main's messages: a `spawn`ed child's output, end of output, exit and close.
    dispatch(envelope) {
      const [document, id, kind, data] = envelope.args;
      if (envelope.channel !== 'child' || document !== session || !childHooks.childEvent) return;
      childHooks.childEvent(id, kind, unpackBytes(data));
    },
  };
})
