//! Asynchronous IPC between pages and main.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::common::{log_line, script_page, within, Seen, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_and_main_exchange_messages_both_ways() {
    let test = TestApp::start().await;
    let mut hello = Seen::new();
    let mut echo = Seen::new();
    let tx = hello.sender();
    test.app.ipc_main().on(
        "hello",
        move |event, (n, text, object): (u32, String, Value)| {
            tx.send((event.window_id(), n, text, object)).unwrap();
            event.reply("answer", ("got", n + 1))
        },
    );
    let tx = echo.sender();
    test.app
        .ipc_main()
        .on("echo", move |_event, args: Vec<Value>| {
            tx.send(args).unwrap()
        });
    let page = script_page(
        "exchange.html",
        r#"
        const { ipcRenderer } = require('electron');
        ipcRenderer.on('answer', (event, word, n) => {
            ipcRenderer.send('echo', word, n, event.sender === ipcRenderer);
        });
        ipcRenderer.send('hello', 41, 'two', { three: [3] });
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();

    let (window_id, n, text, object) = hello.next().await;
    assert_eq!(window_id, window.id());
    assert_eq!((n, text.as_str()), (41, "two"));
    assert_eq!(object, json!({"three": [3]}));
    assert_eq!(
        echo.next().await,
        vec![json!("got"), json!(42), json!(true)]
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_sends_to_a_page_and_the_page_sees_every_argument() {
    let test = TestApp::start().await;
    let mut seen = Seen::new();
    let tx = seen.sender();
    test.app
        .ipc_main()
        .on("seen", move |_event, args: Value| tx.send(args).unwrap());
    let page = script_page(
        "receive.html",
        r#"
        const { ipcRenderer } = require('electron');
        ipcRenderer.on('data', (event, ...args) => ipcRenderer.send('seen', args));
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let contents = window.web_contents();
    contents
        .send(
            "data",
            ("text", 1.5, vec![1, 2], json!({"nested": {"ok": true}}), ()),
        )
        .unwrap();
    contents.send("data", ()).unwrap();
    assert_eq!(
        seen.next().await,
        json!(["text", 1.5, [1, 2], {"nested": {"ok": true}}, null])
    );
    assert_eq!(seen.next().await, json!([]));
    test.exit().await;
}

#[derive(Debug, Deserialize, PartialEq)]
struct Move {
    x: i32,
    y: i32,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handler_arguments_are_typed_and_a_mismatch_names_channel_and_type() {
    let test = TestApp::start().await;
    let mut moves = Seen::new();
    let tx = moves.sender();
    test.app
        .ipc_main()
        .on("move", move |_event, position: Move| {
            tx.send(position).unwrap()
        });
    let page = script_page(
        "typed.html",
        r#"
        const { ipcRenderer } = require('electron');
        ipcRenderer.send('move', 'not a position');
        ipcRenderer.send('move', { x: 3, y: -4 });
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    assert_eq!(moves.next().await, Move { x: 3, y: -4 });
    let line = log_line(&[
        "IPC handler failed",
        "channel=\"move\"",
        "e2e::ipc::Move",
        "\"not a position\"",
    ])
    .await;
    assert!(
        line.contains(&format!("window_id={}", window.id())),
        "{line}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_sent_to_the_ipc_binding_is_refused_and_nothing_else_is_affected() {
    let test = TestApp::start().await;
    let mut after = Seen::new();
    let tx = after.sender();
    test.app
        .ipc_main()
        .on("after-garbage", move |event, n: u32| {
            tx.send((event.window_id(), n)).unwrap()
        });
    let page = script_page(
        "garbage.html",
        r#"
        const { ipcRenderer } = require('electron');
        const name = Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'));
        const binding = window[name];
        for (const garbage of ['', 'not json', '[]', '{"v":1}', '{"v":7,"kind":"send","channel":"x","args":[]}',
                               '{"v":1,"kind":"send","channel":"","args":[]}',
                               '{"v":1,"kind":"send","channel":"after-garbage","args":{}}',
                               '\u0000\uffff', 'x'.repeat(100000)]) {
            binding(garbage);
        }
        ipcRenderer.send('after-garbage', 1);
        "#,
    );
    let other_page = script_page(
        "clean.html",
        "require('electron').ipcRenderer.send('after-garbage', 2);",
    );
    let window = test.window().await;
    let other = test.window().await;
    window.load_file(&page).await.unwrap();
    other.load_file(&other_page).await.unwrap();
    let mut got = vec![after.next().await, after.next().await];
    got.sort();
    assert_eq!(got, vec![(window.id(), 1), (other.id(), 2)]);
    let window_field = format!("window_id={}", window.id());
    log_line(&[
        "refused a malformed IPC message",
        &window_field,
        "not a cathode IPC envelope",
    ])
    .await;
    log_line(&[
        "refused a malformed IPC message",
        &window_field,
        "version 7",
    ])
    .await;
    log_line(&[
        "refused a malformed IPC message",
        &window_field,
        "channel name is empty",
    ])
    .await;
    test.exit().await;
}

/// A page's long messages travel in pieces (`pieces.rs`): text whose surrogate pairs fall across
/// every piece boundary arrives whole, in order, both in a message and in an invoke and its
/// answer; pieces a page script sends the binding itself, left unfinished or continuing nothing,
/// spoil none of the page's later messages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_messages_arrive_whole_in_order_and_stray_pieces_spoil_nothing() {
    let test = TestApp::start().await;
    let mut long = Seen::new();
    let tx = long.sender();
    test.app
        .ipc_main()
        .on("long", move |_event, text: String| tx.send(text).unwrap());
    test.app
        .ipc_main()
        .handle("echo-long", |_event, text: String| async move {
            Ok::<_, String>(format!("{text}!"))
        })
        .unwrap();
    // Each pair takes two code units, so in one of the two first messages every boundary
    // between pieces falls inside a pair.
    let page = script_page(
        "long.html",
        r#"
        const { ipcRenderer } = require('electron');
        const name = Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'));
        const binding = window[name];
        const pairs = '\u{1F600}'.repeat(50000);
        ipcRenderer.send('long', pairs);
        ipcRenderer.send('long', 'x' + pairs);
        binding('\u0002 a piece that continues nothing');
        binding('\u0003 a last piece of nothing');
        binding('\u0001{"v":1,"kind":"send","channel":"long","args":["left unfinished');
        ipcRenderer.send('long', 'é'.repeat(40000));
        binding('\u0001{"v":1,"kind":"send","channel":"long","args":["left unfinished');
        ipcRenderer.send('long', 'short');
        ipcRenderer.invoke('echo-long', 'é' + pairs).then((back) => {
            ipcRenderer.send('long', back === 'é' + pairs + '!' ? 'answer whole' : 'answer spoilt');
        });
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let pairs = "\u{1F600}".repeat(50000);
    assert!(long.next().await == pairs, "the first message changed");
    assert!(
        long.next().await == format!("x{pairs}"),
        "the second changed"
    );
    assert!(long.next().await == "é".repeat(40000), "the third changed");
    assert_eq!(long.next().await, "short");
    assert_eq!(long.next().await, "answer whole");
    let window_field = format!("window_id={}", window.id());
    log_line(&[
        "dropped a piece of a message that never started",
        &window_field,
    ])
    .await;
    log_line(&["dropped the unfinished pieces of a message", &window_field]).await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_nobody_listens_to_is_a_debug_log() {
    let test = TestApp::start().await;
    let page = script_page(
        "unheard.html",
        "require('electron').ipcRenderer.send('nobody-hears-this', 1);",
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let line = log_line(&["nobody listens", "channel=\"nobody-hears-this\""]).await;
    assert!(line.contains("DEBUG"), "{line}");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_or_panicking_handler_is_logged_and_the_app_goes_on() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.on("fails", |_event, ()| Err::<(), _>("the handler said no"));
    ipc.on("panics", |_event, ()| -> () { panic!("handler bug") });
    let mut fine = Seen::new();
    let tx = fine.sender();
    ipc.on("fine", move |_event, n: u32| tx.send(n).unwrap());
    let page = script_page(
        "failing.html",
        r#"
        const { ipcRenderer } = require('electron');
        ipcRenderer.send('fails');
        ipcRenderer.send('panics');
        ipcRenderer.send('fine', 7);
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    assert_eq!(fine.next().await, 7);
    let window_field = format!("window_id={}", window.id());
    log_line(&[
        "IPC handler failed",
        "channel=\"fails\"",
        "the handler said no",
        &window_field,
    ])
    .await;
    log_line(&[
        "IPC handler failed",
        "channel=\"panics\"",
        "handler bug",
        &window_field,
    ])
    .await;
    window.web_contents().send("nothing", ()).unwrap();
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipc_renderer_listener_methods_behave_like_electron() {
    let test = TestApp::start().await;
    let mut report = Seen::new();
    let tx = report.sender();
    test.app
        .ipc_main()
        .on("report", move |_event, counts: Value| {
            tx.send(counts).unwrap()
        });
    let page = script_page(
        "listeners.html",
        r#"
        const { ipcRenderer } = require('electron');
        const counts = { on: 0, once: 0, removed: 0, all: 0 };
        const removed = () => counts.removed++;
        ipcRenderer.on('tick', () => counts.on++);
        ipcRenderer.once('tick', () => counts.once++);
        ipcRenderer.on('tick', removed);
        ipcRenderer.removeListener('tick', removed);
        ipcRenderer.on('other', () => counts.all++);
        ipcRenderer.removeAllListeners('other');
        ipcRenderer.on('done', () => ipcRenderer.send('report', counts, ipcRenderer.listenerCount('tick')));
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let contents = window.web_contents();
    for _ in 0..3 {
        contents.send("tick", ()).unwrap();
        contents.send("other", ()).unwrap();
    }
    contents.send("done", ()).unwrap();
    assert_eq!(
        report.next().await,
        json!([{"on": 3, "once": 1, "removed": 0, "all": 0}, 1])
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_pages_get_dirname_and_filename_and_other_modules_are_refused() {
    let test = TestApp::start().await;
    let page = script_page("paths.html", "");
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let seen = window
        .web_contents()
        .execute_javascript(
            "(() => { let refused; try { require('fs') } catch (e) { refused = e.message }
                      return [__filename, __dirname, refused] })()",
        )
        .await
        .unwrap();
    let path = page.to_str().unwrap();
    let dir = page.parent().unwrap().to_str().unwrap();
    assert_eq!(seen[0], path);
    assert_eq!(seen[1], dir);
    assert!(seen[2].as_str().unwrap().contains("'fs'"), "{seen}");
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_served_over_http_talks_ipc_too() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let body = "<!doctype html><title>served</title><script>\
                    require('electron').ipcRenderer.send('from-http', location.href)</script>";
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
    });
    let test = TestApp::start().await;
    let mut seen = Seen::new();
    let tx = seen.sender();
    test.app
        .ipc_main()
        .on("from-http", move |_event, href: String| {
            tx.send(href).unwrap()
        });
    let window = test.window().await;
    let url = format!("http://{address}/");
    window.load_url(&url).await.unwrap();
    assert_eq!(seen.next().await, url);
    assert_eq!(window.web_contents().url(), url);
    server.join().unwrap();
    assert!(seen.stays_empty(Duration::from_millis(50)).await);
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invoke_error_rejects_with_its_name_and_data() {
    use cathode::InvokeError;

    #[derive(serde::Serialize)]
    #[serde(tag = "kind")]
    enum DbError {
        NotFound { id: u64 },
    }
    impl std::fmt::Display for DbError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                DbError::NotFound { id } => write!(f, "no row {id}"),
            }
        }
    }
    impl From<DbError> for InvokeError {
        fn from(error: DbError) -> InvokeError {
            InvokeError::from_serializable(&error).with_name("DbError")
        }
    }
    fn find(id: u64) -> Result<String, DbError> {
        Err(DbError::NotFound { id })
    }

    const LIMIT: usize = 64 * 1024;
    let test = TestApp::start_with(
        cathode::App::builder()
            .headless(true)
            .max_message_size(LIMIT),
    )
    .await;
    let ipc = test.app.ipc_main();
    ipc.handle("set-age", |_event, age: i64| async move {
        if age < 0 {
            return Err(InvokeError::new("age must not be negative")
                .with_name("ValidationError")
                .with_data(json!({"field": "age", "got": age, "hints": [null, true, "x"]})));
        }
        Ok(age)
    })
    .unwrap();
    ipc.handle("find", |_event, id: u64| async move {
        let row = find(id)?;
        Ok::<_, InvokeError>(row)
    })
    .unwrap();
    ipc.handle("plain", |_event, ()| async { Err::<(), _>("no can do") })
        .unwrap();
    ipc.handle("huge-data", |_event, ()| async {
        Err::<(), _>(
            InvokeError::new("too much")
                .with_name("BigError")
                .with_data("d".repeat(LIMIT + 1)),
        )
    })
    .unwrap();
    let page = script_page(
        "invoke-errors.html",
        r#"
        const { ipcRenderer } = require('electron');
        window.settle = async (...args) => {
            try {
                return { resolved: await ipcRenderer.invoke(...args) };
            } catch (e) {
                return { isError: e instanceof Error, name: e.name, message: e.message,
                         hasData: 'data' in e, data: e.data ?? null };
            }
        };
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let answers = crate::common::run_js(
        &window,
        r#"Promise.all([
            settle('set-age', -3),
            settle('set-age', 30),
            settle('find', 7),
            settle('plain'),
            settle('huge-data'),
        ])"#,
    )
    .await;
    assert_eq!(
        answers[0],
        json!({
            "isError": true,
            "name": "ValidationError",
            "message": "Error invoking remote method 'set-age': age must not be negative",
            "hasData": true,
            "data": {"field": "age", "got": -3, "hints": [null, true, "x"]},
        })
    );
    assert_eq!(answers[1], json!({"resolved": 30}));
    assert_eq!(
        answers[2],
        json!({
            "isError": true,
            "name": "DbError",
            "message": "Error invoking remote method 'find': no row 7",
            "hasData": true,
            "data": {"kind": "NotFound", "id": 7},
        })
    );
    assert_eq!(
        answers[3],
        json!({
            "isError": true,
            "name": "Error",
            "message": "Error invoking remote method 'plain': no can do",
            "hasData": false,
            "data": null,
        })
    );
    // Data over the size limit: the rejection becomes the size error, without name or data.
    assert_eq!(answers[4]["name"], json!("Error"), "{answers}");
    assert_eq!(answers[4]["hasData"], json!(false), "{answers}");
    let message = answers[4]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Error invoking remote method 'huge-data': ")
            && message.contains(&format!("over the {LIMIT}-byte limit")),
        "{message}"
    );
    test.exit().await;
}

/// Main asks the page (`WebContents::invoke`, answered by `ipcRenderer.handle`): values both ways,
/// and every way it can fail settles with an error that says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_invokes_the_pages_handlers_and_every_failure_is_an_error() {
    let test = TestApp::start().await;
    let page = script_page(
        "page-handlers.html",
        r#"
        const { ipcRenderer } = require('electron');
        ipcRenderer.handle('add', (event, a, b) => a + b);
        ipcRenderer.handle('later', async (event, day) => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            return { day: new Date(day * 86400000), seen: new Set(['a']), bytes: new Uint8Array([1, 2]) };
        });
        ipcRenderer.handle('fails', () => { throw new TypeError('not today'); });
        ipcRenderer.handle('uncloneable', () => () => 1);
        ipcRenderer.handle('never', () => new Promise(() => {}));
        ipcRenderer.handleOnce('once', () => 'only once');
        let second;
        try { ipcRenderer.handle('add', () => 0); } catch (error) { second = error.message; }
        ipcRenderer.handle('second', () => second);
        "#,
    );
    let window = test.window().await;
    window.load_file(&page).await.unwrap();
    let contents = window.web_contents();

    assert_eq!(contents.invoke::<i64>("add", (2, 3)).await.unwrap(), 5);
    #[derive(Deserialize, Debug, PartialEq)]
    struct Later {
        day: String,
        seen: Vec<String>,
        bytes: serde_bytes::ByteBuf,
    }
    let later: Later = contents.invoke("later", (1,)).await.unwrap();
    assert_eq!(later.day, "1970-01-02T00:00:00.000Z");
    assert_eq!(later.seen, ["a"]);
    assert_eq!(later.bytes.as_ref(), [1, 2]);
    assert_eq!(
        contents.invoke::<String>("second", ()).await.unwrap(),
        "Attempted to register a second handler for 'add'"
    );
    assert_eq!(
        contents.invoke::<String>("once", ()).await.unwrap(),
        "only once"
    );

    let error = |outcome: cathode::Result<Value>| outcome.unwrap_err().to_string();
    assert!(error(contents.invoke("once", ()).await)
        .ends_with("Error: No handler registered for 'once'"));
    assert!(error(contents.invoke("missing", ()).await)
        .ends_with("Error: No handler registered for 'missing'"));
    assert!(error(contents.invoke("fails", ()).await).ends_with("TypeError: not today"));
    assert!(
        error(contents.invoke("uncloneable", ()).await).contains("could not be cloned"),
        "{}",
        error(contents.invoke("uncloneable", ()).await)
    );
    let wrong_type = contents.invoke::<String>("add", (1, 2)).await.unwrap_err();
    assert!(
        wrong_type.to_string().contains("the answer does not fit"),
        "{wrong_type}"
    );
    let timed_out = contents
        .invoke_with_timeout::<Value>("never", (), Duration::from_millis(50))
        .await
        .unwrap_err();
    assert!(
        timed_out.to_string().contains("did not answer within"),
        "{timed_out}"
    );

    // A request the page's document takes with it when it goes.
    let waiting = tokio::spawn({
        let contents = contents.clone();
        async move { contents.invoke::<Value>("never", ()).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    contents.reload().unwrap();
    let gone = within(waiting).await.unwrap().unwrap_err();
    assert!(gone.to_string().contains("went away"), "{gone}");

    // The reloaded page has its handlers again.
    window.load_file(&page).await.unwrap();
    assert_eq!(contents.invoke::<i64>("add", (40, 2)).await.unwrap(), 42);
    assert_eq!(test.exit().await, 0);
}
