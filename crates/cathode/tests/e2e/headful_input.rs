//! The page's input and full screen in real app windows on an X display with a window manager
//! (the fixture of `headful.rs`): what the window manager sees.

use cathode::WindowOptions;

use crate::common::{run_js, script_page, within, Seen};
use crate::headful::{eventually, titled_window, VirtualDisplay};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pages_full_screen_request_makes_the_app_window_full_screen() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let window = titled_window(&test, "presenter", WindowOptions::default()).await;
    let page = script_page(
        "headful-html-full-screen.html",
        "document.title = 'presenter'; const slide = document.createElement('section');\
         slide.id = 'slide'; slide.textContent = 'slide'; document.body.append(slide);",
    );
    within(window.load_file(page)).await.unwrap();
    let managed = display.managed_titled("presenter").await;
    let mut entered = Seen::new();
    let tx = entered.sender();
    window.web_contents().on_enter_html_full_screen(move || {
        let _ = tx.send(());
    });
    let enter = "document.getElementById('slide').requestFullscreen().then(() => 'entered')";
    assert_eq!(run_js(&window, enter).await, "entered");
    entered.next().await;
    assert!(window.is_full_screen());
    let id = managed.id.clone();
    eventually("the window manager's full screen", || {
        display
            .states(&id)
            .contains("_NET_WM_STATE_FULLSCREEN")
            .then_some(())
    })
    .await;
    // The window leaves full screen: so does the page, and the window manager's window.
    within(window.set_full_screen(false).unwrap())
        .await
        .unwrap();
    eventually("the window manager's normal state", || {
        (!display.states(&id).contains("_NET_WM_STATE_FULLSCREEN")).then_some(())
    })
    .await;
    within(async {
        while run_js(&window, "document.fullscreenElement !== null").await == true {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await;
    // The page's report of it reaches main on its own path.
    eventually("main hearing the page left", || {
        (!window.web_contents().is_html_full_screen()).then_some(())
    })
    .await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focused_parent_hands_the_focus_back_to_its_modal() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let parent = titled_window(&test, "document", WindowOptions::default()).await;
    let options = WindowOptions {
        parent: Some(parent.id()),
        modal: true,
        ..WindowOptions::default()
    };
    let modal = titled_window(&test, "question", options).await;
    // Pages of their own: the window watcher runs in documents the windows load.
    for (window, title) in [(&parent, "document"), (&modal, "question")] {
        let page = script_page(
            &format!("headful-modal-{title}.html"),
            &format!("document.title = '{title}';"),
        );
        within(window.load_file(page)).await.unwrap();
    }
    display.managed_titled("question").await;
    within(modal.focus()).await.unwrap();
    let mut modal_focused = Seen::new();
    let tx = modal_focused.sender();
    modal.on_focus(move || {
        let _ = tx.send(());
    });
    // The parent is brought to the front and gets the focus: its page tells main, which gives
    // the focus back to the modal.
    within(parent.focus()).await.unwrap();
    modal_focused.next().await;
    // The parent's own reports of its focus may still come in after that: each one sends the
    // focus back to the modal, where it ends.
    eventually("the focus back on the modal", || {
        modal.is_focused().then_some(())
    })
    .await;
    test.exit().await;
}
