//! The CDP commands behind the web contents' tools: session history, stopping a load, screenshots
//! and PDFs, and the editing commands (undo, copy, paste, ...).

use cathode_cdp::protocol::{page, Command};
use serde::Serialize;

use super::Page;
use crate::error::{Error, Result};
use crate::options::Rectangle;

/// One entry of a page's session history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HistoryEntry {
    pub id: i64,
    pub url: String,
    pub title: String,
}

impl Page {
    /// The session history and the index of the current entry.
    pub(crate) async fn navigation_history(&self) -> Result<(Vec<HistoryEntry>, usize)> {
        let history = self.call(&page::GetNavigationHistory {}).await?;
        let entries = history
            .entries
            .into_iter()
            .map(|entry| HistoryEntry {
                id: entry.id,
                url: entry.url,
                title: entry.title,
            })
            .collect();
        Ok((entries, history.current_index))
    }

    /// Goes to the history entry `entry_id`.
    pub(crate) async fn go_to_history_entry(&self, entry_id: i64) -> Result<()> {
        self.call(&page::NavigateToHistoryEntry { entry_id })
            .await?;
        Ok(())
    }

    /// Stops the page's loads.
    pub(crate) async fn stop_loading(&self) -> Result<()> {
        self.call(&page::StopLoading {}).await?;
        Ok(())
    }

    /// A PNG of the page's viewport, or of `clip` (CSS pixels) in it.
    pub(crate) async fn capture_png(&self, clip: Option<Rectangle>) -> Result<Vec<u8>> {
        let shot = self
            .call(&page::CaptureScreenshot {
                format: "png".into(),
                quality: None,
                clip: clip.map(|clip| page::Viewport {
                    x: f64::from(clip.x),
                    y: f64::from(clip.y),
                    width: f64::from(clip.width),
                    height: f64::from(clip.height),
                    scale: 1.0,
                }),
            })
            .await?;
        decoded(&shot.data, "Page.captureScreenshot")
    }

    /// The page printed to PDF.
    pub(crate) async fn print_to_pdf(&self, options: page::PrintToPdf) -> Result<Vec<u8>> {
        let printed = self.call(&options).await?;
        decoded(&printed.data, "Page.printToPDF")
    }
}

fn decoded(data: &str, method: &str) -> Result<Vec<u8>> {
    cathode_cdp::base64::decode(data).ok_or_else(|| {
        Error::Browser(cathode_cdp::CdpError::Protocol {
            method: method.to_string(),
            code: 0,
            message: "the answer's data is not base64".into(),
        })
    })
}

impl Page {
    /// Sends one mouse event.
    pub(crate) async fn mouse_event(
        &self,
        event: cathode_cdp::protocol::input::DispatchMouseEvent,
    ) -> Result<()> {
        self.call(&event).await?;
        Ok(())
    }

    /// Sends one key event.
    pub(crate) async fn key_event(
        &self,
        event: cathode_cdp::protocol::input::DispatchKeyEvent,
    ) -> Result<()> {
        self.call(&event).await?;
        Ok(())
    }

    /// Gives the page's requests and `navigator.userAgent` this user agent.
    pub(crate) async fn set_user_agent(&self, user_agent: String) -> Result<()> {
        self.call(&cathode_cdp::protocol::emulation::SetUserAgentOverride { user_agent })
            .await?;
        Ok(())
    }
}

impl super::BrowserLink {
    /// The browser's own user agent.
    pub(crate) async fn user_agent(&self) -> Result<String> {
        let version = self
            .root()
            .call(&cathode_cdp::protocol::browser::GetVersion {})
            .await?;
        Ok(version.user_agent)
    }
}

/// `Input.dispatchKeyEvent` of a key that runs editing commands and types nothing (what a
/// browser's Edit menu sends the focused frame).
#[derive(Debug, Serialize)]
struct EditingKey {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    commands: Vec<&'static str>,
}

impl Command for EditingKey {
    const METHOD: &'static str = "Input.dispatchKeyEvent";
    type Response = serde_json::Value;
}

/// `Input.insertText`: text typed at once, as an input method commits it.
#[derive(Debug, Serialize)]
struct InsertText {
    text: String,
}

impl Command for InsertText {
    const METHOD: &'static str = "Input.insertText";
    type Response = serde_json::Value;
}

impl Page {
    /// Runs one of Blink's editing commands (`undo`, `redo`, `cut`, `copy`, `paste`,
    /// `pasteAndMatchStyle`, `delete`, `selectAll`) in the focused frame.
    pub(crate) async fn editing_command(&self, command: &'static str) -> Result<()> {
        self.call(&EditingKey {
            kind: "rawKeyDown",
            commands: vec![command],
        })
        .await?;
        self.call(&EditingKey {
            kind: "keyUp",
            commands: Vec::new(),
        })
        .await?;
        Ok(())
    }

    /// Types `text` where the focus is, replacing the selection.
    pub(crate) async fn insert_text(&self, text: String) -> Result<()> {
        self.call(&InsertText { text }).await?;
        Ok(())
    }
}
