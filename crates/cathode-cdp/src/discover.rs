//! Finding a Chromium-based browser: an explicit path, `CATHODE_BROWSER`, `PATH`, standard places.

use std::env;
use std::path::{Path, PathBuf};

use crate::error::CdpError;

/// The environment variable that names the browser executable to use.
pub const BROWSER_ENV: &str = "CATHODE_BROWSER";

/// Command names tried on `PATH`, most specific first.
const COMMAND_NAMES: &[&str] = &[
    "google-chrome",
    "google-chrome-stable",
    "chromium",
    "chromium-browser",
    "microsoft-edge",
    "microsoft-edge-stable",
    "brave-browser",
    "brave",
    "chrome",
    "msedge",
];

/// Finds the browser to start.
///
/// `explicit` (a builder option) wins, then `CATHODE_BROWSER`; either must exist, since the user
/// asked for it. Otherwise the first of Chrome, Chromium, Edge and Brave found on `PATH` or in the
/// standard install locations of Linux, macOS and Windows.
///
/// Fails with [`CdpError::BrowserNotFound`], listing every path tried, when the requested browser
/// is not an executable file (a bare name is looked up on `PATH`), or, without a request, when no
/// candidate is.
///
/// ```no_run
/// let path = cathode_cdp::find_browser(None)?;
/// println!("using {}", path.display());
/// # Ok::<(), cathode_cdp::CdpError>(())
/// ```
pub fn find_browser(explicit: Option<&Path>) -> Result<PathBuf, CdpError> {
    let requested = explicit
        .map(Path::to_path_buf)
        .or_else(|| env::var_os(BROWSER_ENV).map(PathBuf::from));
    if let Some(path) = requested {
        return resolve(&path).ok_or(CdpError::BrowserNotFound {
            searched: vec![path],
        });
    }
    let mut searched = Vec::new();
    for candidate in candidates() {
        if let Some(found) = resolve(&candidate) {
            return Ok(found);
        }
        searched.push(candidate);
    }
    Err(CdpError::BrowserNotFound { searched })
}

/// A path is used as is when it has a directory part; a bare name is looked up on `PATH`.
fn resolve(candidate: &Path) -> Option<PathBuf> {
    if candidate.components().count() > 1 {
        return is_executable(candidate).then(|| candidate.to_path_buf());
    }
    let path_var = env::var_os("PATH")?;
    env::split_paths(&path_var)
        .flat_map(|dir| executable_names(candidate).map(move |name| dir.join(name)))
        .find(|full| is_executable(full))
}

fn executable_names(name: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let windows_name = cfg!(windows).then(|| name.with_extension("exe"));
    std::iter::once(name.to_path_buf()).chain(windows_name)
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Every place tried, in order: command names on `PATH`, then this platform's install paths.
fn candidates() -> Vec<PathBuf> {
    let mut list: Vec<PathBuf> = COMMAND_NAMES.iter().map(PathBuf::from).collect();
    list.extend(install_locations());
    list
}

#[cfg(target_os = "linux")]
fn install_locations() -> Vec<PathBuf> {
    [
        "/opt/google/chrome/chrome",
        "/usr/bin/google-chrome",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/snap/bin/chromium",
        "/opt/microsoft/msedge/msedge",
        "/opt/brave.com/brave/brave",
    ]
    .iter()
    .map(PathBuf::from)
    .collect()
}

#[cfg(target_os = "macos")]
fn install_locations() -> Vec<PathBuf> {
    let apps = [
        "Google Chrome.app/Contents/MacOS/Google Chrome",
        "Chromium.app/Contents/MacOS/Chromium",
        "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        "Brave Browser.app/Contents/MacOS/Brave Browser",
    ];
    let mut roots = vec![PathBuf::from("/Applications")];
    if let Some(home) = env::var_os("HOME") {
        roots.push(PathBuf::from(home).join("Applications"));
    }
    roots
        .iter()
        .flat_map(|root| apps.iter().map(move |app| root.join(app)))
        .collect()
}

#[cfg(windows)]
fn install_locations() -> Vec<PathBuf> {
    let relative = [
        r"Google\Chrome\Application\chrome.exe",
        r"Chromium\Application\chrome.exe",
        r"Microsoft\Edge\Application\msedge.exe",
        r"BraveSoftware\Brave-Browser\Application\brave.exe",
    ];
    ["ProgramFiles", "ProgramFiles(x86)", "LocalAppData"]
        .iter()
        .filter_map(|var| env::var_os(var).map(PathBuf::from))
        .flat_map(|root| relative.iter().map(move |rel| root.join(rel)))
        .collect()
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn install_locations() -> Vec<PathBuf> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_path_that_does_not_exist_is_reported_with_that_path() {
        let missing = Path::new("/nonexistent/cathode/chrome");
        let error = find_browser(Some(missing)).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("/nonexistent/cathode/chrome"), "{message}");
        assert!(message.contains("apt-get install chromium"), "{message}");
    }

    #[test]
    fn the_search_list_covers_every_browser_family() {
        let list: Vec<String> = candidates()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        for family in ["chrome", "chromium", "edge", "brave"] {
            assert!(
                list.iter().any(|c| c.to_lowercase().contains(family)),
                "{family} missing from {list:?}"
            );
        }
    }
}
