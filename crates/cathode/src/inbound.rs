//! Everything that comes from a page, in the order the page did it: one task per window follows
//! its [`PageEvent`]s. Messages and requests are checked (sender frame, size, envelope) and handed
//! to the plugin that reserved their kind; loads, frames, console messages and `window.close()`
//! update the window and emit its events.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::app::{request_close, CloseEvent};
use crate::envelope::{peek_channel, peek_kind_and_id, Envelope, Header, Outcome, PageError};
use crate::events::{ConsoleLevel, ConsoleMessage, DocumentReset, LoadFailure, PreloadError};
use crate::frames::{Refusal, SenderFrame};
use crate::listeners::lock;
use crate::page::{NavigatedFrame, PageEvent, PageEvents, PausedRequest};
use crate::panics::{panic_message, CatchUnwind};
use crate::pieces::{Gathered, Pieces};
use crate::plugin::{PageMessage, PluginRegistry, RefusedMessage, RequestFuture};
use crate::state::{LoadProgress, WindowShared};
use crate::web_contents::WebContents;

/// What Chromium logs when a script calls `window.close()` on a window it did not open (every
/// headless window: cathode opens them over the DevTools protocol). The browser gives no other
/// sign of the call; the page cannot forge this entry (its own `console` messages are not `Log`
/// entries), and frames get it only for `top.close()`, which closes the window in any browser.
const CLOSE_REFUSED: &str = "Scripts may close only the windows that were opened by them.";

/// Follows one page's events until its session ends.
pub(crate) async fn follow_page(
    window: Arc<WindowShared>,
    mut events: PageEvents,
    plugins: Arc<PluginRegistry>,
) {
    let mut pieces = Pieces::new(window.id);
    while let Some(event) = events.next().await {
        match event {
            PageEvent::BindingCalled {
                name,
                payload,
                context_id,
            } => receive_message(&window, &plugins, &mut pieces, &name, &payload, context_id),
            PageEvent::RequestPaused(paused) => receive_request(&window, &plugins, paused),
            PageEvent::Lifecycle {
                frame_id,
                loader_id,
                name,
            } => on_lifecycle(&window, &frame_id, &loader_id, &name).await,
            PageEvent::ContextCreated {
                id,
                frame_id,
                is_default,
                name,
            } => lock(&window.frames).context_created(id, frame_id.as_deref(), is_default, &name),
            PageEvent::ContextDestroyed { id } => {
                pieces.forget(id);
                lock(&window.frames).context_destroyed(id)
            }
            PageEvent::ContextsCleared => {
                pieces.clear();
                lock(&window.frames).contexts_cleared()
            }
            PageEvent::FrameNavigated(frame) => on_navigated(&window, frame),
            PageEvent::FrameDetached { frame_id } => lock(&window.frames).detached(&frame_id),
            PageEvent::Logged {
                source,
                level,
                text,
            } => on_logged(&window, &source, &level, &text),
            PageEvent::Console(message) => {
                window
                    .listeners
                    .console_message
                    .emit("console-message", &message);
            }
            PageEvent::Trace(trace) => {
                if let Some(sink) = lock(&window.trace_sink).as_ref() {
                    let _ = sink.send(trace);
                }
            }
            PageEvent::Loading { .. }
            | PageEvent::NavigationStarted { .. }
            | PageEvent::NavigationRequested { .. }
            | PageEvent::NavigatedInDocument { .. } => {
                crate::web_contents::on_navigation_event(&window, event)
            }
            PageEvent::WindowOpen(request) => {
                window.listeners.window_open.emit("window-open", &request);
            }
            PageEvent::DialogOpening(dialog) => crate::web_contents::on_dialog(&window, dialog),
            PageEvent::Unreadable { method, error } => {
                tracing::warn!(window_id = window.id, method, %error, "unreadable page event");
            }
        }
    }
}

/// The frame that sent a message, judged from what the browser reports; `None` when refused.
fn sender_frame(
    window: &WindowShared,
    judge: impl FnOnce(
        &crate::frames::FrameTable,
        &crate::frames::Trust,
        bool,
    ) -> Result<SenderFrame, Refusal>,
    what: &str,
) -> Result<SenderFrame, Refusal> {
    let judged = {
        let trust = lock(&window.trust);
        judge(&lock(&window.frames), &trust, window.subframes())
    };
    if let Err(refusal) = &judged {
        let (frame_id, origin) = refusal.frame().map_or(("(unknown)", "(unknown)"), |frame| {
            (frame.frame_id.as_str(), frame.origin.as_str())
        });
        tracing::warn!(window_id = window.id, frame_id, origin, %refusal, "refused {what} from a frame that was not given IPC");
    }
    judged
}

