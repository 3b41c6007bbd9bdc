//! A page's own windows (`window.open`, `target=_blank`): the opener's window-open handler
//! decides, and an allowed one becomes a `BrowserWindow` (Electron's `setWindowOpenHandler` and
//! `did-create-window`).
//!
//! The browser makes the page first: `Page.windowOpen` on the opener's session says what was
//! asked for, then `Target.targetCreated` (with the opener's target id) names the new page. A
//! denied page is closed at once; an allowed one gets the window's runtime, preload and plugins'
//! scripts and, when it has any, main loads its URL again (the first document ran without them,
//! and main trusts only origins it loaded itself). Over CDP
//! nothing can stop the page from being made, so a denied `window.open` returns a window that is
//! closed at once (Electron's returns `null`).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::mpsc;

use super::BrowserWindow;
use crate::app::{request_close, App, CloseEvent};
use crate::events::{WindowOpenDetails, WindowOpenDisposition};
use crate::listeners::{lock, ListenerId};
use crate::options::WindowOptions;
use crate::page::WindowOpenRequest;
use crate::state::WindowShared;
use crate::web_contents::WebContents;

/// How long the new page waits for the opener's `Page.windowOpen` (which says what was asked
/// for) before it is judged on its URL alone.
const REQUEST_WAIT: Duration = Duration::from_secs(2);

/// What a window-open handler decides (Electron's `{action: 'deny'}` or `{action: 'allow',
/// overrideBrowserWindowOptions}`).
///
/// ```no_run
/// # fn demo(window: cathode::BrowserWindow) {
/// use cathode::{WindowOpenAction, WindowOptions};
/// window.web_contents().set_window_open_handler(|details| async move {
///     if details.url.starts_with("https://app.example/") {
///         WindowOpenAction::allow(Some(WindowOptions { width: 300, ..Default::default() }))
///     } else {
///         WindowOpenAction::Deny
///     }
/// });
/// # }
/// ```
#[derive(Debug, Clone)]
// Made once per `window.open` a page asks for: boxing the options would only make handlers wordier.
#[allow(clippy::large_enum_variant)]
pub enum WindowOpenAction {
    /// The page is closed at once.
    Deny,
    /// The page becomes a window.
    Allow {
        /// Its options, or with `None` the ones the features string gives (`width`, `height`,
        /// `left`, `top`) and the app's default web preferences, never less secure than the
        /// opener's (no node integration when the opener has none, context isolation when the
        /// opener has it), as Electron.
        options: Option<WindowOptions>,
        /// Keep the window open when its opener closes (Electron's `outlivesOpener`; by
        /// default it closes with its opener).
        outlives_opener: bool,
    },
}

impl WindowOpenAction {
    /// [`WindowOpenAction::Allow`] with these options, closing with its opener.
    pub fn allow(options: Option<WindowOptions>) -> WindowOpenAction {
        WindowOpenAction::Allow {
            options,
            outlives_opener: false,
        }
    }
}

type Handler = Arc<
    dyn Fn(WindowOpenDetails) -> Pin<Box<dyn Future<Output = WindowOpenAction> + Send>>
        + Send
        + Sync,
>;

/// A window's handler, kept in its typed state.
#[derive(Default)]
struct OpenHandler(std::sync::Mutex<Option<Handler>>);

impl WebContents {
    /// Electron's `setWindowOpenHandler`: decides on each window this page opens
    /// (`window.open`, a `target=_blank` link or form). Without a handler every window is
    /// allowed with default options ([`WindowOpenAction::allow`]`(None)`). A handler that panics denies the window
    /// and the panic is logged. Replaces the handler set before.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) {
    /// // Send every link to the user's browser instead (with the opener of your choice).
    /// window.web_contents().set_window_open_handler(|details| async move {
    ///     println!("would open {} externally", details.url);
    ///     cathode::WindowOpenAction::Deny
    /// });
    /// # }
    /// ```
    pub fn set_window_open_handler<F, Fut>(&self, handler: F)
    where
        F: Fn(WindowOpenDetails) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = WindowOpenAction> + Send + 'static,
    {
        let handler: Handler = Arc::new(move |details| Box::pin(handler(details)));
        let state = self.state_or_insert_with(OpenHandler::default);
        *lock(&state.0) = Some(handler);
    }

