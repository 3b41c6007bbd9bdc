//! IPC benchmarks against real headless Chromium, each next to the raw CDP floor measured in the
//! same run. Prints one JSON object per line; asserts nothing.
//!
//! Run: `cargo bench -p cathode --bench ipc`
//!
//! - `async_round_trip`: main `send`s, the page's listener sends back; timed in main. Floor:
//!   evaluate into a page that calls a bare binding.
//! - `sync_round_trip`, `invoke_round_trip`: timed in the page around each `sendSync` / `invoke`
//!   (page timers are coarsened to 0.1 ms, so `mean_ms` is printed too). Floors: a raw
//!   synchronous request paused and answered over `Fetch`, and a raw binding call answered by an
//!   evaluate.
//! - `remote_method_call`, `remote_property_get`: a remote object's method and property, timed
//!   in the page. Floor: the raw synchronous request above (one per call is the goal).
//! - `payload_1mib_{send,invoke,sync}`: the same paths carrying 1 MiB each way, with MB/s.
//! - `large_send_neighbour`: while a 16 MiB message goes to one window, async round trips to
//!   another window go on; prints the slowest of them next to the 16 MiB send's own time
//!   (`send` to the page's acknowledgement) and the round trip before. The pipe has one writer:
//!   a neighbour waits at most for the write in progress, so `during_max_ms` stays near
//!   `large_send_ms` or below it.
//! - `cold_start`: from `App::run` to the first `did-finish-load`. Floor: launch, open a page,
//!   navigate, load event.
//! - `payload_{1mib,16mib}_binary_{send,invoke,to_page}`: a `Uint8Array` page to main (`send`,
//!   timed in main from its small request to the message's arrival), both ways (`invoke` echoed
//!   by a `cathode::Value` handler, timed in the page) and main to page (`to_page`: `webContents.send` of `Value::Bytes`, timed in main
//!   to the page's small acknowledgement). MB/s counts the payload once per direction. Floor: the
//!   same trips over bare CDP carrying the bytes' base64 text (the raw JSON-mode transport; page
//!   to main in pieces, as cathode's runtime sends a long message);
//!   `json_mb_per_s`: the same cathode path carrying a string of as many bytes, in this run.
//! - `payload_{1mib,16mib}_raw_fetch_bytes`: the bytes' own path over bare CDP, both ways: the
//!   page `fetch`es a paused URL with the bytes as its body, main answers with the bytes it read
//!   from `Fetch.requestPaused` (`postDataEntries`) as the response body (raw bytes on the CBOR
//!   pipe); timed in the page. Floor: the base64 text of the bytes through a bare binding and an
//!   evaluate; `json_mb_per_s`: cathode's `invoke` of a string of as many bytes.
//! - `payload_{1mib,16mib}_raw_page_to_main`: page to main alone over bare CDP: the bytes posted
//!   to a paused URL (main reads `postDataEntries`) against their base64 text (the browser's own
//!   `toBase64`) through a binding in one call, and in pieces of 32 KiB; main answers each with
//!   the length it read; timed in the page.
//! - `payload_{1mib,16mib}_raw_sync_bytes`: a sync answer of many bytes over bare CDP: the
//!   page's synchronous request answered with the raw bytes as its body, read as text with
//!   `overrideMimeType('text/plain; charset=x-user-defined')` and copied into a `Uint8Array`
//!   (a sync request cannot set `responseType`), against the bytes as base64 inside a JSON
//!   answer (`JSON.parse`, `Uint8Array.fromBase64`); timed in the page, main's encoding included.
//! - `structured_values_round_trip`: `invoke` of a mixed 10 KiB object (Dates, Maps, Sets, typed
//!   arrays, nested objects) echoed by a `Value` handler, timed in the page. Floor: the same data
//!   as plain JSON (dates as numbers, maps as objects, typed arrays as arrays) on the same path.
//!
//! - `payload_binary_crossover`: main to page (`webContents.send` of `Value::Bytes`, timed in main
//!   to the page's small acknowledgement, as `to_page`) at sizes from 16 KiB to 1 MiB, once with
//!   every binary value inside the message as base64 (`inline`) and once with every one fetched
//!   beside it (`fetched`), each in a child process of the bench started with
//!   `CATHODE_MIN_FETCHED_BYTES` set so; one line per size with both, and which is faster.
//!   `payload_string_crossover`: the same for a string of as many (ASCII) bytes, inside the
//!   message as JSON text or fetched as UTF-8; its 1 MiB line is printed again as
//!   `payload_1mib_string_to_page`.
//!
//! `CATHODE_WIRE=json` runs everything over the JSON pipe instead of CBOR.
//!
//! Names after `--` choose what runs (each a prefix): `cargo bench -p cathode --bench ipc --
//! payload_1mib_binary structured`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use cathode::{App, BrowserWindow, WebContents, WebPreferences, WindowOptions};
use cathode_cdp::protocol::{fetch, page, runtime, target};
use cathode_cdp::{find_browser, Browser, LaunchOptions, Session};
use cathode_remote::{RemoteExt, RemoteObjectBuilder, RemotePlugin};
use serde_json::{json, Value};
use tokio::sync::mpsc;

#[path = "common/stats.rs"]
mod stats;
use stats::{round, stats, Stats};

const ROUND_TRIPS: usize = 2000;
const WARM_UP: usize = 200;
const PAYLOAD_TRIPS: usize = 50;
const PAYLOAD_BYTES: usize = 1 << 20;
const COLD_STARTS: usize = 10;

