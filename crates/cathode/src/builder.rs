//! `AppBuilder`: the app's options and plugins, and building the app.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::app::App;
use crate::ipc::{IpcMain, IpcPlugin};
use crate::plugin::{Plugin, PluginRegistry};
use crate::shared_browser::SharedBrowser;
use crate::state::{AppOptions, AppShared};

/// Builds an [`App`].
///
/// ```no_run
/// let app = cathode::App::builder().headless(true).build();
/// ```
#[derive(Clone)]
pub struct AppBuilder {
    options: AppOptions,
    plugins: Vec<Arc<dyn Plugin>>,
}

impl std::fmt::Debug for AppBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plugins: Vec<&str> = self.plugins.iter().map(|plugin| plugin.name()).collect();
        f.debug_struct("AppBuilder")
            .field("options", &self.options)
            .field("plugins", &plugins)
            .finish()
    }
}

/// The default limit on one IPC message: 32 MiB of JSON, enough for a 10 MiB payload even when
/// its encoding doubles it, small enough that one message cannot exhaust the browser pipe.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 32 * 1024 * 1024;

/// How long a page waits in `sendSync` for a return value by default.
pub const DEFAULT_SYNC_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for AppBuilder {
    fn default() -> Self {
        AppBuilder {
            options: AppOptions {
                headless: None,
                browser: None,
                user_data_dir: None,
                browser_args: Vec::new(),
                name: None,
                version: None,
                max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
                sync_timeout: DEFAULT_SYNC_TIMEOUT,
                shared_browser: None,
            },
            plugins: Vec::new(),
        }
    }
}

impl AppBuilder {
    /// Runs without windows (default: `CATHODE_HEADLESS`, else headless only without a display).
    pub fn headless(mut self, headless: bool) -> Self {
        self.options.headless = Some(headless);
        self
    }

    /// The browser executable (default: `CATHODE_BROWSER`, else a search of the usual places).
    pub fn browser(mut self, path: impl Into<PathBuf>) -> Self {
        self.options.browser = Some(path.into());
        self
    }

    /// A profile directory to keep (default: a temporary one, removed at exit).
    pub fn user_data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.options.user_data_dir = Some(dir.into());
        self
    }

    /// One more browser command-line flag, e.g. `--js-flags=--expose-gc`.
    pub fn browser_arg(mut self, arg: impl Into<String>) -> Self {
        self.options.browser_args.push(arg.into());
        self
    }

    /// The app's name (default: the executable's file name), as `app.getName()` gives it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.options.name = Some(name.into());
        self
    }

    /// The app's version (default `0.0.0`), as `app.getVersion()` gives it.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.options.version = Some(version.into());
        self
    }

    /// The largest IPC message accepted, in bytes of JSON, in both directions (default
    /// [`DEFAULT_MAX_MESSAGE_SIZE`]). Larger ones are refused with an error to the sender.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.options.max_message_size = bytes;
        self
    }

    /// How long a page's `sendSync` waits for a listener to set a return value before it throws
    /// (default [`DEFAULT_SYNC_TIMEOUT`]). Electron waits forever, freezing the page.
    pub fn sync_timeout(mut self, timeout: Duration) -> Self {
        self.options.sync_timeout = timeout;
        self
    }

    /// Runs the app on `browser`, already running and shared with other apps, instead of
    /// launching one of its own: the app gets a browser context of its own for its windows, and
    /// leaves the browser running when it quits. The app is headless; the options that launch a
    /// browser ([`AppBuilder::browser`], [`AppBuilder::user_data_dir`],
    /// [`AppBuilder::browser_arg`], `headless(false)`) make [`App::run`] fail with
    /// [`crate::Error::SharedBrowserOption`]. See [`SharedBrowser`].
    ///
    /// ```no_run
    /// # fn demo() -> cathode::Result<()> {
    /// let browser = cathode::SharedBrowser::launch()?;
    /// let app = cathode::App::builder().shared_browser(browser.clone()).build();
    /// # Ok(()) }
    /// ```
    pub fn shared_browser(mut self, browser: SharedBrowser) -> Self {
        self.options.shared_browser = Some(browser);
        self
    }

    /// Adds a plugin (see [`Plugin`]): its renderer scripts go into every window's pages, and
    /// it answers the request kinds it reserves. Plugins run in the order they were added.
    ///
    /// ```no_run
    /// # fn demo(plugin: impl cathode::Plugin) {
    /// let app = cathode::App::builder().plugin(plugin).build();
    /// # }
    /// ```
    pub fn plugin(mut self, plugin: impl Plugin) -> Self {
        self.plugins.push(Arc::new(plugin));
        self
    }

    /// The app, not started yet: register listeners, then call [`App::run`].
    ///
    /// Panics when two plugins reserve the same request kind: that is a programming error, found
    /// the first time the app is built.
    pub fn build(self) -> App {
        let app = App::from_shared(Arc::new(AppShared::new(self.options)));
        let ipc = IpcMain::default();
        app.manage(ipc.clone());
        let mut plugins: Vec<Arc<dyn Plugin>> = vec![Arc::new(IpcPlugin::new(ipc))];
        plugins.extend(self.plugins);
        for plugin in &plugins {
            plugin.setup(&app);
        }
        let registry = PluginRegistry::new(plugins)
            .unwrap_or_else(|kind| panic!("two plugins reserve the request kind '{kind}'"));
        app.manage(registry);
        app
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
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}
