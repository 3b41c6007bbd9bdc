//! A window's icon (Electron's `icon` option and `setIcon`): the page's favicon, which Chromium
//! shows as an app window's icon (`renderer/icon.js`).

use std::path::Path;
use std::sync::Mutex;

use super::BrowserWindow;
use crate::error::{Error, Result};
use crate::listeners::lock;

/// The isolated world the icon script runs in.
const ICON_WORLD: &str = "cathode-icon";

/// The document script that sets the icon now, if any (kept in the window's typed state).
#[derive(Default)]
struct Icon(Mutex<Option<String>>);

impl BrowserWindow {
    /// Sets the window's icon from an image file (PNG, JPEG or ICO), for this document and every
    /// later one. Chromium shows an app window's favicon as its icon, so this adds a
    /// `<link rel="icon">` (a `data:` URL of the image, after the page's own icon links) to each
    /// document of the window; a page that changes its icon links later can still show its own.
    /// Fails with [`Error::BadArgument`] when the file cannot be read or is not such an image,
    /// with [`Error::WindowDestroyed`] once the window is closed, and with [`Error::Browser`]
    /// when the browser refuses.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_icon("assets/icon.png").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_icon(&self, path: impl AsRef<Path>) -> Result<()> {
        self.shared.check_alive()?;
        let href = data_url(path.as_ref())?;
        let script = format!(
            "({})({})",
            include_str!("../renderer/icon.js").trim_end(),
            serde_json::Value::from(href)
        );
        let window = &self.shared;
        let added = window
            .page
            .add_document_script(script.clone(), Some(ICON_WORLD.into()))
            .await?;
        let earlier = lock(&window.extensions.get_or_insert_with(Icon::default).0).replace(added);
        if let Some(earlier) = earlier {
            window.page.remove_document_script(earlier).await?;
        }
        // The document shown now (in the page's world: only the DOM is touched).
        self.web_contents().execute_javascript(&script).await?;
        Ok(())
    }
}

/// The image at `path` as a `data:` URL, its type read from its first bytes.
fn data_url(path: &Path) -> Result<String> {
    let refused = |reason: String| Error::BadArgument {
        what: "setIcon",
        reason,
    };
    let bytes = std::fs::read(path)
        .map_err(|error| refused(format!("cannot read {}: {error}", path.display())))?;
    let mime = image_type(&bytes).ok_or_else(|| {
        refused(format!(
            "{} is not a PNG, JPEG or ICO image",
            path.display()
        ))
    })?;
    Ok(format!(
        "data:{mime};base64,{}",
        cathode_cdp::base64::encode(&bytes)
    ))
}

/// The MIME type of a PNG, JPEG or ICO image, from its signature.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0, 0, 1, 0]) {
        Some("image/x-icon")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_told_by_their_signature() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(image_type(&[0, 0, 1, 0, 1]), Some("image/x-icon"));
        assert_eq!(image_type(b"<svg"), None);
    }

    #[test]
    fn a_file_that_is_no_image_is_refused_with_its_path() {
        let path = std::env::temp_dir().join("cathode-icon-test.txt");
        std::fs::write(&path, "hello").unwrap();
        let error = data_url(&path).unwrap_err();
        assert!(error.to_string().starts_with("setIcon: "), "{error}");
        assert!(error.to_string().contains("not a PNG"), "{error}");
        let _ = std::fs::remove_file(path);
    }
}
