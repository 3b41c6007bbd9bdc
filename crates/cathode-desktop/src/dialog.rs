//! Electron's `dialog`: open and save dialogs and message boxes, shown by the desktop itself
//! (crate `rfd`: file dialogs through the xdg-desktop-portal on the session bus, message boxes
//! through `zenity`; no GTK is linked).
//!
//! Before a dialog is shown, cathode checks that something can show it: a portal on the session
//! bus for file dialogs (or `zenity` and a display), `zenity` and a display for message boxes.
//! When nothing can, the call does not wait: it logs why (a `tracing` warning) and returns
//! Electron's canceled result (`canceled: true` and no paths; a message box's `cancelId`). The
//! options and results have Electron's JSON shape (camelCase), so they pass to and from
//! JavaScript unchanged. The `parent` window Electron takes is not used: portal dialogs are not
//! attached to cathode's browser windows.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bus;

/// A filter of a file dialog: `{ name: 'Images', extensions: ['png', 'jpg'] }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileFilter {
    /// What the dialog shows for the filter.
    pub name: String,
    /// Extensions without the dot; `*` for every file.
    pub extensions: Vec<String>,
}

/// Options of [`show_open_dialog`], as Electron's `dialog.showOpenDialog` takes them.
///
/// `properties` takes Electron's words: `openFile` (the default), `openDirectory`,
/// `multiSelections`; the others (`showHiddenFiles`, `createDirectory`, ...) are accepted and
/// left to the desktop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OpenDialogOptions {
    /// The dialog's title.
    pub title: Option<String>,
    /// The folder (or file in a folder) the dialog starts in.
    pub default_path: Option<PathBuf>,
    /// Electron's `buttonLabel`: accepted; the portal chooses its own label.
    pub button_label: Option<String>,
    /// Which files are offered.
    pub filters: Vec<FileFilter>,
    /// Electron's properties (see above).
    pub properties: Vec<String>,
}

/// What [`show_open_dialog`] returns: Electron's `{ canceled, filePaths }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenDialogResult {
    /// True when the user (or the lack of a desktop) canceled the dialog.
    pub canceled: bool,
    /// The chosen paths; empty when canceled.
    pub file_paths: Vec<PathBuf>,
}

/// Options of [`show_save_dialog`], as Electron's `dialog.showSaveDialog` takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SaveDialogOptions {
    /// The dialog's title.
    pub title: Option<String>,
    /// The file name, or path, proposed.
    pub default_path: Option<PathBuf>,
    /// Electron's `buttonLabel`: accepted; the portal chooses its own label.
    pub button_label: Option<String>,
    /// Which files are offered.
    pub filters: Vec<FileFilter>,
}

/// What [`show_save_dialog`] returns: Electron's `{ canceled, filePath }` (`filePath` is `''`
/// when canceled, as in Electron).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveDialogResult {
    /// True when the user (or the lack of a desktop) canceled the dialog.
    pub canceled: bool,
    /// The chosen path; empty when canceled.
    pub file_path: PathBuf,
}

/// Options of [`show_message_box`], as Electron's `dialog.showMessageBox` takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MessageBoxOptions {
    /// The message.
    pub message: String,
    /// More text, shown under the message.
    pub detail: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// Electron's `type`: `none`, `info`, `error`, `question` or `warning`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The buttons' labels, at most three shown (zenity's limit); `["OK"]` when empty.
    pub buttons: Vec<String>,
    /// Electron's `defaultId`: accepted; zenity picks its own default.
    pub default_id: Option<usize>,
    /// The response when the box is closed without a button: by default the button labelled
    /// "Cancel" or "No", else 0, as in Electron.
    pub cancel_id: Option<usize>,
    /// A checkbox's label: accepted; zenity shows none, so `checkboxChecked` keeps its initial
    /// value.
    pub checkbox_label: Option<String>,
    /// The checkbox's initial value.
    pub checkbox_checked: bool,
}

/// What [`show_message_box`] returns: Electron's `{ response, checkboxChecked }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageBoxResult {
    /// The index of the button chosen.
    pub response: usize,
    /// The checkbox's value.
    pub checkbox_checked: bool,
}

