//! Input as a person makes it (`sendInputEvent`), the page's user agent (`setUserAgent`) and
//! style sheets main adds to it (`insertCSS`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use cathode_cdp::protocol::input::{DispatchKeyEvent, DispatchMouseEvent};

use super::WebContents;
use crate::error::{Error, Result};
use crate::listeners::lock;

/// What an input event is (Electron's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A mouse button goes down (`mouseDown`).
    MouseDown,
    /// A mouse button goes up (`mouseUp`).
    MouseUp,
    /// The mouse moves (`mouseMove`).
    MouseMove,
    /// The wheel turns (`mouseWheel`).
    MouseWheel,
    /// A key goes down (`keyDown`); it types nothing by itself, as in Electron.
    KeyDown,
    /// A key goes up (`keyUp`).
    KeyUp,
    /// A character is typed (`char`).
    Char,
}

/// A mouse button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MouseButton {
    /// The main button.
    #[default]
    Left,
    /// The wheel button.
    Middle,
    /// The context-menu button.
    Right,
}

/// One input event for [`WebContents::send_input_event`] (Electron's `MouseInputEvent`,
/// `MouseWheelInputEvent` and `KeyboardInputEvent`). Positions are in CSS pixels of the page's
/// viewport; `key_code` is one of Electron's accelerator key names (`A`, `Enter`, `Tab`,
/// `Backspace`, `Space`, `Escape`, `Up`, ...) or, for `Char`, the text typed.
///
/// ```no_run
/// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
/// use cathode::InputEvent;
/// // A click, as a person makes it.
/// contents.send_input_event(&InputEvent::mouse_down(20.0, 30.0)).await?;
/// contents.send_input_event(&InputEvent::mouse_up(20.0, 30.0)).await?;
/// // Typing "a".
/// contents.send_input_event(&InputEvent::key(cathode::InputKind::KeyDown, "A")).await?;
/// contents.send_input_event(&InputEvent::key(cathode::InputKind::Char, "a")).await?;
/// contents.send_input_event(&InputEvent::key(cathode::InputKind::KeyUp, "A")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InputEvent {
    /// What happens.
    pub kind: InputKind,
    /// Mouse events: where.
    pub x: f64,
    /// Mouse events: where.
    pub y: f64,
    /// Mouse presses and releases: which button.
    pub button: MouseButton,
    /// Mouse presses and releases: how many clicks (2 for the second of a double click).
    pub click_count: u32,
    /// Wheel events: how far.
    pub delta_x: f64,
    /// Wheel events: how far.
    pub delta_y: f64,
    /// Key events: the key's name, or the text of a `Char`.
    pub key_code: String,
    /// Held keys: any of `shift`, `control` (`ctrl`), `alt`, `meta` (`command`, `cmd`).
    pub modifiers: Vec<String>,
}

impl InputEvent {
    fn mouse(kind: InputKind, x: f64, y: f64) -> InputEvent {
        InputEvent {
            kind,
            x,
            y,
            button: MouseButton::Left,
            click_count: 1,
            delta_x: 0.0,
            delta_y: 0.0,
            key_code: String::new(),
            modifiers: Vec::new(),
        }
    }

    /// The left button goes down at (x, y).
    pub fn mouse_down(x: f64, y: f64) -> InputEvent {
        InputEvent::mouse(InputKind::MouseDown, x, y)
    }

    /// The left button goes up at (x, y).
    pub fn mouse_up(x: f64, y: f64) -> InputEvent {
        InputEvent::mouse(InputKind::MouseUp, x, y)
    }

    /// The mouse moves to (x, y).
    pub fn mouse_move(x: f64, y: f64) -> InputEvent {
        InputEvent::mouse(InputKind::MouseMove, x, y)
    }

    /// The wheel turns at (x, y) by (delta_x, delta_y) pixels.
    pub fn mouse_wheel(x: f64, y: f64, delta_x: f64, delta_y: f64) -> InputEvent {
        InputEvent {
            delta_x,
            delta_y,
            ..InputEvent::mouse(InputKind::MouseWheel, x, y)
        }
    }

