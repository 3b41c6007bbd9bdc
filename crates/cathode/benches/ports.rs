//! MessagePort benchmarks against real headless Chromium, each next to the async IPC round trip
//! of the same run (the `floor_*` fields). Prints one JSON object per line, in the format of
//! `benches/ipc.rs`; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench ports`
//!
//! - `message_port_round_trip_main_page`: main posts on its end of a `MessageChannelMain`, the
//!   page's `MessagePort` echoes, main's `on_message` hears it; timed in main. Beside it: main
//!   `send`s, the page's listener `ipcRenderer.send`s back (`async_round_trip` of `ipc.rs`).
//! - `message_port_round_trip_page_page`: page A posts on its port, page B (the other end)
//!   echoes; timed in page A (page timers are coarsened to 0.1 ms, so `mean_ms` is printed too).
//!   Both pages are `file://` ones, so they talk on the direct path, main off it. Beside it:
//!   page A `ipcRenderer.send`s, main's listener `event.reply`s, timed in page A.
//! - `message_port_round_trip_page_page_webrtc`: the same with page B served from a loopback
//!   HTTP server, another origin, so the two pages talk on a WebRTC data channel.

use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, MessageChannelMain, WebContents, WindowOptions};
use serde_json::{json, Value};
use tokio::sync::mpsc;

#[path = "common/stats.rs"]
mod stats;
use stats::{round, stats};

const ROUND_TRIPS: usize = 2000;
const WARM_UP: usize = 200;

/// Both windows' page: echoes on the port main gives it and on `ping`; times round trips.
const PAGE: &str = r#"
const { ipcRenderer } = require('electron');
ipcRenderer.on('ping', (event, n) => ipcRenderer.send('pong', n));
ipcRenderer.on('port', (event, role) => {
    window.port = event.ports[0];
    window.role = role;
    window.port.onmessage = ({ data }) => {
        if (window.waiting) {
            const resolve = window.waiting;
            window.waiting = null;
            resolve(data);
        } else {
            window.port.postMessage(data);
        }
    };
});
ipcRenderer.on('echo', (event, n) => window.waiting?.(n));
window.next = () => new Promise((resolve) => { window.waiting = resolve; });
window.timeCalls = async (call, count, warmUp) => {
    const samples = [];
    for (let i = 0; i < warmUp + count; i++) {
        const started = performance.now();
        await call(i);
        if (i >= warmUp) samples.push(performance.now() - started);
    }
    return samples;
};
window.portTrip = (n) => { const answer = window.next(); window.port.postMessage(n); return answer; };
window.ipcTrip = (n) => { const answer = window.next(); ipcRenderer.send('echo', n); return answer; };
"#;

fn millis(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect()
}

/// Prints one measurement beside its floor, as `benches/ipc.rs` does.
fn report(name: &str, floor_name: &str, samples: &mut [f64], floor: &mut [f64]) {
    let (measured, base) = (stats(samples), stats(floor));
    let line = json!({
        "name": name,
        "n": samples.len(),
        "p50_ms": round(measured.p50),
        "p99_ms": round(measured.p99),
        "mean_ms": round(measured.mean),
        "floor": floor_name,
        "floor_p50_ms": round(base.p50),
        "floor_p99_ms": round(base.p99),
        "floor_mean_ms": round(base.mean),
        "ratio_p50": round(measured.p50 / base.p50),
        "ratio_mean": round(measured.mean / base.mean),
    });
    println!("{line}");
}

fn page_samples(value: Value) -> Vec<f64> {
    value
        .as_array()
        .expect("samples")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect()
}

async fn window(app: &App, url: &str) -> WebContents {
    let options = WindowOptions {
        web_preferences: cathode::WebPreferences::node_integrated(),
        ..WindowOptions::default()
    };
    let window = BrowserWindow::new(app, options).await.expect("a window");
    window.load_url(url).await.expect("the page loads");
    window.web_contents()
}

