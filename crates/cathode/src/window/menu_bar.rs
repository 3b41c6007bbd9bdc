//! The menu bar's settings (`autoHideMenuBar`, `setMenuBarVisibility`): kept and answered, since
//! Chromium's app windows have no menu bar on Linux (the browser draws none over CDP, and
//! cathode has no native menu yet), so there is nothing to hide or show.

use std::sync::atomic::{AtomicBool, Ordering};

use super::BrowserWindow;
use crate::state::WindowShared;

/// A window's menu bar settings (typed state).
struct MenuBar {
    auto_hide: AtomicBool,
    visible: AtomicBool,
}

impl MenuBar {
    fn of(window: &WindowShared) -> std::sync::Arc<MenuBar> {
        window.extensions.get_or_insert_with(|| MenuBar {
            auto_hide: AtomicBool::new(false),
            visible: AtomicBool::new(true),
        })
    }
}

/// A new window takes its `auto_hide_menu_bar` option: an auto-hidden menu bar starts hidden.
pub(super) fn start(window: &WindowShared, auto_hide: bool) {
    let menu_bar = MenuBar::of(window);
    menu_bar.auto_hide.store(auto_hide, Ordering::Relaxed);
    menu_bar.visible.store(!auto_hide, Ordering::Relaxed);
}

impl BrowserWindow {
    /// Sets whether the menu bar hides until Alt is pressed (Electron's `setAutoHideMenuBar`);
    /// turning it on hides the menu bar. Kept and answered only: Chromium's app windows have no
    /// menu bar on Linux.
    ///
    /// ```no_run
    /// # fn demo(window: cathode::BrowserWindow) {
    /// window.set_auto_hide_menu_bar(true);
    /// assert!(window.is_menu_bar_auto_hide());
    /// assert!(!window.is_menu_bar_visible());
    /// # }
    /// ```
    pub fn set_auto_hide_menu_bar(&self, auto_hide: bool) {
        let menu_bar = MenuBar::of(&self.shared);
        menu_bar.auto_hide.store(auto_hide, Ordering::Relaxed);
        if auto_hide {
            menu_bar.visible.store(false, Ordering::Relaxed);
        }
    }

    /// Whether the menu bar hides until Alt is pressed (as set; see
    /// [`BrowserWindow::set_auto_hide_menu_bar`]).
    pub fn is_menu_bar_auto_hide(&self) -> bool {
        MenuBar::of(&self.shared).auto_hide.load(Ordering::Relaxed)
    }

    /// Shows or hides the menu bar (Electron's `setMenuBarVisibility`). Kept and answered only,
    /// as [`BrowserWindow::set_auto_hide_menu_bar`].
    pub fn set_menu_bar_visibility(&self, visible: bool) {
        MenuBar::of(&self.shared)
            .visible
            .store(visible, Ordering::Relaxed);
    }

    /// Whether the menu bar is shown (as set; true unless hidden or auto-hidden).
    pub fn is_menu_bar_visible(&self) -> bool {
        MenuBar::of(&self.shared).visible.load(Ordering::Relaxed)
    }
}
