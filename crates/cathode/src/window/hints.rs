//! Headful on X11, the window manager's hints Electron sets on Linux, which CDP cannot set:
//! `alwaysOnTop` (`_NET_WM_STATE_ABOVE`), `skipTaskbar` (`_NET_WM_STATE_SKIP_TASKBAR`), `parent`
//! (`WM_TRANSIENT_FOR`, the parent's X11 window), `modal` (`_NET_WM_STATE_MODAL`), and the size
//! limits and `resizable: false` (the min/max sizes of `WM_NORMAL_HINTS`; a window that is not
//! resizable has its size as both).
//!
//! A window cathode opens from the launcher page starts on `about:blank#<marker>` (the marker is
//! `cathode-window-<app nonce>-<id>`, unique to the app instance); a page without a `<title>`
//! is titled with its URL, which the browser gives the new OS window when it makes it. A
//! blocking task looks for the browser's top-level X11 window of that `_NET_WM_NAME` (among the
//! window manager's clients, when it lists them) while the rest of the window is set up. Once
//! found, the window's X11 id is kept in its typed state (`x11::X11Window`), the document's URL
//! goes back to `about:blank` (`history.replaceState`, for which cathode emits no navigation
//! event), and the hints are set from the window's state (`geometry::update_hints`); each setter
//! sets them again. Headless, on a shared browser, on Wayland without XWayland, and for windows
//! a page opens, nothing is looked for and the state is only kept and answered.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use super::geometry;
use crate::state::{AppShared, WindowShared};
use crate::x11::{X11Window, XDisplay};

/// How long the X11 window may take to appear with its name: a safety net for a busy machine.
const FIND_LIMIT: Duration = Duration::from_secs(10);

/// How often the window tree is read while the window is looked for.
const FIND_INTERVAL: Duration = Duration::from_millis(10);

/// The look-up of a new window's X11 window, under way.
pub(super) struct Finding {
    /// The new window's first URL, which names its X11 window.
    name: String,
    task: JoinHandle<Result<Option<u32>, String>>,
    started: Instant,
}

/// The marker of the window `id`'s first URL, when the app has an X display to look on
/// (headful on its own browser).
pub(super) fn marker(app: &AppShared, id: u32) -> Option<String> {
    let display = app.x11.get()?;
    Some(format!("cathode-window-{}-{id}", display.nonce))
}

/// Starts looking for the X11 window of the window opened on `about:blank#<marker>`.
pub(super) fn start(app: &AppShared, marker: String) -> Finding {
    let name = format!("about:blank#{marker}");
    let display = app.x11.get().cloned();
    let wanted = name.clone();
    let task = tokio::task::spawn_blocking(move || match display {
        Some(display) => find(&wanted, display.pid, display.display.as_deref()),
        None => Ok(None),
    });
    Finding {
        name,
        task,
        started: Instant::now(),
    }
}

/// Gives the new window the typed state its X11 window will be kept in.
pub(super) fn remember(window: &WindowShared) {
    window.extensions.insert(X11Window {
        id: OnceLock::new(),
        unmarking: AtomicBool::new(false),
        updating: Mutex::new(()),
    });
}

/// Waits for the look-up [`start`] began, keeps the X11 window's id, takes the marker off the
/// document's URL, and sets the window's hints. Without the window (no X display, or not found
/// in time) it logs why and the window goes on without hints.
pub(super) async fn finish(window: &Arc<WindowShared>, finding: Finding) {
    let waiting = Instant::now();
    let found = finding.task.await;
    let x11 = window.extensions.get::<X11Window>();
    let unmarking = |on: bool| {
        if let Some(x11) = &x11 {
            x11.unmarking.store(on, Ordering::Release);
        }
    };
    unmarking(true);
    let unmark = format!(
        "location.href === {} && (history.replaceState(history.state, '', 'about:blank'), true)",
        serde_json::Value::from(finding.name.as_str())
    );
    match window.page.evaluate(unmark).await {
        Ok(Ok(serde_json::Value::Bool(true))) => {}
        outcome => {
            unmarking(false);
            if !matches!(outcome, Ok(Ok(_))) {
                tracing::debug!(
                    window_id = window.id,
                    ?outcome,
                    "could not take the marker off the URL"
                );
            }
        }
    }
    match found {
        Ok(Ok(Some(id))) => {
            if let Some(x11) = &x11 {
                let _ = x11.id.set(id);
            }
            tracing::debug!(
                window_id = window.id,
                x11_window = id,
                found_after_ms = finding.started.elapsed().as_millis() as u64,
                waited_ms = waiting.elapsed().as_millis() as u64,
                "X11 window found"
            );
            geometry::update_hints(window);
        }
        Ok(Ok(None)) => tracing::warn!(
            window_id = window.id,
            "the window's X11 window was not found in time; no window manager hints"
        ),
        Ok(Err(error)) => tracing::debug!(
            window_id = window.id,
            %error,
            "no X display; no window manager hints"
        ),
        Err(error) => tracing::debug!(window_id = window.id, %error, "the X11 look-up failed"),
    }
}

/// Looks for the top-level window of `pid` named `name`: among the windows the window manager
/// lists (`_NET_CLIENT_LIST`), or, without such a list (no window manager, or one that keeps
/// none), in the whole tree; at most [`FIND_LIMIT`].
fn find(name: &str, pid: u32, display: Option<&str>) -> Result<Option<u32>, String> {
    let x = XDisplay::connect(display)?;
    let deadline = Instant::now() + FIND_LIMIT;
    while Instant::now() < deadline {
        let found = match x.managed_windows_named(name, pid)? {
            Some(found) => found,
            None => x.windows_named(name, pid)?,
        };
        if let Some(&window) = found.first() {
            return Ok(Some(window));
        }
        std::thread::sleep(FIND_INTERVAL);
    }
    Ok(None)
}