/// The binding of an isolated world of cathode's own that a higher module installs in a window's
/// pages (the window watcher, `window/watch.rs`), and what handles its reports: kept in the
/// window's typed state, so that this module names no module above it.
pub(crate) struct WorldReports {
    /// The binding's name.
    pub(crate) binding: String,
    /// Called with each report the binding carries.
    pub(crate) on_report: fn(&Arc<WindowShared>, &str),
}

/// An isolated world of cathode's own that both reports through a binding and asks main
/// synchronously (the input watcher, `window/input.rs`): its binding, the URL prefix of its
/// requests and what handles each, kept in the window's typed state as [`WorldReports`] is.
pub(crate) struct WorldExchange {
    /// The binding's name.
    pub(crate) binding: String,
    /// Called with each report the binding carries.
    pub(crate) on_report: fn(&Arc<WindowShared>, &str),
    /// The URL prefix of the world's synchronous requests.
    pub(crate) url: &'static str,
    /// Called with each paused request to `url`; it must answer it (see [`spawn_answer`]).
    pub(crate) on_request: fn(&Arc<WindowShared>, PausedRequest),
}

/// What answers the page's questions about its `window.open` calls, requests to
/// [`crate::page::OPEN_URL`] (`window/open.rs`), kept in the window's typed state as
/// [`WorldReports`] is.
pub(crate) struct OpenRequests {
    /// Called with each paused request to the URL; it must answer it (see [`spawn_answer`]).
    pub(crate) on_request: fn(&Arc<WindowShared>, PausedRequest),
}

/// A message from the page's binding (the asynchronous path): check it, then hand it to the
/// plugin that reserved its kind.
fn receive_message(
    window: &Arc<WindowShared>,
    plugins: &PluginRegistry,
    pieces: &mut Pieces,
    name: &str,
    payload: &str,
    context_id: i64,
) {
    let Ok(app) = window.app() else { return };
    if name != app.names.binding {
        if name == crate::web_contents::title_names(&app.names).1 {
            crate::web_contents::on_title_reported(window, payload);
        } else if name == crate::web_contents::unload_names(&app.names).1 {
            crate::web_contents::on_unload_reported(window, payload);
        } else if let Some(reports) = window.extensions.get::<WorldReports>() {
            if name == reports.binding {
                (reports.on_report)(window, payload);
            }
        }
        if let Some(exchange) = window.extensions.get::<WorldExchange>() {
            if name == exchange.binding {
                (exchange.on_report)(window, payload);
            }
        }
        return;
    }
    let world = window.runtime_world(&app.names);
    let judge = |frames: &crate::frames::FrameTable, trust: &_, subframes| {
        frames.sender_of_context(context_id, trust, subframes, world)
    };
    let Ok(sender_frame) = sender_frame(window, judge, "an IPC message") else {
        pieces.forget(context_id);
        return;
    };
    let sender = WebContents::from_shared(Arc::clone(window));
    let limit = app.options.max_message_size;
    let payload = match pieces.gather(context_id, payload, limit) {
        Gathered::Unfinished => return,
        Gathered::Whole(payload) => payload,
        Gathered::TooLarge { head, size } => {
            refuse_too_large(window, plugins, sender, &head, size, limit);
            return;
        }
    };
    let payload = payload.as_str();
    let envelope = Envelope::parse(payload);
    if let Ok(envelope) = &envelope {
        if envelope.kind == PRELOAD_ERROR {
            preload_failed(window, envelope);
            return;
        }
        if envelope.kind == crate::bytes::HELD_BYTES {
            held_bytes_asked(window, &sender_frame, &envelope.channel);
            return;
        }
    }
    let envelope = envelope.and_then(|envelope| {
        plugins.for_kind(&envelope.kind)?;
        Ok(envelope)
    });
    let envelope = match envelope {
        Ok(envelope) => envelope,
        Err(error) => {
            let header = Header::parse(payload);
            let channel = header
                .as_ref()
                .map_or("(unknown)", |header| &header.channel);
            tracing::error!(window_id = window.id, channel, %error, "refused a malformed IPC message from the page");
            if let Some(header) = header {
                if let Ok(plugin) = plugins.for_kind(&header.kind) {
                    plugin.on_refused(RefusedMessage {
                        sender,
                        kind: header.kind,
                        id: header.id,
                        channel: header.channel,
                        reason: error.to_string(),
                    });
                }
            }
            return;
        }
    };
    if let Ok(plugin) = plugins.for_kind(&envelope.kind) {
        plugin.on_message(PageMessage {
            sender,
            sender_frame,
            kind: envelope.kind,
            id: envelope.id,
            channel: envelope.channel,
            args: envelope.args,
        });
    }
}

