//! What a page believes about its user's preferences and shows where it paints nothing: CDP's
//! media emulation and default background; and its zoom, as device metrics emulation.

use cathode_cdp::protocol::{emulation, Command};
use serde::Serialize;

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

/// `Emulation.setDeviceMetricsOverride` with only a scale: the page lays out in a viewport
/// `scale` times smaller (in CSS pixels) than its window, drawn `scale` times larger.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ScaleViewport {
    /// 0: the window's own width.
    width: u32,
    /// 0: the window's own height.
    height: u32,
    /// 0: the screen's own.
    device_scale_factor: f64,
    mobile: bool,
    scale: f64,
}

impl Command for ScaleViewport {
    const METHOD: &'static str = "Emulation.setDeviceMetricsOverride";
    type Response = serde_json::Value;
}

/// `Emulation.clearDeviceMetricsOverride`.
#[derive(Debug, Serialize)]
struct ClearDeviceMetrics {}

impl Command for ClearDeviceMetrics {
    const METHOD: &'static str = "Emulation.clearDeviceMetricsOverride";
    type Response = serde_json::Value;
}

impl Page {
    /// Zooms the page by `factor` (1: none), for this document and every later one: its
    /// viewport in CSS pixels is the window's divided by `factor`, so it lays out narrower and
    /// shows larger, and its media queries see the smaller width, as with a browser's zoom.
    pub(crate) async fn set_zoom(&self, factor: f64) -> Result<()> {
        if factor == 1.0 {
            self.call(&ClearDeviceMetrics {}).await?;
        } else {
            self.call(&ScaleViewport {
                width: 0,
                height: 0,
                device_scale_factor: 0.0,
                mobile: false,
                scale: factor,
            })
            .await?;
        }
        Ok(())
    }
}
