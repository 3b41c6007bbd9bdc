//! IPC benchmarks against real headless Chromium, each next to the raw CDP floor measured in the
//! same run. Prints one JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench ipc`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, WindowOptions};
use cathode_cdp::protocol::{page, runtime, target};
use cathode_cdp::{find_browser, Browser, LaunchOptions, Session};
use tokio::sync::mpsc;

const ROUND_TRIPS: usize = 2000;
const WARM_UP: usize = 200;
const COLD_STARTS: usize = 10;

fn percentile(samples: &mut [Duration], fraction: f64) -> f64 {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * fraction).round() as usize;
    samples[index].as_secs_f64() * 1000.0
}

fn report(name: &str, samples: &mut [Duration], floor: &mut [Duration]) {
    let p50 = percentile(samples, 0.5);
    let p99 = percentile(samples, 0.99);
    let floor_p50 = percentile(floor, 0.5);
    let floor_p99 = percentile(floor, 0.99);
    println!(
        "{}",
        serde_json::json!({
            "name": name,
            "n": samples.len(),
            "p50_ms": round(p50),
            "p99_ms": round(p99),
            "floor_p50_ms": round(floor_p50),
            "floor_p99_ms": round(floor_p99),
            "ratio_p50": round(p50 / floor_p50),
        })
    );
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn page_file() -> PathBuf {
    let path = std::env::temp_dir().join(format!("cathode-bench-{}.html", std::process::id()));
    std::fs::write(
        &path,
        "<!doctype html><title>bench</title><script>\
         const { ipcRenderer } = require('electron');\
         ipcRenderer.on('ping', (event, n) => ipcRenderer.send('pong', n));\
         </script>",
    )
    .expect("bench page written");
    path
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
    let attached = root
        .call(&target::AttachToTarget {
            target_id: created.target_id,
            flatten: true,
        })
        .await
        .expect("attach");
    browser.connection().session(&attached.session_id)
}

/// The floor: evaluate into the page, which calls a bare binding; wait for its event.
async fn raw_round_trips(count: usize) -> Vec<Duration> {
    let browser = raw_browser();
    let page = raw_page(&browser).await;
    let mut events = page.events();
    page.call(&runtime::Enable {})
        .await
        .expect("Runtime.enable");
    page.call(&runtime::AddBinding {
        name: "bare".into(),
        execution_context_name: None,
    })
    .await
    .expect("addBinding");
    let mut samples = Vec::with_capacity(count);
    for n in 0..WARM_UP + count {
        let start = Instant::now();
        page.call_detached(&runtime::Evaluate::new(format!("bare('{n}')")), |_| {})
            .expect("evaluate sent");
        loop {
            let event = events.recv().await.expect("events");
            if let Some(Ok(call)) = event.parse::<runtime::BindingCalled>() {
                assert_eq!(call.payload, n.to_string());
                break;
            }
        }
        if n >= WARM_UP {
            samples.push(start.elapsed());
        }
    }
    samples
}

/// cathode: `WebContents::send` to the page, whose `ipcRenderer` listener sends back.
async fn cathode_round_trips(count: usize) -> Vec<Duration> {
    let app = App::builder().headless(true).build();
    let (tx, mut pongs) = mpsc::unbounded_channel();
    app.ipc_main().on("pong", move |_event, n: usize| {
        tx.send(n).expect("bench alive")
    });
    let page = page_file();
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    let runner = app.clone();
    let run = tokio::spawn(async move {
        runner
            .run(|app| async move {
                let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
                window.load_file(&page).await?;
                let _ = done_tx.send(window);
                Ok::<_, cathode::Error>(())
            })
            .await
    });
    let window = done_rx.await.expect("window ready");
    let contents = window.web_contents();
    let mut samples = Vec::with_capacity(count);
    for n in 0..WARM_UP + count {
        let start = Instant::now();
        contents.send("ping", (n,)).expect("send");
        assert_eq!(pongs.recv().await, Some(n));
        if n >= WARM_UP {
            samples.push(start.elapsed());
        }
    }
    app.exit(0);
    run.await.expect("run").expect("run ok");
    samples
}

/// The floor: launch, open a page, navigate, wait for its load event.
async fn raw_cold_start() -> Duration {
    let page_url = format!("file://{}", page_file().display());
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
async fn cathode_cold_start() -> Duration {
    let page = page_file();
    let start = Instant::now();
    let app = App::builder().headless(true).build();
    let code = app
        .run(|app| async move {
            let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
            let finished = app.clone();
            window
                .web_contents()
                .on_did_finish_load(move || finished.exit(0));
            window.load_file(&page).await?;
            Ok::<_, cathode::Error>(())
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
    let mut floor = raw_round_trips(ROUND_TRIPS).await;
    let mut measured = cathode_round_trips(ROUND_TRIPS).await;
    report("async_round_trip", &mut measured, &mut floor);

    let mut floor = Vec::new();
    let mut measured = Vec::new();
    for _ in 0..COLD_STARTS {
        floor.push(raw_cold_start().await);
        measured.push(cathode_cold_start().await);
    }
    report("cold_start", &mut measured, &mut floor);
    let _ = std::fs::remove_file(page_file());
}
