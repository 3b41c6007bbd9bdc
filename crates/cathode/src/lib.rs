//! Electron's main/renderer process model in Rust.
//!
//! A main process (your program) creates [`BrowserWindow`]s; each window's page runs in its own
//! renderer process of the user's Chromium-based browser, driven over a private DevTools pipe.
//! Main and pages talk through asynchronous IPC: in a page,
//! `require('electron').ipcRenderer.send(channel, ...args)` and `.on(channel, listener)`; in main,
//! [`IpcMain::on`] and [`WebContents::send`].
//!
//! ```no_run
//! use cathode::{App, BrowserWindow, WindowOptions};
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
//!             let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
//!             window.load_file("index.html").await?;
//!             Ok(())
//!         })
//!         .await?;
//!     std::process::exit(code)
//! }
//! ```

mod app;
mod envelope;
mod error;
mod frames;
mod invoke_error;
mod ipc;
mod listeners;
mod remote;
mod single_instance;
mod web_contents;
mod window;

pub use app::{App, AppBuilder, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_SYNC_TIMEOUT, HEADLESS_ENV};
pub use cathode_cdp::CdpError;
pub use error::{BoxError, Error, Result};
pub use frames::SenderFrame;
pub use invoke_error::InvokeError;
pub use ipc::{HandlerOutcome, IpcArgs, IpcEvent, IpcMain};
pub use listeners::{ListenerId, Preventable};
pub use remote::{
    Member, MemberKind, RemoteCall, RemoteCallback, RemoteError, RemoteFuture, RemoteModule,
    RemoteObject, RemoteObjectBuilder, RemoteResolver, RemoteValue, SharedObject,
};
pub use web_contents::{
    ConsoleLevel, ConsoleMessage, LoadFailure, RenderProcessGone, RenderProcessGoneReason,
    WebContents,
};
pub use window::{BrowserWindow, Rectangle, WebPreferences, WindowOptions};
