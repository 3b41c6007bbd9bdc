//! `require('electron')`'s desktop modules for main scripts (`shell`, `clipboard`, `dialog`,
//! `Notification`, `nativeTheme`, `screen`, `powerSaveBlocker`, `nativeImage`, and `app`'s
//! locale and name) over the `cathode-desktop` crate.
//!
//! `js/desktop.js` adds them to the module `electron.js` built. Asynchronous calls get a token
//! and are settled, and notification and theme events delivered, by jobs posted to the
//! JavaScript thread that call the dispatcher `desktop.js` returns. `screen` is answered from
//! the display the last loaded page reported (each window's page is asked when it finishes
//! loading), since Electron's `screen` calls are synchronous and a page's answer is not; before
//! that, from the X server's screen where there is one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use cathode::sync::lock;
use cathode::App;
use cathode_desktop::clipboard::{self, Image};
use cathode_desktop::dialog::{self, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions};
use cathode_desktop::notification::{self, Notification, NotificationEvent, NotificationOptions};
use cathode_desktop::power::{BlockerKind, PowerSaveBlocker};
use cathode_desktop::protocol;
use cathode_desktop::screen::{self, Display};
use cathode_desktop::theme::{NativeTheme, ThemeSource};
use rquickjs::context::EvalOptions;
use rquickjs::{Ctx, Exception, Function, Object, Value};
use serde_json::{json, Value as Json};

use crate::bytes::{new_bytes, with_bytes};
use crate::host::require;
use crate::JsHandle;

/// The global under which `desktop.js`'s dispatcher is reachable from posted jobs.
const DISPATCHER: &str = "__cathodeDesktopDispatch";

/// What the natives share with cathode's tasks.
struct Desktop {
    app: App,
    handle: JsHandle,
    notifications: Mutex<HashMap<u32, Notification>>,
    /// The display the last page that finished loading reported.
    display: Mutex<Option<Display>>,
    cursor_warned: AtomicBool,
}

impl Desktop {
    /// Calls `desktop.js`'s dispatcher on the JavaScript thread.
    fn dispatch(&self, kind: &'static str, id: f64, name: impl Into<String>, data: Json) {
        let name = name.into();
        let json = data.to_string();
        let posted = self.handle.post(move |ctx| {
            let dispatcher: Value = ctx.globals().get(DISPATCHER)?;
            match dispatcher.as_function() {
                Some(dispatch) => dispatch.call::<_, ()>((kind, id, name, json)),
                None => Ok(()),
            }
        });
        if posted.is_err() {
            tracing::debug!(kind, "the JavaScript loop has ended; desktop event dropped");
        }
    }