/// Times `call` in the page, one sample per call, in milliseconds.
const TIME_CALLS: &str = r#"
window.makeBytes = (length) => {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    return bytes;
};
window.structuredSample = () => {
    const items = [];
    for (let i = 0; i < 34; i++) {
        items.push({
            id: i,
            when: new Date(1700000000000 + i * 86400000),
            tags: new Map([['kind', 'item'], ['rank', i], ['label', `item number ${i}`]]),
            flags: new Set([i, i + 1, 'seen']),
            samples: new Float64Array([i, i / 2, i / 3, i / 4, i / 5, i / 6]),
            raw: new Uint8Array([i, i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7]),
            nested: { name: `name ${i}`, deep: { path: ['a', 'b', i], note: 'n'.repeat(40) } },
        });
    }
    return { title: 'mixed', items };
};
window.plainSample = (value) => {
    if (value instanceof Date) return value.getTime();
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plainSample(v)]));
    if (value instanceof Set) return [...value].map(plainSample);
    if (ArrayBuffer.isView(value)) return [...value];
    if (Array.isArray(value)) return value.map(plainSample);
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainSample(v)]));
    }
    return value;
};
window.timeCalls = async (call, count, warmUp, argument) => {
    const samples = [];
    for (let i = 0; i < warmUp + count; i++) {
        const started = performance.now();
        await call(argument === undefined ? i : argument);
        if (i >= warmUp) samples.push(performance.now() - started);
    }
    return samples;
};
"#;

/// The raw floor page: a bare binding answered by an evaluate, and a synchronous request
/// answered over `Fetch`, with no cathode layer in between. A long text goes through a binding
/// as cathode's runtime sends it, in marked pieces of 32 KiB (`rawPieces`; main puts them
/// together).
const RAW_PAGE: &str = r#"
window.rawPieces = (binding, text) => {
    if (text.length <= 32768) return binding(text);
    let start = 0;
    while (text.length - start > 32768) {
        binding((start ? '\u0002' : '\u0001') + text.slice(start, start + 32768));
        start += 32768;
    }
    binding('\u0003' + text.slice(start));
};
window.bareSend = (text) => rawPieces(bare, text);
window.rawInvoke = (value) => new Promise((resolve) => {
    window.rawPending = resolve;
    rawPieces(rawInvokeBinding, JSON.stringify(value));
});
window.rawReply = (value) => window.rawPending(value);
window.rawBase64 = (bytes) => {
    let binary = '';
    for (let at = 0; at < bytes.length; at += 0x8000) {
        binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
    }
    return btoa(binary);
};
window.rawFetchBytes = async (bytes) => {
    const response = await fetch('https://cathode.invalid/raw-bytes', { method: 'POST', body: bytes });
    const back = await response.arrayBuffer();
    if (back.byteLength !== bytes.length) throw new Error(`${back.byteLength} bytes came back`);
    return back;
};
window.rawPostBytes = async (bytes) => {
    const response = await fetch('https://cathode.invalid/raw-post', { method: 'POST', body: bytes });
    const told = Number(await response.text());
    if (told !== bytes.length) throw new Error(`main read ${told} bytes`);
};
window.rawSendBase64 = (bytes) => new Promise((resolve) => {
    window.rawPending = resolve;
    rawSendBinding(bytes.toBase64());
});
window.rawSendPieces = (bytes) => new Promise((resolve) => {
    window.rawPending = resolve;
    rawPieces(rawSendBinding, bytes.toBase64());
});
window.rawSyncBytes = (length) => {
    const request = new XMLHttpRequest();
    request.open('POST', 'https://cathode.invalid/raw-sync-bytes', false);
    request.overrideMimeType('text/plain; charset=x-user-defined');
    request.send(String(length));
    const text = request.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    if (bytes.length !== length || bytes[1] !== 38) throw new Error(`${bytes.length} bytes came`);
    return bytes;
};
window.rawSyncBase64 = (length) => {
    const request = new XMLHttpRequest();
    request.open('POST', 'https://cathode.invalid/raw-sync-base64', false);
    request.send(String(length));
    const bytes = Uint8Array.fromBase64(JSON.parse(request.responseText).ok.base64);
    if (bytes.length !== length || bytes[1] !== 38) throw new Error(`${bytes.length} bytes came`);
    return bytes;
};
window.rawSync = (value) => {
    const request = new XMLHttpRequest();
    request.open('POST', 'https://cathode.invalid/raw', false);
    request.send(JSON.stringify(value));
    return JSON.parse(request.responseText);
};
"#;

fn millis(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect()
}

/// Prints one measurement; `bytes_per_trip` adds MB/s (both directions, at the p50).
fn report(name: &str, samples: &mut [f64], floor: &mut [f64], bytes_per_trip: Option<usize>) {
    let (measured, base) = (stats(samples), stats(floor));
    let mut line = json!({
        "name": name,
        "n": samples.len(),
        "p50_ms": round(measured.p50),
        "p99_ms": round(measured.p99),
        "mean_ms": round(measured.mean),
        "floor_p50_ms": round(base.p50),
        "floor_p99_ms": round(base.p99),
        "floor_mean_ms": round(base.mean),
        "ratio_p50": round(measured.p50 / base.p50),
        "ratio_mean": round(measured.mean / base.mean),
    });
    if let Some(bytes) = bytes_per_trip {
        let megabytes = 2.0 * bytes as f64 / 1e6;
        line["mb_per_s"] = json!(round(megabytes / (measured.p50 / 1000.0)));
        line["floor_mb_per_s"] = json!(round(megabytes / (base.p50 / 1000.0)));
    }
    println!("{line}");
}

