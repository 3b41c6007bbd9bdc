//! A window's geometry and state (size, position, maximised, minimised, full screen, focus, size
//! limits), kept in Rust so that Electron's synchronous getters answer at once, and the one queue
//! per window that applies changes to the browser's OS window in the order they were asked for.
//!
//! A change updates the state and emits its events at once; the queue then sets the OS window
//! (`Browser.setWindowBounds`) and reads it back (`Browser.getWindowForTarget`). When nothing else
//! is queued, what the browser reports wins: bounds the window manager or the browser changed
//! (a maximised window takes the screen's work area) update the state and emit `resize` / `move`
//! once. New headless Chromium keeps a real model of OS windows (checked, Chromium 156: a
//! maximised or full-screen window takes the screen's size, a minimised one is `hidden` to its
//! page, `normal` restores the earlier bounds), so headless answers are the browser's too.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};

use tokio::sync::{mpsc, oneshot};

use super::BrowserWindow;
use crate::error::{Error, Result};
use crate::listeners::{lock, ListenerId, Listeners};
use crate::options::{Rectangle, WindowOptions};
use crate::page::{OsWindow, WindowBounds, WindowState};
use crate::state::{AppShared, WindowShared};
use crate::x11::{Hints, X11Window, XDisplay};

/// The largest width, height or coordinate a window takes (JavaScript's 32-bit integers, as
/// Electron's argument conversion).
const LARGEST: u32 = i32::MAX as u32;

/// The events of a window's geometry and state, by Electron's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowEvent {
    /// `show`: the window was shown.
    Show,
    /// `hide`: the window was hidden.
    Hide,
    /// `focus`: the window got the focus.
    Focus,
    /// `blur`: the window lost the focus.
    Blur,
    /// `resize`: the window's size changed.
    Resize,
    /// `resized`: a resize finished.
    Resized,
    /// `move`: the window moved.
    Move,
    /// `moved`: a move finished.
    Moved,
    /// `maximize`: the window was maximised.
    Maximize,
    /// `unmaximize`: the window left the maximised state.
    Unmaximize,
    /// `minimize`: the window was minimised.
    Minimize,
    /// `restore`: the window was restored from the minimised state.
    Restore,
    /// `enter-full-screen`: the window went full screen.
    EnterFullScreen,
    /// `leave-full-screen`: the window left full screen.
    LeaveFullScreen,
}

impl WindowEvent {
    /// Every window event, in the order of [`WindowEvent`]'s variants.
    pub const ALL: [WindowEvent; 14] = [
        WindowEvent::Show,
        WindowEvent::Hide,
        WindowEvent::Focus,
        WindowEvent::Blur,
        WindowEvent::Resize,
        WindowEvent::Resized,
        WindowEvent::Move,
        WindowEvent::Moved,
        WindowEvent::Maximize,
        WindowEvent::Unmaximize,
        WindowEvent::Minimize,
        WindowEvent::Restore,
        WindowEvent::EnterFullScreen,
        WindowEvent::LeaveFullScreen,
    ];

