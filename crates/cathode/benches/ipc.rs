//! IPC benchmarks against real headless Chromium, each next to the raw CDP floor measured in the
//! same run. Prints one JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench ipc`
//!
//! - `async_round_trip`: main `send`s, the page's listener sends back; timed in main. Floor:
//!   evaluate into a page that calls a bare binding.
//! - `sync_round_trip`, `invoke_round_trip`: timed in the page around each `sendSync` / `invoke`
//!   (page timers are coarsened to 0.1 ms, so `mean_ms` is printed too). Floors: a raw
//!   synchronous request paused and answered over `Fetch`, and a raw binding call answered by an
//!   evaluate.
//! - `remote_method_call`, `remote_property_get`: a remote object's method and property, timed
//!   in the page. Floor: the raw synchronous request above (one per call is the goal).
//! - `payload_1mib_{send,invoke,sync}`: the same paths carrying 1 MiB each way, with MB/s.
//! - `large_send_neighbour`: while a 16 MiB message goes to one window, async round trips to
//!   another window go on; prints the slowest of them next to the 16 MiB send's own time
//!   (`send` to the page's acknowledgement) and the round trip before. The pipe has one writer:
//!   a neighbour waits at most for the write in progress, so `during_max_ms` stays near
//!   `large_send_ms` or below it.
//! - `cold_start`: from `App::run` to the first `did-finish-load`. Floor: launch, open a page,
//!   navigate, load event.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, WebContents, WebPreferences, WindowOptions};
use cathode_cdp::protocol::{fetch, page, runtime, target};
use cathode_cdp::{find_browser, Browser, LaunchOptions, Session};
use cathode_remote::{RemoteExt, RemoteObjectBuilder, RemotePlugin};
use serde_json::{json, Value};
use tokio::sync::mpsc;

const ROUND_TRIPS: usize = 2000;
const WARM_UP: usize = 200;
const PAYLOAD_TRIPS: usize = 50;
const PAYLOAD_BYTES: usize = 1 << 20;
const COLD_STARTS: usize = 10;

/// Times `call` in the page, one sample per call, in milliseconds.
const TIME_CALLS: &str = r#"
window.timeCalls = async (call, count, warmUp, argument) => {
    const samples = [];
    for (let i = 0; i < warmUp + count; i++) {
        const started = performance.now();
        await call(argument === undefined ? i : argument);
        if (i >= warmUp) samples.push(performance.now() - started);
    }
    return samples;
};
"#;

/// The raw floor page: a bare binding answered by an evaluate, and a synchronous request
/// answered over `Fetch`, with no cathode layer in between.
const RAW_PAGE: &str = r#"
window.rawInvoke = (value) => new Promise((resolve) => {
    window.rawPending = resolve;
    rawInvokeBinding(JSON.stringify(value));
});
window.rawReply = (value) => window.rawPending(value);
window.rawSync = (value) => {
    const request = new XMLHttpRequest();
    request.open('POST', 'https://cathode.invalid/raw', false);
    request.send(JSON.stringify(value));
    return JSON.parse(request.responseText);
};
"#;

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

