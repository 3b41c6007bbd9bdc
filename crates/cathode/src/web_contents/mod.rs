//! `WebContents`: a window's page: loading it, messages to it, JavaScript in it, its renderer
//! process, and the events that come from it.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::app::App;
use crate::envelope::{Envelope, IpcArgs};
use crate::error::{Error, Result};
use crate::events::{ConsoleMessage, LoadFailure, PreloadError, RenderProcessGone};
use crate::listeners::{lock, ListenerId};
use crate::options::WebPreferences;
use crate::page::{is_refused_navigation, renderer_pid_in_trace, Navigation, TraceEvent};
use crate::state::{LoadProgress, WindowShared};

mod navigation;

pub(crate) use navigation::{
    follow_titles, on_document_request, on_frame_navigated, on_navigation_event, on_page_shown,
    on_title_reported, title_names, PageNavigation,
};
mod devtools;
mod dialogs;
mod edit;
mod find;
mod input;
mod tools;
mod zoom;

pub use devtools::AUTO_OPEN_DEVTOOLS;
pub(crate) use dialogs::{on_dialog, on_unload_reported, unload_names, UnloadGuard};
pub use edit::EditCommand;
pub use find::{FindOptions, FoundInPage, StopFindAction};
pub use input::{InputEvent, InputKind, MouseButton};

pub use tools::{
    ImageSize, NativeImage, NavigationEntry, NavigationHistory, PdfMargins, PdfOptions,
};

