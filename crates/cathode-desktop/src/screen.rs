//! Electron's `screen`: the displays and the cursor's position.
//!
//! Chromium tells a page about the display its window is on (`window.screen`): cathode reads it
//! with [`WebContents::execute_javascript`] of `screen.js` and turns it into Electron's
//! [`Display`]. A page sees one display, so [`displays`] has one: the primary display is the one
//! the page's window is on. Headless Chromium reports the window's own size (800x600 by default),
//! not a monitor. [`x11_display`] describes the X server's screen without a page. The cursor's position comes from the X server (`QueryPointer` on the root
//! window), since the browser reports the mouse only while it is over a page.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use cathode::WebContents;

use crate::{Error, Result};

/// The expression a page evaluates to describe its display.
pub const SCREEN_SCRIPT: &str = include_str!("screen.js");

/// A point in screen coordinates (Electron's `Point`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Pixels from the left.
    pub x: i32,
    /// Pixels from the top.
    pub y: i32,
}

/// A rectangle in screen coordinates (Electron's `Rectangle`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectangle {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

/// A size (Electron's `Size`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

/// A display, with Electron's members and JSON names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Display {
    /// The display's id (1 for the one display a page sees).
    pub id: u32,
    /// A name for the display.
    pub label: String,
    /// The display's bounds.
    pub bounds: Rectangle,
    /// The part windows may use (less panels and docks).
    pub work_area: Rectangle,
    /// The size of `bounds`.
    pub size: Size,
    /// The size of `work_area`.
    pub work_area_size: Size,
    /// Device pixels per CSS pixel.
    pub scale_factor: f64,
    /// Rotation in degrees: 0, 90, 180 or 270.
    pub rotation: u32,
    /// Bits a pixel.
    pub color_depth: u32,
    /// Bits a colour component.
    pub depth_per_component: u32,
    /// Whether the display is built in (unknown here: false).
    pub internal: bool,
    /// Whether the display is monochrome (Electron's spelling `monochrome`).
    pub monochrome: bool,
    /// `available`, `unavailable` or `unknown` (unknown here).
    pub touch_support: String,
    /// `available`, `unavailable` or `unknown` (unknown here).
    pub accelerometer_support: String,
    /// Refresh rate in Hz (0: unknown).
    pub display_frequency: f64,
}

impl Display {
    /// A display of these bounds and work area, the rest as a plain monitor.
    pub fn new(bounds: Rectangle, work_area: Rectangle, scale_factor: f64) -> Display {
        Display {
            id: 1,
            label: String::new(),
            bounds,
            work_area,
            size: Size {
                width: bounds.width,
                height: bounds.height,
            },
            work_area_size: Size {
                width: work_area.width,
                height: work_area.height,
            },
            scale_factor,
            rotation: 0,
            color_depth: 24,
            depth_per_component: 8,
            internal: false,
            monochrome: false,
            touch_support: "unknown".into(),
            accelerometer_support: "unknown".into(),
            display_frequency: 0.0,
        }
    }

    /// The display a page described with [`SCREEN_SCRIPT`].
    ///
    /// ```
    /// let page = serde_json::json!({"width": 800, "height": 600, "availLeft": 0, "availTop": 0,
    ///     "availWidth": 800, "availHeight": 570, "colorDepth": 24, "scaleFactor": 1, "angle": 0});
    /// let display = cathode_desktop::screen::Display::from_page(&page).unwrap();
    /// assert_eq!(display.work_area.height, 570);
    /// ```
    pub fn from_page(page: &Value) -> Result<Display> {
        let number = |name: &str| {
            page.get(name)
                .and_then(Value::as_f64)
                .ok_or_else(|| Error::Screen(format!("the page gave no '{name}' for its screen")))
        };
        let bounds = Rectangle {
            x: 0,
            y: 0,
            width: number("width")? as i32,
            height: number("height")? as i32,
        };
        let work_area = Rectangle {
            x: number("availLeft").unwrap_or(0.0) as i32,
            y: number("availTop").unwrap_or(0.0) as i32,
            width: number("availWidth")? as i32,
            height: number("availHeight")? as i32,
        };
        let mut display = Display::new(bounds, work_area, number("scaleFactor").unwrap_or(1.0));
        display.color_depth = number("colorDepth").unwrap_or(24.0) as u32;
        display.depth_per_component = (display.color_depth / 3).max(1);
        display.rotation = number("angle").unwrap_or(0.0) as u32 % 360;
        display.label = format!("{}x{}", bounds.width, bounds.height);
        Ok(display)
    }
}

