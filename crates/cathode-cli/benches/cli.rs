//! `cold_start_cli`: `cathode run --headless` of the async-ipc example app, from spawning the
//! command to its first `did-finish-load` (the line its handler prints), next to a Rust main
//! process opening the same page (from `App::run` to `did-finish-load`) in the same run. Prints
//! one JSON line; asserts nothing.
//!
//! Run: `cargo bench -p cathode-cli --bench cli`

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, WindowOptions};

const RUNS: usize = 10;

fn example_app() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/apps/async-ipc")
}

/// Spawns the CLI on the example and waits for the line printed on `did-finish-load`.
fn cli_cold_start() -> Duration {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cathode"))
        .args(["run", "--headless"])
        .arg(example_app())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cathode starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let loaded = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line == "main -> page: greeting");
    let elapsed = start.elapsed();
    assert!(loaded, "the example never reported did-finish-load");
    let _ = child.wait();
    elapsed
}

/// A Rust main process: from `App::run` to the page's `did-finish-load`.
async fn rust_cold_start() -> Duration {
    let page = example_app().join("index.html");
    let start = Instant::now();
    let app = App::builder().headless(true).build();
    app.run(|app| async move {
        let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
        let finished = app.clone();
        window
            .web_contents()
            .on_did_finish_load(move || finished.exit(0));
        window.load_file(&page).await?;
        Ok(())
    })
    .await
    .expect("the Rust app runs");
    start.elapsed()
}

fn percentile(samples: &mut [Duration], fraction: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * fraction).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("the CLI benchmark runs with `cargo bench -p cathode-cli --bench cli`");
        return;
    }
    let mut cli = Vec::new();
    let mut rust = Vec::new();
    for _ in 0..RUNS {
        cli.push(
            tokio::task::spawn_blocking(cli_cold_start)
                .await
                .expect("cli run"),
        );
        rust.push(rust_cold_start().await);
    }
    let (p50, p99) = (percentile(&mut cli, 0.5), percentile(&mut cli, 0.99));
    let (floor_p50, floor_p99) = (percentile(&mut rust, 0.5), percentile(&mut rust, 0.99));
    println!(
        "{}",
        serde_json::json!({
            "name": "cold_start_cli",
            "n": RUNS,
            "p50_ms": round(p50),
            "p99_ms": round(p99),
            "floor_p50_ms": round(floor_p50),
            "floor_p99_ms": round(floor_p99),
            "floor": "Rust main process, same page, same run",
            "ratio_p50": round(p50 / floor_p50),
        })
    );
}
