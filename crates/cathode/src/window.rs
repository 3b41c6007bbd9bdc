//! `BrowserWindow`: one window, showing one page that runs in its own renderer process.
//!
//! Headless, a window is a page target made with `Target.createTarget`. With a display, it is a
//! chromeless app window opened from the launcher page with
//! `window.open(url, '_blank', 'popup,noopener,...')` (evaluated as a user gesture), because a
//! target created over CDP would be a browser window with a tab strip and a URL bar.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use cathode_cdp::protocol::{browser, fetch, log, page, runtime, target};
use cathode_cdp::Session;
use tokio::sync::watch;

use crate::app::{App, AppShared, RuntimeOptions};
use crate::error::{Error, Result};
use crate::frames::{FrameTable, Trust};
use crate::listeners::{lock, ListenerId, Listeners, Preventable};
use crate::remote::registry::RemoteRegistry;
use crate::web_contents::{
    ConsoleMessage, LoadFailure, LoadProgress, PidCache, RenderProcessGone, WebContents,
};

/// How long a headful window may take to appear after `window.open`.
const POPUP_TIMEOUT: Duration = Duration::from_secs(10);

/// A window's position and outer size, in screen pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rectangle {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Outer width.
    pub width: u32,
    /// Outer height.
    pub height: u32,
}

/// How to create a window (Electron's `BrowserWindow` constructor options).
#[derive(Debug, Clone)]
pub struct WindowOptions {
    /// Outer width (default 800).
    pub width: u32,
    /// Outer height (default 600).
    pub height: u32,
    /// Left edge (default: the window manager decides).
    pub x: Option<i32>,
    /// Top edge (default: the window manager decides).
    pub y: Option<i32>,
    /// Title until the page sets its own.
    pub title: Option<String>,
    /// Show the window when created (default true; headful `false` minimises it).
    pub show: bool,
    /// What the page may do.
    pub web_preferences: WebPreferences,
}

/// What a window's page may do (Electron's `webPreferences`).
#[derive(Debug, Clone)]
pub struct WebPreferences {
    /// Give the page `require('electron')` with `ipcRenderer`, `__dirname` and `__filename`
    /// (default true). Without it the page runs as a plain web page, with no IPC.
    pub node_integration: bool,
    /// Give the page `require('electron').remote` (default false). The page can then call every
    /// object main exposes through the remote module: enable it only for pages you trust.
    pub enable_remote_module: bool,
    /// Give frames inside the page the runtime too (default false, as Electron's
    /// `nodeIntegrationInSubFrames`). Even then, only frames whose document is trusted get it.
    pub node_integration_in_subframes: bool,
    /// More origins whose documents get the runtime, besides the ones main loads in the window
    /// (`https://example.com`; a URL stands for its origin). A document of any other origin (the
    /// page followed a link away from the app, or was redirected) runs as a plain web page, and
    /// main refuses anything it sends.
    pub trusted_origins: Vec<String>,
}

impl Default for WebPreferences {
    fn default() -> Self {
        WebPreferences {
            node_integration: true,
            enable_remote_module: false,
            node_integration_in_subframes: false,
            trusted_origins: Vec::new(),
        }
    }
}

