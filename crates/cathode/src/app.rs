//! `App`: the main process's lifecycle (Electron's `app`): start the browser, emit `ready`, track
//! windows, quit.
//!
//! [`App::run`] starts the browser, emits `ready`, runs the ready callback, and returns the exit
//! code once the app quits. Quitting follows Electron: `before-quit` (cancellable), every window
//! is asked to close (each `close` is cancellable), `will-quit` (cancellable), `quit`. When the
//! last window closes, `window-all-closed` is emitted; with no listener for it, the app quits.
//! A quit asked for before `run` (Electron's `if (!gotLock) app.quit()`) or while the browser
//! starts is carried out as soon as it can be: `run` then returns without emitting `ready`.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use cathode_cdp::{Browser, LaunchOptions};
use tokio::sync::oneshot;

use crate::error::{BoxError, Error, Result};
use crate::events::SecondInstance;
use crate::listeners::{lock, ListenerId, Preventable};
use crate::options::{ColorScheme, WebPreferences};
use crate::page::{BrowserEvent, BrowserEvents, BrowserLink, Page, WindowBounds, WindowState};
use crate::page_events::Verdict;
use crate::panics::panic_message;
use crate::paths::{default_path, PathName};
use crate::shared_browser::{AppContext, SharedBrowser};
use crate::single_instance::InstanceChannel;
use crate::state::{AppShared, WindowShared};

/// The environment variable that forces headless mode (`1`, `true` or `yes`).
pub const HEADLESS_ENV: &str = "CATHODE_HEADLESS";

/// How long a headful browser may take to show its launcher page.
const LAUNCHER_WAIT: Duration = Duration::from_secs(10);

/// How long a stopping app on a shared browser waits for the browser to dispose of its context.
const DISPOSE_WAIT: Duration = Duration::from_secs(3);

/// How long the browser gets to close itself (saving a kept profile, removing its singleton
/// socket's folder) before it is killed.
const BROWSER_CLOSE_GRACE: Duration = Duration::from_secs(3);

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

/// A handle on an app that does not keep it alive (see [`App::downgrade`]).
#[derive(Clone, Debug)]
pub struct WeakApp {
    shared: Weak<AppShared>,
}

impl WeakApp {
    /// The app, while anything else still holds it.
    pub fn upgrade(&self) -> Option<App> {
        self.shared.upgrade().map(App::from_shared)
    }
}

impl App {
    pub(crate) fn from_shared(shared: Arc<AppShared>) -> App {
        App { shared }
    }

    /// A handle that does not keep the app alive: for state the app itself keeps (a value given
    /// to [`App::manage`] that held an `App` would never be freed).
    ///
    /// ```
    /// let app = cathode::App::new();
    /// let weak = app.downgrade();
    /// assert!(weak.upgrade().is_some());
    /// drop(app);
    /// assert!(weak.upgrade().is_none());
    /// ```
    pub fn downgrade(&self) -> WeakApp {
        WeakApp {
            shared: Arc::downgrade(&self.shared),
        }
    }

