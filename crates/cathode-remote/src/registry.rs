//! Per-window bookkeeping of the remote module: the objects handed to the page, and the page's
//! functions that main holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cathode::WebContents;

use crate::RemoteObject;
use cathode::sync::lock;

/// The envelope kind of every remote message and request.
pub(crate) const KIND: &str = "remote";

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

/// The objects one window's page holds (kept as the window's state).
#[derive(Default)]
pub(crate) struct RemoteRegistry {
    state: Mutex<State>,
}

impl RemoteRegistry {
    /// The registry of `contents`' page.
    pub(crate) fn of(contents: &WebContents) -> Arc<RemoteRegistry> {
        contents.state_or_insert_with(RemoteRegistry::default)
    }

    pub(crate) fn generation(&self) -> u64 {
        lock(&self.state).generation
    }

    /// Gives the page an id for `object` (the same id for the same object), counting the hand-out.
    /// `None` when the page it was meant for is gone.
    pub(crate) fn hand_out(&self, generation: u64, object: Arc<dyn RemoteObject>) -> Option<u64> {
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

    pub(crate) fn get(&self, id: u64) -> Option<Arc<dyn RemoteObject>> {
        lock(&self.state)
            .objects
            .get(&id)
            .map(|held| Arc::clone(&held.object))
    }

    pub(crate) fn next_promise_id(&self) -> u64 {
        let mut state = lock(&self.state);
        state.next_promise += 1;
        state.next_promise
    }

    /// The page collected its proxy after receiving the id `count` times.
    pub(crate) fn release(&self, id: u64, count: u64) {
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
    pub(crate) fn reset(&self) {
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
    pub(crate) fn on_reset(&self, cleanup: Cleanup) {
        lock(&self.state).cleanups.push(cleanup);
    }

    pub(crate) fn len(&self) -> usize {
        lock(&self.state).objects.len()
    }
}
