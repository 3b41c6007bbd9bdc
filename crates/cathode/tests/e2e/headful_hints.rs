//! The window manager's hints Electron sets on Linux (always on top, out of the taskbar, a
//! child's parent, modal), as the window manager sees them (`xprop`), under Xvfb with openbox.

use cathode::WindowOptions;

use crate::common::{page_file, within};
use crate::headful::{eventually, titled_window, VirtualDisplay};

/// An X11 window id written `0x...` (`wmctrl` pads it with zeros, `xprop` does not).
fn window_id(hex: &str) -> Option<u32> {
    u32::from_str_radix(hex.trim().strip_prefix("0x")?, 16).ok()
}

/// The X11 window id in `text` after `prefix`, as a number.
fn window_id_after(text: &str, prefix: &str) -> Option<u32> {
    window_id(text.split(prefix).nth(1)?.split_whitespace().next()?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn always_on_top_and_skip_taskbar_reach_the_window_manager() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let window = titled_window(
        &test,
        "ontop",
        WindowOptions {
            always_on_top: true,
            skip_taskbar: true,
            ..WindowOptions::default()
        },
    )
    .await;
    let in_page = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&in_page);
    window.web_contents().on_did_navigate_in_page(move |_| {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let id = display.managed_titled("ontop").await.id;
    // The window was found by its first URL's marker, which is gone again, as every window
    // starts on `about:blank`; taking it off was no navigation of the page's.
    let url = window
        .web_contents()
        .execute_javascript("location.href")
        .await
        .unwrap();
    assert_eq!(url, "about:blank");
    assert_eq!(window.web_contents().url(), "about:blank");
    let state_is = |atom: &'static str, present: bool| {
        let display = &display;
        let id = id.clone();
        move || (display.states(&id).contains(atom) == present).then_some(())
    };
    eventually("above", state_is("_NET_WM_STATE_ABOVE", true)).await;
    eventually(
        "out of the taskbar",
        state_is("_NET_WM_STATE_SKIP_TASKBAR", true),
    )
    .await;

    window.set_always_on_top(false).unwrap();
    eventually("not above", state_is("_NET_WM_STATE_ABOVE", false)).await;
    assert!(!window.is_always_on_top());
    window.set_skip_taskbar(false).unwrap();
    eventually(
        "in the taskbar",
        state_is("_NET_WM_STATE_SKIP_TASKBAR", false),
    )
    .await;
    window.set_always_on_top(true).unwrap();
    eventually("above again", state_is("_NET_WM_STATE_ABOVE", true)).await;

    assert_eq!(in_page.load(std::sync::atomic::Ordering::SeqCst), 0);

    // A window without the options has neither.
    titled_window(&test, "plain", WindowOptions::default()).await;
    let plain = display.managed_titled("plain").await.id;
    let states = display.states(&plain);
    assert!(
        !states.contains("_NET_WM_STATE_ABOVE") && !states.contains("SKIP_TASKBAR"),
        "{states}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_child_is_transient_for_its_parent_and_a_modal_one_is_modal() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let parent = titled_window(&test, "parent", WindowOptions::default()).await;
    let child_options = WindowOptions {
        parent: Some(parent.id()),
        ..WindowOptions::default()
    };
    titled_window(&test, "child", child_options.clone()).await;
    let parent_id = display.managed_titled("parent").await.id;
    let parent_id = window_id(&parent_id).unwrap();
    let transient_for_the_parent = |title: &'static str| {
        let display = &display;
        async move {
            let id = display.managed_titled(title).await.id;
            eventually(&format!("{title} transient for its parent"), || {
                let transient = display.x_tool("xprop", &["-id", &id, "WM_TRANSIENT_FOR"]);
                (window_id_after(&transient, "window id # ") == Some(parent_id)).then_some(())
            })
            .await;
            window_id(&id).unwrap()
        }
    };
    let child = transient_for_the_parent("child").await;

    // The user activates the parent: the window manager keeps its child above it.
    display.x_tool("wmctrl", &["-F", "-a", "parent"]);
    let root_windows = |property: &str| -> Vec<u32> {
        let text = display.x_tool("xprop", &["-root", property]);
        text.split([' ', ',']).filter_map(window_id).collect()
    };
    eventually("the parent active", || {
        (root_windows("_NET_ACTIVE_WINDOW") == [parent_id]).then_some(())
    })
    .await;
    let stacking = root_windows("_NET_CLIENT_LIST_STACKING");
    let place = |id: u32| stacking.iter().position(|&window| window == id);
    assert!(
        place(parent_id) < place(child),
        "bottom to top: {stacking:x?}"
    );

    titled_window(
        &test,
        "dialog",
        WindowOptions {
            modal: true,
            ..child_options
        },
    )
    .await;
    transient_for_the_parent("dialog").await;
    let dialog = display.managed_titled("dialog").await.id;
    eventually("the dialog modal", || {
        display
            .states(&dialog)
            .contains("_NET_WM_STATE_MODAL")
            .then_some(())
    })
    .await;
    let child = display.managed_titled("child").await.id;
    assert!(!display.states(&child).contains("_NET_WM_STATE_MODAL"));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_limits_and_resizable_hold_the_user_to_them() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let window = titled_window(
        &test,
        "limits",
        WindowOptions {
            min_width: Some(300),
            min_height: Some(200),
            max_width: Some(900),
            max_height: Some(700),
            ..WindowOptions::default()
        },
    )
    .await;
    // The page of a loaded document watches its window (not the first blank one).
    let page = page_file("headful-limits.html", "<title>limits</title>");
    within(window.load_file(&page)).await.unwrap();
    let id = display.managed_titled("limits").await.id;
    let limits_are = |min: &'static str, max: &'static str| {
        let display = &display;
        let id = id.clone();
        move || {
            let hints = display.x_tool("xprop", &["-id", &id, "WM_NORMAL_HINTS"]);
            (hints.contains(&format!("minimum size: {min}"))
                && hints.contains(&format!("maximum size: {max}")))
            .then_some(())
        }
    };
    eventually("the size limits", limits_are("300 by 200", "900 by 700")).await;
    let size_is = |size: (u32, u32)| {
        let display = &display;
        move || {
            let shown = display.managed_titled_now("limits")?;
            ((shown.width, shown.height) == size).then_some(shown)
        }
    };

    // The user drags the frame past the limits: the window manager stops at them.
    display.x_tool("wmctrl", &["-F", "-r", "limits", "-e", "0,50,50,1000,150"]);
    eventually("900×200", size_is((900, 200))).await;
    eventually("the window's own size", || {
        (window.get_size() == (900, 200)).then_some(())
    })
    .await;

    // Not resizable: its size is both limits, and a drag moves it without resizing it.
    window.set_resizable(false).unwrap();
    eventually("fixed size", limits_are("900 by 200", "900 by 200")).await;
    let before = display.managed_titled_now("limits").unwrap();
    display.x_tool("wmctrl", &["-F", "-r", "limits", "-e", "0,120,90,600,400"]);
    let after = eventually("the move", || {
        let shown = display.managed_titled_now("limits")?;
        ((shown.x, shown.y) != (before.x, before.y)).then_some(shown)
    })
    .await;
    assert_eq!((after.width, after.height), (900, 200));
    // cathode's own resize still resizes it, and the limits follow.
    within(window.set_size(500, 400).unwrap()).await.unwrap();
    eventually("500×400", size_is((500, 400))).await;
    eventually("the new fixed size", limits_are("500 by 400", "500 by 400")).await;

    window.set_resizable(true).unwrap();
    eventually("the limits again", limits_are("300 by 200", "900 by 700")).await;
    display.x_tool("wmctrl", &["-F", "-r", "limits", "-e", "0,50,50,640,480"]);
    eventually("640×480", size_is((640, 480))).await;
    test.exit().await;
}
