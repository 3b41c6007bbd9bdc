//! The `cathode` command runs Electron-style apps: the example apps, and the ways an app can go
//! wrong. Every app runs headless against real Chromium.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_exit, cathode, finish, text, RUN_LIMIT};

fn example(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/apps");
    root.join(name).to_string_lossy().into_owned()
}

/// Writes an app (package.json, main script, files) into a fresh folder.
fn app(name: &str, main: &str, files: &[(&str, &str)]) -> PathBuf {
    // Under target/, where cargo keeps test scratch files, rather than in /tmp.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-apps")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("package.json"),
        format!(r#"{{"name": "{name}", "version": "1.2.3", "main": "main.js"}}"#),
    )
    .unwrap();
    std::fs::write(dir.join("main.js"), main).unwrap();
    for (file, content) in files {
        std::fs::write(dir.join(file), content).unwrap();
    }
    dir
}

/// The main script printed no unhandled promise rejection.
fn assert_no_unhandled_rejection(stderr: &str) {
    assert!(
        !stderr.contains("Unhandled promise rejection"),
        "the main script left a rejection unhandled:\n{stderr}"
    );
}

#[test]
fn the_async_ipc_example_talks_both_ways_and_quits() {
    let output = cathode(&["run", "--headless", &example("async-ipc")], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let mut lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.pop(), Some("both exchanges done"), "{stdout}");
    lines.sort();
    assert_eq!(
        lines,
        [
            "main -> page: greeting",
            "main <- page: ping from the page",
            "main <- page: thanks for \"hello page\" and 42",
            "main <- page: the page got \"pong for ping from the page\"",
        ]
    );
    assert!(text(&output.stderr).contains("security warning"));
    assert_no_unhandled_rejection(&text(&output.stderr));
}

#[test]
fn the_sync_ipc_example_gets_answers_errors_and_invoke_results() {
    let output = cathode(&["--headless", &example("sync-ipc")], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "main: add(2, 3)",
            "main: multiply(6, 7)",
            "page: 2 + 3 = 5",
            "page: broken threw: this listener is broken",
            "page: 6 * 7 = 42",
        ]
    );
    let stderr = text(&output.stderr);
    assert_no_unhandled_rejection(&stderr);
    assert!(
        stderr.contains("Error in an ipcMain listener of 'broken': Error: this listener is broken"),
        "{stderr}"
    );
    assert!(
        stderr.contains("sync-ipc/main.js:11"),
        "the listener's stack is printed: {stderr}"
    );
}

