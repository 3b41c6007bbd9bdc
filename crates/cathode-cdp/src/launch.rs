//! Starting the browser with `--remote-debugging-pipe`, and making sure it never outlives us.
//!
//! The browser reads commands on its fd 3 and writes answers and events on its fd 4; no TCP port
//! is ever opened. On Linux the browser is started from one long-lived thread with
//! `PR_SET_PDEATHSIG`, so the kernel kills it when this process dies (even by SIGKILL); it also
//! leads its own process group, which [`Browser`]'s `Drop` kills whole. The pipe's end also makes
//! Chromium exit on every platform.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

use crate::connection::Connection;
use crate::error::CdpError;
use crate::protocol::browser;

/// Flags that keep Chromium quiet, offline-safe and on the private pipe.
const BASE_FLAGS: &[&str] = &[
    "--remote-debugging-pipe",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--password-store=basic",
    "--use-mock-keychain",
    "--mute-audio",
    // An app window covered by another must keep its size and keep running, as in Electron.
    "--disable-backgrounding-occluded-windows",
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
    /// Starts the browser and connects to it over a fresh pipe pair.
    pub fn launch(options: LaunchOptions) -> Result<Browser, CdpError> {
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
        tracing::debug!(executable = %options.executable.display(), ?args, "starting browser");
        match platform::spawn_with_pipe(&options.executable, &args) {
            Ok((child, to_browser, from_browser)) => Ok(Browser {
                child,
                connection: Connection::new(to_browser, from_browser),
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
    let mut args: Vec<String> = BASE_FLAGS.iter().map(|flag| flag.to_string()).collect();
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
    } else if let Some(url) = &options.app_url {
        args.push(format!("--app={url}"));
    }
    args.extend(options.extra_args.iter().cloned());
    args
}

/// Temporary profiles are named `cathode-profile-<pid of the app>-<random>`.
const TEMPORARY_PROFILE_PREFIX: &str = "cathode-profile-";

/// The file in a temporary profile that its app holds locked while it lives.
const OWNER_LOCK: &str = ".cathode-owner";

/// A new temporary profile, and the lock that says it is in use.
fn create_temporary_profile() -> Result<(PathBuf, std::fs::File), CdpError> {
    use std::hash::{BuildHasher, RandomState};
    let base = std::env::temp_dir();
    remove_abandoned_profiles(&base);
    loop {
        let token = RandomState::new().hash_one(std::process::id());
        let dir = base.join(format!(
            "{TEMPORARY_PROFILE_PREFIX}{}-{token:016x}",
            std::process::id()
        ));
        match std::fs::create_dir(&dir) {
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

    use super::SpawnError;

    type SpawnRequest = (Command, mpsc::Sender<io::Result<Child>>);

    pub fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }

    pub fn process_exists(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }

    /// Takes an exclusive advisory lock without waiting; true if it was free. The lock lasts as
    /// long as the file stays open, and the kernel drops it when the holder dies.
    pub fn try_lock(file: &File) -> bool {
        use std::os::fd::AsRawFd;
        // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }

    /// Spawns `executable` with its fd 3 reading our commands and its fd 4 carrying its answers.
    pub fn spawn_with_pipe(
        executable: &Path,
        args: &[String],
    ) -> Result<(Child, File, File), SpawnError> {
        let (child_reads, we_write) = pipe().map_err(SpawnError::Setup)?;
        let (we_read, child_writes) = pipe().map_err(SpawnError::Setup)?;
        let mut command = Command::new(executable);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
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
    pub fn kill_tree(child: &mut Child) {
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
    pub struct PipeEnd(RawFd);

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

    use super::SpawnError;

    pub fn is_root() -> bool {
        false
    }

    pub fn process_exists(_pid: u32) -> bool {
        // Without a way to ask, assume the owner lives and leave its profile alone.
        true
    }

    pub fn try_lock(_file: &File) -> bool {
        // Without advisory locks, assume the owner lives and leave its profile alone.
        false
    }

    pub fn spawn_with_pipe(
        _executable: &Path,
        _args: &[String],
    ) -> Result<(Child, File, File), SpawnError> {
        Err(SpawnError::Unsupported)
    }

    pub fn kill_tree(child: &mut Child) {
        let _ = child.kill();
        let _ = child.wait();
    }
}
