//! The app as the handler of a URL scheme (Electron's `app.setAsDefaultProtocolClient`), the
//! freedesktop way: a desktop entry that runs the app with the URL, made the default for
//! `x-scheme-handler/<scheme>` in the user's `mimeapps.list`.
//!
//! The entry is `cathode-<app>-<scheme>.desktop` in `$XDG_DATA_HOME/applications` (else
//! `~/.local/share/applications`); the default is a line of the `[Default Applications]` group
//! of `$XDG_CONFIG_HOME/mimeapps.list` (else `~/.config/mimeapps.list`). Both are the user's own
//! files: nothing needs root, and desktops read them without any command being run. When the
//! desktop opens such a URL it starts the app again with the URL as its last argument; an app
//! holding the single-instance lock hears it in `second-instance`.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The group of `mimeapps.list` that holds the defaults.
const DEFAULTS_GROUP: &str = "[Default Applications]";

/// Makes the app named `app` the default handler of `scheme` URLs, run as `command` with the URL
/// appended (Electron's `app.setAsDefaultProtocolClient`).
///
/// Fails with [`Error::Refused`] for a scheme that is not a URL scheme (letters first, then
/// letters, digits, `+`, `-`, `.`) or an empty command, and with [`Error::Open`] when a file
/// cannot be written.
///
/// ```no_run
/// # fn demo() -> cathode_desktop::Result<()> {
/// use cathode_desktop::protocol;
/// let command = ["/usr/bin/cathode".to_string(), "run".into(), "/opt/notes".into()];
/// protocol::set_as_default_protocol_client("notes", "notes", &command)?;
/// assert!(protocol::is_default_protocol_client("notes", "notes"));
/// # Ok(()) }
/// ```
pub fn set_as_default_protocol_client(app: &str, scheme: &str, command: &[String]) -> Result<()> {
    check_scheme(scheme)?;
    if command.is_empty() {
        return Err(Error::Refused(
            "the command that opens the app is empty".into(),
        ));
    }
    let entry = entry_path(app, scheme)?;
    let exec: Vec<String> = command.iter().map(|arg| exec_argument(arg)).collect();
    let name = app.replace(char::is_control, " ");
    let text = format!(
        "[Desktop Entry]\nType=Application\nName={name}\nExec={} %u\nMimeType=x-scheme-handler/{scheme};\nNoDisplay=true\nTerminal=false\n",
        exec.join(" "),
    );
    write(&entry, &text)?;
    let list = mimeapps_path()?;
    let current = read(&list)?;
    let updated = with_default(
        &current,
        &handler_key(scheme),
        Some(&entry_name(app, scheme)),
    );
    write(&list, &updated)
}

/// True when the app's entry is the default handler of `scheme` URLs (Electron's
/// `app.isDefaultProtocolClient`).
pub fn is_default_protocol_client(app: &str, scheme: &str) -> bool {
    let Ok(list) = mimeapps_path().and_then(|path| read(&path)) else {
        return false;
    };
    default_of(&list, &handler_key(scheme)).as_deref() == Some(entry_name(app, scheme).as_str())
}

/// Stops the app handling `scheme` URLs: removes its default and its entry; false when it was
/// not the default (Electron's `app.removeAsDefaultProtocolClient`). Fails with [`Error::Open`]
/// when a file cannot be rewritten.
pub fn remove_as_default_protocol_client(app: &str, scheme: &str) -> Result<bool> {
    if check_scheme(scheme).is_err() || !is_default_protocol_client(app, scheme) {
        return Ok(false);
    }
    let list = mimeapps_path()?;
    let updated = with_default(&read(&list)?, &handler_key(scheme), None);
    write(&list, &updated)?;
    let entry = entry_path(app, scheme)?;
    std::fs::remove_file(&entry).map_err(|error| open_error(&entry, error))?;
    Ok(true)
}

fn check_scheme(scheme: &str) -> Result<()> {
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if valid {
        Ok(())
    } else {
        Err(Error::Refused(format!("'{scheme}' is not a URL scheme")))
    }
}

fn handler_key(scheme: &str) -> String {
    format!("x-scheme-handler/{}", scheme.to_ascii_lowercase())
}

/// The entry's file name: the app's name with anything but letters, digits, `-` and `_` as `_`.
fn entry_name(app: &str, scheme: &str) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!(
        "cathode-{}-{}.desktop",
        clean(app),
        clean(&scheme.to_ascii_lowercase())
    )
}

fn entry_path(app: &str, scheme: &str) -> Result<PathBuf> {
    Ok(xdg_dir("XDG_DATA_HOME", ".local/share")?
        .join("applications")
        .join(entry_name(app, scheme)))
}

fn mimeapps_path() -> Result<PathBuf> {
    Ok(xdg_dir("XDG_CONFIG_HOME", ".config")?.join("mimeapps.list"))
}

fn xdg_dir(variable: &str, under_home: &str) -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(variable).filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .ok_or_else(|| Error::Refused(format!("neither {variable} nor HOME is set")))?;
    Ok(PathBuf::from(home).join(under_home))
}

