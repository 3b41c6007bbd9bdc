//! The page's input as main sees it: `before-input-event` keeps keys from the page, a modal
//! child blocks its parent's input, the page's own full screen and the zoom gesture reach main.

use cathode::{BrowserWindow, InputEvent, InputKind, WindowOptions};

use crate::common::{log_line, page_file, run_js, script_page, within, Seen, TestApp};

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

/// A page with the key recorder under the Content-Security-Policy `policy`.
fn page_with_policy(name: &str, policy: &str) -> std::path::PathBuf {
    page_file(
        name,
        &format!(
            "<!doctype html><meta http-equiv=Content-Security-Policy content=\"{policy}\">\
             <body><script>{KEY_RECORDER}</script>"
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_content_security_policy_must_let_the_input_watcher_ask_main() {
    let test = TestApp::start().await;
    let window = test.window().await;
    window.web_contents().on_before_input_event(|event| {
        if event.input.key == "q" {
            event.verdict.prevent_default();
        }
    });
    // A policy that lets the watcher's request through: main decides.
    let allowing = page_with_policy(
        "before-input-csp-allowing.html",
        "default-src 'none'; script-src 'unsafe-inline'; connect-src https://cathode.invalid",
    );
    within(window.load_file(allowing)).await.unwrap();
    press(&window, &[("Q", true), ("W", true)]).await;
    let seen = run_js(&window, "seen").await;
    assert_eq!(seen, serde_json::json!(["down ctrl+w", "up ctrl+w"]));
    // One that forbids it: the keys reach the page unasked, and main says why.
    let forbidding = page_with_policy(
        "before-input-csp-forbidding.html",
        "default-src 'none'; script-src 'unsafe-inline'",
    );
    within(window.load_file(forbidding)).await.unwrap();
    press(&window, &[("Q", true)]).await;
    let seen = run_js(&window, "seen").await;
    assert_eq!(seen, serde_json::json!(["down ctrl+q", "up ctrl+q"]));
    within(log_line(&["could not ask main", "connect-src"])).await;
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

/// Opens a modal child of `parent`.
async fn open_modal(test: &TestApp, parent: &BrowserWindow) -> BrowserWindow {
    let options = WindowOptions {
        parent: Some(parent.id()),
        modal: true,
        width: 300,
        height: 200,
        ..WindowOptions::default()
    };
    within(BrowserWindow::new(&test.app, options))
        .await
        .unwrap()
}

/// Hears each time `window` gets the focus from now on.
fn focus_events(window: &BrowserWindow) -> Seen<()> {
    let focused = Seen::new();
    let tx = focused.sender();
    window.on_focus(move || {
        let _ = tx.send(());
    });
    focused
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

    let modal = open_modal(&test, &parent).await;
    assert!(modal.is_focused());
    // The user turns to the parent: its page gets nothing, and the focus goes back to the modal.
    within(parent.focus()).await.unwrap();
    assert!(parent.is_focused());
    let mut modal_focused = focus_events(&modal);
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

/// Records the window's full-screen events, in order, as text.
fn full_screen_journal(window: &BrowserWindow) -> Seen<&'static str> {
    let journal = Seen::new();
    let contents = window.web_contents();
    let tx = journal.sender();
    contents.on_enter_html_full_screen(move || {
        let _ = tx.send("contents enter-html-full-screen");
    });
    let tx = journal.sender();
    contents.on_leave_html_full_screen(move || {
        let _ = tx.send("contents leave-html-full-screen");
    });
    let tx = journal.sender();
    window.on_enter_html_full_screen(move || {
        let _ = tx.send("window enter-html-full-screen");
    });
    let tx = journal.sender();
    window.on_leave_html_full_screen(move || {
        let _ = tx.send("window leave-html-full-screen");
    });
    let tx = journal.sender();
    window.on_enter_full_screen(move || {
        let _ = tx.send("enter-full-screen");
    });
    let tx = journal.sender();
    window.on_leave_full_screen(move || {
        let _ = tx.send("leave-full-screen");
    });
    journal
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pages_own_full_screen_is_its_windows() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = script_page(
        "html-full-screen.html",
        "const video = document.createElement('div'); video.id = 'video';\
         video.textContent = 'a video'; document.body.append(video);",
    );
    within(window.load_file(page)).await.unwrap();
    let contents = window.web_contents();
    let mut journal = full_screen_journal(&window);
    let enter = "document.getElementById('video').requestFullscreen().then(() => 'entered')";
    assert_eq!(run_js(&window, enter).await, "entered");
    for expected in [
        "contents enter-html-full-screen",
        "window enter-html-full-screen",
        "enter-full-screen",
    ] {
        assert_eq!(journal.next().await, expected);
    }
    assert!(window.is_full_screen());
    assert!(contents.is_html_full_screen());

    run_js(&window, "document.exitFullscreen().then(() => 'left')").await;
    for expected in [
        "contents leave-html-full-screen",
        "window leave-html-full-screen",
        "leave-full-screen",
    ] {
        assert_eq!(journal.next().await, expected);
    }
    assert!(!window.is_full_screen());
    assert!(!contents.is_html_full_screen());

    // Main takes the window out of full screen: the page leaves it too.
    assert_eq!(run_js(&window, enter).await, "entered");
    for _ in 0..3 {
        journal.next().await;
    }
    within(window.set_full_screen(false).unwrap())
        .await
        .unwrap();
    for expected in [
        "leave-full-screen",
        "contents leave-html-full-screen",
        "window leave-html-full-screen",
    ] {
        assert_eq!(journal.next().await, expected);
    }
    assert_eq!(
        run_js(&window, "document.fullscreenElement").await,
        serde_json::Value::Null
    );
    assert!(!window.is_full_screen());
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wheel_with_ctrl_held_asks_for_zoom_and_zooms_nothing() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = script_page(
        "zoom-gesture.html",
        "window.wheels = []; addEventListener('wheel', (e) => wheels.push(`${e.ctrlKey} ${e.deltaY}`));",
    );
    within(window.load_file(page)).await.unwrap();
    let contents = window.web_contents();
    let mut asked = Seen::new();
    let tx = asked.sender();
    contents.on_zoom_changed(move |direction| {
        let _ = tx.send(direction.name());
    });
    let wheel = |delta_y: f64, control: bool| InputEvent {
        modifiers: if control {
            vec!["control".into()]
        } else {
            Vec::new()
        },
        ..InputEvent::mouse_wheel(100.0, 100.0, 0.0, delta_y)
    };
    // One turn at a time: the browser may merge wheel events that wait in its queue.
    within(contents.send_input_event(&wheel(-120.0, true)))
        .await
        .unwrap();
    assert_eq!(asked.next().await, "in");
    // The plain wheel asks for nothing: the next request is the second Ctrl one's.
    for event in [wheel(120.0, false), wheel(120.0, true)] {
        within(contents.send_input_event(&event)).await.unwrap();
    }
    assert_eq!(asked.next().await, "out");
    // The page still hears the wheel, and is not zoomed: the app decides.
    let seen = run_js(&window, "[wheels, devicePixelRatio, visualViewport.scale]").await;
    assert_eq!(
        seen,
        serde_json::json!([["true -120", "false 120", "true 120"], 1, 1])
    );
    assert_eq!(contents.zoom_factor(), 1.0);
    test.exit().await;
}

/// A page whose `<iframe>` (a page of its own, in the page's renderer) covers the top left
/// corner; `askFrame()` gives what the frame heard: `{clicks, seen}`.
fn page_with_frame(name: &str) -> std::path::PathBuf {
    let frame = page_file(
        &format!("{name}-frame.html"),
        &format!(
            "<!doctype html><body style=margin:0><script>{CLICK_COUNTER}{KEY_RECORDER}\
             addEventListener('message', () => parent.postMessage({{clicks, seen}}, '*'));\
             </script>"
        ),
    );
    page_file(
        name,
        &format!(
            "<!doctype html><body style=margin:0>\
             <iframe src=\"{}\" style=\"border:0;width:300px;height:200px\"></iframe><script>\
             const frame = document.querySelector('iframe');\
             window.frameLoaded = new Promise((resolve) => frame.addEventListener('load', resolve));\
             window.askFrame = () => new Promise((resolve) => {{\
               addEventListener('message', (event) => resolve(event.data), {{ once: true }});\
               frame.contentWindow.postMessage('report', '*');\
             }});</script>",
            frame.display()
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_and_clicks_in_a_frame_of_the_page_are_watched_as_the_pages_own() {
    let test = TestApp::start().await;
    let parent = test.window().await;
    within(parent.load_file(page_with_frame("input-framed.html")))
        .await
        .unwrap();
    run_js(&parent, "frameLoaded.then(() => 0)").await;
    let contents = parent.web_contents();
    let mut heard = Seen::new();
    let tx = heard.sender();
    contents.on_before_input_event(move |event| {
        let _ = tx.send(format!("{:?} {}", event.input.kind, event.input.key));
        if event.input.control && event.input.key == "q" {
            event.verdict.prevent_default();
        }
    });
    // A click gives the frame the focus; its keys are main's to see and to keep from it.
    click(&parent).await;
    press(&parent, &[("Q", true), ("A", false)]).await;
    for expected in ["KeyDown q", "KeyUp q", "KeyDown a", "KeyUp a"] {
        assert_eq!(heard.next().await, expected);
    }
    assert_eq!(
        run_js(&parent, "askFrame()").await,
        serde_json::json!({"clicks": 1, "seen": ["down a", "up a"]})
    );

    // A modal child blocks the frame's input as it blocks the page's.
    let modal = open_modal(&test, &parent).await;
    let mut modal_focused = focus_events(&modal);
    within(parent.focus()).await.unwrap();
    click(&parent).await;
    modal_focused.next().await;
    assert_eq!(
        run_js(&parent, "askFrame()").await,
        serde_json::json!({"clicks": 1, "seen": ["down a", "up a"]})
    );
    assert!(within(modal.close()).await);
    click(&parent).await;
    assert_eq!(
        run_js(&parent, "askFrame()").await,
        serde_json::json!({"clicks": 2, "seen": ["down a", "up a"]})
    );
    test.exit().await;
}
