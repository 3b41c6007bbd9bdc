// cathode's beforeunload guard, in an isolated world of its own, in the main frame. While main
// has armed it (the window has a `close` listener), each unload of a page its user has used
// asks main: the guard, the window's last beforeunload listener (renderer/unload_order.js keeps
// it last), reports through its binding whether the page's own handlers asked to stay
// (`preventDefault()`, a `returnValue`, or an `onbeforeunload` that returned a value), then, when
// they did not, asks to stay itself, so that the browser asks main, which decides (a navigation
// goes on; a user's close asks `close`). Chromium asks only on a page with user activation; main
// gives it to each document while the guard is armed.
(function (config, report) {
  'use strict';
  if (window !== window.top) {
    return;
  }
  let armed = false;
  const guard = (event) => {
    if (!armed || !navigator.userActivation.hasBeenActive) {
      return;
    }
    const stay = event.defaultPrevented || event.returnValue !== '';
    report(JSON.stringify({ stay }));
    if (!stay) {
      event.preventDefault();
    }
  };
  const last = () => {
    removeEventListener('beforeunload', guard);
    addEventListener('beforeunload', guard);
  };
  globalThis[config.control] = (state) => {
    armed = state === true;
  };
  last();
  addEventListener(config.reorder, last);
  // A `<body onbeforeunload>` attribute sets the window's handler as the body is parsed.
  addEventListener('DOMContentLoaded', last);
})
