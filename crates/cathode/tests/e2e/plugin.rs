//! The plugin seam, used by a plugin written here: a notes store that pages reach as
//! `require('electron').notes`, with renderer scripts in the main world and an isolated world,
//! its own request kind on both paths, document resets, and per-app and per-window state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cathode::{
    App, BrowserWindow, DocumentReset, Outcome, PageError, PageMessage, Plugin, RefusedMessage,
    RendererScript, RequestFuture, WebContents, WebPreferences,
};
use serde_json::{json, Value};

use crate::common::{run_js as run, script_page, shared_browser, within, TestApp, PAGE_HELPERS};

/// The page's part: `notes.get(key)` is a sync request, `notes.put(key, value)` an async
/// message, and `notes.onPut(listener)` hears main's `put` messages back.
const NOTES_JS: &str = r#"(function installNotes(bridge) {
  const listeners = [];
  const notes = {
    get: (key) => bridge.request('get', [key]),
    put: (key, value) => bridge.post('put', [key, value]),
    onPut: (listener) => listeners.push(listener),
    greeting: bridge.config.greeting,
  };
  return {
    dispatch: (envelope) => listeners.forEach((listener) => listener(...envelope.args)),
    properties: { notes: { value: Object.freeze(notes), enumerable: true } },
    require: (name) => (name === 'notes' ? notes : undefined),
  };
})"#;

/// One page's notes (per-window state).
#[derive(Default)]
struct Notes(Mutex<HashMap<String, Value>>);

/// What the plugin saw, for the test to check (per-app state).
#[derive(Default)]
struct Journal {
    resets: Mutex<Vec<(u32, DocumentReset)>>,
    refused: Mutex<Vec<String>>,
    created: Mutex<Vec<u32>>,
}

struct NotesPlugin;

impl NotesPlugin {
    fn journal(contents: &WebContents) -> Arc<Journal> {
        let app = contents.app().expect("the app is alive");
        app.state::<Journal>().expect("setup keeps the journal")
    }
}

impl Plugin for NotesPlugin {
    fn name(&self) -> &str {
        "notes"
    }

    fn request_kinds(&self) -> Vec<String> {
        vec!["notes".into()]
    }

    fn setup(&self, app: &App) {
        app.manage(Journal::default());
    }

    fn renderer_scripts(&self, _preferences: &WebPreferences) -> Vec<RendererScript> {
        vec![
            RendererScript::RuntimeExtension {
                kind: "notes".into(),
                source: NOTES_JS.into(),
                config: json!({"greeting": "hello from main"}),
            },
            RendererScript::Document {
                source: "window.mainWorldScript = typeof require;".into(),
                world: None,
            },
            // The isolated world shares the DOM but not the page's globals.
            RendererScript::Document {
                source: "document.addEventListener('DOMContentLoaded', () => { \
                         document.body.dataset.isolated = typeof window.require; });"
                    .into(),
                world: Some("notes-isolated".into()),
            },
        ]
    }

    fn on_window_created(&self, contents: &WebContents) {
        NotesPlugin::journal(contents)
            .created
            .lock()
            .unwrap()
            .push(contents.id());
    }

    fn on_message(&self, message: PageMessage) {
        let notes = message.sender.state_or_insert_with(Notes::default);
        if let [key, value] = message.args.as_slice() {
            let key = key.as_str().unwrap_or_default().to_string();
            notes.0.lock().unwrap().insert(key.clone(), value.clone());
            // Main tells the page's part back, on the plugin's own kind.
            let echoed =
                message
                    .sender
                    .post_message("notes", "stored", vec![json!(key), value.clone()]);
            echoed.expect("the page takes the message");
        }
    }

    fn on_request(&self, request: PageMessage) -> RequestFuture {
        let notes = request.sender.state_or_insert_with(Notes::default);
        let key = request.args.first().and_then(Value::as_str).unwrap_or("");
        let outcome = match (request.channel.as_str(), notes.0.lock().unwrap().get(key)) {
            ("get", Some(value)) => Outcome::Ok(value.clone()),
            ("get", None) => Outcome::Error(PageError {
                name: "NotFound".into(),
                ..PageError::new(format!("no note '{key}'"))
            }),
            (other, _) => Outcome::Error(PageError::new(format!("no operation '{other}'"))),
        };
        Box::pin(std::future::ready(outcome))
    }

    fn on_refused(&self, refused: RefusedMessage) {
        NotesPlugin::journal(&refused.sender)
            .refused
            .lock()
            .unwrap()
            .push(refused.reason);
    }

    fn on_document_reset(&self, contents: &WebContents, reset: DocumentReset) {
        NotesPlugin::journal(contents)
            .resets
            .lock()
            .unwrap()
            .push((contents.id(), reset));
    }
}

