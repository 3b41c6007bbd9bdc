//! Timers, promises, exit codes and errors, all driven by the host's one event loop.

mod support;

use std::time::Duration;

use cathode_js::Error;
use support::{captured, run_app, stdout_of, AppDir};

#[tokio::test]
async fn microtasks_run_before_immediates_and_timers() {
    let out = stdout_of(
        "setTimeout(() => console.log('timeout'), 0);\n\
         setImmediate(() => console.log('immediate'));\n\
         Promise.resolve().then(() => console.log('promise'));\n\
         queueMicrotask(() => console.log('microtask'));\n\
         process.nextTick(() => console.log('tick'));\n\
         console.log('sync');",
    )
    .await;
    let lines: Vec<&str> = out.lines().collect();
    // Node: synchronous code, then nextTick, then promise jobs in order; immediates and timers
    // after (their relative order from the main module is not fixed in Node either).
    assert_eq!(&lines[..4], ["sync", "tick", "promise", "microtask"]);
    let mut rest = lines[4..].to_vec();
    rest.sort_unstable();
    assert_eq!(rest, ["immediate", "timeout"]);
}

#[tokio::test]
async fn microtasks_queued_by_a_timer_run_before_the_next_timer() {
    let out = stdout_of(
        "setTimeout(() => { console.log('t1'); Promise.resolve().then(() => console.log('p1')); process.nextTick(() => console.log('n1')) }, 50);\n\
         setTimeout(() => console.log('t2'), 50);\n\
         setImmediate(() => { setImmediate(() => console.log('i2')); console.log('i1'); });",
    )
    .await;
    assert_eq!(out, "i1\ni2\nt1\nn1\np1\nt2\n");
}

#[tokio::test]
async fn timers_fire_in_order_of_their_delay() {
    let out = stdout_of(
        "setTimeout(() => console.log(30), 30); setTimeout(() => console.log(10), 10);\n\
         setTimeout((a, b) => console.log(a + b), 20, 'twen', 'ty');\n\
         const cancelled = setTimeout(() => console.log('cancelled'), 15); clearTimeout(cancelled);",
    )
    .await;
    assert_eq!(out, "10\ntwenty\n30\n");
}

#[tokio::test]
async fn set_interval_repeats_until_cleared() {
    let out = stdout_of(
        "let n = 0;\n\
         const id = setInterval(() => { n++; console.log('tick', n); if (n === 3) clearInterval(id); }, 5);",
    )
    .await;
    assert_eq!(out, "tick 1\ntick 2\ntick 3\n");
}

#[tokio::test]
async fn an_unref_timer_does_not_keep_the_loop_alive() {
    let out =
        stdout_of("setTimeout(() => console.log('never'), 10000).unref();\nconsole.log('done');")
            .await;
    assert_eq!(out, "done\n");
}

#[tokio::test]
async fn async_functions_and_awaited_timers_complete() {
    let out = stdout_of(
        "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n\
         (async () => { console.log('a'); await sleep(5); console.log('b'); return 'c' })().then(console.log);",
    )
    .await;
    assert_eq!(out, "a\nb\nc\n");
}

#[tokio::test]
async fn process_exit_ends_the_run_with_its_code_and_nothing_after_it_runs() {
    let (result, output) = run_app(&[(
        "main.js",
        "process.on('exit', (code) => console.log('exit event', code));\n\
         setTimeout(() => console.log('never'), 0);\n\
         try { process.exit(3) } catch (e) { console.log('caught') } finally { console.log('finally') }\n\
         console.log('after');",
    )])
    .await;
    assert_eq!(result.unwrap(), 3);
    assert_eq!(output.stdout(), "exit event 3\n");
}

#[tokio::test]
async fn process_exit_from_a_timer_and_exit_code_at_the_natural_end() {
    let (result, _) = run_app(&[(
        "main.js",
        "setTimeout(() => process.exit(7), 5); setInterval(() => {}, 1000);",
    )])
    .await;
    assert_eq!(result.unwrap(), 7);
    let (result, output) = run_app(&[(
        "main.js",
        "process.exitCode = 4; process.on('exit', (c) => console.log('exiting with', c));",
    )])
    .await;
    assert_eq!(result.unwrap(), 4);
    assert_eq!(output.stdout(), "exiting with 4\n");
}

