//! The one error type of the desktop modules.

/// What can go wrong in a desktop module. Each variant says what was asked and why it failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request was refused before anything ran (a URL with a scheme that is not opened, a
    /// path that is not absolute, ...).
    #[error("{0}")]
    Refused(String),
    /// There is no display (neither `DISPLAY` nor `WAYLAND_DISPLAY` is set, or the display cannot
    /// be reached).
    #[error("no display: {0}")]
    NoDisplay(String),
    /// The clipboard could not be read or written.
    #[error("clipboard: {0}")]
    Clipboard(String),
    /// No program could open the URL or path.
    #[error("could not open '{target}': {reason}")]
    Open {
        /// The URL or path.
        target: String,
        /// Why.
        reason: String,
    },
    /// Moving a file to the trash failed.
    #[error("could not move '{path}' to the trash: {reason}")]
    Trash {
        /// The path.
        path: String,
        /// Why.
        reason: String,
    },
    /// The D-Bus session bus, or the service asked for on it, is not there.
    #[error("D-Bus: {0}")]
    Bus(String),
    /// The page asked for the display's details did not answer as expected.
    #[error("screen: {0}")]
    Screen(String),
}

/// The result of a desktop module call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
