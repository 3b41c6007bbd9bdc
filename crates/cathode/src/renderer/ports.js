// Electron's MessagePorts in the page: `ipcRenderer.postMessage(channel, message, ports)` and the
// `event.ports` of main's `webContents.postMessage`. Every port the page holds is a real
// `MessagePort`: for each channel end that main hands to the page, the runtime makes a
// `MessageChannel`, gives the page one port and keeps the other, which relays between main and
// the page's port (main's messages are posted on it; what the page posts arrives on it and goes to
// main with the port's id). A port the page hands to main is taken over the same way: moved out of
// the page's hands with `structuredClone(..., {transfer})` (so the page's object is neutered, as a
// transfer does), then kept and relayed. A closed port (`close()`, or collected) fires `close` on
// the kept end, which tells main; main closing a channel closes the kept end, and the page's port
// gets its `close` event.
//
// The direct path: when the other end of a channel is in a page of the same origin, main gives
// both runtimes one secret name (`port-direct`, or a third element of a `post`/`port` message's
// arguments), and they talk on a `BroadcastChannel` of that name, inside the browser. Each side
// opens its channel and says `hello` on it, again every 50 ms until it hears the other side; a
// side answers each `hello` with `here`, so both learn that the other listens (a message posted
// before the other side's channel was registered would be lost). Until then messages go through main as before. Then the side sends `port-switch` through
// main, after everything it relayed, and from then posts on the channel; the other side takes
// what comes on the channel only once that `port-switch` has arrived, so order holds. A message
// that carries ports still goes through main, announced on the channel by a `relayed` placeholder
// that holds its place in line. Pages of different origins never hear each other's channel, so
// they never switch. A side that closes its port says `close` on the channel, behind its
// messages, and tells main that the other side knows.
// A function expression; the runtime calls it once with what it needs and gets
// `{postMessage, dispatch}`: `dispatch(envelope)` takes main's port messages and says whether it
// did.
(function cathodePorts(runtime) {
  'use strict';

  const { postToMain, encode, values, ipcRenderer, reportError } = runtime;

  const kept = new Map(); // id -> the runtime's end of a page port
  const links = new Map(); // id -> the direct path of that end, once main gave it one
  let nextId = 1;
  const MessageChannelOf = MessageChannel;
  const MessagePortOf = MessagePort;
  const BroadcastChannelOf = BroadcastChannel;
  const broadcast = BroadcastChannel.prototype.postMessage;
  const closeBroadcast = BroadcastChannel.prototype.close;
  const listen = EventTarget.prototype.addEventListener;
  const apply = Reflect.apply;
  const clone = structuredClone;
  const setTimer = setTimeout;
  const HELLO_EVERY_MS = 50;
  const HELLO_TRIES = 1200; // a minute (a busy machine); a side that never hears the other keeps the relay
  const logError = console.error.bind(console);

  // Sends main the page's message on port `id`, with the page's own ports it carries.
  function relay(id, event) {
    const data = values.encode(event.data);
    const ids = [...event.ports].map(adopt);
    return encode('port', id, [data, ids]);
  }

  function keep(id, port) {
    kept.set(id, port);
    port.addEventListener('message', (event) => {
      try {
        const link = links.get(id);
        if (link?.peerReady && event.ports.length === 0 && link.post({ t: 'data', data: event.data })) {
          return;
        }
        const message = relay(id, event);
        if (link?.peerReady) link.post({ t: 'relayed' });
        postToMain(message);
      } catch (error) {
        reportError(error);
      }
    });
    port.addEventListener('close', () => {
      if (!kept.delete(id)) return;
      const link = links.get(id);
      const told = link?.peerReady === true && link.post({ t: 'close' });
      link?.end();
      postToMain(encode('port-close', id, told ? [true] : []));
    });
    port.start();
  }

  // The direct path of end `id`: a `BroadcastChannel` named `name`, shared with the other end's
  // runtime only.
  function link(id, name) {
    const port = kept.get(id);
    if (!port || links.has(id)) return;
    const channel = new BroadcastChannelOf(name);
    const inbox = []; // what came on the channel before the other side's `port-switch`
    const relayed = []; // messages through main that `relayed` placeholders wait for
    const state = {
      peerReady: false,
      switched: false, // the other side's `port-switch` arrived
      post(message) {
        try {
          apply(broadcast, channel, [message]);
          return true;
        } catch {
          return false; // not cloneable on the channel: main carries it
        }
      },
      // A message of the other side's that came through main.
      relayed(data, ports) {
        if (!state.switched) return port.postMessage(data, ports);
        relayed.push([data, ports]);
        pump();
      },
      switch() {
        state.switched = true;
        pump();
      },
      end() {
        links.delete(id);
        apply(closeBroadcast, channel, []);
      },
    };
    function pump() {
      while (state.switched && inbox.length > 0) {
        const message = inbox[0];
        if (message.t === 'relayed') {
          if (relayed.length === 0) return;
          port.postMessage(...relayed.shift());
        } else if (message.t === 'data') {
          port.postMessage(message.data);
        } else if (message.t === 'close') {
          state.end();
          kept.delete(id);
          port.close();
          return;
        }
        inbox.shift();
      }
    }
    apply(listen, channel, ['message', ({ data }) => {
      if (data?.t === 'hello' || data?.t === 'here') {
        if (data.t === 'hello') state.post({ t: 'here' });
        if (state.peerReady || !links.has(id)) return;
        state.peerReady = true;
        postToMain(encode('port-switch', id, []));
      } else if (data?.t === 'data' || data?.t === 'relayed' || data?.t === 'close') {
        inbox.push(data);
        pump();
      }
    }]);
    links.set(id, state);
    // Said again until the other side answers: the browser registers a new channel
    // asynchronously, so a `hello` posted as the other side opens its channel can be missed.
    let tries = 0;
    const hello = () => {
      if (state.peerReady || !links.has(id) || tries++ >= HELLO_TRIES) return;
      state.post({ t: 'hello' });
      setTimer(hello, HELLO_EVERY_MS);
    };
    hello();
  }

  // A port of the page's own, moved into the runtime's hands; main knows it by the id.
  function adopt(port) {
    const id = `p${nextId++}`;
    keep(id, port);
    return id;
  }

  // A channel end main handed to the page: the page gets a real port, the runtime the other one;
  // `name`, when main gave one, is the end's direct path.
  function receive(id, name) {
    const channel = new MessageChannelOf();
    keep(id, channel.port1);
    if (typeof name === 'string') link(id, name);
    return channel.port2;
  }

  function checkPorts(transfer) {
    if (transfer === undefined) return [];
    if (!Array.isArray(transfer) || !transfer.every((port) => port instanceof MessagePortOf)) {
      throw new TypeError('The "transfer" argument must be an array of MessagePorts');
    }
    return transfer;
  }

  function postMessage(channel, message, transfer) {
    const ports = checkPorts(transfer);
    const data = values.encode(message);
    const envelope = encode('post', channel, [data, []]); // checks the channel first
    // Throws DataCloneError for a port that was transferred already, or given twice.
    const moved = ports.length ? clone(ports, { transfer: ports }) : [];
    if (!moved.length) return postToMain(envelope);
    postToMain(encode('post', channel, [data, moved.map(adopt)]));
  }

  function dispatch(envelope) {
    const [data, ids, names = []] = envelope.args ?? [];
    switch (envelope.kind) {
      case 'post': {
        const ports = ids.map((id, index) => receive(id, names[index]));
        const event = { sender: ipcRenderer, senderId: 0, ports };
        ipcRenderer.emit(envelope.channel, event, values.decode(data));
        return true;
      }
      case 'port': {
        const port = kept.get(envelope.channel);
        const ports = ids.map((id, index) => receive(id, names[index]));
        const link = links.get(envelope.channel);
        if (link) link.relayed(values.decode(data), ports);
        else if (port) port.postMessage(values.decode(data), ports);
        else ports.forEach((moved) => moved.close());
        return true;
      }
      case 'port-direct':
        link(envelope.channel, data);
        return true;
      case 'port-switch':
        links.get(envelope.channel)?.switch();
        return true;
      case 'port-close': {
        const port = kept.get(envelope.channel);
        kept.delete(envelope.channel);
        links.get(envelope.channel)?.end();
        port?.close();
        return true;
      }
      case 'port-error':
        logError(String(data));
        return true;
      default:
        return false;
    }
  }

  return { postMessage, dispatch };
})