    /// Electron's name of the event.
    ///
    /// ```
    /// assert_eq!(cathode::WindowEvent::EnterFullScreen.name(), "enter-full-screen");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            WindowEvent::Show => "show",
            WindowEvent::Hide => "hide",
            WindowEvent::Focus => "focus",
            WindowEvent::Blur => "blur",
            WindowEvent::Resize => "resize",
            WindowEvent::Resized => "resized",
            WindowEvent::Move => "move",
            WindowEvent::Moved => "moved",
            WindowEvent::Maximize => "maximize",
            WindowEvent::Unmaximize => "unmaximize",
            WindowEvent::Minimize => "minimize",
            WindowEvent::Restore => "restore",
            WindowEvent::EnterFullScreen => "enter-full-screen",
            WindowEvent::LeaveFullScreen => "leave-full-screen",
        }
    }

    /// The event of Electron's name `name`.
    ///
    /// ```
    /// use cathode::WindowEvent;
    /// assert_eq!(WindowEvent::from_name("maximize"), Some(WindowEvent::Maximize));
    /// assert_eq!(WindowEvent::from_name("closed"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<WindowEvent> {
        WindowEvent::ALL
            .into_iter()
            .find(|event| event.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What cathode knows of a window's geometry and state.
#[derive(Debug, Clone)]
pub(crate) struct Geometry {
    /// Outer bounds, as last set or reported.
    pub bounds: Rectangle,
    /// The bounds to go back to when leaving the maximised or full-screen state.
    pub normal: Rectangle,
    pub maximized: bool,
    pub minimized: bool,
    pub full_screen: bool,
    /// Smallest and largest outer size; 0 means no limit.
    pub min: (u32, u32),
    pub max: (u32, u32),
    pub resizable: bool,
    pub full_screenable: bool,
    pub always_on_top: bool,
    pub skip_taskbar: bool,
    /// Outer size minus the page's viewport (the window's frame), learned from the page; `None`
    /// until the page has seen its window's size.
    pub frame: Option<(u32, u32)>,
    /// The screen's work area, learned from the page.
    pub work_area: Option<Rectangle>,
    pub parent: Option<u32>,
    pub modal: bool,
}

impl Geometry {
    fn new(options: &WindowOptions) -> Geometry {
        let min = (
            options.min_width.unwrap_or(0),
            options.min_height.unwrap_or(0),
        );
        let max = (
            options.max_width.unwrap_or(0),
            options.max_height.unwrap_or(0),
        );
        let (width, height) = clamp((options.width, options.height), min, max);
        let bounds = Rectangle {
            x: options.x.unwrap_or(0),
            y: options.y.unwrap_or(0),
            width,
            height,
        };
        Geometry {
            bounds,
            normal: bounds,
            maximized: false,
            minimized: false,
            full_screen: false,
            min,
            max,
            resizable: options.resizable,
            full_screenable: options.full_screenable,
            always_on_top: options.always_on_top,
            skip_taskbar: options.skip_taskbar,
            frame: None,
            work_area: None,
            parent: options.parent,
            modal: options.modal,
        }
    }

    /// The OS state the window should be in.
    fn os_state(&self) -> WindowState {
        if self.minimized {
            WindowState::Minimized
        } else if self.full_screen {
            WindowState::Fullscreen
        } else if self.maximized {
            WindowState::Maximized
        } else {
            WindowState::Normal
        }
    }

    /// Goes back to the normal state (a move or resize asks for it: Chromium moves and resizes
    /// only normal windows), with the events of what it leaves.
    fn leave_states(&mut self, events: &mut Vec<WindowEvent>) {
        if self.minimized {
            self.minimized = false;
            events.push(WindowEvent::Restore);
        }
        if self.full_screen {
            self.full_screen = false;
            events.push(WindowEvent::LeaveFullScreen);
        }
        if self.maximized {
            self.maximized = false;
            events.push(WindowEvent::Unmaximize);
        }
    }

    /// Takes the bounds the window's state gives, where cathode knows them (normal: the normal
    /// bounds; maximised: the screen's work area), with `resize` / `move` for what changed. Full
    /// screen's come from the browser's report.
    fn settle_bounds(&mut self, events: &mut Vec<WindowEvent>) {
        let target = if self.minimized || self.full_screen {
            None
        } else if self.maximized {
            self.work_area
        } else {
            Some(self.normal)
        };
        if let Some(target) = target {
            let before = self.bounds;
            self.bounds = target;
            push_changes(before, target, events);
        }
    }

    /// Sets the normal bounds, with `resize` / `move` for what changed.
    fn set_bounds(&mut self, wanted: Rectangle, events: &mut Vec<WindowEvent>) {
        self.leave_states(events);
        let (width, height) = clamp((wanted.width, wanted.height), self.min, self.max);
        let wanted = Rectangle {
            width,
            height,
            ..wanted
        };
        let before = self.bounds;
        self.bounds = wanted;
        self.normal = wanted;
        push_changes(before, wanted, events);
    }
}

/// A size kept within the limits `min` and `max` (0: no limit).
fn clamp((width, height): (u32, u32), min: (u32, u32), max: (u32, u32)) -> (u32, u32) {
    let within = |value: u32, low: u32, high: u32| {
        let value = value.max(low);
        if high > 0 {
            value.min(high.max(low))
        } else {
            value
        }
    };
    (within(width, min.0, max.0), within(height, min.1, max.1))
}

/// `options` with its size within its own minimum and maximum sizes.
pub(crate) fn constrained(mut options: WindowOptions) -> WindowOptions {
    let geometry = Geometry::new(&options);
    options.width = geometry.bounds.width;
    options.height = geometry.bounds.height;
    options
}

/// The `resize`, `resized`, `move` and `moved` events of going from `before` to `after`.
fn push_changes(before: Rectangle, after: Rectangle, events: &mut Vec<WindowEvent>) {
    if (before.width, before.height) != (after.width, after.height) {
        events.extend([WindowEvent::Resize, WindowEvent::Resized]);
    }
    if (before.x, before.y) != (after.x, after.y) {
        events.extend([WindowEvent::Move, WindowEvent::Moved]);
    }
}

/// One change for the OS window.
enum Job {
    /// Set the OS window to the state's bounds and state.
    Apply,
    /// Centre the window in the screen's work area; with `cascade`, a step down and right of
    /// every other window of the app already there (a new window without a position).
    Center { cascade: bool },
}

/// How far a new window without a position steps from another window at the same place.
const CASCADE_STEP: i32 = 30;

/// A window's geometry, its listeners and its queue (kept in the window's typed state).
pub(crate) struct WindowGeometry {
    pub geometry: Mutex<Geometry>,
    listeners: [Listeners<()>; 14],
    queue: mpsc::UnboundedSender<(Job, oneshot::Sender<Result<()>>)>,
    /// Changes queued and not yet applied: the browser's report wins only when none is.
    pending: Mutex<usize>,
}

/// Waits until the browser has applied a window change (the window's state and events changed
/// already when the method returned). Dropping it does not undo or stop the change.
///
/// ```no_run
/// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
/// window.maximize()?.await?; // the OS window is maximised now
/// window.minimize()?; // the same, without waiting for the browser
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Applied {
    answer: Option<oneshot::Receiver<Result<()>>>,
    window_id: u32,
}

impl Applied {
    /// A change with nothing left to apply.
    pub(super) fn done(window_id: u32) -> Applied {
        Applied {
            answer: None,
            window_id,
        }
    }
}

impl Future for Applied {
    type Output = Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let window_id = self.window_id;
        match &mut self.answer {
            None => Poll::Ready(Ok(())),
            Some(answer) => Pin::new(answer)
                .poll(cx)
                .map(|answer| answer.unwrap_or(Err(Error::WindowDestroyed { window_id }))),
        }
    }
}

/// Starts a window's geometry: its state from `options` and from the bounds the browser reports
/// (one browser call), and the task that applies changes to its OS window, which first learns
/// the window's frame and the screen's work area from the page (so that opening a window does
/// not wait for the page).
pub(crate) async fn start(window: &Arc<WindowShared>, options: &WindowOptions) {
    let mut geometry = Geometry::new(options);
    let os = async {
        let app = window.app()?;
        app.link()?.os_window(window.page.target_id()).await
    };
    if let Ok(os) = os.await {
        let bounds = reported_bounds(geometry.bounds, &os);
        geometry.bounds = bounds;
        geometry.normal = bounds;
    }
    let (queue, jobs) = mpsc::unbounded_channel();
    window.extensions.insert(WindowGeometry {
        geometry: Mutex::new(geometry),
        listeners: Default::default(),
        queue,
        pending: Mutex::new(0),
    });
    tokio::spawn(drive(Arc::downgrade(window), jobs));
}

/// The window's geometry, while it is open.
pub(crate) fn of(window: &WindowShared) -> Option<Arc<WindowGeometry>> {
    window.extensions.get::<WindowGeometry>()
}

async fn drive(
    window: Weak<WindowShared>,
    mut jobs: mpsc::UnboundedReceiver<(Job, oneshot::Sender<Result<()>>)>,
) {
    if let Some(shared) = window.upgrade() {
        if let Some(geometry) = of(&shared) {
            learn_frame(&shared, &geometry).await;
        }
    }
    while let Some((job, done)) = jobs.recv().await {
        let Some(shared) = window.upgrade() else {
            break;
        };
        let outcome = apply(&shared, job).await;
        if let Err(error) = &outcome {
            tracing::debug!(window_id = shared.id, %error, "the browser did not apply a window change");
        }
        let _ = done.send(outcome);
    }
}

