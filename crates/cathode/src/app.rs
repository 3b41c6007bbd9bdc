//! `App`: the main process's lifecycle (Electron's `app`): start the browser, emit `ready`, track
//! windows, quit.
//!
//! [`App::run`] starts the browser, emits `ready`, runs the ready callback, and returns the exit
//! code once the app quits. Quitting follows Electron: `before-quit` (cancellable), every window
//! is asked to close (each `close` is cancellable), `will-quit` (cancellable), `quit`. When the
//! last window closes, `window-all-closed` is emitted; with no listener for it, the app quits.
//! A quit asked for before `run` (Electron's `if (!gotLock) app.quit()`) or while the browser
//! starts is carried out as soon as it can be: `run` then returns without emitting `ready`.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use cathode_cdp::protocol::{browser, runtime, target};
use cathode_cdp::{Browser, Connection, EventReceiver, LaunchOptions, Session};
use tokio::sync::{oneshot, watch};

use crate::error::{BoxError, Error, Result};
use crate::ipc::{panic_message, IpcMain};
use crate::listeners::{lock, ListenerId, Listeners, Preventable};
use crate::remote::RemoteModule;
use crate::window::{BrowserWindow, WebPreferences, WindowShared};

/// The environment variable that forces headless mode (`1`, `true` or `yes`).
pub const HEADLESS_ENV: &str = "CATHODE_HEADLESS";

/// Where the launcher page of a headful app lives: a blank page in a chromeless `--app` window
/// from which every app window is opened (see `window.rs`).
const LAUNCHER_URL: &str = "data:text/html,<title>cathode</title>";

/// How long a headful browser may take to show its launcher page.
const LAUNCHER_WAIT: Duration = Duration::from_secs(10);

/// How long the browser gets to close itself (saving a kept profile, removing its singleton
/// socket's folder) before it is killed.
const BROWSER_CLOSE_GRACE: Duration = Duration::from_secs(3);

/// Builds an [`App`].
///
/// ```no_run
/// let app = cathode::App::builder().headless(true).build();
/// ```
#[derive(Debug, Clone)]
pub struct AppBuilder {
    headless: Option<bool>,
    browser: Option<PathBuf>,
    user_data_dir: Option<PathBuf>,
    browser_args: Vec<String>,
    name: Option<String>,
    version: Option<String>,
    pub(crate) max_message_size: usize,
    pub(crate) sync_timeout: Duration,
}

/// The default limit on one IPC message: 32 MiB of JSON, enough for a 10 MiB payload even when
/// its encoding doubles it, small enough that one message cannot exhaust the browser pipe.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 32 * 1024 * 1024;

/// How long a page waits in `sendSync` for a return value by default.
pub const DEFAULT_SYNC_TIMEOUT: Duration = Duration::from_secs(5);

/// The reserved URL a page's `sendSync` posts to. Only the sending page's own session pauses and
/// answers it; the `.invalid` domain never resolves, so it can never reach a network.
const SYNC_URL_BASE: &str = "https://cathode.invalid/sync/";

impl Default for AppBuilder {
    fn default() -> Self {
        AppBuilder {
            headless: None,
            browser: None,
            user_data_dir: None,
            browser_args: Vec::new(),
            name: None,
            version: None,
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            sync_timeout: DEFAULT_SYNC_TIMEOUT,
        }
    }
}

impl AppBuilder {
    /// Runs without windows (default: `CATHODE_HEADLESS`, else headless only without a display).
    pub fn headless(mut self, headless: bool) -> Self {
        self.headless = Some(headless);
        self
    }

    /// The browser executable (default: `CATHODE_BROWSER`, else a search of the usual places).
    pub fn browser(mut self, path: impl Into<PathBuf>) -> Self {
        self.browser = Some(path.into());
        self
    }