/// What can show a dialog here.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shower {
    Portal,
    Zenity,
}

/// Whether a display exists for zenity to show a window on.
fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// Whether `program` is an executable file in `PATH`.
fn in_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program))
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
    })
}

/// What can show a file dialog (`file`) or a message box, or why nothing can.
fn shower(file: bool) -> Result<Shower, String> {
    let mut reasons = Vec::new();
    if file {
        let portal = bus::block_on(async {
            let connection = bus::session().await?;
            bus::has_owner(&connection, "org.freedesktop.portal.Desktop").await
        });
        match portal {
            Ok(true) => return Ok(Shower::Portal),
            Ok(false) => reasons.push("no xdg-desktop-portal on the session bus".to_owned()),
            Err(error) => reasons.push(error.to_string()),
        }
    }
    match (in_path("zenity"), has_display()) {
        (true, true) => Ok(Shower::Zenity),
        (false, _) => {
            reasons.push("no zenity in PATH".into());
            Err(reasons.join("; "))
        }
        (true, false) => {
            reasons.push("no display for zenity (DISPLAY and WAYLAND_DISPLAY are unset)".into());
            Err(reasons.join("; "))
        }
    }
}

fn file_dialog(
    title: Option<&str>,
    default_path: Option<&Path>,
    filters: &[FileFilter],
) -> rfd::FileDialog {
    let mut dialog = rfd::FileDialog::new();
    if let Some(title) = title {
        dialog = dialog.set_title(title);
    }
    if let Some(path) = default_path {
        if path.is_dir() {
            dialog = dialog.set_directory(path);
        } else {
            if let Some(folder) = path.parent().filter(|folder| folder.is_dir()) {
                dialog = dialog.set_directory(folder);
            }
            if let Some(name) = path.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
        }
    }
    for filter in filters {
        dialog = dialog.add_filter(&filter.name, &filter.extensions);
    }
    dialog
}

/// Shows an open dialog and waits for the user (Electron's `dialog.showOpenDialogSync`, with
/// Electron's full result). Blocks the calling thread; see [`show_open_dialog`] for async code.
///
/// ```no_run
/// use cathode_desktop::dialog::{show_open_dialog_blocking, OpenDialogOptions};
/// let chosen = show_open_dialog_blocking(&OpenDialogOptions {
///     properties: vec!["openFile".into(), "multiSelections".into()],
///     ..OpenDialogOptions::default()
/// });
/// if !chosen.canceled {
///     println!("{:?}", chosen.file_paths);
/// }
/// ```
pub fn show_open_dialog_blocking(options: &OpenDialogOptions) -> OpenDialogResult {
    if let Err(reason) = shower(true) {
        tracing::warn!("dialog.showOpenDialog: no dialog can be shown ({reason}); canceled");
        return OpenDialogResult {
            canceled: true,
            file_paths: Vec::new(),
        };
    }
    let has = |property: &str| options.properties.iter().any(|given| given == property);
    let dialog = file_dialog(
        options.title.as_deref(),
        options.default_path.as_deref(),
        &options.filters,
    );
    let chosen = match (has("openDirectory"), has("multiSelections")) {
        (true, true) => dialog.pick_folders(),
        (true, false) => dialog.pick_folder().map(|path| vec![path]),
        (false, true) => dialog.pick_files(),
        (false, false) => dialog.pick_file().map(|path| vec![path]),
    };
    match chosen {
        Some(file_paths) if !file_paths.is_empty() => OpenDialogResult {
            canceled: false,
            file_paths,
        },
        _ => OpenDialogResult {
            canceled: true,
            file_paths: Vec::new(),
        },
    }
}

/// Shows an open dialog without blocking the caller's thread (Electron's
/// `dialog.showOpenDialog`).
///
/// ```no_run
/// # async fn demo() {
/// use cathode_desktop::dialog::{show_open_dialog, OpenDialogOptions};
/// let result = show_open_dialog(OpenDialogOptions::default()).await;
/// println!("canceled: {}", result.canceled);
/// # }
/// ```
pub async fn show_open_dialog(options: OpenDialogOptions) -> OpenDialogResult {
    tokio::task::spawn_blocking(move || show_open_dialog_blocking(&options))
        .await
        .unwrap_or_else(|_| OpenDialogResult {
            canceled: true,
            file_paths: Vec::new(),
        })
}

