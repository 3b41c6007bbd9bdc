//! The values codec (`renderer/values.js`) in Chromium, against the Rust side (`cathode::value`):
//! what a page encodes, Rust reads with every structured-clone type intact, and what Rust sends,
//! the page decodes into the real JavaScript types.

use cathode::{BytesKind, Value};
use serde::Deserialize;
use serde_json::json;

use crate::common::{run_js as run, script_page, Seen, TestApp};

/// A page with the codec as `values` (a plain page: the codec needs nothing of cathode's).
async fn codec_page(test: &TestApp) -> cathode::BrowserWindow {
    let window = test.window().await;
    let script = format!("window.values = ({})();", cathode::value::CODEC_JS);
    window
        .load_file(script_page("values.html", &script))
        .await
        .expect("page loads");
    window
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_page_encodes_rust_reads_with_every_type_intact() {
    let test = TestApp::start().await;
    let window = codec_page(&test).await;
    let wire = run(
        &window,
        r#"(() => {
             const loop = { name: 'loop' };
             loop.self = loop;
             const shared = { n: 1 };
             const holes = [1, , 3];
             return values.encode({
               missing: undefined, numbers: [NaN, -Infinity, -0, 2.5], big: 2n ** 70n,
               when: new Date(Date.UTC(2024, 1, 29, 12)), pattern: /x+y/gi,
               map: new Map([[1, 'one'], ['k', shared]]), set: new Set([shared, 'b']),
               bytes: new Uint8Array([0, 127, 255]), floats: new Float32Array([0.5, -1]),
               view: new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
               error: new RangeError('too far', { cause: 'because' }), holes,
               instance: new (class Point { constructor() { this.x = 4; } })(),
               dollar: { $c: 'not a tag' },
             });
           })()"#,
    )
    .await;
    let Value::Object(fields) = Value::from_wire(&wire).expect("the page's encoding is readable")
    else {
        panic!("an object: {wire}");
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_else(|| panic!("no {name} in {wire}"))
    };
    assert_eq!(field("missing"), Value::Undefined);
    let Value::Array(numbers) = field("numbers") else {
        panic!("numbers")
    };
    assert!(matches!(numbers[0], Value::Number(nan) if nan.is_nan()));
    assert_eq!(numbers[1], Value::Number(f64::NEG_INFINITY));
    assert!(matches!(numbers[2], Value::Number(zero) if zero == 0.0 && zero.is_sign_negative()));
    assert_eq!(field("big"), Value::BigInt("1180591620717411303424".into()));
    assert_eq!(field("when"), Value::Date(1_709_208_000_000.0));
    assert_eq!(
        field("pattern"),
        Value::RegExp {
            source: "x+y".into(),
            flags: "gi".into()
        }
    );
    let shared = Value::Object(vec![("n".into(), Value::Number(1.0))]);
    assert_eq!(
        field("map"),
        Value::Map(vec![
            (Value::Number(1.0), Value::String("one".into())),
            (Value::String("k".into()), shared.clone()),
        ])
    );
    assert_eq!(
        field("set"),
        Value::Set(vec![shared, Value::String("b".into())])
    );
    assert_eq!(
        field("bytes"),
        Value::Bytes(BytesKind::Uint8, vec![0, 127, 255])
    );
    assert_eq!(
        field("floats"),
        Value::Bytes(
            BytesKind::Float32,
            [0.5f32.to_le_bytes(), (-1f32).to_le_bytes()].concat()
        )
    );
    assert_eq!(field("view"), Value::Bytes(BytesKind::DataView, vec![2, 3]));
    let Value::Error {
        name,
        message,
        stack,
        cause,
    } = field("error")
    else {
        panic!("error")
    };
    assert_eq!((name.as_str(), message.as_str()), ("RangeError", "too far"));
    assert!(stack.is_some_and(|stack| stack.contains("too far")));
    assert_eq!(cause.as_deref(), Some(&Value::String("because".into())));
    assert_eq!(
        field("holes"),
        Value::Array(vec![
            Value::Number(1.0),
            Value::Undefined,
            Value::Number(3.0)
        ])
    );
    assert_eq!(
        field("instance"),
        Value::Object(vec![("x".into(), Value::Number(4.0))])
    );
    assert_eq!(
        field("dollar"),
        Value::Object(vec![("$c".into(), Value::String("not a tag".into()))])
    );

    // A typed reading of the same encoding.
    #[derive(Deserialize)]
    struct Some {
        missing: Option<u8>,
        big: String,
        when: String,
        bytes: Vec<u8>,
        floats: Vec<f32>,
    }
    let typed: Some = cathode::value::read(&wire).expect("a typed reading");
    assert_eq!(typed.missing, None);
    assert_eq!(typed.big, "1180591620717411303424");
    assert_eq!(typed.when, "2024-02-29T12:00:00.000Z");
    assert_eq!(typed.bytes, vec![0, 127, 255]);
    assert_eq!(typed.floats, vec![0.5, -1.0]);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_rust_sends_a_page_decodes_into_javascript_types_and_the_refused_are_refused() {
    let test = TestApp::start().await;
    let window = codec_page(&test).await;
    let sent = Value::Array(vec![
        Value::Undefined,
        Value::Number(f64::NAN),
        Value::BigInt("-9007199254740993".into()),
        Value::Date(0.0),
        Value::Bytes(BytesKind::Uint16, vec![1, 0, 2, 0]),
        Value::Map(vec![(Value::Bool(true), Value::Set(vec![Value::Null]))]),
        Value::Error {
            name: "TypeError".into(),
            message: "from main".into(),
            stack: None,
            cause: None,
        },
    ]);
    let described = run(
        &window,
        &format!(
            r#"(() => {{
                 const [missing, nan, big, date, words, map, error] = values.decode({wire});
                 const refusals = [() => 1, Symbol('s'), document.body, Promise.resolve(), new WeakMap()]
                   .map((value) => {{
                     try {{ values.encode({{ value }}); return 'sent'; }}
                     catch (e) {{ return `${{e.name}}: ${{e.message}}`; }}
                   }});
                 const loop = [];
                 loop.push(loop);
                 const again = values.decode(JSON.parse(JSON.stringify(values.encode(loop))));
                 return {{
                   missing: missing === undefined, nan: Number.isNaN(nan),
                   big: typeof big === 'bigint' && big === -9007199254740993n,
                   date: date instanceof Date && date.toISOString(),
                   words: words instanceof Uint16Array && [...words],
                   map: map instanceof Map && map.get(true) instanceof Set && map.get(true).has(null),
                   error: error instanceof TypeError && error.message,
                   refusals, cyclic: again[0] === again,
                 }};
               }})()"#,
            wire = sent.to_wire()
        ),
    )
    .await;
    assert_eq!(
        described,
        json!({
            "missing": true, "nan": true, "big": true, "date": "1970-01-01T00:00:00.000Z",
            "words": [1, 2], "map": true, "error": "from main",
            "refusals": vec!["DataCloneError: An object could not be cloned."; 5],
            "cyclic": true,
        })
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ipc_path_carries_structured_clone_values_both_ways() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    let mut sent = Seen::new();
    let tx = sent.sender();
    ipc.on("record", move |_event, value: Value| {
        tx.send(value).unwrap()
    });
    let mut typed = Seen::new();
    let tx = typed.sender();
    ipc.on(
        "typed",
        move |_event, (bytes, when, missing): (Vec<u8>, String, Option<u8>)| {
            tx.send((bytes, when, missing)).unwrap()
        },
    );
    ipc.on_sync("sync-echo", |_event, value: Value| Ok::<_, String>(value));
    ipc.handle("invoke-echo", |_event, value: Value| async move {
        Ok::<_, String>(value)
    })
    .expect("one handler");
    ipc.on("ask-main", |event, ()| {
        let sent = Value::Array(vec![
            Value::Map(vec![(Value::Number(1.0), Value::Undefined)]),
            Value::Bytes(BytesKind::Uint8, vec![4, 5]),
        ]);
        event.reply("from-main", (sent,))
    });
    let window = test.window().await;
    window
        .load_file(script_page(
            "values-ipc.html",
            "const { ipcRenderer } = require('electron');",
        ))
        .await
        .expect("page loads");
    let page = run(
        &window,
        r#"(async () => {
             const map = new Map([['k', new Set([1n])]]);
             ipcRenderer.send('record', { map, when: new Date(0), nothing: undefined });
             ipcRenderer.send('typed', new Uint8Array([1, 2]), new Date(86400000), undefined);
             const synced = ipcRenderer.sendSync('sync-echo', [NaN, -0, /r/g]);
             const invoked = await ipcRenderer.invoke('invoke-echo', new Float64Array([0.25]));
             const fromMain = new Promise((resolve) => ipcRenderer.once('from-main', (event, ...args) => resolve(args)));
             ipcRenderer.send('ask-main');
             const [[mainMap, mainBytes]] = await fromMain;
             let refused;
             try { ipcRenderer.send('record', { callback() {} }); } catch (error) { refused = `${error.name}: ${error.message}`; }
             return {
               synced: [Number.isNaN(synced[0]), Object.is(synced[1], -0), synced[2] instanceof RegExp && synced[2].flags],
               invoked: invoked instanceof Float64Array && invoked[0],
               mainMap: mainMap instanceof Map && mainMap.has(1) && mainMap.get(1) === undefined,
               mainBytes: mainBytes instanceof Uint8Array && [...mainBytes],
               refused,
             };
           })()"#,
    )
    .await;
    assert_eq!(
        page,
        json!({
            "synced": [true, true, "g"],
            "invoked": 0.25,
            "mainMap": true,
            "mainBytes": [4, 5],
            "refused": "DataCloneError: An object could not be cloned.",
        })
    );
    assert_eq!(
        sent.next().await,
        Value::Object(vec![
            (
                "map".into(),
                Value::Map(vec![(
                    Value::String("k".into()),
                    Value::Set(vec![Value::BigInt("1".into())])
                )])
            ),
            ("when".into(), Value::Date(0.0)),
            ("nothing".into(), Value::Undefined),
        ])
    );
    assert_eq!(
        typed.next().await,
        (vec![1, 2], "1970-01-02T00:00:00.000Z".to_string(), None)
    );
    // Nothing else arrived: the refused message never left the page.
    assert!(
        sent.stays_empty(std::time::Duration::from_millis(300))
            .await
    );
    test.exit().await;
}

