//! Talking to a real headless Chromium over the private pipe.

use cathode_cdp::protocol::{fetch, page, runtime, target, Binary};
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

#[tokio::test]
async fn text_of_every_kind_crosses_the_cbor_pipe_both_ways() {
    let browser = launch();
    let page = open_page(&browser).await;
    // Non-ASCII text goes to the browser as UTF-8 and comes back as Chromium's UTF-16.
    let text = "quote \" backslash \\ newline \n é ✓ 😀 \u{1}";
    let literal = serde_json::to_string(text).unwrap();
    let answer = page
        .call(&runtime::Evaluate {
            expression: format!("[{literal}, {literal}.length, 'plain ascii', 2 ** 40, 0.25]"),
            return_by_value: true,
            ..runtime::Evaluate::default()
        })
        .await
        .unwrap();
    assert_eq!(
        answer.result.value,
        Some(serde_json::json!([
            text,
            text.encode_utf16().count(),
            "plain ascii",
            1_099_511_627_776_u64,
            0.25
        ]))
    );
}

#[tokio::test]
async fn a_binary_body_reaches_the_page_byte_for_byte_on_either_wire() {
    for wire in [cathode_cdp::Wire::Cbor, cathode_cdp::Wire::Json] {
        let browser = Browser::launch(LaunchOptions {
            executable: find_browser(None).expect("tests need Chromium"),
            headless: true,
            wire,
            ..LaunchOptions::default()
        })
        .expect("Chromium starts");
        let page = open_page(&browser).await;
        let mut events = page.events();
        page.call(&fetch::Enable {
            patterns: vec![fetch::RequestPattern {
                url_pattern: "https://bytes.invalid/*".into(),
                request_stage: "Request".into(),
                resource_type: None,
            }],
        })
        .await
        .unwrap();
        let fetch_all = runtime::Evaluate {
            expression: "fetch('https://bytes.invalid/all').then((r) => r.arrayBuffer())
                .then((b) => [...new Uint8Array(b)].join(','))"
                .into(),
            await_promise: true,
            return_by_value: true,
            ..runtime::Evaluate::default()
        };
        let fetched = page.call(&fetch_all);
        let answer = async {
            let paused = loop {
                let event = events.recv().await.expect("events keep coming");
                if let Some(paused) = event.parse::<fetch::RequestPaused>() {
                    break paused.unwrap();
                }
            };
            page.call(&fetch::FulfillRequest {
                request_id: paused.request_id,
                response_code: 200,
                response_headers: vec![fetch::HeaderEntry {
                    name: "Access-Control-Allow-Origin".into(),
                    value: "*".into(),
                }],
                body: Binary((0..=255).collect()),
            })
            .await
            .unwrap();
        };
        let (fetched, ()) = tokio::join!(fetched, answer);
        let expected = (0..=255)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            fetched.unwrap().result.value,
            Some(serde_json::json!(expected)),
            "{wire:?}"
        );
    }
}

#[tokio::test]
async fn a_binary_request_body_is_read_whole_from_the_paused_request() {
    let browser = launch();
    let page = open_page(&browser).await;
    let mut events = page.events();
    page.call(&fetch::Enable {
        patterns: vec![fetch::RequestPattern {
            url_pattern: "https://bytes.invalid/*".into(),
            request_stage: "Request".into(),
            resource_type: None,
        }],
    })
    .await
    .unwrap();
    // Every byte value, so the body is not UTF-8 text.
    let post = runtime::Evaluate::new(
        "fetch('https://bytes.invalid/post', { method: 'POST', \
         body: new Uint8Array(Array.from({ length: 512 }, (_, i) => i % 256)) }).catch(() => {})",
    );
    page.call(&post).await.unwrap();
    let paused = loop {
        let event = events.recv().await.expect("events keep coming");
        if let Some(paused) = event.parse::<fetch::RequestPaused>() {
            break paused.expect("the paused request is readable");
        }
    };
    let bytes: Vec<u8> = paused
        .request
        .post_data_entries
        .into_iter()
        .flat_map(|entry| entry.bytes.unwrap_or_default().0)
        .collect();
    assert_eq!(bytes, (0..512).map(|i| (i % 256) as u8).collect::<Vec<_>>());
}
