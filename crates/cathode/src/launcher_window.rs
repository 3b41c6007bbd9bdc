//! Takes the headful launcher page's OS window out of the window manager's lists (X11), so the
//! user sees only the app's windows: Chromium opens chromeless app windows only from another
//! one, so the launcher page must stay, but it need not be seen, not even minimised in a taskbar.

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ConnectionExt as _, EventMask, UnmapNotifyEvent, Window, UNMAP_NOTIFY_EVENT,
};
use x11rb::wrapper::ConnectionExt as _;

/// The launcher page's title: the OS window's name, unique to this app instance.
pub(crate) fn launcher_title() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!("cathode-launcher-{}-{nanos:08x}", std::process::id())
}

/// Withdraws every window of the browser process `pid` named `title` on the X `display` (`None`:
/// the one `DISPLAY` names), as the ICCCM says: unmapped, and a synthetic `UnmapNotify` to the
/// root so that the window manager lets go of it even when it is minimised. `Ok(false)` when no
/// such window exists yet; an error when there is no X display to ask.
pub(crate) fn withdraw(title: &str, pid: u32, display: Option<&str>) -> Result<bool, String> {
    let (connection, screen) = x11rb::connect(display).map_err(|error| error.to_string())?;
    let root = connection.setup().roots[screen].root;
    let atom = |name: &[u8]| -> Result<Atom, String> {
        let cookie = connection
            .intern_atom(false, name)
            .map_err(|error| error.to_string())?;
        Ok(cookie.reply().map_err(|error| error.to_string())?.atom)
    };
    let (name_atom, utf8, pid_atom) = (
        atom(b"_NET_WM_NAME")?,
        atom(b"UTF8_STRING")?,
        atom(b"_NET_WM_PID")?,
    );
    let property = |window: Window, property: Atom, kind: Atom| -> Option<Vec<u8>> {
        let cookie = connection
            .get_property(false, window, property, kind, 0, 256)
            .ok()?;
        Some(cookie.reply().ok()?.value)
    };
    let mut withdrawn = false;
    let mut to_visit = vec![root];
    while let Some(window) = to_visit.pop() {
        // Windows come and go while the tree is read: one that is gone is skipped.
        let Some(tree) = connection
            .query_tree(window)
            .ok()
            .and_then(|cookie| cookie.reply().ok())
        else {
            continue;
        };
        to_visit.extend(tree.children);
        let named = property(window, name_atom, utf8).is_some_and(|name| name == title.as_bytes());
        let owned = property(window, pid_atom, AtomEnum::CARDINAL.into())
            .and_then(|value| Some(u32::from_ne_bytes(value.get(..4)?.try_into().ok()?)))
            .is_some_and(|owner| owner == pid);
        if named && owned {
            let unmapped = UnmapNotifyEvent {
                response_type: UNMAP_NOTIFY_EVENT,
                sequence: 0,
                event: root,
                window,
                from_configure: false,
            };
            let sent = connection
                .unmap_window(window)
                .and_then(|_| {
                    connection.send_event(
                        false,
                        root,
                        EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
                        unmapped,
                    )
                })
                .map_err(|error| error.to_string())?;
            drop(sent);
            withdrawn = true;
        }
    }
    connection.sync().map_err(|error| error.to_string())?;
    Ok(withdrawn)
}
