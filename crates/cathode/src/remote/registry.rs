//! Per-window bookkeeping of the remote module: the objects handed to the page, and the page's
//! functions that main holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use serde::Serialize;
use serde_json::Value;

use super::{RemoteError, RemoteObject, RemoteValue};
use crate::listeners::lock;
use crate::web_contents::WebContents;
use crate::window::WindowShared;

struct Held {
    object: Arc<dyn RemoteObject>,
    identity: usize,
    /// How many times main handed it out that the page has not released yet.
    count: u64,
}

/// Undoes something done for the page (a listener it added) when its document goes away.
pub(crate) type Cleanup = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct State {
    /// Bumped whenever the page's document goes away: ids and callbacks of the old one are dead.
    generation: u64,
    next_id: u64,
    next_promise: u64,
    objects: HashMap<u64, Held>,
    by_identity: HashMap<usize, u64>,
    cleanups: Vec<Cleanup>,
}

/// The objects one window's page holds.
#[derive(Default)]
pub(crate) struct RemoteRegistry {
    state: Mutex<State>,
}

impl RemoteRegistry {
    pub fn generation(&self) -> u64 {
        lock(&self.state).generation
    }

    /// Gives the page an id for `object` (the same id for the same object), counting the hand-out.
    /// `None` when the page it was meant for is gone.
    pub fn hand_out(&self, generation: u64, object: Arc<dyn RemoteObject>) -> Option<u64> {
        let mut state = lock(&self.state);
        if state.generation != generation {
            return None;
        }
        let identity = object.identity();
        if let Some(&id) = state.by_identity.get(&identity) {
            if let Some(held) = state.objects.get_mut(&id) {
                held.count += 1;
                return Some(id);
            }
        }
        state.next_id += 1;
        let id = state.next_id;
        state.by_identity.insert(identity, id);
        state.objects.insert(
            id,
            Held {
                object,
                identity,
                count: 1,
            },
        );
        Some(id)
    }

    pub fn get(&self, id: u64) -> Option<Arc<dyn RemoteObject>> {
        lock(&self.state)
            .objects
            .get(&id)
            .map(|held| Arc::clone(&held.object))
    }

    pub fn next_promise_id(&self) -> u64 {
        let mut state = lock(&self.state);
        state.next_promise += 1;
        state.next_promise
    }

    /// The page collected its proxy after receiving the id `count` times.
    pub fn release(&self, id: u64, count: u64) {
        let mut state = lock(&self.state);
        let Some(held) = state.objects.get_mut(&id) else {
            tracing::debug!(id, "release of an unknown remote object");
            return;
        };
        held.count = held.count.saturating_sub(count);
        if held.count == 0 {
            let identity = held.identity;
            let gone = state.objects.remove(&id);
            state.by_identity.remove(&identity);
            // Dropping an object can drop page functions it held, whose release locks this
            // registry again: never drop under the lock.
            drop(state);
            drop(gone);
        }
    }

    /// The page's document is gone: forget everything it held, and undo what it set up.
    pub fn reset(&self) {
        let (objects, cleanups) = {
            let mut state = lock(&self.state);
            state.generation += 1;
            state.by_identity.clear();
            (
                std::mem::take(&mut state.objects),
                std::mem::take(&mut state.cleanups),
            )
        };
        if !objects.is_empty() || !cleanups.is_empty() {
            tracing::debug!(
                objects = objects.len(),
                listeners = cleanups.len(),
                "the page's document is gone: released what it held through remote"
            );
        }
        drop(objects);
        for cleanup in cleanups {
            cleanup();
        }
    }

    /// Runs `cleanup` when the page's current document goes away.
    pub fn on_reset(&self, cleanup: Cleanup) {
        lock(&self.state).cleanups.push(cleanup);
    }

    pub fn len(&self) -> usize {
        lock(&self.state).objects.len()
    }
}

/// A main-side handle on a function that lives in a page.
pub(crate) struct CallbackHandle {
    window: Weak<WindowShared>,
    pub id: u64,
    pub function: u64,
    generation: u64,
}

#[derive(Serialize)]
struct CallbackMessage<'a> {
    v: u32,
    kind: &'static str,
    id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    args: Option<&'a [Value]>,
}

impl CallbackHandle {
    pub fn new(window: &Arc<WindowShared>, id: u64, function: u64, generation: u64) -> Self {
        CallbackHandle {
            window: Arc::downgrade(window),
            id,
            function,
            generation,
        }
    }

    fn live_window(&self) -> Option<Arc<WindowShared>> {
        let window = self.window.upgrade()?;
        let alive = window.check_alive().is_ok() && window.remote.generation() == self.generation;
        alive.then_some(window)
    }

    /// True when this function came from `window`'s page.
    pub fn belongs_to(&self, window: &Arc<WindowShared>) -> bool {
        std::ptr::eq(self.window.as_ptr(), Arc::as_ptr(window))
    }

    pub fn is_alive(&self) -> bool {
        self.live_window().is_some()
    }

    pub fn call(&self, args: Vec<RemoteValue>) -> Result<(), RemoteError> {
        let Some(window) = self.live_window() else {
            tracing::debug!(callback = self.id, "dropped a call to a page that is gone");
            return Err(RemoteError::new(
                "the page that passed this function is gone",
            ));
        };
        let args: Vec<Value> = args
            .into_iter()
            .map(|arg| super::wire::to_meta(arg, &window, self.generation))
            .collect();
        let message = CallbackMessage {
            v: crate::envelope::VERSION,
            kind: "remote-callback",
            id: self.id,
            args: Some(&args),
        };
        WebContents::from_shared(window)
            .deliver("(remote callback)", &message)
            .map_err(RemoteError::from)
    }
}

impl Drop for CallbackHandle {
    fn drop(&mut self) {
        let Some(window) = self.live_window() else {
            return;
        };
        let message = CallbackMessage {
            v: crate::envelope::VERSION,
            kind: "remote-callback-release",
            id: self.id,
            args: None,
        };
        if let Err(error) = WebContents::from_shared(window).deliver("(remote release)", &message) {
            tracing::debug!(callback = self.id, %error, "could not release a page function");
        }
    }
}
