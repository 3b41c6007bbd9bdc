//! Electron's `powerSaveBlocker`: keep the system awake, or the display on, while the app needs
//! it.
//!
//! `PreventDisplaySleep` asks the session bus's `org.freedesktop.ScreenSaver` to inhibit the
//! screen saver (the cookie is returned with `UnInhibit` at [`PowerSaveBlocker::stop`]);
//! `PreventAppSuspension` takes a `sleep` inhibitor lock of systemd-logind on the system bus (a
//! file descriptor, closed at `stop`). Where the bus or the service is missing, the blocker is a
//! documented no-op: `start` still returns an id, `is_started` is true until `stop`, and the
//! first such start logs why nothing is inhibited.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use cathode::sync::lock;
use cathode::App;

use crate::{bus, Error, Result};

/// What a blocker prevents (Electron's `type` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockerKind {
    /// Keep the system from suspending (Electron's `prevent-app-suspension`).
    PreventAppSuspension,
    /// Keep the display on (Electron's `prevent-display-sleep`).
    PreventDisplaySleep,
}

impl BlockerKind {
    /// The kind of Electron's name.
    ///
    /// ```
    /// use cathode_desktop::power::BlockerKind;
    /// assert_eq!(BlockerKind::from_name("prevent-display-sleep"), Some(BlockerKind::PreventDisplaySleep));
    /// ```
    pub fn from_name(name: &str) -> Option<BlockerKind> {
        match name {
            "prevent-app-suspension" => Some(BlockerKind::PreventAppSuspension),
            "prevent-display-sleep" => Some(BlockerKind::PreventDisplaySleep),
            _ => None,
        }
    }
}

/// What holds an inhibition; dropping it (with its connection) ends it.
enum Inhibition {
    /// Asked for; the desktop has not answered yet.
    Pending,
    ScreenSaver {
        connection: zbus::Connection,
        cookie: u32,
    },
    Sleep {
        _lock: zbus::OwnedFd,
    },
    /// Nothing to inhibit with (no bus or service): the documented no-op.
    Nothing,
}

/// The app's blockers: one per app, from [`PowerSaveBlocker::of`]. `start` and `stop` return at
/// once, as Electron's do; the desktop is asked on a task of the caller's Tokio runtime (without
/// one, the blocker is the no-op).
///
/// ```no_run
/// # async fn demo(app: &cathode::App) {
/// use cathode_desktop::power::{BlockerKind, PowerSaveBlocker};
/// let blocker = PowerSaveBlocker::of(app);
/// let id = blocker.start(BlockerKind::PreventDisplaySleep, "playing a video");
/// assert!(blocker.is_started(id));
/// blocker.stop(id);
/// # }
/// ```
#[derive(Default)]
pub struct PowerSaveBlocker {
    blocks: Mutex<HashMap<u32, Inhibition>>,
    next_id: AtomicU32,
    warned: AtomicBool,
}

impl PowerSaveBlocker {
    /// The app's blockers, made on first use.
    pub fn of(app: &App) -> Arc<PowerSaveBlocker> {
        if let Some(blocker) = app.state::<PowerSaveBlocker>() {
            return blocker;
        }
        app.manage(PowerSaveBlocker::default());
        app.state::<PowerSaveBlocker>().expect("managed above")
    }

    /// Starts blocking `kind` for `reason`; the id returned stops it.
    pub fn start(self: &Arc<Self>, kind: BlockerKind, reason: &str) -> u32 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.blocks).insert(id, Inhibition::Pending);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            self.settle(
                id,
                Err(Error::Bus("no Tokio runtime to ask the desktop on".into())),
            );
            return id;
        };
        let blocker = Arc::clone(self);
        let reason = reason.to_owned();
        runtime.spawn(async move {
            let inhibition = inhibit(kind, &reason).await;
            blocker.settle(id, inhibition);
        });
        id
    }

    /// Keeps the desktop's answer for `id`, unless it was stopped meanwhile.
    fn settle(&self, id: u32, inhibition: Result<Inhibition>) {
        let inhibition = inhibition.unwrap_or_else(|error| {
            if !self.warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(%error, "powerSaveBlocker: nothing is inhibited (no desktop service); ids still work");
            }
            Inhibition::Nothing
        });
        let mut blocks = lock(&self.blocks);
        match blocks.get_mut(&id) {
            Some(slot) => *slot = inhibition,
            None => {
                drop(blocks);
                end(inhibition);
            }
        }
    }

    /// Stops the blocker `id`; false if there was none.
    pub fn stop(&self, id: u32) -> bool {
        match lock(&self.blocks).remove(&id) {
            Some(inhibition) => {
                end(inhibition);
                true
            }
            None => false,
        }
    }

    /// Whether the blocker `id` runs.
    pub fn is_started(&self, id: u32) -> bool {
        lock(&self.blocks).contains_key(&id)
    }
}

/// Gives an inhibition back (a screen saver cookie is returned; a lock closes on drop).
fn end(inhibition: Inhibition) {
    if let Inhibition::ScreenSaver { connection, cookie } = inhibition {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return; // dropping the connection ends the inhibition too
        };
        runtime.spawn(async move {
            let ended = bus::call::<_, ()>(
                &connection,
                "org.freedesktop.ScreenSaver",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "UnInhibit",
                &(cookie,),
            )
            .await;
            if let Err(error) = ended {
                tracing::debug!(%error, "powerSaveBlocker.stop");
            }
        });
    }
}

async fn inhibit(kind: BlockerKind, reason: &str) -> Result<Inhibition> {
    let app = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "cathode".into());
    match kind {
        BlockerKind::PreventDisplaySleep => {
            let connection = bus::session().await?;
            let cookie: u32 = bus::call(
                &connection,
                "org.freedesktop.ScreenSaver",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "Inhibit",
                &(app.as_str(), reason),
            )
            .await?;
            Ok(Inhibition::ScreenSaver { connection, cookie })
        }
        BlockerKind::PreventAppSuspension => {
            let connection = tokio::time::timeout(bus::BUS_TIMEOUT, zbus::Connection::system())
                .await
                .map_err(|_| Error::Bus("the system bus did not answer".into()))?
                .map_err(|error| Error::Bus(format!("no system bus: {error}")))?;
            let fd: zbus::OwnedFd = bus::call(
                &connection,
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "Inhibit",
                &("sleep", app.as_str(), reason, "block"),
            )
            .await?;
            Ok(Inhibition::Sleep { _lock: fd })
        }
    }
}