impl WindowOptions {
    /// Options from Electron's `new BrowserWindow({...})` object: `width`, `height`, `x`, `y`,
    /// `title`, `show`, and `webPreferences` (`nodeIntegration`, `contextIsolation`,
    /// `enableRemoteModule`, `nodeIntegrationInSubFrames`, and cathode's `trustedOrigins`, a list
    /// of origins), with `defaults` for the preferences it does not set.
    /// `contextIsolation: true` turns node integration off: isolated worlds are not built yet.
    ///
    /// ```
    /// use cathode::{WebPreferences, WindowOptions};
    /// let options = WindowOptions::from_electron_options(
    ///     &serde_json::json!({"width": 400, "webPreferences": {"nodeIntegration": false}}),
    ///     &WebPreferences::default(),
    /// );
    /// assert_eq!(options.width, 400);
    /// assert!(!options.web_preferences.node_integration);
    /// ```
    pub fn from_electron_options(options: &serde_json::Value, defaults: &WebPreferences) -> Self {
        use serde_json::Value;
        let fallback = WindowOptions::default();
        let number = |name: &str| options.get(name).and_then(Value::as_f64);
        let preference = |name: &str| {
            options
                .get("webPreferences")
                .and_then(|preferences| preferences.get(name))
                .and_then(Value::as_bool)
        };
        let node_integration = preference("nodeIntegration").unwrap_or(defaults.node_integration)
            && !preference("contextIsolation").unwrap_or(false);
        WindowOptions {
            width: number("width").map_or(fallback.width, |n| n as u32),
            height: number("height").map_or(fallback.height, |n| n as u32),
            x: number("x").map(|n| n as i32),
            y: number("y").map(|n| n as i32),
            title: options
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_string),
            show: options.get("show").and_then(Value::as_bool).unwrap_or(true),
            web_preferences: WebPreferences {
                node_integration,
                enable_remote_module: node_integration
                    && preference("enableRemoteModule").unwrap_or(defaults.enable_remote_module),
                node_integration_in_subframes: preference("nodeIntegrationInSubFrames")
                    .unwrap_or(defaults.node_integration_in_subframes),
                trusted_origins: options
                    .get("webPreferences")
                    .and_then(|preferences| preferences.get("trustedOrigins"))
                    .and_then(Value::as_array)
                    .map(|origins| {
                        origins
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_else(|| defaults.trusted_origins.clone()),
            },
        }
    }
}

impl Default for WindowOptions {
    fn default() -> Self {
        WindowOptions {
            width: 800,
            height: 600,
            x: None,
            y: None,
            title: None,
            show: true,
            web_preferences: WebPreferences::default(),
        }
    }
}

#[derive(Default)]
pub(crate) struct WindowListeners {
    pub close: Listeners<Preventable>,
    pub closed: Listeners<()>,
    pub dom_ready: Listeners<()>,
    pub did_finish_load: Listeners<()>,
    pub did_fail_load: Listeners<LoadFailure>,
    pub console_message: Listeners<ConsoleMessage>,
    pub render_process_gone: Listeners<RenderProcessGone>,
}

/// Everything a window and its web contents share.
pub(crate) struct WindowShared {
    pub id: u32,
    pub app: Weak<AppShared>,
    pub target_id: String,
    pub session: Session,
    pub destroyed: AtomicBool,
    pub title: Mutex<String>,
    pub bounds: Mutex<Rectangle>,
    pub visible: AtomicBool,
    pub url: Mutex<String>,
    pub renderer_pid: Mutex<PidCache>,
    pub load: watch::Sender<LoadProgress>,
    pub listeners: WindowListeners,
    /// While a renderer pid is being looked up: where the page's tracing events go.
    pub trace_sink: Mutex<Option<tokio::sync::mpsc::UnboundedSender<cathode_cdp::Event>>>,
    /// How many `sendSync` requests of this page wait for an answer (its main thread is blocked).
    pub sync_requests: watch::Sender<usize>,
    /// Whether the page may use the remote module.
    pub remote_enabled: bool,
    /// Whether the page gets the renderer runtime at all.
    pub node_integration: bool,
    /// Whether frames inside the page may get the runtime.
    pub subframes: bool,
    /// The page's frames and contexts, as the browser reports them.
    pub frames: Mutex<FrameTable>,
    /// The documents that get the runtime.
    pub trust: Mutex<Trust>,
    /// The identifier of the runtime script the browser runs in new documents.
    pub runtime_script: tokio::sync::Mutex<Option<String>>,
    /// Set once main has said that the page left the trusted origins.
    pub untrusted_noted: AtomicBool,
    /// The objects the page holds through the remote module.
    pub remote: RemoteRegistry,
}

impl WindowShared {
    pub(crate) fn app(&self) -> Result<Arc<AppShared>> {
        self.app
            .upgrade()
            .ok_or(Error::AppGone { window_id: self.id })
    }

    pub(crate) fn check_alive(&self) -> Result<()> {
        if self.destroyed.load(Ordering::Acquire) {
            Err(Error::WindowDestroyed { window_id: self.id })
        } else {
            Ok(())
        }
    }