    /// A profile directory to keep (default: a temporary one, removed at exit).
    pub fn user_data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.user_data_dir = Some(dir.into());
        self
    }

    /// One more browser command-line flag, e.g. `--js-flags=--expose-gc`.
    pub fn browser_arg(mut self, arg: impl Into<String>) -> Self {
        self.browser_args.push(arg.into());
        self
    }

    /// The app's name (default: the executable's file name), as `app.getName()` gives it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The app's version (default `0.0.0`), as `app.getVersion()` gives it.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// The largest IPC message accepted, in bytes of JSON, in both directions (default
    /// [`DEFAULT_MAX_MESSAGE_SIZE`]). Larger ones are refused with an error to the sender.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_size = bytes;
        self
    }

    /// How long a page's `sendSync` waits for a listener to set a return value before it throws
    /// (default [`DEFAULT_SYNC_TIMEOUT`]). Electron waits forever, freezing the page.
    pub fn sync_timeout(mut self, timeout: Duration) -> Self {
        self.sync_timeout = timeout;
        self
    }

    /// The app, not started yet: register listeners, then call [`App::run`].
    pub fn build(self) -> App {
        App {
            shared: Arc::new(AppShared::new(self)),
        }
    }
}

/// The names under which the renderer runtime and main find each other in a page: random per
/// app, so pages cannot guess them from the source.
#[derive(Debug)]
pub(crate) struct RuntimeNames {
    pub binding: String,
    pub dispatcher: String,
    pub sync_url: String,
}

/// What one window's copy of the renderer runtime is told.
pub(crate) struct RuntimeOptions {
    /// Install the remote module.
    pub remote: bool,
    /// Install in frames inside the page too.
    pub subframes: bool,
    /// Which documents get the runtime (see [`crate::frames::Trust::to_json`]).
    pub trust: serde_json::Value,
}

/// The renderer runtime as a function expression, and its remote module.
const RUNTIME_JS: &str = include_str!("renderer/runtime.js");
const REMOTE_JS: &str = include_str!("renderer/remote.js");

#[derive(Default)]
pub(crate) struct AppListeners {
    ready: Listeners<()>,
    browser_window_created: Listeners<BrowserWindow>,
    window_all_closed: Listeners<()>,
    before_quit: Listeners<Preventable>,
    will_quit: Listeners<Preventable>,
    quit: Listeners<i32>,
}

#[derive(Default)]
struct AppState {
    windows: BTreeMap<u32, Arc<WindowShared>>,
    quitting: bool,
    started: bool,
    /// `quit` was asked for before `run` started: `run` quits first thing.
    quit_pending: bool,
    ready_error: Option<BoxError>,
}

pub(crate) struct AppShared {
    options: AppBuilder,
    ipc: IpcMain,
    pub(crate) names: RuntimeNames,
    remote: RemoteModule,
    focused: Mutex<Option<u32>>,
    state: Mutex<AppState>,
    browser: Mutex<Option<Browser>>,
    connection: OnceLock<Connection>,
    headless: OnceLock<bool>,
    /// Headful: the launcher page's session and target id.
    launcher: OnceLock<(Session, String)>,
    runtime: OnceLock<tokio::runtime::Handle>,
    ready: watch::Sender<bool>,
    exit_code: watch::Sender<Option<i32>>,
    /// Set by [`App::terminate`]: a graceful close of the browser is cut short.
    terminated: watch::Sender<bool>,
    listeners: AppListeners,
    /// Serialises window creation: a headful window is recognised as the next new page target.
    pub(crate) window_creation: tokio::sync::Mutex<()>,
    /// One trace at a time: tracing is per browser, and a second `Tracing.start` fails.
    pub(crate) tracing: tokio::sync::Mutex<()>,
    /// What windows made from Electron's options get where the options are silent.
    web_preferences: Mutex<WebPreferences>,
    popup_waiter: Mutex<Option<oneshot::Sender<String>>>,
    next_id: AtomicU32,
    /// The open lock file while this app holds the single-instance lock.
    single_instance: Mutex<Option<std::fs::File>>,
}

