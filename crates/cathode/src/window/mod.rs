//! `BrowserWindow`: one window, showing one page that runs in its own renderer process.
//!
//! Headless, a window is a page target made with `Target.createTarget`. With a display, it is a
//! chromeless app window opened from the launcher page with
//! `window.open(url, '_blank', 'popup,noopener,...')` (evaluated as a user gesture), because a
//! target created over CDP would be a browser window with a tab strip and a URL bar.

mod geometry;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::app::{close_window, destroy_window, App, CloseEvent};
use crate::error::{Error, Result};
use crate::inbound::follow_page;
use crate::listeners::{lock, ListenerId};
use crate::options::{Rectangle, WindowOptions};
use crate::page::{BrowserLink, OsWindow, Page};
use crate::page_events::Verdict;
use crate::plugin::{PluginRegistry, RendererScript};
use crate::renderer::RuntimeExtension;
use crate::state::{AppShared, WindowShared};
use crate::web_contents::WebContents;

mod background;
mod hints;
mod icon;
mod input;
mod menu_bar;
mod navigation;
mod open;
mod unload;
mod watch;
mod world_state;

pub use geometry::{Applied, WindowEvent};
pub use input::{BeforeInputEvent, KeyInput, ZoomDirection};
pub use open::WindowOpenAction;

/// How long a headful window may take to appear after `window.open`.
const POPUP_TIMEOUT: Duration = Duration::from_secs(10);

/// A window with one page in its own renderer process (Electron's `BrowserWindow`). A cheap,
/// clonable handle; the window lives until closed, not until the handle is dropped.
///
/// ```no_run
/// # async fn demo(app: cathode::App) -> cathode::Result<()> {
/// use cathode::{BrowserWindow, WindowOptions};
/// let window = BrowserWindow::new(&app, WindowOptions { width: 400, ..Default::default() }).await?;
/// window.on_closed(|| println!("closed"));
/// window.load_url("https://example.com/").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct BrowserWindow {
    shared: Arc<WindowShared>,
}

impl std::fmt::Debug for BrowserWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowserWindow")
            .field("id", &self.shared.id)
            .field("destroyed", &self.is_destroyed())
            .finish()
    }
}

impl PartialEq for BrowserWindow {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

impl BrowserWindow {
    /// Opens a window showing `about:blank`; load a page with [`BrowserWindow::load_url`] or
    /// [`BrowserWindow::load_file`]. Needs a running app (inside or after `App::run`'s ready).
    ///
    /// Fails with [`Error::NotReady`] before [`App::run`] started the browser, with
    /// [`Error::WindowNotOpened`] when, with a display, the browser opens no app window within
    /// 10 seconds, and with [`Error::Browser`] when the browser refuses to make or set up the page
    /// or is gone.
    pub async fn new(app: &App, options: WindowOptions) -> Result<BrowserWindow> {
        let id = app.reserve_window_id();
        BrowserWindow::new_with_reserved_id(app, id, options).await
    }

    /// As [`BrowserWindow::new`], with an id taken earlier from [`App::reserve_window_id`], for
    /// embedders that must give out a window's id before the window exists (the CLI's
    /// synchronous `new BrowserWindow()`). Fails as [`BrowserWindow::new`] does.
    pub async fn new_with_reserved_id(
        app: &App,
        id: u32,
        options: WindowOptions,
    ) -> Result<BrowserWindow> {
        let shared = &app.shared;
        let options = geometry::constrained(options);
        let link = shared.link()?.clone();
        let creating = shared.window_creation.lock().await;
        let (target_id, finding) = match shared.launcher.get() {
            None => {
                let target_id = link
                    .create_page(options.width, options.height, window_context(shared)?)
                    .await?;
                (target_id, None)
            }
            Some(launcher) => {
                let marker = hints::marker(shared, id);
                let target_id =
                    open_app_window(shared, launcher, &options, marker.as_deref()).await?;
                (target_id, marker.map(|marker| hints::start(shared, marker)))
            }
        };
        drop(creating);
        BrowserWindow::on_target(app, id, target_id, &options, finding).await
    }

