//! What the app and each window hold. [`crate::App`], [`crate::BrowserWindow`] and
//! [`crate::WebContents`] are cheap handles over these; everything here is updated under short
//! locks, and listeners are always called after the lock is released.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{oneshot, watch};

use crate::error::{BoxError, Error, Result};
use crate::events::{
    ConsoleMessage, DocumentReset, LoadFailure, PreloadError, RenderProcessGone, SecondInstance,
    WindowOpenDetails,
};
use crate::extensions::Extensions;
use crate::frames::{FrameTable, Trust};
use crate::listeners::{lock, Listeners, Preventable};
use crate::options::{ColorScheme, WebPreferences, WindowOptions};
use crate::page::{BrowserLink, Page, TitleInfo, TraceEvent, WindowOpenRequest};
use crate::page_events::{PageTitleUpdated, Verdict};
use crate::paths::PathName;
use crate::renderer::{Preload, RuntimeConfig, RuntimeExtension, RuntimeNames};
use crate::shared_browser::{AppContext, SharedBrowser};
use crate::single_instance::InstanceChannel;

/// How many recent loaders a window remembers, to match loads with their events.
const REMEMBERED_LOADERS: usize = 16;

/// What the app was built with (see [`crate::AppBuilder`]; its defaults are the app's).
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(Default))]
pub(crate) struct AppOptions {
    pub headless: Option<bool>,
    pub browser: Option<PathBuf>,
    pub user_data_dir: Option<PathBuf>,
    pub browser_args: Vec<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub max_message_size: usize,
    pub sync_timeout: Duration,
    /// A running browser to use instead of launching one.
    pub shared_browser: Option<SharedBrowser>,
}

#[derive(Default)]
pub(crate) struct AppListeners {
    pub ready: Listeners<()>,
    pub browser_window_created: Listeners<Arc<WindowShared>>,
    pub window_all_closed: Listeners<()>,
    pub before_quit: Listeners<Preventable>,
    pub will_quit: Listeners<Preventable>,
    pub quit: Listeners<i32>,
    pub second_instance: Listeners<SecondInstance>,
}

#[derive(Default)]
pub(crate) struct AppState {
    pub windows: BTreeMap<u32, Arc<WindowShared>>,
    pub quitting: bool,
    pub started: bool,
    /// `quit` was asked for before `run` started: `run` quits first thing.
    pub quit_pending: bool,
    pub ready_error: Option<BoxError>,
}

/// Everything the app's handles share.
pub(crate) struct AppShared {
    pub options: AppOptions,
    pub names: RuntimeNames,
    /// Typed state of the app and its plugins (`App::manage`).
    pub extensions: Extensions,
    pub focused: Mutex<Option<u32>>,
    pub state: Mutex<AppState>,
    pub browser: Mutex<Option<cathode_cdp::Browser>>,
    pub link: OnceLock<BrowserLink>,
    pub headless: OnceLock<bool>,
    /// Headful: the launcher page and its target id.
    pub launcher: OnceLock<Page>,
    /// Headful: the browser's pid and X display, where windows get the window manager's hints.
    pub x11: OnceLock<crate::x11::BrowserDisplay>,
    pub runtime: OnceLock<tokio::runtime::Handle>,
    /// The browser's version (`process.versions.chrome` in preloads), learnt with the first
    /// window that has the runtime.
    pub browser_version: OnceLock<String>,
    pub ready: watch::Sender<bool>,
    pub exit_code: watch::Sender<Option<i32>>,
    /// Set by `App::terminate`: a graceful close of the browser is cut short.
    pub terminated: watch::Sender<bool>,
    pub listeners: AppListeners,
    /// Serialises window creation: a headful window is recognised as the next new page target.
    pub window_creation: tokio::sync::Mutex<()>,
    /// One trace at a time: tracing is per browser (a shared one's lock is shared by its apps),
    /// and a second `Tracing.start` fails.
    pub tracing: Arc<tokio::sync::Mutex<()>>,
    /// On a shared browser: the app's browser context.
    pub browser_context: OnceLock<AppContext>,
    /// What windows made from Electron's options get where the options are silent.
    pub web_preferences: Mutex<WebPreferences>,
    pub popup_waiter: Mutex<Option<oneshot::Sender<String>>>,
    pub next_id: AtomicU32,
    /// Folders the app set with `App::set_path`.
    pub paths: Mutex<std::collections::HashMap<PathName, PathBuf>>,
    /// While this app holds the single-instance lock: the channel later instances write to
    /// (dropped first: it removes the socket) and the open lock file.
    pub single_instance: Mutex<Option<(Option<InstanceChannel>, std::fs::File)>>,
    /// The command line of the next instance, once `App::relaunch` asked for one.
    pub relaunch: Mutex<Option<Vec<String>>>,
    /// What every window's `prefers-color-scheme` answers (`None`: the browser's own).
    pub color_scheme: Mutex<Option<ColorScheme>>,
}

