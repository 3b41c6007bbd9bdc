//! A page's own windows (`window.open`, `target=_blank`): the opener's window-open handler
//! decides, and an allowed one becomes a `BrowserWindow` (Electron's `setWindowOpenHandler` and
//! `did-create-window`).
//!
//! A page's `window.open` asks main first: `renderer/window_open.js`, in the page's own world of
//! every document and frame, posts the call's URL (resolved against the document's base URL),
//! name and features to [`OPEN_URL`] with a synchronous request; main runs the handler once,
//! with the details the browser would report for that call (the features read as Chromium reads
//! them, [`browser_features`]), and answers. Denied, `window.open` returns `null` and no page is
//! made, as in Electron. Allowed, the guard calls the browser's own `window.open`; main keeps
//! the decision, and when the browser reports the page (`Page.windowOpen` on the opener's
//! session, next in order, then `Target.targetCreated` with the opener's target id) and its
//! details are the ones decided on, the decision is applied without asking again.
//!
//! The guard runs in every frame's documents the browser gives main's scripts to, fresh frames
//! (even sandboxed ones) included, so a page cannot take an unguarded `window.open` from one.
//! What passes by it keeps the browser's path: `target=_blank` links and forms, a document whose
//! Content-Security-Policy (`connect-src`) forbids the request, or any other failure of the
//! request (the guard then calls the browser's own `window.open`), and a popup's first document (it ran
//! before main had its scripts). There the handler decides when the browser reports the new page,
//! and a denied page is closed at once: the page's `window.open` returned a window that closes,
//! not `null`. A handler that does not decide within the app's sync timeout denies a guarded
//! call (the page waits for the answer); a call naming a window this document opened and that is
//! still open navigates it without asking, as in Electron.
//!
//! An allowed page gets the window's runtime, preload and plugins' scripts and, when it has any,
//! main loads its URL again (the first document ran without them, and main trusts only origins
//! it loaded itself).
//!
//! A page may post to [`OPEN_URL`] itself. It gains nothing it could not get by calling
//! `window.open` with the same arguments: the request is judged as that call, and the decision
//! is kept only for the next page the browser reports for the window (if its details are the
//! same), until the page's next question, and at most the app's sync timeout.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;

use super::BrowserWindow;
use crate::app::{request_close, App, CloseEvent};
use crate::envelope::{Outcome, PageError};
use crate::error::Result;
use crate::events::{WindowOpenDetails, WindowOpenDisposition};
use crate::inbound::{spawn_answer, OpenRequests};
use crate::listeners::{lock, ListenerId};
use crate::options::{Rectangle, WindowOptions};
use crate::page::{PausedRequest, WindowOpenRequest, OPEN_URL};
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
    /// No window: the page's `window.open` returns `null` (a page the browser made already, for
    /// a link or a form, is closed at once).
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

/// Has every document of the window guard `window.open` (`renderer/window_open.js`, in the
/// page's main world).
pub(super) async fn guard(window: &WindowShared) -> Result<()> {
    let script = crate::renderer::window_open_script(OPEN_URL);
    window.page.add_document_script(script, None).await?;
    Ok(())
}

/// Follows the pages `window` opens, one at a time, in the order the browser made them, and
/// answers its documents' questions about `window.open`.
pub(super) fn follow_popups(window: &Arc<WindowShared>) {
    window.extensions.insert(OpenRequests { on_request });
    let (requests_tx, mut requests) = mpsc::unbounded_channel();
    let (popups_tx, mut popups) = mpsc::unbounded_channel();
    let weak = Arc::downgrade(window);
    window
        .listeners
        .window_open
        .add(false, move |request: &WindowOpenRequest| {
            // In the order of the page's events: a decision taken on the page's question is
            // for this report, or for none.
            let decided = weak
                .upgrade()
                .and_then(|window| take_decision(&window, request));
            let _ = requests_tx.send((request.clone(), decided));
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
            let (request, decided) = match tokio::time::timeout(REQUEST_WAIT, requests.recv()).await
            {
                Ok(Some((request, decided))) => (Some(request), decided),
                _ => (None, None),
            };
            decide(&opener, target_id, request, decided).await;
        }
    });
}

/// A decision the handler took on a page's question, kept for the page the browser reports next.
struct Decided {
    details: WindowOpenDetails,
    action: WindowOpenAction,
    at: Instant,
}

