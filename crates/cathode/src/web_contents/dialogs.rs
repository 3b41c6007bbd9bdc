//! The page's JavaScript dialogs (`alert`, `confirm`, `prompt`) and its `beforeunload`
//! questions: answered so that no page waits for a dialog nobody can see.

use std::sync::Arc;
use std::time::Duration;

use super::WebContents;
use crate::listeners::{ListenerId, Listeners};
use crate::page::DialogRequest;
use crate::page_events::Verdict;
use crate::state::WindowShared;

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

/// The page opened a dialog. A `beforeunload` question is `will-prevent-unload`'s to decide. An
/// `alert`, `confirm` or `prompt` in a window with a display is the user's to answer in the
/// browser's dialog; headless, nobody can see it (the browser still says it shows it), so it is
/// answered at once (an alert as read, a confirm and a prompt as cancelled) and that is logged,
/// where it would otherwise stop the page for good.
pub(crate) fn on_dialog(window: &Arc<WindowShared>, dialog: DialogRequest) {
    let headless = window.app().map_or(true, |app| app.is_headless());
    match dialog.kind.as_str() {
        "beforeunload" => {
            let verdict = Verdict::default();
            UnloadListeners::of(window)
                .will_prevent_unload
                .emit("will-prevent-unload", &verdict);
            let limit = window
                .app()
                .map_or(Duration::ZERO, |app| app.options.sync_timeout);
            let window_id = window.id;
            let window = Arc::clone(window);
            let decide = async move {
                let leave = verdict.settle(limit, "will-prevent-unload").await;
                tracing::debug!(
                    window_id,
                    leave,
                    "a beforeunload handler asked to keep the page"
                );
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
