//! webContents tools in apps' main scripts, run with the real `cathode` command against headless
//! Chromium: window-open handling (links sent to the user's browser, a denied `window.open` that
//! is `null`, the app's own windows, a handler that throws).

mod common;

use common::{
    assert_exit, cathode, command_with_path, finish, opened_lines, recording_opener, run_test_app,
    test_app, text,
};

#[test]
fn links_open_in_the_users_browser_and_the_apps_pages_in_its_own_window() {
    let opener = recording_opener("cli-contents", "window-open-handler");
    let mut command = command_with_path("window-open-handler", &opener);
    command
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/cathode-bus",
        );
    let output = finish(command);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let asked: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| line.starts_with("asked: "))
        .collect();
    assert_eq!(
        asked,
        [
            "asked: (no name) foreground-tab https://docs.example.invalid/guide?a=1&b=2",
            "asked: broken new-window about.html",
            "asked: about-box foreground-tab about.html",
        ],
        "{stdout}"
    );
    assert!(lines.contains(&"opened externally"), "{stdout}");
    assert_eq!(
        lines.last(),
        Some(&"created: \"About this app\" for about-box, windows: 2"),
        "{stdout}"
    );
    // The link reached the user's browser as one argument.
    assert_eq!(
        opened_lines(&opener, 1),
        ["<https://docs.example.invalid/guide?a=1&b=2>"]
    );
    // The handler that threw: reported, and its window denied.
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "Error in the window-open handler: Error: this handler does not like broken windows"
        ) && stderr.contains("window denied: this handler does not like broken windows"),
        "{stderr}"
    );
}

#[test]
fn a_denied_window_open_gives_the_page_null_and_the_handler_runs_once_per_call() {
    let (lines, stderr) = run_test_app("help-links");
    assert_eq!(
        lines,
        [
            "manual: window.open gave null",
            "forum: window.open gave null",
            "about: window.open gave a window",
            "about window: About Help",
            "handler calls: 3",
            "opened outside: https://help.example.invalid/manual https://forum.example.invalid/",
            "windows: 2",
        ],
        "{stderr}"
    );
}

#[test]
fn an_app_captures_prints_and_walks_its_windows_history() {
    let output = cathode(
        &[
            "run",
            "--headless",
            &test_app("page-tools").to_string_lossy(),
        ],
        None,
    );
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "capture: viewport size, empty false",
            "png: 89 50 4e 47, jpeg: ff d8 ff",
            "data url: data:image/png;base64,",
            "part: {\"width\":20,\"height\":10}",
            "bad quality: toJPEG: quality must be 0 to 100, not 101",
            "pdf: %PDF- (has content)",
            "bad page size: BrowserWindow.printToPDF: Invalid pageSize A9",
            "history: First, Second; back true, forward false",
            "back at first: true, forward true",
            "forward at second: true",
            "closed window: there is no window 1",
        ],
        "{stdout}{}",
        text(&output.stderr)
    );
}

#[test]
fn an_app_clicks_and_types_into_its_page_restyles_it_and_asks_for_devtools() {
    let output = cathode(
        &[
            "run",
            "--headless",
            "--devtools",
            &test_app("input-and-style").to_string_lossy(),
        ],
        None,
    );
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "browser agent: Chrome",
            "agent now: FormFiller/1.0",
            "page sees: FormFiller/1.0",
            "save clicked (trusted: true); typed \"Ada\"",
            "with the sheet: rgb(10, 20, 30)",
            "without: rgba(0, 0, 0, 0)",
            "devtools open: false",
        ],
        "{stdout}"
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("sendInputEvent failed: BrowserWindow.sendInputEvent: the event's type must be mouseDown")
            && stderr.contains("--devtools needs a display; running headless, no DevTools open"),
        "{stderr}"
    );
}

#[test]
fn a_page_with_unsaved_work_stays_until_main_lets_it_go_and_its_alert_does_not_hang() {
    let (lines, stderr) = run_test_app("unsaved-changes");
    assert_eq!(
        lines,
        [
            "did-navigate index.html",
            "alert answered: undefined",
            "will-prevent-unload #1",
            "still on: Draft",
            "will-prevent-unload #2",
            "after close: Draft, destroyed=false",
            "will-prevent-unload #3",
            "did-navigate saved.html",
            "now on: Saved",
        ],
        "{stderr}"
    );
}

#[test]
fn a_find_bar_steps_through_the_pages_matches() {
    let (lines, stderr) = run_test_app("find-bar");
    assert_eq!(
        lines,
        [
            "request 1: 1 of 4 (final)",
            "request 2: 2 of 4 (final)",
            "request 3: 1 of 4 (final)",
            "request 4: 1 of 1 (final)",
            "first id: 1, selected: Notes",
            "empty: Must provide a non-empty search content",
            "bad action: TypeError",
        ],
        "{stderr}"
    );
}
