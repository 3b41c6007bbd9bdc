//! On a machine without a desktop (no display, no session bus, no zenity), as CI runs: every
//! module answers at once, dialogs with Electron's canceled result, nothing hangs.

use std::sync::Once;
use std::time::Duration;

use cathode_desktop::dialog::{
    self, MessageBoxOptions, OpenDialogOptions, OpenDialogResult, SaveDialogOptions,
};
use cathode_desktop::{clipboard, notification, screen, Error};

/// A safety net against a hang, sized for a loaded machine; the calls answer in milliseconds.
const LIMIT: Duration = Duration::from_secs(60);

/// This test binary's process runs without a desktop: no display, a session bus address that
/// leads nowhere, and a PATH without zenity.
fn without_desktop() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::env::remove_var("DISPLAY");
        std::env::remove_var("WAYLAND_DISPLAY");
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/cathode-bus",
        );
        std::env::set_var("PATH", "/nonexistent-cathode-path");
    });
}

async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, future)
        .await
        .expect("the call answered in time")
}

#[tokio::test]
async fn dialogs_without_a_desktop_return_electrons_canceled_results() {
    without_desktop();
    let open = within(dialog::show_open_dialog(OpenDialogOptions {
        properties: vec!["openFile".into(), "multiSelections".into()],
        ..OpenDialogOptions::default()
    }))
    .await;
    assert_eq!(
        open,
        OpenDialogResult {
            canceled: true,
            file_paths: vec![]
        }
    );
    let save = within(dialog::show_save_dialog(SaveDialogOptions::default())).await;
    assert!(save.canceled);
    assert_eq!(save.file_path.as_os_str(), "");
    let boxed = within(dialog::show_message_box(MessageBoxOptions {
        message: "Quit?".into(),
        buttons: vec!["Quit".into(), "Cancel".into()],
        checkbox_checked: true,
        ..MessageBoxOptions::default()
    }))
    .await;
    assert_eq!(boxed.response, 1, "the Cancel button's index");
    assert!(boxed.checkbox_checked);
    // The error box has nowhere to show: it writes to stderr and returns.
    within(async { dialog::show_error_box("Oops", "Something broke") }).await;
}

#[tokio::test]
async fn notifications_are_not_supported_without_a_notification_server() {
    without_desktop();
    assert!(!within(notification::is_supported()).await);
    let note = notification::Notification::new(notification::NotificationOptions {
        title: "Hello".into(),
        ..Default::default()
    });
    let shown = within(note.show("test", |_| {})).await;
    assert!(matches!(shown, Err(Error::Bus(_))), "{shown:?}");
}

#[test]
fn the_clipboard_and_the_cursor_say_there_is_no_display() {
    without_desktop();
    let read = clipboard::read_text();
    assert!(matches!(read, Err(Error::NoDisplay(_))), "{read:?}");
    let written = clipboard::write_text("x");
    assert!(matches!(written, Err(Error::NoDisplay(_))), "{written:?}");
    let cursor = screen::cursor_screen_point();
    assert!(matches!(cursor, Err(Error::NoDisplay(_))), "{cursor:?}");
}

#[tokio::test]
async fn a_power_save_blocker_without_a_bus_still_hands_out_ids() {
    without_desktop();
    use cathode_desktop::power::{BlockerKind, PowerSaveBlocker};
    let blocker = std::sync::Arc::new(PowerSaveBlocker::default());
    let first = blocker.start(BlockerKind::PreventDisplaySleep, "video");
    let second = blocker.start(BlockerKind::PreventAppSuspension, "download");
    assert_ne!(first, second);
    assert!(blocker.is_started(first) && blocker.is_started(second));
    assert!(blocker.stop(first));
    assert!(!blocker.is_started(first));
    assert!(!blocker.stop(first), "a second stop finds nothing");
    // The desktop's answer (none here) comes later and changes nothing of that.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!blocker.is_started(first) && blocker.is_started(second));
}
