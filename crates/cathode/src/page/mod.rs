//! The only code in the crate that speaks the DevTools protocol: it builds every CDP command and
//! reads every CDP event, so that the rest of the crate works with pages, frames and requests.
//!
//! [`BrowserLink`] is the browser side (targets, OS windows); [`Page`] is one page's session
//! (prepare it, load, evaluate, answer paused requests, trace). Events come out as plain
//! [`PageEvent`]s and [`BrowserEvent`]s, which the lifecycle code consumes and its unit tests can
//! build without a browser.

use std::collections::HashSet;

use cathode_cdp::protocol::{
    browser, fetch, log, page, runtime, target, tracing as trace, Command, EventType,
};
use cathode_cdp::{CdpError, Connection, Event, EventReceiver, Session};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::events::{ConsoleLevel, ConsoleMessage};

mod emulation;
mod navigation;
mod tools;

pub(crate) use navigation::{PausedResponse, INPUT_URL, OPEN_URL};
pub(crate) use tools::HistoryEntry;

/// How long to wait before trying a refused trace again.
const TRACE_RETRY: std::time::Duration = std::time::Duration::from_millis(25);

/// The browser's refusal of a page command while the page's new document is not yet its
/// active one.
const INACTIVE_PAGE: &str = "Not attached to an active page";

/// How long to wait before sending a command refused with [`INACTIVE_PAGE`] again.
const INACTIVE_PAGE_RETRY: std::time::Duration = std::time::Duration::from_millis(10);

/// How long a page may stay between documents before its refusal is taken as final: a safety
/// net, far above the milliseconds it takes even on a busy machine.
const INACTIVE_PAGE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// A window's OS state, as the browser names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WindowState {
    Normal,
    Minimized,
    Maximized,
    Fullscreen,
}

impl WindowState {
    fn as_str(self) -> &'static str {
        match self {
            WindowState::Normal => "normal",
            WindowState::Minimized => "minimized",
            WindowState::Maximized => "maximized",
            WindowState::Fullscreen => "fullscreen",
        }
    }
}

/// An OS window's position, size and state; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WindowBounds {
    pub left: Option<i32>,
    pub top: Option<i32>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub state: Option<WindowState>,
}

impl WindowBounds {
    fn to_cdp(&self) -> browser::Bounds {
        browser::Bounds {
            left: self.left,
            top: self.top,
            width: self.width,
            height: self.height,
            window_state: self.state.map(|state| state.as_str().to_string()),
        }
    }
}

/// The OS window that shows a page.
#[derive(Debug, Clone)]
pub(crate) struct OsWindow {
    id: i64,
    pub bounds: WindowBounds,
    /// The browser's name for its state (`normal`, `minimized`, `maximized`, `fullscreen`).
    pub state: Option<String>,
}

/// What the browser says about a target's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TitleInfo {
    pub target_id: String,
    pub title: String,
    pub url: String,
}

/// The browser's own session: targets and OS windows.
#[derive(Clone)]
pub(crate) struct BrowserLink {
    connection: Connection,
}

impl BrowserLink {
    pub(crate) fn new(connection: Connection) -> BrowserLink {
        BrowserLink { connection }
    }

    fn root(&self) -> Session {
        self.connection.browser_session()
    }

    /// Starts target events; they come on the returned receiver, those of every target, or
    /// only those of the targets in browser context `context`. Other followers of the browser
    /// (apps sharing it) get every event too.
    pub(crate) async fn follow_targets(&self, context: Option<&str>) -> Result<BrowserEvents> {
        let root = self.root();
        // Before anything can happen in the context, so that no event of its targets is missed.
        let events = root.subscribe();
        root.call(&target::SetDiscoverTargets { discover: true })
            .await?;
        Ok(BrowserEvents {
            events,
            context: context.map(|id| (id.to_string(), HashSet::new())),
        })
    }

    /// Creates a browser context: storage, cache and renderer processes of its own.
    pub(crate) async fn create_context(&self) -> Result<String> {
        let created = self
            .root()
            .call(&target::CreateBrowserContext::default())
            .await?;
        Ok(created.browser_context_id)
    }

    /// Disposes of a browser context (its pages close).
    pub(crate) async fn dispose_context(&self, id: &str) -> Result<()> {
        let dispose = target::DisposeBrowserContext {
            browser_context_id: id.to_string(),
        };
        self.root().call(&dispose).await?;
        Ok(())
    }

    /// As [`BrowserLink::dispose_context`], without waiting; a browser that is gone has nothing
    /// left to dispose of.
    pub(crate) fn dispose_context_detached(&self, id: &str) {
        let dispose = target::DisposeBrowserContext {
            browser_context_id: id.to_string(),
        };
        let _ = self.root().call_detached(&dispose, |_| {});
    }

