//! Apps written the way Electron 12 and later apps are (`electron/main`, the `@electron/remote`
//! package, preloads), each kept unchanged in its own folder under `tests/apps/`, run with the
//! real `cathode` command against headless Chromium; the tests check their transcripts.

mod common;

use common::{
    assert_exit, cathode, command_with_path, finish, opened_lines, recording_opener, test_app, text,
};

#[test]
fn the_remote_package_is_enabled_exactly_for_the_windows_main_names() {
    let app = test_app("remote-package");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "initialized: false -> true",
            "initialize again: @electron/remote has already been initialized",
            "@electron/remote in main: @electron/remote cannot be required in the browser \
             process. Instead require(\"@electron/remote/main\").",
            "enabled window: theme dark, app remote-package, own window true",
        ],
        "{stdout}"
    );
    assert!(
        lines[4]
            .starts_with("other window: refused: The remote module is disabled for this window")
            && lines[4].contains("require(\"@electron/remote/main\").enable(webContents)"),
        "{stdout}"
    );
    // package.json names Electron 22: its defaults apply, and the warning says so.
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("security warning: pages get nodeIntegration;")
            && stderr.contains("Electron 22's defaults, as package.json's devDependencies name electron \"^22.3.0\""),
        "{stderr}"
    );
}

#[test]
fn electron_defaults_on_the_command_line_override_package_json() {
    let app = test_app("remote-package");
    let app = app.to_string_lossy();
    let output = cathode(
        &["run", "--headless", "--electron-defaults", "legacy", &app],
        None,
    );
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    // Before Electron 10 every node-integrated window had the remote module.
    assert!(
        stdout.contains("other window: theme dark, app remote-package, own window true"),
        "{stdout}"
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("pages get nodeIntegration and the remote module")
            && stderr.contains("the nodeIntegration era's defaults, as --electron-defaults legacy"),
        "{stderr}"
    );

    let refused = cathode(
        &["run", "--headless", "--electron-defaults", "newest", &app],
        None,
    );
    assert_exit(&refused, 2);
    assert!(
        text(&refused.stderr).contains("--electron-defaults takes an Electron major version"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn the_main_script_and_its_pages_exchange_structured_clone_values() {
    let app = test_app("structured-values");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "main got: Map(1=>one) | Date(1970-01-02T00:00:00.000Z) | Uint8Array(7) | undefined | 18446744073709551616n",
            "page got: Map(when=>Date(1970-01-01T00:00:00.000Z)) | Set(1n) | undefined",
            "page got: Uint8Array(3,2,1)",
            "page got: [2024, undefined]",
        ]
    );
}

/// Runs one of the apps under `tests/apps/` headless and gives its standard output's lines.
fn transcript(name: &str) -> Vec<String> {
    let app = test_app(name);
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains("Unhandled promise rejection") && !stderr.contains("Uncaught"),
        "{stderr}"
    );
    text(&output.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_starter_apps_preload_fills_the_page_and_its_bridge_answers_synchronously() {
    let lines = transcript("preload-versions");
    let chrome = lines[0]
        .split("Chromium ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default()
        .to_string();
    assert!(
        chrome.split('.').count() == 4 && chrome.split('.').all(|part| part.parse::<u32>().is_ok()),
        "the browser's own version: {lines:?}"
    );
    assert_eq!(
        lines,
        [
            format!("Node 16.15.0, Chromium {chrome}, Electron 20.0.0"),
            format!("Chrome v{chrome}, Node.js v16.15.0, Electron v20.0.0"),
            // The page's own world has nothing of Node or Electron.
            "page globals: []".to_string(),
        ]
    );
}

#[test]
fn a_page_asks_main_through_its_bridge_one_way() {
    assert_eq!(
        transcript("ipc-set-title"),
        ["title set to: Renamed by the page"]
    );
}

#[test]
fn a_page_invokes_main_through_its_bridge_and_gets_answers_and_errors() {
    assert_eq!(
        transcript("ipc-invoke"),
        [
            "groceries: milk, bread, apples",
            "missing: could not open it (Error: ENOENT)"
        ]
    );
}

#[test]
fn main_drives_a_page_callback_registered_through_the_bridge() {
    assert_eq!(transcript("ipc-counter"), ["counter went 1 -> 2 -> 7 -> 5"]);
}

#[test]
fn the_app_information_app_shows_its_folder_and_version() {
    let folder = test_app("app-information");
    assert_eq!(
        transcript("app-information"),
        [
            format!("This app is in {}", folder.display()),
            "This app runs on Electron 20.0.0".to_string(),
        ]
    );
}

#[test]
fn a_page_has_main_open_a_second_window_of_the_size_it_asks() {
    assert_eq!(
        transcript("new-window"),
        [
            "windows open: 2",
            "new window: 400x320, showing \"About this app\""
        ]
    );
}

#[test]
fn a_light_dark_switch_drives_the_pages_own_css_through_native_theme() {
    let lines = transcript("theme-switch");
    assert_eq!(
        lines[..4],
        [
            "updated: dark true",
            "dark: page prefers dark, background rgb(20, 20, 20)",
            "updated: dark false",
            "light: page prefers light, background rgb(255, 255, 255)",
        ],
        "{lines:?}"
    );
    // `system` hands the answer back to the browser, whatever this machine's desktop prefers.
    assert!(
        lines.len() == 5 && lines[4].starts_with("system: page prefers "),
        "{lines:?}"
    );
}

#[test]
fn main_asks_the_preload_for_the_unsaved_draft_through_invoke() {
    assert_eq!(
        transcript("save-draft"),
        [
            "saved 2 lines, 1 x \"cathode\", typed at true",
            "spellcheck: invoke of 'editor:spellcheck' in window 1: Error: No handler registered for 'editor:spellcheck'",
            "clear: invoke of 'editor:clear' in window 1: Error: the user said no to \"are you sure?\"",
        ]
    );
}

#[test]
fn a_window_goes_through_its_states_with_electrons_getters_events_and_errors() {
    assert_eq!(
        transcript("window-state"),
        [
            "opening: maximized true",
            "loaded: maximized true, normal 500x400 at 10,20",
            "unmaximized: false, size 500,400, position 10,20",
            "kept to the minimum width: 300,250",
            "TypeError: Error processing argument at index 0, conversion failure from NaN",
            "TypeError: Error processing argument at index 0, conversion failure from 1.5",
            "TypeError: Error processing argument at index 0, conversion failure from -1",
            "unchanged: 300,250, 10,20",
            "child's parent is the window: true",
            "backgrounds: #ffffff and #2b2b2b",
            "full screen: true, then false",
            "minimized: true, then false",
            "events: maximize unmaximize enter-full-screen leave-full-screen minimize restore blur",
            "focused after blur: null",
        ]
    );
}

/// In the style of Electron's window-events fiddle: the main page hears a second window gain and
/// lose focus and close, and its link goes to the user's browser (a recording `xdg-open`).
#[test]
fn a_page_watches_a_second_windows_focus_and_its_links_open_outside() {
    let opener = recording_opener("cli-electron-apps", "window-watch");
    let output = finish(command_with_path("window-watch", &opener));
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "notes window: focused, blurred, focused, closed",
            "opened outside: https://example.com/docs/windows",
            "main page still at index.html",
        ],
        "{stdout}"
    );
    assert_eq!(
        opened_lines(&opener, 1),
        ["<https://example.com/docs/windows>"]
    );
}

#[test]
fn two_windows_talk_on_main_s_message_channel_while_the_script_is_busy() {
    assert_eq!(
        transcript("message-ports"),
        [
            "posting a port that left main: Port at index 0 is already neutered.",
            // The script's thread spun until the right page had the left one's three messages.
            "while main was busy: right: 3 from left; main saw 0 of them",
            "main got a calculator port: MessagePortMain",
            "posting the port twice: DataCloneError",
            "calculator: 1 squared is 1",
            "calculator: 2 squared is 4",
            "calculator: main closed the port",
        ]
    );
}