/// The application: lifecycle, windows and IPC. A cheap, clonable handle.
///
/// ```no_run
/// use cathode::{App, BrowserWindow, WindowOptions};
///
/// #[tokio::main]
/// async fn main() -> anyhow::Result<()> {
///     let app = App::builder().build();
///     app.ipc_main().on("ping", |event, text: String| event.reply("pong", text));
///     let code = app
///         .run(|app| async move {
///             let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
///             window.load_file("index.html").await?;
///             Ok(())
///         })
///         .await?;
///     std::process::exit(code)
/// }
/// ```
#[derive(Clone)]
pub struct App {
    pub(crate) shared: Arc<AppShared>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("ready", &self.is_ready())
            .finish()
    }
}

impl AppShared {
    fn new(options: AppBuilder) -> AppShared {
        use std::hash::{BuildHasher, RandomState};
        let token = RandomState::new().hash_one(std::process::id());
        // The sync URL's token is its own: a frame that sees the binding's name (a page global)
        // learns nothing about the URL.
        let sync_token = RandomState::new().hash_one((std::process::id(), token));
        let names = RuntimeNames {
            binding: format!("__cathode_ipc_{token:016x}"),
            dispatcher: format!("__cathode_dispatch_{token:016x}"),
            sync_url: format!("{SYNC_URL_BASE}{sync_token:016x}"),
        };
        AppShared {
            options,
            ipc: IpcMain::default(),
            names,
            remote: RemoteModule::default(),
            focused: Mutex::new(None),
            state: Mutex::new(AppState::default()),
            browser: Mutex::new(None),
            connection: OnceLock::new(),
            headless: OnceLock::new(),
            launcher: OnceLock::new(),
            runtime: OnceLock::new(),
            ready: watch::channel(false).0,
            exit_code: watch::channel(None).0,
            terminated: watch::channel(false).0,
            listeners: AppListeners::default(),
            window_creation: tokio::sync::Mutex::new(()),
            tracing: tokio::sync::Mutex::new(()),
            web_preferences: Mutex::new(WebPreferences::default()),
            popup_waiter: Mutex::new(None),
            next_id: AtomicU32::new(1),
            single_instance: Mutex::new(None),
        }
    }

    pub(crate) fn options(&self) -> &AppBuilder {
        &self.options
    }

    /// The script injected into every new document of a page: the renderer runtime, with the
    /// remote module when the window enabled it.
    pub(crate) fn runtime_script(&self, options: &RuntimeOptions) -> String {
        let config = serde_json::json!({
            "binding": self.names.binding,
            "dispatcher": self.names.dispatcher,
            "syncUrl": self.names.sync_url,
            "maxMessageSize": self.options.max_message_size,
            "remote": options.remote,
            "remoteDisabledMessage": crate::remote::DISABLED_MESSAGE,
            "subframes": options.subframes,
            "trusted": options.trust,
        });
        format!("({RUNTIME_JS})({config}, ({REMOTE_JS}));")
    }

    pub(crate) fn focused_window(&self) -> Option<u32> {
        *lock(&self.focused)
    }

    pub(crate) fn set_focused_window(&self, id: u32) {
        *lock(&self.focused) = Some(id);
    }

    pub(crate) fn connection(&self) -> Result<&Connection> {
        self.connection.get().ok_or(Error::NotReady)
    }

    pub(crate) fn is_headless(&self) -> bool {
        self.headless.get().copied().unwrap_or(true)
    }

    pub(crate) fn launcher(&self) -> Option<&Session> {
        self.launcher.get().map(|(session, _)| session)
    }

    pub(crate) fn ipc(&self) -> &IpcMain {
        &self.ipc
    }

    /// Registers to learn the target id of the next page the browser opens.
    pub(crate) fn expect_popup(&self) -> oneshot::Receiver<String> {
        let (tx, rx) = oneshot::channel();
        *lock(&self.popup_waiter) = Some(tx);
        rx
    }

    pub(crate) fn add_window(&self, window: Arc<WindowShared>) {
        lock(&self.state).windows.insert(window.id, window);
    }

    pub(crate) fn windows(&self) -> Vec<Arc<WindowShared>> {
        lock(&self.state).windows.values().cloned().collect()
    }

