//! The web contents' tools: session history (`navigationHistory`), `stop`, `capturePage` (a
//! [`NativeImage`]) and `printToPDF`.

use std::sync::{Arc, Mutex};

use cathode_cdp::protocol::page::PrintToPdf;

use super::WebContents;
use crate::error::{Error, Result};
use crate::listeners::lock;
use crate::options::Rectangle;
use crate::page::HistoryEntry;

/// An image, as `capturePage` gives it (Electron's `NativeImage`): PNG bytes and their size.
///
/// ```
/// // The smallest PNG: one transparent pixel.
/// let png = cathode::base64::decode(
///     "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
/// ).unwrap();
/// let image = cathode::NativeImage::from_png(png).unwrap();
/// assert_eq!((image.size().width, image.size().height), (1, 1));
/// assert!(image.to_data_url().starts_with("data:image/png;base64,"));
/// assert_eq!(&image.to_jpeg(80).unwrap()[..2], &[0xFF, 0xD8]);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct NativeImage {
    png: Vec<u8>,
    size: ImageSize,
}

/// An image's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImageSize {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl std::fmt::Debug for NativeImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeImage")
            .field("size", &self.size)
            .field("png_bytes", &self.png.len())
            .finish()
    }
}

impl NativeImage {
    /// An image from PNG bytes; fails with [`Error::BadArgument`] when they are not a PNG.
    pub fn from_png(png: Vec<u8>) -> Result<NativeImage> {
        const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
        if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
            return Err(Error::BadArgument {
                what: "NativeImage",
                reason: "not a PNG image".into(),
            });
        }
        let number =
            |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        let size = ImageSize {
            width: number(16),
            height: number(20),
        };
        Ok(NativeImage { png, size })
    }

    /// The image as PNG (Electron's `toPNG()`).
    pub fn to_png(&self) -> &[u8] {
        &self.png
    }

    /// The image as JPEG of `quality` 0 to 100 (Electron's `toJPEG(quality)`); fails with
    /// [`Error::BadArgument`] for a quality over 100.
    pub fn to_jpeg(&self, quality: u8) -> Result<Vec<u8>> {
        let bad = |reason: String| Error::BadArgument {
            what: "toJPEG",
            reason,
        };
        if quality > 100 {
            return Err(bad(format!("quality must be 0 to 100, not {quality}")));
        }
        let image = image::load_from_memory_with_format(&self.png, image::ImageFormat::Png)
            .map_err(|error| bad(error.to_string()))?
            .to_rgb8();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality.max(1))
            .encode_image(&image)
            .map_err(|error| bad(error.to_string()))?;
        Ok(jpeg)
    }

    /// The image's size in pixels (Electron's `getSize()`).
    pub fn size(&self) -> ImageSize {
        self.size
    }

    /// True when the image has no pixels (Electron's `isEmpty()`).
    pub fn is_empty(&self) -> bool {
        self.size.width == 0 || self.size.height == 0
    }

    /// A `data:image/png;base64,...` URL of the image (Electron's `toDataURL()`).
    pub fn to_data_url(&self) -> String {
        format!(
            "data:image/png;base64,{}",
            cathode_cdp::base64::encode(&self.png)
        )
    }
}

/// Electron's `printToPDF` options. Sizes are in inches.
///
/// ```
/// let options = cathode::PdfOptions {
///     landscape: true,
///     print_background: true,
///     page_size: cathode::PdfOptions::paper("A4"),
///     ..Default::default()
/// };
/// assert_eq!(options.page_size, Some((8.27, 11.7)));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfOptions {
    /// Landscape instead of portrait.
    pub landscape: bool,
    /// Print a header and a footer.
    pub display_header_footer: bool,
    /// Print background colours and images.
    pub print_background: bool,
    /// Scale of the page's rendering, 0.1 to 2 (default 1).
    pub scale: Option<f64>,
    /// Paper (width, height) in inches (default Letter); see [`PdfOptions::paper`].
    pub page_size: Option<(f64, f64)>,
    /// Margins (default about 0.4 inches each).
    pub margins: Option<PdfMargins>,
    /// Pages to print, e.g. `1-5, 8` (default all).
    pub page_ranges: String,
    /// The header's HTML template (Chromium's: classes `date`, `title`, `url`, `pageNumber`,
    /// `totalPages`).
    pub header_template: String,
    /// The footer's HTML template.
    pub footer_template: String,
    /// Use the page's CSS `@page` size.
    pub prefer_css_page_size: bool,
}

/// Page margins in inches.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PdfMargins {
    /// Top.
    pub top: f64,
    /// Bottom.
    pub bottom: f64,
    /// Left.
    pub left: f64,
    /// Right.
    pub right: f64,
}

