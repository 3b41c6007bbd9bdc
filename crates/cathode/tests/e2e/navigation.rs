//! Loading and navigation events, `will-navigate` / `will-redirect`, titles and `ready-to-show`.

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use cathode::{BrowserWindow, WindowOptions};

use crate::common::{page_file, serve_site, within, Seen, TestApp};

/// Records every loading and navigation event of `window`'s page, in order, as text.
fn record_navigation(window: &BrowserWindow) -> Seen<String> {
    let seen = Seen::new();
    let contents = window.web_contents();
    let tx = seen.sender();
    contents.on_did_start_loading(move || {
        let _ = tx.send("did-start-loading".into());
    });
    let tx = seen.sender();
    contents.on_did_stop_loading(move || {
        let _ = tx.send("did-stop-loading".into());
    });
    let tx = seen.sender();
    contents.on_did_start_navigation(move |started| {
        let name = started
            .url
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let _ = tx.send(format!(
            "did-start-navigation {name} in-place={} main={}",
            started.is_in_place, started.is_main_frame
        ));
    });
    let tx = seen.sender();
    contents.on_did_navigate(move |navigated| {
        let name = navigated
            .url
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let _ = tx.send(format!(
            "did-navigate {name} {} {}",
            navigated.http_response_code, navigated.http_status_text
        ));
    });
    let tx = seen.sender();
    contents.on_did_navigate_in_page(move |moved| {
        let name = moved.url.rsplit('/').next().unwrap_or_default().to_string();
        let _ = tx.send(format!(
            "did-navigate-in-page {name} main={}",
            moved.is_main_frame
        ));
    });
    let tx = seen.sender();
    contents.on_did_fail_load(move |failure| {
        let _ = tx.send(format!("did-fail-load {}", failure.description));
    });
    seen
}

