//! The page's JavaScript dialogs (`alert`, `confirm`, `prompt`) and its `beforeunload`
//! questions: answered so that no page waits for a dialog nobody can see. With a display, while
//! the window has a `close` listener, cathode's unload guard (`renderer/unload_guard.js`, armed
//! by `window/unload.rs`) makes every unload of the page ask main, and says first what the page's
//! own handlers wanted: main tells a navigation from a close by the navigation events that come
//! before the question, and asks `close` when nobody but the user (or the page's own
//! `window.close()`) closes the window.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::watch;

use super::WebContents;
use crate::listeners::{ListenerId, Listeners};
use crate::page::{DialogRequest, PageEvent};
use crate::page_events::Verdict;
use crate::renderer::RuntimeNames;
use crate::state::WindowShared;

/// The isolated world and the binding of the unload guard.
pub(crate) fn unload_names(names: &RuntimeNames) -> (String, String) {
    (
        format!("{}_unload", names.world),
        names.binding.replacen("_ipc_", "_unload_", 1),
    )
}

/// What main knows of a window's unload guard (its typed state).
pub(crate) struct UnloadGuard {
    /// Main has armed the guard: each unload of the page asks main, after a report.
    pub(crate) armed: AtomicBool,
    /// The page's main frame asked to navigate, or main started a navigation, since the last
    /// question or document.
    navigating: AtomicBool,
    /// The guard's report of the unload under way: whether the page's own handlers asked to stay.
    report: watch::Sender<Option<bool>>,
}

impl Default for UnloadGuard {
    fn default() -> UnloadGuard {
        UnloadGuard {
            armed: AtomicBool::new(false),
            navigating: AtomicBool::new(false),
            report: watch::channel(None).0,
        }
    }
}

impl UnloadGuard {
    pub(crate) fn of(window: &WindowShared) -> Arc<UnloadGuard> {
        window.extensions.get_or_insert_with(UnloadGuard::default)
    }

    /// A new document: nothing of the old one's unload is pending.
    pub(crate) fn forget(&self) {
        self.navigating.store(false, Ordering::Release);
        self.report.send_replace(None);
    }

    /// What the page's handlers wanted for the unload now asking main, once the guard said it
    /// (it reported before the renderer blocked on the question, but the report may come after
    /// the question); `None` after `limit` without a report.
    async fn page_wish(&self, limit: Duration) -> Option<bool> {
        let mut report = self.report.subscribe();
        let reported = tokio::time::timeout(limit, report.wait_for(Option::is_some)).await;
        let wish = match reported {
            Ok(Ok(wish)) => *wish,
            _ => None,
        };
        self.report.send_replace(None);
        wish
    }
}

/// The guard's report, as its binding carries it.
#[derive(Deserialize)]
struct GuardReport {
    stay: bool,
}

/// The unload guard reported what the page's handlers wanted (see [`UnloadGuard`]).
pub(crate) fn on_unload_reported(window: &Arc<WindowShared>, payload: &str) {
    match serde_json::from_str::<GuardReport>(payload) {
        Ok(report) => {
            UnloadGuard::of(window)
                .report
                .send_replace(Some(report.stay));
        }
        Err(error) => {
            tracing::debug!(window_id = window.id, %error, "unreadable unload guard report")
        }
    }
}

/// A navigation of the main frame to a new document is about to ask the page's handlers (the
/// page's own, `Page.frameRequestedNavigation`, or main's, `Page.frameStartedNavigating`): the
/// question that may follow is a navigation's, not a close's.
pub(crate) fn on_navigation_event(window: &WindowShared, event: &PageEvent) {
    let frame_id = match event {
        PageEvent::NavigationRequested { frame_id, .. } => frame_id,
        PageEvent::NavigationStarted {
            frame_id,
            in_place: false,
            ..
        } => frame_id,
        _ => return,
    };
    if window.is_main_frame(frame_id) {
        let guard = UnloadGuard::of(window);
        if guard.armed.load(Ordering::Acquire) {
            guard.navigating.store(true, Ordering::Release);
        }
    }
}

/// A window's `will-prevent-unload` listeners, kept in its typed state.
#[derive(Default)]
pub(crate) struct UnloadListeners {
    will_prevent_unload: Listeners<Verdict>,
}

impl UnloadListeners {
    fn of(window: &WindowShared) -> Arc<UnloadListeners> {
        window
            .extensions
            .get_or_insert_with(UnloadListeners::default)
    }

    pub(crate) fn remove(window: &WindowShared, id: ListenerId) -> bool {
        UnloadListeners::of(window).will_prevent_unload.remove(id)
    }
}

