//! Electron's API by name, for callers that come from JavaScript (the remote module's pages, the
//! CLI's main script): window methods by their JavaScript names, window options from Electron's
//! options object, events with the arguments JavaScript listeners get, and Node's platform name.
//! Rust code uses cathode's typed API instead.

use cathode::{
    App, BrowserWindow, Error, ListenerId, Rectangle, Result, WebContents, WebPreferences,
    WindowEvent, WindowOptions,
};
use serde_json::{json, Value};

/// Runs one of Electron's `BrowserWindow` / `webContents` methods by its JavaScript name, with
/// JSON arguments, for embedders that take calls from JavaScript (the remote module, the CLI):
/// `loadURL`, `loadFile`, `close`, `destroy`, `setTitle`, `getBounds`, `setBounds`, `show`,
/// `hide`, `focus`, `reload`, `openDevTools`, `executeJavaScript`, `getOSProcessId`, and the
/// synchronous ones of [`call_window_method_now`] ([`NOW_WINDOW_METHODS`]). `Ok(None)` for the
/// methods that return nothing.
///
/// Fails with [`Error::BadMethodCall`] for an unknown method or arguments of the wrong
/// type, and with the method's own error otherwise.
///
/// ```no_run
/// # async fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
/// use cathode_remote::electron::call_window_method;
/// call_window_method(&window, "setTitle", &["Hello".into()]).await?;
/// let bounds = call_window_method(&window, "getBounds", &[]).await?;
/// # Ok(()) }
/// ```
pub async fn call_window_method(
    window: &BrowserWindow,
    method: &str,
    args: &[Value],
) -> Result<Option<Value>> {
    let bad = |reason: String| Error::BadMethodCall {
        method: method.to_string(),
        reason,
    };
    let text = |index: usize| {
        args.get(index)
            .and_then(Value::as_str)
            .ok_or_else(|| bad(format!("argument {} must be a string", index + 1)))
    };
    let contents = window.web_contents();
    if NOW_WINDOW_METHODS.contains(&method) {
        return call_window_method_now(window, method, args);
    }
    match method {
        "loadURL" => window.load_url(text(0)?).await?,
        "loadFile" => window.load_file(text(0)?).await?,
        "close" => {
            window.close().await;
        }
        "destroy" => window.destroy(),
        "setTitle" => window.set_title(text(0)?)?,
        "show" => window.show().await?,
        "hide" => window.hide().await?,
        "focus" => window.focus().await?,
        "reload" => contents.reload()?,
        "openDevTools" => contents.open_dev_tools(),
        "executeJavaScript" => return Ok(Some(contents.execute_javascript(text(0)?).await?)),
        "getOSProcessId" => return Ok(Some(contents.os_process_id().await?.into())),
        _ => return Err(bad("no such method".into())),
    }
    Ok(None)
}

/// The window methods [`call_window_method_now`] runs: the state and its getters, which
/// Electron runs synchronously.
pub const NOW_WINDOW_METHODS: &[&str] = &[
    "maximize",
    "unmaximize",
    "isMaximized",
    "minimize",
    "restore",
    "isMinimized",
    "isNormal",
    "setFullScreen",
    "isFullScreen",
    "getSize",
    "setSize",
    "getPosition",
    "setPosition",
    "getContentBounds",
    "getContentSize",
    "setContentSize",
    "center",
    "setMinimumSize",
    "getMinimumSize",
    "setMaximumSize",
    "getMaximumSize",
    "setResizable",
    "isResizable",
    "isVisible",
    "isFocused",
    "blur",
    "setAlwaysOnTop",
    "isAlwaysOnTop",
    "flashFrame",
    "setProgressBar",
    "getParentWindow",
    "getChildWindows",
    "isModal",
    "getBounds",
    "setBounds",
    "getNormalBounds",
];

