//! The TypeScript declarations in `types/` accept what real apps write and refuse misuse: the
//! projects under `tests/types/` use the API as apps do, and mark with `@ts-expect-error` the
//! lines the declarations must refuse, so `tsc` fails both when a right use is refused and when a
//! wrong one is accepted. `tsc` is Debian's `node-typescript`, which `scripts/install-deps.sh
//! --with-typescript` installs.

use std::path::Path;
use std::process::Command;

fn type_check(project: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/types")
        .join(project);
    let output = Command::new("tsc")
        .arg("-p")
        .arg(&dir)
        .output()
        .expect("tsc runs: install it with scripts/install-deps.sh --with-typescript");
    assert!(
        output.status.success(),
        "tsc -p {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_main_declarations_check_a_main_script() {
    type_check("main");
}

#[test]
fn the_renderer_declarations_check_a_preload_and_a_page() {
    type_check("renderer");
}

/// `cathode types --out FILE -- COMMAND` with `sh` standing in for a Rust app: it runs the command
/// with the variable `cathode_typescript::Channels::register` reads, and replaces FILE only with
/// what the command wrote.
#[test]
fn cathode_types_writes_what_the_apps_command_declares_and_keeps_the_old_file_otherwise() {
    let dir = std::env::temp_dir().join(format!("cathode-types-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("ipc.d.ts");
    let types = |command: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cathode"))
            .arg("types")
            .arg("--out")
            .arg(&out)
            .arg("--")
            .args(command)
            .output()
            .expect("cathode runs")
    };

    let declaring = types(&[
        "sh",
        "-c",
        r#"echo "declare const x: 1;" > "$CATHODE_TYPES_OUT""#,
    ]);
    assert!(declaring.status.success(), "{declaring:?}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "declare const x: 1;\n"
    );
    assert!(String::from_utf8_lossy(&declaring.stdout).contains("wrote"));

    for (command, reason) in [
        (&["true"][..], "ended without writing declarations"),
        (
            &["sh", "-c", r#"echo partial > "$CATHODE_TYPES_OUT"; exit 3"#][..],
            "failed",
        ),
        (&["/nonexistent/app"][..], "cannot run /nonexistent/app"),
    ] {
        let failed = types(command);
        assert_eq!(failed.status.code(), Some(1), "{command:?}: {failed:?}");
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(stderr.contains(reason), "{command:?}: {stderr}");
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "declare const x: 1;\n",
            "{command:?} left the declarations as they were"
        );
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no partial file is left"
    );
    let _ = std::fs::remove_dir_all(dir);
}
