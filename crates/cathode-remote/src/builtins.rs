//! The built-in remote objects: `app`, the `BrowserWindow` class and its instances, and
//! `webContents`.

use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};

use cathode::{App, BrowserWindow, ListenerId, WebContents};

use crate::electron::{self, EventArg};
use crate::registry::{Cleanup, RemoteRegistry};
use crate::{
    fail, ready, RemoteCall, RemoteCallback, RemoteError, RemoteFuture, RemoteObject,
    RemoteObjectBuilder, RemoteValue,
};

/// Identities of the built-in objects: odd numbers, which no object's address is, so they never
/// collide with the identity of an app's own object (see [`RemoteObject::identity`]).
const APP_IDENTITY: usize = 1;
const WINDOW_CLASS_IDENTITY: usize = 3;

fn window_identity(window_id: u32) -> usize {
    (window_id as usize) * 8 + 5
}

fn contents_identity(window_id: u32) -> usize {
    (window_id as usize) * 8 + 7
}

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
                    RemoteRegistry::of(call.sender()).on_reset(unsubscribe);
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
    let (quit, exit, ready_app) = (app.clone(), app.clone(), app.clone());
    let (name_app, version_app) = (app.clone(), app.clone());
    let builder = RemoteObjectBuilder::new("App")
        .identity(APP_IDENTITY)
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
        let target = app.clone();
        let remove = move |id| {
            target.remove_listener(id);
        };
        forward_event("app", name, forward, remove, |deliver| {
            electron::on_app_event(&app, name, deliver)
        })
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
pub(crate) fn browser_window_class() -> Arc<dyn RemoteObject> {
    RemoteObjectBuilder::new("BrowserWindow")
        .identity(WINDOW_CLASS_IDENTITY)
        .constructor(|call, args| {
            let app = call.app().clone();
            // The same defaults as a window the main process makes, as in Electron.
            let options =
                electron::window_options(&json_arg(&args, 0), &app.default_web_preferences());
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
                    .find(|window| contents_identity(window.id()) == object.identity());
                optional_window(found)
            }
            _ => optional_window(None),
        })
        .build()
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
            Ok(
                match electron::call_window_method(&window, name, &args).await? {
                    Some(result) => RemoteValue::Json(result),
                    None => RemoteValue::Undefined,
                },
            )
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
        .identity(window_identity(id))
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
            if let Some(window) = target.upgrade() {
                window.remove_listener(id);
            }
        };
        forward_event("BrowserWindow", name, forward, remove, |deliver| {
            electron::on_window_event(&window, name, deliver)
        })
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
        .identity(contents_identity(id))
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
                Box::pin(async move {
                    RemoteValue::json(contents.os_process_id_for_sync_caller().await)
                })
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
            if let Some(window) = target.upgrade() {
                window.web_contents().remove_listener(id);
            }
        };
        forward_event("WebContents", name, forward, remove, |deliver| {
            electron::on_web_contents_event(&contents, name, deliver)
        })
    })
    .build()
}

/// Subscribes `forward` to event `name` through `subscribe` (one of the event tables of
/// [`electron`]); the cleanup it returns removes the listener again with `remove`.
fn forward_event<R>(
    kind: &str,
    name: &str,
    forward: Arc<Forward>,
    remove: R,
    subscribe: impl FnOnce(Box<dyn Fn(Vec<EventArg>) + Send + Sync>) -> Option<ListenerId>,
) -> Result<Cleanup, RemoteError>
where
    R: Fn(ListenerId) + Clone + Send + Sync + 'static,
{
    let deliver = {
        let (forward, remove) = (forward.clone(), remove.clone());
        move |args: Vec<EventArg>| forward.deliver(event_args(args), remove.clone())
    };
    let id = subscribe(Box::new(deliver)).ok_or_else(|| unknown_event(kind, name))?;
    let _ = forward.listener.set(id);
    Ok(Box::new(move || remove(id)))
}

/// An event's arguments as the page's listener gets them: the event object, then Electron's.
fn event_args(args: Vec<EventArg>) -> Vec<RemoteValue> {
    std::iter::once(event_object())
        .chain(args.into_iter().map(|arg| match arg {
            EventArg::Json(value) => RemoteValue::Json(value),
            EventArg::Window(window) => RemoteValue::Object(window_object(&window)),
        }))
        .collect()
}

/// `remote.process`: what a page may know of the main process.
pub(crate) fn process_snapshot() -> RemoteValue {
    let env: serde_json::Map<String, Value> = std::env::vars()
        .map(|(key, value)| (key, Value::String(value)))
        .collect();
    RemoteValue::Json(json!({
        "argv": std::env::args().collect::<Vec<_>>(),
        "platform": electron::node_platform(),
        "env": env,
        "versions": {"cathode": env!("CARGO_PKG_VERSION")},
        "pid": std::process::id(),
    }))
}
