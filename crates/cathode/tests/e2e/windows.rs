//! Windows, pages, lifecycle events and renderer processes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cathode::{
    App, BrowserWindow, ColorScheme, ConsoleLevel, ConsoleMessage, Error, Rectangle,
    RenderProcessGoneReason, WindowOptions,
};
use serde_json::json;

use crate::common::{page_file, run_js, script_page, shared_app, within, Seen, TestApp};

type Transcript = Arc<Mutex<Vec<String>>>;

/// Records the app's `ready`, `before-quit`, `will-quit` and `quit` in `transcript`.
fn record_ready_and_quit(app: &App, transcript: &Transcript) {
    let t = transcript.clone();
    app.on_ready(move || record(&t, "ready"));
    let t = transcript.clone();
    app.on_before_quit(move |_| record(&t, "before-quit"));
    let t = transcript.clone();
    app.on_will_quit(move |_| record(&t, "will-quit"));
    let t = transcript.clone();
    app.on_quit(move |code| record(&t, format!("quit {code}")));
}

fn record(transcript: &Transcript, entry: impl Into<String>) {
    transcript.lock().unwrap().push(entry.into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_and_window_events_follow_electron_order() {
    let transcript: Transcript = Arc::default();
    let app = shared_app().build();
    let t = transcript.clone();
    app.on_browser_window_created(move |window| record(&t, format!("created {}", window.id())));
    let t = transcript.clone();
    app.on_window_all_closed(move || record(&t, "window-all-closed"));
    record_ready_and_quit(&app, &transcript);

    let page = script_page("lifecycle.html", "");
    let t = transcript.clone();
    let code = within(app.run(move |app| async move {
        let window = BrowserWindow::new(&app, crate::common::node_options()).await?;
        let contents = window.web_contents();
        let log = t.clone();
        contents.on_dom_ready(move || record(&log, "dom-ready"));
        let log = t.clone();
        contents.on_did_finish_load(move || record(&log, "did-finish-load"));
        let log = t.clone();
        let refusals = Arc::new(Mutex::new(1));
        window.on_close(move |event| {
            let mut left = refusals.lock().unwrap();
            if *left > 0 {
                *left -= 1;
                event.prevent_default();
                record(&log, "close prevented");
            } else {
                record(&log, "close");
            }
        });
        let log = t.clone();
        window.on_closed(move || record(&log, "closed"));
        window.load_file(&page).await?;
        // The load settles after its `did-finish-load` listeners ran, as Electron's does.
        assert_eq!(
            t.lock().unwrap().last().map(String::as_str),
            Some("did-finish-load")
        );
        assert!(!window.close().await, "the first close is prevented");
        assert!(!window.is_destroyed());
        assert!(window.close().await);
        assert!(window.is_destroyed());
        // A listener for window-all-closed replaces the default quit: the app is still here.
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.quit();
        Ok(())
    }))
    .await
    .unwrap();
    assert_eq!(code, 0);
    let transcript = transcript.lock().unwrap().clone();
    assert_eq!(
        transcript,
        [
            "ready",
            "created 1",
            "dom-ready",
            "did-finish-load",
            "close prevented",
            "close",
            "closed",
            "window-all-closed",
            "before-quit",
            "will-quit",
            "quit 0"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_last_window_quits_by_default_and_before_quit_can_cancel() {
    let test = TestApp::start().await;
    let cancel_once = Arc::new(Mutex::new(true));
    let cancel = cancel_once.clone();
    test.app.on_before_quit(move |event| {
        if std::mem::take(&mut *cancel.lock().unwrap()) {
            event.prevent_default();
        }
    });
    let first = test.window().await;
    let second = test.window().await;
    first.destroy();
    second.close().await;
    // The first quit was cancelled in before-quit: the app keeps running.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(test.app.is_ready());
    assert!(BrowserWindow::get_all_windows(&test.app).is_empty());
    let third = test.window().await;
    third.close().await;
    assert_eq!(test.finished().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_returns_its_code_without_quit_events() {
    let test = TestApp::start().await;
    let quit_events = Arc::new(Mutex::new(0));
    let count = quit_events.clone();
    test.app
        .on_before_quit(move |_| *count.lock().unwrap() += 1);
    let window = test.window().await;
    test.app.exit(3);
    assert_eq!(test.finished().await.unwrap(), 3);
    assert!(window.is_destroyed());
    assert_eq!(*quit_events.lock().unwrap(), 0);
}

/// Electron's single-instance idiom, `if (!app.requestSingleInstanceLock()) app.quit()`, quits
/// before the app is ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quit_before_run_quits_as_soon_as_run_starts() {
    let app = App::builder().headless(true).build();
    let transcript = Transcript::default();
    record_ready_and_quit(&app, &transcript);
    app.quit();
    let t = transcript.clone();
    let code = within(app.run(move |_| async move {
        record(&t, "ready callback");
        Ok(())
    }))
    .await
    .unwrap();
    assert_eq!(code, 0);
    assert!(!app.is_ready());
    assert_eq!(
        *transcript.lock().unwrap(),
        ["before-quit", "will-quit", "quit 0"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quit_cancelled_before_run_lets_the_app_start() {
    let app = shared_app().build();
    let cancel = app.on_before_quit(|event| event.prevent_default());
    app.quit();
    // The pending quit ran when run started, and was cancelled: ready comes, windows open, and
    // closing the last one quits.
    let code = within(app.run(move |app| async move {
        app.remove_listener(cancel);
        let window = BrowserWindow::new(&app, crate::common::node_options()).await?;
        window.close().await;
        Ok(())
    }));
    assert_eq!(code.await.unwrap(), 0);
    assert!(app.is_ready());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quit_while_the_browser_starts_stops_it_and_returns_0() {
    let app = App::builder().headless(true).build();
    let runner = app.clone();
    let run = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    // The browser is known from its launch on, before it is set up and ready.
    let pid = within(async {
        loop {
            if let Some(pid) = app.browser_pid() {
                break pid;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await;
    app.quit();
    assert_eq!(within(run).await.unwrap().unwrap(), 0);
    assert!(!process_is_alive(pid), "the browser {pid} is still running");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_fails_to_load_gives_did_fail_load_and_never_hangs() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let mut failures = Seen::new();
    let tx = failures.sender();
    window
        .web_contents()
        .on_did_fail_load(move |failure| tx.send(failure.clone()).unwrap());

    let missing = std::env::temp_dir().join("cathode-no-such-page.html");
    let error = within(window.load_file(&missing)).await.unwrap_err();
    assert!(
        matches!(&error, Error::LoadFailed { code: -6, description, .. } if description == "ERR_FILE_NOT_FOUND"),
        "{error}"
    );
    let failure = failures.next().await;
    assert_eq!(
        (failure.code, failure.description.as_str()),
        (-6, "ERR_FILE_NOT_FOUND")
    );
    assert!(failure.url.ends_with("cathode-no-such-page.html"));

    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{closed_port}/");
    let error = within(window.load_url(&url)).await.unwrap_err();
    assert!(
        matches!(error, Error::LoadFailed { code: -102, .. }),
        "{error}"
    );
    assert_eq!(failures.next().await.description, "ERR_CONNECTION_REFUSED");

    let error = within(window.load_url("not a url")).await.unwrap_err();
    assert!(
        matches!(error, Error::LoadFailed { code: -300, .. }),
        "{error}"
    );
    assert_eq!(failures.next().await.description, "ERR_INVALID_URL");

    // The window still works after failures.
    let page = script_page("after-failure.html", "");
    window.load_file(&page).await.unwrap();
    // Each failure was reported once.
    assert_eq!(failures.next_within(Duration::from_millis(300)).await, None);

    // A navigation the page starts itself is reported too (the browser does not say why).
    window
        .web_contents()
        .execute_javascript("location.href = 'file:///nonexistent-cathode-page.html'; 0")
        .await
        .unwrap();
    let failure = failures.next().await;
    assert_eq!(failure.url, "file:///nonexistent-cathode-page.html");
    assert_eq!(
        (failure.code, failure.description.as_str()),
        (-2, "ERR_FAILED")
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_javascript_returns_values_awaits_promises_and_reports_errors() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    assert_eq!(
        contents
            .execute_javascript("({a: [1, 'b', null]})")
            .await
            .unwrap(),
        json!({"a": [1, "b", null]})
    );
    assert_eq!(
        contents
            .execute_javascript("new Promise(r => setTimeout(() => r(42), 10))")
            .await
            .unwrap(),
        json!(42)
    );
    assert_eq!(
        contents.execute_javascript("undefined").await.unwrap(),
        json!(null)
    );
    let thrown = contents
        .execute_javascript("throw new TypeError('bad thing')")
        .await
        .unwrap_err();
    assert!(
        matches!(&thrown, Error::Javascript { message, .. } if message.contains("TypeError: bad thing")),
        "{thrown}"
    );
    let rejected = contents
        .execute_javascript("Promise.reject(new Error('nope'))")
        .await
        .unwrap_err();
    assert!(rejected.to_string().contains("nope"), "{rejected}");
    test.exit().await;
}

/// The console messages of `window`'s page, as they come.
fn console_messages(window: &BrowserWindow) -> Seen<ConsoleMessage> {
    let messages = Seen::new();
    let tx = messages.sender();
    window
        .web_contents()
        .on_console_message(move |message| tx.send(message.clone()).unwrap());
    messages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_messages_carry_level_message_line_and_source() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let mut messages = console_messages(&window);
    let page = script_page(
        "console.html",
        "console.log('hello', 1, {a: 2});\nconsole.warn('careful');\nconsole.error('broken');\nconsole.debug('details');",
    );
    window.load_file(&page).await.unwrap();
    let first = messages.next().await;
    assert_eq!(first.level, ConsoleLevel::Info);
    assert!(first.message.starts_with("hello 1 "), "{first:?}");
    assert_eq!(first.line, 2);
    assert!(first.source.ends_with("console.html"), "{first:?}");
    assert_eq!(messages.next().await.level, ConsoleLevel::Warning);
    let error = messages.next().await;
    assert_eq!(
        (error.level, error.message.as_str()),
        (ConsoleLevel::Error, "broken")
    );
    assert_eq!(messages.next().await.level, ConsoleLevel::Debug);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uncaught_errors_and_unhandled_rejections_are_error_console_messages() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let mut messages = console_messages(&window);
    let page = script_page(
        "uncaught.html",
        "Promise.reject(new TypeError('nobody waits'));\nsetTimeout(() => { throw new RangeError('too far') });",
    );
    window.load_file(&page).await.unwrap();
    let mut seen = vec![messages.next().await, messages.next().await];
    seen.sort_by(|a, b| a.message.cmp(&b.message));
    assert_eq!(
        seen.iter()
            .map(|m| (m.level, m.message.as_str(), m.line))
            .collect::<Vec<_>>(),
        [
            (
                ConsoleLevel::Error,
                "Uncaught (in promise) TypeError: nobody waits",
                2
            ),
            (ConsoleLevel::Error, "Uncaught RangeError: too far", 3),
        ]
    );
    assert!(
        seen.iter().all(|m| m.source.ends_with("uncaught.html")),
        "{seen:?}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_are_found_by_id_and_keep_their_properties() {
    let test = TestApp::start().await;
    let first = test.window().await;
    let second = BrowserWindow::new(
        &test.app,
        WindowOptions {
            width: 640,
            height: 480,
            title: Some("Second".into()),
            show: false,
            ..crate::common::node_options()
        },
    )
    .await
    .unwrap();
    assert_ne!(first.id(), second.id());
    assert_eq!(
        BrowserWindow::get_all_windows(&test.app),
        [first.clone(), second.clone()]
    );
    assert_eq!(
        BrowserWindow::from_id(&test.app, second.id()),
        Some(second.clone())
    );
    assert_eq!(second.web_contents().id(), second.id());
    assert!(!second.is_visible());
    second.show().await.unwrap();
    assert!(second.is_visible());

    assert_eq!(second.title(), "Second");
    let page = script_page("titled.html", "");
    second.load_file(&page).await.unwrap();
    assert_eq!(second.title(), "titled.html");
    second.set_title("Renamed").unwrap();
    assert_eq!(second.title(), "Renamed");
    assert!(second.web_contents().url().starts_with("file:///"));

    let bounds = Rectangle {
        x: 10,
        y: 20,
        width: 500,
        height: 400,
    };
    second.set_bounds(bounds).await.unwrap();
    let now = second.bounds().await.unwrap();
    assert_eq!((now.width, now.height), (500, 400));
    second.focus().await.unwrap();

    let mut loads = Seen::new();
    let tx = loads.sender();
    second
        .web_contents()
        .on_did_finish_load(move || tx.send(()).unwrap());
    second.web_contents().reload().unwrap();
    loads.next().await;

    first.destroy();
    assert_eq!(BrowserWindow::from_id(&test.app, first.id()), None);
    assert!(matches!(
        first.web_contents().send("x", ()),
        Err(Error::WindowDestroyed { .. })
    ));
    test.exit().await;
}

fn process_is_alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_window_has_its_own_renderer_and_a_crash_stays_in_its_window() {
    let test = TestApp::start_own().await;
    let mut pongs = Seen::new();
    let tx = pongs.sender();
    test.app.ipc_main().on("pong", move |event, n: u32| {
        tx.send((event.window_id(), n)).unwrap()
    });
    let page = script_page(
        "same.html",
        "const { ipcRenderer } = require('electron');\n\
         ipcRenderer.on('ping', (event, n) => ipcRenderer.send('pong', n));",
    );
    let crashing = test.window().await;
    let surviving = test.window().await;
    crashing.load_file(&page).await.unwrap();
    surviving.load_file(&page).await.unwrap();

    let crashing_pid = crashing.web_contents().os_process_id().await.unwrap();
    let surviving_pid = surviving.web_contents().os_process_id().await.unwrap();
    assert_ne!(crashing_pid, surviving_pid);
    assert_ne!(Some(crashing_pid), test.app.browser_pid());
    assert!(process_is_alive(crashing_pid) && process_is_alive(surviving_pid));

    let mut gone = Seen::new();
    let tx = gone.sender();
    crashing
        .web_contents()
        .on_render_process_gone(move |gone| tx.send(gone.clone()).unwrap());
    crashing.web_contents().forcefully_crash_renderer().unwrap();
    assert_eq!(gone.next().await.reason, RenderProcessGoneReason::Crashed);

    for n in 0..20 {
        surviving.web_contents().send("ping", (n,)).unwrap();
        assert_eq!(pongs.next().await, (surviving.id(), n));
    }
    let error = within(crashing.web_contents().execute_javascript("1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RenderProcessGone { .. }), "{error}");
    assert!(matches!(
        crashing.web_contents().send("ping", (0,)),
        Err(Error::RenderProcessGone { .. })
    ));
    // A crashed page can be loaded again, with a new renderer.
    crashing.load_file(&page).await.unwrap();
    let new_pid = crashing.web_contents().os_process_id().await.unwrap();
    assert_ne!(new_pid, crashing_pid);
    crashing.web_contents().send("ping", (99,)).unwrap();
    assert_eq!(pongs.next().await, (crashing.id(), 99));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_browser_is_reported_with_where_to_get_one() {
    let app = App::builder()
        .headless(true)
        .browser("/nonexistent/cathode/chromium")
        .build();
    let error = within(app.run(|_| async { Ok(()) })).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("/nonexistent/cathode/chromium"),
        "{message}"
    );
    assert!(message.contains("apt-get install chromium"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_ready_callback_ends_run_with_its_error() {
    let app = shared_app().build();
    let error = within(app.run(|_| async { Err("no windows today".into()) }))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("no windows today"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_given_profile_directory_is_used_and_kept() {
    let profile = std::env::temp_dir().join(format!("cathode-kept-profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let test = TestApp::start_with(App::builder().headless(true).user_data_dir(&profile)).await;
    assert_eq!(test.app.user_data_dir(), Some(profile.clone()));
    let window = test.window().await;
    window
        .load_url("data:text/html,<script>localStorage.setItem('kept', 'yes')</script>")
        .await
        .unwrap();
    assert_eq!(test.exit().await, 0);
    assert!(
        profile.join("Local State").exists(),
        "the browser wrote its profile into {}",
        profile.display()
    );
    std::fs::remove_dir_all(&profile).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_exits_with_1_when_the_browser_dies() {
    let test = TestApp::start_own().await;
    let window = test.window().await;
    let mut closed = Seen::new();
    let tx = closed.sender();
    window.on_closed(move || tx.send(()).unwrap());
    let pid = test.app.browser_pid().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    closed.next().await;
    assert_eq!(test.finished().await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_inside_a_page_get_no_electron() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let page = script_page(
        "with-frame.html",
        "document.body.innerHTML = '<iframe srcdoc=\"<p>inner</p>\"></iframe>';",
    );
    window.load_file(&page).await.unwrap();
    let seen = window
        .web_contents()
        .execute_javascript(
            "new Promise((resolve) => setTimeout(() => resolve([typeof require, typeof frames[0].require]), 100))",
        )
        .await
        .unwrap();
    assert_eq!(seen, json!(["function", "undefined"]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_closes_its_window_with_close_and_closed_and_close_can_be_prevented() {
    let test = TestApp::start().await;
    test.app.on_window_all_closed(|| {});
    let window = test.window().await;
    let mut events = Seen::new();
    let tx = events.sender();
    let refuse = Arc::new(std::sync::atomic::AtomicBool::new(true));
    window.on_close(move |close| {
        if refuse.swap(false, std::sync::atomic::Ordering::SeqCst) {
            close.prevent_default();
            tx.send("close (prevented)").unwrap();
        } else {
            tx.send("close").unwrap();
        }
    });
    let tx = events.sender();
    window.on_closed(move || tx.send("closed").unwrap());
    let page = script_page(
        "closing.html",
        "document.body.innerHTML = '<iframe srcdoc=\"<p>inner</p>\"></iframe>';",
    );
    window.load_file(&page).await.unwrap();
    // A frame closing itself does nothing, as in a browser; the page closing its window asks.
    within(
        window
            .web_contents()
            .execute_javascript("frames[0].close(); window.close(); 0"),
    )
    .await
    .unwrap();
    assert_eq!(events.next().await, "close (prevented)");
    assert!(!window.is_destroyed());
    // The window may be gone before the evaluation's answer is read: either is fine.
    let _ = window
        .web_contents()
        .execute_javascript("setTimeout(() => window.close(), 0); 0")
        .await;
    assert_eq!(events.next().await, "close");
    assert_eq!(events.next().await, "closed");
    assert!(window.is_destroyed());

    // A plain web page, without node integration or IPC, closes its window the same way.
    let plain = BrowserWindow::new(
        &test.app,
        WindowOptions {
            web_preferences: cathode::WebPreferences {
                node_integration: false,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let tx = events.sender();
    plain.on_closed(move || tx.send("plain closed").unwrap());
    plain.load_file(&page).await.unwrap();
    let _ = plain
        .web_contents()
        .execute_javascript("setTimeout(() => window.close(), 0); typeof require")
        .await;
    assert_eq!(events.next().await, "plain closed");
    test.exit().await;
}

/// Waits until the window's page answers `prefers-color-scheme: dark` with `dark`.
async fn page_prefers_dark_becomes(window: &BrowserWindow, dark: bool) {
    let query = "matchMedia('(prefers-color-scheme: dark)').matches";
    within(async {
        while run_js(window, query).await != json!(dark) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apps_colour_scheme_reaches_every_page_and_later_ones() {
    let test = TestApp::start().await;
    let app = &test.app;
    let first = test.window().await;
    let page = page_file("scheme.html", "<body>scheme</body>");
    first.load_file(&page).await.unwrap();
    page_prefers_dark_becomes(&first, false).await;

    app.set_color_scheme(Some(ColorScheme::Dark));
    assert_eq!(app.color_scheme(), Some(ColorScheme::Dark));
    page_prefers_dark_becomes(&first, true).await;
    first.web_contents().reload().unwrap();
    page_prefers_dark_becomes(&first, true).await;
    let second = test.window().await;
    second.load_file(&page).await.unwrap();
    assert_eq!(
        run_js(
            &second,
            "matchMedia('(prefers-color-scheme: dark)').matches"
        )
        .await,
        json!(true),
        "a window opened later starts dark"
    );

    app.set_color_scheme(Some(ColorScheme::Light));
    page_prefers_dark_becomes(&first, false).await;
    page_prefers_dark_becomes(&second, false).await;
    app.set_color_scheme(None);
    assert_eq!(app.color_scheme(), None);
    assert_eq!(test.exit().await, 0);
}

/// `backgroundColor`: where the page paints nothing it shows the window's colour, from its first
/// document on, and `set_background_color` changes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_background_colour_shows_where_the_page_paints_nothing() {
    let test = TestApp::start().await;
    let dark = cathode::Color::parse("#1e2a3c").unwrap();
    let window = BrowserWindow::new(
        &test.app,
        WindowOptions {
            background_color: Some(dark),
            ..WindowOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(window.background_color(), dark);
    let corner = |window: BrowserWindow| async move {
        let shot = window.web_contents().capture_page(None).await.unwrap();
        let pixels = image::load_from_memory(shot.to_png()).unwrap().to_rgb8();
        pixels.get_pixel(3, 3).0
    };
    // The blank page every window starts on, then a page of the app's without a background.
    assert_eq!(corner(window.clone()).await, [0x1e, 0x2a, 0x3c]);
    let page = page_file("no-background.html", "<p style='margin:40px'>text</p>");
    window.load_file(&page).await.unwrap();
    assert_eq!(corner(window.clone()).await, [0x1e, 0x2a, 0x3c]);
    window
        .set_background_color(cathode::Color::parse("rgb(200, 100, 50)").unwrap())
        .await
        .unwrap();
    assert_eq!(corner(window.clone()).await, [200, 100, 50]);
    assert_eq!(window.background_color().to_hex(), "#c86432");
    // A window without the option is the browser's white.
    let plain = test.window().await;
    assert_eq!(plain.background_color().to_hex(), "#ffffff");
    plain.load_file(&page).await.unwrap();
    assert_eq!(corner(plain).await, [255, 255, 255]);
    assert_eq!(test.exit().await, 0);
}

/// As Electron: a window is titled with the app's name until its page has a title of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_is_titled_with_the_apps_name_until_its_page_has_a_title() {
    let test = TestApp::start().await;
    let window = test.window().await;
    assert_eq!(window.title(), test.app.name());
    window
        .load_file(page_file("untitled.html", "<p>no title here</p>"))
        .await
        .unwrap();
    assert_eq!(window.title(), test.app.name());
    window
        .load_file(page_file(
            "titled.html",
            "<title>Notes</title><p>titled</p>",
        ))
        .await
        .unwrap();
    within(async {
        while window.title() != "Notes" {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert_eq!(test.exit().await, 0);
}
