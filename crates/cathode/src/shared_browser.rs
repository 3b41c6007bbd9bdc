//! One browser for several apps: [`SharedBrowser`], and what an app on it does differently.
//!
//! An app normally launches a browser of its own in `App::run` and closes it when it quits. An app
//! built with [`crate::AppBuilder::shared_browser`] runs on a browser that is already running
//! instead:
//!
//! - it creates a browser context of its own (`Target.createBrowserContext`): cookies, storage and
//!   cache kept in memory and seen by no other app, and renderer processes of its own (Chromium
//!   never puts pages of two contexts in one process);
//! - it opens every window in that context (`Target.createTarget{browserContextId}`);
//! - it follows only its own targets among the browser's `Target.*` events: the browser session's
//!   events go to every app on the connection (`Session::subscribe`), and each app keeps the
//!   targets of its context;
//! - it takes its turn with the other apps for the browser's one trace (renderer pids);
//! - when it stops, it disposes of its context (the context's pages close) and leaves the browser
//!   running for the others.
//!
//! The shared browser is headless. It ends when its last handle is dropped (each app on it holds
//! one until the app is dropped) or at [`SharedBrowser::close`], and dies with this process in any
//! case (see `cathode_cdp::Browser`). If it ends while apps run on it, each of them exits with 1,
//! as an app whose own browser went away does.
//!
//! What an app on a shared browser reports: [`crate::App::is_headless`] is true;
//! [`crate::App::browser_pid`] is the shared browser's pid (killing it ends every app on it);
//! [`crate::App::user_data_dir`] is `None`, since the app's data lives in its context, in memory (the shared browser's own profile is
//! [`SharedBrowser::user_data_dir`]); `os_process_id` works as usual.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use cathode_cdp::{Browser, Connection, LaunchOptions};

use crate::error::Result;
use crate::listeners::lock;
use crate::page::BrowserLink;

/// A headless browser that several apps run on at once, each in a browser context of its own
/// (see [`crate::AppBuilder::shared_browser`]). A cheap, clonable handle; the browser is killed,
/// and its temporary profile removed, when the last handle is dropped or at [`SharedBrowser::close`].
///
/// It belongs to no tokio runtime: apps on it may run on different runtimes (each
/// `#[tokio::test]` has one of its own), and it may be launched outside of any.
///
/// ```no_run
/// use cathode::{App, BrowserWindow, SharedBrowser, WindowOptions};
/// # async fn demo() -> cathode::Result<()> {
/// let browser = SharedBrowser::launch()?;
/// for name in ["first", "second"] {
///     let app = App::builder().name(name).shared_browser(browser.clone()).build();
///     tokio::spawn(async move {
///         app.run(|app| async move {
///             BrowserWindow::new(&app, WindowOptions::default()).await?;
///             Ok(())
///         })
///         .await
///     });
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SharedBrowser {
    inner: Arc<SharedInner>,
}

struct SharedInner {
    /// `None` once closed.
    browser: Mutex<Option<Browser>>,
    connection: Connection,
    pid: u32,
    user_data_dir: PathBuf,
    /// Tracing is per browser and a second `Tracing.start` fails: one trace at a time across
    /// every app on this browser.
    tracing: Arc<tokio::sync::Mutex<()>>,
}

impl std::fmt::Debug for SharedBrowser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedBrowser")
            .field("pid", &self.inner.pid)
            .field("running", &self.is_running())
            .finish()
    }
}

impl SharedBrowser {
    /// Launches a headless browser (`CATHODE_BROWSER`, else a search of the usual places) with a
    /// temporary profile.
    ///
    /// ```no_run
    /// let browser = cathode::SharedBrowser::launch()?;
    /// println!("shared browser {}", browser.pid());
    /// # Ok::<(), cathode::Error>(())
    /// ```
    pub fn launch() -> Result<SharedBrowser> {
        SharedBrowser::launch_with_args(Vec::<String>::new())
    }

    /// As [`SharedBrowser::launch`], with more browser command-line flags: the flags an app of
    /// its own would get from [`crate::AppBuilder::browser_arg`] apply here to every app on the
    /// browser.
    ///
    /// ```no_run
    /// let browser = cathode::SharedBrowser::launch_with_args(["--js-flags=--expose-gc"])?;
    /// # Ok::<(), cathode::Error>(())
    /// ```
    pub fn launch_with_args<I, S>(args: I) -> Result<SharedBrowser>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let browser = Browser::launch(LaunchOptions {
            executable: cathode_cdp::find_browser(None)?,
            headless: true,
            user_data_dir: None,
            app_url: None,
            extra_args: args.into_iter().map(Into::into).collect(),
            ..LaunchOptions::default()
        })?;
        tracing::debug!(pid = browser.pid(), "shared browser started");
        Ok(SharedBrowser {
            inner: Arc::new(SharedInner {
                connection: browser.connection().clone(),
                pid: browser.pid(),
                user_data_dir: browser.user_data_dir().to_path_buf(),
                browser: Mutex::new(Some(browser)),
                tracing: Arc::default(),
            }),
        })
    }

    /// The browser's process id.
    pub fn pid(&self) -> u32 {
        self.inner.pid
    }

    /// The browser's own (temporary) profile directory. Apps on the browser keep their data in
    /// their browser contexts, in memory, not here.
    pub fn user_data_dir(&self) -> &Path {
        &self.inner.user_data_dir
    }

    /// The connection to the browser, for raw CDP calls
    /// (`connection().browser_session().call(...)`).
    pub fn connection(&self) -> &Connection {
        &self.inner.connection
    }

    /// The lock every app on this browser takes for a trace of its pages.
    pub(crate) fn tracing_lock(&self) -> Arc<tokio::sync::Mutex<()>> {
        Arc::clone(&self.inner.tracing)
    }

    /// True until the browser is closed or goes away.
    pub fn is_running(&self) -> bool {
        !self.inner.connection.is_closed() && lock(&self.inner.browser).is_some()
    }

    /// Kills the browser now and removes its temporary profile, without waiting for its other
    /// handles to be dropped: for a browser kept in a `static`, which is never dropped (call this
    /// at exit). Every app still on it exits with 1.
    ///
    /// ```no_run
    /// let browser = cathode::SharedBrowser::launch()?;
    /// browser.close();
    /// assert!(!browser.is_running());
    /// # Ok::<(), cathode::Error>(())
    /// ```
    pub fn close(&self) {
        drop(lock(&self.inner.browser).take());
    }
}

/// An app's browser context on a shared browser; disposed of when the app stops, or when the app
/// is dropped without stopping.
pub(crate) struct AppContext {
    pub(crate) link: BrowserLink,
    pub(crate) id: String,
    pub(crate) browser_pid: u32,
    disposed: AtomicBool,
}

impl AppContext {
    pub(crate) fn new(link: BrowserLink, id: String, browser_pid: u32) -> AppContext {
        AppContext {
            link,
            id,
            browser_pid,
            disposed: AtomicBool::new(false),
        }
    }

    /// True once the context is disposed of (or being disposed of).
    pub(crate) fn is_disposed(&self) -> bool {
        self.disposed.load(Ordering::Acquire)
    }

    /// Marks the context disposed of; true the first time only.
    pub(crate) fn mark_disposed(&self) -> bool {
        !self.disposed.swap(true, Ordering::AcqRel)
    }
}

impl Drop for AppContext {
    fn drop(&mut self) {
        if self.mark_disposed() {
            self.link.dispose_context_detached(&self.id);
        }
    }
}
