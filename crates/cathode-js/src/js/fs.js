// `require('fs')` and `require('fs/promises')`: Node's API over the Rust operations of the native
// bridge (`native.fs(name, args[, id])`, see fs.rs). The *Sync forms run now; the callback and
// promise forms run on a worker thread and settle through `async.start`.
// Called with the native bridge, the Buffer and url modules, the async helper, the stream
// module (for createReadStream/createWriteStream) and `{EventEmitter, hooks}` for watchers
// (`hooks.watchEvent` is set here; without `native.watch`, `fs.watch` says it is not there).
(function (native, buffer, url, async, stream, events) {
  'use strict';

  const { Buffer } = buffer;
  const op = native.fs;

  const constants = Object.freeze({
    F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
    COPYFILE_EXCL: 1, COPYFILE_FICLONE: 2, COPYFILE_FICLONE_FORCE: 4,
    O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
    S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFCHR: 0o020000, S_IFBLK: 0o060000,
    S_IFIFO: 0o010000, S_IFLNK: 0o120000, S_IFSOCK: 0o140000,
    UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
    UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  });

  function received(value) {
    if (value === null || value === undefined) return ` Received ${value}`;
    if (typeof value === 'function') return ` Received function ${value.name}`;
    if (typeof value === 'object') {
      return value.constructor && value.constructor.name ? ` Received an instance of ${value.constructor.name}` : ' Received an object';
    }
    let shown = String(value).slice(0, 25);
    if (typeof value === 'string') shown = `'${shown}'`;
    return ` Received type ${typeof value} (${shown})`;
  }

  function argType(name, expected, value) {
    const err = new TypeError(`The "${name}" argument must be ${expected}.${received(value)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  // A path argument as Node accepts it: a string, a Buffer, or a file: URL.
  function toPath(value, name = 'path') {
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        const err = new TypeError(`The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(value)}`);
        err.code = 'ERR_INVALID_ARG_VALUE';
        throw err;
      }
      return value;
    }
    if (value instanceof Uint8Array) return toPath(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(), name);
    if (value instanceof url.URL) return url.fileURLToPath(value);
    throw argType(name, 'of type string or an instance of Buffer or URL', value);
  }

  function encodingOf(options, fallback) {
    if (typeof options === 'string') return options;
    if (options && typeof options === 'object' && options.encoding !== undefined) return options.encoding;
    return fallback;
  }

  function toData(data, options) {
    if (typeof data === 'string') return Buffer.from(data, encodingOf(options, 'utf8') || 'utf8');
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw argType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }

  function toBuffer(u8) {
    return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  // ---- Stats and Dirent ------------------------------------------------------------------------

  class Stats {
    constructor(raw) {
      Object.assign(this, raw);
      this.atime = new Date(raw.atimeMs);
      this.mtime = new Date(raw.mtimeMs);
      this.ctime = new Date(raw.ctimeMs);
      this.birthtime = new Date(raw.birthtimeMs);
    }
    _is(kind) {
      return (this.mode & constants.S_IFMT) === kind;
    }
    isFile() { return this._is(constants.S_IFREG); }
    isDirectory() { return this._is(constants.S_IFDIR); }
    isSymbolicLink() { return this._is(constants.S_IFLNK); }
    isFIFO() { return this._is(constants.S_IFIFO); }
    isSocket() { return this._is(constants.S_IFSOCK); }
    isCharacterDevice() { return this._is(constants.S_IFCHR); }
    isBlockDevice() { return this._is(constants.S_IFBLK); }
  }
  Object.defineProperty(Stats.prototype, '_is', { enumerable: false });

  class Dirent {
    constructor(name, type, dir) {
      this.name = name;
      this.parentPath = dir;
      this.path = dir;
      Object.defineProperty(this, '_type', { value: type, enumerable: false });
    }
    isFile() { return this._type === 1; }
    isDirectory() { return this._type === 2; }
    isSymbolicLink() { return this._type === 3; }
    isFIFO() { return this._type === 4; }
    isSocket() { return this._type === 5; }
    isCharacterDevice() { return this._type === 6; }
    isBlockDevice() { return this._type === 7; }
  }

  // ---- the operations, each as (arguments) -> [native name, native args, shape the result] --------

  const same = (value) => value;
  const ops = {
    readFile(path, options) {
      const encoding = encodingOf(options, null);
      const flag = options && typeof options === 'object' && options.flag;
      if (flag && flag !== 'r') {
        const err = new TypeError(`The flag '${flag}' is not supported by cathode's readFile`);
        err.code = 'ERR_INVALID_ARG_VALUE';
        throw err;
      }
      const utf8 = encoding === 'utf8' || encoding === 'utf-8';
      const shape = utf8 ? same : encoding ? (u8) => toBuffer(u8).toString(encoding) : toBuffer;
      return ['readFile', { path: toPath(path), utf8 }, shape];
    },
    writeFile(path, data, options) {
      const flag = (options && typeof options === 'object' && options.flag) || 'w';
      const mode = options && typeof options === 'object' ? options.mode : undefined;
      return ['writeFile', { path: toPath(path, 'file'), data: toData(data, options), flag, mode }, same];
    },
    appendFile(path, data, options) {
      const flag = (options && typeof options === 'object' && options.flag) || 'a';
      const mode = options && typeof options === 'object' ? options.mode : undefined;
      return ['writeFile', { path: toPath(path, 'file'), data: toData(data, options), flag, mode }, same];
    },
    access(path, mode = constants.F_OK) {
      return ['access', { path: toPath(path), mode }, same];
    },
    stat(path, options) {
      const noThrow = options && options.throwIfNoEntry === false;
      return ['stat', { path: toPath(path) }, (raw) => new Stats(raw), noThrow];
    },
    lstat(path, options) {
      const noThrow = options && options.throwIfNoEntry === false;
      return ['lstat', { path: toPath(path) }, (raw) => new Stats(raw), noThrow];
    },
    mkdir(path, options) {
      const recursive = !!(options && typeof options === 'object' && options.recursive);
      const mode = typeof options === 'number' ? options : options && options.mode;
      return ['mkdir', { path: toPath(path), recursive, mode }, same];
    },
    readdir(path, options) {
      const p = toPath(path);
      const withFileTypes = !!(options && typeof options === 'object' && options.withFileTypes);
      const encoding = encodingOf(options, 'utf8');
      const shape = (entries) => entries.map(([name, type]) => {
        const shown = encoding === 'buffer' ? Buffer.from(name) : name;
        return withFileTypes ? new Dirent(shown, type, p) : shown;
      });
      return ['readdir', { path: p }, shape];
    },
    unlink(path) {
      return ['unlink', { path: toPath(path) }, same];
    },
    rmdir(path, options) {
      if (options && options.recursive) return ['rm', { path: toPath(path), recursive: true, force: false }, same];
      return ['rmdir', { path: toPath(path) }, same];
    },
    rm(path, options) {
      const o = options || {};
      return ['rm', { path: toPath(path), recursive: !!o.recursive, force: !!o.force }, same];
    },
    rename(oldPath, newPath) {
      return ['rename', { path: toPath(oldPath, 'oldPath'), dest: toPath(newPath, 'newPath') }, same];
    },
    copyFile(src, dest, mode = 0) {
      return ['copyFile', { path: toPath(src, 'src'), dest: toPath(dest, 'dest'), exclusive: (mode & constants.COPYFILE_EXCL) !== 0 }, same];
    },
    realpath(path, options) {
      const encoding = encodingOf(options, 'utf8');
      return ['realpath', { path: toPath(path) }, encoding === 'buffer' ? Buffer.from : same];
    },
    readlink(path) {
      return ['readlink', { path: toPath(path) }, same];
    },
    symlink(target, path) {
      return ['symlink', { path: toPath(target, 'target'), dest: toPath(path) }, same];
    },
    chmod(path, mode) {
      return ['chmod', { path: toPath(path), mode: typeof mode === 'string' ? parseInt(mode, 8) : mode }, same];
    },
    truncate(path, len = 0) {
      return ['truncate', { path: toPath(path), len }, same];
    },
    open(path, flags = 'r', mode) {
      if (typeof flags === 'number') flags = flagsOf(flags);
      return ['open', { path: toPath(path), flag: `${flags}`, mode: typeof mode === 'string' ? parseInt(mode, 8) : mode }, same];
    },
    close(fd) {
      return ['close', { fd: checkFd(fd) }, same];
    },
    fstat(fd) {
      return ['fstat', { fd: checkFd(fd) }, (raw) => new Stats(raw)];
    },
    read(fd, target, offset, length, position) {
      if (offset !== null && typeof offset === 'object') ({ offset, length, position } = offset);
      if (!(target instanceof Uint8Array) && !ArrayBuffer.isView(target)) {
        throw argType('buffer', 'an instance of Buffer, TypedArray, or DataView', target);
      }
      const view = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
      const at = offset === undefined || offset === null ? 0 : offset;
      const count = length === undefined || length === null ? view.length - at : length;
      if (at < 0 || count < 0 || at + count > view.length) {
        const err = new RangeError(`The value of "length" is out of range. It must be <= ${view.length - at}. Received ${count}`);
        err.code = 'ERR_OUT_OF_RANGE';
        throw err;
      }
      const pos = typeof position === 'bigint' ? Number(position) : position;
      const shape = (bytes) => {
        view.set(bytes, at);
        return bytes.length;
      };
      return ['read', { fd: checkFd(fd), length: count, position: pos === null || pos === undefined ? -1 : pos }, shape, false, [target]];
    },
    write(fd, data, offsetOrPosition, lengthOrEncoding, position) {
      let bytes;
      let pos;
      if (typeof data === 'string') {
        bytes = Buffer.from(data, typeof lengthOrEncoding === 'string' ? lengthOrEncoding : 'utf8');
        pos = offsetOrPosition;
      } else {
        const view = toData(data);
        const at = offsetOrPosition === undefined || offsetOrPosition === null ? 0 : offsetOrPosition;
        const count = lengthOrEncoding === undefined || lengthOrEncoding === null ? view.length - at : lengthOrEncoding;
        bytes = view.subarray(at, at + count);
        pos = position;
      }
      return ['write', { fd: checkFd(fd), data: bytes, position: pos === null || pos === undefined ? -1 : pos }, same, false, [data]];
    },
    mkdtemp(prefix) {
      if (typeof prefix !== 'string') throw argType('prefix', 'of type string', prefix);
      return ['mkdtemp', { path: prefix }, same];
    },
  };

  function checkFd(fd) {
    if (!Number.isInteger(fd) || fd < 0) throw argType('fd', 'of type number', fd);
    return fd;
  }

  function flagsOf(bits) {
    const access = bits & 3;
    const append = bits & constants.O_APPEND;
    const exclusive = bits & constants.O_EXCL ? 'x' : '';
    if (access === 0) return 'r';
    if (append) return `a${exclusive}${access === 2 ? '+' : ''}`;
    if (bits & constants.O_CREAT) return `w${exclusive}${access === 2 ? '+' : ''}`;
    return 'r+';
  }

  function runSync(name, args) {
    const [nativeName, nativeArgs, shape, noThrow] = ops[name](...args);
    let value;
    try {
      value = op(nativeName, nativeArgs);
    } catch (err) {
      if (noThrow && err && err.code === 'ENOENT') return undefined;
      throw err;
    }
    return shape(value);
  }

  // Starts an operation off the JavaScript thread; `done(err, value)` runs later on it.
  function runAsync(name, args, done) {
    const [nativeName, nativeArgs, shape, noThrow, extra] = ops[name](...args);
    async.start((id) => op(nativeName, nativeArgs, id), (err, value) => {
      if (err) {
        if (noThrow && err.code === 'ENOENT') done(null, undefined);
        else done(err);
        return;
      }
      let shaped;
      try {
        shaped = shape(value);
      } catch (e) {
        done(e);
        return;
      }
      done(null, shaped, extra);
    });
  }

  const FD_OPS = ['open', 'close', 'fstat', 'read', 'write'];
  const fs = { constants, Stats, Dirent };
  const promises = { constants };

  for (const name of Object.keys(ops)) {
    fs[`${name}Sync`] = function (...args) {
      return runSync(name, args);
    };
    Object.defineProperty(fs[`${name}Sync`], 'name', { value: `${name}Sync` });
    fs[name] = function (...args) {
      const callback = args.pop();
      if (typeof callback !== 'function') throw argType('cb', 'of type function', callback);
      runAsync(name, args, (err, value, extra) => {
        if (err) callback(err);
        else callback(null, value, ...(extra || []));
      });
    };
    Object.defineProperty(fs[name], 'name', { value: name });
    if (FD_OPS.includes(name)) continue;
    promises[name] = function (...args) {
      return new Promise((resolve, reject) => {
        runAsync(name, args, (err, value) => (err ? reject(err) : resolve(value)));
      });
    };
    Object.defineProperty(promises[name], 'name', { value: name });
  }

  fs.existsSync = function existsSync(path) {
    let p;
    try {
      p = toPath(path);
    } catch {
      return false;
    }
    return op('exists', { path: p });
  };
  fs.exists = function exists(path, callback) {
    let p;
    try {
      p = toPath(path);
    } catch {
      process.nextTick(callback, false);
      return;
    }
    async.start((id) => op('exists', { path: p }, id), (err, value) => callback(!err && value));
  };
  // fs.promises.open: a FileHandle over the same descriptor operations.
  const callAsync = (name, args) => new Promise((resolve, reject) => {
    runAsync(name, args, (err, value) => (err ? reject(err) : resolve(value)));
  });
  class FileHandle {
    constructor(fd) {
      this.fd = fd;
    }
    async read(target, offset, length, position) {
      const buffer = target === undefined ? Buffer.alloc(16384) : target;
      const bytesRead = await callAsync('read', [this.fd, buffer, offset, length, position]);
      return { bytesRead, buffer };
    }
    async write(data, offsetOrPosition, lengthOrEncoding, position) {
      const bytesWritten = await callAsync('write', [this.fd, data, offsetOrPosition, lengthOrEncoding, position]);
      return { bytesWritten, buffer: data };
    }
    stat() {
      return callAsync('fstat', [this.fd]);
    }
    async readFile(options) {
      const chunks = [];
      for (;;) {
        const { bytesRead, buffer } = await this.read(Buffer.alloc(65536), 0, 65536, null);
        if (bytesRead === 0) break;
        chunks.push(buffer.subarray(0, bytesRead));
      }
      const data = Buffer.concat(chunks);
      const encoding = encodingOf(options, null);
      return encoding ? data.toString(encoding) : data;
    }
    async writeFile(data, options) {
      await this.write(toData(data, options));
    }
    close() {
      return callAsync('close', [this.fd]);
    }
  }
  promises.open = async (path, flags, mode) => new FileHandle(await callAsync('open', [path, flags, mode]));
  promises.FileHandle = FileHandle;

  // ---- streams -------------------------------------------------------------------------------

  fs.ReadStream = class ReadStream extends stream.Readable {
    constructor(path, options) {
      const o = typeof options === 'string' ? { encoding: options } : options || {};
      super({ highWaterMark: o.highWaterMark || 64 * 1024, encoding: o.encoding });
      this.path = path === undefined || path === null ? undefined : toPath(path);
      this.fd = o.fd === undefined ? null : o.fd;
      this.flags = o.flags || 'r';
      this.start = o.start;
      this.end = o.end === undefined ? Infinity : o.end;
      this.pos = o.start;
      this.bytesRead = 0;
      this.autoClose = o.autoClose !== false;
    }
    _construct(callback) {
      if (this.fd !== null) {
        callback();
        return;
      }
      fs.open(this.path, this.flags, (err, fd) => {
        if (err) {
          callback(err);
          return;
        }
        this.fd = fd;
        this.emit('open', fd);
        this.emit('ready');
        callback();
      });
    }
    _read(size) {
      const remaining = this.end === Infinity ? size : Math.min(size, this.end - (this.pos === undefined ? this.bytesRead : this.pos) + 1);
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      const target = Buffer.alloc(remaining);
      fs.read(this.fd, target, 0, remaining, this.pos === undefined ? null : this.pos, (err, n) => {
        if (err) {
          this.destroy(err);
          return;
        }
        if (this.pos !== undefined) this.pos += n;
        this.bytesRead += n;
        this.push(n === 0 ? null : target.subarray(0, n));
      });
    }
    _destroy(err, callback) {
      if (this.fd === null || !this.autoClose) {
        callback(err);
        return;
      }
      fs.close(this.fd, () => callback(err));
      this.fd = null;
    }
  };

  fs.WriteStream = class WriteStream extends stream.Writable {
    constructor(path, options) {
      const o = typeof options === 'string' ? { encoding: options } : options || {};
      super({ highWaterMark: o.highWaterMark || 16 * 1024, defaultEncoding: o.encoding || 'utf8' });
      this.path = path === undefined || path === null ? undefined : toPath(path);
      this.fd = o.fd === undefined ? null : o.fd;
      this.flags = o.flags || 'w';
      this.mode = o.mode;
      this.pos = o.start;
      this.bytesWritten = 0;
      this.autoClose = o.autoClose !== false;
    }
    _construct(callback) {
      if (this.fd !== null) {
        callback();
        return;
      }
      fs.open(this.path, this.flags, this.mode, (err, fd) => {
        if (err) {
          callback(err);
          return;
        }
        this.fd = fd;
        this.emit('open', fd);
        this.emit('ready');
        callback();
      });
    }
    _write(chunk, encoding, callback) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      fs.write(this.fd, data, 0, data.length, this.pos === undefined ? null : this.pos, (err, n) => {
        if (err) {
          callback(err);
          return;
        }
        if (this.pos !== undefined) this.pos += n;
        this.bytesWritten += n;
        callback();
      });
    }
    _destroy(err, callback) {
      if (this.fd === null || !this.autoClose) {
        callback(err);
        return;
      }
      fs.close(this.fd, () => callback(err));
      this.fd = null;
    }
  };
  fs.createReadStream = (path, options) => new fs.ReadStream(path, options);
  fs.createWriteStream = (path, options) => new fs.WriteStream(path, options);

  // ---- watching ------------------------------------------------------------------------------

  const watchers = new Map();
  let nextWatchId = 1;
  if (events.hooks) {
    events.hooks.watchEvent = (id, eventType, filename) => {
      const watcher = watchers.get(id);
      if (watcher !== undefined) watcher._event(eventType, filename);
    };
  }

  class FSWatcher extends events.EventEmitter {
    constructor(id, encoding) {
      super();
      this._id = id;
      this._encoding = encoding;
    }
    _event(eventType, filename) {
      const name = filename === null || filename === undefined ? null
        : this._encoding === 'buffer' ? Buffer.from(filename) : filename;
      this.emit('change', eventType, name);
    }
    close() {
      if (!watchers.delete(this._id)) return;
      native.watch.stop(this._id);
      process.nextTick(() => this.emit('close'));
    }
    ref() {
      if (watchers.has(this._id)) native.watch.ref(this._id, true);
      return this;
    }
    unref() {
      if (watchers.has(this._id)) native.watch.ref(this._id, false);
      return this;
    }
  }

  // Node's fs.watch: 'change' events (`rename` or `change`, and the file's name) from the OS.
  fs.watch = function watch(filename, options, listener) {
    if (typeof options === 'function') {
      listener = options;
      options = undefined;
    }
    if (typeof options === 'string') options = { encoding: options };
    options = options || {};
    const p = toPath(filename, 'filename');
    if (native.watch === undefined) {
      const err = new Error('fs.watch is not available here; watch files in the main process');
      err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
      throw err;
    }
    const id = nextWatchId++;
    native.watch.start(p, Boolean(options.recursive), options.persistent !== false, id);
    const watcher = new FSWatcher(id, options.encoding);
    watchers.set(id, watcher);
    if (listener !== undefined) watcher.on('change', listener);
    return watcher;
  };
  fs.FSWatcher = FSWatcher;

  // Node's fs.watchFile: the file's stat every `interval` ms; listeners get (current, previous)
  // when it changed. A file that is not there has a Stats of zeros.
  const NO_FILE = { dev: 0, mode: 0, nlink: 0, uid: 0, gid: 0, rdev: 0, blksize: 0, ino: 0, size: 0,
    blocks: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0 };
  const statWatchers = new Map();

  class StatWatcher extends events.EventEmitter {
    constructor(path, interval, persistent) {
      super();
      this._previous = this._stat(path);
      this._timer = setInterval(() => {
        const current = this._stat(path);
        const previous = this._previous;
        if (current.mtimeMs === previous.mtimeMs && current.size === previous.size &&
          current.ino === previous.ino && current.mode === previous.mode) return;
        this._previous = current;
        this.emit('change', current, previous);
      }, interval);
      if (!persistent) this._timer.unref();
    }
    _stat(path) {
      try {
        return fs.statSync(path);
      } catch {
        return new Stats(NO_FILE);
      }
    }
    stop() {
      clearInterval(this._timer);
      this.emit('stop');
    }
    ref() {
      this._timer.ref();
      return this;
    }
    unref() {
      this._timer.unref();
      return this;
    }
  }

  fs.watchFile = function watchFile(filename, options, listener) {
    if (typeof options === 'function') {
      listener = options;
      options = undefined;
    }
    if (typeof listener !== 'function') throw argType('listener', 'of type function', listener);
    const opts = Object.assign({ interval: 5007, persistent: true }, options);
    const p = toPath(filename, 'filename');
    let watcher = statWatchers.get(p);
    if (watcher === undefined) {
      watcher = new StatWatcher(p, opts.interval, opts.persistent);
      statWatchers.set(p, watcher);
    }
    watcher.on('change', listener);
    return watcher;
  };

  fs.unwatchFile = function unwatchFile(filename, listener) {
    const p = toPath(filename, 'filename');
    const watcher = statWatchers.get(p);
    if (watcher === undefined) return;
    if (typeof listener === 'function') watcher.removeListener('change', listener);
    else watcher.removeAllListeners('change');
    if (watcher.listenerCount('change') === 0) {
      watcher.stop();
      statWatchers.delete(p);
    }
  };

  fs.realpathSync.native = fs.realpathSync;
  fs.realpath.native = fs.realpath;
  fs.promises = promises;

  return fs;
})
