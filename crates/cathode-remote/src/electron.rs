//! Electron's API by name, for callers that come from JavaScript (the remote module's pages, the
//! CLI's main script): window methods by their JavaScript names, window options from Electron's
//! options object, events with the arguments JavaScript listeners get, and Node's platform name.
//! Rust code uses cathode's typed API instead.

use cathode::{
    App, BrowserWindow, Deferral, Error, InputKind, KeyInput, ListenerId, Navigated, Rectangle,
    Result, WebContents, WebPreferences, WindowEvent, WindowOpenAction, WindowOpenDetails,
    WindowOptions,
};
use serde_json::{json, Value};

/// Runs one of Electron's `BrowserWindow` / `webContents` methods by its JavaScript name, with
/// JSON arguments, for embedders that take calls from JavaScript (the remote module, the CLI):
/// `loadURL`, `loadFile`, `close`, `destroy`, `setTitle`, `getBounds`, `setBounds`, `show`,
/// `hide`, `focus`, `reload`, `openDevTools`, `executeJavaScript`, `getOSProcessId`,
/// `isLoading`, `capturePage` (`{png: base64, width, height}`), `printToPDF` (base64), `stop`, `goBack`,
/// `goForward`, `goToIndex`, `sendInputEvent`, `setUserAgent`, `setZoomFactor`, `getZoomFactor`,
/// `setZoomLevel`, `getZoomLevel`, the editing commands (`undo`, `redo`, `cut`, `copy`, `paste`,
/// `pasteAndMatchStyle`, `delete`, `selectAll`, `insertText`, `replace`), `insertCSS` (the key),
/// `removeInsertedCSS`, `closeDevTools`, `toggleDevTools`, `setBackgroundColor`, `setIcon`, and the
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
        "focus" => window.focus().await?,
        "reload" => contents.reload()?,
        "openDevTools" => contents.open_dev_tools(),
        "closeDevTools" => contents.close_dev_tools(),
        "toggleDevTools" => contents.toggle_dev_tools(),
        "executeJavaScript" => return Ok(Some(contents.execute_javascript(text(0)?).await?)),
        "getOSProcessId" => return Ok(Some(contents.os_process_id().await?.into())),
        "forcefullyCrashRenderer" => contents.forcefully_crash_renderer()?,
        "setBackgroundColor" => {
            let color = cathode::Color::parse(text(0)?)
                .ok_or_else(|| bad(format!("'{}' is not a colour", text(0).unwrap_or(""))))?;
            window.set_background_color(color).await?
        }
        "setIcon" => window.set_icon(text(0)?).await?,
        "isLoading" => return Ok(Some(contents.is_loading().into())),
        "capturePage" => {
            let rect = match args.first() {
                None | Some(Value::Null) => None,
                Some(rect) => Some(
                    serde_json::from_value::<cathode::Rectangle>(rect.clone()).map_err(|error| {
                        bad(format!("the rectangle must have whole numbers x, y, width and height: {error}"))
                    })?,
                ),
            };
            let image = contents.capture_page(rect).await?;
            let size = image.size();
            return Ok(Some(json!({
                "png": cathode::base64::encode(image.to_png()),
                "width": size.width,
                "height": size.height,
            })));
        }
        "printToPDF" => {
            let options = pdf_options(args.first().unwrap_or(&Value::Null)).map_err(bad)?;
            let pdf = contents.print_to_pdf(&options).await?;
            return Ok(Some(cathode::base64::encode(&pdf).into()));
        }
        "stop" => contents.stop().await?,
        "sendInputEvent" => {
            let event = input_event(args.first().unwrap_or(&Value::Null)).map_err(bad)?;
            contents.send_input_event(&event).await?
        }
        "setUserAgent" => contents.set_user_agent(text(0)?).await?,
        "setZoomFactor" | "setZoomLevel" => {
            let number = args
                .first()
                .and_then(Value::as_f64)
                .ok_or_else(|| bad("argument 1 must be a number".into()))?;
            if method == "setZoomFactor" {
                contents.set_zoom_factor(number).await?
            } else {
                contents.set_zoom_level(number).await?
            }
        }
        "insertText" | "replace" => contents.insert_text(text(0)?).await?,
        "getZoomFactor" => return Ok(Some(json!(contents.zoom_factor()))),
        "getZoomLevel" => return Ok(Some(json!(contents.zoom_level()))),
        "insertCSS" => return Ok(Some(contents.insert_css(text(0)?).await?.into())),
        "removeInsertedCSS" => contents.remove_inserted_css(text(0)?).await?,
        "goBack" => contents.navigation_history().go_back().await?,
        "goForward" => contents.navigation_history().go_forward().await?,
        "goToIndex" => {
            let index = args
                .first()
                .and_then(Value::as_u64)
                .ok_or_else(|| bad("the index must be a whole number of 0 or more".into()))?;
            contents
                .navigation_history()
                .go_to_index(usize::try_from(index).unwrap_or(usize::MAX))
                .await?
        }
        _ => match cathode::EditCommand::from_name(method) {
            Some(command) => contents.edit(command).await?,
            None => return Err(bad("no such method".into())),
        },
    }
    Ok(None)
}

