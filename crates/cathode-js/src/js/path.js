// `require('path')`: Node's POSIX path functions (the main process runs on POSIX hosts here).
(function () {
  'use strict';

  function assertPath(path, name) {
    if (typeof path !== 'string') {
      const err = new TypeError(`The "${name || 'path'}" argument must be of type string. Received ${path === null ? 'null' : typeof path}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }

  // Resolves '.' and '..' segments; `allowAboveRoot` keeps leading '..' of relative paths.
  function normalizeString(path, allowAboveRoot) {
    const out = [];
    for (const segment of path.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
        else if (allowAboveRoot) out.push('..');
        continue;
      }
      out.push(segment);
    }
    return out.join('/');
  }

  const path = {
    sep: '/',
    delimiter: ':',

    cwd() {
      return typeof process === 'object' ? process.cwd() : '/';
    },

    resolve(...args) {
      let resolved = '';
      let absolute = false;
      for (let i = args.length - 1; i >= -1 && !absolute; i--) {
        const p = i >= 0 ? args[i] : path.cwd();
        assertPath(p, `paths[${i}]`);
        if (p.length === 0) continue;
        resolved = `${p}/${resolved}`;
        absolute = p[0] === '/';
      }
      resolved = normalizeString(resolved, !absolute);
      if (absolute) return `/${resolved}`;
      return resolved.length > 0 ? resolved : '.';
    },

    normalize(p) {
      assertPath(p);
      if (p.length === 0) return '.';
      const absolute = p[0] === '/';
      const trailing = p[p.length - 1] === '/';
      let out = normalizeString(p, !absolute);
      if (out.length === 0) {
        if (absolute) return '/';
        return trailing ? './' : '.';
      }
      if (trailing) out += '/';
      return absolute ? `/${out}` : out;
    },

    isAbsolute(p) {
      assertPath(p);
      return p.length > 0 && p[0] === '/';
    },

    join(...args) {
      if (args.length === 0) return '.';
      const parts = [];
      for (const arg of args) {
        assertPath(arg);
        if (arg.length > 0) parts.push(arg);
      }
      if (parts.length === 0) return '.';
      return path.normalize(parts.join('/'));
    },

    relative(from, to) {
      assertPath(from, 'from');
      assertPath(to, 'to');
      if (from === to) return '';
      from = path.resolve(from);
      to = path.resolve(to);
      if (from === to) return '';
      const fromParts = from.split('/').filter(Boolean);
      const toParts = to.split('/').filter(Boolean);
      let common = 0;
      while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++;
      const up = fromParts.slice(common).map(() => '..');
      return up.concat(toParts.slice(common)).join('/');
    },

    dirname(p) {
      assertPath(p);
      if (p.length === 0) return '.';
      const absolute = p[0] === '/';
      let end = -1;
      let matchedSlash = true;
      for (let i = p.length - 1; i >= 1; --i) {
        if (p[i] === '/') {
          if (!matchedSlash) {
            end = i;
            break;
          }
        } else {
          matchedSlash = false;
        }
      }
      if (end === -1) return absolute ? '/' : '.';
      if (absolute && end === 1) return '//';
      return p.slice(0, end);
    },

    basename(p, ext) {
      assertPath(p);
      if (ext !== undefined) assertPath(ext, 'ext');
      let end = p.length;
      while (end > 0 && p[end - 1] === '/') end--;
      if (end === 0) return '';
      let start = p.lastIndexOf('/', end - 1) + 1;
      let base = p.slice(start, end);
      if (ext !== undefined && ext.length > 0 && ext !== base && base.endsWith(ext)) {
        base = base.slice(0, base.length - ext.length);
      }
      return base;
    },

    extname(p) {
      assertPath(p);
      const base = path.basename(p);
      const dot = base.lastIndexOf('.');
      if (dot <= 0 || base === '..') return '';
      return base.slice(dot);
    },

    parse(p) {
      assertPath(p);
      const root = p[0] === '/' ? '/' : '';
      const base = path.basename(p);
      const ext = path.extname(p);
      let dir = path.dirname(p);
      if (dir === '.' && !p.startsWith('.')) dir = '';
      return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
    },

    format(obj) {
      if (obj === null || typeof obj !== 'object') {
        throw new TypeError('The "pathObject" argument must be of type object');
      }
      const dir = obj.dir || obj.root;
      const base = obj.base || `${obj.name || ''}${obj.ext ? (obj.ext[0] === '.' ? '' : '.') + obj.ext : ''}`;
      if (!dir) return base;
      return dir === obj.root ? `${dir}${base}` : `${dir}/${base}`;
    },

    toNamespacedPath(p) {
      return p;
    },
  };
  path.posix = path;
  return path;
})
