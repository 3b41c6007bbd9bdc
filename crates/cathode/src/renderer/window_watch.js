// Tells main when the window changed in ways only the user or the window manager cause: its size
// (`resize`), its place on the screen (`move`: no event says so, so `screenX`/`screenY` are
// looked at a few times a second), the focus (`focus`, `blur`) and being shown or minimised
// (`visible`, `hidden`). Main then reads the window from the browser. Runs in an isolated world
// of its own, in the main frame only; `report` is a binding only that world has, so the page
// cannot call it and changes what it reports only by changing the window itself.
(function watchWindow(report) {
  'use strict';
  if (window.top !== window) return;
  let place = `${screenX},${screenY}`;
  addEventListener('resize', () => report('resize'));
  addEventListener('focus', () => report('focus'));
  addEventListener('blur', () => report('blur'));
  document.addEventListener('visibilitychange', () => report(document.visibilityState));
  setInterval(() => {
    const now = `${screenX},${screenY}`;
    if (now !== place) {
      place = now;
      report('move');
    }
  }, 250);
})
