// The main process's globals (console, timers, process) and Node's CommonJS loader.
// Called once with `native` (functions from Rust) and `lib` (path, events, inspect); returns the
// hooks the Rust event loop calls.
(function (native, lib) {
  'use strict';

  const path = lib.path;
  const EventEmitter = lib.events;
  const { inspect, format } = lib.inspect;
  const global = globalThis;

  // ---- process -------------------------------------------------------------------------------

  const process = Object.create(EventEmitter.prototype);
  EventEmitter.init.call(process);
  Object.assign(process, {
    title: 'cathode',
    argv: [native.argv0],
    argv0: native.argv0,
    execArgv: [],
    execPath: native.argv0,
    env: native.env,
    platform: native.platform,
    arch: native.arch,
    pid: native.pid,
    versions: native.versions,
    version: `v${native.versions.cathode}`,
    release: { name: 'cathode' },
    exitCode: undefined,
    type: 'browser', // Electron's name for the main process.
    cwd: () => native.cwd(),
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      const finalCode = (process.exitCode | 0);
      if (!exiting) {
        exiting = true;
        process.emit('exit', finalCode);
      }
      native.exit(process.exitCode | 0);
    },
    nextTick(callback, ...args) {
      if (typeof callback !== 'function') throw invalidCallback(callback);
      ticks.push({ callback, args });
    },
    hrtime: Object.assign(
      (previous) => {
        const now = performanceNow();
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
      },
      { bigint: () => BigInt(Math.floor(performanceNow() * 1e6)) },
    ),
    uptime: () => performanceNow() / 1000,
    stdout: { write: (text) => (native.write(1, String(text)), true), isTTY: false },
    stderr: { write: (text) => (native.write(2, String(text)), true), isTTY: false },
  });
  let exiting = false;
  const started = Date.now();
  function performanceNow() {
    return typeof performance === 'object' && performance.now ? performance.now() : Date.now() - started;
  }
  global.process = process;
  global.global = global;

  // ---- web platform globals ------------------------------------------------------------------

  const { Buffer } = lib.buffer;
  const web = lib.web;
  function defineGlobal(name, value) {
    Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  }
  defineGlobal('Buffer', Buffer);
  defineGlobal('atob', lib.buffer.atob);
  defineGlobal('btoa', lib.buffer.btoa);
  for (const name of ['DOMException', 'Event', 'EventTarget', 'AbortController', 'AbortSignal',
    'TextEncoder', 'TextDecoder', 'structuredClone']) {
    defineGlobal(name, web[name]);
  }
  Object.defineProperty(global, 'crypto', { value: web.crypto, writable: false, configurable: true, enumerable: false });
  defineGlobal('URL', lib.url.URL);
  defineGlobal('URLSearchParams', lib.url.URLSearchParams);

  function invalidCallback(callback) {
    const err = new TypeError(`The "callback" argument must be of type function. Received ${callback === null ? 'null' : typeof callback}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  // ---- console -------------------------------------------------------------------------------

  let groupIndent = '';
  const counts = new Map();
  const times = new Map();
  function print(stream, args) {
    let text = format(...args);
    if (groupIndent !== '') text = groupIndent + text.split('\n').join(`\n${groupIndent}`);
    native.write(stream, `${text}\n`);
  }
  const console = {
    log: (...args) => print(1, args),
    info: (...args) => print(1, args),
    debug: (...args) => print(1, args),
    warn: (...args) => print(2, args),
    error: (...args) => print(2, args),
    dir: (value, options) => print(1, [inspect(value, options)]),
    trace(...args) {
      const err = new Error(format(...args));
      err.name = 'Trace';
      print(2, [inspect(err)]);
    },
    assert(condition, ...args) {
      if (!condition) {
        args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
        print(2, args);
      }
    },
    group(...labels) {
      if (labels.length > 0) print(1, labels);
      groupIndent += '  ';
    },
    groupEnd() {
      groupIndent = groupIndent.slice(0, -2);
    },
    count(label = 'default') {
      const n = (counts.get(`${label}`) || 0) + 1;
      counts.set(`${label}`, n);
      print(1, [`${label}: ${n}`]);
    },
    countReset(label = 'default') {
      counts.delete(`${label}`);
    },
    time(label = 'default') {
      times.set(`${label}`, performanceNow());
    },
    timeEnd(label = 'default') {
      const start = times.get(`${label}`);
      if (start === undefined) return;
      times.delete(`${label}`);
      print(1, [`${label}: ${(performanceNow() - start).toFixed(3)}ms`]);
    },
    timeLog(label = 'default', ...data) {
      const start = times.get(`${label}`);
      if (start === undefined) return;
      print(1, [`${label}: ${(performanceNow() - start).toFixed(3)}ms`, ...data]);
    },
  };
  console.groupCollapsed = console.group;
  global.console = console;

  // ---- timers --------------------------------------------------------------------------------

  const TIMEOUT_MAX = 2 ** 31 - 1;
  const timers = new Map();
  const immediates = new Map();
  let nextId = 1;

  class Timeout {
    constructor(callback, after, args, repeat) {
      after *= 1;
      if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1;
      this._id = nextId++;
      this._idleTimeout = after;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = repeat ? after : null;
      this._ref = true;
      this._destroyed = false;
      timers.set(this._id, this);
      native.timerStart(this._id, after, repeat, true);
    }
    ref() {
      this._ref = true;
      native.timerRef(this._id, true);
      return this;
    }
    unref() {
      this._ref = false;
      native.timerRef(this._id, false);
      return this;
    }
    hasRef() {
      return this._ref;
    }
    refresh() {
      if (!this._destroyed) native.timerStart(this._id, this._idleTimeout, this._repeat !== null, this._ref);
      return this;
    }
    close() {
      clearTimeout(this);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this._id;
    }
  }

  class Immediate {
    constructor(callback, args) {
      this._id = nextId++;
      this._onImmediate = callback;
      this._argv = args;
      this._ref = true;
      immediates.set(this._id, this);
      native.immediateStart(this._id);
    }
    ref() {
      this._ref = true;
      return this;
    }
    unref() {
      this._ref = false;
      return this;
    }
    hasRef() {
      return this._ref;
    }
  }

  function timerOf(handle) {
    if (handle instanceof Timeout) return handle;
    if (typeof handle === 'number' || typeof handle === 'string') return timers.get(Number(handle));
    return undefined;
  }

  global.setTimeout = function setTimeout(callback, after, ...args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    return new Timeout(callback, after, args, false);
  };
  global.setInterval = function setInterval(callback, repeat, ...args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    return new Timeout(callback, repeat, args, true);
  };
  global.clearTimeout = function clearTimeout(handle) {
    const timer = timerOf(handle);
    if (timer === undefined) return;
    timer._destroyed = true;
    timers.delete(timer._id);
    native.timerStop(timer._id);
  };
  global.clearInterval = global.clearTimeout;
  global.setImmediate = function setImmediate(callback, ...args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    return new Immediate(callback, args);
  };
  global.clearImmediate = function clearImmediate(immediate) {
    if (!(immediate instanceof Immediate) || !immediates.has(immediate._id)) return;
    immediates.delete(immediate._id);
    native.immediateStop(immediate._id);
  };
  global.queueMicrotask = function queueMicrotask(callback) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    Promise.resolve().then(() => {
      try {
        callback();
      } catch (err) {
        reportUncaught(err);
      }
    });
  };

  // ---- errors --------------------------------------------------------------------------------

  function reportUncaught(err) {
    if (process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', err, 'uncaughtException');
      return;
    }
    native.write(2, `Uncaught ${inspect(err)}\n`);
  }

  // Rejected promises nobody handled yet; reported once the microtasks have run.
  const pendingRejections = new Map();
  function trackRejection(promise, reason, handled) {
    if (handled) pendingRejections.delete(promise);
    else pendingRejections.set(promise, reason);
  }
  function flushRejections() {
    if (pendingRejections.size === 0) return false;
    const list = Array.from(pendingRejections);
    pendingRejections.clear();
    for (const [promise, reason] of list) {
      try {
        if (process.listenerCount('unhandledRejection') > 0) {
          process.emit('unhandledRejection', reason, promise);
        } else {
          native.write(2, `Unhandled promise rejection: ${inspect(reason)}\n`);
        }
      } catch (err) {
        reportUncaught(err);
      }
    }
    return true;
  }

  // ---- CommonJS ------------------------------------------------------------------------------

  // Node's built-ins. Those `builtins` lacks load as stand-ins that throw when used (see
  // `unavailable`): apps and packages (axios, updaters) require `http` or `https` at the top of a
  // file and use them only for a download, so requiring one is fine, using it says why it fails.
  const NODE_BUILTINS = [
    'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console',
    'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain',
    'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os',
    'path', 'path/posix', 'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring',
    'readline', 'readline/promises', 'repl', 'stream', 'stream/promises', 'stream/web',
    'string_decoder', 'sys', 'timers', 'timers/promises', 'tls', 'trace_events', 'tty', 'url',
    'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test',
  ];
  const builtinCache = new Map();
  const builtins = {
    path: () => path,
    'path/posix': () => path,
    events: () => EventEmitter,
    process: () => process,
    buffer: () => lib.buffer,
    url: () => lib.url,
    fs: () => lib.factories.fs(native, lib.buffer, lib.url, asyncOps, loadBuiltin('stream'), { EventEmitter, hooks: watchHooks }),
    stream: () => lib.factories.stream(EventEmitter, lib.buffer, loadBuiltin('string_decoder')),
    'stream/promises': () => loadBuiltin('stream').promises,
    module: () => moduleBuiltin(),
    'fs/promises': () => loadBuiltin('fs').promises,
    os: () => lib.factories.os(native),
    util: () => lib.factories.util(lib.inspect, lib.web),
    'util/types': () => loadBuiltin('util').types,
    assert: () => lib.factories.assert(loadBuiltin('util')),
    'assert/strict': () => loadBuiltin('assert').strict,
    querystring: () => lib.factories.querystring(),
    'timers/promises': () => timersPromises(),
    crypto: () => lib.factories.crypto(native, lib.buffer, lib.web),
    string_decoder: () => lib.factories.string_decoder(lib.buffer),
    child_process: () => lib.factories.child_process(native, EventEmitter, lib.buffer, childHooks, loadBuiltin('stream')),
    timers: () => ({
      setTimeout: global.setTimeout,
      clearTimeout: global.clearTimeout,
      setInterval: global.setInterval,
      clearInterval: global.clearInterval,
      setImmediate: global.setImmediate,
      clearImmediate: global.clearImmediate,
    }),
  };

  function unavailable(name) {
    const err = new Error(`module '${name}' is not available in the cathode main process`);
    err.code = 'ERR_CATHODE_MODULE_UNAVAILABLE';
    return err;
  }

  // What `require` gives for a built-in cathode lacks: any use of it throws `unavailable`. Symbols,
  // `then` (so that `await import(...)` is not a use) and `__esModule` read as undefined.
  function unavailableStandIn(name) {
    const refuse = () => {
      throw unavailable(name);
    };
    const quiet = (property) => typeof property === 'symbol' || property === 'then' || property === '__esModule';
    return new Proxy(function unavailableModule() {}, {
      get: (target, property) => (quiet(property) ? undefined : refuse()),
      set: refuse,
      apply: refuse,
      construct: refuse,
    });
  }

  // Electron 12+ apps require the process's own part of `electron` by these names; in the main
  // process each is (a subset of) the whole module.
  const ELECTRON_PARTS = ['electron/main', 'electron/common'];

  // A built-in, a registered native module, or undefined when `id` names neither.
  function loadBuiltin(id) {
    if (ELECTRON_PARTS.includes(id) && native.hasNativeModule('electron')) return loadBuiltin('electron');
    if (builtinCache.has(id)) return builtinCache.get(id);
    let exports;
    if (native.hasNativeModule(id)) {
      exports = native.nativeModule(id);
    } else {
      const name = id.startsWith('node:') ? id.slice(5) : id;
      if (Object.prototype.hasOwnProperty.call(builtins, name)) {
        // `fs` and `node:fs` are one module.
        if (builtinCache.has(name)) return builtinCache.get(name);
        exports = builtins[name]();
        builtinCache.set(name, exports);
      } else if (NODE_BUILTINS.includes(name)) {
        if (builtinCache.has(name)) return builtinCache.get(name);
        exports = unavailableStandIn(name);
        builtinCache.set(name, exports);
      } else if (id.startsWith('node:')) {
        const err = new Error(`No such built-in module: ${id}`);
        err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
        throw err;
      } else {
        return undefined;
      }
    }
    builtinCache.set(id, exports);
    return exports;
  }

  function requireBuiltin(id) {
    const exports = loadBuiltin(id);
    if (exports === undefined) throw notFound(id, null);
    return exports;
  }

  function notFound(request, parent) {
    const stack = [];
    for (let m = parent; m; m = m.parent) stack.push(m.filename);
    let message = `Cannot find module '${request}'`;
    if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
    const err = new Error(message);
    err.code = 'MODULE_NOT_FOUND';
    err.requireStack = stack;
    return err;
  }

  const isFile = (p) => native.stat(p) === 1;
  const isDir = (p) => native.stat(p) === 2;
  const extensions = ['.js', '.json'];

  function tryFile(p) {
    if (isFile(p)) return native.realpath(p);
    for (const ext of extensions) {
      if (isFile(p + ext)) return native.realpath(p + ext);
    }
    return undefined;
  }

  // A directory's package.json, parsed (undefined when there is none). Bad JSON is an error that
  // names the file.
  function readPackage(dir) {
    const pkgPath = path.join(dir, 'package.json');
    if (!isFile(pkgPath)) return undefined;
    try {
      return JSON.parse(native.readFile(pkgPath));
    } catch (err) {
      err.message = `Error parsing ${pkgPath}: ${err.message}`;
      err.path = pkgPath;
      throw err;
    }
  }

  function tryDirectory(p) {
    if (!isDir(p)) return undefined;
    const pkg = readPackage(p);
    if (pkg && typeof pkg.main === 'string' && pkg.main !== '') {
      const main = path.resolve(p, pkg.main);
      const found = tryFile(main) || tryIndex(main);
      if (found !== undefined) return found;
    }
    return tryIndex(p);
  }

  // ---- package.json "exports" (Node's conditions for require: require, node, default) --------

  const REQUIRE_CONDITIONS = ['require', 'node', 'node-addons', 'default'];

  function notExported(subpath, pkgPath) {
    const err = new Error(subpath === '.'
      ? `No "exports" main defined in ${pkgPath}`
      : `Package subpath '${subpath}' is not defined by "exports" in ${pkgPath}`);
    err.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    return err;
  }

  function invalidTarget(target, pkgPath) {
    const err = new Error(`Invalid "exports" target ${JSON.stringify(target)} defined in ${pkgPath}`);
    err.code = 'ERR_INVALID_PACKAGE_TARGET';
    return err;
  }

  // A target of the exports map: a "./" path (with `*` replaced by what the pattern matched), an
  // array of fallbacks, or an object of conditions. null: excluded; undefined: no condition met.
  function resolveTarget(pkgDir, target, match, pkgPath, conditions = REQUIRE_CONDITIONS) {
    if (typeof target === 'string') {
      if (!target.startsWith('./')) throw invalidTarget(target, pkgPath);
      const resolved = path.resolve(pkgDir, match === undefined ? target : target.split('*').join(match));
      if (!resolved.startsWith(pkgDir)) throw invalidTarget(target, pkgPath);
      return resolved;
    }
    if (Array.isArray(target)) {
      let lastError;
      for (const item of target) {
        try {
          const resolved = resolveTarget(pkgDir, item, match, pkgPath, conditions);
          if (resolved !== undefined && resolved !== null) return resolved;
        } catch (err) {
          lastError = err;
        }
      }
      if (lastError) throw lastError;
      return null;
    }
    if (target !== null && typeof target === 'object') {
      for (const key of Object.keys(target)) {
        if (!conditions.includes(key)) continue;
        const resolved = resolveTarget(pkgDir, target[key], match, pkgPath, conditions);
        if (resolved !== undefined) return resolved;
      }
      return undefined;
    }
    return null;
  }

  function resolveExports(pkgDir, subpath, exports, pkgPath, conditions = REQUIRE_CONDITIONS) {
    const isSubpathMap = exports !== null && typeof exports === 'object' && !Array.isArray(exports) &&
      Object.keys(exports).some((key) => key.startsWith('.'));
    const map = isSubpathMap ? exports : { '.': exports };
    let resolved;
    if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*')) {
      resolved = resolveTarget(pkgDir, map[subpath], undefined, pkgPath, conditions);
    } else {
      // The pattern with the longest prefix before its `*` wins.
      let best;
      let bestPrefix = -1;
      for (const key of Object.keys(map)) {
        const star = key.indexOf('*');
        if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
        const prefix = key.slice(0, star);
        const suffix = key.slice(star + 1);
        if (subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix) && prefix.length > bestPrefix) {
          best = [key, subpath.slice(prefix.length, subpath.length - suffix.length)];
          bestPrefix = prefix.length;
        }
      }
      if (best !== undefined) resolved = resolveTarget(pkgDir, map[best[0]], best[1], pkgPath, conditions);
    }
    if (resolved === undefined || resolved === null) throw notExported(subpath, pkgPath);
    return resolved;
  }

  // `name` and `./subpath` of a bare request (`@scope/name/sub` included); null when malformed.
  function splitPackageRequest(request) {
    const parts = request.split('/');
    const length = request.startsWith('@') ? 2 : 1;
    if (parts.length < length || parts.slice(0, length).some((part) => part === '')) return null;
    const rest = parts.slice(length).join('/');
    return [parts.slice(0, length).join('/'), rest === '' ? '.' : `./${rest}`];
  }

  // A bare request in one node_modules folder: through the package's "exports" when it has
  // them, else as a file or a directory (main, index).
  function resolveInNodeModules(dir, request) {
    const split = splitPackageRequest(request);
    if (split !== null) {
      const pkgDir = path.join(dir, split[0]);
      if (isDir(pkgDir)) {
        const pkg = readPackage(pkgDir);
        if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
          const pkgPath = path.join(pkgDir, 'package.json');
          const resolved = resolveExports(pkgDir, split[1], pkg.exports, pkgPath);
          if (!isFile(resolved)) {
            const err = new Error(`Cannot find module '${resolved}'`);
            err.code = 'MODULE_NOT_FOUND';
            throw err;
          }
          return native.realpath(resolved);
        }
      }
    }
    const candidate = path.join(dir, request);
    return (!request.endsWith('/') && tryFile(candidate)) || tryDirectory(candidate);
  }

  function tryIndex(p) {
    for (const ext of extensions) {
      const index = path.join(p, `index${ext}`);
      if (isFile(index)) return native.realpath(index);
    }
    return undefined;
  }

  function nodeModulePaths(from) {
    const paths = [];
    let dir = path.resolve(from);
    for (;;) {
      if (path.basename(dir) !== 'node_modules') paths.push(path.join(dir, 'node_modules'));
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return paths;
  }

  function resolveFilename(request, parent) {
    if (typeof request !== 'string' || request === '') {
      const err = new TypeError(`The argument 'id' must be a non-empty string. Received ${inspect(request)}`);
      err.code = 'ERR_INVALID_ARG_VALUE';
      throw err;
    }
    const relative = request === '.' || request === '..' || request.startsWith('./') ||
      request.startsWith('../') || request.startsWith('/');
    if (relative) {
      const candidate = path.resolve(parent ? path.dirname(parent.filename) : process.cwd(), request);
      const found = (!request.endsWith('/') && tryFile(candidate)) || tryDirectory(candidate);
      if (found) return found;
      throw notFound(request, parent);
    }
    for (const dir of parent ? parent.paths : nodeModulePaths(process.cwd())) {
      const found = resolveInNodeModules(dir, request);
      if (found) return found;
    }
    throw notFound(request, parent);
  }

  class Module {
    constructor(filename, parent) {
      this.id = filename;
      this.filename = filename;
      this.path = path.dirname(filename);
      this.exports = {};
      this.parent = parent || null;
      this.children = [];
      this.loaded = false;
      this.paths = nodeModulePaths(this.path);
      if (parent) parent.children.push(this);
    }
    require(request) {
      return requireFrom(this, request);
    }
  }
  Module._cache = Object.create(null);
  Module.builtinModules = NODE_BUILTINS.slice();

  function requireFrom(parent, request) {
    const builtin = loadBuiltin(request);
    if (builtin !== undefined) return builtin;
    const filename = resolveFilename(request, parent);
    if (moduleFormat(filename) === 'esm' && Module._cache[filename] === undefined) {
      const err = new Error(`require() of ES Module ${filename}${parent ? ` from ${parent.filename}` : ''} not supported.\n` +
        'Instead use a dynamic import() which is available in all CommonJS modules.');
      err.code = 'ERR_REQUIRE_ESM';
      throw err;
    }
    const cached = Module._cache[filename];
    if (cached !== undefined) {
      if (parent && !parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    const module = new Module(filename, parent);
    Module._cache[filename] = module;
    let threw = true;
    try {
      loadModule(module);
      threw = false;
    } finally {
      if (threw) delete Module._cache[filename];
    }
    return module.exports;
  }

  function makeRequire(module) {
    const require = (request) => requireFrom(module, request);
    require.resolve = (request) => (loadBuiltin(request) !== undefined ? request : resolveFilename(request, module));
    require.resolve.paths = (request) => (loadBuiltin(request) !== undefined ? null : module.paths.slice());
    require.cache = Module._cache;
    require.main = mainModule;
    return require;
  }

  function loadModule(module) {
    const filename = module.filename;
    let source = native.readFile(filename);
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (path.extname(filename) === '.json') {
      try {
        module.exports = JSON.parse(source);
      } catch (err) {
        err.message = `${filename}: ${err.message}`;
        throw err;
      }
    } else {
      // Keep the line numbers: the wrapper's head shares the first line; a shebang becomes a comment.
      if (source.startsWith('#!')) source = `//${source.slice(2)}`;
      const wrapper = native.compile(
        `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
        filename,
      );
      const require = makeRequire(module);
      wrapper.call(module.exports, module.exports, require, module, filename, module.path);
    }
    module.loaded = true;
  }

  // ---- ES modules ----------------------------------------------------------------------------

  const IMPORT_CONDITIONS = ['import', 'node', 'default'];
  const scopes = new Map();

  // The package.json that governs `dir` (the nearest one up the tree), or null.
  function packageScope(dir) {
    if (scopes.has(dir)) return scopes.get(dir);
    let pkg = null;
    if (path.basename(dir) !== 'node_modules') {
      pkg = readPackage(dir);
      if (pkg === undefined) {
        const parent = path.dirname(dir);
        pkg = parent === dir ? null : packageScope(parent);
      }
    } else {
      pkg = null;
    }
    scopes.set(dir, pkg);
    return pkg;
  }

  // 'esm', 'cjs' or 'json', as Node decides: the extension, else the package's "type".
  function moduleFormat(filename) {
    const ext = path.extname(filename);
    if (ext === '.mjs') return 'esm';
    if (ext === '.cjs') return 'cjs';
    if (ext === '.json') return 'json';
    const pkg = packageScope(path.dirname(filename));
    return pkg && pkg.type === 'module' && (ext === '.js' || ext === '') ? 'esm' : 'cjs';
  }

  function moduleNotFound(what, base) {
    const err = new Error(`Cannot find ${what} imported from ${base}`);
    err.code = 'ERR_MODULE_NOT_FOUND';
    return err;
  }

  // A bare specifier: packages in node_modules with the import conditions; a package without
  // "exports" by its main (or index.js), a subpath by its exact file.
  function resolveBareImport(specifier, dir, base) {
    const split = splitPackageRequest(specifier);
    if (split === null) throw moduleNotFound(`package '${specifier}'`, base);
    for (const modules of nodeModulePaths(dir)) {
      const pkgDir = path.join(modules, split[0]);
      if (!isDir(pkgDir)) continue;
      const pkg = readPackage(pkgDir);
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
        return resolveExports(pkgDir, split[1], pkg.exports, path.join(pkgDir, 'package.json'), IMPORT_CONDITIONS);
      }
      if (split[1] === '.') {
        const found = tryDirectory(pkgDir);
        if (found !== undefined) return found;
        throw moduleNotFound(`package '${pkgDir}'`, base);
      }
      return path.join(pkgDir, split[1]);
    }
    throw moduleNotFound(`package '${split[0]}'`, base);
  }

  // QuickJS's module resolver: a built-in as 'node:<name>' (or 'builtin:<name>' for the
  // embedder's), anything else as a real absolute path.
  function resolveImport(base, specifier) {
    if (native.hasNativeModule(specifier)) return `builtin:${specifier}`;
    const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    if (Object.prototype.hasOwnProperty.call(builtins, name)) return `node:${name}`;
    if (NODE_BUILTINS.includes(name)) throw unavailable(name);
    if (specifier.startsWith('node:')) {
      const err = new Error(`No such built-in module: ${specifier}`);
      err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
      throw err;
    }
    const baseFile = base && base.startsWith('/') ? base : path.join(process.cwd(), '[eval]');
    const dir = path.dirname(baseFile);
    let filename;
    if (specifier.startsWith('file:')) filename = lib.url.fileURLToPath(specifier);
    else if (specifier.startsWith('/') || specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      filename = path.resolve(dir, specifier);
    } else {
      filename = resolveBareImport(specifier, dir, baseFile);
    }
    if (isDir(filename)) {
      const err = new Error(`Directory import '${filename}' is not supported resolving ES modules imported from ${baseFile}`);
      err.code = 'ERR_UNSUPPORTED_DIR_IMPORT';
      throw err;
    }
    if (!isFile(filename)) throw moduleNotFound(`module '${filename}'`, baseFile);
    return native.realpath(filename);
  }

  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default',
    'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if',
    'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true',
    'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
    'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval']);
  const importValues = new Map();
  Object.defineProperty(global, Symbol.for('cathode.importValue'), {
    value: (name) => {
      const value = importValues.get(name);
      importValues.delete(name);
      return value;
    },
  });

  // The source of a module that re-exports `value`: as default, and each own key that can be
  // an export name as a named export (what Node's CommonJS lexer usually finds).
  function syntheticModule(name, value, named) {
    importValues.set(name, value);
    let source = `const m = globalThis[Symbol.for('cathode.importValue')](${JSON.stringify(name)});\nexport default m;\n`;
    if (named && value !== null && (typeof value === 'object' || typeof value === 'function')) {
      const keys = Object.keys(value).filter((key) => IDENTIFIER.test(key) && !RESERVED.has(key));
      if (keys.length > 0) source += `export const { ${keys.join(', ')} } = m;\n`;
    }
    return { source };
  }

  // QuickJS's module loader: the module's source and its import.meta.
  function loadImport(name) {
    if (name.startsWith('node:')) return syntheticModule(name, loadBuiltin(name.slice(5)), true);
    if (name.startsWith('builtin:')) return syntheticModule(name, loadBuiltin(name.slice(8)), true);
    const format = moduleFormat(name);
    if (format === 'json') {
      let value;
      try {
        value = JSON.parse(native.readFile(name));
      } catch (err) {
        err.message = `${name}: ${err.message}`;
        throw err;
      }
      return syntheticModule(name, value, false);
    }
    if (format === 'cjs') return syntheticModule(name, requireFrom(null, name), true);
    let source = native.readFile(name);
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (source.startsWith('#!')) source = `//${source.slice(2)}`;
    const url = lib.url.pathToFileURL(name).href;
    return {
      source,
      meta: {
        url,
        filename: name,
        dirname: path.dirname(name),
        resolve(specifier) {
          const resolved = resolveImport(name, `${specifier}`);
          return resolved.startsWith('/') ? lib.url.pathToFileURL(resolved).href : resolved;
        },
      },
    };
  }

  // `require('module')`: createRequire (what ES modules use to load CommonJS), the list of
  // built-ins, and Module itself.
  function moduleBuiltin() {
    function createRequire(from) {
      let filename = from instanceof lib.url.URL || (typeof from === 'string' && from.startsWith('file:'))
        ? lib.url.fileURLToPath(from)
        : from;
      if (typeof filename !== 'string' || !path.isAbsolute(filename)) {
        const err = new TypeError(`The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${inspect(from)}`);
        err.code = 'ERR_INVALID_ARG_VALUE';
        throw err;
      }
      if (filename.endsWith('/')) filename += 'noop.js';
      const module = new Module(filename, null);
      return makeRequire(module);
    }
    const isBuiltin = (name) => {
      const bare = `${name}`.startsWith('node:') ? `${name}`.slice(5) : `${name}`;
      return Object.prototype.hasOwnProperty.call(builtins, bare) || NODE_BUILTINS.includes(bare);
    };
    return Object.assign(Module, { createRequire, isBuiltin, Module });
  }

  let mainModule;
  function runMain(file) {
    const filename = native.realpath(path.resolve(file));
    process.argv = [native.argv0, filename, ...native.args];
    if (moduleFormat(filename) === 'esm') {
      // An ES module main: an error while it loads (or in its top-level await) ends the app
      // with code 1 as in Node.
      native.importModule(filename).then(undefined, (err) => {
        reportUncaught(err);
        process.exit(1);
      });
      return;
    }
    const module = new Module(filename, null);
    module.id = '.';
    mainModule = module;
    process.mainModule = module;
    Module._cache[filename] = module;
    loadModule(module);
  }

  // ---- timers/promises -------------------------------------------------------------------------

  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      super(message, options);
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }

  function timersPromises() {
    // Runs `schedule(resolve)` unless `signal` is aborted first; `cancel(handle)` undoes it.
    function cancellable(options, schedule, cancel) {
      const signal = options && options.signal;
      if (signal && signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
      return new Promise((resolve, reject) => {
        let onAbort;
        const handle = schedule((value) => {
          if (signal) signal.removeEventListener('abort', onAbort);
          resolve(value);
        });
        if (options && options.ref === false && handle && handle.unref) handle.unref();
        if (signal) {
          onAbort = () => {
            cancel(handle);
            reject(new AbortError(undefined, { cause: signal.reason }));
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }
      });
    }
    return {
      setTimeout: (delay, value, options) =>
        cancellable(options, (done) => global.setTimeout(() => done(value), delay), global.clearTimeout),
      setImmediate: (value, options) =>
        cancellable(options, (done) => global.setImmediate(() => done(value)), global.clearImmediate),
      async *setInterval(delay, value, options) {
        const signal = options && options.signal;
        let waiting = null;
        let ticks = 0;
        const timer = global.setInterval(() => {
          ticks++;
          if (waiting) {
            waiting();
            waiting = null;
          }
        }, delay);
        try {
          for (;;) {
            if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
            if (ticks === 0) {
              await new Promise((resolve) => {
                waiting = resolve;
                if (signal) signal.addEventListener('abort', resolve, { once: true });
              });
              continue;
            }
            ticks--;
            yield value;
          }
        } finally {
          global.clearInterval(timer);
        }
      },
      scheduler: {
        wait: (delay, options) => cancellable(options, (done) => global.setTimeout(done, delay), global.clearTimeout),
        yield: () => new Promise((resolve) => global.setImmediate(resolve)),
      },
    };
  }

  // ---- work done off the JavaScript thread ---------------------------------------------------

  // `start(launch, done)`: `launch(id)` hands the work to Rust, which later calls `asyncDone(id,
  // error, value)`; `done` then runs as a callback of its own (errors in it are uncaught).
  // child_process sets `childEvent` here when it loads.
  const childHooks = {};
  // fs sets `watchEvent` here when it loads.
  const watchHooks = {};
  const asyncCallbacks = new Map();
  let nextAsyncId = 1;
  const asyncOps = {
    start(launch, done) {
      const id = nextAsyncId++;
      asyncCallbacks.set(id, done);
      try {
        launch(id);
      } catch (err) {
        asyncCallbacks.delete(id);
        process.nextTick(done, err);
      }
    },
  };
  function asyncDone(id, err, value) {
    const done = asyncCallbacks.get(id);
    if (done === undefined) return;
    asyncCallbacks.delete(id);
    try {
      done(err === undefined ? null : err, value);
    } catch (error) {
      reportUncaught(error);
    }
  }

  // ---- hooks for the Rust event loop ----------------------------------------------------------

  const ticks = [];
  function runTicks() {
    if (ticks.length === 0) return false;
    while (ticks.length > 0) {
      const { callback, args } = ticks.shift();
      try {
        callback(...args);
      } catch (err) {
        reportUncaught(err);
      }
    }
    return true;
  }

  function runTimer(id) {
    const timer = timers.get(id);
    if (timer === undefined) return;
    if (timer._repeat === null) {
      timers.delete(id);
      timer._destroyed = true;
    }
    try {
      timer._onTimeout(...timer._timerArgs);
    } catch (err) {
      reportUncaught(err);
    }
  }

  function runImmediate(id) {
    const immediate = immediates.get(id);
    if (immediate === undefined) return;
    immediates.delete(id);
    try {
      immediate._onImmediate(...immediate._argv);
    } catch (err) {
      reportUncaught(err);
    }
  }

  return {
    runMain,
    runTicks,
    runTimer,
    runImmediate,
    trackRejection,
    flushRejections,
    reportUncaught,
    requireBuiltin,
    asyncDone,
    resolveImport,
    loadImport,
    childEvent(id, kind, data) {
      if (childHooks.childEvent) childHooks.childEvent(id, kind, data);
    },
    watchEvent(id, eventType, filename) {
      if (watchHooks.watchEvent) watchHooks.watchEvent(id, eventType, filename);
    },
    inspect: (value) => inspect(value),
    emitBeforeExit() {
      const code = process.exitCode | 0;
      if (!exiting) process.emit('beforeExit', code);
      return process.exitCode | 0;
    },
    emitExit(code) {
      if (exiting) return;
      exiting = true;
      process.exitCode = code;
      process.emit('exit', code);
    },
  };
})
