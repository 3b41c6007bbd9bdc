//! The Edit menu's commands on the page (Electron's `undo`, `redo`, `cut`, `copy`, `paste`,
//! `pasteAndMatchStyle`, `delete`, `selectAll`, `insertText`, `replace`): Blink's own editing
//! commands, sent with a key event as a browser's menu sends them (`page/tools.rs`), so they act
//! where the focus is, with the page's undo history and the system clipboard.

use super::WebContents;
use crate::error::Result;

/// One of the page's editing commands (see [`WebContents::edit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditCommand {
    /// Undoes the last edit (`undo`).
    Undo,
    /// Redoes the last undone edit (`redo`).
    Redo,
    /// Cuts the selection to the clipboard (`cut`).
    Cut,
    /// Copies the selection to the clipboard (`copy`).
    Copy,
    /// Pastes the clipboard (`paste`).
    Paste,
    /// Pastes the clipboard as plain text (`pasteAndMatchStyle`).
    PasteAndMatchStyle,
    /// Deletes the selection (`delete`).
    Delete,
    /// Selects everything in the focused element or the document (`selectAll`).
    SelectAll,
}

impl EditCommand {
    /// Every command.
    pub const ALL: [EditCommand; 8] = [
        EditCommand::Undo,
        EditCommand::Redo,
        EditCommand::Cut,
        EditCommand::Copy,
        EditCommand::Paste,
        EditCommand::PasteAndMatchStyle,
        EditCommand::Delete,
        EditCommand::SelectAll,
    ];

    /// Electron's method name of the command, which is also Blink's name for it.
    pub fn name(self) -> &'static str {
        match self {
            EditCommand::Undo => "undo",
            EditCommand::Redo => "redo",
            EditCommand::Cut => "cut",
            EditCommand::Copy => "copy",
            EditCommand::Paste => "paste",
            EditCommand::PasteAndMatchStyle => "pasteAndMatchStyle",
            EditCommand::Delete => "delete",
            EditCommand::SelectAll => "selectAll",
        }
    }

    /// The command of Electron's method name (`"selectAll"`, ...).
    ///
    /// ```
    /// use cathode::EditCommand;
    /// assert_eq!(EditCommand::from_name("pasteAndMatchStyle"), Some(EditCommand::PasteAndMatchStyle));
    /// assert_eq!(EditCommand::from_name("print"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<EditCommand> {
        EditCommand::ALL
            .into_iter()
            .find(|command| command.name() == name)
    }
}

impl WebContents {
    /// Runs an editing command where the page's focus is, as the Edit menu of a browser does.
    /// Fails with [`crate::Error::WindowDestroyed`] once the window is closed, with
    /// [`crate::Error::RenderProcessGone`] when its renderer is gone and with
    /// [`crate::Error::Browser`] when the browser refuses.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// use cathode::EditCommand;
    /// contents.edit(EditCommand::SelectAll).await?;
    /// contents.edit(EditCommand::Copy).await?;
    /// # Ok(()) }
    /// ```
    pub async fn edit(&self, command: EditCommand) -> Result<()> {
        self.call_page(self.shared().page.editing_command(command.name()))
            .await
    }

    /// Types `text` where the page's focus is, replacing the selection (Electron's `insertText`
    /// and `replace`). Fails as [`WebContents::edit`] does.
    pub async fn insert_text(&self, text: &str) -> Result<()> {
        self.call_page(self.shared().page.insert_text(text.to_string()))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_found_by_its_name() {
        for command in EditCommand::ALL {
            assert_eq!(EditCommand::from_name(command.name()), Some(command));
        }
    }
}