/// Electron's error for an argument that is not a 32-bit integer (`NaN`, `1.5`, `2 ** 31`, a
/// string), as its argument conversion words it.
///
/// ```
/// let message = cathode_remote::electron::conversion_failure(0, &serde_json::json!("wide"));
/// assert_eq!(message, "Error processing argument at index 0, conversion failure from wide");
/// ```
pub fn conversion_failure(index: usize, value: &Value) -> String {
    let shown = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    format!("Error processing argument at index {index}, conversion failure from {shown}")
}

/// Runs one of Electron's synchronous `BrowserWindow` methods ([`NOW_WINDOW_METHODS`]) by its
/// JavaScript name: the window's state changes and its events fire before it returns, the
/// browser applies the change after (its failure is logged). Getters answer from the state
/// cathode keeps. Sizes and positions must be integers in range (a size also not negative):
/// others fail with [`Error::BadMethodCall`] carrying Electron's conversion error, and change
/// nothing.
///
/// ```no_run
/// # fn demo(window: cathode::BrowserWindow) -> cathode::Result<()> {
/// use cathode_remote::electron::call_window_method_now;
/// call_window_method_now(&window, "setSize", &[640.into(), 480.into()])?;
/// assert_eq!(call_window_method_now(&window, "getSize", &[])?, Some(serde_json::json!([640, 480])));
/// # Ok(()) }
/// ```
pub fn call_window_method_now(
    window: &BrowserWindow,
    method: &str,
    args: &[Value],
) -> Result<Option<Value>> {
    let bad = |reason: String| Error::BadMethodCall {
        method: method.to_string(),
        reason,
    };
    let integer = |index: usize, low: i64| {
        let value = args.get(index).unwrap_or(&Value::Null);
        value
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= low as f64 && *n <= f64::from(i32::MAX))
            .map(|n| n as i64)
            .ok_or_else(|| bad(conversion_failure(index, value)))
    };
    let size = |index: usize| integer(index, 0).map(|n| n as u32);
    let place = |index: usize| integer(index, i64::from(i32::MIN)).map(|n| n as i32);
    let flag = |index: usize| args.get(index).and_then(Value::as_bool).unwrap_or(false);
    let pair = |(a, b): (u32, u32)| Some(json!([a, b]));
    let rectangle = |bounds: Rectangle| Some(json!(bounds));
    let done = |_| None;
    Ok(match method {
        "maximize" => window.maximize().map(done)?,
        "unmaximize" => window.unmaximize().map(done)?,
        "isMaximized" => Some(json!(window.is_maximized())),
        "minimize" => window.minimize().map(done)?,
        "restore" => window.restore().map(done)?,
        "isMinimized" => Some(json!(window.is_minimized())),
        "isNormal" => Some(json!(window.is_normal())),
        "getNormalBounds" => rectangle(window.get_normal_bounds()),
        "setFullScreen" => window.set_full_screen(flag(0)).map(done)?,
        "isFullScreen" => Some(json!(window.is_full_screen())),
        "getSize" => pair(window.get_size()),
        "setSize" => window.set_size(size(0)?, size(1)?).map(done)?,
        "getPosition" => {
            let (x, y) = window.get_position();
            Some(json!([x, y]))
        }
        "setPosition" => window.set_position(place(0)?, place(1)?).map(done)?,
        "getContentBounds" => rectangle(window.get_content_bounds()),
        "getContentSize" => pair(window.get_content_size()),
        "setContentSize" => window.set_content_size(size(0)?, size(1)?).map(done)?,
        "center" => window.center().map(done)?,
        "setMinimumSize" => window.set_minimum_size(size(0)?, size(1)?).map(done)?,
        "getMinimumSize" => pair(window.get_minimum_size()),
        "setMaximumSize" => window.set_maximum_size(size(0)?, size(1)?).map(done)?,
        "getMaximumSize" => pair(window.get_maximum_size()),
        "setResizable" => window.set_resizable(flag(0)).map(|()| None)?,
        "isResizable" => Some(json!(window.is_resizable())),
        "isVisible" => Some(json!(window.is_visible())),
        "isFocused" => Some(json!(window.is_focused())),
        "blur" => window.blur().map(|()| None)?,
        "setAlwaysOnTop" => window.set_always_on_top(flag(0)).map(|()| None)?,
        "isAlwaysOnTop" => Some(json!(window.is_always_on_top())),
        "flashFrame" => {
            window.flash_frame(flag(0));
            None
        }
        "setProgressBar" => {
            let progress = args.first().and_then(Value::as_f64).unwrap_or(-1.0);
            window.set_progress_bar(progress);
            None
        }
        "getParentWindow" => Some(json!(window.get_parent_window().map(|parent| parent.id()))),
        "getChildWindows" => Some(json!(window
            .get_child_windows()
            .iter()
            .map(BrowserWindow::id)
            .collect::<Vec<_>>())),
        "isModal" => Some(json!(window.is_modal())),
        "getBounds" => rectangle(window.get_bounds()),
        "setBounds" => {
            // Electron takes any of the four; the others stay.
            let current = window.get_bounds();
            let given = args.first().unwrap_or(&Value::Null);
            let field = |name: &str, low: i64, now: i64| match given.get(name) {
                None => Ok(now),
                Some(value) => value
                    .as_f64()
                    .filter(|n| n.fract() == 0.0 && *n >= low as f64 && *n <= f64::from(i32::MAX))
                    .map(|n| n as i64)
                    .ok_or_else(|| bad(conversion_failure(0, value))),
            };
            let low = i64::from(i32::MIN);
            let bounds = Rectangle {
                x: field("x", low, current.x.into())? as i32,
                y: field("y", low, current.y.into())? as i32,
                width: field("width", 0, current.width.into())? as u32,
                height: field("height", 0, current.height.into())? as u32,
            };
            window.set_bounds_now(bounds).map(done)?
        }
        _ => return Err(bad("no such method".into())),
    })
}