    /// Marks the window destroyed; true the first time only.
    fn mark_destroyed(&self) -> bool {
        let first = !self.destroyed.swap(true, Ordering::AcqRel);
        if first {
            self.load.send_modify(|progress| progress.interrupted += 1);
            self.session.forget();
            self.remote.reset();
        }
        first
    }
}

/// A window with one page in its own renderer process (Electron's `BrowserWindow`). A cheap,
/// clonable handle; the window lives until closed, not until the handle is dropped.
///
/// ```no_run
/// # async fn demo(app: cathode::App) -> cathode::Result<()> {
/// use cathode::{BrowserWindow, WindowOptions};
/// let window = BrowserWindow::new(&app, WindowOptions { width: 400, ..Default::default() }).await?;
/// window.on_closed(|| println!("closed"));
/// window.load_url("https://example.com/").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct BrowserWindow {
    shared: Arc<WindowShared>,
}

impl std::fmt::Debug for BrowserWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowserWindow")
            .field("id", &self.shared.id)
            .field("destroyed", &self.is_destroyed())
            .finish()
    }
}

impl PartialEq for BrowserWindow {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

impl BrowserWindow {
    /// Opens a window showing `about:blank`; load a page with [`BrowserWindow::load_url`] or
    /// [`BrowserWindow::load_file`]. Needs a running app (inside or after `App::run`'s ready).
    pub async fn new(app: &App, options: WindowOptions) -> Result<BrowserWindow> {
        let id = app.reserve_window_id();
        BrowserWindow::new_with_reserved_id(app, id, options).await
    }

    /// As [`BrowserWindow::new`], with an id taken earlier from [`App::reserve_window_id`], for
    /// embedders that must give out a window's id before the window exists (the CLI's
    /// synchronous `new BrowserWindow()`).
    pub async fn new_with_reserved_id(
        app: &App,
        id: u32,
        options: WindowOptions,
    ) -> Result<BrowserWindow> {
        let shared = &app.shared;
        let connection = shared.connection()?.clone();
        let root = connection.browser_session();
        let creating = shared.window_creation.lock().await;
        let target_id = match shared.launcher() {
            None => {
                root.call(&target::CreateTarget {
                    url: "about:blank".into(),
                    width: Some(options.width),
                    height: Some(options.height),
                    new_window: Some(true),
                })
                .await?
                .target_id
            }
            Some(launcher) => open_app_window(shared, launcher, &options).await?,
        };
        drop(creating);
        let mut unfinished = UnfinishedPage {
            root: root.clone(),
            target_id: target_id.clone(),
            session: None,
            finished: false,
        };
        let session = connection.attach(&target_id).await?;
        let session_target = target_id.clone();
        unfinished.session = Some(session.clone());
        let events = session.events();
        let window = Arc::new(WindowShared {
            id,
            app: Arc::downgrade(shared),
            target_id,
            session: session.clone(),
            destroyed: AtomicBool::new(false),
            title: Mutex::new(options.title.clone().unwrap_or_default()),
            bounds: Mutex::new(Rectangle {
                x: options.x.unwrap_or(0),
                y: options.y.unwrap_or(0),
                width: options.width,
                height: options.height,
            }),
            visible: AtomicBool::new(options.show),
            url: Mutex::new("about:blank".into()),
            renderer_pid: Mutex::new(PidCache::default()),
            load: watch::channel(LoadProgress::default()).0,
            listeners: WindowListeners::default(),
            trace_sink: Mutex::new(None),
            sync_requests: watch::channel(0).0,
            remote_enabled: options.web_preferences.enable_remote_module
                && options.web_preferences.node_integration,
            node_integration: options.web_preferences.node_integration,
            subframes: options.web_preferences.node_integration_in_subframes,
            frames: Mutex::new(FrameTable::new(&session_target)),
            trust: Mutex::new(Trust::listed(&options.web_preferences.trusted_origins)),
            runtime_script: tokio::sync::Mutex::new(None),
            untrusted_noted: AtomicBool::new(false),
            remote: RemoteRegistry::default(),
        });
        tokio::spawn(crate::web_contents::follow_page(
            Arc::clone(&window),
            events,
        ));
        prepare_page(&window).await?;
        unfinished.finished = true;
        shared.add_window(Arc::clone(&window));
        shared.set_focused_window(id);
        let handle = BrowserWindow { shared: window };
        // Learnt in the background, so that opening a window does not wait for a trace (it cost
        // about 200 ms of every cold start): the page's first navigation keeps this process, and
        // `getOSProcessId()` answers from it once known (0 until then; `os_process_id().await`
        // waits).
        handle.web_contents().learn_pid_in_background();
        if !options.show && !shared.is_headless() {
            if let Err(error) = handle.hide().await {
                tracing::warn!(window_id = id, %error, "could not hide the new window");
            }
        }
        tracing::debug!(window_id = id, "window created");
        shared.emit_window_created(&handle);
        Ok(handle)
    }

