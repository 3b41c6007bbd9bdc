//! The built-in remote objects: `app`, the `BrowserWindow` class and its instances, and
//! `webContents`.

use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};

use super::registry::Cleanup;
use super::{
    fail, ready, RemoteCall, RemoteCallback, RemoteError, RemoteFuture, RemoteObject,
    RemoteObjectBuilder, RemoteValue,
};
use crate::app::App;
use crate::listeners::ListenerId;
use crate::web_contents::{LoadFailure, WebContents};
use crate::window::{BrowserWindow, WindowOptions};

/// Forwards an event to a page function; unsubscribes when the page is gone or after a `once`.
struct Forward {
    callback: RemoteCallback,
    once: bool,
    listener: OnceLock<ListenerId>,
}

impl Forward {
    fn new(callback: RemoteCallback, once: bool) -> Arc<Forward> {
        Arc::new(Forward {
            callback,
            once,
            listener: OnceLock::new(),
        })
    }

    fn deliver(&self, args: Vec<RemoteValue>, remove: impl FnOnce(ListenerId)) {
        let delivered = self.callback.call(args).is_ok();
        if !delivered || self.once {
            if let Some(&id) = self.listener.get() {
                remove(id);
            }
        }
    }
}

fn event_object() -> RemoteValue {
    RemoteValue::Json(json!({}))
}

/// `(eventName, callback)` from a page's `on` / `once` call.
fn subscription(args: Vec<RemoteValue>) -> Result<(String, RemoteCallback), RemoteError> {
    let mut args = args.into_iter();
    let name = match args.next() {
        Some(RemoteValue::Json(Value::String(name))) => name,
        _ => return Err(RemoteError::type_error("the event name must be a string")),
    };
    match args.next() {
        Some(RemoteValue::Callback(callback)) => Ok((name, callback)),
        _ => Err(RemoteError::type_error("the listener must be a function")),
    }
}

fn json_arg(args: &[RemoteValue], index: usize) -> Value {
    args.get(index)
        .and_then(RemoteValue::to_json)
        .unwrap_or(Value::Null)
}

/// A whole number from a page that fits `T`; anything else is a `RangeError` naming `what`,
/// never a silently wrapped number.
fn int_arg<T: TryFrom<i64>>(value: &Value, what: &str) -> Result<T, RemoteError> {
    value
        .as_i64()
        .and_then(|number| T::try_from(number).ok())
        .ok_or_else(|| RemoteError {
            name: "RangeError".into(),
            message: format!("the {what} must be a whole number in range, got {value}"),
        })
}

fn done() -> RemoteFuture {
    ready(RemoteValue::Undefined)
}

fn value(value: impl serde::Serialize) -> RemoteFuture {
    Box::pin(std::future::ready(RemoteValue::json(value)))
}

fn promise(
    future: impl std::future::Future<Output = Result<RemoteValue, RemoteError>> + Send + 'static,
) -> RemoteFuture {
    ready(RemoteValue::Promise(Box::pin(future)))
}

fn listen_builder(
    builder: RemoteObjectBuilder,
    subscribe: impl Fn(&str, Arc<Forward>) -> Result<Cleanup, RemoteError> + Send + Sync + 'static,
) -> RemoteObjectBuilder {
    let subscribe = Arc::new(subscribe);
    let listen = move |once: bool| {
        let subscribe = Arc::clone(&subscribe);
        move |call: &RemoteCall, args: Vec<RemoteValue>| {
            let subscribed = subscription(args)
                .and_then(|(name, callback)| subscribe(&name, Forward::new(callback, once)));
            match subscribed {
                Ok(unsubscribe) => {
                    // The listener goes when the page's document does.
                    call.sender().on_remote_reset(unsubscribe);
                    done()
                }
                Err(error) => fail(error),
            }
        }
    };
    builder
        .raw_method("on", listen(false))
        .raw_method("once", listen(true))
}

fn unknown_event(kind: &str, name: &str) -> RemoteError {
    RemoteError::new(format!("{kind} has no event '{name}' for remote listeners"))
}

