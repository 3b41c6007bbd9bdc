//! MessagePorts: main's `MessageChannelMain` ends handed to pages as real `MessagePort`s, pages'
//! own ports handed to main, two pages talking on one channel with main off the path, and the
//! bad input of port messages.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cathode::{
    BrowserWindow, ConsoleLevel, MessageChannelMain, PortMessage, WebPreferences, WindowOptions,
};
use serde_json::{json, Value};

use crate::common::{
    log_line, page_file, run_js as run, script_page, serve_site, within, Seen, TestApp,
    PAGE_HELPERS,
};

/// A window whose preload is `source`, with Electron's defaults (context isolation, sandbox).
async fn preloaded_window(test: &TestApp, name: &str, source: &str) -> BrowserWindow {
    let options = WindowOptions {
        web_preferences: WebPreferences::default().preload(page_file(name, source)),
        ..WindowOptions::default()
    };
    within(BrowserWindow::new(&test.app, options))
        .await
        .expect("a window opens")
}

/// Messages that reach a port of main, as `(data, number of ports)`.
fn heard(port: &cathode::MessagePortMain) -> Seen<(Value, usize)> {
    let seen = Seen::new();
    let tx = seen.sender();
    port.on_message(move |message: &PortMessage| {
        let _ = tx.send((message.wire().clone(), message.ports().len()));
    });
    port.start();
    seen
}

