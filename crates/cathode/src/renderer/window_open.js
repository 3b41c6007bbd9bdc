// Electron's `window.open` in the page's own world, run before the page's scripts in every
// document and frame of every window: before the browser makes a window, main is asked with a
// synchronous request, and main runs the window's window-open handler once. Denied, the call
// returns `null` and no window is made; allowed, the browser's own `window.open` opens it, and
// main applies the decision it already took to the page that follows.
//
// What this needs is captured now, before any page script runs, so that a page replacing
// `XMLHttpRequest`, `JSON` or `URL` later changes nothing here. The page can still post to the
// URL itself; it gains nothing by that it could not get by calling `window.open`, since main
// judges the request as a call of `window.open` with those arguments.
//
// Anything that goes wrong before main answered (the page's Content-Security-Policy forbids the
// request, main refused it) falls back on the browser's own `window.open`: main then asks the
// handler when the browser reports the new page, and closes a denied one at once.
(function guardWindowOpen(config) {
  'use strict';
  const original = window.open;
  if (typeof original !== 'function') return;
  const apply = Reflect.apply;
  const XHR = XMLHttpRequest;
  const xhrOpen = XHR.prototype.open;
  const xhrSend = XHR.prototype.send;
  const responseText = Object.getOwnPropertyDescriptor(XHR.prototype, 'responseText').get;
  const baseURI = Object.getOwnPropertyDescriptor(Node.prototype, 'baseURI').get;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const Url = URL;
  const href = Object.getOwnPropertyDescriptor(URL.prototype, 'href').get;
  const toLower = String.prototype.toLowerCase;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const StringOf = String;

  // Windows this document opened by name: `window.open` with the name of one that is still
  // open navigates it instead of making a window (the browser reports no new page), as in
  // Electron, where the handler is not asked then either.
  const named = new Map();
  const stillOpen = (name) => {
    const opened = apply(mapGet, named, [name]);
    if (!opened) return false;
    let closed = true;
    try {
      closed = opened.closed;
    } catch {
      closed = true;
    }
    if (closed) apply(mapDelete, named, [name]);
    return !closed;
  };

  // Main's decision: true to open, false to deny; `null` when main could not be asked.
  const ask = (url, target, features) => {
    try {
      const request = new XHR();
      apply(xhrOpen, request, ['POST', config.url, false]);
      apply(xhrSend, request, [stringify({ url, target, features })]);
      const answer = parse(apply(responseText, request, []));
      if (answer && answer.ok && typeof answer.ok.open === 'boolean') return answer.ok.open;
      return null;
    } catch {
      return null;
    }
  };

  const openThrough = (url, target, features) => {
    const opened = apply(original, window, [url, target, features]);
    if (opened && target !== '' && apply(toLower, target, []) !== '_blank') {
      apply(mapSet, named, [target, opened]);
    }
    return opened;
  };

  const open = function open(url = '', target = '_blank', features = '') {
    // Converted once, as the browser would, so a page's `toString` runs once.
    url = StringOf(url);
    target = StringOf(target);
    features = StringOf(features);
    const lowered = apply(toLower, target, []);
    // These navigate a frame of the page, never a new window.
    if (lowered === '_self' || lowered === '_top' || lowered === '_parent') {
      return apply(original, window, [url, target, features]);
    }
    if (target !== '' && lowered !== '_blank' && stillOpen(target)) {
      return apply(original, window, [url, target, features]);
    }
    let resolved = 'about:blank';
    if (url !== '') {
      try {
        resolved = apply(href, new Url(url, apply(baseURI, document, [])), []);
      } catch {
        // Not a URL: the browser's own `window.open` throws its SyntaxError.
        return apply(original, window, [url, target, features]);
      }
    }
    const decision = ask(resolved, target, features);
    if (decision === false) return null;
    return openThrough(url, target, features);
  };
  Object.defineProperty(window, 'open', {
    value: open,
    writable: true,
    enumerable: true,
    configurable: true,
  });
})
