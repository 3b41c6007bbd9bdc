//! The page's input in apps' main scripts, run with the real `cathode` command against headless
//! Chromium: `before-input-event` keeps keys from the page, a modal window blocks its parent,
//! the page's own full screen is its window's, the wheel with Ctrl asks for zoom; and the menu
//! bar's settings (kept and answered).

mod common;

use common::run_test_app;

#[test]
fn an_app_keeps_ctrl_q_from_its_page_and_survives_a_throwing_listener() {
    let (lines, stderr) = run_test_app("keyboard-guard");
    assert_eq!(
        lines,
        [
            "main: keyDown q KeyQ [control]",
            "main: keyUp q KeyQ [control]",
            "main: keyDown s KeyS [control]",
            "main: keyUp s KeyS [control]",
            "main: keyDown x KeyX []",
            "main: keyUp x KeyX []",
            "page heard: down Ctrl+s, up Ctrl+s, down x, up x",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("the second listener broke"), "{stderr}");
}

#[test]
fn a_modal_dialog_keeps_clicks_from_its_parent_until_it_closes() {
    let (lines, stderr) = run_test_app("modal-dialog");
    assert_eq!(
        lines,
        [
            "saves before the dialog: 1",
            "dialog modal: true, parent: true",
            "while it is open: 1 saves, dialog focused: true",
            "after it closed: 2 saves",
        ],
        "{stderr}"
    );
}

#[test]
fn an_apps_page_presents_full_screen_and_the_app_zooms_on_ctrl_wheel() {
    let (lines, stderr) = run_test_app("slide-show");
    assert_eq!(
        lines,
        [
            "window: enter-html-full-screen",
            "contents: enter-html-full-screen",
            "window: enter-full-screen",
            "full screen: true",
            "window: leave-html-full-screen",
            "contents: leave-html-full-screen",
            "window: leave-full-screen",
            "full screen: false",
            "window: enter-html-full-screen",
            "contents: enter-html-full-screen",
            "window: enter-full-screen",
            "window: leave-full-screen",
            "window: leave-html-full-screen",
            "contents: leave-html-full-screen",
            "page full screen after setFullScreen(false): false",
            "zoom-changed in: factor 1.5",
            "zoom-changed in: factor 2",
            "zoom-changed out: factor 1.5",
        ],
        "{stderr}"
    );
}

#[test]
fn an_apps_menu_bar_settings_are_answered_as_set() {
    let (lines, stderr) = run_test_app("menu-bar-settings");
    assert_eq!(
        lines,
        [
            "opened: autoHide true, visible false",
            "shown: autoHide true, visible true",
            "property: false, true",
            "plain: autoHide false, visible true",
            "plain hidden: autoHide false, visible false",
            "later: autoHide false, visible true; autoHide false, visible false",
        ],
        "{stderr}"
    );
    // The option is taken, not warned about as ignored.
    assert!(!stderr.contains("autoHideMenuBar"), "{stderr}");
}
