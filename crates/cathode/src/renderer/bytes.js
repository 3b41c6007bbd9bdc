// Large binary values and strings of main's messages, fetched beside them (cathode's
// `bytes.rs`). In such a message a value of many bytes names a one-time token instead of
// carrying its base64 text, `{"$c": "bytes", "type": "Uint8Array", "token": "..."}`, and a long
// string is `{"$c": "string", "token": "..."}`. `receive(envelope, tokens)` fetches `url + token`
// for each token the message came with, as raw bytes, puts each `ArrayBuffer` in its bytes
// value's place (`buffer`), where `values.js` takes it, and puts each string (UTF-8, decoded
// here) where its node was, so the message is what it would have been with the string inside.
// Only nodes that name one of the message's own tokens are touched. Main answers a token once,
// and only to this page's main frame; anything else gets a 404. When the fetch itself fails (a
// Content-Security-Policy whose `connect-src` leaves out cathode's URL forbids it), `askMain(token)`
// asks main for the bytes through the binding, and main's answer comes to `arrived(token,
// buffer)`: the bytes as an `ArrayBuffer`, or `null` when main no longer holds them.
// A function expression of the URL prefix; it captures what it uses when called, so a page that
// replaces `fetch` later changes nothing.
(function cathodeBytes(url) {
  'use strict';

  const fetchNow = fetch;
  const arrayBufferOf = Response.prototype.arrayBuffer;
  const { hasOwn, keys: ownKeys } = Object;
  const decoder = new TextDecoder();
  const decodeText = Function.prototype.call.bind(TextDecoder.prototype.decode);
  const all = Promise.all.bind(Promise);

  const asked = new Map(); // token -> {resolve, reject}: bytes asked of main through the binding

  async function fetchOne(token, askMain) {
    let response;
    try {
      response = await fetchNow(url + token, { cache: 'no-store', credentials: 'omit' });
    } catch {
      // A Content-Security-Policy that forbids the fetch (or a document going away).
      return new Promise((resolve, reject) => {
        asked.set(token, { resolve, reject });
        askMain(token);
      });
    }
    if (!response.ok) {
      throw new Error(`the bytes of a message from main did not arrive (status ${response.status})`);
    }
    return arrayBufferOf.call(response);
  }

  // Puts each fetched buffer into the value that names its token; returns what takes `node`'s
  // place (a string for a string's node).
  function place(node, buffers) {
    if (node === null || typeof node !== 'object') return node;
    if (node.$c === 'string' && buffers.has(node.token)) {
      return decodeText(decoder, buffers.get(node.token));
    }
    if (node.$c === 'bytes' && hasOwn(node, 'token')) {
      if (buffers.has(node.token)) node.buffer = buffers.get(node.token);
      return node;
    }
    for (const key of ownKeys(node)) node[key] = place(node[key], buffers);
    return node;
  }

  function arrived(token, buffer) {
    const waiter = asked.get(token);
    if (!waiter) return;
    asked.delete(token);
    if (buffer) waiter.resolve(buffer);
    else waiter.reject(new Error('the bytes of a message from main did not arrive: main no longer holds them'));
  }

  // Resolves with `envelope`, its bytes in place, once every token's bytes have arrived.
  async function receive(envelope, tokens, askMain) {
    const fetched = await all(tokens.map((token) => fetchOne(token, askMain)));
    const buffers = new Map(tokens.map((token, index) => [token, fetched[index]]));
    return place(envelope, buffers);
  }

  return { receive, arrived };
})
