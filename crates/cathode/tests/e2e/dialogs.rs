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
