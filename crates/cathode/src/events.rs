//! The facts that events carry: a failed load, a console message, a renderer gone, a second
//! instance.

use std::path::PathBuf;

use crate::error::Error;

/// Why a page did not load (`did-fail-load`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    /// Chromium's net error code, e.g. -6.
    pub code: i32,
    /// Chromium's net error name, e.g. `ERR_FILE_NOT_FOUND`.
    pub description: String,
    /// The URL that failed.
    pub url: String,
}

impl LoadFailure {
    pub(crate) fn from_net_error(error_text: &str, url: &str) -> LoadFailure {
        let description = error_text.trim_start_matches("net::").to_string();
        LoadFailure {
            code: net_error_code(&description),
            description,
            url: url.to_string(),
        }
    }

    pub(crate) fn into_error(self) -> Error {
        Error::LoadFailed {
            url: self.url,
            code: self.code,
            description: self.description,
        }
    }
}

/// A preload that did not run, or threw (`preload-error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreloadError {
    /// The preload's path, as the window's preferences gave it.
    pub path: String,
    /// The error's name (`Error`, `TypeError`, `SyntaxError`, ...).
    pub name: String,
    /// The error's message.
    pub message: String,
    /// The error's stack, as the page's JavaScript engine wrote it (empty when it has none).
    pub stack: String,
}

/// A console message's level, as Electron numbers them (0 to 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConsoleLevel {
    /// `console.debug` (0).
    Debug = 0,
    /// `console.log`, `console.info` and the rest (1).
    Info = 1,
    /// `console.warn` (2).
    Warning = 2,
    /// `console.error`, failed `console.assert` (3).
    Error = 3,
}

/// A message the page wrote to its console (`console-message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleMessage {
    /// Its level.
    pub level: ConsoleLevel,
    /// The arguments, formatted and joined with spaces.
    pub message: String,
    /// The line (from 1) of the call, 0 when unknown.
    pub line: u32,
    /// The URL of the script that called it.
    pub source: String,
}

/// Why a page's renderer process went away, with Electron's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderProcessGoneReason {
    /// `clean-exit`.
    CleanExit,
    /// `abnormal-exit`.
    AbnormalExit,
    /// `killed`.
    Killed,
    /// `crashed`.
    Crashed,
    /// `oom`.
    Oom,
    /// `launch-failed`.
    LaunchFailed,
    /// `integrity-failure`.
    IntegrityFailure,
}

impl RenderProcessGoneReason {
    /// Electron's string for this reason.
    pub fn as_str(self) -> &'static str {
        match self {
            RenderProcessGoneReason::CleanExit => "clean-exit",
            RenderProcessGoneReason::AbnormalExit => "abnormal-exit",
            RenderProcessGoneReason::Killed => "killed",
            RenderProcessGoneReason::Crashed => "crashed",
            RenderProcessGoneReason::Oom => "oom",
            RenderProcessGoneReason::LaunchFailed => "launch-failed",
            RenderProcessGoneReason::IntegrityFailure => "integrity-failure",
        }
    }

    pub(crate) fn from_chromium_status(status: &str) -> RenderProcessGoneReason {
        match status {
            "normal" | "normal termination" => RenderProcessGoneReason::CleanExit,
            "abnormal" | "abnormal termination" => RenderProcessGoneReason::AbnormalExit,
            "killed" => RenderProcessGoneReason::Killed,
            "oom" | "out of memory" | "killed by OOM" => RenderProcessGoneReason::Oom,
            "launch failed" | "failed to launch" => RenderProcessGoneReason::LaunchFailed,
            "integrity failure" => RenderProcessGoneReason::IntegrityFailure,
            _ => RenderProcessGoneReason::Crashed,
        }
    }
}

/// The renderer process of a page went away (`render-process-gone`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderProcessGone {
    /// Why.
    pub reason: RenderProcessGoneReason,
    /// The process's exit code or signal, as Chromium reports it.
    pub exit_code: i64,
}

