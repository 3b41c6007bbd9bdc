//! The remote module: pages call main-process objects.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cathode::{App, BrowserWindow, WebPreferences, WindowOptions};
use cathode_remote::{
    RemoteError, RemoteExt, RemoteObjectBuilder, RemoteObjectsHeld, RemotePlugin, RemoteValue,
    SharedObject,
};
use serde_json::{json, Value};

use crate::common::{
    log_line, run_js as run, script_page, shared_app, Seen, TestApp, PAGE_HELPERS,
};

/// The remote module and ipcRenderer at hand in test pages, with the common helpers.
const REMOTE_AND_IPC: &str = "const { remote, ipcRenderer: ipc } = require('electron');";

fn remote_options() -> WindowOptions {
    WindowOptions {
        web_preferences: WebPreferences {
            enable_remote_module: true,
            ..WebPreferences::node_integrated()
        },
        ..crate::common::node_options()
    }
}

/// An app on the shared browser (with the remote module), whose pages have `gc()`.
async fn start() -> TestApp {
    TestApp::start_with(shared_app()).await
}

/// An app with a browser of its own, whose pages have `gc()`: for tests that crash renderers.
async fn start_own() -> TestApp {
    TestApp::start_with(
        App::builder()
            .headless(true)
            .plugin(RemotePlugin)
            .browser_arg("--js-flags=--expose-gc"),
    )
    .await
}

