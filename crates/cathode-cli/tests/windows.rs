//! Windows and their web contents as apps use them: zoom, the Edit menu's commands, window
//! properties, the window manager's hints.

mod common;

use std::process::Command;

use common::{assert_exit, cathode, finish, test_app, text};

#[test]
fn a_reader_zooms_its_page_which_lays_out_narrower() {
    let app = test_app("reading-zoom");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "actual size: wide layout, zoom factor 1",
            "larger text: narrow layout in 0.5 of the width, zoom factor 2, level 3.80",
            "refused: 'zoomFactor' must be a double greater than 0.0",
            "actual size again: wide layout in 1 of the width, zoom factor 1",
        ],
        "{stdout}"
    );
}

#[test]
fn a_notes_apps_edit_menu_types_copies_pastes_and_undoes() {
    let app = test_app("notes-edit-menu");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            r#"typed: ["Shopping","Shopping: milk"]"#,
            r#"deleted: ["Shopping",""]"#,
            r#"undone: ["Shopping","Shopping: milk"]"#,
        ],
        "{stdout}"
    );
}

#[test]
fn a_floating_palette_takes_its_window_manager_options_without_a_warning() {
    let app = test_app("floating-palette");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "child of the editor: true",
            "on top: true, resizable: false",
            "docked: on top false, resizable true",
        ],
        "{stdout}"
    );
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("ignored"), "{stderr}");
}

/// The same app in a real window, on an X display without a window manager: the hints are
/// written into the windows' properties, which the app reads with `xprop`.
#[test]
fn a_floating_palettes_window_manager_hints_are_set_in_a_real_window() {
    let display = cathode_testing::VirtualDisplay::start();
    let app = test_app("floating-palette");
    let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
    command
        .args(["run", &app.to_string_lossy()])
        .env("DISPLAY", display.name())
        .env("XPROP", "1")
        .env_remove("WAYLAND_DISPLAY");
    let output = finish(command);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "child of the editor: true",
            "on top: true, resizable: false",
            "the window manager is told: true",
            "docked: on top false, resizable true",
        ],
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_presentation_window_is_set_up_through_its_properties() {
    let app = test_app("window-properties");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "title: Presenter view, resizable: false, fullScreenable: false",
            "asked for full screen: false",
            "allowed, then asked: true",
            "blurred: window false, page false",
            "page focused: true",
        ],
        "{stdout}"
    );
}
