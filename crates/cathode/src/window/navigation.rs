//! The window's events about its page: `ready-to-show` and `page-title-updated`.

use crate::listeners::ListenerId;
use crate::page_events::PageTitleUpdated;
use crate::web_contents::PageNavigation;

use super::BrowserWindow;

impl BrowserWindow {
    /// `ready-to-show`: the window's first page has rendered (its first paint, or its load if
    /// that comes first); emitted once per window, shown or not. Showing a window created with
    /// `show: false` now shows it without a blank flash.
    ///
    /// ```no_run
    /// # async fn demo(app: cathode::App) -> cathode::Result<()> {
    /// use cathode::{BrowserWindow, WindowOptions};
    /// let options = WindowOptions { show: false, ..WindowOptions::default() };
    /// let window = BrowserWindow::new(&app, options).await?;
    /// let shown = window.clone();
    /// window.on_ready_to_show(move || {
    ///     let shown = shown.clone();
    ///     tokio::spawn(async move { shown.show().await });
    /// });
    /// window.load_file("index.html").await?;
    /// # Ok(()) }
    /// ```
    pub fn on_ready_to_show(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        PageNavigation::of(&self.shared)
            .ready_to_show
            .add(true, move |_| listener())
    }

    /// `page-title-updated` of the window: the page's title changed; preventing it (or
    /// deferring and then preventing) keeps the window's title ([`BrowserWindow::title`]) as
    /// it was, e.g. as set by [`BrowserWindow::set_title`]. The web contents' listeners hear the
    /// same event first.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
    /// window.set_title("My App")?;
    /// window.on_page_title_updated(|update| update.verdict.prevent_default());
    /// # Ok(()) }
    /// ```
    pub fn on_page_title_updated(
        &self,
        listener: impl Fn(&PageTitleUpdated) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared
            .listeners
            .window_page_title_updated
            .add(false, listener)
    }

    /// Removes a listener added with `on_ready_to_show` or `on_page_title_updated`.
    pub(crate) fn remove_page_listener(&self, id: ListenerId) -> bool {
        PageNavigation::of(&self.shared).ready_to_show.remove(id)
            || self.shared.listeners.window_page_title_updated.remove(id)
    }
}