    /// The first page target the browser shows, if any (the launcher page of a headful app).
    pub(crate) async fn first_page(&self) -> Result<Option<String>> {
        let targets = self.root().call(&target::GetTargets {}).await?;
        Ok(targets
            .target_infos
            .into_iter()
            .find(|info| info.kind == "page")
            .map(|info| info.target_id))
    }

    /// The browser's version, e.g. `156.0.8078.79` (from `Chrome/156.0.8078.79`).
    pub(crate) async fn browser_version(&self) -> Result<String> {
        let version = self.root().call(&browser::GetVersion {}).await?;
        let product = version.product;
        Ok(product
            .split_once('/')
            .map_or(product.as_str(), |(_, number)| number)
            .to_string())
    }

    /// Opens a new page target showing `about:blank`, in a window of the given size, in browser
    /// context `context` (`None`: the browser's default one).
    pub(crate) async fn create_page(
        &self,
        width: u32,
        height: u32,
        context: Option<String>,
    ) -> Result<String> {
        let created = self
            .root()
            .call(&target::CreateTarget {
                url: "about:blank".into(),
                width: Some(width),
                height: Some(height),
                new_window: Some(true),
                browser_context_id: context,
            })
            .await?;
        Ok(created.target_id)
    }

    /// Attaches to a page target: its own session, whose events start flowing now.
    pub(crate) async fn attach(&self, target_id: &str) -> Result<(Page, PageEvents)> {
        let session = self.connection.attach(target_id).await?;
        let events = PageEvents(session.events());
        let page = Page {
            session,
            target_id: target_id.to_string(),
        };
        Ok((page, events))
    }

    /// Closes a page target without waiting; `on_error` hears why it failed.
    pub(crate) fn close_page(
        &self,
        target_id: String,
        on_error: impl FnOnce(CdpError) + Send + 'static,
    ) {
        let close = target::CloseTarget { target_id };
        let sent = self.root().call_detached(&close, move |answer| {
            if let Err(error) = answer {
                on_error(error);
            }
        });
        if let Err(error) = sent {
            tracing::debug!(%error, "closing a page failed");
        }
    }

    /// The browser's account of a target's title and URL.
    pub(crate) async fn title(&self, target_id: &str) -> Result<TitleInfo> {
        let info = target::GetTargetInfo {
            target_id: target_id.to_string(),
        };
        let answer = self.root().call(&info).await?;
        Ok(TitleInfo {
            target_id: answer.target_info.target_id,
            title: answer.target_info.title,
            url: answer.target_info.url,
        })
    }

    /// The OS window that shows `target_id`.
    pub(crate) async fn os_window(&self, target_id: &str) -> Result<OsWindow> {
        let window = self
            .root()
            .call(&browser::GetWindowForTarget {
                target_id: target_id.to_string(),
            })
            .await?;
        let bounds = window.bounds;
        Ok(OsWindow {
            id: window.window_id,
            bounds: WindowBounds {
                left: bounds.left,
                top: bounds.top,
                width: bounds.width,
                height: bounds.height,
                state: None,
            },
            state: bounds.window_state,
        })
    }

    /// Moves, resizes, minimises or restores an OS window.
    pub(crate) async fn set_os_window_bounds(
        &self,
        window: &OsWindow,
        bounds: &WindowBounds,
    ) -> Result<()> {
        self.root()
            .call(&browser::SetWindowBounds {
                window_id: window.id,
                bounds: bounds.to_cdp(),
            })
            .await?;
        Ok(())
    }
}

/// One page's session.
#[derive(Clone)]
pub(crate) struct Page {
    session: Session,
    target_id: String,
}

/// The browser's answer to a navigation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Navigation {
    /// The new document's loader; `None` for a same-document navigation.
    pub loader_id: Option<String>,
    /// Why it failed at once (`net::ERR_...`).
    pub error_text: Option<String>,
}

impl Page {
    /// A page on `session` of a connection the test drives itself (no browser), with its events.
    #[cfg(test)]
    pub(crate) fn on_session(session: Session, target_id: &str) -> (Page, PageEvents) {
        let events = PageEvents(session.events());
        let page = Page {
            session,
            target_id: target_id.to_string(),
        };
        (page, events)
    }

    /// The page's target id, which is also its main frame's id.
    pub(crate) fn target_id(&self) -> &str {
        &self.target_id
    }

    /// Stops following the page: its session's events and answers are dropped from now on.
    pub(crate) fn forget(&self) {
        self.session.forget();
    }

    /// Turns on the events cathode follows: frames, lifecycle, the log, JavaScript contexts, and
    /// pauses the page's document requests (see `navigation::document_patterns`).
    pub(crate) async fn follow_events(&self) -> Result<()> {
        let documents = fetch::Enable {
            patterns: navigation::own_patterns()
                .into_iter()
                .chain(navigation::document_patterns())
                .collect(),
        };
        tokio::try_join!(
            self.call(&runtime::Enable {}),
            self.call(&page::Enable {}),
            self.call(&log::Enable {}),
            self.call(&page::SetLifecycleEventsEnabled { enabled: true }),
            self.call(&documents),
        )?;
        Ok(())
    }

