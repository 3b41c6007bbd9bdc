//! `WebContents`: a window's page: loading it, messages to it, JavaScript in it, its renderer
//! process, and the events that come from it.
//!
//! Each window follows its page's CDP session in one task ([`follow_page`]), so the page's
//! messages reach main in the order the page sent them, and its events fire in page order.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use cathode_cdp::protocol::{fetch, log, page, runtime, target, tracing as trace, Command};
use cathode_cdp::{CdpError, EventReceiver};
use serde::Serialize;
use serde_json::Value;

use crate::envelope::{
    peek_channel, peek_invoke_id, Envelope, EnvelopeError, Header, InvokeResult, Kind, Outcome,
    PageError,
};
use crate::error::{Error, Result};
use crate::frames::Refusal;
use crate::ipc::{invoke_error, panic_message, CatchUnwind, IpcArgs, IpcEvent};
use crate::listeners::{lock, ListenerId};
use crate::remote::wire::OutcomeFuture;
use crate::window::WindowShared;

/// How many recent loaders a window remembers, to match loads with their events.
const REMEMBERED_LOADERS: usize = 16;

/// How long a renderer pid lookup may take.
const PID_LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// What a window knows about its renderer's process id.
#[derive(Debug, Default)]
pub(crate) struct PidCache {
    /// The pid last learned. Kept when a document commits (most navigations keep the process)
    /// until a new lookup tells; cleared when the renderer goes away.
    known: Option<u32>,
    /// Bumped whenever a document commits or the renderer goes away.
    epoch: u64,
    /// Bumped whenever the renderer goes away.
    lost: u64,
    /// The epoch in which `known` was checked by a trace.
    checked_in: Option<u64>,
}

/// Why a page did not load (`did-fail-load`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    /// Chromium's net error code, e.g. -6.
    pub code: i32,
    /// Chromium's net error name, e.g. `ERR_FILE_NOT_FOUND`.
    pub description: String,
    /// The URL that failed.
    pub url: String,
}

impl LoadFailure {
    fn from_net_error(error_text: &str, url: &str) -> LoadFailure {
        let description = error_text.trim_start_matches("net::").to_string();
        LoadFailure {
            code: net_error_code(&description),
            description,
            url: url.to_string(),
        }
    }

    fn into_error(self) -> Error {
        Error::LoadFailed {
            url: self.url,
            code: self.code,
            description: self.description,
        }
    }
}

/// A console message's level, as Electron numbers them (0 to 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConsoleLevel {
    /// `console.debug` (0).
    Debug = 0,
    /// `console.log`, `console.info` and the rest (1).
    Info = 1,
    /// `console.warn` (2).
    Warning = 2,
    /// `console.error`, failed `console.assert` (3).
    Error = 3,
}

/// A message the page wrote to its console (`console-message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleMessage {
    /// Its level.
    pub level: ConsoleLevel,
    /// The arguments, formatted and joined with spaces.
    pub message: String,
    /// The line (from 1) of the call, 0 when unknown.
    pub line: u32,
    /// The URL of the script that called it.
    pub source: String,
}

/// Why a page's renderer process went away, with Electron's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderProcessGoneReason {
    /// `clean-exit`.
    CleanExit,
    /// `abnormal-exit`.
    AbnormalExit,
    /// `killed`.
    Killed,
    /// `crashed`.
    Crashed,
    /// `oom`.
    Oom,
    /// `launch-failed`.
    LaunchFailed,
    /// `integrity-failure`.
    IntegrityFailure,
}

impl RenderProcessGoneReason {
    /// Electron's string for this reason.
    pub fn as_str(self) -> &'static str {
        match self {
            RenderProcessGoneReason::CleanExit => "clean-exit",
            RenderProcessGoneReason::AbnormalExit => "abnormal-exit",
            RenderProcessGoneReason::Killed => "killed",
            RenderProcessGoneReason::Crashed => "crashed",
            RenderProcessGoneReason::Oom => "oom",
            RenderProcessGoneReason::LaunchFailed => "launch-failed",
            RenderProcessGoneReason::IntegrityFailure => "integrity-failure",
        }
    }

    fn from_chromium_status(status: &str) -> RenderProcessGoneReason {
        match status {
            "normal" | "normal termination" => RenderProcessGoneReason::CleanExit,
            "abnormal" | "abnormal termination" => RenderProcessGoneReason::AbnormalExit,
            "killed" => RenderProcessGoneReason::Killed,
            "oom" | "out of memory" | "killed by OOM" => RenderProcessGoneReason::Oom,
            "launch failed" | "failed to launch" => RenderProcessGoneReason::LaunchFailed,
            "integrity failure" => RenderProcessGoneReason::IntegrityFailure,
            _ => RenderProcessGoneReason::Crashed,
        }
    }
}

/// The renderer process of a page went away (`render-process-gone`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderProcessGone {
    /// Why.
    pub reason: RenderProcessGoneReason,
    /// The process's exit code or signal, as Chromium reports it.
    pub exit_code: i64,
}

/// What a window knows about its page's loads, shared with the tasks waiting for one.
#[derive(Debug, Default)]
pub(crate) struct LoadProgress {
    /// Loads started by `load_url`, which reports their failures itself.
    started: VecDeque<String>,
    committed: VecDeque<String>,
    finished: VecDeque<String>,
    failed: VecDeque<String>,
    /// Bumped when the renderer goes away or the window is destroyed: waiters stop waiting.
    pub interrupted: u64,
    /// The renderer is gone and no document has committed since: only a navigation answers.
    renderer_gone: bool,
}

impl LoadProgress {
    fn remember(list: &mut VecDeque<String>, loader_id: &str) {
        if list.len() == REMEMBERED_LOADERS {
            list.pop_front();
        }
        list.push_back(loader_id.to_string());
    }