/// The page's runtime could not fetch bytes main holds for it and asks for them inside a
/// message (`bytes.rs`): only its main frame gets them, as only its main frame may fetch them.
fn held_bytes_asked(window: &WindowShared, sender_frame: &SenderFrame, token: &str) {
    if !sender_frame.is_main_frame {
        tracing::warn!(
            window_id = window.id,
            frame_id = %sender_frame.frame_id,
            "refused a request for held bytes from a frame inside the page"
        );
        return;
    }
    if let Err(error) = window.send_held_bytes_inline(token) {
        tracing::debug!(window_id = window.id, %error, "could not send held bytes inline");
    }
}

/// Refuses a message over the app's size limit: logs it, and tells the plugin of its kind, so that
/// a request is answered. `head` is the message's start, where its kind, id and channel are.
fn refuse_too_large(
    window: &WindowShared,
    plugins: &PluginRegistry,
    sender: WebContents,
    head: &str,
    size: usize,
    limit: usize,
) {
    let channel = peek_channel(head).unwrap_or("(unknown)");
    tracing::error!(
        window_id = window.id,
        channel,
        size,
        limit,
        "refused an IPC message over the size limit"
    );
    let (kind, id) = peek_kind_and_id(head);
    let refusal = crate::error::Error::MessageTooLarge {
        channel: channel.to_string(),
        size,
        limit,
    };
    if let Some(plugin) = kind.and_then(|kind| plugins.for_kind(kind).ok()) {
        plugin.on_refused(RefusedMessage {
            sender,
            kind: kind.unwrap_or_default().to_string(),
            id,
            channel: channel.to_string(),
            reason: refusal.to_string(),
        });
    }
}

/// The kind of the runtime's report that the preload did not run or threw (cathode's own).
const PRELOAD_ERROR: &str = "preload-error";

