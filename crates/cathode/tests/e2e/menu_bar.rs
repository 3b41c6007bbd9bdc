//! The menu bar's settings are kept and answered (Chromium's app windows have no menu bar).

use cathode::{BrowserWindow, WindowOptions};

use crate::common::{within, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn menu_bar_settings_answer_what_was_set() {
    let test = TestApp::start().await;
    let plain = test.window().await;
    assert!(!plain.is_menu_bar_auto_hide());
    assert!(plain.is_menu_bar_visible());
    let options = WindowOptions {
        auto_hide_menu_bar: true,
        ..WindowOptions::default()
    };
    let hiding = within(BrowserWindow::new(&test.app, options))
        .await
        .unwrap();
    assert!(hiding.is_menu_bar_auto_hide());
    assert!(!hiding.is_menu_bar_visible());
    hiding.set_menu_bar_visibility(true);
    assert!(hiding.is_menu_bar_visible());
    hiding.set_auto_hide_menu_bar(false);
    assert!(!hiding.is_menu_bar_auto_hide());
    assert!(hiding.is_menu_bar_visible());
    plain.set_auto_hide_menu_bar(true);
    assert!(plain.is_menu_bar_auto_hide());
    assert!(!plain.is_menu_bar_visible());
    test.exit().await;
}
