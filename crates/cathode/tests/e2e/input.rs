//! The page's input as main sees it: `before-input-event` keeps keys from the page, a modal
//! child blocks its parent's input, the page's own full screen and the zoom gesture reach main.

use cathode::{BrowserWindow, InputEvent, InputKind, WindowOptions};

use crate::common::{log_line, run_js, script_page, within, Seen, TestApp};

/// A page that records, in `seen`, every key its own listeners hear.
const KEY_RECORDER: &str = "window.seen = [];\
    addEventListener('keydown', (e) => seen.push(`down ${e.ctrlKey ? 'ctrl+' : ''}${e.key}`));\
    addEventListener('keyup', (e) => seen.push(`up ${e.ctrlKey ? 'ctrl+' : ''}${e.key}`));";

/// A key event of `key`, with Ctrl held when `control`.
fn key(kind: InputKind, key: &str, control: bool) -> InputEvent {
    InputEvent {
        modifiers: if control {
            vec!["control".into()]
        } else {
            Vec::new()
        },
        ..InputEvent::key(kind, key)
    }
}

/// Presses and releases each key, in order.
async fn press(window: &BrowserWindow, keys: &[(&str, bool)]) {
    let contents = window.web_contents();
    for &(name, control) in keys {
        for kind in [InputKind::KeyDown, InputKind::KeyUp] {
            within(contents.send_input_event(&key(kind, name, control)))
                .await
                .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_before_input_event_listener_keeps_ctrl_q_from_the_page() {
    let test = TestApp::start().await;
    let window = within(BrowserWindow::new(&test.app, WindowOptions::default()))
        .await
        .unwrap();
    within(window.load_file(script_page("before-input.html", KEY_RECORDER)))
        .await
        .unwrap();
    let contents = window.web_contents();
    let mut heard = Seen::new();
    let tx = heard.sender();
    contents.on_before_input_event(move |event| {
        let input = &event.input;
        let _ = tx.send(format!(
            "{:?} {} {} {}",
            input.kind,
            input.key,
            input.code,
            input.modifiers.join("+")
        ));
        if input.control && input.key == "q" {
            event.verdict.prevent_default();
        }
    });
    press(&window, &[("Q", true), ("A", false)]).await;
    for expected in [
        "KeyDown q KeyQ control",
        "KeyUp q KeyQ control",
        "KeyDown a KeyA ",
        "KeyUp a KeyA ",
    ] {
        assert_eq!(heard.next().await, expected);
    }
    // The page heard only what main let through.
    let seen = run_js(&window, "seen").await;
    assert_eq!(seen, serde_json::json!(["down a", "up a"]));

    // The page cannot ask main in the watcher's place: its request lacks the watcher's secret.
    let forged = run_js(
        &window,
        r#"(() => { const request = new XMLHttpRequest();
            request.open('POST', 'https://cathode.invalid/input/', false);
            const key = {type: 'keyDown', key: 'x', code: 'KeyX', isAutoRepeat: false,
                isComposing: false, shift: false, control: false, alt: false, meta: false,
                location: 0, capsLock: false, numLock: false};
            try { request.send(JSON.stringify(key)); return request.responseText; }
            catch (error) { return `threw ${error.name}`; } })()"#,
    )
    .await;
    assert!(
        forged.as_str().is_some_and(|text| text.contains("refused")),
        "{forged}"
    );
    // Nothing reached the listener for it: the next key it hears is the next real one.
    press(&window, &[("B", false)]).await;
    assert_eq!(heard.next().await, "KeyDown b KeyB ");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_before_input_event_listener_lets_keys_through_and_is_reported() {
    let test = TestApp::start().await;
    let window = test.window().await;
    within(window.load_file(script_page("before-input-panic.html", KEY_RECORDER)))
        .await
        .unwrap();
    let contents = window.web_contents();
    contents.on_before_input_event(|event| {
        if event.input.key == "z" {
            panic!("a listener bug");
        }
    });
    press(&window, &[("Z", true)]).await;
    let seen = run_js(&window, "seen").await;
    assert_eq!(seen, serde_json::json!(["down ctrl+z", "up ctrl+z"]));
    within(log_line(&["before-input-event", "panicked"])).await;
    test.exit().await;
}