    fn has(list: &VecDeque<String>, loader_id: &str) -> bool {
        list.iter().any(|known| known == loader_id)
    }

    /// A later document committed after this one: its load will never be reported.
    fn superseded(&self, loader_id: &str) -> bool {
        Self::has(&self.committed, loader_id)
            && self.committed.back().map(String::as_str) != Some(loader_id)
    }
}

/// A window's page (Electron's `webContents`). A cheap, clonable handle.
///
/// ```no_run
/// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
/// let contents = window.web_contents();
/// contents.on_did_finish_load(|| println!("loaded"));
/// contents.send("greeting", ("hello", 42))?;
/// let sum = contents.execute_javascript("Promise.resolve(1 + 1)").await?;
/// assert_eq!(sum, 2);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct WebContents {
    shared: Arc<WindowShared>,
}

impl std::fmt::Debug for WebContents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebContents")
            .field("id", &self.shared.id)
            .finish()
    }
}

impl PartialEq for WebContents {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

impl WebContents {
    pub(crate) fn from_shared(shared: Arc<WindowShared>) -> WebContents {
        WebContents { shared }
    }

    /// The id: the same number as its window's id.
    pub fn id(&self) -> u32 {
        self.shared.id
    }

    /// The window showing this page.
    pub fn window(&self) -> crate::BrowserWindow {
        crate::BrowserWindow::from_shared(Arc::clone(&self.shared))
    }

    /// True once the window was closed or destroyed.
    pub fn is_destroyed(&self) -> bool {
        self.shared.check_alive().is_err()
    }

    /// Sends a message to the page: its `ipcRenderer.on(channel, (event, ...args) => ...)`
    /// listeners get it. `args` is a tuple of serializable values (see [`IpcArgs`]). Messages
    /// reach the page in the order they were sent; this does not wait for them.
    ///
    /// Fails with [`Error::RenderProcessGone`] while the page's renderer is gone (after a crash,
    /// until the page is loaded again): a crashed page would never take the message.
    pub fn send(&self, channel: &str, args: impl IpcArgs) -> Result<()> {
        self.shared.check_alive()?;
        if self.shared.load.borrow().renderer_gone {
            return Err(Error::RenderProcessGone {
                window_id: self.id(),
            });
        }
        let args = args.into_args().map_err(|source| Error::Encode {
            channel: channel.to_string(),
            source,
        })?;
        self.deliver(channel, &Envelope::send(channel, args))
    }

    /// Hands one message to the page's dispatcher, refusing it when it is over the size limit.
    pub(crate) fn deliver(&self, channel: &str, message: &impl Serialize) -> Result<()> {
        let app = self.shared.app()?;
        let json = serde_json::to_string(message).map_err(|source| Error::Encode {
            channel: channel.to_string(),
            source,
        })?;
        let limit = app.options().max_message_size;
        if json.len() > limit {
            return Err(Error::MessageTooLarge {
                channel: channel.to_string(),
                size: json.len(),
                limit,
            });
        }
        let expression = format!("{}({json})", app.names.dispatcher);
        self.evaluate_detached(expression, channel)
    }

    /// Settles the page's `invoke` promise `id`.
    fn settle_invoke(&self, channel: &str, id: u64, outcome: Outcome) {
        let delivered = match self.deliver(channel, &InvokeResult::new(id, &outcome)) {
            Err(too_large @ Error::MessageTooLarge { .. }) => {
                let refused = invoke_error(channel, &too_large);
                self.deliver(channel, &InvokeResult::new(id, &refused))
            }
            other => other,
        };
        if let Err(error) = delivered {
            tracing::debug!(window_id = self.id(), channel, %error, "invoke result not delivered");
        }
    }

    /// Evaluates without waiting; failures are logged. Used for messages to the page.
    pub(crate) fn evaluate_detached(&self, expression: String, what: &str) -> Result<()> {
        let window_id = self.id();
        let what = what.to_string();
        let command = runtime::Evaluate {
            expression,
            ..runtime::Evaluate::default()
        };
        self.shared
            .session
            .call_detached(&command, move |answer| match answer {
                Ok(answer) => {
                    if let Some(details) = answer.exception_details {
                        tracing::warn!(
                            window_id,
                            channel = what.as_str(),
                            error = %exception_message(&details),
                            "the page could not take the message (has it loaded yet?)"
                        );
                    }
                }
                Err(error) => {
                    tracing::debug!(window_id, channel = what.as_str(), %error, "message not delivered")
                }
            })?;
        Ok(())
    }

    /// Runs `code` in the page and returns its value as JSON (`null` for `undefined`). A promise
    /// is awaited; a thrown error or rejected promise becomes [`Error::Javascript`].
    pub async fn execute_javascript(&self, code: &str) -> Result<Value> {
        let answer = self
            .call_page(&runtime::Evaluate {
                expression: code.to_string(),
                return_by_value: true,
                await_promise: true,
                user_gesture: true,
            })
            .await?;
        if let Some(details) = answer.exception_details {
            return Err(Error::Javascript {
                window_id: self.id(),
                message: exception_message(&details),
            });
        }
        Ok(answer.result.value.unwrap_or(Value::Null))
    }

    /// Sends a command to the page and waits for its answer, unless the renderer goes away or the
    /// window is destroyed first (a crashed page never answers).
    async fn call_page<C: Command>(&self, command: &C) -> Result<C::Response>
    where
        C::Response: Send + 'static,
    {
        if self.shared.load.borrow().renderer_gone {
            return Err(Error::RenderProcessGone {
                window_id: self.id(),
            });
        }
        self.call_page_even_if_crashed(command).await
    }