    /// As [`Page::follow_events`], and gives the page's documents the binding `binding_name` (in
    /// the isolated world `world` only, or in the main world) and pauses their requests to URLs
    /// that start with `paused_url_prefix`. Sent in this order: `Runtime.enable` must come
    /// before the binding, or documents loaded later lack it.
    pub(crate) async fn follow_events_with_binding(
        &self,
        binding_name: &str,
        world: Option<&str>,
        paused_url_prefix: &str,
    ) -> Result<()> {
        let binding = runtime::AddBinding {
            name: binding_name.to_string(),
            execution_context_name: world.map(str::to_string),
        };
        let paused = fetch::Enable {
            patterns: vec![fetch::RequestPattern {
                url_pattern: format!("{paused_url_prefix}*"),
                request_stage: "Request".into(),
                resource_type: None,
            }]
            .into_iter()
            .chain(navigation::own_patterns())
            .chain(navigation::document_patterns())
            .collect(),
        };
        tokio::try_join!(
            self.call(&runtime::Enable {}),
            self.call(&binding),
            self.call(&paused),
            self.call(&page::Enable {}),
            self.call(&log::Enable {}),
            self.call(&page::SetLifecycleEventsEnabled { enabled: true }),
        )?;
        Ok(())
    }

    /// Has the browser run `source` in every new document, in the main world or in the isolated
    /// world `world`; returns the script's identifier.
    pub(crate) async fn add_document_script(
        &self,
        source: String,
        world: Option<String>,
    ) -> Result<String> {
        let added = self
            .call(&page::AddScriptToEvaluateOnNewDocument {
                source,
                world_name: world,
            })
            .await?;
        Ok(added.identifier)
    }

    /// Stops running a script added with [`Page::add_document_script`].
    pub(crate) async fn remove_document_script(&self, identifier: String) -> Result<()> {
        self.call(&page::RemoveScriptToEvaluateOnNewDocument { identifier })
            .await?;
        Ok(())
    }

    /// Evaluates `expression` without waiting, in the execution context `context_id` (by
    /// default the main frame's main world); `done` hears the exception it threw (`Ok(Some)`),
    /// or why it could not run. Commands of a session run in the order they were sent.
    pub(crate) fn evaluate_detached(
        &self,
        expression: String,
        context_id: Option<i64>,
        done: impl FnOnce(std::result::Result<Option<String>, CdpError>) + Send + 'static,
    ) -> Result<()> {
        let command = runtime::Evaluate {
            expression,
            context_id,
            ..runtime::Evaluate::default()
        };
        self.session.call_detached(&command, move |answer| {
            done(answer.map(|answer| answer.exception_details.as_ref().map(exception_message)))
        })?;
        Ok(())
    }

    /// Evaluates `code` as a user gesture, awaiting a promise; `Ok(Err(message))` when it threw.
    pub(crate) async fn evaluate(
        &self,
        code: String,
    ) -> Result<std::result::Result<Value, String>> {
        let answer = self
            .call(&runtime::Evaluate {
                expression: code,
                return_by_value: true,
                await_promise: true,
                user_gesture: true,
                context_id: None,
            })
            .await?;
        Ok(match answer.exception_details {
            Some(details) => Err(exception_message(&details)),
            None => Ok(answer.result.value.unwrap_or(Value::Null)),
        })
    }

    /// Evaluates `code` in a new isolated world `world` of the main frame (the page's DOM, none
    /// of its scripts), awaiting a promise; `Ok(Err(message))` when it threw.
    pub(crate) async fn evaluate_in_new_world(
        &self,
        world: &str,
        code: String,
    ) -> Result<std::result::Result<Value, String>> {
        let created = self
            .call(&page::CreateIsolatedWorld {
                frame_id: self.target_id.clone(),
                world_name: world.to_string(),
            })
            .await?;
        let answer = self
            .call(&runtime::Evaluate {
                expression: code,
                return_by_value: true,
                await_promise: true,
                user_gesture: false,
                context_id: Some(created.execution_context_id),
            })
            .await?;
        Ok(match answer.exception_details {
            Some(details) => Err(exception_message(&details)),
            None => Ok(answer.result.value.unwrap_or(Value::Null)),
        })
    }

    /// Evaluates `expression` as a user gesture and waits only for it to run.
    pub(crate) async fn run_as_user(&self, expression: String) -> Result<()> {
        self.call(&runtime::Evaluate {
            expression,
            user_gesture: true,
            ..runtime::Evaluate::default()
        })
        .await?;
        Ok(())
    }