    /// A key event: `KeyDown`, `KeyUp` or `Char` of `key_code`.
    pub fn key(kind: InputKind, key_code: &str) -> InputEvent {
        InputEvent {
            key_code: key_code.to_string(),
            ..InputEvent::mouse(kind, 0.0, 0.0)
        }
    }
}

/// The user agent set with [`WebContents::set_user_agent`].
#[derive(Default)]
struct UserAgent(Mutex<Option<String>>);

/// The style sheets [`WebContents::insert_css`] added; numbers their keys.
#[derive(Default)]
struct InsertedCss(AtomicU64);

impl WebContents {
    /// Sends an input event to the page as if a person made it (Electron's `sendInputEvent`):
    /// the page sees trusted events, focus moves, buttons click, text is typed. Fails with
    /// [`Error::BadArgument`] for positions that are not finite numbers, an unknown key name
    /// or modifier, or a `Char` without text; with [`Error::WindowDestroyed`] once the window is
    /// closed and [`Error::RenderProcessGone`] while its renderer is gone.
    pub async fn send_input_event(&self, event: &InputEvent) -> Result<()> {
        let bad = |reason: String| Error::BadArgument {
            what: "sendInputEvent",
            reason,
        };
        let modifiers = modifier_bits(&event.modifiers).map_err(bad)?;
        let page = self.shared.page.clone();
        let mouse = |kind: &str, deltas: Option<(f64, f64)>| -> Result<DispatchMouseEvent> {
            let all = [
                event.x,
                event.y,
                deltas.map_or(0.0, |d| d.0),
                deltas.map_or(0.0, |d| d.1),
            ];
            if !all.iter().all(|n| n.is_finite()) {
                return Err(bad(format!(
                    "positions must be finite numbers, not {all:?}"
                )));
            }
            let button = match (event.kind, event.button) {
                (InputKind::MouseMove | InputKind::MouseWheel, _) => "none",
                (_, MouseButton::Left) => "left",
                (_, MouseButton::Middle) => "middle",
                (_, MouseButton::Right) => "right",
            };
            Ok(DispatchMouseEvent {
                kind: kind.into(),
                x: event.x,
                y: event.y,
                modifiers,
                button: button.into(),
                click_count: event.click_count,
                delta_x: deltas.map(|d| d.0),
                delta_y: deltas.map(|d| d.1),
            })
        };
        let key = |kind: &str| -> Result<DispatchKeyEvent> {
            let (mut key, code, key_code) = key_named(&event.key_code)
                .ok_or_else(|| bad(format!("unknown key '{}'", event.key_code)))?;
            if modifiers & SHIFT != 0 && code.starts_with("Key") {
                key = key.to_ascii_uppercase();
            }
            Ok(DispatchKeyEvent {
                kind: kind.into(),
                modifiers,
                text: None,
                key: Some(key),
                code: Some(code),
                windows_virtual_key_code: Some(key_code),
            })
        };
        match event.kind {
            InputKind::MouseDown => {
                let command = mouse("mousePressed", None)?;
                self.call_page(async move { page.mouse_event(command).await })
                    .await
            }
            InputKind::MouseUp => {
                let command = mouse("mouseReleased", None)?;
                self.call_page(async move { page.mouse_event(command).await })
                    .await
            }
            InputKind::MouseMove => {
                let command = mouse("mouseMoved", None)?;
                self.call_page(async move { page.mouse_event(command).await })
                    .await
            }
            InputKind::MouseWheel => {
                let command = mouse("mouseWheel", Some((event.delta_x, event.delta_y)))?;
                self.call_page(async move { page.mouse_event(command).await })
                    .await
            }
            InputKind::KeyDown => {
                let command = key("rawKeyDown")?;
                self.call_page(async move { page.key_event(command).await })
                    .await
            }
            InputKind::KeyUp => {
                let command = key("keyUp")?;
                self.call_page(async move { page.key_event(command).await })
                    .await
            }
            InputKind::Char => {
                if event.key_code.is_empty() {
                    return Err(bad("a char event needs the text it types".into()));
                }
                let command = DispatchKeyEvent {
                    kind: "char".into(),
                    modifiers,
                    text: Some(event.key_code.clone()),
                    key: Some(event.key_code.clone()),
                    code: None,
                    windows_virtual_key_code: None,
                };
                self.call_page(async move { page.key_event(command).await })
                    .await
            }
        }
    }

