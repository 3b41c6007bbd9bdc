//! The page's zoom (Electron's `setZoomFactor` / `setZoomLevel`). CDP has no browser zoom; the
//! closest is device metrics emulation with a scale (`page/emulation.rs`): the page's viewport in
//! CSS pixels shrinks by the factor and is drawn larger, so it lays out narrower and its media
//! queries see the narrower width, as with Electron's zoom. It differs in that
//! `devicePixelRatio` stays the screen's (the page is drawn at its CSS size and scaled up), and
//! the zoom is the window's, not shared by every page of the same origin as Electron's is.

use std::sync::Mutex;

use super::WebContents;
use crate::error::{Error, Result};
use crate::listeners::lock;

/// The factor set last (kept in the window's typed state).
#[derive(Default)]
struct Zoom(Mutex<Option<f64>>);

/// Chromium's step between zoom levels: each level is 20% larger than the one before.
const LEVEL_STEP: f64 = 1.2;

impl WebContents {
    /// Zooms the page: `2.0` shows it twice as large (and lays it out in half the width), `1.0`
    /// as it is; it holds for later documents of the window too. Fails with
    /// [`Error::BadArgument`] for a factor that is not a number above 0 (the zoom unchanged),
    /// with [`Error::WindowDestroyed`] once the window is closed and with [`Error::Browser`]
    /// when the browser refuses.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.set_zoom_factor(1.5).await?;
    /// assert_eq!(contents.zoom_factor(), 1.5);
    /// # Ok(()) }
    /// ```
    pub async fn set_zoom_factor(&self, factor: f64) -> Result<()> {
        if !(factor.is_finite() && factor > 0.0) {
            return Err(Error::BadArgument {
                what: "setZoomFactor",
                reason: format!("'zoomFactor' must be a double greater than 0.0, not {factor}"),
            });
        }
        self.call_page(self.shared().page.set_zoom(factor)).await?;
        *lock(&self.state_or_insert_with(Zoom::default).0) = Some(factor);
        Ok(())
    }

    /// The zoom factor (1.0 unless set).
    pub fn zoom_factor(&self) -> f64 {
        self.state::<Zoom>()
            .and_then(|zoom| *lock(&zoom.0))
            .unwrap_or(1.0)
    }

    /// Zooms by Electron's levels: 0 is the original size, each level up or down is 20% larger
    /// or smaller (factor `1.2^level`). Fails as [`WebContents::set_zoom_factor`] does (for a
    /// level that is not a finite number).
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.set_zoom_level(1.0).await?;
    /// assert!((contents.zoom_factor() - 1.2).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    pub async fn set_zoom_level(&self, level: f64) -> Result<()> {
        if !level.is_finite() {
            return Err(Error::BadArgument {
                what: "setZoomLevel",
                reason: format!("the level must be a finite number, not {level}"),
            });
        }
        self.set_zoom_factor(LEVEL_STEP.powf(level)).await
    }

    /// The zoom level (0 unless set): `log₁.₂` of the zoom factor.
    pub fn zoom_level(&self) -> f64 {
        level_of(self.zoom_factor())
    }
}

/// The zoom level of a factor.
fn level_of(factor: f64) -> f64 {
    factor.ln() / LEVEL_STEP.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_powers_of_1_2() {
        assert_eq!(level_of(1.0), 0.0);
        assert!((level_of(1.44) - 2.0).abs() < 1e-9);
        assert!((level_of(1.0 / 1.2) + 1.0).abs() < 1e-9);
    }
}