    /// As [`WebContents::call_page`], for the one command a crashed page still answers: a
    /// navigation, which starts a new renderer.
    ///
    /// While the page is blocked in `sendSync` the command waits to be sent until the page is
    /// answered: a handler that needs the page before it answers would otherwise deadlock until
    /// the sync timeout.
    async fn call_page_even_if_crashed<C: Command>(&self, command: &C) -> Result<C::Response>
    where
        C::Response: Send + 'static,
    {
        self.call_page_observed(command, |_| {}).await
    }

    /// As [`WebContents::call_page_even_if_crashed`]; `observe` sees the answer on the
    /// connection's reader thread as it arrives, before any later event of the page is handed
    /// out, so bookkeeping done there is in order with the page's events.
    async fn call_page_observed<C: Command>(
        &self,
        command: &C,
        observe: impl FnOnce(&C::Response) + Send + 'static,
    ) -> Result<C::Response>
    where
        C::Response: Send + 'static,
    {
        self.shared.check_alive()?;
        let mut progress = self.shared.load.subscribe();
        let interrupted_at = progress.borrow().interrupted;
        let mut sync_requests = self.shared.sync_requests.subscribe();
        let call = async {
            // The sender lives as long as the window; if it is gone, so is the page.
            let _ = sync_requests.wait_for(|waiting| *waiting == 0).await;
            let (tx, rx) = tokio::sync::oneshot::channel();
            self.shared.session.call_detached(command, move |answer| {
                if let Ok(answer) = &answer {
                    observe(answer);
                }
                let _ = tx.send(answer);
            })?;
            rx.await.map_err(|_| CdpError::ConnectionClosed)?
        };
        tokio::select! {
            answer = call => Ok(answer?),
            _ = progress.wait_for(|p| p.interrupted != interrupted_at) => Err(self.interruption()),
        }
    }

    fn interruption(&self) -> Error {
        match self.shared.check_alive() {
            Ok(()) => Error::RenderProcessGone {
                window_id: self.id(),
            },
            Err(destroyed) => destroyed,
        }
    }

    /// Loads `url` and waits for `did-finish-load`. A failure emits `did-fail-load` and returns
    /// [`Error::LoadFailed`] with the same code and description.
    pub async fn load_url(&self, url: &str) -> Result<()> {
        self.shared.check_alive()?;
        let newly_trusted = lock(&self.shared.trust).allow(url);
        if newly_trusted && self.shared.node_integration {
            // New documents of this origin get the runtime from now on.
            self.shared.install_runtime().await?;
        }
        let mut progress = self.shared.load.subscribe();
        let interrupted_at = progress.borrow().interrupted;
        // Loads started here report their own failure; the page's own navigations that fail are
        // reported when their error page commits (see `on_navigated`).
        let window = Arc::clone(&self.shared);
        let remember = move |answer: &page::NavigateResponse| {
            if let Some(loader_id) = &answer.loader_id {
                window.load.send_modify(|progress| {
                    LoadProgress::remember(&mut progress.started, loader_id);
                });
            }
        };
        let answer = match self
            .call_page_observed(&page::Navigate::new(url), remember)
            .await
        {
            Ok(answer) => answer,
            Err(Error::Browser(CdpError::Protocol { .. })) => {
                return Err(self.fail_load(LoadFailure::from_net_error("ERR_INVALID_URL", url)));
            }
            Err(error) => return Err(error),
        };
        if let Some(error_text) = answer.error_text {
            return Err(self.fail_load(LoadFailure::from_net_error(&error_text, url)));
        }
        let Some(loader_id) = answer.loader_id else {
            return Ok(()); // a same-document navigation: nothing more to load
        };
        let outcome = progress
            .wait_for(|p| {
                LoadProgress::has(&p.finished, &loader_id)
                    || LoadProgress::has(&p.failed, &loader_id)
                    || p.superseded(&loader_id)
                    || p.interrupted != interrupted_at
            })
            .await
            .map(|p| {
                (
                    LoadProgress::has(&p.finished, &loader_id),
                    p.interrupted != interrupted_at,
                )
            });
        match outcome {
            Ok((true, _)) => Ok(()),
            Ok((false, true)) | Err(_) => Err(self.interruption()),
            Ok((false, false)) => {
                Err(self.fail_load(LoadFailure::from_net_error("ERR_ABORTED", url)))
            }
        }
    }

    fn fail_load(&self, failure: LoadFailure) -> Error {
        tracing::debug!(window_id = self.id(), url = %failure.url, code = failure.code, "load failed");
        self.shared
            .listeners
            .did_fail_load
            .emit("did-fail-load", &failure);
        failure.into_error()
    }

    /// Loads a local file (relative paths are from the current directory). A missing file fails
    /// like any load: `did-fail-load` with `ERR_FILE_NOT_FOUND` (-6).
    pub async fn load_file(&self, path: impl AsRef<Path>) -> Result<()> {
        self.load_url(&file_url(path.as_ref())).await
    }

    /// The page's URL (the failed URL when it shows an error page).
    pub fn url(&self) -> String {
        lock(&self.shared.url).clone()
    }

    /// The page's title, or the window's title when the page has none. Followed from the
    /// browser's target events, so reading it never waits on the page.
    pub fn title(&self) -> String {
        lock(&self.shared.title).clone()
    }

    /// Reloads the page (does not wait for the load).
    pub fn reload(&self) -> Result<()> {
        self.shared.check_alive()?;
        let window_id = self.id();
        self.shared.session.call_detached(
            &page::Reload {
                ignore_cache: false,
            },
            move |answer| {
                if let Err(error) = answer {
                    tracing::warn!(window_id, %error, "reload failed");
                }
            },
        )?;
        Ok(())
    }

