//! The X11 side of headful windows, over `x11rb`: finds a browser's top-level window by its name
//! (`_NET_WM_NAME`) and owner (`_NET_WM_PID`), sets the window manager's hints Electron sets on
//! Linux (EWMH `_NET_WM_STATE` atoms, as a pager asks for them; ICCCM `WM_TRANSIENT_FOR` and the
//! size limits of `WM_NORMAL_HINTS`), and withdraws a window (the launcher page's).

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, OnceLock};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, PropMode, UnmapNotifyEvent,
    Window, UNMAP_NOTIFY_EVENT,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

/// Where a headful app's browser shows its windows: the browser's pid and its X display.
#[derive(Debug, Clone)]
pub(crate) struct BrowserDisplay {
    pub pid: u32,
    /// The display the browser's `--display=` names; `None`: the one `DISPLAY` names.
    pub display: Option<String>,
    /// Random, unique to the app instance: part of each window's first title.
    pub nonce: String,
}

/// A headful window's X11 window (kept in the window's typed state): its id once found.
#[derive(Debug)]
pub(crate) struct X11Window {
    pub id: OnceLock<u32>,
    /// Set while the marker is taken off the URL, whose in-document navigation is not the page's.
    pub unmarking: AtomicBool,
    /// Held while the window's hints are set: one update at a time.
    pub updating: Mutex<()>,
}

/// The hints of one window, as Electron sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hints {
    pub above: bool,
    pub skip_taskbar: bool,
    /// The parent's X11 window, when the window has a parent whose window is known.
    pub transient_for: Option<u32>,
    /// Modal (only with a parent, as Electron).
    pub modal: bool,
    /// The smallest and largest size the user may give the window (0: no limit).
    pub min: (u32, u32),
    pub max: (u32, u32),
}

/// One connection to an X display, with its root window.
pub(crate) struct XDisplay {
    connection: RustConnection,
    root: Window,
}

/// `_NET_WM_STATE`'s actions.
const REMOVE: u32 = 0;
const ADD: u32 = 1;

impl XDisplay {
    /// Connects to `display` (`None`: the one `DISPLAY` names). An error when there is none.
    pub(crate) fn connect(display: Option<&str>) -> Result<XDisplay, String> {
        let (connection, screen) = x11rb::connect(display).map_err(|error| error.to_string())?;
        let root = connection.setup().roots[screen].root;
        Ok(XDisplay { connection, root })
    }

    fn atom(&self, name: &str) -> Result<Atom, String> {
        let cookie = self
            .connection
            .intern_atom(false, name.as_bytes())
            .map_err(|error| error.to_string())?;
        Ok(cookie.reply().map_err(|error| error.to_string())?.atom)
    }

    /// A property's bytes; `None` when the window or the property is not there.
    fn property(&self, window: Window, property: Atom, kind: Atom) -> Option<Vec<u8>> {
        let cookie = self
            .connection
            .get_property(false, window, property, kind, 0, 256)
            .ok()?;
        let reply = cookie.reply().ok()?;
        (reply.format != 0).then_some(reply.value)
    }

    /// Every window of the browser process `pid` named `title`, in the whole tree. The requests
    /// of each level of the tree go out together, so a look costs a few round trips.
    pub(crate) fn windows_named(&self, title: &str, pid: u32) -> Result<Vec<Window>, String> {
        let mut found = Vec::new();
        let mut level = vec![self.root];
        while !level.is_empty() {
            found.extend(self.named_among(&level, title, pid)?);
            let trees: Vec<_> = level
                .iter()
                .map(|&window| self.connection.query_tree(window).ok())
                .collect();
            // Windows come and go while the tree is read: one that is gone is skipped.
            level = trees
                .into_iter()
                .flatten()
                .filter_map(|cookie| cookie.reply().ok())
                .flat_map(|tree| tree.children)
                .collect();
        }
        Ok(found)
    }

    /// The windows the window manager manages (EWMH's `_NET_CLIENT_LIST`) of the browser process
    /// `pid` named `title`; `None` when no window manager keeps that list.
    pub(crate) fn managed_windows_named(
        &self,
        title: &str,
        pid: u32,
    ) -> Result<Option<Vec<Window>>, String> {
        let list = self.atom("_NET_CLIENT_LIST")?;
        let Some(clients) = self.property(self.root, list, AtomEnum::WINDOW.into()) else {
            return Ok(None);
        };
        let clients: Vec<Window> = clients
            .chunks_exact(4)
            .filter_map(|chunk| Some(u32::from_ne_bytes(chunk.try_into().ok()?)))
            .collect();
        self.named_among(&clients, title, pid).map(Some)
    }

    /// Those of `windows` named `title` and owned by `pid`, asked all at once.
    fn named_among(
        &self,
        windows: &[Window],
        title: &str,
        pid: u32,
    ) -> Result<Vec<Window>, String> {
        let (name_atom, utf8, pid_atom) = (
            self.atom("_NET_WM_NAME")?,
            self.atom("UTF8_STRING")?,
            self.atom("_NET_WM_PID")?,
        );
        let asked: Vec<_> = windows
            .iter()
            .map(|&window| {
                let name = self
                    .connection
                    .get_property(false, window, name_atom, utf8, 0, 256)
                    .ok();
                let owner = self
                    .connection
                    .get_property(false, window, pid_atom, AtomEnum::CARDINAL, 0, 1)
                    .ok();
                (window, name, owner)
            })
            .collect();
        Ok(asked
            .into_iter()
            .filter_map(|(window, name, owner)| {
                let name = name?.reply().ok()?.value;
                let owner = owner?.reply().ok()?.value;
                let owner = u32::from_ne_bytes(owner.get(..4)?.try_into().ok()?);
                (name == title.as_bytes() && owner == pid).then_some(window)
            })
            .collect())
    }

