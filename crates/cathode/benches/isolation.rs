//! What context isolation costs: the same IPC code run by a preload in cathode's isolated world
//! and by a node-integrated page in its own world, in the same run, on one headless browser.
//! Prints one JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench isolation`
//!
//! - `invoke_round_trip`, `sync_round_trip`: timed in the page around each `invoke` /
//!   `sendSync` (page timers are coarsened to 0.1 ms, so `mean_ms` is printed too).
//! - `async_round_trip`: main `send`s, the page's listener sends back; timed in main.
//!
//! `floor` is the node-integrated page (the runtime in the page's own world); `ratio_*` is the
//! isolated world's figure over it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, WebPreferences, WindowOptions};
use serde_json::{json, Value};
use tokio::sync::mpsc;

const ROUND_TRIPS: usize = 2000;
const WARM_UP: usize = 200;

/// The page side, the same for both windows: a preload in one, a page script in the other.
const PAGE_SIDE: &str = r#"
const { ipcRenderer } = require('electron');
ipcRenderer.on('ping', (event, i) => ipcRenderer.send('pong', i));
ipcRenderer.on('run', async (event, count, warmUp) => {
  const time = async (call) => {
    const samples = [];
    for (let i = 0; i < warmUp + count; i++) {
      const started = performance.now();
      await call(i);
      if (i >= warmUp) samples.push(performance.now() - started);
    }
    return samples;
  };
  const invoke = await time((i) => ipcRenderer.invoke('echo', i));
  const sync = await time((i) => ipcRenderer.sendSync('echo-sync', i));
  ipcRenderer.send('results', { invoke, sync });
});
"#;

/// This run's folder of files, removed at the end.
fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("cathode-bench-isolation-{}", std::process::id()))
}

fn write(name: &str, text: &str) -> PathBuf {
    let dir = scratch();
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

fn stats(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |fraction: f64| samples[((samples.len() as f64 - 1.0) * fraction).round() as usize];
    let mean = samples.iter().sum::<f64>() / samples.len() as f64;
    (at(0.5), at(0.99), mean)
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn report(name: &str, isolated: &mut [f64], floor: &mut [f64]) {
    let (p50, p99, mean) = stats(isolated);
    let (floor_p50, floor_p99, floor_mean) = stats(floor);
    println!(
        "{}",
        json!({
            "name": name,
            "n": isolated.len(),
            "p50_ms": round(p50), "p99_ms": round(p99), "mean_ms": round(mean),
            "floor_p50_ms": round(floor_p50), "floor_p99_ms": round(floor_p99),
            "floor_mean_ms": round(floor_mean),
            "ratio_p50": round(p50 / floor_p50), "ratio_mean": round(mean / floor_mean),
        })
    );
}

fn samples(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("a list of samples")
        .iter()
        .filter_map(Value::as_f64)
        .collect()
}

/// Main sends `ping`, the page answers `pong`: each round trip timed in main.
async fn async_round_trips(
    window: &BrowserWindow,
    pongs: &mut mpsc::UnboundedReceiver<(u32, u64)>,
) -> Vec<f64> {
    let contents = window.web_contents();
    let mut timings = Vec::with_capacity(ROUND_TRIPS);
    for i in 0..(WARM_UP + ROUND_TRIPS) as u64 {
        let started = Instant::now();
        contents.send("ping", (i,)).expect("sent");
        loop {
            let (from, n) = pongs.recv().await.expect("a pong");
            if from == window.id() && n == i {
                break;
            }
        }
        if i >= WARM_UP as u64 {
            timings.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    timings
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|arg| arg == "--test") {
        println!("isolation benchmarks run with `cargo bench -p cathode --bench isolation`");
        return;
    }
    let app = App::builder().headless(true).build();
    let ipc = app.ipc_main();
    ipc.handle("echo", |_event, n: u64| async move { Ok::<_, String>(n) })
        .expect("one handler");
    ipc.on("echo-sync", |event, n: u64| event.set_return_value(n));
    let (pong_tx, mut pongs) = mpsc::unbounded_channel();
    ipc.on("pong", move |event, n: u64| {
        let _ = pong_tx.send((event.window_id(), n));
    });
    let (results_tx, mut results) = mpsc::unbounded_channel();
    ipc.on("results", move |event, value: Value| {
        let _ = results_tx.send((event.window_id(), value));
    });
    let preload = write("preload.js", PAGE_SIDE);
    let plain_page = write("isolated.html", "<!doctype html><title>isolated</title>");
    let node_page = write(
        "node.html",
        &format!("<!doctype html><title>node</title><script>{PAGE_SIDE}</script>"),
    );
    let runner = app.clone();
    let run = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    tokio::time::timeout(Duration::from_secs(30), app.when_ready())
        .await
        .expect("the app is ready in time");
    let isolated = BrowserWindow::new(
        &app,
        WindowOptions {
            web_preferences: WebPreferences::default().preload(&preload),
            ..WindowOptions::default()
        },
    )
    .await
    .expect("a window");
    isolated.load_file(&plain_page).await.expect("loaded");
    let node = BrowserWindow::new(
        &app,
        WindowOptions {
            web_preferences: WebPreferences::node_integrated(),
            ..WindowOptions::default()
        },
    )
    .await
    .expect("a window");
    node.load_file(&node_page).await.expect("loaded");

    let mut timed = Vec::new();
    for window in [&isolated, &node] {
        window
            .web_contents()
            .send("run", (ROUND_TRIPS, WARM_UP))
            .expect("sent");
        let (from, value) = results.recv().await.expect("results");
        assert_eq!(from, window.id(), "results of the window asked");
        let round_trips = async_round_trips(window, &mut pongs).await;
        timed.push((
            samples(&value["invoke"]),
            samples(&value["sync"]),
            round_trips,
        ));
    }
    let (mut node_invoke, mut node_sync, mut node_async) = timed.pop().expect("node's");
    let (mut invoke, mut sync, mut round_trips) = timed.pop().expect("isolated's");
    report("invoke_round_trip", &mut invoke, &mut node_invoke);
    report("sync_round_trip", &mut sync, &mut node_sync);
    report("async_round_trip", &mut round_trips, &mut node_async);
    app.exit(0);
    let _ = run.await;
    let _ = std::fs::remove_dir_all(scratch());
}
