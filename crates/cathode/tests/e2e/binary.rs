//! Binary values both ways, large and small: main's large ones (and large strings) travel beside
//! their message (the page fetches them as raw bytes from main, `bytes.rs`), small ones inside
//! it; they arrive intact in a plain page and in a preload's isolated world, in order with the
//! messages around them, and inside a message where the page's policy forbids the fetch; the
//! bytes' URL answers once and only the page they were for; what a page never takes is let go
//! with its document.

use std::path::PathBuf;

use cathode::{BrowserWindow, BytesKind, Value, WebPreferences, WindowOptions};
use serde::Deserialize;
use serde_json::json;

use crate::common::{log_line, page_file, run_js, script_page, within, Seen, TestApp};

/// What the page says about a binary value it holds: its type, length and a checksum.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Described {
    #[serde(rename = "type")]
    kind: String,
    length: usize,
    sum: u32,
}

/// The page's (or preload's) side: it makes the same values as [`values`], describes what it
/// gets, and answers on the test's channels.
const BYTES_SCRIPT: &str = r#"
const { ipcRenderer } = require('electron');
const pattern = (length) => {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + 3) & 255;
  return bytes;
};
const make = ([type, length]) => {
  const bytes = pattern(length);
  if (type === 'ArrayBuffer') return bytes.buffer;
  if (type === 'DataView') return new DataView(bytes.buffer);
  return new globalThis[type](bytes.buffer);
};
const describe = (value) => {
  const type = value instanceof ArrayBuffer ? 'ArrayBuffer'
    : value instanceof DataView ? 'DataView' : value.constructor.name;
  const bytes = value instanceof ArrayBuffer ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (Math.imul(sum, 31) + bytes[i]) >>> 0;
  return { type, length: bytes.length, sum };
};
ipcRenderer.on('bytes', (event, values) => ipcRenderer.send('seen', values.map(describe)));
ipcRenderer.handle('describe', (event, values) => values.map(describe));
ipcRenderer.on('make', async (event, specs) => {
  const values = specs.map(make);
  ipcRenderer.send('made', values);
  const echoed = await ipcRenderer.invoke('echo', values);
  ipcRenderer.send('echoed', echoed.map(describe));
  ipcRenderer.send('ask-reply', specs);
});
const order = [];
ipcRenderer.on('order', (event, n, value) => {
  order.push([n, value === undefined ? null : describe(value).length]);
});
ipcRenderer.on('order-end', () => ipcRenderer.send('order', order.splice(0)));
"#;

/// The values of the test: (JavaScript type, byte length), large ones first, then small ones.
const SPECS: [(BytesKind, usize); 8] = [
    (BytesKind::Uint8, 1 << 20),
    (BytesKind::Float64, 256 << 10),
    (BytesKind::DataView, 270_001),
    (BytesKind::ArrayBuffer, 70_001),
    (BytesKind::Int32, 300 << 10),
    (BytesKind::Uint8, 3),
    (BytesKind::Int16, 4),
    (BytesKind::ArrayBuffer, 0),
];

fn pattern(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i * 7 + 3) as u8).collect()
}

fn values() -> Vec<Value> {
    SPECS
        .iter()
        .map(|&(kind, length)| Value::Bytes(kind, pattern(length)))
        .collect()
}

fn specs() -> serde_json::Value {
    SPECS
        .iter()
        .map(|&(kind, length)| json!([kind.js_name(), length]))
        .collect()
}

/// What the page should say of [`values`].
fn described() -> Vec<Described> {
    SPECS
        .iter()
        .map(|&(kind, length)| Described {
            kind: kind.js_name().into(),
            length,
            sum: pattern(length).iter().fold(0u32, |sum, &byte| {
                sum.wrapping_mul(31).wrapping_add(byte.into())
            }),
        })
        .collect()
}