/// The runtime reports that the window's preload did not run or threw: log it, write it to the
/// page's console, emit `preload-error`. The path is main's, whatever the report says.
fn preload_failed(window: &WindowShared, envelope: &Envelope) {
    let Some(path) = window
        .preferences
        .preload
        .as_ref()
        .map(|path| path.display().to_string())
    else {
        return;
    };
    let detail = envelope.args.first();
    let text = |field: &str| {
        detail
            .and_then(|detail| detail.get(field))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let error = PreloadError {
        path,
        name: text("name"),
        message: text("message"),
        stack: text("stack"),
    };
    let shown = if error.stack.is_empty() {
        format!("{}: {}", error.name, error.message)
    } else {
        error.stack.clone()
    };
    tracing::error!(window_id = window.id, path = %error.path, error = %shown, "the preload failed");
    window.listeners.console_message.emit(
        "console-message",
        &ConsoleMessage {
            level: ConsoleLevel::Error,
            message: format!("Unable to load preload script: {}\n{shown}", error.path),
            line: 0,
            source: error.path.clone(),
        },
    );
    window.listeners.preload_error.emit("preload-error", &error);
}

/// A page's synchronous request: its request to the reserved URL, paused by its own session. The
/// page's main thread is blocked until this answers, so every path answers: a value, an error, or
/// a timeout.
fn receive_request(
    window: &Arc<WindowShared>,
    plugins: &Arc<PluginRegistry>,
    paused: PausedRequest,
) {
    if paused.url.starts_with(crate::page::OPEN_URL) {
        match window.extensions.get::<OpenRequests>() {
            Some(open) => (open.on_request)(window, paused),
            None => {
                if let Err(error) = window.page.fail_request(paused.request_id) {
                    tracing::debug!(window_id = window.id, %error, "could not fail the request");
                }
            }
        }
        return;
    }
    if let Some(exchange) = window.extensions.get::<WorldExchange>() {
        if paused.url.starts_with(exchange.url) {
            (exchange.on_request)(window, paused);
            return;
        }
    }
    let sync_url = window.app().map(|app| app.names.sync_url.clone());
    if paused.resource_type == "Document"
        && sync_url.is_ok_and(|sync_url| !paused.url.starts_with(&sync_url))
    {
        crate::web_contents::on_document_request(window, paused);
        return;
    }
    if let Some(token) = window.app().ok().and_then(|app| {
        crate::bytes::token_of(&paused.url, &app.names.sync_url).map(str::to_string)
    }) {
        answer_bytes(window, &token, paused);
        return;
    }
    if lock(&window.frames).knows(&paused.frame_id) {
        judge_request(window, plugins, paused);
        return;
    }
    // The browser can report a new document's first request before the navigation that made the
    // document (the two come from different processes): give the navigation a moment to arrive,
    // then judge, so that a request from a frame nobody knows is still refused.
    let window = Arc::clone(window);
    let plugins = Arc::clone(plugins);
    let mut changes = window.frames_changed.subscribe();
    tokio::spawn(async move {
        let frame_id = paused.frame_id.clone();
        let known = changes.wait_for(|_| lock(&window.frames).knows(&frame_id));
        let _ = tokio::time::timeout(UNKNOWN_FRAME_WAIT, known).await;
        judge_request(&window, &plugins, paused);
    });
}

/// The page's runtime fetches bytes main held for it (`bytes.rs`): only a script's `GET` from the
/// main frame gets them, once; any other request for the URL gets a 404 and takes nothing.
fn answer_bytes(window: &WindowShared, token: &str, paused: PausedRequest) {
    // Chromium reports a page's `fetch` as `XHR`.
    let ours = matches!(paused.resource_type.as_str(), "XHR" | "Fetch")
        && paused.method == "GET"
        && window.is_main_frame(&paused.frame_id);
    let bytes = ours
        .then(|| crate::bytes::take(&window.extensions, token))
        .flatten();
    if bytes.is_none() {
        tracing::warn!(
            window_id = window.id,
            frame_id = %paused.frame_id,
            resource_type = %paused.resource_type,
            "refused a request for bytes that main does not hold for that frame"
        );
    }
    if let Err(error) = window.page.answer_bytes(paused.request_id, bytes) {
        tracing::debug!(window_id = window.id, %error, "could not answer a request for bytes");
    }
}

/// How long a sync request from a frame not yet navigated waits for the navigation.
const UNKNOWN_FRAME_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Checks a sync request from a frame the table knows (or gave up waiting for), then hands it
/// to the plugin of its kind.
fn judge_request(window: &Arc<WindowShared>, plugins: &PluginRegistry, paused: PausedRequest) {
    let Ok(app) = window.app() else { return };
    let request_id = paused.request_id;
    // Only a script's own request is a sync request. A navigation to the URL (a form posted at
    // the page by a frame, a redirect) is reported with the navigated frame's id, not the id of
    // the frame that started it: it is failed, never judged as the page's.
    let scripted = matches!(paused.resource_type.as_str(), "XHR" | "Fetch");
    if !scripted || paused.method != "POST" {
        tracing::warn!(
            window_id = window.id,
            frame_id = %paused.frame_id,
            resource_type = %paused.resource_type,
            method = %paused.method,
            "refused a request to the sync URL that a script did not make"
        );
        if let Err(error) = window.page.fail_request(request_id) {
            tracing::debug!(window_id = window.id, %error, "could not fail the request");
        }
        return;
    }
    let frame_id = paused.frame_id;
    let judge = |frames: &crate::frames::FrameTable, trust: &_, subframes| {
        frames.sender_of_frame(&frame_id, trust, subframes)
    };
    let sender_frame = match sender_frame(window, judge, "a sync request") {
        Ok(frame) => frame,
        Err(refusal) => {
            let message = format!("refused by the main process: {refusal}");
            spawn_answer(window, request_id, "(refused)".into(), async move {
                Outcome::Error(PageError::new(message))
            });
            return;
        }
    };
    let limit = app.options.max_message_size;
    let body = paused.body.unwrap_or_default();
    // An isolated runtime starts the body with the app's secret: the page's own world can learn
    // the sync URL, but cannot read another world's request bodies.
    let body = if window.isolated() {
        match crate::renderer::strip_sync_secret(&body, &app.names.sync_secret) {
            Some(body) => body,
            None => {
                tracing::warn!(
                    window_id = window.id,
                    frame_id = %sender_frame.frame_id,
                    "refused a sync request that did not come from cathode's isolated runtime"
                );
                let message = "refused by the main process: the request did not come from \
                               cathode's runtime";
                spawn_answer(window, request_id, "(refused)".into(), async move {
                    Outcome::Error(PageError::new(message))
                });
                return;
            }
        }
    } else {
        body.as_str()
    };
    let checked = if body.len() > limit {
        Err(PageError::new(format!(
            "the sendSync message on '{}' is {} bytes, over the {limit}-byte limit",
            peek_channel(body).unwrap_or("(unknown)"),
            body.len()
        )))
    } else {
        Envelope::parse(body)
            .and_then(|envelope| Ok((Arc::clone(plugins.for_kind(&envelope.kind)?), envelope)))
            .map_err(|error| PageError::new(error.to_string()))
    };
    let (plugin, envelope) = match checked {
        Ok(checked) => checked,
        Err(refusal) => {
            tracing::error!(window_id = window.id, error = %refusal.message, "refused a sync IPC request");
            spawn_answer(window, request_id, "(refused)".into(), async {
                Outcome::Error(refusal)
            });
            return;
        }
    };
    let channel = envelope.channel;
    let request = PageMessage {
        sender: WebContents::from_shared(Arc::clone(window)),
        sender_frame,
        kind: envelope.kind,
        id: envelope.id,
        channel: channel.clone(),
        args: envelope.args,
    };
    // A plugin is application code: a panic while it starts the answer is an error for the page.
    let started =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| plugin.on_request(request)));
    let answer: RequestFuture = match started {
        Ok(answer) => answer,
        Err(panic) => {
            let message = failed_in(&channel, &panic);
            Box::pin(async move { Outcome::Error(PageError::new(message)) })
        }
    };
    let timeout = app.options.sync_timeout;
    let window_id = window.id;
    let waiting_channel = channel.clone();
    spawn_answer(window, request_id, channel, async move {
        match tokio::time::timeout(timeout, answer).await {
            Ok(outcome) => outcome,
            Err(_) => {
                tracing::warn!(
                    window_id,
                    channel = waiting_channel.as_str(),
                    ?timeout,
                    "sendSync timed out: no listener set a return value"
                );
                Outcome::Error(PageError::new(format!(
                    "no return value for sync channel '{waiting_channel}' within {timeout:?}"
                )))
            }
        }
    });
}

