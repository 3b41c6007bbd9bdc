//! The one error type of the `cathode` crate.

/// Everything that can go wrong in the cathode API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Finding, starting or talking to the browser failed.
    #[error(transparent)]
    Browser(#[from] cathode_cdp::CdpError),
    /// The window (and its page) was closed or destroyed.
    #[error("window {window_id} has been destroyed")]
    WindowDestroyed {
        /// The window's id.
        window_id: u32,
    },
    /// The window's renderer process went away while waiting for it.
    #[error("the renderer process of window {window_id} is gone")]
    RenderProcessGone {
        /// The window's id.
        window_id: u32,
    },
    /// A page failed to load (the `did-fail-load` event carries the same facts).
    #[error("loading {url} failed: {description} ({code})")]
    LoadFailed {
        /// The URL that failed.
        url: String,
        /// Chromium's net error code, e.g. -6 for `ERR_FILE_NOT_FOUND`.
        code: i32,
        /// Chromium's net error name, e.g. `ERR_FILE_NOT_FOUND`.
        description: String,
    },
    /// The app this window belonged to was dropped: nothing can reach the browser any more.
    #[error("window {window_id} outlived its app")]
    AppGone {
        /// The window's id.
        window_id: u32,
    },
    /// A headful window did not appear: the browser opened no app window for it in time.
    #[error("the browser did not open an app window within {waited:?}")]
    WindowNotOpened {
        /// How long cathode waited.
        waited: std::time::Duration,
    },
    /// A headful browser started without the page that app windows are opened from.
    #[error("the browser showed no launcher page within {waited:?}")]
    NoLauncherPage {
        /// How long cathode waited.
        waited: std::time::Duration,
    },
    /// The browser's trace of a page named no renderer process for it.
    #[error(
        "the renderer process of window {window_id} could not be found in the browser's trace"
    )]
    RendererPidUnknown {
        /// The window's id.
        window_id: u32,
    },
    /// JavaScript run with `execute_javascript` threw.
    #[error("JavaScript error in window {window_id}: {message}")]
    Javascript {
        /// The window's id.
        window_id: u32,
        /// The thrown error's message (with its stack when there is one).
        message: String,
    },
    /// The page sent arguments that do not fit the handler's argument type.
    #[error("IPC channel '{channel}': the arguments {received} do not match the handler's type `{expected}`: {reason}")]
    ArgumentType {
        /// The channel.
        channel: String,
        /// The Rust type the handler takes.
        expected: &'static str,
        /// The arguments as they came (shortened).
        received: String,
        /// What serde said.
        reason: String,
    },
    /// [`WebContents::invoke`](crate::WebContents::invoke) got no answer from the page: it has
    /// no handler for the channel, the handler threw, the answer does not fit the type asked
    /// for, the page went away or did not answer in time.
    #[error("invoke of '{channel}' in window {window_id}: {reason}")]
    PageInvoke {
        /// The window's id.
        window_id: u32,
        /// The channel.
        channel: String,
        /// Why.
        reason: String,
    },
    /// `IpcMain::handle` was called for a channel that already has a handler.
    #[error("attempted to register a second handler for '{channel}'")]
    HandlerExists {
        /// The channel.
        channel: String,
    },
    /// A message is larger than the app's limit (`AppBuilder::max_message_size`).
    #[error("the IPC message on '{channel}' is {size} bytes, over the {limit}-byte limit")]
    MessageTooLarge {
        /// The channel.
        channel: String,
        /// The message's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// `BrowserWindow::call_method` was asked for a method it does not know, or with arguments
    /// that do not fit.
    #[error("BrowserWindow.{method}: {reason}")]
    BadMethodCall {
        /// The method's JavaScript name.
        method: String,
        /// What is wrong.
        reason: String,
    },
    /// A web contents tool was given an argument it cannot use (a capture rectangle without
    /// area, a print scale out of range, a zoom factor that is not positive), or an image could
    /// not be read or encoded.
    #[error("{what}: {reason}")]
    BadArgument {
        /// What was asked for (`capturePage`, `toJPEG`, `printToPDF`, ...).
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// Values to send could not be turned into JSON.
    #[error("cannot encode the arguments for channel '{channel}': {source}")]
    Encode {
        /// The channel.
        channel: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// An API that needs a running app was called before `App::run` started the browser.
    #[error("the app is not ready: call this from `App::run`'s ready callback or after it")]
    NotReady,
    /// `App::run` was called a second time.
    #[error("the app has already been run")]
    AlreadyRun,
    /// The single-instance lock file (or its directory) could not be opened or locked.
    #[error("cannot take the single-instance lock at {}: {source}", path.display())]
    SingleInstanceLock {
        /// The lock file or the directory it belongs in.
        path: std::path::PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// An app set to run on a shared browser was also given an option that only a browser of its
    /// own can have.
    #[error("the app runs on a shared browser, which it does not launch: its `{option}` option cannot apply (launch the SharedBrowser with what it needs, or give the app a browser of its own)")]
    SharedBrowserOption {
        /// The builder option, e.g. `user_data_dir`.
        option: &'static str,
    },
    /// `App::path` of a folder this platform does not have (no desktop folder, say).
    #[error("Failed to get '{name}' path")]
    PathUnknown {
        /// Electron's name for the folder.
        name: &'static str,
    },
    /// `App::set_path` with a path that is not an existing folder's absolute path.
    #[error("cannot set the '{name}' path to {}: {reason}", path.display())]
    BadPath {
        /// Electron's name for the folder.
        name: &'static str,
        /// The path given.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The ready callback given to `App::run` failed (or panicked).
    #[error("the ready callback failed: {source}")]
    ReadyFailed {
        /// The callback's error.
        source: BoxError,
    },
}

/// Any error, boxed: what the ready callback of `App::run` may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `Result` with cathode's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
