//! Typed IPC channels end to end, with the `typed-notes` app: it writes its channels' TypeScript
//! declarations when asked (and opens no window then), `tsc` checks a page and a preload against
//! them (accepting right uses, refusing wrong ones), and the app's page really gets what the
//! declarations promise.

use std::path::Path;
use std::process::{Command, Output};

const APP: &str = env!("CARGO_BIN_EXE_typed-notes");

fn run_app(types_out: Option<&Path>) -> Output {
    let mut command = Command::new(APP);
    command.env("RUST_LOG", "warn");
    if let Some(file) = types_out {
        command.env(cathode_typescript::TYPES_OUT_VARIABLE, file);
    }
    command.output().expect("typed-notes runs")
}

#[test]
fn the_declarations_type_check_pages_and_the_app_answers_as_declared() {
    let dir = cathode_testing::private_temp_dir("typed-notes");
    let declarations = dir.join("ipc.d.ts");
    let output = run_app(Some(&declarations));
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stdout.is_empty(),
        "the app only wrote its declarations: {output:?}"
    );
    let text = std::fs::read_to_string(&declarations).expect("the declarations are written");
    assert!(
        text.contains(r#""add": { args: [number, number]; result: number };"#),
        "{text}"
    );

    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let renderer_types = manifest.join("../../types/renderer.d.ts");
    let page = manifest.join("tests/typed-notes/page.ts");
    let tsconfig = serde_json::json!({
        "compilerOptions": {
            "strict": true, "noEmit": true, "target": "es2022", "module": "commonjs",
            "lib": ["es2022", "dom"], "types": [],
        },
        "files": [renderer_types, declarations, page],
    });
    std::fs::write(dir.join("tsconfig.json"), tsconfig.to_string()).unwrap();
    let checked = Command::new("tsc")
        .arg("-p")
        .arg(&dir)
        .output()
        .expect("tsc runs: install it with scripts/install-deps.sh --with-typescript");
    assert!(
        checked.status.success(),
        "tsc:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    let output = run_app(None);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .collect::<Vec<_>>(),
        [
            "sum 5.5",
            "note note 7, 700 words, tags typed, reply to null",
            "missing Error invoking remote method 'note:get': there is no note 0",
            "version 1.2.0",
            "progress notes.txt 0.5",
        ]
    );
    let _ = std::fs::remove_dir_all(dir);
}