/// Chromium's net error codes for the errors a load commonly ends with (net_error_list.h).
fn net_error_code(name: &str) -> i32 {
    match name {
        "ERR_IO_PENDING" => -1,
        "ERR_ABORTED" => -3,
        "ERR_INVALID_ARGUMENT" => -4,
        "ERR_FILE_NOT_FOUND" => -6,
        "ERR_TIMED_OUT" => -7,
        "ERR_FILE_TOO_BIG" => -8,
        "ERR_ACCESS_DENIED" => -10,
        "ERR_BLOCKED_BY_CLIENT" => -20,
        "ERR_BLOCKED_BY_RESPONSE" => -27,
        "ERR_CONNECTION_CLOSED" => -100,
        "ERR_CONNECTION_RESET" => -101,
        "ERR_CONNECTION_REFUSED" => -102,
        "ERR_CONNECTION_ABORTED" => -103,
        "ERR_CONNECTION_FAILED" => -104,
        "ERR_NAME_NOT_RESOLVED" => -105,
        "ERR_INTERNET_DISCONNECTED" => -106,
        "ERR_ADDRESS_INVALID" => -108,
        "ERR_ADDRESS_UNREACHABLE" => -109,
        "ERR_CONNECTION_TIMED_OUT" => -118,
        "ERR_CERT_COMMON_NAME_INVALID" => -200,
        "ERR_CERT_DATE_INVALID" => -201,
        "ERR_CERT_AUTHORITY_INVALID" => -202,
        "ERR_INVALID_URL" => -300,
        "ERR_DISALLOWED_URL_SCHEME" => -301,
        "ERR_UNKNOWN_URL_SCHEME" => -302,
        "ERR_TOO_MANY_REDIRECTS" => -310,
        "ERR_UNSAFE_PORT" => -312,
        "ERR_INVALID_RESPONSE" => -320,
        "ERR_EMPTY_RESPONSE" => -324,
        "ERR_HTTP_RESPONSE_CODE_FAILURE" => -379,
        _ => -2, // ERR_FAILED
    }
}

impl RenderProcessGone {
    pub(crate) fn from_chromium_status(status: &str, exit_code: i64) -> RenderProcessGone {
        RenderProcessGone {
            reason: RenderProcessGoneReason::from_chromium_status(status),
            exit_code,
        }
    }
}

/// Why a page's document went away, for code that keeps state per document (a plugin's
/// [`crate::Plugin::on_document_reset`]): whatever the old document held is gone with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentReset {
    /// A new document committed in the page's main frame (a link, `loadURL`, history).
    Navigated,
    /// The same URL committed again (a reload).
    Reloaded,
    /// The page's renderer process went away.
    Crashed,
    /// The window was closed or destroyed.
    Destroyed,
}

/// A later instance of the app that was refused the single-instance lock (Electron's
/// `second-instance` event): its command line, its working directory, and the data it passed to
/// [`App::request_single_instance_lock_with`](crate::App::request_single_instance_lock_with).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecondInstance {
    /// Its command line, program first.
    pub argv: Vec<String>,
    /// Its current directory.
    pub working_directory: PathBuf,
    /// What it passed along (`null` for nothing).
    pub additional_data: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_errors_map_to_electron_codes() {
        let failure = LoadFailure::from_net_error("net::ERR_FILE_NOT_FOUND", "file:///x");
        assert_eq!(failure.code, -6);
        assert_eq!(failure.description, "ERR_FILE_NOT_FOUND");
        assert_eq!(
            LoadFailure::from_net_error("net::ERR_SOMETHING_NEW", "x").code,
            -2
        );
    }

    #[test]
    fn chromium_termination_statuses_map_to_electron_reasons() {
        assert_eq!(
            RenderProcessGoneReason::from_chromium_status("crashed").as_str(),
            "crashed"
        );
        assert_eq!(
            RenderProcessGoneReason::from_chromium_status("killed").as_str(),
            "killed"
        );
        assert_eq!(
            RenderProcessGoneReason::from_chromium_status("oom").as_str(),
            "oom"
        );
    }
}

/// What a page asked for when it opened a window (`window.open`, a `target=_blank` link or
/// form): the argument of [`WebContents::set_window_open_handler`](crate::WebContents::set_window_open_handler)'s
/// handler and of `did-create-window`, with Electron's names.
///
/// ```
/// let details = cathode::WindowOpenDetails {
///     url: "https://example.com/".into(),
///     frame_name: String::new(),
///     features: "width=300".into(),
///     disposition: cathode::WindowOpenDisposition::NewWindow,
///     referrer: "https://app.example/".into(),
/// };
/// assert_eq!(serde_json::to_value(&details).unwrap()["disposition"], "new-window");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowOpenDetails {
    /// The URL the new window would load.
    pub url: String,
    /// The window's name (`window.open`'s second argument, a link's `target`).
    pub frame_name: String,
    /// The features (`window.open`'s third argument) as the browser parsed them, e.g.
    /// `width=320,height=240` or `noopener` (not the page's own string, which the browser does
    /// not report).
    pub features: String,
    /// How the page asked for it.
    pub disposition: WindowOpenDisposition,
    /// The URL of the opener's document.
    #[serde(skip)]
    pub referrer: String,
}

/// How a page asked for a window (Electron's `disposition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowOpenDisposition {
    /// A link with `target=_blank`, or `window.open` without features.
    ForegroundTab,
    /// `window.open` with features (a popup).
    NewWindow,
}