/// The display `contents`' window is on, as its page sees it (Electron's
/// `screen.getPrimaryDisplay`).
///
/// ```no_run
/// # async fn demo(window: cathode::BrowserWindow) -> cathode_desktop::Result<()> {
/// let display = cathode_desktop::screen::primary_display(&window.web_contents()).await?;
/// println!("{}x{}", display.size.width, display.size.height);
/// # Ok(()) }
/// ```
pub async fn primary_display(contents: &WebContents) -> Result<Display> {
    let page = contents
        .execute_javascript(SCREEN_SCRIPT)
        .await
        .map_err(|error| Error::Screen(format!("the page could not be asked: {error}")))?;
    Display::from_page(&page)
}

/// Every display the page of `contents` knows of: the one it is on (Electron's
/// `screen.getAllDisplays`).
pub async fn displays(contents: &WebContents) -> Result<Vec<Display>> {
    Ok(vec![primary_display(contents).await?])
}

/// The display nearest to `point` (Electron's `screen.getDisplayNearestPoint`): one that holds
/// it, else the one whose edge is closest.
///
/// ```
/// use cathode_desktop::screen::{display_nearest_point, Display, Point, Rectangle};
/// let left = Display::new(Rectangle { x: 0, y: 0, width: 100, height: 100 }, Default::default(), 1.0);
/// let right = Display::new(Rectangle { x: 100, y: 0, width: 100, height: 100 }, Default::default(), 1.0);
/// let displays = [left, right.clone()];
/// assert_eq!(display_nearest_point(&displays, Point { x: 500, y: 50 }), Some(&right));
/// ```
pub fn display_nearest_point(displays: &[Display], point: Point) -> Option<&Display> {
    let distance = |display: &Display| {
        let b = display.bounds;
        let dx = (b.x - point.x).max(point.x - (b.x + b.width - 1)).max(0) as i64;
        let dy = (b.y - point.y).max(point.y - (b.y + b.height - 1)).max(0) as i64;
        dx * dx + dy * dy
    };
    displays.iter().min_by_key(|display| distance(display))
}

/// The X server's first screen as a display (its size; the work area is the whole screen, as
/// X does not say where panels are without a window manager's help). Fails with
/// [`Error::NoDisplay`] without an X display. The CLI answers `screen` with it until a page has
/// said which display it is on.
///
/// ```no_run
/// let display = cathode_desktop::screen::x11_display()?;
/// println!("{}x{}", display.size.width, display.size.height);
/// # Ok::<(), cathode_desktop::Error>(())
/// ```
pub fn x11_display() -> Result<Display> {
    let (connection, screen) = x11()?;
    use x11rb::connection::Connection;
    let root = &connection.setup().roots[screen];
    let bounds = Rectangle {
        x: 0,
        y: 0,
        width: i32::from(root.width_in_pixels),
        height: i32::from(root.height_in_pixels),
    };
    let mut display = Display::new(bounds, bounds, 1.0);
    display.color_depth = u32::from(root.root_depth);
    display.depth_per_component = (display.color_depth / 3).max(1);
    display.label = format!("{}x{}", bounds.width, bounds.height);
    Ok(display)
}

/// A connection to the X display of `DISPLAY`, and its default screen's number.
fn x11() -> Result<(x11rb::rust_connection::RustConnection, usize)> {
    if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
        return Err(Error::NoDisplay("DISPLAY is not set".into()));
    }
    x11rb::connect(None)
        .map_err(|error| Error::NoDisplay(format!("the X display is not reachable: {error}")))
}

/// Where the mouse cursor is, from the X server (Electron's `screen.getCursorScreenPoint`).
/// Fails with [`Error::NoDisplay`] without an X display.
///
/// ```no_run
/// let point = cathode_desktop::screen::cursor_screen_point()?;
/// println!("{}, {}", point.x, point.y);
/// # Ok::<(), cathode_desktop::Error>(())
/// ```
pub fn cursor_screen_point() -> Result<Point> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::ConnectionExt;
    let no_display = |error: &dyn std::fmt::Display| {
        Error::NoDisplay(format!("the X display is not reachable: {error}"))
    };
    let (connection, screen) = x11()?;
    let root = connection.setup().roots[screen].root;
    let pointer = connection
        .query_pointer(root)
        .map_err(|error| no_display(&error))?
        .reply()
        .map_err(|error| no_display(&error))?;
    Ok(Point {
        x: i32::from(pointer.root_x),
        y: i32::from(pointer.root_y),
    })
}
