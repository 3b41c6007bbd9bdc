//! Headful on X11, the window manager's hints Electron sets on Linux, which CDP cannot set:
//! `alwaysOnTop` (`_NET_WM_STATE_ABOVE`), `skipTaskbar` (`_NET_WM_STATE_SKIP_TASKBAR`), `parent`
//! (`WM_TRANSIENT_FOR`, the parent's X11 window) and `modal` (`_NET_WM_STATE_MODAL`).
//!
//! A window cathode opens from the launcher page starts on `about:blank#<marker>` (the marker is
//! `cathode-window-<app nonce>-<id>`, unique to the app instance); a page without a `<title>`
//! is titled with its URL, which the browser gives the new OS window when it makes it. A
//! blocking task looks for the browser's top-level X11 window of that `_NET_WM_NAME` while the
//! rest of the window is set up. Once found (and taken by the window manager), the window's X11
//! id is kept in its typed state (`x11::X11Window`), the document's URL goes back to
//! `about:blank` (`history.replaceState`, which emits no navigation event), and the hints are
//! set from the window's state; each setter sets them again. Headless, on a shared browser, on
//! Wayland without XWayland, and for windows a page opens, nothing is looked for and the state
//! is only kept and answered.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use super::geometry;
use crate::state::{AppShared, WindowShared};
use crate::x11::{Hints, X11Window, XDisplay};

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

/// Keeps a window's hint updates one at a time (typed state).
struct Applying(Mutex<()>);

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
    });
    window.extensions.insert(Applying(Mutex::new(())));
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
            update(window);
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
/// manages, or, when none runs, in the whole tree; at most [`FIND_LIMIT`].
fn find(name: &str, pid: u32, display: Option<&str>) -> Result<Option<u32>, String> {
    let x = XDisplay::connect(display)?;
    let managed = x.has_window_manager();
    let deadline = Instant::now() + FIND_LIMIT;
    while Instant::now() < deadline {
        let found = match managed {
            true => x.managed_windows_named(name, pid)?,
            false => x.windows_named(name, pid)?,
        };
        if let Some(&window) = found.first() {
            return Ok(Some(window));
        }
        std::thread::sleep(FIND_INTERVAL);
    }
    Ok(None)
}

/// The window's X11 id, once known.
pub(crate) fn x11_id(window: &WindowShared) -> Option<u32> {
    window.extensions.get::<X11Window>()?.id.get().copied()
}

/// Sets the window's hints from its state, in the background, when its X11 window is known;
/// updates run one at a time per window, each reading the state when it runs, so the last one
/// sets what the state is.
pub(crate) fn update(window: &Arc<WindowShared>) {
    if x11_id(window).is_some() {
        let window = Arc::clone(window);
        tokio::task::spawn_blocking(move || set_from_state(&window));
    }
}

/// Sets the window's hints from its state now, when its X11 window is known: before the browser
/// resizes the window, whose size limits (a window that is not resizable has its size as both)
/// the window manager holds the browser to as well.
pub(crate) async fn update_now(window: &Arc<WindowShared>) {
    if x11_id(window).is_some() {
        let window = Arc::clone(window);
        let _ = tokio::task::spawn_blocking(move || set_from_state(&window)).await;
    }
}

fn set_from_state(window: &WindowShared) {
    let Some(applying) = window.extensions.get::<Applying>() else {
        return;
    };
    let _one_at_a_time = crate::listeners::lock(&applying.0);
    let (Some(id), Some(hints)) = (x11_id(window), hints(window)) else {
        return;
    };
    let Some(display) = window.app().ok().and_then(|app| app.x11.get().cloned()) else {
        return;
    };
    let set = XDisplay::connect(display.display.as_deref()).and_then(|x| x.set_hints(id, hints));
    if let Err(error) = set {
        tracing::debug!(window_id = window.id, %error, "could not set the window manager's hints");
    }
}

/// The hints the window's state asks for.
fn hints(window: &WindowShared) -> Option<Hints> {
    let geometry = geometry::of(window)?;
    let (above, skip_taskbar, parent, modal, min, max) = {
        let state = crate::listeners::lock(&geometry.geometry);
        let (min, max) = match state.resizable {
            true => (state.min, state.max),
            false => {
                let size = (state.normal.width, state.normal.height);
                (size, size)
            }
        };
        (
            state.always_on_top,
            state.skip_taskbar,
            state.parent,
            state.modal,
            min,
            max,
        )
    };
    let transient_for = parent
        .and_then(|parent| window.app().ok()?.window(parent))
        .and_then(|parent| x11_id(&parent));
    Some(Hints {
        above,
        skip_taskbar,
        transient_for,
        modal,
        min,
        max,
    })
}
