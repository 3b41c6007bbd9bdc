// `Buffer` and `require('buffer')`: Node's Uint8Array subclass, with encodings done in Rust
// (`native.bytes`). Called with the native bridge; returns the module's exports.
(function (native) {
  'use strict';

  const bytes = native.bytes;
  const ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii',
    'utf16le', 'utf-16le', 'ucs2', 'ucs-2'];
  const kMaxLength = 2 ** 32;

  function typeError(code, message) {
    const err = new TypeError(message);
    err.code = code;
    return err;
  }

  function rangeError(code, message) {
    const err = new RangeError(message);
    err.code = code;
    return err;
  }

  function describe(value) {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'object') {
      const name = value.constructor && value.constructor.name;
      return name ? `an instance of ${name}` : 'an object';
    }
    return `type ${typeof value} (${String(value)})`;
  }

  function normalizeEncoding(encoding) {
    if (encoding === undefined || encoding === null) return 'utf8';
    const name = String(encoding).toLowerCase();
    if (!ENCODINGS.includes(name)) throw typeError('ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
    return name;
  }

  // Strings with lone surrogates become well-formed (U+FFFD) before they go to Rust, as Node's
  // UTF-8 encoder does.
  function wellFormed(string) {
    return string.isWellFormed() ? string : string.toWellFormed();
  }

  // A Uint8Array that is a Buffer; `Buffer` itself is a function so it can be called without
  // `new` (deprecated in Node, still used).
  class FastBuffer extends Uint8Array {}

  function Buffer(arg, encodingOrOffset, length) {
    if (typeof arg === 'number') {
      if (typeof encodingOrOffset === 'string') {
        throw typeError('ERR_INVALID_ARG_TYPE', 'The "string" argument must be of type string. Received type number');
      }
      return Buffer.alloc(arg);
    }
    return Buffer.from(arg, encodingOrOffset, length);
  }
  Buffer.prototype = FastBuffer.prototype;
  Object.defineProperty(FastBuffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
  Object.setPrototypeOf(Buffer, Uint8Array);
  Buffer.poolSize = 8192;

  function wrap(u8) {
    return new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  function checkSize(size) {
    if (typeof size !== 'number') {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "size" argument must be of type number. Received ${describe(size)}`);
    }
    if (!(size >= 0 && size <= kMaxLength) || Number.isNaN(size)) {
      throw rangeError('ERR_OUT_OF_RANGE', `The value of "size" is out of range. It must be >= 0 && <= ${kMaxLength}. Received ${size}`);
    }
  }

  function fromString(string, encoding) {
    const enc = normalizeEncoding(encoding);
    return wrap(bytes.encode(wellFormed(string), enc));
  }

  Buffer.from = function from(value, encodingOrOffset, length) {
    if (typeof value === 'string') return fromString(value, encodingOrOffset);
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
      const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset) || 0;
      if (offset > value.byteLength) throw rangeError('ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds');
      const len = length === undefined ? value.byteLength - offset : Number(length) || 0;
      if (offset + len > value.byteLength) throw rangeError('ERR_BUFFER_OUT_OF_BOUNDS', '"length" is outside of buffer bounds');
      return new FastBuffer(value, offset, len);
    }
    if (ArrayBuffer.isView(value)) {
      if (value instanceof Uint8Array) return new FastBuffer(value);
      // Another typed array: its elements, each cut to a byte (Node's behaviour).
      const out = new FastBuffer(value.length);
      for (let i = 0; i < value.length; i++) out[i] = Number(value[i]) & 255;
      return out;
    }
    if (value !== null && typeof value === 'object') {
      if (typeof value.valueOf === 'function') {
        const primitive = value.valueOf();
        if (primitive !== value && primitive != null && (typeof primitive === 'string' || typeof primitive === 'object')) {
          return Buffer.from(primitive, encodingOrOffset, length);
        }
      }
      if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArrayLike(value.data);
      if (typeof value.length === 'number' || Array.isArray(value)) return fromArrayLike(value);
      if (typeof value[Symbol.toPrimitive] === 'function') {
        const primitive = value[Symbol.toPrimitive]('string');
        if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
      }
    }
    throw typeError('ERR_INVALID_ARG_TYPE',
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. ' +
      `Received ${describe(value)}`);
  };

  function fromArrayLike(list) {
    const length = list.length >>> 0;
    const out = new FastBuffer(length);
    for (let i = 0; i < length; i++) out[i] = Number(list[i]) & 255;
    return out;
  }

  Buffer.alloc = function alloc(size, fill, encoding) {
    checkSize(size);
    const buf = new FastBuffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) buf.fill(fill, encoding);
    return buf;
  };
  Buffer.allocUnsafe = function allocUnsafe(size) {
    checkSize(size);
    return new FastBuffer(size);
  };
  Buffer.allocUnsafeSlow = Buffer.allocUnsafe;

  Buffer.isBuffer = function isBuffer(value) {
    return value instanceof Buffer;
  };
  Buffer.isEncoding = function isEncoding(encoding) {
    return typeof encoding === 'string' && encoding !== '' && ENCODINGS.includes(encoding.toLowerCase());
  };
  Buffer.byteLength = function byteLength(value, encoding) {
    if (typeof value !== 'string') {
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
      throw typeError('ERR_INVALID_ARG_TYPE',
        `The "string" argument must be of type string or an instance of Buffer or ArrayBuffer. Received ${describe(value)}`);
    }
    const enc = normalizeEncoding(encoding);
    if (enc === 'utf8' || enc === 'utf-8') return utf8Length(value);
    if (enc === 'latin1' || enc === 'binary' || enc === 'ascii') return value.length;
    if (enc === 'utf16le' || enc === 'utf-16le' || enc === 'ucs2' || enc === 'ucs-2') return value.length * 2;
    return bytes.encode(wellFormed(value), enc).length;
  };

  function utf8Length(string) {
    let n = 0;
    for (let i = 0; i < string.length; i++) {
      const c = string.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < string.length) {
        const d = string.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          n += 4;
          i++;
        } else n += 3;
      } else n += 3;
    }
    return n;
  }

  Buffer.concat = function concat(list, totalLength) {
    if (!Array.isArray(list)) {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "list" argument must be an instance of Array. Received ${describe(list)}`);
    }
    list.forEach((item, i) => {
      if (!(item instanceof Uint8Array)) {
        throw typeError('ERR_INVALID_ARG_TYPE', `The "list[${i}]" argument must be an instance of Buffer or Uint8Array. Received ${describe(item)}`);
      }
    });
    const length = totalLength === undefined ? list.reduce((n, b) => n + b.length, 0) : totalLength;
    const out = Buffer.alloc(length);
    let at = 0;
    for (const item of list) {
      if (at >= length) break;
      const part = item.length > length - at ? item.subarray(0, length - at) : item;
      out.set(part, at);
      at += part.length;
    }
    return out;
  };

  Buffer.compare = function compare(a, b) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) {
      throw typeError('ERR_INVALID_ARG_TYPE', 'The "buf1" and "buf2" arguments must be instances of Buffer or Uint8Array.');
    }
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  };

  const proto = FastBuffer.prototype;

  function clamp(value, length, fallback) {
    if (value === undefined) return fallback;
    value = Math.trunc(Number(value)) || 0;
    if (value < 0) return 0;
    return value > length ? length : value;
  }

  proto.toString = function toString(encoding, start, end) {
    if (arguments.length === 0) return bytes.decode(this, 'utf8');
    const s = clamp(start, this.length, 0);
    const e = clamp(end, this.length, this.length);
    if (e <= s) return '';
    const view = s === 0 && e === this.length ? this : this.subarray(s, e);
    return bytes.decode(view, normalizeEncoding(encoding));
  };
  proto.toLocaleString = proto.toString;

  proto.toJSON = function toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  };

  proto.equals = function equals(other) {
    if (!(other instanceof Uint8Array)) {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "otherBuffer" argument must be an instance of Buffer or Uint8Array. Received ${describe(other)}`);
    }
    return Buffer.compare(this, other) === 0;
  };

  proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    const t = target.subarray(clamp(targetStart, target.length, 0), clamp(targetEnd, target.length, target.length));
    const s = this.subarray(clamp(sourceStart, this.length, 0), clamp(sourceEnd, this.length, this.length));
    return Buffer.compare(s, t);
  };

  // Node's `slice` is a view, like `subarray` (Uint8Array's own `slice` copies).
  proto.slice = function slice(start, end) {
    return this.subarray(start, end);
  };
  proto.subarray = function subarray(start, end) {
    const view = Uint8Array.prototype.subarray.call(this, start, end);
    return new FastBuffer(view.buffer, view.byteOffset, view.byteLength);
  };

  proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
    const ts = clamp(targetStart, target.length, 0);
    const ss = clamp(sourceStart, this.length, 0);
    let se = clamp(sourceEnd, this.length, this.length);
    if (se - ss > target.length - ts) se = ss + target.length - ts;
    if (se <= ss) return 0;
    target.set(this.subarray(ss, se), ts);
    return se - ss;
  };

  proto.write = function write(string, offset, length, encoding) {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      length = undefined;
    } else if (typeof length === 'string') {
      encoding = length;
      length = undefined;
    }
    const at = clamp(offset, this.length, 0);
    const room = this.length - at;
    const max = length === undefined ? room : Math.min(room, clamp(length, room, room));
    let data = fromString(string, encoding);
    if (data.length > max) {
      data = data.subarray(0, max);
      if (normalizeEncoding(encoding).startsWith('utf8') || normalizeEncoding(encoding) === 'utf-8') {
        // Do not write part of a character.
        let cut = data.length;
        while (cut > 0 && (data[cut - 1] & 0xc0) === 0x80) cut--;
        if (cut > 0) {
          const lead = data[cut - 1];
          const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
          if (data.length - (cut - 1) < need) data = data.subarray(0, cut - 1);
        }
      }
    }
    this.set(data, at);
    return data.length;
  };

  proto.fill = function fill(value, offset, end, encoding) {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = this.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = this.length;
    }
    const s = clamp(offset, this.length, 0);
    const e = clamp(end, this.length, this.length);
    if (typeof value === 'number' || typeof value === 'boolean') {
      Uint8Array.prototype.fill.call(this, Number(value) & 255, s, e);
      return this;
    }
    const pattern = typeof value === 'string' ? fromString(value, encoding) : value;
    if (pattern.length === 0) {
      Uint8Array.prototype.fill.call(this, 0, s, e);
      return this;
    }
    for (let i = s, j = 0; i < e; i++, j = (j + 1) % pattern.length) this[i] = pattern[j];
    return this;
  };

  function needle(value, encoding) {
    if (typeof value === 'string') return fromString(value, encoding);
    if (value instanceof Uint8Array) return value;
    if (typeof value === 'number') return Uint8Array.of(value & 255);
    throw typeError('ERR_INVALID_ARG_TYPE', `The "value" argument must be one of type number or string or an instance of Buffer or Uint8Array. Received ${describe(value)}`);
  }

  proto.indexOf = function indexOf(value, byteOffset, encoding) {
    if (typeof byteOffset === 'string') {
      encoding = byteOffset;
      byteOffset = 0;
    }
    const find = needle(value, encoding);
    let from = byteOffset === undefined ? 0 : Math.trunc(Number(byteOffset)) || 0;
    if (from < 0) from = Math.max(0, this.length + from);
    if (find.length === 0) return from <= this.length ? from : this.length;
    outer: for (let i = from; i <= this.length - find.length; i++) {
      for (let j = 0; j < find.length; j++) {
        if (this[i + j] !== find[j]) continue outer;
      }
      return i;
    }
    return -1;
  };
  proto.lastIndexOf = function lastIndexOf(value, byteOffset, encoding) {
    if (typeof byteOffset === 'string') {
      encoding = byteOffset;
      byteOffset = undefined;
    }
    const find = needle(value, encoding);
    let from = byteOffset === undefined ? this.length - find.length : Math.trunc(Number(byteOffset)) || 0;
    if (from < 0) from = this.length + from;
    from = Math.min(from, this.length - find.length);
    outer: for (let i = from; i >= 0; i--) {
      for (let j = 0; j < find.length; j++) {
        if (this[i + j] !== find[j]) continue outer;
      }
      return i;
    }
    return -1;
  };
  proto.includes = function includes(value, byteOffset, encoding) {
    return this.indexOf(value, byteOffset, encoding) !== -1;
  };

  // Fixed-size numbers, read and written through a DataView of the same memory.
  function view(buf) {
    return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  function checkOffset(buf, offset, size) {
    if (offset === undefined) offset = 0;
    if (typeof offset !== 'number' || !Number.isInteger(offset)) {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "offset" argument must be of type number. Received ${describe(offset)}`);
    }
    if (offset < 0 || offset + size > buf.length) {
      throw rangeError('ERR_OUT_OF_RANGE', `The value of "offset" is out of range. It must be >= 0 and <= ${buf.length - size}. Received ${offset}`);
    }
    return offset;
  }
  const NUMBERS = [
    ['UInt8', 'Uint8', 1], ['Int8', 'Int8', 1],
    ['UInt16', 'Uint16', 2], ['Int16', 'Int16', 2],
    ['UInt32', 'Uint32', 4], ['Int32', 'Int32', 4],
    ['Float', 'Float32', 4], ['Double', 'Float64', 8],
    ['BigUInt64', 'BigUint64', 8], ['BigInt64', 'BigInt64', 8],
  ];
  for (const [name, dv, size] of NUMBERS) {
    const endians = size === 1 ? [''] : ['LE', 'BE'];
    for (const endian of endians) {
      const little = endian === 'LE';
      proto[`read${name}${endian}`] = function (offset) {
        offset = checkOffset(this, offset, size);
        return view(this)[`get${dv}`](offset, little);
      };
      proto[`write${name}${endian}`] = function (value, offset) {
        offset = checkOffset(this, offset, size);
        view(this)[`set${dv}`](offset, value, little);
        return offset + size;
      };
      if (name.startsWith('UInt') || name.startsWith('BigUInt')) {
        const alias = name.replace('UInt', 'Uint');
        proto[`read${alias}${endian}`] = proto[`read${name}${endian}`];
        proto[`write${alias}${endian}`] = proto[`write${name}${endian}`];
      }
    }
  }

  proto.swap16 = function swap16() {
    if (this.length % 2 !== 0) throw rangeError('ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 16-bits');
    for (let i = 0; i < this.length; i += 2) [this[i], this[i + 1]] = [this[i + 1], this[i]];
    return this;
  };

  Object.defineProperty(proto, 'parent', { get() { return this.buffer; }, configurable: true });
  Object.defineProperty(proto, 'offset', { get() { return this.byteOffset; }, configurable: true });

  proto[Symbol.for('nodejs.util.inspect.custom')] = function inspectBuffer() {
    const max = 50;
    const shown = Array.from(this.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const more = this.length > max ? ` ... ${this.length - max} more byte${this.length - max > 1 ? 's' : ''}` : '';
    return `<Buffer${shown === '' ? '' : ' '}${shown}${more}>`;
  };

  // Uint8Array's `map`, `filter`, ... build a new array of the same constructor: a Buffer.
  Object.defineProperty(Buffer, Symbol.species, { get() { return FastBuffer; }, configurable: true });

  function atob(input) {
    if (arguments.length === 0) throw typeError('ERR_MISSING_ARGS', 'The "data" argument must be specified');
    const out = bytes.atob(`${input}`);
    if (out === null || out === undefined) {
      throw new globalThis.DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
    }
    return out;
  }
  function btoa(input) {
    if (arguments.length === 0) throw typeError('ERR_MISSING_ARGS', 'The "data" argument must be specified');
    const text = `${input}`;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 255) {
        throw new globalThis.DOMException('Invalid character', 'InvalidCharacterError');
      }
    }
    return bytes.btoa(text);
  }

  return {
    Buffer,
    FastBuffer,
    atob,
    btoa,
    kMaxLength,
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 2 ** 29 - 24 },
    isUtf8: (input) => bytes.isUtf8(input instanceof Uint8Array ? input : new Uint8Array(input.buffer || input)),
    SlowBuffer: Buffer.allocUnsafeSlow,
    INSPECT_MAX_BYTES: 50,
  };
})