/// The decisions of a window that wait for their page (per-window typed state).
#[derive(Default)]
struct Decisions(Mutex<Vec<Decided>>);

impl Decisions {
    fn of(window: &WindowShared) -> Arc<Decisions> {
        window.extensions.get_or_insert_with(Decisions::default)
    }
}

/// True when two details describe the same call (the referrer aside: the opener's document
/// is the same one, read at two moments).
fn same_call(a: &WindowOpenDetails, b: &WindowOpenDetails) -> bool {
    a.url == b.url
        && a.frame_name == b.frame_name
        && a.features == b.features
        && a.disposition == b.disposition
}

/// The decision taken for the page the browser now reports, if its details are the ones decided
/// on; every other waiting decision is stale and dropped (the page went on past its question).
fn take_decision(window: &WindowShared, request: &WindowOpenRequest) -> Option<WindowOpenAction> {
    let waiting = std::mem::take(&mut *lock(&Decisions::of(window).0));
    let lifetime = window
        .app()
        .map_or(Duration::ZERO, |app| app.options.sync_timeout);
    let reported = details_of(request, "");
    let mut taken = None;
    for decided in waiting {
        if taken.is_none()
            && decided.at.elapsed() <= lifetime
            && same_call(&decided.details, &reported)
        {
            taken = Some(decided.action);
        } else {
            tracing::debug!(
                window_id = window.id,
                url = decided.details.url,
                "a window-open decision found no page"
            );
        }
    }
    taken
}

/// A `window.open` call as the page's guard posts it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    /// The URL, resolved against the document's base URL (`about:blank` for none).
    url: String,
    /// The name (`window.open`'s second argument).
    target: String,
    /// The features string as the page gave it.
    features: String,
}

/// Reads a question: a script's POST of a [`Question`] within the app's size limit.
fn read_question(
    window: &WindowShared,
    paused: &PausedRequest,
) -> std::result::Result<WindowOpenRequest, String> {
    if !matches!(paused.resource_type.as_str(), "XHR" | "Fetch") || paused.method != "POST" {
        return Err(format!(
            "a {} {} request is not a window.open question",
            paused.resource_type, paused.method
        ));
    }
    let body = paused.body.as_deref().unwrap_or_default();
    let limit = window.app().map_or(0, |app| app.options.max_message_size);
    if body.len() > limit {
        return Err(format!(
            "the question is {} bytes, over the {limit}-byte limit",
            body.len()
        ));
    }
    let question: Question = serde_json::from_str(body).map_err(|error| error.to_string())?;
    Ok(WindowOpenRequest {
        url: question.url,
        name: question.target,
        features: browser_features(&question.features),
    })
}

/// A page's question about its `window.open` call: run the handler once, keep an allowed
/// decision for the page the browser reports next, answer `{open}`.
fn on_request(window: &Arc<WindowShared>, paused: PausedRequest) {
    let request = match read_question(window, &paused) {
        Ok(request) => request,
        Err(reason) => {
            tracing::warn!(window_id = window.id, frame_id = %paused.frame_id, %reason, "refused a request to the window.open URL");
            if matches!(paused.resource_type.as_str(), "XHR" | "Fetch") {
                let message = format!("refused by the main process: {reason}");
                spawn_answer(
                    window,
                    paused.request_id,
                    "(window.open)".into(),
                    async move { Outcome::Error(PageError::new(message)) },
                );
            } else if let Err(error) = window.page.fail_request(paused.request_id) {
                tracing::debug!(window_id = window.id, %error, "could not fail the request");
            }
            return;
        }
    };
    // A new question: the page went on after its last answer, so a decision still waiting found
    // no page (the browser blocked it, or reused a named window).
    let stale = std::mem::take(&mut *lock(&Decisions::of(window).0));
    if !stale.is_empty() {
        tracing::debug!(
            window_id = window.id,
            count = stale.len(),
            "window-open decisions found no page"
        );
    }
    let details = details_of(&request, &lock(&window.url));
    let limit = window
        .app()
        .map_or(Duration::ZERO, |app| app.options.sync_timeout);
    let opener = Arc::clone(window);
    spawn_answer(
        window,
        paused.request_id,
        "(window.open)".into(),
        async move {
            let action = match tokio::time::timeout(limit, run_handler(&opener, &details)).await {
                Ok(action) => action,
                Err(_) => {
                    tracing::warn!(
                    window_id = opener.id,
                    url = details.url,
                    ?limit,
                    "the window-open handler did not decide within the sync timeout; the window is denied"
                );
                    WindowOpenAction::Deny
                }
            };
            let open = matches!(action, WindowOpenAction::Allow { .. });
            if open {
                // Kept before the page hears the answer, so before the browser can report the page.
                lock(&Decisions::of(&opener).0).push(Decided {
                    details,
                    action,
                    at: Instant::now(),
                });
            } else {
                tracing::debug!(
                    window_id = opener.id,
                    url = details.url,
                    "window.open denied"
                );
            }
            Outcome::Ok(json!({ "open": open }))
        },
    );
}

