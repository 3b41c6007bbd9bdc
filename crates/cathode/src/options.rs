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
    /// Left edge (default, with a display: centred in the screen's work area, as Electron's, and
    /// a step down and right of another window of the app already there; headless: where the
    /// browser puts it).
    pub x: Option<i32>,
    /// Top edge (default: as `x`).
    pub y: Option<i32>,
    /// Title until the page sets its own.
    pub title: Option<String>,
    /// Show the window when created (default true; headful `false` minimises it).
    pub show: bool,
    /// What the page may do.
    pub web_preferences: WebPreferences,
    /// Smallest outer width (Electron's `minWidth`; default none). cathode keeps its own
    /// changes within it, and headful on X11 the window manager the user's; see
    /// [`crate::BrowserWindow::set_minimum_size`].
    pub min_width: Option<u32>,
    /// Smallest outer height (`minHeight`).
    pub min_height: Option<u32>,
    /// Largest outer width (`maxWidth`).
    pub max_width: Option<u32>,
    /// Largest outer height (`maxHeight`).
    pub max_height: Option<u32>,
    /// Whether the user may resize the window (default true; headful on X11 the window manager
    /// is told, see [`crate::BrowserWindow::set_resizable`]).
    pub resizable: bool,
    /// Open centred in the screen's work area when no `x`/`y` is given, even over another
    /// window of the app there (default false: with a display, centred and cascaded from such
    /// a window).
    pub center: bool,
    /// Open full screen (default false).
    pub full_screen: bool,
    /// May go full screen (`fullscreenable`, default true): when false,
    /// `BrowserWindow::set_full_screen(true)` leaves the window as it is.
    pub full_screenable: bool,
    /// Stay above other windows (default false; headful on X11 the window manager is asked, see
    /// [`crate::BrowserWindow::set_always_on_top`]).
    pub always_on_top: bool,
    /// Leave the window out of the taskbar (`skipTaskbar`, default false; see
    /// [`crate::BrowserWindow::set_skip_taskbar`]).
    pub skip_taskbar: bool,
    /// The id of the window this one belongs to ([`crate::BrowserWindow::get_parent_window`]);
    /// headful on X11, the window manager keeps the child above it (`WM_TRANSIENT_FOR`).
    pub parent: Option<u32>,
    /// Modal to its parent: while it is shown, the parent's page gets no mouse or keyboard
    /// input; headful on X11, the window manager is told too (`_NET_WM_STATE_MODAL`).
    pub modal: bool,
    /// Hide the menu bar until Alt is pressed (`autoHideMenuBar`, default false): kept and
    /// answered ([`crate::BrowserWindow::is_menu_bar_auto_hide`]); Chromium's app windows have no
    /// menu bar on Linux.
    pub auto_hide_menu_bar: bool,
    /// What the page shows where it paints nothing, from before its first paint
    /// (`backgroundColor`; `None`: the browser's white).
    pub background_color: Option<Color>,
    /// The window's icon: a PNG, JPEG or ICO file (`icon`; see `BrowserWindow::set_icon`).
    pub icon: Option<std::path::PathBuf>,
}