    pub(crate) fn window(&self, id: u32) -> Option<Arc<WindowShared>> {
        lock(&self.state).windows.get(&id).cloned()
    }

    fn window_for_target(&self, target_id: &str) -> Option<Arc<WindowShared>> {
        lock(&self.state)
            .windows
            .values()
            .find(|window| window.target_id == target_id)
            .cloned()
    }

    pub(crate) fn emit_window_created(&self, window: &BrowserWindow) {
        self.listeners
            .browser_window_created
            .emit("browser-window-created", window);
    }

    /// Called once a window is gone: forget it, and quit or emit `window-all-closed` after the
    /// last one.
    /// Forgets a closed window; true when it was the last one (and the app is not quitting).
    pub(crate) fn forget_window(&self, id: u32) -> bool {
        let mut state = lock(&self.state);
        let removed = state.windows.remove(&id).is_some();
        removed && state.windows.is_empty() && !state.quitting
    }

    /// After the last window's `closed`: emit `window-all-closed`, or quit when nobody listens.
    pub(crate) fn last_window_closed(self: &Arc<Self>) {
        if self.listeners.window_all_closed.is_empty() {
            App::from_shared(Arc::clone(self)).quit();
        } else {
            self.listeners
                .window_all_closed
                .emit("window-all-closed", &());
        }
    }

    fn set_exit_code(&self, code: i32) {
        self.exit_code.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(code);
                true
            } else {
                false
            }
        });
    }
}

impl App {
    /// Starts building an app.
    pub fn builder() -> AppBuilder {
        AppBuilder::default()
    }

    /// An app with default options.
    pub fn new() -> App {
        AppBuilder::default().build()
    }

    pub(crate) fn from_shared(shared: Arc<AppShared>) -> App {
        App { shared }
    }

    /// The main process's IPC endpoint.
    pub fn ipc_main(&self) -> &IpcMain {
        &self.shared.ipc
    }

    /// How long a page's `sendSync` waits for a return value (see [`AppBuilder::sync_timeout`]).
    pub fn sync_timeout(&self) -> Duration {
        self.shared.options.sync_timeout
    }