/// `remote.app`.
pub(crate) fn app_object(app: &App) -> Arc<dyn RemoteObject> {
    let identity = Arc::as_ptr(&app.shared) as usize;
    let (quit, exit, ready_app) = (app.clone(), app.clone(), app.clone());
    let (name_app, version_app) = (app.clone(), app.clone());
    let builder = RemoteObjectBuilder::new("App")
        .identity(identity)
        .raw_method("quit", move |_call, _args| {
            quit.quit();
            done()
        })
        .raw_method("exit", move |_call, args| {
            let code = match json_arg(&args, 0) {
                Value::Null => 0,
                code => match int_arg::<i32>(&code, "exit code") {
                    Ok(code) => code,
                    Err(error) => return fail(error),
                },
            };
            exit.exit(code);
            done()
        })
        .raw_method("isReady", move |_call, _args| value(ready_app.is_ready()))
        .raw_method("whenReady", |call, _args| {
            let app = call.app().clone();
            promise(async move {
                app.when_ready().await;
                Ok(RemoteValue::Undefined)
            })
        })
        .raw_method("getName", move |_call, _args| value(name_app.name()))
        .raw_method("getVersion", move |_call, _args| {
            value(version_app.version())
        });
    let app = app.clone();
    listen_builder(builder, move |name, forward| {
        let target = Arc::downgrade(&app.shared);
        let remove = move |id| {
            if let Some(shared) = target.upgrade() {
                App::from_shared(shared).remove_listener(id);
            }
        };
        let id = match name {
            "ready" => app.on_ready({
                let (forward, remove) = (forward.clone(), remove.clone());
                move || forward.deliver(vec![event_object()], remove.clone())
            }),
            "window-all-closed" => app.on_window_all_closed({
                let (forward, remove) = (forward.clone(), remove.clone());
                move || forward.deliver(vec![event_object()], remove.clone())
            }),
            "before-quit" => app.on_before_quit({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |_| forward.deliver(vec![event_object()], remove.clone())
            }),
            "will-quit" => app.on_will_quit({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |_| forward.deliver(vec![event_object()], remove.clone())
            }),
            "quit" => app.on_quit({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |code| {
                    let args = vec![event_object(), RemoteValue::Json(json!(code))];
                    forward.deliver(args, remove.clone())
                }
            }),
            "browser-window-created" => app.on_browser_window_created({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |window| {
                    let args = vec![event_object(), RemoteValue::Object(window_object(window))];
                    forward.deliver(args, remove.clone())
                }
            }),
            other => return Err(unknown_event("app", other)),
        };
        let _ = forward.listener.set(id);
        Ok(Box::new(move || remove(id)))
    })
    .build()
}

fn window_list(windows: Vec<BrowserWindow>) -> RemoteValue {
    RemoteValue::Array(
        windows
            .iter()
            .map(|window| RemoteValue::Object(window_object(window)))
            .collect(),
    )
}

fn optional_window(window: Option<BrowserWindow>) -> RemoteFuture {
    ready(match window {
        Some(window) => RemoteValue::Object(window_object(&window)),
        None => RemoteValue::Json(Value::Null),
    })
}

/// `remote.BrowserWindow`: the class, with its statics.
pub(crate) fn browser_window_class(app: &App) -> Arc<dyn RemoteObject> {
    let identity = Arc::as_ptr(&app.shared) as usize + 1;
    RemoteObjectBuilder::new("BrowserWindow")
        .identity(identity)
        .constructor(|call, args| {
            let app = call.app().clone();
            // The same defaults as a window the main process makes, as in Electron.
            let options = WindowOptions::from_electron_options(
                &json_arg(&args, 0),
                &app.default_web_preferences(),
            );
            Box::pin(async move {
                let window = BrowserWindow::new(&app, options).await?;
                Ok(RemoteValue::Object(window_object(&window)))
            })
        })
        .callable(|_call, _args| {
            fail(RemoteError::type_error(
                "Class constructor BrowserWindow cannot be invoked without 'new'",
            ))
        })
        .raw_method("getAllWindows", |call, _args| {
            ready(window_list(BrowserWindow::get_all_windows(call.app())))
        })
        .raw_method("fromId", |call, args| {
            match int_arg::<u32>(&json_arg(&args, 0), "window id") {
                Ok(id) => optional_window(BrowserWindow::from_id(call.app(), id)),
                Err(error) => fail(error),
            }
        })
        .raw_method("getFocusedWindow", |call, _args| {
            optional_window(BrowserWindow::get_focused_window(call.app()))
        })
        .raw_method("fromWebContents", |call, args| match args.first() {
            Some(RemoteValue::Object(object)) => {
                let found = BrowserWindow::get_all_windows(call.app())
                    .into_iter()
                    .find(|window| contents_identity(window) == object.identity());
                optional_window(found)
            }
            _ => optional_window(None),
        })
        .build()
}