/// Prints one payload measurement: MB/s of `bytes` carried `directions` times per trip, against
/// the floor and against the same path carrying a string of as many bytes (`json`).
fn report_payload(
    name: &str,
    samples: &mut [f64],
    floor: &mut [f64],
    json: &mut [f64],
    bytes: usize,
    directions: usize,
) {
    let (measured, base, json) = (stats(samples), stats(floor), stats(json));
    let megabytes = (directions * bytes) as f64 / 1e6;
    let rate = |stats: &Stats| round(megabytes / (stats.p50 / 1000.0));
    let line = json!({
        "name": name,
        "n": samples.len(),
        "p50_ms": round(measured.p50),
        "p99_ms": round(measured.p99),
        "mean_ms": round(measured.mean),
        "floor_p50_ms": round(base.p50),
        "json_p50_ms": round(json.p50),
        "mb_per_s": rate(&measured),
        "floor_mb_per_s": rate(&base),
        "json_mb_per_s": rate(&json),
        "ratio_p50": round(measured.p50 / base.p50),
        "vs_json": round(json.p50 / measured.p50),
    });
    println!("{line}");
}

/// The binary payload benchmarks of one size (see the module doc).
async fn binary_payloads(
    raw: &mut RawPage,
    cathode: &mut CathodePage,
    label: &str,
    bytes: usize,
    trips: usize,
    warm_up: usize,
) {
    let text = "x".repeat(bytes);
    let data: Vec<u8> = (0..bytes).map(|i| (i * 31 + 7) as u8).collect();
    let base64 = serde_json::to_string(&cathode_cdp::base64::encode(&data)).expect("a string");
    raw.evaluate(&format!(
        "window.rawOutgoing = rawBase64(makeBytes({bytes})); 0"
    ))
    .await;
    let binary_value = cathode::Value::Bytes(cathode::BytesKind::Uint8, data);
    let timed =
        |call: &str, argument: &str| format!("timeCalls({call}, {trips}, {warm_up}, {argument})");

    // Page to main.
    let mut floor = millis(&raw.bare_round_trips(trips, warm_up, "rawOutgoing").await);
    cathode
        .evaluate(&format!("window.outgoing = 'x'.repeat({bytes}); 0"))
        .await;
    let mut json = millis(&cathode.page_to_main_trips(trips, warm_up).await);
    cathode
        .evaluate(&format!("window.outgoing = makeBytes({bytes}); 0"))
        .await;
    let mut measured = millis(&cathode.page_to_main_trips(trips, warm_up).await);
    let name = format!("payload_{label}_binary_send");
    report_payload(&name, &mut measured, &mut floor, &mut json, bytes, 1);

    // Both ways.
    let mut floor = page_samples(raw.evaluate(&timed("rawInvoke", "rawOutgoing")).await);
    cathode
        .evaluate(&format!("window.outgoing = 'x'.repeat({bytes}); 0"))
        .await;
    let mut json = page_samples(cathode.evaluate(&timed("cathodeEcho", "outgoing")).await);
    cathode
        .evaluate(&format!("window.outgoing = makeBytes({bytes}); 0"))
        .await;
    let mut measured = page_samples(cathode.evaluate(&timed("cathodeEcho", "outgoing")).await);
    let name = format!("payload_{label}_binary_invoke");
    let mut invoke_json = json.clone();
    report_payload(&name, &mut measured, &mut floor, &mut json, bytes, 2);

    // Main to page.
    let argument = format!("String({base64}.length)");
    let mut floor = millis(&raw.bare_round_trips(trips, warm_up, &argument).await);
    let mut json = millis(
        &cathode
            .main_to_page_trips(trips, warm_up, &Value::String(text))
            .await,
    );
    let mut measured = millis(
        &cathode
            .main_to_page_trips(trips, warm_up, &binary_value)
            .await,
    );
    let name = format!("payload_{label}_binary_to_page");
    report_payload(&name, &mut measured, &mut floor, &mut json, bytes, 1);
    // The bytes' own path over bare CDP: the page posts them and main answers with them.
    let mut fetched = page_samples(
        raw.evaluate(&timed("rawFetchBytes", &format!("makeBytes({bytes})")))
            .await,
    );
    let mut floor = page_samples(raw.evaluate(&timed("rawInvoke", "rawOutgoing")).await);
    let name = format!("payload_{label}_raw_fetch_bytes");
    report_payload(&name, &mut fetched, &mut floor, &mut invoke_json, bytes, 2);
    // Page to main alone over bare CDP: the bytes posted to a paused URL (main reads
    // `postDataEntries`) against their base64 text through a binding; main answers each with the
    // length it read.
    let mut posted = page_samples(
        raw.evaluate(&timed("rawPostBytes", &format!("makeBytes({bytes})")))
            .await,
    );
    let mut bound = page_samples(
        raw.evaluate(&timed("rawSendBase64", &format!("makeBytes({bytes})")))
            .await,
    );
    let mut pieces = page_samples(
        raw.evaluate(&timed("rawSendPieces", &format!("makeBytes({bytes})")))
            .await,
    );
    let (posted, bound, pieces) = (stats(&mut posted), stats(&mut bound), stats(&mut pieces));
    let rate = |stats: &Stats| round(bytes as f64 / 1e6 / (stats.p50 / 1000.0));
    println!(
        "{}",
        json!({
            "name": format!("payload_{label}_raw_page_to_main"),
            "n": trips,
            "post_p50_ms": round(posted.p50),
            "binding_p50_ms": round(bound.p50),
            "pieces_p50_ms": round(pieces.p50),
            "post_mb_per_s": rate(&posted),
            "binding_mb_per_s": rate(&bound),
            "pieces_mb_per_s": rate(&pieces),
            "post_speedup_p50": round(bound.p50 / posted.p50),
            "pieces_speedup_p50": round(bound.p50 / pieces.p50),
        })
    );
    cathode.evaluate("window.outgoing = null; 0").await;
    raw.evaluate("window.rawOutgoing = null; 0").await;
}