/// Runs the opener's window-open handler on `details` (allow with default options without one).
/// On a task of its own: a handler that panics denies this window and nothing else.
async fn run_handler(opener: &Arc<WindowShared>, details: &WindowOpenDetails) -> WindowOpenAction {
    let handler = WebContents::from_shared(Arc::clone(opener))
        .state::<OpenHandler>()
        .and_then(|state| lock(&state.0).clone());
    let Some(handler) = handler else {
        return WindowOpenAction::allow(None);
    };
    match tokio::spawn(handler(details.clone())).await {
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
    }
}

/// Runs the opener's handler on the page `target_id`, unless `decided` is the decision already
/// taken on the page's question, and closes or adopts it.
async fn decide(
    opener: &Weak<WindowShared>,
    target_id: String,
    request: Option<WindowOpenRequest>,
    decided: Option<WindowOpenAction>,
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
    let action = match decided {
        Some(action) => action,
        None => run_handler(&opener, &details).await,
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
    let window = match BrowserWindow::on_target(&app, id, target_id, &options, None).await {
        Ok(window) => window,
        Err(error) => {
            tracing::warn!(window_id = opener.id, %error, "a window the page opened could not be set up");
            return;
        }
    };
    // The browser made the window its own size (the features' or its default): Electron's new
    // window has the size and position of its options.
    let bounds = window.get_bounds();
    let wanted = Rectangle {
        x: options.x.unwrap_or(bounds.x),
        y: options.y.unwrap_or(bounds.y),
        width: options.width,
        height: options.height,
    };
    if wanted != bounds {
        if let Err(error) = window.set_bounds_now(wanted) {
            tracing::debug!(window_id = window.id(), %error, "a new window keeps the browser's bounds");
        }
    }
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

/// A `window.open` features string as Chromium reports it in `Page.windowOpen`: the HTML
/// standard's tokenizer (separators are ASCII whitespace, `=` and `,`; names and values lower
/// case; a name without a value is `yes`), each value read as an integer the loose way (leading
/// sign and digits, anything after them ignored, `yes` and `true` are 1, no digits 0), the bars
/// hidden once any feature other than `noopener`, `noreferrer`, `fullscreen` or `attributionsrc`
/// is named, and reported as `left=`, `top=`, `width=`, `height=` (as given: the browser makes a
/// window at least 100 pixels wide later), the four bars when it is no popup, then `resizable`,
/// `noopener` (also for `noreferrer`), `background`, `persistent`.
///
/// The end-to-end tests compare what this gives with what the browser reports.
fn browser_features(features: &str) -> Vec<String> {
    let lowered = features.to_ascii_lowercase();
    let mut bars_hidden = false;
    let (mut menubar, mut toolbar, mut status, mut scrollbars) = (true, true, true, true);
    let mut resizable = true;
    let mut popup: Option<bool> = None;
    let (mut noopener, mut noreferrer, mut background, mut persistent) =
        (false, false, false, false);
    let mut place: [Option<i32>; 4] = [None; 4];
    for (name, value) in feature_tokens(&lowered) {
        let number = feature_number(value);
        if !bars_hidden
            && !matches!(
                name,
                "noopener" | "noreferrer" | "fullscreen" | "attributionsrc"
            )
        {
            bars_hidden = true;
            (menubar, toolbar, status, scrollbars) = (false, false, false, false);
        }
        match name {
            "left" | "screenx" => place[0] = Some(number),
            "top" | "screeny" => place[1] = Some(number),
            "width" | "innerwidth" => place[2] = Some(number),
            "height" | "innerheight" => place[3] = Some(number),
            "popup" => popup = Some(number != 0),
            "menubar" => menubar = number != 0,
            "toolbar" | "location" => toolbar |= number != 0,
            "status" => status = number != 0,
            "scrollbars" => scrollbars = number != 0,
            "resizable" => resizable = number != 0,
            "noopener" => noopener = number != 0,
            "noreferrer" => noreferrer = number != 0,
            "background" => background = true,
            "persistent" => persistent = true,
            _ => {}
        }
    }
    let popup = popup.unwrap_or(!(toolbar && menubar && scrollbars && status && resizable));
    let mut reported = Vec::new();
    for (index, name) in ["left", "top", "width", "height"].into_iter().enumerate() {
        if let Some(value) = place[index] {
            reported.push(format!("{name}={value}"));
        }
    }
    if !popup {
        reported.extend(["menubar", "toolbar", "status", "scrollbars"].map(String::from));
    }
    for (on, name) in [
        (resizable, "resizable"),
        (noopener || noreferrer, "noopener"),
        (background, "background"),
        (persistent, "persistent"),
    ] {
        if on {
            reported.push(name.to_string());
        }
    }
    reported
}

/// The standard's "feature separator": ASCII whitespace, `=` and `,`.
fn is_feature_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '=' | ',')
}

