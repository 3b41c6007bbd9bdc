//! The ping_pong example, run as a user runs it.

use std::path::PathBuf;
use std::process::Command;

fn example_binary(name: &str) -> PathBuf {
    // Test binaries live in target/<profile>/deps; `cargo test` builds examples beside them.
    let deps = std::env::current_exe().unwrap();
    let profile_dir = deps.parent().unwrap().parent().unwrap();
    let path = profile_dir.join("examples").join(name);
    assert!(
        path.exists(),
        "{} is missing: run the tests with `cargo test --workspace` (scripts/test.sh), which builds the examples",
        path.display()
    );
    path
}

#[test]
fn ping_pong_exchanges_messages_both_ways_and_exits_zero_headless() {
    let output = Command::new(example_binary("ping_pong"))
        .env("CATHODE_HEADLESS", "1")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {:?}\n{stdout}\n{stderr}",
        output.status
    );
    let transcript: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        transcript,
        [
            "main -> page: ping from main",
            "main <- page: pong from the page",
            "main <- page: ping from the page",
            "main -> page: pong from main",
            "exchange complete",
        ],
        "stderr: {stderr}"
    );
}
