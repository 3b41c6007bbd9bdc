//! Electron's desktop modules for cathode apps: [`shell`], [`clipboard`], [`dialog`],
//! [`notification`], [`theme`] (`nativeTheme`), [`screen`], [`power`] (`powerSaveBlocker`), what
//! [`app`] tells of the system, and the app as a URL scheme's handler ([`protocol`]).
//!
//! Each module is Electron's, with Rust types; options and results that Electron passes as
//! objects serialize to Electron's JSON shape, so the `cathode` command hands them to
//! JavaScript unchanged. Nothing here needs GTK: dialogs go through the xdg-desktop-portal (or
//! `zenity`), notifications and inhibitions through D-Bus, the clipboard through X11. Where the
//! desktop lacks what a module needs, calls fail at once with a clear [`Error`], or, for
//! dialogs, return Electron's canceled result and log why: nothing waits for a desktop that is
//! not there.
//!
//! ```no_run
//! # async fn demo() -> cathode_desktop::Result<()> {
//! use cathode_desktop::{clipboard, dialog, shell};
//! shell::open_external("https://example.com/").await?;
//! clipboard::write_text("copied")?;
//! let picked = dialog::show_open_dialog(dialog::OpenDialogOptions::default()).await;
//! if !picked.canceled {
//!     println!("{:?}", picked.file_paths);
//! }
//! # Ok(()) }
//! ```

pub mod app;
mod bus;
pub mod clipboard;
pub mod dialog;
mod error;
pub mod notification;
pub mod power;
pub mod protocol;
pub mod screen;
pub mod shell;
pub mod theme;

pub use error::{Error, Result};
