//! Random values through every path (send, invoke, sendSync, remote): each request settles exactly
//! once, values main can read come back unchanged (`undefined`, `NaN`, `-0` and `BigInt`
//! included: IPC carries structured-clone values), and main refuses the rest with a reason.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cathode::{BrowserWindow, WebPreferences, WindowOptions};
use cathode_remote::{RemoteExt, RemoteObjectBuilder};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use crate::common::{run_js as run, script_page, TestApp};

/// A JavaScript value as a page can hold it, written out as source.
#[derive(Debug, Clone)]
enum JsValue {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    BigInt(i64),
    /// UTF-16 code units, lone surrogates included.
    Text(Vec<u16>),
    Array(Vec<JsValue>),
    Object(Vec<(Vec<u16>, JsValue)>),
    /// An array nested this deep around a 0.
    Deep(usize),
}

impl JsValue {
    fn source(&self) -> String {
        match self {
            JsValue::Undefined => "undefined".into(),
            JsValue::Null => "null".into(),
            JsValue::Bool(b) => b.to_string(),
            JsValue::Number(n) if n.is_nan() => "NaN".into(),
            JsValue::Number(n) if n.is_infinite() => {
                if *n > 0.0 { "Infinity" } else { "-Infinity" }.into()
            }
            JsValue::Number(n) if *n == 0.0 && n.is_sign_negative() => "-0".into(),
            JsValue::Number(n) => format!("{n:?}"),
            JsValue::BigInt(n) => format!("{n}n"),
            JsValue::Text(units) => text_source(units),
            JsValue::Array(items) => {
                let items: Vec<String> = items.iter().map(JsValue::source).collect();
                format!("[{}]", items.join(","))
            }
            JsValue::Object(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(key, value)| format!("{}:{}", text_source(key), value.source()))
                    .collect();
                format!("({{{}}})", entries.join(","))
            }
            JsValue::Deep(depth) => format!("{}0{}", "[".repeat(*depth), "]".repeat(*depth)),
        }
    }

    /// Whether main cannot read it: a lone surrogate, or nesting past serde_json's limit.
    fn unreadable_in_main(&self) -> bool {
        fn lone(units: &[u16]) -> bool {
            char::decode_utf16(units.iter().copied()).any(|c| c.is_err())
        }
        match self {
            JsValue::Text(units) => lone(units),
            JsValue::Array(items) => items.iter().any(JsValue::unreadable_in_main),
            JsValue::Object(entries) => {
                effective(entries).any(|(key, value)| lone(key) || value.unreadable_in_main())
            }
            JsValue::Deep(depth) => *depth > 120,
            _ => false,
        }
    }
}

/// The entries an object literal ends up with: a key written twice keeps its last value.
fn effective(entries: &[(Vec<u16>, JsValue)]) -> impl Iterator<Item = &(Vec<u16>, JsValue)> {
    entries
        .iter()
        .enumerate()
        .filter(|(index, (key, _))| !entries[index + 1..].iter().any(|(later, _)| later == key))
        .map(|(_, entry)| entry)
}

fn text_source(units: &[u16]) -> String {
    let escaped: String = units.iter().map(|unit| format!("\\u{unit:04x}")).collect();
    format!("\"{escaped}\"")
}

fn text() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![
        // Mostly ordinary text, sometimes any code unit at all (lone surrogates included).
        4 => "[a-z é漢🙂\"\\\\\n]{0,12}".prop_map(|s| s.encode_utf16().collect()),
        1 => prop::collection::vec(any::<u16>(), 0..6),
    ]
}

fn js_value() -> impl Strategy<Value = JsValue> {
    let leaf = prop_oneof![
        Just(JsValue::Undefined),
        Just(JsValue::Null),
        any::<bool>().prop_map(JsValue::Bool),
        any::<f64>().prop_map(JsValue::Number),
        (-1000i64..1000).prop_map(|n| JsValue::Number(n as f64)),
        any::<i64>().prop_map(JsValue::BigInt),
        text().prop_map(JsValue::Text),
        // Well inside serde_json's depth limit, or well past it.
        prop_oneof![1usize..100, 140usize..200].prop_map(JsValue::Deep),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(JsValue::Array),
            prop::collection::vec((text(), inner), 0..6).prop_map(JsValue::Object),
        ]
    })
}

