//! Frames inside a window and documents of other origins: only what main gave the runtime may
//! talk to main, decided from what the browser reports.

use std::sync::{Arc, Mutex};

use cathode::{BrowserWindow, SenderFrame, WebPreferences, WindowOptions};
use serde_json::Value;

use crate::common::{log_line, run_js as run, serve_site, within, Seen, TestApp};

/// Runs in a frame: tries every way to reach main (the binding of its own window and of an
/// `about:blank` child it makes, `require('electron')`, the reserved sync URL for sync IPC and for
/// remote, from itself and from the child), then reports what it saw to the top page.
const ATTACK: &str = r#"
function attack(label, syncUrl) {
  const find = (w) => { try { return Object.getOwnPropertyNames(w).find((n) => n.startsWith('__cathode_')) } catch (e) { return undefined } };
  const envelope = (kind, channel, args, id) => JSON.stringify({ v: 1, kind, id, channel, args });
  const child = document.createElement('iframe');
  document.body.appendChild(child);
  const report = { label, origin: self.origin, binding: find(window) ?? null, childBinding: find(child.contentWindow) ?? null, require: typeof require };
  for (const w of [window, child.contentWindow]) {
    const name = find(w);
    if (name && typeof w[name] === 'function') {
      try { w[name](envelope('send', 'frame-send', [label])); w[name](envelope('invoke', 'frame-invoke', [label], 1)) } catch (e) {}
    }
  }
  if (typeof require === 'function') {
    try {
      const { ipcRenderer } = require('electron');
      ipcRenderer.send('frame-send', label);
      report.sendSync = ipcRenderer.sendSync('frame-sync', label);
    } catch (e) { report.requireError = String(e) }
  }
  const post = (XHR, body) => {
    try { const r = new XHR(); r.open('POST', syncUrl, false); r.send(body); return r.status + ' ' + r.responseText }
    catch (e) { return 'failed: ' + e.name }
  };
  report.sync = post(XMLHttpRequest, envelope('sync', 'frame-sync', [label]));
  report.remote = post(XMLHttpRequest, envelope('remote', 'get-global', ['process']));
  try { report.childSync = post(child.contentWindow.XMLHttpRequest, envelope('sync', 'frame-sync', [label + '/child'])) }
  catch (e) { report.childSync = 'failed: ' + e.name }
  top.postMessage(report, '*');
}
"#;

/// The app's page: collects the frames' reports, learns the reserved sync URL (as a leak would
/// give it to a hostile frame) and adds frames on request.
const APP_PAGE: &str = r#"<!doctype html><meta charset=utf-8><title>app</title><body><script>
const { ipcRenderer: ipc } = require('electron');
window.frameReports = [];
addEventListener('message', (event) => { if (event.data && event.data.label) frameReports.push(event.data) });
try { ipc.sendSync('warm-up') } catch (e) {}
window.syncUrl = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('cathode.invalid'));
window.addFrame = (attributes) => { const frame = document.createElement('iframe'); Object.assign(frame, attributes); document.body.appendChild(frame) };
window.reportsIn = (count) => new Promise((resolve) => {
  const check = () => frameReports.length >= count ? resolve(frameReports) : setTimeout(check, 20);
  check();
});
</script>"#;

/// A frame that attacks, told its label and the sync URL in its fragment.
fn frame_page() -> String {
    format!(
        "<!doctype html><body><script>{ATTACK}\n\
         const [label, url] = decodeURIComponent(location.hash.slice(1)).split('|');\n\
         attack(label, url);</script>"
    )
}

/// A frame that attacks and holds another attacking frame of its own origin.
fn outer_page() -> String {
    format!(
        "<!doctype html><body><script>{ATTACK}\n\
         const [label, url] = decodeURIComponent(location.hash.slice(1)).split('|');\n\
         const inner = document.createElement('iframe');\n\
         inner.src = '/frame.html#' + encodeURIComponent('nested|' + url);\n\
         document.body.appendChild(inner);\n\
         attack(label, url);</script>"
    )
}

fn site() -> String {
    serve_site(vec![
        ("/index.html", APP_PAGE.to_string()),
        ("/frame.html", frame_page()),
        ("/outer.html", outer_page()),
        (
            "/ipc-frame.html",
            "<!doctype html><script>require('electron').ipcRenderer.send('frame-hello', location.href)</script>"
                .to_string(),
        ),
        (
            "/plain.html",
            "<!doctype html><title>plain</title><p>another origin".to_string(),
        ),
    ])
}

/// The same site under the name `localhost`: another site than `127.0.0.1`, so its frames run
/// in other renderer processes.
fn cross_site(url: &str) -> String {
    url.replace("127.0.0.1", "localhost")
}

type Received = Arc<Mutex<Vec<(String, SenderFrame)>>>;

