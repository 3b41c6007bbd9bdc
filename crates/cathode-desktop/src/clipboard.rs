//! Electron's `clipboard`: plain text, HTML and images on the system clipboard (crate `arboard`,
//! over X11; under Wayland through XWayland).
//!
//! The clipboard of X11 is served by the program that wrote it: cathode keeps one clipboard
//! connection for the life of the process, so what the app writes stays readable by other
//! programs until it exits. Without a display every call fails at once with
//! [`Error::NoDisplay`](crate::Error::NoDisplay); nothing waits for one.

use std::sync::Mutex;

use crate::{Error, Result};

/// An image in straight RGBA, 8 bits a channel, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes: red, green, blue, alpha.
    pub rgba: Vec<u8>,
}

impl Image {
    /// The image encoded as PNG (Electron's `nativeImage.toPNG()`).
    ///
    /// ```
    /// use cathode_desktop::clipboard::Image;
    /// let red = Image { width: 1, height: 1, rgba: vec![255, 0, 0, 255] };
    /// let png = red.to_png().unwrap();
    /// assert_eq!(Image::from_png(&png).unwrap(), red);
    /// ```
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let expected = self.width as usize * self.height as usize * 4;
        if self.rgba.len() != expected {
            return Err(Error::Refused(format!(
                "an image of {}x{} needs {expected} RGBA bytes, not {}",
                self.width,
                self.height,
                self.rgba.len()
            )));
        }
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let encoded = encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&self.rgba));
        encoded.map_err(|error| Error::Refused(format!("PNG encoding failed: {error}")))?;
        Ok(bytes)
    }

    /// Decodes a PNG file's bytes into RGBA (Electron's `nativeImage.createFromBuffer`).
    pub fn from_png(bytes: &[u8]) -> Result<Image> {
        let bad = |error: png::DecodingError| Error::Refused(format!("not a PNG image: {error}"));
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(bad)?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| Error::Refused("the PNG image is too large".into()))?;
        let mut buffer = vec![0; size];
        let frame = reader.next_frame(&mut buffer).map_err(bad)?;
        buffer.truncate(frame.buffer_size());
        let rgba = match frame.color_type {
            png::ColorType::Rgba => buffer,
            png::ColorType::Rgb => buffer
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            png::ColorType::GrayscaleAlpha => buffer
                .chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
            png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g, 255]).collect(),
            png::ColorType::Indexed => {
                return Err(Error::Refused("an indexed PNG was not expanded".into()))
            }
        };
        Ok(Image {
            width: frame.width,
            height: frame.height,
            rgba,
        })
    }
}

/// The process's one clipboard connection, made on first use.
static CLIPBOARD: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

/// Runs `f` on the clipboard connection, making it first if needed.
fn with_clipboard<T>(
    f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
) -> Result<T> {
    let mut guard = cathode::sync::lock(&CLIPBOARD);
    if guard.is_none() {
        if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
            return Err(Error::NoDisplay(
                "the clipboard needs an X display (DISPLAY is not set)".into(),
            ));
        }
        let made = arboard::Clipboard::new().map_err(|error| {
            Error::NoDisplay(format!("the clipboard is not reachable: {error}"))
        })?;
        *guard = Some(made);
    }
    let clipboard = guard.as_mut().expect("made above");
    f(clipboard).map_err(|error| Error::Clipboard(error.to_string()))
}

/// Empty when the clipboard holds nothing of the kind, as Electron answers.
fn or_empty<T: Default>(read: Result<T, arboard::Error>) -> Result<T, arboard::Error> {
    match read {
        Err(arboard::Error::ContentNotAvailable) => Ok(T::default()),
        other => other,
    }
}

/// The clipboard's plain text; empty when it holds none (Electron's `clipboard.readText`).
///
/// ```no_run
/// cathode_desktop::clipboard::write_text("copied")?;
/// assert_eq!(cathode_desktop::clipboard::read_text()?, "copied");
/// # Ok::<(), cathode_desktop::Error>(())
/// ```
pub fn read_text() -> Result<String> {
    with_clipboard(|clipboard| or_empty(clipboard.get_text()))
}

/// Puts `text` on the clipboard (Electron's `clipboard.writeText`).
pub fn write_text(text: &str) -> Result<()> {
    with_clipboard(|clipboard| clipboard.set_text(text))
}

/// The clipboard's HTML markup; empty when it holds none (Electron's `clipboard.readHTML`).
///
/// ```no_run
/// cathode_desktop::clipboard::write_html("<b>bold</b>", Some("bold"))?;
/// assert_eq!(cathode_desktop::clipboard::read_html()?, "<b>bold</b>");
/// # Ok::<(), cathode_desktop::Error>(())
/// ```
pub fn read_html() -> Result<String> {
    with_clipboard(|clipboard| or_empty(clipboard.get().html()))
}

/// Puts `html` on the clipboard, with `alt_text` for programs that take plain text only
/// (Electron's `clipboard.writeHTML`, and `write({html, text})`).
pub fn write_html(html: &str, alt_text: Option<&str>) -> Result<()> {
    with_clipboard(|clipboard| clipboard.set_html(html, alt_text))
}

/// The clipboard's image, if it holds one (Electron's `clipboard.readImage`, which gives an
/// empty image instead of `None`).
///
/// ```no_run
/// use cathode_desktop::clipboard::{self, Image};
/// clipboard::write_image(&Image { width: 1, height: 1, rgba: vec![0, 0, 255, 255] })?;
/// assert_eq!(clipboard::read_image()?.unwrap().rgba, [0, 0, 255, 255]);
/// # Ok::<(), cathode_desktop::Error>(())
/// ```
pub fn read_image() -> Result<Option<Image>> {
    with_clipboard(|clipboard| match clipboard.get_image() {
        Ok(image) => Ok(Some(Image {
            width: image.width as u32,
            height: image.height as u32,
            rgba: image.bytes.into_owned(),
        })),
        Err(arboard::Error::ContentNotAvailable) => Ok(None),
        Err(error) => Err(error),
    })
}

/// Puts `image` on the clipboard (as PNG, the type other programs take).
pub fn write_image(image: &Image) -> Result<()> {
    image.to_png()?; // the size check, with its clear error
    with_clipboard(|clipboard| {
        clipboard.set_image(arboard::ImageData {
            width: image.width as usize,
            height: image.height as usize,
            bytes: std::borrow::Cow::Borrowed(&image.rgba),
        })
    })
}

/// Empties the clipboard (Electron's `clipboard.clear`).
pub fn clear() -> Result<()> {
    with_clipboard(|clipboard| clipboard.clear())
}

/// The MIME types the clipboard holds now, of those cathode reads: `text/plain`, `text/html`,
/// `image/png` (Electron's `clipboard.availableFormats`).
pub fn available_formats() -> Result<Vec<String>> {
    let mut formats = Vec::new();
    if !read_text()?.is_empty() {
        formats.push("text/plain".to_owned());
    }
    if !read_html()?.is_empty() {
        formats.push("text/html".to_owned());
    }
    if read_image()?.is_some() {
        formats.push("image/png".to_owned());
    }
    Ok(formats)
}
