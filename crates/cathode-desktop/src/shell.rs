//! Electron's `shell`: hand a URL or a file to the user's own programs, show a file in its
//! folder, move a file to the trash.
//!
//! Nothing here goes through a shell: the desktop's opener (`xdg-open`, else `gio open`, ...) is
//! started directly with the URL or path as its one argument (crate `open`), so quotes, `;`,
//! `$(...)` and the like reach it as plain text. [`open_external`] opens URLs only, never local
//! files or scripts: `file:` (use [`open_path`]) and `javascript:`/`vbscript:`/`data:` are refused,
//! as are strings that are not absolute URLs or hold control characters. Electron passes any
//! scheme on; refusing these closes the usual hole of an app that forwards a page's link to
//! `openExternal`.

use std::path::{Path, PathBuf};

use crate::{bus, Error, Result};

/// Schemes [`open_external`] refuses: local files and script-running pseudo-URLs.
const REFUSED_SCHEMES: &[&str] = &["file", "javascript", "vbscript", "data", "blob", "about"];

/// Checks that `url` may be handed to the desktop's opener by [`open_external`], and returns its
/// scheme (lower-cased).
///
/// ```
/// use cathode_desktop::shell::check_external_url;
/// assert_eq!(check_external_url("https://example.com/?q=a;b").unwrap(), "https");
/// assert!(check_external_url("file:///etc/passwd").is_err());
/// assert!(check_external_url("javascript:alert(1)").is_err());
/// ```
pub fn check_external_url(url: &str) -> Result<String> {
    let refuse = |why: &str| Err(Error::Refused(format!("openExternal('{url}'): {why}")));
    if url.chars().any(char::is_control) {
        return refuse("the URL holds control characters");
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return refuse("not an absolute URL (no scheme)");
    };
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme || rest.is_empty() {
        return refuse("not an absolute URL");
    }
    let scheme = scheme.to_ascii_lowercase();
    if REFUSED_SCHEMES.contains(&scheme.as_str()) {
        return refuse(&format!(
            "the '{scheme}:' scheme is not opened externally{}",
            if scheme == "file" {
                " (use shell.openPath for local files)"
            } else {
                ""
            }
        ));
    }
    if matches!(scheme.as_str(), "http" | "https") && !rest.starts_with("//") {
        return refuse("an http(s) URL needs a host");
    }
    Ok(scheme)
}

/// Opens `url` with the user's default program for its scheme (a browser for `https:`, a mail
/// program for `mailto:`), as Electron's `shell.openExternal`. Refused URLs are listed in the
/// module's documentation; the opener is never run through a shell. Returns once the opener
/// started, without waiting for it (it may run the browser until the user closes it); an error
/// when no opener could be started.
///
/// ```no_run
/// # async fn demo() -> cathode_desktop::Result<()> {
/// cathode_desktop::shell::open_external("https://www.rust-lang.org/").await?;
/// # Ok(()) }
/// ```
pub async fn open_external(url: &str) -> Result<()> {
    check_external_url(url)?;
    start_opener(url)
}

/// Opens the file or folder at `path` with the desktop's default program for it, as Electron's
/// `shell.openPath`. The path must be absolute and exist.
///
/// ```no_run
/// # async fn demo() -> cathode_desktop::Result<()> {
/// cathode_desktop::shell::open_path("/home/me/report.pdf").await?;
/// # Ok(()) }
/// ```
pub async fn open_path(path: impl AsRef<Path>) -> Result<()> {
    let path = existing_absolute(path.as_ref(), "openPath")?;
    run_opener(path.into_os_string()).await
}

/// Shows the file at `path` in the file manager, selected where the file manager can (the
/// freedesktop `org.freedesktop.FileManager1.ShowItems` call), else opens its folder, as
/// Electron's `shell.showItemInFolder`.
///
/// ```no_run
/// # async fn demo() -> cathode_desktop::Result<()> {
/// cathode_desktop::shell::show_item_in_folder("/home/me/report.pdf").await?;
/// # Ok(()) }
/// ```
pub async fn show_item_in_folder(path: impl AsRef<Path>) -> Result<()> {
    let path = existing_absolute(path.as_ref(), "showItemInFolder")?;
    let uri = file_uri(&path);
    let shown = async {
        let connection = bus::session().await?;
        bus::call::<_, ()>(
            &connection,
            "org.freedesktop.FileManager1",
            "/org/freedesktop/FileManager1",
            "org.freedesktop.FileManager1",
            "ShowItems",
            &(vec![uri.as_str()], ""),
        )
        .await
    };
    match shown.await {
        Ok(()) => Ok(()),
        Err(error) => {
            tracing::debug!(%error, "no file manager on the session bus; opening the folder");
            start_opener(path.parent().unwrap_or(Path::new("/")))
        }
    }
}