/// A sync answer of many bytes over bare CDP, raw in the response body against base64 in JSON
/// (see the module doc).
async fn sync_bytes(raw: &RawPage) {
    for (label, bytes, trips) in [("1mib", 1usize << 20, 30), ("16mib", 16 << 20, 5)] {
        let timed = |call: &str| format!("timeCalls({call}, {trips}, 3, {bytes})");
        let mut base64 = page_samples(raw.evaluate(&timed("rawSyncBase64")).await);
        let mut body = page_samples(raw.evaluate(&timed("rawSyncBytes")).await);
        let (body, base64) = (stats(&mut body), stats(&mut base64));
        let rate = |stats: &Stats| round(bytes as f64 / 1e6 / (stats.p50 / 1000.0));
        println!(
            "{}",
            json!({
                "name": format!("payload_{label}_raw_sync_bytes"),
                "n": trips,
                "body_p50_ms": round(body.p50),
                "base64_p50_ms": round(base64.p50),
                "body_mb_per_s": rate(&body),
                "base64_mb_per_s": rate(&base64),
                "body_speedup_p50": round(base64.p50 / body.p50),
            })
        );
    }
}

/// The sizes at which `payload_binary_crossover` measures both paths.
const CROSSOVER_SIZES: [usize; 8] = [
    16 << 10,
    64 << 10,
    128 << 10,
    256 << 10,
    384 << 10,
    512 << 10,
    768 << 10,
    1 << 20,
];

/// Set in the bench's child processes of `payload_binary_crossover`.
const CROSSOVER_CHILD: &str = "CATHODE_BENCH_CROSSOVER_CHILD";

/// In a child process: main-to-page trips of each crossover size with the process's fetched
/// threshold, of bytes and of a string; prints `{"kind", "bytes", "samples"}` per size.
async fn crossover_child() {
    let mut cathode = CathodePage::start().await;
    for bytes in CROSSOVER_SIZES {
        let data: Vec<u8> = (0..bytes).map(|i| (i * 31 + 7) as u8).collect();
        let trips = if bytes >= 1 << 20 { 30 } else { 100 };
        let values = [
            (
                "bytes",
                cathode::Value::Bytes(cathode::BytesKind::Uint8, data),
            ),
            ("string", cathode::Value::String("x".repeat(bytes))),
        ];
        for (kind, value) in values {
            let samples = millis(&cathode.main_to_page_trips(trips, 10, &value).await);
            println!(
                "{}",
                json!({"kind": kind, "bytes": bytes, "samples": samples})
            );
        }
    }
    cathode.stop().await;
}

/// Runs [`crossover_child`] with the fetched threshold `min`: samples by kind and size.
fn crossover_run(min: usize) -> Vec<(String, usize, Vec<f64>)> {
    let bench = std::env::current_exe().expect("the bench's own path");
    let output = std::process::Command::new(bench)
        .arg("--bench")
        .env(CROSSOVER_CHILD, "1")
        .env("CATHODE_MIN_FETCHED_BYTES", min.to_string())
        .output()
        .expect("the child bench runs");
    assert!(
        output.status.success(),
        "the child bench failed: {output:?}"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|line| {
            let samples = line["samples"].as_array().expect("samples");
            let samples = samples.iter().filter_map(Value::as_f64).collect();
            let kind = line["kind"].as_str().expect("a kind").to_string();
            (
                kind,
                line["bytes"].as_u64().expect("a size") as usize,
                samples,
            )
        })
        .collect()
}

/// Main to page at each size, inside the message and fetched beside it (see the module doc).
fn crossovers() {
    let inline = crossover_run(usize::MAX);
    let fetched = crossover_run(0);
    for ((kind, bytes, mut inline), (_, _, mut fetched)) in inline.into_iter().zip(fetched) {
        let (inline, fetched) = (stats(&mut inline), stats(&mut fetched));
        let rate = |stats: &Stats| round(bytes as f64 / 1e6 / (stats.p50 / 1000.0));
        let kind_name = if kind == "bytes" { "binary" } else { "string" };
        let mut names = vec![format!("payload_{kind_name}_crossover")];
        if kind == "string" && bytes == 1 << 20 {
            names.push("payload_1mib_string_to_page".into());
        }
        for name in names {
            println!(
                "{}",
                json!({
                    "name": name,
                    "bytes": bytes,
                    "inline_p50_ms": round(inline.p50),
                    "fetched_p50_ms": round(fetched.p50),
                    "inline_mean_ms": round(inline.mean),
                    "fetched_mean_ms": round(fetched.mean),
                    "inline_mb_per_s": rate(&inline),
                    "fetched_mb_per_s": rate(&fetched),
                    "fetched_speedup_p50": round(inline.p50 / fetched.p50),
                })
            );
        }
    }
}

