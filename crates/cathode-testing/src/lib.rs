//! Test-only programs for cathode, and what the tests need to watch them. `ownership-probe` is a
//! main process that ends in a chosen way (return, error, panic, quit, a load error, or waiting to
//! be killed) so the tests can check that Chromium, all of its children and every temporary file
//! go with it; the functions here start it and read the process tree from `/proc` (Linux).
//! [`VirtualDisplay`] is a private X server for tests that need a display.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `ownership-probe`, as it introduced itself.
#[derive(Debug)]
pub struct Probe {
    /// The probe process; its stdin takes the line that makes it end.
    pub child: Child,
    /// The main process's pid (the probe's own).
    pub main: u32,
    /// The browser's pid.
    pub browser: u32,
    /// The browser's profile directory.
    pub profile: PathBuf,
}

/// Starts the probe `binary` (`env!("CARGO_BIN_EXE_ownership-probe")`) in `mode`, with
/// `temp_dir` as its `TMPDIR` if given, and waits until its window has loaded.
pub fn start_probe(binary: &str, mode: &str, temp_dir: Option<&Path>) -> Probe {
    let mut command = Command::new(binary);
    command
        .arg(mode)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(dir) = temp_dir {
        command.env("TMPDIR", dir);
    }
    let mut child = command.spawn().expect("the probe starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("the probe's stdout is readable");
    let words: Vec<&str> = line.split_whitespace().collect();
    let ["main", main, "browser", browser, profile] = words[..] else {
        panic!("the probe said {line:?}");
    };
    Probe {
        child,
        main: main.parse().expect("a pid"),
        browser: browser.parse().expect("a pid"),
        profile: PathBuf::from(profile),
    }
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces; fields follow the last ')'.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .expect("/proc is readable")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

/// `root` and every process below it, with their command lines (to tell pid reuse apart).
pub fn process_tree(root: u32) -> Vec<(u32, String)> {
    let pids = all_pids();
    let mut tree = vec![root];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        tree.extend(
            pids.iter()
                .copied()
                .filter(|&pid| parent_of(pid) == Some(parent)),
        );
        index += 1;
    }
    tree.into_iter()
        .filter_map(|pid| Some((pid, command_line(pid)?)))
        .collect()
}

/// A process's command line, NULs and all; `None` once it is gone.
pub fn command_line(pid: u32) -> Option<String> {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// The processes of `tree` that still run (zombies count as gone).
pub fn survivors(tree: &[(u32, String)]) -> Vec<u32> {
    tree.iter()
        .filter(|(pid, cmdline)| command_line(*pid).as_ref() == Some(cmdline) && !is_zombie(*pid))
        .map(|(pid, _)| *pid)
        .collect()
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| Some(stat[stat.rfind(')')? + 2..].starts_with('Z')))
        .unwrap_or(true)
}

/// Waits until every process of `tree` has exited; fails after `limit` (a safety net, not a
/// measure) with those still running.
pub fn assert_all_exit(tree: &[(u32, String)], limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        let left = survivors(tree);
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still running {limit:?} after the main process ended: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A fresh, empty temporary directory for one test (`ct-<name>-<pid>`), directly in the system's
/// temporary directory and with a short name: a browser puts its socket under its profile there
/// only while that path fits in a socket address (about 107 bytes).
pub fn private_temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ct-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a private temporary directory");
    dir
}

/// What is in `dir`, by name.
pub fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A private X server (Xvfb, 640x480) for one test, stopped on drop.
///
/// ```no_run
/// let display = cathode_testing::VirtualDisplay::start();
/// std::process::Command::new("xdpyinfo").env("DISPLAY", display.name()).status().unwrap();
/// ```
#[derive(Debug)]
pub struct VirtualDisplay {
    server: Child,
    name: String,
}

impl VirtualDisplay {
    /// Starts Xvfb on a display number it picks itself (`-displayfd`).
    pub fn start() -> VirtualDisplay {
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "640x480x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (scripts/install-deps.sh --with-xvfb installs it)");
        let mut number = String::new();
        BufReader::new(server.stdout.take().expect("piped stdout"))
            .read_line(&mut number)
            .expect("Xvfb says which display it took");
        let number = number.trim().to_owned();
        assert!(!number.is_empty(), "Xvfb did not start");
        VirtualDisplay {
            server,
            name: format!(":{number}"),
        }
    }

    /// The display's name, for `DISPLAY` (`:99`).
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock files; SIGKILL would leave them behind.
        let _ = Command::new("kill")
            .arg(self.server.id().to_string())
            .status();
        let _ = self.server.wait();
    }
}
