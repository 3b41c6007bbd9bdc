//! A window's background colour (Electron's `backgroundColor`): what its page shows where it
//! paints nothing, from before the first paint, so that a dark app does not flash white.

use std::sync::Mutex;

use super::BrowserWindow;
use crate::error::Result;
use crate::listeners::lock;
use crate::options::Color;
use crate::state::WindowShared;

/// The colour set last (kept in the window's typed state).
#[derive(Default)]
struct Background(Mutex<Option<Color>>);

/// Electron's default: opaque white.
const WHITE: Color = Color {
    r: 255,
    g: 255,
    b: 255,
    a: 255,
};

impl BrowserWindow {
    /// Sets the colour the page shows where it paints nothing (its `<body>` without a
    /// background, the moment before the first paint), for this and every later document.
    /// Fails with [`crate::Error::WindowDestroyed`] once the window is closed and with
    /// [`crate::Error::Browser`] when the browser refuses.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_background_color(cathode::Color::parse("#1e1e1e").unwrap()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_background_color(&self, color: Color) -> Result<()> {
        self.shared.check_alive()?;
        set_background(&self.shared, color).await
    }

    /// The colour set with [`BrowserWindow::set_background_color`] or the `backgroundColor`
    /// option; white when none was.
    pub fn background_color(&self) -> Color {
        let kept = self.shared.extensions.get::<Background>();
        kept.and_then(|kept| *lock(&kept.0)).unwrap_or(WHITE)
    }
}

/// Keeps `color` and has the page paint it.
pub(super) async fn set_background(window: &WindowShared, color: Color) -> Result<()> {
    *lock(&window.extensions.get_or_insert_with(Background::default).0) = Some(color);
    window.page.set_default_background(Some(color)).await
}