/// A mixed 10 KiB object through `invoke`, against plain JSON of the same data.
async fn structured_values(cathode: &CathodePage) {
    let size = cathode
        .evaluate("JSON.stringify(plainSample(structuredSample())).length")
        .await;
    let timed =
        |argument: &str| format!("timeCalls(cathodeEcho, {ROUND_TRIPS}, {WARM_UP}, {argument})");
    let mut floor = page_samples(
        cathode
            .evaluate(&timed("plainSample(structuredSample())"))
            .await,
    );
    let mut measured = page_samples(cathode.evaluate(&timed("structuredSample()")).await);
    let (measured, base) = (stats(&mut measured), stats(&mut floor));
    println!(
        "{}",
        json!({
            "name": "structured_values_round_trip",
            "n": ROUND_TRIPS,
            "json_bytes": size,
            "p50_ms": round(measured.p50),
            "p99_ms": round(measured.p99),
            "mean_ms": round(measured.mean),
            "json_p50_ms": round(base.p50),
            "json_p99_ms": round(base.p99),
            "json_mean_ms": round(base.mean),
            "ratio_p50": round(measured.p50 / base.p50),
            "ratio_mean": round(measured.mean / base.mean),
        })
    );
}

fn write_page(name: &str, script: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cathode-bench-{}-{name}", std::process::id()));
    std::fs::write(
        &path,
        format!("<!doctype html><title>bench</title><script>{script}{TIME_CALLS}</script>"),
    )
    .expect("bench page written");
    path
}

fn cathode_page() -> PathBuf {
    write_page(
        "cathode.html",
        "const { ipcRenderer } = require('electron');
         ipcRenderer.on('ping', (event, value) => ipcRenderer.send('pong', value));
         window.cathodeSync = (value) => ipcRenderer.sendSync('echo-sync', value);
         window.cathodeInvoke = (value) => ipcRenderer.invoke('echo-invoke', value);
         window.benchObject = () => require('electron').remote.getGlobal('bench');
         ipcRenderer.on('big', (event, text) => ipcRenderer.send('big-ack', text.length));
         ipcRenderer.on('neighbour-ping', (event, n) => ipcRenderer.send('neighbour-pong', n));
         ipcRenderer.on('bin-to-page', (event, value) => ipcRenderer.send('bin-ack', value.length ?? value.byteLength));
         ipcRenderer.on('bin-ask', () => ipcRenderer.send('bin-from-page', window.outgoing));
         window.cathodeEcho = (value) => ipcRenderer.invoke('echo-value', value);",
    )
}

fn raw_browser() -> Browser {
    Browser::launch(LaunchOptions {
        executable: find_browser(None).expect("a browser (scripts/install-deps.sh)"),
        headless: true,
        ..LaunchOptions::default()
    })
    .expect("browser starts")
}

async fn raw_page(browser: &Browser) -> Session {
    let root = browser.connection().browser_session();
    let created = root
        .call(&target::CreateTarget {
            url: "about:blank".into(),
            ..Default::default()
        })
        .await
        .expect("createTarget");
    browser
        .connection()
        .attach(&created.target_id)
        .await
        .expect("attach")
}

/// The floor: a page driven over bare CDP. A task answers its requests; bare binding calls come
/// out of `bare_calls`.
struct RawPage {
    _browser: Browser,
    session: Session,
    bare_calls: mpsc::UnboundedReceiver<String>,
}

