//! The page's input in apps' main scripts, run with the real `cathode` command against headless
//! Chromium: `before-input-event` keeps keys from the page, a modal window blocks its parent.

mod common;

use common::{assert_exit, cathode, test_app, text};

#[test]
fn an_app_keeps_ctrl_q_from_its_page_and_survives_a_throwing_listener() {
    let output = cathode(
        &[
            "run",
            "--headless",
            &test_app("keyboard-guard").to_string_lossy(),
        ],
        None,
    );
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
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
        "{stdout}"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("the second listener broke"), "{stderr}");
}

#[test]
fn a_modal_dialog_keeps_clicks_from_its_parent_until_it_closes() {
    let output = cathode(
        &[
            "run",
            "--headless",
            &test_app("modal-dialog").to_string_lossy(),
        ],
        None,
    );
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "saves before the dialog: 1",
            "dialog modal: true, parent: true",
            "while it is open: 1 saves, dialog focused: true",
            "after it closed: 2 saves",
        ],
        "{stdout}"
    );
}