/// An input event from Electron's `sendInputEvent({...})` object: `type` (`mouseDown`,
/// `mouseUp`, `mouseMove`, `mouseWheel`, `keyDown`, `keyUp`, `char`), `x`, `y`, `button`
/// (`left`, `middle`, `right`), `clickCount`, `deltaX`, `deltaY`, `keyCode`, `modifiers`.
/// Fails with what is wrong for another type or fields of the wrong type.
///
/// ```
/// let event = cathode_remote::electron::input_event(
///     &serde_json::json!({"type": "mouseDown", "x": 10, "y": 20, "button": "right"}),
/// ).unwrap();
/// assert_eq!((event.x, event.button), (10.0, cathode::MouseButton::Right));
/// assert!(cathode_remote::electron::input_event(&serde_json::json!({"type": "swipe"})).is_err());
/// ```
pub fn input_event(event: &Value) -> std::result::Result<cathode::InputEvent, String> {
    use cathode::{InputEvent, InputKind, MouseButton};
    let kind = match event.get("type").and_then(Value::as_str) {
        Some("mouseDown") => InputKind::MouseDown,
        Some("mouseUp") => InputKind::MouseUp,
        Some("mouseMove") => InputKind::MouseMove,
        Some("mouseWheel") => InputKind::MouseWheel,
        Some("keyDown") => InputKind::KeyDown,
        Some("keyUp") => InputKind::KeyUp,
        Some("char") => InputKind::Char,
        _ => {
            return Err(format!(
                "the event's type must be mouseDown, mouseUp, mouseMove, mouseWheel, keyDown, keyUp or char, not {}",
                event.get("type").unwrap_or(&Value::Null)
            ))
        }
    };
    let number = |name: &str, default: f64| match event.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) => Ok(n.as_f64().unwrap_or(default)),
        Some(other) => Err(format!("{name} must be a number, not {other}")),
    };
    let button = match event.get("button").and_then(Value::as_str) {
        None | Some("left") => MouseButton::Left,
        Some("middle") => MouseButton::Middle,
        Some("right") => MouseButton::Right,
        Some(other) => return Err(format!("button must be left, middle or right, not {other}")),
    };
    let modifiers = match event.get("modifiers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|m| {
                m.as_str()
                    .map(str::to_string)
                    .ok_or(format!("modifiers must be strings, not {m}"))
            })
            .collect::<std::result::Result<_, _>>()?,
        Some(other) => return Err(format!("modifiers must be a list, not {other}")),
    };
    let key_code = match event.get("keyCode") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(key)) => key.clone(),
        Some(other) => return Err(format!("keyCode must be a string, not {other}")),
    };
    Ok(InputEvent {
        kind,
        x: number("x", 0.0)?,
        y: number("y", 0.0)?,
        button,
        click_count: number("clickCount", 1.0)?.clamp(0.0, 3.0) as u32,
        delta_x: number("deltaX", 0.0)?,
        delta_y: number("deltaY", 0.0)?,
        key_code,
        modifiers,
    })
}

