//! `JsHandle`: how other threads and tasks reach the JavaScript thread, keep it alive, or end it.
//!
//! The QuickJS context is not `Send`; it lives on the thread that awaits [`crate::JsHost::run`].
//! Everything else talks to it through a channel: a [`JsHandle`] posts jobs (closures that get the
//! context), asks the loop to exit, and hands out [`KeepAlive`] guards. The loop counts live
//! guards; while one exists it waits for work instead of ending, which is how Electron's main
//! process stays up while it has windows even with no timer pending.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rquickjs::Ctx;
use tokio::sync::mpsc;

use crate::error::{Error, Result};

/// A job run on the JavaScript thread by the event loop. An `Err` carrying a JavaScript exception
/// is reported like any uncaught exception (printed to the error sink; the loop goes on).
pub type Job = Box<dyn for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<()> + Send>;

pub(crate) enum Message {
    Job(Job),
    Exit(i32),
    /// Nothing to do but look again (a keep-alive was released).
    Wake,
}

#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub(crate) keep_alive: AtomicUsize,
}

/// A cheap, clonable, `Send` handle to a running [`crate::JsHost`]'s event loop.
///
/// ```
/// # async fn demo(handle: cathode_js::JsHandle) -> cathode_js::Result<()> {
/// // From any thread or task: run something in JavaScript.
/// handle.post(|ctx| {
///     ctx.globals().set("fromRust", 42)?;
///     Ok(())
/// })?;
/// // Keep the loop running while a window is open, even with no timers pending.
/// let guard = handle.keep_alive();
/// // ... later, when the last window closed:
/// drop(guard);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct JsHandle {
    tx: mpsc::UnboundedSender<Message>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for JsHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsHandle")
            .field("keep_alive", &self.shared.keep_alive.load(Ordering::SeqCst))
            .field("stopped", &self.tx.is_closed())
            .finish()
    }
}

impl JsHandle {
    pub(crate) fn new(tx: mpsc::UnboundedSender<Message>, shared: Arc<Shared>) -> JsHandle {
        JsHandle { tx, shared }
    }

    /// Runs `job` on the JavaScript thread, from the event loop, then runs the promise jobs and
    /// `process.nextTick` callbacks it queued. Jobs run in the order they were posted.
    ///
    /// Fails with [`Error::Stopped`] when the loop has ended.
    pub fn post<F>(&self, job: F) -> Result<()>
    where
        F: for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<()> + Send + 'static,
    {
        self.tx
            .send(Message::Job(Box::new(job)))
            .map_err(|_| Error::Stopped)
    }

    /// Ends the event loop with exit code `code`, as `process.exit(code)` would, once the
    /// JavaScript that runs now returns: `process.on('exit')` listeners run, then
    /// [`crate::JsHost::run`] returns `Ok(code)`. Does nothing when the loop has already ended.
    pub fn exit(&self, code: i32) {
        let _ = self.tx.send(Message::Exit(code));
    }

    /// Ends the event loop with exit code 0 (see [`JsHandle::exit`]).
    pub fn quit(&self) {
        self.exit(0)
    }

    /// Keeps the event loop running, even with nothing scheduled, until the returned guard (and
    /// every other guard) is dropped. Without a guard the loop ends as Node's does: when no timer,
    /// immediate or job is left.
    pub fn keep_alive(&self) -> KeepAlive {
        self.shared.keep_alive.fetch_add(1, Ordering::SeqCst);
        KeepAlive {
            handle: self.clone(),
        }
    }

    /// True once the event loop has ended (posted jobs would fail).
    pub fn is_stopped(&self) -> bool {
        self.tx.is_closed()
    }

    pub(crate) fn keep_alive_count(&self) -> usize {
        self.shared.keep_alive.load(Ordering::SeqCst)
    }
}

/// Holds the event loop open while it lives; see [`JsHandle::keep_alive`].
#[derive(Debug)]
pub struct KeepAlive {
    handle: JsHandle,
}

impl Drop for KeepAlive {
    fn drop(&mut self) {
        self.handle.shared.keep_alive.fetch_sub(1, Ordering::SeqCst);
        // The loop may be asleep with nothing else to wake it: let it look again.
        let _ = self.handle.tx.send(Message::Wake);
    }
}
