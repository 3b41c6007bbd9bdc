//! A page's own windows: `window.open` and `target=_blank` links, decided by the opener's
//! window-open handler, and `did-create-window`.

use std::time::Duration;

use cathode::{BrowserWindow, WindowOpenAction, WindowOpenDetails, WindowOpenDisposition};
use serde_json::Value;

use crate::common::{log_line, node_options, run_js, serve_site, within, Seen, TestApp};

/// A site with an opener page and a child page that says hello over IPC when it can.
fn site() -> String {
    serve_site(vec![
        ("/opener.html", "<!doctype html><title>opener</title><a id=link href=/child.html target=_blank>child</a>".into()),
        (
            "/child.html",
            "<!doctype html><title>child</title><script>\
             if (typeof require === 'function') require('electron').ipcRenderer.send('child-hello', location.pathname);\
             </script>"
                .into(),
        ),
    ])
}

/// A window of `test`'s showing the site's opener page.
async fn opener_window(test: &TestApp, site: &str) -> BrowserWindow {
    let opener = test.window().await;
    within(opener.load_url(&format!("{site}/opener.html")))
        .await
        .unwrap();
    opener
}

/// Waits until the app has `count` windows.
async fn windows_become(app: &cathode::App, count: usize) -> Vec<BrowserWindow> {
    within(async {
        loop {
            let windows = BrowserWindow::get_all_windows(app);
            if windows.len() == count {
                return windows;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_open_without_a_handler_opens_a_window_with_did_create_window() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    let mut created = Seen::<(u32, WindowOpenDetails)>::new();
    let tx = created.sender();
    opener
        .web_contents()
        .on_did_create_window(move |child, details| {
            tx.send((child.id(), details.clone())).unwrap();
        });
    let mut announced = Seen::<u32>::new();
    let tx = announced.sender();
    test.app
        .on_browser_window_created(move |window| tx.send(window.id()).unwrap());

    run_js(
        &opener,
        &format!("void window.open('{site}/child.html', 'child', 'width=320,height=240')"),
    )
    .await;

    let (child_id, details) = created.next().await;
    assert_eq!(details.url, format!("{site}/child.html"));
    assert_eq!(details.frame_name, "child");
    assert_eq!(details.features, "width=320,height=240");
    assert_eq!(details.disposition, WindowOpenDisposition::NewWindow);
    assert_eq!(details.referrer, format!("{site}/opener.html"));
    assert_eq!(announced.next().await, child_id);
    let windows = windows_become(&test.app, 2).await;
    let child = windows.iter().find(|w| w.id() == child_id).unwrap();
    assert_ne!(child.id(), opener.id());
    // The child is a window like any other: main runs its page's JavaScript and closes it.
    let title = within(async {
        loop {
            let title = run_js(child, "document.title").await;
            if title == "child" {
                return title;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert_eq!(title, "child");
    // Secure defaults: the opener has node integration, the app's defaults do not.
    assert!(!child.web_contents().web_preferences().node_integration);
    assert!(child.close().await);
    windows_become(&test.app, 1).await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allowed_window_gets_the_options_the_handler_gives_and_its_own_ipc() {
    let test = TestApp::start().await;
    let site = site();
    let mut hello = Seen::<(u32, String)>::new();
    let tx = hello.sender();
    test.app
        .ipc_main()
        .on("child-hello", move |event, path: String| {
            tx.send((event.window_id(), path)).unwrap()
        });
    let opener = opener_window(&test, &site).await;
    opener
        .web_contents()
        .set_window_open_handler(|_details| async {
            WindowOpenAction::Allow {
                options: Some(node_options()),
                outlives_opener: true,
            }
        });
    let mut created = Seen::<u32>::new();
    let tx = created.sender();
    opener
        .web_contents()
        .on_did_create_window(move |child, _| tx.send(child.id()).unwrap());

    run_js(&opener, &format!("void window.open('{site}/child.html')")).await;

    let child_id = created.next().await;
    // The child's page talks to main through its own runtime.
    let (sender, path) = hello.next().await;
    assert_eq!((sender, path.as_str()), (child_id, "/child.html"));
    let child = BrowserWindow::from_id(&test.app, child_id).unwrap();
    assert!(child.web_contents().web_preferences().node_integration);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_denied_window_is_closed_at_once_and_the_handler_saw_the_link() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    let mut asked = Seen::<WindowOpenDetails>::new();
    let tx = asked.sender();
    opener
        .web_contents()
        .set_window_open_handler(move |details| {
            tx.send(details).unwrap();
            async { WindowOpenAction::Deny }
        });

    // A person's click on a target=_blank link.
    run_js(&opener, "document.getElementById('link').click()").await;

    let details = asked.next().await;
    assert_eq!(details.url, format!("{site}/child.html"));
    assert_eq!(details.disposition, WindowOpenDisposition::ForegroundTab);
    assert_eq!(details.frame_name, "");
    // The app never gets a second window.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(BrowserWindow::get_all_windows(&test.app).len(), 1);
    // A script's window.open: the window it gets is closed at once.
    let child_closed = run_js(
        &opener,
        &format!(
            "(async () => {{ const w = window.open('{site}/child.html', 'x', 'popup'); \
             for (let i = 0; i < 500 && !w.closed; i++) await new Promise(r => setTimeout(r, 10)); \
             return w.closed }})()"
        ),
    )
    .await;
    assert_eq!(child_closed, Value::Bool(true));
    assert_eq!(
        asked.next().await.disposition,
        WindowOpenDisposition::NewWindow
    );
    assert_eq!(BrowserWindow::get_all_windows(&test.app).len(), 1);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_panics_denies_the_window_and_is_reported() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    opener
        .web_contents()
        .set_window_open_handler(|details: WindowOpenDetails| async move {
            if details.frame_name == "bad" {
                panic!("the handler broke on {}", details.url);
            }
            WindowOpenAction::allow(None)
        });
    let mut created = Seen::<u32>::new();
    let tx = created.sender();
    opener
        .web_contents()
        .on_did_create_window(move |child, _| tx.send(child.id()).unwrap());

    run_js(
        &opener,
        &format!("void window.open('{site}/child.html?bad', 'bad')"),
    )
    .await;
    log_line(&["window-open handler failed", "child.html?bad"]).await;
    assert!(created.stays_empty(Duration::from_millis(300)).await);
    assert_eq!(BrowserWindow::get_all_windows(&test.app).len(), 1);

    // The opener keeps working: the next window is allowed.
    run_js(
        &opener,
        &format!("void window.open('{site}/child.html', 'good')"),
    )
    .await;
    let child_id = created.next().await;
    assert!(BrowserWindow::from_id(&test.app, child_id).is_some());
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_closes_with_its_opener_unless_it_outlives_it() {
    let test = TestApp::start().await;
    test.app.on_window_all_closed(|| {});
    let site = site();
    let opener = opener_window(&test, &site).await;
    opener
        .web_contents()
        .set_window_open_handler(|details: WindowOpenDetails| async move {
            WindowOpenAction::Allow {
                options: None,
                outlives_opener: details.frame_name == "stays",
            }
        });
    let mut created = Seen::<(u32, String)>::new();
    let tx = created.sender();
    opener
        .web_contents()
        .on_did_create_window(move |child, details| {
            tx.send((child.id(), details.frame_name.clone())).unwrap()
        });
    run_js(
        &opener,
        &format!("void window.open('{site}/child.html', 'goes')"),
    )
    .await;
    let (goes, _) = created.next().await;
    run_js(
        &opener,
        &format!("void window.open('{site}/child.html', 'stays')"),
    )
    .await;
    let (stays, name) = created.next().await;
    assert_eq!(name, "stays");
    windows_become(&test.app, 3).await;

    assert!(opener.close().await);
    let left = windows_become(&test.app, 1).await;
    assert_eq!(left[0].id(), stays);
    assert!(BrowserWindow::from_id(&test.app, goes).is_none());
    test.exit().await;
}