    /// Navigates to `url`. `observe` sees the answer on the connection's reader thread as it
    /// arrives, before any later event of the page is handed out, so bookkeeping done there is in
    /// order with the page's events.
    pub(crate) async fn navigate(
        &self,
        url: &str,
        observe: impl FnOnce(&Navigation) + Send + 'static,
    ) -> Result<Navigation> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.session
            .call_detached(&page::Navigate::new(url), move |answer| {
                let answer = answer.map(|answer| Navigation {
                    loader_id: answer.loader_id,
                    error_text: answer.error_text,
                });
                if let Ok(navigation) = &answer {
                    observe(navigation);
                }
                let _ = tx.send(answer);
            })?;
        Ok(rx.await.map_err(|_| CdpError::ConnectionClosed)??)
    }

    /// Reloads without waiting; `on_error` hears why it failed.
    pub(crate) fn reload(&self, on_error: impl FnOnce(CdpError) + Send + 'static) -> Result<()> {
        self.session.call_detached(
            &page::Reload {
                ignore_cache: false,
            },
            move |answer| {
                if let Err(error) = answer {
                    on_error(error);
                }
            },
        )?;
        Ok(())
    }

    /// Crashes the renderer; nothing waits, since it dies before it can answer.
    pub(crate) fn crash(&self) -> Result<()> {
        self.session.call_detached(&page::Crash {}, |_| {})?;
        Ok(())
    }

    /// Brings the page's window to the front.
    pub(crate) async fn bring_to_front(&self) -> Result<()> {
        self.call(&page::BringToFront {}).await?;
        Ok(())
    }

    /// Answers a paused request with a JSON body, without waiting.
    pub(crate) fn fulfil_request(
        &self,
        request_id: String,
        json_body: &[u8],
        on_error: impl FnOnce(CdpError) + Send + 'static,
    ) -> Result<()> {
        let answer = fetch::FulfillRequest {
            request_id,
            response_code: 200,
            response_headers: vec![
                fetch::HeaderEntry {
                    name: "Content-Type".into(),
                    value: "application/json; charset=utf-8".into(),
                },
                fetch::HeaderEntry {
                    name: "Access-Control-Allow-Origin".into(),
                    value: "*".into(),
                },
            ],
            body: cathode_cdp::protocol::Binary(json_body.to_vec()),
        };
        self.session.call_detached(&answer, move |answered| {
            if let Err(error) = answered {
                on_error(error);
            }
        })?;
        Ok(())
    }

    /// Answers a paused request for held bytes without waiting: with `bytes` as an
    /// `application/octet-stream` body, or with an empty 404 when there are none.
    pub(crate) fn answer_bytes(&self, request_id: String, bytes: Option<Vec<u8>>) -> Result<()> {
        let (response_code, body) = match bytes {
            Some(bytes) => (200, bytes),
            None => (404, Vec::new()),
        };
        let answer = fetch::FulfillRequest {
            request_id,
            response_code,
            response_headers: vec![
                fetch::HeaderEntry {
                    name: "Content-Type".into(),
                    value: "application/octet-stream".into(),
                },
                fetch::HeaderEntry {
                    name: "Access-Control-Allow-Origin".into(),
                    value: "*".into(),
                },
            ],
            body: cathode_cdp::protocol::Binary(body),
        };
        self.session.call_detached(&answer, |_| {})?;
        Ok(())
    }

    /// Fails a paused request as blocked, without waiting.
    pub(crate) fn fail_request(&self, request_id: String) -> Result<()> {
        let failed = fetch::FailRequest {
            request_id,
            error_reason: "BlockedByClient".into(),
        };
        self.session.call_detached(&failed, |_| {})?;
        Ok(())
    }

    /// Starts a trace of the category that names each frame's renderer process; its data comes
    /// as [`PageEvent::Trace`] once [`Page::end_trace`] is called.
    ///
    /// Tracing is one per browser, across browser contexts. An app on a shared browser that was
    /// dropped in the middle of a trace gives up its turn at once, while the browser stops that
    /// trace only when the page closes, a moment later (Chromium 156 refuses with "Tracing has
    /// already been started (possibly in another tab)" until then): refused so, the start is
    /// tried again until it succeeds or the caller's time limit ends the wait.
    pub(crate) async fn start_trace(&self) -> Result<()> {
        let start = trace::Start {
            trace_config: trace::TraceConfig {
                included_categories: vec!["disabled-by-default-devtools.timeline".into()],
            },
            transfer_mode: "ReportEvents".into(),
        };
        loop {
            match self.session.call(&start).await {
                Err(CdpError::Protocol { message, .. })
                    if message.contains("already been started") =>
                {
                    tracing::debug!("the browser is still tracing for someone else; trying again");
                    tokio::time::sleep(TRACE_RETRY).await;
                }
                outcome => return Ok(outcome.map(|_| ())?),
            }
        }
    }

    /// Ends the trace.
    pub(crate) async fn end_trace(&self) -> Result<()> {
        self.call(&trace::End {}).await?;
        Ok(())
    }

    /// Ends a trace that may be running, without waiting or caring whether one was.
    /// Closes the page as its user would, running its `beforeunload` handlers. The page is given
    /// a user gesture first: Chromium asks a handler only on a page its user has used, and
    /// Electron asks every page.
    pub(crate) async fn close_after_unload_handlers(&self) -> Result<()> {
        let gesture = runtime::Evaluate {
            user_gesture: true,
            ..runtime::Evaluate::new("0")
        };
        self.call(&gesture).await?;
        self.call(&page::Close {}).await?;
        Ok(())
    }

    /// Answers the page's open dialog; the page goes on once it is answered.
    pub(crate) fn answer_dialog_detached(&self, accept: bool, prompt_text: Option<String>) {
        let answer = page::HandleJavaScriptDialog {
            accept,
            prompt_text,
        };
        let _ = self.session.call_detached(&answer, |outcome| {
            if let Err(error) = outcome {
                tracing::debug!(%error, "the page's dialog was not answered");
            }
        });
    }

    pub(crate) fn end_trace_detached(&self) {
        let _ = self.session.call_detached(&trace::End {}, |_| {});
    }

    /// Sends `command` to the page's session. Just after a navigation that changed the page's
    /// document host (a new renderer, or a page restored from the back-forward cache), the
    /// browser may still refuse its page commands with "Not attached to an active page" after
    /// the new document reported itself (Chromium 156). That refusal is the guard at the top of
    /// the browser's page handlers (`AssureTopLevelActiveFrame` in Chromium's `page_handler.cc`),
    /// before they do anything, so the command is sent again until it is taken, for
    /// [`INACTIVE_PAGE_PATIENCE`] at most.
    async fn call<C: Command>(&self, command: &C) -> Result<C::Response> {
        let give_up = std::time::Instant::now() + INACTIVE_PAGE_PATIENCE;
        loop {
            match self.session.call(command).await {
                Err(CdpError::Protocol { message, .. })
                    if message == INACTIVE_PAGE && std::time::Instant::now() < give_up =>
                {
                    tracing::debug!(
                        method = C::METHOD,
                        "the page is between documents; trying again"
                    );
                    tokio::time::sleep(INACTIVE_PAGE_RETRY).await;
                }
                outcome => return Ok(outcome?),
            }
        }
    }
}