    /// Removes the handler set with [`WebContents::set_window_open_handler`]: windows are
    /// allowed with default options again.
    pub fn clear_window_open_handler(&self) {
        if let Some(state) = self.state::<OpenHandler>() {
            *lock(&state.0) = None;
        }
    }

    /// `did-create-window`: a window this page opened was allowed and is ready, with what the
    /// page asked for.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) {
    /// window.web_contents().on_did_create_window(|child, details| {
    ///     println!("window {} opened {}", child.id(), details.url);
    /// });
    /// # }
    /// ```
    pub fn on_did_create_window(
        &self,
        listener: impl Fn(&BrowserWindow, &WindowOpenDetails) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared()
            .listeners
            .did_create_window
            .add(false, move |(window, details)| {
                listener(&BrowserWindow::from_shared(Arc::clone(window)), details)
            })
    }
}

/// Follows the pages `window` opens, one at a time, in the order the browser made them.
pub(super) fn follow_popups(window: &Arc<WindowShared>) {
    let (requests_tx, mut requests) = mpsc::unbounded_channel();
    let (popups_tx, mut popups) = mpsc::unbounded_channel();
    window
        .listeners
        .window_open
        .add(false, move |request: &WindowOpenRequest| {
            let _ = requests_tx.send(request.clone());
        });
    window
        .listeners
        .popup_created
        .add(false, move |target_id: &String| {
            let _ = popups_tx.send(target_id.clone());
        });
    let opener = Arc::downgrade(window);
    tokio::spawn(async move {
        while let Some(target_id) = popups.recv().await {
            let request = match tokio::time::timeout(REQUEST_WAIT, requests.recv()).await {
                Ok(Some(request)) => Some(request),
                _ => None,
            };
            decide(&opener, target_id, request).await;
        }
    });
}

/// Runs the opener's handler on the page `target_id` and closes or adopts it.
async fn decide(
    opener: &Weak<WindowShared>,
    target_id: String,
    request: Option<WindowOpenRequest>,
) {
    let Some(opener) = opener.upgrade() else {
        return;
    };
    let Ok(app) = opener.app().map(App::from_shared) else {
        return;
    };
    let Ok(link) = app.shared.link().cloned() else {
        return;
    };
    let request = match request {
        Some(request) => request,
        None => {
            tracing::debug!(window_id = opener.id, "no windowOpen event for a popup");
            let url = match link.title(&target_id).await {
                Ok(info) => info.url,
                Err(_) => String::new(),
            };
            WindowOpenRequest {
                url,
                name: String::new(),
                features: Vec::new(),
            }
        }
    };
    let details = details_of(&request, &lock(&opener.url));
    let handler = WebContents::from_shared(Arc::clone(&opener))
        .state::<OpenHandler>()
        .and_then(|state| lock(&state.0).clone());
    let action = match handler {
        None => WindowOpenAction::allow(None),
        // Its own task: a handler that panics denies this window and nothing else.
        Some(handler) => match tokio::spawn(handler(details.clone())).await {
            Ok(action) => action,
            Err(error) => {
                tracing::error!(
                    window_id = opener.id,
                    url = details.url,
                    %error,
                    "the window-open handler failed; the window is denied"
                );
                WindowOpenAction::Deny
            }
        },
    };
    let (options, outlives_opener) = match action {
        WindowOpenAction::Deny => {
            tracing::debug!(window_id = opener.id, url = details.url, "window denied");
            link.close_page(target_id, |error| {
                tracing::debug!(%error, "closing a denied window failed");
            });
            return;
        }
        WindowOpenAction::Allow {
            options,
            outlives_opener,
        } => (
            options.unwrap_or_else(|| default_options(&app, &opener, &request.features)),
            outlives_opener,
        ),
    };
    let id = app.reserve_window_id();
    let window = match BrowserWindow::on_target(&app, id, target_id, &options).await {
        Ok(window) => window,
        Err(error) => {
            tracing::warn!(window_id = opener.id, %error, "a window the page opened could not be set up");
            return;
        }
    };
    let shared = &window.shared;
    if !outlives_opener {
        let child = Arc::downgrade(shared);
        opener.listeners.closed.add(true, move |_| {
            if let Some(child) = child.upgrade() {
                request_close(&child, CloseEvent::Emit);
            }
        });
    }
    let has_scripts = shared.has_runtime()
        || shared
            .document_scripts
            .get()
            .is_some_and(|scripts| !scripts.is_empty());
    if has_scripts && !is_blank(&details.url) {
        // Its first document ran before the scripts were installed, and its origin is not one
        // main loaded: main loads the URL the handler allowed, as Electron's main does.
        let contents = window.web_contents();
        let url = details.url.clone();
        tokio::spawn(async move {
            if let Err(error) = contents.load_url(&url).await {
                tracing::warn!(window_id = contents.id(), %error, "loading a new window failed");
            }
        });
    }
    opener
        .listeners
        .did_create_window
        .emit("did-create-window", &(Arc::clone(shared), details));
}

