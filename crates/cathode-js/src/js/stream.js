// `require('stream')` and `stream/promises`: Readable, Writable, Duplex, Transform,
// PassThrough, pipeline and finished, with Node's events ('data', 'end', 'readable', 'drain',
// 'finish', 'close', 'error'), backpressure through highWaterMark, `_construct`, object mode and
// async iteration. Smaller than Node's: no cork batching, no `writev`, no `readable.read(n)`
// beyond taking what is buffered. Called with EventEmitter and the Buffer and string_decoder
// modules.
(function (EventEmitter, buffer, stringDecoder) {
  'use strict';

  const { Buffer } = buffer;
  const { StringDecoder } = stringDecoder;

  function streamError(code, message) {
    const err = new Error(message);
    err.code = code;
    return err;
  }

  const kDuplex = Symbol('duplex');

  class Stream extends EventEmitter {
    pipe(destination, options) {
      return Readable.prototype.pipe.call(this, destination, options);
    }
  }

  // ---- Readable --------------------------------------------------------------------------------

  function readableState(stream, options) {
    const objectMode = !!(options.objectMode || options.readableObjectMode);
    const hwm = options.readableHighWaterMark !== undefined ? options.readableHighWaterMark : options.highWaterMark;
    return {
      objectMode,
      hwm: hwm !== undefined ? hwm : objectMode ? 16 : 16 * 1024,
      buffer: [],
      length: 0,
      flowing: null,
      ended: false,
      endEmitted: false,
      reading: false,
      scheduled: false,
      decoder: null,
      encoding: null,
      autoDestroy: options.autoDestroy !== false,
    };
  }

  // Shared by Readable and Writable: `_construct` runs on the next tick, before any read/write.
  function construct(stream, options) {
    stream._constructed = true;
    stream.destroyed = false;
    if (typeof options.construct === 'function') stream._construct = options.construct;
    if (typeof options.destroy === 'function') stream._destroy = options.destroy;
    if (typeof stream._construct === 'function') {
      stream._constructed = false;
      process.nextTick(() => {
        stream._construct((err) => {
          stream._constructed = true;
          if (err) {
            stream.destroy(err);
            return;
          }
          if (stream._rs) scheduleFlow(stream);
          if (stream._ws) flushWrites(stream);
        });
      });
    }
  }

  class Readable extends Stream {
    constructor(options = {}) {
      super(options);
      this._rs = readableState(this, options);
      if (typeof options.read === 'function') this._read = options.read;
      if (options.encoding) this.setEncoding(options.encoding);
      if (!options[kDuplex]) construct(this, options);
    }
    get readable() {
      return !this.destroyed && !this._rs.endEmitted;
    }
    get readableEnded() {
      return this._rs.endEmitted;
    }
    get readableFlowing() {
      return this._rs.flowing;
    }
    get readableLength() {
      return this._rs.length;
    }
    get readableHighWaterMark() {
      return this._rs.hwm;
    }
    get readableObjectMode() {
      return this._rs.objectMode;
    }
    _read() {
      throw streamError('ERR_METHOD_NOT_IMPLEMENTED', 'The _read() method is not implemented');
    }
    push(chunk, encoding) {
      const state = this._rs;
      if (chunk === null) {
        state.ended = true;
        state.reading = false;
        scheduleFlow(this);
        return false;
      }
      if (state.ended) {
        this.emit('error', streamError('ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'));
        return false;
      }
      if (!state.objectMode && typeof chunk === 'string') chunk = Buffer.from(chunk, encoding || 'utf8');
      else if (!state.objectMode && chunk instanceof Uint8Array && !(chunk instanceof Buffer)) {
        chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
      state.buffer.push(chunk);
      state.length += state.objectMode ? 1 : chunk.length;
      state.reading = false;
      scheduleFlow(this);
      return state.length < state.hwm;
    }
    unshift(chunk) {
      const state = this._rs;
      if (!state.objectMode && typeof chunk === 'string') chunk = Buffer.from(chunk);
      state.buffer.unshift(chunk);
      state.length += state.objectMode ? 1 : chunk.length;
      scheduleFlow(this);
    }
    read() {
      const state = this._rs;
      if (state.buffer.length === 0) {
        scheduleFlow(this);
        return null;
      }
      let out;
      if (state.objectMode) out = state.buffer.shift();
      else {
        out = Buffer.concat(state.buffer);
        state.buffer = [];
      }
      state.length -= state.objectMode ? 1 : out.length;
      scheduleFlow(this);
      return decode(state, out);
    }
    setEncoding(encoding) {
      this._rs.decoder = new StringDecoder(encoding);
      this._rs.encoding = this._rs.decoder.encoding;
      return this;
    }
    on(event, listener) {
      const result = super.on(event, listener);
      if (event === 'data' && this._rs.flowing !== false) this.resume();
      if (event === 'readable') {
        this._rs.flowing = false;
        scheduleFlow(this);
      }
      return result;
    }
    resume() {
      this._rs.flowing = true;
      scheduleFlow(this);
      return this;
    }
    pause() {
      this._rs.flowing = false;
      return this;
    }
    isPaused() {
      return this._rs.flowing === false;
    }
    pipe(destination, options) {
      const source = this;
      const end = !options || options.end !== false;
      const onData = (chunk) => {
        if (destination.write(chunk) === false && typeof source.pause === 'function') {
          source.pause();
          destination.once('drain', () => source.resume());
        }
      };
      source.on('data', onData);
      if (end) {
        source.once('end', () => {
          if (destination !== process.stdout && destination !== process.stderr) destination.end();
        });
      }
      source._pipes = (source._pipes || []).concat([{ destination, onData }]);
      destination.emit('pipe', source);
      return destination;
    }
    unpipe(destination) {
      for (const pipe of this._pipes || []) {
        if (destination === undefined || pipe.destination === destination) {
          this.removeListener('data', pipe.onData);
          pipe.destination.emit('unpipe', this);
        }
      }
      this._pipes = (this._pipes || []).filter((p) => destination !== undefined && p.destination !== destination);
      return this;
    }
    destroy(err) {
      return destroyStream(this, err);
    }
    async *[Symbol.asyncIterator]() {
      const chunks = [];
      let wake = null;
      let done = false;
      let failure = null;
      const notify = () => {
        if (wake) {
          const w = wake;
          wake = null;
          w();
        }
      };
      this.on('data', (chunk) => {
        chunks.push(chunk);
        notify();
      });
      this.once('end', () => {
        done = true;
        notify();
      });
      this.once('error', (err) => {
        failure = err;
        notify();
      });
      this.once('close', () => {
        done = true;
        notify();
      });
      try {
        for (;;) {
          if (chunks.length > 0) {
            yield chunks.shift();
            continue;
          }
          if (failure) throw failure;
          if (done) return;
          await new Promise((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        if (!this._rs.endEmitted) this.destroy();
      }
    }
    static from(iterable, options = {}) {
      const iterator = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
      let reading = false;
      return new Readable(Object.assign({ objectMode: true }, options, {
        read() {
          if (reading) return;
          reading = true;
          Promise.resolve(iterator.next()).then(({ value, done }) => {
            reading = false;
            if (done) this.push(null);
            else this.push(value);
          }, (err) => this.destroy(err));
        },
      }));
    }
  }

  Readable.prototype.addListener = Readable.prototype.on;

  function decode(state, chunk) {
    if (state.decoder === null || state.objectMode) return chunk;
    return state.decoder.write(chunk);
  }

  function scheduleFlow(stream) {
    const state = stream._rs;
    if (state.scheduled) return;
    state.scheduled = true;
    process.nextTick(() => {
      state.scheduled = false;
      flow(stream);
    });
  }

  function flow(stream) {
    const state = stream._rs;
    if (stream.destroyed || !stream._constructed) return;
    if (state.flowing) {
      while (state.flowing && state.buffer.length > 0) {
        const chunk = state.buffer.shift();
        state.length -= state.objectMode ? 1 : chunk.length;
        const data = decode(state, chunk);
        if (typeof data === 'string' && data === '' && state.decoder !== null) continue;
        stream.emit('data', data);
      }
    } else if (state.buffer.length > 0 && stream.listenerCount('readable') > 0) {
      stream.emit('readable');
    }
    if (state.ended && state.buffer.length === 0) {
      if (!state.endEmitted) {
        if (state.decoder !== null && state.flowing) {
          const rest = state.decoder.end();
          if (rest !== '') stream.emit('data', rest);
        }
        // As in Node, 'end' waits until the data was consumed (flowing, or read on 'readable').
        if (state.flowing || stream.listenerCount('readable') > 0) {
          state.endEmitted = true;
          if (stream.listenerCount('readable') > 0 && !state.flowing) stream.emit('readable');
          stream.emit('end');
          if (state.autoDestroy && (!stream._ws || stream._ws.finished)) stream.destroy();
        }
      }
      return;
    }
    if (!state.reading && !state.ended && state.length < state.hwm) {
      state.reading = true;
      try {
        stream._read(state.hwm);
      } catch (err) {
        stream.destroy(err);
      }
    }
  }

  function destroyStream(stream, err) {
    if (stream.destroyed) return stream;
    stream.destroyed = true;
    const done = (error) => {
      process.nextTick(() => {
        if (error) stream.emit('error', error);
        stream.closed = true;
        stream.emit('close');
      });
    };
    if (typeof stream._destroy === 'function') {
      try {
        stream._destroy(err || null, (error) => done(error || err));
      } catch (error) {
        done(error);
      }
    } else {
      done(err);
    }
    return stream;
  }

  // ---- Writable --------------------------------------------------------------------------------

  function writableState(options) {
    const objectMode = !!(options.objectMode || options.writableObjectMode);
    const hwm = options.writableHighWaterMark !== undefined ? options.writableHighWaterMark : options.highWaterMark;
    return {
      objectMode,
      hwm: hwm !== undefined ? hwm : objectMode ? 16 : 16 * 1024,
      queue: [],
      length: 0,
      writing: false,
      ending: false,
      finished: false,
      finishing: false,
      needDrain: false,
      decodeStrings: options.decodeStrings !== false,
      defaultEncoding: options.defaultEncoding || 'utf8',
      autoDestroy: options.autoDestroy !== false,
    };
  }

  function initWritable(stream, options) {
    stream._ws = writableState(options);
    if (typeof options.write === 'function') stream._write = options.write;
    if (typeof options.final === 'function') stream._final = options.final;
  }

  class Writable extends Stream {
    constructor(options = {}) {
      super(options);
      initWritable(this, options);
      construct(this, options);
    }
    static [Symbol.hasInstance](object) {
      if (this !== Writable) return Function.prototype[Symbol.hasInstance].call(this, object);
      return object !== null && typeof object === 'object' && object._ws !== undefined;
    }
  }

  const writableMethods = {
    _write() {
      throw streamError('ERR_METHOD_NOT_IMPLEMENTED', 'The _write() method is not implemented');
    },
    write(chunk, encoding, callback) {
      if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      const state = this._ws;
      if (state.ending) {
        const err = streamError('ERR_STREAM_WRITE_AFTER_END', 'write after end');
        process.nextTick(() => {
          if (callback) callback(err);
          this.emit('error', err);
        });
        return false;
      }
      if (!state.objectMode && (chunk === null || chunk === undefined)) {
        throw streamError('ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
      }
      encoding = encoding || state.defaultEncoding;
      if (!state.objectMode && typeof chunk === 'string' && state.decodeStrings) {
        chunk = Buffer.from(chunk, encoding);
        encoding = 'buffer';
      } else if (!state.objectMode && chunk instanceof Uint8Array) {
        encoding = 'buffer';
      }
      const size = state.objectMode ? 1 : chunk.length;
      state.queue.push({ chunk, encoding, callback, size });
      state.length += size;
      const ok = state.length < state.hwm;
      if (!ok) state.needDrain = true;
      flushWrites(this);
      return ok;
    },
    end(chunk, encoding, callback) {
      if (typeof chunk === 'function') {
        callback = chunk;
        chunk = undefined;
      } else if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
      const state = this._ws;
      if (typeof callback === 'function') {
        if (state.finished) process.nextTick(callback);
        else this.once('finish', callback);
      }
      if (!state.ending) {
        state.ending = true;
        flushWrites(this);
      }
      return this;
    },
    cork() {},
    uncork() {},
    setDefaultEncoding(encoding) {
      this._ws.defaultEncoding = encoding;
      return this;
    },
  };
  for (const [name, fn] of Object.entries(writableMethods)) Writable.prototype[name] = fn;
  Writable.prototype.destroy = function destroy(err) {
    return destroyStream(this, err);
  };
  const writableGetters = {
    writable() {
      return !this.destroyed && !this._ws.ending;
    },
    writableEnded() {
      return this._ws.ending;
    },
    writableFinished() {
      return this._ws.finished;
    },
    writableLength() {
      return this._ws.length;
    },
    writableHighWaterMark() {
      return this._ws.hwm;
    },
    writableNeedDrain() {
      return this._ws.needDrain;
    },
  };
  for (const [name, get] of Object.entries(writableGetters)) {
    Object.defineProperty(Writable.prototype, name, { get, configurable: true });
  }

  function flushWrites(stream) {
    const state = stream._ws;
    if (state.writing || !stream._constructed || stream.destroyed) return;
    const item = state.queue.shift();
    if (item === undefined) {
      if (state.ending && !state.finishing) finish(stream);
      return;
    }
    state.writing = true;
    let sync = true;
    const done = (err) => {
      state.writing = false;
      state.length -= item.size;
      if (err) {
        if (item.callback) process.nextTick(item.callback, err);
        stream.destroy(err);
        return;
      }
      if (item.callback) process.nextTick(item.callback, null);
      if (state.needDrain && state.length === 0) {
        state.needDrain = false;
        process.nextTick(() => stream.emit('drain'));
      }
      // A write that finished at once continues on the next tick, so long queues do not recurse.
      if (sync) process.nextTick(() => flushWrites(stream));
      else flushWrites(stream);
    };
    try {
      stream._write(item.chunk, item.encoding, done);
    } catch (err) {
      done(err);
    }
    sync = false;
  }

  function finish(stream) {
    const state = stream._ws;
    state.finishing = true;
    const complete = (err) => {
      if (err) {
        stream.destroy(err);
        return;
      }
      state.finished = true;
      process.nextTick(() => {
        stream.emit('finish');
        const readableDone = !stream._rs || stream._rs.endEmitted;
        if (state.autoDestroy && readableDone) stream.destroy();
      });
    };
    if (typeof stream._final === 'function') {
      try {
        stream._final(complete);
      } catch (err) {
        complete(err);
      }
    } else {
      complete();
    }
  }

  // ---- Duplex, Transform, PassThrough ----------------------------------------------------------

  class Duplex extends Readable {
    constructor(options = {}) {
      super(Object.assign({}, options, { [kDuplex]: true }));
      initWritable(this, options);
      if (options.allowHalfOpen === false) this.once('end', () => this.end());
      construct(this, options);
    }
  }
  for (const [name, fn] of Object.entries(writableMethods)) Duplex.prototype[name] = fn;
  for (const [name, get] of Object.entries(writableGetters)) {
    Object.defineProperty(Duplex.prototype, name, { get, configurable: true });
  }

  class Transform extends Duplex {
    constructor(options = {}) {
      super(options);
      if (typeof options.transform === 'function') this._transform = options.transform;
      if (typeof options.flush === 'function') this._flush = options.flush;
    }
    _transform() {
      throw streamError('ERR_METHOD_NOT_IMPLEMENTED', 'The _transform() method is not implemented');
    }
    _write(chunk, encoding, callback) {
      this._transform(chunk, encoding, (err, data) => {
        if (err) {
          callback(err);
          return;
        }
        if (data !== undefined && data !== null) this.push(data);
        callback();
      });
    }
    _final(callback) {
      const end = (err, data) => {
        if (err) {
          callback(err);
          return;
        }
        if (data !== undefined && data !== null) this.push(data);
        this.push(null);
        callback();
      };
      if (typeof this._flush === 'function') this._flush(end);
      else end();
    }
    _read() {}
  }

  class PassThrough extends Transform {
    _transform(chunk, encoding, callback) {
      callback(null, chunk);
    }
  }

  // ---- pipeline and finished -------------------------------------------------------------------

  function finished(stream, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    let done = false;
    const once = (err) => {
      if (done) return;
      done = true;
      cleanup();
      callback(err);
    };
    const onEnd = () => {
      if (!stream._ws || stream._ws.finished) once();
    };
    const onFinish = () => {
      if (!stream._rs || stream._rs.endEmitted || (options && options.readable === false)) once();
    };
    const onError = (err) => once(err);
    const onClose = () => {
      const complete = (!stream._rs || stream._rs.endEmitted) && (!stream._ws || stream._ws.finished);
      once(complete ? undefined : streamError('ERR_STREAM_PREMATURE_CLOSE', 'Premature close'));
    };
    stream.on('end', onEnd);
    stream.on('finish', onFinish);
    stream.on('error', onError);
    stream.on('close', onClose);
    function cleanup() {
      stream.removeListener('end', onEnd);
      stream.removeListener('finish', onFinish);
      stream.removeListener('error', onError);
      stream.removeListener('close', onClose);
    }
    return cleanup;
  }

  function pipeline(...streams) {
    const callback = typeof streams[streams.length - 1] === 'function' ? streams.pop() : null;
    if (Array.isArray(streams[0]) && streams.length === 1) streams = streams[0];
    if (streams.length < 2) {
      const err = new TypeError('The "streams" argument must be specified');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    streams = streams.map((s) => (typeof s[Symbol.asyncIterator] === 'function' && typeof s.pipe !== 'function' ? Readable.from(s) : s));
    let settled = false;
    const settle = (err) => {
      if (settled) return;
      settled = true;
      if (err) for (const s of streams) if (!s.destroyed && typeof s.destroy === 'function') s.destroy();
      if (callback) callback(err);
    };
    for (let i = 0; i < streams.length - 1; i++) streams[i].pipe(streams[i + 1]);
    streams.forEach((stream, i) => {
      finished(stream, { readable: i < streams.length - 1 }, (err) => {
        if (err) settle(err);
        else if (i === streams.length - 1) settle();
      });
    });
    return streams[streams.length - 1];
  }

  const promises = {
    pipeline: (...streams) => new Promise((resolve, reject) => {
      pipeline(...streams, (err) => (err ? reject(err) : resolve()));
    }),
    finished: (stream, options) => new Promise((resolve, reject) => {
      finished(stream, options || {}, (err) => (err ? reject(err) : resolve()));
    }),
  };

  Object.assign(Stream, {
    Stream,
    Readable,
    Writable,
    Duplex,
    Transform,
    PassThrough,
    pipeline,
    finished,
    promises,
  });
  return Stream;
})
