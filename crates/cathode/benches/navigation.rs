//! What following navigation costs a page's loads, against real headless Chromium. cathode pauses
//! every document request of a window twice (before it is sent, for `will-navigate`; at its
//! response, for `did-navigate`'s status and `will-redirect`) and never a sub-resource. Prints one
//! JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench navigation`
//!
//! - `load_page_with_subresources`: `load_file` of a page with 30 images and 10 scripts, to its
//!   `did-finish-load`, alternating two such pages so that each load is a new document.
//!   Floors, each in a browser of its own driven over bare CDP, their loads taken in turn:
//!   `Page.navigate` to the load event without `Fetch` (`floor_*`), and with the same two
//!   `Fetch` patterns answered at once (`fetch_floor_*`: what pausing documents costs a load).
//! - `link_navigation` / `link_navigation_will_navigate`: the page sets `location.href`, to the
//!   new document's `did-finish-load`; the second with a `will-navigate` listener that lets it
//!   go on (the request waits for the listener). Taken plain, with the listener twice, plain
//!   again, so that anything that builds up over many navigations falls on both alike.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, WindowOptions};
use cathode_cdp::protocol::{fetch, page, target};
use cathode_cdp::{find_browser, Browser, LaunchOptions, Session};
use serde_json::json;
use tokio::sync::mpsc;

const LOADS: usize = 20;
const WARM_UP: usize = 3;

/// Writes the two pages and their sub-resources into a folder of their own.
fn write_site() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cathode-bench-nav-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench folder");
    let mut resources = String::new();
    for i in 0..30 {
        let svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'><rect width='{}' height='8'/></svg>",
            i % 8 + 1
        );
        std::fs::write(dir.join(format!("img{i}.svg")), svg).expect("image");
        resources.push_str(&format!("<img src='img{i}.svg'>"));
    }
    for i in 0..10 {
        std::fs::write(dir.join(format!("s{i}.js")), format!("window.s{i} = {i};"))
            .expect("script");
        resources.push_str(&format!("<script src='s{i}.js'></script>"));
    }
    for (name, other) in [("a.html", "b.html"), ("b.html", "a.html")] {
        let html = format!(
            "<!doctype html><title>{name}</title><a id=next href='{other}'>next</a>{resources}"
        );
        std::fs::write(dir.join(name), html).expect("page");
    }
    dir
}

#[derive(Debug)]
struct Stats {
    count: usize,
    p50: f64,
    mean: f64,
}

fn stats(mut samples: Vec<f64>) -> Stats {
    samples.sort_by(f64::total_cmp);
    Stats {
        count: samples.len(),
        p50: samples[samples.len() / 2],
        mean: samples.iter().sum::<f64>() / samples.len() as f64,
    }
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// A page in a browser of its own, driven over bare CDP, with the document patterns if asked.
struct RawPage {
    _browser: Browser,
    session: Session,
    loaded: mpsc::UnboundedReceiver<()>,
}

impl RawPage {
    async fn start(pause: bool) -> RawPage {
        let browser = Browser::launch(LaunchOptions {
            executable: find_browser(None).expect("a browser (scripts/install-deps.sh)"),
            headless: true,
            ..LaunchOptions::default()
        })
        .expect("browser starts");
        let root = browser.connection().browser_session();
        let created = root
            .call(&target::CreateTarget {
                url: "about:blank".into(),
                ..Default::default()
            })
            .await
            .expect("createTarget");
        let session: Session = browser
            .connection()
            .attach(&created.target_id)
            .await
            .expect("attach");
        let mut events = session.events();
        session.call(&page::Enable {}).await.expect("Page.enable");
        if pause {
            let patterns = ["Request", "Response"]
                .into_iter()
                .map(|stage| fetch::RequestPattern {
                    url_pattern: "*".into(),
                    request_stage: stage.into(),
                    resource_type: Some("Document".into()),
                })
                .collect();
            session
                .call(&fetch::Enable { patterns })
                .await
                .expect("Fetch.enable");
        }
        let (loaded_tx, loaded) = mpsc::unbounded_channel();
        let answering = session.clone();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let Some(Ok(paused)) = event.parse::<fetch::RequestPaused>() {
                    let go_on = fetch::ContinueRequest {
                        request_id: paused.request_id,
                    };
                    let _ = answering.call_detached(&go_on, |_| {});
                } else if event.method == "Page.loadEventFired" {
                    let _ = loaded_tx.send(());
                }
            }
        });
        RawPage {
            _browser: browser,
            session,
            loaded,
        }
    }

    /// Navigates to `url`; the time to its load event.
    async fn load(&mut self, url: String) -> f64 {
        let started = Instant::now();
        self.session
            .call(&page::Navigate::new(url))
            .await
            .expect("navigate");
        self.loaded.recv().await.expect("a load event");
        ms(started)
    }
}

