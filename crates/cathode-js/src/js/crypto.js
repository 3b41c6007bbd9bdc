// `require('crypto')`: randomness (randomBytes, randomInt, randomUUID, getRandomValues), digests
// and HMACs (md5, sha1, sha256, sha384, sha512, computed in Rust: hash.rs) and timingSafeEqual.
// Called with the native bridge, the Buffer module and the web globals.
(function (native, buffer, web) {
  'use strict';

  const { Buffer } = buffer;
  const HASHES = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];

  function argType(name, expected, value) {
    const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  function toBytes(data, encoding, name) {
    if (typeof data === 'string') return Buffer.from(data, encoding);
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw argType(name, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }

  function checkAlgorithm(algorithm) {
    const name = `${algorithm}`.toLowerCase().replace('-', '');
    if (!HASHES.includes(name)) {
      const err = new Error('Digest method not supported');
      err.code = 'ERR_CRYPTO_INVALID_DIGEST';
      throw err;
    }
    return name;
  }

  function output(bytes, encoding) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return encoding === undefined || encoding === 'buffer' ? buf : buf.toString(encoding);
  }

  // Chunks are kept and digested at once when `digest` is called.
  class Hash {
    constructor(algorithm, key) {
      this._algorithm = checkAlgorithm(algorithm);
      this._key = key;
      this._chunks = [];
      this._done = false;
    }
    update(data, encoding) {
      if (this._done) {
        const err = new Error('Digest already called');
        err.code = 'ERR_CRYPTO_HASH_FINALIZED';
        throw err;
      }
      this._chunks.push(Buffer.from(toBytes(data, encoding, 'data')));
      return this;
    }
    digest(encoding) {
      if (this._done) {
        const err = new Error('Digest already called');
        err.code = 'ERR_CRYPTO_HASH_FINALIZED';
        throw err;
      }
      this._done = true;
      const data = Buffer.concat(this._chunks);
      const bytes = this._key === undefined
        ? native.crypto.hash(this._algorithm, data)
        : native.crypto.hmac(this._algorithm, this._key, data);
      return output(bytes, encoding);
    }
    copy() {
      const copy = new Hash(this._algorithm, this._key);
      copy._chunks = this._chunks.slice();
      return copy;
    }
  }

  function createHash(algorithm) {
    return new Hash(algorithm);
  }
  function createHmac(algorithm, key) {
    const hmac = new Hash(algorithm, Buffer.from(toBytes(key, 'utf8', 'key')));
    hmac.copy = undefined;
    return hmac;
  }
  function hash(algorithm, data, encoding = 'hex') {
    return createHash(algorithm).update(data).digest(encoding);
  }

  function randomBytes(size, callback) {
    if (typeof size !== 'number' || !(size >= 0) || size > 2 ** 31 - 1) {
      const err = new RangeError(`The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`);
      err.code = 'ERR_OUT_OF_RANGE';
      throw err;
    }
    const bytes = native.bytes.random(size);
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (typeof callback === 'function') {
      process.nextTick(callback, null, buf);
      return undefined;
    }
    return buf;
  }

  function randomInt(min, max, callback) {
    if (max === undefined || typeof max === 'function') {
      callback = max;
      max = min;
      min = 0;
    }
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
      const err = new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
      err.code = 'ERR_OUT_OF_RANGE';
      throw err;
    }
    // Rejection sampling over 48 random bits, so every value is equally likely.
    const range = max - min;
    const limit = 2 ** 48 - (2 ** 48 % range);
    let n;
    do {
      const b = native.bytes.random(6);
      n = b[0] * 2 ** 40 + b[1] * 2 ** 32 + b[2] * 2 ** 24 + b[3] * 2 ** 16 + b[4] * 2 ** 8 + b[5];
    } while (n >= limit);
    const value = min + (n % range);
    if (typeof callback === 'function') {
      process.nextTick(callback, null, value);
      return undefined;
    }
    return value;
  }

  function timingSafeEqual(a, b) {
    const x = toBytes(a, undefined, 'buf1');
    const y = toBytes(b, undefined, 'buf2');
    if (x.byteLength !== y.byteLength) {
      const err = new RangeError('Input buffers must have the same byte length');
      err.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
      throw err;
    }
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }

  return {
    createHash,
    createHmac,
    hash,
    getHashes: () => HASHES.slice(),
    randomBytes,
    randomInt,
    randomUUID: web.crypto.randomUUID,
    getRandomValues: web.crypto.getRandomValues,
    randomFillSync(target, offset = 0, size) {
      const view = new Uint8Array(target.buffer || target, target.byteOffset || 0, target.byteLength);
      const end = size === undefined ? view.length : offset + size;
      view.set(native.bytes.random(end - offset), offset);
      return target;
    },
    timingSafeEqual,
    webcrypto: web.crypto,
    Hash,
  };
})
