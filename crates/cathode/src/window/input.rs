//! The page's input as main sees it: `before-input-event` (preventable), a modal child blocking
//! its parent's input, HTML full screen and the zoom gesture. `renderer/input_watch.js` runs in
//! an isolated world of its own in every frame of every window's page (`input_names`): it
//! reports through a binding only that world has, and asks main about each key (only while main
//! listens) with a synchronous request to [`INPUT_URL`] whose body opens with a secret only that
//! world knows (`InputSecret`), so the page can neither call it nor forge its requests. Main
//! changes what the watchers do (ask about keys; block input) by evaluating in each current
//! document's world and with a document script for later ones.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::json;

use super::world_state::{self, StateScript};
use super::BrowserWindow;
use crate::envelope::{Outcome, PageError};
use crate::error::Result;
use crate::inbound::{spawn_answer, WorldExchange};
use crate::listeners::{lock, ListenerId, Listeners};
use crate::page::{PausedRequest, INPUT_URL};
use crate::page_events::Verdict;
use crate::renderer::RuntimeNames;
use crate::state::WindowShared;
use crate::web_contents::{InputKind, WebContents};

/// The name of the function through which main changes the watcher's state, a global of the
/// watcher's world only.
const CONTROL: &str = "__cathodeInputControl";

/// How many hex digits the app's input secret has.
const SECRET_LEN: usize = 32;

/// The longest `key` or `code` a key report may carry (DOM key values are short words).
const LONGEST_KEY: usize = 64;

/// What opens every request of the app's input watchers (per-app typed state).
struct InputSecret(String);

/// What the watcher does, for the current document and later ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct WatchState {
    /// Ask main about each key (main has a `before-input-event` listener).
    ask: bool,
    /// Block the page's mouse and keyboard input (a modal child is open).
    blocked: bool,
}

impl WatchState {
    /// The call that gives the watcher of a document this state.
    fn script(self) -> String {
        let state = json!({"ask": self.ask, "blocked": self.blocked});
        format!("globalThis[{}]?.({state});", json!(CONTROL))
    }
}

/// A window's input watcher: its state, and the listeners of the events it reports.
#[derive(Default)]
struct InputWatch {
    state: Mutex<WatchState>,
    /// The document script that gives later documents the state, once one was added.
    state_script: Arc<StateScript>,
    /// True while the page is full screen by its own request (`requestFullscreen`).
    html_full_screen: AtomicBool,
    before_input: Listeners<BeforeInputEvent>,
    enter_html_full_screen: Listeners<()>,
    leave_html_full_screen: Listeners<()>,
    window_enter_html_full_screen: Listeners<()>,
    window_leave_html_full_screen: Listeners<()>,
    zoom_changed: Listeners<ZoomDirection>,
}

impl InputWatch {
    fn of(window: &WindowShared) -> Arc<InputWatch> {
        window.extensions.get_or_insert_with(InputWatch::default)
    }
}

/// `before-input-event`'s key (Electron's `input` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInput {
    /// [`InputKind::KeyDown`] or [`InputKind::KeyUp`] (Electron's `type`: `keyDown`, `keyUp`).
    pub kind: InputKind,
    /// The DOM's `KeyboardEvent.key` (`q`, `Q`, `Enter`, ...).
    pub key: String,
    /// The DOM's `KeyboardEvent.code` (`KeyQ`, ...).
    pub code: String,
    /// The key is held down and repeats.
    pub is_auto_repeat: bool,
    /// The key is part of a composition (an input method).
    pub is_composing: bool,
    /// Shift is held.
    pub shift: bool,
    /// Control is held.
    pub control: bool,
    /// Alt is held.
    pub alt: bool,
    /// Meta (the Windows or Command key) is held.
    pub meta: bool,
    /// The DOM's `KeyboardEvent.location`: 0 standard, 1 left, 2 right, 3 keypad.
    pub location: u32,
    /// Electron's names of what is held or true of the key: `shift`, `control`, `alt`, `meta`,
    /// `isAutoRepeat`, `isKeypad`, `capsLock`, `numLock`, `left`, `right`.
    pub modifiers: Vec<String>,
}

