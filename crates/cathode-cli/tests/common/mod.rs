//! Fixtures the CLI's test binaries share: run the `cathode` command on an app folder, within a
//! generous time limit, and read what it printed.

#![allow(dead_code)] // each test binary uses its own subset

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long one run of the command may take before the test fails: a safety net against an app
/// that never quits, sized for a slow debug build on a loaded machine.
pub(crate) const RUN_LIMIT: Duration = Duration::from_secs(120);

pub(crate) fn cathode(args: &[&str], dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    finish(command)
}

/// Runs `command` (the cathode command with its arguments) to its end, within [`RUN_LIMIT`].
pub(crate) fn finish(mut command: Command) -> Output {
    command
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let args: Vec<_> = command.get_args().map(|arg| arg.to_owned()).collect();
    let mut child = command.spawn().expect("cathode runs");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let stderr = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + RUN_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("cathode can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "cathode {args:?} still ran after {RUN_LIMIT:?}; stdout:\n{}\nstderr:\n{}",
                text(&stdout.join().unwrap_or_default()),
                text(&stderr.join().unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
    }
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One of the test apps kept as files under `tests/apps/`.
pub(crate) fn test_app(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apps")
        .join(name)
}

/// Runs the test app `name` headless to its end, which must be exit code 0, and gives what it
/// printed: its standard output's lines and its standard error.
pub(crate) fn run_test_app(name: &str) -> (Vec<String>, String) {
    let app = test_app(name);
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let lines = text(&output.stdout).lines().map(str::to_string).collect();
    (lines, text(&output.stderr))
}

pub(crate) fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// A folder (under cargo's test scratch folder, `group/name`) with an `xdg-open` that records each
/// argument it gets, one a line between `<` and `>`, in `opened.log` next to it, so that no real
/// browser starts; returns the folder.
pub(crate) fn recording_opener(group: &str, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let opener = dir.join("xdg-open");
    let script = format!(
        "#!/bin/sh\nfor arg in \"$@\"; do printf '<%s>\\n' \"$arg\" >> '{}'; done\n",
        dir.join("opened.log").display()
    );
    std::fs::write(&opener, script).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// The lines the recording opener of `dir` logged, sorted, once there are `count` of them (a
/// minute at most): `openExternal` does not wait for its opener, which may still be running
/// when the app ends.
pub(crate) fn opened_lines(dir: &Path, count: usize) -> Vec<String> {
    let give_up = Instant::now() + Duration::from_secs(60);
    loop {
        let log = std::fs::read_to_string(dir.join("opened.log")).unwrap_or_default();
        let mut lines: Vec<String> = log.lines().map(str::to_string).collect();
        if lines.len() >= count || Instant::now() > give_up {
            lines.sort();
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The cathode command running the test app `name` headless, with the programs in `bin` first on
/// PATH.
pub(crate) fn command_with_path(name: &str, bin: &Path) -> Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
    command
        .args(["run", "--headless"])
        .arg(test_app(name))
        .env("PATH", std::env::join_paths(paths).unwrap());
    command
}