    /// Gives the page's requests and `navigator.userAgent` this user agent, from the next
    /// request on (Electron's `setUserAgent`). Fails with [`Error::BadArgument`] for an empty
    /// one, else as [`WebContents::send_input_event`] does.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.set_user_agent("MyApp/1.0").await?;
    /// assert_eq!(contents.user_agent().await?, "MyApp/1.0");
    /// # Ok(()) }
    /// ```
    pub async fn set_user_agent(&self, user_agent: &str) -> Result<()> {
        if user_agent.trim().is_empty() {
            return Err(Error::BadArgument {
                what: "setUserAgent",
                reason: "the user agent is empty".into(),
            });
        }
        let page = self.shared.page.clone();
        let agent = user_agent.to_string();
        self.call_page(async move { page.set_user_agent(agent).await })
            .await?;
        let state = self.state_or_insert_with(UserAgent::default);
        *lock(&state.0) = Some(user_agent.to_string());
        Ok(())
    }

    /// The page's user agent: the one set with [`WebContents::set_user_agent`], else the
    /// browser's (Electron's `getUserAgent`). Fails with [`Error::Browser`] when the browser is
    /// gone.
    pub async fn user_agent(&self) -> Result<String> {
        if let Some(agent) = self.user_agent_set() {
            return Ok(agent);
        }
        let app = self.shared.app()?;
        let agent = app.link()?.user_agent().await?;
        let known = app.extensions.get_or_insert_with(UserAgent::default);
        *lock(&known.0) = Some(agent.clone());
        Ok(agent)
    }

    /// The user agent set with [`WebContents::set_user_agent`], if any.
    pub fn user_agent_set(&self) -> Option<String> {
        self.state::<UserAgent>()
            .and_then(|state| lock(&state.0).clone())
    }

    /// The page's user agent without waiting, for callers that cannot wait (the CLI's
    /// synchronous `getUserAgent()`): the one set, else the browser's once any window of the
    /// app learnt it (each window asks when it opens).
    pub fn known_user_agent(&self) -> Option<String> {
        self.user_agent_set().or_else(|| {
            let app = self.shared.app().ok()?;
            let known = app.extensions.get::<UserAgent>()?;
            let agent = lock(&known.0).clone();
            agent
        })
    }

    /// Learns the browser's user agent in the background, once per app.
    pub(crate) fn learn_user_agent(&self) {
        let Ok(app) = self.shared.app() else { return };
        if app.extensions.get::<UserAgent>().is_some() {
            return;
        }
        let contents = self.clone();
        tokio::spawn(async move {
            if let Err(error) = contents.user_agent().await {
                tracing::debug!(%error, "could not learn the browser's user agent");
            }
        });
    }

    /// Adds a style sheet to the page's current document and returns its key for
    /// [`WebContents::remove_inserted_css`] (Electron's `insertCSS`). The sheet is a `<style>`
    /// element: the page can see it (Electron's user-origin sheets, `cssOrigin: 'user'`, cannot
    /// be made over CDP), and, as in Electron, it is gone after a navigation. Fails as
    /// [`WebContents::execute_javascript`] does.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// let key = contents.insert_css("body { background: black }").await?;
    /// contents.remove_inserted_css(&key).await?;
    /// # Ok(()) }
    /// ```
    pub async fn insert_css(&self, css: &str) -> Result<String> {
        let counter = self.state_or_insert_with(InsertedCss::default);
        let key = format!(
            "cathode-css-{}",
            counter.0.fetch_add(1, Ordering::Relaxed) + 1
        );
        let code = format!(
            "(() => {{ const style = document.createElement('style'); \
             style.setAttribute('data-cathode-css', {key}); style.textContent = {css}; \
             (document.head || document.documentElement).append(style); }})()",
            key = serde_json::Value::from(key.as_str()),
            css = serde_json::Value::from(css),
        );
        self.execute_javascript(&code).await?;
        Ok(key)
    }

