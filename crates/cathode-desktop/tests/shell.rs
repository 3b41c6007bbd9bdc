//! `shell` hands URLs and paths to the desktop's opener as one argument, never through a shell,
//! moves files to the trash, and refuses local files and scripts in `openExternal`. The opener here is a recording script
//! put first in PATH in place of `xdg-open`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cathode_desktop::{shell, Error};

struct Recorder {
    dir: PathBuf,
    log: PathBuf,
}

/// This test binary's PATH starts with a folder whose `xdg-open` appends each argument it gets
/// to a log, one line each, between `<` and `>`. Given a URL with `stays-open` in it, it then
/// runs on for ten minutes (as `xdg-open` running a browser in the foreground), its pid in
/// `stays-open.pid`.
fn recorder() -> &'static Recorder {
    static RECORDER: OnceLock<Recorder> = OnceLock::new();
    RECORDER.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("shell-{}", std::process::id()));
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let log = dir.join("opened.log");
        let script = bin.join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nfor arg in \"$@\"; do printf '<%s>\\n' \"$arg\" >> '{}'; done\n\
                 case \"$1\" in *stays-open*) echo $$ > '{}'; exec sleep 600;; esac\n",
                log.display(),
                dir.join("stays-open.pid").display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![bin];
        paths.extend(std::env::split_paths(&path));
        std::env::set_var("PATH", std::env::join_paths(paths).unwrap());
        // No session bus: showItemInFolder falls back to opening the folder.
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/cathode-bus",
        );
        // trashItem's trash: the user's data folder, on the same file system as the files.
        std::env::set_var("XDG_DATA_HOME", dir.join("data"));
        Recorder { dir, log }
    })
}

fn opened(recorder: &Recorder) -> String {
    std::fs::read_to_string(&recorder.log).unwrap_or_default()
}

/// The opener's log once it holds every line of `expected` (a minute at most: the openers are
/// not waited for, and a busy machine may take a while to run them).
async fn logged(recorder: &Recorder, expected: &[String]) -> String {
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let log = opened(recorder);
        let complete = expected
            .iter()
            .all(|line| log.lines().any(|logged| logged == line));
        if complete || std::time::Instant::now() > give_up {
            return log;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn urls_and_paths_reach_the_opener_as_one_argument_untouched() {
    let recorder = recorder();
    let canary = recorder.dir.join("canary");
    let url = format!(
        "https://example.com/a?b=1&c=$(touch {0});touch {0}`touch {0}`'\"",
        canary.display()
    );
    shell::open_external(&url)
        .await
        .expect("an https URL opens");
    shell::open_external("mailto:someone@example.com?subject=hi there")
        .await
        .unwrap();
    let file = recorder.dir.join("report; rm -rf ~.txt");
    std::fs::write(&file, "x").unwrap();
    shell::open_path(&file)
        .await
        .expect("an existing file opens");
    shell::show_item_in_folder(&file)
        .await
        .expect("its folder opens");
    // `openExternal` and the folder do not wait for the opener: its lines come when it ran.
    let expected = [
        format!("<{url}>"),
        "<mailto:someone@example.com?subject=hi there>".to_string(),
        format!("<{}>", file.display()),
        format!("<{}>", recorder.dir.display()),
    ];
    let log = logged(recorder, &expected).await;
    // Other tests of this binary append too: look for this test's lines.
    assert!(
        expected
            .iter()
            .all(|line| log.lines().any(|logged| logged == line)),
        "the opener got:\n{log}\nexpected:\n{expected:#?}"
    );
    assert!(!canary.exists(), "nothing of the URL ran in a shell");
}

#[tokio::test]
async fn local_files_scripts_and_non_urls_are_refused_before_anything_runs() {
    let recorder = recorder();
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/usr/bin/xterm",
        "xterm -e sh; echo",
        "https://example.com/\n-rf",
    ] {
        let refused = shell::open_external(url).await;
        assert!(
            matches!(refused, Err(Error::Refused(_))),
            "{url:?}: {refused:?}"
        );
    }
    for bad in [
        Path::new("relative.txt"),
        Path::new("/nonexistent/cathode/file"),
    ] {
        assert!(
            matches!(shell::open_path(bad).await, Err(Error::Refused(_))),
            "{bad:?}"
        );
        assert!(
            matches!(shell::trash_item(bad).await, Err(Error::Refused(_))),
            "{bad:?}"
        );
    }
    let log = opened(recorder);
    assert!(
        !log.contains("passwd") && !log.contains("alert") && !log.contains("xterm"),
        "{log}"
    );
}

#[tokio::test]
async fn a_trashed_file_moves_into_the_users_trash() {
    let recorder = recorder();
    let data_home = recorder.dir.join("data");
    let file = recorder.dir.join("old notes.txt");
    std::fs::write(&file, "old").unwrap();
    shell::trash_item(&file)
        .await
        .expect("the file goes to the trash");
    assert!(!file.exists());
    let trashed = data_home.join("Trash/files/old notes.txt");
    assert_eq!(std::fs::read_to_string(&trashed).unwrap(), "old");
    assert!(data_home
        .join("Trash/info/old notes.txt.trashinfo")
        .exists());
}

#[tokio::test]
async fn open_external_does_not_wait_for_an_opener_that_stays_open() {
    let recorder = recorder();
    let url = "https://example.com/stays-open";
    // Without a display the opener of a real desktop may run its browser until the user closes
    // it: the promise must not wait for that (a minute is only this test's safety net).
    let opened = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        shell::open_external(url),
    )
    .await
    .expect("openExternal returns while its opener still runs");
    opened.expect("the opener started");
    logged(recorder, &[format!("<{url}>")]).await;
    let pid_file = recorder.dir.join("stays-open.pid");
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !pid_file.exists() && std::time::Instant::now() < give_up {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let pid = std::fs::read_to_string(&pid_file).expect("the opener says its pid");
    let killed = std::process::Command::new("kill")
        .arg(pid.trim())
        .status()
        .expect("kill runs");
    assert!(killed.success(), "the opener was still running");
}
