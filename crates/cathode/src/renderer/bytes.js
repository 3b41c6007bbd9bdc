// Large binary values of main's messages, fetched beside them (cathode's `bytes.rs`). In such a
// message a value of many bytes names a one-time token instead of carrying its base64 text:
// `{"$c": "bytes", "type": "Uint8Array", "token": "..."}`. `receive(envelope, tokens)` fetches
// `url + token` for each token the message came with, as raw bytes, and puts each `ArrayBuffer`
// in its value's place (`buffer`), where `values.js` takes it. Main answers a token once, and
// only to this page's main frame; anything else gets a 404.
// A function expression of the URL prefix; it captures what it uses when called, so a page that
// replaces `fetch` later changes nothing.
(function cathodeBytes(url) {
  'use strict';

  const fetchNow = fetch;
  const arrayBufferOf = Response.prototype.arrayBuffer;
  const { isArray } = Array;
  const { hasOwn, values: ownValues } = Object;
  const all = Promise.all.bind(Promise);

  async function fetchOne(token) {
    let response;
    try {
      response = await fetchNow(url + token, { cache: 'no-store', credentials: 'omit' });
    } catch (error) {
      // A Content-Security-Policy that forbids the fetch, or a document going away.
      throw new Error(`the bytes of a message from main did not arrive: ${error.message}`);
    }
    if (!response.ok) {
      throw new Error(`the bytes of a message from main did not arrive (status ${response.status})`);
    }
    return arrayBufferOf.call(response);
  }

  // Puts each fetched buffer into the value that names its token.
  function place(node, buffers) {
    if (node === null || typeof node !== 'object') return;
    if (isArray(node)) {
      for (const item of node) place(item, buffers);
    } else if (node.$c === 'bytes' && hasOwn(node, 'token')) {
      if (buffers.has(node.token)) node.buffer = buffers.get(node.token);
    } else {
      for (const item of ownValues(node)) place(item, buffers);
    }
  }

  // Resolves with `envelope`, its bytes in place, once every token's bytes have arrived.
  async function receive(envelope, tokens) {
    const fetched = await all(tokens.map(fetchOne));
    const buffers = new Map(tokens.map((token, index) => [token, fetched[index]]));
    place(envelope, buffers);
    return envelope;
  }

  return { receive };
})