/// The events until (and with) the first one that starts with `last`.
async fn events_until(seen: &mut Seen<String>, last: &str) -> Vec<String> {
    let mut events = Vec::new();
    loop {
        let event = seen.next().await;
        let done = event.starts_with(last);
        events.push(event);
        if done {
            return events;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_click_a_fragment_and_push_state_emit_electrons_navigation_events() {
    let app = TestApp::start().await;
    let window = app.window().await;
    let mut seen = record_navigation(&window);
    let site = serve_site(vec![
        (
            "/first.html",
            "<title>First</title><a id=next href='second.html'>next</a>".into(),
        ),
        ("/second.html", "<title>Second</title>second".into()),
    ]);
    let contents = window.web_contents();
    within(contents.load_url(&format!("{site}/first.html")))
        .await
        .expect("the first page loads");
    assert_eq!(
        events_until(&mut seen, "did-stop-loading").await,
        [
            "did-start-navigation first.html in-place=false main=true",
            "did-start-loading",
            "did-navigate first.html 200 OK",
            "did-stop-loading",
        ]
    );
    assert!(!contents.is_loading());

    within(contents.execute_javascript("document.getElementById('next').click()"))
        .await
        .expect("the link is clicked");
    let events = events_until(&mut seen, "did-stop-loading").await;
    assert!(
        events.contains(&"did-navigate second.html 200 OK".to_string()),
        "{events:?}"
    );

    within(
        contents.execute_javascript(
            "location.hash = 'part'; history.pushState({}, '', 'third.html'); 0",
        ),
    )
    .await
    .expect("the page moves within its document");
    let mut in_page = Vec::new();
    while in_page.len() < 4 {
        let event = seen.next().await;
        if event.starts_with("did-navigate-in-page") || event.contains("in-place=true") {
            in_page.push(event);
        }
    }
    assert_eq!(
        in_page,
        [
            "did-start-navigation second.html#part in-place=true main=true",
            "did-navigate-in-page second.html#part main=true",
            "did-start-navigation third.html in-place=true main=true",
            "did-navigate-in-page third.html main=true",
        ]
    );
    assert!(
        contents.url().ends_with("/third.html"),
        "{}",
        contents.url()
    );
    app.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_page_reports_its_http_status() {
    let app = TestApp::start().await;
    let window = app.window().await;
    let mut seen = record_navigation(&window);
    let site = serve_site(vec![]);
    within(
        window
            .web_contents()
            .load_url(&format!("{site}/missing.html")),
    )
    .await
    .expect("a 404 page still loads");
    let events = events_until(&mut seen, "did-stop-loading").await;
    assert!(
        events.contains(&"did-navigate missing.html 404 Not Found".to_string()),
        "{events:?}"
    );
    app.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_page_the_page_goes_to_fails_and_stops_loading() {
    let app = TestApp::start().await;
    let window = app.window().await;
    let start = page_file("nav-unreachable.html", "<title>Start</title>start");
    within(window.load_file(&start))
        .await
        .expect("the page loads");
    let mut seen = record_navigation(&window);
    // A loopback port nothing listens on any more: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a loopback port")
        .port();
    within(
        window
            .web_contents()
            .execute_javascript(&format!("location.href = 'http://127.0.0.1:{closed}/'; 0")),
    )
    .await
    .expect("the page navigates");
    // The first page's own did-stop-loading may still be on its way: wait for the failure,
    // then for the loading to stop.
    let mut events = events_until(&mut seen, "did-fail-load").await;
    events.extend(events_until(&mut seen, "did-stop-loading").await);
    assert!(
        !events
            .iter()
            .any(|event| event.starts_with("did-navigate ")),
        "an error page is no did-navigate: {events:?}"
    );

    // The same from main: the load fails, and the loading stops.
    let failed = within(window.load_url(&format!("http://127.0.0.1:{closed}/from-main"))).await;
    assert!(failed.is_err(), "{failed:?}");
    let mut events = events_until(&mut seen, "did-fail-load").await;
    events.extend(events_until(&mut seen, "did-stop-loading").await);
    assert!(
        events.contains(&"did-fail-load ERR_CONNECTION_REFUSED".to_string()),
        "{events:?}"
    );
    assert!(!window.web_contents().is_loading());
    app.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn will_navigate_can_keep_the_page_where_it_is_and_load_url_never_asks() {
    let app = TestApp::start().await;
    let window = app.window().await;
    let contents = window.web_contents();
    let asked = Seen::new();
    let tx = asked.sender();
    let mut asked = asked;
    contents.on_will_navigate(move |navigation| {
        let _ = tx.send(navigation.url.clone());
        if navigation.url.contains("outside") {
            navigation.verdict.prevent_default();
        }
    });
    let start = page_file(
        "nav-start.html",
        "<title>Start</title><a id=out href='https://outside.invalid/x#y'>out</a>\
         <a id=inside href='nav-inside.html'>in</a>",
    );
    page_file("nav-inside.html", "<title>Inside</title>inside");
    within(window.load_file(&start))
        .await
        .expect("the page loads");
    assert!(
        asked.stays_empty(Duration::from_millis(200)).await,
        "load_file is not will-navigate"
    );

    within(contents.execute_javascript("document.getElementById('out').click()"))
        .await
        .expect("the link is clicked");
    assert_eq!(asked.next().await, "https://outside.invalid/x");
    // Prevented: the page is still there and still answers.
    let title = within(contents.execute_javascript("document.title"))
        .await
        .expect("the page answers");
    assert_eq!(title, "Start");
    assert!(contents.url().ends_with("nav-start.html"));

    // A deferred decision that lets it go on.
    contents.on_will_navigate(|navigation| {
        let later = navigation.verdict.defer();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            later.proceed();
        });
    });
    within(contents.execute_javascript("location.href = 'nav-inside.html'; 0"))
        .await
        .expect("the page navigates");
    assert!(asked.next().await.ends_with("nav-inside.html"));
    // (Not `did-stop-loading`: the prevented navigation's own may come late on a busy machine.)
    within(async {
        while !contents.url().ends_with("nav-inside.html") {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    app.exit().await;
}

/// A loopback server whose `/old` redirects to `/new`.
fn redirecting_site() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("the port's address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request_line = String::new();
                let mut reader = BufReader::new(&mut stream);
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let answer = if request_line.contains("/old") {
                    "HTTP/1.1 302 Found\r\nLocation: /new\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                } else {
                    let body = "<title>New</title>new";
                    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
                };
                let _ = stream.write_all(answer.as_bytes());
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn will_redirect_names_the_new_url_and_can_stop_the_redirect() {
    let app = TestApp::start().await;
    let window = app.window().await;
    let contents = window.web_contents();
    let site = redirecting_site();
    let redirects = Seen::new();
    let tx = redirects.sender();
    let mut redirects = redirects;
    let id = contents.on_will_redirect(move |redirect| {
        let _ = tx.send(redirect.url.clone());
    });
    within(contents.load_url(&format!("{site}/old")))
        .await
        .expect("the redirect is followed");
    assert_eq!(redirects.next().await, format!("{site}/new"));
    assert_eq!(contents.url(), format!("{site}/new"));

    contents.remove_listener(id);
    contents.on_will_redirect(|redirect| redirect.verdict.prevent_default());
    let refused = within(contents.load_url(&format!("{site}/old"))).await;
    assert!(
        refused.is_err(),
        "a stopped redirect is a failed load: {refused:?}"
    );
    app.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_title_updated_reports_titles_and_preventing_it_keeps_the_window_title() {
    let app = TestApp::start().await;
    let window = BrowserWindow::new(
        &app.app,
        WindowOptions {
            title: Some("Window title".into()),
            ..WindowOptions::default()
        },
    )
    .await
    .expect("a window opens");
    let titles = Seen::new();
    let tx = titles.sender();
    let mut titles = titles;
    window.web_contents().on_page_title_updated(move |update| {
        let _ = tx.send((update.title.clone(), update.explicit_set));
    });
    window.on_page_title_updated(|update| {
        if update.title != "Other" {
            update.verdict.prevent_default();
        }
    });
    let page = page_file("nav-title.html", "<title>Page title</title>page");
    within(window.load_file(&page))
        .await
        .expect("the page loads");
    // Chromium may name the page after its file until it has read the title.
    let mut first = titles.next().await;
    if first.0 == "nav-title.html" {
        first = titles.next().await;
    }
    assert_eq!(first, ("Page title".to_string(), true));
    assert_eq!(window.web_contents().title(), "Page title");
    assert_eq!(window.title(), "Window title");

    within(
        window
            .web_contents()
            .execute_javascript("document.title = 'Other'; 0"),
    )
    .await
    .expect("the page sets its title");
    assert_eq!(titles.next().await, ("Other".to_string(), true));
    within(async {
        while window.title() != "Other" {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    app.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_to_show_comes_once_for_a_hidden_window_that_then_shows() {
    let app = TestApp::start().await;
    let window = BrowserWindow::new(
        &app.app,
        WindowOptions {
            show: false,
            ..WindowOptions::default()
        },
    )
    .await
    .expect("a window opens");
    let ready = Seen::<()>::new();
    let tx = ready.sender();
    let mut ready = ready;
    let shown = window.clone();
    window.on_ready_to_show(move || {
        let _ = tx.send(());
        let shown = shown.clone();
        tokio::spawn(async move { shown.show().await });
    });
    assert!(!window.is_visible());
    let page = page_file("nav-ready.html", "<title>Ready</title><p>ready</p>");
    within(window.load_file(&page))
        .await
        .expect("the page loads");
    ready.next().await;
    within(async {
        while !window.is_visible() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    within(window.web_contents().load_file(&page))
        .await
        .expect("the page loads again");
    assert!(
        ready.stays_empty(Duration::from_millis(300)).await,
        "ready-to-show comes once"
    );
    app.exit().await;
}