impl RawPage {
    async fn start() -> RawPage {
        let browser = raw_browser();
        let session = raw_page(&browser).await;
        let mut events = session.events();
        session
            .call(&runtime::Enable {})
            .await
            .expect("Runtime.enable");
        for name in ["bare", "rawInvokeBinding", "rawSendBinding"] {
            session
                .call(&runtime::AddBinding {
                    name: name.into(),
                    execution_context_name: None,
                })
                .await
                .expect("addBinding");
        }
        session
            .call(&fetch::Enable {
                patterns: vec![fetch::RequestPattern {
                    url_pattern: "https://cathode.invalid/raw*".into(),
                    request_stage: "Request".into(),
                    resource_type: None,
                }],
            })
            .await
            .expect("Fetch.enable");
        let (tx, bare_calls) = mpsc::unbounded_channel();
        let answering = session.clone();
        tokio::spawn(async move {
            let mut pieces: HashMap<String, String> = HashMap::new();
            while let Some(event) = events.recv().await {
                if let Some(Ok(mut call)) = event.parse::<runtime::BindingCalled>() {
                    let gathered = pieces.entry(call.name.clone()).or_default();
                    if let Some(piece) = call.payload.strip_prefix(['\u{1}', '\u{2}']) {
                        gathered.push_str(piece);
                        continue;
                    }
                    if let Some(piece) = call.payload.strip_prefix('\u{3}') {
                        gathered.push_str(piece);
                        call.payload = std::mem::take(gathered);
                    }
                    if call.name == "bare" {
                        let _ = tx.send(call.payload);
                    } else if call.name == "rawSendBinding" {
                        let length =
                            cathode_cdp::base64::decode(&call.payload).map_or(0, |b| b.len());
                        let reply = runtime::Evaluate::new(format!("rawReply({length})"));
                        let _ = answering.call_detached(&reply, |_| {});
                    } else {
                        let reply = runtime::Evaluate::new(format!("rawReply({})", call.payload));
                        let _ = answering.call_detached(&reply, |_| {});
                    }
                } else if let Some(Ok(paused)) = event.parse::<fetch::RequestPaused>() {
                    let body = if paused.request.url.ends_with("/raw-post") {
                        let entries = paused.request.post_data_entries.into_iter();
                        let length: usize = entries
                            .map(|entry| entry.bytes.map_or(0, |bytes| bytes.0.len()))
                            .sum();
                        length.to_string().into_bytes()
                    } else if paused.request.url.ends_with("/raw-bytes") {
                        // The bytes the page posted, as the browser gives them.
                        let entries = paused.request.post_data_entries.into_iter();
                        entries
                            .flat_map(|entry| entry.bytes.unwrap_or_default().0)
                            .collect()
                    } else if let Some(kind) = paused
                        .request
                        .url
                        .strip_prefix("https://cathode.invalid/raw-sync-")
                    {
                        // A sync answer of as many bytes as the page asked for: raw, or as
                        // base64 inside JSON.
                        let length = paused.request.post_data.as_deref().unwrap_or("0");
                        let length: usize = length.parse().unwrap_or(0);
                        let bytes: Vec<u8> = (0..length).map(|i| (i * 31 + 7) as u8).collect();
                        if kind == "bytes" {
                            bytes
                        } else {
                            let base64 = cathode_cdp::base64::encode(&bytes);
                            json!({"ok": {"$c": "bytes", "type": "Uint8Array", "base64": base64}})
                                .to_string()
                                .into_bytes()
                        }
                    } else {
                        paused.request.post_data.unwrap_or_default().into_bytes()
                    };
                    let answer = fetch::FulfillRequest {
                        request_id: paused.request_id,
                        response_code: 200,
                        response_headers: vec![fetch::HeaderEntry {
                            name: "Access-Control-Allow-Origin".into(),
                            value: "*".into(),
                        }],
                        body: cathode_cdp::protocol::Binary(body),
                    };
                    let _ = answering.call_detached(&answer, |_| {});
                }
            }
        });
        let url = format!("file://{}", write_page("raw.html", RAW_PAGE).display());
        let raw = RawPage {
            _browser: browser,
            session,
            bare_calls,
        };
        raw.session
            .call(&page::Navigate::new(url))
            .await
            .expect("navigate");
        // The page is ready once its functions exist.
        while raw.evaluate("typeof timeCalls").await != json!("function") {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        raw
    }

    async fn evaluate(&self, code: &str) -> Value {
        let answer = self
            .session
            .call(&runtime::Evaluate {
                expression: code.into(),
                return_by_value: true,
                await_promise: true,
                ..runtime::Evaluate::default()
            })
            .await
            .expect("evaluate");
        answer.result.value.unwrap_or(Value::Null)
    }

    /// Evaluate into the page, which calls a bare binding with `argument` (in pieces when it is
    /// long); wait for its event.
    async fn bare_round_trips(
        &mut self,
        count: usize,
        warm_up: usize,
        argument: &str,
    ) -> Vec<Duration> {
        let mut samples = Vec::with_capacity(count);
        for n in 0..warm_up + count {
            let start = Instant::now();
            let call = runtime::Evaluate::new(format!("bareSend({argument})"));
            self.session
                .call_detached(&call, |_| {})
                .expect("evaluate sent");
            self.bare_calls.recv().await.expect("binding called");
            if n >= warm_up {
                samples.push(start.elapsed());
            }
        }
        samples
    }
}

/// cathode: an app with echo handlers and one window on the bench page.
struct CathodePage {
    app: App,
    contents: WebContents,
    pongs: mpsc::UnboundedReceiver<Value>,
    /// The sizes of the payloads that arrived on `bin-from-page` and `bin-ack`.
    arrivals: mpsc::UnboundedReceiver<usize>,
    run: tokio::task::JoinHandle<cathode::Result<i32>>,
}

impl CathodePage {
    async fn start() -> CathodePage {
        let app = App::builder().headless(true).plugin(RemotePlugin).build();
        let (tx, pongs) = mpsc::unbounded_channel();
        let ipc = app.ipc_main();
        ipc.on("pong", move |_event, value: Value| {
            tx.send(value).expect("bench alive")
        });
        ipc.on_sync("echo-sync", |_event, value: Value| Ok::<_, String>(value));
        // Echoes any value as it came (bytes stay bytes), as an untyped handler does.
        ipc.handle("echo-value", |_event, value: cathode::Value| async move {
            Ok::<_, String>(value)
        })
        .expect("one handler");
        let (arrived, arrivals) = mpsc::unbounded_channel();
        let acked = arrived.clone();
        ipc.on("bin-from-page", move |_event, value: cathode::Value| {
            let size = match value {
                cathode::Value::Bytes(_, bytes) => bytes.len(),
                cathode::Value::String(text) => text.len(),
                other => panic!("bytes or a string, not {other:?}"),
            };
            arrived.send(size).expect("bench alive")
        });
        ipc.on("bin-ack", move |_event, size: usize| {
            acked.send(size).expect("bench alive")
        });
        ipc.handle("echo-invoke", |_event, value: Value| async move {
            Ok::<_, String>(value)
        })
        .expect("one handler");
        app.remote().set_global(
            "bench",
            RemoteObjectBuilder::new("Bench")
                .method("echo", |value: Value| Ok::<_, String>(value))
                .property("value", || 42)
                .build(),
        );
        let page = cathode_page();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let runner = app.clone();
        let run = tokio::spawn(async move {
            runner
                .run(|app| async move {
                    let options = WindowOptions {
                        web_preferences: WebPreferences {
                            enable_remote_module: true,
                            ..WebPreferences::node_integrated()
                        },
                        ..WindowOptions::default()
                    };
                    let window = BrowserWindow::new(&app, options).await?;
                    window.load_file(&page).await?;
                    let _ = ready_tx.send(window.web_contents());
                    Ok(())
                })
                .await
        });
        let contents = ready_rx.await.expect("window ready");
        CathodePage {
            app,
            contents,
            pongs,
            arrivals,
            run,
        }
    }

    async fn evaluate(&self, code: &str) -> Value {
        self.contents
            .execute_javascript(code)
            .await
            .expect("page code runs")
    }