/// Answers a paused request once `outcome` is ready; counts it as blocking the page until then.
pub(crate) fn spawn_answer(
    window: &Arc<WindowShared>,
    request_id: String,
    channel: String,
    outcome: impl std::future::Future<Output = Outcome> + Send + 'static,
) {
    window.sync_requests.send_modify(|waiting| *waiting += 1);
    let window = Arc::clone(window);
    tokio::spawn(async move {
        // Whatever happens, the blocked page gets an answer.
        let outcome = CatchUnwind(Box::pin(outcome))
            .await
            .unwrap_or_else(|panic| Outcome::Error(PageError::new(failed_in(&channel, &panic))));
        let limit = window
            .app()
            .map_or(usize::MAX, |app| app.options.max_message_size);
        let mut body = serde_json::to_vec(&outcome).unwrap_or_default();
        if body.len() > limit {
            let refusal = Outcome::Error(PageError::new(format!(
                "the return value of sync channel '{channel}' is {} bytes, over the {limit}-byte limit",
                body.len()
            )));
            tracing::error!(
                window_id = window.id,
                channel = channel.as_str(),
                size = body.len(),
                limit,
                "sync return value over the size limit"
            );
            body = serde_json::to_vec(&refusal).unwrap_or_default();
        }
        // Once the answer is on its way, commands that waited for the page may go: the browser
        // handles this session's commands in order, and the page runs them after the answer.
        let window_id = window.id;
        let sent = window.page.fulfil_request(request_id, &body, move |error| {
            tracing::debug!(window_id, channel = channel.as_str(), %error, "sync answer not delivered");
        });
        if let Err(error) = sent {
            tracing::debug!(window_id, %error, "sync answer not sent");
        }
        window.sync_requests.send_modify(|waiting| *waiting -= 1);
    });
}

/// The page's error for a sync request whose answer panicked (application code).
fn failed_in(channel: &str, panic: &Box<dyn std::any::Any + Send>) -> String {
    let message = panic_message(panic);
    tracing::error!(channel, error = %message, "answering a sync request panicked");
    format!("the main process failed in '{channel}': {message}")
}