/// One argument of a desktop entry's `Exec` line: quoted when it has a reserved character, with
/// `"`, `` ` ``, `$` and `\` escaped, and `%` doubled (the Desktop Entry Specification's rules).
fn exec_argument(argument: &str) -> String {
    let argument = argument.replace('%', "%%");
    let reserved = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\''
                    | '\\'
                    | '>'
                    | '<'
                    | '~'
                    | '|'
                    | '&'
                    | ';'
                    | '$'
                    | '*'
                    | '?'
                    | '#'
                    | '('
                    | ')'
                    | '`'
            )
    };
    if !argument.is_empty() && !argument.contains(reserved) {
        return argument;
    }
    let mut quoted = String::from("\"");
    for c in argument.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// The value of `key` in the defaults group of a `mimeapps.list`.
fn default_of(list: &str, key: &str) -> Option<String> {
    let mut in_defaults = false;
    for line in list.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_defaults = line == DEFAULTS_GROUP;
        } else if let (true, Some((name, value))) = (in_defaults, line.split_once('=')) {
            if name.trim() == key {
                let first = value.split(';').next().unwrap_or("").trim();
                return Some(first.to_string());
            }
        }
    }
    None
}

/// `list` with `key` set to `value` (or removed, for `None`) in its defaults group, which is
/// added when missing; every other line stays as it was.
fn with_default(list: &str, key: &str, value: Option<&str>) -> String {
    let mut lines: Vec<String> = list.lines().map(str::to_string).collect();
    let mut in_defaults = false;
    let mut group_at = None;
    lines.retain(|line| {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_defaults = trimmed == DEFAULTS_GROUP;
            return true;
        }
        !(in_defaults
            && trimmed
                .split_once('=')
                .is_some_and(|(name, _)| name.trim() == key))
    });
    for (index, line) in lines.iter().enumerate() {
        if line.trim() == DEFAULTS_GROUP {
            group_at = Some(index);
        }
    }
    if let Some(value) = value {
        let line = format!("{key}={value};");
        match group_at {
            Some(index) => lines.insert(index + 1, line),
            None => {
                if lines.last().is_some_and(|last| !last.trim().is_empty()) {
                    lines.push(String::new());
                }
                lines.push(DEFAULTS_GROUP.to_string());
                lines.push(line);
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn read(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(open_error(path, error)),
    }
}

/// Writes `text` to `path` through a temporary file beside it, so that a reader never sees half.
fn write(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|error| open_error(dir, error))?;
    let temporary = path.with_extension(format!("cathode-{}", std::process::id()));
    std::fs::write(&temporary, text).map_err(|error| open_error(&temporary, error))?;
    std::fs::rename(&temporary, path).map_err(|error| open_error(path, error))
}

fn open_error(path: &Path, error: std::io::Error) -> Error {
    Error::Open {
        target: path.display().to_string(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_arguments_are_quoted_and_escaped_as_the_specification_says() {
        assert_eq!(exec_argument("/usr/bin/cathode"), "/usr/bin/cathode");
        assert_eq!(exec_argument("/opt/my app"), "\"/opt/my app\"");
        assert_eq!(exec_argument("a$b\"c`d\\e"), "\"a\\$b\\\"c\\`d\\\\e\"");
        assert_eq!(exec_argument("100%"), "100%%");
        assert_eq!(exec_argument(""), "\"\"");
    }

    #[test]
    fn defaults_are_set_replaced_and_removed_leaving_other_lines_alone() {
        let list = "[Added Associations]\ntext/plain=editor.desktop;\n\n[Default Applications]\nx-scheme-handler/notes=old.desktop;\ntext/html=browser.desktop;\n";
        let set = with_default(
            list,
            "x-scheme-handler/notes",
            Some("cathode-notes-notes.desktop"),
        );
        assert_eq!(
            default_of(&set, "x-scheme-handler/notes").as_deref(),
            Some("cathode-notes-notes.desktop")
        );
        assert_eq!(
            default_of(&set, "text/html").as_deref(),
            Some("browser.desktop")
        );
        assert!(set.contains("[Added Associations]\ntext/plain=editor.desktop;\n"));
        assert_eq!(set.matches("x-scheme-handler/notes").count(), 1);
        let removed = with_default(&set, "x-scheme-handler/notes", None);
        assert_eq!(default_of(&removed, "x-scheme-handler/notes"), None);
        assert_eq!(
            default_of(&removed, "text/html").as_deref(),
            Some("browser.desktop")
        );

        let fresh = with_default("", "x-scheme-handler/a", Some("x.desktop"));
        assert_eq!(
            fresh,
            "[Default Applications]\nx-scheme-handler/a=x.desktop;\n"
        );
    }

    #[test]
    fn only_url_schemes_are_taken() {
        assert!(check_scheme("my-app+v1.2").is_ok());
        for bad in ["", "1app", "a b", "a/b", "a:b", "a;rm -rf"] {
            assert!(check_scheme(bad).is_err(), "{bad}");
        }
    }
}
