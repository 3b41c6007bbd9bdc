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

/// A page with a button over its top left corner that counts its clicks in `clicks`, and
/// records the keys it hears in `seen`.
const CLICK_COUNTER: &str = "window.clicks = 0;\
    const button = document.createElement('button');\
    button.textContent = 'count';\
    button.style = 'position:absolute;left:0;top:0;width:200px;height:100px';\
    button.onclick = () => clicks++;\
    document.body.append(button);";

/// Clicks at (50, 50) of the window's page.
async fn click(window: &BrowserWindow) {
    let contents = window.web_contents();
    for event in [
        InputEvent::mouse_down(50.0, 50.0),
        InputEvent::mouse_up(50.0, 50.0),
    ] {
        within(contents.send_input_event(&event)).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_modal_child_blocks_its_parents_input_until_it_closes() {
    let test = TestApp::start().await;
    let parent = test.window().await;
    let script = format!("{CLICK_COUNTER}{KEY_RECORDER}");
    within(parent.load_file(script_page("modal-parent.html", &script)))
        .await
        .unwrap();
    click(&parent).await;
    assert_eq!(run_js(&parent, "clicks").await, 1);

    let options = WindowOptions {
        parent: Some(parent.id()),
        modal: true,
        width: 300,
        height: 200,
        ..WindowOptions::default()
    };
    let modal = within(BrowserWindow::new(&test.app, options))
        .await
        .unwrap();
    assert!(modal.is_focused());
    // The user turns to the parent: its page gets nothing, and the focus goes back to the modal.
    within(parent.focus()).await.unwrap();
    assert!(parent.is_focused());
    let mut modal_focused = Seen::new();
    let tx = modal_focused.sender();
    modal.on_focus(move || {
        let _ = tx.send(());
    });
    click(&parent).await;
    modal_focused.next().await;
    assert!(modal.is_focused());
    within(parent.focus()).await.unwrap();
    press(&parent, &[("A", false)]).await;
    modal_focused.next().await;
    assert!(modal.is_focused());
    assert_eq!(
        run_js(&parent, "[clicks, seen]").await,
        serde_json::json!([1, []])
    );

    // Once the modal is gone, the parent's page hears its input again.
    assert!(within(modal.close()).await);
    click(&parent).await;
    press(&parent, &[("B", false)]).await;
    assert_eq!(
        run_js(&parent, "[clicks, seen]").await,
        serde_json::json!([2, ["down b", "up b"]])
    );
    test.exit().await;
}