fn on_navigated(window: &Arc<WindowShared>, frame: NavigatedFrame) {
    let is_main_frame = frame.parent_id.is_none() && window.is_main_frame(&frame.id);
    let loaded_by_main =
        is_main_frame && LoadProgress::has(&window.load.borrow().started, &frame.loader_id);
    let sender = {
        let mut frames = lock(&window.frames);
        frames.navigated(&frame.id, &frame.url, &frame.origin, loaded_by_main);
        let trust = lock(&window.trust);
        frames.sender_of_frame(&frame.id, &trust, window.subframes())
    };
    // After the frame table's lock is released: waiters read the table when woken.
    window.frames_changed.send_modify(|changes| *changes += 1);
    crate::web_contents::on_frame_navigated(window, &frame, is_main_frame);
    if !is_main_frame {
        return;
    }
    let trusted = sender.is_ok();
    if window.has_runtime()
        && !trusted
        && frame.unreachable_url.is_none()
        && !window.untrusted_noted.swap(true, Ordering::Relaxed)
    {
        tracing::warn!(
            window_id = window.id,
            url = %frame.url,
            origin = %frame.origin,
            "the page left the origins main loaded: it runs as a plain web page, without IPC \
             (list the origin in trusted_origins to give it IPC); said once per window"
        );
    }
    if let Some(unreachable) = &frame.unreachable_url {
        let ours = LoadProgress::has(&window.load.borrow().started, &frame.loader_id);
        if !ours {
            // The page's own navigation failed; the browser does not say why.
            let failure = LoadFailure::from_net_error("ERR_FAILED", unreachable);
            tracing::debug!(window_id = window.id, url = %unreachable, "the page's own navigation failed");
            window
                .listeners
                .did_fail_load
                .emit("did-fail-load", &failure);
        }
    }
    window.document_committed();
    WebContents::from_shared(Arc::clone(window)).learn_pid_in_background();
    let url = frame.unreachable_url.clone().unwrap_or(frame.url);
    let previous = std::mem::replace(&mut *lock(&window.url), url.clone());
    window.load.send_modify(|progress| {
        progress.renderer_gone = false;
        LoadProgress::remember(&mut progress.committed, &frame.loader_id);
        if frame.unreachable_url.is_some() {
            LoadProgress::remember(&mut progress.failed, &frame.loader_id);
        }
    });
    // A new document: whatever the old one held (through plugins) is released.
    let reset = if previous == url {
        DocumentReset::Reloaded
    } else {
        DocumentReset::Navigated
    };
    window
        .listeners
        .document_reset
        .emit("document-reset", &reset);
}

async fn on_lifecycle(window: &WindowShared, frame_id: &str, loader_id: &str, name: &str) {
    if !window.is_main_frame(frame_id) {
        return;
    }
    let (committed, failed) = {
        let progress = window.load.borrow();
        (
            LoadProgress::has(&progress.committed, loader_id),
            LoadProgress::has(&progress.failed, loader_id),
        )
    };
    // Documents committed before we listened, and error pages, are not loads of the app's.
    if !committed || failed {
        return;
    }
    crate::web_contents::on_page_shown(window, name);
    match name {
        "DOMContentLoaded" => {
            window.listeners.dom_ready.emit("dom-ready", &());
        }
        "load" => {
            // The title is the browser's to tell and comes on another queue: ask for it now, so
            // that it is current when the load is reported.
            if let Ok(link) = window.app().and_then(|app| Ok(app.link()?.clone())) {
                if let Ok(info) = link.title(window.page.target_id()).await {
                    window.update_title(&info);
                }
            }
            // Listeners first, then the load's waiters: as in Electron, `loadURL` settles after
            // `did-finish-load` was emitted, so nothing the caller does next comes before it.
            window
                .listeners
                .did_finish_load
                .emit("did-finish-load", &());
            window.load.send_modify(|progress| {
                LoadProgress::remember(&mut progress.finished, loader_id);
            });
        }
        _ => {}
    }
}

/// A message the browser logged for the window's page: a refused `window.close()` closes the
/// window as Electron does, with `close` (which a listener may prevent) and `closed`.
fn on_logged(window: &Arc<WindowShared>, source: &str, level: &str, text: &str) {
    if source != "javascript" || level != "warning" || text != CLOSE_REFUSED {
        return;
    }
    tracing::debug!(window_id = window.id, "the page called window.close()");
    drop(request_close(window, CloseEvent::Emit));
}

#[cfg(test)]
mod tests {
    //! The lifecycle logic driven through a pipe the test writes the browser's events into: no
    //! browser needed.

    use std::io::Write;
    use std::os::fd::FromRawFd;
    use std::sync::Mutex;

    use cathode_cdp::Connection;
    use serde_json::json;

    use super::*;
    use crate::options::WindowOptions;
    use crate::page::Page;
    use crate::state::{AppOptions, AppShared};

    /// (the end to write, the end to read)
    fn pipe_pair() -> (std::fs::File, std::fs::File) {
        let mut fds = [0; 2];
        // SAFETY: fds has room for the two descriptors pipe writes.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "a pipe");
        // SAFETY: both descriptors were just made and are owned by nothing else.
        unsafe {
            (
                std::fs::File::from_raw_fd(fds[1]),
                std::fs::File::from_raw_fd(fds[0]),
            )
        }
    }

