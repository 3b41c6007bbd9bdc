//! The QuickJS host for Electron-style main scripts.
//!
//! [`JsHost`] runs an app's main script (the `main` of its `package.json`) the way Node runs it in
//! Electron's main process: CommonJS `require` with Node's resolution and caching, `console`
//! formatted like Node's, timers, `process`, Node's globals (`Buffer`, `URL`, `TextEncoder`,
//! `structuredClone`, `AbortController`, `crypto`) and built-ins (`fs`, `os`, `child_process`,
//! `crypto`, `stream`, `util`, `assert`, `url`, ... with their OS work in Rust), packages in
//! `node_modules` and ES modules, all driven by one event loop that is an ordinary future on the
//! current thread, so other work (windows, IPC) runs beside it. Node built-ins the main process
//! does not offer (`http`, `net`, ...) throw a clear error; the embedder adds its own modules
//! (`electron`) with [`JsHost::register_module`] and reaches the JavaScript thread from anywhere
//! through a [`JsHandle`].
//!
//! ```no_run
//! use cathode_js::JsHost;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> anyhow::Result<()> {
//!     let host = JsHost::builder().args(std::env::args().skip(2)).build()?;
//!     host.register_module("greeting", |ctx| {
//!         rquickjs::String::from_str(ctx.clone(), "hello").map(|s| s.into_value())
//!     });
//!     let handle = host.handle();
//!     tokio::spawn(async move {
//!         // Another task reaches into JavaScript.
//!         let _ = handle.post(|ctx| ctx.eval::<(), _>("console.log('posted')"));
//!     });
//!     let code = host.run("app/main.js").await?;
//!     std::process::exit(code)
//! }
//! ```

mod bytes;
mod child;
mod console;
mod defaults;
mod desktop;
pub mod electron;
mod error;
mod fs;
mod handle;
mod hash;
mod hooks;
mod host;
mod modules;
mod os;
mod page_node;
mod ports;
mod remote;
mod resolve;
mod watch;

pub use console::{ConsoleSink, StdioSink, Stream};
pub use defaults::ElectronDefaults;
pub use error::{Error, Result};
pub use handle::{Job, JsHandle, KeepAlive};
pub use host::{require, JsHost, JsHostBuilder, ModuleFactory, QUICKJS_VERSION};
pub use page_node::PageNodePlugin;
pub use rquickjs;
