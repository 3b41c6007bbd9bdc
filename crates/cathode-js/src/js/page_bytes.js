// The page's stand-in for the byte functions main's native bridge gives Buffer, URL and crypto
// (bytes.rs): Node's text encodings, base64 read as Node reads it, and randomness from the
// page's own `crypto`. Returns `{encode, decode, isUtf8, atob, btoa, random}`.
(function () {
  'use strict';

  const utf8Encoder = new TextEncoder();
  const utf8Decoder = new TextDecoder('utf-8');
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const BASE64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const VALUES = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) VALUES[BASE64.charCodeAt(i)] = i;
  VALUES['-'.charCodeAt(0)] = 62;
  VALUES['_'.charCodeAt(0)] = 63;
  const CANONICAL = {
    utf8: 'utf8', 'utf-8': 'utf8', hex: 'hex', base64: 'base64', base64url: 'base64url',
    latin1: 'latin1', binary: 'latin1', ascii: 'ascii', utf16le: 'utf16le', 'utf-16le': 'utf16le',
    ucs2: 'utf16le', 'ucs-2': 'utf16le',
  };

  function canonical(encoding) {
    const name = CANONICAL[`${encoding}`.toLowerCase()];
    if (name === undefined) throw new TypeError(`Unknown encoding: ${encoding}`);
    return name;
  }

  function toBase64(data, url) {
    const table = url ? BASE64_URL : BASE64;
    let out = '';
    for (let i = 0; i < data.length; i += 3) {
      const n = (data[i] << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
      const keep = Math.min(3, data.length - i) + 1;
      for (let k = 0; k < 4; k++) {
        if (k < keep) out += table[(n >> (18 - 6 * k)) & 63];
        else if (!url) out += '=';
      }
    }
    return out;
  }

  // Both alphabets; other characters skipped; the first `=` ends the data.
  function fromBase64Lenient(text) {
    const out = new Uint8Array(Math.ceil(text.length * 3 / 4));
    let length = 0;
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 61) break;
      const value = c < 128 ? VALUES[c] : -1;
      if (value < 0) continue;
      acc = ((acc << 6) | value) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[length++] = (acc >> bits) & 0xff;
      }
    }
    return out.slice(0, length);
  }

  // Pairs of hex digits up to the first pair that is not one.
  function fromHex(text) {
    const out = new Uint8Array(text.length >> 1);
    let length = 0;
    for (; length < out.length; length++) {
      const pair = text.slice(length * 2, length * 2 + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) break;
      out[length] = parseInt(pair, 16);
    }
    return out.slice(0, length);
  }

  function encode(text, encoding) {
    switch (canonical(encoding)) {
      case 'utf8': return utf8Encoder.encode(text);
      case 'hex': return fromHex(text);
      case 'base64':
      case 'base64url': return fromBase64Lenient(text);
      case 'utf16le': {
        const out = new Uint8Array(text.length * 2);
        for (let i = 0; i < text.length; i++) {
          const unit = text.charCodeAt(i);
          out[2 * i] = unit & 0xff;
          out[2 * i + 1] = unit >> 8;
        }
        return out;
      }
      default: {
        const out = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
        return out;
      }
    }
  }

  function fromCodes(count, codeAt) {
    let out = '';
    for (let start = 0; start < count; start += 8192) {
      const codes = [];
      for (let i = start; i < Math.min(count, start + 8192); i++) codes.push(codeAt(i));
      out += String.fromCharCode(...codes);
    }
    return out;
  }

  function decode(data, encoding) {
    switch (canonical(encoding)) {
      case 'utf8': return utf8Decoder.decode(data);
      case 'hex': return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64': return toBase64(data, false);
      case 'base64url': return toBase64(data, true);
      case 'latin1': return fromCodes(data.length, (i) => data[i]);
      case 'ascii': return fromCodes(data.length, (i) => data[i] & 0x7f);
      default: return fromCodes(data.length >> 1, (i) => data[2 * i] | (data[2 * i + 1] << 8));
    }
  }

  function isUtf8(data) {
    try {
      strictUtf8.decode(data);
      return true;
    } catch {
      return false;
    }
  }

  // `atob`: the HTML "forgiving-base64 decode" as a binary string, or null when not base64.
  function atob(text) {
    let data = text.replace(/[ \t\n\f\r]/g, '');
    if (data.length % 4 === 0) data = data.replace(/==?$/, '');
    if (data.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(data)) return null;
    const decoded = fromBase64Lenient(data);
    return fromCodes(decoded.length, (i) => decoded[i]);
  }

  const btoa = (latin1) => toBase64(encode(latin1, 'latin1'), false);

  // The page's crypto fills at most 65536 bytes a call.
  function random(count) {
    const out = new Uint8Array(count);
    for (let offset = 0; offset < count; offset += 65536) {
      globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(count, offset + 65536)));
    }
    return out;
  }

  return { encode, decode, isUtf8, atob, btoa, random };
})