/// A preload that echoes, on the port main gives it, every message as `{echo, map}`, tells main
/// what it got, closes the port on `"bye"`, and hands a second port to the page's main world.
const ECHO_PRELOAD: &str = r#"
const { ipcRenderer } = require('electron');
ipcRenderer.on('port', (event, message) => {
  const [port] = event.ports;
  port.onmessage = ({ data }) => {
    if (data === 'bye') return port.close();
    port.postMessage({ echo: data, map: data instanceof Map });
  };
  ipcRenderer.send('got-port', message, event.ports.length, port instanceof MessagePort);
});
ipcRenderer.on('for-the-page', (event) => {
  window.postMessage('main-world-port', '*', event.ports);
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_and_a_preload_talk_on_a_message_channel_and_either_end_can_close_it() {
    let test = TestApp::start().await;
    let mut got_port = Seen::new();
    let tx = got_port.sender();
    test.app
        .ipc_main()
        .on("got-port", move |_event, got: (String, usize, bool)| {
            tx.send(got).unwrap()
        });
    let window = preloaded_window(&test, "echo-preload.js", ECHO_PRELOAD).await;
    within(window.load_file(script_page("ports-echo.html", "")))
        .await
        .unwrap();

    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    let mut echoes = heard(&port1);
    let closed = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&closed);
    port1.on_close(move || {
        count.fetch_add(1, Ordering::SeqCst);
    });
    // Messages posted before the page has its end wait for it.
    port1.post_message(json!({"n": 1}), Vec::new()).unwrap();
    window
        .web_contents()
        .post_message_with_ports("port", "here", vec![port2])
        .unwrap();
    assert_eq!(got_port.next().await, ("here".into(), 1, true));
    assert_eq!(
        echoes.next().await,
        (json!({"echo": {"n": 1}, "map": false}), 0)
    );
    // Values keep their structured-clone types both ways.
    let map = cathode::Value::Map(vec![(
        cathode::Value::String("k".into()),
        cathode::Value::Number(2.0),
    )]);
    port1.post_message(&map, Vec::new()).unwrap();
    let (echo, _) = echoes.next().await;
    assert_eq!(echo["map"], json!(true));
    assert_eq!(
        cathode::value::read::<std::collections::HashMap<String, u32>>(&echo["echo"]).unwrap(),
        [("k".to_string(), 2)].into()
    );

    // The page closes its end: main's port hears `close`, and later sends are dropped quietly.
    port1.post_message("bye", Vec::new()).unwrap();
    within(async {
        while closed.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(!port1.is_open());
    port1.post_message("after close", Vec::new()).unwrap();

    // Main closes a channel whose other end the page's main world got through the preload.
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    run(
        &window,
        "window.addEventListener('message', (event) => {
             if (event.data !== 'main-world-port') return;
             const [port] = event.ports;
             window.closedPort = new Promise((resolve) => port.addEventListener('close', () => resolve('closed')));
             port.onmessage = ({ data }) => port.postMessage(`main world got ${data}`);
         }); true",
    )
    .await;
    let mut from_page = heard(&port1);
    window
        .web_contents()
        .post_message_with_ports("for-the-page", (), vec![port2])
        .unwrap();
    port1.post_message("hi", Vec::new()).unwrap();
    assert_eq!(from_page.next().await, (json!("main world got hi"), 0));
    port1.close();
    assert_eq!(run(&window, "window.closedPort").await, json!("closed"));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_hands_its_own_port_to_main_and_cannot_hand_it_twice() {
    let test = TestApp::start().await;
    let mut ports = Seen::new();
    let tx = ports.sender();
    test.app
        .ipc_main()
        .on("take", move |event, message: Value| {
            let port = event.ports()[0].clone();
            port.post_message(json!({"thanks": message}), Vec::new())
                .unwrap();
            tx.send((event.ports().len(), port)).unwrap();
        });
    let page = script_page(
        "ports-own.html",
        &format!(
            "{PAGE_HELPERS}
            const {{ ipcRenderer }} = require('electron');
            const {{ port1, port2 }} = new MessageChannel();
            window.answers = [];
            port1.onmessage = ({{ data }}) => window.answers.push(data);
            ipcRenderer.postMessage('take', {{ from: 'page' }}, [port2]);
            window.twice = attempt(() => ipcRenderer.postMessage('take', 0, [port2]));
            window.notPorts = attempt(() => ipcRenderer.postMessage('take', 0, [{{}}]));
            "
        ),
    );
    let window = test.window().await;
    within(window.load_file(&page)).await.unwrap();
    let (count, port) = ports.next().await;
    assert_eq!(count, 1);
    let mut carried = Seen::new();
    let tx = carried.sender();
    port.on_message(move |message: &PortMessage| {
        let _ = tx.send((message.wire().clone(), message.ports().to_vec()));
    });
    port.start();
    run(&window, "port1.postMessage('ping'); true").await;
    let (ping, none) = carried.next().await;
    assert_eq!((ping, none.len()), (json!("ping"), 0));
    // A port sent on a port arrives in main as a MessagePortMain that talks to the page.
    run(
        &window,
        "const extra = new MessageChannel();
         window.extraGot = new Promise((resolve) => { extra.port1.onmessage = ({ data }) => resolve(data); });
         port1.postMessage('with a port', [extra.port2]); true",
    )
    .await;
    let (with, mut moved) = carried.next().await;
    assert_eq!((with, moved.len()), (json!("with a port"), 1));
    moved
        .remove(0)
        .post_message("over the moved port", Vec::new())
        .unwrap();
    assert_eq!(
        run(&window, "window.extraGot").await,
        json!("over the moved port")
    );
    assert_eq!(
        run(&window, "window.answers").await,
        json!([{"thanks": {"from": "page"}}])
    );
    assert_eq!(
        run(&window, "window.twice.error").await,
        json!("DataCloneError: Failed to execute 'structuredClone' on 'Window': Port at index 0 is already neutered.")
    );
    assert_eq!(
        run(&window, "window.notPorts.error").await,
        json!("TypeError: The \"transfer\" argument must be an array of MessagePorts")
    );
    // Only the one port reached main.
    assert!(ports.stays_empty(Duration::from_millis(200)).await);
    test.exit().await;
}

/// A page that keeps the port main gives it, answers `ping n` with `pong n`, counts what it got,
/// keeps a port that came with a message (`window.carried`), notes when the port closes (`window.portClosed`), and on `to-worker` hands its port on to a
/// Worker that answers `worker n`.
const PEER_PAGE: &str = r#"
const { ipcRenderer } = require('electron');
window.got = [];
ipcRenderer.on('peer', (event, role) => {
  const [port] = event.ports;
  window.port = port;
  window.portClosed = new Promise((resolve) => port.addEventListener('close', () => resolve(window.got.slice())));
  port.onmessage = ({ data, ports }) => {
    window.got.push(data);
    if (ports.length) window.carried = ports[0];
    if (typeof data === 'string' && data.startsWith('ping')) port.postMessage(data.replace('ping', 'pong'));
  };
});
window.toWorker = () => {
  const code = "onmessage = (e) => { const [p] = e.ports; p.onmessage = (m) => p.postMessage('worker ' + m.data); };";
  const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  window.port.onmessage = null;
  worker.postMessage('port', [window.port]);
  return true;
};
"#;

/// Waits until `code` is true in the window's page.
async fn until(window: &BrowserWindow, code: &str) {
    within(async {
        while run(window, code).await != json!(true) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

/// Hands the two ends of a new channel to two windows showing `PEER_PAGE`, and waits until main
/// has passed on both pages' switch to the direct path.
async fn direct_channel(a: &BrowserWindow, b: &BrowserWindow) {
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    a.web_contents()
        .post_message_with_ports("peer", "a", vec![port1])
        .unwrap();
    b.web_contents()
        .post_message_with_ports("peer", "b", vec![port2])
        .unwrap();
    talking_directly(a, b).await;
}

/// Waits until main has heard both pages switch to their channel's direct path.
async fn talking_directly(a: &BrowserWindow, b: &BrowserWindow) {
    directly(a, 1).await;
    directly(b, 1).await;
}

/// Waits until `count` of the window's ports are on their channel's direct path.
async fn directly(window: &BrowserWindow, count: usize) {
    within(async {
        while window.web_contents().ports_talking_directly() != count {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

/// Waits until main has taken every message the window's page sent before this call.
async fn main_caught_up(test: &TestApp, window: &BrowserWindow) {
    let mut done = Seen::new();
    let tx = done.sender();
    let id = window.id();
    test.app.ipc_main().on("caught-up", move |event, ()| {
        if event.sender().id() == id {
            let _ = tx.send(());
        }
    });
    run(
        window,
        "require('electron').ipcRenderer.send('caught-up'); true",
    )
    .await;
    done.next().await;
}

/// Blocks main on both windows: an app listener holds the thread of each window's inbound task,
/// which is where every message of that page to main (a relayed one too) is taken, until the
/// test sends `true` on the returned gate.
async fn block_main(
    test: &TestApp,
    a: &BrowserWindow,
    b: &BrowserWindow,
) -> tokio::sync::watch::Sender<bool> {
    let (open, gate) = tokio::sync::watch::channel(false);
    let mut blocked = Seen::new();
    let tx = blocked.sender();
    test.app.ipc_main().on("block", move |event, ()| {
        let _ = tx.send(event.sender().id());
        let mut gate = gate.clone();
        tokio::task::block_in_place(|| {
            let handle = tokio::runtime::Handle::current();
            let _ = handle.block_on(gate.wait_for(|open| *open));
        });
    });
    for window in [a, b] {
        run(
            window,
            "require('electron').ipcRenderer.send('block'); true",
        )
        .await;
    }
    let mut ids = vec![blocked.next().await, blocked.next().await];
    ids.sort_unstable();
    let mut expected = [a.id(), b.id()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    open
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pages_of_one_origin_talk_directly_while_main_is_blocked_on_both() {
    let test = TestApp::start().await;
    let page = script_page("ports-peer.html", PEER_PAGE);
    let (a, b) = (test.window().await, test.window().await);
    within(a.load_file(&page)).await.unwrap();
    within(b.load_file(&page)).await.unwrap();

    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    // Main listens on both ends before handing them out: it must hear nothing afterwards.
    let seen_by_main = Arc::new(AtomicUsize::new(0));
    for port in [&port1, &port2] {
        let seen = Arc::clone(&seen_by_main);
        port.on_message(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        port.start();
    }
    a.web_contents()
        .post_message_with_ports("peer", "a", vec![port1.clone()])
        .unwrap();
    b.web_contents()
        .post_message_with_ports("peer", "b", vec![port2.clone()])
        .unwrap();
    talking_directly(&a, &b).await;
    let open = block_main(&test, &a, &b).await;

    // Both ways while main is blocked: A's pings, B's pongs, and the other way round.
    run(
        &a,
        "for (let n = 0; n < 50; n++) window.port.postMessage(`ping ${n}`); true",
    )
    .await;
    until(&a, "window.got.length === 50").await;
    let pongs: Vec<String> = (0..50).map(|n| format!("pong {n}")).collect();
    assert_eq!(run(&a, "window.got").await, json!(pongs));
    run(&b, "window.port.postMessage('ping from b'); true").await;
    until(&b, "window.got.includes('pong from b')").await;
    // Values keep their structured-clone types on the direct path.
    run(
        &a,
        "window.port.postMessage({ when: new Date(0), set: new Set([1]), bytes: new Uint8Array([7]) }); true",
    )
    .await;
    assert_eq!(
        run(
            &b,
            "new Promise((resolve) => { const check = () => { const last = window.got.at(-1); \
             if (last?.when) resolve([last.when instanceof Date, last.set instanceof Set, last.bytes[0]]); \
             else setTimeout(check, 10); }; check(); })"
        )
        .await,
        json!([true, true, 7])
    );
    // B hands its end to a Worker; A now talks to the worker, still directly.
    assert_eq!(run(&b, "window.toWorker()").await, json!(true));
    run(&a, "window.got = []; window.port.postMessage(7); true").await;
    until(&a, "window.got.length === 1").await;
    assert_eq!(run(&a, "window.got").await, json!(["worker 7"]));

    open.send(true).unwrap();
    main_caught_up(&test, &a).await;
    main_caught_up(&test, &b).await;
    assert_eq!(a.web_contents().port_messages_relayed(), 0);
    assert_eq!(b.web_contents().port_messages_relayed(), 0);
    assert_eq!(seen_by_main.load(Ordering::SeqCst), 0);
    assert!(!port1.is_open() && !port2.is_open());
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_direct_channel_keeps_order_with_ports_and_closes_behind_its_messages_and_with_its_window(
) {
    let test = TestApp::start().await;
    let page = script_page("ports-peer-direct-close.html", PEER_PAGE);
    let (a, b, c) = (
        test.window().await,
        test.window().await,
        test.window().await,
    );
    for window in [&a, &b, &c] {
        within(window.load_file(&page)).await.unwrap();
    }
    // A message that carries a port goes through main, in its place between direct ones.
    direct_channel(&a, &b).await;
    run(
        &a,
        "const extra = new MessageChannel();
         window.extraGot = new Promise((resolve) => { extra.port1.onmessage = ({ data }) => resolve(data); });
         window.port.postMessage('one');
         window.port.postMessage('two', [extra.port2]);
         window.port.postMessage('three');
         true",
    )
    .await;
    until(&b, "window.got.length === 3").await;
    assert_eq!(run(&b, "window.got").await, json!(["one", "two", "three"]));
    run(&b, "window.carried.postMessage('back'); true").await;
    assert_eq!(run(&a, "window.extraGot").await, json!("back"));
    main_caught_up(&test, &a).await;
    assert_eq!(a.web_contents().port_messages_relayed(), 1);

    // A closes its port right after posting: B gets both messages, then `close`.
    run(
        &a,
        "window.port.postMessage('last 1'); window.port.postMessage('last 2'); window.port.close(); true",
    )
    .await;
    assert_eq!(
        run(&b, "window.portClosed").await,
        json!(["one", "two", "three", "last 1", "last 2"])
    );
    main_caught_up(&test, &a).await;
    assert_eq!(a.web_contents().port_messages_relayed(), 1);
    // What each page still holds is the carried port's channel, direct too (both its ends are
    // in pages of one origin); B closes it, and main hears that on both sides.
    talking_directly(&a, &b).await;
    run(&b, "window.carried.close(); true").await;
    directly(&a, 0).await;
    directly(&b, 0).await;

    // C's window closes: A's port on a new direct channel with C hears `close`.
    run(&a, "window.got = []; true").await;
    direct_channel(&a, &c).await;
    run(&a, "window.port.postMessage('ping 1'); true").await;
    until(&a, "window.got.length === 1").await;
    c.destroy();
    assert_eq!(run(&a, "window.portClosed").await, json!(["pong 1"]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pages_of_different_origins_talk_directly_over_webrtc_while_main_is_blocked() {
    let test = TestApp::start().await;
    let site = serve_site(vec![(
        "/peer.html",
        format!("<!doctype html><title>peer</title><script>{PEER_PAGE}</script>"),
    )]);
    let (a, b) = (test.window().await, test.window().await);
    within(a.load_file(script_page("ports-peer-file.html", PEER_PAGE)))
        .await
        .unwrap();
    within(b.load_url(&format!("{site}/peer.html")))
        .await
        .unwrap();
    direct_channel(&a, &b).await;
    let open = block_main(&test, &a, &b).await;

    run(
        &a,
        "for (let n = 0; n < 20; n++) window.port.postMessage(`ping ${n}`); true",
    )
    .await;
    until(&a, "window.got.length === 20").await;
    let pongs: Vec<String> = (0..20).map(|n| format!("pong {n}")).collect();
    assert_eq!(run(&a, "window.got").await, json!(pongs));
    // The data channel carries the runtime's encoding of values, so they keep their types.
    run(
        &a,
        "window.port.postMessage({ when: new Date(0), set: new Set([1]), bytes: new Uint8Array([7]), big: 2n ** 70n, nothing: undefined }); true",
    )
    .await;
    assert_eq!(
        run(
            &b,
            "new Promise((resolve) => { const check = () => { const last = window.got.at(-1); \
             if (last?.when) resolve([last.when instanceof Date, last.set instanceof Set, last.bytes[0], String(last.big), 'nothing' in last]); \
             else setTimeout(check, 10); }; check(); })"
        )
        .await,
        json!([true, true, 7, "1180591620717411303424", true])
    );

    // A long message goes directly too, in pieces (each surrogate pair whole); one that would
    // overfill the data channel's buffer goes through main, in its place between direct ones.
    open.send(true).unwrap();
    run(
        &a,
        "window.port.postMessage('before');
         window.port.postMessage('a' + '\u{1F600}'.repeat(200000));
         window.port.postMessage('x'.repeat(3 * 1024 * 1024));
         window.port.postMessage('after');
         true",
    )
    .await;
    until(&b, "window.got.at(-1) === 'after'").await;
    assert_eq!(
        run(
            &b,
            "const [before, smiles, xs, after] = window.got.slice(-4);
             [before, smiles === 'a' + '\u{1F600}'.repeat(200000), xs.length, after]"
        )
        .await,
        json!(["before", true, 3 * 1024 * 1024, "after"])
    );
    main_caught_up(&test, &a).await;
    main_caught_up(&test, &b).await;
    assert_eq!(a.web_contents().port_messages_relayed(), 1);
    assert_eq!(b.web_contents().port_messages_relayed(), 0);
    run(&b, "window.port.close(); true").await;
    assert_eq!(
        run(&a, "window.portClosed.then((got) => got.length)").await,
        json!(20)
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_port_whose_page_closed_fires_close_and_later_sends_are_dropped() {
    let test = TestApp::start().await;
    let page = script_page("ports-peer-closing.html", PEER_PAGE);
    let window = test.window().await;
    within(window.load_file(&page)).await.unwrap();
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    let mut closes = Seen::new();
    let tx = closes.sender();
    port1.on_close(move || tx.send(()).unwrap());
    let mut pongs = heard(&port1);
    window
        .web_contents()
        .post_message_with_ports("peer", "a", vec![port2])
        .unwrap();
    port1.post_message("ping 1", Vec::new()).unwrap();
    assert_eq!(pongs.next().await, (json!("pong 1"), 0));
    window.destroy();
    closes.next().await;
    port1.post_message("ping 2", Vec::new()).unwrap();
    log_line(&["a message posted on a closed port was dropped"]).await;
    assert!(pongs.stays_empty(Duration::from_millis(200)).await);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_port_posted_twice_from_main_is_refused_with_electrons_error() {
    let test = TestApp::start().await;
    let window = test.window().await;
    within(window.load_file(script_page("ports-twice.html", PEER_PAGE)))
        .await
        .unwrap();
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    let contents = window.web_contents();
    contents
        .post_message_with_ports("peer", "a", vec![port2.clone()])
        .unwrap();
    let twice = contents.post_message_with_ports("peer", "a", vec![port2.clone()]);
    assert_eq!(
        twice.unwrap_err().to_string(),
        "WebContents.postMessage: Port at index 0 is already neutered."
    );
    let through_itself = port1.post_message(1, vec![port1.clone()]);
    assert_eq!(
        through_itself.unwrap_err().to_string(),
        "MessagePortMain.postMessage: Port at index 0 is already neutered."
    );
    let used = port2.post_message(1, Vec::new());
    assert!(used.unwrap_err().to_string().contains("transferred"));
    // The first hand-over is intact.
    let mut pongs = heard(&port1);
    port1.post_message("ping 3", Vec::new()).unwrap();
    assert_eq!(pongs.next().await, (json!("pong 3"), 0));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_port_messages_get_a_clear_error_and_the_windows_keep_working() {
    let test = TestApp::start().await;
    let page = script_page("ports-forged.html", PEER_PAGE);
    let (window, other) = (test.window().await, test.window().await);
    within(window.load_file(&page)).await.unwrap();
    within(other.load_file(&page)).await.unwrap();
    let mut errors = Seen::new();
    let tx = errors.sender();
    window.web_contents().on_console_message(move |message| {
        if message.level == ConsoleLevel::Error && message.message.contains("MessagePort") {
            let _ = tx.send(message.message.clone());
        }
    });
    // The other window holds a port with id m1; this window holds none.
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    other
        .web_contents()
        .post_message_with_ports("peer", "b", vec![port2])
        .unwrap();
    let mut pongs = heard(&port1);
    port1.post_message("ping 1", Vec::new()).unwrap();
    assert_eq!(pongs.next().await, (json!("pong 1"), 0));

    run(
        &window,
        r#"const name = Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'));
        const binding = window[name];
        for (const forged of [
            {kind: 'port', channel: 'm1', args: ['ping 9', []]},
            {kind: 'port', channel: 'm77', args: ['x', []]},
            {kind: 'port-close', channel: 'm1', args: []},
            {kind: 'port', channel: 'm1', args: ['only one']},
            {kind: 'post', channel: 'take', args: ['x', [5]]},
            {kind: 'post', channel: 'take', args: ['x', 'p1']},
        ]) binding(JSON.stringify({v: 1, ...forged}));
        true"#,
    )
    .await;
    let expected = [
        "the port id 'm1' was never handed to this window",
        "the port id 'm77' was never handed to this window",
        "the port id 'm1' was never handed to this window",
        "the port id 'm1' was never handed to this window",
        "5 is not a port id of the page's own",
        "the port ids are not a list",
    ];
    for text in expected {
        let error = errors.next().await;
        assert!(
            error.starts_with("cathode refused a MessagePort message: ") && error.contains(text),
            "{error} / {text}"
        );
    }
    log_line(&["refused a port message from the page", "m77"]).await;
    // The other window's channel still works, and nothing reached it from the forger.
    port1.post_message("ping 2", Vec::new()).unwrap();
    assert_eq!(pongs.next().await, (json!("pong 2"), 0));
    assert_eq!(run(&other, "window.got").await, json!(["ping 1", "ping 2"]));
    // The forging window keeps working.
    let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
    window
        .web_contents()
        .post_message_with_ports("peer", "a", vec![port2])
        .unwrap();
    let mut own = heard(&port1);
    port1.post_message("ping 3", Vec::new()).unwrap();
    assert_eq!(own.next().await, (json!("pong 3"), 0));

    // Forged WebRTC signals for the direct path: main passes on only a description, and only to
    // a page that holds the other end.
    run(
        &window,
        r#"const signal = window[Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'))];
        for (const args of [
            [{type: 'offer', sdp: 'v=0'}],
            ['not a description'],
            [{type: 'rollback', sdp: ''}],
            [{type: 'answer', sdp: 'x'.repeat(70000)}],
            [],
        ]) signal(JSON.stringify({v: 1, kind: 'port-signal', channel: 'm1', args}));
        signal(JSON.stringify({v: 1, kind: 'port-signal', channel: 'm9', args: [{type: 'offer', sdp: ''}]}));
        true"#,
    )
    .await;
    let expected = [
        "the port's other end is not in a page",
        "is not a session description",
        "is not a session description",
        "of 70000 bytes is over the limit of 65536",
        "one session description, got 0 arguments",
        "the port id 'm9' was never handed to this window",
    ];
    for text in expected {
        let error = errors.next().await;
        assert!(error.contains(text), "{error} / {text}");
    }
    port1.post_message("ping 4", Vec::new()).unwrap();
    assert_eq!(own.next().await, (json!("pong 4"), 0));
    test.exit().await;
}

/// A preload that takes the port main gives it, answers `ping n` with `pong n`, adds anything
/// else to the title, and posts what the page's world asks it to.
const PEER_PRELOAD: &str = r#"
const { ipcRenderer } = require('electron');
ipcRenderer.on('peer', (event) => {
  const [port] = event.ports;
  port.onmessage = ({ data }) => {
    if (typeof data === 'string' && data.startsWith('ping')) port.postMessage(data.replace('ping', 'pong'));
    else document.title += ` ${data}`;
  };
  window.addEventListener('message', (message) => {
    if (message.data?.send) port.postMessage(message.data.send);
  });
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_isolated_preloads_talk_directly_on_one_origin_and_across_origins() {
    let test = TestApp::start().await;
    let page = script_page("ports-isolated-peer.html", "");
    let site = serve_site(vec![(
        "/peer.html",
        "<!doctype html><title>site</title>".to_string(),
    )]);
    // B on the same `file://` page as A, then on a page of another origin.
    for b_url in [
        format!("file://{}", page.display()),
        format!("{site}/peer.html"),
    ] {
        let a = preloaded_window(&test, "peer-preload.js", PEER_PRELOAD).await;
        let b = preloaded_window(&test, "peer-preload.js", PEER_PRELOAD).await;
        within(a.load_file(&page)).await.unwrap();
        within(b.load_url(&b_url)).await.unwrap();
        direct_channel(&a, &b).await;
        run(&a, "window.postMessage({ send: 'ping 1' }, '*'); true").await;
        run(&b, "window.postMessage({ send: 'ping 2' }, '*'); true").await;
        run(&a, "window.postMessage({ send: 'from a' }, '*'); true").await;
        // Each ping was answered by the other page's preload; main carried none of it.
        until(&a, "document.title.split(' ').includes('pong')").await;
        until(
            &b,
            "document.title.includes('from a') && document.title.includes('pong 2')",
        )
        .await;
        assert_eq!(
            run(&a, "document.title").await,
            json!("ports-isolated-peer.html pong 1")
        );
        assert_eq!(a.web_contents().port_messages_relayed(), 0);
        assert_eq!(b.web_contents().port_messages_relayed(), 0);
    }
    test.exit().await;
}
