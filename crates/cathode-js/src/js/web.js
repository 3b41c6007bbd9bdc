// The web platform globals Node has: DOMException, Event/EventTarget, AbortController and
// AbortSignal, TextEncoder/TextDecoder, structuredClone and crypto (randomness from Rust).
// Called with the native bridge and the Buffer module; returns the globals by name.
(function (native, buffer) {
  'use strict';

  const bytes = native.bytes;

  // ---- DOMException ----------------------------------------------------------------------------

  const LEGACY_CODES = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
    SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24,
    DataCloneError: 25,
  };

  class DOMException extends Error {
    constructor(message = '', options = 'Error') {
      super(`${message}`);
      const name = options !== null && typeof options === 'object' ? `${options.name === undefined ? 'Error' : options.name}` : `${options}`;
      if (options !== null && typeof options === 'object' && 'cause' in options) {
        Object.defineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true });
      }
      Object.defineProperty(this, 'name', { value: name, writable: true, configurable: true });
    }
    get code() {
      return LEGACY_CODES[this.name] || 0;
    }
  }
  for (const [name, code] of Object.entries(LEGACY_CODES)) {
    const constant = name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() + '_ERR';
    Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
  }

  function invalidArgType(name, expected, value) {
    const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  // ---- Event and EventTarget -------------------------------------------------------------------

  const kStop = Symbol('stopImmediatePropagation');
  class Event {
    constructor(type, options = {}) {
      if (arguments.length === 0) throw invalidArgType('type', 'specified', undefined);
      this.type = `${type}`;
      this.bubbles = !!(options && options.bubbles);
      this.cancelable = !!(options && options.cancelable);
      this.composed = !!(options && options.composed);
      this.defaultPrevented = false;
      this.timeStamp = Date.now();
      this.isTrusted = false;
      this.target = null;
      this.currentTarget = null;
      this.eventPhase = 0;
      this[kStop] = false;
    }
    preventDefault() {
      if (this.cancelable) this.defaultPrevented = true;
    }
    stopImmediatePropagation() {
      this[kStop] = true;
    }
    stopPropagation() {}
    composedPath() {
      return this.currentTarget ? [this.currentTarget] : [];
    }
    get [Symbol.toStringTag]() {
      return 'Event';
    }
  }
  Event.NONE = 0;
  Event.CAPTURING_PHASE = 1;
  Event.AT_TARGET = 2;
  Event.BUBBLING_PHASE = 3;

  const kListeners = Symbol('listeners');
  class EventTarget {
    constructor() {
      this[kListeners] = new Map();
    }
    addEventListener(type, listener, options) {
      if (listener === null || listener === undefined) return;
      if (typeof listener !== 'function' && typeof listener.handleEvent !== 'function') {
        throw invalidArgType('listener', 'an instance of EventListener', listener);
      }
      const once = typeof options === 'object' && options !== null && !!options.once;
      const signal = typeof options === 'object' && options !== null ? options.signal : undefined;
      if (signal && signal.aborted) return;
      let list = this[kListeners].get(`${type}`);
      if (list === undefined) {
        list = [];
        this[kListeners].set(`${type}`, list);
      }
      if (list.some((entry) => entry.listener === listener)) return;
      list.push({ listener, once });
      if (signal) signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true });
    }
    removeEventListener(type, listener) {
      const list = this[kListeners].get(`${type}`);
      if (list === undefined) return;
      const index = list.findIndex((entry) => entry.listener === listener);
      if (index !== -1) list.splice(index, 1);
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw invalidArgType('event', 'an instance of Event', event);
      event.target = this;
      event.currentTarget = this;
      event.eventPhase = 2;
      const handler = this[`on${event.type}`];
      const list = (this[kListeners].get(event.type) || []).slice();
      const calls = typeof handler === 'function' ? [{ listener: handler, once: false, attribute: true }, ...list] : list;
      for (const entry of calls) {
        if (entry.once) this.removeEventListener(event.type, entry.listener);
        try {
          if (typeof entry.listener === 'function') entry.listener.call(this, event);
          else entry.listener.handleEvent(event);
        } catch (err) {
          // As in Node: a throwing listener does not stop the others; the error is uncaught.
          process.nextTick(() => {
            throw err;
          });
        }
        if (event[kStop]) break;
      }
      event.currentTarget = null;
      event.eventPhase = 0;
      return !event.defaultPrevented;
    }
  }

  // ---- AbortController and AbortSignal ---------------------------------------------------------

  const kCreate = Symbol('create AbortSignal');
  class AbortSignal extends EventTarget {
    constructor(key) {
      if (key !== kCreate) throw new TypeError('Illegal constructor');
      super();
      this.aborted = false;
      this.reason = undefined;
      this.onabort = null;
    }
    throwIfAborted() {
      if (this.aborted) throw this.reason;
    }
    static abort(reason) {
      const signal = new AbortSignal(kCreate);
      signal.aborted = true;
      signal.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
      return signal;
    }
    static timeout(delay) {
      const signal = new AbortSignal(kCreate);
      const timer = setTimeout(() => {
        abortSignal(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, delay);
      // A timeout signal does not keep the process alive, as in Node.
      if (timer && typeof timer.unref === 'function') timer.unref();
      return signal;
    }
    static any(signals) {
      const signal = new AbortSignal(kCreate);
      for (const source of signals) {
        if (source.aborted) {
          signal.aborted = true;
          signal.reason = source.reason;
          return signal;
        }
      }
      for (const source of signals) {
        source.addEventListener('abort', () => abortSignal(signal, source.reason), { once: true });
      }
      return signal;
    }
    get [Symbol.toStringTag]() {
      return 'AbortSignal';
    }
  }

  function abortSignal(signal, reason) {
    if (signal.aborted) return;
    signal.aborted = true;
    signal.reason = reason;
    signal.dispatchEvent(new Event('abort'));
  }

  class AbortController {
    constructor() {
      this.signal = new AbortSignal(kCreate);
    }
    abort(reason) {
      abortSignal(this.signal, reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason);
    }
    get [Symbol.toStringTag]() {
      return 'AbortController';
    }
  }

  // ---- TextEncoder and TextDecoder -------------------------------------------------------------

  function wellFormed(string) {
    return string.isWellFormed() ? string : string.toWellFormed();
  }

  function asUint8(input, name) {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw invalidArgType(name, 'an instance of ArrayBuffer or ArrayBufferView', input);
  }

  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }
    encode(input = '') {
      const out = bytes.encode(wellFormed(`${input}`), 'utf8');
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    encodeInto(source, destination) {
      const text = wellFormed(`${source}`);
      let read = 0;
      let written = 0;
      for (const ch of text) {
        const cp = ch.codePointAt(0);
        const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (written + size > destination.length) break;
        if (size === 1) destination[written] = cp;
        else if (size === 2) {
          destination[written] = 0xc0 | (cp >> 6);
          destination[written + 1] = 0x80 | (cp & 63);
        } else if (size === 3) {
          destination[written] = 0xe0 | (cp >> 12);
          destination[written + 1] = 0x80 | ((cp >> 6) & 63);
          destination[written + 2] = 0x80 | (cp & 63);
        } else {
          destination[written] = 0xf0 | (cp >> 18);
          destination[written + 1] = 0x80 | ((cp >> 12) & 63);
          destination[written + 2] = 0x80 | ((cp >> 6) & 63);
          destination[written + 3] = 0x80 | (cp & 63);
        }
        written += size;
        read += ch.length;
      }
      return { read, written };
    }
    get [Symbol.toStringTag]() {
      return 'TextEncoder';
    }
  }

  const DECODER_LABELS = {
    'utf-8': 'utf-8', utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
    'utf-16le': 'utf-16le', 'utf-16': 'utf-16le',
    latin1: 'latin1', 'iso-8859-1': 'latin1', ascii: 'latin1', 'us-ascii': 'latin1',
  };

  // How many bytes at the end of `data` start a UTF-8 sequence that is not complete yet.
  function incompleteTail(data) {
    const n = data.length;
    for (let back = 1; back <= Math.min(3, n); back++) {
      const b = data[n - back];
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }

  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      const encoding = DECODER_LABELS[`${label}`.trim().toLowerCase()];
      if (encoding === undefined) {
        const err = new RangeError(`The "${label}" encoding is not supported`);
        err.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw err;
      }
      this._encoding = encoding;
      this._fatal = !!(options && options.fatal);
      this._ignoreBOM = !!(options && options.ignoreBOM);
      this._pending = null;
      this._started = false;
    }
    get encoding() {
      return this._encoding === 'latin1' ? 'windows-1252' : this._encoding;
    }
    get fatal() {
      return this._fatal;
    }
    get ignoreBOM() {
      return this._ignoreBOM;
    }
    decode(input, options = {}) {
      let data = input === undefined ? new Uint8Array(0) : asUint8(input, 'input');
      const stream = !!(options && options.stream);
      if (this._pending !== null) {
        const joined = new Uint8Array(this._pending.length + data.length);
        joined.set(this._pending);
        joined.set(data, this._pending.length);
        data = joined;
        this._pending = null;
      }
      if (this._encoding === 'utf-8' && stream) {
        const tail = incompleteTail(data);
        if (tail > 0) {
          this._pending = data.slice(data.length - tail);
          data = data.subarray(0, data.length - tail);
        }
      }
      if (!this._started && !this._ignoreBOM && this._encoding === 'utf-8' &&
        data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
      }
      if (data.length > 0) this._started = stream;
      if (!stream) this._started = false;
      if (this._encoding === 'utf-8') {
        if (this._fatal && !bytes.isUtf8(data)) {
          const err = new TypeError('The encoded data was not valid for encoding utf-8');
          err.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
          throw err;
        }
        return bytes.decode(data, 'utf8');
      }
      let text = bytes.decode(data, this._encoding === 'utf-16le' ? 'utf16le' : 'latin1');
      if (!this._ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return text;
    }
    get [Symbol.toStringTag]() {
      return 'TextDecoder';
    }
  }

  // ---- structuredClone -------------------------------------------------------------------------

  const ERRORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

  function notCloneable(value) {
    let shown;
    if (typeof value === 'function') shown = String(value);
    else if (typeof value === 'symbol') shown = value.toString();
    else shown = `#<${(value.constructor && value.constructor.name) || 'Object'}>`;
    return new DOMException(`${shown} could not be cloned.`, 'DataCloneError');
  }

  function structuredClone(value, options) {
    if (arguments.length === 0) {
      const err = new TypeError('The "value" argument must be specified');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    void options; // Transfer lists are not supported: everything is copied.
    const memory = new Map();
    return cloneValue(value, memory);
  }

  function cloneValue(value, memory) {
    if (typeof value === 'symbol' || typeof value === 'function') throw notCloneable(value);
    if (value === null || typeof value !== 'object') return value;
    if (memory.has(value)) return memory.get(value);
    const tag = Object.prototype.toString.call(value);
    let out;
    if (Array.isArray(value)) {
      out = new Array(value.length);
      memory.set(value, out);
      for (const key of Object.keys(value)) out[key] = cloneValue(value[key], memory);
      return out;
    }
    if (value instanceof Date) out = new Date(value.getTime());
    else if (value instanceof RegExp) out = new RegExp(value.source, value.flags);
    else if (tag === '[object Boolean]') out = Object(Boolean.prototype.valueOf.call(value));
    else if (tag === '[object Number]') out = Object(Number.prototype.valueOf.call(value));
    else if (tag === '[object String]') out = Object(String.prototype.valueOf.call(value));
    else if (tag === '[object BigInt]') out = Object(BigInt.prototype.valueOf.call(value));
    else if (value instanceof ArrayBuffer) out = value.slice(0);
    else if (ArrayBuffer.isView(value)) {
      const data = cloneValue(value.buffer, memory);
      if (value instanceof DataView) out = new DataView(data, value.byteOffset, value.byteLength);
      else {
        // A Buffer comes back a plain Uint8Array, as in Node.
        const Kind = value instanceof buffer.Buffer ? Uint8Array : globalThis[tag.slice(8, -1)];
        out = new Kind(data, value.byteOffset, value.length);
      }
    } else if (value instanceof Map) {
      out = new Map();
      memory.set(value, out);
      for (const [k, v] of value) out.set(cloneValue(k, memory), cloneValue(v, memory));
      return out;
    } else if (value instanceof Set) {
      out = new Set();
      memory.set(value, out);
      for (const v of value) out.add(cloneValue(v, memory));
      return out;
    } else if (value instanceof Error) {
      const Kind = Object.prototype.hasOwnProperty.call(ERRORS, value.name) ? ERRORS[value.name] : Error;
      out = new Kind(value.message);
      memory.set(value, out);
      if (typeof value.stack === 'string') out.stack = value.stack;
      if ('cause' in value) out.cause = cloneValue(value.cause, memory);
      return out;
    } else if (tag !== '[object Object]' || value instanceof Promise || value instanceof WeakMap ||
      value instanceof WeakSet || typeof WeakRef !== 'undefined' && value instanceof WeakRef) {
      throw notCloneable(value);
    } else {
      out = {};
      memory.set(value, out);
      for (const key of Object.keys(value)) out[key] = cloneValue(value[key], memory);
      return out;
    }
    memory.set(value, out);
    return out;
  }

  // ---- crypto ----------------------------------------------------------------------------------

  function getRandomValues(array) {
    const integer = array instanceof Int8Array || array instanceof Uint8Array || array instanceof Uint8ClampedArray ||
      array instanceof Int16Array || array instanceof Uint16Array || array instanceof Int32Array ||
      array instanceof Uint32Array || array instanceof BigInt64Array || array instanceof BigUint64Array;
    if (!integer) {
      throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
    }
    if (array.byteLength > 65536) {
      throw new DOMException(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`, 'QuotaExceededError');
    }
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes.random(array.byteLength));
    return array;
  }

  function randomUUID() {
    const b = bytes.random(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  const crypto = { getRandomValues, randomUUID };
  Object.defineProperty(crypto, Symbol.toStringTag, { value: 'Crypto' });

  return {
    DOMException,
    Event,
    EventTarget,
    AbortController,
    AbortSignal,
    TextEncoder,
    TextDecoder,
    structuredClone,
    crypto,
  };
})