/// A request of the page's that the browser paused (one to the reserved sync URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PausedRequest {
    pub request_id: String,
    /// The frame the browser says made it.
    pub frame_id: String,
    /// `XHR`, `Fetch`, `Document`, ...
    pub resource_type: String,
    pub method: String,
    pub body: Option<String>,
    pub url: String,
    /// Set when paused at the response stage (a document's response).
    pub response: Option<PausedResponse>,
}

/// A frame's new document, as the browser reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NavigatedFrame {
    pub id: String,
    pub parent_id: Option<String>,
    pub loader_id: String,
    pub url: String,
    pub origin: String,
    /// Set when the document is an error page for this URL.
    pub unreachable_url: Option<String>,
}

/// A window a page asked to open, as the browser reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WindowOpenRequest {
    pub url: String,
    pub name: String,
    /// The features string, split at its commas.
    pub features: Vec<String>,
}

/// A piece of a trace.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TraceEvent {
    Data(Vec<Value>),
    Complete,
}

/// What a page's session reports, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PageEvent {
    /// A document called the private binding.
    BindingCalled {
        name: String,
        payload: String,
        context_id: i64,
    },
    RequestPaused(PausedRequest),
    /// A lifecycle step (`DOMContentLoaded`, `load`, ...) of a frame's document.
    Lifecycle {
        frame_id: String,
        loader_id: String,
        name: String,
    },
    ContextCreated {
        id: i64,
        frame_id: Option<String>,
        is_default: bool,
        /// The world's name: empty for the main world, the `worldName` of an isolated one.
        name: String,
    },
    ContextDestroyed {
        id: i64,
    },
    ContextsCleared,
    FrameNavigated(NavigatedFrame),
    FrameDetached {
        frame_id: String,
    },
    /// The browser logged something for the page (not the page's own `console`).
    Logged {
        source: String,
        level: String,
        text: String,
    },
    Console(ConsoleMessage),
    Trace(TraceEvent),
    /// A frame started (`started`) or stopped loading.
    Loading {
        frame_id: String,
        started: bool,
    },
    /// A navigation of a frame started, whoever started it.
    NavigationStarted {
        frame_id: String,
        url: String,
        /// Within the document (a fragment, the history API).
        in_place: bool,
    },
    /// The page itself asked to navigate a frame (a link, a script, a form).
    NavigationRequested {
        frame_id: String,
        url: String,
    },
    /// A fragment or history API navigation within a frame's document.
    NavigatedInDocument {
        frame_id: String,
        url: String,
    },
    /// The page is about to open a window (`window.open`, a `target=_blank` link or form).
    WindowOpen(WindowOpenRequest),
    /// The page opened a dialog (`alert`, `confirm`, `prompt`) or a `beforeunload` handler asked
    /// to keep the page.
    DialogOpening(DialogRequest),
    /// An event cathode needs that could not be read.
    Unreadable {
        method: String,
        error: String,
    },
}

