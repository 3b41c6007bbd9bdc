// `require('child_process')`: spawn, exec, execFile and their Sync forms over the Rust processes
// of `native.child` (child.rs). Output arrives as events through the bootstrap's `childEvent`
// hook and is pushed into `stream.Readable`s; stdin is a `stream.Writable`.
// Called with the native bridge, EventEmitter, the Buffer module, the hook registry and stream.
(function (native, EventEmitter, buffer, hooks, stream) {
  'use strict';

  const { Buffer } = buffer;
  const child = native.child;
  const SHELL = '/bin/sh';
  const DEFAULT_MAX_BUFFER = 1024 * 1024;

  function argType(name, expected, value) {
    const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  // ---- streams ---------------------------------------------------------------------------------

  // A child's stdout or stderr: Rust pushes the chunks as they come (no pulling).
  class PipeReadable extends stream.Readable {
    _read() {}
    _push(chunk) {
      this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    _end() {
      this.push(null);
    }
  }

  // A child's stdin: each write goes to the child's writer thread.
  class PipeWritable extends stream.Writable {
    constructor(id) {
      super();
      this._id = id;
    }
    _write(chunk, encoding, callback) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      if (child.write(this._id, data)) callback();
      else callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }));
    }
    _final(callback) {
      child.end(this._id);
      callback();
    }
  }

  // ---- ChildProcess ----------------------------------------------------------------------------

  const running = new Map();
  let nextId = 1;

  hooks.childEvent = (id, kind, data) => {
    const proc = running.get(id);
    if (proc === undefined) return;
    switch (kind) {
      case 'stdout':
        if (proc.stdout) proc.stdout._push(data);
        break;
      case 'stderr':
        if (proc.stderr) proc.stderr._push(data);
        break;
      case 'stdout-end':
        if (proc.stdout) proc.stdout._end();
        break;
      case 'stderr-end':
        if (proc.stderr) proc.stderr._end();
        break;
      case 'exit':
        proc.exitCode = data[0] === undefined ? null : data[0];
        proc.signalCode = data[1] === undefined ? null : data[1];
        proc.emit('exit', proc.exitCode, proc.signalCode);
        break;
      case 'close':
        running.delete(id);
        child.forget(id);
        // 'close' follows the end of the output streams, as in Node.
        process.nextTick(() => {
          process.nextTick(() => proc.emit('close', proc.exitCode, proc.signalCode));
        });
        break;
      default:
        break;
    }
  };

  const SIGNAL_NUMBERS = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 9: 'SIGKILL', 10: 'SIGUSR1', 12: 'SIGUSR2', 15: 'SIGTERM' };

  class ChildProcess extends EventEmitter {
    constructor() {
      super();
      this.pid = undefined;
      this.exitCode = null;
      this.signalCode = null;
      this.killed = false;
      this.connected = false;
      this.stdin = null;
      this.stdout = null;
      this.stderr = null;
      this.stdio = [null, null, null];
    }
    kill(signal = 'SIGTERM') {
      if (typeof signal === 'number') signal = SIGNAL_NUMBERS[signal] || 'SIGTERM';
      if (this._id === undefined || this.exitCode !== null || this.signalCode !== null) return false;
      const sent = child.kill(this._id, `${signal}`);
      if (sent) this.killed = true;
      return sent;
    }
    ref() {
      return this;
    }
    unref() {
      return this;
    }
  }

  function stdioOf(stdio) {
    const list = Array.isArray(stdio) ? stdio : [stdio, stdio, stdio];
    return [0, 1, 2].map((i) => {
      const how = list[i] === undefined || list[i] === null ? 'pipe' : list[i];
      if (how === 'pipe' || how === 'overlapped') return 'pipe';
      if (how === 'inherit' || how === i || (i === 1 && how === process.stdout) || (i === 2 && how === process.stderr)) return 'inherit';
      if (how === 'ignore') return 'ignore';
      const err = new TypeError(`The stdio option ${JSON.stringify(how)} is not supported by cathode`);
      err.code = 'ERR_INVALID_ARG_VALUE';
      throw err;
    });
  }

  // Options as Rust reads them: the file and its arguments (through the shell when asked),
  // the directory, the whole environment, stdio.
  function nativeOptions(file, args, options) {
    if (typeof file !== 'string' || file === '') throw argType('file', 'of type string', file);
    let spawnFile = file;
    let spawnArgs = args.map(String);
    if (options.shell) {
      const shell = typeof options.shell === 'string' ? options.shell : SHELL;
      spawnArgs = ['-c', [file, ...spawnArgs].join(' ')];
      spawnFile = shell;
    }
    const env = options.env || process.env;
    return {
      file: spawnFile,
      args: spawnArgs,
      cwd: options.cwd === undefined || options.cwd === null ? undefined : `${options.cwd instanceof URL ? decodeURIComponent(options.cwd.pathname) : options.cwd}`,
      env: Object.keys(env).filter((k) => env[k] !== undefined).map((k) => [k, `${env[k]}`]),
      stdio: stdioOf(options.stdio),
      input: options.input === undefined ? undefined : typeof options.input === 'string' ? Buffer.from(options.input, options.encoding === 'buffer' ? 'utf8' : options.encoding || 'utf8') : options.input,
      maxBuffer: options.maxBuffer === undefined ? DEFAULT_MAX_BUFFER : options.maxBuffer,
      timeout: options.timeout,
      killSignal: typeof options.killSignal === 'number' ? SIGNAL_NUMBERS[options.killSignal] : options.killSignal,
    };
  }

  function normalizeArgs(args, options) {
    if (!Array.isArray(args)) {
      if (args !== undefined && args !== null && typeof args === 'object') options = args;
      args = [];
    }
    return [args, options || {}];
  }

  function spawn(file, args, opts) {
    const [list, options] = normalizeArgs(args, opts);
    const spec = nativeOptions(file, list, options);
    const proc = new ChildProcess();
    proc.spawnfile = spec.file;
    proc.spawnargs = [spec.file, ...spec.args];
    const id = nextId++;
    try {
      proc.pid = child.spawn(spec, id);
    } catch (err) {
      process.nextTick(() => {
        proc.emit('error', err);
        proc.emit('close', -2, null);
      });
      return proc;
    }
    proc._id = id;
    running.set(id, proc);
    if (spec.stdio[0] === 'pipe') proc.stdin = new PipeWritable(id);
    if (spec.stdio[1] === 'pipe') proc.stdout = new PipeReadable();
    if (spec.stdio[2] === 'pipe') proc.stderr = new PipeReadable();
    proc.stdio = [proc.stdin, proc.stdout, proc.stderr];
    if (options.signal) {
      const onAbort = () => {
        proc.kill(options.killSignal || 'SIGTERM');
        const err = new Error('The operation was aborted');
        err.name = 'AbortError';
        err.code = 'ABORT_ERR';
        err.cause = options.signal.reason;
        proc.emit('error', err);
      };
      if (options.signal.aborted) process.nextTick(onAbort);
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
    process.nextTick(() => proc.emit('spawn'));
    return proc;
  }

  // exec and execFile: the whole output, then the callback with Node's error for a failure.
  function execFile(file, args, opts, callback) {
    if (typeof args === 'function') {
      callback = args;
      args = [];
      opts = {};
    } else if (typeof opts === 'function') {
      callback = opts;
      opts = undefined;
    }
    const [list, options] = normalizeArgs(args, opts);
    const encoding = options.encoding === undefined ? 'utf8' : options.encoding;
    const maxBuffer = options.maxBuffer === undefined ? DEFAULT_MAX_BUFFER : options.maxBuffer;
    const proc = spawn(file, list, Object.assign({}, options, { stdio: 'pipe' }));
    const out = [];
    const err = [];
    let sizes = [0, 0];
    let failure = null;
    let timer = null;
    const cmd = [file, ...list].join(' ');
    const collect = (stream, chunks, which) => {
      if (!stream) return;
      stream.on('data', (chunk) => {
        if (failure) return;
        sizes[which] += chunk.length;
        if (sizes[which] > maxBuffer) {
          const name = which === 0 ? 'stdout' : 'stderr';
          failure = new RangeError(`${name} maxBuffer length exceeded`);
          failure.code = 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
          chunks.push(chunk.subarray(0, chunk.length - (sizes[which] - maxBuffer)));
          proc.kill(options.killSignal || 'SIGTERM');
          return;
        }
        chunks.push(chunk);
      });
    };
    collect(proc.stdout, out, 0);
    collect(proc.stderr, err, 1);
    if (options.timeout > 0) {
      timer = setTimeout(() => {
        timer = null;
        proc.kill(options.killSignal || 'SIGTERM');
      }, options.timeout);
    }
    const text = (chunks) => {
      const all = Buffer.concat(chunks);
      return encoding === 'buffer' || encoding === null ? all : all.toString(encoding);
    };
    let finished = false;
    const finish = (error, code, signal) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      if (!callback) return;
      const stdout = text(out);
      const stderr = text(err);
      if (!error && !failure && code === 0 && signal === null) {
        callback(null, stdout, stderr);
        return;
      }
      const e = error || failure || new Error(`Command failed: ${cmd}\n${stderr}`);
      if (!error && !failure) {
        e.code = code;
        e.killed = proc.killed;
        e.signal = signal;
      }
      e.cmd = cmd;
      callback(e, stdout, stderr);
    };
    proc.on('error', (error) => finish(error, null, null));
    proc.on('close', (code, signal) => finish(null, code, signal));
    return proc;
  }

  function exec(command, opts, callback) {
    if (typeof opts === 'function') {
      callback = opts;
      opts = undefined;
    }
    const options = Object.assign({}, opts, { shell: (opts && opts.shell) || true });
    return execFile(command, [], options, callback);
  }

  // ---- the Sync forms --------------------------------------------------------------------------

  function spawnSync(file, args, opts) {
    const [list, options] = normalizeArgs(args, opts);
    const spec = nativeOptions(file, list, options);
    const raw = child.spawnSync(spec);
    const encoding = options.encoding && options.encoding !== 'buffer' ? options.encoding : null;
    const shape = (bytes) => {
      if (bytes === null || bytes === undefined) return null;
      const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return encoding ? b.toString(encoding) : b;
    };
    const result = {
      pid: raw.pid === undefined ? 0 : raw.pid,
      output: [null, shape(raw.stdout), shape(raw.stderr)],
      stdout: shape(raw.stdout),
      stderr: shape(raw.stderr),
      status: raw.status === undefined ? null : raw.status,
      signal: raw.signal === undefined ? null : raw.signal,
    };
    if (raw.error) result.error = raw.error;
    return result;
  }

  function checkSync(result, cmd, options) {
    // Without an explicit stdio, the child's errors still reach ours (Node's execSync does that).
    if (options.stdio === undefined && result.stderr && result.stderr.length > 0) {
      process.stderr.write(result.stderr.toString());
    }
    let error = result.error;
    if (!error && (result.status !== 0 || result.signal !== null)) {
      const stderr = result.stderr ? result.stderr.toString() : '';
      error = new Error(`Command failed: ${cmd}${stderr ? `\n${stderr}` : ''}`);
    }
    if (error) {
      Object.assign(error, {
        status: result.status,
        signal: result.signal,
        output: result.output,
        pid: result.pid,
        stdout: result.stdout,
        stderr: result.stderr,
      });
      throw error;
    }
    return result.stdout;
  }

  function execSync(command, opts) {
    const options = Object.assign({}, opts, { shell: (opts && opts.shell) || true });
    const result = spawnSync(command, [], options);
    return checkSync(result, command, opts || {});
  }

  function execFileSync(file, args, opts) {
    const [list, options] = normalizeArgs(args, opts);
    const result = spawnSync(file, list, options);
    return checkSync(result, [file, ...list].join(' '), options);
  }

  const customPromisify = Symbol.for('nodejs.util.promisify.custom');
  const promisified = (fn) => (...args) => new Promise((resolve, reject) => {
    fn(...args, (err, stdout, stderr) => {
      if (err) {
        err.stdout = stdout;
        err.stderr = stderr;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
  Object.defineProperty(exec, customPromisify, { value: promisified(exec) });
  Object.defineProperty(execFile, customPromisify, { value: promisified(execFile) });

  return { spawn, exec, execFile, spawnSync, execSync, execFileSync, ChildProcess };
})
