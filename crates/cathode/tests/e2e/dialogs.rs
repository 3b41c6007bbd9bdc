//! A page's `alert`/`confirm`/`prompt` and its `beforeunload` handlers: no page waits for a
//! dialog nobody can see, and `will-prevent-unload` decides whether a page that asks to stay does.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cathode::InputEvent;

use crate::common::{log_line, page_file, run_js, within, Seen, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_alert_confirm_and_prompt_are_answered_and_logged_not_left_hanging() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = page_file(
        "dialogs.html",
        "<!doctype html><title>dialogs</title><script>\
         window.answers = [String(alert('read me')), confirm('delete it all?'), prompt('your name?', 'Ada')];\
         </script>",
    );
    within(window.load_file(&page)).await.unwrap();
    assert_eq!(
        run_js(&window, "answers").await,
        serde_json::json!(["undefined", false, null])
    );
    let window_id = format!("window_id={}", window.id());
    for (kind, answer) in [("alert", "OK"), ("confirm", "cancel"), ("prompt", "cancel")] {
        log_line(&[
            "nobody can see",
            &window_id,
            &format!("kind=\"{kind}\""),
            &format!("answer=\"{answer}\""),
        ])
        .await;
    }
    // The page is not stuck: it goes on answering.
    assert_eq!(run_js(&window, "confirm('again?') || 7").await, 7);
    test.exit().await;
}

/// A page whose `beforeunload` handler asks to stay, given a click first: Chromium asks a page's
/// handler only once the user has interacted with the page.
fn page_that_asks_to_stay(name: &str) -> std::path::PathBuf {
    page_file(
        name,
        "<!doctype html><title>unsaved</title><body style='margin:0;height:100vh'><script>\
         addEventListener('beforeunload', (event) => { event.preventDefault(); event.returnValue = ''; });\
         </script>",
    )
}

