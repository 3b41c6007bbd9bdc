//! DevTools for a window. Chromium opens them in a window of their own next to each page when
//! it was started with [`AUTO_OPEN_DEVTOOLS`] and has a display (`cathode run --devtools`); the
//! DevTools protocol has no command that opens or closes that window later, so without the flag
//! opening says why it cannot, and headless there is nothing to show them in.

use super::WebContents;

/// Chromium's flag that opens DevTools next to every page from the start: give it to
/// [`AppBuilder::browser_arg`](crate::AppBuilder::browser_arg) for DevTools in apps with a
/// display.
///
/// ```no_run
/// let app = cathode::App::builder()
///     .browser_arg(cathode::AUTO_OPEN_DEVTOOLS)
///     .build();
/// ```
pub const AUTO_OPEN_DEVTOOLS: &str = "--auto-open-devtools-for-tabs";

impl WebContents {
    /// True when the browser shows DevTools for this page: it has a display and was started
    /// with [`AUTO_OPEN_DEVTOOLS`] (Electron's `isDevToolsOpened`). Closing them by hand is not
    /// reported over the pipe.
    pub fn is_dev_tools_opened(&self) -> bool {
        let Ok(app) = self.shared.app() else {
            return false;
        };
        !self.is_destroyed()
            && !app.is_headless()
            && app
                .options
                .browser_args
                .iter()
                .any(|arg| arg == AUTO_OPEN_DEVTOOLS)
    }

    /// Electron's `openDevTools`. DevTools are open from the start when the app runs with a
    /// display and [`AUTO_OPEN_DEVTOOLS`]; otherwise this logs why none opens (headless, or
    /// the flag missing: the pipe cannot open them later) and changes nothing.
    pub fn open_dev_tools(&self) {
        if self.is_dev_tools_opened() {
            return;
        }
        let headless = self.shared.app().map_or(true, |app| app.is_headless());
        if headless {
            tracing::info!(
                window_id = self.id(),
                "openDevTools: the browser runs headless, with no display to show DevTools in; none opened"
            );
        } else {
            tracing::info!(
                window_id = self.id(),
                "openDevTools: DevTools open only when the browser starts with {AUTO_OPEN_DEVTOOLS} \
                 (cathode run --devtools); the DevTools pipe cannot open them later"
            );
        }
    }

    /// Electron's `closeDevTools`: the DevTools pipe cannot close the DevTools window, so when
    /// one is open this logs that it stays (the user closes it); otherwise nothing.
    pub fn close_dev_tools(&self) {
        if self.is_dev_tools_opened() {
            tracing::info!(
                window_id = self.id(),
                "closeDevTools: the DevTools window cannot be closed over the DevTools pipe; it stays open"
            );
        }
    }

    /// Electron's `toggleDevTools`: [`WebContents::close_dev_tools`] when open, else
    /// [`WebContents::open_dev_tools`].
    pub fn toggle_dev_tools(&self) {
        if self.is_dev_tools_opened() {
            self.close_dev_tools();
        } else {
            self.open_dev_tools();
        }
    }
}