/// `before-input-event`: a key is about to reach the page; preventing it keeps the page's
/// `keydown` / `keyup` listeners (and what the key would type) from seeing it.
#[derive(Debug)]
pub struct BeforeInputEvent {
    /// The key.
    pub input: KeyInput,
    /// Prevent it, or defer the decision (the page waits, at most the app's sync timeout).
    pub verdict: Verdict,
}

/// `zoom-changed`'s direction: the user turned the wheel with Ctrl held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoomDirection {
    /// Towards a larger page (the wheel turned away from the user).
    In,
    /// Towards a smaller page.
    Out,
}

impl ZoomDirection {
    /// Electron's name: `in` or `out`.
    ///
    /// ```
    /// assert_eq!(cathode::ZoomDirection::In.name(), "in");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ZoomDirection::In => "in",
            ZoomDirection::Out => "out",
        }
    }
}

/// The isolated world and the binding of the input watcher.
fn input_names(names: &RuntimeNames) -> (String, String) {
    (
        format!("{}_input", names.world),
        names.binding.replacen("_ipc_", "_input_", 1),
    )
}

/// Has every document of the window's page, in each of its frames, run the input watcher.
pub(super) async fn follow(window: &WindowShared, names: &RuntimeNames) -> Result<()> {
    let app = window.app()?;
    let secret = app
        .extensions
        .get_or_insert_with(|| InputSecret(crate::renderer::random_hex(SECRET_LEN)));
    let (world, binding) = input_names(names);
    window.extensions.insert(WorldExchange {
        binding: binding.clone(),
        on_report,
        url: INPUT_URL,
        on_request,
    });
    let config = json!({"url": INPUT_URL, "secret": secret.0, "control": CONTROL});
    let script = format!(
        "({})({config}, {binding})",
        include_str!("../renderer/input_watch.js").trim_end()
    );
    window.page.follow_titles(&world, &binding, script).await
}

/// Changes the watcher's state: at once in each frame's current document, and for later
/// documents (see [`world_state::tell`]).
fn change_state(window: &Arc<WindowShared>, change: impl FnOnce(&mut WatchState)) {
    let Ok(app) = window.app() else { return };
    let watch = InputWatch::of(window);
    let state = {
        let mut state = lock(&watch.state);
        let before = *state;
        change(&mut state);
        if *state == before {
            return;
        }
        *state
    };
    let (world, _) = input_names(&app.names);
    let installed = Arc::clone(&watch.state_script);
    world_state::tell(
        window,
        world,
        &state.script(),
        installed,
        move |_| lock(&watch.state).script(),
        "input watcher",
    );
}

/// The key report of the page's watcher, as its request carries it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageKey {
    #[serde(rename = "type")]
    kind: String,
    key: String,
    code: String,
    is_auto_repeat: bool,
    is_composing: bool,
    shift: bool,
    control: bool,
    alt: bool,
    meta: bool,
    location: u32,
    caps_lock: bool,
    num_lock: bool,
}

impl PageKey {
    fn into_input(self) -> std::result::Result<KeyInput, String> {
        let kind = match self.kind.as_str() {
            "keyDown" => InputKind::KeyDown,
            "keyUp" => InputKind::KeyUp,
            other => return Err(format!("unknown key event type '{other}'")),
        };
        if self.key.len() > LONGEST_KEY || self.code.len() > LONGEST_KEY {
            return Err("the key's name is too long".into());
        }
        if self.location > 3 {
            return Err(format!("unknown key location {}", self.location));
        }
        let held = [
            (self.shift, "shift"),
            (self.control, "control"),
            (self.alt, "alt"),
            (self.meta, "meta"),
            (self.is_auto_repeat, "isAutoRepeat"),
            (self.location == 3, "isKeypad"),
            (self.caps_lock, "capsLock"),
            (self.num_lock, "numLock"),
            (self.location == 1, "left"),
            (self.location == 2, "right"),
        ];
        Ok(KeyInput {
            kind,
            key: self.key,
            code: self.code,
            is_auto_repeat: self.is_auto_repeat,
            is_composing: self.is_composing,
            shift: self.shift,
            control: self.control,
            alt: self.alt,
            meta: self.meta,
            location: self.location,
            modifiers: held
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, name)| name.to_string())
                .collect(),
        })
    }
}

