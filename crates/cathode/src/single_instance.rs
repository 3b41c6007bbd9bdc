//! The single-instance lock (Electron's `app.requestSingleInstanceLock()`): an advisory `flock` on
//! a file that names the app, held for as long as the process lives.
//!
//! The file is `cathode-single-instance.lock` in the app's kept profile directory when it has one
//! (two instances could not share that profile anyway), else `<app name>.single-instance.lock` in
//! a private directory of the user: `$XDG_RUNTIME_DIR/cathode`, or `<temp dir>/cathode-<uid>`
//! (created with mode 0700, and refused unless it is a directory of this user that nobody else may
//! write). The kernel releases the lock when the process dies, however it dies, so a crashed
//! instance never blocks the next one. The file itself stays: removing it would race with an
//! instance that is just opening it.
//!
//! Electron's first instance also gets a `second-instance` event with the second's command line;
//! that needs a channel between instances (Electron's is a listening socket), which cathode does
//! not open.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file for an app called `name` whose kept profile is `user_data_dir`, if any.
pub(crate) fn lock_path(name: &str, user_data_dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = user_data_dir {
        std::fs::create_dir_all(dir).map_err(|source| Error::SingleInstanceLock {
            path: dir.to_path_buf(),
            source,
        })?;
        return Ok(dir.join("cathode-single-instance.lock"));
    }
    let dir = private_dir()?;
    Ok(dir.join(format!("{}.single-instance.lock", file_name_for(name))))
}

/// Takes the lock at `path` without waiting: the open file that holds it, or `None` when another
/// process holds it.
pub(crate) fn try_lock(path: &Path) -> Result<Option<File>> {
    let failed = |source| Error::SingleInstanceLock {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(failed)?;
    match platform::try_flock(&file) {
        Ok(true) => Ok(Some(file)),
        Ok(false) => Ok(None),
        Err(error) => Err(failed(error)),
    }
}

/// An app name as a file name: anything but letters, digits, `.`, `-` and `_` becomes `_`.
fn file_name_for(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.trim_start_matches('.').is_empty() {
        format!("app{cleaned}")
    } else {
        cleaned
    }
}

/// The user's private directory for lock files.
fn private_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").filter(|dir| !dir.is_empty()) {
        Some(runtime) => PathBuf::from(runtime).join("cathode"),
        None => std::env::temp_dir().join(format!("cathode-{}", platform::uid())),
    };
    platform::ensure_private_dir(&dir).map_err(|source| Error::SingleInstanceLock {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

#[cfg(unix)]
mod platform {
    use std::fs::File;
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    use std::path::Path;

    pub(super) fn uid() -> u32 {
        // SAFETY: getuid has no preconditions and cannot fail.
        unsafe { libc::getuid() }
    }

    /// True if the exclusive lock was free and is now ours.
    pub(super) fn try_flock(file: &File) -> io::Result<bool> {
        // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
        let result = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if result == 0 {
            return Ok(true);
        }
        let error = io::Error::last_os_error();
        if error.raw_os_error() == Some(libc::EWOULDBLOCK) {
            Ok(false)
        } else {
            Err(error)
        }
    }

    /// Creates `dir` (mode 0700) or checks that the one there is a real directory of this user
    /// that no one else may write into: a shared temporary directory lets anyone create it first.
    pub(super) fn ensure_private_dir(dir: &Path) -> io::Result<()> {
        match std::fs::DirBuilder::new().mode(0o700).create(dir) {
            Ok(()) => return Ok(()),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
        let metadata = std::fs::symlink_metadata(dir)?;
        if !metadata.is_dir() || metadata.uid() != uid() || metadata.mode() & 0o022 != 0 {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "not a directory of this user that only this user can write",
            ));
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod platform {
    use std::fs::File;
    use std::io;
    use std::path::Path;

    pub(super) fn uid() -> u32 {
        0
    }

    pub(super) fn try_flock(_file: &File) -> io::Result<bool> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "the single-instance lock needs advisory file locks",
        ))
    }

    pub(super) fn ensure_private_dir(dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_become_safe_file_names() {
        assert_eq!(file_name_for("My App/2"), "My_App_2");
        assert_eq!(file_name_for("demo-app_1.0"), "demo-app_1.0");
        assert_eq!(file_name_for(".."), "app..");
        assert_eq!(file_name_for(""), "app");
    }

    #[test]
    fn the_second_lock_on_a_file_is_refused_until_the_first_is_dropped() {
        let dir = std::env::temp_dir().join(format!("cathode-lock-test-{}", std::process::id()));
        let path = lock_path("lock test", Some(&dir)).unwrap();
        let first = try_lock(&path).unwrap();
        assert!(first.is_some());
        // flock locks belong to the open file: a second open, even in this process, is refused.
        assert!(try_lock(&path).unwrap().is_none());
        drop(first);
        assert!(try_lock(&path).unwrap().is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