    /// Makes the page `target_id` the window `id`: attaches, installs the runtime and the
    /// plugins' scripts, and announces the window; with `finding`, the look-up of its X11
    /// window, it sets the window manager's hints before it announces the window.
    async fn on_target(
        app: &App,
        id: u32,
        target_id: String,
        options: &WindowOptions,
        finding: Option<hints::Finding>,
    ) -> Result<BrowserWindow> {
        let shared = &app.shared;
        let link = shared.link()?.clone();
        let plugins = app
            .state::<PluginRegistry>()
            .expect("the builder gives every app its plugins");
        let mut unfinished = UnfinishedPage {
            link: link.clone(),
            target_id: target_id.clone(),
            page: None,
            finished: false,
        };
        let (page, events) = link.attach(&target_id).await?;
        unfinished.page = Some(page.clone());
        let window = Arc::new(WindowShared::new(id, shared, page, options));
        if finding.is_some() {
            hints::remember(&window);
        }
        menu_bar::start(&window, options.auto_hide_menu_bar);
        let contents = WebContents::from_shared(Arc::clone(&window));
        open::follow_popups(&window);
        contents.follow_history();
        contents.learn_user_agent();
        plugin_scripts(&window, &plugins);
        tokio::spawn(follow_page(
            Arc::clone(&window),
            events,
            Arc::clone(&plugins),
        ));
        prepare_page(&window).await?;
        if let Some(color) = options.background_color {
            background::set_background(&window, color).await?;
        }
        geometry::start(&window, options).await;
        unfinished.finished = true;
        shared.add_window(Arc::clone(&window));
        if options.show {
            // As Electron: a window opened hidden does not take the focus.
            geometry::move_focus(shared, id);
        }
        // After joining the app's windows, so that no change of the scheme is missed.
        let scheme = *lock(&shared.color_scheme);
        if scheme.is_some() {
            if let Err(error) = window.page.emulate_color_scheme(scheme).await {
                tracing::warn!(window_id = id, %error, "could not set the colour scheme");
            }
        }
        for plugin in plugins.all() {
            let weak = Arc::downgrade(&window);
            let plugin = Arc::clone(plugin);
            window.listeners.document_reset.add(false, move |reset| {
                if let Some(window) = weak.upgrade() {
                    plugin.on_document_reset(&WebContents::from_shared(window), *reset);
                }
            });
        }
        for plugin in plugins.all() {
            plugin.on_window_created(&contents);
        }
        let handle = BrowserWindow { shared: window };
        // Learnt in the background, so that opening a window does not wait for a trace (it cost
        // about 200 ms of every cold start): the page's first navigation keeps this process, and
        // `getOSProcessId()` answers from it once known (0 until then; `os_process_id().await`
        // waits).
        contents.learn_pid_in_background();
        if !options.show && !shared.is_headless() {
            if let Err(error) = handle.hide().await {
                tracing::warn!(window_id = id, %error, "could not hide the new window");
            }
        }
        if let Some(icon) = &options.icon {
            if let Err(error) = handle.set_icon(icon).await {
                tracing::warn!(window_id = id, %error, "could not set the window's icon");
            }
        }
        handle.apply_options(options, shared.is_headless()).await;
        if let Some(finding) = finding {
            hints::finish(&handle.shared, finding).await;
        }
        input::on_window_opened(&handle);
        tracing::debug!(window_id = id, "window created");
        shared
            .listeners
            .browser_window_created
            .emit("browser-window-created", &handle.shared);
        Ok(handle)
    }

    pub(crate) fn from_shared(shared: Arc<WindowShared>) -> BrowserWindow {
        BrowserWindow { shared }
    }