/// The test's channels in main, and what arrives on them.
struct Channels {
    seen: Seen<Vec<Described>>,
    made: Seen<Vec<Value>>,
    echoed: Seen<Vec<Described>>,
    order: Seen<Vec<(u32, Option<usize>)>>,
}

fn listen(test: &TestApp) -> Channels {
    let ipc = test.app.ipc_main();
    let channels = Channels {
        seen: Seen::new(),
        made: Seen::new(),
        echoed: Seen::new(),
        order: Seen::new(),
    };
    let tx = channels.seen.sender();
    ipc.on("seen", move |_event, seen: Vec<Described>| {
        tx.send(seen).unwrap()
    });
    let tx = channels.made.sender();
    ipc.on("made", move |_event, made: Vec<Value>| {
        tx.send(made).unwrap()
    });
    let tx = channels.echoed.sender();
    ipc.on("echoed", move |_event, seen: Vec<Described>| {
        tx.send(seen).unwrap()
    });
    let tx = channels.order.sender();
    ipc.on("order", move |_event, order: Vec<(u32, Option<usize>)>| {
        tx.send(order).unwrap()
    });
    ipc.handle("echo", |_event, values: Value| async move {
        Ok::<_, String>(values)
    })
    .expect("one handler");
    ipc.on("ask-reply", |event, _specs: Value| {
        event.reply("bytes", (Value::Array(values()),))
    });
    channels
}

/// Every path, both ways: `webContents.send`, the page's `send`, `invoke` and its result,
/// `event.reply`, and main's `webContents.invoke` of the page's handler.
async fn bytes_arrive_intact(window: &BrowserWindow, channels: &mut Channels) {
    let contents = window.web_contents();
    contents
        .send("bytes", (Value::Array(values()),))
        .expect("sent");
    assert_eq!(channels.seen.next().await, described(), "webContents.send");
    contents.send("make", (specs(),)).expect("sent");
    assert_eq!(channels.made.next().await, values(), "the page's send");
    assert_eq!(channels.echoed.next().await, described(), "invoke's result");
    assert_eq!(channels.seen.next().await, described(), "event.reply");
    let asked: Vec<Described> = within(contents.invoke("describe", (Value::Array(values()),)))
        .await
        .expect("the page answers");
    assert_eq!(asked, described(), "webContents.invoke");
    assert_eq!(contents.bytes_awaiting_fetch(), (0, 0), "all fetched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_and_small_binary_values_arrive_intact_both_ways_in_a_page() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    let window = test.window().await;
    within(window.load_file(script_page("binary.html", BYTES_SCRIPT)))
        .await
        .expect("page loads");
    bytes_arrive_intact(&window, &mut channels).await;
    test.exit().await;
}

fn preload(name: &str, source: &str) -> PathBuf {
    page_file(name, source)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_and_small_binary_values_arrive_intact_both_ways_in_an_isolated_preload() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    let options = WindowOptions {
        web_preferences: WebPreferences::default()
            .preload(preload("binary-preload.js", BYTES_SCRIPT)),
        ..WindowOptions::default()
    };
    let window = within(BrowserWindow::new(&test.app, options))
        .await
        .expect("a window opens");
    within(window.load_file(script_page("binary-isolated.html", "")))
        .await
        .expect("page loads");
    bytes_arrive_intact(&window, &mut channels).await;
    // The page's own world saw no request for the bytes (Resource Timing lists its own only).
    let listed = run_js(
        &window,
        "performance.getEntriesByType('resource').filter((entry) => entry.name.includes('cathode')).length",
    )
    .await;
    assert_eq!(listed, json!(0));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_message_never_overtakes_a_large_one_sent_before_it() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    let window = test.window().await;
    within(window.load_file(script_page("binary-order.html", BYTES_SCRIPT)))
        .await
        .expect("page loads");
    let contents = window.web_contents();
    let mut expected = Vec::new();
    for n in 0..30u32 {
        // Large every third message, of a size that changes, small or none between.
        let length = match n % 3 {
            0 => Some((512 << 10) + n as usize * 1000),
            1 => Some(n as usize),
            _ => None,
        };
        match length {
            Some(length) => contents.send(
                "order",
                (n, Value::Bytes(BytesKind::Uint8, pattern(length))),
            ),
            None => contents.send("order", (n,)),
        }
        .expect("sent");
        expected.push((n, length));
    }
    contents.send("order-end", ()).expect("sent");
    assert_eq!(channels.order.next().await, expected);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_or_forged_bytes_url_gets_nothing_and_the_page_keeps_working() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    let window = test.window().await;
    within(window.load_file(script_page("binary-replay.html", BYTES_SCRIPT)))
        .await
        .expect("page loads");
    let contents = window.web_contents();
    contents
        .send("bytes", (Value::Array(values()),))
        .expect("sent");
    assert_eq!(channels.seen.next().await, described());
    // A page with node integration is the runtime's own world: it can list the bytes' URLs.
    let tried = run_js(
        &window,
        r#"(async () => {
             const urls = performance.getEntriesByType('resource')
               .map((entry) => entry.name).filter((name) => name.includes('/bytes/'));
             const status = async (url) => {
               try { return (await fetch(url)).status; } catch (error) { return error.name; }
             };
             const forged = urls[0].slice(0, -32) + '0'.repeat(32);
             return { listed: urls.length > 0, replayed: await status(urls[0]), forged: await status(forged) };
           })()"#,
    )
    .await;
    assert_eq!(
        tried,
        json!({"listed": true, "replayed": 404, "forged": 404})
    );
    log_line(&["refused a request for bytes that main does not hold"]).await;
    contents
        .send("bytes", (Value::Array(values()),))
        .expect("sent");
    assert_eq!(
        channels.seen.next().await,
        described(),
        "the page keeps working"
    );
    test.exit().await;
}

