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
/// to a log, one line each, between `<` and `>`.
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
                "#!/bin/sh\nfor arg in \"$@\"; do printf '<%s>\\n' \"$arg\" >> '{}'; done\n",
                log.display()
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
    let log = opened(recorder);
    let expected = format!(
        "<{url}>\n<mailto:someone@example.com?subject=hi there>\n<{}>\n<{}>\n",
        file.display(),
        recorder.dir.display()
    );
    // Other tests of this binary append too: look for this test's lines in order.
    assert!(
        log.contains(&expected),
        "the opener got:\n{log}\nexpected:\n{expected}"
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