/// One page's events.
pub(crate) struct PageEvents(EventReceiver);

impl PageEvents {
    /// The next event cathode follows; `None` once the session ended.
    pub(crate) async fn next(&mut self) -> Option<PageEvent> {
        loop {
            let event = self.0.recv().await?;
            if let Some(translated) = page_event(&event) {
                return Some(translated);
            }
        }
    }
}

fn parsed<E: EventType>(
    event: &Event,
    translate: impl FnOnce(E) -> PageEvent,
) -> Option<PageEvent> {
    Some(match event.parse::<E>()? {
        Ok(parsed) => translate(parsed),
        Err(error) => PageEvent::Unreadable {
            method: event.method.clone(),
            error: error.to_string(),
        },
    })
}

fn page_event(event: &Event) -> Option<PageEvent> {
    match event.method.as_str() {
        runtime::BindingCalled::METHOD => parsed(event, |call: runtime::BindingCalled| {
            PageEvent::BindingCalled {
                name: call.name,
                payload: call.payload,
                context_id: call.execution_context_id,
            }
        }),
        fetch::RequestPaused::METHOD => parsed(event, |paused: fetch::RequestPaused| {
            PageEvent::RequestPaused(PausedRequest {
                response: PausedResponse::of(&paused),
                request_id: paused.request_id,
                frame_id: paused.frame_id,
                resource_type: paused.resource_type,
                method: paused.request.method,
                body: paused.request.post_data,
                url: paused.request.url,
            })
        }),
        page::LifecycleEvent::METHOD => {
            parsed(event, |step: page::LifecycleEvent| PageEvent::Lifecycle {
                frame_id: step.frame_id,
                loader_id: step.loader_id,
                name: step.name,
            })
        }
        runtime::ExecutionContextCreated::METHOD => {
            parsed(event, |created: runtime::ExecutionContextCreated| {
                PageEvent::ContextCreated {
                    id: created.context.id,
                    frame_id: created.context.aux_data.frame_id,
                    is_default: created.context.aux_data.is_default,
                    name: created.context.name,
                }
            })
        }
        runtime::ExecutionContextDestroyed::METHOD => {
            parsed(event, |destroyed: runtime::ExecutionContextDestroyed| {
                PageEvent::ContextDestroyed {
                    id: destroyed.execution_context_id,
                }
            })
        }
        runtime::ExecutionContextsCleared::METHOD => {
            parsed(event, |_: runtime::ExecutionContextsCleared| {
                PageEvent::ContextsCleared
            })
        }
        page::FrameNavigated::METHOD => parsed(event, |navigated: page::FrameNavigated| {
            let frame = navigated.frame;
            PageEvent::FrameNavigated(NavigatedFrame {
                id: frame.id,
                parent_id: frame.parent_id,
                loader_id: frame.loader_id,
                url: frame.url,
                origin: frame.security_origin,
                unreachable_url: frame.unreachable_url,
            })
        }),
        page::FrameDetached::METHOD => parsed(event, |detached: page::FrameDetached| {
            PageEvent::FrameDetached {
                frame_id: detached.frame_id,
            }
        }),
        log::EntryAdded::METHOD => parsed(event, |added: log::EntryAdded| PageEvent::Logged {
            source: added.entry.source,
            level: added.entry.level,
            text: added.entry.text,
        }),
        runtime::ConsoleApiCalled::METHOD => parsed(event, |call: runtime::ConsoleApiCalled| {
            PageEvent::Console(console_message(&call))
        }),
        runtime::ExceptionThrown::METHOD => parsed(event, |thrown: runtime::ExceptionThrown| {
            PageEvent::Console(uncaught_message(&thrown.exception_details))
        }),
        trace::DataCollected::METHOD => parsed(event, |data: trace::DataCollected| {
            PageEvent::Trace(TraceEvent::Data(data.value))
        }),
        trace::TracingComplete::METHOD => parsed(event, |_: trace::TracingComplete| {
            PageEvent::Trace(TraceEvent::Complete)
        }),
        page::WindowOpen::METHOD => parsed(event, |open: page::WindowOpen| {
            PageEvent::WindowOpen(WindowOpenRequest {
                url: open.url,
                name: open.window_name,
                features: open.window_features,
            })
        }),
        page::JavascriptDialogOpening::METHOD => {
            parsed(event, |dialog: page::JavascriptDialogOpening| {
                PageEvent::DialogOpening(DialogRequest {
                    kind: dialog.kind,
                    message: dialog.message,
                })
            })
        }
        _ => navigation::page_event(event),
    }
}

/// A dialog the page opened, as `Page.javascriptDialogOpening` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DialogRequest {
    /// `alert`, `confirm`, `prompt` or `beforeunload`.
    pub kind: String,
    pub message: String,
}

