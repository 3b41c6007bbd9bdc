//! The user closes an app window (the window manager's close, `wmctrl -c`, on the fixture of
//! `headful.rs`): as in Electron, `close` may keep it, then the page's `beforeunload` handlers
//! (`will-prevent-unload`); the page's own navigations are not closes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cathode::WindowOptions;

use crate::common::{log_line, page_file, run_js, within, Seen};
use crate::headful::{eventually, titled_window, VirtualDisplay};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_close_listener_may_keep_a_window_its_user_or_its_page_closes() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    test.app.on_window_all_closed(|| {});
    let window = titled_window(&test, "keep", WindowOptions::default()).await;
    let events = Seen::new();
    let keep = Arc::new(AtomicBool::new(true));
    let decide = Arc::clone(&keep);
    let tell = events.sender();
    window.on_close(move |close| {
        let _ = tell.send("close");
        if decide.load(Ordering::SeqCst) {
            close.prevent_default();
        }
    });
    let tell = events.sender();
    window.on_closed(move || {
        let _ = tell.send("closed");
    });
    let mut events = events;
    let page = page_file(
        "headful-keep.html",
        "<!doctype html><title>keep</title><p>no beforeunload handler, never clicked</p>",
    );
    within(window.load_file(&page)).await.unwrap();
    display.managed_titled("keep").await;
    // The side effect of a `close` listener with a display: the page has user activation, so
    // that the browser asks main when its user closes it.
    assert_eq!(
        run_js(&window, "navigator.userActivation.hasBeenActive").await,
        true
    );

    display.x_tool("wmctrl", &["-c", "keep"]);
    assert_eq!(events.next().await, "close");
    // The page answers again once main answered: it stayed, and so did its window.
    assert_eq!(run_js(&window, "document.title").await, "keep");
    assert!(!window.is_destroyed());
    assert!(display.managed_titled_now("keep").is_some());
    // So may it a page's own `window.close()`, which the browser carries out as a user's close.
    run_js(&window, "window.close()").await;
    assert_eq!(events.next().await, "close");
    assert_eq!(run_js(&window, "document.title").await, "keep");
    assert!(display.managed_titled_now("keep").is_some());

    keep.store(false, Ordering::SeqCst);
    display.x_tool("wmctrl", &["-c", "keep"]);
    assert_eq!(events.next().await, "close");
    assert_eq!(events.next().await, "closed");
    eventually("the window gone from the window manager", || {
        display.managed_titled_now("keep").is_none().then_some(())
    })
    .await;
    test.exit().await;
}

/// The page's `beforeunload` handler asks to stay: after `close` (which lets the window go),
/// `will-prevent-unload` decides, as for a close main started; `close` comes once per close.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_may_keep_its_window_when_the_user_closes_it() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    test.app.on_window_all_closed(|| {});
    let window = titled_window(&test, "draft", WindowOptions::default()).await;
    let contents = window.web_contents();
    let events = Seen::new();
    let tell = events.sender();
    window.on_close(move |_| {
        let _ = tell.send("close");
    });
    let tell = events.sender();
    window.on_closed(move || {
        let _ = tell.send("closed");
    });
    let let_it_go = Arc::new(AtomicBool::new(false));
    let decide = Arc::clone(&let_it_go);
    let tell = events.sender();
    contents.on_will_prevent_unload(move |verdict| {
        let _ = tell.send("will-prevent-unload");
        if decide.load(Ordering::SeqCst) {
            verdict.prevent_default();
        }
    });
    let mut events = events;
    let page = page_file(
        "headful-draft.html",
        "<!doctype html><title>draft</title><script>\
         addEventListener('beforeunload', (event) => event.preventDefault());\
         </script>",
    );
    within(window.load_file(&page)).await.unwrap();
    display.managed_titled("draft").await;

    display.x_tool("wmctrl", &["-c", "draft"]);
    assert_eq!(events.next().await, "close");
    assert_eq!(events.next().await, "will-prevent-unload");
    assert_eq!(run_js(&window, "document.title").await, "draft");
    assert!(!window.is_destroyed());
    assert!(display.managed_titled_now("draft").is_some());

    let_it_go.store(true, Ordering::SeqCst);
    display.x_tool("wmctrl", &["-c", "draft"]);
    assert_eq!(events.next().await, "close");
    assert_eq!(events.next().await, "will-prevent-unload");
    assert_eq!(events.next().await, "closed");
    eventually("the window gone from the window manager", || {
        display.managed_titled_now("draft").is_none().then_some(())
    })
    .await;
    test.exit().await;
}

/// With a `close` listener every unload of the page asks main; a navigation is told from a close
/// and goes on (the page's own link, main's load) unless the page's handler asks to stay, which
/// `will-prevent-unload` decides as before. None of them is a `close`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_close_listener_navigations_go_on_unless_the_page_asks_to_stay() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    test.app.on_window_all_closed(|| {});
    let window = titled_window(&test, "first", WindowOptions::default()).await;
    let contents = window.web_contents();
    let events = Seen::new();
    let tell = events.sender();
    window.on_close(move |_| {
        let _ = tell.send("close".to_string());
    });
    let tell = events.sender();
    contents.on_will_prevent_unload(move |_| {
        let _ = tell.send("will-prevent-unload".to_string());
    });
    let tell = events.sender();
    contents.on_did_navigate(move |navigated| {
        let name = navigated.url.rsplit('/').next().unwrap_or_default();
        let _ = tell.send(format!("did-navigate {name}"));
    });
    let mut events = events;
    page_file(
        "headful-nav-second.html",
        "<!doctype html><title>second</title><script>\
         window.keep = true;\
         onbeforeunload = () => (keep ? 'unsaved' : undefined);\
         </script>",
    );
    let first = page_file(
        "headful-nav-first.html",
        "<!doctype html><title>first</title><a href='headful-nav-second.html'>on</a>",
    );
    let third = page_file(
        "headful-nav-third.html",
        "<!doctype html><title>third</title>",
    );
    within(window.load_file(&first)).await.unwrap();
    assert_eq!(events.next().await, "did-navigate headful-nav-first.html");

    let asked = |wish: &'static str| {
        let window_id = format!("window_id={}", window.id());
        async move {
            log_line(&["beforeunload answered", &window_id, wish, "navigating=true"]).await;
        }
    };
    // The link's navigation asked main (the guard made it ask), which let it go.
    run_js(&window, "document.querySelector('a').click()").await;
    assert_eq!(events.next().await, "did-navigate headful-nav-second.html");
    asked("wish=Some(false)").await;

    // Chromium asks only a page its user has used: wait until the guard gave the new document
    // its activation (a page that navigates itself before that is not asked, as in Chromium).
    within(async {
        while run_js(&window, "navigator.userActivation.hasBeenActive").await != true {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await;
    run_js(&window, "location.href = 'headful-nav-third.html'").await;
    assert_eq!(events.next().await, "will-prevent-unload");
    asked("wish=Some(true)").await;
    assert_eq!(run_js(&window, "document.title").await, "second");

    run_js(&window, "keep = false").await;
    within(window.load_file(&third)).await.unwrap();
    assert_eq!(events.next().await, "did-navigate headful-nav-third.html");
    assert_eq!(run_js(&window, "document.title").await, "third");

    // The next event is the close main asks for: nothing came between.
    assert!(within(window.close()).await);
    assert_eq!(events.next().await, "close");
    test.exit().await;
}
