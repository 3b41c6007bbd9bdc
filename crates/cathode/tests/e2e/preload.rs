//! Preload scripts, context isolation and the sandbox: a preload talks to main from cathode's
//! isolated world, the page's own world sees nothing of cathode and cannot reach main.

use std::path::PathBuf;

use cathode::{
    BrowserWindow, ConsoleLevel, Plugin, PreloadError, RendererScript, WebPreferences,
    WindowOptions,
};
use serde_json::{json, Value};

use crate::common::{page_file, run_js as run, script_page, shared_app, within, Seen, TestApp};

/// A window whose pages run `preferences`.
async fn window_with(test: &TestApp, preferences: WebPreferences) -> BrowserWindow {
    let options = WindowOptions {
        web_preferences: preferences,
        ..WindowOptions::default()
    };
    within(BrowserWindow::new(&test.app, options))
        .await
        .expect("a window opens")
}

/// Writes a preload file and returns its absolute path.
fn preload_file(name: &str, source: &str) -> PathBuf {
    page_file(name, source)
}

/// What the page's own world can see of cathode: the private paths a page might try.
const PAGE_LOOKS: &str = r#"({
    require: typeof require, process: typeof process, ipcRenderer: typeof ipcRenderer,
    dirname: typeof __dirname, filename: typeof __filename,
    names: Object.getOwnPropertyNames(window).filter((name) => /cathode/i.test(name)),
})"#;

const NOTHING_SEEN: &str = r#"{"require": "undefined", "process": "undefined",
    "ipcRenderer": "undefined", "dirname": "undefined", "filename": "undefined", "names": []}"#;

