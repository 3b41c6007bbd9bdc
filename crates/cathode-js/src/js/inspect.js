// Node's `util.inspect` and `util.format` (the parts `console` uses), without colors.
(function () {
  'use strict';

  const defaults = { depth: 2, breakLength: 80, compact: 3, maxArrayLength: 100, maxStringLength: 10000 };
  const identifier = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const escapes = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\\': '\\\\' };

  // Single quotes unless the string has some and no double quotes (then double, then backtick).
  function quote(str) {
    let q = "'";
    if (str.includes("'")) {
      if (!str.includes('"')) q = '"';
      else if (!str.includes('`') && !str.includes('${')) q = '`';
    }
    let out = '';
    for (const ch of str) {
      if (ch === q) out += `\\${q}`;
      else if (escapes[ch] !== undefined) out += escapes[ch];
      else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;
      else out += ch;
    }
    return q + out + q;
  }

  function formatNumber(n) {
    return Object.is(n, -0) ? '-0' : String(n);
  }

  function formatPrimitive(value, ctx) {
    switch (typeof value) {
      case 'string': {
        let trailer = '';
        if (value.length > ctx.maxStringLength) {
          const remaining = value.length - ctx.maxStringLength;
          value = value.slice(0, ctx.maxStringLength);
          trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
        }
        return quote(value) + trailer;
      }
      case 'number':
        return formatNumber(value);
      case 'bigint':
        return `${value}n`;
      case 'boolean':
        return String(value);
      case 'undefined':
        return 'undefined';
      case 'symbol':
        return value.toString();
      default:
        return 'null';
    }
  }

  function constructorName(obj) {
    let o = obj;
    while (o !== null && o !== undefined) {
      const desc = Object.getOwnPropertyDescriptor(o, 'constructor');
      if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '') {
        return desc.value.name;
      }
      o = Object.getPrototypeOf(o);
    }
    return null;
  }

  function prefix(name, tag, fallback, size) {
    if (name === null) {
      return `[${fallback}${size !== undefined ? `(${size})` : ''}: null prototype] `;
    }
    let out = name;
    if (size !== undefined) out += `(${size})`;
    if (tag !== '' && tag !== name) out += ` [${tag}]`;
    return `${out} `;
  }

  function formatKey(key) {
    if (typeof key === 'symbol') return `[${key.toString()}]`;
    return identifier.test(key) ? key : quote(key);
  }

  function formatProperty(ctx, value, depth, key, isArrayIndex) {
    const desc = Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
    let str;
    if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
      ctx.indentationLvl += 2;
      str = formatValue(ctx, desc.value, depth);
      ctx.indentationLvl -= 2;
    } else if (desc.get !== undefined) {
      str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
    } else {
      str = desc.set !== undefined ? '[Setter]' : 'undefined';
    }
    if (isArrayIndex) return str;
    return `${formatKey(key)}: ${str}`;
  }

  function errorText(err, ctx) {
    const name = err.name || 'Error';
    const message = err.message === undefined ? '' : String(err.message);
    const header = message ? `${name}: ${message}` : name;
    let stack = typeof err.stack === 'string' ? err.stack : '';
    if (stack === '') return `[${header}]`;
    // QuickJS's stack holds only the frames; V8's (Node's) starts with `Name: message`.
    if (!stack.startsWith(header)) stack = `${header}\n${stack}`;
    // The loader's own frames say nothing to a user.
    stack = stack.split('\n').filter((l) => !l.includes('(cathode:') && l.trim() !== 'at call (native)').join('\n');
    stack = stack.replace(/\n+$/, '');
    if (ctx.indentationLvl > 0) {
      const indent = ' '.repeat(ctx.indentationLvl);
      stack = stack.split('\n').join(`\n${indent}`);
    }
    return stack;
  }

  function functionBase(fn, name) {
    const source = Function.prototype.toString.call(fn);
    if (source.startsWith('class') && /^class\s*[\s{A-Za-z_$]/.test(source)) {
      let base = `[class ${fn.name || '(anonymous)'}`;
      const parent = Object.getPrototypeOf(fn);
      if (parent && parent.name) base += ` extends ${parent.name}`;
      return `${base}]`;
    }
    let type = 'Function';
    if (name === 'AsyncFunction') type = 'AsyncFunction';
    else if (name === 'GeneratorFunction') type = 'GeneratorFunction';
    else if (name === 'AsyncGeneratorFunction') type = 'AsyncGeneratorFunction';
    return fn.name ? `[${type}: ${fn.name}]` : `[${type} (anonymous)]`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    let total = output.length + start;
    if (total + output.length > ctx.breakLength) return false;
    for (const entry of output) {
      total += entry.length;
      if (total > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }

  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) outputLength--;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) {
          if (dataLen[j] > lineLength) lineLength = dataLen[j];
        }
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            padStart = false;
            break;
          }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j]}, `;
          str += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
        }
        str += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ') : output[j];
        tmp.push(str);
      }
      if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }

  function reduceToSingleString(ctx, output, base, braces, isArrayLike, depth, value) {
    const entries = output.length;
    if (isArrayLike && entries > 6) output = groupArrayElements(ctx, output, value);
    if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
      const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
      if (isBelowBreakLength(ctx, output, start, base)) {
        const joined = output.join(', ');
        if (!joined.includes('\n')) {
          return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }

  function formatValue(ctx, value, depth) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      return formatPrimitive(value, ctx);
    }
    if (ctx.seen.includes(value)) {
      let index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
      return `[Circular *${index}]`;
    }
    const custom = value[customSymbol];
    if (typeof custom === 'function' && custom !== inspect) {
      const options = Object.assign({}, ctx, { depth: ctx.depth === null ? null : ctx.depth - depth });
      const result = custom.call(value, options.depth, options, inspect);
      if (result !== value) {
        return typeof result === 'string' ? result : formatValue(ctx, result, depth);
      }
    }
    return formatRaw(ctx, value, depth);
  }

  function formatRaw(ctx, value, depth) {
    const name = constructorName(value);
    let tag = value[Symbol.toStringTag];
    if (typeof tag !== 'string') tag = '';
    let keys = Object.keys(value);
    const symbols = Object.getOwnPropertySymbols(value).filter((s) => Object.prototype.propertyIsEnumerable.call(value, s));
    let base = '';
    let braces;
    let isArrayLike = false;
    let formatter = null;
    let noEntries = false;

    if (Array.isArray(value)) {
      isArrayLike = true;
      keys = keys.filter((k) => !/^(0|[1-9][0-9]*)$/.test(k) || Number(k) >= value.length);
      const p = name !== 'Array' || tag !== '' ? prefix(name, tag, 'Array', value.length) : '';
      braces = [`${p}[`, ']'];
      if (value.length === 0 && keys.length === 0 && symbols.length === 0) return `${braces[0]}]`;
      formatter = formatArray;
    } else if (value instanceof Set) {
      const p = prefix(name, tag, 'Set', value.size);
      braces = [`${p}{`, '}'];
      if (value.size === 0 && keys.length === 0) return `${p}{}`;
      formatter = formatSet;
    } else if (value instanceof Map) {
      const p = prefix(name, tag, 'Map', value.size);
      braces = [`${p}{`, '}'];
      if (value.size === 0 && keys.length === 0) return `${p}{}`;
      formatter = formatMap;
    } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      isArrayLike = true;
      braces = [`${prefix(name, tag, 'TypedArray', value.length)}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      keys = keys.filter((k) => !/^(0|[1-9][0-9]*)$/.test(k));
      formatter = formatArray;
    } else if (typeof value === 'function') {
      base = functionBase(value, name);
      keys = keys.filter((k) => k !== 'prototype');
      if (keys.length === 0 && symbols.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof RegExp) {
      base = RegExp.prototype.toString.call(value);
      if (keys.length === 0 && symbols.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof Date) {
      base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (keys.length === 0 && symbols.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof Error) {
      base = errorText(value, ctx);
      keys = keys.filter((k) => k !== 'stack' && k !== 'message');
      if (keys.length === 0 && symbols.length === 0) return base;
      braces = ['{', '}'];
    } else if (value instanceof Promise) {
      braces = [`${prefix(name, tag, 'Promise')}{`, '}'];
      formatter = () => ['<pending>'];
    } else if (value instanceof WeakMap || value instanceof WeakSet) {
      braces = [`${prefix(name, tag, name === null ? 'Object' : name)}{`, '}'];
      formatter = () => ['<items unknown>'];
    } else if (value instanceof ArrayBuffer) {
      braces = [`${prefix(name, tag, 'ArrayBuffer')}{`, '}'];
      formatter = () => [`byteLength: ${value.byteLength}`];
    } else {
      if (name === 'Object') {
        if (tag !== '') braces = [`Object [${tag}] {`, '}'];
        else braces = ['{', '}'];
      } else {
        braces = [`${prefix(name, tag, 'Object')}{`, '}'];
      }
      if (keys.length === 0 && symbols.length === 0) {
        noEntries = true;
      }
    }
    if (noEntries) {
      return name === 'Object' && tag === '' ? '{}' : `${braces[0]}}`;
    }

    if (depth > ctx.depth && ctx.depth !== null) {
      const shown = name === null ? 'Object: null prototype' : (Array.isArray(value) ? 'Array' : name);
      return `[${shown}]`;
    }

    depth += 1;
    ctx.seen.push(value);
    ctx.currentDepth = depth;
    let output;
    try {
      output = formatter !== null ? formatter(ctx, value, depth) : [];
      for (const key of keys) output.push(formatProperty(ctx, value, depth, key, false));
      for (const sym of symbols) output.push(formatProperty(ctx, value, depth, sym, false));
    } finally {
      ctx.seen.pop();
    }

    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = `<ref *${index}>`;
      if (base === '') braces[0] = `${reference} ${braces[0]}`;
      else base = `${reference} ${base}`;
    }
    return reduceToSingleString(ctx, output, base, braces, isArrayLike, depth, value);
  }

  function formatArray(ctx, value, depth) {
    const output = [];
    const length = Math.min(value.length, ctx.maxArrayLength);
    let holes = 0;
    const flushHoles = () => {
      if (holes > 0) {
        output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        holes = 0;
      }
    };
    for (let i = 0; i < length; i++) {
      if (!Object.prototype.hasOwnProperty.call(value, i) && !ArrayBuffer.isView(value)) {
        holes++;
        continue;
      }
      flushHoles();
      output.push(formatProperty(ctx, value, depth, i, true));
    }
    flushHoles();
    const remaining = value.length - length;
    if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    return output;
  }

  function formatSet(ctx, value, depth) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const v of value) output.push(formatValue(ctx, v, depth));
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(ctx, value, depth) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const [k, v] of value) output.push(`${formatValue(ctx, k, depth)} => ${formatValue(ctx, v, depth)}`);
    ctx.indentationLvl -= 2;
    return output;
  }

  function inspect(value, opts) {
    const ctx = Object.assign({}, defaults, opts || {}, {
      seen: [],
      circular: new Map(),
      indentationLvl: 0,
      currentDepth: 0,
    });
    if (ctx.depth === Infinity) ctx.depth = null;
    return formatValue(ctx, value, 0);
  }
  inspect.defaultOptions = defaults;
  const customSymbol = Symbol.for('nodejs.util.inspect.custom');
  inspect.custom = customSymbol;

  function hasOwnToString(value) {
    let o = value;
    while (o !== null && o !== Object.prototype && o !== Error.prototype) {
      if (Object.prototype.hasOwnProperty.call(o, 'toString')) return true;
      o = Object.getPrototypeOf(o);
    }
    return false;
  }

  // util.format: printf-like when the first argument is a string, then the rest inspected.
  function format(...args) {
    const first = args[0];
    let out = '';
    let a = 0;
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      a = 1;
      let last = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) !== 37) continue; // '%'
        const c = first[i + 1];
        if (a === args.length && c !== '%') continue;
        let piece;
        switch (c) {
          case 's': {
            const v = args[a];
            if (typeof v === 'number') piece = formatNumber(v);
            else if (typeof v === 'bigint') piece = `${v}n`;
            else if (v === null || (typeof v !== 'object' && typeof v !== 'function')) piece = String(v);
            else if (v instanceof Error && !hasOwnToString(Object.getPrototypeOf(v)) ) piece = inspect(v, { depth: 0 });
            else if (hasOwnToString(v)) piece = String(v);
            else piece = inspect(v, { depth: 0 });
            break;
          }
          case 'j':
            try {
              piece = JSON.stringify(args[a]);
            } catch (err) {
              if (err instanceof TypeError && /circular|cyclic/i.test(err.message)) piece = '[Circular]';
              else throw err;
            }
            break;
          case 'd': {
            const v = args[a];
            if (typeof v === 'bigint') piece = `${v}n`;
            else if (typeof v === 'symbol') piece = 'NaN';
            else piece = formatNumber(Number(v));
            break;
          }
          case 'i': {
            const v = args[a];
            if (typeof v === 'bigint') piece = `${v}n`;
            else if (typeof v === 'symbol') piece = 'NaN';
            else piece = formatNumber(parseInt(v));
            break;
          }
          case 'f': {
            const v = args[a];
            piece = typeof v === 'symbol' ? 'NaN' : formatNumber(parseFloat(v));
            break;
          }
          case 'o':
            piece = inspect(args[a], { depth: 4 });
            break;
          case 'O':
            piece = inspect(args[a]);
            break;
          case 'c':
            piece = '';
            break;
          case '%':
            out += first.slice(last, i) + '%';
            last = i + 2;
            i++;
            continue;
          default:
            continue;
        }
        if (last !== i) out += first.slice(last, i);
        out += piece;
        last = i + 2;
        i++;
        a++;
      }
      if (last !== 0) {
        if (last < first.length) out += first.slice(last);
      } else {
        out = first;
      }
    }
    for (; a < args.length; a++) {
      const v = args[a];
      const piece = typeof v === 'string' ? v : inspect(v);
      out += out.length > 0 || a > 0 ? ` ${piece}` : piece;
    }
    return out;
  }

  return { inspect, format };
})
