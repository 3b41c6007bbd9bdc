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
//! The instance holding the lock listens on a Unix socket beside the lock file (mode 0600, in the
//! same private directory): a later instance that is refused the lock writes its command line,
//! working directory and additional data there as one JSON object, and the first instance emits
//! `second-instance` with them ([`InstanceChannel`]).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::events::SecondInstance;

/// The most a second instance may write (its command line and additional data).
const MESSAGE_LIMIT: u64 = 1 << 20;

/// How long either side waits for the other on the socket.
const SOCKET_WAIT: Duration = Duration::from_secs(5);

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

/// The socket beside the lock file at `lock_path`.
pub(crate) fn socket_path(lock_path: &Path) -> PathBuf {
    lock_path.with_extension("sock")
}

/// The first instance's end of the channel between instances: a thread that accepts second
/// instances on the socket and hands each one's message to a listener. Dropping it stops the
/// thread and removes the socket.
pub(crate) struct InstanceChannel {
    path: PathBuf,
    stopped: Arc<AtomicBool>,
}

impl InstanceChannel {
    /// Listens at `path` (a stale socket there is removed: the caller holds the lock, so no
    /// instance listens on it); `on_message` hears every second instance.
    #[cfg(unix)]
    pub(crate) fn listen(
        path: PathBuf,
        on_message: impl Fn(SecondInstance) + Send + 'static,
    ) -> std::io::Result<InstanceChannel> {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::net::UnixListener;

        match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let listener = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        let stopped = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopped);
        std::thread::Builder::new()
            .name("cathode-second-instance".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        break;
                    }
                    match stream.and_then(read_message) {
                        Ok((message, mut stream)) => {
                            let _ = stream.write_all(b"ok\n");
                            on_message(message);
                        }
                        Err(error) => {
                            tracing::warn!(%error, "an unreadable message from a second instance")
                        }
                    }
                }
            })?;
        Ok(InstanceChannel { path, stopped })
    }

    #[cfg(not(unix))]
    pub(crate) fn listen(
        _path: PathBuf,
        _on_message: impl Fn(SecondInstance) + Send + 'static,
    ) -> std::io::Result<InstanceChannel> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

impl Drop for InstanceChannel {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::Release);
        // Wakes the thread from `accept`; it sees `stopped` and ends.
        #[cfg(unix)]
        let _ = std::os::unix::net::UnixStream::connect(&self.path);
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Reads one second instance's message (at most [`MESSAGE_LIMIT`] bytes of JSON).
#[cfg(unix)]
fn read_message(
    stream: std::os::unix::net::UnixStream,
) -> std::io::Result<(SecondInstance, std::os::unix::net::UnixStream)> {
    stream.set_read_timeout(Some(SOCKET_WAIT))?;
    stream.set_write_timeout(Some(SOCKET_WAIT))?;
    let mut text = Vec::new();
    (&stream).take(MESSAGE_LIMIT + 1).read_to_end(&mut text)?;
    if text.len() as u64 > MESSAGE_LIMIT {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("over {MESSAGE_LIMIT} bytes"),
        ));
    }
    let message = serde_json::from_slice(&text)
        .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
    Ok((message, stream))
}

/// Tells the instance listening at `path` about this one; returns once it has read the message.
#[cfg(unix)]
pub(crate) fn tell_first_instance(path: &Path, message: &SecondInstance) -> std::io::Result<()> {
    let mut stream = std::os::unix::net::UnixStream::connect(path)?;
    stream.set_read_timeout(Some(SOCKET_WAIT))?;
    stream.set_write_timeout(Some(SOCKET_WAIT))?;
    stream.write_all(&serde_json::to_vec(message)?)?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if answer != "ok\n" {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the first instance did not take the message",
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn tell_first_instance(_path: &Path, _message: &SecondInstance) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
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

    #[cfg(unix)]
    #[test]
    fn a_second_instance_reaches_the_first_and_garbage_on_the_socket_is_dropped() {
        use std::os::unix::fs::PermissionsExt;

        let dir = std::env::temp_dir().join(format!("cathode-socket-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let socket = socket_path(&dir.join("app.single-instance.lock"));
        let (heard, hear) = std::sync::mpsc::channel();
        let channel = InstanceChannel::listen(socket.clone(), move |instance| {
            heard.send(instance).unwrap();
        })
        .unwrap();
        let mode = std::fs::metadata(&socket).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        let mut garbage = std::os::unix::net::UnixStream::connect(&socket).unwrap();
        garbage.write_all(b"{not json").unwrap();
        garbage.shutdown(std::net::Shutdown::Write).unwrap();
        let message = SecondInstance {
            argv: vec!["app".into(), "--open".into(), "notes.txt".into()],
            working_directory: "/home/someone".into(),
            additional_data: serde_json::json!({"from": "test"}),
        };
        tell_first_instance(&socket, &message).unwrap();
        assert_eq!(hear.recv_timeout(SOCKET_WAIT).unwrap(), message);

        drop(channel);
        assert!(!socket.exists(), "the socket goes with the channel");
        assert!(tell_first_instance(&socket, &message).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