    /// Runs an asynchronous call; its outcome settles `token` (a JSON value or an error's text).
    fn call(self: &Arc<Self>, token: f64, op: String, args: Vec<Json>) {
        let desktop = Arc::clone(self);
        let alive = self.handle.keep_alive();
        tokio::spawn(async move {
            let text = |index: usize| {
                args.get(index)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let options = |index: usize| args.get(index).cloned().unwrap_or(Json::Null);
            let outcome: Result<Json, String> = match op.as_str() {
                "openExternal" => cathode_desktop::shell::open_external(&text(0))
                    .await
                    .map(|()| Json::Null)
                    .map_err(|error| error.to_string()),
                "openPath" => cathode_desktop::shell::open_path(text(0))
                    .await
                    .map(|()| Json::Null)
                    .map_err(|error| error.to_string()),
                "trashItem" => cathode_desktop::shell::trash_item(text(0))
                    .await
                    .map(|()| Json::Null)
                    .map_err(|error| error.to_string()),
                "showOpenDialog" => match parse::<OpenDialogOptions>(options(0)) {
                    Ok(options) => Ok(json!(dialog::show_open_dialog(options).await)),
                    Err(error) => Err(error),
                },
                "showSaveDialog" => match parse::<SaveDialogOptions>(options(0)) {
                    Ok(options) => Ok(json!(dialog::show_save_dialog(options).await)),
                    Err(error) => Err(error),
                },
                "showMessageBox" => match parse::<MessageBoxOptions>(options(0)) {
                    Ok(options) => Ok(json!(dialog::show_message_box(options).await)),
                    Err(error) => Err(error),
                },
                other => Err(format!("unknown desktop call '{other}'")),
            };
            let (name, data) = match outcome {
                Ok(value) => ("ok", value),
                Err(message) => ("error", Json::String(message)),
            };
            desktop.dispatch("settle", token, name, data);
            drop(alive);
        });
    }

    fn show_notification(self: &Arc<Self>, id: u32, options: NotificationOptions) {
        let note = Notification::new(options);
        lock(&self.notifications).insert(id, note.clone());
        let desktop = Arc::clone(self);
        let app_name = self.app.name();
        tokio::spawn(async move {
            let events = Arc::clone(&desktop);
            let shown = note
                .show(&app_name, move |event| {
                    let (name, data) = match event {
                        NotificationEvent::Click => ("click", json!([])),
                        NotificationEvent::Action(index) => ("action", json!([index])),
                        NotificationEvent::Close => {
                            lock(&events.notifications).remove(&id);
                            ("close", json!([]))
                        }
                    };
                    events.dispatch("notification", f64::from(id), name, data);
                })
                .await;
            match shown {
                Ok(()) => desktop.dispatch("notification", f64::from(id), "show", json!([])),
                Err(error) => {
                    lock(&desktop.notifications).remove(&id);
                    let data = json!([error.to_string()]);
                    desktop.dispatch("notification", f64::from(id), "failed", data);
                }
            }
        });
    }

    /// Asks each window's page, when it finishes loading, which display it is on.
    fn follow_displays(self: &Arc<Self>) {
        let desktop = Arc::clone(self);
        self.app.on_browser_window_created(move |window| {
            let contents = window.web_contents();
            let desktop = Arc::clone(&desktop);
            let asked = contents.clone();
            contents.on_did_finish_load(move || {
                let desktop = Arc::clone(&desktop);
                let contents = asked.clone();
                tokio::spawn(async move {
                    match screen::primary_display(&contents).await {
                        Ok(display) => *lock(&desktop.display) = Some(display),
                        Err(error) => tracing::debug!(%error, "screen: the page was not asked"),
                    }
                });
            });
        });
    }
}

/// Options from JavaScript, or the error that says what was wrong with them.
fn parse<T: serde::de::DeserializeOwned + Default>(value: Json) -> Result<T, String> {
    if value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(value).map_err(|error| format!("invalid options: {error}"))
}

fn throw(ctx: &Ctx<'_>, error: impl std::fmt::Display) -> rquickjs::Error {
    Exception::throw_message(ctx, &error.to_string())
}

fn set_function<'js, F, P>(
    object: &Object<'js>,
    ctx: &Ctx<'js>,
    name: &str,
    f: F,
) -> rquickjs::Result<()>
where
    F: rquickjs::function::IntoJsFunc<'js, P> + 'js,
{
    object.set(name, Function::new(ctx.clone(), f)?)
}

