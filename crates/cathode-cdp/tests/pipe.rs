//! Talking to a real headless Chromium over the private pipe.

use cathode_cdp::protocol::{page, runtime, target};
use cathode_cdp::{find_browser, Browser, LaunchOptions};

fn launch() -> Browser {
    Browser::launch(LaunchOptions {
        executable: find_browser(None).expect("tests need Chromium: run scripts/install-deps.sh"),
        headless: true,
        ..LaunchOptions::default()
    })
    .expect("Chromium starts")
}

async fn open_page(browser: &Browser) -> cathode_cdp::Session {
    let root = browser.connection().browser_session();
    let created = root
        .call(&target::CreateTarget {
            url: "about:blank".into(),
            ..Default::default()
        })
        .await
        .expect("createTarget");
    browser
        .connection()
        .attach(&created.target_id)
        .await
        .expect("attach")
}

#[tokio::test]
async fn evaluate_in_a_page_returns_the_value() {
    let browser = launch();
    let page = open_page(&browser).await;
    let answer = page
        .call(&runtime::Evaluate::new("[1 + 1, 'two']"))
        .await
        .unwrap();
    assert_eq!(answer.result.value, Some(serde_json::json!([2, "two"])));
}

#[tokio::test]
async fn a_binding_call_in_the_page_arrives_as_an_event_on_its_session() {
    let browser = launch();
    let page = open_page(&browser).await;
    let mut events = page.events();
    page.call(&runtime::AddBinding {
        name: "probe".into(),
        execution_context_name: None,
    })
    .await
    .unwrap();
    page.call(&runtime::Evaluate::new("probe('hello')"))
        .await
        .unwrap();
    let event = loop {
        let event = events.recv().await.expect("events keep coming");
        if let Some(parsed) = event.parse::<runtime::BindingCalled>() {
            break parsed.unwrap();
        }
    };
    assert_eq!(event.payload, "hello");
}

#[tokio::test]
async fn a_protocol_error_names_the_method() {
    let browser = launch();
    let page = open_page(&browser).await;
    let error = page
        .call(&page::Navigate::new("not a url"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("Page.navigate"), "{error}");
}

#[tokio::test]
async fn calls_fail_cleanly_once_the_browser_is_gone() {
    let browser = launch();
    let page = open_page(&browser).await;
    let connection = browser.connection().clone();
    drop(browser);
    let error = page.call(&runtime::Evaluate::new("1")).await.unwrap_err();
    assert!(
        matches!(error, cathode_cdp::CdpError::ConnectionClosed),
        "{error}"
    );
    assert!(connection.is_closed());
}
