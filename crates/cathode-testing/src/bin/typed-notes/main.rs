//! A Rust main whose IPC channels are typed (`cathode_typescript::Channels`): its page, which has
//! no IPC of its own, uses the `notes` API main gives it through the context bridge, and reports
//! what it got back; main prints the report and quits. Run with `CATHODE_TYPES_OUT=<file>` (as
//! `cathode types --out <file> -- typed-notes` does), it only writes its channels' TypeScript
//! declarations.

use cathode::{App, BrowserWindow, MainWorldApi, WebPreferences, WindowOptions};
use cathode_typescript::Channels;

/// A note, as main sends it.
#[derive(serde::Serialize, serde::Deserialize, specta::Type)]
struct Note {
    title: String,
    words: u32,
    tags: Vec<String>,
    /// The note this one answers, if any.
    reply_to: Option<Box<Note>>,
}

const PAGE: &str = include_str!("page.html");

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = App::builder().headless(true).build();
    let api = MainWorldApi::new("notes")
        .invoke("add", "add")
        .invoke("get", "note:get")
        .sync("version", "version")
        .send("ready", "ready")
        .send("log", "log")
        .listener("onProgress", "progress");
    let quit = app.clone();
    let notes_app = app.clone();
    let channels = Channels::new()
        .handle("add", |_event, (a, b): (f64, f64)| async move {
            Ok::<_, String>(a + b)
        })
        .handle("note:get", |_event, id: u32| async move {
            if id == 0 {
                return Err("there is no note 0".to_string());
            }
            Ok(Note {
                title: format!("note {id}"),
                words: id * 100,
                tags: vec!["typed".into()],
                reply_to: None,
            })
        })
        .on_sync("version", |_event, ()| Ok::<_, String>("1.2.0"))
        .on("ready", move |event, ()| {
            event.sender().send("progress", ("notes.txt", 0.5))
        })
        .on("log", move |_event, report: String| {
            println!("{report}");
            quit.quit();
        })
        .to_page::<(String, f64)>("progress")
        .expose(&api);
    channels.register(&app.ipc_main())?;

    let page = std::env::temp_dir().join(format!("typed-notes-{}.html", std::process::id()));
    std::fs::write(&page, PAGE)?;
    let code = app
        .run(move |_| async move {
            let options = WindowOptions {
                web_preferences: WebPreferences::default().expose_in_main_world(api),
                ..WindowOptions::default()
            };
            let window = BrowserWindow::new(&notes_app, options).await?;
            window.load_file(&page).await?;
            Ok(())
        })
        .await;
    let _ = std::fs::remove_file(
        std::env::temp_dir().join(format!("typed-notes-{}.html", std::process::id())),
    );
    std::process::exit(code?);
}