/// The features Chromium adds to every window it reports (a tab's bars, `resizable`).
const BROWSER_FEATURES: &[&str] = &["menubar", "toolbar", "status", "scrollbars", "resizable"];

fn is_blank(url: &str) -> bool {
    url.is_empty() || url == "about:blank"
}

/// Electron's handler details from what the browser reported.
fn details_of(request: &WindowOpenRequest, referrer: &str) -> WindowOpenDetails {
    // Chromium lists a tab's toolbars; a popup has none.
    let disposition = if request.features.iter().any(|feature| feature == "toolbar") {
        WindowOpenDisposition::ForegroundTab
    } else {
        WindowOpenDisposition::NewWindow
    };
    let features = request
        .features
        .iter()
        .filter(|feature| !BROWSER_FEATURES.contains(&feature.as_str()))
        .cloned()
        .collect::<Vec<_>>()
        .join(",");
    let frame_name = match request.name.as_str() {
        "_blank" => String::new(),
        name => name.to_string(),
    };
    WindowOpenDetails {
        url: request.url.clone(),
        frame_name,
        features,
        disposition,
        referrer: referrer.to_string(),
    }
}

/// The options of an allowed window without its own: size and place from the features, the
/// app's default preferences, never less secure than the opener's.
fn default_options(app: &App, opener: &WindowShared, features: &[String]) -> WindowOptions {
    let mut options = WindowOptions {
        web_preferences: app.default_web_preferences(),
        ..WindowOptions::default()
    };
    for feature in features {
        let Some((name, value)) = feature.split_once('=') else {
            continue;
        };
        let number = value.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        match (name.trim(), number) {
            ("width", Some(n)) if n >= 1.0 => options.width = n as u32,
            ("height", Some(n)) if n >= 1.0 => options.height = n as u32,
            ("left", Some(n)) => options.x = Some(n as i32),
            ("top", Some(n)) => options.y = Some(n as i32),
            _ => {}
        }
    }
    let preferences = &mut options.web_preferences;
    if !opener.preferences.node_integration {
        preferences.node_integration = false;
    }
    if opener.preferences.context_isolation {
        preferences.context_isolation = true;
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str, features: &[&str]) -> WindowOpenRequest {
        WindowOpenRequest {
            url: "https://example.com/".into(),
            name: name.into(),
            features: features.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn a_popup_with_features_is_a_new_window_and_a_link_a_tab() {
        let popup = details_of(
            &request("child", &["width=300", "height=200", "resizable"]),
            "https://a/",
        );
        assert_eq!(popup.disposition, WindowOpenDisposition::NewWindow);
        assert_eq!(popup.features, "width=300,height=200");
        assert_eq!(popup.frame_name, "child");
        let tab = [
            "menubar",
            "toolbar",
            "status",
            "scrollbars",
            "resizable",
            "noopener",
        ];
        let link = details_of(&request("_blank", &tab), "https://a/");
        assert_eq!(link.disposition, WindowOpenDisposition::ForegroundTab);
        assert_eq!(link.frame_name, "");
        assert_eq!(link.features, "noopener");
    }
}