/// What a window's page may do (Electron's `webPreferences`).
///
/// Secure by default, as Electron since 20: the page runs as a plain web page (no node
/// integration), a preload runs in an isolated world of cathode's (context isolation) and the page
/// is sandboxed. [`WebPreferences::node_integrated`] gives the pages of the nodeIntegration era.
///
/// ```
/// use cathode::{WebPreferences, WindowOptions};
///
/// // A modern page: everything it may do comes from its preload.
/// let preferences = WebPreferences::default().preload("/opt/app/preload.js");
/// assert!(preferences.context_isolation && preferences.sandbox && !preferences.node_integration);
/// let options = WindowOptions { web_preferences: preferences, ..WindowOptions::default() };
/// # let _ = options;
/// ```
#[derive(Debug, Clone)]
pub struct WebPreferences {
    /// Give the page `require('electron')` with `ipcRenderer`, `__dirname` and `__filename`
    /// (default false). It has effect only without [`WebPreferences::context_isolation`] and
    /// [`WebPreferences::sandbox`], as in Electron; without it the page runs as a plain web page.
    pub node_integration: bool,
    /// Run the preload and cathode's renderer runtime in an isolated world of their own (default
    /// true): the page's scripts share the DOM with them but none of their JavaScript objects,
    /// and cannot reach main.
    pub context_isolation: bool,
    /// Sandbox the page (default true): its own scripts get nothing of cathode's, whatever
    /// `node_integration` says; its preload's `require` is the sandboxed preload's (`electron`,
    /// `events`, `timers`, `url`), as it always is in cathode. (Electron turns the sandbox off
    /// when `nodeIntegration: true` is given without `sandbox`, and so does
    /// `cathode_remote::electron::window_options`; in Rust, set it yourself or start from
    /// [`WebPreferences::node_integrated`].)
    pub sandbox: bool,
    /// A script run before any of the page's own scripts in every document of the window
    /// (Electron's `webPreferences.preload`): an absolute path to a UTF-8 file, read when the
    /// window opens. In the isolated world with `context_isolation`, else in the page's world. A
    /// path that is relative or cannot be read leaves the page without it and emits
    /// `preload-error` ([`crate::WebContents::on_preload_error`]).
    pub preload: Option<std::path::PathBuf>,
    /// Give the page (or its preload) `require('electron').remote` (default false). The page can
    /// then call every object main exposes through the remote module: enable it only for pages
    /// you trust.
    pub enable_remote_module: bool,
    /// Give frames inside the page the runtime too (default false, as Electron's
    /// `nodeIntegrationInSubFrames`). Even then, only frames whose document is trusted get it.
    pub node_integration_in_subframes: bool,
    /// More origins whose documents get the runtime, besides the ones main loads in the window
    /// (`https://example.com`; a URL stands for its origin). A document of any other origin (the
    /// page followed a link away from the app, or was redirected) runs as a plain web page, and
    /// main refuses anything it sends.
    pub trusted_origins: Vec<String>,
    /// APIs the page's own world gets through `contextBridge`, made of main's IPC channels, with
    /// no preload to write ([`WebPreferences::expose_in_main_world`]). Needs
    /// [`WebPreferences::context_isolation`].
    pub main_world_apis: Vec<MainWorldApi>,
}

/// An object a Rust main gives the page's own world as `window[key]`, through `contextBridge`
/// and without JavaScript: each of its functions is one of main's IPC channels, so the page
/// calls main's handlers while seeing nothing else of IPC.
///
/// ```no_run
/// use cathode::{App, MainWorldApi, WebPreferences, WindowOptions};
/// # async fn demo(app: &App) -> cathode::Result<()> {
/// app.ipc_main().handle("settings:get", |_event, key: String| async move {
///     Ok::<_, String>(format!("value of {key}"))
/// })?;
/// app.ipc_main().on_sync("settings:version", |_event, ()| Ok::<_, String>("1.0"));
/// let settings = MainWorldApi::new("settings")
///     .invoke("get", "settings:get") // `await settings.get('theme')` in the page
///     .sync("version", "settings:version") // `settings.version()`, answered at once
///     .listener("onChange", "settings:changed"); // `settings.onChange((key) => ...)`
/// let options = WindowOptions {
///     web_preferences: WebPreferences::default().expose_in_main_world(settings),
///     ..WindowOptions::default()
/// };
/// let window = cathode::BrowserWindow::new(app, options).await?;
/// window.web_contents().send("settings:changed", "theme")?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MainWorldApi {
    key: String,
    functions: Vec<BridgedFunction>,
}

/// One function of a [`MainWorldApi`]: its name in the page, the IPC channel it uses, and how.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BridgedFunction {
    name: String,
    channel: String,
    /// `invoke`, `sync` or `listener`.
    kind: &'static str,
}

impl BridgedFunction {
    /// The function's name on the page's object.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The IPC channel it calls or listens to.
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// How: `invoke`, `sync`, `send` or `listener` (the [`MainWorldApi`] method that added it).
    pub fn kind(&self) -> &'static str {
        self.kind
    }
}

impl MainWorldApi {
    /// The page's name for the API: `window[key]`.
    ///
    /// ```
    /// let api = cathode::MainWorldApi::new("settings").invoke("get", "settings:get");
    /// assert_eq!(api.key(), "settings");
    /// assert_eq!(api.functions()[0].channel(), "settings:get");
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Its functions, in the order they were added.
    pub fn functions(&self) -> &[BridgedFunction] {
        &self.functions
    }