/// Options from Electron's `new BrowserWindow({...})` object: `width`, `height`, `x`, `y`,
/// `title`, `show`, `minWidth`, `minHeight`, `maxWidth`, `maxHeight`, `resizable`, `center`,
/// `fullscreen`, `alwaysOnTop`, `parent` (a window id), `modal`, and `webPreferences` (`nodeIntegration`, `contextIsolation`, `sandbox`,
/// `preload` (a path), `enableRemoteModule`, `nodeIntegrationInSubFrames`, and cathode's
/// `trustedOrigins`, a list of origins), with `defaults` for the preferences it does not set.
/// As in Electron, `nodeIntegration: true` without `sandbox` leaves the page unsandboxed.
///
/// ```
/// use cathode::WebPreferences;
/// let options = cathode_remote::electron::window_options(
///     &serde_json::json!({"width": 400, "webPreferences": {"nodeIntegration": false}}),
///     &WebPreferences::default(),
/// );
/// assert_eq!(options.width, 400);
/// assert!(!options.web_preferences.node_integration);
/// let node = cathode_remote::electron::window_options(
///     &serde_json::json!({"webPreferences": {"nodeIntegration": true, "contextIsolation": false}}),
///     &WebPreferences::default(),
/// );
/// assert!(node.web_preferences.page_has_runtime());
/// ```
pub fn window_options(options: &Value, defaults: &WebPreferences) -> WindowOptions {
    let fallback = WindowOptions::default();
    let number = |name: &str| options.get(name).and_then(Value::as_f64);
    let preference = |name: &str| {
        options
            .get("webPreferences")
            .and_then(|preferences| preferences.get(name))
            .and_then(Value::as_bool)
    };
    let node_integration = preference("nodeIntegration").unwrap_or(defaults.node_integration);
    let size = |name: &str| {
        number(name)
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n as u32)
    };
    let flag = |name: &str, default: bool| {
        options
            .get(name)
            .and_then(Value::as_bool)
            .unwrap_or(default)
    };
    WindowOptions {
        min_width: size("minWidth"),
        min_height: size("minHeight"),
        max_width: size("maxWidth"),
        max_height: size("maxHeight"),
        resizable: flag("resizable", true),
        center: flag("center", false),
        full_screen: flag("fullscreen", false),
        always_on_top: flag("alwaysOnTop", false),
        // The CLI gives a parent window as its id.
        parent: number("parent").map(|n| n as u32),
        modal: flag("modal", false),
        width: number("width").map_or(fallback.width, |n| n as u32),
        height: number("height").map_or(fallback.height, |n| n as u32),
        x: number("x").map(|n| n as i32),
        y: number("y").map(|n| n as i32),
        title: options
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string),
        show: options.get("show").and_then(Value::as_bool).unwrap_or(true),
        web_preferences: WebPreferences {
            node_integration,
            context_isolation: preference("contextIsolation").unwrap_or(defaults.context_isolation),
            // As Electron: asking for node integration turns the sandbox off unless it is asked for.
            sandbox: preference("sandbox")
                .unwrap_or_else(|| defaults.sandbox && preference("nodeIntegration") != Some(true)),
            preload: options
                .get("webPreferences")
                .and_then(|preferences| preferences.get("preload"))
                .and_then(Value::as_str)
                .map(std::path::PathBuf::from)
                .or_else(|| defaults.preload.clone()),
            enable_remote_module: preference("enableRemoteModule")
                .unwrap_or(defaults.enable_remote_module),
            node_integration_in_subframes: preference("nodeIntegrationInSubFrames")
                .unwrap_or(defaults.node_integration_in_subframes),
            trusted_origins: options
                .get("webPreferences")
                .and_then(|preferences| preferences.get("trustedOrigins"))
                .and_then(Value::as_array)
                .map(|origins| {
                    origins
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_else(|| defaults.trusted_origins.clone()),
            main_world_apis: defaults.main_world_apis.clone(),
        },
    }
}