/// What a page sees of its window and screen.
struct PageView {
    outer: (u32, u32),
    inner: (u32, u32),
    work_area: Rectangle,
}

impl PageView {
    /// The window's frame (outer size less the viewport), when the page has caught up with the
    /// window's height (a page learns its new size a moment after the browser changed it). The
    /// width is taken only when the page's `outerWidth` matches too: headless, it never goes
    /// below 500 while the viewport does.
    fn frame_for(&self, bounds: Rectangle) -> Option<(u32, u32)> {
        (self.outer.1 == bounds.height).then(|| {
            let width = if self.outer.0 == bounds.width {
                self.outer.0.saturating_sub(self.inner.0)
            } else {
                0
            };
            (width, self.outer.1.saturating_sub(self.inner.1))
        })
    }
}

/// Reads what the page sees of its window and the screen, once the page has seen the window's
/// `height` (its next `resize`, or 200 ms at most).
async fn read_page(window: &WindowShared, height: u32) -> Option<PageView> {
    let code = format!(
        "new Promise((resolve) => {{ const read = () => resolve([outerWidth, outerHeight, \
         innerWidth, innerHeight, screen.availLeft, screen.availTop, screen.availWidth, \
         screen.availHeight]); if (outerHeight === {height}) return read(); \
         addEventListener('resize', read, {{ once: true }}); setTimeout(read, 200); }})"
    );
    let numbers: Vec<i64> = match window.page.evaluate(code).await {
        Ok(Ok(value)) => serde_json::from_value(value).ok()?,
        _ => return None,
    };
    let &[width, height, inner_width, inner_height, left, top, area_width, area_height] =
        numbers.as_slice()
    else {
        return None;
    };
    let size = |n: i64| u32::try_from(n).unwrap_or(0);
    let place = |n: i64| i32::try_from(n).unwrap_or(0);
    Some(PageView {
        outer: (size(width), size(height)),
        inner: (size(inner_width), size(inner_height)),
        work_area: Rectangle {
            x: place(left),
            y: place(top),
            width: size(area_width),
            height: size(area_height),
        },
    })
}

/// The bounds the browser reports, with `known`'s for what it leaves out.
fn reported_bounds(known: Rectangle, os: &OsWindow) -> Rectangle {
    Rectangle {
        x: os.bounds.left.unwrap_or(known.x),
        y: os.bounds.top.unwrap_or(known.y),
        width: os.bounds.width.unwrap_or(known.width),
        height: os.bounds.height.unwrap_or(known.height),
    }
}

async fn apply(window: &Arc<WindowShared>, job: Job) -> Result<()> {
    let Some(geometry) = of(window) else {
        return Err(Error::WindowDestroyed {
            window_id: window.id,
        });
    };
    if let Job::Center { cascade } = job {
        center_in_work_area(window, &geometry, cascade);
    }
    let app = window.app()?;
    let link = app.link()?;
    let os = match link.os_window(window.page.target_id()).await {
        Ok(os) => os,
        Err(error) => {
            *lock(&geometry.pending) -= 1;
            if app.is_headless() {
                tracing::debug!(window_id = window.id, %error, "headless page without an OS window");
                return Ok(());
            }
            return Err(error);
        }
    };
    let (state, normal) = {
        let geometry = lock(&geometry.geometry);
        (geometry.os_state(), geometry.normal)
    };
    let hidden = !window.visible.load(std::sync::atomic::Ordering::Relaxed);
    let state = if hidden && !app.is_headless() {
        WindowState::Minimized
    } else {
        state
    };
    update_hints_now(window).await;
    let outcome = set_os_window(link, &os, state, normal).await;
    let left = {
        let mut pending = lock(&geometry.pending);
        *pending -= 1;
        *pending
    };
    outcome?;
    if left == 0 {
        let reported = link.os_window(window.page.target_id()).await?;
        reconcile(window, &geometry, &reported);
        if lock(&geometry.geometry).frame.is_none() {
            learn_frame(window, &geometry).await;
        }
    }
    Ok(())
}

/// Puts the OS window in `state`, with the `normal` bounds when that is the normal state.
async fn set_os_window(
    link: &crate::page::BrowserLink,
    os: &OsWindow,
    state: WindowState,
    normal: Rectangle,
) -> Result<()> {
    if state != WindowState::Normal {
        let wanted = WindowBounds {
            state: Some(state),
            ..WindowBounds::default()
        };
        return link.set_os_window_bounds(os, &wanted).await;
    }
    if os.state.as_deref() != Some("normal") {
        let wanted = WindowBounds {
            state: Some(WindowState::Normal),
            ..WindowBounds::default()
        };
        link.set_os_window_bounds(os, &wanted).await?;
    }
    let wanted = WindowBounds {
        left: Some(normal.x),
        top: Some(normal.y),
        width: Some(normal.width),
        height: Some(normal.height),
        state: None,
    };
    link.set_os_window_bounds(os, &wanted).await
}

/// Learns the window's frame and the screen's work area from its page.
async fn learn_frame(window: &WindowShared, geometry: &WindowGeometry) {
    let height = lock(&geometry.geometry).bounds.height;
    if let Some(view) = read_page(window, height).await {
        let mut state = lock(&geometry.geometry);
        state.work_area = Some(view.work_area);
        if let Some(frame) = view.frame_for(state.bounds) {
            state.frame = Some(frame);
        }
    }
}

/// Takes what the browser reports as the window's bounds, with `resize` / `move` once for what
/// changed.
fn reconcile(window: &WindowShared, geometry: &WindowGeometry, os: &OsWindow) {
    let mut events = Vec::new();
    {
        let mut state = lock(&geometry.geometry);
        let before = state.bounds;
        let after = reported_bounds(before, os);
        if state.os_state() == WindowState::Minimized {
            // A minimised window keeps its last bounds, as Electron reports them.
            return;
        }
        state.bounds = after;
        if state.os_state() == WindowState::Normal {
            state.normal = after;
        }
        push_changes(before, after, &mut events);
    }
    geometry.emit(window.id, &events);
}

