//! Starting the browser with `--remote-debugging-pipe` (CBOR by default, see [`Wire`]), and making
//! sure it never outlives us.
//!
//! The browser reads commands on its fd 3 and writes answers and events on its fd 4; no TCP port
//! is ever opened. On Linux the browser is started from one long-lived thread with
//! `PR_SET_PDEATHSIG`, so the kernel kills it when this process dies (even by SIGKILL); it also
//! leads its own process group, which [`Browser`]'s `Drop` kills whole. The pipe's end also makes
//! Chromium exit on every platform.
//!
//! What a browser leaves in the temporary directory: its profile (when temporary) and, on Linux,
//! the folder of its process-singleton socket (`org.chromium.Chromium.XXXXXX`), which Chromium
//! removes only when it closes itself. So [`Browser::close`] asks it to close before killing it;
//! a temporary profile is private (mode 0700) and holds the browser's own `TMPDIR`, so that a
//! killed browser's singleton folder goes with its profile; and every launch removes the profiles
//! and singleton folders that killed apps and browsers left, never those of a live one.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

use crate::connection::{Connection, Wire};
use crate::error::CdpError;
use crate::protocol::browser;

/// Flags that keep Chromium quiet, offline-safe and on the private pipe.
const BASE_FLAGS: &[&str] = &[
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--password-store=basic",
    "--use-mock-keychain",
    // An app window covered by another must keep its size and keep running, as in Electron.
    "--disable-backgrounding-occluded-windows",
    // Electron's extension of MessagePort: the `close` event when the other end goes.
    "--enable-blink-features=MessagePortCloseEvent",
];

/// How to start the browser.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    /// The executable (see [`crate::find_browser`]).
    pub executable: PathBuf,
    /// Run without windows.
    pub headless: bool,
    /// A profile directory to use and keep; `None` for a temporary one removed on drop.
    pub user_data_dir: Option<PathBuf>,
    /// With a display: open this URL in a chromeless app window (`--app=URL`).
    pub app_url: Option<String>,
    /// More command-line flags.
    pub extra_args: Vec<String>,
    /// How the pipe's messages are written: CBOR unless asked otherwise.
    pub wire: Wire,
}

/// A running browser and the connection to it. Dropping it kills the browser and its children
/// and removes a temporary profile.
///
/// ```no_run
/// use cathode_cdp::{find_browser, Browser, LaunchOptions};
/// use cathode_cdp::protocol::browser::GetVersion;
/// # async fn demo() -> Result<(), cathode_cdp::CdpError> {
/// let browser = Browser::launch(LaunchOptions {
///     executable: find_browser(None)?,
///     headless: true,
///     ..LaunchOptions::default()
/// })?;
/// let version = browser.connection().browser_session().call(&GetVersion {}).await?;
/// println!("{}", version.product);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Browser {
    child: Child,
    connection: Connection,
    user_data_dir: PathBuf,
    /// For a temporary profile: the lock that marks it as in use while this app lives.
    profile_lock: Option<std::fs::File>,
}

