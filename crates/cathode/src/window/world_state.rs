//! Telling one of cathode's own isolated worlds in a window's page its new state: at once in
//! each frame's current document, and for the documents still to come.

use std::sync::{Arc, Weak};

use crate::listeners::lock;
use crate::state::WindowShared;

/// The document script that gives a world's later documents its state, once one was added.
#[derive(Default)]
pub(super) struct StateScript(tokio::sync::Mutex<Option<String>>);

/// Tells the isolated world `world` of the window's page its state: `now` is evaluated at once
/// in each frame's current document of that world; then a document script from `later`
/// (called when it runs, so that it gives the newest state) replaces the one `installed` holds,
/// one at a time. Until the browser confirmed both, main's later commands to the page wait
/// ([`Held`]): input sent after this call, on its own path to the renderer, would otherwise
/// overtake the change. `what` names the world in the logs.
pub(super) fn tell(
    window: &Arc<WindowShared>,
    world: String,
    now: &str,
    installed: Arc<StateScript>,
    later: impl FnOnce(&WindowShared) -> String + Send + 'static,
    what: &'static str,
) {
    let contexts = lock(&window.frames).world_contexts(&world);
    for context in contexts {
        let held = Held::new(window);
        let window_id = window.id;
        let sent = window
            .page
            .evaluate_detached(now.to_string(), Some(context), move |answer| {
                drop(held);
                if let Err(error) = answer {
                    tracing::debug!(window_id, %error, "the {what} was not told");
                }
            });
        if let Err(error) = sent {
            tracing::debug!(window_id = window.id, %error, "the {what} was not told");
        }
    }
    spawn_holding(window, move |window| async move {
        // One at a time, each with the state as it is when it runs: the last one added is the
        // state documents get, and it runs after any older one still there.
        let mut installed = installed.0.lock().await;
        let script = later(&window);
        match window.page.add_document_script(script, Some(world)).await {
            Ok(identifier) => {
                if let Some(old) = installed.replace(identifier) {
                    if let Err(error) = window.page.remove_document_script(old).await {
                        tracing::debug!(window_id = window.id, %error, "an old {what} state stays");
                    }
                }
            }
            Err(error) => {
                tracing::debug!(window_id = window.id, %error, "later documents keep the old {what} state")
            }
        }
    });
}

/// Runs `work` with the window on the app's runtime; main's later commands to the page wait
/// until it is done ([`Held`]). Nothing runs once the window is gone.
pub(super) fn spawn_holding<F>(
    window: &Arc<WindowShared>,
    work: impl FnOnce(Arc<WindowShared>) -> F + Send + 'static,
) where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(runtime) = window.app().ok().and_then(|app| app.runtime.get().cloned()) else {
        return;
    };
    let held = Held::new(window);
    let weak = Arc::downgrade(window);
    runtime.spawn(async move {
        let _held = held;
        if let Some(window) = weak.upgrade() {
            work(window).await;
        }
    });
}

/// Main's commands to a page wait while one of these lives (see [`tell`]).
struct Held(Weak<WindowShared>);

impl Held {
    fn new(window: &Arc<WindowShared>) -> Held {
        window.sync_requests.send_modify(|waiting| *waiting += 1);
        Held(Arc::downgrade(window))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(window) = self.0.upgrade() {
            window.sync_requests.send_modify(|waiting| *waiting -= 1);
        }
    }
}