/// Takes what the browser reports of the window (its state and bounds: the user or the window
/// manager changed them) into the window's state, with the events of what changed; not while
/// cathode's own changes are queued, whose reading comes after them.
pub(crate) async fn take_reported_state(window: &WindowShared) {
    let Some(geometry) = of(window) else { return };
    let Ok(app) = window.app() else { return };
    let Ok(link) = app.link() else { return };
    if *lock(&geometry.pending) > 0 {
        return;
    }
    let Ok(os) = link.os_window(window.page.target_id()).await else {
        return;
    };
    if *lock(&geometry.pending) > 0 {
        return;
    }
    let hidden = !window.visible.load(std::sync::atomic::Ordering::Relaxed);
    let mut events = Vec::new();
    {
        let mut state = lock(&geometry.geometry);
        let reported = os.state.as_deref();
        // A hidden window is a minimised one to the browser: that is not the user's doing.
        let minimized = reported == Some("minimized");
        if !hidden && minimized != state.minimized {
            state.minimized = minimized;
            events.push(if minimized {
                WindowEvent::Minimize
            } else {
                WindowEvent::Restore
            });
        }
        if !minimized {
            let full_screen = reported == Some("fullscreen");
            if full_screen != state.full_screen {
                state.full_screen = full_screen;
                events.push(if full_screen {
                    WindowEvent::EnterFullScreen
                } else {
                    WindowEvent::LeaveFullScreen
                });
            }
            let maximized = reported == Some("maximized");
            if maximized != state.maximized {
                state.maximized = maximized;
                events.push(if maximized {
                    WindowEvent::Maximize
                } else {
                    WindowEvent::Unmaximize
                });
            }
        }
    }
    geometry.emit(window.id, &events);
    reconcile(window, &geometry, &os);
}

/// Sets the normal bounds to the centre of the screen's work area; with `cascade`, stepped down
/// and right until no other window of the app has its top left corner there.
fn center_in_work_area(window: &WindowShared, geometry: &WindowGeometry, cascade: bool) {
    let mut events = Vec::new();
    // Read before this window's own lock is taken: one geometry lock at a time.
    let taken: Vec<(i32, i32)> = match window.app() {
        Ok(app) if cascade => app
            .windows()
            .iter()
            .filter(|other| other.id != window.id)
            .filter_map(|other| of(other))
            .map(|other| {
                let bounds = lock(&other.geometry).bounds;
                (bounds.x, bounds.y)
            })
            .collect(),
        _ => Vec::new(),
    };
    {
        let mut state = lock(&geometry.geometry);
        let Some(area) = state.work_area else {
            tracing::debug!(
                window_id = window.id,
                "the screen's size is unknown; not centred"
            );
            return;
        };
        let mut wanted = state.normal;
        wanted.x = area.x + (i64::from(area.width) - i64::from(wanted.width)).max(0) as i32 / 2;
        wanted.y = area.y + (i64::from(area.height) - i64::from(wanted.height)).max(0) as i32 / 2;
        let (x, y) = cascaded((wanted.x, wanted.y), &taken);
        wanted.x = x;
        wanted.y = y;
        state.set_bounds(wanted, &mut events);
    }
    geometry.emit(window.id, &events);
}

/// `place`, stepped down and right while another window's top left corner is there.
fn cascaded(mut place: (i32, i32), taken: &[(i32, i32)]) -> (i32, i32) {
    // Each step leaves one corner behind, so this ends within `taken.len()` steps.
    while taken.contains(&place) {
        place = (
            place.0.saturating_add(CASCADE_STEP),
            place.1.saturating_add(CASCADE_STEP),
        );
    }
    place
}

impl WindowGeometry {
    fn emit(&self, window_id: u32, events: &[WindowEvent]) {
        for event in events {
            tracing::trace!(window_id, event = event.name(), "window event");
            self.listeners[event.index()].emit(event.name(), &());
        }
    }

    fn queue(&self, job: Job, window_id: u32) -> Applied {
        let (done, answer) = oneshot::channel();
        *lock(&self.pending) += 1;
        if self.queue.send((job, done)).is_err() {
            *lock(&self.pending) -= 1;
        }
        Applied {
            answer: Some(answer),
            window_id,
        }
    }
}

/// Electron's error for an argument its conversion to a 32-bit integer refuses.
fn conversion_failure(method: &str, index: usize, value: impl std::fmt::Display) -> Error {
    Error::BadMethodCall {
        method: method.to_string(),
        reason: format!(
            "Error processing argument at index {index}, conversion failure from {value}"
        ),
    }
}

/// Checks that sizes fit in JavaScript's 32-bit integers, as Electron's conversion does.
fn check_sizes(method: &str, sizes: &[u32]) -> Result<()> {
    match sizes.iter().position(|&size| size > LARGEST) {
        Some(index) => Err(conversion_failure(method, index, sizes[index])),
        None => Ok(()),
    }
}