/// What the browser reports about its targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BrowserEvent {
    /// A new page target, with the target that opened it.
    PageCreated {
        target_id: String,
        opener_id: Option<String>,
    },
    TitleChanged(TitleInfo),
    Destroyed {
        target_id: String,
    },
    /// The target's renderer process went away.
    Crashed {
        target_id: String,
        status: String,
        error_code: i64,
    },
}

/// The browser's target events, of every target or of one browser context's.
pub(crate) struct BrowserEvents {
    events: EventReceiver,
    /// The context followed, and the targets seen in it: only `targetCreated` and
    /// `targetInfoChanged` name a target's context.
    context: Option<(String, HashSet<String>)>,
}

impl BrowserEvents {
    /// The next target event; `None` once the browser is gone.
    pub(crate) async fn next(&mut self) -> Option<BrowserEvent> {
        loop {
            let event = self.events.recv().await?;
            let Some((translated, context)) = browser_event(&event) else {
                continue;
            };
            if self.is_followed(&translated, context.as_deref()) {
                return Some(translated);
            }
        }
    }

    /// True for an event of a followed target; keeps the context's targets up to date.
    fn is_followed(&mut self, event: &BrowserEvent, context: Option<&str>) -> bool {
        let Some((followed, targets)) = &mut self.context else {
            return true;
        };
        match event {
            BrowserEvent::PageCreated { target_id, .. }
            | BrowserEvent::TitleChanged(TitleInfo { target_id, .. }) => {
                let own = context == Some(followed.as_str());
                if own {
                    targets.insert(target_id.clone());
                }
                own
            }
            BrowserEvent::Destroyed { target_id } => targets.remove(target_id),
            BrowserEvent::Crashed { target_id, .. } => targets.contains(target_id),
        }
    }
}

/// An event, with the browser context of its target when the event names it.
fn browser_event(event: &Event) -> Option<(BrowserEvent, Option<String>)> {
    if let Some(Ok(created)) = event.parse::<target::TargetCreated>() {
        let info = created.target_info;
        let created = BrowserEvent::PageCreated {
            target_id: info.target_id,
            opener_id: info.opener_id,
        };
        return (info.kind == "page").then_some((created, info.browser_context_id));
    }
    if let Some(Ok(changed)) = event.parse::<target::TargetInfoChanged>() {
        let info = changed.target_info;
        let changed = BrowserEvent::TitleChanged(TitleInfo {
            target_id: info.target_id,
            title: info.title,
            url: info.url,
        });
        return Some((changed, info.browser_context_id));
    }
    if let Some(Ok(destroyed)) = event.parse::<target::TargetDestroyed>() {
        let destroyed = BrowserEvent::Destroyed {
            target_id: destroyed.target_id,
        };
        return Some((destroyed, None));
    }
    if let Some(Ok(crashed)) = event.parse::<target::TargetCrashed>() {
        let crashed = BrowserEvent::Crashed {
            target_id: crashed.target_id,
            status: crashed.status,
            error_code: crashed.error_code,
        };
        return Some((crashed, None));
    }
    None
}

fn console_message(call: &runtime::ConsoleApiCalled) -> ConsoleMessage {
    let level = match call.kind.as_str() {
        "debug" => ConsoleLevel::Debug,
        "warning" => ConsoleLevel::Warning,
        "error" | "assert" => ConsoleLevel::Error,
        _ => ConsoleLevel::Info,
    };
    let message = call.args.iter().map(describe).collect::<Vec<_>>().join(" ");
    let frame = call
        .stack_trace
        .as_ref()
        .and_then(|trace| trace.call_frames.first());
    ConsoleMessage {
        level,
        message,
        line: frame.map_or(0, |frame| (frame.line_number + 1).max(0) as u32),
        source: frame.map(|frame| frame.url.clone()).unwrap_or_default(),
    }
}

/// An exception nothing caught, as Chromium's console shows it: `Uncaught Error: boom` (or
/// `Uncaught (in promise) ...`), at error level, with the script and line it was thrown at.
fn uncaught_message(details: &runtime::ExceptionDetails) -> ConsoleMessage {
    let thrown = details.exception.as_ref().map(describe).unwrap_or_default();
    let first_line = thrown.lines().next().unwrap_or_default();
    let message = if first_line.is_empty() {
        details.text.clone()
    } else {
        format!("{} {first_line}", details.text)
    };
    ConsoleMessage {
        level: ConsoleLevel::Error,
        message,
        line: u32::try_from(details.line_number + 1).unwrap_or(0),
        source: details.url.clone().unwrap_or_default(),
    }
}

/// A JavaScript value as text, the way a console shows it.
fn describe(object: &runtime::RemoteObject) -> String {
    match (
        &object.value,
        &object.unserializable_value,
        &object.description,
    ) {
        (Some(Value::String(text)), _, _) => text.clone(),
        (Some(value), _, _) => value.to_string(),
        (None, Some(special), _) => special.clone(),
        (None, None, Some(description)) => description.clone(),
        (None, None, None) => object.kind.clone(),
    }
}