impl AppShared {
    /// The app's name: the one the builder was given, else the program's file name.
    pub(crate) fn name(&self) -> String {
        self.options.name.clone().unwrap_or_else(|| {
            std::env::current_exe()
                .ok()
                .and_then(|path| {
                    path.file_stem()
                        .map(|stem| stem.to_string_lossy().into_owned())
                })
                .unwrap_or_else(|| "cathode".into())
        })
    }

    pub(crate) fn new(options: AppOptions) -> AppShared {
        let tracing = options
            .shared_browser
            .as_ref()
            .map_or_else(Arc::default, SharedBrowser::tracing_lock);
        AppShared {
            options,
            names: RuntimeNames::random(),
            extensions: Extensions::default(),
            focused: Mutex::new(None),
            state: Mutex::new(AppState::default()),
            browser: Mutex::new(None),
            link: OnceLock::new(),
            headless: OnceLock::new(),
            launcher: OnceLock::new(),
            x11: OnceLock::new(),
            runtime: OnceLock::new(),
            browser_version: OnceLock::new(),
            ready: watch::channel(false).0,
            exit_code: watch::channel(None).0,
            terminated: watch::channel(false).0,
            listeners: AppListeners::default(),
            window_creation: tokio::sync::Mutex::new(()),
            tracing,
            browser_context: OnceLock::new(),
            web_preferences: Mutex::new(WebPreferences::default()),
            popup_waiter: Mutex::new(None),
            next_id: AtomicU32::new(1),
            paths: Mutex::new(std::collections::HashMap::new()),
            single_instance: Mutex::new(None),
            relaunch: Mutex::new(None),
            color_scheme: Mutex::new(None),
        }
    }

    /// The app's context on a shared browser, while it runs on it.
    pub(crate) fn context(&self) -> Option<&AppContext> {
        self.browser_context
            .get()
            .filter(|context| !context.is_disposed())
    }

    pub(crate) fn link(&self) -> Result<&BrowserLink> {
        self.link.get().ok_or(Error::NotReady)
    }

    pub(crate) fn is_headless(&self) -> bool {
        self.headless.get().copied().unwrap_or(true)
    }

    pub(crate) fn focused_window(&self) -> Option<u32> {
        *lock(&self.focused)
    }

    /// Registers to learn the target id of the next page the launcher opens.
    pub(crate) fn expect_popup(&self) -> oneshot::Receiver<String> {
        let (tx, rx) = oneshot::channel();
        *lock(&self.popup_waiter) = Some(tx);
        rx
    }

    pub(crate) fn add_window(&self, window: Arc<WindowShared>) {
        lock(&self.state).windows.insert(window.id, window);
    }

    pub(crate) fn windows(&self) -> Vec<Arc<WindowShared>> {
        lock(&self.state).windows.values().cloned().collect()
    }

    pub(crate) fn window(&self, id: u32) -> Option<Arc<WindowShared>> {
        lock(&self.state).windows.get(&id).cloned()
    }

    pub(crate) fn window_for_target(&self, target_id: &str) -> Option<Arc<WindowShared>> {
        lock(&self.state)
            .windows
            .values()
            .find(|window| window.page.target_id() == target_id)
            .cloned()
    }