/// Reads a request of the watcher: a script's POST from a frame of the window's page, opened with
/// the app's secret, carrying a key report.
fn read_key(
    window: &WindowShared,
    paused: &PausedRequest,
) -> std::result::Result<KeyInput, String> {
    if paused.resource_type != "XHR" || paused.method != "POST" {
        return Err(format!(
            "a {} {} request is not the input watcher's",
            paused.resource_type, paused.method
        ));
    }
    if !lock(&window.frames).knows(&paused.frame_id) {
        return Err(format!("frame {} is not the page's", paused.frame_id));
    }
    let app = window.app().map_err(|error| error.to_string())?;
    let secret = app
        .extensions
        .get::<InputSecret>()
        .ok_or("the app has no input secret")?;
    let body = paused.body.as_deref().unwrap_or_default();
    let body = crate::renderer::strip_sync_secret(body, &secret.0)
        .ok_or("the request did not come from cathode's input watcher")?;
    let key: PageKey = serde_json::from_str(body).map_err(|error| error.to_string())?;
    key.into_input()
}

/// A request of the watcher: emit `before-input-event`, answer whether a listener prevented it.
fn on_request(window: &Arc<WindowShared>, paused: PausedRequest) {
    let input = match read_key(window, &paused) {
        Ok(input) => input,
        Err(reason) => {
            tracing::warn!(window_id = window.id, frame_id = %paused.frame_id, %reason, "refused a request to the input URL");
            if paused.resource_type == "XHR" || paused.resource_type == "Fetch" {
                let message = format!("refused by the main process: {reason}");
                spawn_answer(window, paused.request_id, "(input)".into(), async move {
                    Outcome::Error(PageError::new(message))
                });
            } else if let Err(error) = window.page.fail_request(paused.request_id) {
                tracing::debug!(window_id = window.id, %error, "could not fail the request");
            }
            return;
        }
    };
    let event = BeforeInputEvent {
        input,
        verdict: Verdict::default(),
    };
    InputWatch::of(window)
        .before_input
        .emit("before-input-event", &event);
    let limit = window
        .app()
        .map_or(std::time::Duration::ZERO, |app| app.options.sync_timeout);
    let name = "before-input-event";
    spawn_answer(window, paused.request_id, name.into(), async move {
        let prevent = event.verdict.settle(limit, name).await;
        Outcome::Ok(json!({ "prevent": prevent }))
    });
}

/// A report of the watcher: a blocked press, full screen, the zoom gesture.
fn on_report(window: &Arc<WindowShared>, report: &str) {
    let watch = InputWatch::of(window);
    match report {
        "blocked" => focus_modal_child(window),
        "ask-failed" => tracing::warn!(
            window_id = window.id,
            "before-input-event: the page's input watcher could not ask main (a \
             Content-Security-Policy must allow connect-src {INPUT_URL}); its keys reach the \
             page unasked"
        ),
        "fullscreen" => {
            if !watch.html_full_screen.swap(true, Ordering::AcqRel) {
                BrowserWindow::from_shared(Arc::clone(window)).full_screen_taken(true, || {
                    watch
                        .enter_html_full_screen
                        .emit("enter-html-full-screen", &());
                    watch
                        .window_enter_html_full_screen
                        .emit("enter-html-full-screen", &());
                });
            }
        }
        "windowed" => {
            if watch.html_full_screen.swap(false, Ordering::AcqRel) {
                BrowserWindow::from_shared(Arc::clone(window)).full_screen_taken(false, || {
                    watch
                        .leave_html_full_screen
                        .emit("leave-html-full-screen", &());
                    watch
                        .window_leave_html_full_screen
                        .emit("leave-html-full-screen", &());
                });
            }
        }
        "zoom-in" => {
            watch.zoom_changed.emit("zoom-changed", &ZoomDirection::In);
        }
        "zoom-out" => {
            watch.zoom_changed.emit("zoom-changed", &ZoomDirection::Out);
        }
        _ => tracing::debug!(window_id = window.id, report, "unknown input report"),
    }
}