    pub(crate) fn from_shared(shared: Arc<WindowShared>) -> BrowserWindow {
        BrowserWindow { shared }
    }

    pub(crate) fn shared_ptr(&self) -> usize {
        Arc::as_ptr(&self.shared) as usize
    }

    pub(crate) fn downgrade(&self) -> Weak<WindowShared> {
        Arc::downgrade(&self.shared)
    }

    pub(crate) fn upgrade(weak: &Weak<WindowShared>) -> Option<BrowserWindow> {
        weak.upgrade().map(BrowserWindow::from_shared)
    }

    /// The window focused last (by creation or [`BrowserWindow::focus`]), if still open.
    pub fn get_focused_window(app: &App) -> Option<BrowserWindow> {
        let id = app.shared.focused_window()?;
        BrowserWindow::from_id(app, id)
    }

    /// Every open window, in creation order.
    pub fn get_all_windows(app: &App) -> Vec<BrowserWindow> {
        app.shared
            .windows()
            .into_iter()
            .map(BrowserWindow::from_shared)
            .collect()
    }

    /// The open window with this id.
    pub fn from_id(app: &App, id: u32) -> Option<BrowserWindow> {
        app.shared.window(id).map(BrowserWindow::from_shared)
    }

    /// The window's id: unique in the app, from 1.
    pub fn id(&self) -> u32 {
        self.shared.id
    }

    /// The window's page.
    pub fn web_contents(&self) -> WebContents {
        WebContents::from_shared(Arc::clone(&self.shared))
    }

    /// Loads `url` and waits for `did-finish-load` (or fails with `did-fail-load`'s facts).
    pub async fn load_url(&self, url: &str) -> Result<()> {
        self.web_contents().load_url(url).await
    }

    /// Loads a local file (relative paths are from the current directory).
    pub async fn load_file(&self, path: impl AsRef<Path>) -> Result<()> {
        self.web_contents().load_file(path).await
    }

    /// True once the window was closed or destroyed.
    pub fn is_destroyed(&self) -> bool {
        self.shared.destroyed.load(Ordering::Acquire)
    }

    /// Tries to close the window: emits `close` (a listener may prevent it), then closes the
    /// page, emits `closed`. Returns false when a listener prevented it.
    pub async fn close(&self) -> bool {
        if self.is_destroyed() {
            return true;
        }
        let close = Preventable::default();
        self.shared.listeners.close.emit("close", &close);
        if close.default_prevented() {
            return false;
        }
        self.destroy();
        true
    }

    /// Closes the window at once: no `close` event, but `closed` is emitted.
    pub fn destroy(&self) {
        if !self.shared.mark_destroyed() {
            return;
        }
        if let Ok(app) = self.shared.app() {
            if let Ok(connection) = app.connection() {
                let close = target::CloseTarget {
                    target_id: self.shared.target_id.clone(),
                };
                let window_id = self.id();
                let sent = connection
                    .browser_session()
                    .call_detached(&close, move |answer| {
                        if let Err(error) = answer {
                            tracing::debug!(window_id, %error, "closing the page failed");
                        }
                    });
                if let Err(error) = sent {
                    tracing::debug!(window_id, %error, "closing the page failed");
                }
            }
        }
        self.finish_closed();
    }

