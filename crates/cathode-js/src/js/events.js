// `require('events')`: Node's EventEmitter, for scripts and for native modules (`app`, `ipcMain`).
(function () {
  'use strict';

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      const err = new TypeError(`The "listener" argument must be of type function. Received ${listener === null ? 'null' : typeof listener}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.errorMonitor = Symbol('events.errorMonitor');

  // captureRejections: a listener's rejected promise becomes the emitter's 'error' (or a call
  // of its Symbol.for('nodejs.rejection') method).
  const kCapture = Symbol('captureRejections');
  const kRejection = Symbol.for('nodejs.rejection');
  EventEmitter.captureRejectionSymbol = kRejection;
  let captureDefault = false;
  Object.defineProperty(EventEmitter, 'captureRejections', {
    get: () => captureDefault,
    set: (value) => {
      if (typeof value !== 'boolean') {
        const err = new TypeError(`The "EventEmitter.captureRejections" property must be of type boolean. Received ${typeof value}`);
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      captureDefault = value;
    },
    enumerable: true,
  });

  EventEmitter.init = function init(opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts && opts.captureRejections !== undefined) this[kCapture] = !!opts.captureRejections;
    else if (captureDefault) this[kCapture] = true;
  };

  function capture(emitter, result, type, args) {
    if (!emitter[kCapture] || result === null || typeof result !== 'object' || typeof result.then !== 'function') return;
    result.then(undefined, (err) => {
      process.nextTick(() => {
        if (typeof emitter[kRejection] === 'function') {
          emitter[kRejection](err, type, ...args);
          return;
        }
        // No capture while the error is emitted, so a failing 'error' listener cannot loop.
        const previous = emitter[kCapture];
        emitter[kCapture] = false;
        try {
          emitter.emit('error', err);
        } finally {
          emitter[kCapture] = previous;
        }
      });
    });
  }

  const proto = EventEmitter.prototype;
  proto._events = undefined;
  proto._eventsCount = 0;
  proto._maxListeners = undefined;

  proto.setMaxListeners = function setMaxListeners(n) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
      throw new RangeError(`The value of "n" is out of range. It must be a non-negative number. Received ${n}`);
    }
    this._maxListeners = n;
    return this;
  };

  proto.getMaxListeners = function getMaxListeners() {
    return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
  };

  function events(emitter) {
    if (emitter._events === undefined) EventEmitter.init.call(emitter);
    return emitter._events;
  }

  proto.emit = function emit(type, ...args) {
    const all = events(this);
    if (type === 'error' && all[EventEmitter.errorMonitor] !== undefined) {
      this.emit(EventEmitter.errorMonitor, ...args);
    }
    const handler = all[type];
    if (handler === undefined) {
      if (type === 'error') {
        const er = args[0];
        if (er instanceof Error) throw er;
        const err = new Error(`Unhandled error. (${er === undefined ? 'undefined' : String(er)})`);
        err.code = 'ERR_UNHANDLED_ERROR';
        err.context = er;
        throw err;
      }
      return false;
    }
    if (typeof handler === 'function') {
      capture(this, handler.apply(this, args), type, args);
    } else {
      // A copy: listeners added or removed while emitting do not change this round.
      for (const listener of handler.slice()) capture(this, listener.apply(this, args), type, args);
    }
    return true;
  };

  function addListener(target, type, listener, prepend) {
    checkListener(listener);
    let all = events(target);
    if (all.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ? listener.listener : listener);
      all = target._events;
    }
    const existing = all[type];
    if (existing === undefined) {
      all[type] = listener;
      target._eventsCount++;
    } else {
      const list = typeof existing === 'function' ? [existing] : existing;
      if (prepend) list.unshift(listener);
      else list.push(listener);
      all[type] = list;
      const max = target.getMaxListeners();
      if (max > 0 && list.length > max && !list.warned) {
        list.warned = true;
        console.warn(`(cathode) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners added. Use emitter.setMaxListeners() to increase limit`);
      }
    }
    return target;
  }

  proto.addListener = function addListenerMethod(type, listener) {
    return addListener(this, type, listener, false);
  };
  proto.on = proto.addListener;

  proto.prependListener = function prependListener(type, listener) {
    return addListener(this, type, listener, true);
  };

  function onceWrapper(target, type, listener) {
    const state = { fired: false, target, type, listener };
    const wrapped = function (...args) {
      if (!state.fired) {
        state.target.removeListener(state.type, wrapped);
        state.fired = true;
        return state.listener.apply(state.target, args);
      }
    };
    wrapped.listener = listener;
    return wrapped;
  }

  proto.once = function once(type, listener) {
    checkListener(listener);
    this.on(type, onceWrapper(this, type, listener));
    return this;
  };

  proto.prependOnceListener = function prependOnceListener(type, listener) {
    checkListener(listener);
    this.prependListener(type, onceWrapper(this, type, listener));
    return this;
  };

  proto.removeListener = function removeListener(type, listener) {
    checkListener(listener);
    const all = events(this);
    const list = all[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      if (--this._eventsCount === 0) this._events = Object.create(null);
      else delete all[type];
      if (all.removeListener !== undefined) this.emit('removeListener', type, list.listener || listener);
    } else if (typeof list !== 'function') {
      // The last one added goes first, as in Node.
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          position = i;
          break;
        }
      }
      if (position < 0) return this;
      list.splice(position, 1);
      if (list.length === 1) all[type] = list[0];
      if (all.removeListener !== undefined) this.emit('removeListener', type, listener);
    }
    return this;
  };
  proto.off = proto.removeListener;

  proto.removeAllListeners = function removeAllListeners(type) {
    const all = events(this);
    if (all.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = Object.create(null);
        this._eventsCount = 0;
      } else if (all[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = Object.create(null);
        else delete all[type];
      }
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(all)) {
        if (key !== 'removeListener') this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }
    const listeners = all[type];
    if (typeof listeners === 'function') {
      this.removeListener(type, listeners);
    } else if (listeners !== undefined) {
      for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    }
    return this;
  };

  function listeners(target, type, unwrap) {
    const list = events(target)[type];
    if (list === undefined) return [];
    if (typeof list === 'function') return unwrap ? [list.listener || list] : [list];
    return unwrap ? list.map((l) => l.listener || l) : list.slice();
  }

  proto.listeners = function listenersMethod(type) {
    return listeners(this, type, true);
  };

  proto.rawListeners = function rawListeners(type) {
    return listeners(this, type, false);
  };

  proto.listenerCount = function listenerCount(type, listener) {
    const list = events(this)[type];
    if (list === undefined) return 0;
    const all = typeof list === 'function' ? [list] : list;
    if (listener === undefined) return all.length;
    return all.filter((l) => l === listener || l.listener === listener).length;
  };

  proto.eventNames = function eventNames() {
    return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
  };

  EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);

  function abortError(signal) {
    const err = new Error('The operation was aborted');
    err.name = 'AbortError';
    err.code = 'ABORT_ERR';
    err.cause = signal.reason;
    return err;
  }

  // `await once(emitter, 'ready')`: resolves with the event's arguments; rejects on 'error' or
  // when `signal` aborts. Works on EventTargets too.
  EventEmitter.once = function once(emitter, name, options = {}) {
    const signal = options && options.signal;
    if (signal && signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      let onAbort;
      if (typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function') {
        const onEvent = (event) => {
          if (signal) signal.removeEventListener('abort', onAbort);
          resolve([event]);
        };
        emitter.addEventListener(name, onEvent, { once: true });
        if (signal) {
          onAbort = () => {
            emitter.removeEventListener(name, onEvent);
            reject(abortError(signal));
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }
        return;
      }
      const onError = (err) => {
        emitter.removeListener(name, onEvent);
        if (signal) signal.removeEventListener('abort', onAbort);
        reject(err);
      };
      const onEvent = (...args) => {
        if (name !== 'error') emitter.removeListener('error', onError);
        if (signal) signal.removeEventListener('abort', onAbort);
        resolve(args);
      };
      emitter.once(name, onEvent);
      if (name !== 'error') emitter.once('error', onError);
      if (signal) {
        onAbort = () => {
          emitter.removeListener(name, onEvent);
          emitter.removeListener('error', onError);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  };

  // `for await (const args of on(emitter, 'data'))`: each event's arguments, until the loop
  // stops, 'error' is emitted (the loop throws it) or `signal` aborts.
  EventEmitter.on = function on(emitter, name, options = {}) {
    const signal = options && options.signal;
    if (signal && signal.aborted) throw abortError(signal);
    const queued = [];
    const waiting = [];
    let failure = null;
    let finished = false;
    const onEvent = (...args) => {
      if (waiting.length > 0) waiting.shift().resolve({ value: args, done: false });
      else queued.push(args);
    };
    const stop = () => {
      finished = true;
      emitter.removeListener(name, onEvent);
      emitter.removeListener('error', onError);
      if (signal) signal.removeEventListener('abort', onAbort);
      while (waiting.length > 0) waiting.shift().resolve({ value: undefined, done: true });
    };
    const fail = (err) => {
      if (waiting.length > 0) waiting.shift().reject(err);
      else failure = err;
      stop();
    };
    const onError = (err) => fail(err);
    const onAbort = () => fail(abortError(signal));
    emitter.on(name, onEvent);
    if (name !== 'error') emitter.on('error', onError);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    return {
      next() {
        if (queued.length > 0) return Promise.resolve({ value: queued.shift(), done: false });
        if (failure !== null) {
          const err = failure;
          failure = null;
          return Promise.reject(err);
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        stop();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        fail(err);
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };

  EventEmitter.getEventListeners = (emitter, name) =>
    (typeof emitter.listeners === 'function' ? emitter.listeners(name) : []);

  return EventEmitter;
})