/// The window leaves full screen: a page that is full screen by its own request leaves it too
/// (then `leave-html-full-screen`).
pub(super) fn leave_html_full_screen(window: &WindowShared) {
    if !InputWatch::of(window)
        .html_full_screen
        .load(Ordering::Acquire)
    {
        return;
    }
    let Ok(app) = window.app() else { return };
    let (world, _) = input_names(&app.names);
    let context = lock(&window.frames).main_frame_context(&world);
    if let Some(context) = context {
        let leave = format!(
            "globalThis[{}]?.({{exitFullscreen: true}});",
            json!(CONTROL)
        );
        let window_id = window.id;
        let sent = window
            .page
            .evaluate_detached(leave, Some(context), move |answer| {
                if let Err(error) = answer {
                    tracing::debug!(window_id, %error, "the page did not leave full screen");
                }
            });
        if let Err(error) = sent {
            tracing::debug!(window_id = window.id, %error, "the page did not leave full screen");
        }
    }
}

/// The open modal child of `window` shown last, if any.
fn modal_child(window: &Arc<WindowShared>) -> Option<BrowserWindow> {
    BrowserWindow::from_shared(Arc::clone(window))
        .get_child_windows()
        .into_iter()
        .rev()
        .find(|child| child.is_modal() && child.is_visible())
}

/// Gives the focus to the window's modal child, if it has one open.
pub(super) fn focus_modal_child(window: &Arc<WindowShared>) {
    let Some(child) = modal_child(window) else {
        return;
    };
    let Ok(app) = window.app() else { return };
    let Some(runtime) = app.runtime.get() else {
        return;
    };
    runtime.spawn(async move {
        if let Err(error) = child.focus().await {
            tracing::debug!(window_id = child.id(), %error, "the modal did not take the focus");
        }
    });
}

/// A window opened: a modal child blocks its parent's input until it closes (or is hidden).
pub(super) fn on_window_opened(window: &BrowserWindow) {
    if !window.is_modal() {
        return;
    }
    let Some(parent) = window.get_parent_window() else {
        return;
    };
    let follow = |parent: &BrowserWindow| {
        let weak = parent.downgrade();
        move || {
            if let Some(parent) = weak.upgrade() {
                update_blocked(&parent.shared);
            }
        }
    };
    window.on_closed(follow(&parent));
    window.on_show(follow(&parent));
    window.on_hide(follow(&parent));
    update_blocked(&parent.shared);
}

/// Blocks the window's input while a modal child of it is open and shown, and lets it go after.
fn update_blocked(window: &Arc<WindowShared>) {
    let blocked = modal_child(window).is_some();
    change_state(window, |state| state.blocked = blocked);
}

impl WebContents {
    /// `before-input-event`: a key is about to reach the page (`keyDown`, `keyUp`); preventing
    /// it ([`Verdict::prevent_default`]) keeps it from the page's own listeners and from what it
    /// would type. While any listener is added, each key waits for main's answer (the page's
    /// input watcher asks synchronously); a listener that panics lets the key through and is
    /// logged. Keys sent by the page's own scripts (untrusted events) are not shown.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_before_input_event(|event| {
    ///     if event.input.control && event.input.key.eq_ignore_ascii_case("q") {
    ///         event.verdict.prevent_default();
    ///     }
    /// });
    /// # }
    /// ```
    pub fn on_before_input_event(
        &self,
        listener: impl Fn(&BeforeInputEvent) + Send + Sync + 'static,
    ) -> ListenerId {
        let id = InputWatch::of(self.shared())
            .before_input
            .add(false, listener);
        change_state(self.shared(), |state| state.ask = true);
        id
    }

    /// `enter-html-full-screen`: the page went full screen by its own request
    /// (`element.requestFullscreen()`); the window is full screen too (`enter-full-screen`).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_enter_html_full_screen(|| println!("a video went full screen"));
    /// # }
    /// ```
    pub fn on_enter_html_full_screen(
        &self,
        listener: impl Fn() + Send + Sync + 'static,
    ) -> ListenerId {
        InputWatch::of(self.shared())
            .enter_html_full_screen
            .add(false, move |_| listener())
    }