    /// Forgets a closed window; true when it was the last one (and the app is not quitting).
    pub(crate) fn forget_window(&self, id: u32) -> bool {
        let mut state = lock(&self.state);
        let removed = state.windows.remove(&id).is_some();
        removed && state.windows.is_empty() && !state.quitting
    }

    pub(crate) fn set_exit_code(&self, code: i32) {
        self.exit_code.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(code);
                true
            } else {
                false
            }
        });
    }
}

/// What a window knows about its renderer's process id.
#[derive(Debug, Default)]
pub(crate) struct PidCache {
    /// The pid last learned. Kept when a document commits (most navigations keep the process)
    /// until a new lookup tells; cleared when the renderer goes away.
    pub known: Option<u32>,
    /// Bumped whenever a document commits or the renderer goes away.
    pub epoch: u64,
    /// Bumped whenever the renderer goes away.
    pub lost: u64,
    /// The epoch in which `known` was checked by a trace.
    pub checked_in: Option<u64>,
}

/// What a window knows about its page's loads, shared with the tasks waiting for one.
#[derive(Debug, Default)]
pub(crate) struct LoadProgress {
    /// Loads started by `load_url`, which reports their failures itself.
    pub started: VecDeque<String>,
    pub committed: VecDeque<String>,
    pub finished: VecDeque<String>,
    pub failed: VecDeque<String>,
    /// Bumped when the renderer goes away or the window is destroyed: waiters stop waiting.
    pub interrupted: u64,
    /// The renderer is gone and no document has committed since: only a navigation answers.
    pub renderer_gone: bool,
}

impl LoadProgress {
    pub(crate) fn remember(list: &mut VecDeque<String>, loader_id: &str) {
        if list.len() == REMEMBERED_LOADERS {
            list.pop_front();
        }
        list.push_back(loader_id.to_string());
    }

    pub(crate) fn has(list: &VecDeque<String>, loader_id: &str) -> bool {
        list.iter().any(|known| known == loader_id)
    }

    /// A later document committed after this one: its load will never be reported.
    pub(crate) fn superseded(&self, loader_id: &str) -> bool {
        Self::has(&self.committed, loader_id)
            && self.committed.back().map(String::as_str) != Some(loader_id)
    }
}

#[derive(Default)]
pub(crate) struct WindowListeners {
    pub close: Listeners<Verdict>,
    pub closed: Listeners<()>,
    pub dom_ready: Listeners<()>,
    pub did_finish_load: Listeners<()>,
    pub did_fail_load: Listeners<LoadFailure>,
    pub console_message: Listeners<ConsoleMessage>,
    pub render_process_gone: Listeners<RenderProcessGone>,
    pub document_reset: Listeners<DocumentReset>,
    pub preload_error: Listeners<PreloadError>,
    /// `page-title-updated` of the web contents, then of the window (one verdict for both).
    pub page_title_updated: Listeners<PageTitleUpdated>,
    pub window_page_title_updated: Listeners<PageTitleUpdated>,
    /// The page asked to open a window (`Page.windowOpen`).
    pub window_open: Listeners<WindowOpenRequest>,
    /// The browser made a page this page opened: its target id.
    pub popup_created: Listeners<String>,
    /// `did-create-window`: a window this page opened, with what the page asked for.
    pub did_create_window: Listeners<(Arc<WindowShared>, WindowOpenDetails)>,
}