impl PdfOptions {
    /// The size in inches of one of Electron's paper names (`A0` to `A6`, `Letter`, `Legal`,
    /// `Tabloid`, `Ledger`); `None` for another name.
    pub fn paper(name: &str) -> Option<(f64, f64)> {
        Some(match name {
            "A0" => (33.1, 46.8),
            "A1" => (23.4, 33.1),
            "A2" => (16.54, 23.4),
            "A3" => (11.7, 16.54),
            "A4" => (8.27, 11.7),
            "A5" => (5.83, 8.27),
            "A6" => (4.13, 5.83),
            "Letter" => (8.5, 11.0),
            "Legal" => (8.5, 14.0),
            "Tabloid" => (11.0, 17.0),
            "Ledger" => (17.0, 11.0),
            _ => return None,
        })
    }

    fn to_cdp(&self) -> Result<PrintToPdf> {
        let bad = |reason: String| Error::BadArgument {
            what: "printToPDF",
            reason,
        };
        if let Some(scale) = self.scale {
            if !(0.1..=2.0).contains(&scale) {
                return Err(bad(format!("scale must be 0.1 to 2, not {scale}")));
            }
        }
        if let Some((width, height)) = self.page_size {
            if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
                return Err(bad(format!(
                    "the page size must be positive, not {width} x {height} inches"
                )));
            }
        }
        if let Some(margins) = self.margins {
            let all = [margins.top, margins.bottom, margins.left, margins.right];
            if !all.iter().all(|m| m.is_finite() && *m >= 0.0) {
                return Err(bad(format!(
                    "margins must be 0 or more inches, not {all:?}"
                )));
            }
        }
        Ok(PrintToPdf {
            landscape: self.landscape,
            print_background: self.print_background,
            scale: self.scale,
            paper_width: self.page_size.map(|size| size.0),
            paper_height: self.page_size.map(|size| size.1),
            margin_top: self.margins.map(|m| m.top),
            margin_bottom: self.margins.map(|m| m.bottom),
            margin_left: self.margins.map(|m| m.left),
            margin_right: self.margins.map(|m| m.right),
            page_ranges: self.page_ranges.clone(),
            display_header_footer: self.display_header_footer,
            header_template: self.header_template.clone(),
            footer_template: self.footer_template.clone(),
            prefer_css_page_size: self.prefer_css_page_size,
        })
    }
}

/// One entry of a page's session history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NavigationEntry {
    /// The entry's URL.
    pub url: String,
    /// The entry's title.
    pub title: String,
}

/// A page's session history (Electron's `webContents.navigationHistory`); from
/// [`WebContents::navigation_history`].
///
/// ```no_run
/// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
/// let history = contents.navigation_history();
/// if history.can_go_back().await? {
///     history.go_back().await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct NavigationHistory {
    contents: WebContents,
}

/// The history as of the page's last load, for callers that cannot wait.
#[derive(Default)]
struct KnownHistory(Mutex<(Vec<NavigationEntry>, usize)>);

impl NavigationHistory {
    async fn read(&self) -> Result<(Vec<HistoryEntry>, usize)> {
        let page = self.contents.shared.page.clone();
        let mut history = self
            .contents
            .call_page(async move { page.navigation_history().await })
            .await?;
        // Every window starts on about:blank; Electron's history starts with the first load.
        if history.1 > 0
            && history
                .0
                .first()
                .is_some_and(|entry| entry.url == "about:blank")
        {
            history.0.remove(0);
            history.1 -= 1;
        }
        let known = history
            .0
            .iter()
            .map(|entry| NavigationEntry {
                url: entry.url.clone(),
                title: entry.title.clone(),
            })
            .collect();
        let state = self.contents.state_or_insert_with(KnownHistory::default);
        *lock(&state.0) = (known, history.1);
        Ok(history)
    }

    /// Every entry, oldest first (Electron's `getAllEntries()`), without the `about:blank`
    /// every window starts on once the window left it. Fails with
    /// [`Error::WindowDestroyed`] once the window is closed and with
    /// [`Error::RenderProcessGone`] while its renderer is gone.
    pub async fn entries(&self) -> Result<Vec<NavigationEntry>> {
        self.read().await?;
        Ok(self.last_known().0)
    }

    /// The index of the current entry (Electron's `getActiveIndex()`). Fails as
    /// [`NavigationHistory::entries`] does.
    pub async fn active_index(&self) -> Result<usize> {
        Ok(self.read().await?.1)
    }

    /// True when there is an entry before the current one. Fails as
    /// [`NavigationHistory::entries`] does.
    pub async fn can_go_back(&self) -> Result<bool> {
        Ok(self.read().await?.1 > 0)
    }

    /// True when there is an entry after the current one. Fails as
    /// [`NavigationHistory::entries`] does.
    pub async fn can_go_forward(&self) -> Result<bool> {
        let (entries, index) = self.read().await?;
        Ok(index + 1 < entries.len())
    }

    /// Goes one entry back; nothing when there is none, as in Electron. Returns once the
    /// browser started the navigation. Fails as [`NavigationHistory::entries`] does.
    pub async fn go_back(&self) -> Result<()> {
        let (entries, index) = self.read().await?;
        match index.checked_sub(1) {
            Some(back) => self.go_to(&entries, back).await,
            None => Ok(()),
        }
    }