/// Moves the file or folder at `path` to the user's trash (the freedesktop trash), as Electron's
/// `shell.trashItem`.
///
/// ```no_run
/// # async fn demo() -> cathode_desktop::Result<()> {
/// cathode_desktop::shell::trash_item("/home/me/old-notes.txt").await?;
/// # Ok(()) }
/// ```
pub async fn trash_item(path: impl AsRef<Path>) -> Result<()> {
    let path = existing_absolute(path.as_ref(), "trashItem")?;
    let shown = path.display().to_string();
    tokio::task::spawn_blocking(move || trash::delete(&path))
        .await
        .map_err(|error| Error::Trash {
            path: shown.clone(),
            reason: error.to_string(),
        })?
        .map_err(|error| Error::Trash {
            path: shown,
            reason: error.to_string(),
        })
}

/// `path` if it is absolute and exists; else the error Electron's callers expect to see.
fn existing_absolute(path: &Path, what: &str) -> Result<PathBuf> {
    if !path.is_absolute() {
        return Err(Error::Refused(format!(
            "{what}('{}'): the path must be absolute",
            path.display()
        )));
    }
    if std::fs::symlink_metadata(path).is_err() {
        return Err(Error::Refused(format!(
            "{what}('{}'): no such file or folder",
            path.display()
        )));
    }
    Ok(path.to_path_buf())
}

/// A `file://` URI of an absolute path, with the bytes a URI may not hold percent-encoded.
fn file_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file://");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// Starts the desktop's opener with `target` as its one argument (no shell) and does not wait
/// for it, as Electron's `openExternal`: `xdg-open` may run a browser in the foreground until the
/// user closes it. The first opener that starts is the one; it runs in a process group of its
/// own (a Ctrl+C to the app does not reach the browser it starts), and a thread reaps it.
fn start_opener(target: impl AsRef<std::ffi::OsStr>) -> Result<()> {
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    let shown = target.as_ref().to_string_lossy().into_owned();
    let mut reason = String::from("no opener is known for this desktop");
    for mut command in open::commands(target) {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        match command.spawn() {
            Ok(mut opener) => {
                std::thread::spawn(move || opener.wait());
                return Ok(());
            }
            Err(error) => {
                reason = format!("{:?}: {error}", command.get_program());
            }
        }
    }
    Err(Error::Open {
        target: shown,
        reason,
    })
}

/// Starts the desktop's opener with `target` as its one argument (no shell) and waits for it.
async fn run_opener(target: impl AsRef<std::ffi::OsStr> + Send + 'static) -> Result<()> {
    let shown = target.as_ref().to_string_lossy().into_owned();
    let opened = tokio::task::spawn_blocking(move || open::that(target)).await;
    match opened {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(Error::Open {
            target: shown,
            reason: error.to_string(),
        }),
        Err(error) => Err(Error::Open {
            target: shown,
            reason: error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_any_other_scheme_pass_and_local_or_script_ones_do_not() {
        for url in [
            "https://a.example/x?y=1&z=$(id)",
            "mailto:me@a.example",
            "HTTP://a",
            "zoommtg://x",
        ] {
            assert!(check_external_url(url).is_ok(), "{url}");
        }
        for url in [
            "file:///etc/passwd",
            "FILE:/etc",
            "javascript:alert(1)",
            " javascript:1",
            "data:text/html,x",
            "/etc/passwd",
            "rm -rf ~; echo",
            "https:no-host",
            "https://a.example/\nx",
            "",
            "1abc:x",
        ] {
            assert!(check_external_url(url).is_err(), "{url:?}");
        }
    }

    #[test]
    fn file_uris_escape_what_a_uri_cannot_hold() {
        assert_eq!(
            file_uri(Path::new("/tmp/a b/ü;$")),
            "file:///tmp/a%20b/%C3%BC%3B%24"
        );
    }
}