async fn notes_app() -> TestApp {
    TestApp::start_with(
        App::builder()
            .shared_browser(shared_browser())
            .max_message_size(64 * 1024)
            .plugin(NotesPlugin),
    )
    .await
}

async fn notes_window(test: &TestApp, name: &str) -> BrowserWindow {
    let window = BrowserWindow::new(&test.app, crate::common::node_options())
        .await
        .expect("a window opens");
    let script =
        format!("const {{ notes, ipcRenderer: ipc }} = require('electron');{PAGE_HELPERS}");
    window
        .load_file(script_page(name, &script))
        .await
        .expect("page loads");
    window
}

fn journal(test: &TestApp) -> Arc<Journal> {
    test.app.state::<Journal>().expect("the journal")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plugin_extends_the_page_and_answers_its_own_kind_on_both_paths() {
    let test = notes_app().await;
    let window = notes_window(&test, "notes.html").await;
    assert_eq!(
        journal(&test).created.lock().unwrap().clone(),
        vec![window.id()]
    );

    let page = run(
        &window,
        r#"(async () => {
             const stored = new Promise((resolve) => notes.onPut((key, value) => resolve([key, value])));
             const missing = attempt(() => notes.get('colour'));
             notes.put('colour', 'green');
             const echoed = await stored;
             return { greeting: notes.greeting, missing, echoed, found: notes.get('colour'),
                      ipcStillThere: typeof ipc.send, mainWorld: window.mainWorldScript,
                      required: require('notes') === notes,
                      otherName: attempt(() => require('not-a-note')),
                      isolated: document.body.dataset.isolated };
           })()"#,
    )
    .await;
    assert_eq!(
        page,
        json!({
            "greeting": "hello from main",
            "missing": {"error": "NotFound: no note 'colour'"},
            "echoed": ["colour", "green"],
            "found": "green",
            "ipcStillThere": "function",
            "mainWorld": "function",
            "required": true,
            "otherName": {"error": "Error: Cannot find module 'not-a-note': cathode pages can require only 'electron'"},
            "isolated": "undefined",
        })
    );
    let notes = window
        .web_contents()
        .state::<Notes>()
        .expect("per-window state");
    assert_eq!(notes.0.lock().unwrap().get("colour"), Some(&json!("green")));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_kinds_are_refused_and_oversized_messages_reach_the_plugin_as_refused() {
    let test = notes_app().await;
    let window = notes_window(&test, "notes-refused.html").await;
    // A sync request of a kind nobody reserved is answered with an error, not left hanging.
    let unknown = run(
        &window,
        r#"(() => {
             attempt(() => ipc.sendSync('warm-up'));
             const url = performance.getEntriesByType('resource').map((e) => e.name)
               .find((name) => name.includes('cathode.invalid'));
             const request = new XMLHttpRequest();
             request.open('POST', url, false);
             request.send(JSON.stringify({ v: 1, kind: 'teleport', channel: 'x', args: [] }));
             return JSON.parse(request.responseText);
           })()"#,
    )
    .await;
    assert_eq!(
        unknown,
        json!({"error": {"message": "no part of the main process takes 'teleport' messages", "name": "Error"}})
    );
    run(&window, "notes.put('big', 'x'.repeat(100 * 1024)); 0").await;
    let refused = within(async {
        loop {
            if let Some(reason) = journal(&test).refused.lock().unwrap().first().cloned() {
                return reason;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(refused.contains("over the 65536-byte limit"), "{refused}");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plugin_hears_every_document_reset_and_its_window_state_goes_with_the_window() {
    let test = notes_app().await;
    let window = notes_window(&test, "notes-resets.html").await;
    let id = window.id();
    journal(&test).resets.lock().unwrap().clear();
    let contents = window.web_contents();
    contents.reload().expect("reload starts");
    let reloaded = within(async {
        loop {
            let resets = journal(&test).resets.lock().unwrap().clone();
            if !resets.is_empty() {
                return resets;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_eq!(reloaded, vec![(id, DocumentReset::Reloaded)]);
    window
        .load_url("data:text/html,<title>elsewhere</title>")
        .await
        .expect("loads");
    contents.manage(Notes::default());
    assert!(contents.state::<Notes>().is_some());
    window.destroy();
    assert!(
        contents.state::<Notes>().is_none(),
        "per-window state is dropped with the window"
    );
    assert_eq!(
        journal(&test).resets.lock().unwrap()[1..].to_vec(),
        vec![
            (id, DocumentReset::Navigated),
            (id, DocumentReset::Destroyed)
        ]
    );
    test.exit().await;
}
