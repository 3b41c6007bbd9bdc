//! Shared test fixtures: a running headless app, page files, log capture, waiting with timeouts.
//!
//! Most tests run their app on one browser that the whole test binary shares ([`shared_browser`]),
//! each app in a browser context of its own: its own `IpcMain`, windows, storage and renderer
//! processes. Tests that need a browser of their own (they kill or crash it, count its processes,
//! give it flags or a profile, or show windows) start with [`TestApp::start_own`] or
//! [`TestApp::start_with`].

use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use cathode::{App, AppBuilder, BrowserWindow, SharedBrowser, WebPreferences, WindowOptions};
use cathode_remote::RemotePlugin;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How long any single wait in a test may take before the test fails.
const WAIT: Duration = Duration::from_secs(60);

/// The browser flags every app on the shared browser gets: the remote module's tests call `gc()`.
const SHARED_BROWSER_ARGS: [&str; 1] = ["--js-flags=--expose-gc"];

static SHARED_BROWSER: OnceLock<SharedBrowser> = OnceLock::new();

/// The headless browser this test binary shares, launched by the first test that asks for it.
///
/// It belongs to no test's tokio runtime (each `#[tokio::test]` has its own): cathode-cdp reads and
/// writes the pipe on threads of its own and hands answers and events over runtime-agnostic
/// channels. A `static` is never dropped, so the browser is closed at exit (libtest returns from
/// `main` or calls `exit`, and both run `atexit` handlers): killed with its whole process group,
/// its temporary profile removed. Should the binary be killed instead, the browser dies with it
/// (`PR_SET_PDEATHSIG`) and the next launch removes the profile it left.
pub(crate) fn shared_browser() -> SharedBrowser {
    SHARED_BROWSER
        .get_or_init(|| {
            let browser = SharedBrowser::launch_with_args(SHARED_BROWSER_ARGS)
                .expect("the shared browser starts");
            extern "C" fn close_shared_browser() {
                if let Some(browser) = SHARED_BROWSER.get() {
                    browser.close();
                }
            }
            // SAFETY: registers a function without arguments that only closes the browser; libc
            // calls it once, at exit.
            let registered = unsafe { libc::atexit(close_shared_browser) };
            assert_eq!(
                registered, 0,
                "the shared browser's exit handler is registered"
            );
            browser
        })
        .clone()
}

/// A builder for an app on the shared browser, with the remote module.
pub(crate) fn shared_app() -> AppBuilder {
    App::builder()
        .shared_browser(shared_browser())
        .plugin(RemotePlugin)
}

/// An app whose `run` is in progress on a task.
pub(crate) struct TestApp {
    pub app: App,
    /// `None` once waited for.
    runner: Option<JoinHandle<cathode::Result<i32>>>,
}

impl TestApp {
    /// A headless app on the browser the test binary shares, ready.
    pub(crate) async fn start() -> TestApp {
        TestApp::start_with(shared_app()).await
    }

    /// A headless app with a browser of its own, ready: for tests that kill or crash the browser
    /// or count its processes.
    pub(crate) async fn start_own() -> TestApp {
        TestApp::start_with(App::builder().headless(true).plugin(RemotePlugin)).await
    }

    /// An app from `builder`, ready: on the shared browser if the builder says so (see
    /// [`shared_app`]), else with a browser of its own.
    pub(crate) async fn start_with(builder: AppBuilder) -> TestApp {
        capture_logs();
        let app = builder.build();
        let runner_app = app.clone();
        let mut runner = tokio::spawn(async move { runner_app.run(|_| async { Ok(()) }).await });
        tokio::select! {
            _ = app.when_ready() => {}
            ended = &mut runner => panic!("the app ended before it was ready: {ended:?}"),
            _ = tokio::time::sleep(WAIT) => panic!("the app was not ready in time"),
        }
        TestApp {
            app,
            runner: Some(runner),
        }
    }

    /// A new window (800x600, shown) whose pages have node integration ([`node_options`]).
    pub(crate) async fn window(&self) -> BrowserWindow {
        BrowserWindow::new(&self.app, node_options())
            .await
            .expect("a window opens")
    }

    /// Waits for `run` to return by itself.
    pub(crate) async fn finished(mut self) -> cathode::Result<i32> {
        let runner = self.runner.take().expect("run is waited for once");
        tokio::time::timeout(WAIT, runner)
            .await
            .expect("the app quits in time")
            .expect("run does not panic")
    }

    /// Exits the app with code 0 and waits for `run` to return.
    pub(crate) async fn exit(self) -> i32 {
        self.app.exit(0);
        self.finished().await.expect("run returns the exit code")
    }
}

impl Drop for TestApp {
    /// A test that ends without quitting its app would leave its windows open on the shared
    /// browser until the binary ends (the test's runtime, and with it the app's tasks, ends right
    /// after): they are closed now, which needs no runtime. The app's emptied browser context is
    /// disposed of when the app is dropped.
    fn drop(&mut self) {
        if self
            .runner
            .as_ref()
            .is_some_and(|runner| !runner.is_finished())
        {
            self.app.exit(0);
        }
    }
}