const IPC_PRELOAD: &str = r#"
const { ipcRenderer } = require('electron');
const { EventEmitter } = require('events');
const timers = require('timers');
const { fileURLToPath, pathToFileURL } = require('url');
ipcRenderer.on('greet', (event, text) => {
  document.body.dataset.greeting = text;
  ipcRenderer.send('greeted', text);
});
window.addEventListener('DOMContentLoaded', async () => {
  const sum = await ipcRenderer.invoke('add', 2, 3);
  ipcRenderer.send('preload-summary', {
    sum,
    sync: ipcRenderer.sendSync('sync-add', 4, 5),
    emitter: typeof new EventEmitter().on,
    immediate: [typeof timers.setImmediate, typeof setImmediate],
    path: fileURLToPath(pathToFileURL('/a b/c.html')),
    versions: process.versions,
    type: process.type,
    platform: process.platform,
    arch: typeof process.arch,
    version: process.version,
    contextIsolated: process.contextIsolated,
    sandboxed: process.sandboxed,
    env: process.env,
    dirname: typeof __dirname,
    windowRequire: typeof window.require,
    fs: (() => { try { require('fs'); return 'loaded' } catch (e) { return e.message } })(),
  });
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preload_talks_to_main_from_its_isolated_world_and_the_page_sees_none_of_it() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.handle("add", |_event, (a, b): (i64, i64)| async move {
        Ok::<_, String>(a + b)
    })
    .expect("one handler");
    ipc.on("sync-add", |event, (a, b): (i64, i64)| {
        event.set_return_value(a + b)
    });
    let mut summaries = Seen::new();
    let tx = summaries.sender();
    ipc.on("preload-summary", move |_event, summary: Value| {
        tx.send(summary).unwrap()
    });
    let mut greeted = Seen::new();
    let tx = greeted.sender();
    ipc.on("greeted", move |_event, text: String| {
        tx.send(text).unwrap()
    });

    let preload = preload_file("ipc-preload.js", IPC_PRELOAD);
    let window = window_with(&test, WebPreferences::default().preload(preload)).await;
    within(window.load_file(script_page("preloaded.html", "")))
        .await
        .expect("the page loads");
    let summary = summaries.next().await;
    // The user agent string gives only the major version; the page's high-entropy hints all.
    let agent = run(
        &window,
        "navigator.userAgentData.getHighEntropyValues(['uaFullVersion']).then((v) => v.uaFullVersion)",
    )
    .await;
    assert_eq!(
        summary,
        json!({
            "sum": 5, "sync": 9, "emitter": "function", "immediate": ["function", "function"],
            "path": "/a b/c.html",
            "versions": {"chrome": agent, "electron": cathode::ELECTRON_VERSION,
                         "node": cathode::NODE_VERSION},
            "type": "renderer", "platform": std::env::consts::OS,
            "arch": "string", "version": format!("v{}", cathode::NODE_VERSION),
            "contextIsolated": true, "sandboxed": true, "env": {},
            "dirname": "undefined", "windowRequire": "undefined",
            "fs": "module not found: fs",
        })
    );
    // Main's messages reach the preload's listeners, in the isolated world.
    window.web_contents().send("greet", "hello").unwrap();
    assert_eq!(greeted.next().await, "hello");
    // The DOM is shared; nothing else is.
    assert_eq!(
        run(&window, "document.body.dataset.greeting").await,
        "hello"
    );
    let seen: Value = serde_json::from_str(NOTHING_SEEN).unwrap();
    assert_eq!(run(&window, PAGE_LOOKS).await, seen);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preload_runs_in_every_document_after_reload_and_navigation_but_not_in_frames() {
    let test = TestApp::start().await;
    let mut ran = Seen::new();
    let tx = ran.sender();
    test.app
        .ipc_main()
        .on("ran", move |_event, (page, top): (String, bool)| {
            tx.send((page, top)).unwrap()
        });
    let preload = preload_file(
        "counting-preload.js",
        "const { ipcRenderer } = require('electron');\n\
         const page = location.pathname.split('/').pop();\n\
         ipcRenderer.send('ran', page, window === top);\n\
         ipcRenderer.on('who', () => ipcRenderer.send('ran', `answer ${page}`, window === top));",
    );
    let frame = script_page("preload-frame.html", "");
    let first = page_file(
        "preload-first.html",
        &format!(
            "<!doctype html><title>first</title><iframe src=\"{}\"></iframe>",
            frame.file_name().unwrap().to_string_lossy()
        ),
    );
    let second = script_page("preload-second.html", "");
    let window = window_with(&test, WebPreferences::default().preload(preload)).await;
    within(window.load_file(&first)).await.unwrap();
    assert_eq!(ran.next().await, ("preload-first.html".into(), true));
    window.web_contents().reload().unwrap();
    // Had the frame run the preload, its message would come before the reloaded page's.
    assert_eq!(ran.next().await, ("preload-first.html".into(), true));
    within(window.load_file(&second)).await.unwrap();
    assert_eq!(ran.next().await, ("preload-second.html".into(), true));
    // Main's messages go to the isolated world of the document that is there now.
    window.web_contents().send("who", ()).unwrap();
    assert_eq!(
        ran.next().await,
        ("answer preload-second.html".into(), true)
    );
    test.exit().await;
}

/// The app's sync URL, as a page without context isolation learns it from its own resource
/// timings.
async fn leaked_sync_url(test: &TestApp) -> String {
    test.app
        .ipc_main()
        .on("leak-warm-up", |event, ()| event.set_return_value(0));
    let leaky = test.window().await;
    within(leaky.load_file(script_page(
        "leaky.html",
        "require('electron').ipcRenderer.sendSync('leak-warm-up');",
    )))
    .await
    .unwrap();
    let url = run(
        &leaky,
        "performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('cathode.invalid'))",
    )
    .await;
    url.as_str()
        .expect("the leaky page saw the sync URL")
        .to_string()
}

/// A page that, before anything else of its own runs, replaces what a bridge or a runtime in its
/// world would use, keeping the originals for its attack.
const HOSTILE_PAGE: &str = r#"<!doctype html><html><head><script>
  window.hostile = {
    stringify: JSON.stringify, XHR: XMLHttpRequest, send: XMLHttpRequest.prototype.send,
    before: Object.getOwnPropertyNames(window).filter((name) => /cathode/i.test(name)),
  };
  window.addEventListener = () => { throw new Error('hijacked addEventListener') };
  window.CustomEvent = function () { throw new Error('hijacked CustomEvent') };
  JSON.stringify = () => '{"hijacked":true}';
  JSON.parse = () => ({ hijacked: true });
  Object.defineProperty = () => { throw new Error('hijacked defineProperty') };
  Object.prototype.toJSON = function () { return 'hijacked' };
  Array.prototype.push = function () { throw new Error('hijacked push') };
  Promise.prototype.then = function () { throw new Error('hijacked then') };
  window.postMessage = () => { throw new Error('hijacked postMessage') };
  XMLHttpRequest.prototype.send = function () { throw new Error('hijacked send') };
</script><title>hostile</title></head><body>hostile</body></html>"#;

const HOSTILE_PRELOAD: &str = r#"
const { ipcRenderer } = require('electron');
window.addEventListener('DOMContentLoaded', async () => {
  const secret = ipcRenderer.sendSync('secret');
  const sum = await ipcRenderer.invoke('add', 1, 2);
  ipcRenderer.send('preload-works', [secret, sum, JSON.stringify({ ok: [1].map((n) => n + 1) })]);
});
"#;

/// Injects a script into the page's own world of every document, before the page's scripts, that
/// replaces what a runtime in that world would use.
struct InjectedHostility;

impl Plugin for InjectedHostility {
    fn name(&self) -> &str {
        "injected-hostility"
    }

    fn renderer_scripts(&self, _preferences: &WebPreferences) -> Vec<RendererScript> {
        let source = "EventTarget.prototype.addEventListener = function () { throw new Error('hijacked') };\n\
                      Function.prototype.apply = function () { throw new Error('hijacked') };\n\
                      Object.prototype.__proto__hijack = true;\n\
                      window.injected = true;";
        vec![RendererScript::Document {
            source: source.into(),
            world: None,
        }]
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_page_cannot_reach_main_or_break_its_preload() {
    let test = TestApp::start_with(shared_app().plugin(InjectedHostility)).await;
    let ipc = test.app.ipc_main();
    ipc.on("secret", |event, ()| {
        event.set_return_value("only for the preload")
    });
    ipc.handle("add", |_event, (a, b): (i64, i64)| async move {
        Ok::<_, String>(a + b)
    })
    .expect("one handler");
    let mut works = Seen::new();
    let tx = works.sender();
    ipc.on("preload-works", move |_event, what: Value| {
        tx.send(what).unwrap()
    });
    let preload = preload_file("hostile-preload.js", HOSTILE_PRELOAD);
    let window = window_with(&test, WebPreferences::default().preload(preload)).await;
    within(window.load_file(page_file("hostile.html", HOSTILE_PAGE)))
        .await
        .unwrap();
    assert_eq!(
        works.next().await,
        json!(["only for the preload", 3, "{\"ok\":[2]}"])
    );
    // The page's resource timings do not list the isolated world's requests.
    let listed = run(
        &window,
        "performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('cathode.invalid'))",
    )
    .await;
    assert_eq!(listed, json!([]));
    // The sync URL is the app's: a page without isolation sees it in its own timings. Leaked
    // so, the hostile page replays a request to it with the XHR it kept: main refuses it, since
    // the page's world does not have the isolated runtime's secret.
    let url = leaked_sync_url(&test).await;
    let replay = run(
        &window,
        &format!(r#"(() => {{
            const url = {};
            const request = new hostile.XHR();
            request.open('POST', url, false);
            hostile.send.call(request, hostile.stringify({{ v: 1, kind: 'sync', channel: 'secret', args: [] }}));
            return [url, request.responseText, hostile.before];
        }})()"#,
            json!(url)
        ),
    )
    .await;
    assert!(
        replay[0]
            .as_str()
            .is_some_and(|url| url.starts_with("https://cathode.invalid/sync/")),
        "{replay}"
    );
    let answer: Value = serde_json::from_str(replay[1].as_str().unwrap()).unwrap();
    assert_eq!(
        answer,
        json!({"error": {"name": "Error",
            "message": "refused by the main process: the request did not come from cathode's runtime"}})
    );
    assert_eq!(replay[2], json!([]));
    assert_eq!(run(&window, "window.injected").await, true);
    let seen: Value = serde_json::from_str(NOTHING_SEEN).unwrap();
    assert_eq!(run(&window, PAGE_LOOKS).await, seen);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_frames_replayed_sync_request_is_refused_for_want_of_the_secret() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.on("secret", |event, ()| {
        event.set_return_value("only for the preload")
    });
    let mut works = Seen::new();
    let tx = works.sender();
    ipc.on("preload-works", move |_event, what: Value| {
        tx.send(what).unwrap()
    });
    let preload = preload_file(
        "sync-preload.js",
        "const { ipcRenderer } = require('electron');\n\
         ipcRenderer.send('preload-works', ipcRenderer.sendSync('secret'));",
    );
    let window = window_with(&test, WebPreferences::default().preload(preload)).await;
    within(window.load_file(script_page("sync-replay.html", "")))
        .await
        .unwrap();
    assert_eq!(works.next().await, json!("only for the preload"));
    let url = leaked_sync_url(&test).await;
    // The page forges a request with the body the runtime would send, a guessed secret first.
    let replay = run(
        &window,
        &format!(
            r#"(() => {{
            const url = {};
            const request = new XMLHttpRequest();
            request.open('POST', url, false);
            request.send('0'.repeat(32) + JSON.stringify({{ v: 1, kind: 'sync', channel: 'secret', args: [] }}));
            return [url, JSON.parse(request.responseText)];
        }})()"#,
            json!(url)
        ),
    )
    .await;
    assert!(
        replay[0]
            .as_str()
            .unwrap()
            .starts_with("https://cathode.invalid/sync/"),
        "{replay}"
    );
    assert_eq!(
        replay[1],
        json!({"error": {"name": "Error",
            "message": "refused by the main process: the request did not come from cathode's runtime"}})
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_context_isolation_the_preload_shares_the_pages_world() {
    let test = TestApp::start().await;
    test.app
        .ipc_main()
        .handle("ping", |_event, text: String| async move {
            Ok::<_, String>(format!("pong {text}"))
        })
        .expect("one handler");
    let preload = preload_file(
        "shared-preload.js",
        "const { ipcRenderer } = require('electron');\n\
         window.api = { ping: (text) => ipcRenderer.invoke('ping', text), isolated: process.contextIsolated };",
    );
    let preferences = WebPreferences::default()
        .context_isolation(false)
        .preload(preload);
    let window = window_with(&test, preferences).await;
    within(window.load_file(script_page("shared-world.html", "")))
        .await
        .unwrap();
    assert_eq!(
        run(
            &window,
            "(async () => [await window.api.ping('hi'), window.api.isolated, typeof require])()"
        )
        .await,
        json!(["pong hi", false, "undefined"])
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_relative_throwing_and_broken_preloads_are_reported_and_the_page_still_loads() {
    let test = TestApp::start().await;
    let missing = PathBuf::from("/nonexistent/cathode-missing-preload.js");
    let throwing = preload_file(
        "throwing-preload.js",
        "function setUp() { throw new TypeError('boom from the preload') }\nsetUp();",
    );
    let broken = preload_file("broken-preload.js", "let = ;");
    let cases: [(PathBuf, &str, &str); 4] = [
        ("preload.js".into(), "Error", "relative"),
        (missing.clone(), "Error", "cannot read"),
        (throwing.clone(), "TypeError", "boom from the preload"),
        (broken.clone(), "SyntaxError", ""),
    ];
    for (index, (path, name, message)) in cases.into_iter().enumerate() {
        let window = window_with(&test, WebPreferences::default().preload(&path)).await;
        let mut errors: Seen<PreloadError> = Seen::new();
        let tx = errors.sender();
        window
            .web_contents()
            .on_preload_error(move |error| tx.send(error.clone()).unwrap());
        let mut console = Seen::new();
        let tx = console.sender();
        window.web_contents().on_console_message(move |message| {
            if message.level == ConsoleLevel::Error {
                let _ = tx.send(message.message.clone());
            }
        });
        let page = script_page(&format!("after-failed-preload-{index}.html"), "");
        within(window.load_file(&page))
            .await
            .expect("the page loads without its preload");
        let error = errors.next().await;
        let shown = path.display().to_string();
        assert_eq!(error.path, shown);
        assert_eq!(error.name, name, "{error:?}");
        assert!(error.message.contains(message), "{error:?}");
        if name == "Error" {
            assert!(error.message.contains(&shown), "{error:?}");
        }
        if name == "TypeError" {
            assert!(
                error.stack.contains("setUp") && error.stack.contains("throwing-preload.js"),
                "{error:?}"
            );
        }
        // The browser may log a syntax error first, with the page as its source.
        let mut logged = console.next().await;
        while !logged.contains("Unable to load preload script") {
            logged = console.next().await;
        }
        assert!(logged.contains(&shown), "{logged}");
        // The window is still usable.
        assert_eq!(run(&window, "document.readyState").await, "complete");
    }
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandboxed_page_gets_nothing_in_its_world_but_what_a_plain_page_has() {
    let test = TestApp::start().await;
    let preload = preload_file(
        "quiet-preload.js",
        "require('electron').ipcRenderer.send('quiet', process.sandboxed);",
    );
    let mut quiet = Seen::new();
    let tx = quiet.sender();
    test.app
        .ipc_main()
        .on("quiet", move |_event, sandboxed: bool| {
            tx.send(sandboxed).unwrap()
        });
    let page = script_page("sandboxed.html", "");
    let names = "Object.getOwnPropertyNames(window).sort()";
    let plain = window_with(&test, WebPreferences::default()).await;
    within(plain.load_file(&page)).await.unwrap();
    let plain_names = run(&plain, names).await;
    let seen: Value = serde_json::from_str(NOTHING_SEEN).unwrap();
    let variants = [
        WebPreferences::default().preload(&preload),
        // Node integration asks for nothing in a sandboxed or isolated page.
        WebPreferences {
            node_integration: true,
            ..WebPreferences::default()
        }
        .preload(&preload),
        WebPreferences {
            node_integration: true,
            ..WebPreferences::default()
        }
        .sandbox(false)
        .preload(&preload),
    ];
    for preferences in variants {
        let sandboxed = preferences.sandbox;
        let window = window_with(&test, preferences).await;
        within(window.load_file(&page)).await.unwrap();
        assert_eq!(quiet.next().await, sandboxed);
        assert_eq!(run(&window, names).await, plain_names);
        assert_eq!(run(&window, PAGE_LOOKS).await, seen);
    }
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preload_uses_remote_when_the_window_enables_it() {
    let test = TestApp::start().await;
    let mut seen = Seen::new();
    let tx = seen.sender();
    test.app
        .ipc_main()
        .on("remote-from-preload", move |_event, what: Value| {
            tx.send(what).unwrap()
        });
    let preload = preload_file(
        "remote-preload.js",
        "const { ipcRenderer, remote } = require('electron');\n\
         window.addEventListener('DOMContentLoaded', async () => {\n\
           const win = remote.getCurrentWindow();\n\
           const sum = await win.webContents.executeJavaScript('1 + 1');\n\
           ipcRenderer.send('remote-from-preload', [win.id, sum, typeof window.require]);\n\
         });",
    );
    let preferences = WebPreferences {
        enable_remote_module: true,
        ..WebPreferences::default()
    }
    .preload(preload);
    let window = window_with(&test, preferences).await;
    within(window.load_file(script_page("remote-preloaded.html", "")))
        .await
        .unwrap();
    // A sync request (the window), and a promise main settles later through a message into
    // the isolated world.
    assert_eq!(seen.next().await, json!([window.id(), 2, "undefined"]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rust_main_exposes_its_channels_to_the_page_through_the_bridge_without_javascript() {
    use cathode::MainWorldApi;
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.handle("settings:get", |_event, key: String| async move {
        if key == "missing" {
            return Err(format!("no setting '{key}'"));
        }
        Ok(format!("value of {key}"))
    })
    .expect("one handler");
    ipc.on_sync("settings:version", |_event, ()| Ok::<_, String>("1.2.3"));
    let mut saved = Seen::new();
    let tx = saved.sender();
    ipc.on(
        "settings:save",
        move |_event, (key, value): (String, i64)| tx.send((key, value)).unwrap(),
    );
    let settings = MainWorldApi::new("settings")
        .invoke("get", "settings:get")
        .sync("version", "settings:version")
        .send("save", "settings:save")
        .listener("onChange", "settings:changed");
    // Secure defaults: isolation, sandbox, no node integration, no preload.
    let window = window_with(
        &test,
        WebPreferences::default().expose_in_main_world(settings),
    )
    .await;
    window
        .load_file(script_page("exposed.html", ""))
        .await
        .expect("page loads");
    let page = run(
        &window,
        r#"(async () => {
             const changed = new Promise((resolve) => settings.onChange((key, value) => resolve([key, value])));
             settings.save('zoom', 3);
             let missing;
             try { await settings.get('missing'); } catch (error) { missing = error.message; }
             return { got: await settings.get('theme'), version: `v${settings.version()}`, missing,
                      frozen: Object.isFrozen(settings), changed: await changed,
                      ipcRenderer: typeof ipcRenderer, require: typeof require };
           })()"#,
    );
    let sent = async {
        // The page registered its listener before asking for anything; answer it once it saved.
        let first = saved.next().await;
        window
            .web_contents()
            .send("settings:changed", ("theme", "dark"))
            .expect("main sends");
        first
    };
    let (page, first) = tokio::join!(page, sent);
    assert_eq!(first, ("zoom".to_string(), 3));
    assert_eq!(
        page,
        json!({
            "got": "value of theme",
            "version": "v1.2.3",
            "missing": "Error invoking remote method 'settings:get': no setting 'missing'",
            "frozen": true,
            "changed": ["theme", "dark"],
            "ipcRenderer": "undefined",
            "require": "undefined",
        })
    );
    test.exit().await;
}