/// How long a renderer pid lookup may take.
const PID_LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

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

    /// The app this page belongs to. Fails with [`Error::AppGone`] once the app was dropped.
    pub fn app(&self) -> Result<App> {
        Ok(App::from_shared(self.shared.app()?))
    }

    /// What the page may do: the preferences its window was created with.
    pub fn web_preferences(&self) -> WebPreferences {
        self.shared.preferences.clone()
    }

    pub(crate) fn shared(&self) -> &Arc<WindowShared> {
        &self.shared
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
    /// until the page is loaded again): a crashed page would never take the message; with
    /// [`Error::MessageTooLarge`] over the app's size limit; with [`Error::Encode`] when `args`
    /// cannot be encoded as JSON; with [`Error::WindowDestroyed`] once the window is closed; with
    /// [`Error::AppGone`] once the app was dropped; with [`Error::Browser`] once the browser's
    /// connection is closed. A page that cannot take the message (not loaded yet) is logged, not
    /// an error.
    pub fn send(&self, channel: &str, args: impl IpcArgs) -> Result<()> {
        self.check_can_take_messages()?;
        let convert = || args.into_args();
        let args =
            crate::bytes::convert_holding(&self.shared.extensions, convert).map_err(|source| {
                Error::Encode {
                    channel: channel.to_string(),
                    source,
                }
            })?;
        self.deliver(channel, &Envelope::new("send", channel, args))
    }

    /// Sends a message of a plugin's `kind` to the page, where the plugin's renderer extension
    /// gets it as `{kind, channel, args}` (see [`crate::RendererScript::RuntimeExtension`]). In
    /// order with every other message to the page; does not wait. Fails as
    /// [`WebContents::send`] does.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.post_message("clock", "tick", vec![serde_json::json!(1)])?;
    /// # Ok(()) }
    /// ```
    pub fn post_message(&self, kind: &str, channel: &str, args: Vec<Value>) -> Result<()> {
        self.check_can_take_messages()?;
        self.deliver(channel, &Envelope::new(kind, channel, args))
    }

    /// Fails when the window is gone or its renderer is.
    pub(crate) fn check_can_take_messages(&self) -> Result<()> {
        self.shared.check_alive()?;
        if self.shared.load.borrow().renderer_gone {
            return Err(Error::RenderProcessGone {
                window_id: self.id(),
            });
        }
        Ok(())
    }

    /// Hands one message to the page's dispatcher, refusing it when it is over the size limit.
    pub(crate) fn deliver(&self, channel: &str, message: &impl serde::Serialize) -> Result<()> {
        self.shared.deliver(channel, message)
    }

    /// Runs `code` in the page's own (main) world, as Electron's `executeJavaScript` does, never
    /// in the preload's isolated world, and returns its value as JSON (`null` for `undefined`). A promise
    /// is awaited; a thrown error or rejected promise becomes [`Error::Javascript`]. Fails with
    /// [`Error::RenderProcessGone`] when the renderer is gone or goes away first, with
    /// [`Error::WindowDestroyed`] when the window is closed or closes first, and with
    /// [`Error::Browser`] when the browser refuses the command or is gone.
    pub async fn execute_javascript(&self, code: &str) -> Result<Value> {
        let page = self.shared.page.clone();
        let answer = self.call_page(page.evaluate(code.to_string())).await?;
        answer.map_err(|message| Error::Javascript {
            window_id: self.id(),
            message,
        })
    }

    /// Waits for a command to the page, unless the renderer goes away or the window is destroyed
    /// first (a crashed page never answers).
    async fn call_page<T>(&self, call: impl Future<Output = Result<T>>) -> Result<T> {
        if self.shared.load.borrow().renderer_gone {
            return Err(Error::RenderProcessGone {
                window_id: self.id(),
            });
        }
        self.call_page_even_if_crashed(call).await
    }

    /// As [`WebContents::call_page`], for the one command a crashed page still answers: a
    /// navigation, which starts a new renderer.
    ///
    /// While the page is blocked in a sync request the command waits to be sent until the page
    /// is answered (`call` sends when first polled): a handler that needs the page before it
    /// answers would otherwise deadlock until the sync timeout.
    async fn call_page_even_if_crashed<T>(
        &self,
        call: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        self.shared.check_alive()?;
        let mut progress = self.shared.load.subscribe();
        let interrupted_at = progress.borrow().interrupted;
        let mut sync_requests = self.shared.sync_requests.subscribe();
        let call = async {
            // The sender lives as long as the window; if it is gone, so is the page.
            let _ = sync_requests.wait_for(|waiting| *waiting == 0).await;
            call.await
        };
        tokio::select! {
            answer = call => answer,
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
    /// [`Error::LoadFailed`] with the same code and description: `ERR_INVALID_URL` when the
    /// browser refuses the URL, `ERR_ABORTED` when another navigation replaces this one first or
    /// the old page stays (its `beforeunload` handler asked to, and no
    /// [`WebContents::on_will_prevent_unload`] listener let it go).
    ///
    /// Also fails with [`Error::RenderProcessGone`] when the renderer goes away during the load,
    /// with [`Error::WindowDestroyed`] when the window is closed or closes first, with
    /// [`Error::AppGone`] once the app was dropped, and with [`Error::Browser`] when the browser
    /// is gone.
    pub async fn load_url(&self, url: &str) -> Result<()> {
        self.shared.check_alive()?;
        let newly_trusted = lock(&self.shared.trust).allow(url);
        if newly_trusted && self.shared.has_runtime() {
            // New documents of this origin get the runtime from now on.
            self.shared.install_scripts().await?;
        }
        let mut progress = self.shared.load.subscribe();
        let interrupted_at = progress.borrow().interrupted;
        // Loads started here report their own failure; the page's own navigations that fail are
        // reported when their error page commits (see `on_navigated`).
        let window = Arc::clone(&self.shared);
        let remember = move |answer: &Navigation| {
            if let Some(loader_id) = &answer.loader_id {
                window.load.send_modify(|progress| {
                    LoadProgress::remember(&mut progress.started, loader_id);
                });
            }
        };
        let page = self.shared.page.clone();
        let answer = match self
            .call_page_even_if_crashed(page.navigate(url, remember))
            .await
        {
            Ok(answer) => answer,
            Err(error) if is_refused_navigation(&error) => {
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
    /// like any load: `did-fail-load` with `ERR_FILE_NOT_FOUND` (-6). Fails as
    /// [`WebContents::load_url`] does.
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
        let page_title = lock(&self.shared.page_title).0.clone();
        if page_title.is_empty() {
            lock(&self.shared.title).clone()
        } else {
            page_title
        }
    }

    /// Reloads the page (does not wait for the load). Fails with [`Error::WindowDestroyed`] once
    /// the window is closed and with [`Error::Browser`] once the browser's connection is closed;
    /// a reload the browser refuses is logged.
    pub fn reload(&self) -> Result<()> {
        self.shared.check_alive()?;
        let window_id = self.id();
        self.shared.page.reload(move |error| {
            tracing::warn!(window_id, %error, "reload failed");
        })
    }

    /// True while the page's renderer is gone (it crashed or was killed), until the page is
    /// loaded again.
    pub fn is_crashed(&self) -> bool {
        self.shared.load.borrow().renderer_gone
    }

    /// Crashes the page's renderer process (Electron's `forcefullyCrashRenderer`), for testing
    /// how an app copes: `render-process-gone` follows. Fails with [`Error::WindowDestroyed`]
    /// once the window is closed and with [`Error::Browser`] once the browser's connection is
    /// closed.
    pub fn forcefully_crash_renderer(&self) -> Result<()> {
        self.shared.check_alive()?;
        self.shared.page.crash()
    }

    /// The process id of the page's renderer process, checked for the current document.
    ///
    /// Chromium tells a page's pid only in a trace (tens of milliseconds, more on a busy machine;
    /// one at a time for the whole browser, so lookups of all windows take turns). cathode learns
    /// it when the window opens and again, in the background, whenever a document commits (a
    /// navigation may change process), so this usually answers from the cache. A trace needs the page's renderer: while the page
    /// waits in `sendSync`, this waits for the answer. Safe to cancel: the trace finishes anyway.
    ///
    /// Fails with [`Error::RenderProcessGone`] while the renderer is gone, with
    /// [`Error::RendererPidUnknown`] when the trace names no renderer for the page or takes over
    /// 5 seconds, with [`Error::WindowDestroyed`] once the window is closed, with
    /// [`Error::AppGone`] once the app was dropped, and with [`Error::Browser`] when the browser
    /// refuses to trace.
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

    /// The pid as a page's synchronous `getOSProcessId()` answers it (through remote): the
    /// checked pid, or a lookup when the page can run one, else the last known pid, else 0
    /// (Electron's answer when there is no live process). Never waits for a page that is
    /// blocked: the asking page waits in a sync request, and a trace of a blocked page cannot
    /// finish until it is answered.
    pub async fn os_process_id_for_sync_caller(&self) -> u32 {
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
    async fn look_up_pid_patiently(&self) -> Option<u32> {
        let patience = self
            .shared
            .app()
            .map_or(Duration::ZERO, |app| app.options.sync_timeout / 2);
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
            let page = &self.shared.page;
            page.start_trace().await?;
            page.end_trace().await?;
            let mut found = None;
            while let Some(event) = trace_events.recv().await {
                match event {
                    TraceEvent::Data(data) => {
                        found = found.or_else(|| renderer_pid_in_trace(&data, page.target_id()));
                    }
                    TraceEvent::Complete => break,
                }
            }
            Ok::<_, Error>(found)
        };
        let outcome = tokio::time::timeout(PID_LOOKUP_TIMEOUT, lookup).await;
        *lock(&self.shared.trace_sink) = None;
        if !matches!(outcome, Ok(Ok(_))) {
            // A trace left running would make every later lookup fail; stopping one that never
            // started only earns an error nobody needs.
            self.shared.page.end_trace_detached();
        }
        let pid = match outcome {
            Ok(result) => result?,
            Err(_) => None,
        };
        pid.ok_or_else(|| self.pid_not_found())
    }

    /// Keeps `value` as this page's state of its type, for as long as the window lives (plugins
    /// keep per-window state here; [`crate::App::manage`] is the app's). One value per type:
    /// false (and `value` is dropped) when one is kept already.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// struct Visits(std::sync::atomic::AtomicU32);
    /// contents.manage(Visits(0.into()));
    /// assert!(contents.state::<Visits>().is_some());
    /// # }
    /// ```
    pub fn manage<T: Send + Sync + 'static>(&self, value: T) -> bool {
        self.shared.extensions.insert(value)
    }

    /// This page's state of type `T`, kept with [`WebContents::manage`].
    pub fn state<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.shared.extensions.get()
    }

    /// This page's state of type `T`, made with `make` (and kept) if there is none yet.
    pub fn state_or_insert_with<T: Send + Sync + 'static>(
        &self,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        self.shared.extensions.get_or_insert_with(make)
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

    /// `preload-error`: the window's preload did not run in a new document (its path is relative
    /// or cannot be read, or it does not compile) or threw, with the path and the error. Emitted
    /// for every document, logged, and written to the page's console as an error-level
    /// `console-message`; the page loads without the preload's work.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_preload_error(|error| eprintln!("{}: {}", error.path, error.stack));
    /// # }
    /// ```
    pub fn on_preload_error(
        &self,
        listener: impl Fn(&PreloadError) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared.listeners.preload_error.add(false, listener)
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
            || listeners.preload_error.remove(id)
            || listeners.render_process_gone.remove(id)
            || self.remove_navigation_listener(id)
            || listeners.did_create_window.remove(id)
            || self.window().remove_window_event_listener(id)
            || dialogs::UnloadListeners::remove(&self.shared, id)
            || find::Finds::remove(&self.shared, id)
            || self.remove_input_listener(id)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        let url = file_url(Path::new("/tmp/a dir/päge#1.html"));
        assert_eq!(url, "file:///tmp/a%20dir/p%C3%A4ge%231.html");
    }
}
