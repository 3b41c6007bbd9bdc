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
// The direct path: when the other end of a channel is in a page too, main gives both runtimes
// its path (`port-direct`, or a third element of a `post`/`port` message's arguments). Pages of
// one origin get one secret name and talk on a `BroadcastChannel` of that name, inside the
// browser. Pages of different origins never hear each other's `BroadcastChannel`; they get
// `{rtc: 'offer'}` and `{rtc: 'answer'}` and open a WebRTC data channel between them, main
// passing on the offer and the answer (`port-signal`, each with all its candidates); DTLS ties
// the data channel to those two, so nothing else can join it.
// Each side says `hello` on its path, again every 50 ms until it hears the other side; a
// side answers each `hello` with `here`, so both learn that the other listens (a message posted
// before the other side's channel was registered would be lost). Until then messages go through main as before. Then the side sends `port-switch` through
// main, after everything it relayed, and from then posts on the channel; the other side takes
// what comes on the channel only once that `port-switch` has arrived, so order holds. A message
// that carries ports still goes through main, announced on the channel by a `relayed` placeholder
// that holds its place in line; so does one the path cannot carry (a data channel carries the
// runtime's encoding of the value, in pieces as main gets long messages, while less than 8 MiB
// waits in its buffer). A side that closes its port says `close` on the channel, behind its
// messages, and tells main that the other side knows.
// A function expression; the runtime calls it once with what it needs and gets
// `{postMessage, dispatch}`: `dispatch(envelope)` takes main's port messages and says whether it
// did.
(function cathodePorts(runtime) {
  'use strict';

  const { postToMain, sendInPieces, pieceMarkers, encode, values, ipcRenderer, reportError } = runtime;

  const kept = new Map(); // id -> the runtime's end of a page port
  const links = new Map(); // id -> the direct path of that end, once main gave it one
  let nextId = 1;
  const MessageChannelOf = MessageChannel;
  const MessagePortOf = MessagePort;
  const BroadcastChannelOf = BroadcastChannel;
  const broadcast = BroadcastChannel.prototype.postMessage;
  const closeBroadcast = BroadcastChannel.prototype.close;
  const PeerConnectionOf = typeof RTCPeerConnection === 'function' ? RTCPeerConnection : null;
  // The connection's methods as they are now, as for `BroadcastChannel` above.
  const peer = PeerConnectionOf && {
    createDataChannel: PeerConnectionOf.prototype.createDataChannel,
    createOffer: PeerConnectionOf.prototype.createOffer,
    createAnswer: PeerConnectionOf.prototype.createAnswer,
    setLocalDescription: PeerConnectionOf.prototype.setLocalDescription,
    setRemoteDescription: PeerConnectionOf.prototype.setRemoteDescription,
    close: PeerConnectionOf.prototype.close,
  };
  const sendOnData = globalThis.RTCDataChannel?.prototype.send;
  const closeData = globalThis.RTCDataChannel?.prototype.close;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const listen = EventTarget.prototype.addEventListener;
  const apply = Reflect.apply;
  const clone = structuredClone;
  const setTimer = setTimeout;
  const HELLO_EVERY_MS = 50;
  const HELLO_TRIES = 1200; // a minute (a busy machine); a side that never hears the other keeps the relay
  // Bytes waiting in a data channel's buffer beyond which a message goes through main instead
  // (Chromium refuses to buffer more than 16 MiB).
  const DATA_BUFFER_LIMIT = 8 * 1024 * 1024;
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

  // A `BroadcastChannel` named `name`, shared with the other end's runtime only. `post(record)`
  // says whether the channel took the record; `receive(record)` gets the other side's.
  function broadcastPath(name, receive) {
    const channel = new BroadcastChannelOf(name);
    apply(listen, channel, ['message', ({ data }) => receive(data)]);
    return {
      post(record) {
        try {
          apply(broadcast, channel, [record]);
          return true;
        } catch {
          return false; // not cloneable on the channel: main carries it
        }
      },
      signal() {},
      close() {
        apply(closeBroadcast, channel, []);
      },
    };
  }

  // A WebRTC data channel to the other end's runtime, in the role main gave (`offer` or
  // `answer`). Records go as JSON text, their data in the runtime's encoding of values; a long
  // text goes in pieces, as the runtime's messages to main do (a data channel takes 256 KiB at
  // most in one message).
  function rtcPath(id, role, receive) {
    if (!PeerConnectionOf || (role !== 'offer' && role !== 'answer')) return null;
    const failed = (error) => logError(`a port's direct path could not be set up: ${error?.message ?? error}`);
    let connection;
    let channel;
    try {
      connection = new PeerConnectionOf();
      channel = apply(peer.createDataChannel, connection, [
        'port',
        { negotiated: true, id: 0, ordered: true },
      ]);
    } catch (error) {
      failed(error); // the renderer's limit of connections, say: this channel keeps the relay
      if (connection) apply(peer.close, connection, []);
      return null;
    }
    let open = false;
    apply(listen, channel, ['open', () => (open = true)]);
    apply(listen, channel, ['close', () => {
      open = false;
      apply(peer.close, connection, []);
    }]);
    // The other side's page went away without closing (main tells the port's `close`).
    apply(listen, connection, ['connectionstatechange', () => {
      if (connection.connectionState === 'failed') apply(peer.close, connection, []);
    }]);
    let gathered = null; // the pieces of a long record so far
    apply(listen, channel, ['message', ({ data }) => {
      if (typeof data !== 'string') return;
      const marker = data[0];
      if (marker === pieceMarkers.first) {
        gathered = [data.slice(1)];
        return;
      }
      if (marker === pieceMarkers.more) {
        gathered?.push(data.slice(1));
        return;
      }
      let text = data;
      if (marker === pieceMarkers.last) {
        if (!gathered) return;
        gathered.push(data.slice(1));
        text = gathered.join('');
      }
      gathered = null;
      let record;
      try {
        record = parse(text);
        if (record?.t === 'data') record.data = values.decode(record.data);
      } catch (error) {
        reportError(error);
        return;
      }
      receive(record);
    }]);
    // Sends main this side's description once it holds every candidate.
    const describe = async (create) => {
      await apply(peer.setLocalDescription, connection, [await apply(create, connection, [])]);
      await new Promise((resolve) => {
        const check = () => connection.iceGatheringState === 'complete' && resolve();
        apply(listen, connection, ['icegatheringstatechange', check]);
        check();
      });
      const { type, sdp } = connection.localDescription;
      postToMain(encode('port-signal', id, [{ type, sdp }]));
    };
    if (role === 'offer') describe(peer.createOffer).catch(failed);
    return {
      post(record) {
        if (!open) return false;
        let text;
        try {
          text = stringify(record.t === 'data' ? { t: 'data', data: values.encode(record.data) } : record);
        } catch {
          return false; // not encodable: main carries it (and reports why)
        }
        // At most three bytes a character, against what the buffer may still take.
        if (record.t === 'data' && channel.bufferedAmount + text.length * 3 > DATA_BUFFER_LIMIT) {
          return false;
        }
        try {
          sendInPieces(text, (piece) => apply(sendOnData, channel, [piece]));
          return true;
        } catch {
          return false; // the channel closed under it: main carries it
        }
      },
      // The other side's description; the answering side answers it.
      signal(description) {
        const answered = apply(peer.setRemoteDescription, connection, [description]);
        (role === 'answer' ? answered.then(() => describe(peer.createAnswer)) : answered).catch(failed);
      },
      // What was sent goes first; the connection ends when the data channel has closed.
      close() {
        apply(closeData, channel, []);
      },
    };
  }

  // The direct path of end `id`: `path` is a `BroadcastChannel`'s name or `{rtc: role}`.
  function link(id, path) {
    const port = kept.get(id);
    if (!port || links.has(id)) return;
    const inbox = []; // what came on the channel before the other side's `port-switch`
    const relayed = []; // messages through main that `relayed` placeholders wait for
    const hear = (data) => {
      if (data?.t === 'hello' || data?.t === 'here') {
        if (data.t === 'hello') state.post({ t: 'here' });
        if (state.peerReady || !links.has(id)) return;
        state.peerReady = true;
        postToMain(encode('port-switch', id, []));
      } else if (data?.t === 'data' || data?.t === 'relayed' || data?.t === 'close') {
        inbox.push(data);
        pump();
      }
    };
    const channel = typeof path === 'string' ? broadcastPath(path, hear) : rtcPath(id, path?.rtc, hear);
    if (!channel) return;
    const state = {
      peerReady: false,
      switched: false, // the other side's `port-switch` arrived
      post: (record) => channel.post(record),
      signal: (description) => channel.signal(description),
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
        channel.close();
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
  // `path`, when main gave one, is the end's direct path.
  function receive(id, path) {
    const channel = new MessageChannelOf();
    keep(id, channel.port1);
    if (path != null) link(id, path);
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
    const [data, ids, paths = []] = envelope.args ?? [];
    switch (envelope.kind) {
      case 'post': {
        const ports = ids.map((id, index) => receive(id, paths[index]));
        const event = { sender: ipcRenderer, senderId: 0, ports };
        ipcRenderer.emit(envelope.channel, event, values.decode(data));
        return true;
      }
      case 'port': {
        const port = kept.get(envelope.channel);
        const ports = ids.map((id, index) => receive(id, paths[index]));
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
      case 'port-signal':
        links.get(envelope.channel)?.signal(data);
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