/// Shows a save dialog and waits for the user (Electron's `dialog.showSaveDialogSync`, with
/// Electron's full result). Blocks the calling thread.
///
/// ```no_run
/// use cathode_desktop::dialog::{show_save_dialog_blocking, SaveDialogOptions};
/// let result = show_save_dialog_blocking(&SaveDialogOptions {
///     default_path: Some("notes.txt".into()),
///     ..SaveDialogOptions::default()
/// });
/// assert!(result.canceled || result.file_path.is_absolute());
/// ```
pub fn show_save_dialog_blocking(options: &SaveDialogOptions) -> SaveDialogResult {
    if let Err(reason) = shower(true) {
        tracing::warn!("dialog.showSaveDialog: no dialog can be shown ({reason}); canceled");
        return SaveDialogResult::canceled();
    }
    let dialog = file_dialog(
        options.title.as_deref(),
        options.default_path.as_deref(),
        &options.filters,
    );
    match dialog.save_file() {
        Some(file_path) => SaveDialogResult {
            canceled: false,
            file_path,
        },
        None => SaveDialogResult::canceled(),
    }
}

impl SaveDialogResult {
    fn canceled() -> SaveDialogResult {
        SaveDialogResult {
            canceled: true,
            file_path: PathBuf::new(),
        }
    }
}

/// Shows a save dialog without blocking the caller's thread (Electron's
/// `dialog.showSaveDialog`).
///
/// ```no_run
/// # async fn demo() {
/// let result = cathode_desktop::dialog::show_save_dialog(Default::default()).await;
/// println!("{:?}", result.file_path);
/// # }
/// ```
pub async fn show_save_dialog(options: SaveDialogOptions) -> SaveDialogResult {
    tokio::task::spawn_blocking(move || show_save_dialog_blocking(&options))
        .await
        .unwrap_or_else(|_| SaveDialogResult::canceled())
}

impl MessageBoxOptions {
    /// The response when the box is closed without a choice (see [`MessageBoxOptions::cancel_id`]).
    pub fn effective_cancel_id(&self) -> usize {
        self.cancel_id.unwrap_or_else(|| {
            self.buttons
                .iter()
                .position(|label| matches!(label.to_lowercase().as_str(), "cancel" | "no"))
                .unwrap_or(0)
        })
    }
}

/// Shows a message box and waits for the user (Electron's `dialog.showMessageBoxSync`, with
/// Electron's full result). Blocks the calling thread.
///
/// ```no_run
/// use cathode_desktop::dialog::{show_message_box_blocking, MessageBoxOptions};
/// let answer = show_message_box_blocking(&MessageBoxOptions {
///     message: "Save changes?".into(),
///     buttons: vec!["Save".into(), "Discard".into(), "Cancel".into()],
///     ..MessageBoxOptions::default()
/// });
/// println!("button {}", answer.response);
/// ```
pub fn show_message_box_blocking(options: &MessageBoxOptions) -> MessageBoxResult {
    let canceled = MessageBoxResult {
        response: options.effective_cancel_id(),
        checkbox_checked: options.checkbox_checked,
    };
    if let Err(reason) = shower(false) {
        tracing::warn!("dialog.showMessageBox: no message box can be shown ({reason}); canceled");
        return canceled;
    }
    if options.buttons.len() > 3 {
        tracing::warn!(
            "dialog.showMessageBox: zenity shows 3 buttons at most; the rest are left out"
        );
    }
    let labels: Vec<String> = if options.buttons.is_empty() {
        vec!["OK".into()]
    } else {
        options.buttons.iter().take(3).cloned().collect()
    };
    let buttons = match labels.as_slice() {
        [one] => rfd::MessageButtons::OkCustom(one.clone()),
        [a, b] => rfd::MessageButtons::OkCancelCustom(a.clone(), b.clone()),
        [a, b, c, ..] => rfd::MessageButtons::YesNoCancelCustom(a.clone(), b.clone(), c.clone()),
        [] => rfd::MessageButtons::Ok,
    };
    let level = match options.kind.as_deref() {
        Some("error") => rfd::MessageLevel::Error,
        Some("warning") => rfd::MessageLevel::Warning,
        _ => rfd::MessageLevel::Info,
    };
    let mut dialog = rfd::MessageDialog::new()
        .set_level(level)
        .set_buttons(buttons)
        .set_description(match &options.detail {
            Some(detail) => format!("{}\n\n{detail}", options.message),
            None => options.message.clone(),
        });
    if let Some(title) = &options.title {
        dialog = dialog.set_title(title);
    }
    let response = match dialog.show() {
        rfd::MessageDialogResult::Custom(label) => labels.iter().position(|given| *given == label),
        rfd::MessageDialogResult::Ok | rfd::MessageDialogResult::Yes => Some(0),
        rfd::MessageDialogResult::No => Some(1),
        rfd::MessageDialogResult::Cancel => None,
    };
    MessageBoxResult {
        response: response.unwrap_or(canceled.response),
        checkbox_checked: options.checkbox_checked,
    }
}