    /// An empty API, to be `window[key]` in the page.
    pub fn new(key: impl Into<String>) -> MainWorldApi {
        MainWorldApi {
            key: key.into(),
            functions: Vec::new(),
        }
    }

    fn with(
        mut self,
        name: impl Into<String>,
        channel: impl Into<String>,
        kind: &'static str,
    ) -> Self {
        self.functions.push(BridgedFunction {
            name: name.into(),
            channel: channel.into(),
            kind,
        });
        self
    }

    /// `name(...args)` returns a promise of what main's [`crate::IpcMain::handle`] handler of
    /// `channel` answers (`ipcRenderer.invoke`).
    pub fn invoke(self, name: impl Into<String>, channel: impl Into<String>) -> Self {
        self.with(name, channel, "invoke")
    }

    /// `name(...args)` returns at once what main's [`crate::IpcMain::on_sync`] handler of
    /// `channel` answers (`ipcRenderer.sendSync`; the page waits).
    pub fn sync(self, name: impl Into<String>, channel: impl Into<String>) -> Self {
        self.with(name, channel, "sync")
    }

    /// `name(...args)` sends to main's [`crate::IpcMain::on`] listeners of `channel` and returns
    /// nothing (`ipcRenderer.send`).
    pub fn send(self, name: impl Into<String>, channel: impl Into<String>) -> Self {
        self.with(name, channel, "send")
    }

    /// `name(callback)` calls `callback(...args)` for every message main sends on `channel`
    /// ([`crate::WebContents::send`]).
    pub fn listener(self, name: impl Into<String>, channel: impl Into<String>) -> Self {
        self.with(name, channel, "listener")
    }
}

impl WebPreferences {
    /// Adds an API to [`WebPreferences::main_world_apis`].
    pub fn expose_in_main_world(mut self, api: MainWorldApi) -> WebPreferences {
        self.main_world_apis.push(api);
        self
    }

    /// The pages of the nodeIntegration era (Electron before 5): `require('electron')` in the
    /// page's own world, no isolation, no sandbox.
    ///
    /// ```
    /// let preferences = cathode::WebPreferences::node_integrated();
    /// assert!(preferences.node_integration && !preferences.context_isolation && !preferences.sandbox);
    /// ```
    pub fn node_integrated() -> WebPreferences {
        WebPreferences {
            node_integration: true,
            context_isolation: false,
            sandbox: false,
            ..WebPreferences::default()
        }
    }

    /// Sets [`WebPreferences::preload`].
    ///
    /// ```
    /// let preferences = cathode::WebPreferences::default().preload("/opt/app/preload.js");
    /// assert_eq!(preferences.preload.unwrap(), std::path::Path::new("/opt/app/preload.js"));
    /// ```
    pub fn preload(mut self, path: impl Into<std::path::PathBuf>) -> WebPreferences {
        self.preload = Some(path.into());
        self
    }

    /// Sets [`WebPreferences::context_isolation`].
    ///
    /// ```
    /// assert!(!cathode::WebPreferences::default().context_isolation(false).context_isolation);
    /// ```
    pub fn context_isolation(mut self, isolated: bool) -> WebPreferences {
        self.context_isolation = isolated;
        self
    }

    /// Sets [`WebPreferences::sandbox`].
    ///
    /// ```
    /// assert!(!cathode::WebPreferences::default().sandbox(false).sandbox);
    /// ```
    pub fn sandbox(mut self, sandboxed: bool) -> WebPreferences {
        self.sandbox = sandboxed;
        self
    }

    /// Whether the page's own scripts get `require('electron')`: node integration, without
    /// isolation or sandbox (Electron's rules).
    ///
    /// ```
    /// use cathode::WebPreferences;
    /// assert!(WebPreferences::node_integrated().page_has_runtime());
    /// assert!(!WebPreferences::node_integrated().sandbox(true).page_has_runtime());
    /// ```
    pub fn page_has_runtime(&self) -> bool {
        self.node_integration && !self.context_isolation && !self.sandbox
    }

    /// Whether the window gets cathode's renderer runtime at all (IPC, plugins' parts): for its
    /// page ([`WebPreferences::page_has_runtime`]), for its preload, or for the APIs main exposes
    /// to the page.
    ///
    /// ```
    /// use cathode::WebPreferences;
    /// assert!(!WebPreferences::default().has_runtime());
    /// assert!(WebPreferences::default().preload("/p.js").has_runtime());
    /// ```
    pub fn has_runtime(&self) -> bool {
        self.page_has_runtime() || self.preload.is_some() || !self.main_world_apis.is_empty()
    }
}

