//! A cathode main process that opens a window, prints its browser's pid and profile directory,
//! waits for a line on stdin, and then ends as told: `return`, `error`, `panic`, or `wait` (until
//! killed).

use cathode::{App, BrowserWindow, WindowOptions};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let app = App::builder().headless(true).build();
    let runner = app.clone();
    tokio::spawn(async move { runner.run(|_| async { Ok::<(), cathode::Error>(()) }).await });
    app.when_ready().await;
    let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
    window
        .load_url("data:text/html,<title>probe</title>probe")
        .await?;
    let pid = app.browser_pid().expect("the browser runs once ready");
    let profile = app.user_data_dir().expect("the browser runs once ready");
    println!("browser {pid} {}", profile.display());
    let mut go = String::new();
    std::io::stdin().read_line(&mut go)?;
    match mode.as_str() {
        "return" => Ok(()),
        "error" => Err(anyhow::anyhow!("the probe fails on purpose")),
        "panic" => panic!("the probe panics on purpose"),
        "wait" => {
            std::future::pending::<()>().await;
            Ok(())
        }
        other => Err(anyhow::anyhow!("unknown mode {other:?}")),
    }
}