fn millis(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect()
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Prints one measurement; `bytes_per_trip` adds MB/s (both directions, at the p50).
fn report(name: &str, samples: &mut [f64], floor: &mut [f64], bytes_per_trip: Option<usize>) {
    let (measured, base) = (stats(samples), stats(floor));
    let mut line = json!({
        "name": name,
        "n": samples.len(),
        "p50_ms": round(measured.p50),
        "p99_ms": round(measured.p99),
        "mean_ms": round(measured.mean),
        "floor_p50_ms": round(base.p50),
        "floor_p99_ms": round(base.p99),
        "floor_mean_ms": round(base.mean),
        "ratio_p50": round(measured.p50 / base.p50),
        "ratio_mean": round(measured.mean / base.mean),
    });
    if let Some(bytes) = bytes_per_trip {
        let megabytes = 2.0 * bytes as f64 / 1e6;
        line["mb_per_s"] = json!(round(megabytes / (measured.p50 / 1000.0)));
        line["floor_mb_per_s"] = json!(round(megabytes / (base.p50 / 1000.0)));
    }
    println!("{line}");
}

fn write_page(name: &str, script: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cathode-bench-{}-{name}", std::process::id()));
    std::fs::write(
        &path,
        format!("<!doctype html><title>bench</title><script>{script}{TIME_CALLS}</script>"),
    )
    .expect("bench page written");
    path
}

fn cathode_page() -> PathBuf {
    write_page(
        "cathode.html",
        "const { ipcRenderer } = require('electron');
         ipcRenderer.on('ping', (event, value) => ipcRenderer.send('pong', value));
         window.cathodeSync = (value) => ipcRenderer.sendSync('echo-sync', value);
         window.cathodeInvoke = (value) => ipcRenderer.invoke('echo-invoke', value);
         window.benchObject = () => require('electron').remote.getGlobal('bench');
         ipcRenderer.on('big', (event, text) => ipcRenderer.send('big-ack', text.length));
         ipcRenderer.on('neighbour-ping', (event, n) => ipcRenderer.send('neighbour-pong', n));",
    )
}

fn raw_browser() -> Browser {
    Browser::launch(LaunchOptions {
        executable: find_browser(None).expect("a browser (scripts/install-deps.sh)"),
        headless: true,
        ..LaunchOptions::default()
    })
    .expect("browser starts")
}

async fn raw_page(browser: &Browser) -> Session {
    let root = browser.connection().browser_session();
    let created = root
        .call(&target::CreateTarget {
            url: "about:blank".into(),
            ..Default::default()
        })
        .await
        .expect("createTarget");
    browser
        .connection()
        .attach(&created.target_id)
        .await
        .expect("attach")
}

/// The floor: a page driven over bare CDP. A task answers its requests; bare binding calls come
/// out of `bare_calls`.
struct RawPage {
    _browser: Browser,
    session: Session,
    bare_calls: mpsc::UnboundedReceiver<String>,
}

impl RawPage {
    async fn start() -> RawPage {
        let browser = raw_browser();
        let session = raw_page(&browser).await;
        let mut events = session.events();
        session
            .call(&runtime::Enable {})
            .await
            .expect("Runtime.enable");
        for name in ["bare", "rawInvokeBinding"] {
            session
                .call(&runtime::AddBinding {
                    name: name.into(),
                    execution_context_name: None,
                })
                .await
                .expect("addBinding");
        }
        session
            .call(&fetch::Enable {
                patterns: vec![fetch::RequestPattern {
                    url_pattern: "https://cathode.invalid/raw*".into(),
                    request_stage: "Request".into(),
                    resource_type: None,
                }],
            })
            .await
            .expect("Fetch.enable");
        let (tx, bare_calls) = mpsc::unbounded_channel();
        let answering = session.clone();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let Some(Ok(call)) = event.parse::<runtime::BindingCalled>() {
                    if call.name == "bare" {
                        let _ = tx.send(call.payload);
                    } else {
                        let reply = runtime::Evaluate::new(format!("rawReply({})", call.payload));
                        let _ = answering.call_detached(&reply, |_| {});
                    }
                } else if let Some(Ok(paused)) = event.parse::<fetch::RequestPaused>() {
                    let body = paused.request.post_data.unwrap_or_default();
                    let answer = fetch::FulfillRequest {
                        request_id: paused.request_id,
                        response_code: 200,
                        response_headers: vec![fetch::HeaderEntry {
                            name: "Access-Control-Allow-Origin".into(),
                            value: "*".into(),
                        }],
                        body: cathode_cdp::base64::encode(body.as_bytes()),
                    };
                    let _ = answering.call_detached(&answer, |_| {});
                }
            }
        });
        let url = format!("file://{}", write_page("raw.html", RAW_PAGE).display());
        let raw = RawPage {
            _browser: browser,
            session,
            bare_calls,
        };
        raw.session
            .call(&page::Navigate::new(url))
            .await
            .expect("navigate");
        // The page is ready once its functions exist.
        while raw.evaluate("typeof timeCalls").await != json!("function") {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        raw
    }

    async fn evaluate(&self, code: &str) -> Value {
        let answer = self
            .session
            .call(&runtime::Evaluate {
                expression: code.into(),
                return_by_value: true,
                await_promise: true,
                ..runtime::Evaluate::default()
            })
            .await
            .expect("evaluate");
        answer.result.value.unwrap_or(Value::Null)
    }

    /// Evaluate into the page, which calls a bare binding with `argument`; wait for its event.
    async fn bare_round_trips(
        &mut self,
        count: usize,
        warm_up: usize,
        argument: &str,
    ) -> Vec<Duration> {
        let mut samples = Vec::with_capacity(count);
        for n in 0..warm_up + count {
            let start = Instant::now();
            let call = runtime::Evaluate::new(format!("bare({argument})"));
            self.session
                .call_detached(&call, |_| {})
                .expect("evaluate sent");
            self.bare_calls.recv().await.expect("binding called");
            if n >= warm_up {
                samples.push(start.elapsed());
            }
        }
        samples
    }
}