    /// Opening DevTools is not possible over the DevTools pipe; this logs that and does nothing.
    pub fn open_dev_tools(&self) {
        tracing::info!(
            window_id = self.id(),
            "open_dev_tools is not supported: the browser is driven over its DevTools pipe"
        );
    }

    /// Crashes the page's renderer process (Electron's `forcefullyCrashRenderer`), for testing
    /// how an app copes: `render-process-gone` follows.
    pub fn forcefully_crash_renderer(&self) -> Result<()> {
        self.shared.check_alive()?;
        // The renderer dies before it can answer, so nobody waits for an answer.
        self.shared.session.call_detached(&page::Crash {}, |_| {})?;
        Ok(())
    }

    /// The process id of the page's renderer process, checked for the current document.
    ///
    /// Chromium tells a page's pid only in a trace (tens of milliseconds, more on a busy machine;
    /// one at a time for the whole browser, so lookups of all windows take turns). cathode learns
    /// it when the window opens and again, in the background, whenever a document commits (a
    /// navigation may change process), so this usually answers from the cache. A trace needs the page's renderer: while the page
    /// waits in `sendSync`, this waits for the answer. Safe to cancel: the trace finishes anyway.
    pub async fn os_process_id(&self) -> Result<u32> {
        self.shared.check_alive()?;
        if let Some(pid) = self.shared.checked_pid() {
            return Ok(pid);
        }
        let contents = self.clone();
        tokio::spawn(async move { contents.look_up_pid().await })
            .await
            .unwrap_or_else(|join_error| {
                tracing::error!(window_id = self.id(), error = %join_error, "the renderer pid lookup failed");
                Err(self.pid_not_found())
            })
    }

    /// The renderer's process id as last learned, without waiting (Electron's synchronous
    /// `getOSProcessId`). `None` before the first lookup finished and after the renderer went
    /// away, until the next document commits and its pid is learned. Right after a navigation
    /// that changed process this is the old pid for as long as the new one takes to learn (one
    /// trace); [`WebContents::os_process_id`] waits for it.
    pub fn known_os_process_id(&self) -> Option<u32> {
        lock(&self.shared.renderer_pid).known
    }

    /// The pid for a page's synchronous `getOSProcessId()` (through remote): the checked pid, or
    /// a lookup when the page can run one, else the last known pid, else 0 (Electron's answer
    /// when there is no live process). Never waits for a page that is blocked: the asking page
    /// waits in a sync request, and a trace of a blocked page cannot finish until it is answered.
    pub(crate) async fn os_process_id_for_page(&self) -> u32 {
        if let Some(pid) = self.shared.checked_pid() {
            return pid;
        }
        if *self.shared.sync_requests.borrow() == 0 {
            if let Some(pid) = self.look_up_pid_patiently().await {
                return pid;
            }
        }
        self.known_os_process_id().unwrap_or(0)
    }

    /// A lookup for someone who may be answering a page that waits in a sync request (a remote
    /// call): a page that shares that page's process cannot be traced until it is answered, so
    /// this gives up in time to answer it before its sync timeout. The lookup goes on and fills
    /// the cache.
    pub(crate) async fn look_up_pid_patiently(&self) -> Option<u32> {
        let patience = self
            .shared
            .app()
            .map_or(Duration::ZERO, |app| app.options().sync_timeout / 2);
        let contents = self.clone();
        let lookup = tokio::spawn(async move { contents.look_up_pid().await });
        match tokio::time::timeout(patience, lookup).await {
            Ok(Ok(Ok(pid))) => Some(pid),
            Ok(Ok(Err(error))) => {
                tracing::debug!(window_id = self.id(), %error, "renderer pid not learned");
                None
            }
            _ => {
                tracing::debug!(window_id = self.id(), "renderer pid not learned yet");
                None
            }
        }
    }

    /// Learns the pid without anyone waiting (a document committed).
    pub(crate) fn learn_pid_in_background(&self) {
        let contents = self.clone();
        tokio::spawn(async move {
            if let Err(error) = contents.look_up_pid().await {
                tracing::debug!(window_id = contents.id(), %error, "renderer pid not learned");
            }
        });
    }

    fn pid_not_found(&self) -> Error {
        Error::RendererPidUnknown {
            window_id: self.id(),
        }
    }

    /// One lookup, taking its turn for the browser's tracing.
    async fn look_up_pid(&self) -> Result<u32> {
        let app = self.shared.app()?;
        // A trace cannot finish while the page waits in a sync request: wait for it to be
        // answered before taking the browser's one trace, which the other windows wait for.
        let mut sync_requests = self.shared.sync_requests.subscribe();
        let unblocked = sync_requests.wait_for(|waiting| *waiting == 0);
        let _ = tokio::time::timeout(PID_LOOKUP_TIMEOUT, unblocked).await;
        let _one_trace = app.tracing.lock().await;
        if let Some(pid) = self.shared.checked_pid() {
            return Ok(pid);
        }
        self.shared.check_alive()?;
        let (epoch, lost) = {
            let cache = lock(&self.shared.renderer_pid);
            (cache.epoch, cache.lost)
        };
        let started = std::time::Instant::now();
        let pid = self.trace_pid().await?;
        let trace_ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut cache = lock(&self.shared.renderer_pid);
        // The pid of a renderer that went away since is no answer. One from before a document
        // committed is the best known until that document's own lookup tells.
        if cache.lost == lost {
            cache.known = Some(pid);
            if cache.epoch == epoch {
                cache.checked_in = Some(epoch);
            }
        }
        tracing::debug!(window_id = self.id(), pid, trace_ms, "renderer pid learned");
        Ok(pid)
    }