    /// A handle that does not keep the window's state alive: for listeners stored in places the
    /// window itself holds (a cycle of strong handles would never be freed).
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) {
    /// let weak = window.downgrade();
    /// window.on_closed(move || assert!(weak.upgrade().is_some_and(|w| w.is_destroyed())));
    /// # }
    /// ```
    pub fn downgrade(&self) -> WeakBrowserWindow {
        WeakBrowserWindow {
            shared: Arc::downgrade(&self.shared),
        }
    }

    /// The window focused last (by creation or [`BrowserWindow::focus`]), if still open.
    pub fn get_focused_window(app: &App) -> Option<BrowserWindow> {
        let id = app.shared.focused_window()?;
        BrowserWindow::from_id(app, id)
    }

    /// Every open window, in creation order.
    pub fn get_all_windows(app: &App) -> Vec<BrowserWindow> {
        app.shared
            .windows()
            .into_iter()
            .map(BrowserWindow::from_shared)
            .collect()
    }

    /// The open window with this id.
    pub fn from_id(app: &App, id: u32) -> Option<BrowserWindow> {
        app.shared.window(id).map(BrowserWindow::from_shared)
    }

    /// The window's id: unique in the app, from 1.
    pub fn id(&self) -> u32 {
        self.shared.id
    }

    /// The window's page.
    pub fn web_contents(&self) -> WebContents {
        WebContents::from_shared(Arc::clone(&self.shared))
    }

    /// Loads `url` and waits for `did-finish-load`. Fails as [`WebContents::load_url`] does (with
    /// `did-fail-load`'s facts when the load fails).
    pub async fn load_url(&self, url: &str) -> Result<()> {
        self.web_contents().load_url(url).await
    }

    /// Loads a local file (relative paths are from the current directory). Fails as
    /// [`WebContents::load_file`] does.
    pub async fn load_file(&self, path: impl AsRef<Path>) -> Result<()> {
        self.web_contents().load_file(path).await
    }

    /// True once the window was closed or destroyed.
    pub fn is_destroyed(&self) -> bool {
        self.shared.destroyed.load(Ordering::Acquire)
    }

    /// Tries to close the window, as the user would: emits `close` (a listener may prevent
    /// it), runs the page's `beforeunload` handlers (one may keep the page, see
    /// [`WebContents::on_will_prevent_unload`]), then closes the page and emits `closed`. Returns
    /// true once the window is closed, false when it stays open. A page that does not answer
    /// within twice the app's sync timeout is closed anyway.
    pub async fn close(&self) -> bool {
        close_window(&self.shared, CloseEvent::Emit).await
    }

    /// The rest of [`BrowserWindow::close`] for an embedder that emitted `close` to its own
    /// listeners and none prevented it (the CLI's script): runs the page's `beforeunload`
    /// handlers and closes the window unless one keeps the page. The window's own `close`
    /// listeners are not called. True once the window is closed.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) {
    /// let closed = window.close_after_close_event().await;
    /// # }
    /// ```
    pub async fn close_after_close_event(&self) -> bool {
        close_window(&self.shared, CloseEvent::AlreadyEmitted).await
    }

    /// Closes the window at once: no `close` event, but `closed` is emitted.
    pub fn destroy(&self) {
        destroy_window(&self.shared);
    }

    /// `close`: the window is about to close (by [`BrowserWindow::close`], [`App::quit`], its
    /// page's `window.close()` or, with a display, its user); `prevent_default` keeps it open. A
    /// listener that must ask someone first takes a [`crate::Deferral`] from the verdict: the
    /// close waits for it, at most the app's sync timeout (then it goes on). A page's
    /// `beforeunload` handler that asks to stay may then still keep it
    /// ([`WebContents::on_will_prevent_unload`]). With a display, while a window has a `close`
    /// listener, its pages are given user activation (`navigator.userActivation.hasBeenActive`
    /// is true), since the browser asks main about a user's close only on such a page. When the
    /// browser itself goes away, `close` comes after the fact and preventing has no effect.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) {
    /// window.on_close(|close| {
    ///     let decision = close.defer();
    ///     tokio::spawn(async move {
    ///         let unsaved_work = true; // ask the user, save, ...
    ///         if unsaved_work {
    ///             decision.prevent_default();
    ///         }
    ///     });
    /// });
    /// # }
    /// ```
    pub fn on_close(&self, listener: impl Fn(&Verdict) + Send + Sync + 'static) -> ListenerId {
        let id = self.shared.listeners.close.add(false, listener);
        unload::update(&self.shared);
        id
    }

    /// `closed`: the window is gone; drop your handles to it.
    pub fn on_closed(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.shared.listeners.closed.add(false, move |_| listener())
    }

    /// Removes a listener added with `on_close`, `on_closed`, `on_ready_to_show`,
    /// `on_page_title_updated` or one of the window events (`on_resize`,
    /// [`BrowserWindow::on_window_event`], ...).
    pub fn remove_listener(&self, id: ListenerId) -> bool {
        if self.shared.listeners.close.remove(id) {
            unload::update(&self.shared);
            return true;
        }
        self.shared.listeners.closed.remove(id)
            || self.remove_page_listener(id)
            || self.remove_window_event_listener(id)
            || self.remove_input_listener(id)
    }

    /// Sets the window's title (the page's `document.title`). Fails with
    /// [`Error::WindowDestroyed`] once the window is closed and with [`Error::Browser`] once the
    /// browser's connection is closed.
    pub fn set_title(&self, title: &str) -> Result<()> {
        self.shared.check_alive()?;
        *lock(&self.shared.title) = title.to_string();
        let expression = format!("document.title = {}", serde_json::Value::from(title));
        self.shared.evaluate_detached(expression, "set_title")
    }

    /// The window's title: the page's title, or the one set before the page had one; a
    /// `page-title-updated` listener that prevents the event keeps the window's title as it was
    /// (the OS window still shows the page's title: it is the page's `document.title`).
    pub fn title(&self) -> String {
        lock(&self.shared.title).clone()
    }

    /// Moves and resizes the window (`move`, `resize`; a headless page without an OS window only
    /// keeps the bounds) and waits until the browser did. Fails with [`Error::BadMethodCall`] for
    /// a size over 2³¹ - 1 (the window unchanged), with [`Error::WindowDestroyed`] once the window
    /// is closed, with [`Error::AppGone`] once the app was dropped, and with [`Error::Browser`]
    /// when the browser cannot move the window.
    pub async fn set_bounds(&self, bounds: Rectangle) -> Result<()> {
        self.set_bounds_now(bounds)?.await
    }

    /// The window's position and outer size; the bounds last set when the browser cannot tell.
    /// Fails with [`Error::WindowDestroyed`] once the window is closed.
    pub async fn bounds(&self) -> Result<Rectangle> {
        self.shared.check_alive()?;
        match self.os_window().await {
            Ok(window) => {
                let stored = self.get_bounds();
                Ok(Rectangle {
                    x: window.bounds.left.unwrap_or(stored.x),
                    y: window.bounds.top.unwrap_or(stored.y),
                    width: window.bounds.width.unwrap_or(stored.width),
                    height: window.bounds.height.unwrap_or(stored.height),
                })
            }
            Err(error) => {
                tracing::debug!(window_id = self.id(), %error, "no OS window; using the last bounds set");
                Ok(self.get_bounds())
            }
        }
    }

    /// Shows (restores) the window. Fails with [`Error::WindowDestroyed`] once the window is
    /// closed, with [`Error::AppGone`] once the app was dropped, and, with a display, with
    /// [`Error::Browser`] when the browser cannot restore the window.
    pub async fn show(&self) -> Result<()> {
        self.set_visible(true).await
    }

    /// Hides the window (minimises it; headless, only remembered). Fails as
    /// [`BrowserWindow::show`] does.
    pub async fn hide(&self) -> Result<()> {
        self.set_visible(false).await
    }

    /// True unless hidden.
    pub fn is_visible(&self) -> bool {
        self.shared.visible.load(Ordering::Relaxed) && !self.is_destroyed()
    }

    /// Brings the window to the front. Fails with [`Error::WindowDestroyed`] once the window is
    /// closed, with [`Error::AppGone`] once the app was dropped, and with [`Error::Browser`] when
    /// the browser refuses or is gone.
    pub async fn focus(&self) -> Result<()> {
        self.shared.check_alive()?;
        self.shared.page.bring_to_front().await?;
        geometry::move_focus(&*self.shared.app()?, self.id());
        Ok(())
    }

    /// Shows (`true`) or hides the window at once: [`BrowserWindow::is_visible`] answers the new
    /// state and `show` or `hide` is emitted now; the OS window follows, in order with the
    /// window's other changes (await the [`Applied`] to know it did). [`BrowserWindow::show`] and
    /// [`BrowserWindow::hide`] are this, awaited. Fails as [`BrowserWindow::show`] does.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_visible_now(false)?;
    /// assert!(!window.is_visible());
    /// # Ok(()) }
    /// ```
    pub fn set_visible_now(&self, visible: bool) -> Result<Applied> {
        self.shared.check_alive()?;
        let was = self.shared.visible.swap(visible, Ordering::Relaxed);
        if was != visible {
            self.emit_window_event(if visible {
                WindowEvent::Show
            } else {
                WindowEvent::Hide
            });
        }
        if self.shared.app()?.is_headless() {
            return Ok(Applied::done(self.id()));
        }
        self.reapply()
    }

    async fn set_visible(&self, visible: bool) -> Result<()> {
        self.set_visible_now(visible)?.await
    }

    async fn os_window(&self) -> Result<OsWindow> {
        let app = self.shared.app()?;
        app.link()?.os_window(self.shared.page.target_id()).await
    }
}

/// A handle on a window that does not keep it alive (see [`BrowserWindow::downgrade`]).
#[derive(Clone, Debug)]
pub struct WeakBrowserWindow {
    shared: Weak<WindowShared>,
}

impl WeakBrowserWindow {
    /// The window, while anything else still holds it (an open window always is).
    pub fn upgrade(&self) -> Option<BrowserWindow> {
        self.shared.upgrade().map(BrowserWindow::from_shared)
    }
}

impl WebContents {
    /// The window showing this page.
    pub fn window(&self) -> BrowserWindow {
        BrowserWindow::from_shared(Arc::clone(self.shared()))
    }
}

impl App {
    /// `browser-window-created`: a window was created, with the window.
    pub fn on_browser_window_created(
        &self,
        listener: impl Fn(&BrowserWindow) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared
            .listeners
            .browser_window_created
            .add(false, move |window| {
                listener(&BrowserWindow::from_shared(Arc::clone(window)))
            })
    }
}

/// A page whose window was not finished (creation failed, or the caller gave up waiting): closed
/// when dropped, so that no page outlives a failed `BrowserWindow::new`.
struct UnfinishedPage {
    link: BrowserLink,
    target_id: String,
    page: Option<Page>,
    finished: bool,
}

impl Drop for UnfinishedPage {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if let Some(page) = &self.page {
            page.forget();
        }
        // The browser may be gone already; then there is nothing left to close.
        self.link
            .close_page(std::mem::take(&mut self.target_id), |_| {});
    }
}