    /// Keeps `value` as the app's state of its type (Tauri's `manage`), for plugins and app code
    /// to reach from any handle with [`App::state`]. One value per type: false (and `value` is
    /// dropped) when the app keeps one already.
    ///
    /// ```
    /// struct Counter(std::sync::atomic::AtomicU32);
    /// let app = cathode::App::new();
    /// assert!(app.manage(Counter(0.into())));
    /// assert!(app.state::<Counter>().is_some());
    /// ```
    pub fn manage<T: Send + Sync + 'static>(&self, value: T) -> bool {
        self.shared.extensions.insert(value)
    }

    /// The app's state of type `T`, kept with [`App::manage`].
    pub fn state<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.shared.extensions.get()
    }

    /// How long a page's `sendSync` waits for a return value (see
    /// [`AppBuilder::sync_timeout`](crate::AppBuilder::sync_timeout)).
    pub fn sync_timeout(&self) -> Duration {
        self.shared.options.sync_timeout
    }

    /// Takes the id the next window will have, for [`BrowserWindow::new_with_reserved_id`](crate::BrowserWindow::new_with_reserved_id).
    pub fn reserve_window_id(&self) -> u32 {
        self.shared.next_id.fetch_add(1, Ordering::Relaxed)
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

    /// The app's name (see [`AppBuilder::name`](crate::AppBuilder::name)).
    pub fn name(&self) -> String {
        self.shared.name()
    }

    /// The app's version (see [`AppBuilder::version`](crate::AppBuilder::version)).
    pub fn version(&self) -> String {
        self.shared
            .options
            .version
            .clone()
            .unwrap_or_else(|| "0.0.0".into())
    }

    /// The folder Electron's `app.getPath(name)` gives: what [`App::set_path`] set, else the
    /// platform's (see [`PathName`]); `userData` is the app's [name](crate::AppBuilder::name)
    /// under `appData`. Fails with [`Error::PathUnknown`] when the platform has no such folder.
    ///
    /// ```no_run
    /// # fn demo(app: &cathode::App) -> cathode::Result<()> {
    /// let settings = app.path(cathode::PathName::UserData)?.join("settings.json");
    /// # Ok(()) }
    /// ```
    pub fn path(&self, name: PathName) -> Result<PathBuf> {
        let set = |name: PathName| lock(&self.shared.paths).get(&name).cloned();
        set(name)
            .or_else(|| default_path(name, &self.name(), &set))
            .ok_or(Error::PathUnknown {
                name: name.electron_name(),
            })
    }

    /// Sets the folder [`App::path`] gives for `name` (Electron's `app.setPath`); the folders
    /// derived from it (`userData` from `appData`, `logs` from `userData`, ...) follow unless
    /// set themselves. Fails with [`Error::BadPath`] unless `path` is absolute and an existing
    /// folder (the executable's file for [`PathName::Exe`]), as Electron requires.
    pub fn set_path(&self, name: PathName, path: impl Into<PathBuf>) -> Result<()> {
        let path = path.into();
        let bad = |reason| Error::BadPath {
            name: name.electron_name(),
            path: path.clone(),
            reason,
        };
        if !path.is_absolute() {
            return Err(bad("it is not absolute"));
        }
        let exists = if name == PathName::Exe {
            path.is_file()
        } else {
            path.is_dir()
        };
        if !exists {
            return Err(bad("it does not exist (create it first)"));
        }
        lock(&self.shared.paths).insert(name, path);
        Ok(())
    }

    /// Electron's `app.requestSingleInstanceLock()`: true if this process is the app's only
    /// instance (it now holds the lock, until it exits or calls
    /// [`App::release_single_instance_lock`]), false if another instance holds it. The lock is an
    /// advisory file lock keyed by the app's [name](crate::AppBuilder::name), or by its kept
    /// [profile](crate::AppBuilder::user_data_dir); the kernel drops it when the process dies.
    /// When another instance holds it, that instance hears of this one (its
    /// [`App::on_second_instance`]) before this returns false.
    ///
    /// Fails with [`Error::SingleInstanceLock`] when the lock file or its directory cannot be
    /// created, opened or locked; also when that directory (outside a kept profile) is not this
    /// user's alone, and on platforms without advisory file locks.
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
        self.request_single_instance_lock_with(serde_json::Value::Null)
    }

    /// As [`App::request_single_instance_lock`], handing `additional_data` to the instance that
    /// holds the lock, if another does (Electron's `requestSingleInstanceLock(additionalData)`).
    /// Fails as [`App::request_single_instance_lock`] does.
    pub fn request_single_instance_lock_with(
        &self,
        additional_data: serde_json::Value,
    ) -> Result<bool> {
        let mut held = lock(&self.shared.single_instance);
        if held.is_some() {
            return Ok(true);
        }
        let path = crate::single_instance::lock_path(
            &self.name(),
            self.shared.options.user_data_dir.as_deref(),
        )?;
        let socket = crate::single_instance::socket_path(&path);
        let Some(file) = crate::single_instance::try_lock(&path)? else {
            tracing::debug!(path = %path.display(), "another instance holds the lock");
            let message = SecondInstance {
                argv: std::env::args().collect(),
                working_directory: std::env::current_dir().unwrap_or_default(),
                additional_data,
            };
            if let Err(error) = crate::single_instance::tell_first_instance(&socket, &message) {
                tracing::warn!(socket = %socket.display(), %error, "could not tell the first instance");
            }
            return Ok(false);
        };
        let weak = Arc::downgrade(&self.shared);
        let channel = InstanceChannel::listen(socket.clone(), move |instance| {
            if let Some(app) = weak.upgrade() {
                app.listeners.second_instance.emit("second-instance", &instance);
            }
        })
        .map_err(|error| {
            tracing::warn!(socket = %socket.display(), %error, "later instances cannot reach this one");
        })
        .ok();
        tracing::debug!(path = %path.display(), "single-instance lock taken");
        *held = Some((channel, file));
        Ok(true)
    }

    /// `second-instance`: a later instance was refused the single-instance lock this app holds,
    /// with its command line, working directory and additional data. Apps usually show and focus
    /// their window.
    ///
    /// ```no_run
    /// # fn demo(app: &cathode::App) {
    /// app.on_second_instance(|instance| println!("opened again with {:?}", instance.argv));
    /// # }
    /// ```
    pub fn on_second_instance(
        &self,
        listener: impl Fn(&SecondInstance) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared.listeners.second_instance.add(false, listener)
    }

    /// True while this process holds the single-instance lock.
    pub fn has_single_instance_lock(&self) -> bool {
        lock(&self.shared.single_instance).is_some()
    }

    /// Releases the single-instance lock, if held: another instance may take it.
    pub fn release_single_instance_lock(&self) {
        lock(&self.shared.single_instance).take();
    }

    /// Makes every window's `prefers-color-scheme` answer `scheme`, now and in windows opened
    /// later (`None`: the browser's own answer). Electron's `nativeTheme.themeSource` drives it.
    ///
    /// ```no_run
    /// # fn demo(app: &cathode::App) {
    /// app.set_color_scheme(Some(cathode::ColorScheme::Dark));
    /// # }
    /// ```
    pub fn set_color_scheme(&self, scheme: Option<ColorScheme>) {
        *lock(&self.shared.color_scheme) = scheme;
        let Some(runtime) = self.shared.runtime.get() else {
            return;
        };
        for window in self.shared.windows() {
            runtime.spawn(async move {
                if let Err(error) = window.page.emulate_color_scheme(scheme).await {
                    tracing::debug!(window_id = window.id, %error, "could not set the colour scheme");
                }
            });
        }
    }

    /// What windows' `prefers-color-scheme` answers, as set by [`App::set_color_scheme`].
    pub fn color_scheme(&self) -> Option<ColorScheme> {
        *lock(&self.shared.color_scheme)
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

    /// The browser's process id, once running. On a [`SharedBrowser`], the shared browser's pid
    /// while the app runs on it.
    pub fn browser_pid(&self) -> Option<u32> {
        lock(&self.shared.browser)
            .as_ref()
            .map(Browser::pid)
            .or_else(|| self.shared.context().map(|context| context.browser_pid))
    }

    /// The browser context the app's windows live in, while it runs on a [`SharedBrowser`];
    /// `None` for an app with a browser of its own (its windows are in the browser's default
    /// context), and once the app has stopped.
    ///
    /// ```no_run
    /// # fn demo(app: cathode::App) {
    /// if let Some(context) = app.browser_context_id() {
    ///     println!("windows in browser context {context}");
    /// }
    /// # }
    /// ```
    pub fn browser_context_id(&self) -> Option<String> {
        self.shared.context().map(|context| context.id.clone())
    }

    /// The browser's profile directory, once running. `None` on a [`SharedBrowser`]: the app's
    /// data is kept in its browser context, in memory.
    pub fn user_data_dir(&self) -> Option<PathBuf> {
        lock(&self.shared.browser)
            .as_ref()
            .map(|browser| browser.user_data_dir().to_path_buf())
    }

    /// `ready`: the browser runs. Emitted before the ready callback of [`App::run`] starts.
    pub fn on_ready(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared.listeners.ready.add(false, move |_| listener())
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
            || listeners.second_instance.remove(id)
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
            destroy_window(&window);
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
            if !close_window(&window, CloseEvent::Emit).await {
                tracing::debug!(window_id = window.id, "quit cancelled by a window's close");
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
    /// Also fails with [`Error::AlreadyRun`] when called a second time, with [`Error::Browser`]
    /// when the browser cannot be found, started or set up (see [`cathode_cdp::find_browser`]),
    /// and with [`Error::NoLauncherPage`] when a browser with a display shows no launcher page in
    /// time.
    ///
    /// `ready` may fail with any error (`?` converts it): the error is kept as the source of
    /// [`Error::ReadyFailed`].
    ///
    /// When the app asked for it with [`App::relaunch`], the new instance starts as this returns
    /// (after the browser closed and the single-instance lock was released).
    pub async fn run<F, Fut>(&self, ready: F) -> Result<i32>
    where
        F: FnOnce(App) -> Fut,
        Fut: Future<Output = std::result::Result<(), BoxError>> + Send + 'static,
    {
        let outcome = self.run_until_exit(ready).await;
        if let Some(command) = lock(&self.shared.relaunch).take() {
            self.release_single_instance_lock();
            start_relaunched(&command);
        }
        outcome
    }

    /// Asks for a new instance of the app once this one exits (Electron's `app.relaunch`): run as
    /// `command` (program first), or with this process's own command line for `None`. It starts
    /// when [`App::run`] returns, whether the app quit or exited; the last call wins.
    ///
    /// ```no_run
    /// # fn demo(app: &cathode::App) {
    /// app.relaunch(None);
    /// app.exit(0);
    /// # }
    /// ```
    pub fn relaunch(&self, command: Option<Vec<String>>) {
        let command = command
            .filter(|command| !command.is_empty())
            .unwrap_or_else(|| {
                let mut own: Vec<String> = std::env::args().collect();
                if let Ok(exe) = std::env::current_exe() {
                    own[0] = exe.to_string_lossy().into_owned();
                }
                own
            });
        *lock(&self.shared.relaunch) = Some(command);
    }

    async fn run_until_exit<F, Fut>(&self, ready: F) -> Result<i32>
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

    async fn start_browser(&self) -> Result<BrowserEvents> {
        let options = &self.shared.options;
        if let Some(browser) = &options.shared_browser {
            return self.start_on_shared_browser(browser).await;
        }
        let headless = resolve_headless(options.headless);
        let _ = self.shared.headless.set(headless);
        let executable = cathode_cdp::find_browser(options.browser.as_deref())?;
        // Headful, a blank launcher page in a chromeless `--app` window opens every app window
        // (see `window.rs`); its unique title lets its OS window be found and hidden.
        let launcher_title = crate::launcher_window::launcher_title();
        let browser = Browser::launch(LaunchOptions {
            executable,
            headless,
            user_data_dir: options.user_data_dir.clone(),
            app_url: (!headless).then(|| format!("data:text/html,<title>{launcher_title}</title>")),
            extra_args: options.browser_args.clone(),
            ..LaunchOptions::default()
        })?;
        let link = BrowserLink::new(browser.connection().clone());
        tracing::debug!(pid = browser.pid(), headless, "browser started");
        *lock(&self.shared.browser) = Some(browser);
        let _ = self.shared.link.set(link.clone());
        let events = link.follow_targets(None).await?;
        if !headless {
            let launcher = attach_launcher(&link).await?;
            let _ = self.shared.launcher.set(launcher);
            let browser_pid = lock(&self.shared.browser).as_ref().map(Browser::pid);
            // The browser's X display: the one its command line names, else `DISPLAY`.
            let display = options
                .browser_args
                .iter()
                .rev()
                .find_map(|arg| arg.strip_prefix("--display="))
                .map(str::to_string);
            if let Some(pid) = browser_pid {
                let _ = self.shared.x11.set(crate::x11::BrowserDisplay {
                    pid,
                    display: display.clone(),
                    nonce: crate::renderer::random_hex(16),
                });
                tokio::task::spawn_blocking(move || {
                    hide_launcher_window(&launcher_title, pid, display.as_deref())
                });
            }
        }
        Ok(events)
    }

    /// Starts the app on a shared browser: a browser context of its own, and the target events
    /// of that context only.
    async fn start_on_shared_browser(&self, browser: &SharedBrowser) -> Result<BrowserEvents> {
        let options = &self.shared.options;
        let conflicting = [
            ("headless(false)", options.headless == Some(false)),
            ("browser", options.browser.is_some()),
            ("user_data_dir", options.user_data_dir.is_some()),
            ("browser_arg", !options.browser_args.is_empty()),
        ];
        if let Some((option, _)) = conflicting.into_iter().find(|(_, set)| *set) {
            return Err(Error::SharedBrowserOption { option });
        }
        let _ = self.shared.headless.set(true);
        let link = BrowserLink::new(browser.connection().clone());
        let _ = self.shared.link.set(link.clone());
        let id = link.create_context().await?;
        let events = link.follow_targets(Some(&id)).await?;
        tracing::debug!(browser_pid = browser.pid(), context = %id, "the app runs on a shared browser");
        // `run` starts an app once; were it set already, the new context is disposed of on drop.
        let _ = self
            .shared
            .browser_context
            .set(AppContext::new(link, id, browser.pid()));
        Ok(events)
    }

    async fn stop_browser(&self) {
        for window in self.shared.windows() {
            destroy_window(&window);
        }
        if let Some(context) = self.shared.browser_context.get() {
            // The browser keeps running for the other apps on it.
            if context.mark_disposed() {
                match tokio::time::timeout(DISPOSE_WAIT, context.link.dispose_context(&context.id))
                    .await
                {
                    Ok(Ok(())) => {
                        tracing::debug!(context = %context.id, "browser context disposed of")
                    }
                    Ok(Err(error)) => {
                        tracing::debug!(context = %context.id, %error, "the browser context was not disposed of")
                    }
                    Err(_) => {
                        tracing::debug!(context = %context.id, "the browser did not dispose of the context in time")
                    }
                }
            }
            return;
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
async fn attach_launcher(link: &BrowserLink) -> Result<Page> {
    let deadline = tokio::time::Instant::now() + LAUNCHER_WAIT;
    let target_id = loop {
        if let Some(found) = link.first_page().await? {
            break found;
        }
        if tokio::time::Instant::now() > deadline {
            return Err(Error::NoLauncherPage {
                waited: LAUNCHER_WAIT,
            });
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (launcher, _events) = link.attach(&target_id).await?;
    launcher.follow_events().await?;
    if let Ok(window) = link.os_window(&target_id).await {
        let minimized = WindowBounds {
            state: Some(WindowState::Minimized),
            ..WindowBounds::default()
        };
        if let Err(error) = link.set_os_window_bounds(&window, &minimized).await {
            tracing::debug!(%error, "could not minimise the launcher window");
        }
    }
    Ok(launcher)
}

/// Takes the launcher page's window (`title`, of the browser process `pid`, on the X `display`)
/// out of the window manager's lists once the browser has named it, and again whenever it comes
/// back within [`LAUNCHER_WAIT`] (the browser minimises it on a request cathode made earlier, and
/// a window manager that starts late would take it in); at once gives up without an X display
/// (the launcher then stays minimised).
fn hide_launcher_window(title: &str, pid: u32, display: Option<&str>) {
    let deadline = std::time::Instant::now() + LAUNCHER_WAIT;
    let mut withdrawn = false;
    while std::time::Instant::now() < deadline {
        match crate::launcher_window::withdraw(title, pid, display) {
            Ok(found) => {
                if found && !withdrawn {
                    tracing::debug!("the launcher window is withdrawn");
                }
                withdrawn |= found;
            }
            Err(error) => {
                return tracing::debug!(%error, "no X display to hide the launcher window from")
            }
        }
        std::thread::sleep(Duration::from_millis(if withdrawn { 250 } else { 50 }));
    }
    if !withdrawn {
        tracing::debug!("the launcher window was not found; it stays minimised");
    }
}

/// Starts the app's next instance (see [`App::relaunch`]), in a process group of its own so that
/// a signal to this one's group does not reach it.
fn start_relaunched(command: &[String]) {
    let mut process = std::process::Command::new(&command[0]);
    process
        .args(&command[1..])
        .stdin(std::process::Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut process, 0);
    match process.spawn() {
        Ok(child) => tracing::debug!(pid = child.id(), "relaunched"),
        Err(error) => {
            tracing::error!(program = command[0].as_str(), %error, "could not relaunch the app")
        }
    }
}

/// Follows browser-level events: windows closed by the user, crashed renderers, new popups, and
/// the browser itself going away.
async fn watch_browser(app: Arc<AppShared>, mut events: BrowserEvents) {
    // A shared browser's events go on after the app stops: the app stops following at its exit.
    let mut exit_code = app.exit_code.subscribe();
    loop {
        let event = tokio::select! {
            event = events.next() => event,
            _ = exit_code.wait_for(Option::is_some) => None,
        };
        let Some(event) = event else { break };
        match event {
            BrowserEvent::PageCreated {
                target_id,
                opener_id,
            } => {
                // Only a page the launcher opened is a new app window; a page's own popups are
                // not.
                let from_launcher = app
                    .launcher
                    .get()
                    .is_some_and(|launcher| opener_id.as_deref() == Some(launcher.target_id()));
                if from_launcher && app.window_for_target(&target_id).is_none() {
                    if let Some(waiter) = lock(&app.popup_waiter).take() {
                        let _ = waiter.send(target_id);
                    }
                } else if let Some(opener) = opener_id
                    .as_deref()
                    .and_then(|opener| app.window_for_target(opener))
                {
                    // A window's own popup: the opener's window-open handling decides.
                    opener.listeners.popup_created.emit("popup", &target_id);
                }
            }
            BrowserEvent::TitleChanged(info) => {
                if let Some(window) = app.window_for_target(&info.target_id) {
                    window.update_title(&info);
                }
            }
            BrowserEvent::Destroyed { target_id } => {
                if let Some(window) = app.window_for_target(&target_id) {
                    closed_by_browser(&window);
                }
            }
            BrowserEvent::Crashed {
                target_id,
                status,
                error_code,
            } => {
                if let Some(window) = app.window_for_target(&target_id) {
                    window.render_process_gone(&status, error_code);
                }
            }
        }
    }
    // The browser only goes away on its own before the app has an exit code.
    if app.exit_code.borrow().is_none() {
        tracing::error!("the browser exited unexpectedly; quitting");
        // Quitting first: the windows closing now must not start a quit of their own.
        lock(&app.state).quitting = true;
        for window in app.windows() {
            closed_by_browser(&window);
        }
        App::from_shared(app).exit(1);
    }
}

/// Tries to close a window as Electron's `win.close()` does, and waits for the outcome: `close`
/// (a listener may prevent it, now or after a deferral), then the page's `beforeunload` handlers
/// (one may keep the page: `will-prevent-unload`), then `closed`. True once the window is closed;
/// false when it stays.
pub(crate) async fn close_window(window: &Arc<WindowShared>, close_event: CloseEvent) -> bool {
    request_close(window, close_event).await.unwrap_or(true)
}

/// Whether closing a window emits its `close` event, or its caller did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CloseEvent {
    Emit,
    AlreadyEmitted,
}

/// Starts closing a window (see [`close_window`]); the receiver gets the outcome: true once the
/// window is closed, false when it stays (a `close` listener prevented it or the page kept it).
/// A close already under way is joined, without a second `close`. A `close` listener that
/// deferred its decision is waited for, at most the app's sync timeout (then the close goes on).
pub(crate) fn request_close(
    window: &Arc<WindowShared>,
    close_event: CloseEvent,
) -> oneshot::Receiver<bool> {
    let (outcome, receiver) = oneshot::channel();
    if window.check_alive().is_err() {
        let _ = outcome.send(true);
        return receiver;
    }
    if close_event == CloseEvent::AlreadyEmitted || window.closing.asked.load(Ordering::Acquire) {
        start_unload(window, outcome);
        return receiver;
    }
    let close = Verdict::default();
    window.listeners.close.emit("close", &close);
    if close.is_decided() {
        after_close_event(window, close.default_prevented(), outcome);
        return receiver;
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::debug!(
            window_id = window.id,
            "no runtime to wait for 'close'; closing"
        );
        destroy_window(window);
        let _ = outcome.send(true);
        return receiver;
    };
    let limit = sync_timeout(window);
    let window = Arc::clone(window);
    drop(runtime.spawn(async move {
        let prevented = close.settle(limit, "close").await;
        after_close_event(&window, prevented, outcome);
    }));
    receiver
}

/// The `close` listeners decided: the window stays, or its page is asked to unload.
fn after_close_event(window: &Arc<WindowShared>, prevented: bool, outcome: oneshot::Sender<bool>) {
    if prevented {
        tracing::debug!(
            window_id = window.id,
            "close prevented by a 'close' listener"
        );
        let _ = outcome.send(false);
    } else {
        start_unload(window, outcome);
    }
}

/// Asks the page to unload (see [`unload`]), or joins the unload under way; `outcome` hears how
/// it ends.
fn start_unload(window: &Arc<WindowShared>, outcome: oneshot::Sender<bool>) {
    if window.check_alive().is_err() {
        let _ = outcome.send(true);
        return;
    }
    let joined = {
        let mut waiters = lock(&window.closing.waiters);
        waiters.push(outcome);
        window.closing.asked.swap(true, Ordering::AcqRel)
    };
    if joined {
        return;
    }
    let attempt = window.closing.attempt.fetch_add(1, Ordering::AcqRel) + 1;
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => drop(runtime.spawn(unload(Arc::clone(window), attempt))),
        Err(_) => destroy_window(window),
    }
}

/// The app's sync timeout (zero once the app is gone).
fn sync_timeout(window: &WindowShared) -> Duration {
    window
        .app()
        .map_or(Duration::ZERO, |app| app.options.sync_timeout)
}

/// Has the browser close the page after its `beforeunload` handlers. The browser then closes the
/// target (`closed_by_browser`) or asks whether the page may stay (`web_contents::on_dialog`).
/// A page that cannot be asked, or gives no answer in time (a renderer stuck in a handler), is
/// closed at once: a window never stays open because its page hangs.
async fn unload(window: Arc<WindowShared>, attempt: u64) {
    if let Err(error) = window.page.close_after_unload_handlers().await {
        tracing::debug!(window_id = window.id, %error, "the page could not be asked to unload; closing it");
        destroy_window(&window);
        return;
    }
    let limit = sync_timeout(&window).saturating_mul(2);
    tokio::time::sleep(limit).await;
    let closing = &window.closing;
    if closing.asked.load(Ordering::Acquire) && closing.attempt.load(Ordering::Acquire) == attempt {
        tracing::warn!(
            window_id = window.id,
            ?limit,
            "the page did not unload in time; its window is closed"
        );
        destroy_window(&window);
    }
}

/// Closes a window at once: no `close` event, but `closed` is emitted.
pub(crate) fn destroy_window(window: &Arc<WindowShared>) {
    if !window.mark_destroyed() {
        return;
    }
    if let Ok(link) = window.app().and_then(|app| Ok(app.link()?.clone())) {
        let window_id = window.id;
        link.close_page(window.page.target_id().to_string(), move |error| {
            tracing::debug!(window_id, %error, "closing the page failed");
        });
    }
    finish_closed(window);
}

/// The browser closed the page (the user closed the window, the browser went away, or a close
/// of ours after the page's `beforeunload` handlers, whose `close` was already emitted).
fn closed_by_browser(window: &Arc<WindowShared>) {
    if !window.mark_destroyed() {
        return;
    }
    if !window.closing.asked.load(Ordering::Acquire) {
        // Too late to prevent: the window is gone already.
        window.listeners.close.emit("close", &Verdict::default());
    }
    finish_closed(window);
}

/// As in Electron: the window leaves the app's windows, `closed` is emitted, then
/// `window-all-closed` if it was the last (or the app quits, when nobody listens for that).
fn finish_closed(window: &Arc<WindowShared>) {
    tracing::debug!(window_id = window.id, "window closed");
    let app = window.app().ok();
    let was_last = app.as_ref().is_some_and(|app| app.forget_window(window.id));
    window.listeners.closed.emit("closed", &());
    if let (Some(app), true) = (app, was_last) {
        if app.listeners.window_all_closed.is_empty() {
            App::from_shared(app).quit();
        } else {
            app.listeners
                .window_all_closed
                .emit("window-all-closed", &());
        }
    }
    window.closing.settle(true);
}