    /// A window whose page session is fed by the test.
    struct FakePage {
        _app: Arc<AppShared>,
        window: Arc<WindowShared>,
        browser_writes: std::fs::File,
        _browser_reads: std::fs::File,
    }

    impl FakePage {
        fn start() -> FakePage {
            let (to_browser, browser_reads) = pipe_pair();
            let (browser_writes, from_browser) = pipe_pair();
            let connection = Connection::new(to_browser, from_browser);
            let (page, events) = Page::on_session(connection.session("S"), "MAIN");
            let options = AppOptions {
                max_message_size: crate::DEFAULT_MAX_MESSAGE_SIZE,
                ..AppOptions::default()
            };
            let app = Arc::new(AppShared::new(options));
            let window = Arc::new(WindowShared::new(1, &app, page, &WindowOptions::default()));
            app.add_window(Arc::clone(&window));
            let plugins = Arc::new(PluginRegistry::new(Vec::new()).expect("no plugins"));
            tokio::spawn(follow_page(Arc::clone(&window), events, plugins));
            FakePage {
                _app: app,
                window,
                browser_writes,
                _browser_reads: browser_reads,
            }
        }

        /// The browser reports `method` with `params` on the page's session.
        fn event(&mut self, method: &str, params: serde_json::Value) {
            let message = json!({"method": method, "params": params, "sessionId": "S"});
            let mut bytes = serde_json::to_vec(&message).expect("JSON");
            bytes.push(0);
            self.browser_writes
                .write_all(&bytes)
                .expect("the pipe takes it");
        }

        fn navigated(&mut self, loader: &str, url: &str) {
            let frame = json!({"id": "MAIN", "loaderId": loader, "url": url,
                               "securityOrigin": "file://"});
            self.event("Page.frameNavigated", json!({ "frame": frame }));
        }

        fn lifecycle(&mut self, loader: &str, name: &str) {
            let step = json!({"frameId": "MAIN", "loaderId": loader, "name": name});
            self.event("Page.lifecycleEvent", step);
        }
    }

    /// Reads what main writes to the browser until a command named `method`, and gives its
    /// parameters.
    fn next_command(reads: std::fs::File, method: &'static str) -> serde_json::Value {
        next_call(&mut std::io::BufReader::new(reads), method)["params"].clone()
    }