/// Shows a message box without blocking the caller's thread (Electron's
/// `dialog.showMessageBox`).
///
/// ```no_run
/// # async fn demo() {
/// use cathode_desktop::dialog::{show_message_box, MessageBoxOptions};
/// let options = MessageBoxOptions { message: "Done".into(), ..Default::default() };
/// show_message_box(options).await;
/// # }
/// ```
pub async fn show_message_box(options: MessageBoxOptions) -> MessageBoxResult {
    let cancel = options.effective_cancel_id();
    let checked = options.checkbox_checked;
    tokio::task::spawn_blocking(move || show_message_box_blocking(&options))
        .await
        .unwrap_or(MessageBoxResult {
            response: cancel,
            checkbox_checked: checked,
        })
}

/// Shows an error box and waits until it is closed (Electron's `dialog.showErrorBox`); where no
/// box can be shown, writes `title` and `content` to standard error, as Electron does on Linux.
///
/// ```no_run
/// cathode_desktop::dialog::show_error_box("Cannot save", "The disk is full.");
/// ```
pub fn show_error_box(title: &str, content: &str) {
    if let Err(reason) = shower(false) {
        tracing::debug!("dialog.showErrorBox: no box can be shown ({reason}); writing to stderr");
        eprintln!("{title}\n{content}");
        return;
    }
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(title)
        .set_description(content)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn electron_options_and_results_keep_their_json_shape() {
        let options: OpenDialogOptions = serde_json::from_value(serde_json::json!({
            "title": "Pick", "defaultPath": "/tmp", "properties": ["openFile", "multiSelections"],
            "filters": [{"name": "Images", "extensions": ["png"]}], "unknownOption": 1
        }))
        .unwrap();
        assert_eq!(options.default_path.as_deref(), Some(Path::new("/tmp")));
        assert_eq!(options.filters[0].extensions, ["png"]);
        let result = serde_json::to_value(SaveDialogResult::canceled()).unwrap();
        assert_eq!(
            result,
            serde_json::json!({"canceled": true, "filePath": ""})
        );
    }

    #[test]
    fn the_cancel_id_defaults_to_a_cancel_or_no_button() {
        let with = |buttons: &[&str]| MessageBoxOptions {
            buttons: buttons.iter().map(|b| b.to_string()).collect(),
            ..MessageBoxOptions::default()
        };
        assert_eq!(with(&["Save", "Cancel"]).effective_cancel_id(), 1);
        assert_eq!(with(&["Yes", "No"]).effective_cancel_id(), 1);
        assert_eq!(with(&["OK"]).effective_cancel_id(), 0);
        let given = MessageBoxOptions {
            cancel_id: Some(2),
            ..with(&["a", "b", "c"])
        };
        assert_eq!(given.effective_cancel_id(), 2);
    }
}
