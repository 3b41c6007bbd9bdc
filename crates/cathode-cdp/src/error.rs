//! The one error type of this crate.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong while finding, starting or talking to the browser.
#[derive(Debug, thiserror::Error)]
pub enum CdpError {
    /// No Chromium-based browser was found in any of the places searched.
    #[error(
        "no Chromium-based browser (Chrome, Chromium, Edge, Brave) was found; looked at: {}. \
         Install one (Debian/Ubuntu: `apt-get install chromium`) or set CATHODE_BROWSER to its path",
        searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    BrowserNotFound {
        /// Every path and command name that was tried, in order.
        searched: Vec<PathBuf>,
    },
    /// The browser executable exists but could not be started.
    #[error("could not start the browser at {path}: {source}")]
    Launch {
        /// The executable that failed to start.
        path: PathBuf,
        /// Why the operating system refused.
        source: io::Error,
    },
    /// The browser has exited or closed its end of the pipe.
    #[error("the browser connection is closed (did the browser exit?)")]
    ConnectionClosed,
    /// The browser answered a command with an error.
    #[error("{method} failed: {message} (code {code})")]
    Protocol {
        /// The CDP method that was called.
        method: String,
        /// The protocol error code.
        code: i64,
        /// The browser's message.
        message: String,
    },
    /// The browser's answer did not have the expected shape.
    #[error("could not decode the answer to {method}: {source}")]
    Decode {
        /// The CDP method whose answer was malformed.
        method: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// A command's parameters could not be encoded as JSON.
    #[error("could not encode the parameters of {method}: {source}")]
    Encode {
        /// The CDP method being called.
        method: String,
        /// The encoding error.
        source: serde_json::Error,
    },
    /// Writing to or setting up the pipe failed.
    #[error("browser pipe I/O failed: {0}")]
    Io(#[from] io::Error),
    /// Launching over a pipe is not implemented on this platform.
    #[error("starting a browser over a private pipe is not supported on this platform yet")]
    UnsupportedPlatform,
}