impl Default for WebPreferences {
    fn default() -> Self {
        WebPreferences {
            node_integration: false,
            context_isolation: true,
            sandbox: true,
            preload: None,
            enable_remote_module: false,
            node_integration_in_subframes: false,
            trusted_origins: Vec::new(),
            main_world_apis: Vec::new(),
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
            min_width: None,
            min_height: None,
            max_width: None,
            max_height: None,
            resizable: true,
            center: false,
            full_screen: false,
            full_screenable: true,
            always_on_top: false,
            skip_taskbar: false,
            parent: None,
            modal: false,
            auto_hide_menu_bar: false,
            background_color: None,
            icon: None,
        }
    }
}

/// The colours a page's `prefers-color-scheme` media query answers (Electron's
/// `nativeTheme.themeSource` drives it; see [`App::set_color_scheme`](crate::App::set_color_scheme)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorScheme {
    /// `prefers-color-scheme: light`.
    Light,
    /// `prefers-color-scheme: dark`.
    Dark,
}

impl ColorScheme {
    /// The media feature's value: `light` or `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }
}

/// A colour with opacity, as Electron's `backgroundColor` gives it.
///
/// ```
/// use cathode::Color;
/// assert_eq!(Color::parse("#369"), Some(Color { r: 0x33, g: 0x66, b: 0x99, a: 255 }));
/// assert_eq!(Color::parse("#80336699").map(|c| c.a), Some(0x80));
/// assert_eq!(Color::parse("rgba(51, 102, 153, 0.5)").map(|c| (c.b, c.a)), Some((153, 128)));
/// assert_eq!(Color::parse("#336699").unwrap().to_hex(), "#336699");
/// assert_eq!(Color::parse("blueish"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity: 0 is transparent, 255 opaque.
    pub a: u8,
}

impl Color {
    /// Reads Electron's forms: `#RGB`, `#ARGB`, `#RRGGBB`, `#AARRGGBB` (opacity first, as
    /// Electron has it), `rgb(r, g, b)`, `rgba(r, g, b, a)` with `a` from 0 to 1, and
    /// `transparent`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Color> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("transparent") {
            return Some(Color {
                r: 0,
                g: 0,
                b: 0,
                a: 0,
            });
        }
        if let Some(hex) = text.strip_prefix('#') {
            let digits: Vec<u8> = hex
                .chars()
                .map(|c| c.to_digit(16).map(|d| d as u8))
                .collect::<Option<_>>()?;
            let pair = |i: usize| digits[i] * 16 + digits[i + 1];
            let (a, r, g, b) = match digits.len() {
                3 => (255, digits[0] * 17, digits[1] * 17, digits[2] * 17),
                4 => (
                    digits[0] * 17,
                    digits[1] * 17,
                    digits[2] * 17,
                    digits[3] * 17,
                ),
                6 => (255, pair(0), pair(2), pair(4)),
                8 => (pair(0), pair(2), pair(4), pair(6)),
                _ => return None,
            };
            return Some(Color { r, g, b, a });
        }
        let lower = text.to_ascii_lowercase();
        let inner = lower
            .strip_prefix("rgba(")
            .or_else(|| lower.strip_prefix("rgb("))?
            .strip_suffix(')')?;
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let channel = |part: &str| part.parse::<u8>().ok();
        match parts.as_slice() {
            [r, g, b] => Some(Color {
                r: channel(r)?,
                g: channel(g)?,
                b: channel(b)?,
                a: 255,
            }),
            [r, g, b, a] => {
                let alpha = a.parse::<f64>().ok().filter(|a| (0.0..=1.0).contains(a))?;
                Some(Color {
                    r: channel(r)?,
                    g: channel(g)?,
                    b: channel(b)?,
                    a: (alpha * 255.0).round() as u8,
                })
            }
            _ => None,
        }
    }

    /// Electron's `getBackgroundColor()` form: `#RRGGBB`, or `#AARRGGBB` when not opaque.
    pub fn to_hex(self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.a, self.r, self.g, self.b)
        }
    }
}