/// Everything a window and its web contents share.
pub(crate) struct WindowShared {
    pub id: u32,
    pub app: Weak<AppShared>,
    pub page: Page,
    pub destroyed: AtomicBool,
    pub title: Mutex<String>,
    /// The page's own title (empty until the page has one), and how many times it changed.
    pub page_title: Mutex<(String, u64)>,
    pub visible: AtomicBool,
    pub url: Mutex<String>,
    pub renderer_pid: Mutex<PidCache>,
    pub load: watch::Sender<LoadProgress>,
    pub listeners: WindowListeners,
    /// While a renderer pid is being looked up: where the page's trace goes.
    pub trace_sink: Mutex<Option<tokio::sync::mpsc::UnboundedSender<TraceEvent>>>,
    /// How many synchronous requests of this page wait for an answer (its main thread is
    /// blocked).
    pub sync_requests: watch::Sender<usize>,
    /// Bumped whenever a frame of the page navigates (the frame table changed).
    pub frames_changed: watch::Sender<u64>,
    /// What the page may do, as the window was created with.
    pub preferences: WebPreferences,
    /// The page's frames and contexts, as the browser reports them.
    pub frames: Mutex<FrameTable>,
    /// The documents that get the runtime.
    pub trust: Mutex<Trust>,
    /// The plugins' parts of the renderer runtime, fixed when the window opens.
    pub runtime_extensions: OnceLock<Vec<RuntimeExtension>>,
    /// The plugins' document scripts (source, isolated world), fixed when the window opens.
    pub document_scripts: OnceLock<Vec<(String, Option<String>)>>,
    /// The identifiers of the scripts the browser runs in new documents, in order: the runtime
    /// (with node integration), then the plugins' document scripts.
    pub installed_scripts: tokio::sync::Mutex<Vec<String>>,
    /// The window's preload, read when it opened.
    pub preload: Option<Preload>,
    /// Set once main has said that the page left the trusted origins.
    pub untrusted_noted: AtomicBool,
    /// Typed state of the window and its plugins.
    pub extensions: Extensions,
    /// A close that waits for the page's `beforeunload` handlers.
    pub closing: Closing,
}

/// A window's close in progress: `close` was emitted and not prevented, and the page's
/// `beforeunload` handlers run (`app::request_close`).
#[derive(Default)]
pub(crate) struct Closing {
    /// Set while the page is asked to unload.
    pub asked: AtomicBool,
    /// Counts the closes asked for, so a late time limit knows its own.
    pub attempt: std::sync::atomic::AtomicU64,
    /// Who waits for the outcome: true once the window is closed, false when the page stayed.
    pub waiters: Mutex<Vec<tokio::sync::oneshot::Sender<bool>>>,
}

impl Closing {
    /// The close asked for is over: the window closed (`true`) or its page stayed.
    pub(crate) fn settle(&self, closed: bool) {
        let waiters = {
            // Under the waiters' lock: a close joining now is either told or starts anew.
            let mut waiters = lock(&self.waiters);
            self.asked.store(false, Ordering::Release);
            std::mem::take(&mut *waiters)
        };
        for waiter in waiters {
            let _ = waiter.send(closed);
        }
    }
}

impl WindowShared {
    pub(crate) fn new(
        id: u32,
        app: &Arc<AppShared>,
        page: Page,
        options: &WindowOptions,
    ) -> WindowShared {
        let frames = FrameTable::new(page.target_id());
        WindowShared {
            id,
            app: Arc::downgrade(app),
            page,
            destroyed: AtomicBool::new(false),
            // As Electron: a window is titled with the app's name until its page has a title.
            title: Mutex::new(options.title.clone().unwrap_or_else(|| app.name())),
            page_title: Mutex::new((String::new(), 0)),
            visible: AtomicBool::new(options.show),
            url: Mutex::new("about:blank".into()),
            renderer_pid: Mutex::new(PidCache::default()),
            load: watch::channel(LoadProgress::default()).0,
            listeners: WindowListeners::default(),
            trace_sink: Mutex::new(None),
            sync_requests: watch::channel(0).0,
            frames_changed: watch::channel(0).0,
            preferences: options.web_preferences.clone(),
            frames: Mutex::new(frames),
            trust: Mutex::new(Trust::listed(&options.web_preferences.trusted_origins)),
            runtime_extensions: OnceLock::new(),
            document_scripts: OnceLock::new(),
            installed_scripts: tokio::sync::Mutex::new(Vec::new()),
            preload: options
                .web_preferences
                .preload
                .as_deref()
                .map(Preload::read),
            untrusted_noted: AtomicBool::new(false),
            extensions: Extensions::default(),
            closing: Closing::default(),
        }
    }