    /// Traces the page briefly and reads its renderer's pid from the trace.
    async fn trace_pid(&self) -> Result<u32> {
        let (sink, mut trace_events) = tokio::sync::mpsc::unbounded_channel();
        *lock(&self.shared.trace_sink) = Some(sink);
        let lookup = async {
            if self.shared.load.borrow().renderer_gone {
                return Err(Error::RenderProcessGone {
                    window_id: self.id(),
                });
            }
            // The end is not held back while the page has sync requests pending (the browser
            // answers them meanwhile): a trace left running would slow the page down.
            let start = trace::Start {
                trace_config: trace::TraceConfig {
                    included_categories: vec!["disabled-by-default-devtools.timeline".into()],
                },
                transfer_mode: "ReportEvents".into(),
            };
            self.shared.session.call(&start).await?;
            self.shared.session.call(&trace::End {}).await?;
            let mut found = None;
            while let Some(event) = trace_events.recv().await {
                if let Some(Ok(data)) = event.parse::<trace::DataCollected>() {
                    found = found
                        .or_else(|| renderer_pid_in_trace(&data.value, &self.shared.target_id));
                } else if event.method
                    == <trace::TracingComplete as cathode_cdp::protocol::EventType>::METHOD
                {
                    break;
                }
            }
            Ok::<_, Error>(found)
        };
        let outcome = tokio::time::timeout(PID_LOOKUP_TIMEOUT, lookup).await;
        *lock(&self.shared.trace_sink) = None;
        if !matches!(outcome, Ok(Ok(_))) {
            // A trace left running would make every later lookup fail; stopping one that never
            // started only earns an error nobody needs.
            let _ = self.shared.session.call_detached(&trace::End {}, |_| {});
        }
        let pid = match outcome {
            Ok(result) => result?,
            Err(_) => None,
        };
        pid.ok_or_else(|| self.pid_not_found())
    }

    /// Runs `cleanup` when the page's current document goes away (remote listeners it added).
    pub(crate) fn on_remote_reset(&self, cleanup: crate::remote::registry::Cleanup) {
        self.shared.remote.on_reset(cleanup);
    }

    /// How many main-process objects the page holds through the remote module.
    pub fn remote_objects_held(&self) -> usize {
        self.shared.remote.len()
    }

    /// `dom-ready`: the page's document was parsed (`DOMContentLoaded`).
    pub fn on_dom_ready(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared
            .listeners
            .dom_ready
            .add(false, move |_| listener())
    }

    /// `did-finish-load`: the page and its resources loaded (`load`).
    pub fn on_did_finish_load(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared
            .listeners
            .did_finish_load
            .add(false, move |_| listener())
    }

    /// `did-fail-load`: a load failed, with code, description and URL.
    pub fn on_did_fail_load(
        &self,
        listener: impl Fn(&LoadFailure) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared.listeners.did_fail_load.add(false, listener)
    }

    /// `console-message`: the page wrote to its console, with level, message, line and source.
    pub fn on_console_message(
        &self,
        listener: impl Fn(&ConsoleMessage) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared.listeners.console_message.add(false, listener)
    }

    /// `render-process-gone`: the page's renderer process crashed or was killed, with the reason.
    pub fn on_render_process_gone(
        &self,
        listener: impl Fn(&RenderProcessGone) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared
            .listeners
            .render_process_gone
            .add(false, listener)
    }

    /// Removes a listener added with any `on_*` method of the web contents.
    pub fn remove_listener(&self, id: ListenerId) -> bool {
        let listeners = &self.shared.listeners;
        listeners.dom_ready.remove(id)
            || listeners.did_finish_load.remove(id)
            || listeners.did_fail_load.remove(id)
            || listeners.console_message.remove(id)
            || listeners.render_process_gone.remove(id)
    }
}

impl WindowShared {
    /// The pid checked for the current document, if any.
    fn checked_pid(&self) -> Option<u32> {
        let cache = lock(&self.renderer_pid);
        cache
            .known
            .filter(|_| cache.checked_in == Some(cache.epoch))
    }

    /// A new document committed: its pid must be checked again (the navigation may have changed
    /// process); until then the last one stands.
    fn document_committed(self: &Arc<Self>) {
        lock(&self.renderer_pid).epoch += 1;
        WebContents::from_shared(Arc::clone(self)).learn_pid_in_background();
    }

    /// The page's renderer process went away.
    pub(crate) fn render_process_gone(&self, status: &str, exit_code: i64) {
        {
            let mut cache = lock(&self.renderer_pid);
            cache.known = None;
            cache.epoch += 1;
            cache.lost += 1;
        }
        self.remote.reset();
        self.load.send_modify(|progress| {
            progress.interrupted += 1;
            progress.renderer_gone = true;
        });
        let gone = RenderProcessGone {
            reason: RenderProcessGoneReason::from_chromium_status(status),
            exit_code,
        };
        tracing::warn!(
            window_id = self.id,
            reason = gone.reason.as_str(),
            exit_code,
            "renderer process gone"
        );
        self.listeners
            .render_process_gone
            .emit("render-process-gone", &gone);
    }

    /// Follows the page's title as the browser reports it. Chromium shows the URL as the title of
    /// a page without one: that keeps the window's own title.
    pub(crate) fn update_title(&self, info: &target::TargetInfo) {
        if !info.title.is_empty() && info.title != info.url {
            *lock(&self.title) = info.title.clone();
        }
    }