/// A page whose Content-Security-Policy forbids fetching from cathode's URL (Electron's
/// quick-start policy does) gets its large bytes all the same: its runtime asks main for them
/// through the binding and they come inside a message, in order with the messages around them,
/// for messages and for requests both ways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_policy_forbids_fetching_gets_its_bytes_inside_a_message() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    let window = test.window().await;
    let closed = page_file(
        "binary-closed.html",
        &format!(
            "<!doctype html><html><head><meta http-equiv=Content-Security-Policy \
             content=\"default-src 'self'; script-src 'self' 'unsafe-inline'\"></head>\
             <body><script>{BYTES_SCRIPT}</script></body></html>"
        ),
    );
    within(window.load_file(&closed)).await.expect("page loads");
    let contents = window.web_contents();
    let large = Value::Bytes(BytesKind::Uint8, pattern(1 << 20));
    contents.send("order", (0, large)).expect("sent");
    contents.send("order", (1,)).expect("sent");
    contents.send("order-end", ()).expect("sent");
    assert_eq!(
        channels.order.next().await,
        vec![(0, Some(1 << 20)), (1, None)]
    );
    let asked = within(contents.invoke::<Vec<Described>>("describe", (Value::Array(values()),)))
        .await
        .expect("the request's bytes arrive");
    assert_eq!(asked, described());
    let invoked = run_js(
        &window,
        "require('electron').ipcRenderer.invoke('echo', new Uint8Array(1 << 20)) \
           .then((back) => back.length, (error) => error.message)",
    )
    .await;
    assert_eq!(invoked, json!(1 << 20));
    assert_eq!(contents.bytes_awaiting_fetch(), (0, 0));
    test.exit().await;
}