/// Options from Electron's `printToPDF({...})` object: `landscape`, `displayHeaderFooter`,
/// `printBackground`, `scale`, `pageSize` (a paper name or `{width, height}` in inches),
/// `margins` (`{top, bottom, left, right}` in inches), `pageRanges`, `headerTemplate`,
/// `footerTemplate`, `preferCSSPageSize`. Fails with what is wrong for a paper name Electron
/// does not know or values of the wrong type.
///
/// ```
/// let options = cathode_remote::electron::pdf_options(
///     &serde_json::json!({"landscape": true, "pageSize": "A4", "margins": {"top": 0.5}}),
/// ).unwrap();
/// assert!(options.landscape);
/// assert_eq!(options.page_size, Some((8.27, 11.7)));
/// assert!(cathode_remote::electron::pdf_options(&serde_json::json!({"pageSize": "A9"})).is_err());
/// ```
pub fn pdf_options(options: &Value) -> std::result::Result<cathode::PdfOptions, String> {
    if !(options.is_null() || options.is_object()) {
        return Err(format!("the options must be an object, not {options}"));
    }
    let flag = |name: &str| options.get(name).and_then(Value::as_bool).unwrap_or(false);
    let text = |name: &str| {
        options
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let number = |value: &Value, name: &str| -> std::result::Result<Option<f64>, String> {
        match value.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(other) => Err(format!("{name} must be a number, not {other}")),
        }
    };
    let page_size = match options.get("pageSize") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(
            cathode::PdfOptions::paper(name).ok_or_else(|| format!("Invalid pageSize {name}"))?,
        ),
        Some(size) => match (number(size, "width")?, number(size, "height")?) {
            (Some(width), Some(height)) => Some((width, height)),
            _ => {
                return Err(format!(
                    "pageSize must be a paper name or {{width, height}} in inches, not {size}"
                ))
            }
        },
    };
    let margins = match options.get("margins") {
        None | Some(Value::Null) => None,
        Some(margins) => {
            // Electron's default margin is about 1 cm.
            let side = |name: &str| number(margins, name).map(|n| n.unwrap_or(0.39));
            Some(cathode::PdfMargins {
                top: side("top")?,
                bottom: side("bottom")?,
                left: side("left")?,
                right: side("right")?,
            })
        }
    };
    Ok(cathode::PdfOptions {
        landscape: flag("landscape"),
        display_header_footer: flag("displayHeaderFooter"),
        print_background: flag("printBackground"),
        scale: number(options, "scale")?,
        page_size,
        margins,
        page_ranges: text("pageRanges"),
        header_template: text("headerTemplate"),
        footer_template: text("footerTemplate"),
        prefer_css_page_size: flag("preferCSSPageSize"),
    })
}