    /// Takes the id the next window will have, for [`BrowserWindow::new_with_reserved_id`].
    pub fn reserve_window_id(&self) -> u32 {
        self.shared.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// What pages may reach through the remote module.
    pub fn remote(&self) -> &RemoteModule {
        &self.shared.remote
    }

    /// The `webPreferences` that windows made from Electron's options get where the options do
    /// not set them: windows a page opens with `new remote.BrowserWindow({...})`, and those of
    /// embedders that take Electron's options (the CLI's main script). Electron applies the same
    /// defaults to every window, whoever opens it. Default: [`WebPreferences::default`].
    pub fn default_web_preferences(&self) -> WebPreferences {
        lock(&self.shared.web_preferences).clone()
    }

    /// Sets [`App::default_web_preferences`] (the CLI sets the defaults of the Electron release
    /// its apps were written for).
    pub fn set_default_web_preferences(&self, preferences: WebPreferences) {
        *lock(&self.shared.web_preferences) = preferences;
    }

    /// The app's name (see [`AppBuilder::name`]).
    pub fn name(&self) -> String {
        self.shared.options.name.clone().unwrap_or_else(|| {
            std::env::current_exe()
                .ok()
                .and_then(|path| {
                    path.file_stem()
                        .map(|stem| stem.to_string_lossy().into_owned())
                })
                .unwrap_or_else(|| "cathode".into())
        })
    }

    /// The app's version (see [`AppBuilder::version`]).
    pub fn version(&self) -> String {
        self.shared
            .options
            .version
            .clone()
            .unwrap_or_else(|| "0.0.0".into())
    }

    /// Electron's `app.requestSingleInstanceLock()`: true if this process is the app's only
    /// instance (it now holds the lock, until it exits or calls
    /// [`App::release_single_instance_lock`]), false if another instance holds it. The lock is an
    /// advisory file lock keyed by the app's [name](AppBuilder::name), or by its kept
    /// [profile](AppBuilder::user_data_dir); the kernel drops it when the process dies. Unlike
    /// Electron, the first instance is not told about the second (no `second-instance` event):
    /// that would need a socket between them.
    ///
    /// ```no_run
    /// # async fn demo() -> cathode::Result<()> {
    /// let app = cathode::App::builder().name("notes").build();
    /// if !app.request_single_instance_lock()? {
    ///     app.quit(); // `run` returns 0 before starting the browser
    /// }
    /// # Ok(()) }
    /// ```
    pub fn request_single_instance_lock(&self) -> Result<bool> {
        let mut held = lock(&self.shared.single_instance);
        if held.is_some() {
            return Ok(true);
        }
        let path = crate::single_instance::lock_path(
            &self.name(),
            self.shared.options.user_data_dir.as_deref(),
        )?;
        *held = crate::single_instance::try_lock(&path)?;
        tracing::debug!(path = %path.display(), first = held.is_some(), "single-instance lock");
        Ok(held.is_some())
    }

    /// True while this process holds the single-instance lock.
    pub fn has_single_instance_lock(&self) -> bool {
        lock(&self.shared.single_instance).is_some()
    }

    /// Releases the single-instance lock, if held: another instance may take it.
    pub fn release_single_instance_lock(&self) {
        lock(&self.shared.single_instance).take();
    }

    /// True once the browser runs and `ready` was emitted.
    pub fn is_ready(&self) -> bool {
        *self.shared.ready.borrow()
    }

    /// Waits until the app is ready (Electron's `app.whenReady()`).
    pub async fn when_ready(&self) {
        let mut ready = self.shared.ready.subscribe();
        // The sender lives as long as the app, so this only ends when ready is true.
        let _ = ready.wait_for(|ready| *ready).await;
    }

    /// True when windows have no display (asked for, or no display was found).
    pub fn is_headless(&self) -> bool {
        self.shared.is_headless()
    }

    /// The browser's process id, once running.
    pub fn browser_pid(&self) -> Option<u32> {
        lock(&self.shared.browser).as_ref().map(Browser::pid)
    }

    /// The browser's profile directory, once running.
    pub fn user_data_dir(&self) -> Option<PathBuf> {
        lock(&self.shared.browser)
            .as_ref()
            .map(|browser| browser.user_data_dir().to_path_buf())
    }

    /// `ready`: the browser runs. Emitted before the ready callback of [`App::run`] starts.
    pub fn on_ready(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared.listeners.ready.add(false, move |_| listener())
    }

    /// `browser-window-created`: a window was created, with the window.
    pub fn on_browser_window_created(
        &self,
        listener: impl Fn(&BrowserWindow) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared
            .listeners
            .browser_window_created
            .add(false, listener)
    }

    /// `window-all-closed`: the last window closed. Listening replaces the default (quit).
    pub fn on_window_all_closed(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared
            .listeners
            .window_all_closed
            .add(false, move |_| listener())
    }

    /// `before-quit`: quitting starts; `prevent_default` cancels it.
    pub fn on_before_quit(
        &self,
        listener: impl Fn(&Preventable) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared.listeners.before_quit.add(false, listener)
    }

    /// `will-quit`: every window has closed and the app is about to quit; `prevent_default`
    /// cancels it.
    pub fn on_will_quit(
        &self,
        listener: impl Fn(&Preventable) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared.listeners.will_quit.add(false, listener)
    }

    /// `quit`: the app quits, with the exit code.
    pub fn on_quit(&self, listener: impl Fn(i32) + Send + Sync + 'static) -> ListenerId {
        self.shared
            .listeners
            .quit
            .add(false, move |code| listener(*code))
    }

    /// Removes a listener added with any `on_*` method of the app.
    pub fn remove_listener(&self, id: ListenerId) -> bool {
        let listeners = &self.shared.listeners;
        listeners.ready.remove(id)
            || listeners.browser_window_created.remove(id)
            || listeners.window_all_closed.remove(id)
            || listeners.before_quit.remove(id)
            || listeners.will_quit.remove(id)
            || listeners.quit.remove(id)
    }

    /// Asks the app to quit, as Electron's `app.quit()`: `before-quit`, then each window's
    /// `close` (any listener can cancel), `will-quit`, `quit`; then [`App::run`] returns 0.
    ///
    /// Called before [`App::run`], the quit waits for it: `run` then quits before it starts the
    /// browser. Called while the browser starts, `run` stops it once it runs. Either way `ready`
    /// is not emitted, the ready callback does not run, and `run` returns 0.
    pub fn quit(&self) {
        {
            let mut state = lock(&self.shared.state);
            if !state.started {
                tracing::debug!("quit asked before the app runs: it quits as soon as it starts");
                state.quit_pending = true;
                return;
            }
        }
        let runtime = self
            .shared
            .runtime
            .get()
            .expect("run sets the runtime under the lock that marks the app started");
        let app = self.clone();
        runtime.spawn(async move { app.quit_gracefully().await });
    }

    /// Quits at once with `code`, as Electron's `app.exit(code)`: windows are destroyed without
    /// `close` events, and neither `before-quit` nor `will-quit` is emitted.
    pub fn exit(&self, code: i32) {
        let windows = {
            let mut state = lock(&self.shared.state);
            state.quitting = true;
            state.windows.values().cloned().collect::<Vec<_>>()
        };
        for window in windows {
            BrowserWindow::from_shared(window).destroy();
        }
        self.shared.set_exit_code(code);
    }

    /// Ends the app now (a second Ctrl-C): as [`App::exit`], and the browser is killed and its
    /// temporary profile removed without waiting for it to close itself, also when a quit is
    /// already waiting for that. [`App::run`] returns `code` at once.
    pub fn terminate(&self, code: i32) {
        lock(&self.shared.state).quitting = true;
        // The exit code first: the browser's end is then expected, not reported as a crash.
        self.shared.set_exit_code(code);
        self.shared.terminated.send_replace(true);
        drop(lock(&self.shared.browser).take());
    }

    async fn quit_gracefully(&self) {
        {
            let mut state = lock(&self.shared.state);
            if state.quitting {
                return;
            }
            state.quitting = true;
        }
        let before_quit = Preventable::default();
        self.shared
            .listeners
            .before_quit
            .emit("before-quit", &before_quit);
        if before_quit.default_prevented() {
            tracing::debug!("quit cancelled in before-quit");
            lock(&self.shared.state).quitting = false;
            return;
        }
        for window in self.shared.windows() {
            let window = BrowserWindow::from_shared(window);
            if !window.close().await {
                tracing::debug!(
                    window_id = window.id(),
                    "quit cancelled by a window's close"
                );
                lock(&self.shared.state).quitting = false;
                return;
            }
        }
        let will_quit = Preventable::default();
        self.shared
            .listeners
            .will_quit
            .emit("will-quit", &will_quit);
        if will_quit.default_prevented() {
            tracing::debug!("quit cancelled in will-quit");
            lock(&self.shared.state).quitting = false;
            return;
        }
        self.shared.listeners.quit.emit("quit", &0);
        self.shared.set_exit_code(0);
    }

    /// Starts the browser, emits `ready`, runs `ready` (create windows there), and waits until the
    /// app quits. Returns the exit code: 0 after [`App::quit`], `code` after [`App::exit`].
    ///
    /// If `ready` fails, the app exits and this returns [`Error::ReadyFailed`]. If the app was
    /// asked to quit or exit before it was ready, this returns at once (see [`App::quit`]).
    ///
    /// `ready` may fail with any error (`?` converts it): the error is kept as the source of
    /// [`Error::ReadyFailed`].
    pub async fn run<F, Fut>(&self, ready: F) -> Result<i32>
    where
        F: FnOnce(App) -> Fut,
        Fut: Future<Output = std::result::Result<(), BoxError>> + Send + 'static,
    {
        let quit_pending = {
            let mut state = lock(&self.shared.state);
            if state.started {
                return Err(Error::AlreadyRun);
            }
            state.started = true;
            // Set under the lock that `quit` reads `started` under: a quit either finds the
            // runtime to run on, or leaves itself pending for the lines below.
            let _ = self.shared.runtime.set(tokio::runtime::Handle::current());
            std::mem::take(&mut state.quit_pending)
        };
        if quit_pending {
            self.quit_gracefully().await;
        }
        if let Some(code) = *self.shared.exit_code.borrow() {
            tracing::debug!(code, "the app quit before it started");
            return Ok(code);
        }
        return_large_buffers_to_the_os();
        let browser_events = match self.start_browser().await {
            Ok(events) => events,
            Err(error) => {
                // A browser that started but could not be set up must not linger.
                drop(lock(&self.shared.browser).take());
                return Err(error);
            }
        };
        tokio::spawn(watch_browser(Arc::clone(&self.shared), browser_events));

        let quit_while_starting = *self.shared.exit_code.borrow();
        if let Some(code) = quit_while_starting {
            tracing::debug!(code, "the app quit while the browser started");
            self.stop_browser().await;
            return Ok(code);
        }
        self.shared.ready.send_replace(true);
        self.shared.listeners.ready.emit("ready", &());
        let ready_future = ready(self.clone());
        let app = self.clone();
        tokio::spawn(async move {
            let outcome = tokio::spawn(ready_future).await;
            let failure: BoxError = match outcome {
                Ok(Ok(())) => return,
                Ok(Err(error)) => error,
                Err(join_error) if join_error.is_panic() => {
                    format!("it panicked: {}", panic_message(&join_error.into_panic())).into()
                }
                Err(join_error) => join_error.into(),
            };
            tracing::error!(error = %failure, "the ready callback failed; exiting");
            lock(&app.shared.state).ready_error = Some(failure);
            app.exit(1);
        });

        let mut exit_code = self.shared.exit_code.subscribe();
        let code = match exit_code.wait_for(Option::is_some).await {
            Ok(code) => code.unwrap_or(0),
            Err(_) => 0,
        };
        self.stop_browser().await;
        match lock(&self.shared.state).ready_error.take() {
            Some(source) => Err(Error::ReadyFailed { source }),
            None => Ok(code),
        }
    }

    async fn start_browser(&self) -> Result<EventReceiver> {
        let options = &self.shared.options;
        let headless = resolve_headless(options.headless);
        let _ = self.shared.headless.set(headless);
        let executable = cathode_cdp::find_browser(options.browser.as_deref())?;
        let browser = Browser::launch(LaunchOptions {
            executable,
            headless,
            user_data_dir: options.user_data_dir.clone(),
            app_url: (!headless).then(|| LAUNCHER_URL.to_string()),
            extra_args: options.browser_args.clone(),
        })?;
        let connection = browser.connection().clone();
        tracing::debug!(pid = browser.pid(), headless, "browser started");
        *lock(&self.shared.browser) = Some(browser);
        let _ = self.shared.connection.set(connection.clone());

        let root = connection.browser_session();
        let events = root.events();
        root.call(&target::SetDiscoverTargets { discover: true })
            .await?;
        if !headless {
            let launcher = attach_launcher(&connection).await?;
            let _ = self.shared.launcher.set(launcher);
        }
        Ok(events)
    }

    async fn stop_browser(&self) {
        for window in self.shared.windows() {
            BrowserWindow::from_shared(window).destroy();
        }
        let browser = lock(&self.shared.browser).take();
        if let Some(browser) = browser {
            let mut terminated = self.shared.terminated.subscribe();
            // Cutting the close short drops the browser: killed, its temporary profile removed.
            tokio::select! {
                () = browser.close(BROWSER_CLOSE_GRACE) => {}
                _ = terminated.wait_for(|terminated| *terminated) => {
                    tracing::debug!("the browser's graceful close was cut short");
                }
            }
        }
    }
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

/// IPC messages can be tens of MiB. glibc's malloc raises its mmap threshold to the size of the
/// largest block freed (up to 32 MiB), after which such blocks come from its arenas and stay in
/// the process once freed: after a few 31 MiB messages main kept over 100 MiB it no longer used.
/// A fixed threshold of 1 MiB keeps every large block in its own mapping, returned when freed.
fn return_large_buffers_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const LARGE_BLOCK: libc::c_int = 1 << 20;
        // SAFETY: mallopt only changes a tuning parameter of the allocator.
        let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE_BLOCK) };
        if set != 1 {
            tracing::debug!("the allocator refused a fixed mmap threshold");
        }
    }
}