/// The context a new window goes in: the app's own on a shared browser, else the default one
/// (`None`). An app that stopped has no context left on the shared browser: its window would
/// outlive it in the browser's default context, so it is refused as an app whose own browser is
/// closed refuses it.
fn window_context(app: &AppShared) -> Result<Option<String>> {
    match (&app.options.shared_browser, app.context()) {
        (None, _) => Ok(None),
        (Some(_), Some(context)) => Ok(Some(context.id.clone())),
        (Some(_), None) => Err(cathode_cdp::CdpError::ConnectionClosed.into()),
    }
}

/// Opens a chromeless app window from the launcher page and returns its target id. With a
/// `marker`, the window opens on `about:blank#<marker>`, which is its title (and so its X11
/// window's name) until the page has one.
async fn open_app_window(
    app: &AppShared,
    launcher: &Page,
    options: &WindowOptions,
    marker: Option<&str>,
) -> Result<String> {
    let mut features = format!(
        "popup,noopener,width={},height={}",
        options.width, options.height
    );
    if let Some(x) = options.x {
        features.push_str(&format!(",left={x}"));
    }
    if let Some(y) = options.y {
        features.push_str(&format!(",top={y}"));
    }
    let created = app.expect_popup();
    let url = match marker {
        Some(marker) => format!("about:blank#{marker}"),
        None => "about:blank".to_string(),
    };
    let expression = format!(
        "window.open({}, '_blank', {})",
        serde_json::Value::from(url),
        serde_json::Value::from(features)
    );
    launcher.run_as_user(expression).await?;
    match tokio::time::timeout(POPUP_TIMEOUT, created).await {
        Ok(Ok(target_id)) => Ok(target_id),
        _ => Err(Error::WindowNotOpened {
            waited: POPUP_TIMEOUT,
        }),
    }
}