impl Browser {
    /// Starts the browser and connects to it over a fresh pipe pair. Does not wait for the
    /// browser to answer: a browser that exits at once shows as a closed connection.
    ///
    /// Fails with [`CdpError::Launch`] when the operating system refuses to run the executable,
    /// with [`CdpError::Io`] when the profile directory or the pipes cannot be set up, and with
    /// [`CdpError::UnsupportedPlatform`] outside Unix.
    pub fn launch(options: LaunchOptions) -> Result<Browser, CdpError> {
        remove_abandoned_singleton_dirs(&std::env::temp_dir());
        let (user_data_dir, profile_lock) = match &options.user_data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                (dir.clone(), None)
            }
            None => {
                let (dir, lock) = create_temporary_profile()?;
                (dir, Some(lock))
            }
        };
        let args = command_line(&options, &user_data_dir);
        let temp_dir = match profile_lock {
            Some(_) => browser_temp_dir(&user_data_dir),
            None => None,
        };
        tracing::debug!(executable = %options.executable.display(), ?args, ?temp_dir, "starting browser");
        match platform::spawn_with_pipe(&options.executable, &args, temp_dir.as_deref()) {
            Ok((child, to_browser, from_browser)) => Ok(Browser {
                child,
                connection: Connection::with_wire(to_browser, from_browser, options.wire),
                user_data_dir,
                profile_lock,
            }),
            Err(error) => {
                if profile_lock.is_some() {
                    let _ = std::fs::remove_dir_all(&user_data_dir);
                }
                Err(error.into_cdp(&options.executable))
            }
        }
    }

    /// The connection to the browser.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// The browser process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The profile directory in use.
    pub fn user_data_dir(&self) -> &Path {
        &self.user_data_dir
    }

    /// True once the browser process has exited.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Asks the browser to close (so it can save its profile), waits up to `grace` for it to
    /// exit, then drops it (which kills whatever is left).
    pub async fn close(mut self, grace: Duration) {
        let session = self.connection.browser_session();
        // The browser may already be gone; a failed call just means there is nothing to close.
        let _ = tokio::time::timeout(grace, session.call(&browser::Close {})).await;
        let deadline = tokio::time::Instant::now() + grace;
        while !self.has_exited() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        platform::kill_tree(&mut self.child);
        if self.profile_lock.is_some() {
            if let Err(error) = std::fs::remove_dir_all(&self.user_data_dir) {
                tracing::debug!(%error, dir = %self.user_data_dir.display(), "could not remove the temporary profile");
            }
        }
    }
}

fn command_line(options: &LaunchOptions, user_data_dir: &Path) -> Vec<String> {
    let mut args = vec![options.wire.flag().to_string()];
    args.extend(BASE_FLAGS.iter().map(|flag| flag.to_string()));
    args.push(format!("--user-data-dir={}", user_data_dir.display()));
    if platform::is_root() {
        // Chromium refuses to run as root with its sandbox; --test-type hides the info bar that
        // would otherwise warn about --no-sandbox in every window.
        args.push("--no-sandbox".into());
        args.push("--test-type".into());
    }
    if options.headless {
        args.push("--headless".into());
        args.push("--hide-scrollbars".into());
        // Nobody listens to a headless app; an app with windows plays its sounds.
        args.push("--mute-audio".into());
    } else if let Some(url) = &options.app_url {
        args.push(format!("--app={url}"));
    }
    args.extend(options.extra_args.iter().cloned());
    args
}

/// Temporary profiles are named `cathode-profile-<pid of the app>-<random>`, with 8 hex digits of
/// random: the name is part of the browser's socket path (see [`browser_temp_dir`]), which must
/// stay short, and creating the folder fails rather than reuse an existing one.
const TEMPORARY_PROFILE_PREFIX: &str = "cathode-profile-";

/// The file in a temporary profile that its app holds locked while it lives.
const OWNER_LOCK: &str = ".cathode-owner";

/// A new temporary profile, and the lock that says it is in use.
fn create_temporary_profile() -> Result<(PathBuf, std::fs::File), CdpError> {
    use std::hash::{BuildHasher, RandomState};
    let base = std::env::temp_dir();
    remove_abandoned_profiles(&base);
    loop {
        let token = RandomState::new().hash_one(std::process::id()) as u32;
        let dir = base.join(format!(
            "{TEMPORARY_PROFILE_PREFIX}{}-{token:08x}",
            std::process::id()
        ));
        match platform::create_private_dir(&dir) {
            Ok(()) => {
                let lock = std::fs::File::create(dir.join(OWNER_LOCK))?;
                platform::try_lock(&lock);
                return Ok((dir, lock));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error.into()),
        }
    }
}