    /// The browser closed the page (the user closed the window, or the browser went away).
    pub(crate) fn closed_by_browser(&self) {
        if !self.shared.mark_destroyed() {
            return;
        }
        self.shared
            .listeners
            .close
            .emit("close", &Preventable::default());
        self.finish_closed();
    }

    /// As in Electron: the window leaves `get_all_windows`, `closed` is emitted, then
    /// `window-all-closed` if it was the last.
    fn finish_closed(&self) {
        tracing::debug!(window_id = self.id(), "window closed");
        let app = self.shared.app().ok();
        let was_last = app.as_ref().is_some_and(|app| app.forget_window(self.id()));
        self.shared.listeners.closed.emit("closed", &());
        if let (Some(app), true) = (app, was_last) {
            app.last_window_closed();
        }
    }

    /// `close`: the window is about to close; `prevent_default` keeps it open. (When the user or
    /// the browser closes a window, it is already gone and preventing has no effect.)
    pub fn on_close(&self, listener: impl Fn(&Preventable) + Send + Sync + 'static) -> ListenerId {
        self.shared.listeners.close.add(false, listener)
    }

    /// `closed`: the window is gone; drop your handles to it.
    pub fn on_closed(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared.listeners.closed.add(false, move |_| listener())
    }

    /// Removes a listener added with `on_close` or `on_closed`.
    pub fn remove_listener(&self, id: ListenerId) -> bool {
        self.shared.listeners.close.remove(id) || self.shared.listeners.closed.remove(id)
    }