macro_rules! window_event_listeners {
    ($($(#[$doc:meta])* $method:ident => $event:ident,)*) => {
        impl BrowserWindow {
            $(
                $(#[$doc])*
                pub fn $method(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
                    self.on_window_event(WindowEvent::$event, listener)
                }
            )*
        }
    };
}

window_event_listeners! {
    /// `show`: the window was shown ([`BrowserWindow::show`]).
    on_show => Show,
    /// `hide`: the window was hidden ([`BrowserWindow::hide`]).
    on_hide => Hide,
    /// `focus`: the window got the focus; the window that had it hears `blur`.
    on_focus => Focus,
    /// `blur`: the window lost the focus.
    on_blur => Blur,
    /// `resize`: the window's size changed (by cathode, the browser or the window manager).
    on_resize => Resize,
    /// `resized`: a resize finished (once per change).
    on_resized => Resized,
    /// `move`: the window moved.
    on_move => Move,
    /// `moved`: a move finished (once per change).
    on_moved => Moved,
    /// `maximize`: the window was maximised.
    on_maximize => Maximize,
    /// `unmaximize`: the window left the maximised state.
    on_unmaximize => Unmaximize,
    /// `minimize`: the window was minimised.
    on_minimize => Minimize,
    /// `restore`: the window was restored from the minimised state.
    on_restore => Restore,
    /// `enter-full-screen`: the window went full screen.
    on_enter_full_screen => EnterFullScreen,
    /// `leave-full-screen`: the window left full screen.
    on_leave_full_screen => LeaveFullScreen,
}

impl BrowserWindow {
    fn geometry(&self) -> Result<Arc<WindowGeometry>> {
        self.shared.check_alive()?;
        of(&self.shared).ok_or(Error::WindowDestroyed {
            window_id: self.id(),
        })
    }

    /// A copy of the geometry; the options' defaults once the window is closed.
    fn snapshot(&self) -> Geometry {
        match of(&self.shared) {
            Some(geometry) => lock(&geometry.geometry).clone(),
            None => Geometry::new(&WindowOptions::default()),
        }
    }

    /// Changes the state with `change` (which lists the events to emit), emits the events, and
    /// queues the change for the OS window.
    fn change(
        &self,
        change: impl FnOnce(&mut Geometry, &mut Vec<WindowEvent>) -> Result<()>,
    ) -> Result<Applied> {
        let geometry = self.geometry()?;
        let mut events = Vec::new();
        change(&mut lock(&geometry.geometry), &mut events)?;
        geometry.emit(self.id(), &events);
        Ok(geometry.queue(Job::Apply, self.id()))
    }

    /// Queues the state as it is for the OS window (after a change of visibility).
    pub(super) fn reapply(&self) -> Result<Applied> {
        Ok(self.geometry()?.queue(Job::Apply, self.id()))
    }

    /// Applies the options a new window's OS window takes after it opened, and waits for the
    /// browser: full screen; without a position, with a display, centred (Electron's default)
    /// and, when another window of the app is there already, cascaded from it; headless,
    /// centred when asked (`center`), else where the browser puts it, and its position.
    pub(super) async fn apply_options(&self, options: &WindowOptions, headless: bool) {
        let given_position = options.x.is_some() || options.y.is_some();
        let applied = if options.full_screen {
            self.set_full_screen(true)
        } else if !given_position && (options.center || !headless) {
            let cascade = !options.center;
            self.geometry()
                .map(|geometry| geometry.queue(Job::Center { cascade }, self.id()))
        } else if headless && given_position {
            let (x, y) = self.get_position();
            self.set_position(options.x.unwrap_or(x), options.y.unwrap_or(y))
        } else {
            return;
        };
        let outcome = match applied {
            Ok(applied) => applied.await,
            Err(error) => Err(error),
        };
        if let Err(error) = outcome {
            tracing::warn!(window_id = self.id(), %error, "could not apply the window's options");
        }
    }

    /// Listens to one of the window's geometry and state events (the `on_<event>` methods, as
    /// [`BrowserWindow::on_maximize`], name each).
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) {
    /// use cathode::WindowEvent;
    /// window.on_window_event(WindowEvent::Resize, || println!("resized"));
    /// # }
    /// ```
    pub fn on_window_event(
        &self,
        event: WindowEvent,
        listener: impl Fn() + Send + Sync + 'static,
    ) -> ListenerId {
        match of(&self.shared) {
            Some(geometry) => geometry.listeners[event.index()].add(false, move |_| listener()),
            // A closed window emits nothing more: the listener is never called.
            None => ListenerId::next(),
        }
    }

    pub(crate) fn remove_window_event_listener(&self, id: ListenerId) -> bool {
        of(&self.shared).is_some_and(|geometry| {
            geometry
                .listeners
                .iter()
                .any(|listeners| listeners.remove(id))
        })
    }

    pub(crate) fn emit_window_event(&self, event: WindowEvent) {
        if let Some(geometry) = of(&self.shared) {
            geometry.emit(self.id(), &[event]);
        }
    }

    /// Maximises the window (`maximize` unless it was). Fails with [`Error::WindowDestroyed`]
    /// once the window is closed; the returned [`Applied`] fails with [`Error::Browser`] when
    /// the browser refuses.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.maximize()?.await?;
    /// assert!(window.is_maximized());
    /// # Ok(()) }
    /// ```
    pub fn maximize(&self) -> Result<Applied> {
        self.change(|state, events| {
            if !state.maximized {
                state.maximized = true;
                events.push(WindowEvent::Maximize);
                state.settle_bounds(events);
            }
            Ok(())
        })
    }

    /// Leaves the maximised state (`unmaximize` if it was maximised). Fails as
    /// [`BrowserWindow::maximize`] does.
    pub fn unmaximize(&self) -> Result<Applied> {
        self.change(|state, events| {
            if state.maximized {
                state.maximized = false;
                events.push(WindowEvent::Unmaximize);
                state.settle_bounds(events);
            }
            Ok(())
        })
    }

    /// True while the window is maximised.
    pub fn is_maximized(&self) -> bool {
        self.snapshot().maximized
    }

    /// Minimises the window (`minimize` unless it was). Fails as [`BrowserWindow::maximize`]
    /// does.
    pub fn minimize(&self) -> Result<Applied> {
        self.change(|state, events| {
            if !state.minimized {
                state.minimized = true;
                events.push(WindowEvent::Minimize);
            }
            Ok(())
        })
    }

    /// Restores a minimised window to the state it had before (`restore`); does nothing to a
    /// window that is not minimised. Fails as [`BrowserWindow::maximize`] does.
    pub fn restore(&self) -> Result<Applied> {
        self.change(|state, events| {
            if state.minimized {
                state.minimized = false;
                events.push(WindowEvent::Restore);
                state.settle_bounds(events);
            }
            Ok(())
        })
    }

    /// True while the window is minimised.
    pub fn is_minimized(&self) -> bool {
        self.snapshot().minimized
    }

    /// Enters (`enter-full-screen`) or leaves (`leave-full-screen`) full screen; a window made
    /// not full-screenable ([`BrowserWindow::set_full_screenable`]) does not enter it. Fails as
    /// [`BrowserWindow::maximize`] does.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_full_screen(true)?;
    /// assert!(window.is_full_screen());
    /// # Ok(()) }
    /// ```
    pub fn set_full_screen(&self, full_screen: bool) -> Result<Applied> {
        if !full_screen {
            super::input::leave_html_full_screen(&self.shared);
        }
        self.change(|state, events| {
            if state.full_screen != full_screen && (state.full_screenable || !full_screen) {
                state.full_screen = full_screen;
                events.push(if full_screen {
                    WindowEvent::EnterFullScreen
                } else {
                    WindowEvent::LeaveFullScreen
                });
                state.settle_bounds(events);
            }
            Ok(())
        })
    }

    /// The page put the window in or out of full screen itself (`requestFullscreen`, which the
    /// browser carries out): the state follows, then `announce` runs (the page's own events, as
    /// Electron emits them, after the window's state changed and before its events), then the
    /// window's events; nothing is asked of the OS window, whose own change a queued one could
    /// undo.
    pub(super) fn full_screen_taken(&self, full_screen: bool, announce: impl FnOnce()) {
        let Ok(geometry) = self.geometry() else {
            announce();
            return;
        };
        let mut events = Vec::new();
        {
            let mut state = lock(&geometry.geometry);
            if state.full_screen != full_screen {
                state.full_screen = full_screen;
                events.push(if full_screen {
                    WindowEvent::EnterFullScreen
                } else {
                    WindowEvent::LeaveFullScreen
                });
                state.settle_bounds(&mut events);
            }
        }
        announce();
        geometry.emit(self.id(), &events);
    }

    /// True while the window is full screen.
    pub fn is_full_screen(&self) -> bool {
        self.snapshot().full_screen
    }

    /// The window's outer bounds, at once: as last set, or as the browser reported them after
    /// the last change (a maximised window's are the screen's work area).
    pub fn get_bounds(&self) -> Rectangle {
        self.snapshot().bounds
    }

    /// The bounds the window has in the normal state, and goes back to from maximised,
    /// minimised or full screen.
    pub fn get_normal_bounds(&self) -> Rectangle {
        self.snapshot().normal
    }

    /// True unless the window is maximised, minimised or full screen.
    pub fn is_normal(&self) -> bool {
        let geometry = self.snapshot();
        !geometry.maximized && !geometry.minimized && !geometry.full_screen
    }

    /// The window's outer width and height.
    pub fn get_size(&self) -> (u32, u32) {
        let bounds = self.get_bounds();
        (bounds.width, bounds.height)
    }

    /// Resizes the window, within its minimum and maximum sizes (`resize`, `resized`); a
    /// maximised, minimised or full-screen window goes back to normal first, as Chromium resizes
    /// only normal windows. Fails with [`Error::BadMethodCall`] (Electron's conversion error)
    /// for a size over 2³¹ - 1, leaving the window as it was, and as [`BrowserWindow::maximize`]
    /// otherwise.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_size(640, 480)?.await?;
    /// assert_eq!(window.get_size(), (640, 480));
    /// # Ok(()) }
    /// ```
    pub fn set_size(&self, width: u32, height: u32) -> Result<Applied> {
        check_sizes("setSize", &[width, height])?;
        self.change(|state, events| {
            let wanted = Rectangle {
                width,
                height,
                ..state.normal
            };
            state.set_bounds(wanted, events);
            Ok(())
        })
    }

    /// The window's outer left and top edges.
    pub fn get_position(&self) -> (i32, i32) {
        let bounds = self.get_bounds();
        (bounds.x, bounds.y)
    }

    /// Moves the window (`move`, `moved`). Fails as [`BrowserWindow::maximize`] does.
    pub fn set_position(&self, x: i32, y: i32) -> Result<Applied> {
        self.change(|state, events| {
            let wanted = Rectangle {
                x,
                y,
                ..state.normal
            };
            state.set_bounds(wanted, events);
            Ok(())
        })
    }

    /// Moves and resizes the window at once; what [`BrowserWindow::set_bounds`] does, without
    /// waiting. Fails as [`BrowserWindow::set_size`] does.
    pub fn set_bounds_now(&self, bounds: Rectangle) -> Result<Applied> {
        check_sizes("setBounds", &[bounds.width, bounds.height])?;
        self.change(|state, events| {
            state.set_bounds(bounds, events);
            Ok(())
        })
    }

    /// The bounds of the window's page (its viewport): the outer bounds less the window's frame
    /// (learned from the page when the window opens or after a change; headless Chromium
    /// reports an 87-pixel frame above the page; none until the page has seen its window's size).
    pub fn get_content_bounds(&self) -> Rectangle {
        let geometry = self.snapshot();
        let (frame_width, frame_height) = geometry.frame.unwrap_or_default();
        let outer = geometry.bounds;
        Rectangle {
            x: outer.x + (frame_width / 2) as i32,
            y: outer.y + frame_height as i32,
            width: outer.width.saturating_sub(frame_width),
            height: outer.height.saturating_sub(frame_height),
        }
    }

    /// Moves and resizes the window so that its page gets these bounds (the outer bounds are
    /// them plus the window's frame, as [`BrowserWindow::get_content_bounds`] takes it off).
    /// Fails as [`BrowserWindow::set_size`] does.
    ///
    /// ```no_run
    /// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// use cathode::Rectangle;
    /// window.set_content_bounds(Rectangle { x: 40, y: 60, width: 640, height: 480 })?.await?;
    /// assert_eq!(window.get_content_size(), (640, 480));
    /// # Ok(()) }
    /// ```
    pub fn set_content_bounds(&self, bounds: Rectangle) -> Result<Applied> {
        check_sizes("setContentBounds", &[bounds.width, bounds.height])?;
        let (frame_width, frame_height) = self.snapshot().frame.unwrap_or_default();
        self.set_bounds_now(Rectangle {
            x: bounds.x.saturating_sub((frame_width / 2) as i32),
            y: bounds.y.saturating_sub(frame_height as i32),
            width: bounds.width.saturating_add(frame_width).min(LARGEST),
            height: bounds.height.saturating_add(frame_height).min(LARGEST),
        })
    }

    /// The width and height of the window's page.
    pub fn get_content_size(&self) -> (u32, u32) {
        let bounds = self.get_content_bounds();
        (bounds.width, bounds.height)
    }

    /// Resizes the window so that its page gets this size. Fails as [`BrowserWindow::set_size`]
    /// does.
    pub fn set_content_size(&self, width: u32, height: u32) -> Result<Applied> {
        check_sizes("setContentSize", &[width, height])?;
        let (frame_width, frame_height) = self.snapshot().frame.unwrap_or_default();
        self.set_size(
            width.saturating_add(frame_width).min(LARGEST),
            height.saturating_add(frame_height).min(LARGEST),
        )
    }

    /// Moves the window to the centre of the screen's work area (`move`). Fails as
    /// [`BrowserWindow::maximize`] does.
    pub fn center(&self) -> Result<Applied> {
        let geometry = self.geometry()?;
        Ok(geometry.queue(Job::Center { cascade: false }, self.id()))
    }

    /// Sets the smallest outer size the window may have (0: no limit) and grows the window to
    /// it when smaller. cathode enforces it on its own changes; with an X11 display, the window
    /// manager holds the user to it too (`WM_NORMAL_HINTS`, as Electron on Linux). Fails as
    /// [`BrowserWindow::set_size`] does.
    pub fn set_minimum_size(&self, width: u32, height: u32) -> Result<Applied> {
        check_sizes("setMinimumSize", &[width, height])?;
        self.change(|state, events| {
            state.min = (width, height);
            let wanted = state.normal;
            state.set_bounds(wanted, events);
            Ok(())
        })
    }

    /// The smallest outer size the window may have; `(0, 0)` without a limit.
    pub fn get_minimum_size(&self) -> (u32, u32) {
        self.snapshot().min
    }

    /// Sets the largest outer size the window may have (0: no limit) and shrinks the window to
    /// it when larger. Enforced as [`BrowserWindow::set_minimum_size`] is. Fails as
    /// [`BrowserWindow::set_size`] does.
    pub fn set_maximum_size(&self, width: u32, height: u32) -> Result<Applied> {
        check_sizes("setMaximumSize", &[width, height])?;
        self.change(|state, events| {
            state.max = (width, height);
            let wanted = state.normal;
            state.set_bounds(wanted, events);
            Ok(())
        })
    }

    /// The largest outer size the window may have; `(0, 0)` without a limit.
    pub fn get_maximum_size(&self) -> (u32, u32) {
        self.snapshot().max
    }

    /// Whether the user may resize the window (answered by [`BrowserWindow::is_resizable`]).
    /// With an X11 display, a window that is not resizable gets its size as both its minimum and
    /// maximum size in `WM_NORMAL_HINTS`, as Electron's on Linux, so the window manager offers no
    /// resizing; cathode's [`BrowserWindow::set_size`] still resizes it, as Electron's does.
    /// Headless, and on Wayland without XWayland, it is only kept. Fails with
    /// [`Error::WindowDestroyed`] once the window is closed.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_resizable(false)?;
    /// assert!(!window.is_resizable());
    /// # Ok(()) }
    /// ```
    pub fn set_resizable(&self, resizable: bool) -> Result<()> {
        lock(&self.geometry()?.geometry).resizable = resizable;
        update_hints(&self.shared);
        Ok(())
    }

    /// Whether the user may resize the window (see [`BrowserWindow::set_resizable`]).
    pub fn is_resizable(&self) -> bool {
        self.snapshot().resizable
    }

    /// Whether [`BrowserWindow::set_full_screen`] may put the window in full screen (Electron's
    /// `fullscreenable`); a full-screen window stays so until it leaves. Fails with
    /// [`Error::WindowDestroyed`] once the window is closed.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_full_screenable(false)?;
    /// window.set_full_screen(true)?;
    /// assert!(!window.is_full_screen());
    /// # Ok(()) }
    /// ```
    pub fn set_full_screenable(&self, full_screenable: bool) -> Result<()> {
        lock(&self.geometry()?.geometry).full_screenable = full_screenable;
        Ok(())
    }

    /// Whether the window may go full screen (see [`BrowserWindow::set_full_screenable`]).
    pub fn is_full_screenable(&self) -> bool {
        self.snapshot().full_screenable
    }

    /// Keeps the window above others (answered by [`BrowserWindow::is_always_on_top`]). With an
    /// X11 display, the window manager is asked for it (`_NET_WM_STATE_ABOVE`, as Electron does on
    /// Linux), in the background; headless, and on Wayland without XWayland, it is only kept.
    /// Fails with [`Error::WindowDestroyed`] once the window is closed.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_always_on_top(true)?;
    /// assert!(window.is_always_on_top());
    /// # Ok(()) }
    /// ```
    pub fn set_always_on_top(&self, on_top: bool) -> Result<()> {
        lock(&self.geometry()?.geometry).always_on_top = on_top;
        update_hints(&self.shared);
        Ok(())
    }

    /// Leaves the window out of the taskbar (`true`) or puts it back. With an X11 display, the
    /// window manager is asked for it (`_NET_WM_STATE_SKIP_TASKBAR`, as Electron does on Linux)
    /// where it has a taskbar to leave the window out of; otherwise nothing changes. Fails with
    /// [`Error::WindowDestroyed`] once the window is closed.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_skip_taskbar(true)?;
    /// # Ok(()) }
    /// ```
    pub fn set_skip_taskbar(&self, skip: bool) -> Result<()> {
        lock(&self.geometry()?.geometry).skip_taskbar = skip;
        update_hints(&self.shared);
        Ok(())
    }

    /// Whether the window was asked to stay above others.
    pub fn is_always_on_top(&self) -> bool {
        self.snapshot().always_on_top
    }

    /// Electron's `flashFrame`: asks for the user's attention. Accepted and does nothing: CDP has
    /// no way to set the window manager's urgency hint.
    pub fn flash_frame(&self, flash: bool) {
        tracing::debug!(
            window_id = self.id(),
            flash,
            "flashFrame has no effect over CDP"
        );
    }

    /// Electron's `setProgressBar`: a progress in the taskbar entry. Accepted and does nothing:
    /// CDP cannot reach the taskbar (Linux has it only in Unity's launcher API).
    pub fn set_progress_bar(&self, progress: f64) {
        tracing::debug!(
            window_id = self.id(),
            progress,
            "setProgressBar has no effect over CDP"
        );
    }

    /// True while this window has the focus (it was created or focused last, and not blurred).
    pub fn is_focused(&self) -> bool {
        !self.is_destroyed()
            && self
                .shared
                .app()
                .is_ok_and(|app| app.focused_window() == Some(self.id()))
    }

    /// Takes the focus from the window (`blur`); [`BrowserWindow::get_focused_window`] is `None`
    /// after it. Does nothing to a window without the focus. Fails with
    /// [`Error::WindowDestroyed`] once the window is closed.
    pub fn blur(&self) -> Result<()> {
        self.shared.check_alive()?;
        let app = self.shared.app()?;
        let had_it = {
            let mut focused = lock(&app.focused);
            let had_it = *focused == Some(self.id());
            if had_it {
                *focused = None;
            }
            had_it
        };
        if had_it {
            self.emit_window_event(WindowEvent::Blur);
        }
        Ok(())
    }

    /// The window given as `parent` when this one was created, while it is open.
    pub fn get_parent_window(&self) -> Option<BrowserWindow> {
        let parent = self.snapshot().parent?;
        let app = self.shared.app().ok()?;
        app.window(parent).map(BrowserWindow::from_shared)
    }

    /// The open windows created with this one as their `parent`.
    pub fn get_child_windows(&self) -> Vec<BrowserWindow> {
        let Ok(app) = self.shared.app() else {
            return Vec::new();
        };
        app.windows()
            .into_iter()
            .map(BrowserWindow::from_shared)
            .filter(|child| child.snapshot().parent == Some(self.id()))
            .collect()
    }

    /// Whether the window was created modal to its parent: while it is open and shown, the
    /// parent's page gets no mouse or keyboard input, and a press on it gives the modal the focus.
    pub fn is_modal(&self) -> bool {
        self.snapshot().modal
    }
}

/// The window's X11 id, once known (headful on X11, see `window/hints.rs`).
fn x11_id(window: &WindowShared) -> Option<u32> {
    window.extensions.get::<X11Window>()?.id.get().copied()
}

/// Sets the window manager's hints from the window's state, in the background, when its X11
/// window is known; updates run one at a time per window, each reading the state when it runs,
/// so the last one sets what the state is.
pub(crate) fn update_hints(window: &Arc<WindowShared>) {
    if x11_id(window).is_some() {
        let window = Arc::clone(window);
        tokio::task::spawn_blocking(move || set_hints_from_state(&window));
    }
}

/// Sets the window manager's hints from the window's state now, when its X11 window is known:
/// before the browser resizes the window, whose size limits (a window that is not resizable has
/// its size as both) the window manager holds the browser to as well.
async fn update_hints_now(window: &Arc<WindowShared>) {
    if x11_id(window).is_some() {
        let window = Arc::clone(window);
        let _ = tokio::task::spawn_blocking(move || set_hints_from_state(&window)).await;
    }
}

fn set_hints_from_state(window: &WindowShared) {
    let Some(x11) = window.extensions.get::<X11Window>() else {
        return;
    };
    let _one_at_a_time = lock(&x11.updating);
    let (Some(&id), Some(hints)) = (x11.id.get(), hints_of(window)) else {
        return;
    };
    let Some(display) = window.app().ok().and_then(|app| app.x11.get().cloned()) else {
        return;
    };
    let set = XDisplay::connect(display.display.as_deref()).and_then(|x| x.set_hints(id, hints));
    if let Err(error) = set {
        tracing::debug!(window_id = window.id, %error, "could not set the window manager's hints");
    }
}

/// The hints the window's state asks for.
fn hints_of(window: &WindowShared) -> Option<Hints> {
    let geometry = of(window)?;
    let (hints, parent) = {
        let state = lock(&geometry.geometry);
        let (min, max) = match state.resizable {
            true => (state.min, state.max),
            false => {
                let size = (state.normal.width, state.normal.height);
                (size, size)
            }
        };
        let hints = Hints {
            above: state.always_on_top,
            skip_taskbar: state.skip_taskbar,
            transient_for: None,
            modal: state.modal,
            min,
            max,
        };
        (hints, state.parent)
    };
    // The parent's X11 window, read after this window's geometry lock is let go.
    let transient_for = parent
        .and_then(|parent| window.app().ok()?.window(parent))
        .and_then(|parent| x11_id(&parent));
    Some(Hints {
        transient_for,
        ..hints
    })
}

/// Gives the focus to `id`: `blur` on the window that had it, `focus` on `id`'s.
pub(crate) fn move_focus(app: &AppShared, id: u32) {
    let previous = lock(&app.focused).replace(id);
    if previous == Some(id) {
        return;
    }
    if let Some(window) = previous.and_then(|previous| app.window(previous)) {
        BrowserWindow::from_shared(window).emit_window_event(WindowEvent::Blur);
    }
    if let Some(window) = app.window(id) {
        BrowserWindow::from_shared(window).emit_window_event(WindowEvent::Focus);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_stay_within_the_limits() {
        assert_eq!(clamp((100, 900), (200, 0), (0, 500)), (200, 500));
        assert_eq!(clamp((100, 900), (0, 0), (0, 0)), (100, 900));
        // A maximum below the minimum gives way to the minimum.
        assert_eq!(clamp((50, 50), (300, 300), (100, 100)), (300, 300));
    }

    #[test]
    fn a_move_and_resize_out_of_maximised_lists_each_change_once() {
        let mut geometry = Geometry::new(&WindowOptions::default());
        geometry.maximized = true;
        let mut events = Vec::new();
        let wanted = Rectangle {
            x: 5,
            y: 6,
            width: 300,
            height: 200,
        };
        geometry.set_bounds(wanted, &mut events);
        assert_eq!(
            events,
            [
                WindowEvent::Unmaximize,
                WindowEvent::Resize,
                WindowEvent::Resized,
                WindowEvent::Move,
                WindowEvent::Moved
            ]
        );
        assert_eq!(geometry.bounds, wanted);
        events.clear();
        geometry.set_bounds(wanted, &mut events);
        assert!(events.is_empty());
    }

    #[test]
    fn a_cascaded_window_steps_past_every_window_at_its_place() {
        assert_eq!(cascaded((100, 50), &[]), (100, 50));
        assert_eq!(cascaded((100, 50), &[(100, 50), (130, 80)]), (160, 110));
        // A window elsewhere does not move it.
        assert_eq!(cascaded((100, 50), &[(130, 80)]), (100, 50));
    }

    #[test]
    fn event_names_are_electrons() {
        for event in WindowEvent::ALL {
            assert_eq!(WindowEvent::from_name(event.name()), Some(event));
        }
        assert_eq!(WindowEvent::LeaveFullScreen.name(), "leave-full-screen");
    }
}