fn contents_identity(window: &BrowserWindow) -> usize {
    window.shared_ptr() + 1
}

/// How a page gets a method's result: directly, or as a promise it can await.
#[derive(Clone, Copy)]
enum Answer {
    Value,
    Promise,
}

/// A remote method that runs [`BrowserWindow::call_method`] with the page's (plain) arguments.
fn method_call(
    window: &BrowserWindow,
    name: &'static str,
    answer: Answer,
) -> impl Fn(&RemoteCall, Vec<RemoteValue>) -> RemoteFuture + Send + Sync + 'static {
    let window = window.clone();
    move |_call, args| {
        let Some(args) = args
            .iter()
            .map(RemoteValue::to_json)
            .collect::<Option<Vec<_>>>()
        else {
            return fail(RemoteError::type_error(format!(
                "BrowserWindow.{name} takes plain data only"
            )));
        };
        let window = window.clone();
        let running = async move {
            Ok(match window.call_method(name, &args).await? {
                Some(result) => RemoteValue::Json(result),
                None => RemoteValue::Undefined,
            })
        };
        match answer {
            Answer::Value => Box::pin(running),
            Answer::Promise => promise(running),
        }
    }
}

/// A `BrowserWindow` instance.
pub(crate) fn window_object(window: &BrowserWindow) -> Arc<dyn RemoteObject> {
    let id = window.id();
    let contents = window.web_contents();
    let (title, destroyed, visible) = (window.clone(), window.clone(), window.clone());
    let mut builder = RemoteObjectBuilder::new("BrowserWindow")
        .identity(window.shared_ptr())
        .property("id", move || id)
        .raw_property("webContents", move |_call| {
            ready(RemoteValue::Object(web_contents_object(&contents)))
        })
        .raw_method("getTitle", move |_call, _args| value(title.title()))
        .raw_method("isDestroyed", move |_call, _args| {
            value(destroyed.is_destroyed())
        })
        .raw_method("isVisible", move |_call, _args| value(visible.is_visible()));
    for name in ["loadURL", "loadFile"] {
        builder = builder.raw_method(name, method_call(window, name, Answer::Promise));
    }
    for name in [
        "close",
        "destroy",
        "setTitle",
        "getBounds",
        "setBounds",
        "show",
        "hide",
        "focus",
    ] {
        builder = builder.raw_method(name, method_call(window, name, Answer::Value));
    }
    let window = window.clone();
    listen_builder(builder, move |name, forward| {
        let target = window.downgrade();
        let remove = move |id| {
            if let Some(window) = BrowserWindow::upgrade(&target) {
                window.remove_listener(id);
            }
        };
        let id = match name {
            "close" => window.on_close({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |_| forward.deliver(vec![event_object()], remove.clone())
            }),
            "closed" => window.on_closed({
                let (forward, remove) = (forward.clone(), remove.clone());
                move || forward.deliver(vec![event_object()], remove.clone())
            }),
            other => return Err(unknown_event("BrowserWindow", other)),
        };
        let _ = forward.listener.set(id);
        Ok(Box::new(move || remove(id)))
    })
    .build()
}