fn exception_message(details: &runtime::ExceptionDetails) -> String {
    details
        .exception
        .as_ref()
        .map(describe)
        .unwrap_or_else(|| details.text.clone())
}

/// The pid of the renderer that shows frame `target_id`, from the trace's opening event.
pub(crate) fn renderer_pid_in_trace(events: &[Value], target_id: &str) -> Option<u32> {
    events
        .iter()
        .filter(|event| event["name"] == "TracingStartedInBrowser")
        .flat_map(|event| {
            event["args"]["data"]["frames"]
                .as_array()
                .into_iter()
                .flatten()
        })
        .find(|frame| frame["frame"] == target_id)
        .and_then(|frame| frame["processId"].as_u64())
        .and_then(|pid| u32::try_from(pid).ok())
}

/// A CDP error that came back for a navigation means the URL was refused.
pub(crate) fn is_refused_navigation(error: &Error) -> bool {
    matches!(error, Error::Browser(CdpError::Protocol { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(method: &str, params: Value) -> Event {
        Event {
            method: method.into(),
            params: serde_json::value::to_raw_value(&params).expect("JSON"),
        }
    }

    #[test]
    fn the_renderer_pid_is_read_from_the_trace_for_this_frame_only() {
        let events = vec![
            json!({"name": "Other"}),
            json!({"name": "TracingStartedInBrowser", "args": {"data": {"frames": [
                {"frame": "OTHER", "processId": 1},
                {"frame": "TARGET", "processId": 4242}
            ]}}}),
        ];
        assert_eq!(renderer_pid_in_trace(&events, "TARGET"), Some(4242));
        assert_eq!(renderer_pid_in_trace(&events, "MISSING"), None);
    }

    #[test]
    fn binding_calls_name_the_context_they_came_from() {
        let translated = page_event(&event(
            "Runtime.bindingCalled",
            json!({"name": "b", "payload": "{}", "executionContextId": 7}),
        ));
        assert_eq!(
            translated,
            Some(PageEvent::BindingCalled {
                name: "b".into(),
                payload: "{}".into(),
                context_id: 7
            })
        );
    }

    #[test]
    fn an_uncaught_exception_is_an_error_level_console_message() {
        let translated = page_event(&event(
            "Runtime.exceptionThrown",
            json!({"timestamp": 1.0, "exceptionDetails": {
                "exceptionId": 1, "text": "Uncaught", "lineNumber": 4, "columnNumber": 2,
                "url": "file:///app/page.html",
                "exception": {"type": "object", "subtype": "error",
                              "description": "Error: boom\n    at file:///app/page.html:5:3"}
            }}),
        ));
        assert_eq!(
            translated,
            Some(PageEvent::Console(ConsoleMessage {
                level: ConsoleLevel::Error,
                message: "Uncaught Error: boom".into(),
                line: 5,
                source: "file:///app/page.html".into(),
            }))
        );
    }

    #[test]
    fn an_unreadable_event_is_reported_not_dropped() {
        let translated = page_event(&event("Runtime.bindingCalled", json!({"name": 1})));
        assert!(matches!(translated, Some(PageEvent::Unreadable { .. })));
    }

    #[tokio::test]
    async fn a_context_follows_only_the_targets_it_saw_created_in_it() {
        let (tx, events) = tokio::sync::mpsc::unbounded_channel();
        let mut followed = BrowserEvents {
            events,
            context: Some(("MINE".into(), HashSet::new())),
        };
        let info = |target: &str, context: &str| {
            json!({"targetInfo": {"targetId": target, "type": "page", "title": "", "url": "about:blank",
                                  "browserContextId": context}})
        };
        let crashed =
            |target: &str| json!({"targetId": target, "status": "crashed", "errorCode": 11});
        for (method, params) in [
            ("Target.targetCreated", info("B", "OTHER")),
            ("Target.targetCreated", info("A", "MINE")),
            ("Target.targetCrashed", crashed("B")),
            ("Target.targetCrashed", crashed("A")),
            ("Target.targetDestroyed", json!({"targetId": "B"})),
            ("Target.targetDestroyed", json!({"targetId": "A"})),
            // Once gone, a target is forgotten.
            ("Target.targetCrashed", crashed("A")),
        ] {
            tx.send(event(method, params)).expect("queued");
        }
        drop(tx);
        let mut seen = Vec::new();
        while let Some(event) = followed.next().await {
            seen.push(event);
        }
        assert_eq!(
            seen,
            vec![
                BrowserEvent::PageCreated {
                    target_id: "A".into(),
                    opener_id: None
                },
                BrowserEvent::Crashed {
                    target_id: "A".into(),
                    status: "crashed".into(),
                    error_code: 11
                },
                BrowserEvent::Destroyed {
                    target_id: "A".into()
                },
            ]
        );
    }

    #[test]
    fn events_cathode_does_not_follow_are_skipped() {
        assert_eq!(page_event(&event("Network.dataReceived", json!({}))), None);
    }
}