/// cathode: an app with echo handlers and one window on the bench page.
struct CathodePage {
    app: App,
    contents: WebContents,
    pongs: mpsc::UnboundedReceiver<Value>,
    run: tokio::task::JoinHandle<cathode::Result<i32>>,
}

impl CathodePage {
    async fn start() -> CathodePage {
        let app = App::builder().headless(true).plugin(RemotePlugin).build();
        let (tx, pongs) = mpsc::unbounded_channel();
        let ipc = app.ipc_main();
        ipc.on("pong", move |_event, value: Value| {
            tx.send(value).expect("bench alive")
        });
        ipc.on_sync("echo-sync", |_event, value: Value| Ok::<_, String>(value));
        ipc.handle("echo-invoke", |_event, value: Value| async move {
            Ok::<_, String>(value)
        })
        .expect("one handler");
        app.remote().set_global(
            "bench",
            RemoteObjectBuilder::new("Bench")
                .method("echo", |value: Value| Ok::<_, String>(value))
                .property("value", || 42)
                .build(),
        );
        let page = cathode_page();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let runner = app.clone();
        let run = tokio::spawn(async move {
            runner
                .run(|app| async move {
                    let options = WindowOptions {
                        web_preferences: WebPreferences {
                            enable_remote_module: true,
                            ..WebPreferences::node_integrated()
                        },
                        ..WindowOptions::default()
                    };
                    let window = BrowserWindow::new(&app, options).await?;
                    window.load_file(&page).await?;
                    let _ = ready_tx.send(window.web_contents());
                    Ok(())
                })
                .await
        });
        let contents = ready_rx.await.expect("window ready");
        CathodePage {
            app,
            contents,
            pongs,
            run,
        }
    }

    async fn evaluate(&self, code: &str) -> Value {
        self.contents
            .execute_javascript(code)
            .await
            .expect("page code runs")
    }

    async fn send_round_trips(
        &mut self,
        count: usize,
        warm_up: usize,
        payload: Value,
    ) -> Vec<Duration> {
        let mut samples = Vec::with_capacity(count);
        for n in 0..warm_up + count {
            let start = Instant::now();
            let value = if payload.is_null() {
                json!(n)
            } else {
                payload.clone()
            };
            self.contents.send("ping", (value,)).expect("send");
            self.pongs.recv().await.expect("pong");
            if n >= warm_up {
                samples.push(start.elapsed());
            }
        }
        samples
    }

    async fn stop(self) {
        self.app.exit(0);
        self.run.await.expect("run").expect("run ok");
    }
}