/// Bytes held for a page that never took them are let go when its document goes away: the page
/// is kept busy, so main's message (and its bytes) wait, and then its renderer crashes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_a_page_never_took_are_let_go_when_its_document_goes_away() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    let window = test.window().await;
    let busy = script_page(
        "binary-busy.html",
        &format!(
            "{BYTES_SCRIPT}\n\
             ipcRenderer.on('spin', () => {{\n\
               ipcRenderer.send('spinning');\n\
               const end = performance.now() + 120000;\n\
               while (performance.now() < end) {{}}\n\
             }});"
        ),
    );
    within(window.load_file(&busy)).await.expect("page loads");
    let mut spinning = Seen::new();
    let tx = spinning.sender();
    test.app
        .ipc_main()
        .on("spinning", move |_event, ()| tx.send(()).unwrap());
    let contents = window.web_contents();
    contents.send("spin", ()).expect("sent");
    spinning.next().await;
    let large = Value::Bytes(BytesKind::Uint8, pattern(1 << 20));
    contents.send("order", (0, large)).expect("sent");
    assert_eq!(contents.bytes_awaiting_fetch(), (1, 1 << 20));
    contents.forcefully_crash_renderer().expect("crashed");
    within(async {
        while contents.bytes_awaiting_fetch() != (0, 0) {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await;
    within(window.load_file(&busy))
        .await
        .expect("the page loads again");
    contents
        .send("bytes", (Value::Array(values()),))
        .expect("sent");
    assert_eq!(channels.seen.next().await, described());
    test.exit().await;
}

/// The URL of a page's bytes gives nothing to a frame inside the page or to another window: not
/// by `fetch`, and not by asking main through the binding (a frame that has the runtime).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pages_bytes_are_given_to_no_frame_inside_it_and_no_other_window() {
    let test = TestApp::start().await;
    let mut channels = listen(&test);
    // A frame without the page's policy, which fetches what it is told to and says how it went,
    // or asks main for the bytes of a token through the binding, as the page's runtime would.
    let frame = page_file(
        "binary-frame.html",
        "<!doctype html><script>addEventListener('message', async (event) => {
           if (event.data.ask) {
             const name = Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'));
             window[name](JSON.stringify({ v: 1, kind: 'held-bytes', channel: event.data.ask, args: [] }));
             parent.postMessage({ status: 'asked' }, '*');
             return;
           }
           let status;
           try { status = (await fetch(event.data)).status; } catch (error) { status = error.name; }
           parent.postMessage({ status }, '*');
         });</script>",
    );
    // The page cannot fetch its bytes (its policy forbids it), so it asks main for them inside a
    // message; the policy's report tells the test their URL.
    let page = page_file(
        "binary-framed.html",
        &format!(
            "<!doctype html><html><head><meta http-equiv=Content-Security-Policy \
             content=\"connect-src 'none'\"></head><body><iframe src=\"{}\"></iframe><script>\
             window.blockedUrl = new Promise((resolve) => document.addEventListener(\
               'securitypolicyviolation', (event) => resolve(event.blockedURI)));\
             window.askFrame = (url) => new Promise((resolve) => {{\
               addEventListener('message', (event) => resolve(event.data.status), {{ once: true }});\
               frames[0].postMessage(url, '*');\
             }});\
             {BYTES_SCRIPT}</script></body></html>",
            frame.display()
        ),
    );
    let framed = WindowOptions {
        web_preferences: WebPreferences {
            node_integration_in_subframes: true,
            ..WebPreferences::node_integrated()
        },
        ..WindowOptions::default()
    };
    let window = BrowserWindow::new(&test.app, framed)
        .await
        .expect("a window opens");
    within(window.load_file(&page)).await.expect("page loads");
    let contents = window.web_contents();
    let large = Value::Bytes(BytesKind::Uint8, pattern(1 << 20));
    contents.send("order", (0, large)).expect("sent");
    contents.send("order-end", ()).expect("sent");
    assert_eq!(channels.order.next().await, vec![(0, Some(1 << 20))]);
    let url = run_js(&window, "blockedUrl").await;
    let url = url.as_str().expect("the URL of the bytes");
    assert!(url.contains("/bytes/"), "{url}");

    let asked = run_js(&window, &format!("askFrame({})", json!(url))).await;
    assert_eq!(asked, json!(404), "a frame inside the page");
    let token = url.rsplit('/').next().expect("a token");
    let asked = run_js(&window, &format!("askFrame({})", json!({ "ask": token }))).await;
    assert_eq!(asked, json!("asked"));
    log_line(&[
        "refused a request for held bytes from a frame inside the page",
        &format!("window_id={}", window.id()),
    ])
    .await;
    let other = test.window().await;
    within(other.load_file(script_page("binary-other.html", BYTES_SCRIPT)))
        .await
        .expect("page loads");
    let fetched = run_js(
        &other,
        &format!("fetch({}).then((response) => response.status)", json!(url)),
    )
    .await;
    assert_eq!(fetched, json!(404), "another window");
    assert_eq!(contents.bytes_awaiting_fetch(), (0, 0), "taken by the page");
    test.exit().await;
}

