// `require('util')` and `require('util/types')`: format and inspect (inspect.js), promisify,
// callbackify, inherits, deprecate, types, isDeepStrictEqual. Called with the inspect module and
// the web globals; returns the util module (with `_deepEqual` for assert).
(function (inspectModule, web) {
  'use strict';

  const { inspect, format } = inspectModule;

  function argType(name, expected, value) {
    const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  const tag = (value) => Object.prototype.toString.call(value).slice(8, -1);
  const TypedArray = Object.getPrototypeOf(Uint8Array);
  const types = {
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isMap: (v) => v instanceof Map,
    isSet: (v) => v instanceof Set,
    isWeakMap: (v) => v instanceof WeakMap,
    isWeakSet: (v) => v instanceof WeakSet,
    isPromise: (v) => v instanceof Promise,
    isProxy: () => false,
    isArrayBuffer: (v) => v instanceof ArrayBuffer,
    isSharedArrayBuffer: (v) => typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer,
    isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer),
    isArrayBufferView: (v) => ArrayBuffer.isView(v),
    isDataView: (v) => v instanceof DataView,
    isTypedArray: (v) => v instanceof TypedArray,
    isUint8Array: (v) => v instanceof Uint8Array,
    isUint8ClampedArray: (v) => v instanceof Uint8ClampedArray,
    isUint16Array: (v) => v instanceof Uint16Array,
    isUint32Array: (v) => v instanceof Uint32Array,
    isInt8Array: (v) => v instanceof Int8Array,
    isInt16Array: (v) => v instanceof Int16Array,
    isInt32Array: (v) => v instanceof Int32Array,
    isFloat32Array: (v) => v instanceof Float32Array,
    isFloat64Array: (v) => v instanceof Float64Array,
    isBigInt64Array: (v) => v instanceof BigInt64Array,
    isBigUint64Array: (v) => v instanceof BigUint64Array,
    isNativeError: (v) => v instanceof Error,
    isAsyncFunction: (v) => typeof v === 'function' && tag(v) === 'AsyncFunction' || tag(v) === 'AsyncGeneratorFunction',
    isGeneratorFunction: (v) => typeof v === 'function' && (tag(v) === 'GeneratorFunction' || tag(v) === 'AsyncGeneratorFunction'),
    isGeneratorObject: (v) => tag(v) === 'Generator',
    isBoxedPrimitive: (v) => v !== null && typeof v === 'object' && ['Number', 'String', 'Boolean', 'BigInt', 'Symbol'].includes(tag(v)) && !(v instanceof Date),
    isNumberObject: (v) => v !== null && typeof v === 'object' && tag(v) === 'Number',
    isStringObject: (v) => v !== null && typeof v === 'object' && tag(v) === 'String',
    isBooleanObject: (v) => v !== null && typeof v === 'object' && tag(v) === 'Boolean',
    isSymbolObject: (v) => v !== null && typeof v === 'object' && tag(v) === 'Symbol',
    isBigIntObject: (v) => v !== null && typeof v === 'object' && tag(v) === 'BigInt',
    isMapIterator: (v) => tag(v) === 'Map Iterator',
    isSetIterator: (v) => tag(v) === 'Set Iterator',
  };

  // ---- deep equality (util.isDeepStrictEqual, assert.deepEqual and deepStrictEqual) ------------

  function deepEqual(a, b, strict, memory = new Map()) {
    if (strict ? Object.is(a, b) : a == b || (a !== a && b !== b)) return true; // eslint-disable-line eqeqeq
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      return false;
    }
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (tag(a) !== tag(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const seen = memory.get(a);
    if (seen !== undefined && seen === b) return true;
    memory.set(a, b);
    if (a instanceof Date) {
      if (a.getTime() !== b.getTime()) return false;
    } else if (a instanceof RegExp) {
      if (a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
    } else if (a instanceof Error) {
      if (a.message !== b.message || a.name !== b.name) return false;
    } else if (types.isBoxedPrimitive(a)) {
      if (!Object.is(a.valueOf(), b.valueOf())) return false;
    } else if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
      const x = a instanceof ArrayBuffer ? new Uint8Array(a) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const y = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      if (x.length !== y.length) return false;
      if (!strict && a instanceof Float64Array) {
        for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false; // eslint-disable-line eqeqeq
      } else {
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      }
    } else if (a instanceof Set) {
      if (a.size !== b.size) return false;
      outer: for (const value of a) {
        if (b.has(value)) continue;
        if (typeof value !== 'object' || value === null) {
          if (strict) return false;
          for (const other of b) if (deepEqual(value, other, strict, memory)) continue outer;
          return false;
        }
        for (const other of b) if (deepEqual(value, other, strict, memory)) continue outer;
        return false;
      }
    } else if (a instanceof Map) {
      if (a.size !== b.size) return false;
      outer: for (const [key, value] of a) {
        if (b.has(key)) {
          if (!deepEqual(value, b.get(key), strict, memory)) return false;
          continue;
        }
        for (const [k, v] of b) if (deepEqual(key, k, strict, memory) && deepEqual(value, v, strict, memory)) continue outer;
        return false;
      }
    }
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.length !== keysB.length) return false;
    for (const key of keysA) {
      if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
      if (!deepEqual(a[key], b[key], strict, memory)) return false;
    }
    if (strict) {
      const symbolsA = Object.getOwnPropertySymbols(a).filter((s) => Object.prototype.propertyIsEnumerable.call(a, s));
      const symbolsB = Object.getOwnPropertySymbols(b).filter((s) => Object.prototype.propertyIsEnumerable.call(b, s));
      if (symbolsA.length !== symbolsB.length) return false;
      for (const s of symbolsA) if (!deepEqual(a[s], b[s], strict, memory)) return false;
    }
    return true;
  }

  // ---- promisify and callbackify ---------------------------------------------------------------

  const customPromisify = Symbol.for('nodejs.util.promisify.custom');
  function promisify(original) {
    if (typeof original !== 'function') throw argType('original', 'of type function', original);
    if (typeof original[customPromisify] === 'function') {
      const fn = original[customPromisify];
      Object.defineProperty(fn, customPromisify, { value: fn, enumerable: false, configurable: true });
      return fn;
    }
    function fn(...args) {
      return new Promise((resolve, reject) => {
        original.call(this, ...args, (err, ...values) => {
          if (err) reject(err);
          else resolve(values[0]);
        });
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, customPromisify, { value: fn, enumerable: false, configurable: true });
    return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
  }
  promisify.custom = customPromisify;

  function callbackify(original) {
    if (typeof original !== 'function') throw argType('original', 'of type function', original);
    return function (...args) {
      const callback = args.pop();
      if (typeof callback !== 'function') throw argType('last argument', 'of type function', callback);
      original.apply(this, args).then(
        (value) => process.nextTick(callback, null, value),
        (reason) => {
          if (!reason) {
            const err = new Error('Promise was rejected with a falsy value');
            err.code = 'ERR_FALSY_VALUE_REJECTION';
            err.reason = reason;
            reason = err;
          }
          process.nextTick(callback, reason);
        },
      );
    };
  }

  function inherits(ctor, superCtor) {
    if (typeof ctor !== 'function') throw argType('ctor', 'of type function', ctor);
    if (typeof superCtor !== 'function') throw argType('superCtor', 'of type function', superCtor);
    if (superCtor.prototype === undefined) throw argType('superCtor.prototype', 'of type object', undefined);
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  const warned = new Set();
  function deprecate(fn, message, code) {
    if (typeof fn !== 'function') throw argType('fn', 'of type function', fn);
    function deprecated(...args) {
      const key = code || message;
      if (!warned.has(key)) {
        warned.add(key);
        if (!process.noDeprecation) {
          process.stderr.write(`(node:${process.pid}) ${code ? `[${code}] ` : ''}DeprecationWarning: ${message}\n`);
        }
      }
      return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    }
    Object.setPrototypeOf(deprecated, fn);
    if (fn.prototype) deprecated.prototype = fn.prototype;
    return deprecated;
  }

  function debuglog(section) {
    const wanted = (process.env.NODE_DEBUG || '').split(/[\s,]+/).map((s) => s.toUpperCase());
    const on = wanted.includes(section.toUpperCase()) || wanted.includes('*');
    const log = (...args) => {
      if (on) process.stderr.write(`${section.toUpperCase()} ${process.pid}: ${format(...args)}\n`);
    };
    log.enabled = on;
    return log;
  }

  const util = {
    format,
    formatWithOptions: (options, ...args) => format(...args),
    inspect,
    promisify,
    callbackify,
    inherits,
    deprecate,
    debuglog,
    debug: debuglog,
    types,
    isDeepStrictEqual: (a, b) => deepEqual(a, b, true),
    isArray: Array.isArray,
    isError: (v) => v instanceof Error,
    isFunction: (v) => typeof v === 'function',
    isString: (v) => typeof v === 'string',
    isNumber: (v) => typeof v === 'number',
    isObject: (v) => v !== null && typeof v === 'object',
    isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
    isRegExp: types.isRegExp,
    isDate: types.isDate,
    isNullOrUndefined: (v) => v === null || v === undefined,
    isUndefined: (v) => v === undefined,
    isBoolean: (v) => typeof v === 'boolean',
    stripVTControlCharacters: (s) => `${s}`.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
    toUSVString: (s) => `${s}`.toWellFormed(),
    TextEncoder: web.TextEncoder,
    TextDecoder: web.TextDecoder,
    _deepEqual: deepEqual,
  };
  return util;
})