/// The `BrowserWindow` options [`window_options`] reads; Electron has many more.
const WINDOW_OPTIONS: &[&str] = &[
    "width",
    "height",
    "x",
    "y",
    "title",
    "show",
    "webPreferences",
    "minWidth",
    "minHeight",
    "maxWidth",
    "maxHeight",
    "resizable",
    "center",
    "fullscreen",
    "alwaysOnTop",
    "parent",
    "modal",
];

/// The `webPreferences` [`window_options`] reads.
const WEB_PREFERENCES: &[&str] = &[
    "nodeIntegration",
    "contextIsolation",
    "sandbox",
    "preload",
    "enableRemoteModule",
    "nodeIntegrationInSubFrames",
    "trustedOrigins",
];

/// The options in Electron's `new BrowserWindow({...})` object that [`window_options`] does not
/// read, as `frame` or `webPreferences.webgl`, so that a caller can say they are ignored.
///
/// ```
/// let ignored = cathode_remote::electron::ignored_window_options(&serde_json::json!(
///     {"width": 400, "frame": false, "webPreferences": {"nodeIntegration": true, "webgl": false}}
/// ));
/// assert_eq!(ignored, ["frame", "webPreferences.webgl"]);
/// ```
pub fn ignored_window_options(options: &Value) -> Vec<String> {
    let Some(options) = options.as_object() else {
        return Vec::new();
    };
    let mut ignored: Vec<String> = options
        .keys()
        .filter(|key| !WINDOW_OPTIONS.contains(&key.as_str()))
        .cloned()
        .collect();
    if let Some(preferences) = options.get("webPreferences").and_then(Value::as_object) {
        ignored.extend(
            preferences
                .keys()
                .filter(|key| !WEB_PREFERENCES.contains(&key.as_str()))
                .map(|key| format!("webPreferences.{key}")),
        );
    }
    ignored
}

/// One argument of an event as a JavaScript listener gets it, after the event object.
#[derive(Debug, Clone)]
pub enum EventArg {
    /// Plain data.
    Json(Value),
    /// A window (`browser-window-created`).
    Window(BrowserWindow),
}

/// The `app` events a JavaScript listener can hear.
pub const APP_EVENTS: &[&str] = &[
    "ready",
    "window-all-closed",
    "before-quit",
    "will-quit",
    "quit",
    "browser-window-created",
];

