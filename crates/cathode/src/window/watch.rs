//! Changes the user or the window manager makes to a window (a drag, a resize by the frame, the
//! window manager's maximise, the focus moving to another window): the page reports them from an
//! isolated world (`renderer/window_watch.js`), main reads the window from the browser and takes
//! them into the window's state with their events. Headful windows only: headless, nothing but
//! cathode changes a window, and every page of new headless Chromium believes it has the focus.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::geometry::{self, WindowEvent};
use super::BrowserWindow;
use crate::error::Result;
use crate::inbound::WorldReports;
use crate::listeners::{lock, ListenerId};
use crate::renderer::RuntimeNames;
use crate::state::WindowShared;
use crate::web_contents::WebContents;

/// How long a burst of reports (a drag gives one per frame) may last before main reads the
/// window once.
const SETTLE: Duration = Duration::from_millis(60);

/// Whether a reading of the window is already planned (kept in the window's typed state).
#[derive(Default)]
struct Rereading(AtomicBool);

/// The isolated world and the binding through which pages report their window's changes.
fn watch_names(names: &RuntimeNames) -> (String, String) {
    (
        format!("{}_window", names.world),
        names.binding.replacen("_ipc_", "_window_", 1),
    )
}

/// Has a headful window's page report what the user and the window manager do to it.
pub(super) async fn follow(window: &WindowShared, names: &RuntimeNames) -> Result<()> {
    let (world, binding) = watch_names(names);
    window.extensions.insert(WorldReports {
        binding: binding.clone(),
        on_report: on_window_reported,
    });
    let script = format!(
        "({})({binding})",
        include_str!("../renderer/window_watch.js").trim_end()
    );
    window.page.follow_titles(&world, &binding, script).await
}

/// The page reported a change of its window (`focus`, `blur`, `resize`, `move`, `visible`,
/// `hidden`); anything else is ignored.
fn on_window_reported(window: &Arc<WindowShared>, report: &str) {
    let Ok(app) = window.app() else { return };
    match report {
        // A window opened hidden may be focused a moment before it is minimised.
        // A window with a modal child open gives the focus back to the modal.
        "focus" if window.visible.load(Ordering::Relaxed) => {
            geometry::move_focus(&app, window.id);
            super::input::focus_modal_child(window);
        }
        "focus" => {}
        "blur" => {
            let had_it = {
                let mut focused = lock(&app.focused);
                let had_it = *focused == Some(window.id);
                if had_it {
                    *focused = None;
                }
                had_it
            };
            if had_it {
                BrowserWindow::from_shared(Arc::clone(window)).emit_window_event(WindowEvent::Blur);
            }
            let modal = BrowserWindow::from_shared(Arc::clone(window));
            if let (true, Some(parent), Some(runtime)) = (
                modal.is_modal(),
                modal.get_parent_window(),
                app.runtime.get(),
            ) {
                runtime.spawn(settle_modal_focus(modal, parent));
            }
        }
        "resize" | "move" | "visible" | "hidden" => reread_soon(window),
        _ => tracing::debug!(window_id = window.id, report, "unknown window report"),
    }
}

/// The isolated world in which main asks a page whether it has the focus.
const FOCUS_WORLD: &str = "cathode-focus";

/// A modal window reported `blur`. The report can be older than main's giving the modal the focus
/// back (the window manager activated the parent, the parent's page said so, main focused the
/// modal, and only then did the modal's report of the parent's activation come), or the window
/// manager can have finished activating the parent after main focused the modal, the parent's
/// report having come before. So main asks both pages which has the focus: the modal keeps it in
/// the window's state if it has it, and gets it back if its parent has it.
async fn settle_modal_focus(modal: BrowserWindow, parent: BrowserWindow) {
    let has_focus = |window: &BrowserWindow| {
        let page = window.shared.page.clone();
        async move {
            let asked = page.evaluate_in_new_world(FOCUS_WORLD, "document.hasFocus()".into());
            matches!(asked.await, Ok(Ok(serde_json::Value::Bool(true))))
        }
    };
    if has_focus(&modal).await {
        if let Ok(app) = modal.shared.app() {
            geometry::move_focus(&app, modal.id());
        }
    } else if parent.is_visible() && has_focus(&parent).await {
        super::input::focus_modal_child(&parent.shared);
    }
}

/// Reads the window from the browser once the current burst of reports is over.
fn reread_soon(window: &Arc<WindowShared>) {
    let rereading = window.extensions.get_or_insert_with(Rereading::default);
    if rereading.0.swap(true, Ordering::AcqRel) {
        return;
    }
    let weak = Arc::downgrade(window);
    tokio::spawn(async move {
        tokio::time::sleep(SETTLE).await;
        let Some(window) = weak.upgrade() else { return };
        rereading.0.store(false, Ordering::Release);
        geometry::take_reported_state(&window).await;
    });
}

impl WebContents {
    /// `focus`: the page's window got the focus (the user or the window manager gave it, or
    /// [`BrowserWindow::focus`]).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_focus(|| println!("focused"));
    /// # }
    /// ```
    pub fn on_focus(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.window().on_window_event(WindowEvent::Focus, listener)
    }

    /// `blur`: the page's window lost the focus.
    pub fn on_blur(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.window().on_window_event(WindowEvent::Blur, listener)
    }

    /// True while the page's window has the focus ([`BrowserWindow::is_focused`]).
    pub fn is_focused(&self) -> bool {
        self.window().is_focused()
    }
}
