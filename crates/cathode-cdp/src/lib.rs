//! The Chrome DevTools Protocol over a private pipe: find a Chromium-based browser, start it with
//! `--remote-debugging-pipe` (never a TCP port), and talk to it with typed commands and events.
//!
//! This crate knows nothing of windows or IPC; `cathode` builds those on top of it.
//!
//! ```no_run
//! use cathode_cdp::protocol::{page, target};
//! use cathode_cdp::{find_browser, Browser, LaunchOptions};
//! # async fn demo() -> Result<(), cathode_cdp::CdpError> {
//! let browser = Browser::launch(LaunchOptions {
//!     executable: find_browser(None)?,
//!     headless: true,
//!     ..LaunchOptions::default()
//! })?;
//! let root = browser.connection().browser_session();
//! let created = root
//!     .call(&target::CreateTarget { url: "about:blank".into(), ..Default::default() })
//!     .await?;
//! let attached = root
//!     .call(&target::AttachToTarget { target_id: created.target_id, flatten: true })
//!     .await?;
//! let page = browser.connection().session(&attached.session_id);
//! page.call(&page::Navigate::new("data:text/html,hello")).await?;
//! # Ok(()) }
//! ```

pub mod base64;
pub mod cbor;
mod connection;
mod discover;
mod error;
mod launch;
pub mod protocol;
pub mod sync;

pub use connection::{Connection, Event, EventReceiver, Session, Wire, WIRE_ENV};
pub use discover::{find_browser, BROWSER_ENV};
pub use error::CdpError;
pub use launch::{Browser, LaunchOptions};