/// Adds the desktop modules to `electron`, the exports `electron.js` made, for scripts of the
/// app `app` run by the host behind `handle`.
pub(crate) fn extend<'js>(
    ctx: &Ctx<'js>,
    app: &App,
    handle: &JsHandle,
    electron: &Value<'js>,
) -> rquickjs::Result<()> {
    let desktop = Arc::new(Desktop {
        app: app.clone(),
        handle: handle.clone(),
        notifications: Mutex::new(HashMap::new()),
        display: Mutex::new(None),
        cursor_warned: AtomicBool::new(false),
    });
    desktop.follow_displays();
    let native = Object::new(ctx.clone())?;

    let d = Arc::clone(&desktop);
    set_function(
        &native,
        ctx,
        "call",
        move |token: f64, op: String, args: String| {
            d.call(token, op, serde_json::from_str(&args).unwrap_or_default())
        },
    )?;
    set_function(&native, ctx, "showItemInFolder", |path: String| {
        tokio::spawn(async move {
            if let Err(error) = cathode_desktop::shell::show_item_in_folder(&path).await {
                tracing::warn!(%error, "shell.showItemInFolder");
            }
        });
    })?;

    // dialog: the Sync forms block this thread until the dialog closes, as Electron's do.
    set_function(
        &native,
        ctx,
        "showOpenDialogSync",
        |ctx: Ctx<'_>, options: String| {
            let options =
                parse::<OpenDialogOptions>(serde_json::from_str(&options).unwrap_or_default())
                    .map_err(|error| throw(&ctx, error))?;
            Ok::<_, rquickjs::Error>(json!(dialog::show_open_dialog_blocking(&options)).to_string())
        },
    )?;
    set_function(
        &native,
        ctx,
        "showSaveDialogSync",
        |ctx: Ctx<'_>, options: String| {
            let options =
                parse::<SaveDialogOptions>(serde_json::from_str(&options).unwrap_or_default())
                    .map_err(|error| throw(&ctx, error))?;
            Ok::<_, rquickjs::Error>(json!(dialog::show_save_dialog_blocking(&options)).to_string())
        },
    )?;
    set_function(
        &native,
        ctx,
        "showMessageBoxSync",
        |ctx: Ctx<'_>, options: String| {
            let options =
                parse::<MessageBoxOptions>(serde_json::from_str(&options).unwrap_or_default())
                    .map_err(|error| throw(&ctx, error))?;
            Ok::<_, rquickjs::Error>(json!(dialog::show_message_box_blocking(&options)).to_string())
        },
    )?;
    set_function(
        &native,
        ctx,
        "showErrorBox",
        |title: String, content: String| dialog::show_error_box(&title, &content),
    )?;

    // clipboard
    set_function(&native, ctx, "readText", |ctx: Ctx<'_>| {
        clipboard::read_text().map_err(|error| throw(&ctx, error))
    })?;
    set_function(&native, ctx, "writeText", |ctx: Ctx<'_>, text: String| {
        clipboard::write_text(&text).map_err(|error| throw(&ctx, error))
    })?;
    set_function(&native, ctx, "readHTML", |ctx: Ctx<'_>| {
        clipboard::read_html().map_err(|error| throw(&ctx, error))
    })?;
    set_function(
        &native,
        ctx,
        "writeHTML",
        |ctx: Ctx<'_>, html: String, text: Option<String>| {
            clipboard::write_html(&html, text.as_deref()).map_err(|error| throw(&ctx, error))
        },
    )?;
    set_function(
        &native,
        ctx,
        "readImage",
        |ctx: Ctx<'js>| -> rquickjs::Result<Value<'js>> {
            match clipboard::read_image().map_err(|error| throw(&ctx, error))? {
                Some(image) => {
                    let png = image.to_png().map_err(|error| throw(&ctx, error))?;
                    new_bytes(&ctx, png)
                }
                None => Ok(Value::new_null(ctx.clone())),
            }
        },
    )?;
    set_function(
        &native,
        ctx,
        "writeImage",
        |ctx: Ctx<'js>, png: Value<'js>| {
            let image =
                with_bytes(&ctx, &png, Image::from_png)?.map_err(|error| throw(&ctx, error))?;
            clipboard::write_image(&image).map_err(|error| throw(&ctx, error))
        },
    )?;
    set_function(&native, ctx, "clear", |ctx: Ctx<'_>| {
        clipboard::clear().map_err(|error| throw(&ctx, error))
    })?;
    set_function(&native, ctx, "availableFormats", |ctx: Ctx<'_>| {
        clipboard::available_formats().map_err(|error| throw(&ctx, error))
    })?;
    set_function(
        &native,
        ctx,
        "imageSize",
        |ctx: Ctx<'js>, png: Value<'js>| {
            let image =
                with_bytes(&ctx, &png, Image::from_png)?.map_err(|error| throw(&ctx, error))?;
            Ok::<_, rquickjs::Error>(vec![image.width, image.height])
        },
    )?;

    // Notification
    set_function(
        &native,
        ctx,
        "notificationIsSupported",
        notification::is_supported_blocking,
    )?;
    let d = Arc::clone(&desktop);
    set_function(
        &native,
        ctx,
        "notificationShow",
        move |ctx: Ctx<'_>, id: u32, options: String| {
            let options =
                parse::<NotificationOptions>(serde_json::from_str(&options).unwrap_or_default())
                    .map_err(|error| throw(&ctx, error))?;
            d.show_notification(id, options);
            Ok::<_, rquickjs::Error>(())
        },
    )?;
    let d = Arc::clone(&desktop);
    set_function(&native, ctx, "notificationClose", move |id: u32| {
        if let Some(note) = lock(&d.notifications).get(&id).cloned() {
            tokio::spawn(async move { note.close().await });
        }
    })?;

    // nativeTheme
    let theme = NativeTheme::of(app);
    let d = Arc::clone(&desktop);
    theme.on_updated(move |_| d.dispatch("theme", 0.0, "updated", Json::Null));
    let t = Arc::clone(&theme);
    set_function(&native, ctx, "theme", move || {
        json!({"source": t.theme_source().as_str(), "dark": t.should_use_dark_colors()}).to_string()
    })?;
    set_function(
        &native,
        ctx,
        "setThemeSource",
        move |ctx: Ctx<'_>, name: String| {
            let source = ThemeSource::from_name(&name).ok_or_else(|| {
                Exception::throw_type(
                    &ctx,
                    &format!("themeSource must be 'system', 'light' or 'dark', not '{name}'"),
                )
            })?;
            theme.set_theme_source(source);
            Ok::<_, rquickjs::Error>(())
        },
    )?;

    // screen
    let d = Arc::clone(&desktop);
    set_function(&native, ctx, "display", move || {
        let known = lock(&d.display).clone();
        known
            .or_else(|| screen::x11_display().ok())
            .map(|display| json!(display).to_string())
    })?;
    let d = Arc::clone(&desktop);
    set_function(
        &native,
        ctx,
        "cursor",
        move || match screen::cursor_screen_point() {
            Ok(point) => vec![point.x, point.y],
            Err(error) => {
                if !d.cursor_warned.swap(true, Ordering::Relaxed) {
                    eprintln!("cathode: screen.getCursorScreenPoint() answers (0, 0): {error}");
                }
                vec![0, 0]
            }
        },
    )?;

    // app, powerSaveBlocker
    set_function(&native, ctx, "locale", cathode_desktop::app::locale)?;
    let a = app.clone();
    set_function(&native, ctx, "relaunch", move |command: String| {
        a.relaunch(serde_json::from_str(&command).unwrap_or_default())
    })?;
    set_function(
        &native,
        ctx,
        "protocolSet",
        move |name: String, scheme: String, command: String| {
            let command: Vec<String> = serde_json::from_str(&command).unwrap_or_default();
            protocol::set_as_default_protocol_client(&name, &scheme, &command)
                .map_err(|error| {
                    eprintln!("cathode: setAsDefaultProtocolClient('{scheme}'): {error}")
                })
                .is_ok()
        },
    )?;
    set_function(
        &native,
        ctx,
        "protocolIs",
        |name: String, scheme: String| protocol::is_default_protocol_client(&name, &scheme),
    )?;
    set_function(
        &native,
        ctx,
        "protocolRemove",
        |name: String, scheme: String| {
            protocol::remove_as_default_protocol_client(&name, &scheme).unwrap_or_else(|error| {
                eprintln!("cathode: removeAsDefaultProtocolClient('{scheme}'): {error}");
                false
            })
        },
    )?;
    let blocker = PowerSaveBlocker::of(app);
    let b = Arc::clone(&blocker);
    set_function(
        &native,
        ctx,
        "powerStart",
        move |ctx: Ctx<'_>, kind: String| {
            let kind = BlockerKind::from_name(&kind).ok_or_else(|| {
                Exception::throw_type(
                    &ctx,
                    &format!("powerSaveBlocker.start: unknown type '{kind}'"),
                )
            })?;
            Ok::<_, rquickjs::Error>(b.start(kind, "requested by the app"))
        },
    )?;
    let b = Arc::clone(&blocker);
    set_function(&native, ctx, "powerStop", move |id: u32| b.stop(id))?;
    set_function(&native, ctx, "powerIsStarted", move |id: u32| {
        blocker.is_started(id)
    })?;

    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = true;
    options.filename = Some("node:electron/desktop".into());
    let create: Function = ctx.eval_with_options(include_str!("js/desktop.js"), options)?;
    let dispatch: Value = create.call((
        native,
        electron.clone(),
        require(ctx, "events")?,
        require(ctx, "fs")?,
    ))?;
    ctx.globals().set(DISPATCHER, dispatch)
}
