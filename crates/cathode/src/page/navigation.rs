//! The browser's loading and navigation events, and the page's document requests: paused at the
//! request stage (so that main may refuse a navigation the page starts, `will-navigate`) and at
//! the response stage (the HTTP status of `did-navigate`, and redirects, `will-redirect`). Only
//! requests for documents are paused; a page's scripts, styles and images never are.

use cathode_cdp::protocol::{fetch, page, runtime, EventType};
use cathode_cdp::Event;

use super::{parsed, Page, PageEvent};
use crate::error::Result;

/// The patterns that pause every document request of the page, before it is sent and when its
/// response arrives.
pub(super) fn document_patterns() -> Vec<fetch::RequestPattern> {
    ["Request", "Response"]
        .into_iter()
        .map(|stage| fetch::RequestPattern {
            url_pattern: "*".into(),
            request_stage: stage.into(),
            resource_type: Some("Document".into()),
        })
        .collect()
}

/// The URL prefix of the synchronous requests of cathode's input watcher (`window/input.rs`),
/// which every window's session pauses. A page cannot forge one: each carries a secret only the
/// watcher's isolated world knows.
pub(crate) const INPUT_URL: &str = "https://cathode.invalid/input/";

/// The URL prefix of the page's questions about its own `window.open` calls
/// (`renderer/window_open.js`, answered by `window/open.rs`), which every window's session
/// pauses. A page may post to it itself: it gains nothing by that it could not get by calling
/// `window.open`.
pub(crate) const OPEN_URL: &str = "https://cathode.invalid/open/";

/// The patterns that pause the requests of cathode's own page scripts: the input watcher's and
/// the `window.open` guard's.
pub(super) fn own_patterns() -> [fetch::RequestPattern; 2] {
    [INPUT_URL, OPEN_URL].map(|url| fetch::RequestPattern {
        url_pattern: format!("{url}*"),
        request_stage: "Request".into(),
        resource_type: None,
    })
}

/// A document response the browser paused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PausedResponse {
    pub status: i32,
    pub status_text: String,
    /// Where a redirect goes (its `Location` header).
    pub location: Option<String>,
}

impl PausedResponse {
    pub(super) fn of(paused: &fetch::RequestPaused) -> Option<PausedResponse> {
        let status = paused.response_status_code?;
        let location = paused.response_headers.iter().flatten().find_map(|header| {
            header
                .name
                .eq_ignore_ascii_case("location")
                .then(|| header.value.clone())
        });
        Some(PausedResponse {
            status,
            status_text: paused.response_status_text.clone().unwrap_or_default(),
            location,
        })
    }

    /// True for a redirect response that says where to.
    pub(crate) fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status) && self.location.is_some()
    }
}

/// The loading and navigation events, as [`PageEvent`]s; `None` for other events.
pub(super) fn page_event(event: &Event) -> Option<PageEvent> {
    match event.method.as_str() {
        page::FrameStartedLoading::METHOD => parsed(event, |started: page::FrameStartedLoading| {
            PageEvent::Loading {
                frame_id: started.frame_id,
                started: true,
            }
        }),
        page::FrameStoppedLoading::METHOD => parsed(event, |stopped: page::FrameStoppedLoading| {
            PageEvent::Loading {
                frame_id: stopped.frame_id,
                started: false,
            }
        }),
        page::FrameStartedNavigating::METHOD => {
            parsed(event, |started: page::FrameStartedNavigating| {
                PageEvent::NavigationStarted {
                    in_place: matches!(
                        started.navigation_type.as_str(),
                        "sameDocument" | "historySameDocument"
                    ),
                    frame_id: started.frame_id,
                    url: started.url,
                }
            })
        }
        page::FrameRequestedNavigation::METHOD => {
            parsed(event, |requested: page::FrameRequestedNavigation| {
                PageEvent::NavigationRequested {
                    frame_id: requested.frame_id,
                    url: requested.url,
                }
            })
        }
        page::NavigatedWithinDocument::METHOD => {
            parsed(event, |navigated: page::NavigatedWithinDocument| {
                PageEvent::NavigatedInDocument {
                    frame_id: navigated.frame_id,
                    url: navigated.url,
                }
            })
        }
        _ => None,
    }
}

impl Page {
    /// Has the main frame of every new document report its title: `script` runs in the isolated
    /// world `world`, which alone gets the binding `binding`.
    pub(crate) async fn follow_titles(
        &self,
        world: &str,
        binding: &str,
        script: String,
    ) -> Result<()> {
        let binding = runtime::AddBinding {
            name: binding.to_string(),
            execution_context_name: Some(world.to_string()),
        };
        let script = page::AddScriptToEvaluateOnNewDocument {
            source: script,
            world_name: Some(world.to_string()),
        };
        tokio::try_join!(self.call(&binding), self.call(&script))?;
        Ok(())
    }

    /// Lets a paused request (or response) go on, without waiting.
    pub(crate) fn continue_request(&self, request_id: String) -> Result<()> {
        let go_on = fetch::ContinueRequest { request_id };
        self.session.call_detached(&go_on, |answer| {
            if let Err(error) = answer {
                tracing::debug!(%error, "a paused request could not go on");
            }
        })?;
        Ok(())
    }

    /// Fails a paused request as aborted (a navigation main refused), without waiting.
    pub(crate) fn abort_request(&self, request_id: String) -> Result<()> {
        let failed = fetch::FailRequest {
            request_id,
            error_reason: "Aborted".into(),
        };
        self.session.call_detached(&failed, |_| {})?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(method: &str, params: serde_json::Value) -> Event {
        Event {
            method: method.into(),
            params: serde_json::value::to_raw_value(&params).expect("JSON"),
        }
    }

    #[test]
    fn a_history_navigation_within_the_document_is_in_place() {
        let translated = page_event(&event(
            "Page.frameStartedNavigating",
            json!({"frameId": "F", "url": "file:///a#x", "loaderId": "L",
                   "navigationType": "historySameDocument"}),
        ));
        assert_eq!(
            translated,
            Some(PageEvent::NavigationStarted {
                frame_id: "F".into(),
                url: "file:///a#x".into(),
                in_place: true
            })
        );
    }

    #[test]
    fn a_paused_redirect_says_where_it_goes() {
        let paused: fetch::RequestPaused = serde_json::from_value(json!({
            "requestId": "R", "frameId": "F", "resourceType": "Document",
            "request": {"url": "http://a/", "method": "GET"},
            "responseStatusCode": 302, "responseStatusText": "Found",
            "responseHeaders": [{"name": "location", "value": "http://b/"}]
        }))
        .expect("a paused response");
        let response = PausedResponse::of(&paused).expect("a response");
        assert!(response.is_redirect());
        assert_eq!(response.location.as_deref(), Some("http://b/"));
    }
}
