//! The Node plugin of pages decides by the window, not by the page: main serves files and
//! processes only to windows with node integration, whatever a request says.

use std::time::Duration;

use cathode::{
    App, BrowserWindow, Outcome, PageMessage, Plugin, SenderFrame, WebContents, WebPreferences,
    WindowOptions,
};
use cathode_js::PageNodePlugin;
use serde_json::json;

/// A safety net for the browser's start and the windows' loads.
const WAIT: Duration = Duration::from_secs(60);

fn read_request(sender: WebContents) -> PageMessage {
    PageMessage {
        sender,
        sender_frame: SenderFrame {
            frame_id: "main".into(),
            url: "file:///app/index.html".into(),
            origin: "file://".into(),
            is_main_frame: true,
        },
        kind: "node".into(),
        id: None,
        channel: "fs".into(),
        args: vec![
            json!("readFile"),
            json!({ "path": "secret.txt", "utf8": true }),
        ],
    }
}

#[tokio::test]
async fn main_serves_node_requests_only_to_windows_with_node_integration() {
    let dir = std::env::temp_dir().join(format!("cathode-page-node-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.txt"), "the secret").unwrap();
    let plugin = PageNodePlugin::new(&dir);
    let app = App::builder().headless(true).plugin(plugin.clone()).build();
    let runner = app.clone();
    let running = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    tokio::time::timeout(WAIT, app.when_ready())
        .await
        .expect("the app is ready");
    let with = WindowOptions {
        web_preferences: WebPreferences::node_integrated(),
        ..WindowOptions::default()
    };
    let node = BrowserWindow::new(&app, with.clone()).await.unwrap();
    // Secure by default: no node integration.
    let without = WindowOptions::default();
    // Node integration in a sandbox gives the renderer no Node, as in Electron.
    let sandboxed = WebPreferences::node_integrated().sandbox(true);
    let plain = BrowserWindow::new(&app, without.clone()).await.unwrap();

    let served = plugin.on_request(read_request(node.web_contents())).await;
    assert_eq!(served, Outcome::Ok(json!("the secret")));
    match plugin.on_request(read_request(plain.web_contents())).await {
        Outcome::Error(error) => {
            assert!(error.message.contains("no node integration"), "{error:?}")
        }
        Outcome::Ok(value) => panic!("a window without node integration was served {value}"),
    }
    assert!(plugin.renderer_scripts(&without.web_preferences).is_empty());
    assert!(plugin.renderer_scripts(&sandboxed).is_empty());
    assert_eq!(plugin.renderer_scripts(&with.web_preferences).len(), 1);

    app.exit(0);
    let code = tokio::time::timeout(WAIT, running)
        .await
        .expect("the app ends");
    assert_eq!(code.expect("run does not panic").expect("run returns"), 0);
    let _ = std::fs::remove_dir_all(dir);
}
