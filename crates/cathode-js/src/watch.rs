//! `fs.watch` for the main script: one `notify` watcher (inotify on Linux, FSEvents on macOS,
//! ReadDirectoryChangesW on Windows) per `FSWatcher`, whose events come to the JavaScript thread
//! as the bootstrap's `watchEvent(id, eventType, filename)`. A persistent watcher holds the event
//! loop open until it is closed, as in Node.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};
use rquickjs::{Ctx, Exception, Function, Object};

use crate::fs::FsError;
use crate::handle::{JsHandle, KeepAlive};

/// A running watcher, and the guard that keeps the loop open while it is persistent.
struct Watching {
    _watcher: notify::RecommendedWatcher,
    keep_alive: Option<KeepAlive>,
}

type Watchers = Rc<RefCell<HashMap<u64, Watching>>>;

/// Node's event type for what `notify` saw: `rename` for a name that came or went, `change` for
/// content or metadata; `None` for reads, which Node does not report.
fn event_type(kind: &EventKind) -> Option<&'static str> {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => {
            Some("rename")
        }
        EventKind::Modify(_) => Some("change"),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => None,
    }
}

/// The filename Node reports: relative to a watched folder, the file's own name for a file.
fn reported_name(base: &Path, is_dir: bool, path: &Path) -> Option<String> {
    let relative = if is_dir {
        path.strip_prefix(base)
            .ok()
            .filter(|r| !r.as_os_str().is_empty())
    } else {
        None
    };
    relative
        .map(|r| r.to_string_lossy().into_owned())
        .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()))
}

fn post(handle: &JsHandle, id: u64, kind: &'static str, name: Option<String>) {
    let _ = handle
        .post(move |ctx| crate::hooks::call_internal(ctx, "watchEvent", (id as f64, kind, name)));
}

/// The `watch` object of the native bridge: `start(path, recursive, persistent, id)` (throws
/// Node's error for a path it cannot watch), `stop(id)`, `ref(id, on)`.
pub(crate) fn native<'js>(ctx: &Ctx<'js>, cwd: PathBuf) -> rquickjs::Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    let watchers = Watchers::default();
    let map = watchers.clone();
    object.set(
        "start",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  path: String,
                  recursive: bool,
                  persistent: bool,
                  id: f64|
                  -> rquickjs::Result<()> {
                let id = id as u64;
                let real = cwd.join(&path);
                let failed = |error: &std::io::Error| {
                    let error = FsError::io(error, "watch", Some(&path), None);
                    match error.to_js(&ctx) {
                        Ok(value) => ctx.throw(value),
                        Err(error) => error,
                    }
                };
                let meta = std::fs::metadata(&real).map_err(|e| failed(&e))?;
                let Some(handle) = JsHandle::current(&ctx) else {
                    return Err(Exception::throw_internal(
                        &ctx,
                        "the cathode host is not set up",
                    ));
                };
                let events = handle.clone();
                let (base, is_dir) = (real.clone(), meta.is_dir());
                let mut watcher =
                    notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
                        let Ok(event) = result else { return };
                        let Some(kind) = event_type(&event.kind) else {
                            return;
                        };
                        for path in &event.paths {
                            post(&events, id, kind, reported_name(&base, is_dir, path));
                        }
                    })
                    .map_err(|e| failed(&std::io::Error::other(e)))?;
                let mode = if recursive {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                watcher.watch(&real, mode).map_err(|e| match e.kind {
                    notify::ErrorKind::Io(io) => failed(&io),
                    notify::ErrorKind::PathNotFound => {
                        failed(&std::io::Error::from(std::io::ErrorKind::NotFound))
                    }
                    other => failed(&std::io::Error::other(format!("{other:?}"))),
                })?;
                let keep_alive = persistent.then(|| handle.keep_alive());
                map.borrow_mut().insert(
                    id,
                    Watching {
                        _watcher: watcher,
                        keep_alive,
                    },
                );
                Ok(())
            },
        )?,
    )?;
    let map = watchers.clone();
    object.set(
        "stop",
        Function::new(ctx.clone(), move |id: f64| {
            map.borrow_mut().remove(&(id as u64));
        })?,
    )?;
    let map = watchers;
    object.set(
        "ref",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, id: f64, on: bool| {
            if let Some(watching) = map.borrow_mut().get_mut(&(id as u64)) {
                if !on {
                    watching.keep_alive = None;
                } else if watching.keep_alive.is_none() {
                    watching.keep_alive = JsHandle::current(&ctx).map(|handle| handle.keep_alive());
                }
            }
        })?,
    )?;
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_to_a_folder_and_a_files_own_for_a_file() {
        let base = Path::new("/data/notes");
        assert_eq!(
            reported_name(base, true, Path::new("/data/notes/sub/a.txt")),
            Some("sub/a.txt".into())
        );
        assert_eq!(
            reported_name(base, false, Path::new("/data/notes")),
            Some("notes".into())
        );
        assert_eq!(
            event_type(&EventKind::Modify(ModifyKind::Name(
                notify::event::RenameMode::To
            ))),
            Some("rename")
        );
        assert_eq!(
            event_type(&EventKind::Access(notify::event::AccessKind::Any)),
            None
        );
    }
}