    /// Reads what main writes to the browser until a command named `method`, and gives it whole.
    fn next_call(reader: &mut impl std::io::BufRead, method: &'static str) -> serde_json::Value {
        loop {
            let mut message = Vec::new();
            reader.read_until(0, &mut message).expect("main writes");
            assert!(!message.is_empty(), "main closed the pipe before {method}");
            message.pop();
            let command: serde_json::Value = serde_json::from_slice(&message).expect("JSON");
            if command["method"] == method {
                return command;
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_sync_request_reported_before_its_documents_navigation_is_judged_after_it() {
        let mut page = FakePage::start();
        let reads = page._browser_reads.try_clone().expect("a second handle");
        let answer =
            tokio::task::spawn_blocking(move || next_command(reads, "Fetch.fulfillRequest"));
        // The browser reports the new document's request first, then the navigation that made it.
        let body = r#"{"v":1,"kind":"sync","channel":"early","args":[]}"#;
        page.event(
            "Fetch.requestPaused",
            json!({"requestId": "R1", "frameId": "MAIN", "resourceType": "XHR",
                   "request": {"url": "https://cathode.invalid/sync/x", "method": "POST", "postData": body}}),
        );
        page.navigated("L1", "file:///app/index.html");
        let params = tokio::time::timeout(std::time::Duration::from_secs(20), answer)
            .await
            .expect("main answers")
            .expect("the reader ends");
        assert_eq!(params["requestId"], "R1");
        let answer =
            crate::base64::decode(params["body"].as_str().expect("a body")).expect("base64");
        let answer = String::from_utf8(answer).expect("text");
        // Judged with the frame known: refused for what the test app lacks (it loaded nothing, so
        // the document is not trusted), not as a request from a frame nobody knows.
        assert!(!answer.contains("unknown frame"), "{answer}");
        assert!(answer.contains("refused by the main process"), "{answer}");
    }

    /// Records a window's events as text, in order.
    fn journal(window: &WindowShared) -> Arc<Mutex<Vec<String>>> {
        let journal = Arc::new(Mutex::new(Vec::new()));
        let listeners = &window.listeners;
        let seen = Arc::clone(&journal);
        listeners.dom_ready.add(false, move |_| {
            seen.lock().unwrap().push("dom-ready".into())
        });
        let seen = Arc::clone(&journal);
        listeners.did_finish_load.add(false, move |_| {
            seen.lock().unwrap().push("did-finish-load".into())
        });
        let seen = Arc::clone(&journal);
        listeners.did_fail_load.add(false, move |failure| {
            seen.lock()
                .unwrap()
                .push(format!("did-fail-load {}", failure.url))
        });
        let seen = Arc::clone(&journal);
        listeners.document_reset.add(false, move |reset| {
            seen.lock().unwrap().push(format!("{reset:?}"))
        });
        let seen = Arc::clone(&journal);
        listeners
            .close
            .add(false, move |_| seen.lock().unwrap().push("close".into()));
        let seen = Arc::clone(&journal);
        listeners
            .closed
            .add(false, move |_| seen.lock().unwrap().push("closed".into()));
        journal
    }

    /// Waits until the journal has `count` entries (the follow task runs on its own).
    async fn entries(journal: &Mutex<Vec<String>>, count: usize) -> Vec<String> {
        for _ in 0..2000 {
            let seen = journal.lock().unwrap().clone();
            if seen.len() >= count {
                return seen;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        panic!("only {:?} after 10 s", journal.lock().unwrap());
    }

    #[tokio::test]
    async fn loads_resets_and_window_close_follow_the_browsers_reports() {
        let mut page = FakePage::start();
        let journal = journal(&page.window);
        // A document committed before cathode listened is no load of the app's.
        page.lifecycle("L0", "load");
        page.navigated("L1", "file:///app/index.html");
        page.lifecycle("L1", "DOMContentLoaded");
        page.lifecycle("L1", "load");
        page.navigated("L2", "file:///app/index.html");
        page.navigated("L3", "file:///app/other.html");
        let seen = entries(&journal, 5).await;
        assert_eq!(
            seen,
            [
                "Navigated",
                "dom-ready",
                "did-finish-load",
                "Reloaded",
                "Navigated"
            ]
        );
        assert_eq!(*lock(&page.window.url), "file:///app/other.html");
        // The page's own navigation that fails shows an error page: did-fail-load, no load.
        let error_page = json!({"id": "MAIN", "loaderId": "L4", "url": "chrome-error://chromewebdata/",
                                "unreachableUrl": "https://gone.invalid/", "securityOrigin": "null"});
        page.event("Page.frameNavigated", json!({ "frame": error_page }));
        page.lifecycle("L4", "load");
        // `window.close()` in the page: the browser's log line closes the window.
        // Main then asks the browser to close the page after its beforeunload handlers, giving
        // it a user gesture first (the browser closes the target later, see `app.rs`).
        let mut reads = std::io::BufReader::new(page._browser_reads.try_clone().expect("a handle"));
        let gesture = tokio::task::spawn_blocking(move || {
            let gesture = next_call(&mut reads, "Runtime.evaluate");
            (gesture, reads)
        });
        let refused =
            json!({"entry": {"source": "javascript", "level": "warning", "text": CLOSE_REFUSED}});
        page.event("Log.entryAdded", refused);
        let seen = entries(&journal, 8).await;
        assert_eq!(
            seen[5..],
            ["did-fail-load https://gone.invalid/", "Navigated", "close"]
        );
        let (gesture, mut reads) = gesture.await.expect("the reader runs");
        assert_eq!(gesture["params"]["userGesture"], true);
        let answer = json!({"id": gesture["id"], "sessionId": "S",
                            "result": {"result": {"type": "number", "value": 0}}});
        let mut bytes = serde_json::to_vec(&answer).expect("JSON");
        bytes.push(0);
        page.browser_writes
            .write_all(&bytes)
            .expect("the pipe takes it");
        let close = tokio::task::spawn_blocking(move || next_call(&mut reads, "Page.close"));
        close.await.expect("Page.close is sent");
        assert!(page
            .window
            .closing
            .asked
            .load(std::sync::atomic::Ordering::Acquire));
    }

    #[tokio::test]
    async fn only_the_browsers_own_close_message_closes_the_window() {
        let mut page = FakePage::start();
        let journal = journal(&page.window);
        for (source, level, text) in [
            ("console-api", "warning", CLOSE_REFUSED),
            ("javascript", "error", CLOSE_REFUSED),
            (
                "javascript",
                "warning",
                "Scripts may close only the windows...",
            ),
        ] {
            let entry = json!({"entry": {"source": source, "level": level, "text": text}});
            page.event("Log.entryAdded", entry);
        }
        // A navigation after them proves they were all handled, in order, without a close.
        page.navigated("L1", "file:///app/index.html");
        assert_eq!(entries(&journal, 1).await, ["Navigated"]);
        assert!(page.window.check_alive().is_ok());
    }
}
