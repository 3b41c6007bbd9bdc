//! Chromium and every process it started exit when the main process exits, however it exits, and
//! nothing of theirs stays in the temporary directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cathode_testing::{
    assert_all_exit, entries, private_temp_dir, process_tree, start_probe, Probe,
};

const PROBE: &str = env!("CARGO_BIN_EXE_ownership-probe");

/// How long processes and files get to go after the main process ended: a safety net sized for a
/// slow debug build on a loaded machine, not a measure.
const LIMIT: Duration = Duration::from_secs(60);

/// Runs a probe in `mode` to its end; returns the browser's process tree and profile.
fn check(mode: &str, temp_dir: Option<&Path>) -> (Vec<(u32, String)>, PathBuf) {
    let Probe {
        mut child,
        browser,
        profile,
        ..
    } = start_probe(PROBE, mode, temp_dir);
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
        child.kill().expect("the probe can be killed"); // SIGKILL
    } else {
        writeln!(child.stdin.take().expect("stdin is piped"), "go").expect("the probe reads");
    }
    let status = child.wait().expect("the probe can be waited for");
    assert_eq!(
        status.success(),
        mode == "quit" || mode == "return",
        "{mode}: probe exit status {status:?}"
    );
    assert_all_exit(&tree, LIMIT);
    (tree, profile)
}

fn assert_removed(profile: &Path) {
    let deadline = Instant::now() + LIMIT;
    while profile.exists() {
        assert!(
            Instant::now() < deadline,
            "{} was left behind",
            profile.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until `dir` is empty; fails after [`LIMIT`] with what is left (two levels deep).
fn assert_emptied(dir: &Path) {
    let deadline = Instant::now() + LIMIT;
    loop {
        let left = entries(dir);
        if left.is_empty() {
            return;
        }
        let inside: Vec<(String, Vec<String>)> = left
            .iter()
            .map(|name| (name.clone(), entries(&dir.join(name))))
            .collect();
        assert!(
            Instant::now() < deadline,
            "left in {}: {inside:?}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Processes whose `TMPDIR` is `dir` or inside it: every probe, browser and browser child of a
/// test that gave its probes `dir` (a browser's own `TMPDIR` is inside its profile, in `dir`).
fn processes_with_temp_dir(dir: &Path) -> Vec<(u32, String)> {
    let wanted = dir.to_string_lossy().into_owned();
    let Ok(proc) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    proc.flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environ| {
                environ.split(|byte| *byte == 0).any(|variable| {
                    String::from_utf8_lossy(variable)
                        .strip_prefix("TMPDIR=")
                        .is_some_and(|value| value.starts_with(&wanted))
                })
            })
        })
        .filter_map(|pid| Some((pid, cathode_testing::command_line(pid)?)))
        .collect()
}

#[test]
fn the_browser_exits_when_main_returns() {
    let (_, profile) = check("return", None);
    assert_removed(&profile);
}

#[test]
fn the_browser_exits_when_main_returns_an_error() {
    let (_, profile) = check("error", None);
    assert_removed(&profile);
}

#[test]
fn the_browser_exits_when_main_panics() {
    let (_, profile) = check("panic", None);
    assert_removed(&profile);
}

#[test]
fn the_browser_exits_when_main_is_killed_and_its_profile_is_cleaned_up_next_time() {
    let (_, profile) = check("wait", None);
    // SIGKILL leaves no chance to clean up; the next app start (this one's, or that of a test
    // running beside it) removes the profiles of dead apps.
    let (_, next_profile) = check("return", None);
    assert_removed(&profile);
    assert_removed(&next_profile);
}

/// 100 runs, 25 of each ending (quit, a load error, a panic, SIGKILL of main), three at a time
/// in a temporary directory of their own: afterwards no browser process runs and, once one more
/// app has started (and removed what the killed ones left), the directory is empty: no profile,
/// no `org.chromium.Chromium.*` singleton folder.
#[test]
fn a_hundred_runs_however_they_end_leave_no_process_and_no_temporary_files() {
    const RUNS: usize = 100;
    const AT_ONCE: usize = 3;
    const ENDINGS: [&str; 4] = ["quit", "load-error", "panic", "wait"];
    let temp = private_temp_dir("runs");
    let next = AtomicUsize::new(0);
    let trees = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| loop {
                let run = next.fetch_add(1, Ordering::Relaxed);
                if run >= RUNS {
                    break;
                }
                let (tree, _) = check(ENDINGS[run % ENDINGS.len()], Some(&temp));
                trees.lock().unwrap().extend(tree);
            });
        }
    });
    let trees = trees.into_inner().unwrap();
    assert!(trees.len() >= RUNS * 3, "{} processes seen", trees.len());
    assert_all_exit(&trees, LIMIT);
    // Processes outside the trees: Chromium's crash handlers leave the browser's process tree
    // and group (init adopts them), and go a moment after the browser.
    let deadline = Instant::now() + LIMIT;
    loop {
        let strays = processes_with_temp_dir(&temp);
        if strays.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "processes still use {}: {strays:?}",
            temp.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, last_profile) = check("quit", Some(&temp));
    assert_removed(&last_profile);
    assert_emptied(&temp);
    std::fs::remove_dir(&temp).expect("the emptied directory goes");
}