/// Window options whose pages have `require('electron')` in their own world, as before
/// preloads: node integration, no context isolation, no sandbox.
pub(crate) fn node_options() -> WindowOptions {
    WindowOptions {
        web_preferences: WebPreferences::node_integrated(),
        ..WindowOptions::default()
    }
}

/// A static web site on a loopback port, serving `pages` (path -> HTML) until the test process
/// ends; any other path is a 404. Returns `http://127.0.0.1:PORT`.
pub(crate) fn serve_site(pages: Vec<(&'static str, String)>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("the port's address");
    let pages = std::sync::Arc::new(pages);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let pages = std::sync::Arc::clone(&pages);
            // One thread per connection: the browser opens connections it may never use.
            std::thread::spawn(move || {
                let mut request_line = String::new();
                let mut reader = BufReader::new(&mut stream);
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                // The rest of the request head, up to the blank line.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                let (status, body) = match pages.iter().find(|(page, _)| *page == path) {
                    Some((_, html)) => ("200 OK", html.as_str()),
                    None => ("404 Not Found", "not found"),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{address}")
}

/// Writes a file (a page, a preload) into this test process's temporary directory and returns
/// its path.
pub(crate) fn page_file(name: &str, html: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        // Under target/, where cargo keeps test scratch files, rather than in /tmp.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-pages");
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    });
    let path = dir.join(name);
    std::fs::write(&path, html).expect("page written");
    path
}

/// A page with `script` in it (a module-free classic script), titled `title`.
pub(crate) fn script_page(name: &str, script: &str) -> PathBuf {
    page_file(
        name,
        &format!(
            "<!doctype html><html><head><meta charset=utf-8><title>{name}</title></head>\
             <body><script>\n{script}\n</script></body></html>"
        ),
    )
}

/// Page helpers: `attempt(f)` and `attemptAsync(f)` give `{ok: value}` or `{error: "Name: message"}`,
/// `sleep(ms)` a promise.
pub(crate) const PAGE_HELPERS: &str = r#"
    const attempt = (f) => { try { return { ok: f() } } catch (e) { return { error: `${e.name}: ${e.message}` } } };
    const attemptAsync = async (f) => { try { return { ok: await f() } } catch (e) { return { error: `${e.name}: ${e.message}` } } };
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
"#;

/// Runs `code` in the window's page and returns its value; the test fails if it throws.
pub(crate) async fn run_js(window: &cathode::BrowserWindow, code: &str) -> serde_json::Value {
    within(window.web_contents().execute_javascript(code))
        .await
        .expect("the page code runs")
}

/// A channel for values seen by handlers and listeners, with a receiving side that times out.
pub(crate) struct Seen<T> {
    pub tx: mpsc::UnboundedSender<T>,
    rx: mpsc::UnboundedReceiver<T>,
}

impl<T: Send + 'static> Seen<T> {
    pub(crate) fn new() -> Seen<T> {
        let (tx, rx) = mpsc::unbounded_channel();
        Seen { tx, rx }
    }

    /// A clone of the sending side.
    pub(crate) fn sender(&self) -> mpsc::UnboundedSender<T> {
        self.tx.clone()
    }

    /// The next value, or a test failure after [`WAIT`].
    pub(crate) async fn next(&mut self) -> T {
        tokio::time::timeout(WAIT, self.rx.recv())
            .await
            .expect("a value arrives in time")
            .expect("the sender is alive")
    }

    /// True if nothing arrives within `quiet`.
    pub(crate) async fn stays_empty(&mut self, quiet: Duration) -> bool {
        self.next_within(quiet).await.is_none()
    }

    /// The next value if one arrives within `quiet`.
    pub(crate) async fn next_within(&mut self, quiet: Duration) -> Option<T> {
        tokio::time::timeout(quiet, self.rx.recv())
            .await
            .ok()
            .flatten()
    }
}

/// Runs a future with the standard time limit; on timeout, fails with the last log lines.
pub(crate) async fn within<F: Future>(future: F) -> F::Output {
    within_for(WAIT, future).await
}

/// As [`within`], with a limit of its own for work that grows with its size (large payloads).
pub(crate) async fn within_for<F: Future>(limit: Duration, future: F) -> F::Output {
    match tokio::time::timeout(limit, future).await {
        Ok(output) => output,
        Err(_) => panic!(
            "not finished within {limit:?}; the last log lines:\n{}",
            log_tail(40)
        ),
    }
}

fn log_tail(lines: usize) -> String {
    let logs = LOGS.lock().unwrap_or_else(|p| p.into_inner());
    let all: Vec<&str> = logs.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

static LOGS: Mutex<String> = Mutex::new(String::new());

struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOGS.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_str(&String::from_utf8_lossy(bytes));
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends cathode's logs (debug and up) into a buffer the tests can search.
fn capture_logs() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        tracing_subscriber::fmt()
            .with_env_filter("cathode=debug,cathode_cdp=info")
            .with_ansi(false)
            .with_writer(|| LogWriter)
            .init();
    });
}

/// Waits until a log line contains every one of `needles`; returns that line.
pub(crate) async fn log_line(needles: &[&str]) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let found = LOGS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .lines()
            .find(|line| needles.iter().all(|needle| line.contains(needle)))
            .map(str::to_string);
        if let Some(line) = found {
            return line;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no log line contains all of {needles:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
