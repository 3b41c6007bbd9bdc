//! The web contents' tools: session history, stop, capturePage, printToPDF, zoom and the Edit
//! menu's commands.

use std::time::Duration;

use cathode::{EditCommand, Error, PdfOptions, Rectangle};

use crate::common::{page_file, run_js, serve_site, within, TestApp};

/// Waits until the page's URL ends with `suffix`.
async fn url_becomes(contents: &cathode::WebContents, suffix: &str) {
    within(async {
        while !contents.url().ends_with(suffix) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_history_goes_back_and_forward_like_a_browser() {
    let test = TestApp::start().await;
    let site = serve_site(vec![
        ("/one.html", "<title>one</title>".into()),
        ("/two.html", "<title>two</title>".into()),
    ]);
    let window = test.window().await;
    let contents = window.web_contents();
    let history = contents.navigation_history();
    within(window.load_url(&format!("{site}/one.html")))
        .await
        .unwrap();
    within(window.load_url(&format!("{site}/two.html")))
        .await
        .unwrap();
    let entries = within(history.entries()).await.unwrap();
    let urls: Vec<&str> = entries.iter().map(|e| e.url.as_str()).collect();
    // Without the about:blank every window starts on, as Electron's.
    assert_eq!(
        urls,
        [format!("{site}/one.html"), format!("{site}/two.html")]
    );
    assert_eq!(entries.last().unwrap().title, "two");
    let last = entries.len() - 1;
    assert_eq!(within(history.active_index()).await.unwrap(), last);
    assert!(within(history.can_go_back()).await.unwrap());
    assert!(!within(history.can_go_forward()).await.unwrap());

    within(history.go_back()).await.unwrap();
    url_becomes(&contents, "/one.html").await;
    assert!(within(history.can_go_forward()).await.unwrap());
    assert_eq!(within(history.active_index()).await.unwrap(), last - 1);
    within(history.go_forward()).await.unwrap();
    url_becomes(&contents, "/two.html").await;
    within(history.go_to_index(last - 1)).await.unwrap();
    url_becomes(&contents, "/one.html").await;
    // For callers that cannot wait, the history is read again after each load.
    let (known, index) = within(async {
        loop {
            let (known, index) = history.last_known();
            if index == last - 1 {
                return (known, index);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert_eq!((known.len(), index), (entries.len(), last - 1));
    assert_eq!(known[index].title, "one");

    let refused = within(history.go_to_index(99)).await.unwrap_err();
    assert!(
        matches!(
            &refused,
            Error::BadArgument {
                what: "goToIndex",
                ..
            }
        ),
        "{refused}"
    );
    assert!(refused.to_string().contains("no entry 99"), "{refused}");
    within(contents.stop()).await.unwrap();
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capture_page_gives_the_pixels_the_page_shows() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = page_file(
        "capture.html",
        "<!doctype html><style>html,body{margin:0;height:100%;background:#ff0000}\
         #box{position:absolute;left:10px;top:20px;width:30px;height:40px;background:#0000ff}</style>\
         <div id=box></div>",
    );
    within(window.load_file(&page)).await.unwrap();
    let contents = window.web_contents();

    let whole = within(contents.capture_page(None)).await.unwrap();
    let viewport = run_js(&window, "[innerWidth, innerHeight]").await;
    assert_eq!(
        serde_json::json!([whole.size().width, whole.size().height]),
        viewport
    );
    assert!(!whole.is_empty());
    let pixels = image::load_from_memory(whole.to_png()).unwrap().to_rgb8();
    assert_eq!(pixels.get_pixel(5, 5).0, [255, 0, 0]);
    assert_eq!(pixels.get_pixel(25, 40).0, [0, 0, 255]);

    let rect = Rectangle {
        x: 10,
        y: 20,
        width: 30,
        height: 40,
    };
    let part = within(contents.capture_page(Some(rect))).await.unwrap();
    assert_eq!((part.size().width, part.size().height), (30, 40));
    let pixels = image::load_from_memory(part.to_png()).unwrap().to_rgb8();
    assert!(pixels.pixels().all(|pixel| pixel.0 == [0, 0, 255]));
    let jpeg = part.to_jpeg(90).unwrap();
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    assert!(part
        .to_data_url()
        .starts_with("data:image/png;base64,iVBORw0KGgo"));

    let empty = Rectangle { width: 0, ..rect };
    let refused = within(contents.capture_page(Some(empty)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            Error::BadArgument {
                what: "capturePage",
                ..
            }
        ),
        "{refused}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capture_page_of_a_crashed_or_closed_window_is_an_error_not_a_hang() {
    let test = TestApp::start().await;
    let crashed = test.window().await;
    within(crashed.load_file(page_file("to-crash.html", "<p>soon gone</p>")))
        .await
        .unwrap();
    let gone = crashed.web_contents();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    gone.on_render_process_gone(move |_| {
        if let Some(tx) = tx.lock().unwrap().take() {
            let _ = tx.send(());
        }
    });
    assert!(!gone.is_crashed());
    gone.forcefully_crash_renderer().unwrap();
    within(rx).await.unwrap();
    assert!(gone.is_crashed());
    let error = within(gone.capture_page(None)).await.unwrap_err();
    assert!(matches!(error, Error::RenderProcessGone { .. }), "{error}");
    let error = within(gone.print_to_pdf(&PdfOptions::default()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RenderProcessGone { .. }), "{error}");

    let closed = test.window().await;
    let contents = closed.web_contents();
    closed.destroy();
    let error = within(contents.capture_page(None)).await.unwrap_err();
    assert!(matches!(error, Error::WindowDestroyed { .. }), "{error}");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_to_pdf_makes_a_pdf_with_electrons_options() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = page_file(
        "print.html",
        "<!doctype html><title>Report</title><h1>Quarterly report</h1>\
         <div style='page-break-after:always'>one</div><div>two</div>",
    );
    within(window.load_file(&page)).await.unwrap();
    let contents = window.web_contents();
    let portrait = within(contents.print_to_pdf(&PdfOptions::default()))
        .await
        .unwrap();
    assert!(portrait.starts_with(b"%PDF-"), "{:?}", &portrait[..8]);
    let options = PdfOptions {
        landscape: true,
        print_background: true,
        page_size: PdfOptions::paper("A5"),
        page_ranges: "1".into(),
        ..PdfOptions::default()
    };
    let first = within(contents.print_to_pdf(&options)).await.unwrap();
    assert!(first.starts_with(b"%PDF-"));
    assert_ne!(first, portrait);

    let bad = PdfOptions {
        scale: Some(5.0),
        ..PdfOptions::default()
    };
    let refused = within(contents.print_to_pdf(&bad)).await.unwrap_err();
    assert!(
        matches!(
            &refused,
            Error::BadArgument {
                what: "printToPDF",
                ..
            }
        ),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("scale must be 0.1 to 2"),
        "{refused}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_input_event_clicks_and_types_like_a_person() {
    use cathode::{InputEvent, InputKind};
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = page_file(
        "input.html",
        "<!doctype html><body style='margin:0'>\
         <button id=b style='position:absolute;left:10px;top:10px;width:100px;height:40px'>Go</button>\
         <input id=t style='position:absolute;left:10px;top:100px;width:200px;height:30px'>\
         <script>window.seen = [];\
         b.addEventListener('click', (e) => seen.push(`click ${e.isTrusted} ${e.clientX},${e.clientY}`));\
         t.addEventListener('keydown', (e) => seen.push(`keydown ${e.key} ${e.isTrusted}`));</script>",
    );
    within(window.load_file(&page)).await.unwrap();
    let contents = window.web_contents();
    for event in [
        InputEvent::mouse_move(50.0, 30.0),
        InputEvent::mouse_down(50.0, 30.0),
        InputEvent::mouse_up(50.0, 30.0),
    ] {
        within(contents.send_input_event(&event)).await.unwrap();
    }
    for event in [
        InputEvent::mouse_down(20.0, 110.0),
        InputEvent::mouse_up(20.0, 110.0),
        InputEvent::key(InputKind::KeyDown, "A"),
        InputEvent::key(InputKind::Char, "a"),
        InputEvent::key(InputKind::KeyUp, "A"),
        InputEvent::key(InputKind::Char, "é"),
    ] {
        within(contents.send_input_event(&event)).await.unwrap();
    }
    let seen = run_js(&window, "[seen, document.getElementById('t').value]").await;
    assert_eq!(
        seen,
        serde_json::json!([["click true 50,30", "keydown a true"], "aé"])
    );

    let refused =
        within(contents.send_input_event(&InputEvent::key(InputKind::KeyDown, "NoSuchKey")))
            .await
            .unwrap_err();
    assert!(
        refused.to_string().contains("unknown key 'NoSuchKey'"),
        "{refused}"
    );
    let refused = within(contents.send_input_event(&InputEvent::mouse_down(f64::NAN, 1.0)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            Error::BadArgument {
                what: "sendInputEvent",
                ..
            }
        ),
        "{refused}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_agent_and_inserted_css_change_what_the_page_sees() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let browsers = within(contents.user_agent()).await.unwrap();
    assert!(browsers.contains("Chrome/"), "{browsers}");
    assert_eq!(contents.user_agent_set(), None);
    within(contents.set_user_agent("PageTools/2.0 (cathode test)"))
        .await
        .unwrap();
    within(window.load_file(page_file("agent.html", "<p>agent</p>")))
        .await
        .unwrap();
    assert_eq!(
        run_js(&window, "navigator.userAgent").await,
        "PageTools/2.0 (cathode test)"
    );
    assert_eq!(
        within(contents.user_agent()).await.unwrap(),
        "PageTools/2.0 (cathode test)"
    );
    let refused = within(contents.set_user_agent(" ")).await.unwrap_err();
    assert!(
        matches!(
            refused,
            Error::BadArgument {
                what: "setUserAgent",
                ..
            }
        ),
        "{refused}"
    );

    let background = "getComputedStyle(document.body).backgroundColor";
    let key = within(contents.insert_css("body { background: rgb(1, 2, 3) }"))
        .await
        .unwrap();
    assert_eq!(run_js(&window, background).await, "rgb(1, 2, 3)");
    let other = within(contents.insert_css("p { color: red }"))
        .await
        .unwrap();
    assert_ne!(key, other);
    within(contents.remove_inserted_css(&key)).await.unwrap();
    assert_eq!(run_js(&window, background).await, "rgba(0, 0, 0, 0)");
    // Removing twice is nothing.
    within(contents.remove_inserted_css(&key)).await.unwrap();
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devtools_headless_say_why_none_open_and_never_hang() {
    // A browser of its own: the flag is a launch flag.
    let builder = cathode::App::builder()
        .headless(true)
        .browser_arg(cathode::AUTO_OPEN_DEVTOOLS);
    let test = TestApp::start_with(builder).await;
    let window = test.window().await;
    let contents = window.web_contents();
    assert!(!contents.is_dev_tools_opened());
    contents.open_dev_tools();
    crate::common::log_line(&[
        "openDevTools",
        "headless",
        "none opened",
        &format!("window_id={}", window.id()),
    ])
    .await;
    assert!(!contents.is_dev_tools_opened());
    contents.toggle_dev_tools();
    contents.close_dev_tools();
    assert!(!contents.is_dev_tools_opened());
    // The page still answers.
    assert_eq!(run_js(&window, "1 + 1").await, 2);
    window.destroy();
    assert!(!contents.is_dev_tools_opened());
    test.exit().await;
}

/// Waits until `condition` holds in the page (checked on each resize and every 50 ms).
async fn page_reaches(contents: &cathode::WebContents, condition: &str) {
    let code = format!(
        "new Promise((resolve) => {{ const check = () => {{ if ({condition}) resolve(true); }}; \
         check(); addEventListener('resize', check); setInterval(check, 50); }})"
    );
    let reached = within(contents.execute_javascript(&code)).await;
    assert_eq!(
        reached.unwrap(),
        serde_json::Value::Bool(true),
        "{condition}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zoom_lays_the_page_out_narrower_and_larger_and_holds_across_loads() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let page = page_file(
        "zoom.html",
        "<style>body { margin: 0 } #box { width: 100px; height: 100px }</style><div id=box></div>",
    );
    within(window.load_file(&page)).await.unwrap();
    let width = run_js(&window, "innerWidth").await.as_u64().unwrap();
    assert_eq!(contents.zoom_factor(), 1.0);

    within(contents.set_zoom_factor(2.0)).await.unwrap();
    assert_eq!(contents.zoom_factor(), 2.0);
    assert!((contents.zoom_level() - 3.8017840169239308).abs() < 1e-9);
    // As with a browser's zoom: half the CSS width to lay out in, and media queries see it.
    page_reaches(&contents, &format!("innerWidth === {}", width / 2)).await;
    let query = format!("matchMedia('(max-width: {}px)').matches", width / 2);
    assert_eq!(run_js(&window, &query).await, true);
    // The scale applies after the page is drawn: capturePage gives the viewport at its CSS size
    // (Electron's would be the window's size).
    let shot = within(contents.capture_page(None)).await.unwrap();
    assert_eq!(shot.size().width as u64, width / 2);

    within(window.load_file(&page)).await.unwrap();
    page_reaches(&contents, &format!("innerWidth === {}", width / 2)).await;

    within(contents.set_zoom_level(0.0)).await.unwrap();
    assert_eq!(contents.zoom_factor(), 1.0);
    page_reaches(&contents, &format!("innerWidth === {width}")).await;

    for bad in [0.0, -1.0, f64::NAN] {
        let refused = contents.set_zoom_factor(bad).await.unwrap_err();
        assert!(matches!(refused, Error::BadArgument { .. }), "{refused}");
        assert!(
            refused.to_string().contains("greater than 0.0"),
            "{refused}"
        );
    }
    assert!(contents.set_zoom_level(f64::INFINITY).await.is_err());
    assert_eq!(contents.zoom_factor(), 1.0);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_edit_menus_commands_act_where_the_focus_is() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let page = page_file(
        "edit.html",
        "<input id=name value=hello><textarea id=notes></textarea>",
    );
    within(window.load_file(&page)).await.unwrap();
    run_js(&window, "document.getElementById('name').focus()").await;
    let name = "document.getElementById('name').value";
    let notes = "document.getElementById('notes').value";
    let edit = |command: EditCommand| {
        let contents = contents.clone();
        async move { within(contents.edit(command)).await.unwrap() }
    };

    edit(EditCommand::SelectAll).await;
    edit(EditCommand::Cut).await;
    assert_eq!(run_js(&window, name).await, "");
    edit(EditCommand::Paste).await;
    assert_eq!(run_js(&window, name).await, "hello");
    edit(EditCommand::Undo).await;
    assert_eq!(run_js(&window, name).await, "");
    edit(EditCommand::Redo).await;
    assert_eq!(run_js(&window, name).await, "hello");

    // Copied from one field, pasted (as plain text) into another.
    edit(EditCommand::SelectAll).await;
    edit(EditCommand::Copy).await;
    run_js(&window, "document.getElementById('notes').focus()").await;
    edit(EditCommand::PasteAndMatchStyle).await;
    assert_eq!(run_js(&window, notes).await, "hello");
    edit(EditCommand::SelectAll).await;
    within(contents.insert_text("typed")).await.unwrap();
    assert_eq!(run_js(&window, notes).await, "typed");
    edit(EditCommand::SelectAll).await;
    edit(EditCommand::Delete).await;
    assert_eq!(run_js(&window, notes).await, "");
    assert_eq!(run_js(&window, name).await, "hello");

    window.destroy();
    assert!(matches!(
        contents.edit(EditCommand::Paste).await,
        Err(Error::WindowDestroyed { .. })
    ));
    test.exit().await;
}