async fn remote_window(test: &TestApp, name: &str) -> BrowserWindow {
    let window = BrowserWindow::new(&test.app, remote_options())
        .await
        .unwrap();
    window
        .load_file(script_page(
            name,
            &format!("{REMOTE_AND_IPC}{PAGE_HELPERS}"),
        ))
        .await
        .unwrap();
    window
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_is_off_unless_the_window_enables_it() {
    let test = start().await;
    let window = test.window().await;
    window
        .load_file(script_page(
            "no-remote.html",
            &format!("const ipc = require('electron').ipcRenderer;{PAGE_HELPERS}"),
        ))
        .await
        .unwrap();
    let refused = run(&window, "attempt(() => require('electron').remote)").await;
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("enable_remote_module"),
        "{refused}"
    );
    // A page that forges a remote request gets the same refusal from main.
    let forged = run(
        &window,
        r#"(() => {
            ipc.sendSync.length; // the runtime is here, remote is not
            const request = new XMLHttpRequest();
            try { ipc.sendSync('warm-up') } catch (e) {}
            const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('cathode.invalid'));
            request.open('POST', url, false);
            request.send(JSON.stringify({v: 1, kind: 'remote', channel: 'builtin', args: ['app']}));
            return JSON.parse(request.responseText);
        })()"#,
    )
    .await;
    assert!(
        forged["error"]["message"]
            .as_str()
            .unwrap()
            .contains("remote module is disabled"),
        "{forged}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_creates_windows_and_quits_the_app_through_remote() {
    let test = start().await;
    let window = remote_window(&test, "remote-basics.html").await;
    let seen = run(
        &window,
        r#"(async () => {
            const { BrowserWindow, app } = remote;
            const win = new BrowserWindow({ width: 300, height: 200, title: 'second', show: false });
            await win.loadURL('data:text/html,<title>Second page</title>');
            const again = BrowserWindow.fromId(win.id);
            return {
                id: win.id,
                title: win.getTitle(),
                same: again === win && BrowserWindow.getAllWindows().includes(win),
                count: BrowserWindow.getAllWindows().length,
                current: remote.getCurrentWindow().id,
                contents: remote.getCurrentWebContents().id,
                childContents: win.webContents.id,
                childUrl: win.webContents.getURL(),
                evaluated: await win.webContents.executeJavaScript('6 * 7'),
                ready: app.isReady(),
                platform: remote.process.platform,
                name: typeof app.getName(),
                isClass: typeof BrowserWindow === 'function' && BrowserWindow.name === 'BrowserWindow',
                // Numbers that do not fit are refused, never wrapped onto another window or code.
                wrappedId: attempt(() => BrowserWindow.fromId(2 ** 32 + win.id)),
                wrappedExit: attempt(() => app.exit(2 ** 32)),
            };
        })()"#,
    )
    .await;
    for wrapped in ["wrappedId", "wrappedExit"] {
        assert!(
            seen[wrapped]["error"]
                .as_str()
                .is_some_and(|error| error.starts_with("RangeError")),
            "{wrapped}: {seen}"
        );
    }
    let child_id = seen["id"].as_u64().unwrap() as u32;
    assert_ne!(child_id, window.id());
    assert_eq!(seen["title"], "Second page");
    assert_eq!(seen["same"], true);
    assert_eq!(seen["count"], 2);
    assert_eq!(seen["current"], window.id());
    assert_eq!(seen["contents"], window.id());
    assert_eq!(seen["childContents"], child_id);
    assert_eq!(
        seen["childUrl"],
        "data:text/html,<title>Second page</title>"
    );
    assert_eq!(seen["evaluated"], 42);
    assert_eq!(seen["ready"], true);
    assert_eq!(seen["platform"], std::env::consts::OS);
    assert_eq!(seen["name"], "string");
    assert_eq!(seen["isClass"], true);
    assert!(BrowserWindow::from_id(&test.app, child_id).is_some());

    // The quit may close this window before the evaluation's answer is read: either is fine.
    let _ = window
        .web_contents()
        .execute_javascript("setTimeout(() => remote.app.quit(), 0); 0")
        .await;
    assert_eq!(test.finished().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_errors_surface_in_the_page_with_their_message_and_name() {
    let test = start().await;
    test.app.remote().set_global(
        "strict",
        RemoteObjectBuilder::new("Strict")
            .method("half", |n: i64| {
                if n % 2 == 0 {
                    Ok(n / 2)
                } else {
                    Err(format!("{n} is odd"))
                }
            })
            .raw_method("range", |_call, _args| {
                Box::pin(async {
                    Err(RemoteError {
                        name: "RangeError".into(),
                        message: "out of range".into(),
                    })
                })
            })
            .property("fixed", || 1)
            .method("explode", |()| -> Result<(), String> {
                panic!("remote method bug")
            })
            .raw_method("explode_later", |_call, _args| {
                Box::pin(async { panic!("remote future bug") })
            })
            .build(),
    );
    let window = remote_window(&test, "remote-errors.html").await;
    let seen = run(
        &window,
        r#"(async () => {
            const strict = remote.getGlobal('strict');
            return [
                attempt(() => strict.half(4)),
                attempt(() => strict.half(3)),
                attempt(() => strict.half('four')),
                attempt(() => strict.range()),
                attempt(() => { strict.fixed = 2 }),
                attempt(() => strict.missing),
                attempt(() => remote.BrowserWindow()),
                attempt(() => remote.getGlobal('nothing-here')),
                attempt(() => remote.require('nothing-here')),
                await attemptAsync(() => remote.getCurrentWindow().loadURL('not a url')),
                attempt(() => strict.explode()),
                attempt(() => strict.explode_later()),
                attempt(() => strict.half(8)),
            ];
        })()"#,
    )
    .await;
    assert_eq!(seen[0], json!({"ok": 2}));
    assert_eq!(seen[1], json!({"error": "Error: 3 is odd"}));
    assert!(
        seen[2]["error"].as_str().unwrap().starts_with("TypeError:"),
        "{seen}"
    );
    assert_eq!(seen[3], json!({"error": "RangeError: out of range"}));
    assert!(
        seen[4]["error"]
            .as_str()
            .unwrap()
            .starts_with("TypeError: Cannot assign"),
        "{seen}"
    );
    assert_eq!(seen[5], json!({}), "a missing member is undefined");
    assert_eq!(
        seen[6],
        json!({"error": "TypeError: Class constructor BrowserWindow cannot be invoked without 'new'"})
    );
    assert_eq!(
        seen[7],
        json!({"error": "Error: the main process exposes no global 'nothing-here'"})
    );
    assert_eq!(
        seen[8],
        json!({"error": "Error: the main process exposes no module 'nothing-here'"})
    );
    assert!(
        seen[9]["error"]
            .as_str()
            .unwrap()
            .contains("ERR_INVALID_URL"),
        "{seen}"
    );
    assert_eq!(
        seen[10],
        json!({"error": "Error: the main process failed in 'member-call': remote method bug"})
    );
    assert_eq!(
        seen[11],
        json!({"error": "Error: the main process failed in 'member-call': remote future bug"})
    );
    assert_eq!(seen[12], json!({"ok": 4}), "main goes on after a panic");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_objects_carry_data_promises_binary_and_keep_their_identity() {
    let test = start().await;
    let count = Arc::new(AtomicU64::new(0));
    let (add, read, write) = (count.clone(), count.clone(), count.clone());
    let counter = RemoteObjectBuilder::new("Counter")
        .method("add", move |(by,): (u64,)| {
            Ok::<_, String>(add.fetch_add(by, Ordering::SeqCst) + by)
        })
        .writable_property(
            "count",
            move || read.load(Ordering::SeqCst),
            move |value: u64| {
                write.store(value, Ordering::SeqCst);
                Ok::<_, String>(())
            },
        )
        .async_method("later", |ms: u64| async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Ok::<_, String>(format!("after {ms} ms"))
        })
        .raw_method("reverse", |_call, args| {
            let reversed = match args.into_iter().next() {
                Some(RemoteValue::Bytes(mut bytes)) => {
                    bytes.reverse();
                    Ok(RemoteValue::Bytes(bytes))
                }
                _ => Err(RemoteError::type_error("reverse takes bytes")),
            };
            Box::pin(std::future::ready(reversed))
        })
        .raw_method("describe", |_call, args| {
            let description = RemoteValue::Record(vec![
                (
                    "nested".into(),
                    RemoteValue::Json(json!({"list": [1, [2, 3]], "text": "é"})),
                ),
                ("when".into(), RemoteValue::Date(86_400_000.0)),
                ("missing".into(), RemoteValue::Undefined),
                ("arguments".into(), RemoteValue::Json(json!(args.len()))),
            ]);
            Box::pin(std::future::ready(Ok(description)))
        })
        .build();
    test.app.remote().set_global("counter", counter.clone());
    test.app.remote().register_module("counter-module", counter);
    test.app
        .remote()
        .set_global_value("settings", json!({"theme": "dark", "sizes": [1, 2]}));
    let window = remote_window(&test, "remote-data.html").await;
    let seen = run(
        &window,
        r#"(async () => {
            const counter = remote.getGlobal('counter');
            counter.add(2);
            counter.add(3);
            const afterAdds = counter.count;
            counter.count = 40;
            const description = counter.describe(1, 'two', { three: 3 });
            return {
                afterAdds,
                added: counter.add(2),
                same: counter === remote.getGlobal('counter') && counter === remote.require('counter-module'),
                later: await counter.later(10),
                reversed: Array.from(counter.reverse(new Uint8Array([1, 2, 255]))),
                isBytes: counter.reverse(new Uint8Array([0])) instanceof Uint8Array,
                nested: description.nested,
                when: description.when.toISOString(),
                missing: 'missing' in description && description.missing === undefined,
                arguments: description.arguments,
                settings: remote.getGlobal('settings'),
                members: Object.keys(counter).sort(),
            };
        })()"#,
    )
    .await;
    assert_eq!(seen["afterAdds"], 5);
    assert_eq!(seen["added"], 42);
    assert_eq!(count.load(Ordering::SeqCst), 42);
    assert_eq!(seen["same"], true);
    assert_eq!(seen["later"], "after 10 ms");
    assert_eq!(seen["reversed"], json!([255, 2, 1]));
    assert_eq!(seen["isBytes"], true);
    assert_eq!(seen["nested"], json!({"list": [1, [2, 3]], "text": "é"}));
    assert_eq!(seen["when"], "1970-01-02T00:00:00.000Z");
    assert_eq!(seen["missing"], true);
    assert_eq!(seen["arguments"], 3);
    assert_eq!(seen["settings"], json!({"theme": "dark", "sizes": [1, 2]}));
    assert_eq!(
        seen["members"],
        json!(["add", "count", "describe", "later", "reverse"])
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_changes_mains_plain_data_and_other_windows_see_it() {
    let test = start().await;
    test.app.remote().set_global_value(
        "sharedObject",
        json!({"someProperty": "default value", "nested": {"count": 1}, "list": [{"x": 1}, 2]}),
    );
    let handle = SharedObject::from_json(json!({"flag": false})).unwrap();
    test.app
        .remote()
        .set_global("handle", Arc::new(handle.clone()));
    let first = remote_window(&test, "shared-first.html").await;
    // Electron's FAQ for sharing data between windows.
    let seen = run(
        &first,
        r#"(() => {
            const shared = remote.getGlobal('sharedObject');
            shared.someProperty = 'new value';
            shared.nested.count = 2;
            const list = shared.list;
            list[0].x = 5; // an object inside an array is a reference
            list.push(3); // the array itself is a copy
            remote.getGlobal('handle').flag = true;
            shared.added = 'only on the proxy, as in Electron';
            return {
                same: shared === remote.getGlobal('sharedObject'),
                length: remote.getGlobal('sharedObject').list.length,
                proxy: Object.prototype.toString.call(shared),
            };
        })()"#,
    )
    .await;
    assert_eq!(
        seen,
        json!({"same": true, "length": 2, "proxy": "[object Object]"})
    );
    assert_eq!(
        test.app.remote().global_value("sharedObject"),
        Some(json!({"someProperty": "new value", "nested": {"count": 2}, "list": [{"x": 5}, 2]}))
    );
    assert_eq!(handle.get("flag"), Some(json!(true)));

    let second = remote_window(&test, "shared-second.html").await;
    assert_eq!(
        run(&second, "remote.getGlobal('sharedObject').someProperty").await,
        "new value"
    );
    handle.set("flag", json!("set by main"));
    assert_eq!(
        run(&second, "remote.getGlobal('handle').flag").await,
        "set by main"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_a_page_opens_get_the_apps_defaults_like_mains() {
    let test = start().await;
    let opener = remote_window(&test, "defaults-opener.html").await;
    let page = script_page("defaults-child.html", PAGE_HELPERS);
    let open_child = format!(
        "(async () => {{ const child = new remote.BrowserWindow({{ show: false }}); \
         await child.loadFile({}); return child.id; }})()",
        json!(page.to_string_lossy())
    );
    let remote_in = |id: Value| {
        let child = BrowserWindow::from_id(&test.app, id.as_u64().unwrap() as u32).unwrap();
        async move {
            run(
                &child,
                "attempt(() => typeof require('electron').remote.getCurrentWindow)",
            )
            .await
        }
    };
    // Rust's defaults: what `WindowOptions::default()` gives main's own windows.
    assert!(
        !WindowOptions::default()
            .web_preferences
            .enable_remote_module
    );
    // Pages with node integration, to show that remote is what the defaults leave out.
    test.app
        .set_default_web_preferences(WebPreferences::node_integrated());
    let secure = remote_in(run(&opener, &open_child).await).await;
    assert!(
        secure["error"].as_str().unwrap().contains("disabled"),
        "{secure}"
    );
    // Electron-era defaults, as the CLI sets them for its main script's windows.
    test.app.set_default_web_preferences(WebPreferences {
        enable_remote_module: true,
        ..WebPreferences::node_integrated()
    });
    let enabled = remote_in(run(&opener, &open_child).await).await;
    assert_eq!(enabled, json!({"ok": "function"}));
    test.exit().await;
}

/// `[id, typeof pid, pid]` of every window, as a page lists them through remote.
const LIST_PIDS: &str = "remote.BrowserWindow.getAllWindows().map((w) => {
    const pid = w.webContents.getOSProcessId();
    return [w.id, typeof pid, pid];
})";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_lists_renderer_pids_as_numbers_and_sees_them_change_after_a_crash() {
    let test = start_own().await;
    // Both windows learn their pid as they open, and are asked for it, at the same time: one
    // trace at a time.
    let (lister, other) = tokio::join!(
        BrowserWindow::new(&test.app, remote_options()),
        BrowserWindow::new(&test.app, remote_options()),
    );
    let (lister, other) = (lister.unwrap(), other.unwrap());
    let (lister_contents, other_contents) = (lister.web_contents(), other.web_contents());
    let (first, second) = tokio::join!(
        lister_contents.os_process_id(),
        other_contents.os_process_id(),
    );
    assert_ne!(first.unwrap(), second.unwrap());
    let page = script_page("pids.html", &format!("{REMOTE_AND_IPC}{PAGE_HELPERS}"));
    let (loaded, other_loaded) = tokio::join!(lister.load_file(&page), other.load_file(&page));
    loaded.unwrap();
    other_loaded.unwrap();

    let listed = run(&lister, LIST_PIDS).await;
    let lister_pid = lister.web_contents().os_process_id().await.unwrap();
    let other_pid = other.web_contents().os_process_id().await.unwrap();
    assert_ne!(lister_pid, other_pid);
    assert_eq!(
        listed,
        json!([
            [lister.id(), "number", lister_pid],
            [other.id(), "number", other_pid]
        ])
    );
    assert_eq!(
        run(&lister, "remote.getCurrentWebContents().getOSProcessId()").await,
        lister_pid
    );

    let mut gone = Seen::new();
    let tx = gone.sender();
    other
        .web_contents()
        .on_render_process_gone(move |_| tx.send(()).unwrap());
    other.web_contents().forcefully_crash_renderer().unwrap();
    gone.next().await;
    assert_eq!(other.web_contents().known_os_process_id(), None);
    assert_eq!(
        run(&lister, LIST_PIDS).await[1],
        json!([other.id(), "number", 0]),
        "no live renderer: 0, as in Electron"
    );
    let mut loads = Seen::new();
    let tx = loads.sender();
    other
        .web_contents()
        .on_did_finish_load(move || tx.send(()).unwrap());
    other.web_contents().reload().unwrap();
    loads.next().await;
    let listed = run(&lister, LIST_PIDS).await;
    let new_pid = other.web_contents().os_process_id().await.unwrap();
    assert_ne!(new_pid, other_pid);
    assert_eq!(listed[1], json!([other.id(), "number", new_pid]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_functions_are_called_back_by_main() {
    let test = start().await;
    let mut seen = Seen::new();
    let tx = seen.sender();
    test.app
        .ipc_main()
        .on("event-seen", move |_event, name: String| {
            tx.send(name).unwrap()
        });
    let window = remote_window(&test, "remote-callbacks.html").await;
    run(
        &window,
        r#"(async () => {
            const { BrowserWindow, app } = remote;
            const child = new BrowserWindow({ show: false });
            child.on('closed', () => ipc.send('event-seen', 'closed'));
            child.webContents.on('did-finish-load', () => ipc.send('event-seen', 'did-finish-load'));
            app.once('browser-window-created', (event, created) => ipc.send('event-seen', `created ${created.id}`));
            await child.loadURL('data:text/html,child');
            child.close();
            new BrowserWindow({ show: false });
            new BrowserWindow({ show: false });
            return 0;
        })()"#,
    )
    .await;
    let mut events = vec![seen.next().await, seen.next().await, seen.next().await];
    events.sort();
    assert_eq!(events[0], "closed");
    assert!(events[1].starts_with("created "), "{events:?}");
    assert_eq!(events[2], "did-finish-load");
    // `once` fired a single time although two windows were created.
    assert!(seen.stays_empty(Duration::from_millis(300)).await);
    test.exit().await;
}

