// Keeps cathode's beforeunload guard (renderer/unload_guard.js, in an isolated world) after the
// page's own beforeunload handlers, so that it sees what they wanted. Listeners on a window run
// in the order they were added, and one added again goes last: each time the page adds a
// `beforeunload` listener to its window or sets its `onbeforeunload` (of the window or the
// body), this asks the guard to add itself again, with a DOM event of the app's own name, which
// reaches the guard's world synchronously. The page may learn that name; all it can do with it
// is move the guard last.
(function (reorder) {
  'use strict';
  const apply = Reflect.apply;
  const add = EventTarget.prototype.addEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const PlainEvent = Event;
  const page = window;
  const ask = () => {
    apply(dispatch, page, [new PlainEvent(reorder)]);
  };
  EventTarget.prototype.addEventListener = function addEventListener(type, listener) {
    // A bare `addEventListener(...)` calls it without a receiver: the window's.
    const target = this == null ? page : this;
    const result = apply(add, target, arguments);
    if (target === page && type === 'beforeunload') {
      ask();
    }
    return result;
  };
  for (const owner of [page, HTMLBodyElement.prototype]) {
    const handler = Object.getOwnPropertyDescriptor(owner, 'onbeforeunload');
    if (!handler || !handler.set) {
      continue;
    }
    const set = handler.set;
    Object.defineProperty(owner, 'onbeforeunload', {
      configurable: true,
      enumerable: handler.enumerable,
      get: handler.get,
      set: function onbeforeunload(value) {
        apply(set, this, [value]);
        ask();
      },
    });
  }
})
