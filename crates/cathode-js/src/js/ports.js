// Electron's MessagePorts for the cathode main process: `MessageChannelMain`, `MessagePortMain`
// (an EventEmitter: `postMessage(message, [transfer])`, `start()`, `close()`, the `message` and
// `close` events), `webContents.postMessage(channel, message, [transfer])`, and the `ports` of
// `ipcMain`'s events, added to the `electron` module. `native` is the Rust side (ports.rs), which
// knows each port by a number; messages and `close` come back through the dispatcher this returns.
// Values are cathode's structured-clone codec (`values`), as on every other IPC path.
(function createPorts(native, electron, EventEmitter, values) {
  'use strict';

  const byId = new Map(); // number -> MessagePortMain, while the port is in main and open
  const idOf = new WeakMap(); // MessagePortMain -> number

  class MessagePortMain extends EventEmitter {
    postMessage(message, transfer) {
      const ids = transferIds(transfer);
      const id = idOf.get(this);
      native.post(id, JSON.stringify(values.encode(message)), JSON.stringify(ids));
      forget(ids);
    }

    start() {
      native.start(idOf.get(this));
    }

    close() {
      const id = idOf.get(this);
      byId.delete(id);
      native.close(id);
    }
  }

  function portOf(id) {
    let port = byId.get(id);
    if (!port) {
      port = new MessagePortMain();
      idOf.set(port, id);
      byId.set(id, port);
    }
    return port;
  }

  function transferIds(transfer) {
    if (transfer === undefined) return [];
    if (!Array.isArray(transfer)) {
      throw new TypeError('The "transfer" argument must be an array of MessagePortMain');
    }
    return transfer.map((port, index) => {
      if (!(port instanceof MessagePortMain)) {
        throw new TypeError(`Port at index ${index} is not a valid port`);
      }
      return idOf.get(port);
    });
  }

  // Transferred ports leave main: the objects stay, neutered.
  function forget(ids) {
    for (const id of ids) byId.delete(id);
  }

  class MessageChannelMain {
    constructor() {
      const [first, second] = native.channel();
      this.port1 = portOf(first);
      this.port2 = portOf(second);
    }
  }

  electron.webContents.prototype.postMessage = function postMessage(channel, message, transfer) {
    if (typeof channel !== 'string') throw new TypeError('The "channel" argument must be a string');
    const ids = transferIds(transfer);
    native.postToWindow(this.id, channel, JSON.stringify(values.encode(message)), JSON.stringify(ids));
    forget(ids);
  };
  electron.ipcMain.portsFromIds = (ids) => (ids ?? []).map(portOf);
  Object.defineProperty(electron, 'MessageChannelMain', { enumerable: true, value: MessageChannelMain });

  // Rust calls this for each message that reaches one of main's ports, and when one closes.
  return function dispatch(id, kind, json) {
    const port = byId.get(id);
    if (kind === 'close') {
      byId.delete(id);
      port?.emit('close');
      return;
    }
    const { data, ports } = JSON.parse(json);
    const event = { data: values.decode(data), ports: ports.map(portOf) };
    if (port) port.emit('message', event);
  };
})