/// A window's `webContents`.
pub(crate) fn web_contents_object(contents: &WebContents) -> Arc<dyn RemoteObject> {
    let handle = contents.clone();
    let method = move |f: fn(&WebContents, Vec<RemoteValue>) -> RemoteFuture| {
        let contents = handle.clone();
        move |_call: &RemoteCall, args: Vec<RemoteValue>| f(&contents, args)
    };
    let id = contents.id();
    let window = contents.window();
    let mut builder = RemoteObjectBuilder::new("WebContents")
        .identity(window.shared_ptr() + 1)
        .property("id", move || id)
        .raw_method(
            "send",
            method(|contents, args| {
                let mut args = args.into_iter();
                let channel = match args.next().and_then(|arg| arg.to_json()) {
                    Some(Value::String(channel)) => channel,
                    _ => return fail(RemoteError::type_error("the channel must be a string")),
                };
                let values: Option<Vec<Value>> = args.map(|arg| arg.to_json()).collect();
                match values {
                    Some(values) => match contents.send(&channel, values) {
                        Ok(()) => done(),
                        Err(error) => fail(error.into()),
                    },
                    None => fail(RemoteError::type_error("send carries plain data only")),
                }
            }),
        )
        .raw_method("getURL", method(|contents, _args| value(contents.url())))
        .raw_method(
            "getTitle",
            method(|contents, _args| value(contents.title())),
        )
        .raw_method(
            "isDestroyed",
            method(|contents, _args| value(contents.is_destroyed())),
        )
        // A number, as in Electron: cathode learns the pid when a document commits.
        .raw_method(
            "getOSProcessId",
            method(|contents, _args| {
                let contents = contents.clone();
                Box::pin(async move { RemoteValue::json(contents.os_process_id_for_page().await) })
            }),
        );
    // A promise, as in Electron.
    builder = builder.raw_method(
        "executeJavaScript",
        method_call(&window, "executeJavaScript", Answer::Promise),
    );
    for name in ["reload", "openDevTools"] {
        builder = builder.raw_method(name, method_call(&window, name, Answer::Value));
    }
    let contents = contents.clone();
    listen_builder(builder, move |name, forward| {
        let target = contents.window().downgrade();
        let remove = move |id| {
            if let Some(window) = BrowserWindow::upgrade(&target) {
                window.web_contents().remove_listener(id);
            }
        };
        let plain = |values: Vec<Value>| {
            let mut args = vec![event_object()];
            args.extend(values.into_iter().map(RemoteValue::Json));
            args
        };
        let id = match name {
            "did-finish-load" => contents.on_did_finish_load({
                let (forward, remove) = (forward.clone(), remove.clone());
                move || forward.deliver(vec![event_object()], remove.clone())
            }),
            "dom-ready" => contents.on_dom_ready({
                let (forward, remove) = (forward.clone(), remove.clone());
                move || forward.deliver(vec![event_object()], remove.clone())
            }),
            "did-fail-load" => contents.on_did_fail_load({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |failure: &LoadFailure| {
                    let args = plain(vec![
                        json!(failure.code),
                        json!(failure.description),
                        json!(failure.url),
                    ]);
                    forward.deliver(args, remove.clone())
                }
            }),
            "console-message" => contents.on_console_message({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |message| {
                    let args = plain(vec![
                        json!(message.level as u8),
                        json!(message.message),
                        json!(message.line),
                        json!(message.source),
                    ]);
                    forward.deliver(args, remove.clone())
                }
            }),
            "render-process-gone" => contents.on_render_process_gone({
                let (forward, remove) = (forward.clone(), remove.clone());
                move |gone| {
                    let details =
                        json!({"reason": gone.reason.as_str(), "exitCode": gone.exit_code});
                    forward.deliver(plain(vec![details]), remove.clone())
                }
            }),
            other => return Err(unknown_event("WebContents", other)),
        };
        let _ = forward.listener.set(id);
        Ok(Box::new(move || remove(id)))
    })
    .build()
}

/// `remote.process`: what a page may know of the main process.
pub(crate) fn process_snapshot() -> RemoteValue {
    let env: serde_json::Map<String, Value> = std::env::vars()
        .map(|(key, value)| (key, Value::String(value)))
        .collect();
    RemoteValue::Json(json!({
        "argv": std::env::args().collect::<Vec<_>>(),
        "platform": node_platform(),
        "env": env,
        "versions": {"cathode": env!("CARGO_PKG_VERSION")},
        "pid": std::process::id(),
    }))
}

/// `process.platform` as Node names it.
pub fn node_platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}
