//! What cathode's `window.open` guard costs a page, against real headless Chromium. Prints one
//! JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench window_open`
//!
//! - `window_open_denied`: the page calls `window.open` and main's window-open handler denies
//!   it, so the call returns `null` (the page waits for main's answer to its synchronous
//!   question). Timed in the page, call by call (page timers are coarsened to 0.1 ms, so
//!   `mean_ms` is printed too).
//! - `floor_refused_question`: the same synchronous request with a body main refuses at once,
//!   timed the same way: the transport alone, without reading the call or running the handler.

use cathode::{App, BrowserWindow, WindowOpenAction, WindowOptions};
use serde_json::{json, Value};

#[path = "common/stats.rs"]
mod stats;
use stats::{round, stats};

const CALLS: usize = 1000;
const WARM_UP: usize = 100;

/// Times `call` in the page `CALLS + WARM_UP` times; the samples after the warm-up, in ms.
fn timed(call: &str) -> String {
    format!(
        "(() => {{ const samples = []; \
         for (let i = 0; i < {total}; i++) {{ const t = performance.now(); {call}; \
         if (i >= {WARM_UP}) samples.push(performance.now() - t); }} \
         return samples; }})()",
        total = CALLS + WARM_UP
    )
}

fn samples(value: Value) -> Vec<f64> {
    value
        .as_array()
        .expect("an array of samples")
        .iter()
        .map(|sample| sample.as_f64().expect("a number"))
        .collect()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("run with `cargo bench -p cathode --bench window_open`; nothing to test");
        return;
    }
    let app = App::builder().headless(true).build();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let runner = app.clone();
    let run = tokio::spawn(async move {
        runner
            .run(|app| async move {
                let window = BrowserWindow::new(&app, WindowOptions::default())
                    .await
                    .expect("a window");
                let _ = ready_tx.send(window);
                Ok(())
            })
            .await
    });
    let window = ready_rx.await.expect("window ready");
    window
        .load_url("data:text/html,<!doctype html><title>bench</title>")
        .await
        .expect("a page");
    let contents = window.web_contents();
    contents.set_window_open_handler(|_| async { WindowOpenAction::Deny });
    let refused = "const r = new XMLHttpRequest(); \
                   r.open('POST', 'https://cathode.invalid/open/', false); r.send('{}')";
    let denied = "if (window.open('https://example.invalid/', '_blank', 'popup') !== null) \
                  throw new Error('not denied')";
    for (name, call) in [
        ("floor_refused_question", refused),
        ("window_open_denied", denied),
    ] {
        let value = contents
            .execute_javascript(&timed(call))
            .await
            .expect("page code runs");
        let mut samples = samples(value);
        let figures = stats(&mut samples);
        let line = json!({
            "bench": name,
            "calls": samples.len(),
            "p50_ms": round(figures.p50),
            "p99_ms": round(figures.p99),
            "mean_ms": round(figures.mean),
        });
        println!("{line}");
    }
    app.exit(0);
    run.await.expect("run").expect("run ok");
}