/// The browser's `TMPDIR` inside a temporary profile, created; `None` (the browser then uses the
/// usual temporary directory) when it cannot be made or is too long: Chromium puts its singleton
/// socket in a folder there, and a socket path longer than the OS allows stops Chromium at start.
fn browser_temp_dir(profile: &Path) -> Option<PathBuf> {
    let dir = profile.join("tmp");
    let socket_path_len = dir.as_os_str().len() + SINGLETON_SOCKET_SUFFIX.len();
    if socket_path_len > MAX_SOCKET_PATH {
        tracing::debug!(dir = %dir.display(), "the profile's path is too long to hold the browser's temporary files");
        return None;
    }
    match platform::create_private_dir(&dir) {
        Ok(()) => Some(dir),
        Err(error) => {
            tracing::debug!(%error, dir = %dir.display(), "could not make the browser's temporary directory");
            None
        }
    }
}

/// What Chromium appends to its temporary directory for its singleton socket (the longest of the
/// browsers' names: Chrome's `.com.google.Chrome.XXXXXX` is shorter).
const SINGLETON_SOCKET_SUFFIX: &str = "/org.chromium.Chromium.XXXXXX/SingletonSocket";

/// The longest Unix socket path: `sun_path` holds 108 bytes on Linux, 104 elsewhere, with the
/// terminating NUL.
const MAX_SOCKET_PATH: usize = if cfg!(target_os = "linux") { 107 } else { 103 };

/// The prefix of the folders Chromium creates for its singleton socket in the temporary directory.
const SINGLETON_DIR_PREFIX: &str = "org.chromium.Chromium.";

/// How old a singleton folder without a socket must be before it counts as abandoned: a browser
/// that is starting creates the folder a moment before its socket.
const SINGLETON_DIR_SETUP: Duration = Duration::from_secs(60);

