//! Electron's main/renderer process model in Rust.
//!
//! A main process (your program) creates [`BrowserWindow`]s; each window's page runs in its own
//! renderer process of the user's Chromium-based browser, driven over a private DevTools pipe.
//! Main and pages talk through asynchronous IPC: in a window's preload (run in an isolated world
//! before the page's scripts, see [`WebPreferences`]),
//! `require('electron').ipcRenderer.send(channel, ...args)` and `.on(channel, listener)`; in main,
//! [`IpcMain::on`] and [`WebContents::send`].
//!
//! ```no_run
//! use cathode::{App, BrowserWindow, WebPreferences, WindowOptions};
//!
//! #[tokio::main]
//! async fn main() -> anyhow::Result<()> {
//!     let app = App::builder().build();
//!     app.ipc_main().on("ping", |event, text: String| {
//!         println!("page says {text}");
//!         event.reply("pong", text.len())
//!     });
//!     let code = app
//!         .run(|app| async move {
//!             let preload = std::path::absolute("preload.js")?;
//!             let options = WindowOptions {
//!                 web_preferences: WebPreferences::default().preload(preload),
//!                 ..WindowOptions::default()
//!             };
//!             let window = BrowserWindow::new(&app, options).await?;
//!             window.load_file("index.html").await?;
//!             Ok(())
//!         })
//!         .await?;
//!     std::process::exit(code)
//! }
//! ```

mod app;
mod builder;
mod bytes;
mod envelope;
mod error;
mod events;
mod extensions;
mod frames;
mod inbound;
mod ipc;
mod launcher_window;
mod listeners;
mod options;
mod page;
mod page_events;
mod panics;
mod paths;
mod pieces;
mod plugin;
mod renderer;
mod shared_browser;
mod single_instance;
mod state;
pub mod value;
mod web_contents;
mod window;
mod x11;

pub use app::{App, WeakApp, HEADLESS_ENV};
pub use builder::{AppBuilder, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_SYNC_TIMEOUT};
pub use cathode_cdp::{base64, sync, CdpError};
pub use envelope::{IpcArgs, Outcome, PageError};
pub use error::{BoxError, Error, Result};
pub use events::{
    ConsoleLevel, ConsoleMessage, DocumentReset, LoadFailure, PreloadError, RenderProcessGone,
    RenderProcessGoneReason, SecondInstance,
};
pub use events::{WindowOpenDetails, WindowOpenDisposition};
pub use frames::SenderFrame;
pub use ipc::{decode_args, HandlerOutcome, InvokeError, IpcEvent, IpcMain, PAGE_INVOKE_TIMEOUT};
pub use ipc::{MessageChannelMain, MessagePortMain, PortMessage};
pub use listeners::{ListenerId, Preventable};
pub use options::{
    BridgedFunction, Color, ColorScheme, MainWorldApi, Rectangle, WebPreferences, WindowOptions,
};
pub use page_events::{
    Deferral, InPageNavigation, Navigated, NavigationStarted, PageTitleUpdated, Verdict,
    WillNavigate,
};
pub use paths::PathName;
pub use plugin::{PageMessage, Plugin, RefusedMessage, RendererScript, RequestFuture};
pub use renderer::{ELECTRON_VERSION, NODE_VERSION};
pub use shared_browser::SharedBrowser;
pub use value::{BytesKind, Value, ValueError};
pub use web_contents::WebContents;
pub use web_contents::{
    EditCommand, FindOptions, FoundInPage, InputEvent, InputKind, MouseButton, StopFindAction,
    AUTO_OPEN_DEVTOOLS,
};
pub use web_contents::{
    ImageSize, NativeImage, NavigationEntry, NavigationHistory, PdfMargins, PdfOptions,
};
pub use window::WindowOpenAction;
pub use window::{Applied, BrowserWindow, WeakBrowserWindow, WindowEvent};
pub use window::{BeforeInputEvent, KeyInput, ZoomDirection};