    pub(crate) fn app(&self) -> Result<Arc<AppShared>> {
        self.app
            .upgrade()
            .ok_or(Error::AppGone { window_id: self.id })
    }

    pub(crate) fn check_alive(&self) -> Result<()> {
        if self.destroyed.load(Ordering::Acquire) {
            Err(Error::WindowDestroyed { window_id: self.id })
        } else {
            Ok(())
        }
    }

    /// Whether the window gets the renderer runtime at all (for its page or its preload).
    pub(crate) fn has_runtime(&self) -> bool {
        self.preferences.has_runtime()
    }

    /// Whether the runtime (and the preload) run in cathode's isolated world.
    pub(crate) fn isolated(&self) -> bool {
        self.has_runtime() && self.preferences.context_isolation
    }

    /// The world the runtime runs in: `None` for the page's own.
    pub(crate) fn runtime_world<'a>(&self, names: &'a RuntimeNames) -> Option<&'a str> {
        self.isolated().then_some(names.world.as_str())
    }

    /// Whether frames inside the page may get the runtime.
    pub(crate) fn subframes(&self) -> bool {
        self.preferences.node_integration_in_subframes
    }

    pub(crate) fn is_main_frame(&self, frame_id: &str) -> bool {
        frame_id == self.page.target_id()
    }

    /// Marks the window destroyed; true the first time only. The document is gone for good.
    pub(crate) fn mark_destroyed(&self) -> bool {
        let first = !self.destroyed.swap(true, Ordering::AcqRel);
        if first {
            self.load.send_modify(|progress| progress.interrupted += 1);
            self.page.forget();
            self.listeners
                .document_reset
                .emit("document-reset", &DocumentReset::Destroyed);
            self.extensions.clear();
        }
        first
    }

    /// Hands one message to the page's dispatcher, refusing it when it is over the size limit.
    /// Large binary values go beside it, fetched by the page (`bytes.rs`).
    pub(crate) fn deliver(&self, channel: &str, message: &impl Serialize) -> Result<()> {
        let app = self.app()?;
        let encode_error = |source| Error::Encode {
            channel: channel.to_string(),
            source,
        };
        let (json, tokens) =
            crate::bytes::encode_holding_large(&self.extensions, message).map_err(encode_error)?;
        let size = json.len() + crate::bytes::size_of(&self.extensions, &tokens);
        let limit = app.options.max_message_size;
        let undelivered = {
            // Only a message with held bytes has anything to let go.
            let window = (!tokens.is_empty())
                .then(|| app.window(self.id))
                .flatten()
                .as_ref()
                .map(Arc::downgrade);
            let tokens = tokens.clone();
            move || {
                if let Some(window) = window.and_then(|window| window.upgrade()) {
                    crate::bytes::release(&window.extensions, &tokens);
                }
            }
        };
        if size > limit {
            crate::bytes::release(&self.extensions, &tokens);
            return Err(Error::MessageTooLarge {
                channel: channel.to_string(),
                size,
                limit,
            });
        }
        let expression = if tokens.is_empty() {
            format!("{}({json})", app.names.dispatcher)
        } else {
            let tokens = serde_json::to_string(&tokens).map_err(encode_error)?;
            format!("{}({json}, {tokens})", app.names.dispatcher)
        };
        let Some(context) = self.runtime_context(&app.names, channel) else {
            crate::bytes::release(&self.extensions, &tokens);
            return Ok(());
        };
        let sent = self.evaluate_in(expression, context, channel, undelivered);
        if sent.is_err() {
            crate::bytes::release(&self.extensions, &tokens);
        }
        sent
    }

    /// Where the page's runtime takes main's messages: the main frame's context of the runtime's
    /// world (`Some(None)`: the main world's default one); `None`, with a warning, when the
    /// runtime is not there.
    fn runtime_context(&self, names: &RuntimeNames, channel: &str) -> Option<Option<i64>> {
        let Some(world) = self.runtime_world(names) else {
            return Some(None);
        };
        let context = lock(&self.frames).main_frame_context(world);
        if context.is_none() {
            tracing::warn!(
                window_id = self.id,
                channel,
                "the page could not take the message: its runtime is not there (has it loaded yet?)"
            );
        }
        context.map(Some)
    }

    /// Sends the page bytes main holds for it (`bytes.rs`) inside a message, as base64 text,
    /// because its runtime could not fetch them (a Content-Security-Policy whose `connect-src`
    /// leaves out cathode's URL forbids the fetch) and asked through the binding. Bytes main no
    /// longer holds come as an answer without them. The answer bypasses `deliver`, which would
    /// hold them again.
    pub(crate) fn send_held_bytes_inline(&self, token: &str) -> Result<()> {
        let app = self.app()?;
        let args = match crate::bytes::take(&self.extensions, token) {
            Some(bytes) => vec![serde_json::Value::String(cathode_cdp::base64::encode(
                &bytes,
            ))],
            None => Vec::new(),
        };
        let envelope = crate::envelope::Envelope::new(crate::bytes::HELD_BYTES, token, args);
        let json = serde_json::to_string(&envelope).map_err(|source| Error::Encode {
            channel: crate::bytes::HELD_BYTES.to_string(),
            source,
        })?;
        let Some(context) = self.runtime_context(&app.names, crate::bytes::HELD_BYTES) else {
            return Ok(());
        };
        let expression = format!("{}({json})", app.names.dispatcher);
        self.evaluate_in(expression, context, crate::bytes::HELD_BYTES, || {})
    }

    /// Evaluates in the page's main world without waiting; failures are logged.
    pub(crate) fn evaluate_detached(&self, expression: String, what: &str) -> Result<()> {
        self.evaluate_in(expression, None, what, || {})
    }

    /// Evaluates in context `context` (default: the main frame's main world) without waiting;
    /// failures are logged, and `undelivered` runs when the expression threw or did not run.
    /// Used for messages to the page.
    fn evaluate_in(
        &self,
        expression: String,
        context: Option<i64>,
        what: &str,
        undelivered: impl FnOnce() + Send + 'static,
    ) -> Result<()> {
        let window_id = self.id;
        let what = what.to_string();
        self.page
            .evaluate_detached(expression, context, move |answer| match answer {
                Ok(Some(exception)) => {
                    tracing::warn!(
                        window_id,
                        channel = what.as_str(),
                        error = %exception,
                        "the page could not take the message (has it loaded yet?)"
                    );
                    undelivered();
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::debug!(window_id, channel = what.as_str(), %error, "message not delivered");
                    undelivered();
                }
            })
    }

    /// Has the browser run the renderer runtime (when the page or its preload needs it) with the
    /// window's current trust, then the preload, in the runtime's world, then the plugins'
    /// document scripts, in every new document of the page, replacing what it ran before: the
    /// browser runs them in the order they were added.
    pub(crate) async fn install_scripts(&self) -> Result<()> {
        let app = self.app()?;
        let mut installed = self.installed_scripts.lock().await;
        for identifier in std::mem::take(&mut *installed) {
            self.page.remove_document_script(identifier).await?;
        }
        if self.has_runtime() {
            let world = self.runtime_world(&app.names).map(str::to_string);
            if world.is_some() {
                // Before the runtime: the isolated side finds the page's end when it starts.
                let stub = crate::renderer::bridge_stub_script(&app.names);
                installed.push(self.page.add_document_script(stub, None).await?);
            }
            let chrome_version = app.browser_version.get().map_or("", String::as_str);
            let source = crate::renderer::runtime_script(&RuntimeConfig {
                names: &app.names,
                max_message_size: app.options.max_message_size,
                subframes: self.subframes(),
                trusted: lock(&self.trust).to_json(),
                extensions: self.runtime_extensions.get().map_or(&[], Vec::as_slice),
                isolated: world.is_some(),
                page_require: self.preferences.page_has_runtime(),
                sandboxed: self.preferences.sandbox,
                preload: self.preload.as_ref(),
                chrome_version,
                main_world_apis: &self.preferences.main_world_apis,
            });
            installed.push(self.page.add_document_script(source, world.clone()).await?);
            let preload = self.preload.as_ref();
            for script in preload
                .and_then(|preload| crate::renderer::preload_scripts(&app.names, preload))
                .into_iter()
                .flatten()
            {
                installed.push(self.page.add_document_script(script, world.clone()).await?);
            }
        }
        for (source, world) in self.document_scripts.get().map_or(&[][..], Vec::as_slice) {
            let added = self
                .page
                .add_document_script(source.clone(), world.clone())
                .await?;
            installed.push(added);
        }
        Ok(())
    }

    /// The pid checked for the current document, if any.
    pub(crate) fn checked_pid(&self) -> Option<u32> {
        let cache = lock(&self.renderer_pid);
        cache
            .known
            .filter(|_| cache.checked_in == Some(cache.epoch))
    }

    /// A new document committed: its pid must be checked again (the navigation may have changed
    /// process); until then the last one stands.
    pub(crate) fn document_committed(&self) {
        lock(&self.renderer_pid).epoch += 1;
    }

    /// The page's renderer process went away.
    pub(crate) fn render_process_gone(&self, status: &str, exit_code: i64) {
        {
            let mut cache = lock(&self.renderer_pid);
            cache.known = None;
            cache.epoch += 1;
            cache.lost += 1;
        }
        self.load.send_modify(|progress| {
            progress.interrupted += 1;
            progress.renderer_gone = true;
        });
        self.listeners
            .document_reset
            .emit("document-reset", &DocumentReset::Crashed);
        let gone = RenderProcessGone::from_chromium_status(status, exit_code);
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

    /// Follows the page's title as the browser reports it. Chromium shows the URL (a file's name,
    /// for a file) as the title of a page without one: that keeps the window's own title. (A
    /// page whose real title is its file's name says so itself: see `update_title_from_page`.)
    pub(crate) fn update_title(&self, info: &TitleInfo) {
        let file_name = info
            .url
            .strip_prefix("file://")
            .and_then(|path| path.rsplit('/').next());
        if info.title == info.url || file_name == Some(info.title.as_str()) {
            return;
        }
        self.update_title_from_page(&info.title);
    }

    /// Follows the page's title as its document has it. A new title emits `page-title-updated`
    /// (the web contents', then the window's); unless a listener prevents it, the window takes
    /// the title (once deferred decisions are in, if any).
    pub(crate) fn update_title_from_page(&self, title: &str) {
        if title.is_empty() {
            return;
        }
        let generation = {
            let mut page_title = lock(&self.page_title);
            if page_title.0 == title {
                return;
            }
            page_title.0 = title.to_string();
            page_title.1 += 1;
            page_title.1
        };
        let event = PageTitleUpdated {
            title: title.to_string(),
            explicit_set: true,
            verdict: Default::default(),
        };
        self.listeners
            .page_title_updated
            .emit("page-title-updated", &event);
        self.listeners
            .window_page_title_updated
            .emit("page-title-updated", &event);
        let Some(window) = self.app().ok().and_then(|app| app.window(self.id)) else {
            return;
        };
        // Decided at once (no listener deferred): the title is the window's before the page
        // event that brought it is over, so a load that finishes after it sees it.
        if event.verdict.is_decided() {
            if !event.verdict.default_prevented() && lock(&window.page_title).1 == generation {
                *lock(&window.title) = event.title;
            }
            return;
        }
        let limit = self
            .app()
            .map_or(Duration::ZERO, |app| app.options.sync_timeout);
        let apply = async move {
            let prevented = event.verdict.settle(limit, "page-title-updated").await;
            // A later title decides for itself.
            if !prevented && lock(&window.page_title).1 == generation {
                *lock(&window.title) = event.title;
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(apply);
            }
            Err(_) => tracing::debug!(window_id = self.id, "no runtime to follow the title"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