    /// Runs one of Electron's `BrowserWindow` / `webContents` methods by its JavaScript name, with
    /// JSON arguments, for embedders that take calls from JavaScript (the remote module, the CLI):
    /// `loadURL`, `loadFile`, `close`, `destroy`, `setTitle`, `getBounds`, `setBounds`, `show`,
    /// `hide`, `focus`, `reload`, `openDevTools`, `executeJavaScript`, `getOSProcessId`.
    /// `Ok(None)` for the methods that return nothing.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.call_method("setTitle", &["Hello".into()]).await?;
    /// let bounds = window.call_method("getBounds", &[]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn call_method(
        &self,
        method: &str,
        args: &[serde_json::Value],
    ) -> Result<Option<serde_json::Value>> {
        let bad = |reason: String| Error::BadMethodCall {
            method: method.to_string(),
            reason,
        };
        let text = |index: usize| {
            args.get(index)
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| bad(format!("argument {} must be a string", index + 1)))
        };
        let contents = self.web_contents();
        match method {
            "loadURL" => self.load_url(text(0)?).await?,
            "loadFile" => self.load_file(text(0)?).await?,
            "close" => {
                self.close().await;
            }
            "destroy" => self.destroy(),
            "setTitle" => self.set_title(text(0)?)?,
            "getBounds" => return Ok(Some(serde_json::json!(self.bounds().await?))),
            "setBounds" => {
                let bounds = serde_json::from_value(args.first().cloned().unwrap_or_default())
                    .map_err(|error| bad(error.to_string()))?;
                self.set_bounds(bounds).await?
            }
            "show" => self.show().await?,
            "hide" => self.hide().await?,
            "focus" => self.focus().await?,
            "reload" => contents.reload()?,
            "openDevTools" => contents.open_dev_tools(),
            "executeJavaScript" => return Ok(Some(contents.execute_javascript(text(0)?).await?)),
            "getOSProcessId" => return Ok(Some(contents.os_process_id().await?.into())),
            _ => return Err(bad("no such method".into())),
        }
        Ok(None)
    }

    /// Sets the window's title (the page's `document.title`).
    pub fn set_title(&self, title: &str) -> Result<()> {
        self.shared.check_alive()?;
        *lock(&self.shared.title) = title.to_string();
        let expression = format!("document.title = {}", serde_json::Value::from(title));
        self.web_contents()
            .evaluate_detached(expression, "set_title")
    }

    /// The window's title: the page's title, or the one set before the page had one.
    pub fn title(&self) -> String {
        self.web_contents().title()
    }

    /// Moves and resizes the window.
    pub async fn set_bounds(&self, bounds: Rectangle) -> Result<()> {
        self.shared.check_alive()?;
        *lock(&self.shared.bounds) = bounds;
        let wanted = browser::Bounds {
            left: Some(bounds.x),
            top: Some(bounds.y),
            width: Some(bounds.width),
            height: Some(bounds.height),
            window_state: None,
        };
        self.set_os_window_bounds(wanted).await
    }

    /// The window's position and outer size.
    pub async fn bounds(&self) -> Result<Rectangle> {
        self.shared.check_alive()?;
        match self.os_window().await {
            Ok(window) => {
                let stored = *lock(&self.shared.bounds);
                Ok(Rectangle {
                    x: window.bounds.left.unwrap_or(stored.x),
                    y: window.bounds.top.unwrap_or(stored.y),
                    width: window.bounds.width.unwrap_or(stored.width),
                    height: window.bounds.height.unwrap_or(stored.height),
                })
            }
            Err(error) => {
                tracing::debug!(window_id = self.id(), %error, "no OS window; using the last bounds set");
                Ok(*lock(&self.shared.bounds))
            }
        }
    }

    /// Shows (restores) the window.
    pub async fn show(&self) -> Result<()> {
        self.set_visible(true).await
    }

    /// Hides the window (minimises it; headless, only remembered).
    pub async fn hide(&self) -> Result<()> {
        self.set_visible(false).await
    }

    /// True unless hidden.
    pub fn is_visible(&self) -> bool {
        self.shared.visible.load(Ordering::Relaxed) && !self.is_destroyed()
    }

    /// Brings the window to the front.
    pub async fn focus(&self) -> Result<()> {
        self.shared.check_alive()?;
        self.shared.session.call(&page::BringToFront {}).await?;
        self.shared.app()?.set_focused_window(self.id());
        Ok(())
    }

    async fn set_visible(&self, visible: bool) -> Result<()> {
        self.shared.check_alive()?;
        self.shared.visible.store(visible, Ordering::Relaxed);
        let headless = self.shared.app()?.is_headless();
        if headless {
            return Ok(());
        }
        let state = if visible { "normal" } else { "minimized" };
        self.set_os_window_bounds(browser::Bounds {
            window_state: Some(state.into()),
            ..Default::default()
        })
        .await
    }

    async fn os_window(&self) -> Result<browser::WindowForTarget> {
        let app = self.shared.app()?;
        let root = app.connection()?.browser_session();
        Ok(root
            .call(&browser::GetWindowForTarget {
                target_id: self.shared.target_id.clone(),
            })
            .await?)
    }

    async fn set_os_window_bounds(&self, bounds: browser::Bounds) -> Result<()> {
        let window = match self.os_window().await {
            Ok(window) => window,
            Err(error) if self.shared.app()?.is_headless() => {
                tracing::debug!(window_id = self.id(), %error, "headless page without an OS window");
                return Ok(());
            }
            Err(error) => return Err(error),
        };
        let app = self.shared.app()?;
        let root = app.connection()?.browser_session();
        if bounds.window_state.is_none() && window.bounds.window_state.as_deref() != Some("normal")
        {
            // Chromium only resizes a window in the normal state.
            root.call(&browser::SetWindowBounds {
                window_id: window.window_id,
                bounds: browser::Bounds {
                    window_state: Some("normal".into()),
                    ..Default::default()
                },
            })
            .await?;
        }
        root.call(&browser::SetWindowBounds {
            window_id: window.window_id,
            bounds,
        })
        .await?;
        Ok(())
    }
}

/// What Chromium logs when a script calls `window.close()` on a window it did not open (every
/// headless window: cathode opens them over the DevTools protocol). The browser gives no other
/// sign of the call; the page cannot forge this entry (its own `console` messages are not `Log`
/// entries), and frames get it only for `top.close()`, which closes the window in any browser.
const CLOSE_REFUSED: &str = "Scripts may close only the windows that were opened by them.";

