//! Shared test helpers: write a small app into a temporary directory, run it, capture its output.

#![allow(dead_code)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cathode_js::{JsHost, JsHostBuilder, Stream};

/// A directory of app files, removed when dropped.
pub(crate) struct AppDir {
    pub path: PathBuf,
}

impl AppDir {
    pub(crate) fn new(files: &[(&str, &str)]) -> AppDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "cathode-js-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        for (name, text) in files {
            let file = path.join(name);
            std::fs::create_dir_all(file.parent().expect("a file has a parent"))
                .expect("create app dir");
            std::fs::write(&file, text).expect("write app file");
        }
        // Resolve symlinks (macOS /tmp) so paths match what the host reports.
        let path = std::fs::canonicalize(&path).expect("canonical app dir");
        AppDir { path }
    }

    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for AppDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// What the app printed.
#[derive(Clone, Default)]
pub(crate) struct Output {
    out: Rc<RefCell<String>>,
    err: Rc<RefCell<String>>,
}

impl Output {
    pub(crate) fn stdout(&self) -> String {
        self.out.borrow().clone()
    }

    pub(crate) fn stderr(&self) -> String {
        self.err.borrow().clone()
    }
}

/// A builder whose console writes into the returned [`Output`].
pub(crate) fn captured(dir: &AppDir) -> (JsHostBuilder, Output) {
    let output = Output::default();
    let sink = output.clone();
    let builder = JsHost::builder()
        .cwd(&dir.path)
        .console(move |stream: Stream, text: &str| match stream {
            Stream::Stdout => sink.out.borrow_mut().push_str(text),
            Stream::Stderr => sink.err.borrow_mut().push_str(text),
        });
    (builder, output)
}

/// Writes `files`, runs `main.js` with a captured console, and returns the result and output.
pub(crate) async fn run_app(files: &[(&str, &str)]) -> (cathode_js::Result<i32>, Output) {
    let dir = AppDir::new(files);
    let (builder, output) = captured(&dir);
    let host = builder.build().expect("host builds");
    let result = host.run(Path::new("main.js")).await;
    (result, output)
}

/// Runs `main.js` and returns its stdout, failing the test on any error or non-zero exit.
pub(crate) async fn stdout_of(main: &str) -> String {
    let (result, output) = run_app(&[("main.js", main)]).await;
    match result {
        Ok(0) => output.stdout(),
        other => panic!(
            "the app failed: {other:?}\nstdout:\n{}\nstderr:\n{}",
            output.stdout(),
            output.stderr()
        ),
    }
}
