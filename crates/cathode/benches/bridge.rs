//! contextBridge benchmarks against real headless Chromium, each next to a plain call measured in
//! the same page, in the same run. Prints one JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench bridge`
//!
//! Every figure is per call, in microseconds, timed in the page over batches of calls (page
//! timers are coarsened to 0.1 ms); plain and bridged batches alternate, so that load from
//! elsewhere on the machine falls on both.
//!
//! - `bridged_sync_call`: the page calls a function a preload exposed (page -> isolated world ->
//!   return), against the page calling a function of its own.
//! - `bridged_async_call`: a preload function returning a promise (the promise crosses and
//!   settles from the other world), awaited, against a page function returning a resolved
//!   promise.
//! - `bridged_invoke`: page -> preload -> `ipcRenderer.invoke` -> main -> back, against a plain
//!   `ipcRenderer.invoke` from a node-integrated page of the same app (alternating windows).
//!
//! The bridged window is a real one: secure defaults with a preload, whose `contextBridge` and
//! `ipcRenderer` are cathode's own in its isolated world.

use std::path::PathBuf;

use cathode::{App, BrowserWindow, WebContents, WebPreferences, WindowOptions};
use serde_json::{json, Value};

#[path = "common/stats.rs"]
mod stats;
use stats::{round, stats};

const ROUNDS: usize = 40;
/// Calls per batch: (plain, bridged), so that each batch takes long enough to time.
const SYNC_BATCH: (usize, usize) = (200_000, 500);
const ASYNC_BATCH: (usize, usize) = (2_000, 200);
const INVOKE_BATCH: (usize, usize) = (50, 50);

/// The preload: what the page calls across the bridge.
const PRELOAD: &str = r#"
const { contextBridge, ipcRenderer } = require('electron');
contextBridge.exposeInMainWorld('bridged', {
  node: () => '20.18.0',
  later: (value) => Promise.resolve(value),
  invoke: (value) => ipcRenderer.invoke('echo-invoke', value),
});
"#;

/// The page: its own functions, and timers for batches and single awaited calls. In the
/// node-integrated window it also has `plainInvoke`.
const PAGE: &str = r#"
window.plainNode = () => '20.18.0';
window.plainLater = (value) => Promise.resolve(value);
if (typeof require === 'function') {
  const { ipcRenderer } = require('electron');
  window.plainInvoke = (value) => ipcRenderer.invoke('echo-invoke', value);
}
// Microseconds per call over one batch.
window.timeBatch = (call, size) => {
  let sink = '';
  const started = performance.now();
  for (let i = 0; i < size; i++) sink = call();
  const took = performance.now() - started;
  if (sink !== '20.18.0') throw new Error(`unexpected result ${sink}`);
  return (took * 1000) / size;
};
window.timeAwaitedBatch = async (call, size) => {
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    if ((await call(i)) !== i) throw new Error('unexpected result');
  }
  return ((performance.now() - started) * 1000) / size;
};
"#;

/// Prints one measurement against its plain counterpart.
fn report(name: &str, samples: &mut [f64], plain: &mut [f64]) {
    let (measured, base) = (stats(samples), stats(plain));
    let line = json!({
        "name": name,
        "batches": samples.len(),
        "p50_us": round(measured.p50),
        "p99_us": round(measured.p99),
        "mean_us": round(measured.mean),
        "plain_p50_us": round(base.p50),
        "plain_p99_us": round(base.p99),
        "plain_mean_us": round(base.mean),
        "ratio_p50": round(measured.p50 / base.p50),
    });
    println!("{line}");
}

/// Writes one of the bench's files into the temporary folder.
fn bench_file(name: &str, content: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cathode-bench-{}-{name}", std::process::id()));
    std::fs::write(&path, content).expect("bench file written");
    path
}

/// Per-call figures of `bridged` batches (in the isolated window) and `plain` ones (in `plain_in`),
/// alternating, after one warm-up round each.
async fn alternate(
    (plain_in, bridged_in): (&WebContents, &WebContents),
    (plain_size, bridged_size): (usize, usize),
    plain: &str,
    bridged: &str,
    batch: impl Fn(&str, usize) -> String,
) -> (Vec<f64>, Vec<f64>) {
    let (mut bridged_samples, mut plain_samples) = (Vec::new(), Vec::new());
    for round in 0..=ROUNDS {
        let plain_us = evaluate(plain_in, &batch(plain, plain_size)).await;
        let bridged_us = evaluate(bridged_in, &batch(bridged, bridged_size)).await;
        if round > 0 {
            plain_samples.push(plain_us.as_f64().expect("a figure"));
            bridged_samples.push(bridged_us.as_f64().expect("a figure"));
        }
    }
    (bridged_samples, plain_samples)
}

async fn evaluate(contents: &WebContents, code: &str) -> Value {
    contents
        .execute_javascript(code)
        .await
        .expect("page code runs")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!(
            "bridge benchmarks run with `cargo bench -p cathode --bench bridge`; nothing to test"
        );
        return;
    }
    let app = App::builder().headless(true).build();
    app.ipc_main()
        .handle("echo-invoke", |_event, value: Value| async move {
            Ok::<_, String>(value)
        })
        .expect("one handler");
    let page = bench_file(
        "bridge.html",
        &format!("<!doctype html><title>bridge bench</title><script>{PAGE}</script>"),
    );
    let preload = bench_file("bridge-preload.js", PRELOAD);
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let runner = app.clone();
    let run = tokio::spawn(async move {
        runner
            .run(|app| async move {
                let isolated = WindowOptions {
                    web_preferences: WebPreferences::default().preload(preload),
                    ..WindowOptions::default()
                };
                let bridged = BrowserWindow::new(&app, isolated).await?;
                bridged.load_file(&page).await?;
                let integrated = WindowOptions {
                    web_preferences: WebPreferences::node_integrated(),
                    ..WindowOptions::default()
                };
                let plain = BrowserWindow::new(&app, integrated).await?;
                plain.load_file(&page).await?;
                let _ = ready_tx.send((bridged.web_contents(), plain.web_contents()));
                Ok(())
            })
            .await
    });
    let (contents, integrated) = ready_rx.await.expect("windows ready");

    let sync_batch = |call: &str, size: usize| format!("timeBatch({call}, {size})");
    let (mut bridged, mut plain) = alternate(
        (&contents, &contents),
        SYNC_BATCH,
        "plainNode",
        "bridged.node",
        sync_batch,
    )
    .await;
    report("bridged_sync_call", &mut bridged, &mut plain);

    let awaited = |call: &str, size: usize| format!("timeAwaitedBatch({call}, {size})");
    let (mut bridged, mut plain) = alternate(
        (&contents, &contents),
        ASYNC_BATCH,
        "plainLater",
        "bridged.later",
        awaited,
    )
    .await;
    report("bridged_async_call", &mut bridged, &mut plain);

    let (mut bridged, mut plain) = alternate(
        (&integrated, &contents),
        INVOKE_BATCH,
        "plainInvoke",
        "bridged.invoke",
        awaited,
    )
    .await;
    report("bridged_invoke", &mut bridged, &mut plain);

    app.exit(0);
    let _ = run.await;
}