/// Serves `html` at every path of a loopback HTTP server, until the process ends; returns its
/// URL.
fn serve(html: String) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("the port's address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(&mut stream);
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
                html.len()
            );
        }
    });
    format!("http://{address}/")
}

/// Hands the two ends of a new channel to `a` and `b`; waits until both talk on the direct
/// path.
async fn pair(a: &WebContents, b: &WebContents) {
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    a.post_message_with_ports("port", "a", vec![port1])
        .expect("port sent");
    b.post_message_with_ports("port", "b", vec![port2])
        .expect("port sent");
    while a.ports_talking_directly() != 1 || b.ports_talking_directly() != 1 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
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
            "port benchmarks run with `cargo bench -p cathode --bench ports`; nothing to test"
        );
        return;
    }
    let page =
        std::env::temp_dir().join(format!("cathode-bench-{}-ports.html", std::process::id()));
    let html = format!("<!doctype html><title>bench</title><script>{PAGE}</script>");
    std::fs::write(&page, &html).expect("page written");
    let file_url = format!("file://{}", page.display());
    let http_url = serve(html);
    let app = App::builder().headless(true).build();
    let (pong_tx, mut pongs) = mpsc::unbounded_channel::<Value>();
    let ipc = app.ipc_main();
    ipc.on("pong", move |_event, n: Value| {
        pong_tx.send(n).expect("bench alive")
    });
    ipc.on("echo", |event, n: Value| event.reply("echo", (n,)));
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let runner = app.clone();
    let run = tokio::spawn(async move {
        runner
            .run(|app| async move {
                let a = window(&app, &file_url).await;
                let b = window(&app, &file_url).await;
                let c = window(&app, &http_url).await;
                let _ = ready_tx.send((a, b, c, page));
                Ok(())
            })
            .await
    });
    let (a, b, c, page) = ready_rx.await.expect("windows ready");

    // main <-> page
    let mut floor = Vec::with_capacity(ROUND_TRIPS);
    for n in 0..WARM_UP + ROUND_TRIPS {
        let start = Instant::now();
        a.send("ping", (n,)).expect("send");
        pongs.recv().await.expect("pong");
        if n >= WARM_UP {
            floor.push(start.elapsed());
        }
    }
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    let (echo_tx, mut echoes) = mpsc::unbounded_channel::<()>();
    port1.on_message(move |_| echo_tx.send(()).expect("bench alive"));
    port1.start();
    a.post_message_with_ports("port", "main", vec![port2])
        .expect("port sent");
    let mut measured = Vec::with_capacity(ROUND_TRIPS);
    for n in 0..WARM_UP + ROUND_TRIPS {
        let start = Instant::now();
        port1.post_message(n, Vec::new()).expect("posted");
        echoes.recv().await.expect("echo");
        if n >= WARM_UP {
            measured.push(start.elapsed());
        }
    }
    report(
        "message_port_round_trip_main_page",
        "async_round_trip",
        &mut millis(&measured),
        &mut millis(&floor),
    );
    port1.close();

    // page <-> page, on one origin, then the other page of another origin
    let timed = |call: &str| format!("timeCalls({call}, {ROUND_TRIPS}, {WARM_UP})");
    for (name, other) in [
        ("message_port_round_trip_page_page", &b),
        ("message_port_round_trip_page_page_webrtc", &c),
    ] {
        pair(&a, other).await;
        let mut floor = page_samples(evaluate(&a, &timed("ipcTrip")).await);
        let mut measured = page_samples(evaluate(&a, &timed("portTrip")).await);
        report(
            name,
            "async_round_trip_page_timed",
            &mut measured,
            &mut floor,
        );
        evaluate(&a, "window.port.close(); true").await;
    }

    app.exit(0);
    run.await.expect("run").expect("run ok");
    let _ = std::fs::remove_file(page);
}