/// Records what reaches main's handlers of the channels the frames try.
fn listen(test: &TestApp) -> (Received, Seen<String>) {
    let received: Received = Arc::default();
    let ipc = test.app.ipc_main();
    let sends = Seen::new();
    let (record, tx) = (received.clone(), sends.sender());
    ipc.on("frame-send", move |event, label: String| {
        record
            .lock()
            .unwrap()
            .push((format!("send {label}"), event.sender_frame().clone()));
        tx.send(label).unwrap();
    });
    let record = received.clone();
    ipc.on("frame-sync", move |event, label: String| {
        record
            .lock()
            .unwrap()
            .push((format!("sync {label}"), event.sender_frame().clone()));
        event.set_return_value("answered by main")
    });
    let record = received.clone();
    ipc.handle("frame-invoke", move |event, label: String| {
        record
            .lock()
            .unwrap()
            .push((format!("invoke {label}"), event.sender_frame().clone()));
        async { Ok::<_, String>("answered by main") }
    })
    .unwrap();
    (received, sends)
}

/// A window with `preferences`, showing `url`.
async fn app_window(test: &TestApp, preferences: WebPreferences, url: &str) -> BrowserWindow {
    let options = WindowOptions {
        web_preferences: preferences,
        ..crate::common::node_options()
    };
    let window = BrowserWindow::new(&test.app, options).await.unwrap();
    window.load_url(url).await.unwrap();
    window
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_that_were_not_given_ipc_reach_no_handler_on_any_path() {
    let site_a = site();
    let site_b = site();
    let test = TestApp::start().await;
    let (received, mut sends) = listen(&test);
    let window = app_window(
        &test,
        WebPreferences {
            enable_remote_module: true,
            ..WebPreferences::node_integrated()
        },
        &format!("{site_a}/index.html"),
    )
    .await;
    let frame = |label: &str, url: String| {
        format!("addFrame({{ src: `{url}#${{encodeURIComponent('{label}|' + syncUrl)}}` }})")
    };
    let inline = |label: &str| {
        format!("<body><script>{ATTACK}\nattack('{label}', ${{JSON.stringify(syncUrl)}})</script>")
    };
    let added = [
        frame("same-origin", format!("{site_a}/frame.html")),
        frame("same-site", format!("{site_b}/frame.html")),
        frame("cross-site", cross_site(&format!("{site_b}/frame.html"))),
        format!(
            "addFrame({{ src: 'data:text/html,' + encodeURIComponent(`{}`) }})",
            inline("data")
        ),
        format!("addFrame({{ srcdoc: `{}` }})", inline("srcdoc")),
        frame("outer", format!("{site_b}/outer.html")),
    ]
    .join(";\n");
    run(&window, &format!("{added}; 0")).await;
    run(
        &window,
        &format!(
            "(() => {{ const f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; \
             f.src = `{site_a}/frame.html#${{encodeURIComponent('sandboxed|' + syncUrl)}}`; \
             document.body.appendChild(f); return 0 }})()"
        ),
    )
    .await;
    let reports = run(&window, "reportsIn(8)").await;
    let reports = reports.as_array().unwrap();
    let mut labels: Vec<&str> = reports
        .iter()
        .map(|report| report["label"].as_str().unwrap())
        .collect();
    labels.sort();
    assert_eq!(
        labels,
        [
            "cross-site",
            "data",
            "nested",
            "outer",
            "same-origin",
            "same-site",
            "sandboxed",
            "srcdoc"
        ]
    );
    for report in reports {
        assert_eq!(report["require"], "undefined", "{report}");
        assert_eq!(report["binding"], Value::Null, "{report}");
        for path in ["sync", "remote", "childSync"] {
            let answer = report[path].as_str().unwrap();
            // Refused by main (frames in the page's process), or never intercepted at all
            // (frames in other processes reach no session of main's).
            assert!(
                answer.contains("refused by the main process") || answer.starts_with("failed"),
                "{path}: {report}"
            );
            assert!(!answer.contains("\"ok\""), "{path}: {report}");
        }
    }
    // Frames in the page's own process were refused by main, which logged who they were.
    let same_process = reports
        .iter()
        .filter(|report| {
            report["sync"]
                .as_str()
                .unwrap()
                .contains("refused by the main process")
        })
        .count();
    assert!(same_process >= 5, "{reports:?}");
    let window_field = format!("window_id={}", window.id());
    log_line(&[
        "refused a sync request from a frame",
        &window_field,
        "frame_id=",
        "origin=",
    ])
    .await;

    // The page itself still talks; nothing a frame sent came before it.
    run(&window, "ipc.send('frame-send', 'top'); 0").await;
    assert_eq!(sends.next().await, "top");
    assert_eq!(
        run(&window, "ipc.sendSync('frame-sync', 'top')").await,
        "answered by main"
    );
    let received = received.lock().unwrap().clone();
    let seen: Vec<&str> = received.iter().map(|(what, _)| what.as_str()).collect();
    assert_eq!(seen, ["send top", "sync top"]);
    for (_, sender) in &received {
        assert!(sender.is_main_frame);
        assert_eq!(sender.origin, site_a);
        assert_eq!(sender.url, format!("{site_a}/index.html"));
    }
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subframes_opted_in_get_ipc_only_for_trusted_origins() {
    let site_a = site();
    let site_b = site();
    let site_c = site();
    let test = TestApp::start().await;
    let mut hellos = Seen::new();
    let tx = hellos.sender();
    test.app
        .ipc_main()
        .on("frame-hello", move |event, href: String| {
            tx.send((href, event.sender_frame().clone())).unwrap()
        });
    let window = app_window(
        &test,
        WebPreferences {
            node_integration_in_subframes: true,
            trusted_origins: vec![site_b.clone()],
            ..WebPreferences::node_integrated()
        },
        &format!("{site_a}/index.html"),
    )
    .await;
    run(
        &window,
        &format!(
            "addFrame({{ src: '{site_c}/ipc-frame.html' }}); \
             addFrame({{ src: '{site_a}/ipc-frame.html' }}); \
             addFrame({{ src: '{site_b}/ipc-frame.html' }}); 0"
        ),
    )
    .await;
    let mut origins = Vec::new();
    for _ in 0..2 {
        let (href, sender) = hellos.next().await;
        assert_eq!(href, format!("{}/ipc-frame.html", sender.origin));
        assert_eq!(sender.url, href);
        assert!(!sender.is_main_frame);
        origins.push(sender.origin);
    }
    origins.sort();
    let mut expected = vec![site_a.clone(), site_b.clone()];
    expected.sort();
    assert_eq!(origins, expected);
    // The frame of the third origin got nothing: main heard from the page next, not from it.
    run(&window, "ipc.send('frame-hello', 'top'); 0").await;
    let (href, sender) = hellos.next().await;
    assert_eq!(href, "top");
    assert!(sender.is_main_frame);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_navigates_to_another_origin_becomes_a_plain_web_page() {
    let site_a = site();
    let site_b = site();
    let test = TestApp::start().await;
    let navigate = |window: &BrowserWindow, url: String| {
        let window = window.clone();
        async move {
            run(&window, &format!("location.href = '{url}'; 0")).await;
            within(async {
                while run(&window, "location.href").await != url.as_str() {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            })
            .await;
            run(
                &window,
                "[typeof require, Object.getOwnPropertyNames(window).some((n) => n.startsWith('__cathode_'))]",
            )
            .await
        }
    };
    let plain = test.window().await;
    plain
        .load_url(&format!("{site_a}/index.html"))
        .await
        .unwrap();
    let seen = navigate(&plain, format!("{site_b}/plain.html")).await;
    assert_eq!(seen, serde_json::json!(["undefined", false]));
    log_line(&[
        "left the origins main loaded",
        &format!("window_id={}", plain.id()),
    ])
    .await;
    // Back on the app's origin, the runtime is there again.
    let seen = navigate(&plain, format!("{site_a}/plain.html")).await;
    assert_eq!(seen, serde_json::json!(["function", true]));

    let trusting = app_window(
        &test,
        WebPreferences {
            trusted_origins: vec![site_b.clone()],
            ..WebPreferences::node_integrated()
        },
        &format!("{site_a}/index.html"),
    )
    .await;
    let seen = navigate(&trusting, format!("{site_b}/plain.html")).await;
    assert_eq!(seen, serde_json::json!(["function", true]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_page_main_loads_talks_and_about_blank_does_not() {
    let test = TestApp::start().await;
    let mut hellos = Seen::new();
    let tx = hellos.sender();
    test.app
        .ipc_main()
        .on("data-hello", move |event, label: String| {
            tx.send((label, event.sender_frame().clone())).unwrap()
        });
    // A fragment and a line break: the browser reports the URL without either.
    let script = "const ipc = require('electron').ipcRenderer;\n ipc.send('data-hello', 'page');";
    let url = format!("data:text/html,<body><script>{script}</script>#top");
    let window = test.window().await;
    window.load_url(&url).await.unwrap();
    let (label, sender) = hellos.next().await;
    assert_eq!(label, "page");
    assert!(sender.is_main_frame);
    assert_eq!(sender.origin, "null");
    // about:blank has an opaque origin too, but is never a trusted document.
    window.load_url("about:blank").await.unwrap();
    assert_eq!(run(&window, "typeof require").await, "undefined");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_navigation_to_the_sync_url_is_failed_not_taken_as_a_request() {
    let site = site();
    let test = TestApp::start().await;
    let (received, _sends) = listen(&test);
    let window = test.window().await;
    window
        .load_url(&format!("{site}/index.html"))
        .await
        .unwrap();
    // A form posted at the page (as a frame could make the user do) whose body is an envelope.
    run(
        &window,
        r#"(() => {
            const form = document.createElement('form');
            form.method = 'POST';
            form.enctype = 'text/plain';
            form.action = syncUrl;
            const field = document.createElement('input');
            field.name = '{"v":1,"kind":"sync","channel":"frame-sync","args":["form"],"x":"';
            field.value = '"}';
            form.appendChild(field);
            document.body.appendChild(form);
            form.submit();
            return 0;
        })()"#,
    )
    .await;
    log_line(&[
        "refused a request to the sync URL that a script did not make",
        "resource_type=Document",
    ])
    .await;
    assert!(received.lock().unwrap().is_empty());
    test.exit().await;
}