/// The window methods [`call_window_method_now`] runs: the state and its getters, which
/// Electron runs synchronously.
pub const NOW_WINDOW_METHODS: &[&str] = &[
    "show",
    "hide",
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
    "setSkipTaskbar",
    "flashFrame",
    "setProgressBar",
    "getParentWindow",
    "getChildWindows",
    "isModal",
    "getBackgroundColor",
    "getBounds",
    "setBounds",
    "getNormalBounds",
    "setContentBounds",
    "isCrashed",
    "findInPage",
    "stopFindInPage",
    "setFullScreenable",
    "isFullScreenable",
    "setAutoHideMenuBar",
    "isMenuBarAutoHide",
    "setMenuBarVisibility",
    "isMenuBarVisible",
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
        "show" => window.set_visible_now(true).map(done)?,
        "hide" => window.set_visible_now(false).map(done)?,
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
        "setFullScreenable" => window.set_full_screenable(flag(0)).map(|()| None)?,
        "isFullScreenable" => Some(json!(window.is_full_screenable())),
        "setAutoHideMenuBar" => {
            window.set_auto_hide_menu_bar(flag(0));
            None
        }
        "isMenuBarAutoHide" => Some(json!(window.is_menu_bar_auto_hide())),
        "setMenuBarVisibility" => {
            window.set_menu_bar_visibility(flag(0));
            None
        }
        "isMenuBarVisible" => Some(json!(window.is_menu_bar_visible())),
        "getSize" => pair(window.get_size()),
        "setSize" => window.set_size(size(0)?, size(1)?).map(done)?,
        "getPosition" => {
            let (x, y) = window.get_position();
            Some(json!([x, y]))
        }
        "setPosition" => window.set_position(place(0)?, place(1)?).map(done)?,
        "getContentBounds" => rectangle(window.get_content_bounds()),
        "getContentSize" => pair(window.get_content_size()),
        "setContentBounds" => {
            let bounds =
                serde_json::from_value::<Rectangle>(args.first().cloned().unwrap_or(Value::Null))
                    .map_err(|_| bad(conversion_failure(0, args.first().unwrap_or(&Value::Null))))?;
            window.set_content_bounds(bounds).map(done)?
        }
        "isCrashed" => Some(json!(window.web_contents().is_crashed())),
        "findInPage" => {
            let text = args.first().and_then(Value::as_str).unwrap_or_default();
            let options = args.get(1).unwrap_or(&Value::Null);
            let option = |name: &str, default: bool| {
                options
                    .get(name)
                    .and_then(Value::as_bool)
                    .unwrap_or(default)
            };
            let find = cathode::FindOptions {
                forward: option("forward", true),
                find_next: option("findNext", false),
                match_case: option("matchCase", false),
            };
            Some(json!(window.web_contents().find_in_page(text, find)?))
        }
        "stopFindInPage" => {
            let name = args.first().and_then(Value::as_str).unwrap_or_default();
            let action = cathode::StopFindAction::from_name(name).ok_or_else(|| {
                bad(format!(
                    "action must be clearSelection, keepSelection or activateSelection, not {name:?}"
                ))
            })?;
            window
                .web_contents()
                .stop_find_in_page(action)
                .map(|()| None)?
        }
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
        "setSkipTaskbar" => window.set_skip_taskbar(flag(0)).map(|()| None)?,
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
        "getBackgroundColor" => Some(json!(window.background_color().to_hex())),
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
/// `fullscreen`, `alwaysOnTop`, `skipTaskbar`, `parent` (a window id), `modal`, and `webPreferences` (`nodeIntegration`, `contextIsolation`, `sandbox`,
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
        full_screenable: flag("fullscreenable", true),
        always_on_top: flag("alwaysOnTop", false),
        skip_taskbar: flag("skipTaskbar", false),
        // The CLI gives a parent window as its id.
        parent: number("parent").map(|n| n as u32),
        modal: flag("modal", false),
        auto_hide_menu_bar: flag("autoHideMenuBar", false),
        background_color: options
            .get("backgroundColor")
            .and_then(Value::as_str)
            .and_then(cathode::Color::parse),
        icon: options
            .get("icon")
            .and_then(Value::as_str)
            .map(std::path::PathBuf::from),
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
    "autoHideMenuBar",
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
    "fullscreenable",
    "alwaysOnTop",
    "skipTaskbar",
    "parent",
    "modal",
    "backgroundColor",
    "icon",
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

/// The one-line warning for a `BrowserWindow` option that [`ignored_window_options`] listed:
/// why `frame: false` and `transparent: true` cannot be had, "not implemented yet" otherwise;
/// `None` for `frame: true` and `transparent: false`, which are what a window has anyway.
///
/// ```
/// use cathode_remote::electron::ignored_option_warning;
/// let options = serde_json::json!({"frame": false, "kiosk": true, "transparent": false});
/// assert!(ignored_option_warning("frame", &options).unwrap().contains("not possible"));
/// assert!(ignored_option_warning("kiosk", &options).unwrap().contains("not implemented yet"));
/// assert_eq!(ignored_option_warning("transparent", &options), None);
/// ```
pub fn ignored_option_warning(option: &str, options: &Value) -> Option<String> {
    let given = options.get(option);
    let why = match option {
        "frame" if given == Some(&Value::Bool(false)) => {
            "frame: false is not possible: Chromium's app windows always have the window \
             manager's frame (CDP cannot open a frameless one); ignored"
        }
        "transparent" if given == Some(&Value::Bool(true)) => {
            "transparent: true is not possible: Chromium's app windows are opaque (CDP can \
             make only the page's background transparent, not the window); ignored"
        }
        // The defaults: nothing to warn about.
        "frame" | "transparent" => return None,
        _ => {
            return Some(format!(
                "BrowserWindow option '{option}' is not implemented yet; ignored"
            ))
        }
    };
    Some(format!("BrowserWindow option {why}"))
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
    "second-instance",
];

/// The `BrowserWindow` events a JavaScript listener can hear.
pub const WINDOW_EVENTS: &[&str] = &[
    "close",
    "closed",
    "ready-to-show",
    "page-title-updated",
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
    "enter-html-full-screen",
    "leave-html-full-screen",
];

/// The `webContents` events a JavaScript listener can hear.
pub const WEB_CONTENTS_EVENTS: &[&str] = &[
    "dom-ready",
    "did-finish-load",
    "did-fail-load",
    "console-message",
    "render-process-gone",
    "did-start-loading",
    "did-stop-loading",
    "did-start-navigation",
    "did-navigate",
    "did-frame-navigate",
    "did-navigate-in-page",
    "will-navigate",
    "will-redirect",
    "page-title-updated",
    "did-create-window",
    "will-prevent-unload",
    "found-in-page",
    "focus",
    "blur",
    "before-input-event",
    "enter-html-full-screen",
    "leave-html-full-screen",
    "zoom-changed",
];

/// The events of [`WEB_CONTENTS_EVENTS`] (and the window's `page-title-updated` and `close`)
/// whose default a JavaScript listener may prevent: listen with
/// [`on_preventable_web_contents_event`].
pub const PREVENTABLE_EVENTS: &[&str] = &[
    "close",
    "will-navigate",
    "will-redirect",
    "page-title-updated",
    "will-prevent-unload",
    "before-input-event",
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
        "second-instance" => app.on_second_instance(move |instance| {
            listener(vec![
                EventArg::Json(json!(instance.argv)),
                EventArg::Json(json!(instance.working_directory)),
                EventArg::Json(instance.additional_data.clone()),
            ])
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
        "ready-to-show" => window.on_ready_to_show(move || listener(Vec::new())),
        "page-title-updated" => window.on_page_title_updated(move |update| {
            listener(vec![
                EventArg::Json(json!(update.title)),
                EventArg::Json(json!(update.explicit_set)),
            ])
        }),
        "enter-html-full-screen" => window.on_enter_html_full_screen(move || listener(Vec::new())),
        "leave-html-full-screen" => window.on_leave_html_full_screen(move || listener(Vec::new())),
        _ => window.on_window_event(WindowEvent::from_name(name)?, move || listener(Vec::new())),
    })
}

/// Listens to the page's event `name` (one of [`WEB_CONTENTS_EVENTS`]), with Electron's
/// arguments: `did-fail-load` (code, description, URL), `console-message` (level, message, line,
/// source), `render-process-gone` (`{reason, exitCode}`), `did-start-navigation` (URL,
/// isInPlace, isMainFrame), `did-navigate` (URL, httpResponseCode, httpStatusText),
/// `did-frame-navigate` (those and isMainFrame), `did-navigate-in-page` (URL, isMainFrame),
/// `will-navigate` and `will-redirect` (URL, isInPlace, isMainFrame), `page-title-updated`
/// (title, explicitSet), `will-prevent-unload` (none), `found-in-page` (`{requestId,
/// activeMatchOrdinal, matches, selectionArea, finalUpdate}`), `did-create-window` (the window,
/// [`window_open_details`]), `before-input-event` ([`key_input`]), `zoom-changed` (`in` or
/// `out`); `None` for an event cathode does not have. The listener hears the
/// preventable ones after the fact (see [`on_preventable_web_contents_event`]).
pub fn on_web_contents_event(
    contents: &WebContents,
    name: &str,
    listener: impl Fn(Vec<EventArg>) + Send + Sync + 'static,
) -> Option<ListenerId> {
    let plain = |values: Vec<Value>| values.into_iter().map(EventArg::Json).collect();
    Some(match name {
        "dom-ready" => contents.on_dom_ready(move || listener(Vec::new())),
        "focus" => contents.on_focus(move || listener(Vec::new())),
        "blur" => contents.on_blur(move || listener(Vec::new())),
        "did-finish-load" => contents.on_did_finish_load(move || listener(Vec::new())),
        "enter-html-full-screen" => {
            contents.on_enter_html_full_screen(move || listener(Vec::new()))
        }
        "leave-html-full-screen" => {
            contents.on_leave_html_full_screen(move || listener(Vec::new()))
        }
        "zoom-changed" => contents
            .on_zoom_changed(move |direction| listener(plain(vec![json!(direction.name())]))),
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
        "did-start-loading" => contents.on_did_start_loading(move || listener(Vec::new())),
        "did-stop-loading" => contents.on_did_stop_loading(move || listener(Vec::new())),
        "did-start-navigation" => contents.on_did_start_navigation(move |started| {
            listener(plain(vec![
                json!(started.url),
                json!(started.is_in_place),
                json!(started.is_main_frame),
            ]))
        }),
        "did-navigate" => contents
            .on_did_navigate(move |navigated| listener(plain(navigated_args(navigated, false)))),
        "did-frame-navigate" => contents.on_did_frame_navigate(move |navigated| {
            listener(plain(navigated_args(navigated, true)))
        }),
        "did-navigate-in-page" => contents.on_did_navigate_in_page(move |moved| {
            listener(plain(vec![json!(moved.url), json!(moved.is_main_frame)]))
        }),
        "found-in-page" => contents.on_found_in_page(move |found| {
            listener(plain(vec![json!({
                "requestId": found.request_id,
                "activeMatchOrdinal": found.active_match_ordinal,
                "matches": found.matches,
                "selectionArea": found.selection_area,
                "finalUpdate": found.final_update,
            })]))
        }),
        "did-create-window" => contents.on_did_create_window(move |child, details| {
            listener(vec![
                EventArg::Window(child.clone()),
                EventArg::Json(window_open_details(details)),
            ])
        }),
        "will-navigate"
        | "will-redirect"
        | "page-title-updated"
        | "will-prevent-unload"
        | "before-input-event" => {
            return on_preventable_web_contents_event(contents, name, move |args, _| listener(args))
        }
        _ => return None,
    })
}

fn navigated_args(navigated: &Navigated, with_frame: bool) -> Vec<Value> {
    let mut args = vec![
        json!(navigated.url),
        json!(navigated.http_response_code),
        json!(navigated.http_status_text),
    ];
    if with_frame {
        args.push(json!(navigated.is_main_frame));
    }
    args
}

/// Listens to the page's preventable event `name` (one of [`PREVENTABLE_EVENTS`]) with
/// Electron's arguments (see [`on_web_contents_event`]) and a [`Deferral`]: the default waits
/// until the listener decides with it (or drops it), at most the app's sync timeout. For
/// `page-title-updated`, preventing keeps the window's title; `close` is the window's event
/// (no arguments; preventing keeps the window open). `None` for another event.
///
/// ```no_run
/// # fn demo(contents: &cathode::WebContents) {
/// cathode_remote::electron::on_preventable_web_contents_event(
///     contents,
///     "will-navigate",
///     |args, deferral| {
///         let url = args.first();
///         println!("the page wants to go to {url:?}");
///         deferral.prevent_default();
///     },
/// );
/// # }
/// ```
pub fn on_preventable_web_contents_event(
    contents: &WebContents,
    name: &str,
    listener: impl Fn(Vec<EventArg>, Deferral) + Send + Sync + 'static,
) -> Option<ListenerId> {
    let navigation_args = |url: &str| {
        vec![
            EventArg::Json(json!(url)),
            EventArg::Json(json!(false)),
            EventArg::Json(json!(true)),
        ]
    };
    Some(match name {
        "close" => contents
            .window()
            .on_close(move |close| listener(Vec::new(), close.defer())),
        "will-navigate" => contents.on_will_navigate(move |navigation| {
            listener(navigation_args(&navigation.url), navigation.verdict.defer())
        }),
        "will-redirect" => contents.on_will_redirect(move |redirect| {
            listener(navigation_args(&redirect.url), redirect.verdict.defer())
        }),
        "page-title-updated" => contents.on_page_title_updated(move |update| {
            let args = vec![
                EventArg::Json(json!(update.title)),
                EventArg::Json(json!(update.explicit_set)),
            ];
            listener(args, update.verdict.defer())
        }),
        "will-prevent-unload" => {
            contents.on_will_prevent_unload(move |verdict| listener(Vec::new(), verdict.defer()))
        }
        "before-input-event" => contents.on_before_input_event(move |event| {
            listener(
                vec![EventArg::Json(key_input(&event.input))],
                event.verdict.defer(),
            )
        }),
        _ => return None,
    })
}

/// `before-input-event`'s `input` as JavaScript sees it: `{type, key, code, isAutoRepeat,
/// isComposing, shift, control, alt, meta, location, modifiers}`.
///
/// ```
/// use cathode::{InputKind, KeyInput};
/// let input = KeyInput {
///     kind: InputKind::KeyDown,
///     key: "q".into(),
///     code: "KeyQ".into(),
///     is_auto_repeat: false,
///     is_composing: false,
///     shift: false,
///     control: true,
///     alt: false,
///     meta: false,
///     location: 0,
///     modifiers: vec!["control".into()],
/// };
/// let json = cathode_remote::electron::key_input(&input);
/// assert_eq!(json["type"], "keyDown");
/// assert_eq!(json["modifiers"][0], "control");
/// ```
pub fn key_input(input: &KeyInput) -> Value {
    json!({
        "type": if input.kind == InputKind::KeyUp { "keyUp" } else { "keyDown" },
        "key": input.key,
        "code": input.code,
        "isAutoRepeat": input.is_auto_repeat,
        "isComposing": input.is_composing,
        "shift": input.shift,
        "control": input.control,
        "alt": input.alt,
        "meta": input.meta,
        "location": input.location,
        "modifiers": input.modifiers,
    })
}

/// Electron's window-open handler details as JavaScript sees them: `{url, frameName, features,
/// disposition, referrer: {url, policy}, postBody}` (`postBody` is always undefined: the
/// browser does not report it).
///
/// ```
/// let details = cathode::WindowOpenDetails {
///     url: "https://example.com/".into(),
///     frame_name: "child".into(),
///     features: "width=300".into(),
///     disposition: cathode::WindowOpenDisposition::NewWindow,
///     referrer: "file:///app/index.html".into(),
/// };
/// let json = cathode_remote::electron::window_open_details(&details);
/// assert_eq!(json["frameName"], "child");
/// assert_eq!(json["referrer"]["url"], "file:///app/index.html");
/// ```
pub fn window_open_details(details: &WindowOpenDetails) -> Value {
    let mut json = serde_json::to_value(details).unwrap_or_default();
    json["referrer"] =
        json!({"url": details.referrer, "policy": "strict-origin-when-cross-origin"});
    json
}

/// What a JavaScript window-open handler returned, read as Electron reads it: `{action:
/// 'deny'}` or `{action: 'allow', overrideBrowserWindowOptions, outlivesOpener}` (options read as
/// [`window_options`] reads them, with `defaults` for the preferences they leave out). Anything
/// else is an error that says what was wrong (the window is then denied).
///
/// ```
/// use cathode::{WebPreferences, WindowOpenAction};
/// use cathode_remote::electron::window_open_action;
/// let defaults = WebPreferences::default();
/// let allow = serde_json::json!({"action": "allow", "overrideBrowserWindowOptions": {"width": 300}});
/// assert!(matches!(window_open_action(&allow, &defaults), Ok(WindowOpenAction::Allow { options: Some(o), .. }) if o.width == 300));
/// assert!(window_open_action(&serde_json::json!({"action": "maybe"}), &defaults).is_err());
/// ```
pub fn window_open_action(
    value: &Value,
    defaults: &WebPreferences,
) -> std::result::Result<WindowOpenAction, String> {
    match value.get("action").and_then(Value::as_str) {
        Some("deny") => Ok(WindowOpenAction::Deny),
        Some("allow") => Ok(WindowOpenAction::Allow {
            options: value
                .get("overrideBrowserWindowOptions")
                .filter(|options| options.is_object())
                .map(|options| window_options(options, defaults)),
            outlives_opener: value
                .get("outlivesOpener")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }),
        _ => Err(format!(
            "the window-open handler must return {{action: 'deny'}} or {{action: 'allow'}}, not {value}"
        )),
    }
}

/// `process.platform` as Node names it.
pub fn node_platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}
