//! A window's geometry and state, headless: maximise, minimise, full screen, size, position,
//! limits, focus, with their events, checked against what the page itself sees.

use cathode::{BrowserWindow, Error, Rectangle, WindowEvent, WindowOptions};

use crate::common::{run_js, within, Seen, TestApp};

/// Records every geometry event of `window` by its Electron name.
fn record_events(window: &BrowserWindow) -> Seen<&'static str> {
    let seen = Seen::new();
    for event in WindowEvent::ALL {
        let tx = seen.sender();
        window.on_window_event(event, move || {
            let _ = tx.send(event.name());
        });
    }
    seen
}

/// The events seen until none comes for a while.
async fn drain(seen: &mut Seen<&'static str>) -> Vec<&'static str> {
    let mut events = Vec::new();
    while let Some(event) = seen
        .next_within(std::time::Duration::from_millis(300))
        .await
    {
        events.push(event);
    }
    events
}

/// Waits until the page sees its window as `condition` (JavaScript) says: a page learns of a
/// change a moment after the browser made it (`resize`, `visibilitychange`). Fails the test when
/// it never does, with what the page saw.
async fn page_reaches(window: &BrowserWindow, condition: &str) {
    let code = format!(
        "new Promise((resolve) => {{ const check = () => {{ if ({condition}) resolve(true); }}; \
         check(); addEventListener('resize', check); \
         document.addEventListener('visibilitychange', check); \
         setInterval(check, 50); }})"
    );
    let reached = within(window.web_contents().execute_javascript(&code)).await;
    assert_eq!(reached.unwrap(), true, "{condition}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maximize_minimize_and_full_screen_change_the_window_and_fire_once() {
    let test = TestApp::start().await;
    let window = test.window().await;
    window
        .set_bounds(Rectangle {
            x: 30,
            y: 40,
            width: 500,
            height: 400,
        })
        .await
        .unwrap();
    let mut seen = record_events(&window);

    window.maximize().unwrap().await.unwrap();
    assert!(window.is_maximized() && !window.is_normal());
    assert_eq!(
        window.get_normal_bounds(),
        Rectangle {
            x: 30,
            y: 40,
            width: 500,
            height: 400
        }
    );
    let screen = run_js(&window, "[screen.availWidth, screen.availHeight]").await;
    let (screen_width, screen_height) = (
        screen[0].as_u64().unwrap() as u32,
        screen[1].as_u64().unwrap() as u32,
    );
    assert_eq!(window.get_size(), (screen_width, screen_height));
    page_reaches(
        &window,
        &format!("outerWidth === {screen_width} && outerHeight === {screen_height}"),
    )
    .await;
    assert_eq!(
        drain(&mut seen).await,
        ["maximize", "resize", "resized", "move", "moved"]
    );
    // A second maximize changes nothing and says nothing.
    window.maximize().unwrap().await.unwrap();
    assert!(drain(&mut seen).await.is_empty());

    window.unmaximize().unwrap().await.unwrap();
    assert!(!window.is_maximized());
    assert_eq!(
        window.get_bounds(),
        Rectangle {
            x: 30,
            y: 40,
            width: 500,
            height: 400
        }
    );
    page_reaches(
        &window,
        "outerWidth === 500 && outerHeight === 400 && screenX === 30 && screenY === 40",
    )
    .await;
    assert_eq!(
        drain(&mut seen).await,
        ["unmaximize", "resize", "resized", "move", "moved"]
    );

    window.minimize().unwrap().await.unwrap();
    assert!(window.is_minimized());
    page_reaches(&window, "document.visibilityState === 'hidden'").await;
    window.restore().unwrap().await.unwrap();
    assert!(!window.is_minimized());
    page_reaches(&window, "document.visibilityState === 'visible'").await;
    assert_eq!(drain(&mut seen).await, ["minimize", "restore"]);

    window.set_full_screen(true).unwrap().await.unwrap();
    assert!(window.is_full_screen());
    assert_eq!(window.get_size(), (screen_width, screen_height));
    window.set_full_screen(false).unwrap().await.unwrap();
    assert!(!window.is_full_screen());
    assert_eq!(window.get_size(), (500, 400));
    assert_eq!(
        drain(&mut seen).await,
        [
            "enter-full-screen",
            "resize",
            "resized",
            "move",
            "moved",
            "leave-full-screen",
            "resize",
            "resized",
            "move",
            "moved"
        ]
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_position_and_content_size_answer_at_once_and_reach_the_page() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let mut seen = record_events(&window);

    // The getters answer right after the call, before the browser has done it.
    let applied = window.set_size(640, 480).unwrap();
    assert_eq!(window.get_size(), (640, 480));
    applied.await.unwrap();
    window.set_position(12, 34).unwrap().await.unwrap();
    assert_eq!(window.get_position(), (12, 34));
    page_reaches(
        &window,
        "outerWidth === 640 && outerHeight === 480 && screenX === 12 && screenY === 34",
    )
    .await;
    assert_eq!(
        drain(&mut seen).await,
        ["resize", "resized", "move", "moved"]
    );

    let content = window.get_content_bounds();
    page_reaches(
        &window,
        &format!(
            "innerWidth === {} && innerHeight === {}",
            content.width, content.height
        ),
    )
    .await;
    window.set_content_size(300, 200).unwrap().await.unwrap();
    assert_eq!(window.get_content_size(), (300, 200));
    page_reaches(&window, "innerWidth === 300 && innerHeight === 200").await;
    let wanted = Rectangle {
        x: 40,
        y: 150,
        width: 520,
        height: 260,
    };
    window.set_content_bounds(wanted).unwrap().await.unwrap();
    assert_eq!(window.get_content_bounds(), wanted);
    page_reaches(&window, "innerWidth === 520 && innerHeight === 260").await;

    window.center().unwrap().await.unwrap();
    let screen = run_js(&window, "[screen.availWidth, screen.availHeight]").await;
    let (x, y) = window.get_position();
    let (width, height) = window.get_size();
    assert_eq!(x, (screen[0].as_i64().unwrap() as i32 - width as i32) / 2);
    assert_eq!(y, (screen[1].as_i64().unwrap() as i32 - height as i32) / 2);
    page_reaches(&window, &format!("screenX === {x} && screenY === {y}")).await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minimum_and_maximum_sizes_hold_for_the_options_and_later_changes() {
    let test = TestApp::start().await;
    let options = WindowOptions {
        width: 200,
        height: 900,
        min_width: Some(300),
        max_height: Some(500),
        ..WindowOptions::default()
    };
    let window = within(BrowserWindow::new(&test.app, options))
        .await
        .unwrap();
    assert_eq!(window.get_size(), (300, 500));
    assert_eq!(window.get_minimum_size(), (300, 0));
    assert_eq!(window.get_maximum_size(), (0, 500));
    let opened = window.bounds().await.unwrap();
    assert_eq!((opened.width, opened.height), (300, 500));

    window.set_size(100, 100).unwrap().await.unwrap();
    assert_eq!(window.get_size(), (300, 100));
    window.set_maximum_size(250, 250).unwrap().await.unwrap();
    // A maximum below the minimum gives way to the minimum.
    assert_eq!(window.get_size(), (300, 100));
    window.set_minimum_size(0, 0).unwrap().await.unwrap();
    assert_eq!(window.get_size(), (250, 100));
    // (Headless, a page's `outerWidth` stays at 500 or more; the browser's answer is exact.)
    let now = window.bounds().await.unwrap();
    assert_eq!((now.width, now.height), (250, 100));
    page_reaches(&window, "innerWidth === 250").await;

    assert!(window.is_resizable());
    window.set_resizable(false).unwrap();
    assert!(!window.is_resizable());
    window.set_always_on_top(true).unwrap();
    assert!(window.is_always_on_top());
    window.flash_frame(true);
    window.set_progress_bar(0.5);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sizes_out_of_range_are_refused_with_electrons_error_and_change_nothing() {
    let test = TestApp::start().await;
    let window = test.window().await;
    window.set_size(500, 400).unwrap().await.unwrap();
    let mut seen = record_events(&window);
    let too_large = 1 << 31;
    let refused = window.set_size(too_large, 10).unwrap_err();
    assert!(matches!(refused, Error::BadMethodCall { .. }));
    assert_eq!(
        refused.to_string(),
        "BrowserWindow.setSize: Error processing argument at index 0, conversion failure from 2147483648"
    );
    let refused = window
        .set_bounds(Rectangle {
            x: 0,
            y: 0,
            width: 10,
            height: too_large,
        })
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("index 1, conversion failure"),
        "{refused}"
    );
    assert!(window.set_content_size(too_large, 1).is_err());
    assert!(window.set_minimum_size(1, too_large).is_err());
    assert_eq!(window.get_size(), (500, 400));
    assert_eq!(window.get_minimum_size(), (0, 0));
    let now = window.bounds().await.unwrap();
    assert_eq!((now.width, now.height), (500, 400));
    assert!(drain(&mut seen).await.is_empty());

    window.destroy();
    assert!(matches!(
        window.maximize(),
        Err(Error::WindowDestroyed { .. })
    ));
    assert!(matches!(
        window.set_size(1, 1),
        Err(Error::WindowDestroyed { .. })
    ));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_moves_between_windows_with_blur_and_focus() {
    let test = TestApp::start().await;
    let first = test.window().await;
    let mut first_seen = record_events(&first);
    let second = within(BrowserWindow::new(&test.app, WindowOptions::default()))
        .await
        .unwrap();
    let mut second_seen = record_events(&second);
    // The new window took the focus.
    assert_eq!(drain(&mut first_seen).await, ["blur"]);
    assert!(second.is_focused() && !first.is_focused());

    first.focus().await.unwrap();
    assert!(first.is_focused() && !second.is_focused());
    assert_eq!(
        BrowserWindow::get_focused_window(&test.app),
        Some(first.clone())
    );
    assert_eq!(drain(&mut second_seen).await, ["blur"]);
    assert_eq!(drain(&mut first_seen).await, ["focus"]);
    // Focusing the focused window says nothing.
    first.focus().await.unwrap();
    assert!(drain(&mut first_seen).await.is_empty());

    first.blur().unwrap();
    assert!(!first.is_focused());
    assert_eq!(BrowserWindow::get_focused_window(&test.app), None);
    assert_eq!(drain(&mut first_seen).await, ["blur"]);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_and_hide_fire_once_and_options_open_the_window_as_asked() {
    let test = TestApp::start().await;
    let parent = test.window().await;
    let hidden = within(BrowserWindow::new(
        &test.app,
        WindowOptions {
            show: false,
            parent: Some(parent.id()),
            modal: true,
            ..WindowOptions::default()
        },
    ))
    .await
    .unwrap();
    let mut seen = record_events(&hidden);
    hidden.show().await.unwrap();
    hidden.show().await.unwrap();
    hidden.hide().await.unwrap();
    assert!(!hidden.is_visible());
    assert_eq!(drain(&mut seen).await, ["show", "hide"]);
    assert_eq!(hidden.get_parent_window(), Some(parent.clone()));
    assert!(hidden.is_modal());
    assert_eq!(parent.get_child_windows(), std::slice::from_ref(&hidden));
    assert_eq!(parent.get_parent_window(), None);

    let full = within(BrowserWindow::new(
        &test.app,
        WindowOptions {
            full_screen: true,
            ..WindowOptions::default()
        },
    ))
    .await
    .unwrap();
    assert!(full.is_full_screen());
    page_reaches(
        &full,
        "outerWidth === screen.width && outerHeight === screen.height",
    )
    .await;

    let centred = within(BrowserWindow::new(
        &test.app,
        WindowOptions {
            width: 400,
            height: 300,
            center: true,
            ..WindowOptions::default()
        },
    ))
    .await
    .unwrap();
    page_reaches(
        &centred,
        "screenX === Math.floor((screen.availWidth - 400) / 2)",
    )
    .await;

    let placed = within(BrowserWindow::new(
        &test.app,
        WindowOptions {
            x: Some(70),
            y: Some(80),
            ..WindowOptions::default()
        },
    ))
    .await
    .unwrap();
    page_reaches(&placed, "screenX === 70 && screenY === 80").await;
    assert_eq!(placed.get_position(), (70, 80));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_that_is_not_full_screenable_stays_out_of_full_screen() {
    let test = TestApp::start().await;
    let options = WindowOptions {
        width: 400,
        height: 300,
        full_screenable: false,
        ..WindowOptions::default()
    };
    let window = within(BrowserWindow::new(&test.app, options))
        .await
        .unwrap();
    let mut seen = record_events(&window);
    assert!(!window.is_full_screenable());
    window.set_full_screen(true).unwrap().await.unwrap();
    assert!(!window.is_full_screen());
    assert!(drain(&mut seen).await.is_empty());
    // The browser's window too kept its size.
    let now = within(window.bounds()).await.unwrap();
    assert_eq!((now.width, now.height), (400, 300));

    window.set_full_screenable(true).unwrap();
    window.set_full_screen(true).unwrap().await.unwrap();
    assert!(window.is_full_screen());
    // Made not full-screenable while full screen: it may still leave.
    window.set_full_screenable(false).unwrap();
    window.set_full_screen(false).unwrap().await.unwrap();
    assert!(!window.is_full_screen());
    let full_screen: Vec<&str> = drain(&mut seen)
        .await
        .into_iter()
        .filter(|event| event.ends_with("full-screen"))
        .collect();
    assert_eq!(full_screen, ["enter-full-screen", "leave-full-screen"]);
    test.exit().await;
}