/// A message the browser logged for the window's page: a refused `window.close()` closes the
/// window as Electron does, with `close` (which a listener may prevent) and `closed`.
pub(crate) fn on_log_entry(window: &Arc<WindowShared>, entry: &log::LogEntry) {
    if entry.source != "javascript" || entry.level != "warning" || entry.text != CLOSE_REFUSED {
        return;
    }
    let window = BrowserWindow::from_shared(Arc::clone(window));
    tracing::debug!(window_id = window.id(), "the page called window.close()");
    tokio::spawn(async move {
        if !window.close().await {
            tracing::debug!(
                window_id = window.id(),
                "window.close() prevented in 'close'"
            );
        }
    });
}

/// A page whose window was not finished (creation failed, or the caller gave up waiting): closed
/// when dropped, so that no page outlives a failed `BrowserWindow::new`.
struct UnfinishedPage {
    root: Session,
    target_id: String,
    session: Option<Session>,
    finished: bool,
}

impl Drop for UnfinishedPage {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if let Some(session) = &self.session {
            session.forget();
        }
        let close = target::CloseTarget {
            target_id: std::mem::take(&mut self.target_id),
        };
        // The browser may be gone already; then there is nothing left to close.
        let _ = self.root.call_detached(&close, |_| {});
    }
}

/// Opens a chromeless app window from the launcher page and returns its target id.
async fn open_app_window(
    app: &AppShared,
    launcher: &Session,
    options: &WindowOptions,
) -> Result<String> {
    let mut features = format!(
        "popup,noopener,width={},height={}",
        options.width, options.height
    );
    if let Some(x) = options.x {
        features.push_str(&format!(",left={x}"));
    }
    if let Some(y) = options.y {
        features.push_str(&format!(",top={y}"));
    }
    let created = app.expect_popup();
    let expression = format!(
        "window.open('about:blank', '_blank', {})",
        serde_json::Value::from(features)
    );
    launcher
        .call(&runtime::Evaluate {
            expression,
            user_gesture: true,
            ..runtime::Evaluate::default()
        })
        .await?;
    match tokio::time::timeout(POPUP_TIMEOUT, created).await {
        Ok(Ok(target_id)) => Ok(target_id),
        _ => Err(Error::WindowNotOpened {
            waited: POPUP_TIMEOUT,
        }),
    }
}

/// Turns on the page events cathode follows and installs the renderer runtime.
async fn prepare_page(window: &WindowShared) -> Result<()> {
    let session = &window.session;
    let events = async {
        session.call(&page::Enable {}).await?;
        session.call(&log::Enable {}).await?;
        session
            .call(&page::SetLifecycleEventsEnabled { enabled: true })
            .await
    };
    if !window.node_integration {
        tokio::try_join!(session.call(&runtime::Enable {}), events)?;
        return Ok(());
    }
    let app = window.app()?;
    let binding = runtime::AddBinding {
        name: app.names.binding.clone(),
        execution_context_name: None,
    };
    let sync_requests = fetch::Enable {
        patterns: vec![fetch::RequestPattern {
            url_pattern: format!("{}*", app.names.sync_url),
            request_stage: "Request".into(),
        }],
    };
    // All go out at once, in this order; `Runtime.enable` must come before the binding or the
    // binding is missing from documents loaded later.
    let browser_side = async {
        tokio::try_join!(
            session.call(&runtime::Enable {}),
            session.call(&binding),
            session.call(&sync_requests),
            events,
        )?;
        Ok::<_, Error>(())
    };
    tokio::try_join!(browser_side, window.install_runtime())?;
    Ok(())
}

impl WindowShared {
    /// Has the browser run the renderer runtime, with the window's current trust, in every new
    /// document of the page (replacing the copy it ran before).
    pub(crate) async fn install_runtime(&self) -> Result<()> {
        let app = self.app()?;
        let mut installed = self.runtime_script.lock().await;
        let source = app.runtime_script(&RuntimeOptions {
            remote: self.remote_enabled,
            subframes: self.subframes,
            trust: lock(&self.trust).to_json(),
        });
        if let Some(identifier) = installed.take() {
            self.session
                .call(&page::RemoveScriptToEvaluateOnNewDocument { identifier })
                .await?;
        }
        let added = self
            .session
            .call(&page::AddScriptToEvaluateOnNewDocument {
                source,
                world_name: None,
            })
            .await?;
        *installed = Some(added.identifier);
        Ok(())
    }
}