/// The (name, value) pairs of a lower-cased features string, in order.
fn feature_tokens(features: &str) -> Vec<(&str, &str)> {
    let mut tokens = Vec::new();
    let mut rest = features;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(is_feature_separator);
        let name_end = rest.find(is_feature_separator).unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_end);
        // Whitespace up to an `=` (not past a `,` or the next name).
        let after_space =
            after.trim_start_matches(|c: char| c != '=' && c != ',' && is_feature_separator(c));
        let value;
        if after_space.starts_with('=') {
            // Separators up to the value, not past a `,`.
            let value_start =
                after_space.trim_start_matches(|c: char| c != ',' && is_feature_separator(c));
            let value_end = value_start
                .find(is_feature_separator)
                .unwrap_or(value_start.len());
            value = &value_start[..value_end];
            rest = &value_start[value_end..];
        } else {
            value = "";
            rest = after_space;
        }
        if !name.is_empty() {
            tokens.push((name, value));
        }
    }
    tokens
}

/// A feature's value as Chromium reads it: `yes`, `true` and nothing are 1; otherwise a sign and
/// digits at the start, 0 when there are none or the number does not fit.
fn feature_number(value: &str) -> i32 {
    if value.is_empty() || value == "yes" || value == "true" {
        return 1;
    }
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let digits = &digits[..end];
    if digits.is_empty() {
        return 0;
    }
    let parsed = digits
        .parse::<i64>()
        .ok()
        .map(|n| if negative { -n } else { n });
    parsed.and_then(|n| i32::try_from(n).ok()).unwrap_or(0)
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
    fn features_read_as_the_browser_reports_them() {
        let read = |features: &str| browser_features(features).join(",");
        assert_eq!(read(""), "menubar,toolbar,status,scrollbars,resizable");
        assert_eq!(
            read("width=320,height=240"),
            "width=320,height=240,resizable"
        );
        // Names and values in any case, spaces around `=`, a name alone is `yes`.
        assert_eq!(
            read(" WIDTH = 300 , Left=-7px ,noopener"),
            "left=-7,width=300,resizable,noopener"
        );
        assert_eq!(
            read("noreferrer"),
            "menubar,toolbar,status,scrollbars,resizable,noopener"
        );
        assert_eq!(
            read("popup=0,width=300"),
            "width=300,menubar,toolbar,status,scrollbars,resizable"
        );
        assert_eq!(
            read("toolbar,menubar,status,scrollbars"),
            "menubar,toolbar,status,scrollbars,resizable"
        );
        assert_eq!(read("resizable=no"), "");
        // A number that does not fit is 0; no digits is 0.
        assert_eq!(
            read("width=99999999999,height=x"),
            "width=0,height=0,resizable"
        );
        assert_eq!(read(" ,= ,"), "menubar,toolbar,status,scrollbars,resizable");
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