    async fn send_round_trips(
        &mut self,
        count: usize,
        warm_up: usize,
        payload: Value,
    ) -> Vec<Duration> {
        let mut samples = Vec::with_capacity(count);
        for n in 0..warm_up + count {
            let start = Instant::now();
            let value = if payload.is_null() {
                json!(n)
            } else {
                payload.clone()
            };
            self.contents.send("ping", (value,)).expect("send");
            self.pongs.recv().await.expect("pong");
            if n >= warm_up {
                samples.push(start.elapsed());
            }
        }
        samples
    }

    /// Main asks the page for `window.outgoing`, which the page sends on `bin-from-page`.
    async fn page_to_main_trips(&mut self, count: usize, warm_up: usize) -> Vec<Duration> {
        let mut samples = Vec::with_capacity(count);
        for n in 0..warm_up + count {
            let start = Instant::now();
            self.contents.send("bin-ask", ()).expect("send");
            self.arrivals.recv().await.expect("payload");
            if n >= warm_up {
                samples.push(start.elapsed());
            }
        }
        samples
    }

    /// Main sends `payload` to the page, which acknowledges it with its size.
    async fn main_to_page_trips(
        &mut self,
        count: usize,
        warm_up: usize,
        payload: &impl serde::Serialize,
    ) -> Vec<Duration> {
        let mut samples = Vec::with_capacity(count);
        for n in 0..warm_up + count {
            let start = Instant::now();
            self.contents.send("bin-to-page", (payload,)).expect("send");
            self.arrivals.recv().await.expect("ack");
            if n >= warm_up {
                samples.push(start.elapsed());
            }
        }
        samples
    }

    async fn stop(self) {
        self.app.exit(0);
        self.run.await.expect("run").expect("run ok");
    }
}

/// Async round trips to a second window while 16 MiB go to the first (see the module doc).
async fn large_send_neighbour(cathode: &CathodePage) {
    const LARGE: usize = 16 << 20;
    let ipc = cathode.app.ipc_main();
    let (ack_tx, mut acks) = mpsc::unbounded_channel();
    ipc.on("big-ack", move |_event, length: usize| {
        ack_tx.send(length).expect("bench alive")
    });
    let (pong_tx, mut pongs) = mpsc::unbounded_channel();
    ipc.on("neighbour-pong", move |_event, n: u64| {
        pong_tx.send(n).expect("bench alive")
    });
    let neighbour = BrowserWindow::new(&cathode.app, node_window())
        .await
        .expect("a second window");
    neighbour
        .load_file(cathode_page())
        .await
        .expect("bench page loads");
    let neighbour = neighbour.web_contents();
    let round_trip = |n: u64| {
        let start = Instant::now();
        neighbour.send("neighbour-ping", n).expect("send");
        start
    };
    let mut baseline = Vec::new();
    for n in 0..200 {
        let start = round_trip(n);
        pongs.recv().await.expect("pong");
        baseline.push(start.elapsed());
    }
    let text = "x".repeat(LARGE);
    let mut alone = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        cathode
            .contents
            .send("big", text.as_str())
            .expect("16 MiB send");
        acks.recv().await.expect("ack");
        alone.push(start.elapsed());
    }
    let mut during = Vec::new();
    for _ in 0..3 {
        cathode
            .contents
            .send("big", text.as_str())
            .expect("16 MiB send");
        let mut n = 0;
        loop {
            let start = round_trip(n);
            tokio::select! {
                _ = acks.recv() => { pongs.recv().await.expect("pong"); during.push(start.elapsed()); break; }
                _ = pongs.recv() => during.push(start.elapsed()),
            }
            n += 1;
        }
    }
    let baseline = stats(&mut millis(&baseline));
    let alone = stats(&mut millis(&alone));
    let mut during = millis(&during);
    let during_max = during.iter().copied().fold(0.0, f64::max);
    let during = stats(&mut during);
    println!(
        "{}",
        json!({
            "name": "large_send_neighbour",
            "neighbour_round_trip_before_median_ms": round(baseline.p50),
            "neighbour_round_trip_during_max_ms": round(during_max),
            "neighbour_round_trip_during_median_ms": round(during.p50),
            "large_send_median_ms": round(alone.p50),
            "during_max_over_large_send": round(during_max / alone.p50),
        })
    );
}

fn page_samples(value: Value) -> Vec<f64> {
    value
        .as_array()
        .expect("samples")
        .iter()
        .map(|sample| sample.as_f64().expect("a number"))
        .collect()
}

/// The floor: launch, open a page, navigate, wait for its load event.
async fn raw_cold_start(page_url: &str) -> Duration {
    let start = Instant::now();
    let browser = raw_browser();
    let page_session = raw_page(&browser).await;
    let mut events = page_session.events();
    page_session
        .call(&page::Enable {})
        .await
        .expect("Page.enable");
    page_session
        .call(&page::Navigate::new(page_url))
        .await
        .expect("navigate");
    while let Some(event) = events.recv().await {
        if event.method == "Page.loadEventFired" {
            break;
        }
    }
    start.elapsed()
}