/// Runs `gc()` in the page until main's registry for it is back to `baseline`.
async fn wait_until_released(window: &BrowserWindow, baseline: usize) {
    for _ in 0..200 {
        if window.web_contents().remote_objects_held() == baseline {
            return;
        }
        run(window, "gc(); sleep(20).then(() => 0)").await;
    }
    panic!(
        "main still holds {} objects for the page, expected {baseline}",
        window.web_contents().remote_objects_held()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_a_page_drops_are_released_in_main() {
    let test = start().await;
    let made = Arc::new(AtomicU64::new(0));
    let factory = RemoteObjectBuilder::new("Factory")
        .raw_method("make", move |_call, args| {
            let serial = made.fetch_add(1, Ordering::Relaxed);
            let label = args
                .first()
                .and_then(RemoteValue::to_json)
                .unwrap_or(Value::Null);
            let item = RemoteObjectBuilder::new("Item")
                .property("serial", move || serial)
                .property("label", move || label.clone())
                .build();
            Box::pin(std::future::ready(Ok(RemoteValue::Object(item))))
        })
        .build();
    test.app.remote().set_global("factory", factory);
    let window = remote_window(&test, "remote-release.html").await;
    run(&window, "window.factory = remote.getGlobal('factory'); 0").await;
    let baseline = window.web_contents().remote_objects_held();
    assert_eq!(baseline, 1);
    // 10,000 synchronous requests, in batches of 100 so that the time limit (per batch) grows
    // with the work.
    let mut made = 0;
    for batch in 0..100 {
        let code = format!(
            "(() => {{ let sum = 0; for (let i = 0; i < 100; i++) sum += factory.make({batch} * 100 + i) ? 1 : 0; return sum; }})()"
        );
        made += run(&window, &code).await.as_u64().unwrap();
    }
    assert_eq!(made, 10000);
    run(&window, "window.kept = factory.make('kept'); 0").await;
    wait_until_released(&window, baseline + 1).await;
    assert_eq!(run(&window, "window.kept.label").await, "kept");
    run(&window, "window.kept = null; 0").await;
    wait_until_released(&window, baseline).await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_or_reloading_a_page_releases_everything_it_held() {
    let test = start().await;
    let mut seen = Seen::new();
    let tx = seen.sender();
    test.app
        .ipc_main()
        .on("created-seen", move |_event, id: u32| tx.send(id).unwrap());
    let holder = remote_window(&test, "remote-holder.html").await;
    run(
        &holder,
        "window.held = [remote.app, remote.BrowserWindow, remote.getCurrentWindow(), remote.getCurrentWebContents()]; 0",
    )
    .await;
    assert!(holder.web_contents().remote_objects_held() >= 4);

    let reloading = remote_window(&test, "remote-reloading.html").await;
    run(
        &reloading,
        "remote.app.on('browser-window-created', (event, window) => ipc.send('created-seen', window.id)); 0",
    )
    .await;
    let first = BrowserWindow::new(&test.app, crate::common::node_options())
        .await
        .unwrap();
    assert_eq!(seen.next().await, first.id());
    // A window the page opened and listens to, then closed: dropping it on reload releases the
    // page's function it holds.
    let child_closed = run(
        &reloading,
        r#"new Promise((resolve) => {
            const child = new remote.BrowserWindow({ show: false });
            window.child = child;
            child.on('closed', () => resolve(child.id));
            child.close();
        })"#,
    )
    .await;
    // The page's browser-window-created listener saw the child too.
    assert_eq!(json!(seen.next().await), child_closed);

    let mut loads = Seen::new();
    let tx = loads.sender();
    reloading
        .web_contents()
        .on_did_finish_load(move || tx.send(()).unwrap());
    reloading.web_contents().reload().unwrap();
    loads.next().await;
    assert_eq!(reloading.web_contents().remote_objects_held(), 0);
    let _second = BrowserWindow::new(&test.app, crate::common::node_options())
        .await
        .unwrap();
    let _third = BrowserWindow::new(&test.app, crate::common::node_options())
        .await
        .unwrap();
    assert!(
        seen.stays_empty(Duration::from_millis(300)).await,
        "a callback from before the reload was called"
    );
    log_line(&["released what it held through remote", "listeners=2"]).await;

    let contents = holder.web_contents();
    holder.close().await;
    assert_eq!(contents.remote_objects_held(), 0);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_random_remote_requests_break_nothing() {
    let test = start().await;
    test.app.remote().set_global(
        "echo",
        RemoteObjectBuilder::new("Echo")
            .method("echo", |value: Value| Ok::<_, String>(value))
            .build(),
    );
    let mut pongs = Seen::new();
    let tx = pongs.sender();
    test.app.ipc_main().on("pong", move |event, n: u32| {
        tx.send((event.window_id(), n)).unwrap()
    });
    let fuzzer = remote_window(&test, "remote-fuzz.html").await;
    let bystander = remote_window(&test, "remote-bystander.html").await;
    // Each request is a round trip through the browser's request interception (about 1.5 ms
    // here even in a release build, mostly in the browser): the time limit is per batch of 100,
    // so it grows with the work and leaves a wide margin on a slow, loaded machine.
    run(
        &fuzzer,
        r#"(() => {
            remote.getGlobal('echo').echo(1); // a real request, so the reserved URL is known
            const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('cathode.invalid'));
            const binding = window[Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'))];
            let seed = 12345;
            const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
            const pick = (list) => list[Math.floor(random() * list.length)];
            const junk = () => pick([undefined, null, -1, 0, 1, 2, 3, 1e308, 'x', '', [], {}, [1, 2], {type: 'value'},
                {type: 'remote-object', id: 1}, {type: 'remote-object', id: 999}, {type: 'function'}, {type: 'function', id: 'a', fn: 1},
                {type: 'buffer', base64: '!!'}, {type: 'array'}, {type: 'record', entries: 5}, {type: 'date', value: 'now'},
                {type: 'nonsense'}, [[1, 2]], 'builtin', 'app']);
            const ops = ['builtin', 'member-call', 'member-get', 'member-set', 'call', 'construct', 'get-global',
                         'require', 'current-window', 'process', 'nonsense', ''];
            window.fuzzBatch = async () => {
                let answers = 0;
                const requests = [];
                for (let i = 0; i < 100; i++) {
                    const args = Array.from({ length: Math.floor(random() * 4) }, junk);
                    if (random() < 0.5) args[0] = Math.floor(random() * 5);
                    const body = random() < 0.9
                        ? JSON.stringify({ v: 1, kind: 'remote', channel: pick(ops), args })
                        : pick(['', 'garbage', '{"v":1}', JSON.stringify({ v: 1, kind: 'remote', channel: 'member-call', args: [1, 'echo', [junk()]] })]);
                    requests.push(fetch(url, { method: 'POST', body }).then((r) => r.json()).then(() => answers++));
                    if (random() < 0.05) binding(JSON.stringify({ v: 1, kind: 'remote', channel: 'release', args: [junk(), [1, 0]] }));
                }
                await Promise.all(requests);
                return answers;
            };
            return 0;
        })()"#,
    )
    .await;
    let mut answered = 0;
    for _ in 0..100 {
        answered += run(&fuzzer, "fuzzBatch()").await.as_u64().unwrap();
    }
    assert_eq!(answered, 10000);
    run(
        &bystander,
        "ipc.on('ping', (event, n) => ipc.send('pong', n)); 0",
    )
    .await;
    for n in 0..10 {
        bystander.web_contents().send("ping", (n,)).unwrap();
        assert_eq!(pongs.next().await, (bystander.id(), n));
    }
    assert_eq!(
        run(&fuzzer, "remote.getGlobal('echo').echo('still fine')").await,
        "still fine"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn structured_values_cross_remote_both_ways_as_on_every_ipc_path() {
    let test = start().await;
    let received = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = received.clone();
    let echo = RemoteObjectBuilder::new("Echo")
        .raw_method("back", move |_call, args| {
            let mut record = record.lock().unwrap();
            for arg in &args {
                record.push(match arg {
                    RemoteValue::Structured(value) => value.to_wire(),
                    other => json!(format!("not structured: {other:?}")),
                });
            }
            Box::pin(std::future::ready(Ok(RemoteValue::Array(args))))
        })
        .build();
    test.app.remote().set_global("echo", echo);
    test.app
        .remote()
        .set_global_value("shared", json!({"slot": null}));
    let window = remote_window(&test, "remote-structured.html").await;
    let seen = run(
        &window,
        r#"(() => {
            const [map, set, regexp, floats, sparse, big, nan, negativeZero] = remote
                .getGlobal('echo')
                .back(new Map([[1n, NaN]]), new Set(['a']), /x+/gi, new Float32Array([1.5]),
                    [1, , 3], 10n ** 20n, NaN, -0);
            const shared = remote.getGlobal('shared');
            shared.slot = new Map([['k', new Set([Infinity])]]);
            const kept = remote.getGlobal('shared').slot;
            const refusal = (value) => {
                try {
                    remote.getGlobal('echo').back(value);
                } catch (error) {
                    return `${error.name}: ${error.message}`;
                }
            };
            const loop = { name: 'loop' };
            loop.self = loop;
            return {
                map: map instanceof Map && map.get(1n),
                set: set instanceof Set && [...set],
                regexp: regexp instanceof RegExp && String(regexp),
                floats: floats instanceof Float32Array && Array.from(floats),
                // Main's `Value` has no holes: the hole comes back as `undefined`.
                sparse: sparse.length === 3 && sparse[1] === undefined && sparse[2],
                big: typeof big === 'bigint' && big.toString(),
                nan: Number.isNaN(nan),
                negativeZero: Object.is(negativeZero, -0),
                kept: kept instanceof Map && [...kept.get('k')][0] === Infinity,
                functionInMap: refusal(new Map([['f', () => 1]])),
                cyclic: refusal(loop),
            };
        })()"#,
    )
    .await;
    assert_eq!(
        seen,
        json!({
            "map": null, "set": ["a"], "regexp": "/x+/gi", "floats": [1.5], "sparse": 3,
            "big": "100000000000000000000", "nan": true, "negativeZero": true, "kept": true,
            "functionInMap": "DataCloneError: An object could not be cloned.",
            "cyclic": "TypeError: Cannot pass a cyclic object to the main process",
        }),
        "NaN comes back as NaN (JSON shows it as null)"
    );
    let received = received.lock().unwrap().clone();
    assert_eq!(
        received[0],
        json!({"$c": "map", "entries": [[{"$c": "bigint", "v": "1"}, {"$c": "number", "v": "NaN"}]]})
    );
    assert_eq!(received[1], json!({"$c": "set", "values": ["a"]}));
    assert_eq!(
        received[2],
        json!({"$c": "regexp", "source": "x+", "flags": "gi"})
    );
    assert_eq!(received[3]["type"], "Float32Array");
    assert_eq!(
        received[4],
        json!([1.0, {"$c": "undefined"}, 3.0]),
        "a sparse array arrives whole, its hole read as undefined"
    );
    assert_eq!(
        received[5],
        json!({"$c": "bigint", "v": "100000000000000000000"})
    );
    assert_eq!(received.len(), 8, "the refused calls reached no method");
    test.exit().await;
}
