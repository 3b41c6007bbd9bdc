//! What a page believes about its user's preferences: CDP's media emulation.

use cathode_cdp::protocol::emulation;

use super::Page;
use crate::error::Result;
use crate::options::ColorScheme;

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
}