    /// Removes a style sheet added with [`WebContents::insert_css`]; nothing when it is gone
    /// already. Fails as [`WebContents::execute_javascript`] does.
    pub async fn remove_inserted_css(&self, key: &str) -> Result<()> {
        let code = format!(
            "document.querySelectorAll('style[data-cathode-css]').forEach((style) => \
             {{ if (style.getAttribute('data-cathode-css') === {key}) style.remove(); }})",
            key = serde_json::Value::from(key),
        );
        self.execute_javascript(&code).await?;
        Ok(())
    }
}

/// Shift in CDP's bit field of held keys.
const SHIFT: u32 = 8;

/// CDP's bit field of held keys.
fn modifier_bits(modifiers: &[String]) -> std::result::Result<u32, String> {
    modifiers.iter().try_fold(0, |bits, name| {
        Ok(bits
            | match name.to_ascii_lowercase().as_str() {
                "alt" => 1,
                "control" | "ctrl" => 2,
                "meta" | "command" | "cmd" => 4,
                "shift" => SHIFT,
                // Electron's other flags (buttons held, keypad, repeat, ...) change nothing here.
                "isautorepeat" | "iskeypad" | "leftbuttondown" | "middlebuttondown"
                | "rightbuttondown" | "capslock" | "numlock" | "left" | "right" => 0,
                other => return Err(format!("unknown modifier '{other}'")),
            })
    })
}

/// A key's DOM `key`, `code` and key code, from Electron's accelerator key name.
fn key_named(name: &str) -> Option<(String, String, u32)> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphabetic() {
            let upper = c.to_ascii_uppercase();
            let lower = c.to_ascii_lowercase();
            return Some((lower.to_string(), format!("Key{upper}"), upper as u32));
        }
        if c.is_ascii_digit() {
            return Some((c.to_string(), format!("Digit{c}"), c as u32));
        }
    }
    let (key, code, number) = match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => ("Enter", "Enter", 13),
        "tab" => ("Tab", "Tab", 9),
        "backspace" => ("Backspace", "Backspace", 8),
        "escape" | "esc" => ("Escape", "Escape", 27),
        "space" => (" ", "Space", 32),
        "delete" => ("Delete", "Delete", 46),
        "insert" => ("Insert", "Insert", 45),
        "up" | "arrowup" => ("ArrowUp", "ArrowUp", 38),
        "down" | "arrowdown" => ("ArrowDown", "ArrowDown", 40),
        "left" | "arrowleft" => ("ArrowLeft", "ArrowLeft", 37),
        "right" | "arrowright" => ("ArrowRight", "ArrowRight", 39),
        "home" => ("Home", "Home", 36),
        "end" => ("End", "End", 35),
        "pageup" => ("PageUp", "PageUp", 33),
        "pagedown" => ("PageDown", "PageDown", 34),
        "shift" => ("Shift", "ShiftLeft", 16),
        "control" | "ctrl" => ("Control", "ControlLeft", 17),
        "alt" => ("Alt", "AltLeft", 18),
        "meta" | "command" | "cmd" | "super" => ("Meta", "MetaLeft", 91),
        _ => {
            let number = name.strip_prefix('F').and_then(|n| n.parse::<u32>().ok())?;
            if !(1..=24).contains(&number) {
                return None;
            }
            return Some((name.to_string(), name.to_string(), 111 + number));
        }
    };
    Some((key.to_string(), code.to_string(), number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn electrons_key_names_become_dom_keys() {
        assert_eq!(key_named("A"), Some(("a".into(), "KeyA".into(), 65)));
        assert_eq!(
            key_named("Enter"),
            Some(("Enter".into(), "Enter".into(), 13))
        );
        assert_eq!(key_named("F5"), Some(("F5".into(), "F5".into(), 116)));
        assert_eq!(key_named("NoSuchKey"), None);
        assert_eq!(modifier_bits(&["shift".into(), "Control".into()]), Ok(10));
        assert!(modifier_bits(&["hyper".into()]).is_err());
    }
}
