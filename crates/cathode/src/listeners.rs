//! Event listener lists: Electron's `on` / `once` / `removeListener` for Rust closures.
//!
//! Listeners are called outside the list's lock, so a listener may add or remove listeners or call
//! back into the API. A panicking listener is logged and the others still run.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Identifies one registered listener, for removing it later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(u64);

impl ListenerId {
    pub(crate) fn next() -> ListenerId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ListenerId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

type Callback<T> = Arc<dyn Fn(&T) + Send + Sync>;

/// The listeners of one event.
pub(crate) struct Listeners<T> {
    entries: Mutex<Vec<(ListenerId, bool, Callback<T>)>>,
}

impl<T> Default for Listeners<T> {
    fn default() -> Self {
        Listeners {
            entries: Mutex::new(Vec::new()),
        }
    }
}

impl<T> Listeners<T> {
    pub(crate) fn add(
        &self,
        once: bool,
        callback: impl Fn(&T) + Send + Sync + 'static,
    ) -> ListenerId {
        let id = ListenerId::next();
        lock(&self.entries).push((id, once, Arc::new(callback)));
        id
    }

    pub(crate) fn remove(&self, id: ListenerId) -> bool {
        let mut entries = lock(&self.entries);
        let before = entries.len();
        entries.retain(|(entry, _, _)| *entry != id);
        entries.len() != before
    }

    pub(crate) fn is_empty(&self) -> bool {
        lock(&self.entries).is_empty()
    }

    /// Calls every listener with `value`; `once` listeners are removed first. Returns how many ran.
    pub(crate) fn emit(&self, event_name: &str, value: &T) -> usize {
        let callbacks: Vec<Callback<T>> = {
            let mut entries = lock(&self.entries);
            let callbacks = entries.iter().map(|(_, _, cb)| Arc::clone(cb)).collect();
            entries.retain(|(_, once, _)| !once);
            callbacks
        };
        for callback in &callbacks {
            if catch_unwind(AssertUnwindSafe(|| callback(value))).is_err() {
                tracing::error!(event = event_name, "an event listener panicked");
            }
        }
        callbacks.len()
    }
}

/// An event whose default action a listener can cancel, like Electron's
/// `event.preventDefault()`.
#[derive(Debug, Default)]
pub struct Preventable {
    prevented: AtomicBool,
}

impl Preventable {
    /// Cancels the default action (closing the window, quitting the app).
    pub fn prevent_default(&self) {
        self.prevented.store(true, Ordering::Relaxed);
    }

    /// True once a listener called [`Preventable::prevent_default`].
    pub fn default_prevented(&self) -> bool {
        self.prevented.load(Ordering::Relaxed)
    }
}

pub(crate) use cathode_cdp::sync::lock;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn once_listeners_run_a_single_time_and_others_keep_running() {
        let listeners = Listeners::<u32>::default();
        let count = Arc::new(AtomicUsize::new(0));
        let (a, b) = (Arc::clone(&count), Arc::clone(&count));
        listeners.add(true, move |_| {
            a.fetch_add(1, Ordering::Relaxed);
        });
        listeners.add(false, move |n| {
            b.fetch_add(*n as usize, Ordering::Relaxed);
        });
        assert_eq!(listeners.emit("test", &10), 2);
        assert_eq!(listeners.emit("test", &10), 1);
        assert_eq!(count.load(Ordering::Relaxed), 21);
    }

    #[test]
    fn a_panicking_listener_does_not_stop_the_next_one() {
        let listeners = Listeners::<()>::default();
        let ran = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&ran);
        listeners.add(false, |_| panic!("listener bug"));
        listeners.add(false, move |_| flag.store(true, Ordering::Relaxed));
        listeners.emit("test", &());
        assert!(ran.load(Ordering::Relaxed));
    }

    #[test]
    fn removed_listeners_are_not_called() {
        let listeners = Listeners::<()>::default();
        let id = listeners.add(false, |_| panic!("must not run"));
        assert!(listeners.remove(id));
        assert!(!listeners.remove(id));
        assert_eq!(listeners.emit("test", &()), 0);
        assert!(listeners.is_empty());
    }
}
