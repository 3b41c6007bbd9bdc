// Main's eye on the page's input, in an isolated world of its own, in the main frame and in each
// frame of the page's renderer (an `<iframe>` of another site runs in a renderer of its own,
// which main does not reach). The page cannot reach anything here: `report` is a binding only
// this world has, and the secret that opens every synchronous request to main is in this closure
// alone.
// - `before-input-event`: while main listens (`state.ask`), each real keydown and keyup is first
//   shown to main with a synchronous request; when main's listener prevented it, the page never
//   sees it (this listener is the first on `window` in the capture phase).
// - A modal child: while main says the window is blocked (`state.blocked`), the page gets no
//   mouse or keyboard input, and a press tells main (`blocked`), which gives the modal the focus.
// - Full screen (`fullscreen`, `windowed`) and the zoom gesture, the wheel with Ctrl held
//   (`zoom-in`, `zoom-out`; as in Electron, the page is not zoomed by it).
// Main changes `state` through `globalThis[config.control]` (a global of this world only).
(function watchInput(config, report) {
  'use strict';
  const inMainFrame = window.top === window;
  const state = { ask: false, blocked: false };
  const control = (changes) => {
    if (changes.exitFullscreen) {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      return;
    }
    if (typeof changes.ask === 'boolean') state.ask = changes.ask;
    if (typeof changes.blocked === 'boolean') state.blocked = changes.blocked;
  };
  Object.defineProperty(globalThis, config.control, { value: control });

  const stop = (event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  // Main's verdict on one key: true when its listener prevented it. Anything that goes wrong
  // (main refused, answered an error, the request failed) lets the key through; a request that
  // could not be made (the page's Content-Security-Policy forbids it) is reported once.
  let askFailed = false;
  const prevented = (event) => {
    const input = {
      type: event.type === 'keydown' ? 'keyDown' : 'keyUp',
      key: event.key,
      code: event.code,
      isAutoRepeat: event.repeat,
      isComposing: event.isComposing,
      shift: event.shiftKey,
      control: event.ctrlKey,
      alt: event.altKey,
      meta: event.metaKey,
      location: event.location,
      capsLock: event.getModifierState('CapsLock'),
      numLock: event.getModifierState('NumLock'),
    };
    try {
      const request = new XMLHttpRequest();
      request.open('POST', config.url, false);
      request.send(config.secret + JSON.stringify(input));
      const answer = JSON.parse(request.responseText);
      return answer.ok?.prevent === true;
    } catch {
      if (!askFailed) {
        askFailed = true;
        report('ask-failed');
      }
      return false;
    }
  };

  const onKey = (event) => {
    if (!event.isTrusted) return;
    if (state.blocked) {
      stop(event);
      if (event.type === 'keydown') report('blocked');
      return;
    }
    if (state.ask && prevented(event)) stop(event);
  };
  addEventListener('keydown', onKey, true);
  addEventListener('keyup', onKey, true);

  // What a blocked window's page must not see.
  const onBlocked = (event) => {
    if (!state.blocked || !event.isTrusted) return;
    stop(event);
    // A cancelled pointerdown has no mousedown after it.
    if (event.type === 'pointerdown' || event.type === 'touchstart') report('blocked');
  };
  for (const type of [
    'keypress', 'beforeinput', 'mousedown', 'mouseup', 'click', 'dblclick', 'auxclick',
    'contextmenu', 'mousemove', 'pointerdown', 'pointerup', 'pointermove', 'touchstart',
    'touchend', 'touchmove',
  ]) {
    addEventListener(type, onBlocked, { capture: true, passive: false });
  }

  addEventListener(
    'wheel',
    (event) => {
      if (!event.isTrusted) return;
      if (state.blocked) {
        stop(event);
        return;
      }
      if (event.ctrlKey && event.deltaY !== 0) {
        event.preventDefault();
        report(event.deltaY < 0 ? 'zoom-in' : 'zoom-out');
      }
    },
    { capture: true, passive: false },
  );

  // A frame's element in full screen puts the frame's element in the main frame's document in
  // full screen too: the main frame alone reports it.
  if (inMainFrame) {
    document.addEventListener('fullscreenchange', () => {
      report(document.fullscreenElement ? 'fullscreen' : 'windowed');
    });
  }
})
