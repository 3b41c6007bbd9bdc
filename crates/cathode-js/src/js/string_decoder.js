// `require('string_decoder')`: text from a byte stream cut anywhere, holding back the bytes of a
// character (or a base64 group) that is not complete yet. Called with the Buffer module.
(function (buffer) {
  'use strict';

  const { Buffer } = buffer;

  function normalize(encoding) {
    const name = `${encoding === undefined || encoding === null ? 'utf8' : encoding}`.toLowerCase();
    const canonical = { 'utf-8': 'utf8', ucs2: 'utf16le', 'ucs-2': 'utf16le', 'utf-16le': 'utf16le', binary: 'latin1' }[name] || name;
    if (!Buffer.isEncoding(canonical)) {
      const err = new TypeError(`Unknown encoding: ${encoding}`);
      err.code = 'ERR_UNKNOWN_ENCODING';
      throw err;
    }
    return canonical;
  }

  // How many bytes at the end of `bytes` belong to a character that is not complete yet.
  function keep(bytes, encoding) {
    const n = bytes.length;
    if (encoding === 'utf8') {
      for (let back = 1; back <= Math.min(3, n); back++) {
        const b = bytes[n - back];
        if ((b & 0xc0) === 0x80) continue;
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        return need > back ? back : 0;
      }
      return 0;
    }
    if (encoding === 'utf16le') {
      if (n % 2 === 1) return 1;
      if (n >= 2) {
        const unit = bytes[n - 2] | (bytes[n - 1] << 8);
        if (unit >= 0xd800 && unit <= 0xdbff) return 2;
      }
      return 0;
    }
    if (encoding === 'base64' || encoding === 'base64url') return n % 3;
    return 0;
  }

  class StringDecoder {
    constructor(encoding) {
      this.encoding = normalize(encoding);
      this._pending = Buffer.alloc(0);
    }
    write(chunk) {
      if (typeof chunk === 'string') return chunk;
      if (!(chunk instanceof Uint8Array)) {
        const err = new TypeError('The "buf" argument must be an instance of Buffer, TypedArray, or DataView.');
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      const all = this._pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this._pending, chunk]);
      const held = keep(all, this.encoding);
      this._pending = Buffer.from(all.subarray(all.length - held));
      return all.subarray(0, all.length - held).toString(this.encoding);
    }
    end(chunk) {
      let text = chunk === undefined ? '' : this.write(chunk);
      if (this._pending.length > 0) {
        text += this._pending.toString(this.encoding);
        this._pending = Buffer.alloc(0);
      }
      return text;
    }
    text(chunk, start) {
      return this.write(chunk.subarray(start));
    }
    get lastNeed() {
      return this._pending.length;
    }
  }

  return { StringDecoder };
})
