//! ping_pong: main and a page exchange messages both ways.
//!
//! Main sends `ping-from-main` when the page has loaded and the page answers; the page's button
//! sends `ping-from-page` and main replies. Every message is printed. The page's side is its
//! preload (`preload.js`), in an isolated world: the page itself has no script and no IPC.
//! Headless, main clicks the button itself once the page has answered its greeting, and quits
//! (exit 0) once the page says it got both answers.
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
    let clicker = app.clone();
    ipc.on("pong-from-page", move |event, text: String| {
        println!("main <- page: {text}");
        // Headless, nobody presses the button: main presses it once the page has answered the
        // greeting, so the transcript always comes out in the same order.
        if clicker.is_headless() {
            let page = event.sender().clone();
            tokio::spawn(async move {
                let click = "document.getElementById('ping').click()";
                if let Err(error) = page.execute_javascript(click).await {
                    eprintln!("could not press the page's button: {error}");
                }
            });
        }
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

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ping_pong");
    let code = app
        .run(|app| async move {
            let window = BrowserWindow::new(
                &app,
                WindowOptions {
                    width: 480,
                    height: 360,
                    title: Some("ping pong".into()),
                    // Secure defaults (isolation, sandbox), and the preload that talks to main.
                    web_preferences: WebPreferences::default().preload(dir.join("preload.js")),
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
            window.load_file(dir.join("index.html")).await?;
            Ok(())
        })
        .await?;
    std::process::exit(code)
}