/// Each malformed value a page can put on the wire (past its own codec, straight into the
/// binding) gets the sender a clear error; the window and its neighbour go on working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_values_from_a_page_are_refused_with_a_clear_error() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.handle("take", |_event, value: Value| async move {
        Ok::<_, String>(format!("{value:?}").len())
    })
    .expect("one handler");
    // Keeps an invoke of the page's waiting, so that a hand-made invoke with its id settles it.
    ipc.handle("hold", |_event, ()| async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        Ok::<_, String>(())
    })
    .expect("one handler");
    let window = test.window().await;
    window
        .load_file(script_page(
            "malformed-values.html",
            "const { ipcRenderer } = require('electron');",
        ))
        .await
        .expect("page loads");
    let neighbour = test.window().await;
    neighbour
        .load_file(script_page(
            "neighbour.html",
            "const { ipcRenderer } = require('electron');",
        ))
        .await
        .expect("page loads");
    let answers = run(
        &window,
        r#"(async () => {
             const name = Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'));
             const binding = window[name];
             const malformed = [
               { $c: 'no-such-tag' },
               { $c: 'bytes', type: 'Float64Array', base64: 'AQID' },
               [{ $c: 'ref', id: 99 }],
               { $c: 'array', length: 10000000, items: [[0, 1], [1, 2], [2, 3]] },
               { $c: 'bigint', v: '7'.repeat(10 * 1024 * 1024) },
               { $c: 'bigint', v: '12abc' },
             ];
             const answers = [];
             let id = 0;
             for (const value of malformed) {
               // The runtime numbers its invokes 1, 2, ...: this one waits as id `id`.
               const held = ipcRenderer.invoke('hold');
               id += 1;
               binding(JSON.stringify({ v: 1, kind: 'invoke', id, channel: 'take', args: [value] }));
               answers.push(await held.then((v) => `answered ${v}`, (e) => e.message));
             }
             answers.push(String(await ipcRenderer.invoke('take', new Float64Array([1.5]))));
             return answers;
           })()"#,
    )
    .await;
    let answers: Vec<String> = serde_json::from_value(answers).expect("strings");
    let expected = [
        "unknown tag 'no-such-tag'",
        "a Float64Array of 3 bytes, not a whole number of 8-byte elements",
        "a ref to an object that is not there",
        "a sparse array of length 10000000 with 3 items",
        "a BigInt of 10485760 digits, over the 1000000-digit limit",
        "a BigInt that is not decimal digits: '12abc'",
    ];
    for (answer, expected) in answers.iter().zip(expected) {
        assert!(
            answer.starts_with("Error invoking remote method 'take'") && answer.contains(expected),
            "{answer} (expected {expected})"
        );
    }
    // The window goes on: a well-formed value after them is answered.
    assert!(answers[6].parse::<usize>().is_ok(), "{answers:?}");
    let other = run(&neighbour, "ipcRenderer.invoke('take', 5n)").await;
    assert!(other.is_number(), "{other}");
    test.exit().await;
}