/// The `BrowserWindow` events a JavaScript listener can hear.
pub const WINDOW_EVENTS: &[&str] = &[
    "close",
    "closed",
    "show",
    "hide",
    "focus",
    "blur",
    "resize",
    "resized",
    "move",
    "moved",
    "maximize",
    "unmaximize",
    "minimize",
    "restore",
    "enter-full-screen",
    "leave-full-screen",
];

/// The `webContents` events a JavaScript listener can hear.
pub const WEB_CONTENTS_EVENTS: &[&str] = &[
    "dom-ready",
    "did-finish-load",
    "did-fail-load",
    "console-message",
    "render-process-gone",
];

/// Listens to the app's event `name` (one of [`APP_EVENTS`]) with the arguments Electron gives
/// after the event object; `None` for an event cathode does not have. (`before-quit` and
/// `will-quit` cannot be prevented from here: the listener hears them after the fact.)
///
/// ```no_run
/// # fn demo(app: &cathode::App) {
/// cathode_remote::electron::on_app_event(app, "quit", |args| println!("quit with {args:?}"));
/// # }
/// ```
pub fn on_app_event(
    app: &App,
    name: &str,
    listener: impl Fn(Vec<EventArg>) + Send + Sync + 'static,
) -> Option<ListenerId> {
    Some(match name {
        "ready" => app.on_ready(move || listener(Vec::new())),
        "window-all-closed" => app.on_window_all_closed(move || listener(Vec::new())),
        "before-quit" => app.on_before_quit(move |_| listener(Vec::new())),
        "will-quit" => app.on_will_quit(move |_| listener(Vec::new())),
        "quit" => app.on_quit(move |code| listener(vec![EventArg::Json(json!(code))])),
        "browser-window-created" => app.on_browser_window_created(move |window| {
            listener(vec![EventArg::Window(window.clone())])
        }),
        _ => return None,
    })
}

/// Listens to the window's event `name` (one of [`WINDOW_EVENTS`]); `None` for an event cathode
/// does not have.
pub fn on_window_event(
    window: &BrowserWindow,
    name: &str,
    listener: impl Fn(Vec<EventArg>) + Send + Sync + 'static,
) -> Option<ListenerId> {
    Some(match name {
        "close" => window.on_close(move |_| listener(Vec::new())),
        "closed" => window.on_closed(move || listener(Vec::new())),
        _ => window.on_window_event(WindowEvent::from_name(name)?, move || listener(Vec::new())),
    })
}

/// Listens to the page's event `name` (one of [`WEB_CONTENTS_EVENTS`]), with Electron's
/// arguments: `did-fail-load` (code, description, URL), `console-message` (level, message, line,
/// source), `render-process-gone` (`{reason, exitCode}`); `None` for an event cathode does not
/// have.
pub fn on_web_contents_event(
    contents: &WebContents,
    name: &str,
    listener: impl Fn(Vec<EventArg>) + Send + Sync + 'static,
) -> Option<ListenerId> {
    let plain = |values: Vec<Value>| values.into_iter().map(EventArg::Json).collect();
    Some(match name {
        "dom-ready" => contents.on_dom_ready(move || listener(Vec::new())),
        "did-finish-load" => contents.on_did_finish_load(move || listener(Vec::new())),
        "did-fail-load" => contents.on_did_fail_load(move |failure| {
            listener(plain(vec![
                json!(failure.code),
                json!(failure.description),
                json!(failure.url),
            ]))
        }),
        "console-message" => contents.on_console_message(move |message| {
            listener(plain(vec![
                json!(message.level as u8),
                json!(message.message),
                json!(message.line),
                json!(message.source),
            ]))
        }),
        "render-process-gone" => contents.on_render_process_gone(move |gone| {
            listener(plain(vec![
                json!({"reason": gone.reason.as_str(), "exitCode": gone.exit_code}),
            ]))
        }),
        _ => return None,
    })
}

/// `process.platform` as Node names it.
pub fn node_platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}