    /// True once the window manager manages `window` (it set the ICCCM's `WM_STATE`).
    pub(crate) fn is_managed(&self, window: Window) -> bool {
        self.atom("WM_STATE")
            .ok()
            .and_then(|state| self.property(window, state, AtomEnum::ANY.into()))
            .is_some()
    }

    /// Sets `window`'s hints: each `_NET_WM_STATE` atom added or removed (a client message to
    /// the root, as a pager sends it, for a managed window; the property itself for one the
    /// window manager has not taken yet, which it reads when it does), and `WM_TRANSIENT_FOR`.
    pub(crate) fn set_hints(&self, window: Window, hints: Hints) -> Result<(), String> {
        let transient = self.atom("WM_TRANSIENT_FOR")?;
        let outcome = match hints.transient_for {
            Some(parent) => self
                .connection
                .change_property32(
                    PropMode::REPLACE,
                    window,
                    transient,
                    AtomEnum::WINDOW,
                    &[parent],
                )
                .map(drop),
            None => self.connection.delete_property(window, transient).map(drop),
        };
        outcome.map_err(|error| error.to_string())?;
        self.set_size_limits(window, hints.min, hints.max)?;
        let states = [
            ("_NET_WM_STATE_ABOVE", hints.above),
            ("_NET_WM_STATE_SKIP_TASKBAR", hints.skip_taskbar),
            (
                "_NET_WM_STATE_MODAL",
                hints.modal && hints.transient_for.is_some(),
            ),
        ];
        let managed = self.is_managed(window);
        for (name, on) in states {
            let atom = self.atom(name)?;
            if managed {
                self.ask_state(window, atom, on)?;
            } else {
                self.write_state(window, atom, on)?;
            }
        }
        self.connection.sync().map_err(|error| error.to_string())
    }

    /// Sets the minimum and maximum sizes of `WM_NORMAL_HINTS`, keeping its other fields.
    fn set_size_limits(
        &self,
        window: Window,
        min: (u32, u32),
        max: (u32, u32),
    ) -> Result<(), String> {
        const MIN_SIZE: u32 = 16;
        const MAX_SIZE: u32 = 32;
        let normal = self.atom("WM_NORMAL_HINTS")?;
        let size_hints = self.atom("WM_SIZE_HINTS")?;
        let mut fields: Vec<u32> = self
            .property(window, normal, size_hints)
            .unwrap_or_default()
            .chunks_exact(4)
            .filter_map(|chunk| Some(u32::from_ne_bytes(chunk.try_into().ok()?)))
            .collect();
        fields.resize(18, 0);
        fields[0] &= !(MIN_SIZE | MAX_SIZE);
        if min != (0, 0) {
            fields[0] |= MIN_SIZE;
            (fields[5], fields[6]) = min;
        }
        if max != (0, 0) {
            fields[0] |= MAX_SIZE;
            let unlimited = |value: u32| if value == 0 { i32::MAX as u32 } else { value };
            (fields[7], fields[8]) = (unlimited(max.0), unlimited(max.1));
        }
        self.connection
            .change_property32(PropMode::REPLACE, window, normal, size_hints, &fields)
            .map(drop)
            .map_err(|error| error.to_string())
    }

    /// Asks the window manager to add or remove one `_NET_WM_STATE` atom.
    fn ask_state(&self, window: Window, atom: Atom, on: bool) -> Result<(), String> {
        let wm_state = self.atom("_NET_WM_STATE")?;
        // Source indication 2: a pager, which a window manager obeys without second-guessing.
        let message = ClientMessageEvent::new(
            32,
            window,
            wm_state,
            [if on { ADD } else { REMOVE }, atom, 0, 2, 0],
        );
        self.connection
            .send_event(
                false,
                self.root,
                EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
                message,
            )
            .map(drop)
            .map_err(|error| error.to_string())
    }

    /// Adds or removes one atom of the `_NET_WM_STATE` property itself.
    fn write_state(&self, window: Window, atom: Atom, on: bool) -> Result<(), String> {
        let wm_state = self.atom("_NET_WM_STATE")?;
        let mut atoms: Vec<Atom> = self
            .property(window, wm_state, AtomEnum::ATOM.into())
            .unwrap_or_default()
            .chunks_exact(4)
            .filter_map(|chunk| Some(u32::from_ne_bytes(chunk.try_into().ok()?)))
            .collect();
        let had = atoms.contains(&atom);
        if had == on {
            return Ok(());
        }
        atoms.retain(|&other| other != atom);
        if on {
            atoms.push(atom);
        }
        self.connection
            .change_property32(PropMode::REPLACE, window, wm_state, AtomEnum::ATOM, &atoms)
            .map(drop)
            .map_err(|error| error.to_string())
    }

    /// Withdraws `window` as the ICCCM says: unmapped, and a synthetic `UnmapNotify` to the root
    /// so that the window manager lets go of it even when it is minimised.
    pub(crate) fn withdraw(&self, window: Window) -> Result<(), String> {
        let unmapped = UnmapNotifyEvent {
            response_type: UNMAP_NOTIFY_EVENT,
            sequence: 0,
            event: self.root,
            window,
            from_configure: false,
        };
        self.connection
            .unmap_window(window)
            .and_then(|_| {
                self.connection.send_event(
                    false,
                    self.root,
                    EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
                    unmapped,
                )
            })
            .map(drop)
            .map_err(|error| error.to_string())
    }

    /// Waits until the server has handled every request sent.
    pub(crate) fn sync(&self) -> Result<(), String> {
        self.connection.sync().map_err(|error| error.to_string())
    }
}
