//! How to create a window: Electron's `BrowserWindow` options and `webPreferences`.

/// A window's position and outer size, in screen pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rectangle {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Outer width.
    pub width: u32,
    /// Outer height.
    pub height: u32,
}

/// How to create a window (Electron's `BrowserWindow` constructor options).
#[derive(Debug, Clone)]
pub struct WindowOptions {
    /// Outer width (default 800).
    pub width: u32,
    /// Outer height (default 600).
    pub height: u32,
    /// Left edge (default: the window manager decides).
    pub x: Option<i32>,
    /// Top edge (default: the window manager decides).
    pub y: Option<i32>,
    /// Title until the page sets its own.
    pub title: Option<String>,
    /// Show the window when created (default true; headful `false` minimises it).
    pub show: bool,
    /// What the page may do.
    pub web_preferences: WebPreferences,
}

/// What a window's page may do (Electron's `webPreferences`).
#[derive(Debug, Clone)]
pub struct WebPreferences {
    /// Give the page `require('electron')` with `ipcRenderer`, `__dirname` and `__filename`
    /// (default true). Without it the page runs as a plain web page, with no IPC.
    pub node_integration: bool,
    /// Give the page `require('electron').remote` (default false). The page can then call every
    /// object main exposes through the remote module: enable it only for pages you trust.
    pub enable_remote_module: bool,
    /// Give frames inside the page the runtime too (default false, as Electron's
    /// `nodeIntegrationInSubFrames`). Even then, only frames whose document is trusted get it.
    pub node_integration_in_subframes: bool,
    /// More origins whose documents get the runtime, besides the ones main loads in the window
    /// (`https://example.com`; a URL stands for its origin). A document of any other origin (the
    /// page followed a link away from the app, or was redirected) runs as a plain web page, and
    /// main refuses anything it sends.
    pub trusted_origins: Vec<String>,
}

impl Default for WebPreferences {
    fn default() -> Self {
        WebPreferences {
            node_integration: true,
            enable_remote_module: false,
            node_integration_in_subframes: false,
            trusted_origins: Vec::new(),
        }
    }
}

impl Default for WindowOptions {
    fn default() -> Self {
        WindowOptions {
            width: 800,
            height: 600,
            x: None,
            y: None,
            title: None,
            show: true,
            web_preferences: WebPreferences::default(),
        }
    }
}
