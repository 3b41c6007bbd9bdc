// `require('querystring')`: Node's legacy query string functions.
(function () {
  'use strict';

  function unescape(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      // Malformed sequences stay as they are; the valid %XX around them are still decoded.
      return text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
        try {
          return decodeURIComponent(run);
        } catch {
          return run;
        }
      });
    }
  }

  function escape(text) {
    return encodeURIComponent(text);
  }

  function parse(text, sep = '&', eq = '=', options = {}) {
    const out = Object.create(null);
    if (typeof text !== 'string' || text === '') return out;
    const maxKeys = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
    const decode = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : qs.unescape;
    let parts = text.split(sep || '&');
    if (maxKeys > 0) parts = parts.slice(0, maxKeys);
    for (const part of parts) {
      if (part === '') continue;
      const at = part.indexOf(eq || '=');
      const rawKey = at === -1 ? part : part.slice(0, at);
      const rawValue = at === -1 ? '' : part.slice(at + (eq || '=').length);
      const key = decode(rawKey.replace(/\+/g, ' '));
      const value = decode(rawValue.replace(/\+/g, ' '));
      if (!(key in out)) out[key] = value;
      else if (Array.isArray(out[key])) out[key].push(value);
      else out[key] = [out[key], value];
    }
    return out;
  }

  function primitive(value) {
    if (typeof value === 'string') return value;
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || typeof value === 'boolean') return `${value}`;
    return '';
  }

  function stringify(obj, sep = '&', eq = '=', options = {}) {
    if (obj === null || typeof obj !== 'object') return '';
    const encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : qs.escape;
    const parts = [];
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const k = encode(primitive(key));
      if (Array.isArray(value)) for (const v of value) parts.push(`${k}${eq}${encode(primitive(v))}`);
      else parts.push(`${k}${eq}${encode(primitive(value))}`);
    }
    return parts.join(sep);
  }

  const qs = { parse, stringify, escape, unescape, decode: parse, encode: stringify, unescapeBuffer: (s) => globalThis.Buffer.from(unescape(s)) };
  return qs;
})
