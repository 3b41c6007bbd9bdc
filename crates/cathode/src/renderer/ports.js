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
// A function expression; the runtime calls it once with what it needs and gets
// `{postMessage, dispatch}`: `dispatch(envelope)` takes main's port messages and says whether it
// did.
(function cathodePorts(runtime) {
  'use strict';

  const { postToMain, encode, values, ipcRenderer, reportError } = runtime;

  const kept = new Map(); // id -> the runtime's end of a page port
  let nextId = 1;
  const MessageChannelOf = MessageChannel;
  const MessagePortOf = MessagePort;
  const clone = structuredClone;
  const logError = console.error.bind(console);

  function keep(id, port) {
    kept.set(id, port);
    port.addEventListener('message', (event) => {
      try {
        const data = values.encode(event.data);
        const ids = [...event.ports].map(adopt);
        postToMain(encode('port', id, [data, ids]));
      } catch (error) {
        reportError(error);
      }
    });
    port.addEventListener('close', () => {
      if (kept.delete(id)) postToMain(encode('port-close', id, []));
    });
    port.start();
  }

  // A port of the page's own, moved into the runtime's hands; main knows it by the id.
  function adopt(port) {
    const id = `p${nextId++}`;
    keep(id, port);
    return id;
  }

  // A channel end main handed to the page: the page gets a real port, the runtime the other one.
  function receive(id) {
    const channel = new MessageChannelOf();
    keep(id, channel.port1);
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
    const [data, ids] = envelope.args ?? [];
    switch (envelope.kind) {
      case 'post': {
        const ports = ids.map(receive);
        const event = { sender: ipcRenderer, senderId: 0, ports };
        ipcRenderer.emit(envelope.channel, event, values.decode(data));
        return true;
      }
      case 'port': {
        const port = kept.get(envelope.channel);
        const ports = ids.map(receive);
        if (port) port.postMessage(values.decode(data), ports);
        else ports.forEach((moved) => moved.close());
        return true;
      }
      case 'port-close': {
        const port = kept.get(envelope.channel);
        kept.delete(envelope.channel);
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