/// The page's IPC can reach main before the browser reports that the page has loaded; an app
/// that quits on it closes its window while `loadFile` still waits. The sync-ipc example did so in
/// about a third of its runs. Here the page asks main to quit from a `sendSync` in its inline
/// script, which blocks the page's parser: the load can never finish first.
#[test]
fn quitting_while_the_page_loads_leaves_no_unhandled_rejection() {
    let dir = app(
        "quit-while-loading",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.on('quit-now', () => app.quit());
        app.on('quit', () => console.log('quit'));
        app.on('ready', () => {
            new BrowserWindow().loadFile('page.html');
        });
        "#,
        &[(
            "page.html",
            "<script>require('electron').ipcRenderer.sendSync('quit-now')</script>",
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(text(&output.stdout).lines().collect::<Vec<_>>(), ["quit"]);
    assert_no_unhandled_rejection(&text(&output.stderr));
}

#[test]
fn the_remote_example_opens_a_window_and_quits_through_remote() {
    let dir = example("remote");
    let output = cathode(&["--headless", "."], Some(Path::new(&dir)));
    assert_exit(&output, 0);
    assert_no_unhandled_rejection(&text(&output.stderr));
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "main: window 1 created",
            "main: window 2 created",
            "page: opened \"second window\" as window 2",
            "page: 2 windows, app remote-demo",
            "main: quitting with 0 windows open",
        ]
    );
}

#[test]
fn the_main_process_runtime_behaves_like_node() {
    let dir = app(
        "runtime",
        r#"
        const path = require('path');
        const { app } = require('electron');
        const helper = require('./lib/helper');
        console.log('a', 1, { b: 2 }, [1, 'x']);
        console.log(helper.twice(21), require('./data.json').answer);
        console.log(path.basename(__filename), path.basename(__dirname) === path.basename(app.getAppPath()));
        console.log(app.getName(), app.getVersion(), process.platform, process.argv.length >= 2);
        try { require('http').get('http://localhost/') } catch (error) { console.log(error.message) }
        setTimeout(() => console.log('timeout'), 5);
        setImmediate(() => console.log('immediate'));
        Promise.resolve().then(() => console.log('microtask'));
        app.whenReady().then(() => {
            console.log('ready', app.isReady());
            setTimeout(() => app.exit(3), 20);
        });
        "#,
        &[("data.json", r#"{"answer": 42}"#)],
    );
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join("lib/helper.js"), "exports.twice = (n) => n * 2;").unwrap();
    let output = cathode(&["run", "--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 3);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "a 1 { b: 2 } [ 1, 'x' ]");
    assert_eq!(lines[1], "42 42");
    assert_eq!(lines[2], "main.js true");
    assert_eq!(
        lines[3],
        format!("runtime 1.2.3 {} true", std::env::consts::OS)
    );
    assert_eq!(
        lines[4],
        "module 'http' is not available in the cathode main process"
    );
    assert_eq!(lines[5], "microtask");
    assert!(lines.contains(&"ready true"), "{stdout}");
    assert!(
        lines.contains(&"timeout") && lines.contains(&"immediate"),
        "{stdout}"
    );
}

/// Electron's single-instance idiom: the second instance hands its command line, directory and
/// data to the first (`second-instance`) and quits before it is ready, exit 0; a dead first
/// instance leaves the lock free.
#[test]
fn a_second_instance_does_not_get_the_lock_tells_the_first_and_quits_before_ready() {
    use std::io::{BufRead, BufReader};
    // The lock goes in a private temporary directory of this test's, removed at the end.
    let temp = private_temp_dir("lock");
    let in_temp = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
        command
            .args(args)
            .env("TMPDIR", &temp)
            .env_remove("XDG_RUNTIME_DIR");
        command
    };
    let dir = app(
        "single-instance",
        r#"
        const { app } = require('electron');
        const first = app.requestSingleInstanceLock({ asked: process.argv.at(-1) });
        console.log('lock', first, app.hasSingleInstanceLock());
        app.on('second-instance', (event, argv, workingDirectory, data) => {
          console.log('second-instance', argv.slice(-2).join(' '), workingDirectory, JSON.stringify(data));
        });
        app.on('ready', () => console.log('ready'));
        app.on('before-quit', () => console.log('before-quit'));
        app.on('quit', (event, code) => console.log('quit', code));
        if (!first) app.quit();
        else if (process.argv.includes('once')) app.whenReady().then(() => app.quit());
        "#,
        &[],
    );
    let dir = dir.to_str().unwrap();
    let mut first = in_temp(&["--headless", dir])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cathode runs");
    let mut first_out = BufReader::new(first.stdout.take().unwrap());
    let mut line = String::new();
    first_out.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "lock true true");

    let mut second = in_temp(&["--headless", dir, "--", "open", "notes.txt"]);
    second.current_dir(&temp);
    let second = finish(second);
    assert_exit(&second, 0);
    assert_eq!(
        text(&second.stdout).lines().collect::<Vec<_>>(),
        ["lock false false", "before-quit", "quit 0"]
    );
    // The first instance heard of it before the second's lock request returned.
    let mut heard = String::new();
    while !heard.starts_with("second-instance") {
        heard.clear();
        assert!(
            first_out.read_line(&mut heard).unwrap() > 0,
            "the first instance ended"
        );
    }
    assert_eq!(
        heard.trim(),
        format!(
            "second-instance open notes.txt {} {{\"asked\":\"notes.txt\"}}",
            temp.display()
        )
    );

    let sent = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(first.wait().unwrap().code(), Some(143));
    let third = finish(in_temp(&["--headless", dir, "--", "once"]));
    assert_exit(&third, 0);
    assert_eq!(
        text(&third.stdout).lines().collect::<Vec<_>>(),
        ["lock true true", "ready", "before-quit", "quit 0"]
    );
    std::fs::remove_dir_all(&temp).unwrap();
}

/// A temporary directory of this test's own, `cc-<name>-<pid>`: short, since the browser keeps
/// its socket under its profile there only while the path fits in a socket address.
fn private_temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Waits (with a safety limit) until `dir` is empty; fails with what is left.
fn assert_emptied(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "left in {}: {left:?}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// SIGINT and SIGTERM quit the app as `app.quit()` does, and the browser's profile goes.
#[test]
fn a_signal_quits_the_app_like_app_quit_and_cleans_up() {
    use std::io::{BufRead, BufReader};
    let dir = app(
        "signals",
        r#"
        const { app, BrowserWindow } = require('electron');
        for (const name of ['before-quit', 'will-quit', 'quit']) app.on(name, () => console.log(name));
        app.on('window-all-closed', () => console.log('window-all-closed'));
        app.whenReady().then(async () => {
            const win = new BrowserWindow();
            win.on('close', () => console.log('close'));
            win.on('closed', () => console.log('closed'));
            await win.loadURL('data:text/html,running');
            console.log('running');
        });
        "#,
        &[],
    );
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let temp = private_temp_dir(&format!("sig{signal}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_cathode"))
            .args(["--headless", dir.to_str().unwrap()])
            .env("RUST_LOG", "warn")
            .env("TMPDIR", &temp)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cathode runs");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "running");
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}: {status:?}");
        assert_eq!(
            rest.lines().collect::<Vec<_>>(),
            ["before-quit", "close", "closed", "will-quit", "quit"],
            "SIG{signal}"
        );
        assert_emptied(&temp);
        std::fs::remove_dir(&temp).unwrap();
    }
}

/// A quit from a signal asks each window's `close` of the script, as Electron's does: a listener
/// that prevents it keeps the window and cancels that quit; the script may quit later itself.
#[test]
fn a_signals_quit_may_be_cancelled_by_a_windows_close() {
    use std::io::{BufRead, BufReader};
    let dir = app(
        "signal-close",
        r#"
        const { app, BrowserWindow } = require('electron');
        for (const name of ['before-quit', 'will-quit', 'quit']) app.on(name, () => console.log(name));
        app.whenReady().then(async () => {
            const win = new BrowserWindow();
            let kept = false;
            win.on('close', (event) => {
                if (kept) return console.log('close');
                kept = true;
                event.preventDefault();
                console.log('close prevented');
                setTimeout(() => {
                    console.log(`still open: ${!win.isDestroyed()}`);
                    app.quit();
                }, 0);
            });
            win.on('closed', () => console.log('closed'));
            await win.loadURL('data:text/html,running');
            console.log('running');
        });
        "#,
        &[],
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_cathode"))
        .args(["--headless", dir.to_str().unwrap()])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cathode runs");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "running");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(
        rest.lines().collect::<Vec<_>>(),
        [
            "before-quit",
            "close prevented",
            "still open: true",
            "before-quit",
            "close",
            "closed",
            "will-quit",
            "quit",
        ]
    );
}

#[test]
fn process_exit_ends_the_app_with_its_code() {
    let dir = app(
        "process-exit",
        "require('electron').app.on('ready', () => process.exit(4));",
        &[],
    );
    assert_exit(&cathode(&["--headless", dir.to_str().unwrap()], None), 4);
}

#[test]
fn an_exit_code_that_does_not_fit_is_refused_not_wrapped() {
    let dir = app(
        "exit-range",
        "const { app } = require('electron');
         app.on('ready', () => {
           try { app.exit(2 ** 32 + 1) } catch (e) { console.log(`${e.name}: ${e.message}`) }
           app.exit(5);
         });",
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 5);
    assert_eq!(
        text(&output.stdout).trim(),
        "RangeError: The exit code must be a 32-bit integer, got 4294967297"
    );
}

#[test]
fn an_app_folder_without_package_json_or_main_is_refused_with_exit_2() {
    let empty = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-apps/empty");
    std::fs::create_dir_all(&empty).unwrap();
    let output = cathode(&["run", empty.to_str().unwrap()], None);
    assert_exit(&output, 2);
    assert!(
        text(&output.stderr).contains("package.json"),
        "{}",
        text(&output.stderr)
    );

    let no_main = app("no-main", "", &[]);
    std::fs::remove_file(no_main.join("main.js")).unwrap();
    let output = cathode(&["run", no_main.to_str().unwrap()], None);
    assert_exit(&output, 2);
    assert!(
        text(&output.stderr).contains("main.js"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn errors_while_the_main_script_loads_name_the_file_and_line_and_exit_1() {
    let thrown = app(
        "throws",
        "const x = 1;\n\nthrow new Error('broken at load');\n",
        &[],
    );
    let output = cathode(&["--headless", thrown.to_str().unwrap()], None);
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("broken at load"), "{stderr}");
    assert!(stderr.contains("main.js:3"), "{stderr}");

    let syntax = app("syntax", "const ok = 1;\nconst broken = ;\n", &[]);
    let output = cathode(&["--headless", syntax.to_str().unwrap()], None);
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("SyntaxError"), "{stderr}");
    assert!(stderr.contains("main.js:2"), "{stderr}");
}

#[test]
fn a_missing_browser_is_reported() {
    let dir = app("no-browser", "require('electron')", &[]);
    let output = cathode(
        &[
            "--headless",
            "--browser",
            "/nonexistent/chromium",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("/nonexistent/chromium") && stderr.contains("apt-get install chromium"),
        "{stderr}"
    );
}

#[test]
fn renderer_logs_and_web_preferences_are_honoured() {
    let dir = app(
        "preferences",
        r#"
        const { app, BrowserWindow } = require('electron');
        app.whenReady().then(async () => {
            const plain = new BrowserWindow({ webPreferences: { nodeIntegration: false } });
            await plain.loadFile('page.html');
            console.log('plain page has require:', await plain.webContents.executeJavaScript('typeof require'));
            const isolated = new BrowserWindow({ webPreferences: { contextIsolation: true } });
            await isolated.loadFile('page.html');
            console.log('isolated page has require:', await isolated.webContents.executeJavaScript('typeof require'));
            const noRemote = new BrowserWindow({ webPreferences: { enableRemoteModule: false } });
            await noRemote.loadFile('page.html');
            const remote = await noRemote.webContents.executeJavaScript(
                "(() => { try { require('electron').remote; return 'yes' } catch (e) { return e.message } })()");
            console.log('remote:', remote.includes('disabled') ? 'disabled' : remote);
            app.quit();
        });
        "#,
        &[(
            "page.html",
            "<script>console.log('hello from the page')</script>",
        )],
    );
    let output = cathode(
        &["--headless", "--log-renderer", dir.to_str().unwrap()],
        None,
    );
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "plain page has require: undefined",
            "isolated page has require: undefined",
            "remote: disabled",
        ]
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("[window 1] hello from the page"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[window 3] hello from the page"),
        "{stderr}"
    );
}

#[test]
fn help_explains_every_flag() {
    let output = cathode(&["run", "--help"], None);
    assert_exit(&output, 0);
    let help = text(&output.stdout);
    for flag in [
        "--headless",
        "--browser",
        "--user-data-dir",
        "--log-renderer",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn pages_reach_the_main_scripts_objects_functions_and_classes_through_remote() {
    let dir = app(
        "js-remote",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        global.counter = { count: 0, add(n) { this.count += n; return this.count; } };
        global.Greeter = class Greeter {
            constructor(name) { this.name = name; }
            greet(other) { return `${this.name} greets ${other}`; }
            fail() { throw new RangeError('greeter out of range'); }
            static create(name) { return new Greeter(name); }
        };
        global.later = () => new Promise((resolve) => setTimeout(() => resolve('later value'), 10));
        global.withCallback = (callback) => setTimeout(() => callback('called back', 7), 10);
        ipcMain.on('report', (event, report) => {
            for (const [key, value] of Object.entries(report)) console.log(`${key}: ${JSON.stringify(value)}`);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[
            (
                "tools.js",
                "module.exports = { double: (n) => n * 2, info: { version: 3 } };",
            ),
            (
                "page.html",
                r#"<script>
                const { remote, ipcRenderer } = require('electron');
                const attempt = (f) => { try { return f() } catch (e) { return `${e.name}: ${e.message}` } };
                (async () => {
                    const counter = remote.getGlobal('counter');
                    counter.add(2);
                    const Greeter = remote.getGlobal('Greeter');
                    const greeter = new Greeter('page');
                    const tools = remote.require('./tools');
                    const called = await new Promise((resolve) => remote.getGlobal('withCallback')((text, n) => resolve(`${text} ${n}`)));
                    ipcRenderer.send('report', {
                        added: counter.add(3),
                        count: counter.count,
                        sameProxy: remote.getGlobal('counter') === counter,
                        greeting: greeter.greet('main'),
                        created: Greeter.create('static').name,
                        thrown: attempt(() => greeter.fail()),
                        later: await remote.getGlobal('later')(),
                        called,
                        doubled: tools.double(21),
                        info: tools.info,
                        missing: attempt(() => remote.getGlobal('nothing')),
                    });
                })();
                </script>"#,
            ),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        // The report's keys arrive in the page's order, as Electron's structured clone keeps it.
        [
            "added: 5",
            "count: 5",
            "sameProxy: true",
            "greeting: \"page greets main\"",
            "created: \"static\"",
            "thrown: \"RangeError: greeter out of range\"",
            "later: \"later value\"",
            "called: \"called back 7\"",
            "doubled: 42",
            "info: {\"version\":3}",
            "missing: \"Error: the main process exposes no global 'nothing'\"",
        ]
    );
}

#[test]
fn maps_sets_bigints_and_special_numbers_cross_remote_to_the_main_script_and_back() {
    let dir = app(
        "js-remote-structured",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        global.inventory = {
            describe(stock, tags, big, odd) {
                return `${stock instanceof Map} ${stock.get('apples')} ${tags instanceof Set} ${[...tags]} ${typeof big} ${big} ${odd}`;
            },
            total: () => 2n ** 70n,
            ratio: () => -Infinity,
        };
        ipcMain.on('report', (event, report) => {
            for (const [key, value] of Object.entries(report)) console.log(`${key}: ${JSON.stringify(value)}`);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[(
            "page.html",
            r#"<script>
            const { remote, ipcRenderer } = require('electron');
            const inventory = remote.getGlobal('inventory');
            const total = inventory.total();
            ipcRenderer.send('report', {
                described: inventory.describe(new Map([['apples', 3]]), new Set(['red', 'green']), 12n, NaN),
                total: `${typeof total} ${total}`,
                ratio: String(inventory.ratio()),
            });
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "described: \"true 3 true red,green bigint 12 NaN\"",
            "total: \"bigint 1180591620717411303424\"",
            "ratio: \"-Infinity\"",
        ]
    );
}

#[test]
fn the_web_contents_module_finds_every_page_and_main_broadcasts_to_them() {
    let dir = app(
        "js-web-contents-module",
        r#"
        const { app, BrowserWindow, ipcMain, webContents } = require('electron');
        const heard = [];
        ipcMain.on('heard', (event, theme) => {
            heard.push(`${event.sender.id} ${theme}`);
            if (heard.length === 2) {
                console.log(heard.sort().join(', '));
                app.quit();
            }
        });
        app.whenReady().then(async () => {
            const first = new BrowserWindow();
            const second = new BrowserWindow();
            await Promise.all([first.loadFile('page.html'), second.loadFile('page.html')]);
            second.focus();
            console.log(webContents.getAllWebContents().map((contents) => contents.id).join(' '));
            console.log(webContents.fromId(second.id) === second.webContents, webContents.fromId(99));
            console.log(webContents.getFocusedWebContents() === second.webContents);
            for (const contents of webContents.getAllWebContents()) contents.send('theme', 'dark');
        });
        "#,
        &[(
            "page.html",
            r#"<script>
            const { ipcRenderer } = require('electron');
            ipcRenderer.on('theme', (event, theme) => ipcRenderer.send('heard', theme));
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        ["1 2", "true undefined", "true", "1 dark, 2 dark"]
    );
}

#[test]
fn macos_only_members_do_nothing_as_on_linux_and_the_session_says_it_is_not_built() {
    let dir = app(
        "js-linux-no-ops",
        r#"
        const { app, BrowserWindow } = require('electron');
        app.whenReady().then(() => {
            app.addRecentDocument('/tmp/notes.txt');
            console.log(JSON.stringify(app.getRecentDocuments()));
            app.clearRecentDocuments();
            const win = new BrowserWindow({ show: false });
            win.setRepresentedFilename('/tmp/notes.txt');
            win.setDocumentEdited(true);
            console.log(JSON.stringify(win.getRepresentedFilename()), win.isDocumentEdited());
            const session = win.webContents.session;
            try {
                session.setPermissionCheckHandler(() => true);
            } catch (error) {
                console.log(error.message);
            }
            app.quit();
        });
        "#,
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "[]",
            "\"\" false",
            "cathode does not implement electron.session yet",
        ]
    );
}

#[test]
fn binary_data_crosses_between_the_main_script_and_pages_in_both_directions() {
    let dir = app(
        "js-remote-bytes",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        // Every byte value, and lengths that end on each base64 padding case.
        global.allBytes = () => Uint8Array.from({ length: 256 }, (_, i) => i);
        global.reversed = (bytes) => Uint8Array.from(bytes).reverse();
        global.sizes = (...buffers) => buffers.map((buffer) => buffer.byteLength);
        ipcMain.on('report', (event, report) => {
            for (const [key, value] of Object.entries(report)) console.log(`${key}: ${JSON.stringify(value)}`);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[(
            "page.html",
            r#"<script>
            const { remote, ipcRenderer } = require('electron');
            const all = remote.getGlobal('allBytes')();
            const back = remote.getGlobal('reversed')(new Uint8Array([1, 2, 250, 255]));
            ipcRenderer.send('report', {
                type: all.constructor.name,
                every: all.length === 256 && all.every((byte, i) => byte === i),
                reversed: [...back],
                sizes: remote.getGlobal('sizes')(new Uint8Array(0), new Uint8Array(1), new Uint8Array(2), new ArrayBuffer(3)),
            });
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "type: \"Uint8Array\"",
            "every: true",
            "reversed: [255,250,2,1]",
            "sizes: [0,1,2,3]",
        ]
    );
}

#[test]
fn electron_modules_and_options_cathode_lacks_say_so() {
    let dir = app(
        "not-yet",
        r#"
        // Apps take modules apart at the top and use them later: that much must work.
        const { app, BrowserWindow, Menu, globalShortcut } = require('electron');
        const attempt = (f) => { try { f(); return 'no error' } catch (e) { return e.message } };
        app.whenReady().then(async () => {
            const options = { width: 300, frame: false, kiosk: true, transparent: true, webPreferences: { webgl: false } };
            await new BrowserWindow(options).loadURL('data:text/html,one');
            await new BrowserWindow(options).loadURL('data:text/html,two');
            console.log(attempt(() => Menu.buildFromTemplate([])));
            console.log(attempt(() => globalShortcut.register('Ctrl+X', () => {})));
            console.log(typeof require('electron').BrowserWindow);
            app.quit();
        });
        "#,
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "cathode does not implement electron.Menu yet",
            "cathode does not implement electron.globalShortcut yet",
            "function",
        ]
    );
    let stderr = text(&output.stderr);
    let ignored: Vec<&str> = stderr
        .lines()
        .filter(|line| line.ends_with("; ignored"))
        .collect();
    assert_eq!(
        ignored,
        [
            "cathode: BrowserWindow option frame: false is not possible: Chromium's app windows always have the window manager's frame (CDP cannot open a frameless one); ignored",
            "cathode: BrowserWindow option 'kiosk' is not implemented yet; ignored",
            "cathode: BrowserWindow option transparent: true is not possible: Chromium's app windows are opaque (CDP can make only the page's background transparent, not the window); ignored",
            "cathode: BrowserWindow option 'webPreferences.webgl' is not implemented yet; ignored",
        ],
        "each ignored option is said once: {stderr}"
    );
}

#[test]
fn electron_12_module_names_work_in_main_scripts_and_pages() {
    let dir = app(
        "electron-parts",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron/main');
        console.log('same module:', require('electron/main') === require('electron'),
                    require('electron/common') === require('electron'));
        ipcMain.on('parts', (event, report) => { console.log('page:', JSON.stringify(report)); app.quit(); });
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[(
            "page.html",
            r#"<script>
            const { ipcRenderer } = require('electron/renderer');
            ipcRenderer.send('parts', [require('electron/common') === require('electron'), typeof ipcRenderer.invoke]);
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        ["same module: true true", "page: [true,\"function\"]"]
    );
}

#[test]
fn a_main_script_keeps_its_settings_in_a_json_file_under_user_data() {
    // A folder of its own as the user's config folder, so the test writes nowhere else.
    let config = private_temp_dir("user-data-config");
    let dir = app(
        "settings-keeper",
        r#"
        const fs = require('fs');
        const path = require('path');
        const { app } = require('electron');
        const file = path.join(app.getPath('userData'), 'settings.json');
        const load = () => { try { return JSON.parse(fs.readFileSync(file, 'utf8')) } catch (e) { return { runs: 0, missing: e.code } } };
        const settings = load();
        settings.runs += 1;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(settings));
        console.log(path.relative(app.getPath('appData'), file), JSON.stringify(load()));
        const attempt = (f) => { try { return f() } catch (e) { return e.message } };
        console.log(attempt(() => app.getPath('attic')));
        console.log(attempt(() => app.setPath('logs', 'relative/logs')).includes('not absolute'));
        app.setPath('userData', app.getPath('temp'));
        console.log(app.getPath('logs') === path.join(app.getPath('temp'), 'logs'));
        app.quit();
        "#,
        &[],
    );
    let run = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
        command
            .args(["--headless", dir.to_str().unwrap()])
            .env("XDG_CONFIG_HOME", &config);
        finish(command)
    };
    let first = run();
    assert_exit(&first, 0);
    let second = run();
    assert_exit(&second, 0);
    let name = "settings-keeper";
    assert_eq!(
        text(&first.stdout).lines().collect::<Vec<_>>()[0],
        format!(r#"{name}/settings.json {{"runs":1,"missing":"ENOENT"}}"#)
    );
    assert_eq!(
        text(&second.stdout).lines().collect::<Vec<_>>(),
        [
            format!(r#"{name}/settings.json {{"runs":2,"missing":"ENOENT"}}"#).as_str(),
            "Failed to get 'attic' path",
            "true",
            "true",
        ]
    );
    assert!(config.join(name).join("settings.json").is_file());
    std::fs::remove_dir_all(&config).expect("the test's config folder goes");
}

#[test]
fn pages_share_the_main_scripts_plain_objects_by_reference() {
    let dir = app(
        "shared-object",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        global.sharedObject = { someProperty: 'default value', nested: { count: 1 }, list: [{ x: 1 }, 2] };
        ipcMain.on('changed', () => {
            console.log('main sees:', JSON.stringify(global.sharedObject));
            new BrowserWindow().loadFile('second.html');
        });
        ipcMain.on('second', (event, seen) => {
            console.log('the second window reads:', seen);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('first.html'));
        "#,
        &[
            (
                "first.html",
                r#"<script>
                const { remote, ipcRenderer } = require('electron');
                const shared = remote.getGlobal('sharedObject');
                shared.someProperty = 'new value';
                shared.nested.count = 2;
                shared.list[0].x = 5;
                shared.list.push(3);
                ipcRenderer.send('changed');
                </script>"#,
            ),
            (
                "second.html",
                r#"<script>
                const { remote, ipcRenderer } = require('electron');
                ipcRenderer.send('second', remote.getGlobal('sharedObject').someProperty);
                </script>"#,
            ),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            r#"main sees: {"someProperty":"new value","nested":{"count":2},"list":[{"x":5},2]}"#,
            "the second window reads: new value",
        ]
    );
}

#[test]
fn renderer_pids_are_numbers_in_pages_and_in_the_main_script() {
    let dir = app(
        "pids",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.on('pids', (event, pids) => {
            const fromMain = BrowserWindow.getAllWindows().map((w) => w.webContents.getOSProcessId());
            console.log('types:', pids.map((pid) => typeof pid).join(' '));
            // Chromium decides which pages share a renderer process, so two windows may.
            console.log('positive:', pids.every((pid) => pid > 0));
            console.log('main agrees:', JSON.stringify(fromMain) === JSON.stringify(pids));
            app.quit();
        });
        app.whenReady().then(async () => {
            const first = new BrowserWindow();
            console.log('while the window opens:', first.webContents.getOSProcessId());
            await first.loadURL('data:text/html,first');
            await new BrowserWindow().loadFile('page.html');
        });
        "#,
        &[(
            "page.html",
            r#"<script>
            const { remote, ipcRenderer } = require('electron');
            // A pid is 0 until main has learned it (a trace, slow on a busy machine): ask again
            // until both are known, within a generous limit.
            const giveUpAt = Date.now() + 60000;
            const ask = () => {
              const pids = remote.BrowserWindow.getAllWindows().map((w) => w.webContents.getOSProcessId());
              if (pids.every((pid) => pid > 0) || Date.now() > giveUpAt) ipcRenderer.send('pids', pids);
              else setTimeout(ask, 100);
            };
            ask();
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "while the window opens: 0",
            "types: number number",
            "positive: true",
            "main agrees: true",
        ]
    );
}

#[test]
fn windows_a_page_opens_through_remote_get_the_same_defaults_as_the_main_scripts() {
    let dir = app(
        "page-opened-window",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.on('child', (event, report) => {
            console.log('child window:', report);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('opener.html'));
        "#,
        &[
            (
                "opener.html",
                r#"<script>
                const { remote } = require('electron');
                new remote.BrowserWindow().loadFile(__dirname + '/child.html');
                </script>"#,
            ),
            (
                "child.html",
                r#"<script>
                const { ipcRenderer } = require('electron');
                let report;
                try {
                    const { remote } = require('electron');
                    report = `remote ${typeof remote.getCurrentWindow}, window ${remote.getCurrentWindow().id}`;
                } catch (error) {
                    report = error.message;
                }
                ipcRenderer.send('child', report);
                </script>"#,
            ),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        ["child window: remote function, window 2"]
    );
}

#[test]
fn a_page_closes_its_window_with_close_and_closed_events() {
    let dir = app(
        "page-closes",
        r#"
        const { app, BrowserWindow } = require('electron');
        function open(name, webPreferences) {
            const win = new BrowserWindow({ webPreferences });
            win.on('close', () => console.log(`${name}: close`));
            win.on('closed', () => console.log(`${name}: closed`));
            win.loadFile('closing.html');
            return win;
        }
        app.on('window-all-closed', () => {});
        app.whenReady().then(() => {
            open('with node', {}).on('closed', () => {
                open('plain page', { nodeIntegration: false }).on('closed', () => app.quit());
            });
        });
        "#,
        &[(
            "closing.html",
            "<script>setTimeout(() => window.close(), 0)</script>",
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "with node: close",
            "with node: closed",
            "plain page: close",
            "plain page: closed",
        ]
    );
}

/// The page's own Close button calls `window.close()`: the main script's `close` listener keeps
/// the window open the first time (the note is not saved) and lets the second close go.
#[test]
fn the_main_script_may_keep_a_window_its_page_closes() {
    let (lines, stderr) = common::run_test_app("close-button");
    assert_eq!(
        lines,
        [
            "close #1, saved=false",
            "still open: Notes, destroyed=false",
            "close #2, saved=true",
            "closed",
            "window-all-closed",
        ],
        "{stderr}"
    );
}

/// The same app in a real window (an X display): the browser closes the window itself after the
/// page's `window.close()`, as for a user's close, and the script's `close` still keeps it.
#[test]
fn the_main_script_may_keep_a_headful_window_its_page_closes() {
    let display = cathode_testing::VirtualDisplay::start();
    let app = common::test_app("close-button");
    let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
    command
        .args(["run", &app.to_string_lossy()])
        .env("DISPLAY", display.name())
        .env_remove("WAYLAND_DISPLAY");
    let output = finish(command);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "close #1, saved=false",
            "still open: Notes, destroyed=false",
            "close #2, saved=true",
            "closed",
            "window-all-closed",
        ],
        "{}",
        text(&output.stderr)
    );
}

/// `loadURL` asks the old page's `beforeunload` handlers, as in Electron: a page with unsaved
/// work keeps itself (the load rejects with `ERR_ABORTED`, after `did-fail-load`) until
/// `will-prevent-unload` is prevented.
#[test]
fn load_url_leaves_a_page_with_unsaved_work_only_when_main_says_so() {
    let dir = app(
        "load-over-draft",
        r#"
        const { app, BrowserWindow } = require('electron');
        const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        app.whenReady().then(async () => {
            const win = new BrowserWindow({ width: 400, height: 300 });
            const contents = win.webContents;
            let asked = 0;
            contents.on('will-prevent-unload', (event) => {
                asked += 1;
                console.log(`will-prevent-unload #${asked}`);
                if (asked === 2) event.preventDefault();
            });
            contents.on('did-fail-load', (_event, code, description, url) => {
                console.log(`did-fail-load ${code} ${description} ${url.split('/').pop()}`);
            });
            contents.on('will-navigate', (_event, url) => console.log(`will-navigate ${url}`));
            await win.loadFile('draft.html');
            // Chromium asks a beforeunload handler only once the user has used the page.
            for (const type of ['mouseDown', 'mouseUp']) {
                contents.sendInputEvent({ type, x: 20, y: 20, button: 'left', clickCount: 1 });
            }
            while (!(await contents.executeJavaScript('window.used === true'))) await pause(20);
            await win.loadFile('saved.html').catch((error) => {
                console.log(`rejected: ${error.message.includes('ERR_ABORTED')}`);
            });
            console.log(`still on: ${await contents.executeJavaScript('document.title')}`);
            await win.loadFile('saved.html');
            console.log(`now on: ${await contents.executeJavaScript('document.title')}`);
            app.quit();
        });
        "#,
        &[
            (
                "draft.html",
                "<title>Draft</title><body style='margin:0;height:100vh'><script>\
                 addEventListener('mouseup', () => { window.used = true; });\
                 addEventListener('beforeunload', (event) => event.preventDefault());\
                 </script>",
            ),
            ("saved.html", "<title>Saved</title>"),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "will-prevent-unload #1",
            "did-fail-load -3 ERR_ABORTED saved.html",
            "rejected: true",
            "still on: Draft",
            "will-prevent-unload #2",
            "now on: Saved",
        ],
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_page_with_remote_can_do_whatever_the_main_script_can() {
    // The README's security section: this is Electron's model, and what enabling remote means.
    let dir = app(
        "remote-reach",
        r#"
        const { app, BrowserWindow } = require('electron');
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[
            (
                "secret.js",
                "console.log('secret.js runs in main'); module.exports = 'loaded';",
            ),
            (
                "page.html",
                r#"<script>
                const { remote } = require('electron');
                try {
                    remote.getGlobal('eval')("console.log('main runs code from the page:', typeof process.mainModule.require('electron').app.quit)");
                    remote.getGlobal('console').log('remote.require:', remote.require('./secret.js'));
                } finally {
                    remote.getGlobal('process').exit(7);
                }
                </script>"#,
            ),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 7);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "main runs code from the page: function",
            "secret.js runs in main",
            "remote.require: loaded",
        ]
    );
}

#[test]
fn the_electron_api_of_the_main_script_follows_electron() {
    let dir = app(
        "api",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        const log = (...args) => console.log(...args);
        app.on('browser-window-created', (event, win) => log('created', win.id));
        app.on('window-all-closed', () => {
            log('window-all-closed (the app stays)');
            setTimeout(() => app.quit(), 20);
        });
        app.on('before-quit', () => log('before-quit'));
        app.on('will-quit', () => log('will-quit'));
        app.on('quit', (event, code) => log('quit', code));

        ipcMain.once('once', (event, n) => log('once got', n));
        const removed = () => log('removed listener called');
        ipcMain.on('removed', removed);
        ipcMain.removeListener('removed', removed);
        ipcMain.on('gone', () => log('gone listener called'));
        ipcMain.removeAllListeners('gone');
        ipcMain.handleOnce('only-once', () => 'first answer');
        ipcMain.handle('removed-handler', () => 'never');
        ipcMain.removeHandler('removed-handler');
        try { ipcMain.handle('only-once', () => 0) } catch (error) { log(error.message) }
        ipcMain.on('results', async (event, results) => {
            for (const line of results) log('page:', line);
            const win = BrowserWindow.fromWebContents(event.sender);
            log('same window:', win === BrowserWindow.fromId(win.id), BrowserWindow.getAllWindows().length);
            win.setTitle('renamed');
            await new Promise((resolve) => setTimeout(resolve, 100));
            log('title:', win.getTitle());
            let refuse = true;
            win.on('close', (closing) => {
                log('close', refuse ? '(prevented)' : '');
                if (refuse) closing.preventDefault();
                refuse = false;
            });
            win.on('closed', () => log('closed', win.isDestroyed()));
            win.close();
            log('still open:', !win.isDestroyed());
            win.close();
        });

        app.whenReady().then(async () => {
            const win = new BrowserWindow({ title: 'api' });
            log('focused:', BrowserWindow.getFocusedWindow() === win);
            win.webContents.on('did-fail-load', (event, code, description) => log('did-fail-load', code, description));
            win.webContents.on('dom-ready', () => log('dom-ready'));
            win.webContents.on('console-message', (event, level, message, line) => log('console', level, message, line));
            await win.loadFile('missing.html').catch((error) => log('load rejected:', error.message.includes('ERR_FILE_NOT_FOUND')));
            await win.loadFile('page.html');
        });
        "#,
        &[(
            "page.html",
            r#"<script>
            const { ipcRenderer } = require('electron');
            console.warn('from the page');
            const attempt = async (f) => { try { return await f() } catch (e) { return e.message } };
            (async () => {
                ipcRenderer.send('once', 1);
                ipcRenderer.send('once', 2);
                ipcRenderer.send('removed');
                ipcRenderer.send('gone');
                const results = [
                    await attempt(() => ipcRenderer.invoke('only-once')),
                    await attempt(() => ipcRenderer.invoke('only-once')),
                    await attempt(() => ipcRenderer.invoke('removed-handler')),
                    await attempt(() => ipcRenderer.sendSync('gone')),
                ];
                ipcRenderer.send('results', results);
            })();
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "Attempted to register a second handler for 'only-once'",
            "focused: true",
            // Unlike Electron, the event comes once the browser has opened the window.
            "created 1",
            "did-fail-load -6 ERR_FILE_NOT_FOUND",
            "load rejected: true",
            "console 2 from the page 3",
            "once got 1",
            "dom-ready",
            "page: first answer",
            "page: Error invoking remote method 'only-once': No handler registered for 'only-once'",
            "page: Error invoking remote method 'removed-handler': No handler registered for 'removed-handler'",
            "page: No listener for sync channel 'gone' in the main process",
            "same window: true 1",
            "title: renamed",
            "close (prevented)",
            "still open: true",
            "close ",
            "closed true",
            "window-all-closed (the app stays)",
            "before-quit",
            "will-quit",
            "quit 0",
        ]
    );
}

/// The script decides every step of `app.quit()`: `before-quit`, each window's `close` (the
/// hide-to-tray pattern, with the app's own `app.isQuitting` flag) and `will-quit` may each cancel
/// it, and windows closing for a quit do not announce `window-all-closed`.
#[test]
fn the_main_script_may_cancel_a_quit_at_each_of_its_steps() {
    let dir = app(
        "quit-steps",
        r#"
        const { app, BrowserWindow } = require('electron');
        const log = (...args) => console.log(...args);
        let beforeQuitVetoes = 1;
        let willQuitVetoes = 1;
        app.on('window-all-closed', () => log('window-all-closed'));
        app.on('before-quit', (event) => {
            log('before-quit');
            if (beforeQuitVetoes-- > 0) {
                event.preventDefault();
                log('  prevented');
                setTimeout(() => app.quit(), 0);
            } else {
                app.isQuitting = true;
            }
        });
        app.on('will-quit', (event) => {
            log('will-quit');
            if (willQuitVetoes-- > 0) {
                event.preventDefault();
                log('  prevented, windows left:', BrowserWindow.getAllWindows().length);
                setTimeout(() => app.quit(), 0);
            }
        });
        app.on('quit', (event, code) => log('quit', code));
        app.whenReady().then(async () => {
            const win = new BrowserWindow();
            win.on('close', (event) => {
                log('close, quitting:', app.isQuitting === true);
                if (!app.isQuitting) {
                    event.preventDefault();
                    win.hide();
                }
            });
            win.on('closed', () => log('closed'));
            await win.loadURL('data:text/html,<title>tray</title>');
            win.close();
            log('hidden instead:', !win.isDestroyed() && !win.isVisible());
            app.quit();
        });
        "#,
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "close, quitting: false",
            "hidden instead: true",
            "before-quit",
            "  prevented",
            "before-quit",
            "close, quitting: true",
            "closed",
            "will-quit",
            "  prevented, windows left: 0",
            "before-quit",
            "will-quit",
            "quit 0",
        ],
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_return_value_may_come_later_and_every_invoke_settles() {
    let dir = app(
        "late-answers",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.on('later', (event) => setTimeout(() => { event.returnValue = 'set later'; }, 50));
        ipcMain.handle('bigint', () => 10n);
        ipcMain.handle('function', () => () => 1);
        ipcMain.on('report', (event, report) => {
            for (const line of report) console.log(line);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[(
            "page.html",
            r#"<script>
            const { ipcRenderer } = require('electron');
            const show = (value) => (typeof value === 'bigint' ? `${value}n` : JSON.stringify(value));
            const attempt = async (f) => { try { return show(await f()) } catch (e) { return e.message } };
            (async () => {
                ipcRenderer.send('report', [
                    await attempt(() => ipcRenderer.sendSync('later')),
                    await attempt(() => ipcRenderer.invoke('bigint')),
                    await attempt(() => ipcRenderer.invoke('function')),
                ]);
            })();
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // IPC carries structured-clone values: a BigInt arrives as one, a function cannot be cloned.
    assert_eq!(
        lines,
        [
            "\"set later\"",
            "10n",
            "Error invoking remote method 'function': DataCloneError: An object could not be cloned."
        ],
        "{stdout}"
    );
}

#[test]
fn listeners_learn_the_sender_frame_and_frames_inside_the_page_reach_no_listener() {
    let dir = app(
        "sender-frame",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        const path = require('path');
        const describe = (frame) => `${frame.url.startsWith('file:///') && frame.url.endsWith('/index.html')} ${frame.origin} ${typeof frame.frameId}`;
        ipcMain.on('hello', (event, who) => console.log(`on ${who}: ${describe(event.senderFrame)}`));
        ipcMain.handle('hi', (event, who) => { console.log(`handle ${who}: ${describe(event.senderFrame)}`); return 'ok'; });
        ipcMain.on('done', () => app.quit());
        app.whenReady().then(() => new BrowserWindow({ show: false }).loadFile(path.join(__dirname, 'index.html')));
        "#,
        &[(
            "index.html",
            r#"<!doctype html><body><script>
            const { ipcRenderer } = require('electron');
            const frame = document.createElement('iframe');
            frame.srcdoc = `<script>
              const name = Object.getOwnPropertyNames(window).find((n) => n.startsWith('__cathode_ipc_'));
              const binding = name && window[name];
              if (binding) binding(JSON.stringify({ v: 1, kind: 'send', channel: 'hello', args: ['the frame'] }));
              parent.postMessage('frame done', '*');
            <\/script>`;
            addEventListener('message', async () => {
              ipcRenderer.send('hello', 'the page');
              await ipcRenderer.invoke('hi', 'the page');
              ipcRenderer.send('done');
            });
            document.body.appendChild(frame);
            </script>"#,
        )],
    );
    let output = cathode(&["run", "--headless", "."], Some(&dir));
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "on the page: true file:// string",
            "handle the page: true file:// string"
        ]
    );
}

/// As in Electron, only the text of what a JavaScript handler throws reaches the page: its
/// `toString()` after the usual prefix, in an Error named `Error`, without the thrown error's own
/// properties. (`cathode::InvokeError` carries a name and data from Rust handlers only.)
#[test]
fn a_javascript_handler_rejects_with_electrons_message_only() {
    let dir = app(
        "js-invoke-errors",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.handle('validate', () => {
            throw Object.assign(new Error('age must not be negative'), { name: 'ValidationError', data: { field: 'age' }, code: 7 });
        });
        ipcMain.handle('rejects', async () => Promise.reject(new TypeError('not a number')));
        ipcMain.handle('throws-text', () => { throw 'plain text'; });
        ipcMain.on('report', (event, report) => {
            for (const line of report) console.log(line);
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow().loadFile('page.html'));
        "#,
        &[(
            "page.html",
            r#"<script>
            const { ipcRenderer } = require('electron');
            const attempt = async (channel) => {
                try { return `resolved ${await ipcRenderer.invoke(channel)}` }
                catch (e) { return JSON.stringify([e.name, e.message, 'data' in e, 'code' in e]) }
            };
            (async () => {
                ipcRenderer.send('report', [
                    await attempt('validate'),
                    await attempt('rejects'),
                    await attempt('throws-text'),
                ]);
            })();
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            r#"["Error","Error invoking remote method 'validate': ValidationError: age must not be negative",false,false]"#,
            r#"["Error","Error invoking remote method 'rejects': TypeError: not a number",false,false]"#,
            r#"["Error","Error invoking remote method 'throws-text': plain text",false,false]"#,
        ]
    );
}

/// Node's globals in a real app's main script: bytes, URLs, text codecs, clones, abort signals
/// and randomness, before and after the app is ready.
#[test]
fn the_main_script_has_nodes_globals() {
    let dir = app(
        "node-globals",
        r#"
        const { app } = require('electron');
        const b = Buffer.from('héllo');
        console.log(b.toString('base64'), b.toString('hex'), Buffer.byteLength('é'), btoa('ok'), atob('b2s='));
        const u = new URL('../pages/index.html?x=1#top', 'file:///app/main/');
        console.log(u.href, u.searchParams.get('x'), new URLSearchParams({ a: 'b c' }).toString());
        console.log(new TextDecoder().decode(new TextEncoder().encode('€')), typeof global.setTimeout);
        const clone = structuredClone({ when: new Date(0), tags: new Set(['x']) });
        console.log(clone.when.toISOString(), clone.tags.has('x'));
        try { new URL('not a url') } catch (e) { console.log(e.code) }
        const controller = new AbortController();
        controller.signal.addEventListener('abort', () => console.log('aborted', controller.signal.reason.name));
        queueMicrotask(() => controller.abort());
        app.whenReady().then(() => {
            console.log(crypto.randomUUID().length, crypto.getRandomValues(new Uint8Array(8)).length);
            app.quit();
        });
        "#,
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "aMOpbGxv 68c3a96c6c6f 2 b2s= ok",
            "file:///app/pages/index.html?x=1#top 1 a=b+c",
            "€ function",
            "1970-01-01T00:00:00.000Z true",
            "ERR_INVALID_URL",
            "aborted AbortError",
            "36 8",
        ]
    );
}

/// A main script keeps its settings in a JSON file next to it, lists its folder and reports a
/// missing file the way Node does, with the sync, callback and promise forms of `fs`.
#[test]
fn the_main_script_reads_and_writes_files_with_fs() {
    let dir = app(
        "node-fs",
        r#"
        const fs = require('node:fs');
        const path = require('path');
        const { app } = require('electron');
        const settingsFile = path.join(__dirname, 'data', 'settings.json');
        fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
        const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : { runs: 0 };
        settings.runs += 1;
        fs.writeFileSync(settingsFile, JSON.stringify(settings));
        console.log('runs', settings.runs);
        console.log(fs.readdirSync(__dirname, { withFileTypes: true }).map((d) => `${d.name}${d.isDirectory() ? '/' : ''}`).join(' '));
        try { fs.readFileSync(path.join(__dirname, 'missing.txt')) } catch (e) { console.log(e.code, e.syscall, path.basename(e.path)) }
        fs.readFile(settingsFile, 'utf8', (err, text) => {
            console.log('callback', err, text);
            require('fs/promises').stat(settingsFile).then((st) => {
                console.log('promise', st.isFile(), st.size);
                app.whenReady().then(() => app.quit());
            });
        });
        "#,
        &[("notes.txt", "hello")],
    );
    for runs in 1..=2 {
        let output = cathode(&["--headless", dir.to_str().unwrap()], None);
        assert_exit(&output, 0);
        assert_eq!(
            text(&output.stdout).lines().collect::<Vec<_>>(),
            [
                format!("runs {runs}").as_str(),
                "data/ main.js notes.txt package.json",
                "ENOENT open missing.txt",
                &format!("callback null {{\"runs\":{runs}}}"),
                "promise true 10",
            ]
        );
    }
}

/// A real app's main script uses Node's OS and pure modules by their `node:` names, and a module
/// cathode lacks is still refused by name.
#[test]
fn the_main_script_uses_os_util_url_assert_and_timer_promises() {
    let dir = app(
        "node-modules-builtin",
        r#"
        const os = require('node:os');
        const util = require('node:util');
        const assert = require('node:assert/strict');
        const { fileURLToPath, pathToFileURL } = require('node:url');
        const { setTimeout: sleep } = require('node:timers/promises');
        const { app } = require('electron');
        console.log(os.platform() === process.platform, os.homedir().length > 0, os.EOL === '\n');
        console.log(util.format('%s has %d items', 'list', 3), util.isDeepStrictEqual({ a: [1] }, { a: [1] }));
        console.log(fileURLToPath(pathToFileURL(__filename)) === __filename);
        try { assert.equal(1, 2) } catch (e) { console.log(e.code, e.message.split('\n')[0]) }
        try { require('http').request({}) } catch (e) { console.log(e.message) }
        app.whenReady().then(async () => {
            console.log('slept', await sleep(1, 'ok'));
            app.quit();
        });
        "#,
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "true true true",
            "list has 3 items true",
            "true",
            "ERR_ASSERTION Expected values to be strictly equal:",
            "module 'http' is not available in the cathode main process",
            "slept ok",
        ]
    );
}

/// An app's main script loads npm-style packages from its `node_modules`: one through `exports`
/// conditions and a subpath pattern, one through `main`, a scoped one, and a broken one whose
/// error names its package.json.
#[test]
fn the_main_script_requires_packages_from_node_modules() {
    let dir = app(
        "node-packages",
        r#"
        const { app } = require('electron');
        const greet = require('greeter');
        console.log(greet('main'), require('greeter/locales/fr'), require('@acme/config').port);
        try { require('greeter/src/secret') } catch (e) { console.log(e.code) }
        try { require('broken') } catch (e) { console.log(e.message.startsWith(`Error parsing ${__dirname}/node_modules/broken/package.json`)) }
        app.whenReady().then(() => app.quit());
        "#,
        &[],
    );
    let files = [
        (
            "node_modules/greeter/package.json",
            r#"{"name": "greeter", "exports": {".": {"import": "./esm.mjs", "require": "./src/index.js"}, "./locales/*": "./src/locales/*.js"}}"#,
        ),
        (
            "node_modules/greeter/src/index.js",
            "module.exports = (who) => `hello ${who} from ${require('./locales/en')}`;",
        ),
        (
            "node_modules/greeter/src/locales/en.js",
            "module.exports = 'en';",
        ),
        (
            "node_modules/greeter/src/locales/fr.js",
            "module.exports = 'bonjour';",
        ),
        (
            "node_modules/greeter/src/secret.js",
            "module.exports = 'secret';",
        ),
        (
            "node_modules/@acme/config/package.json",
            r#"{"name": "@acme/config", "main": "lib/config"}"#,
        ),
        (
            "node_modules/@acme/config/lib/config.json",
            r#"{"port": 8080}"#,
        ),
        ("node_modules/broken/package.json", "{ not json"),
    ];
    for (file, content) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "hello main from en bonjour 8080",
            "ERR_PACKAGE_PATH_NOT_EXPORTED",
            "true",
        ]
    );
}

/// A main script runs a tool and reads its output as it streams, runs another synchronously, and
/// quits while a child (and the child's own child) still run: none of them outlives the app.
#[cfg(target_os = "linux")]
#[test]
fn the_main_script_runs_tools_and_leaves_no_child_running() {
    let dir = app(
        "node-child-process",
        r#"
        const { spawn, execSync } = require('child_process');
        const { app } = require('electron');
        console.log(execSync('echo synchronous', { encoding: 'utf8' }).trim());
        const tool = spawn('sh', ['-c', 'for i in 1 2 3; do echo line $i; done; exit 7']);
        let lines = [];
        tool.stdout.setEncoding('utf8');
        tool.stdout.on('data', (chunk) => lines.push(...chunk.trim().split('\n')));
        tool.on('close', (code) => {
            console.log(lines.join(','), 'exit', code);
            const stuck = spawn('sh', ['-c', 'sleep 1000 & echo $!; wait']);
            stuck.stdout.once('data', (d) => {
                console.log('pids', stuck.pid, String(d).trim());
                app.whenReady().then(() => app.quit());
            });
        });
        "#,
        &[],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..2],
        ["synchronous", "line 1,line 2,line 3 exit 7"],
        "{stdout}"
    );
    let pids: Vec<u32> = lines[2]
        .strip_prefix("pids ")
        .expect("the pids line")
        .split(' ')
        .map(|p| p.parse().expect("a pid"))
        .collect();
    let deadline = Instant::now() + RUN_LIMIT;
    while !pids.iter().all(|&pid| process_gone(pid)) {
        assert!(
            Instant::now() < deadline,
            "children {pids:?} outlived the app"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An app written as ES modules (`"type": "module"`): the main script imports Electron by name,
/// an npm-style package of its `node_modules` through its `import` condition, a CommonJS file
/// and a built-in, and awaits at the top level.
#[test]
fn an_es_module_main_imports_electron_packages_and_built_ins() {
    let dir = app(
        "node-esm",
        r#"
        import { app } from 'electron';
        import { readFileSync } from 'node:fs';
        import slugify, { version } from 'slugger';
        import settings from './settings.cjs';
        const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
        console.log(slugify('Hello ES Modules'), version, settings.theme, pkg.type);
        await app.whenReady();
        console.log('ready', app.isReady(), import.meta.filename.endsWith('main.js'));
        app.quit();
        "#,
        &[("settings.cjs", "module.exports = { theme: 'dark' };")],
    );
    std::fs::write(
        dir.join("package.json"),
        r#"{"name": "node-esm", "version": "1.0.0", "type": "module", "main": "main.js"}"#,
    )
    .unwrap();
    let package = dir.join("node_modules/slugger");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::write(
        package.join("package.json"),
        r#"{"name": "slugger", "exports": {"import": "./slug.mjs", "require": "./slug.cjs"}}"#,
    )
    .unwrap();
    std::fs::write(
        package.join("slug.mjs"),
        "export const version = '2.0.0-esm';\nexport default (text) => text.toLowerCase().split(' ').join('-');\n",
    )
    .unwrap();
    std::fs::write(package.join("slug.cjs"), "module.exports = () => 'cjs';").unwrap();
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        ["hello-es-modules 2.0.0-esm dark module", "ready true true"]
    );
}

/// Writes `files` (paths with folders) into the app folder `dir`.
fn add_files(dir: &Path, files: &[(&str, &str)]) {
    for (file, content) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// A page with node integration requires its own `./renderer.js`, which requires an npm-style
/// package of the app (through its `exports` conditions), `path`, and reads files with `fs`
/// through main; the page renders what it read. A page without node integration gets none of it.
#[test]
fn a_page_requires_its_renderer_js_which_uses_a_package_path_and_fs() {
    let dir = app(
        "page-require",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.on('rendered', async (event, facts) => {
            console.log(facts);
            console.log(await event.sender.executeJavaScript(
                `[...document.querySelectorAll('#notes li')].map((li) => li.textContent).join(' | ')`));
            const plain = new BrowserWindow({ show: false, webPreferences: { nodeIntegration: false } });
            await plain.loadFile('index.html');
            console.log('without node integration:', await plain.webContents.executeJavaScript(
                `[typeof require, typeof process, typeof Buffer, typeof module, typeof exports].join(' ')`));
            app.quit();
        });
        app.whenReady().then(() => new BrowserWindow({ show: false }).loadFile('index.html'));
        "#,
        &[(
            "index.html",
            r#"<!doctype html><body><ul id="notes"></ul><script>
            // A failure is reported at once rather than left for the run limit.
            if (typeof require === 'function') try {
              const view = require('./renderer.js');
              view.render(document.getElementById('notes'));
              const again = require('./renderer');
              const facts = [again === view, typeof module, module.exports === exports,
                view.where, view.slug, require('os').platform(), Buffer.from('hi').toString('hex'),
                (() => { try { require('http') } catch (e) { return e.message } })()];
              require('electron').ipcRenderer.send('rendered', facts.join(' '));
            } catch (error) {
              require('electron').ipcRenderer.send('rendered', `the page failed: ${error.stack}`);
            }
            </script>"#,
        )],
    );
    add_files(
        &dir,
        &[
            (
                "renderer.js",
                r#"const path = require('path');
const fs = require('fs');
const { titleCase, slug } = require('textkit');
const folder = path.join(__dirname, 'notes');
exports.render = (list) => {
  for (const name of fs.readdirSync(folder).sort()) {
    const item = document.createElement('li');
    item.textContent = `${titleCase(path.basename(name, '.txt'))}: ${fs.readFileSync(path.join(folder, name), 'utf8').trim()}`;
    list.appendChild(item);
  }
};
exports.where = `${path.basename(__dirname)}/${path.basename(__filename)} ${module.id === __filename}`;
exports.slug = slug('Node In Pages');
"#,
            ),
            ("notes/groceries.txt", "milk, bread\n"),
            ("notes/to-do.txt", "write tests\n"),
            (
                "node_modules/textkit/package.json",
                r#"{"name": "textkit", "exports": {".": {"import": "./esm/index.mjs", "require": "./cjs/index.js"}}}"#,
            ),
            (
                "node_modules/textkit/cjs/index.js",
                "const { words } = require('./words');\n\
                 exports.titleCase = (text) => words(text).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');\n\
                 exports.slug = (text) => words(text).join('-').toLowerCase();\n",
            ),
            (
                "node_modules/textkit/cjs/words.js",
                "exports.words = (text) => text.split(/[\\s-]+/).filter(Boolean);\n",
            ),
            (
                "node_modules/textkit/esm/index.mjs",
                "export const titleCase = () => 'the ES module was loaded';\n",
            ),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "true object true page-require/renderer.js true node-in-pages linux 6869 module 'http' is not available in cathode pages",
            "Groceries: milk, bread | To Do: write tests",
            "without node integration: undefined undefined undefined undefined undefined",
        ]
    );
}

/// Modules that go wrong fail as in Node, in the main script and in a page: one that throws
/// while loading names its file and line and throws again when required again; a cycle sees the
/// partial exports; a package whose package.json is not JSON is named; a missing module has its
/// require stack. In the page, `fs` on a path the user may not use is `EACCES` with the path
/// (access(2) refuses execution of a file without an execute bit even to root), and `execSync`
/// of a command that prints 100 MB stops at `maxBuffer` with Node's `ENOBUFS`.
#[cfg(unix)]
#[test]
fn modules_and_calls_that_fail_do_as_in_node_in_the_main_script_and_in_pages() {
    let checks = r#"
        const attempt = (f) => { try { return `ok ${JSON.stringify(f())}` } catch (e) { return `${e.code || e.name}: ${e.message.split('\n')[0]}` } };
        const loads = [1, 2].map(() => { try { require('./lib/bad') } catch (e) { return [e.message, /lib\/bad\.js:3\b/.test(e.stack)].join(' ') } });
        const cycle = require('./lib/a');
        const broken = attempt(() => require('broken')).replace(__dirname, '<app>');
        const missing = (() => { try { require('./lib/nope') } catch (e) { return [e.code, e.requireStack.length] } })();
        const checks = [...loads, `runs ${globalThis.badRuns}`, `cycle ${cycle.fromB} ${cycle.late}`, broken, `missing ${missing}`];
    "#;
    let dir = app(
        "failing-modules",
        &format!(
            r#"
            const {{ app, BrowserWindow, ipcMain }} = require('electron');
            {checks}
            console.log(checks.join('\n'));
            ipcMain.on('page', (event, lines) => {{ console.log(lines.join('\n')); app.quit(); }});
            app.whenReady().then(() => new BrowserWindow({{ show: false }}).loadFile('index.html'));
            "#
        ),
        &[(
            "index.html",
            &format!(
                r#"<!doctype html><script>
                {checks}
                const fs = require('fs');
                fs.writeFileSync('plain.txt', 'not a program', {{ mode: 0o644 }});
                let denied;
                try {{ fs.accessSync('plain.txt', fs.constants.X_OK) }} catch (e) {{ denied = [e.code, e.syscall, e.path, e.message].join(' ') }}
                let flood;
                try {{ require('child_process').execSync('head -c 100000000 /dev/zero') }} catch (e) {{ flood = [e.code, e.message, e.stdout.length].join(' ') }}
                require('electron').ipcRenderer.send('page', [...checks.map((line) => `page ${{line}}`), denied, flood]);
                </script>"#
            ),
        )],
    );
    add_files(
        &dir,
        &[
            (
                "lib/bad.js",
                "globalThis.badRuns = (globalThis.badRuns || 0) + 1;\n\n throw new Error('broken at load');\n",
            ),
            (
                "lib/a.js",
                "exports.early = 'a-early';\nconst b = require('./b');\nexports.late = 'a-late';\nexports.fromB = b.sawA;\n",
            ),
            ("lib/b.js", "exports.sawA = JSON.stringify(require('./a'));\n"),
            ("node_modules/broken/package.json", "{ \"name\": broken"),
        ],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let common = [
        "broken at load true",
        "broken at load true",
        "runs 2",
        r#"cycle {"early":"a-early"} a-late"#,
        "SyntaxError: Error parsing <app>/node_modules/broken/package.json: ",
        "missing MODULE_NOT_FOUND,1",
    ];
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 14, "{stdout}");
    for (i, expected) in common.iter().enumerate() {
        assert!(lines[i].starts_with(expected), "main line {i}: {stdout}");
        let page = format!("page {expected}");
        assert!(lines[6 + i].starts_with(&page), "page line {i}: {stdout}");
    }
    let plain = dir.join("plain.txt");
    assert_eq!(
        lines[12],
        "EACCES access plain.txt EACCES: permission denied, access 'plain.txt'"
    );
    assert_eq!(lines[13], "ENOBUFS spawnSync /bin/sh ENOBUFS 1048576");
    assert!(plain.is_file(), "relative paths are the app's folder");
}

/// A file browser's first step: the main script lists a folder with `fs.readdir` (file types
/// included) and sends the list to its page, which renders it.
#[test]
fn a_main_script_lists_a_directory_into_the_page() {
    let dir = app(
        "list-folder",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        const fs = require('fs');
        const path = require('path');
        ipcMain.on('shown', async (event) => {
            console.log(await event.sender.executeJavaScript(
                `[...document.querySelectorAll('li')].map((li) => li.className + ' ' + li.textContent).join('\\n')`));
            app.quit();
        });
        app.whenReady().then(async () => {
            const win = new BrowserWindow({ show: false });
            await win.loadFile('index.html');
            const folder = path.join(__dirname, 'shelf');
            const entries = await fs.promises.readdir(folder, { withFileTypes: true });
            const listing = entries.map((entry) => ({
                name: entry.name,
                kind: entry.isDirectory() ? 'folder' : entry.isSymbolicLink() ? 'link' : 'file',
                size: entry.isFile() ? fs.statSync(path.join(folder, entry.name)).size : null,
            }));
            win.webContents.send('listing', path.basename(folder), listing);
        });
        "#,
        &[(
            "index.html",
            r#"<!doctype html><body><h1></h1><ul></ul><script>
            const { ipcRenderer } = require('electron');
            ipcRenderer.on('listing', (event, folder, entries) => {
              document.querySelector('h1').textContent = folder;
              for (const entry of entries) {
                const item = document.createElement('li');
                item.className = entry.kind;
                item.textContent = entry.size === null ? entry.name : `${entry.name} (${entry.size} bytes)`;
                document.querySelector('ul').appendChild(item);
              }
              ipcRenderer.send('shown');
            });
            </script>"#,
        )],
    );
    add_files(
        &dir,
        &[
            ("shelf/notes.txt", "twelve bytes"),
            ("shelf/photos/cat.jpg", "jpg"),
            ("shelf/empty/.keep", ""),
        ],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("notes.txt", dir.join("shelf/latest")).unwrap();
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    let mut expected = vec![
        "folder empty",
        "link latest",
        "file notes.txt (12 bytes)",
        "folder photos",
    ];
    if cfg!(not(unix)) {
        expected.remove(1);
    }
    assert_eq!(text(&output.stdout).lines().collect::<Vec<_>>(), expected);
}

/// The main script runs a tool and streams its output to the page line by line: the tool's
/// second line comes only after the page showed the first (the tool waits on its input for
/// main to say so), so the page saw the output while the tool ran, not all at its end.
#[cfg(unix)]
#[test]
fn a_main_script_streams_a_tools_output_to_the_page_line_by_line() {
    let dir = app(
        "stream-tool",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        const { spawn } = require('child_process');
        app.whenReady().then(async () => {
            const win = new BrowserWindow({ show: false });
            await win.loadFile('index.html');
            const tool = spawn('sh', ['-c', 'echo one; read go; echo "two $go"; echo three']);
            let pending = '';
            tool.stdout.setEncoding('utf8');
            tool.stdout.on('data', (chunk) => {
                const lines = (pending + chunk).split('\n');
                pending = lines.pop();
                for (const line of lines) win.webContents.send('line', line);
            });
            ipcMain.on('shown', (event, count) => {
                if (count > 1) return console.log(`page shows ${count} lines`);
                // The tool waits for this before its second line.
                console.log(`page shows 1 line; tool still running: ${tool.exitCode === null}`);
                tool.stdin.end('went\n');
            });
            tool.on('close', (code) => win.webContents.send('done', code));
            ipcMain.on('finished', async () => {
                console.log(await win.webContents.executeJavaScript(
                    `document.getElementById('out').textContent + document.getElementById('status').textContent`));
                app.quit();
            });
        });
        "#,
        &[(
            "index.html",
            r#"<!doctype html><body><pre id="out"></pre><p id="status"></p><script>
            const { ipcRenderer } = require('electron');
            const out = document.getElementById('out');
            ipcRenderer.on('line', (event, line) => {
              out.textContent += `${line}\n`;
              const count = out.textContent.trim().split('\n').length;
              ipcRenderer.send('shown', count);
            });
            ipcRenderer.on('done', (event, code) => {
              document.getElementById('status').textContent = `exit ${code}`;
              ipcRenderer.send('finished');
            });
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "page shows 1 line; tool still running: true",
            "page shows 2 lines",
            "page shows 3 lines",
            "one",
            "two went",
            "three",
            "exit 0",
        ]
    );
}

/// True once `pid` has ended (gone, or a zombie nobody reaped yet).
#[cfg(target_os = "linux")]
fn process_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// A page with node integration runs tools itself: `spawn` with its output streamed and its
/// input written, `exec` with a callback; a child that never exits is killed when the app quits.
#[cfg(target_os = "linux")]
#[test]
fn a_page_runs_tools_with_spawn_and_exec_and_leaves_no_child_running() {
    let dir = app(
        "page-spawn",
        r#"
        const { app, BrowserWindow, ipcMain } = require('electron');
        ipcMain.on('report', (event, lines) => { console.log(lines.join('\n')); app.quit(); });
        app.whenReady().then(() => new BrowserWindow({ show: false }).loadFile('index.html'));
        "#,
        &[(
            "index.html",
            r#"<!doctype html><script>
            const { spawn, exec } = require('child_process');
            const lines = [];
            const tool = spawn('sh', ['-c', 'echo ready; read name; echo "hello $name"; exit 3']);
            tool.stdout.setEncoding('utf8');
            tool.stdout.on('data', (chunk) => {
              for (const line of chunk.trim().split('\n')) {
                lines.push(`out: ${line}`);
                if (line === 'ready') tool.stdin.end('page\n');
              }
            });
            // 'close' comes after the output has ended ('exit' need not, in Node either).
            tool.on('close', (code) => {
              lines.push(`close ${code}`);
              exec('echo to-out; echo to-err >&2; exit 2', (err, stdout, stderr) => {
                lines.push(`exec ${err.code} ${JSON.stringify(stdout)} ${JSON.stringify(stderr)}`);
                const missing = spawn('definitely-not-a-command-xyz');
                missing.on('error', (e) => {
                  lines.push(`missing ${e.code} ${e.syscall}`);
                  const sleeper = spawn('sleep', ['1000']);
                  sleeper.on('close', (code, signal) => {
                    lines.push(`killed ${code} ${signal} ${sleeper.killed}`);
                    const stuck = spawn('sleep', ['1000']);
                    stuck.on('spawn', () => require('electron').ipcRenderer.send('report', [...lines, `stuck ${stuck.pid}`]));
                  });
                  sleeper.on('spawn', () => sleeper.kill());
                });
              });
            });
            </script>"#,
        )],
    );
    let output = cathode(&["--headless", dir.to_str().unwrap()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..6],
        [
            "out: ready",
            "out: hello page",
            "close 3",
            r#"exec 2 "to-out\n" "to-err\n""#,
            "missing ENOENT spawn definitely-not-a-command-xyz",
            "killed null SIGTERM true",
        ],
        "{stdout}"
    );
    let stuck: u32 = lines[6]
        .strip_prefix("stuck ")
        .and_then(|pid| pid.parse().ok())
        .expect("the stuck child's pid");
    let deadline = Instant::now() + RUN_LIMIT;
    while !process_gone(stuck) {
        assert!(
            Instant::now() < deadline,
            "the page's child {stuck} outlived the app"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
