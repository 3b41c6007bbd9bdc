//! Takes the headful launcher page's OS window out of the window manager's lists (X11), so the
//! user sees only the app's windows: Chromium opens chromeless app windows only from another
//! one, so the launcher page must stay, but it need not be seen, not even minimised in a taskbar.

use crate::x11::XDisplay;

/// The launcher page's title: the OS window's name, unique to this app instance.
pub(crate) fn launcher_title() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!("cathode-launcher-{}-{nanos:08x}", std::process::id())
}

/// Withdraws every window of the browser process `pid` named `title` on the X `display` (`None`:
/// the one `DISPLAY` names), as the ICCCM says (see [`XDisplay::withdraw`]). `Ok(false)` when no
/// such window exists yet; an error when there is no X display to ask.
pub(crate) fn withdraw(title: &str, pid: u32, display: Option<&str>) -> Result<bool, String> {
    let x = XDisplay::connect(display)?;
    let windows = x.windows_named(title, pid)?;
    for &window in &windows {
        x.withdraw(window)?;
    }
    x.sync()?;
    Ok(!windows.is_empty())
}