/// cathode: from `App::run` to the first `did-finish-load` of a window's page.
async fn cathode_cold_start(page: PathBuf) -> Duration {
    let start = Instant::now();
    let app = App::builder().headless(true).build();
    let code = app
        .run(|app| async move {
            let window = BrowserWindow::new(&app, node_window()).await?;
            let finished = app.clone();
            window
                .web_contents()
                .on_did_finish_load(move || finished.exit(0));
            window.load_file(&page).await?;
            Ok(())
        })
        .await
        .expect("run");
    assert_eq!(code, 0);
    start.elapsed()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("ipc benchmarks run with `cargo bench -p cathode --bench ipc`; nothing to test");
        return;
    }
    let chosen: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let wanted =
        |name: &str| chosen.is_empty() || chosen.iter().any(|c| name.starts_with(c.as_str()));
    if std::env::var_os(CROSSOVER_CHILD).is_some() {
        crossover_child().await;
        return;
    }
    if [
        "payload_binary_crossover",
        "payload_string_crossover",
        "payload_1mib_string",
    ]
    .iter()
    .any(|name| wanted(name))
    {
        crossovers();
    }
    let mut raw = RawPage::start().await;
    if wanted("payload_sync_bytes") {
        sync_bytes(&raw).await;
    }
    let mut cathode = CathodePage::start().await;
    let payload = "x".repeat(PAYLOAD_BYTES);

    if wanted("async_round_trip") {
        let mut floor = millis(&raw.bare_round_trips(ROUND_TRIPS, WARM_UP, "'0'").await);
        let mut measured = millis(
            &cathode
                .send_round_trips(ROUND_TRIPS, WARM_UP, Value::Null)
                .await,
        );
        report("async_round_trip", &mut measured, &mut floor, None);
    }

    let timed = |call: &str, count: usize, argument: &str| {
        format!(
            "timeCalls({call}, {count}, {}, {argument})",
            WARM_UP.min(count)
        )
    };
    if wanted("sync_round_trip") {
        let mut floor = page_samples(
            raw.evaluate(&timed("rawSync", ROUND_TRIPS, "undefined"))
                .await,
        );
        let mut measured = page_samples(
            cathode
                .evaluate(&timed("cathodeSync", ROUND_TRIPS, "undefined"))
                .await,
        );
        report("sync_round_trip", &mut measured, &mut floor, None);
    }

    if wanted("invoke_round_trip") {
        let mut floor = page_samples(
            raw.evaluate(&timed("rawInvoke", ROUND_TRIPS, "undefined"))
                .await,
        );
        let mut measured = page_samples(
            cathode
                .evaluate(&timed("cathodeInvoke", ROUND_TRIPS, "undefined"))
                .await,
        );
        report("invoke_round_trip", &mut measured, &mut floor, None);
    }

    if wanted("remote") {
        let mut floor = page_samples(
            raw.evaluate(&timed("rawSync", ROUND_TRIPS, "undefined"))
                .await,
        );
        cathode.evaluate("window.bench = benchObject(); 0").await;
        let mut measured = page_samples(
            cathode
                .evaluate(&timed("(n) => bench.echo(n)", ROUND_TRIPS, "undefined"))
                .await,
        );
        report("remote_method_call", &mut measured, &mut floor, None);
        let mut measured = page_samples(
            cathode
                .evaluate(&timed("() => bench.value", ROUND_TRIPS, "undefined"))
                .await,
        );
        report("remote_property_get", &mut measured, &mut floor, None);
    }

    if wanted("payload_1mib_send") {
        let literal = serde_json::to_string(&payload).expect("a string encodes");
        let mut floor = millis(&raw.bare_round_trips(PAYLOAD_TRIPS, 5, &literal).await);
        let mut measured = millis(
            &cathode
                .send_round_trips(PAYLOAD_TRIPS, 5, Value::String(payload.clone()))
                .await,
        );
        report(
            "payload_1mib_send",
            &mut measured,
            &mut floor,
            Some(PAYLOAD_BYTES),
        );
    }

    let big = format!("'x'.repeat({PAYLOAD_BYTES})");
    for (name, raw_call, cathode_call) in [
        ("payload_1mib_invoke", "rawInvoke", "cathodeInvoke"),
        ("payload_1mib_sync", "rawSync", "cathodeSync"),
    ] {
        if !wanted(name) {
            continue;
        }
        let mut floor = page_samples(raw.evaluate(&timed(raw_call, PAYLOAD_TRIPS, &big)).await);
        let mut measured = page_samples(
            cathode
                .evaluate(&timed(cathode_call, PAYLOAD_TRIPS, &big))
                .await,
        );
        report(name, &mut measured, &mut floor, Some(PAYLOAD_BYTES));
    }
    if wanted("payload_1mib_binary") {
        binary_payloads(&mut raw, &mut cathode, "1mib", PAYLOAD_BYTES, 30, 3).await;
    }
    if wanted("payload_16mib_binary") {
        binary_payloads(&mut raw, &mut cathode, "16mib", 16 << 20, 5, 1).await;
    }
    if wanted("structured_values_round_trip") {
        structured_values(&cathode).await;
    }
    if wanted("large_send_neighbour") {
        large_send_neighbour(&cathode).await;
    }
    cathode.stop().await;
    drop(raw);

    if wanted("cold_start") {
        let page = cathode_page();
        let page_url = format!("file://{}", page.display());
        let mut floor = Vec::new();
        let mut measured = Vec::new();
        for _ in 0..COLD_STARTS {
            floor.push(raw_cold_start(&page_url).await);
            measured.push(cathode_cold_start(page.clone()).await);
        }
        report(
            "cold_start",
            &mut millis(&measured),
            &mut millis(&floor),
            None,
        );
    }
    for name in ["cathode.html", "raw.html"] {
        let _ = std::fs::remove_file(
            std::env::temp_dir().join(format!("cathode-bench-{}-{name}", std::process::id())),
        );
    }
}

/// Options for a window whose page uses `require('electron')` itself.
fn node_window() -> WindowOptions {
    WindowOptions {
        web_preferences: WebPreferences::node_integrated(),
        ..WindowOptions::default()
    }
}