/// The plugins' scripts for a new window, kept for every later install: their runtime extensions
/// go into the window's runtime, their document scripts after it.
fn plugin_scripts(window: &WindowShared, plugins: &PluginRegistry) {
    let mut extensions = Vec::new();
    let mut documents = Vec::new();
    for plugin in plugins.all() {
        for script in plugin.renderer_scripts(&window.preferences) {
            match script {
                RendererScript::RuntimeExtension {
                    kind,
                    source,
                    config,
                } => extensions.push(RuntimeExtension {
                    kind,
                    source,
                    config,
                }),
                RendererScript::Document { source, world } => documents.push((source, world)),
            }
        }
    }
    let _ = window.runtime_extensions.set(extensions);
    let _ = window.document_scripts.set(documents);
}

/// Turns on the page events cathode follows and installs the renderer runtime (with node
/// integration) and the plugins' document scripts.
async fn prepare_page(window: &Arc<WindowShared>) -> Result<()> {
    let page = &window.page;
    let app = window.app()?;
    if !app.is_headless() {
        watch::follow(window, &app.names).await?;
        unload::follow(window, &app.names).await?;
    }
    if !window.has_runtime() {
        tokio::try_join!(
            page.follow_events(),
            crate::web_contents::follow_titles(window, &app.names),
            input::follow(window, &app.names),
            open::guard(window),
            window.install_scripts()
        )?;
        return Ok(());
    }
    if app.browser_version.get().is_none() {
        let version = app.link()?.browser_version().await?;
        let _ = app.browser_version.set(version);
    }
    let world = window.runtime_world(&app.names);
    // All go out at once, in this order.
    tokio::try_join!(
        page.follow_events_with_binding(&app.names.binding, world, &app.names.sync_url),
        crate::web_contents::follow_titles(window, &app.names),
        input::follow(window, &app.names),
        open::guard(window),
        window.install_scripts(),
    )?;
    Ok(())
}