fn resolve_headless(asked: Option<bool>) -> bool {
    if let Some(headless) = asked {
        return headless;
    }
    if let Ok(value) = std::env::var(HEADLESS_ENV) {
        return matches!(value.to_ascii_lowercase().as_str(), "1" | "true" | "yes");
    }
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        tracing::info!("no display (DISPLAY and WAYLAND_DISPLAY are unset): running headless");
        return true;
    }
    false
}

/// Finds the `--app` launcher page, attaches to it, and tucks its window away.
async fn attach_launcher(connection: &Connection) -> Result<(Session, String)> {
    let root = connection.browser_session();
    let deadline = tokio::time::Instant::now() + LAUNCHER_WAIT;
    let target_id = loop {
        let targets = root.call(&target::GetTargets {}).await?;
        if let Some(found) = targets
            .target_infos
            .into_iter()
            .find(|info| info.kind == "page")
        {
            break found.target_id;
        }
        if tokio::time::Instant::now() > deadline {
            return Err(Error::NoLauncherPage {
                waited: LAUNCHER_WAIT,
            });
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let launcher_target = target_id.clone();
    let launcher = connection.attach(&target_id).await?;
    launcher.call(&runtime::Enable {}).await?;
    if let Ok(window) = root.call(&browser::GetWindowForTarget { target_id }).await {
        let minimized = root
            .call(&browser::SetWindowBounds {
                window_id: window.window_id,
                bounds: browser::Bounds {
                    window_state: Some("minimized".into()),
                    ..Default::default()
                },
            })
            .await;
        if let Err(error) = minimized {
            tracing::debug!(%error, "could not minimise the launcher window");
        }
    }
    Ok((launcher, launcher_target))
}

/// Follows browser-level events: windows closed by the user, crashed renderers, new popups, and
/// the browser itself going away.
async fn watch_browser(app: Arc<AppShared>, mut events: EventReceiver) {
    while let Some(event) = events.recv().await {
        if let Some(Ok(created)) = event.parse::<target::TargetCreated>() {
            let info = created.target_info;
            // Only a page the launcher opened is a new app window; a page's own popups are not.
            let from_launcher = app
                .launcher
                .get()
                .is_some_and(|(_, launcher)| info.opener_id.as_deref() == Some(launcher.as_str()));
            if info.kind == "page"
                && from_launcher
                && app.window_for_target(&info.target_id).is_none()
            {
                if let Some(waiter) = lock(&app.popup_waiter).take() {
                    let _ = waiter.send(info.target_id);
                }
            }
        } else if let Some(Ok(changed)) = event.parse::<target::TargetInfoChanged>() {
            let info = changed.target_info;
            if let Some(window) = app.window_for_target(&info.target_id) {
                window.update_title(&info);
            }
        } else if let Some(Ok(destroyed)) = event.parse::<target::TargetDestroyed>() {
            if let Some(window) = app.window_for_target(&destroyed.target_id) {
                BrowserWindow::from_shared(window).closed_by_browser();
            }
        } else if let Some(Ok(crashed)) = event.parse::<target::TargetCrashed>() {
            if let Some(window) = app.window_for_target(&crashed.target_id) {
                window.render_process_gone(&crashed.status, crashed.error_code);
            }
        }
    }
    // The browser only goes away on its own before the app has an exit code.
    if app.exit_code.borrow().is_none() {
        tracing::error!("the browser exited unexpectedly; quitting");
        // Quitting first: the windows closing now must not start a quit of their own.
        lock(&app.state).quitting = true;
        for window in app.windows() {
            BrowserWindow::from_shared(window).closed_by_browser();
        }
        App::from_shared(app).exit(1);
    }
}
