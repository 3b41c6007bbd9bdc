//! Electron's `nativeTheme`: whether the app should use dark colours, and the app's choice
//! (`themeSource`) over the system's.
//!
//! The system's preference is read once, from the xdg-desktop-portal's `color-scheme` setting on
//! the session bus, else from `GTK_THEME` (a `:dark` variant or a `-dark` name); without either
//! it is light. The app's theme state ([`NativeTheme::of`]) drives its pages' `prefers-color-scheme`
//! ([`App::set_color_scheme`]): `light` and `dark` force it, `system` leaves it to the browser.

use std::sync::{Arc, Mutex};

use cathode::sync::lock;
use cathode::{App, ColorScheme, WeakApp};

use crate::bus;

/// Which colours the app asks for (Electron's `nativeTheme.themeSource`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThemeSource {
    /// Follow the system (the default).
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeSource {
    /// Electron's name: `system`, `light` or `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeSource::System => "system",
            ThemeSource::Light => "light",
            ThemeSource::Dark => "dark",
        }
    }

    /// The source of Electron's name; `None` for any other word.
    ///
    /// ```
    /// use cathode_desktop::theme::ThemeSource;
    /// assert_eq!(ThemeSource::from_name("dark"), Some(ThemeSource::Dark));
    /// assert_eq!(ThemeSource::from_name("blue"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<ThemeSource> {
        match name {
            "system" => Some(ThemeSource::System),
            "light" => Some(ThemeSource::Light),
            "dark" => Some(ThemeSource::Dark),
            _ => None,
        }
    }
}

type Listener = Arc<dyn Fn(&NativeTheme) + Send + Sync>;

/// The app's theme state: one per app, from [`NativeTheme::of`].
///
/// ```no_run
/// # fn demo(app: &cathode::App) {
/// use cathode_desktop::theme::{NativeTheme, ThemeSource};
/// let theme = NativeTheme::of(app);
/// theme.on_updated(|theme| println!("dark: {}", theme.should_use_dark_colors()));
/// theme.set_theme_source(ThemeSource::Dark);
/// assert!(theme.should_use_dark_colors());
/// # }
/// ```
pub struct NativeTheme {
    system_dark: bool,
    source: Mutex<ThemeSource>,
    listeners: Mutex<Vec<Listener>>,
    /// The app whose pages follow the choice (weak: the app keeps this state).
    app: Option<WeakApp>,
}

impl NativeTheme {
    /// A theme state over a system that prefers dark colours or not.
    pub fn new(system_dark: bool) -> NativeTheme {
        NativeTheme {
            system_dark,
            source: Mutex::new(ThemeSource::System),
            listeners: Mutex::new(Vec::new()),
            app: None,
        }
    }

    /// The app's theme state, made on first use (the system's preference is read then). Its
    /// choice drives the `prefers-color-scheme` of the app's pages.
    pub fn of(app: &App) -> Arc<NativeTheme> {
        if let Some(theme) = app.state::<NativeTheme>() {
            return theme;
        }
        app.manage(NativeTheme {
            app: Some(app.downgrade()),
            ..NativeTheme::new(system_prefers_dark())
        });
        app.state::<NativeTheme>().expect("managed above")
    }

    /// The app's choice.
    pub fn theme_source(&self) -> ThemeSource {
        *lock(&self.source)
    }

    /// Sets the app's choice; listeners of [`NativeTheme::on_updated`] hear of a change, and the
    /// app's pages' `prefers-color-scheme` follows.
    pub fn set_theme_source(&self, source: ThemeSource) {
        let before = self.should_use_dark_colors();
        let changed = std::mem::replace(&mut *lock(&self.source), source) != source;
        if let (true, Some(app)) = (changed, self.app.as_ref().and_then(WeakApp::upgrade)) {
            app.set_color_scheme(match source {
                ThemeSource::System => None,
                ThemeSource::Light => Some(ColorScheme::Light),
                ThemeSource::Dark => Some(ColorScheme::Dark),
            });
        }
        if changed && before != self.should_use_dark_colors() {
            let listeners = lock(&self.listeners).clone();
            for listener in listeners {
                listener(self);
            }
        }
    }

    /// Whether the app should use dark colours: the app's choice, else the system's.
    pub fn should_use_dark_colors(&self) -> bool {
        match self.theme_source() {
            ThemeSource::System => self.system_dark,
            ThemeSource::Light => false,
            ThemeSource::Dark => true,
        }
    }

    /// Whether the system prefers dark colours, whatever the app chose.
    pub fn system_prefers_dark(&self) -> bool {
        self.system_dark
    }

    /// Calls `listener` whenever [`NativeTheme::should_use_dark_colors`] changes (Electron's
    /// `updated` event).
    pub fn on_updated(&self, listener: impl Fn(&NativeTheme) + Send + Sync + 'static) {
        lock(&self.listeners).push(Arc::new(listener));
    }
}

/// Whether the desktop prefers dark colours (see the module's documentation).
pub fn system_prefers_dark() -> bool {
    let portal = bus::block_on(async {
        let connection = bus::session().await?;
        bus::call::<_, zbus::OwnedVariant>(
            &connection,
            "org.freedesktop.portal.Desktop",
            "/org/freedesktop/portal/desktop",
            "org.freedesktop.portal.Settings",
            "ReadOne",
            &("org.freedesktop.appearance", "color-scheme"),
        )
        .await
    });
    match portal {
        Ok(value) => u32::try_from(&value).is_ok_and(|scheme| scheme == 1),
        Err(error) => {
            tracing::debug!(%error, "no colour scheme from the portal; reading GTK_THEME");
            gtk_theme_is_dark(std::env::var("GTK_THEME").ok().as_deref())
        }
    }
}

fn gtk_theme_is_dark(theme: Option<&str>) -> bool {
    theme.is_some_and(|theme| {
        let theme = theme.to_ascii_lowercase();
        theme.ends_with(":dark") || theme.ends_with("-dark")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_apps_choice_overrides_the_system_and_changes_are_heard_once() {
        let theme = NativeTheme::new(false);
        let heard = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&heard);
        theme.on_updated(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        assert!(!theme.should_use_dark_colors());
        theme.set_theme_source(ThemeSource::Dark);
        theme.set_theme_source(ThemeSource::Dark);
        assert!(theme.should_use_dark_colors());
        theme.set_theme_source(ThemeSource::Light);
        theme.set_theme_source(ThemeSource::System);
        assert!(!theme.should_use_dark_colors());
        assert_eq!(heard.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn gtk_dark_variants_count_as_dark() {
        assert!(gtk_theme_is_dark(Some("Adwaita:dark")));
        assert!(gtk_theme_is_dark(Some("Arc-Dark")));
        assert!(!gtk_theme_is_dark(Some("Adwaita")));
        assert!(!gtk_theme_is_dark(None));
    }
}