impl WebContents {
    /// `will-prevent-unload`: a `beforeunload` handler of the page asked to keep the page (the
    /// window closing by the user or by [`crate::BrowserWindow::close`], the page navigating
    /// itself away, or [`WebContents::load_url`] on a page its user has used; a load the page
    /// keeps fails with `ERR_ABORTED`). As in Electron, the page stays, without a dialog, unless a listener calls
    /// `prevent_default`, which lets the page go. A listener that decides later takes a
    /// [`crate::Deferral`] from the verdict: the page waits for it, at most the app's sync timeout
    /// (then it stays).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_will_prevent_unload(|verdict| verdict.prevent_default());
    /// # }
    /// ```
    pub fn on_will_prevent_unload(
        &self,
        listener: impl Fn(&Verdict) + Send + Sync + 'static,
    ) -> ListenerId {
        UnloadListeners::of(self.shared())
            .will_prevent_unload
            .add(false, listener)
    }
}

/// The page opened a dialog. A `beforeunload` question is decided by [`decide_unload`]. An
/// `alert`, `confirm` or `prompt` in a window with a display is the user's to answer in the
/// browser's dialog; headless, nobody can see it (the browser still says it shows it), so it is
/// answered at once (an alert as read, a confirm and a prompt as cancelled) and that is logged,
/// where it would otherwise stop the page for good.
pub(crate) fn on_dialog(window: &Arc<WindowShared>, dialog: DialogRequest) {
    let headless = window.app().map_or(true, |app| app.is_headless());
    match dialog.kind.as_str() {
        "beforeunload" => {
            let guard = UnloadGuard::of(window);
            let navigating = guard.navigating.swap(false, Ordering::AcqRel);
            let armed = guard.armed.load(Ordering::Acquire);
            let limit = window
                .app()
                .map_or(Duration::ZERO, |app| app.options.sync_timeout);
            let window_id = window.id;
            let window = Arc::clone(window);
            let decide = async move {
                let wish = if armed {
                    guard.page_wish(limit).await
                } else {
                    None
                };
                let leave = decide_unload(&window, navigating, wish, limit).await;
                tracing::debug!(window_id, leave, ?wish, navigating, "beforeunload answered");
                window.page.answer_dialog_detached(leave, None);
                if !leave {
                    // A close waiting for this page's answer is over: the window stays.
                    window.closing.settle(false);
                }
            };
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => drop(runtime.spawn(decide)),
                Err(_) => tracing::debug!(window_id, "no runtime to answer beforeunload"),
            }
        }
        _ if !headless => {}
        kind => {
            let accept = kind == "alert";
            tracing::warn!(
                window_id = window.id,
                kind,
                text = %dialog.message,
                answer = if accept { "OK" } else { "cancel" },
                "the page opened a dialog nobody can see (headless); it was answered at once"
            );
            window.page.answer_dialog_detached(accept, None);
        }
    }
}

/// Whether the page leaves, for a `beforeunload` question. `wish` is what the page's own handlers
/// wanted, as the armed guard reported it (`None`: not armed, or no report in time; the question
/// then came from a page's handler that asked to stay, as without a guard). A navigation, or a
/// close main started (`closing.asked`), goes on unless the page asked to stay and
/// `will-prevent-unload` keeps it. Otherwise the user (or the page's own `window.close()`) is
/// closing the window: `close` decides first (it may keep the window, at once or after a
/// deferral), then the page's wish as for main's close; the window then closes without a second
/// `close`.
async fn decide_unload(
    window: &Arc<WindowShared>,
    navigating: bool,
    wish: Option<bool>,
    limit: Duration,
) -> bool {
    let main_closing = window.closing.asked.load(Ordering::Acquire);
    match wish {
        Some(false) if navigating || main_closing => true,
        Some(stay) if !navigating && !main_closing => {
            let close = Verdict::default();
            window.listeners.close.emit("close", &close);
            if close.settle(limit, "close").await {
                tracing::debug!(
                    window_id = window.id,
                    "the user's close prevented by 'close'"
                );
                return false;
            }
            // The close is under way: the browser closing the page emits no second `close`.
            window.closing.asked.store(true, Ordering::Release);
            !stay || will_prevent_unload(window, limit).await
        }
        _ => will_prevent_unload(window, limit).await,
    }
}

/// `will-prevent-unload` for a page whose handler asked to stay: true when a listener lets it go.
async fn will_prevent_unload(window: &WindowShared, limit: Duration) -> bool {
    let verdict = Verdict::default();
    UnloadListeners::of(window)
        .will_prevent_unload
        .emit("will-prevent-unload", &verdict);
    verdict.settle(limit, "will-prevent-unload").await
}
