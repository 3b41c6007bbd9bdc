//! The window manager's hints Electron sets on Linux (always on top, out of the taskbar, a
//! child's parent, modal), as the window manager sees them (`xprop`), under Xvfb with openbox.

use cathode::WindowOptions;

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
    titled_window(
        &test,
        "dialog",
        WindowOptions {
            modal: true,
            ..child_options
        },
    )
    .await;
    let parent_id = display.managed_titled("parent").await.id;
    let parent_id = window_id(&parent_id).unwrap();
    for title in ["child", "dialog"] {
        let id = display.managed_titled(title).await.id;
        eventually(&format!("{title} transient for its parent"), || {
            let transient = display.x_tool("xprop", &["-id", &id, "WM_TRANSIENT_FOR"]);
            (window_id_after(&transient, "window id # ") == Some(parent_id)).then_some(())
        })
        .await;
    }
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