/// Async round trips to a second window while 16 MiB go to the first (see the module doc).
async fn large_send_neighbour(cathode: &CathodePage) {
    const LARGE: usize = 16 << 20;
    let ipc = cathode.app.ipc_main();
    let (ack_tx, mut acks) = mpsc::unbounded_channel();
    ipc.on("big-ack", move |_event, length: usize| {
        ack_tx.send(length).expect("bench alive")
    });
    let (pong_tx, mut pongs) = mpsc::unbounded_channel();
    ipc.on("neighbour-pong", move |_event, n: u64| {
        pong_tx.send(n).expect("bench alive")
    });
    let neighbour = BrowserWindow::new(&cathode.app, node_window())
        .await
        .expect("a second window");
    neighbour
        .load_file(cathode_page())
        .await
        .expect("bench page loads");
    let neighbour = neighbour.web_contents();
    let round_trip = |n: u64| {
        let start = Instant::now();
        neighbour.send("neighbour-ping", n).expect("send");
        start
    };
    let mut baseline = Vec::new();
    for n in 0..200 {
        let start = round_trip(n);
        pongs.recv().await.expect("pong");
        baseline.push(start.elapsed());
    }
    let text = "x".repeat(LARGE);
    let mut alone = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        cathode
            .contents
            .send("big", text.as_str())
            .expect("16 MiB send");
        acks.recv().await.expect("ack");
        alone.push(start.elapsed());
    }
    let mut during = Vec::new();
    for _ in 0..3 {
        cathode
            .contents
            .send("big", text.as_str())
            .expect("16 MiB send");
        let mut n = 0;
        loop {
            let start = round_trip(n);
            tokio::select! {
                _ = acks.recv() => { pongs.recv().await.expect("pong"); during.push(start.elapsed()); break; }
                _ = pongs.recv() => during.push(start.elapsed()),
            }
            n += 1;
        }
    }
    let baseline = stats(&mut millis(&baseline));
    let alone = stats(&mut millis(&alone));
    let mut during = millis(&during);
    let during_max = during.iter().copied().fold(0.0, f64::max);
    let during = stats(&mut during);
    println!(
        "{}",
        json!({
            "name": "large_send_neighbour",
            "neighbour_round_trip_before_median_ms": round(baseline.p50),
            "neighbour_round_trip_during_max_ms": round(during_max),
            "neighbour_round_trip_during_median_ms": round(during.p50),
            "large_send_median_ms": round(alone.p50),
            "during_max_over_large_send": round(during_max / alone.p50),
        })
    );
}

fn page_samples(value: Value) -> Vec<f64> {
    value
        .as_array()
        .expect("samples")
        .iter()
        .map(|sample| sample.as_f64().expect("a number"))
        .collect()
}

/// The floor: launch, open a page, navigate, wait for its load event.
async fn raw_cold_start(page_url: &str) -> Duration {
    let start = Instant::now();
    let browser = raw_browser();
    let page_session = raw_page(&browser).await;
    let mut events = page_session.events();
    page_session
        .call(&page::Enable {})
        .await
        .expect("Page.enable");
    page_session
        .call(&page::Navigate::new(page_url))
        .await
        .expect("navigate");
    while let Some(event) = events.recv().await {
        if event.method == "Page.loadEventFired" {
            break;
        }
    }
    start.elapsed()
}