async fn click(window: &cathode::BrowserWindow) {
    let contents = window.web_contents();
    for event in [
        InputEvent::mouse_down(20.0, 20.0),
        InputEvent::mouse_up(20.0, 20.0),
    ] {
        within(contents.send_input_event(&event)).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_asks_to_stay_stays_unless_will_prevent_unload_is_prevented() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let asked = Seen::new();
    let tell = asked.sender();
    let let_it_go = Arc::new(AtomicBool::new(false));
    let decide = Arc::clone(&let_it_go);
    contents.on_will_prevent_unload(move |event| {
        let _ = tell.send(());
        if decide.load(Ordering::SeqCst) {
            event.prevent_default();
        }
    });
    let mut asked = asked;
    let page = page_that_asks_to_stay("stay.html");
    let elsewhere = page_file("elsewhere.html", "<!doctype html><title>elsewhere</title>");
    within(window.load_file(&page)).await.unwrap();
    click(&window).await;

    // The page's own navigation away: the handler asks to stay, nobody prevents, it stays.
    let leave = format!(
        "location.href = {}",
        serde_json::Value::from(format!("file://{}", elsewhere.display()))
    );
    run_js(&window, &leave).await;
    asked.next().await;
    assert_eq!(run_js(&window, "document.title").await, "unsaved");
    assert!(contents.url().ends_with("/stay.html"), "{}", contents.url());

    // A listener that prevents will-prevent-unload lets the page go.
    let_it_go.store(true, Ordering::SeqCst);
    let navigated = Seen::new();
    let tell = navigated.sender();
    contents.on_did_navigate(move |navigation| {
        let _ = tell.send(navigation.url.clone());
    });
    let mut navigated = navigated;
    run_js(&window, &leave).await;
    asked.next().await;
    assert!(navigated.next().await.ends_with("/elsewhere.html"));
    test.exit().await;
}

/// As Electron: `load_url` asks the old page's `beforeunload` handlers (of a page its user has
/// used). A page that stays fails the load with `ERR_ABORTED` and `did-fail-load`, unless
/// `will-prevent-unload` is prevented; main's own loads never ask `will-navigate`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_url_asks_the_old_pages_beforeunload_and_fails_while_it_stays() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let events = Seen::new();
    let tell = events.sender();
    let let_it_go = Arc::new(AtomicBool::new(false));
    let decide = Arc::clone(&let_it_go);
    contents.on_will_prevent_unload(move |verdict| {
        let _ = tell.send("will-prevent-unload".to_string());
        if decide.load(Ordering::SeqCst) {
            verdict.prevent_default();
        }
    });
    let tell = events.sender();
    contents.on_did_fail_load(move |failure| {
        let _ = tell.send(format!(
            "did-fail-load {} {} {}",
            failure.code,
            failure.description,
            failure.url.rsplit('/').next().unwrap_or_default()
        ));
    });
    let tell = events.sender();
    contents.on_will_navigate(move |navigation| {
        let _ = tell.send(format!("will-navigate {}", navigation.url));
    });
    let mut events = events;
    within(window.load_file(page_that_asks_to_stay("load-stay.html")))
        .await
        .unwrap();
    click(&window).await;
    let elsewhere = page_file(
        "load-elsewhere.html",
        "<!doctype html><title>elsewhere</title>",
    );

    let kept = within(window.load_file(&elsewhere)).await;
    match kept {
        Err(cathode::Error::LoadFailed {
            code, description, ..
        }) => assert_eq!((code, description.as_str()), (-3, "ERR_ABORTED")),
        other => panic!("the load should fail with ERR_ABORTED, got {other:?}"),
    }
    assert_eq!(events.next().await, "will-prevent-unload");
    assert_eq!(
        events.next().await,
        "did-fail-load -3 ERR_ABORTED load-elsewhere.html"
    );
    assert_eq!(run_js(&window, "document.title").await, "unsaved");

    let_it_go.store(true, Ordering::SeqCst);
    within(window.load_file(&elsewhere)).await.unwrap();
    assert_eq!(events.next().await, "will-prevent-unload");
    assert_eq!(run_js(&window, "document.title").await, "elsewhere");
    assert!(
        events
            .stays_empty(std::time::Duration::from_millis(200))
            .await,
        "no will-navigate for main's own loads, no other failure"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_runs_the_pages_beforeunload_which_keeps_the_window_unless_main_lets_it_go() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let closes = Seen::new();
    let tell = closes.sender();
    window.on_close(move |_| {
        let _ = tell.send("close");
    });
    let let_it_go = Arc::new(AtomicBool::new(false));
    let decide = Arc::clone(&let_it_go);
    let asked = Seen::new();
    let tell = asked.sender();
    contents.on_will_prevent_unload(move |verdict| {
        let _ = tell.send(());
        if decide.load(Ordering::SeqCst) {
            verdict.prevent_default();
        }
    });
    let (mut closes, mut asked) = (closes, asked);
    // No click this time: as in Electron, a close asks the page whether or not it was used.
    within(window.load_file(page_that_asks_to_stay("close-stay.html")))
        .await
        .unwrap();

    assert!(!within(window.close()).await, "the page keeps its window");
    assert_eq!(closes.next().await, "close");
    asked.next().await;
    assert!(!window.is_destroyed());
    assert_eq!(run_js(&window, "document.title").await, "unsaved");

    // app.quit() asks too, and the page's answer cancels the quit.
    test.app.quit();
    assert_eq!(closes.next().await, "close");
    asked.next().await;
    assert_eq!(run_js(&window, "1 + 1").await, 2);
    assert!(!window.is_destroyed());

    let_it_go.store(true, Ordering::SeqCst);
    assert!(within(window.close()).await);
    assert_eq!(closes.next().await, "close");
    asked.next().await;
    assert!(window.is_destroyed());
    assert!(
        closes
            .stays_empty(std::time::Duration::from_millis(200))
            .await,
        "one close per attempt"
    );
    test.exit().await;
}

/// A `close` listener that must ask someone first (the CLI's script, a save dialog) defers its
/// decision: main's `close()` and the page's `window.close()` wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_close_listener_may_decide_later_whether_the_window_closes() {
    let test = TestApp::start().await;
    test.app.on_window_all_closed(|| {});
    let window = test.window().await;
    let decisions = Seen::new();
    let tell = decisions.sender();
    window.on_close(move |close| {
        let _ = tell.send(close.defer());
    });
    let closed = Seen::new();
    let tell = closed.sender();
    window.on_closed(move || {
        let _ = tell.send(());
    });
    let (mut decisions, mut closed) = (decisions, closed);
    let page = page_file("decide-later.html", "<!doctype html><title>later</title>");
    within(window.load_file(&page)).await.unwrap();

    // Main's close waits for the decision, which keeps the window.
    let closing = tokio::spawn({
        let window = window.clone();
        async move { window.close().await }
    });
    let decision = decisions.next().await;
    assert!(!window.is_destroyed());
    assert_eq!(run_js(&window, "document.title").await, "later");
    decision.prevent_default();
    assert!(!within(closing).await.unwrap(), "the window stays");
    assert_eq!(run_js(&window, "document.title").await, "later");

    // The page's own window.close() waits the same way; letting it go closes the window.
    run_js(&window, "setTimeout(() => window.close(), 0); 0").await;
    let decision = decisions.next().await;
    assert_eq!(run_js(&window, "document.title").await, "later");
    decision.proceed();
    closed.next().await;
    assert!(window.is_destroyed());
    test.exit().await;
}

/// A `close` listener that never decides does not keep the window: after the sync timeout the
/// close goes on, and that is logged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_close_listener_that_never_decides_does_not_keep_the_window() {
    let test = TestApp::start_with(
        crate::common::shared_app().sync_timeout(std::time::Duration::from_millis(300)),
    )
    .await;
    let window = test.window().await;
    let kept = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = Arc::clone(&kept);
    window.on_close(move |close| keep.lock().unwrap().push(close.defer()));
    within(window.load_file(page_file("undecided.html", "<title>undecided</title>")))
        .await
        .unwrap();
    assert!(within(window.close()).await);
    assert!(window.is_destroyed());
    assert_eq!(kept.lock().unwrap().len(), 1, "the decision was asked for");
    log_line(&["did not decide in time", "event=\"close\""]).await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_stuck_in_beforeunload_does_not_keep_its_window_open() {
    let test = TestApp::start_with(
        crate::common::shared_app().sync_timeout(std::time::Duration::from_millis(300)),
    )
    .await;
    let window = test.window().await;
    let page = page_file(
        "stuck.html",
        "<!doctype html><title>stuck</title><script>\
         addEventListener('beforeunload', () => { for (;;) {} });\
         </script>",
    );
    within(window.load_file(&page)).await.unwrap();
    assert!(within(window.close()).await);
    assert!(window.is_destroyed());
    log_line(&[
        "did not unload in time",
        &format!("window_id={}", window.id()),
    ])
    .await;
    test.exit().await;
}
