// One end of cathode's contextBridge: the main-world stub, and the engine the isolated world's
// `contextBridge` (bridge_isolated.js) runs too.
//
// Contract. This file is one function expression,
// `(function cathodeBridgeEnd(config, withheld) {...})`.
// - In the page's main world (or in another isolated world a preload may expose into), main
//   installs it, before any other script of the document, as
//   `(<this file>)({"channel": "<secret>", "side": "page"})`
//   with `Page.addScriptToEvaluateOnNewDocument` (no `worldName` for the main world). It listens
//   for the isolated side and defines what that side exposes on `window`.
// - bridge_isolated.js calls it with `{channel, side: "isolated"}` for each world it exposes into,
//   and `withheld`, objects that must never cross (they arrive as empty objects).
// `channel` is a random name main picks for the window (the same script serves each of its
// documents) and gives to both sides, and to nobody else: every event of the bridge is named after it, and a page cannot hear or send an event
// whose name it does not know. A page can read this source (`fn.toString()` of any function the
// stub hands it); the channel lives only in the call's argument, never in the source.
//
// The two ends exchange `CustomEvent`s on an open shadow root of an element that is in no document
// (the stub makes it; the isolated end gets its host as the `relatedTarget` of a handshake event on
// `document`, `<channel>.hello` answered by `<channel>.host`). Events there reach no listener of
// the page's, and a listener on a node of a shadow tree does not set `window.event`, so a page
// function the stub calls cannot learn the channel from it. `detail` is structured-cloned by the
// browser into the receiving world, so no object of one world ever reaches the other; the other
// world's listener runs inside `dispatchEvent`, and its answer arrives before `dispatchEvent`
// returns, which makes a bridged call synchronous. A value is sent as `[tree, specials]`: a
// cloneable copy of it, and the list of places in it that hold a function, a promise or an error,
// each `[path, kind, id or message]`, which the receiver rebuilds in its own world (a function
// becomes a function calling back over the bridge; a promise, a promise settled from the other
// side; an error, an `Error` with the message, as Electron's bridge does; an element, the same
// element, sent ahead of the message as the `relatedTarget` of a `<channel>.up.element` or
// `.down.element` event, since both worlds share the DOM). Messages, each an
// array: `['call', callId, fnId, args]`, `['return', callId, ok, value]`,
// `['settle', promiseId, ok, value]`, `['release', fnId]`, `['expose', callId, key, value]`,
// `['unreadable']` (what arrived could not be cloned into this world).
//
// Everything the end uses is captured when it starts: a page that replaces globals, prototypes or
// DOM methods later changes nothing here. The page can still hurt itself (its own calls), never
// the isolated side: that side only runs the functions it exposed, with cloned arguments.
(function cathodeBridgeEnd(config, withheld) {
  'use strict';
  const { apply, defineProperty, getPrototypeOf, ownKeys } = Reflect;
  const uncurry = (method) => (self, ...args) => apply(method, self, args);
  const ErrorCtor = Error;
  const StringCtor = String;
  const PromiseCtor = Promise;
  const MapCtor = Map;
  const CustomEventCtor = CustomEvent;
  const NodeCtor = Node;
  const ElementCtor = Element;
  const ObjectProto = Object.prototype;
  const objectKeys = Object.keys;
  const hasOwn = Object.hasOwn;
  const freeze = Object.freeze;
  const isFrozen = Object.isFrozen;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const isError = Error.isError || ((value) => value instanceof ErrorCtor);
  const tagOf = uncurry(ObjectProto.toString);
  const isPrototypeOf = uncurry(ObjectProto.isPrototypeOf);
  const then = uncurry(PromiseCtor.prototype.then);
  const mapGet = uncurry(MapCtor.prototype.get);
  const mapSet = uncurry(MapCtor.prototype.set);
  const mapHas = uncurry(MapCtor.prototype.has);
  const mapDelete = uncurry(MapCtor.prototype.delete);
  const finalizers = new FinalizationRegistry((id) => send(['release', id]));
  const whenCollected = uncurry(FinalizationRegistry.prototype.register);
  const detailOf = uncurry(Reflect.getOwnPropertyDescriptor(CustomEventCtor.prototype, 'detail').get);
  const MouseEventCtor = MouseEvent;
  const relatedTargetOf = uncurry(Reflect.getOwnPropertyDescriptor(MouseEventCtor.prototype, 'relatedTarget').get);
  const createElement = uncurry(Document.prototype.createElement);
  const attachShadow = uncurry(Element.prototype.attachShadow);
  const shadowRootOf = uncurry(Reflect.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot').get);
  const dispatch = uncurry(EventTarget.prototype.dispatchEvent);
  const listen = uncurry(EventTarget.prototype.addEventListener);
  const doc = document;
  const global = globalThis;

  const CLONE_ERROR = 'An object could not be cloned.';
  const DEPTH_ERROR =
    'Electron contextBridge recursion depth exceeded.  Nested objects deeper than 1000 are not supported.';
  const EXISTS_ERROR = 'Cannot bind an API on top of an existing property on the window object';
  const NO_PEER = 'cathode: the other side of the context bridge is not in this document';
  const MALFORMED = 'cathode: malformed context bridge message';
  // Objects the browser clones as they are, by their tag (the rest is copied as plain objects, as
  // Electron does with class instances: own enumerable properties, no prototype).
  const CLONED_AS_IS = new MapCtor();
  const cloneTags = ['Date', 'RegExp', 'ArrayBuffer', 'DataView', 'Map', 'Set', 'Blob', 'File',
    'FileList', 'ImageData', 'ImageBitmap', 'Boolean', 'Number', 'String', 'BigInt',
    'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
    'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
    'BigUint64Array'];
  for (let i = 0; i < cloneTags.length; i++) mapSet(CLONED_AS_IS, `[object ${cloneTags[i]}]`, true);
  // Built-in objects that cannot be cloned, refused as Electron's serializer refuses them.
  const uncloneableTags = ['WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol',
    'Generator', 'AsyncGenerator', 'Map Iterator', 'Set Iterator', 'Array Iterator', 'Module'];
  for (let i = 0; i < uncloneableTags.length; i++) {
    mapSet(CLONED_AS_IS, `[object ${uncloneableTags[i]}]`, false);
  }

  // Objects the isolated side never lets through: they cross as empty objects (Electron does
  // this with `ipcRenderer`).
  const opaque = new MapCtor();
  for (let i = 0; withheld && i < withheld.length; i++) mapSet(opaque, withheld[i], true);

  const side = config.side;
  const sendName = `${config.channel}.${side === 'page' ? 'up' : 'down'}`;
  const receiveName = `${config.channel}.${side === 'page' ? 'down' : 'up'}`;
  const sendNodeName = `${sendName}.element`;
  const receiveNodeName = `${receiveName}.element`;
  const receiveNode = (event) => {
    append(arriving, relatedTargetOf(event));
  };

  const functions = new MapCtor(); // id -> a function of this world the other side may call
  const promises = new MapCtor(); // id -> [resolve, reject] of a promise the other side settles
  const pending = new MapCtor(); // callId -> null, then [ok, value, elements] once answered
  let nextId = 0;
  let unreadable = false;
  let outgoing = []; // the elements in the value being sent, in order
  let arriving = []; // the elements that came ahead of the next message
  let target = null; // the shadow root both ends talk on, once known

  // Own data properties, never a setter a page put on a prototype.
  const put = (object, key, value) => defineProperty(object, key,
    { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  const append = (array, value) => put(array, array.length, value);

  /** Sends one message; false if the other side could not read it (it could not be cloned). */
  function send(message) {
    if (target === null) return true;
    const nodes = outgoing;
    outgoing = [];
    for (let i = 0; i < nodes.length; i++) {
      dispatch(target, new MouseEventCtor(sendNodeName, { __proto__: null, relatedTarget: nodes[i] }));
    }
    const before = unreadable;
    unreadable = false;
    dispatch(target, new CustomEventCtor(sendName, { __proto__: null, detail: message }));
    const failed = unreadable;
    unreadable = before;
    return !failed;
  }

  function encode(value) {
    const specials = [];
    outgoing = [];
    const tree = walk(value, null, 0, specials, new MapCtor());
    return [tree, specials];
  }

  function pathOf(path) {
    const keys = [];
    for (let at = path; at !== null; at = at[0]) append(keys, at[1]);
    const reversed = [];
    for (let i = keys.length - 1; i >= 0; i--) append(reversed, keys[i]);
    return reversed;
  }

  function special(path, kind, detail, specials) {
    append(specials, [pathOf(path), kind, detail]);
    return null;
  }

  function walk(value, path, depth, specials, seen) {
    const type = typeof value;
    if (type === 'function') {
      if (mapHas(seen, value)) return special(path, 'f', mapGet(seen, value), specials);
      const id = ++nextId;
      mapSet(functions, id, value);
      mapSet(seen, value, id);
      return special(path, 'f', id, specials);
    }
    if (type === 'symbol') throw new ErrorCtor(CLONE_ERROR);
    if (type !== 'object' || value === null) return value;
    if (depth > 1000) throw new ErrorCtor(DEPTH_ERROR);
    if (mapHas(seen, value)) return mapGet(seen, value);
    if (mapHas(opaque, value)) return {};
    if (isPrototypeOf(PromiseCtor.prototype, value)) {
      const id = ++nextId;
      then(value, (result) => settle(id, true, result), (reason) => settle(id, false, reason));
      return special(path, 'p', id, specials);
    }
    if (isError(value)) return special(path, 'e', messageOf(value), specials);
    if (isArray(value)) {
      const copy = [];
      mapSet(seen, value, copy);
      const length = value.length;
      for (let i = 0; i < length; i++) put(copy, i, walk(value[i], [path, i], depth + 1, specials, seen));
      return copy;
    }
    if (isPrototypeOf(ElementCtor.prototype, value)) {
      append(outgoing, value);
      return special(path, 'n', outgoing.length - 1, specials);
    }
    if (isPrototypeOf(NodeCtor.prototype, value)) throw new ErrorCtor(CLONE_ERROR);
    const prototype = getPrototypeOf(value);
    if (prototype !== ObjectProto && prototype !== null) {
      const cloned = mapGet(CLONED_AS_IS, tagOf(value));
      if (cloned === true) return value;
      if (cloned === false) throw new ErrorCtor(CLONE_ERROR);
    }
    const copy = {};
    mapSet(seen, value, copy);
    const keys = objectKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      put(copy, key, walk(value[key], [path, key], depth + 1, specials, seen));
    }
    return copy;
  }

  function messageOf(error) {
    try {
      return StringCtor(error.message);
    } catch {
      return 'An error was thrown across the context bridge';
    }
  }

  /** What a thrown value becomes on the way over: an Error with its message, as in Electron. */
  function thrownWire(thrown) {
    if (isError(thrown)) return encode(thrown);
    let text;
    try {
      text = StringCtor(thrown);
    } catch {
      text = 'A value that is not an Error was thrown across the context bridge';
    }
    return [null, [[[], 'e', text]]];
  }

  function decode(wire, nodes) {
    if (!isArray(wire) || wire.length !== 2 || !isArray(wire[1])) throw new ErrorCtor(MALFORMED);
    let root = wire[0];
    const specials = wire[1];
    for (let i = 0; i < specials.length; i++) {
      const entry = specials[i];
      if (!isArray(entry) || !isArray(entry[0])) throw new ErrorCtor(MALFORMED);
      const value = rebuild(entry[1], entry[2], nodes);
      const path = entry[0];
      if (path.length === 0) {
        root = value;
        continue;
      }
      // Only own properties of the clone are followed: a path cannot reach a prototype.
      let holder = root;
      for (let j = 0; j < path.length; j++) {
        if (typeof holder !== 'object' || holder === null || !hasOwn(holder, path[j])) {
          throw new ErrorCtor(MALFORMED);
        }
        if (j === path.length - 1) put(holder, path[j], value);
        else holder = holder[path[j]];
      }
    }
    return root;
  }

  function rebuild(kind, detail, nodes) {
    if (kind === 'e') return new ErrorCtor(StringCtor(detail));
    if (typeof detail !== 'number') throw new ErrorCtor(MALFORMED);
    if (kind === 'n') {
      // An element arrives as the `relatedTarget` of an event ahead of the message; one inside a
      // shadow tree of the page's arrives as its host (the browser retargets it).
      const node = detail < nodes.length ? nodes[detail] : null;
      if (!node) throw new ErrorCtor(CLONE_ERROR);
      return node;
    }
    if (kind === 'f') return remoteFunction(detail);
    if (kind === 'p') {
      return new PromiseCtor((resolve, reject) => mapSet(promises, detail, [resolve, reject]));
    }
    throw new ErrorCtor(MALFORMED);
  }

  function remoteFunction(id) {
    const proxy = (...args) => call(id, args);
    whenCollected(finalizers, proxy, id);
    return proxy;
  }

  /** Calls the other side's function `id`, synchronously. */
  function call(id, args) {
    const wire = encode(args);
    const callId = ++nextId;
    mapSet(pending, callId, null);
    const readable = send(['call', callId, id, wire]);
    const answer = mapGet(pending, callId);
    mapDelete(pending, callId);
    if (!readable) throw new ErrorCtor(CLONE_ERROR);
    if (answer === null) throw new ErrorCtor(NO_PEER);
    const value = decode(answer[1], answer[2]);
    if (answer[0] !== true) throw value;
    return value;
  }

  /** Answers a call: `[ok, wire]`, an error when the result cannot cross. */
  function answer(callId, ok, wire) {
    if (!send(['return', callId, ok, wire])) {
      send(['return', callId, false, encode(new ErrorCtor(CLONE_ERROR))]);
    }
  }

  function settle(id, ok, value) {
    let wire;
    try {
      wire = encode(value);
    } catch (error) {
      ok = false;
      wire = thrownWire(error);
    }
    if (!send(['settle', id, ok, wire])) send(['settle', id, false, encode(new ErrorCtor(CLONE_ERROR))]);
  }

  function runCall(callId, id, args, nodes) {
    const fn = mapGet(functions, id);
    if (typeof fn !== 'function') {
      answer(callId, false, encode(new ErrorCtor('cathode: this bridged function was released')));
      return;
    }
    let result;
    try {
      result = apply(fn, undefined, decode(args, nodes));
    } catch (error) {
      answer(callId, false, thrownWire(error));
      return;
    }
    let wire;
    try {
      wire = encode(result);
    } catch (error) {
      answer(callId, false, thrownWire(error));
      return;
    }
    answer(callId, true, wire);
  }

  function deepFreeze(value, frozen) {
    if (typeof value !== 'object' && typeof value !== 'function') return;
    if (value === null || mapHas(frozen, value)) return;
    mapSet(frozen, value, true);
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const child = Reflect.getOwnPropertyDescriptor(value, keys[i]);
      if (child && hasOwn(child, 'value') && !isView(child.value)) deepFreeze(child.value, frozen);
    }
    if (!isFrozen(value)) freeze(value);
  }

  function expose(callId, key, wire, nodes) {
    if (typeof key !== 'string' || key in global) {
      answer(callId, false, encode(new ErrorCtor(EXISTS_ERROR)));
      return;
    }
    let value;
    try {
      value = decode(wire, nodes);
      deepFreeze(value, new MapCtor());
    } catch (error) {
      answer(callId, false, thrownWire(error));
      return;
    }
    defineProperty(global, key,
      { __proto__: null, value, writable: false, enumerable: true, configurable: false });
    answer(callId, true, encode(undefined));
  }

  function receive(event) {
    const message = detailOf(event);
    const nodes = arriving;
    arriving = [];
    if (!isArray(message)) {
      send(['unreadable']);
      return;
    }
    const kind = message[0];
    if (kind === 'call') {
      runCall(message[1], message[2], message[3], nodes);
    } else if (kind === 'return') {
      if (mapHas(pending, message[1]) && mapGet(pending, message[1]) === null) {
        mapSet(pending, message[1], [message[2], message[3], nodes]);
      }
    } else if (kind === 'settle') {
      const resolvers = mapGet(promises, message[1]);
      if (resolvers === undefined) return;
      mapDelete(promises, message[1]);
      let value;
      try {
        value = decode(message[3], nodes);
      } catch (error) {
        resolvers[1](error);
        return;
      }
      resolvers[message[2] === true ? 0 : 1](value);
    } else if (kind === 'release') {
      mapDelete(functions, message[1]);
    } else if (kind === 'unreadable') {
      unreadable = true;
    } else if (kind === 'expose' && side === 'page') {
      expose(message[1], message[2], message[3], nodes);
    }
  }

  const hello = `${config.channel}.hello`;
  const hostReply = `${config.channel}.host`;
  if (side === 'page') {
    const host = createElement(doc, 'div');
    target = attachShadow(host, { __proto__: null, mode: 'open' });
    listen(target, receiveName, receive);
    listen(target, receiveNodeName, receiveNode);
    listen(doc, hello, () => {
      dispatch(doc, new MouseEventCtor(hostReply, { __proto__: null, relatedTarget: host }));
    });
  } else {
    listen(doc, hostReply, (event) => {
      const host = relatedTargetOf(event);
      const root = host ? shadowRootOf(host) : null;
      if (target === null && root) {
        target = root;
        listen(target, receiveName, receive);
        listen(target, receiveNodeName, receiveNode);
      }
    });
    dispatch(doc, new CustomEventCtor(hello));
  }

  return freeze({
    /**
     * Asks the page side to define `window[key]` as a frozen copy of `api`; throws Electron's
     * errors (a key already there, a value that cannot cross).
     */
    expose(key, api) {
      const wire = encode(api);
      const callId = ++nextId;
      mapSet(pending, callId, null);
      const readable = send(['expose', callId, key, wire]);
      const result = mapGet(pending, callId);
      mapDelete(pending, callId);
      if (!readable) throw new ErrorCtor(CLONE_ERROR);
      if (result === null) throw new ErrorCtor(NO_PEER);
      if (result[0] !== true) throw decode(result[1], result[2]);
    },
  });
})
