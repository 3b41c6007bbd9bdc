//! Where `console.*` and `process.stdout/stderr.write` output goes: stdout/stderr, or a test's sink.

use std::io::Write;

/// Which standard stream a piece of console output belongs to, as in Node: `console.log`,
/// `info`, `debug`, `dir` and `process.stdout.write` go to [`Stream::Stdout`]; `console.warn`,
/// `error`, `trace` and `process.stderr.write` go to [`Stream::Stderr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// Receives everything the script prints. `text` is exactly what Node would write: one
/// `console.log` call gives its formatted line *with* the trailing `\n`; `process.stdout.write`
/// gives its text as is. Called on the JavaScript thread, so it need not be `Send`.
///
/// Any `Fn(Stream, &str)` closure is a sink:
///
/// ```
/// use std::{cell::RefCell, rc::Rc};
/// use cathode_js::{JsHost, Stream};
///
/// let out = Rc::new(RefCell::new(String::new()));
/// let sink = out.clone();
/// let host = JsHost::builder()
///     .console(move |stream: Stream, text: &str| {
///         if stream == Stream::Stdout {
///             sink.borrow_mut().push_str(text)
///         }
///     })
///     .build()
///     .unwrap();
/// # drop(host);
/// ```
pub trait ConsoleSink: 'static {
    /// Writes `text` to `stream`.
    fn write(&self, stream: Stream, text: &str);
}

impl<F: Fn(Stream, &str) + 'static> ConsoleSink for F {
    fn write(&self, stream: Stream, text: &str) {
        self(stream, text)
    }
}

/// The default sink: the process's own stdout and stderr.
#[derive(Clone, Copy, Debug, Default)]
pub struct StdioSink;

impl ConsoleSink for StdioSink {
    fn write(&self, stream: Stream, text: &str) {
        // A closed pipe (`cathode run app | head`) must not bring the host down.
        let _ = match stream {
            Stream::Stdout => std::io::stdout().lock().write_all(text.as_bytes()),
            Stream::Stderr => std::io::stderr().lock().write_all(text.as_bytes()),
        };
    }
}