/// A page that describes the strings it gets as `[UTF-16 length, checksum of the code units]`,
/// and counts the held-bytes URLs it fetched (Resource Timing; the runtime is in the page's world).
const TEXT_SCRIPT: &str = r#"
const { ipcRenderer } = require('electron');
const describe = (text) => {
  if (typeof text !== 'string') return text;
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (Math.imul(sum, 31) + text.charCodeAt(i)) >>> 0;
  return [text.length, sum];
};
window.fetched = () => performance.getEntriesByType('resource')
  .filter((entry) => entry.name.includes('/bytes/')).length;
ipcRenderer.on('text', (event, texts) => ipcRenderer.send('text-seen', [describe(texts[0]), describe(texts[1]), describe(texts[2].deep[0])]));
ipcRenderer.on('give', async () => ipcRenderer.send('text-seen', [describe(await ipcRenderer.invoke('give-text'))]));
"#;

/// What [`TEXT_SCRIPT`] says of `text`.
fn described_text(text: &str) -> serde_json::Value {
    let units: Vec<u16> = text.encode_utf16().collect();
    let sum = units.iter().fold(0u32, |sum, &unit| {
        sum.wrapping_mul(31).wrapping_add(unit.into())
    });
    json!([units.len(), sum])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_strings_travel_beside_their_message_and_arrive_intact() {
    let test = TestApp::start().await;
    let mut seen = Seen::new();
    let tx = seen.sender();
    let ipc = test.app.ipc_main();
    ipc.on("text-seen", move |_event, described: serde_json::Value| {
        tx.send(described).unwrap()
    });
    // Every width of UTF-8 (1 to 4 bytes), over the 768 KiB threshold; and one under it, which
    // stays inside the message.
    let large = "aé€😀".repeat(80_000);
    let under = "aé€😀".repeat(30_000);
    let other = format!("{}{large}", "z".repeat(7));
    let answer = large.clone();
    ipc.handle("give-text", move |_event, ()| {
        let answer = answer.clone();
        async move { Ok::<_, String>(answer) }
    })
    .unwrap();
    let window = test.window().await;
    within(window.load_file(script_page("text.html", TEXT_SCRIPT)))
        .await
        .expect("page loads");
    let contents = window.web_contents();
    contents
        .send("text", (json!([large, under, {"deep": [other]}]),))
        .expect("sent");
    assert_eq!(
        seen.next().await,
        json!([
            described_text(&large),
            described_text(&under),
            described_text(&other)
        ])
    );
    assert_eq!(run_js(&window, "window.fetched()").await, json!(2));
    contents.send("give", ()).expect("sent");
    assert_eq!(seen.next().await, json!([described_text(&large)]));
    assert_eq!(run_js(&window, "window.fetched()").await, json!(3));
    assert_eq!(contents.bytes_awaiting_fetch(), (0, 0), "all fetched");
    test.exit().await;
}
