//! What a page believes about its user's preferences and shows where it paints nothing: CDP's
//! media emulation and default background.

use cathode_cdp::protocol::emulation;

use super::Page;
use crate::error::Result;
use crate::options::{Color, ColorScheme};

impl Page {
    /// Makes the page's `prefers-color-scheme` answer `scheme` (`None`: the browser's own), for
    /// this document and every later one of the page.
    pub(crate) async fn emulate_color_scheme(&self, scheme: Option<ColorScheme>) -> Result<()> {
        let value = scheme.map_or("", ColorScheme::as_str);
        self.call(&emulation::SetEmulatedMedia {
            features: vec![emulation::MediaFeature {
                name: "prefers-color-scheme".into(),
                value: value.into(),
            }],
        })
        .await?;
        Ok(())
    }

    /// Paints the page's background in `color` where the page paints nothing, for this
    /// document and every later one (`None`: the browser's white).
    pub(crate) async fn set_default_background(&self, color: Option<Color>) -> Result<()> {
        self.call(&emulation::SetDefaultBackgroundColorOverride {
            color: color.map(|color| emulation::Rgba {
                r: color.r,
                g: color.g,
                b: color.b,
                a: f64::from(color.a) / 255.0,
            }),
        })
        .await?;
        Ok(())
    }
}
