//! Real app windows on an X display (an Xvfb the test starts): chromeless, sized as asked, one
//! renderer process each.

use std::process::{Child, Command, Stdio};

use cathode::{App, BrowserWindow, Rectangle, WindowOptions};
use serde_json::Value;

use crate::common::{script_page, Seen, TestApp};

/// A private X server for this test, stopped on drop.
struct VirtualDisplay {
    server: Child,
    name: String,
}

impl VirtualDisplay {
    /// Starts Xvfb on a display number it picks itself (`-displayfd`), once it is ready.
    fn start() -> VirtualDisplay {
        use std::io::{BufRead, BufReader};
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (scripts/install-deps.sh --with-xvfb installs it)");
        let mut number = String::new();
        BufReader::new(server.stdout.take().expect("piped stdout"))
            .read_line(&mut number)
            .expect("Xvfb says which display it took");
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb did not start");
        VirtualDisplay {
            server,
            name: format!(":{number}"),
        }
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock files; SIGKILL would leave them behind.
        let _ = Command::new("kill")
            .arg(self.server.id().to_string())
            .status();
        let _ = self.server.wait();
    }
}

async fn frame_height(window: &BrowserWindow) -> i64 {
    let sizes = window
        .web_contents()
        .execute_javascript("window.outerHeight - window.innerHeight")
        .await
        .unwrap();
    sizes.as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_windows_are_chromeless_resizable_and_one_process_each() {
    let display = VirtualDisplay::start();
    let test = TestApp::start_with(
        App::builder()
            .headless(false)
            .browser_arg("--ozone-platform=x11")
            .browser_arg(format!("--display={}", display.name)),
    )
    .await;
    assert!(!test.app.is_headless());
    let page = script_page(
        "headful.html",
        "require('electron').ipcRenderer.send('shown', innerWidth, document.visibilityState);",
    );
    let mut shown = Seen::new();
    let tx = shown.sender();
    test.app
        .ipc_main()
        .on("shown", move |event, (width, state): (u32, String)| {
            tx.send((event.window_id(), width, state)).unwrap()
        });
    let options = WindowOptions {
        width: 500,
        height: 400,
        x: Some(10),
        y: Some(10),
        ..crate::common::node_options()
    };
    let first = BrowserWindow::new(&test.app, options.clone())
        .await
        .unwrap();
    let second = BrowserWindow::new(&test.app, options).await.unwrap();
    for window in [&first, &second] {
        window.load_file(&page).await.unwrap();
        let (id, width, state) = shown.next().await;
        assert_eq!((id, width, state.as_str()), (window.id(), 500, "visible"));
        // A browser window with a tab strip and an omnibox has about 87 px here.
        let chrome = frame_height(window).await;
        assert!(
            (0..40).contains(&chrome),
            "window {} has {chrome} px of chrome",
            window.id()
        );
    }
    let pids = (
        first.web_contents().os_process_id().await.unwrap(),
        second.web_contents().os_process_id().await.unwrap(),
    );
    assert_ne!(pids.0, pids.1);

    first
        .set_bounds(Rectangle {
            x: 30,
            y: 40,
            width: 700,
            height: 450,
        })
        .await
        .unwrap();
    let outer = first
        .web_contents()
        .execute_javascript("[outerWidth, outerHeight]")
        .await
        .unwrap();
    assert_eq!(outer, Value::from(vec![700, 450]));
    let bounds = first.bounds().await.unwrap();
    assert_eq!((bounds.width, bounds.height), (700, 450));

    // A page that closes its own window: `closed` fires, as when the user closes it.
    let mut closed = Seen::new();
    let tx = closed.sender();
    second.on_closed(move || tx.send(()).unwrap());
    // The window may be gone before main reads the evaluation's answer: either is fine.
    let _ = second
        .web_contents()
        .execute_javascript("setTimeout(() => window.close(), 0)")
        .await;
    closed.next().await;
    assert!(second.is_destroyed());
    assert_eq!(
        BrowserWindow::get_all_windows(&test.app),
        vec![first.clone()]
    );
    test.exit().await;
}
