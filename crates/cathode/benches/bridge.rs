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
//!   `ipcRenderer.invoke` from a node-integrated page. Until the isolated world has an
//!   `ipcRenderer` of its own, the preload reaches the page's through a function the page passed
//!   over the bridge, which adds two crossings (the callback and its promise): an upper bound, as
//!   the printed `note` says.

use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;

use cathode::{App, BrowserWindow, Plugin, RendererScript, WebContents, WebPreferences};
use serde_json::{json, Value};

const BRIDGE_MAIN: &str = include_str!("../src/renderer/bridge_main.js");
const BRIDGE_ISOLATED: &str = include_str!("../src/renderer/bridge_isolated.js");

const ROUNDS: usize = 40;
/// Calls per batch: (plain, bridged), so that each batch takes long enough to time.
const SYNC_BATCH: (usize, usize) = (200_000, 500);
const ASYNC_BATCH: (usize, usize) = (2_000, 200);
const INVOKE_BATCH: (usize, usize) = (50, 50);

/// The preload: what the page calls across the bridge.
const PRELOAD: &str = r#"
let invokeThroughPage = null;
contextBridge.exposeInMainWorld('bridged', {
  node: () => '20.18.0',
  later: (value) => Promise.resolve(value),
  useInvoke: (invoke) => { invokeThroughPage = invoke; },
  invoke: (value) => invokeThroughPage(value),
});
"#;

/// The page: its own functions, and timers for batches and single awaited calls.
const PAGE: &str = r#"
const { ipcRenderer } = require('electron');
window.plainNode = () => '20.18.0';
window.plainLater = (value) => Promise.resolve(value);
window.plainInvoke = (value) => ipcRenderer.invoke('echo-invoke', value);
bridged.useInvoke((value) => ipcRenderer.invoke('echo-invoke', value));
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

/// Installs the bridge as main will: the main-world stub, then the preload's isolated world.
struct Bridge;

impl Plugin for Bridge {
    fn name(&self) -> &str {
        "bridge-bench"
    }

    fn renderer_scripts(&self, _preferences: &WebPreferences) -> Vec<RendererScript> {
        let channel = format!("cathode-bridge-{:016x}", RandomState::new().hash_one(0u8));
        let stub = json!({"channel": channel, "side": "page"});
        let config = json!({"main": channel, "worlds": {}});
        vec![
            RendererScript::Document {
                source: format!("({BRIDGE_MAIN})({stub});"),
                world: None,
            },
            RendererScript::Document {
                source: format!(
                    "(() => {{ const contextBridge = ({BRIDGE_ISOLATED})({config}, {BRIDGE_MAIN}, []);\n{PRELOAD}\n}})();"
                ),
                world: Some("bridge-bench-preload".into()),
            },
        ]
    }
}

struct Stats {
    p50: f64,
    p99: f64,
    mean: f64,
}

fn stats(samples: &mut [f64]) -> Stats {
    samples.sort_by(f64::total_cmp);
    let at = |fraction: f64| samples[((samples.len() as f64 - 1.0) * fraction).round() as usize];
    Stats {
        p50: at(0.5),
        p99: at(0.99),
        mean: samples.iter().sum::<f64>() / samples.len() as f64,
    }
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Prints one measurement against its plain counterpart.
fn report(name: &str, samples: &mut [f64], plain: &mut [f64], note: Option<&str>) {
    let (measured, base) = (stats(samples), stats(plain));
    let mut line = json!({
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
    if let Some(note) = note {
        line["note"] = json!(note);
    }
    println!("{line}");
}

fn page_file() -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("cathode-bench-{}-bridge.html", std::process::id()));
    std::fs::write(
        &path,
        format!("<!doctype html><title>bridge bench</title><script>{PAGE}</script>"),
    )
    .expect("bench page written");
    path
}

/// Per-call figures of `bridged` and `plain` batches, alternating, after one warm-up round each.
async fn alternate(
    contents: &WebContents,
    (plain_size, bridged_size): (usize, usize),
    plain: &str,
    bridged: &str,
    batch: impl Fn(&str, usize) -> String,
) -> (Vec<f64>, Vec<f64>) {
    let (mut bridged_samples, mut plain_samples) = (Vec::new(), Vec::new());
    for round in 0..=ROUNDS {
        let plain_us = evaluate(contents, &batch(plain, plain_size)).await;
        let bridged_us = evaluate(contents, &batch(bridged, bridged_size)).await;
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
    let app = App::builder().headless(true).plugin(Bridge).build();
    app.ipc_main()
        .handle("echo-invoke", |_event, value: Value| async move {
            Ok::<_, String>(value)
        })
        .expect("one handler");
    let page = page_file();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let runner = app.clone();
    let run = tokio::spawn(async move {
        runner
            .run(|app| async move {
                let window = BrowserWindow::new(&app, Default::default()).await?;
                window.load_file(&page).await?;
                let _ = ready_tx.send(window.web_contents());
                Ok(())
            })
            .await
    });
    let contents = ready_rx.await.expect("window ready");

    let sync_batch = |call: &str, size: usize| format!("timeBatch({call}, {size})");
    let (mut bridged, mut plain) = alternate(
        &contents,
        SYNC_BATCH,
        "plainNode",
        "bridged.node",
        sync_batch,
    )
    .await;
    report("bridged_sync_call", &mut bridged, &mut plain, None);

    let awaited = |call: &str, size: usize| format!("timeAwaitedBatch({call}, {size})");
    let (mut bridged, mut plain) = alternate(
        &contents,
        ASYNC_BATCH,
        "plainLater",
        "bridged.later",
        awaited,
    )
    .await;
    report("bridged_async_call", &mut bridged, &mut plain, None);

    let (mut bridged, mut plain) = alternate(
        &contents,
        INVOKE_BATCH,
        "plainInvoke",
        "bridged.invoke",
        awaited,
    )
    .await;
    report(
        "bridged_invoke",
        &mut bridged,
        &mut plain,
        Some("upper bound: the preload reaches ipcRenderer through a page callback (two extra crossings) until the isolated world has its own"),
    );

    app.exit(0);
    let _ = run.await;
}
