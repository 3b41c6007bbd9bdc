//! The one error type of the `cathode-js` crate.

/// Everything that can go wrong while hosting a main script.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The main script (or a module it required while loading) threw and nothing caught it.
    /// A syntax error is one too: its message and stack name the file and the line.
    #[error("Uncaught {message}")]
    Uncaught {
        /// The thrown value's `name: message` (or the value itself, formatted, when it is not an
        /// Error).
        message: String,
        /// The JavaScript stack, one `    at function (file:line:column)` line per frame; empty
        /// when the thrown value had none.
        stack: String,
    },
    /// The main script could not be found.
    #[error("cannot find the main script {path}: {source}")]
    MainNotFound {
        /// The path given.
        path: std::path::PathBuf,
        /// Why it could not be resolved.
        source: std::io::Error,
    },
    /// QuickJS itself failed (out of memory, or a failure while setting up the host).
    #[error("QuickJS: {0}")]
    Engine(#[from] rquickjs::Error),
    /// The host's event loop has ended: a job posted now will never run.
    #[error("the JavaScript event loop has stopped")]
    Stopped,
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