/// What main's handlers saw, per case id and path.
type Seen = Arc<Mutex<HashMap<(u64, &'static str), usize>>>;

fn count(seen: &Seen, id: u64, path: &'static str) {
    *seen.lock().unwrap().entry((id, path)).or_default() += 1;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_values_settle_exactly_once_on_every_path() {
    let test = TestApp::start().await;
    let seen: Seen = Arc::default();
    let ipc = test.app.ipc_main();
    let record = seen.clone();
    ipc.handle(
        "prop-echo",
        move |_event, (id, value): (u64, cathode::Value)| {
            count(&record, id, "invoke");
            async move { Ok::<_, String>(value) }
        },
    )
    .unwrap();
    let record = seen.clone();
    ipc.on_sync(
        "prop-echo",
        move |_event, (id, value): (u64, cathode::Value)| {
            count(&record, id, "sync");
            Ok::<_, String>(value)
        },
    );
    let record = seen.clone();
    ipc.on("prop-send", move |_event, (id, _value): (u64, Value)| {
        count(&record, id, "send")
    });
    let record = seen.clone();
    ipc.handle("prop-flush", move |_event, id: u64| {
        let counts: Vec<usize> = ["invoke", "sync", "send"]
            .iter()
            .map(|path| {
                record
                    .lock()
                    .unwrap()
                    .get(&(id, *path))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        async move { Ok::<_, String>(counts) }
    })
    .unwrap();
    test.app.remote().set_global(
        "echo",
        RemoteObjectBuilder::new("Echo")
            .method("echo", |value: Value| Ok::<_, String>(value))
            .build(),
    );
    let window = BrowserWindow::new(
        &test.app,
        WindowOptions {
            web_preferences: WebPreferences {
                enable_remote_module: true,
                ..WebPreferences::node_integrated()
            },
            ..crate::common::node_options()
        },
    )
    .await
    .unwrap();
    window
        .load_file(script_page(
            "property.html",
            r#"const { remote, ipcRenderer: ipc } = require('electron');
            const echo = remote.getGlobal('echo');
            // Each path's outcome, counting how often it settled.
            async function settle(f) {
              let settled = 0, outcome;
              try { outcome = { ok: await f() } } catch (e) { outcome = { error: `${e.name}: ${e.message}` } }
              settled++;
              return { settled, ...outcome };
            }
            // Structured-clone equality: NaN is NaN, -0 is not 0, holes and key order count.
            function sameValue(a, b) {
              if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
              if (Array.isArray(a) !== Array.isArray(b)) return false;
              const keys = Object.keys(a);
              return keys.length === Object.keys(b).length && (!Array.isArray(a) || a.length === b.length)
                && keys.every((key, index) => Object.keys(b)[index] === key && sameValue(a[key], b[key]));
            }
            window.drive = async (id, value) => {
              const same = (answer) => 'ok' in answer && sameValue(answer.ok, value);
              const invoke = await settle(() => ipc.invoke('prop-echo', id, value));
              const sync = await settle(() => ipc.sendSync('prop-echo', id, value));
              const viaRemote = await settle(() => echo.echo(value));
              const send = await settle(() => { ipc.send('prop-send', id, value); return 'sent' });
              const counts = await ipc.invoke('prop-flush', id);
              // What came back stays in the page (a BigInt cannot be returned to the test).
              const shown = ({ ok, ...rest }) => rest;
              return { invoke: shown(invoke), sync: shown(sync), remote: shown(viaRemote), send: shown(send), counts,
                       sameInvoke: same(invoke), sameSync: same(sync) };
            };"#,
        ))
        .await
        .unwrap();

    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let next_id = std::sync::atomic::AtomicU64::new(1);
    let outcome = tokio::task::block_in_place(|| {
        runner.run(&js_value(), |value| {
            let id = next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let code = format!("drive({id}, {})", value.source());
            let report = handle.block_on(run(&window, &code));
            for path in ["invoke", "sync", "remote", "send"] {
                prop_assert_eq!(
                    &report[path]["settled"],
                    &Value::from(1),
                    "{}: {}",
                    path,
                    report
                );
            }
            let counts = report["counts"].as_array().unwrap();
            if value.unreadable_in_main() {
                for path in ["invoke", "sync"] {
                    prop_assert!(
                        report[path]["error"]
                            .as_str()
                            .unwrap_or_default()
                            .contains("cannot be read in main"),
                        "{}: {}",
                        path,
                        report
                    );
                }
                prop_assert_eq!(counts, &vec![Value::from(0); 3], "{}", report);
            } else {
                prop_assert!(
                    report["sameInvoke"] == true && report["sameSync"] == true,
                    "{}",
                    report
                );
                prop_assert_eq!(counts, &vec![Value::from(1); 3], "{}", report);
            }
            Ok(())
        })
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    test.exit().await;
}
