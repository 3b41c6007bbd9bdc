//! ping_pong: main and a page exchange messages both ways.
//!
//! Main sends `ping-from-main` when the page has loaded and the page answers; the page's button
//! sends `ping-from-page` and main replies. Every message is printed. Headless, main clicks the
//! button itself and quits (exit 0) once the page says it got both answers.
//!
//! Run: `cargo run -p cathode --example ping_pong` (headless without a display, or with
//! `CATHODE_HEADLESS=1`).

use std::path::Path;

use cathode::{App, BrowserWindow, WebPreferences, WindowOptions};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    let app = App::new();
    let ipc = app.ipc_main();
    ipc.on("pong-from-page", |_event, text: String| {
        println!("main <- page: {text}");
    });
    ipc.on("ping-from-page", |event, text: String| {
        println!("main <- page: {text}");
        println!("main -> page: pong from main");
        event.reply("pong-from-main", ("pong from main",))
    });
    let quit_app = app.clone();
    ipc.on("page-done", move |_event, ()| {
        println!("exchange complete");
        if quit_app.is_headless() {
            quit_app.quit();
        }
    });

    let code = app
        .run(|app| async move {
            let window = BrowserWindow::new(
                &app,
                WindowOptions {
                    width: 480,
                    height: 360,
                    title: Some("ping pong".into()),
                    // The page uses `require('electron')` itself, as pages did before preloads.
                    web_preferences: WebPreferences::node_integrated(),
                    ..WindowOptions::default()
                },
            )
            .await?;
            let contents = window.web_contents();
            let greeter = contents.clone();
            contents.on_did_finish_load(move || {
                println!("main -> page: ping from main");
                if let Err(error) = greeter.send("ping-from-main", ("ping from main",)) {
                    eprintln!("could not greet the page: {error}");
                }
            });
            let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ping_pong/index.html");
            window.load_file(&page).await?;
            if app.is_headless() {
                contents
                    .execute_javascript("document.getElementById('ping').click()")
                    .await?;
            }
            Ok(())
        })
        .await?;
    std::process::exit(code)
}
