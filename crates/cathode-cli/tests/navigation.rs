//! Apps that follow their pages' navigation with `require('electron')`: links to the web sent to
//! the user's browser from `will-navigate`, a hidden window shown on `ready-to-show`, the
//! loading events and `page-title-updated`. Run with the real `cathode` command, headless.

mod common;

use std::path::Path;

use common::{assert_exit, command_with_path, finish, opened_lines, recording_opener, text};

/// Runs the test app `name` headless, with the programs in `bin` first on PATH.
fn run_with_path(name: &str, bin: &Path) -> std::process::Output {
    finish(command_with_path(name, bin))
}

#[test]
fn links_to_the_web_open_in_the_users_browser_and_the_apps_own_pages_in_its_window() {
    let bin = recording_opener("cli-navigation", "open-links-externally");
    let output = run_with_path("open-links-externally", &bin);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "will-navigate: https://docs.example.com/guide (event.url the same)",
            "opened in the browser: https://docs.example.com/guide",
            "still showing: Links",
            "will-navigate: about.html (event.url the same)",
            "did-navigate: about.html 200",
            "now showing: About",
        ],
        "{stdout}"
    );
    // The opener got the URL as one argument, once.
    assert_eq!(opened_lines(&bin, 1), ["<https://docs.example.com/guide>"]);
    // The listener that threw was reported; the navigation went on (above).
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("Error in a 'will-navigate' listener")
            && stderr.contains("a bug in a will-navigate listener"),
        "{stderr}"
    );
}

#[test]
fn a_hidden_window_shows_on_ready_to_show_and_keeps_its_own_title() {
    let bin = recording_opener("cli-navigation", "show-when-ready");
    let output = run_with_path("show-when-ready", &bin);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    for expected in [
        "page-title-updated: Page Title explicitSet=true",
        "ready-to-show: visible=false",
        "shown: visible=true",
        "window title: My App; page title: Page Title",
        "ready-to-show count: 1",
    ] {
        assert!(lines.contains(&expected), "{expected:?} in:\n{stdout}");
    }
    let events: Vec<&str> = lines
        .iter()
        .copied()
        .skip_while(|line| !line.starts_with("ready-to-show count"))
        .skip(1)
        .collect();
    assert_eq!(
        events,
        [
            "did-start-navigation index.html inPlace=false main=true",
            "did-start-loading",
            "did-navigate index.html 200",
            "did-start-navigation index.html#settings inPlace=true main=true",
            "did-navigate-in-page index.html#settings main=true",
            "did-stop-loading loading=false",
        ],
        "{stdout}"
    );
}
