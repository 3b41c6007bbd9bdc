//! Apps on one shared browser: each in a browser context of its own, independent of the others.

use std::time::Duration;

use cathode::{BrowserWindow, Error};
use cathode_cdp::protocol::target;

use crate::common::{
    run_js, script_page, serve_site, shared_app, shared_browser, within, Seen, TestApp,
};

/// A page that sends `hello` with what main asks it to say.
const SAYS_HELLO: &str = "const { ipcRenderer } = require('electron');\n\
     ipcRenderer.on('say', (event, text) => ipcRenderer.send('hello', text));";

/// The ids of the shared browser's pages in `context` (a window in new headless Chromium also
/// has `browser_ui` targets of its own, such as an omnibox popup).
async fn pages_in(context: &str) -> Vec<String> {
    let root = shared_browser().connection().browser_session();
    let targets = within(root.call(&target::GetTargets {})).await.unwrap();
    targets
        .target_infos
        .into_iter()
        .filter(|info| info.kind == "page" && info.browser_context_id.as_deref() == Some(context))
        .map(|info| info.target_id)
        .collect()
}

/// Records each `hello` an app's main receives, with the sending window's id.
fn hellos(test: &TestApp) -> Seen<(u32, String)> {
    let hellos = Seen::new();
    let tx = hellos.sender();
    test.app.ipc_main().on("hello", move |event, text: String| {
        let _ = tx.send((event.window_id(), text));
    });
    hellos
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_apps_on_one_shared_browser_are_independent() {
    let a = TestApp::start().await;
    let b = TestApp::start().await;
    let browser = shared_browser();
    // One browser, as each app reports it; a context, storage and renderers of each app's own.
    assert_eq!(a.app.browser_pid(), Some(browser.pid()));
    assert_eq!(b.app.browser_pid(), Some(browser.pid()));
    assert!(a.app.is_headless() && b.app.is_headless());
    assert_eq!(a.app.user_data_dir(), None);
    let (a_context, b_context) = (
        a.app.browser_context_id().unwrap(),
        b.app.browser_context_id().unwrap(),
    );
    assert_ne!(a_context, b_context);

    let mut a_hellos = hellos(&a);
    let mut b_hellos = hellos(&b);
    a.app.on_window_all_closed(|| {});
    let page = script_page("shared-hello.html", SAYS_HELLO);
    let (a_window, b_window) = (a.window().await, b.window().await);
    // Both apps' windows have id 1: ids are per app.
    assert_eq!((a_window.id(), b_window.id()), (1, 1));
    a_window.load_file(&page).await.unwrap();
    b_window.load_file(&page).await.unwrap();
    assert_eq!(
        pages_in(&a_context).await.len(),
        1,
        "A's one window is in A's context"
    );

    // The same channel: each message reaches only its own app's main.
    a_window.web_contents().send("say", "from a").unwrap();
    assert_eq!(a_hellos.next().await, (1, "from a".to_string()));
    b_window.web_contents().send("say", "from b").unwrap();
    assert_eq!(b_hellos.next().await, (1, "from b".to_string()));
    assert!(a_hellos.stays_empty(Duration::from_millis(200)).await);
    assert!(b_hellos.stays_empty(Duration::from_millis(200)).await);

    // Storage of the same origin is each app's own.
    let site = serve_site(vec![("/", "<title>site</title>".to_string())]);
    a_window.load_url(&format!("{site}/")).await.unwrap();
    b_window.load_url(&format!("{site}/")).await.unwrap();
    run_js(&a_window, "localStorage.setItem('who', 'a'); 0").await;
    assert_eq!(
        run_js(&b_window, "localStorage.getItem('who')").await,
        serde_json::Value::Null
    );

    // Both apps learn renderer pids at once, taking turns for the browser's one trace; the
    // renderers differ (Chromium never shares one between contexts).
    let (a_contents, b_contents) = (a_window.web_contents(), b_window.web_contents());
    let (a_pid, b_pid) = tokio::join!(a_contents.os_process_id(), b_contents.os_process_id());
    let (a_pid, b_pid) = (a_pid.unwrap(), b_pid.unwrap());
    assert_ne!(a_pid, b_pid);
    assert!(a_pid != browser.pid() && b_pid != browser.pid());

    // Closing A's last window closes nothing of B's.
    let mut b_closed = Seen::new();
    let tx = b_closed.sender();
    b_window.on_closed(move || tx.send(()).unwrap());
    assert!(a_window.close().await);
    within(async {
        while !pages_in(&a_context).await.is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(a.app.is_ready());
    assert!(!b_window.is_destroyed());
    b_window.load_file(&page).await.unwrap();
    b_window.web_contents().send("say", "still here").unwrap();
    assert_eq!(b_hellos.next().await, (1, "still here".to_string()));

    // A quits: its context goes, the browser and B stay.
    let a_app = a.app.clone();
    a.app.quit();
    assert_eq!(a.finished().await.unwrap(), 0);
    assert_eq!(a_app.browser_context_id(), None);
    let late = BrowserWindow::new(&a_app, Default::default()).await;
    assert!(
        late.is_err(),
        "a window of an app that quit would outlive it in the shared browser"
    );
    let contexts = within(
        browser
            .connection()
            .browser_session()
            .call(&target::GetBrowserContexts {}),
    )
    .await
    .unwrap()
    .browser_context_ids;
    assert!(!contexts.contains(&a_context), "{contexts:?}");
    assert!(contexts.contains(&b_context), "{contexts:?}");
    assert!(browser.is_running());
    assert!(b.app.is_ready());
    b_window.web_contents().send("say", "after a quit").unwrap();
    assert_eq!(b_hellos.next().await, (1, "after a quit".to_string()));
    let b_second = b.window().await;
    b_second.load_file(&page).await.unwrap();
    b_second.web_contents().send("say", "new window").unwrap();
    assert_eq!(b_hellos.next().await, (2, "new window".to_string()));
    assert!(b_closed.stays_empty(Duration::from_millis(50)).await);

    assert_eq!(b.exit().await, 0);
    assert!(browser.is_running(), "an app never closes a shared browser");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_that_launch_a_browser_are_refused_on_a_shared_one() {
    let app = shared_app()
        .user_data_dir(std::env::temp_dir().join("cathode-never-made"))
        .build();
    let error = within(app.run(|_| async { Ok(()) })).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::SharedBrowserOption {
                option: "user_data_dir"
            }
        ),
        "{error}"
    );
    let app = shared_app().headless(false).build();
    let error = within(app.run(|_| async { Ok(()) })).await.unwrap_err();
    assert!(error.to_string().contains("headless(false)"), "{error}");
    // Nothing of them is left in the browser, and it runs on.
    assert!(shared_browser().is_running());
    let test = TestApp::start().await;
    let window = BrowserWindow::new(&test.app, Default::default())
        .await
        .unwrap();
    window.load_url("data:text/html,ok").await.unwrap();
    test.exit().await;
}
