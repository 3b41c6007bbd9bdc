//! Synchronous IPC (`sendSync`), invoke/handle, ordering, and message size limits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cathode::{BrowserWindow, Error, IpcEvent};
use serde_json::{json, Value};

use crate::common::{
    log_line, run_js as run, script_page, shared_app, within_for, Seen, TestApp, PAGE_HELPERS,
};

/// A window whose page has the ipcRenderer at hand as `ipc`, and the common page helpers.
async fn window_with_helpers(test: &TestApp, name: &str) -> BrowserWindow {
    let window = test.window().await;
    window
        .load_file(script_page(
            name,
            &format!("const ipc = require('electron').ipcRenderer;{PAGE_HELPERS}"),
        ))
        .await
        .expect("page loads");
    window
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_sync_returns_what_main_answers_or_throws_what_went_wrong() {
    let test = TestApp::start_with(shared_app().sync_timeout(Duration::from_secs(2))).await;
    let ipc = test.app.ipc_main();
    ipc.on("length", |event, text: String| {
        event.set_return_value(text.chars().count())
    });
    ipc.on_sync("divide", |_event, (a, b): (i64, i64)| {
        a.checked_div(b).ok_or("division by zero")
    });
    ipc.on_sync("echo", |_event, args: Value| Ok::<_, String>(args));
    ipc.on("panics", |_event, ()| -> () { panic!("sync handler bug") });
    ipc.on("forgets", |_event, ()| {});
    let kept: Arc<std::sync::Mutex<Vec<IpcEvent>>> = Arc::default();
    let keeper = kept.clone();
    ipc.on("never-answers", move |event, ()| {
        keeper.lock().unwrap().push(event)
    });
    let window = window_with_helpers(&test, "sync.html").await;

    let answers = run(
        &window,
        r#"[
            attempt(() => ipc.sendSync('length', 'é漢🙂')),
            attempt(() => ipc.sendSync('divide', 7, 2)),
            attempt(() => ipc.sendSync('divide', 1, 0)),
            attempt(() => ipc.sendSync('echo', {a: [1, null, 'x']}, 2)),
            attempt(() => ipc.sendSync('panics')),
            attempt(() => ipc.sendSync('nobody-listens')),
            attempt(() => ipc.sendSync('forgets')),
            attempt(() => ipc.sendSync('never-answers')),
        ]"#,
    )
    .await;
    assert_eq!(answers[0], json!({"ok": 3}));
    assert_eq!(answers[1], json!({"ok": 3}));
    assert_eq!(answers[2], json!({"error": "Error: division by zero"}));
    assert_eq!(answers[3], json!({"ok": [{"a": [1, null, "x"]}, 2]}));
    assert!(
        answers[4]["error"]
            .as_str()
            .unwrap()
            .contains("sync handler bug"),
        "{answers}"
    );
    assert_eq!(
        answers[5],
        json!({"error": "Error: No listener for sync channel 'nobody-listens' in the main process"})
    );
    assert_eq!(
        answers[6],
        json!({"error": "Error: no listener of sync channel 'forgets' set a return value"})
    );
    assert!(
        answers[7]["error"].as_str().unwrap().contains("within 2s"),
        "{answers}"
    );
    log_line(&["sendSync timed out", "channel=\"never-answers\""]).await;
    // A value set after the page gave up goes nowhere and breaks nothing.
    kept.lock().unwrap()[0].set_return_value(1).unwrap();
    assert_eq!(run(&window, "ipc.sendSync('length', 'ab')").await, json!(2));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_sync_under_a_policy_that_forbids_its_request_says_what_to_allow() {
    let test = TestApp::start().await;
    test.app.ipc_main().on("length", |event, text: String| {
        event.set_return_value(text.len())
    });
    let window = test.window().await;
    // The policy of Electron's quick start, set once the page's runtime is there.
    let page = script_page(
        "sync-under-policy.html",
        &format!(
            "const ipc = require('electron').ipcRenderer;{PAGE_HELPERS}\
             const policy = document.createElement('meta');\
             policy.httpEquiv = 'Content-Security-Policy';\
             policy.content = \"default-src 'self'; script-src 'self' 'unsafe-inline'\";\
             document.head.append(policy);"
        ),
    );
    window.load_file(page).await.expect("page loads");
    let answer = run(&window, "attempt(() => ipc.sendSync('length', 'abc'))").await;
    let error = answer["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("connect-src must allow https://cathode.invalid"),
        "{answer}"
    );
    // Asynchronous IPC is not a request: the policy does not touch it.
    test.app
        .ipc_main()
        .handle(
            "twice",
            |_event, n: i64| async move { Ok::<_, String>(n * 2) },
        )
        .unwrap();
    assert_eq!(run(&window, "ipc.invoke('twice', 21)").await, json!(42));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_request_is_answered_only_for_the_window_that_sent_it() {
    let test = TestApp::start().await;
    test.app.ipc_main().on("who-am-i", |event, ()| {
        event.set_return_value(event.window_id())
    });
    let first = window_with_helpers(&test, "sync-first.html").await;
    let second = window_with_helpers(&test, "sync-second.html").await;
    assert_eq!(
        run(&first, "ipc.sendSync('who-am-i')").await,
        json!(first.id())
    );
    assert_eq!(
        run(&second, "ipc.sendSync('who-am-i')").await,
        json!(second.id())
    );
    // The second page learns the reserved URL from its own traffic and forges a raw request to
    // it: its own session pauses it, so it is answered as the second window, and only to it.
    let forged = run(
        &second,
        r#"(() => {
            const url = performance.getEntriesByType('resource')
                .map((entry) => entry.name).find((name) => name.includes('cathode.invalid'));
            const request = new XMLHttpRequest();
            request.open('POST', url, false);
            request.send(JSON.stringify({v: 1, kind: 'sync', channel: 'who-am-i', args: []}));
            return [url, JSON.parse(request.responseText)];
        })()"#,
    )
    .await;
    assert!(
        forged[0]
            .as_str()
            .unwrap()
            .starts_with("https://cathode.invalid/sync/"),
        "{forged}"
    );
    assert_eq!(forged[1], json!({"ok": second.id()}));
    // A request to the reserved place that is not this app's URL is not answered by anyone.
    let guessed = run(
        &second,
        r#"(() => {
            const request = new XMLHttpRequest();
            request.open('POST', 'https://cathode.invalid/sync/guessed', false);
            try { request.send('{}'); return request.responseText } catch (e) { return e.name }
        })()"#,
    )
    .await;
    assert_eq!(guessed, json!("NetworkError"));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_handler_that_talks_to_its_page_does_not_deadlock() {
    let test = TestApp::start_with(shared_app().sync_timeout(Duration::from_secs(2))).await;
    let mut evaluated = Seen::new();
    let tx = evaluated.sender();
    test.app.ipc_main().on("talks-back", move |event, ()| {
        // Messages and evaluations wait until the page is answered, and then go through.
        event
            .sender()
            .send("note", ("sent while blocked",))
            .unwrap();
        let contents = event.sender().clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            tx.send(contents.execute_javascript("window.noted").await)
                .unwrap();
        });
        event.set_return_value("answered").unwrap();
    });
    let tx = evaluated.sender();
    test.app.ipc_main().on("waits-for-page", move |event, ()| {
        // The shape that deadlocks Electron: the answer needs the blocked page.
        let tx = tx.clone();
        tokio::spawn(async move {
            let value = event.sender().execute_javascript("41 + 1").await;
            let _ = event.set_return_value(value.as_ref().ok());
            tx.send(value).unwrap();
        });
    });
    let window = window_with_helpers(&test, "deadlock.html").await;
    run(
        &window,
        "window.noted = []; ipc.on('note', (event, text) => window.noted.push(text)); 0",
    )
    .await;
    assert_eq!(
        run(&window, "ipc.sendSync('talks-back')").await,
        json!("answered")
    );
    assert_eq!(
        evaluated.next().await.unwrap(),
        json!(["sent while blocked"])
    );
    let answer = run(&window, "attempt(() => ipc.sendSync('waits-for-page'))").await;
    assert!(
        answer["error"].as_str().unwrap().contains("within 2s"),
        "{answer}"
    );
    assert_eq!(evaluated.next().await.unwrap(), json!(42));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invoke_resolves_with_the_handler_result_or_rejects_with_electrons_message() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.handle("sum", |_event, numbers: Vec<i64>| async move {
        tokio::time::sleep(Duration::from_millis(5)).await;
        Ok::<_, String>(numbers.iter().sum::<i64>())
    })
    .unwrap();
    ipc.handle("fails", |_event, ()| async { Err::<(), _>("no can do") })
        .unwrap();
    ipc.handle("panics", |_event, ()| async {
        if true {
            panic!("invoke handler bug");
        }
        Ok::<(), String>(())
    })
    .unwrap();
    ipc.handle_once("once", |event: IpcEvent, ()| async move {
        Ok::<_, String>(event.window_id())
    })
    .unwrap();
    let second = ipc.handle("sum", |_event, ()| async { Ok::<_, String>(0) });
    assert!(
        matches!(&second, Err(Error::HandlerExists { channel }) if channel == "sum"),
        "{second:?}"
    );
    let window = window_with_helpers(&test, "invoke.html").await;
    let answers = run(
        &window,
        r#"Promise.all([
            attemptAsync(() => ipc.invoke('sum', [1, 2, 3])),
            attemptAsync(() => ipc.invoke('fails')),
            attemptAsync(() => ipc.invoke('panics')),
            attemptAsync(() => ipc.invoke('unhandled')),
            attemptAsync(() => ipc.invoke('sum', 'not numbers')),
            attemptAsync(() => ipc.invoke('once')),
        ]).then(async (all) => [...all, await attemptAsync(() => ipc.invoke('once'))])"#,
    )
    .await;
    assert_eq!(answers[0], json!({"ok": 6}));
    assert_eq!(
        answers[1],
        json!({"error": "Error: Error invoking remote method 'fails': no can do"})
    );
    assert!(
        answers[2]["error"].as_str().unwrap().starts_with(
            "Error: Error invoking remote method 'panics': the handler panicked: invoke handler bug"
        ),
        "{answers}"
    );
    assert_eq!(
        answers[3],
        json!({"error": "Error: Error invoking remote method 'unhandled': No handler registered for 'unhandled'"})
    );
    assert!(
        answers[4]["error"]
            .as_str()
            .unwrap()
            .contains("do not match the handler's type"),
        "{answers}"
    );
    assert_eq!(answers[5], json!({"ok": window.id()}));
    assert!(answers[6]["error"]
        .as_str()
        .unwrap()
        .contains("No handler registered for 'once'"));

    assert!(ipc.remove_handler("sum"));
    assert!(!ipc.remove_handler("sum"));
    let removed = run(&window, "attemptAsync(() => ipc.invoke('sum', [1]))").await;
    assert!(removed["error"]
        .as_str()
        .unwrap()
        .contains("No handler registered for 'sum'"));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_invokes_in_flight_each_get_their_own_answer() {
    let test = TestApp::start().await;
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most_in_flight = Arc::new(AtomicUsize::new(0));
    let (now, most) = (in_flight.clone(), most_in_flight.clone());
    test.app
        .ipc_main()
        .handle("square", move |_event, n: u64| {
            let (now, most) = (now.clone(), most.clone());
            async move {
                let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(current, Ordering::SeqCst);
                // Answer in a scrambled order, so that matching by id is what keeps them apart.
                tokio::time::sleep(Duration::from_millis((n * 7919) % 50)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                Ok::<_, String>(n * n)
            }
        })
        .unwrap();
    let window = window_with_helpers(&test, "many-invokes.html").await;
    let wrong = run(
        &window,
        r#"(async () => {
            const answers = await Promise.all(Array.from({length: 1000}, (_, n) => ipc.invoke('square', n)));
            return answers.map((answer, n) => answer === n * n ? null : [n, answer]).filter(Boolean);
        })()"#,
    )
    .await;
    assert_eq!(wrong, json!([]));
    assert!(
        most_in_flight.load(Ordering::SeqCst) > 100,
        "only {} invokes were in flight at once",
        most_in_flight.load(Ordering::SeqCst)
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_arrive_in_order_both_ways() {
    const COUNT: u64 = 10_000;
    let test = TestApp::start().await;
    let received = Arc::new(std::sync::Mutex::new(Vec::with_capacity(COUNT as usize)));
    let mut done = Seen::new();
    let (sink, tx) = (received.clone(), done.sender());
    test.app.ipc_main().on("numbered", move |_event, n: u64| {
        let mut all = sink.lock().unwrap();
        all.push(n);
        if all.len() as u64 == COUNT {
            tx.send(()).unwrap();
        }
    });
    let window = window_with_helpers(&test, "ordered.html").await;
    run(
        &window,
        r#"window.fromMain = []; ipc.on('numbered', (event, n) => window.fromMain.push(n));
           for (let n = 0; n < 10000; n++) ipc.send('numbered', n); 0"#,
    )
    .await;
    let contents = window.web_contents();
    for n in 0..COUNT {
        contents.send("numbered", (n,)).unwrap();
    }
    done.next().await;
    let in_order: Vec<u64> = (0..COUNT).collect();
    assert!(
        *received.lock().unwrap() == in_order,
        "page -> main out of order"
    );
    // The evaluation is queued behind the messages, so all of them are in by then.
    let from_main = run(
        &window,
        "[window.fromMain.length, window.fromMain.every((n, i) => n === i)]",
    )
    .await;
    assert_eq!(from_main, json!([COUNT, true]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_goes_to_the_page_that_sent() {
    let test = TestApp::start().await;
    test.app.ipc_main().on("hello", |event, name: String| {
        event.reply("hello-back", (format!("hi {name}"),))
    });
    let first = window_with_helpers(&test, "reply-first.html").await;
    let second = window_with_helpers(&test, "reply-second.html").await;
    let setup = "window.got = []; ipc.on('hello-back', (event, text) => window.got.push(text)); 0";
    run(&first, setup).await;
    run(&second, setup).await;
    run(&first, "ipc.send('hello', 'first'); 0").await;
    run(
        &second,
        "ipc.send('hello', 'second'); ipc.send('hello', 'again'); 0",
    )
    .await;
    // Waits (within the test's limit) until the page has `n` replies, then reports them all.
    let replies = |n: usize| {
        format!(
            "new Promise((r) => {{ const check = () => window.got.length >= {n} ? r(window.got) \
             : setTimeout(check, 10); check(); }})"
        )
    };
    assert_eq!(
        run(&second, &replies(2)).await,
        json!(["hi second", "hi again"])
    );
    assert_eq!(run(&first, &replies(1)).await, json!(["hi first"]));
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_over_the_size_limit_are_refused_to_their_sender_only() {
    const LIMIT: usize = 1024 * 1024;
    let test = TestApp::start_with(shared_app().max_message_size(LIMIT)).await;
    let ipc = test.app.ipc_main();
    let mut sizes = Seen::new();
    let tx = sizes.sender();
    ipc.on("big", move |_event, text: String| {
        tx.send(text.len()).unwrap()
    });
    ipc.on_sync("echo-sync", |_event, text: String| Ok::<_, String>(text));
    ipc.on_sync("huge-answer", |_event, ()| {
        Ok::<_, String>("y".repeat(LIMIT + 1))
    });
    ipc.handle("echo-invoke", |_event, text: String| async move {
        Ok::<_, String>(text)
    })
    .unwrap();
    ipc.handle("huge-result", |_event, ()| async {
        Ok::<_, String>("z".repeat(LIMIT + 1))
    })
    .unwrap();
    let window = window_with_helpers(&test, "limits.html").await;
    let over = LIMIT + 10;
    let answers = run(
        &window,
        &format!(
            r#"(async () => {{
                const over = 'x'.repeat({over});
                ipc.send('big', over);
                ipc.send('big', 'small');
                return [
                    attempt(() => ipc.sendSync('echo-sync', over)),
                    attempt(() => ipc.sendSync('echo-sync', 'fine')),
                    attempt(() => ipc.sendSync('huge-answer')),
                    await attemptAsync(() => ipc.invoke('echo-invoke', over)),
                    await attemptAsync(() => ipc.invoke('echo-invoke', 'fine')),
                    await attemptAsync(() => ipc.invoke('huge-result')),
                ];
            }})()"#
        ),
    )
    .await;
    assert_eq!(sizes.next().await, 5, "only the small message got through");
    log_line(&[
        "refused an IPC message over the size limit",
        "channel=\"big\"",
        &format!("window_id={}", window.id()),
    ])
    .await;
    assert!(
        answers[0]["error"]
            .as_str()
            .unwrap()
            .contains("over the 1048576-byte limit"),
        "{answers}"
    );
    assert_eq!(answers[1], json!({"ok": "fine"}));
    assert!(
        answers[2]["error"]
            .as_str()
            .unwrap()
            .contains("return value of sync channel 'huge-answer'"),
        "{answers}"
    );
    assert!(
        answers[3]["error"]
            .as_str()
            .unwrap()
            .contains("over the 1048576-byte limit"),
        "{answers}"
    );
    assert_eq!(answers[4], json!({"ok": "fine"}));
    assert!(
        answers[5]["error"]
            .as_str()
            .unwrap()
            .starts_with("Error: Error invoking remote method 'huge-result'"),
        "{answers}"
    );
    let too_big = window.web_contents().send("big", ("w".repeat(over),));
    assert!(
        matches!(too_big, Err(Error::MessageTooLarge { limit: LIMIT, .. })),
        "{too_big:?}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_mebibyte_payload_round_trips_on_every_path() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.on("payload", |event, text: String| {
        event.reply("payload-back", (text,))
    });
    ipc.on_sync("payload-sync", |_event, text: String| Ok::<_, String>(text));
    ipc.handle("payload-invoke", |_event, text: String| async move {
        Ok::<_, String>(text)
    })
    .unwrap();
    let window = window_with_helpers(&test, "payload.html").await;
    let length = run(
        &window,
        "window.payload = 'é漢🙂'.repeat(1024 * 1024 * 10 / 9) + 'end'; payload.length",
    )
    .await;
    assert!(length.as_u64().unwrap() > 4_600_000, "{length}");
    // Each path moves 10 MiB each way, at some 25 MB/s in a release build and far less in a
    // debug build on a busy machine: each gets a limit of its own, sized for the worst.
    let limit = Duration::from_secs(120);
    for path in [
        "new Promise((resolve) => { ipc.once('payload-back', (event, text) => resolve(text === payload)); ipc.send('payload', payload) })",
        "ipc.sendSync('payload-sync', payload) === payload",
        "ipc.invoke('payload-invoke', payload).then((text) => text === payload)",
    ] {
        let same = within_for(limit, window.web_contents().execute_javascript(path))
            .await
            .expect("the page code runs");
        assert_eq!(same, json!(true), "{path}");
    }
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_main_cannot_read_are_refused_to_invoke_and_send_sync_with_their_cause() {
    let test = TestApp::start().await;
    let ipc = test.app.ipc_main();
    ipc.handle("echo", |_event, value: Value| async move {
        Ok::<_, String>(value)
    })
    .unwrap();
    ipc.on_sync("echo", |_event, value: Value| Ok::<_, String>(value));
    let mut sent = Seen::new();
    let tx = sent.sender();
    ipc.on("unreadable-send", move |_event, value: Value| {
        tx.send(value).unwrap()
    });
    let window = window_with_helpers(&test, "unreadable.html").await;
    let answers = run(
        &window,
        r#"(async () => {
            const deep = (n) => { let v = 0; for (let i = 0; i < n; i++) v = [v]; return v; };
            const values = ['\ud800', 'a\udc00b', deep(129)];
            const out = [];
            for (const value of values) {
                out.push(await attemptAsync(() => ipc.invoke('echo', value)));
                out.push(attempt(() => ipc.sendSync('echo', value)));
            }
            out.push(await attemptAsync(() => ipc.invoke('echo', deep(100)).then(() => 'deep 100 is fine')));
            for (const value of values) ipc.send('unreadable-send', value);
            ipc.send('unreadable-send', 'after');
            return out;
        })()"#,
    )
    .await;
    let answers = answers.as_array().unwrap();
    for (index, cause) in [
        "lone UTF-16 surrogate",
        "lone UTF-16 surrogate",
        "nested more than 128 levels",
    ]
    .iter()
    .enumerate()
    {
        for answer in &answers[index * 2..index * 2 + 2] {
            let error = answer["error"].as_str().unwrap_or_default();
            assert!(error.contains(cause), "{cause}: {answer}");
        }
        assert!(
            answers[index * 2]["error"]
                .as_str()
                .unwrap()
                .starts_with("Error: Error invoking remote method 'echo'"),
            "{answers:?}"
        );
    }
    assert_eq!(answers[6], json!({"ok": "deep 100 is fine"}));
    // The unreadable messages are refused and logged with their channel; the next one arrives.
    assert_eq!(sent.next().await, json!("after"));
    log_line(&[
        "refused a malformed IPC message",
        "channel=\"unreadable-send\"",
    ])
    .await;
    test.exit().await;
}