/// Removes the singleton folders (`org.chromium.Chromium.XXXXXX`) of this user's browsers that were
/// killed before they could remove them: those whose socket nobody listens on any more. A folder
/// of a running browser, or of another user, is never touched.
fn remove_abandoned_singleton_dirs(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let is_singleton_dir = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(SINGLETON_DIR_PREFIX));
        if !is_singleton_dir || !platform::is_own_dir(&entry.path()) {
            continue;
        }
        let abandoned = match platform::socket_listener(&entry.path().join("SingletonSocket")) {
            Listener::Live | Listener::Unknown => false,
            Listener::Gone => true,
            Listener::NoSocket => entry
                .metadata()
                .and_then(|metadata| metadata.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > SINGLETON_DIR_SETUP),
        };
        if abandoned {
            tracing::debug!(dir = %entry.path().display(), "removing an abandoned browser singleton folder");
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process listens on a Unix socket.
enum Listener {
    /// Someone accepts connections (or could, once it catches up).
    Live,
    /// The socket file is there, and nobody listens.
    Gone,
    /// There is no socket file.
    NoSocket,
    /// It could not be told.
    Unknown,
}

/// Removes temporary profiles left by apps that were killed before they could clean up: those
/// whose owner lock nobody holds. (A lock rather than a pid: a pid says nothing across PID
/// namespaces that share one temporary directory.) A profile without its lock file (a dying
/// browser may write into a profile just removed, re-creating it) goes when its app's pid is gone.
fn remove_abandoned_profiles(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(owner_pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(TEMPORARY_PROFILE_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let abandoned = match std::fs::File::open(entry.path().join(OWNER_LOCK)) {
            Ok(lock) => platform::try_lock(&lock),
            Err(_) => owner_pid != std::process::id() && !platform::process_exists(owner_pid),
        };
        if abandoned {
            tracing::debug!(dir = %entry.path().display(), "removing an abandoned temporary profile");
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Why spawning failed: before the executable ran (pipes, threads), or the OS refused it.
enum SpawnError {
    Setup(std::io::Error),
    Exec(std::io::Error),
    #[cfg(not(unix))]
    Unsupported,
}

impl SpawnError {
    fn into_cdp(self, executable: &Path) -> CdpError {
        match self {
            SpawnError::Setup(error) => CdpError::Io(error),
            SpawnError::Exec(source) => CdpError::Launch {
                path: executable.to_path_buf(),
                source,
            },
            #[cfg(not(unix))]
            SpawnError::Unsupported => CdpError::UnsupportedPlatform,
        }
    }
}

#[cfg(unix)]
mod platform {
    use std::fs::File;
    use std::io;
    use std::os::fd::{FromRawFd, RawFd};
    use std::os::unix::process::CommandExt;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;
    use std::sync::{Mutex, OnceLock};

    use super::{Listener, SpawnError};

    type SpawnRequest = (Command, mpsc::Sender<io::Result<Child>>);

    pub(super) fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }

    pub(super) fn process_exists(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }

    /// Creates a directory only its owner can enter (mode 0700): a profile holds cookies and
    /// storage, and the temporary directory is shared.
    pub(super) fn create_private_dir(dir: &Path) -> io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(0o700).create(dir)
    }

    /// True for a real directory (not a link) owned by this user.
    pub(super) fn is_own_dir(dir: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(dir).is_ok_and(|metadata| {
            // SAFETY: geteuid has no preconditions and cannot fail.
            metadata.is_dir() && metadata.uid() == unsafe { libc::geteuid() }
        })
    }

    /// Asks whether anyone listens on the Unix socket at `path`, by connecting without waiting
    /// (a full backlog must not block the app's start). Works across PID and network namespaces
    /// that share the file system, unlike a look at `/proc`. A live browser reads an empty
    /// connection and drops it.
    pub(super) fn socket_listener(path: &Path) -> Listener {
        use std::os::unix::ffi::OsStrExt;
        match std::fs::symlink_metadata(path) {
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Listener::NoSocket,
            Err(_) => return Listener::Unknown,
        }
        // SAFETY: a zeroed sockaddr_un is a valid value; the path is copied in below, bounded.
        let mut address: libc::sockaddr_un = unsafe { std::mem::zeroed() };
        address.sun_family = libc::AF_UNIX as libc::sa_family_t;
        let bytes = path.as_os_str().as_bytes();
        if bytes.len() >= address.sun_path.len() {
            return Listener::Unknown;
        }
        for (slot, byte) in address.sun_path.iter_mut().zip(bytes) {
            *slot = *byte as libc::c_char;
        }
        #[cfg(target_os = "linux")]
        let kind = libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        #[cfg(not(target_os = "linux"))]
        let kind = libc::SOCK_STREAM;
        // SAFETY: plain socket creation; the descriptor is closed below on every path.
        let fd = unsafe { libc::socket(libc::AF_UNIX, kind, 0) };
        if fd < 0 {
            return Listener::Unknown;
        }
        #[cfg(not(target_os = "linux"))]
        // SAFETY: fd is the socket just created; F_SETFL only changes its flags.
        unsafe {
            libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK);
        }
        // SAFETY: address is a valid sockaddr_un and its size is passed with it.
        let result = unsafe {
            libc::connect(
                fd,
                (&address as *const libc::sockaddr_un).cast::<libc::sockaddr>(),
                std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t,
            )
        };
        let error = io::Error::last_os_error().raw_os_error();
        // SAFETY: fd is ours and closed once.
        unsafe {
            libc::close(fd);
        }
        if result == 0 {
            return Listener::Live;
        }
        match error {
            Some(libc::ECONNREFUSED) => Listener::Gone,
            Some(libc::EAGAIN) | Some(libc::EINPROGRESS) => Listener::Live,
            Some(libc::ENOENT) => Listener::NoSocket,
            _ => Listener::Unknown,
        }
    }

    /// Takes an exclusive advisory lock without waiting; true if it was free. The lock lasts as
    /// long as the file stays open, and the kernel drops it when the holder dies.
    pub(super) fn try_lock(file: &File) -> bool {
        use std::os::fd::AsRawFd;
        // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }

    /// Spawns `executable` with its fd 3 reading our commands and its fd 4 carrying its answers,
    /// and `temp_dir`, if given, as its `TMPDIR`.
    pub(super) fn spawn_with_pipe(
        executable: &Path,
        args: &[String],
        temp_dir: Option<&Path>,
    ) -> Result<(Child, File, File), SpawnError> {
        let (child_reads, we_write) = pipe().map_err(SpawnError::Setup)?;
        let (we_read, child_writes) = pipe().map_err(SpawnError::Setup)?;
        let mut command = Command::new(executable);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(dir) = temp_dir {
            command.env("TMPDIR", dir);
        }
        let (child_in, child_out) = (child_reads.0, child_writes.0);
        let parent_pid = std::process::id();
        // SAFETY: the closure runs between fork and exec and only calls async-signal-safe
        // functions (fcntl, dup2, setpgid, prctl, getppid, _exit).
        unsafe {
            command.pre_exec(move || child_setup(child_in, child_out, parent_pid));
        }
        let child = spawn_on_owner_thread(command).map_err(SpawnError::Exec)?;
        drop(child_reads);
        drop(child_writes);
        Ok((child, we_write.into_file(), we_read.into_file()))
    }

    /// Kills the browser's whole process group, then reaps the browser.
    pub(super) fn kill_tree(child: &mut Child) {
        let pgid = child.id() as libc::pid_t;
        // SAFETY: kill has no memory-safety preconditions; the group is the browser's own.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    fn child_setup(child_in: RawFd, child_out: RawFd, parent_pid: u32) -> io::Result<()> {
        // SAFETY: only async-signal-safe calls on fds we own, between fork and exec.
        unsafe {
            // Move both ends out of the way first: one of them may already sit on fd 3 or 4.
            let high_in = libc::fcntl(child_in, libc::F_DUPFD_CLOEXEC, 10);
            let high_out = libc::fcntl(child_out, libc::F_DUPFD_CLOEXEC, 10);
            if high_in < 0 || high_out < 0 {
                return Err(io::Error::last_os_error());
            }
            if libc::dup2(high_in, 3) < 0 || libc::dup2(high_out, 4) < 0 {
                return Err(io::Error::last_os_error());
            }
            // Own process group, so that dropping the browser can kill all of its children.
            libc::setpgid(0, 0);
            #[cfg(target_os = "linux")]
            {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) < 0 {
                    return Err(io::Error::last_os_error());
                }
                // The parent may have died before prctl took effect.
                if libc::getppid() as u32 != parent_pid {
                    libc::_exit(1);
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = parent_pid;
        }
        Ok(())
    }

    /// Linux delivers PR_SET_PDEATHSIG when the *thread* that forked the child exits, so every
    /// browser is spawned from one thread that lives as long as the process.
    fn spawn_on_owner_thread(command: Command) -> io::Result<Child> {
        static OWNER: OnceLock<Mutex<mpsc::Sender<SpawnRequest>>> = OnceLock::new();
        let owner = OWNER.get_or_init(|| {
            let (tx, rx) = mpsc::channel::<SpawnRequest>();
            std::thread::Builder::new()
                .name("cathode-browser-owner".into())
                .spawn(move || {
                    for (mut command, reply) in rx {
                        let _ = reply.send(command.spawn());
                    }
                })
                .expect("the OS must allow the browser owner thread");
            Mutex::new(tx)
        });
        let (reply_tx, reply_rx) = mpsc::channel();
        owner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send((command, reply_tx))
            .map_err(|_| io::Error::other("the browser owner thread is gone"))?;
        reply_rx
            .recv()
            .map_err(|_| io::Error::other("the browser owner thread is gone"))?
    }

    /// One end of a pipe, closed on drop unless turned into a `File`.
    pub(super) struct PipeEnd(RawFd);

    impl PipeEnd {
        fn into_file(self) -> File {
            let fd = self.0;
            std::mem::forget(self);
            // SAFETY: we own fd exclusively; the File takes over closing it.
            unsafe { File::from_raw_fd(fd) }
        }
    }

    impl Drop for PipeEnd {
        fn drop(&mut self) {
            // SAFETY: we own the fd and close it once.
            unsafe {
                libc::close(self.0);
            }
        }
    }

    fn pipe() -> io::Result<(PipeEnd, PipeEnd)> {
        let mut fds = [0 as RawFd; 2];
        #[cfg(target_os = "linux")]
        // SAFETY: fds has room for the two descriptors pipe2 writes.
        let result = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
        #[cfg(not(target_os = "linux"))]
        // SAFETY: as above; CLOEXEC is set right after, before any spawn can happen on this
        // thread, and spawns happen only on the owner thread after this returns.
        let result = unsafe {
            let result = libc::pipe(fds.as_mut_ptr());
            if result == 0 {
                libc::fcntl(fds[0], libc::F_SETFD, libc::FD_CLOEXEC);
                libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC);
            }
            result
        };
        if result < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok((PipeEnd(fds[0]), PipeEnd(fds[1])))
    }
}

#[cfg(not(unix))]
mod platform {
    use std::fs::File;
    use std::path::Path;
    use std::process::Child;

    use super::{Listener, SpawnError};

    pub(super) fn is_root() -> bool {
        false
    }

    pub(super) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir(dir)
    }

    pub(super) fn is_own_dir(_dir: &Path) -> bool {
        // Without owners to compare, leave every folder alone.
        false
    }

    pub(super) fn socket_listener(_path: &Path) -> Listener {
        Listener::Unknown
    }

    pub(super) fn process_exists(_pid: u32) -> bool {
        // Without a way to ask, assume the owner lives and leave its profile alone.
        true
    }

    pub(super) fn try_lock(_file: &File) -> bool {
        // Without advisory locks, assume the owner lives and leave its profile alone.
        false
    }

    pub(super) fn spawn_with_pipe(
        _executable: &Path,
        _args: &[String],
        _temp_dir: Option<&Path>,
    ) -> Result<(Child, File, File), SpawnError> {
        Err(SpawnError::Unsupported)
    }

    pub(super) fn kill_tree(child: &mut Child) {
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    /// A fresh directory standing in for the temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cdp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn only_a_headless_browser_is_muted() {
        let profile = Path::new("/nonexistent/profile");
        let headless = LaunchOptions {
            headless: true,
            ..LaunchOptions::default()
        };
        assert!(command_line(&headless, profile).contains(&"--mute-audio".to_string()));
        let with_windows = LaunchOptions {
            app_url: Some("data:text/html,".into()),
            ..LaunchOptions::default()
        };
        let args = command_line(&with_windows, profile);
        assert!(!args.contains(&"--mute-audio".to_string()), "{args:?}");
    }

    #[test]
    fn only_singleton_folders_nobody_listens_on_are_removed() {
        let base = scratch("sweep");
        let folder = |name: &str| {
            let dir = base.join(format!("{SINGLETON_DIR_PREFIX}{name}"));
            std::fs::create_dir(&dir).unwrap();
            dir
        };
        let live = folder("LIVE01");
        let _listener = UnixListener::bind(live.join("SingletonSocket")).unwrap();
        let dead = folder("DEAD01");
        drop(UnixListener::bind(dead.join("SingletonSocket")).unwrap());
        let starting = folder("NEW001");
        let other = base.join("not-a-singleton");
        std::fs::create_dir(&other).unwrap();
        drop(UnixListener::bind(other.join("SingletonSocket")).unwrap());

        remove_abandoned_singleton_dirs(&base);
        assert!(live.exists(), "a live browser's folder was removed");
        assert!(!dead.exists(), "a folder nobody listens on was kept");
        assert!(starting.exists(), "a folder still being set up was removed");
        assert!(
            other.exists(),
            "a folder that is not Chromium's was removed"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }
}
