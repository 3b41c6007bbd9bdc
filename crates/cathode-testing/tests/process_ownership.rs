//! Chromium and every process it started exit when the main process exits, however it exits.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts the probe and reads the browser pid and profile directory it prints.
fn start_probe(mode: &str) -> (Child, u32, PathBuf) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ownership-probe"))
        .arg(mode)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the probe starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let mut words = line.split_whitespace();
    assert_eq!(words.next(), Some("browser"), "probe said {line:?}");
    let pid = words.next().unwrap().parse().unwrap();
    let profile = PathBuf::from(words.next().unwrap());
    (child, pid, profile)
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces; fields follow the last ')'.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

/// The browser and every process below it, with their command lines (to tell pid reuse apart).
fn process_tree(root: u32) -> Vec<(u32, String)> {
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

fn command_line(pid: u32) -> Option<String> {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn survivors(tree: &[(u32, String)]) -> Vec<u32> {
    tree.iter()
        .filter(|(pid, cmdline)| command_line(*pid).as_ref() == Some(cmdline) && !is_zombie(*pid))
        .map(|(pid, _)| *pid)
        .collect()
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| stat[stat.rfind(')').unwrap() + 2..].starts_with('Z'))
        .unwrap_or(true)
}

fn assert_all_exit(tree: &[(u32, String)]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = survivors(tree);
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after the main process ended: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn check(mode: &str, expected_success: bool) -> (Vec<(u32, String)>, PathBuf) {
    let (mut child, browser, profile) = start_probe(mode);
    let tree = process_tree(browser);
    assert!(
        tree.len() >= 3,
        "a browser with one page runs several processes, found {tree:?}"
    );
    assert!(
        tree.iter()
            .any(|(_, cmdline)| cmdline.contains("--type=renderer")),
        "no renderer in {tree:?}"
    );
    if mode == "wait" {
        child.kill().unwrap(); // SIGKILL
    } else {
        writeln!(child.stdin.take().unwrap(), "go").unwrap();
    }
    let status = child.wait().unwrap();
    assert_eq!(
        status.success(),
        expected_success,
        "probe exit status {status:?}"
    );
    assert_all_exit(&tree);
    (tree, profile)
}

fn assert_removed(profile: &Path) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while profile.exists() {
        assert!(
            Instant::now() < deadline,
            "{} was left behind",
            profile.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_browser_exits_when_main_returns() {
    let (_, profile) = check("return", true);
    assert_removed(&profile);
}

#[test]
fn the_browser_exits_when_main_returns_an_error() {
    let (_, profile) = check("error", false);
    assert_removed(&profile);
}

#[test]
fn the_browser_exits_when_main_panics() {
    let (_, profile) = check("panic", false);
    assert_removed(&profile);
}

#[test]
fn the_browser_exits_when_main_is_killed_and_its_profile_is_cleaned_up_next_time() {
    let (_, profile) = check("wait", false);
    // SIGKILL leaves no chance to clean up; the next app start (this one's, or that of a test
    // running beside it) removes the profiles of dead apps.
    let (_, next_profile) = check("return", true);
    assert_removed(&profile);
    assert_removed(&next_profile);
}
