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