    fn is_main_frame(&self, frame_id: &str) -> bool {
        frame_id == self.target_id
    }
}

/// Follows one page's CDP events until its session ends: IPC messages, loads, console.
pub(crate) async fn follow_page(window: Arc<WindowShared>, mut events: EventReceiver) {
    while let Some(event) = events.recv().await {
        if let Some(call) = event.parse::<runtime::BindingCalled>() {
            match call {
                Ok(call) => receive_message(&window, &call),
                Err(error) => {
                    tracing::warn!(window_id = window.id, %error, "unreadable binding call")
                }
            }
        } else if let Some(paused) = event.parse::<fetch::RequestPaused>() {
            match paused {
                Ok(paused) => receive_sync_request(&window, paused),
                Err(error) => {
                    tracing::warn!(window_id = window.id, %error, "unreadable paused request")
                }
            }
        } else if let Some(Ok(lifecycle)) = event.parse::<page::LifecycleEvent>() {
            on_lifecycle(&window, &lifecycle).await;
        } else if let Some(Ok(created)) = event.parse::<runtime::ExecutionContextCreated>() {
            let context = created.context;
            lock(&window.frames).context_created(
                context.id,
                context.aux_data.frame_id.as_deref(),
                context.aux_data.is_default,
            );
        } else if let Some(Ok(destroyed)) = event.parse::<runtime::ExecutionContextDestroyed>() {
            lock(&window.frames).context_destroyed(destroyed.execution_context_id);
        } else if let Some(Ok(_)) = event.parse::<runtime::ExecutionContextsCleared>() {
            lock(&window.frames).contexts_cleared();
        } else if let Some(Ok(navigated)) = event.parse::<page::FrameNavigated>() {
            on_navigated(&window, navigated.frame);
        } else if let Some(Ok(detached)) = event.parse::<page::FrameDetached>() {
            lock(&window.frames).detached(&detached.frame_id);
        } else if let Some(Ok(logged)) = event.parse::<log::EntryAdded>() {
            crate::window::on_log_entry(&window, &logged.entry);
        } else if let Some(Ok(console)) = event.parse::<runtime::ConsoleApiCalled>() {
            let message = console_message(&console);
            window
                .listeners
                .console_message
                .emit("console-message", &message);
        } else if event.method.starts_with("Tracing.") {
            if let Some(sink) = lock(&window.trace_sink).as_ref() {
                let _ = sink.send(event);
            }
        }
    }
}

/// A message from the page (`send`, `invoke`): check it, then hand it to the IPC handlers.
fn receive_message(window: &Arc<WindowShared>, call: &runtime::BindingCalled) {
    let Ok(app) = window.app() else { return };
    if call.name != app.names.binding {
        return;
    }
    let sender_frame = {
        let trust = lock(&window.trust);
        lock(&window.frames).sender_of_context(call.execution_context_id, &trust, window.subframes)
    };
    let sender_frame = match sender_frame {
        Ok(frame) => frame,
        Err(refusal) => {
            refuse_frame(window, &refusal, "an IPC message");
            return;
        }
    };
    let limit = app.options().max_message_size;
    if call.payload.len() > limit {
        let channel = peek_channel(&call.payload).unwrap_or("(unknown)");
        tracing::error!(
            window_id = window.id,
            channel,
            size = call.payload.len(),
            limit,
            "refused an IPC message over the size limit"
        );
        // An invoke waits for an answer: it gets the refusal.
        if let Some(id) = peek_invoke_id(&call.payload) {
            let refusal = Error::MessageTooLarge {
                channel: channel.to_string(),
                size: call.payload.len(),
                limit,
            };
            WebContents::from_shared(Arc::clone(window)).settle_invoke(
                channel,
                id,
                invoke_error(channel, refusal),
            );
        }
        return;
    }
    let envelope = match Envelope::parse(&call.payload) {
        Ok(envelope) if matches!(envelope.kind, Kind::Sync | Kind::Remote) => {
            Err(EnvelopeError::WrongKind(envelope.kind))
        }
        parsed => parsed,
    };
    let envelope = match envelope {
        Ok(envelope) => envelope,
        Err(error) => {
            let header = Header::parse(&call.payload);
            let channel = header
                .as_ref()
                .map_or("(unknown)", |header| &header.channel);
            tracing::error!(window_id = window.id, channel, %error, "refused a malformed IPC message from the page");
            // An invoke waits for an answer: it gets the refusal.
            if let Some(Header {
                kind: Kind::Invoke,
                id: Some(id),
                channel,
                ..
            }) = header
            {
                WebContents::from_shared(Arc::clone(window)).settle_invoke(
                    &channel,
                    id,
                    invoke_error(&channel, error),
                );
            }
            return;
        }
    };
    if envelope.kind == Kind::RemoteRelease {
        crate::remote::release(window, &envelope.args);
        return;
    }
    let sender = WebContents::from_shared(Arc::clone(window));
    let event = IpcEvent::new(sender.clone(), &envelope.channel, sender_frame);
    match (envelope.kind, envelope.id) {
        (Kind::Invoke, Some(id)) => {
            let mut running = app.ipc().invoke(event, &envelope.args);
            // A handler that answers at once is answered here, without a task hop (the common
            // case, and the latency that matters); one that waits goes on in its own task.
            let waker = std::task::Waker::noop();
            let mut context = std::task::Context::from_waker(waker);
            match running.as_mut().poll(&mut context) {
                std::task::Poll::Ready(outcome) => {
                    sender.settle_invoke(&envelope.channel, id, outcome)
                }
                std::task::Poll::Pending => {
                    tokio::spawn(async move {
                        let outcome = running.await;
                        sender.settle_invoke(&envelope.channel, id, outcome);
                    });
                }
            }
        }
        _ => app.ipc().dispatch(event, &envelope.args),
    }
}

/// A page's `sendSync`: its request to the reserved URL, paused by its own session. The page's
/// main thread is blocked until this answers, so every path answers: a value, an error, or a
/// timeout.
fn receive_sync_request(window: &Arc<WindowShared>, paused: fetch::RequestPaused) {
    let Ok(app) = window.app() else { return };
    let request_id = paused.request_id;
    // Only a script's own request is a sync request. A navigation to the URL (a form posted at
    // the page by a frame, a redirect) is reported with the navigated frame's id, not the id of
    // the frame that started it: it is failed, never judged as the page's.
    let scripted = matches!(paused.resource_type.as_str(), "XHR" | "Fetch");
    if !scripted || paused.request.method != "POST" {
        tracing::warn!(
            window_id = window.id,
            frame_id = %paused.frame_id,
            resource_type = %paused.resource_type,
            method = %paused.request.method,
            "refused a request to the sync URL that a script did not make"
        );
        let failed = fetch::FailRequest {
            request_id,
            error_reason: "BlockedByClient".into(),
        };
        if let Err(error) = window.session.call_detached(&failed, |_| {}) {
            tracing::debug!(window_id = window.id, %error, "could not fail the request");
        }
        return;
    }
    let sender_frame = {
        let trust = lock(&window.trust);
        lock(&window.frames).sender_of_frame(&paused.frame_id, &trust, window.subframes)
    };
    let sender_frame = match sender_frame {
        Ok(frame) => frame,
        Err(refusal) => {
            refuse_frame(window, &refusal, "a sync request");
            let message = format!("refused by the main process: {refusal}");
            spawn_sync_answer(window, request_id, "(refused)".into(), async move {
                Outcome::Error(PageError::new(message))
            });
            return;
        }
    };
    let limit = app.options().max_message_size;
    let body = paused.request.post_data.unwrap_or_default();
    let checked = if body.len() > limit {
        Err(PageError::new(format!(
            "the sendSync message on '{}' is {} bytes, over the {limit}-byte limit",
            peek_channel(&body).unwrap_or("(unknown)"),
            body.len()
        )))
    } else {
        match Envelope::parse(&body) {
            Ok(envelope) if matches!(envelope.kind, Kind::Sync | Kind::Remote) => Ok(envelope),
            Ok(envelope) => Err(PageError::new(
                EnvelopeError::WrongKind(envelope.kind).to_string(),
            )),
            Err(error) => Err(PageError::new(error.to_string())),
        }
    };
    let envelope = match checked {
        Ok(envelope) => envelope,
        Err(refusal) => {
            tracing::error!(window_id = window.id, error = %refusal.message, "refused a sync IPC request");
            spawn_sync_answer(window, request_id, "(refused)".into(), async {
                Outcome::Error(refusal)
            });
            return;
        }
    };
    let channel = envelope.channel;
    let waiting_channel = channel.clone();
    let answer: OutcomeFuture = if envelope.kind == Kind::Remote {
        crate::remote::handle_request(window, &channel, &envelope.args)
    } else {
        let sender = WebContents::from_shared(Arc::clone(window));
        let answered = app
            .ipc()
            .dispatch_sync(sender, &channel, sender_frame, &envelope.args);
        Box::pin(async move {
            answered.await.unwrap_or_else(|_| {
                Outcome::Error(PageError::new(format!(
                    "no listener of sync channel '{waiting_channel}' set a return value"
                )))
            })
        })
    };
    let timeout = app.options().sync_timeout;
    let window_id = window.id;
    let waiting_channel = channel.clone();
    spawn_sync_answer(window, request_id, channel, async move {
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

/// Answers a paused sync request once `outcome` is ready; counts it as blocking the page until
/// then.
fn spawn_sync_answer(
    window: &Arc<WindowShared>,
    request_id: String,
    channel: String,
    outcome: impl std::future::Future<Output = Outcome> + Send + 'static,
) {
    window.sync_requests.send_modify(|waiting| *waiting += 1);
    let window = Arc::clone(window);
    tokio::spawn(async move {
        // Whatever happens, the blocked page gets an answer.
        let outcome = CatchUnwind(Box::pin(outcome)).await.unwrap_or_else(|panic| {
            tracing::error!(window_id = window.id, error = %panic_message(&panic), "answering a sync request panicked");
            Outcome::Error(PageError::new(format!(
                "the main process failed: {}",
                panic_message(&panic)
            )))
        });
        let limit = window
            .app()
            .map_or(usize::MAX, |app| app.options().max_message_size);
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
            body: cathode_cdp::base64::encode(&body),
        };
        // Once the answer is on its way, commands that waited for the page may go: the browser
        // handles this session's commands in order, and the page runs them after the answer.
        let window_id = window.id;
        let sent = window.session.call_detached(&answer, move |answered| {
            if let Err(error) = answered {
                tracing::debug!(window_id, channel = channel.as_str(), %error, "sync answer not delivered");
            }
        });
        if let Err(error) = sent {
            tracing::debug!(window_id, %error, "sync answer not sent");
        }
        window.sync_requests.send_modify(|waiting| *waiting -= 1);
    });
}

/// Logs a message refused because of where it came from; it reaches no handler.
fn refuse_frame(window: &WindowShared, refusal: &Refusal, what: &str) {
    let (frame_id, origin) = refusal.frame().map_or(("(unknown)", "(unknown)"), |frame| {
        (frame.frame_id.as_str(), frame.origin.as_str())
    });
    tracing::warn!(window_id = window.id, frame_id, origin, %refusal, "refused {what} from a frame that was not given IPC");
}

fn on_navigated(window: &Arc<WindowShared>, frame: page::Frame) {
    let is_main_frame = frame.parent_id.is_none() && window.is_main_frame(&frame.id);
    let loaded_by_main =
        is_main_frame && LoadProgress::has(&window.load.borrow().started, &frame.loader_id);
    let sender = {
        let mut frames = lock(&window.frames);
        frames.navigated(
            &frame.id,
            &frame.url,
            &frame.security_origin,
            loaded_by_main,
        );
        let trust = lock(&window.trust);
        frames.sender_of_frame(&frame.id, &trust, window.subframes)
    };
    if !is_main_frame {
        return;
    }
    let trusted = sender.is_ok();
    if window.node_integration
        && !trusted
        && frame.unreachable_url.is_none()
        && !window.untrusted_noted.swap(true, Ordering::Relaxed)
    {
        tracing::warn!(
            window_id = window.id,
            url = %frame.url,
            origin = %frame.security_origin,
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
    *lock(&window.url) = frame.unreachable_url.clone().unwrap_or(frame.url);
    // A new document: whatever the old one held through the remote module is released.
    window.remote.reset();
    window.load.send_modify(|progress| {
        progress.renderer_gone = false;
        LoadProgress::remember(&mut progress.committed, &frame.loader_id);
        if frame.unreachable_url.is_some() {
            LoadProgress::remember(&mut progress.failed, &frame.loader_id);
        }
    });
}

async fn on_lifecycle(window: &WindowShared, event: &page::LifecycleEvent) {
    if !window.is_main_frame(&event.frame_id) {
        return;
    }
    let (committed, failed) = {
        let progress = window.load.borrow();
        (
            LoadProgress::has(&progress.committed, &event.loader_id),
            LoadProgress::has(&progress.failed, &event.loader_id),
        )
    };
    // Documents committed before we listened, and error pages, are not loads of the app's.
    if !committed || failed {
        return;
    }
    match event.name.as_str() {
        "DOMContentLoaded" => {
            window.listeners.dom_ready.emit("dom-ready", &());
        }
        "load" => {
            // The title is the browser's to tell and comes on another queue: ask for it now, so
            // that it is current when the load is reported.
            if let Ok(connection) = window.app().and_then(|app| Ok(app.connection()?.clone())) {
                let info = target::GetTargetInfo {
                    target_id: window.target_id.clone(),
                };
                if let Ok(answer) = connection.browser_session().call(&info).await {
                    window.update_title(&answer.target_info);
                }
            }
            window.load.send_modify(|progress| {
                LoadProgress::remember(&mut progress.finished, &event.loader_id);
            });
            window
                .listeners
                .did_finish_load
                .emit("did-finish-load", &());
        }
        _ => {}
    }
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

fn renderer_pid_in_trace(events: &[Value], target_id: &str) -> Option<u32> {
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

/// A `file://` URL for a local path, made absolute and percent-encoded.
pub(crate) fn file_url(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Chromium's net error codes for the errors a load commonly ends with (net_error_list.h).
fn net_error_code(name: &str) -> i32 {
    match name {
        "ERR_IO_PENDING" => -1,
        "ERR_ABORTED" => -3,
        "ERR_INVALID_ARGUMENT" => -4,
        "ERR_FILE_NOT_FOUND" => -6,
        "ERR_TIMED_OUT" => -7,
        "ERR_FILE_TOO_BIG" => -8,
        "ERR_ACCESS_DENIED" => -10,
        "ERR_BLOCKED_BY_CLIENT" => -20,
        "ERR_BLOCKED_BY_RESPONSE" => -27,
        "ERR_CONNECTION_CLOSED" => -100,
        "ERR_CONNECTION_RESET" => -101,
        "ERR_CONNECTION_REFUSED" => -102,
        "ERR_CONNECTION_ABORTED" => -103,
        "ERR_CONNECTION_FAILED" => -104,
        "ERR_NAME_NOT_RESOLVED" => -105,
        "ERR_INTERNET_DISCONNECTED" => -106,
        "ERR_ADDRESS_INVALID" => -108,
        "ERR_ADDRESS_UNREACHABLE" => -109,
        "ERR_CONNECTION_TIMED_OUT" => -118,
        "ERR_CERT_COMMON_NAME_INVALID" => -200,
        "ERR_CERT_DATE_INVALID" => -201,
        "ERR_CERT_AUTHORITY_INVALID" => -202,
        "ERR_INVALID_URL" => -300,
        "ERR_DISALLOWED_URL_SCHEME" => -301,
        "ERR_UNKNOWN_URL_SCHEME" => -302,
        "ERR_TOO_MANY_REDIRECTS" => -310,
        "ERR_UNSAFE_PORT" => -312,
        "ERR_INVALID_RESPONSE" => -320,
        "ERR_EMPTY_RESPONSE" => -324,
        "ERR_HTTP_RESPONSE_CODE_FAILURE" => -379,
        _ => -2, // ERR_FAILED
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        let url = file_url(Path::new("/tmp/a dir/päge#1.html"));
        assert_eq!(url, "file:///tmp/a%20dir/p%C3%A4ge%231.html");
    }

    #[test]
    fn net_errors_map_to_electron_codes() {
        let failure = LoadFailure::from_net_error("net::ERR_FILE_NOT_FOUND", "file:///x");
        assert_eq!(failure.code, -6);
        assert_eq!(failure.description, "ERR_FILE_NOT_FOUND");
        assert_eq!(
            LoadFailure::from_net_error("net::ERR_SOMETHING_NEW", "x").code,
            -2
        );
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
    fn chromium_termination_statuses_map_to_electron_reasons() {
        assert_eq!(
            RenderProcessGoneReason::from_chromium_status("crashed").as_str(),
            "crashed"
        );
        assert_eq!(
            RenderProcessGoneReason::from_chromium_status("killed").as_str(),
            "killed"
        );
        assert_eq!(
            RenderProcessGoneReason::from_chromium_status("oom").as_str(),
            "oom"
        );
    }

    #[test]
    fn a_load_is_superseded_once_a_later_document_commits() {
        let mut progress = LoadProgress::default();
        LoadProgress::remember(&mut progress.committed, "A");
        assert!(!progress.superseded("A"));
        LoadProgress::remember(&mut progress.committed, "B");
        assert!(progress.superseded("A"));
        assert!(!progress.superseded("C"));
    }
}
