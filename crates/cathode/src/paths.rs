//! The app's well-known folders (Electron's `app.getPath` / `app.setPath`), resolved as Electron
//! resolves them on each platform.

use std::path::PathBuf;

/// A folder an app asks for by name (Electron's `app.getPath(name)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathName {
    /// The user's home folder (`home`).
    Home,
    /// Per-user application data (`appData`): `$XDG_CONFIG_HOME` or `~/.config` on Linux,
    /// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows.
    AppData,
    /// The app's own data (`userData`): `appData` joined with the app's name. Not the browser's
    /// profile, which cathode keeps apart.
    UserData,
    /// Session data (`sessionData`): `userData` unless set.
    SessionData,
    /// The temporary folder (`temp`).
    Temp,
    /// The running executable (`exe`).
    Exe,
    /// The user's desktop folder (`desktop`).
    Desktop,
    /// The user's documents folder (`documents`).
    Documents,
    /// The user's downloads folder (`downloads`).
    Downloads,
    /// The user's music folder (`music`).
    Music,
    /// The user's pictures folder (`pictures`).
    Pictures,
    /// The user's videos folder (`videos`).
    Videos,
    /// The app's log folder (`logs`): `userData/logs` (macOS: `~/Library/Logs/<name>`).
    Logs,
    /// Where crash dumps go (`crashDumps`): `userData/Crashpad`.
    CrashDumps,
}

impl PathName {
    /// Every name, for callers that list them.
    pub const ALL: [PathName; 14] = [
        PathName::Home,
        PathName::AppData,
        PathName::UserData,
        PathName::SessionData,
        PathName::Temp,
        PathName::Exe,
        PathName::Desktop,
        PathName::Documents,
        PathName::Downloads,
        PathName::Music,
        PathName::Pictures,
        PathName::Videos,
        PathName::Logs,
        PathName::CrashDumps,
    ];

    /// Electron's name for the folder, as `app.getPath` takes it.
    ///
    /// ```
    /// assert_eq!(cathode::PathName::UserData.electron_name(), "userData");
    /// ```
    pub fn electron_name(self) -> &'static str {
        match self {
            PathName::Home => "home",
            PathName::AppData => "appData",
            PathName::UserData => "userData",
            PathName::SessionData => "sessionData",
            PathName::Temp => "temp",
            PathName::Exe => "exe",
            PathName::Desktop => "desktop",
            PathName::Documents => "documents",
            PathName::Downloads => "downloads",
            PathName::Music => "music",
            PathName::Pictures => "pictures",
            PathName::Videos => "videos",
            PathName::Logs => "logs",
            PathName::CrashDumps => "crashDumps",
        }
    }

    /// The folder Electron's name stands for; `None` for a name Electron does not have.
    ///
    /// ```
    /// assert_eq!(cathode::PathName::from_electron_name("logs"), Some(cathode::PathName::Logs));
    /// assert_eq!(cathode::PathName::from_electron_name("attic"), None);
    /// ```
    pub fn from_electron_name(name: &str) -> Option<PathName> {
        PathName::ALL
            .into_iter()
            .find(|path| path.electron_name() == name)
    }
}

/// Where `name` is by default, for an app called `app_name`, given what the app set (`set`) for
/// the folders others derive from. `None` when the platform has no such folder.
pub(crate) fn default_path(
    name: PathName,
    app_name: &str,
    set: &dyn Fn(PathName) -> Option<PathBuf>,
) -> Option<PathBuf> {
    let resolved = |name: PathName| set(name).or_else(|| default_path(name, app_name, set));
    match name {
        PathName::Home => dirs::home_dir(),
        PathName::AppData => dirs::config_dir(),
        PathName::UserData => resolved(PathName::AppData).map(|data| data.join(app_name)),
        PathName::SessionData => resolved(PathName::UserData),
        PathName::Temp => Some(std::env::temp_dir()),
        PathName::Exe => std::env::current_exe().ok(),
        PathName::Desktop => dirs::desktop_dir(),
        PathName::Documents => dirs::document_dir(),
        PathName::Downloads => dirs::download_dir(),
        PathName::Music => dirs::audio_dir(),
        PathName::Pictures => dirs::picture_dir(),
        PathName::Videos => dirs::video_dir(),
        PathName::Logs if cfg!(target_os = "macos") => {
            resolved(PathName::Home).map(|home| home.join("Library/Logs").join(app_name))
        }
        PathName::Logs => resolved(PathName::UserData).map(|data| data.join("logs")),
        PathName::CrashDumps => resolved(PathName::UserData).map(|data| data.join("Crashpad")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_folders_follow_what_the_app_set() {
        let set = |name: PathName| (name == PathName::AppData).then(|| PathBuf::from("/data"));
        let path = |name| default_path(name, "notes", &set);
        assert_eq!(path(PathName::UserData), Some(PathBuf::from("/data/notes")));
        assert_eq!(
            path(PathName::SessionData),
            Some(PathBuf::from("/data/notes"))
        );
        if cfg!(target_os = "linux") {
            assert_eq!(
                path(PathName::Logs),
                Some(PathBuf::from("/data/notes/logs"))
            );
        }
        assert_eq!(
            path(PathName::CrashDumps),
            Some(PathBuf::from("/data/notes/Crashpad"))
        );
    }

    #[test]
    fn every_name_round_trips_through_electrons_spelling() {
        for name in PathName::ALL {
            assert_eq!(
                PathName::from_electron_name(name.electron_name()),
                Some(name)
            );
        }
    }
}
