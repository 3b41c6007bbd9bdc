//! A page's own windows: `window.open` and `target=_blank` links, decided by the opener's
//! window-open handler, and `did-create-window`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cathode::{BrowserWindow, WindowOpenAction, WindowOpenDetails, WindowOpenDisposition};
use serde_json::Value;

use crate::common::{log_line, node_options, run_js, serve_site, within, Seen, TestApp};

/// A site with an opener page, the same page with a Content-Security-Policy that forbids it any
/// request of a script's (`strict.html`), and a child page that says hello over IPC when it can.
fn site() -> String {
    serve_site(vec![
        ("/opener.html", "<!doctype html><title>opener</title><a id=link href=/child.html target=_blank>child</a>".into()),
        (
            "/strict.html",
            "<!doctype html><meta http-equiv=Content-Security-Policy content=\"connect-src 'none'\">\
             <title>strict</title>"
                .into(),
        ),
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
    js_becomes(child, "document.title", "child").await;
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
                options: Some(cathode::WindowOptions {
                    width: 333,
                    height: 222,
                    ..node_options()
                }),
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
    // Of the size the handler gave, not the browser's.
    assert_eq!(child.get_size(), (333, 222));
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
    // A script's window.open on a page whose Content-Security-Policy forbids cathode's question
    // to main: the browser's path, and the window the page gets is closed at once.
    within(opener.load_url(&format!("{site}/strict.html")))
        .await
        .unwrap();
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

/// A handler that counts its calls, reports each call's details and decides with `decide`.
fn counting_handler(
    window: &BrowserWindow,
    decide: fn(&WindowOpenDetails) -> WindowOpenAction,
) -> (Arc<AtomicUsize>, Seen<WindowOpenDetails>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let asked = Seen::<WindowOpenDetails>::new();
    let (count, tx) = (Arc::clone(&calls), asked.sender());
    window
        .web_contents()
        .set_window_open_handler(move |details: WindowOpenDetails| {
            count.fetch_add(1, Ordering::SeqCst);
            let action = decide(&details);
            tx.send(details).unwrap();
            async move { action }
        });
    (calls, asked)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_denied_window_open_returns_null_and_no_window_is_made() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    let (calls, mut asked) = counting_handler(&opener, |_| WindowOpenAction::Deny);

    let got = run_js(
        &opener,
        "[window.open('child.html?x=1', 'child', 'width=320,height=240'), window.open()]\
         .map((w) => w === null)",
    )
    .await;
    assert_eq!(got, serde_json::json!([true, true]));
    let details = asked.next().await;
    assert_eq!(details.url, format!("{site}/child.html?x=1"));
    assert_eq!(details.frame_name, "child");
    assert_eq!(details.features, "width=320,height=240");
    assert_eq!(details.disposition, WindowOpenDisposition::NewWindow);
    assert_eq!(details.referrer, format!("{site}/opener.html"));
    let blank = asked.next().await;
    assert_eq!(blank.url, "about:blank");
    assert_eq!(blank.disposition, WindowOpenDisposition::ForegroundTab);
    // Asked once for each: the page's two calls came back null from the handler's two answers,
    // and the browser made no page that would be asked about again.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(BrowserWindow::get_all_windows(&test.app).len(), 1);
    test.exit().await;
}

/// Waits until `expression`, evaluated in `window`'s page, gives `value` (within the standard
/// limit).
async fn js_becomes(window: &BrowserWindow, expression: &str, value: &str) {
    within(async {
        while run_js(window, expression).await != value {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allowed_window_open_gives_a_working_window_and_asks_the_handler_once() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    let (calls, mut asked) = counting_handler(&opener, |_| WindowOpenAction::Allow {
        options: Some(node_options()),
        outlives_opener: false,
    });
    let mut created = Seen::<(u32, WindowOpenDetails)>::new();
    let tx = created.sender();
    opener
        .web_contents()
        .on_did_create_window(move |child, details| {
            tx.send((child.id(), details.clone())).unwrap()
        });

    let opened = run_js(
        &opener,
        "window.child = window.open('child.html', 'kid', 'width=300'); window.child !== null",
    )
    .await;
    assert_eq!(opened, Value::Bool(true));
    let asked_about = asked.next().await;
    let (child_id, details) = created.next().await;
    // did-create-window carries what the handler was asked about, and the handler was asked once.
    assert_eq!(details, asked_about);
    assert_eq!(details.frame_name, "kid");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // With the options the handler gave.
    let child = BrowserWindow::from_id(&test.app, child_id).unwrap();
    assert!(child.web_contents().web_preferences().node_integration);
    // The page's window object is the child's: the opener reads its document.
    js_becomes(&opener, "window.child.document.title", "child").await;
    // Main loads the child's URL again so that its page has the runtime: wait for that document,
    // or main's load could come after the navigation below and undo it.
    js_becomes(&child, "typeof require", "function").await;
    assert_eq!(run_js(&child, "window.opener === null").await, false);
    // The same name again navigates the open window: no new window, no question.
    run_js(&opener, "void window.open('child.html?again', 'kid')").await;
    js_becomes(&child, "location.search", "?again").await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(BrowserWindow::get_all_windows(&test.app).len(), 2);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_panics_on_window_open_gives_the_page_null() {
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
    let got = run_js(&opener, "window.open('child.html?bad', 'bad') === null").await;
    assert_eq!(got, Value::Bool(true));
    log_line(&["window-open handler failed", "child.html?bad"]).await;
    assert_eq!(BrowserWindow::get_all_windows(&test.app).len(), 1);
    // The page goes on: its next window opens.
    let got = run_js(&opener, "window.open('child.html', 'good') !== null").await;
    assert_eq!(got, Value::Bool(true));
    windows_become(&test.app, 2).await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handler_gets_the_same_details_through_the_guard_as_from_the_browser() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    let (_, mut asked) = counting_handler(&opener, |_| WindowOpenAction::Deny);
    let strict = test.window().await;
    within(strict.load_url(&format!("{site}/strict.html")))
        .await
        .unwrap();
    let (_, mut asked_by_browser) = counting_handler(&strict, |_| WindowOpenAction::Deny);
    let cases = [
        "",
        "width=320,height=240",
        "popup",
        "noopener",
        "noreferrer",
        "left=10,top=20",
        "width=50,height=0",
        "WIDTH = 300 , Height=200",
        "toolbar=yes,width=300",
        "menubar,toolbar,status,scrollbars",
        "resizable=no",
        "popup=0,width=300",
        "width=300px,left=-7",
        "background,persistent",
        "location=yes",
        "width=-5",
        "screenx=5,innerheight=400",
        "foo",
        " ,= ,",
        "noopener,width=99999999999",
        "popup=no",
        "opener",
    ];
    for (index, features) in cases.iter().enumerate() {
        let url = format!("{site}/child.html?{index}");
        let features = serde_json::to_string(features).unwrap();
        let args = format!("'{url}', 'n{index}', {features}");
        let guarded = run_js(&opener, &format!("window.open({args}) === null")).await;
        assert_eq!(guarded, Value::Bool(true));
        let through_guard = asked.next().await;
        // The strict page's guard cannot ask: the browser makes the page, and main asks then.
        run_js(&strict, &format!("void window.open({args})")).await;
        let from_browser = WindowOpenDetails {
            referrer: through_guard.referrer.clone(),
            ..asked_by_browser.next().await
        };
        assert_eq!(through_guard, from_browser, "features {features}");
    }
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_posting_its_own_window_open_questions_gains_nothing() {
    let test = TestApp::start().await;
    let site = site();
    let opener = opener_window(&test, &site).await;
    let (calls, mut asked) = counting_handler(&opener, |_| WindowOpenAction::allow(None));
    let ask = |body: &str| {
        format!(
            "(() => {{ const r = new XMLHttpRequest(); \
             r.open('POST', 'https://cathode.invalid/open/', false); r.send({body}); \
             return JSON.parse(r.responseText) }})()"
        )
    };
    // Garbage is refused with an error, and the handler is not asked.
    let refused = run_js(&opener, &ask("'{\"url\": 1}'")).await;
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("refused by the main process")),
        "{refused}"
    );
    // A well-formed question is a window.open call: asked once, allowed, and no window is made.
    let question = r#"JSON.stringify({url: location.origin + '/child.html', target: 'made-up', features: 'width=300'})"#;
    let answer = run_js(&opener, &ask(question)).await;
    assert_eq!(answer, serde_json::json!({"ok": {"open": true}}));
    assert_eq!(asked.next().await.frame_name, "made-up");
    // The decision is not kept for the page's later call with the same details: asked again.
    let opened = run_js(
        &opener,
        "window.open('child.html', 'made-up', 'width=300') !== null",
    )
    .await;
    assert_eq!(opened, Value::Bool(true));
    assert_eq!(asked.next().await.frame_name, "made-up");
    // The window is made on that decision (the handler is asked before a window is made, so by
    // now a third question would have been asked).
    windows_become(&test.app, 2).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    test.exit().await;
}