#[tokio::test]
async fn an_uncaught_error_at_load_carries_message_and_file_line() {
    let (result, _) = run_app(&[
        ("main.js", "require('./lib');"),
        (
            "lib.js",
            "\n\nfunction explode() {\n  throw new TypeError('bad thing');\n}\nexplode();",
        ),
    ])
    .await;
    match result {
        Err(Error::Uncaught { message, stack }) => {
            assert_eq!(message, "TypeError: bad thing");
            assert!(stack.contains("lib.js:4"), "stack: {stack}");
            assert!(stack.contains("main.js:1"), "stack: {stack}");
            assert!(!stack.contains("cathode:"), "loader frames shown: {stack}");
        }
        other => panic!("expected an uncaught error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_syntax_error_names_the_file_and_line() {
    let (result, _) = run_app(&[
        ("main.js", "require('./broken.js');"),
        ("broken.js", "const ok = 1;\n\nconst = 2;\n"),
    ])
    .await;
    match result {
        Err(Error::Uncaught { message, stack }) => {
            assert!(message.starts_with("SyntaxError"), "message: {message}");
            assert!(stack.contains("broken.js:3"), "stack: {stack}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_inside_a_timer_is_printed_and_later_timers_still_run() {
    let (result, output) = run_app(&[(
        "main.js",
        "setTimeout(function failing() { throw new Error('timer broke') }, 1);\n\
         setTimeout(() => console.log('still running'), 20);",
    )])
    .await;
    assert_eq!(result.unwrap(), 0);
    assert_eq!(output.stdout(), "still running\n");
    let err = output.stderr();
    assert!(
        err.starts_with("Uncaught Error: timer broke\n"),
        "stderr: {err}"
    );
    assert!(
        err.contains("at failing") && err.contains("main.js:1"),
        "stderr: {err}"
    );
}

#[tokio::test]
async fn an_unhandled_rejection_is_printed_and_the_loop_goes_on() {
    let (result, output) = run_app(&[(
        "main.js",
        "Promise.reject(new Error('nobody listens'));\n\
         const handledLate = Promise.reject(new Error('handled'));\n\
         handledLate.catch(() => console.log('caught in time'));\n\
         setTimeout(() => console.log('later'), 5);",
    )])
    .await;
    assert_eq!(result.unwrap(), 0);
    assert_eq!(output.stdout(), "caught in time\nlater\n");
    let err = output.stderr();
    assert!(
        err.starts_with("Unhandled promise rejection: Error: nobody listens"),
        "stderr: {err}"
    );
    assert!(!err.contains("handled\n"), "stderr: {err}");
}

#[tokio::test]
async fn uncaught_exception_listeners_receive_errors_instead_of_the_console() {
    let (result, output) = run_app(&[(
        "main.js",
        "process.on('uncaughtException', (e) => console.log('handler got', e.message));\n\
         process.on('unhandledRejection', (r) => console.log('rejection', r));\n\
         setTimeout(() => { throw new Error('oops') }, 1);\n\
         Promise.reject('why');",
    )])
    .await;
    assert_eq!(result.unwrap(), 0);
    assert_eq!(output.stdout(), "rejection why\nhandler got oops\n");
    assert_eq!(output.stderr(), "");
}

#[tokio::test]
async fn a_job_posted_from_another_thread_runs_in_javascript() {
    let dir = AppDir::new(&[(
        "main.js",
        "globalThis.received = (text) => { console.log('got', text); Promise.resolve().then(() => console.log('then')) };",
    )]);
    let (builder, output) = captured(&dir);
    let host = builder.build().unwrap();
    let handle = host.handle();
    let keep = handle.keep_alive();
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        handle
            .post(|ctx| {
                let received: rquickjs::Function = ctx.globals().get("received")?;
                received.call::<_, ()>(("from a thread",))
            })
            .unwrap();
        // The guard goes with the thread's last act: the loop may end after the job.
        drop(keep);
    });
    let code = host.run("main.js").await.unwrap();
    thread.join().unwrap();
    assert_eq!(code, 0);
    assert_eq!(output.stdout(), "got from a thread\nthen\n");
}

#[tokio::test]
async fn a_tokio_task_beside_the_loop_posts_work_and_quits() {
    let dir = AppDir::new(&[(
        "main.js",
        "setInterval(() => {}, 1); globalThis.report = () => console.log('posted work ran');",
    )]);
    let (builder, output) = captured(&dir);
    let host = builder.build().unwrap();
    let handle = host.handle();
    let task = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(30)).await;
        handle.post(|ctx| ctx.eval::<(), _>("report()")).unwrap();
        handle.exit(5);
    });
    let code = host.run("main.js").await.unwrap();
    task.await.unwrap();
    assert_eq!(code, 5);
    assert_eq!(output.stdout(), "posted work ran\n");
}

#[tokio::test]
async fn a_keep_alive_holds_the_loop_open_until_released() {
    let dir = AppDir::new(&[("main.js", "process.on('exit', () => console.log('exit'));")]);
    let (builder, output) = captured(&dir);
    let host = builder.build().unwrap();
    let handle = host.handle();
    let guard = handle.keep_alive();
    let started = tokio::time::Instant::now();
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(guard);
    });
    let code = host.run("main.js").await.unwrap();
    release.await.unwrap();
    assert_eq!(code, 0);
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(output.stdout(), "exit\n");
}

#[tokio::test]
async fn without_a_keep_alive_an_idle_script_ends_and_posting_then_fails() {
    let dir = AppDir::new(&[("main.js", "")]);
    let (builder, _) = captured(&dir);
    let host = builder.build().unwrap();
    let handle = host.handle();
    assert_eq!(host.run("main.js").await.unwrap(), 0);
    assert!(handle.is_stopped());
    assert!(matches!(handle.post(|_| Ok(())), Err(Error::Stopped)));
}

#[tokio::test]
async fn quit_ends_a_loop_that_a_keep_alive_holds() {
    let dir = AppDir::new(&[("main.js", "setInterval(() => {}, 5);")]);
    let (builder, _) = captured(&dir);
    let host = builder.build().unwrap();
    let handle = host.handle();
    let _guard = handle.keep_alive();
    let quitter = handle.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        quitter.quit();
    });
    assert_eq!(host.run("main.js").await.unwrap(), 0);
}

#[tokio::test]
async fn before_exit_may_schedule_more_work() {
    let out = stdout_of(
        "let rounds = 0;\n\
         process.on('beforeExit', () => { if (rounds++ < 2) setTimeout(() => console.log('round', rounds), 1) });",
    )
    .await;
    assert_eq!(out, "round 1\nround 2\n");
}