/// cathode: from `App::run` to the first `did-finish-load` of a window's page.
async fn cathode_cold_start(page: PathBuf) -> Duration {
    let start = Instant::now();
    let app = App::builder().headless(true).build();
    let code = app
        .run(|app| async move {
            let window = BrowserWindow::new(&app, node_window()).await?;
            let finished = app.clone();
            window
                .web_contents()
                .on_did_finish_load(move || finished.exit(0));
            window.load_file(&page).await?;
            Ok(())
        })
        .await
        .expect("run");
    assert_eq!(code, 0);
    start.elapsed()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("ipc benchmarks run with `cargo bench -p cathode --bench ipc`; nothing to test");
        return;
    }
    let mut raw = RawPage::start().await;
    let mut cathode = CathodePage::start().await;
    let payload = "x".repeat(PAYLOAD_BYTES);

    let mut floor = millis(&raw.bare_round_trips(ROUND_TRIPS, WARM_UP, "'0'").await);
    let mut measured = millis(
        &cathode
            .send_round_trips(ROUND_TRIPS, WARM_UP, Value::Null)
            .await,
    );
    report("async_round_trip", &mut measured, &mut floor, None);

    let timed = |call: &str, count: usize, argument: &str| {
        format!(
            "timeCalls({call}, {count}, {}, {argument})",
            WARM_UP.min(count)
        )
    };
    let mut floor = page_samples(
        raw.evaluate(&timed("rawSync", ROUND_TRIPS, "undefined"))
            .await,
    );
    let mut measured = page_samples(
        cathode
            .evaluate(&timed("cathodeSync", ROUND_TRIPS, "undefined"))
            .await,
    );
    report("sync_round_trip", &mut measured, &mut floor, None);

    let mut floor = page_samples(
        raw.evaluate(&timed("rawInvoke", ROUND_TRIPS, "undefined"))
            .await,
    );
    let mut measured = page_samples(
        cathode
            .evaluate(&timed("cathodeInvoke", ROUND_TRIPS, "undefined"))
            .await,
    );
    report("invoke_round_trip", &mut measured, &mut floor, None);

    let mut floor = page_samples(
        raw.evaluate(&timed("rawSync", ROUND_TRIPS, "undefined"))
            .await,
    );
    cathode.evaluate("window.bench = benchObject(); 0").await;
    let mut measured = page_samples(
        cathode
            .evaluate(&timed("(n) => bench.echo(n)", ROUND_TRIPS, "undefined"))
            .await,
    );
    report("remote_method_call", &mut measured, &mut floor, None);
    let mut measured = page_samples(
        cathode
            .evaluate(&timed("() => bench.value", ROUND_TRIPS, "undefined"))
            .await,
    );
    report("remote_property_get", &mut measured, &mut floor, None);

    let literal = serde_json::to_string(&payload).expect("a string encodes");
    let mut floor = millis(&raw.bare_round_trips(PAYLOAD_TRIPS, 5, &literal).await);
    let mut measured = millis(
        &cathode
            .send_round_trips(PAYLOAD_TRIPS, 5, Value::String(payload.clone()))
            .await,
    );
    report(
        "payload_1mib_send",
        &mut measured,
        &mut floor,
        Some(PAYLOAD_BYTES),
    );

    let big = format!("'x'.repeat({PAYLOAD_BYTES})");
    for (name, raw_call, cathode_call) in [
        ("payload_1mib_invoke", "rawInvoke", "cathodeInvoke"),
        ("payload_1mib_sync", "rawSync", "cathodeSync"),
    ] {
        let mut floor = page_samples(raw.evaluate(&timed(raw_call, PAYLOAD_TRIPS, &big)).await);
        let mut measured = page_samples(
            cathode
                .evaluate(&timed(cathode_call, PAYLOAD_TRIPS, &big))
                .await,
        );
        report(name, &mut measured, &mut floor, Some(PAYLOAD_BYTES));
    }
    large_send_neighbour(&cathode).await;
    cathode.stop().await;
    drop(raw);

    let page = cathode_page();
    let page_url = format!("file://{}", page.display());
    let mut floor = Vec::new();
    let mut measured = Vec::new();
    for _ in 0..COLD_STARTS {
        floor.push(raw_cold_start(&page_url).await);
        measured.push(cathode_cold_start(page.clone()).await);
    }
    report(
        "cold_start",
        &mut millis(&measured),
        &mut millis(&floor),
        None,
    );
    for name in ["cathode.html", "raw.html"] {
        let _ = std::fs::remove_file(
            std::env::temp_dir().join(format!("cathode-bench-{}-{name}", std::process::id())),
        );
    }
}

/// Options for a window whose page uses `require('electron')` itself.
fn node_window() -> WindowOptions {
    WindowOptions {
        web_preferences: WebPreferences::node_integrated(),
        ..WindowOptions::default()
    }
}
