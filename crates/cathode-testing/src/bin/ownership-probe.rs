//! A cathode main process that opens a window, prints its own pid, its browser's pid and profile
//! directory, waits for a line on stdin, and then ends as told: `return`, `error`, `panic`, `quit`
//! (`App::quit`, then `run` returns), `load-error` (a page that cannot load fails main), or `wait`
//! (until killed).

use cathode::{App, BrowserWindow, WindowOptions};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let app = App::builder().headless(true).build();
    let runner = app.clone();
    let run = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    app.when_ready().await;
    let window = BrowserWindow::new(&app, WindowOptions::default()).await?;
    window
        .load_url("data:text/html,<title>probe</title>probe")
        .await?;
    let pid = app.browser_pid().expect("the browser runs once ready");
    let profile = app.user_data_dir().expect("the browser runs once ready");
    println!(
        "main {} browser {pid} {}",
        std::process::id(),
        profile.display()
    );
    let mut go = String::new();
    std::io::stdin().read_line(&mut go)?;
    match mode.as_str() {
        "return" => Ok(()),
        "error" => Err(anyhow::anyhow!("the probe fails on purpose")),
        "panic" => panic!("the probe panics on purpose"),
        "quit" => {
            app.quit();
            let code = run.await??;
            anyhow::ensure!(code == 0, "run returned {code} after quit");
            Ok(())
        }
        "load-error" => {
            window.load_file("/nonexistent/cathode-probe.html").await?;
            Err(anyhow::anyhow!("a missing file loaded"))
        }
        "wait" => {
            std::future::pending::<()>().await;
            Ok(())
        }
        other => Err(anyhow::anyhow!("unknown mode {other:?}")),
    }
}