/// The two floors, loads taken in turn so that the machine's load falls on both alike.
async fn raw_loads(site: &Path) -> (Vec<f64>, Vec<f64>) {
    let mut plain = RawPage::start(false).await;
    let mut paused = RawPage::start(true).await;
    let (mut plain_samples, mut paused_samples) = (Vec::new(), Vec::new());
    for i in 0..WARM_UP + LOADS {
        let name = if i % 2 == 0 { "a.html" } else { "b.html" };
        let url = format!("file://{}", site.join(name).display());
        let plain_ms = plain.load(url.clone()).await;
        let paused_ms = paused.load(url).await;
        if i >= WARM_UP {
            plain_samples.push(plain_ms);
            paused_samples.push(paused_ms);
        }
    }
    (plain_samples, paused_samples)
}

/// Loads the two pages in turn with `load_file`.
async fn cathode_loads(window: &BrowserWindow, site: &Path) -> Vec<f64> {
    let mut samples = Vec::new();
    for i in 0..WARM_UP + LOADS {
        let name = if i % 2 == 0 { "a.html" } else { "b.html" };
        let started = Instant::now();
        window.load_file(site.join(name)).await.expect("a load");
        if i >= WARM_UP {
            samples.push(ms(started));
        }
    }
    samples
}

/// The page follows its link; the time to the new document's `did-finish-load`.
async fn cathode_link_navigations(window: &BrowserWindow, site: &Path) -> Vec<f64> {
    window.load_file(site.join("a.html")).await.expect("a load");
    let (tx, mut finished) = mpsc::unbounded_channel();
    let contents = window.web_contents();
    let listener = contents.on_did_finish_load(move || {
        let _ = tx.send(());
    });
    let mut samples = Vec::new();
    for i in 0..WARM_UP + LOADS {
        let started = Instant::now();
        contents
            .execute_javascript("document.getElementById('next').click()")
            .await
            .expect("the link is clicked");
        tokio::time::timeout(Duration::from_secs(120), finished.recv())
            .await
            .expect("the next page loads")
            .expect("the listener is there");
        if i >= WARM_UP {
            samples.push(ms(started));
        }
    }
    contents.remove_listener(listener);
    samples
}

fn print(name: &str, measured: &Stats, floors: &[(&str, &Stats)]) {
    let mut line = json!({
        "bench": name,
        "samples": measured.count,
        "p50_ms": round(measured.p50),
        "mean_ms": round(measured.mean),
    });
    for (prefix, floor) in floors {
        line[format!("{prefix}p50_ms")] = json!(round(floor.p50));
        line[format!("{prefix}mean_ms")] = json!(round(floor.mean));
    }
    println!("{line}");
}

#[tokio::main]
async fn main() {
    let site = write_site();
    let (plain, paused) = raw_loads(&site).await;
    let (floor, fetch_floor) = (stats(plain), stats(paused));

    let app = App::builder().headless(true).build();
    let runner = app.clone();
    let running = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    app.when_ready().await;
    let window = BrowserWindow::new(&app, WindowOptions::default())
        .await
        .expect("a window");
    let loads = stats(cathode_loads(&window, &site).await);
    print(
        "load_page_with_subresources",
        &loads,
        &[("floor_", &floor), ("fetch_floor_", &fetch_floor)],
    );
    // Both orders, so that what builds up over many navigations falls on both alike.
    let mut plain_samples = cathode_link_navigations(&window, &site).await;
    let contents = window.web_contents();
    let listener = contents
        .on_will_navigate(|navigation| tracing::trace!(url = %navigation.url, "will-navigate"));
    let mut asked_samples = cathode_link_navigations(&window, &site).await;
    asked_samples.extend(cathode_link_navigations(&window, &site).await);
    contents.remove_listener(listener);
    plain_samples.extend(cathode_link_navigations(&window, &site).await);
    print("link_navigation", &stats(plain_samples), &[]);
    print("link_navigation_will_navigate", &stats(asked_samples), &[]);

    app.exit(0);
    let _ = running.await;
    let _ = std::fs::remove_dir_all(&site);
}