    /// Goes one entry forward; nothing when there is none. Fails as
    /// [`NavigationHistory::entries`] does.
    pub async fn go_forward(&self) -> Result<()> {
        let (entries, index) = self.read().await?;
        if index + 1 < entries.len() {
            self.go_to(&entries, index + 1).await
        } else {
            Ok(())
        }
    }

    /// Goes to the entry at `index` (Electron's `goToIndex`). Fails with
    /// [`Error::BadArgument`] when there is no such entry, else as
    /// [`NavigationHistory::entries`] does.
    pub async fn go_to_index(&self, index: usize) -> Result<()> {
        let (entries, _) = self.read().await?;
        if index >= entries.len() {
            return Err(Error::BadArgument {
                what: "goToIndex",
                reason: format!(
                    "there is no entry {index}: the history has {} entries",
                    entries.len()
                ),
            });
        }
        self.go_to(&entries, index).await
    }

    async fn go_to(&self, entries: &[HistoryEntry], index: usize) -> Result<()> {
        let page = self.contents.shared.page.clone();
        let id = entries[index].id;
        self.contents
            .call_page(async move { page.go_to_history_entry(id).await })
            .await?;
        // A page restored from the back-forward cache reports no load: the index is known now.
        let state = self.contents.state_or_insert_with(KnownHistory::default);
        lock(&state.0).1 = index;
        Ok(())
    }

    /// The entries and the active index as last read (by a method of this history, after one
    /// of its `go_*` calls, or after the page's last `did-finish-load`), for callers that cannot
    /// wait, as the CLI's synchronous `canGoBack()`. A page's own same-document navigations (`pushState`, `#anchors`) show
    /// from the next read or load on.
    pub fn last_known(&self) -> (Vec<NavigationEntry>, usize) {
        match self.contents.state::<KnownHistory>() {
            Some(state) => lock(&state.0).clone(),
            None => (Vec::new(), 0),
        }
    }
}

impl WebContents {
    /// The page's session history (Electron's `navigationHistory`).
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// let entries = contents.navigation_history().entries().await?;
    /// println!("{} pages visited", entries.len());
    /// # Ok(()) }
    /// ```
    pub fn navigation_history(&self) -> NavigationHistory {
        NavigationHistory {
            contents: self.clone(),
        }
    }

    /// Keeps [`NavigationHistory::last_known`] up to date: read again after every load.
    pub(crate) fn follow_history(&self) {
        let weak = Arc::downgrade(&self.shared);
        self.on_did_finish_load(move || {
            if let Some(shared) = weak.upgrade() {
                let history = WebContents::from_shared(shared).navigation_history();
                tokio::spawn(async move {
                    if let Err(error) = history.read().await {
                        tracing::debug!(%error, "reading the session history failed");
                    }
                });
            }
        });
    }

    /// Stops the page's loads (Electron's `stop()`). Fails with [`Error::WindowDestroyed`] once
    /// the window is closed and with [`Error::RenderProcessGone`] while its renderer is gone.
    pub async fn stop(&self) -> Result<()> {
        let page = self.shared.page.clone();
        self.call_page(async move { page.stop_loading().await })
            .await
    }

    /// A PNG of what the page shows, or of `rect` (CSS pixels) of it (Electron's
    /// `capturePage([rect])`). Fails with [`Error::BadArgument`] for a rectangle without
    /// area, with [`Error::WindowDestroyed`] once the window is closed, and with
    /// [`Error::RenderProcessGone`] when the renderer is gone (crashed) or goes away before the
    /// picture is taken: never waits for a page that cannot answer.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// let image = contents.capture_page(None).await?;
    /// std::fs::write("shot.png", image.to_png()).unwrap();
    /// # Ok(()) }
    /// ```
    pub async fn capture_page(&self, rect: Option<Rectangle>) -> Result<NativeImage> {
        if let Some(rect) = rect {
            if rect.width == 0 || rect.height == 0 {
                return Err(Error::BadArgument {
                    what: "capturePage",
                    reason: format!("the rectangle {}x{} has no area", rect.width, rect.height),
                });
            }
        }
        let page = self.shared.page.clone();
        let png = self
            .call_page(async move { page.capture_png(rect).await })
            .await?;
        NativeImage::from_png(png)
    }

    /// The page printed to PDF (Electron's `printToPDF(options)`): the document's bytes. Fails
    /// with [`Error::BadArgument`] for options out of range, with [`Error::Browser`] when the
    /// browser cannot print (Chromium prints to PDF only headless), and as
    /// [`WebContents::capture_page`] for a closed or crashed window.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// let pdf = contents.print_to_pdf(&cathode::PdfOptions::default()).await?;
    /// assert!(pdf.starts_with(b"%PDF"));
    /// # Ok(()) }
    /// ```
    pub async fn print_to_pdf(&self, options: &PdfOptions) -> Result<Vec<u8>> {
        let command = options.to_cdp()?;
        let page = self.shared.page.clone();
        self.call_page(async move { page.print_to_pdf(command).await })
            .await
    }
}
