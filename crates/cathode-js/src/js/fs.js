// `require('fs')` and `require('fs/promises')`: Node's API over the Rust operations of the native
// bridge (`native.fs(name, args[, id])`, see fs.rs). The *Sync forms run now; the callback and
// promise forms run on a worker thread and settle through `async.start`.
// Called with the native bridge, the Buffer and url modules and the async helper.
(function (native, buffer, url, async) {
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
    mkdtemp(prefix) {
      if (typeof prefix !== 'string') throw argType('prefix', 'of type string', prefix);
      return ['mkdtemp', { path: prefix }, same];
    },
  };

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
    const [nativeName, nativeArgs, shape, noThrow] = ops[name](...args);
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
      done(null, shaped);
    });
  }

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
      runAsync(name, args, (err, value) => {
        if (err) callback(err);
        else callback(null, value);
      });
    };
    Object.defineProperty(fs[name], 'name', { value: name });
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
  fs.realpathSync.native = fs.realpathSync;
  fs.realpath.native = fs.realpath;
  fs.promises = promises;

  return fs;
})
