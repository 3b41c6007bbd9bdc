// WHATWG `URL` and `URLSearchParams`, and `require('url')` (fileURLToPath, pathToFileURL,
// format, domainToASCII). Written from the URL Standard's parser (url.spec.whatwg.org); the
// setters of the parts re-parse a rebuilt URL instead of running the parser's state overrides.
// Called with the native bridge and the path module; returns the url module's exports.
(function (native, path) {
  'use strict';

  const bytes = native.bytes;
  const SPECIAL = { 'ftp:': 21, 'file:': null, 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
  const isSpecialScheme = (scheme) => Object.prototype.hasOwnProperty.call(SPECIAL, `${scheme}:`);

  function invalidUrl(input) {
    const err = new TypeError('Invalid URL');
    err.code = 'ERR_INVALID_URL';
    err.input = input;
    return err;
  }

  // ---- percent-encoding ------------------------------------------------------------------------

  const inC0 = (c) => c < 0x20 || c > 0x7e;
  const inFragment = (c) => inC0(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
  const inQuery = (c) => inC0(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
  const inSpecialQuery = (c) => inQuery(c) || c === 0x27;
  const inPath = (c) => inQuery(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d;
  const inUserinfo = (c) => inPath(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d ||
    c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x7c;
  const inComponent = (c) => inUserinfo(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c;
  const inForm = (c) => inComponent(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e;

  const HEX = '0123456789ABCDEF';
  function encodeByte(b) {
    return `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }

  // Percent-encodes the code points of `text` that are in `set`, as UTF-8.
  function percentEncode(text, set, spaceAsPlus) {
    let out = '';
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (spaceAsPlus && c === 0x20) out += '+';
      else if (c < 0x80 && !set(c)) out += ch;
      else if (c < 0x80) out += encodeByte(c);
      else {
        const utf8 = bytes.encode(ch.isWellFormed() ? ch : '\ufffd', 'utf8');
        for (let i = 0; i < utf8.length; i++) out += encodeByte(utf8[i]);
      }
    }
    return out;
  }

  const isHexDigit = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

  // The bytes of `text` with each %XX replaced by its byte.
  function percentDecodeBytes(text) {
    const input = bytes.encode(text.isWellFormed() ? text : text.toWellFormed(), 'utf8');
    const out = new Uint8Array(input.length);
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const b = input[i];
      if (b === 0x25 && i + 2 < input.length && isHexDigit(input[i + 1]) && isHexDigit(input[i + 2])) {
        out[n++] = parseInt(String.fromCharCode(input[i + 1], input[i + 2]), 16);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    return out.subarray(0, n);
  }
  const percentDecode = (text) => bytes.decode(percentDecodeBytes(text), 'utf8');

  // ---- hosts -----------------------------------------------------------------------------------

  const FORBIDDEN_HOST = new Set([0x00, 0x09, 0x0a, 0x0d, 0x20, 0x23, 0x2f, 0x3a, 0x3c, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x7c]);
  const forbiddenDomain = (c) => FORBIDDEN_HOST.has(c) || c <= 0x1f || c === 0x25 || c === 0x7f;

  // Punycode (RFC 3492) of one label.
  function punycode(label) {
    const base = 36;
    const input = Array.from(label, (ch) => ch.codePointAt(0));
    let out = input.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
    const basic = out.length;
    let handled = basic;
    if (basic > 0) out += '-';
    let n = 128;
    let delta = 0;
    let bias = 72;
    const digit = (d) => String.fromCharCode(d < 26 ? d + 97 : d + 22);
    const adapt = (d, count, first) => {
      d = first ? Math.floor(d / 700) : d >> 1;
      d += Math.floor(d / count);
      let k = 0;
      while (d > 455) {
        d = Math.floor(d / 35);
        k += base;
      }
      return k + Math.floor((36 * d) / (d + 38));
    };
    while (handled < input.length) {
      const m = Math.min(...input.filter((c) => c >= n));
      delta += (m - n) * (handled + 1);
      n = m;
      for (const c of input) {
        if (c < n) delta++;
        if (c === n) {
          let q = delta;
          for (let k = base; ; k += base) {
            const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
            if (q < t) break;
            out += digit(t + ((q - t) % (base - t)));
            q = Math.floor((q - t) / (base - t));
          }
          out += digit(q);
          bias = adapt(delta, handled + 1, handled === basic);
          delta = 0;
          handled++;
        }
      }
      delta++;
      n++;
    }
    return out;
  }

  // Domain to ASCII without the full UTS #46 mapping table: case folding, NFC, punycode.
  function domainToASCII(domain) {
    const mapped = domain.normalize('NFC').toLowerCase().replace(/[\u3002\uff0e\uff61]/g, '.');
    return mapped.split('.').map((label) => (/^[\x00-\x7f]*$/.test(label) ? label : `xn--${punycode(label)}`)).join('.');
  }

  function parseIPv4Number(part) {
    if (part === '') return NaN;
    let radix = 10;
    if (part.length >= 2 && (part.startsWith('0x') || part.startsWith('0X'))) {
      part = part.slice(2);
      radix = 16;
    } else if (part.length >= 2 && part.startsWith('0')) {
      part = part.slice(1);
      radix = 8;
    }
    if (part === '') return 0;
    const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
    if (!valid.test(part)) return NaN;
    return parseInt(part, radix);
  }

  function endsInANumber(host) {
    const parts = host.split('.');
    if (parts[parts.length - 1] === '') {
      if (parts.length === 1) return false;
      parts.pop();
    }
    const last = parts[parts.length - 1];
    if (last !== '' && /^[0-9]+$/.test(last)) return true;
    return !Number.isNaN(parseIPv4Number(last));
  }

  function parseIPv4(host) {
    const parts = host.split('.');
    if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
    if (parts.length > 4) return null;
    const numbers = parts.map(parseIPv4Number);
    if (numbers.some(Number.isNaN)) return null;
    if (numbers.slice(0, -1).some((n) => n > 255)) return null;
    if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
    let ipv4 = numbers[numbers.length - 1];
    numbers.slice(0, -1).forEach((n, i) => {
      ipv4 += n * 256 ** (3 - i);
    });
    return ipv4;
  }

  function serializeIPv4(address) {
    const out = [];
    for (let i = 0; i < 4; i++) {
      out.unshift(String(address % 256));
      address = Math.floor(address / 256);
    }
    return out.join('.');
  }

  function parseIPv6(input) {
    const address = [0, 0, 0, 0, 0, 0, 0, 0];
    let pieceIndex = 0;
    let compress = null;
    let p = 0;
    const c = (i) => input.charCodeAt(i);
    if (c(p) === 0x3a) {
      if (c(p + 1) !== 0x3a) return null;
      p += 2;
      pieceIndex++;
      compress = pieceIndex;
    }
    while (p < input.length) {
      if (pieceIndex === 8) return null;
      if (c(p) === 0x3a) {
        if (compress !== null) return null;
        p++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      let value = 0;
      let length = 0;
      while (length < 4 && p < input.length && isHexDigit(c(p))) {
        value = value * 16 + parseInt(input[p], 16);
        p++;
        length++;
      }
      if (c(p) === 0x2e) {
        if (length === 0) return null;
        p -= length;
        if (pieceIndex > 6) return null;
        let numbersSeen = 0;
        while (p < input.length) {
          let ipv4Piece = null;
          if (numbersSeen > 0) {
            if (c(p) === 0x2e && numbersSeen < 4) p++;
            else return null;
          }
          if (!(c(p) >= 0x30 && c(p) <= 0x39)) return null;
          while (c(p) >= 0x30 && c(p) <= 0x39) {
            const number = c(p) - 0x30;
            if (ipv4Piece === null) ipv4Piece = number;
            else if (ipv4Piece === 0) return null;
            else ipv4Piece = ipv4Piece * 10 + number;
            if (ipv4Piece > 255) return null;
            p++;
          }
          address[pieceIndex] = address[pieceIndex] * 256 + ipv4Piece;
          numbersSeen++;
          if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
        }
        if (numbersSeen !== 4) return null;
        break;
      } else if (c(p) === 0x3a) {
        p++;
        if (p >= input.length) return null;
      } else if (p < input.length) {
        return null;
      }
      address[pieceIndex] = value;
      pieceIndex++;
    }
    if (compress !== null) {
      let swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex !== 0 && swaps > 0) {
        const tmp = address[compress + swaps - 1];
        address[compress + swaps - 1] = address[pieceIndex];
        address[pieceIndex] = tmp;
        pieceIndex--;
        swaps--;
      }
    } else if (pieceIndex !== 8) {
      return null;
    }
    return address;
  }

  function serializeIPv6(address) {
    let best = -1;
    let bestLength = 1;
    for (let i = 0; i < 8;) {
      if (address[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && address[j] === 0) j++;
      if (j - i > bestLength) {
        best = i;
        bestLength = j - i;
      }
      i = j;
    }
    let out = '';
    let ignore0 = false;
    for (let i = 0; i < 8; i++) {
      if (ignore0 && address[i] === 0) continue;
      ignore0 = false;
      if (best === i) {
        out += i === 0 ? '::' : ':';
        ignore0 = true;
        continue;
      }
      out += address[i].toString(16);
      if (i !== 7) out += ':';
    }
    return `[${out}]`;
  }

  // A host's serialization, or null when it is not valid.
  function parseHost(input, notSpecial) {
    if (input.startsWith('[')) {
      if (!input.endsWith(']')) return null;
      const address = parseIPv6(input.slice(1, -1));
      return address === null ? null : serializeIPv6(address);
    }
    if (notSpecial) {
      for (let i = 0; i < input.length; i++) {
        if (FORBIDDEN_HOST.has(input.charCodeAt(i))) return null;
      }
      return percentEncode(input, inC0);
    }
    const domain = percentDecode(input);
    const ascii = domainToASCII(domain);
    if (ascii === '') return null;
    for (let i = 0; i < ascii.length; i++) {
      if (forbiddenDomain(ascii.charCodeAt(i))) return null;
    }
    if (endsInANumber(ascii)) {
      const ipv4 = parseIPv4(ascii);
      return ipv4 === null ? null : serializeIPv4(ipv4);
    }
    return ascii;
  }

  // ---- the basic URL parser --------------------------------------------------------------------

  const isAlpha = (ch) => /^[A-Za-z]$/.test(ch);
  const isWindowsDriveLetter = (s, normalizedOnly) => s.length === 2 && isAlpha(s[0]) && (s[1] === ':' || (!normalizedOnly && s[1] === '|'));
  const startsWithDriveLetter = (s) => s.length >= 2 && isWindowsDriveLetter(s.slice(0, 2)) &&
    (s.length === 2 || '/\\?#'.includes(s[2]));
  const isSingleDot = (s) => s === '.' || s.toLowerCase() === '%2e';
  const isDoubleDot = (s) => ['..', '.%2e', '%2e.', '%2e%2e'].includes(s.toLowerCase());

  function shortenPath(url) {
    if (url.scheme === 'file' && url.path.length === 1 && isWindowsDriveLetter(url.path[0], true)) return;
    url.path.pop();
  }

  function emptyRecord() {
    return { scheme: '', username: '', password: '', host: null, port: null, path: [], opaque: false, query: null, fragment: null };
  }

  function copyRecord(r) {
    return Object.assign({}, r, { path: r.opaque ? r.path : r.path.slice() });
  }

  // Returns the URL record of `input` against `base` (a record or null), or null on failure.
  function parse(input, base) {
    input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
    const url = emptyRecord();
    let state = 'schemeStart';
    let buffer = '';
    let atSeen = false;
    let insideBrackets = false;
    let passwordSeen = false;
    const chars = Array.from(input);
    const special = () => isSpecialScheme(url.scheme);
    for (let p = 0; p <= chars.length; p++) {
      const ch = p < chars.length ? chars[p] : undefined; // undefined is EOF
      const rest = () => chars.slice(p + 1).join('');
      switch (state) {
        case 'schemeStart':
          if (ch !== undefined && isAlpha(ch)) {
            buffer += ch.toLowerCase();
            state = 'scheme';
          } else {
            state = 'noScheme';
            p--;
          }
          break;
        case 'scheme':
          if (ch !== undefined && /^[A-Za-z0-9+\-.]$/.test(ch)) {
            buffer += ch.toLowerCase();
          } else if (ch === ':') {
            url.scheme = buffer;
            buffer = '';
            if (url.scheme === 'file') state = 'file';
            else if (special() && base && base.scheme === url.scheme) state = 'specialRelativeOrAuthority';
            else if (special()) state = 'specialAuthoritySlashes';
            else if (chars[p + 1] === '/') {
              state = 'pathOrAuthority';
              p++;
            } else {
              url.opaque = true;
              url.path = '';
              state = 'opaquePath';
            }
          } else {
            buffer = '';
            state = 'noScheme';
            p = -1;
          }
          break;
        case 'noScheme':
          if (!base || (base.opaque && ch !== '#')) return null;
          if (base.opaque && ch === '#') {
            Object.assign(url, copyRecord(base));
            url.fragment = '';
            state = 'fragment';
          } else if (base.scheme !== 'file') {
            state = 'relative';
            p--;
          } else {
            state = 'file';
            p--;
          }
          break;
        case 'specialRelativeOrAuthority':
          if (ch === '/' && chars[p + 1] === '/') {
            state = 'specialAuthorityIgnoreSlashes';
            p++;
          } else {
            state = 'relative';
            p--;
          }
          break;
        case 'pathOrAuthority':
          if (ch === '/') state = 'authority';
          else {
            state = 'path';
            p--;
          }
          break;
        case 'relative':
          url.scheme = base.scheme;
          if (ch === '/') state = 'relativeSlash';
          else if (special() && ch === '\\') state = 'relativeSlash';
          else {
            url.username = base.username;
            url.password = base.password;
            url.host = base.host;
            url.port = base.port;
            url.path = base.path.slice();
            url.query = base.query;
            if (ch === '?') {
              url.query = '';
              state = 'query';
            } else if (ch === '#') {
              url.fragment = '';
              state = 'fragment';
            } else if (ch !== undefined) {
              url.query = null;
              shortenPath(url);
              state = 'path';
              p--;
            }
          }
          break;
        case 'relativeSlash':
          if (special() && (ch === '/' || ch === '\\')) state = 'specialAuthorityIgnoreSlashes';
          else if (ch === '/') state = 'authority';
          else {
            url.username = base.username;
            url.password = base.password;
            url.host = base.host;
            url.port = base.port;
            state = 'path';
            p--;
          }
          break;
        case 'specialAuthoritySlashes':
          if (ch === '/' && chars[p + 1] === '/') {
            state = 'specialAuthorityIgnoreSlashes';
            p++;
          } else {
            state = 'specialAuthorityIgnoreSlashes';
            p--;
          }
          break;
        case 'specialAuthorityIgnoreSlashes':
          if (ch !== '/' && ch !== '\\') {
            state = 'authority';
            p--;
          }
          break;
        case 'authority':
          if (ch === '@') {
            if (atSeen) buffer = `%40${buffer}`;
            atSeen = true;
            for (const c of buffer) {
              if (c === ':' && !passwordSeen) {
                passwordSeen = true;
                continue;
              }
              if (passwordSeen) url.password += percentEncode(c, inUserinfo);
              else url.username += percentEncode(c, inUserinfo);
            }
            buffer = '';
          } else if (ch === undefined || ch === '/' || ch === '?' || ch === '#' || (special() && ch === '\\')) {
            if (atSeen && buffer === '') return null;
            p -= Array.from(buffer).length + 1;
            buffer = '';
            state = 'host';
          } else {
            buffer += ch;
          }
          break;
        case 'host':
        case 'hostname':
          if (ch === ':' && !insideBrackets) {
            if (buffer === '') return null;
            const host = parseHost(buffer, !special());
            if (host === null) return null;
            url.host = host;
            buffer = '';
            state = 'port';
          } else if (ch === undefined || ch === '/' || ch === '?' || ch === '#' || (special() && ch === '\\')) {
            p--;
            if (special() && buffer === '') return null;
            const host = parseHost(buffer, !special());
            if (host === null) return null;
            url.host = host;
            buffer = '';
            state = 'pathStart';
          } else {
            if (ch === '[') insideBrackets = true;
            if (ch === ']') insideBrackets = false;
            buffer += ch;
          }
          break;
        case 'port':
          if (ch !== undefined && /^[0-9]$/.test(ch)) {
            buffer += ch;
          } else if (ch === undefined || ch === '/' || ch === '?' || ch === '#' || (special() && ch === '\\')) {
            if (buffer !== '') {
              const port = parseInt(buffer, 10);
              if (port > 65535) return null;
              url.port = SPECIAL[`${url.scheme}:`] === port ? null : port;
              buffer = '';
            }
            state = 'pathStart';
            p--;
          } else {
            return null;
          }
          break;
        case 'file':
          url.scheme = 'file';
          url.host = '';
          if (ch === '/' || ch === '\\') state = 'fileSlash';
          else if (base && base.scheme === 'file') {
            url.host = base.host;
            url.path = base.path.slice();
            url.query = base.query;
            if (ch === '?') {
              url.query = '';
              state = 'query';
            } else if (ch === '#') {
              url.fragment = '';
              state = 'fragment';
            } else if (ch !== undefined) {
              url.query = null;
              if (!startsWithDriveLetter(chars.slice(p).join(''))) shortenPath(url);
              else url.path = [];
              state = 'path';
              p--;
            }
          } else {
            state = 'path';
            p--;
          }
          break;
        case 'fileSlash':
          if (ch === '/' || ch === '\\') state = 'fileHost';
          else {
            if (base && base.scheme === 'file') {
              url.host = base.host;
              if (!startsWithDriveLetter(chars.slice(p).join('')) && base.path.length > 0 && isWindowsDriveLetter(base.path[0], true)) {
                url.path.push(base.path[0]);
              }
            }
            state = 'path';
            p--;
          }
          break;
        case 'fileHost':
          if (ch === undefined || ch === '/' || ch === '\\' || ch === '?' || ch === '#') {
            p--;
            if (isWindowsDriveLetter(buffer, false)) {
              state = 'path';
            } else if (buffer === '') {
              url.host = '';
              state = 'pathStart';
            } else {
              let host = parseHost(buffer, false);
              if (host === null) return null;
              if (host === 'localhost') host = '';
              url.host = host;
              buffer = '';
              state = 'pathStart';
            }
          } else {
            buffer += ch;
          }
          break;
        case 'pathStart':
          if (special()) {
            state = 'path';
            if (ch !== '/' && ch !== '\\') p--;
          } else if (ch === '?') {
            url.query = '';
            state = 'query';
          } else if (ch === '#') {
            url.fragment = '';
            state = 'fragment';
          } else if (ch !== undefined) {
            state = 'path';
            if (ch !== '/') p--;
          }
          break;
        case 'path':
          if (ch === undefined || ch === '/' || (special() && ch === '\\') || ch === '?' || ch === '#') {
            const slash = ch === '/' || (special() && ch === '\\');
            if (isDoubleDot(buffer)) {
              shortenPath(url);
              if (!slash) url.path.push('');
            } else if (isSingleDot(buffer) && !slash) {
              url.path.push('');
            } else if (!isSingleDot(buffer)) {
              if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer, false)) {
                buffer = `${buffer[0]}:`;
              }
              url.path.push(buffer);
            }
            buffer = '';
            if (ch === '?') {
              url.query = '';
              state = 'query';
            } else if (ch === '#') {
              url.fragment = '';
              state = 'fragment';
            }
          } else {
            buffer += percentEncode(ch, inPath);
          }
          break;
        case 'opaquePath':
          if (ch === '?') {
            url.query = '';
            state = 'query';
          } else if (ch === '#') {
            url.fragment = '';
            state = 'fragment';
          } else if (ch !== undefined) {
            url.path += percentEncode(ch, inC0);
          }
          break;
        case 'query':
          if (ch === '#' || ch === undefined) {
            url.query += percentEncode(buffer, special() ? inSpecialQuery : inQuery);
            buffer = '';
            if (ch === '#') {
              url.fragment = '';
              state = 'fragment';
            }
          } else {
            buffer += ch;
          }
          break;
        case 'fragment':
          if (ch !== undefined) url.fragment += percentEncode(ch, inFragment);
          break;
        default:
          throw new Error(`URL parser: unknown state ${state}`);
      }
      void rest;
    }
    return url;
  }

  function serializePath(url) {
    if (url.opaque) return url.path;
    let out = '';
    if (url.host === null && url.path.length > 1 && url.path[0] === '') out += '/.';
    for (const segment of url.path) out += `/${segment}`;
    return out;
  }

  function serialize(url, excludeFragment) {
    let out = `${url.scheme}:`;
    if (url.host !== null) {
      out += '//';
      if (url.username !== '' || url.password !== '') {
        out += url.username;
        if (url.password !== '') out += `:${url.password}`;
        out += '@';
      }
      out += url.host;
      if (url.port !== null) out += `:${url.port}`;
    }
    out += serializePath(url);
    if (url.query !== null) out += `?${url.query}`;
    if (!excludeFragment && url.fragment !== null) out += `#${url.fragment}`;
    return out;
  }

  // ---- URLSearchParams -------------------------------------------------------------------------

  function parseForm(text) {
    const list = [];
    for (const part of text.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      list.push([percentDecode(name.replace(/\+/g, ' ')), percentDecode(value.replace(/\+/g, ' '))]);
    }
    return list;
  }

  function serializeForm(list) {
    return list.map(([k, v]) => `${percentEncode(k, inForm, true)}=${percentEncode(v, inForm, true)}`).join('&');
  }

  const kList = Symbol('list');
  const kUrl = Symbol('url');
  const toUSVString = (value) => {
    const s = `${value}`;
    return s.isWellFormed() ? s : s.toWellFormed();
  };

  class URLSearchParams {
    constructor(init = '') {
      this[kList] = [];
      this[kUrl] = null;
      if (init instanceof URLSearchParams) {
        this[kList] = init[kList].map((pair) => pair.slice());
      } else if (init !== null && typeof init === 'object' || typeof init === 'function') {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const entry = Array.from(pair);
            if (entry.length !== 2) {
              const err = new TypeError('Each query pair must be an iterable [name, value] tuple');
              err.code = 'ERR_INVALID_TUPLE';
              throw err;
            }
            this[kList].push([toUSVString(entry[0]), toUSVString(entry[1])]);
          }
        } else {
          for (const key of Object.keys(init)) this[kList].push([toUSVString(key), toUSVString(init[key])]);
        }
      } else {
        let text = toUSVString(init);
        if (text.startsWith('?')) text = text.slice(1);
        this[kList] = parseForm(text);
      }
    }
    get size() {
      return this[kList].length;
    }
    append(name, value) {
      this[kList].push([toUSVString(name), toUSVString(value)]);
      update(this);
    }
    delete(name, value) {
      name = toUSVString(name);
      this[kList] = this[kList].filter(([k, v]) => !(k === name && (value === undefined || v === toUSVString(value))));
      update(this);
    }
    get(name) {
      name = toUSVString(name);
      const found = this[kList].find(([k]) => k === name);
      return found === undefined ? null : found[1];
    }
    getAll(name) {
      name = toUSVString(name);
      return this[kList].filter(([k]) => k === name).map(([, v]) => v);
    }
    has(name, value) {
      name = toUSVString(name);
      return this[kList].some(([k, v]) => k === name && (value === undefined || v === toUSVString(value)));
    }
    set(name, value) {
      name = toUSVString(name);
      value = toUSVString(value);
      const index = this[kList].findIndex(([k]) => k === name);
      if (index === -1) this[kList].push([name, value]);
      else {
        this[kList][index][1] = value;
        this[kList] = this[kList].filter(([k], i) => k !== name || i === index);
      }
      update(this);
    }
    sort() {
      const indexed = this[kList].map((pair, i) => [pair, i]);
      indexed.sort((a, b) => {
        const x = a[0][0];
        const y = b[0][0];
        if (x === y) return a[1] - b[1];
        // Code unit order, as the standard says.
        return x < y ? -1 : 1;
      });
      this[kList] = indexed.map(([pair]) => pair);
      update(this);
    }
    forEach(callback, thisArg) {
      for (const [k, v] of this[kList].slice()) callback.call(thisArg, v, k, this);
    }
    keys() {
      return this[kList].map(([k]) => k)[Symbol.iterator]();
    }
    values() {
      return this[kList].map(([, v]) => v)[Symbol.iterator]();
    }
    entries() {
      return this[kList].map((pair) => pair.slice())[Symbol.iterator]();
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString() {
      return serializeForm(this[kList]);
    }
    get [Symbol.toStringTag]() {
      return 'URLSearchParams';
    }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      const shown = this[kList].map(([k, v]) => `${inspect(k)} => ${inspect(v)}`);
      return shown.length === 0 ? 'URLSearchParams {}' : `URLSearchParams { ${shown.join(', ')} }`;
    }
  }

  function update(params) {
    const url = params[kUrl];
    if (url === null) return;
    const text = serializeForm(params[kList]);
    url[kRecord].query = text === '' ? null : text;
  }

  // ---- URL -------------------------------------------------------------------------------------

  const kRecord = Symbol('record');
  const kParams = Symbol('searchParams');

  function parseOrThrow(input, base) {
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = parse(toUSVString(base), null);
      if (baseRecord === null) throw invalidUrl(`${base}`);
    }
    const record = parse(toUSVString(input), baseRecord);
    if (record === null) throw invalidUrl(`${input}`);
    return record;
  }

  class URL {
    constructor(input, base) {
      if (arguments.length === 0) {
        const err = new TypeError('The "url" argument must be specified');
        err.code = 'ERR_MISSING_ARGS';
        throw err;
      }
      this[kRecord] = parseOrThrow(input, base);
      this[kParams] = null;
    }
    static canParse(input, base) {
      try {
        parseOrThrow(input, base);
        return true;
      } catch {
        return false;
      }
    }
    static parse(input, base) {
      try {
        return new URL(input, base);
      } catch {
        return null;
      }
    }
    get href() {
      return serialize(this[kRecord]);
    }
    set href(value) {
      this[kRecord] = parseOrThrow(value);
      if (this[kParams] !== null) this[kParams][kList] = parseForm(this[kRecord].query || '');
    }
    toString() {
      return this.href;
    }
    toJSON() {
      return this.href;
    }
    get origin() {
      const r = this[kRecord];
      if (r.scheme === 'blob') {
        const inner = URL.parse(serializePath(r));
        return inner && (inner.protocol === 'http:' || inner.protocol === 'https:') ? inner.origin : 'null';
      }
      if (!isSpecialScheme(r.scheme) || r.scheme === 'file') return 'null';
      return `${r.scheme}://${r.host}${r.port === null ? '' : `:${r.port}`}`;
    }
    get protocol() {
      return `${this[kRecord].scheme}:`;
    }
    set protocol(value) {
      const scheme = `${value}`.split(':')[0].toLowerCase();
      if (!/^[a-z][a-z0-9+\-.]*$/.test(scheme)) return;
      const r = this[kRecord];
      if (isSpecialScheme(scheme) !== isSpecialScheme(r.scheme)) return;
      if (scheme === 'file' && (r.username !== '' || r.password !== '' || r.port !== null)) return;
      if (r.scheme === 'file' && r.host === '') return;
      reparse(this, `${scheme}:${serialize(r).slice(r.scheme.length + 1)}`);
    }
    get username() {
      return this[kRecord].username;
    }
    set username(value) {
      const r = this[kRecord];
      if (r.host === null || r.host === '' || r.scheme === 'file') return;
      r.username = percentEncode(toUSVString(value), inUserinfo);
    }
    get password() {
      return this[kRecord].password;
    }
    set password(value) {
      const r = this[kRecord];
      if (r.host === null || r.host === '' || r.scheme === 'file') return;
      r.password = percentEncode(toUSVString(value), inUserinfo);
    }
    get host() {
      const r = this[kRecord];
      if (r.host === null) return '';
      return r.port === null ? r.host : `${r.host}:${r.port}`;
    }
    set host(value) {
      setHost(this, `${value}`, true);
    }
    get hostname() {
      return this[kRecord].host === null ? '' : this[kRecord].host;
    }
    set hostname(value) {
      setHost(this, `${value}`, false);
    }
    get port() {
      return this[kRecord].port === null ? '' : String(this[kRecord].port);
    }
    set port(value) {
      const r = this[kRecord];
      if (r.host === null || r.host === '' || r.scheme === 'file') return;
      const text = `${value}`;
      if (text === '') {
        r.port = null;
        return;
      }
      const digits = /^[0-9]+/.exec(text);
      if (digits === null) return;
      const port = parseInt(digits[0], 10);
      if (port > 65535) return;
      r.port = SPECIAL[`${r.scheme}:`] === port ? null : port;
    }
    get pathname() {
      return serializePath(this[kRecord]);
    }
    set pathname(value) {
      const r = this[kRecord];
      if (r.opaque) return;
      let text = toUSVString(value);
      if (isSpecialScheme(r.scheme) || r.host !== null) {
        if (!text.startsWith('/') && !(isSpecialScheme(r.scheme) && text.startsWith('\\'))) text = `/${text}`;
      }
      const copy = Object.assign(copyRecord(r), { path: [], query: null, fragment: null });
      const probe = parse(`${serialize(copy)}${text.replace(/[?#]/g, (c) => encodeByte(c.charCodeAt(0)))}`, null);
      if (probe !== null) r.path = probe.path;
    }
    get search() {
      const q = this[kRecord].query;
      return q === null || q === '' ? '' : `?${q}`;
    }
    set search(value) {
      const r = this[kRecord];
      let text = toUSVString(value);
      if (text === '') {
        r.query = null;
      } else {
        if (text.startsWith('?')) text = text.slice(1);
        r.query = percentEncode(text, isSpecialScheme(r.scheme) ? inSpecialQuery : inQuery);
      }
      if (this[kParams] !== null) this[kParams][kList] = parseForm(r.query || '');
    }
    get searchParams() {
      if (this[kParams] === null) {
        const params = new URLSearchParams(this[kRecord].query || '');
        params[kUrl] = this;
        this[kParams] = params;
      }
      return this[kParams];
    }
    get hash() {
      const f = this[kRecord].fragment;
      return f === null || f === '' ? '' : `#${f}`;
    }
    set hash(value) {
      let text = toUSVString(value);
      if (text === '') {
        this[kRecord].fragment = null;
        return;
      }
      if (text.startsWith('#')) text = text.slice(1);
      this[kRecord].fragment = percentEncode(text, inFragment);
    }
    get [Symbol.toStringTag]() {
      return 'URL';
    }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      const fields = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
        'pathname', 'search', 'searchParams', 'hash'];
      return `URL {\n${fields.map((f) => `  ${f}: ${inspect(this[f])}`).join(',\n')}\n}`;
    }
  }

  function reparse(url, href) {
    const record = parse(href, null);
    if (record !== null) url[kRecord] = record;
  }

  function setHost(url, value, withPort) {
    const r = url[kRecord];
    if (r.opaque) return;
    let end = value.search(/[/?#\\]/);
    if (end === -1) end = value.length;
    let hostText = value.slice(0, end);
    if (!withPort) {
      const colon = hostText.startsWith('[') ? hostText.indexOf(':', hostText.indexOf(']')) : hostText.indexOf(':');
      if (colon !== -1) hostText = hostText.slice(0, colon);
    }
    if (hostText === '' && isSpecialScheme(r.scheme)) return;
    const copy = copyRecord(r);
    copy.host = '';
    const probe = parse(`${r.scheme}://${hostText}/`, null);
    if (probe === null || probe.host === null) return;
    if (r.scheme === 'file' && probe.host === 'localhost') probe.host = '';
    r.host = probe.host;
    if (withPort && /:[0-9]/.test(hostText.replace(/^\[[^\]]*\]/, ''))) r.port = probe.port;
  }

  // ---- the url module's functions --------------------------------------------------------------

  function fileURLToPath(value) {
    const url = typeof value === 'string' ? new URL(value) : value;
    if (!(url instanceof URL)) {
      const err = new TypeError(`The "path" argument must be of type string or an instance of URL. Received ${value === null ? 'null' : typeof value}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    if (url.protocol !== 'file:') {
      const err = new TypeError('The URL must be of scheme file');
      err.code = 'ERR_INVALID_URL_SCHEME';
      throw err;
    }
    if (url.hostname !== '') {
      const err = new TypeError(`File URL host must be "localhost" or empty on ${native.platform}`);
      err.code = 'ERR_INVALID_FILE_URL_HOST';
      throw err;
    }
    const pathname = url.pathname;
    if (/%2f/i.test(pathname)) {
      const err = new TypeError('File URL path must not include encoded / characters');
      err.code = 'ERR_INVALID_FILE_URL_PATH';
      throw err;
    }
    return percentDecode(pathname);
  }

  function pathToFileURL(filepath) {
    let resolved = path.resolve(`${filepath}`);
    if (`${filepath}`.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
    const url = new URL('file://');
    // Characters the path parser would read as syntax are escaped first.
    url.pathname = resolved.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A')
      .replace(/\r/g, '%0D').replace(/\t/g, '%09');
    return url;
  }

  function urlToHttpOptions(url) {
    return {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      hash: url.hash,
      search: url.search,
      pathname: url.pathname,
      path: `${url.pathname}${url.search}`,
      href: url.href,
      port: url.port === '' ? undefined : Number(url.port),
      auth: url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
    };
  }

  // `url.format(URL, options)` and the legacy object form's common fields.
  function format(value, options) {
    if (typeof value === 'string') return value;
    if (value instanceof URL) {
      const opts = Object.assign({ auth: true, fragment: true, search: true, unicode: false }, options);
      const r = copyRecord(value[kRecord]);
      if (!opts.auth) {
        r.username = '';
        r.password = '';
      }
      if (!opts.search) r.query = null;
      if (!opts.fragment) r.fragment = null;
      return serialize(r);
    }
    const obj = value || {};
    let protocol = obj.protocol || '';
    if (protocol && !protocol.endsWith(':')) protocol += ':';
    const host = obj.host || (obj.hostname ? `${obj.hostname}${obj.port ? `:${obj.port}` : ''}` : '');
    const slashes = obj.slashes || isSpecialScheme(protocol.slice(0, -1)) ? '//' : '';
    const auth = obj.auth ? `${obj.auth}@` : '';
    let search = obj.search || '';
    if (!search && obj.query && typeof obj.query === 'object') {
      // querystring.stringify's encoding: %20 for a space, arrays as repeated keys.
      const q = Object.keys(obj.query).flatMap((k) => [].concat(obj.query[k])
        .map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v === null || v === undefined ? '' : v)}`)).join('&');
      if (q) search = `?${q}`;
    }
    if (search && !search.startsWith('?')) search = `?${search}`;
    let hash = obj.hash || '';
    if (hash && !hash.startsWith('#')) hash = `#${hash}`;
    return `${protocol}${host ? `${slashes}${auth}${host}` : ''}${obj.pathname || ''}${search}${hash}`;
  }

  return {
    URL,
    URLSearchParams,
    fileURLToPath,
    pathToFileURL,
    urlToHttpOptions,
    format,
    domainToASCII: (domain) => {
      const host = parseHost(`${domain}`, false);
      return host === null ? '' : host;
    },
    domainToUnicode: (domain) => `${domain}`,
  };
})