    /// `leave-html-full-screen`: the page left the full screen it asked for
    /// (`document.exitFullscreen()`, Escape, or [`BrowserWindow::set_full_screen`] with false).
    pub fn on_leave_html_full_screen(
        &self,
        listener: impl Fn() + Send + Sync + 'static,
    ) -> ListenerId {
        InputWatch::of(self.shared())
            .leave_html_full_screen
            .add(false, move |_| listener())
    }

    /// `zoom-changed`: the user asks for another zoom with the mouse wheel and Ctrl held. As in
    /// Electron, the page is not zoomed by it: the app decides
    /// ([`WebContents::set_zoom_factor`]).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_zoom_changed(|direction| println!("zoom {}", direction.name()));
    /// # }
    /// ```
    pub fn on_zoom_changed(
        &self,
        listener: impl Fn(ZoomDirection) + Send + Sync + 'static,
    ) -> ListenerId {
        InputWatch::of(self.shared())
            .zoom_changed
            .add(false, move |direction| listener(*direction))
    }

    /// True while the page is full screen by its own request.
    pub fn is_html_full_screen(&self) -> bool {
        InputWatch::of(self.shared())
            .html_full_screen
            .load(Ordering::Acquire)
    }

    /// Removes a listener added with `on_before_input_event`, `on_enter_html_full_screen`,
    /// `on_leave_html_full_screen` or `on_zoom_changed`; once no `before-input-event` listener
    /// is left, keys no longer wait for main.
    pub(crate) fn remove_input_listener(&self, id: ListenerId) -> bool {
        let watch = InputWatch::of(self.shared());
        if watch.before_input.remove(id) {
            if watch.before_input.is_empty() {
                change_state(self.shared(), |state| state.ask = false);
            }
            return true;
        }
        watch.enter_html_full_screen.remove(id)
            || watch.leave_html_full_screen.remove(id)
            || watch.zoom_changed.remove(id)
    }
}

impl BrowserWindow {
    /// `enter-html-full-screen`: the window went full screen at its page's request
    /// ([`WebContents::on_enter_html_full_screen`]).
    pub fn on_enter_html_full_screen(
        &self,
        listener: impl Fn() + Send + Sync + 'static,
    ) -> ListenerId {
        InputWatch::of(&self.shared)
            .window_enter_html_full_screen
            .add(false, move |_| listener())
    }

    /// `leave-html-full-screen`: the window left the full screen its page asked for.
    pub fn on_leave_html_full_screen(
        &self,
        listener: impl Fn() + Send + Sync + 'static,
    ) -> ListenerId {
        InputWatch::of(&self.shared)
            .window_leave_html_full_screen
            .add(false, move |_| listener())
    }

    pub(super) fn remove_input_listener(&self, id: ListenerId) -> bool {
        let watch = InputWatch::of(&self.shared);
        watch.window_enter_html_full_screen.remove(id)
            || watch.window_leave_html_full_screen.remove(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: &str, location: u32) -> PageKey {
        PageKey {
            kind: kind.into(),
            key: "q".into(),
            code: "KeyQ".into(),
            is_auto_repeat: false,
            is_composing: false,
            shift: false,
            control: true,
            alt: false,
            meta: false,
            location,
            caps_lock: false,
            num_lock: true,
        }
    }

    #[test]
    fn a_key_report_becomes_electrons_input_or_an_error() {
        let input = key("keyDown", 1).into_input().expect("a key");
        assert_eq!(input.kind, InputKind::KeyDown);
        assert_eq!(input.modifiers, ["control", "numLock", "left"]);
        assert!(key("keyPress", 0).into_input().is_err());
        assert!(key("keyUp", 7).into_input().is_err());
        let long = PageKey {
            key: "x".repeat(LONGEST_KEY + 1),
            ..key("keyUp", 0)
        };
        assert!(long.into_input().is_err());
    }
}
