// The values IPC carries, as the structured clone algorithm has them, in JSON: plain data (null,
// booleans, finite numbers, strings, arrays without holes, plain objects) is itself, so main's
// typed handlers read it as they always did; everything else is an object tagged `$c`:
//   {"$c": "undefined"}                          {"$c": "number", "v": "NaN" | "Infinity" | "-Infinity" | "-0"}
//   {"$c": "bigint", "v": "123"}                 {"$c": "date", "v": 1700000000000 | "NaN"}
//   {"$c": "regexp", "source": "a+", "flags": "gi"}
//   {"$c": "map", "entries": [[key, value], ...]}   {"$c": "set", "values": [...]}
//   {"$c": "bytes", "type": "Uint8Array" | "ArrayBuffer" | "DataView" | ..., "base64": "..."}
//   {"$c": "bytes", "type": ..., "token": "..."}   (main to page only: fetched beside the
//                                                    message, see `bytes.js`)
//   {"$c": "error", "name": "TypeError", "message": "...", "stack": "...", "cause": value?}
//   {"$c": "array", "length": 5, "items": [[index, value], ...]}   (an array with holes)
//   {"$c": "object", "entries": [[key, value], ...]}   (a plain object that has a `$c` key)
//   {"$c": "ref", "id": 3}   (an object met before: shared and cyclic structures keep their shape)
// Objects are numbered in the order they are first met (depth first), by the encoder and the
// decoder alike, so a `ref` needs no id on the object it names. What the algorithm refuses
// (functions, symbols, DOM nodes, promises, weak collections) throws a `DataCloneError` with
// Electron's text at the sender, before anything is sent.
// A function expression: calling it gives `{encode, decode, toBase64, fromBase64}` (the last two
// for plugins' page parts that carry bytes); it touches no globals, and captures what it uses when
// called.
(function cathodeValues() {
  'use strict';

  const { isArray } = Array;
  const { getPrototypeOf, keys: ownKeys, hasOwn } = Object;
  const objectTag = Object.prototype.toString;
  const { is } = Object;
  const TypedArray = getPrototypeOf(Uint8Array);
  const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArray.prototype, Symbol.toStringTag).get;
  const TYPED_ARRAYS = {
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  };
  const ERROR_TYPES = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  const NodeType = typeof Node === 'function' ? Node : undefined;

  function cloneError() {
    const message = 'An object could not be cloned.';
    return typeof DOMException === 'function'
      ? new DOMException(message, 'DataCloneError')
      : Object.assign(new Error(message), { name: 'DataCloneError' });
  }

  // The browser's own base64 (Uint8Array.fromBase64, toBase64) where it has them: many times
  // faster than a loop over characters on large payloads.
  const nativeFromBase64 = typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64 : undefined;
  const nativeToBase64 = typeof Uint8Array.prototype.toBase64 === 'function'
    ? Uint8Array.prototype.toBase64
    : undefined;

  function toBase64(bytes) {
    if (nativeToBase64) return nativeToBase64.call(bytes);
    let binary = '';
    for (let start = 0; start < bytes.length; start += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(start, start + 0x8000));
    }
    return btoa(binary);
  }

  function fromBase64(text) {
    if (nativeFromBase64) return nativeFromBase64.call(Uint8Array, text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function encode(value) {
    const seen = new Map(); // object -> its number
    const walk = (item) => {
      switch (typeof item) {
        case 'string':
        case 'boolean':
          return item;
        case 'number':
          if (Number.isFinite(item) && !is(item, -0)) return item;
          return { $c: 'number', v: is(item, -0) ? '-0' : String(item) };
        case 'undefined':
          return { $c: 'undefined' };
        case 'bigint':
          return { $c: 'bigint', v: item.toString() };
        case 'function':
        case 'symbol':
          throw cloneError();
        default:
      }
      if (item === null) return null;
      if (seen.has(item)) return { $c: 'ref', id: seen.get(item) };
      seen.set(item, seen.size);
      if (isArray(item)) return encodeArray(item, walk);
      if (item instanceof Date) {
        const time = item.getTime();
        return { $c: 'date', v: Number.isNaN(time) ? 'NaN' : time };
      }
      if (item instanceof RegExp) return { $c: 'regexp', source: item.source, flags: item.flags };
      if (item instanceof Map) {
        return { $c: 'map', entries: [...item].map(([key, entry]) => [walk(key), walk(entry)]) };
      }
      if (item instanceof Set) return { $c: 'set', values: [...item].map(walk) };
      if (item instanceof ArrayBuffer) {
        return { $c: 'bytes', type: 'ArrayBuffer', base64: toBase64(new Uint8Array(item)) };
      }
      if (ArrayBuffer.isView(item)) {
        const bytes = new Uint8Array(item.buffer, item.byteOffset, item.byteLength);
        const type = item instanceof DataView ? 'DataView' : typedArrayTag.call(item);
        return { $c: 'bytes', type, base64: toBase64(bytes) };
      }
      if (item instanceof Error) {
        const encoded = { $c: 'error', name: String(item.name), message: String(item.message) };
        if (typeof item.stack === 'string') encoded.stack = item.stack;
        if (hasOwn(item, 'cause')) encoded.cause = walk(item.cause);
        return encoded;
      }
      // An instance of the page's own class is copied as a plain object, as the algorithm does;
      // a platform object (a DOM node, the window) or a promise or weak collection is refused.
      if (objectTag.call(item) !== '[object Object]' || (NodeType && item instanceof NodeType)) {
        throw cloneError();
      }
      if (hasOwn(item, '$c')) {
        return { $c: 'object', entries: ownKeys(item).map((key) => [key, walk(item[key])]) };
      }
      const encoded = {};
      for (const key of ownKeys(item)) encoded[key] = walk(item[key]);
      return encoded;
    };
    return walk(value);
  }

  function encodeArray(array, walk) {
    let dense = true;
    for (let i = 0; i < array.length; i++) {
      if (!(i in array)) {
        dense = false;
        break;
      }
    }
    if (dense) return array.map(walk);
    const items = [];
    for (const key of ownKeys(array)) items.push([Number(key), walk(array[key])]);
    return { $c: 'array', length: array.length, items };
  }

  // A value's bytes: its base64 text, or the buffer the runtime fetched for its token (a large
  // value main sent beside its message, see `bytes.js`).
  function receivedBytes(item) {
    if (!hasOwn(item, 'token')) return fromBase64(item.base64);
    if (!(item.buffer instanceof ArrayBuffer)) {
      throw new TypeError('IPC value names bytes that did not arrive');
    }
    return new Uint8Array(item.buffer);
  }

  function decode(value) {
    const objects = []; // number -> object, in the order the encoder met them
    const walk = (item) => {
      if (item === null || typeof item !== 'object') return item;
      if (isArray(item)) {
        const array = [];
        objects.push(array);
        for (const entry of item) array.push(walk(entry));
        return array;
      }
      if (!hasOwn(item, '$c')) {
        const object = {};
        objects.push(object);
        for (const key of ownKeys(item)) object[key] = walk(item[key]);
        return object;
      }
      return decodeTagged(item, walk, objects);
    };
    return walk(value);
  }

  function decodeTagged(item, walk, objects) {
    const remember = (object) => {
      objects.push(object);
      return object;
    };
    switch (item.$c) {
      case 'undefined':
        return undefined;
      case 'number':
        return item.v === '-0' ? -0 : Number(item.v);
      case 'bigint':
        return BigInt(item.v);
      case 'ref':
        if (!(item.id in objects)) throw new TypeError(`IPC value refers to object ${item.id}, not met yet`);
        return objects[item.id];
      case 'date':
        return remember(new Date(item.v === 'NaN' ? NaN : item.v));
      case 'regexp':
        return remember(new RegExp(item.source, item.flags));
      case 'map': {
        const map = remember(new Map());
        for (const [key, entry] of item.entries) map.set(walk(key), walk(entry));
        return map;
      }
      case 'set': {
        const set = remember(new Set());
        for (const entry of item.values) set.add(walk(entry));
        return set;
      }
      case 'bytes': {
        const bytes = receivedBytes(item);
        if (item.type === 'ArrayBuffer') return remember(bytes.buffer);
        if (item.type === 'DataView') return remember(new DataView(bytes.buffer));
        const View = hasOwn(TYPED_ARRAYS, item.type) ? TYPED_ARRAYS[item.type] : Uint8Array;
        return remember(new View(bytes.buffer, 0, bytes.byteLength / View.BYTES_PER_ELEMENT));
      }
      case 'error': {
        const Type = hasOwn(ERROR_TYPES, item.name) ? ERROR_TYPES[item.name] : Error;
        const error = remember(new Type(item.message));
        if (error.name !== item.name) error.name = item.name;
        if ('stack' in item) error.stack = item.stack;
        if ('cause' in item) error.cause = walk(item.cause);
        return error;
      }
      case 'array': {
        const array = remember(new Array(item.length));
        for (const [index, entry] of item.items) array[index] = walk(entry);
        return array;
      }
      case 'object': {
        const object = remember({});
        for (const [key, entry] of item.entries) object[key] = walk(entry);
        return object;
      }
      default:
        throw new TypeError(`IPC value has an unknown tag '${item.$c}'`);
    }
  }

  return { encode, decode, toBase64, fromBase64 };
})
