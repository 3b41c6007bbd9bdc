//! The remote module's wire format: values as the page sees them ("meta"), and the requests a
//! page makes.
//!
//! Main to page: `{"type":"value","value":..}`, `{"type":"object","id":3,"name":"BrowserWindow",
//! "members":[{"name":"loadURL","kind":"method"}],"callable":false,"constructible":false}`,
//! `{"type":"promise","id":1}`, `{"type":"callback","id":4}`, `{"type":"array","items":[..]}`,
//! `{"type":"record","entries":{..}}`, `{"type":"buffer","base64":".."}`, `{"type":"date",
//! "value":ms}`, `{"type":"error","name":"Error","message":".."}`, `{"type":"undefined"}`.
//! Page to main: the same plain shapes, plus `{"type":"remote-object","id":3}` (a proxy passed
//! back) and `{"type":"function","id":9,"fn":2}` (a page function; `fn` names the function,
//! `id` this pass of it).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::registry::CallbackHandle;
use super::{
    builtins, fail, MemberKind, RemoteCall, RemoteCallback, RemoteError, RemoteFuture,
    RemoteObject, RemoteValue,
};
use crate::app::App;
use crate::envelope::{Outcome, PageError};
use crate::ipc::{panic_message, CatchUnwind};
use crate::web_contents::WebContents;
use crate::window::WindowShared;

/// The future of a remote request's outcome.
pub(crate) type OutcomeFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Outcome> + Send>>;

/// Describes `value` for the page, handing out ids for objects and promises.
pub(crate) fn to_meta(value: RemoteValue, window: &Arc<WindowShared>, generation: u64) -> Value {
    match value {
        RemoteValue::Undefined => json!({"type": "undefined"}),
        RemoteValue::Json(value) => json!({"type": "value", "value": value}),
        RemoteValue::Bytes(bytes) => {
            json!({"type": "buffer", "base64": cathode_cdp::base64::encode(&bytes)})
        }
        RemoteValue::Date(ms) => json!({"type": "date", "value": ms}),
        RemoteValue::Error(error) => {
            json!({"type": "error", "name": error.name, "message": error.message})
        }
        RemoteValue::Array(items) => json!({
            "type": "array",
            "items": items.into_iter().map(|item| to_meta(item, window, generation)).collect::<Vec<_>>(),
        }),
        RemoteValue::Record(entries) => {
            let entries: Map<String, Value> = entries
                .into_iter()
                .map(|(key, value)| (key, to_meta(value, window, generation)))
                .collect();
            json!({"type": "record", "entries": entries})
        }
        RemoteValue::Object(object) => object_meta(object, window, generation),
        RemoteValue::Callback(callback) => match callback.inner.belongs_to(window) {
            true => json!({"type": "callback", "id": callback.id()}),
            // Another page's function means nothing here.
            false => json!({"type": "undefined"}),
        },
        RemoteValue::Promise(future) => promise_meta(future, window, generation),
    }
}

fn object_meta(
    object: Arc<dyn RemoteObject>,
    window: &Arc<WindowShared>,
    generation: u64,
) -> Value {
    let members: Vec<Value> = object
        .members()
        .into_iter()
        .map(|member| match member.kind {
            MemberKind::Method => json!({"name": member.name, "kind": "method"}),
            MemberKind::Property { writable } => {
                json!({"name": member.name, "kind": "property", "writable": writable})
            }
        })
        .collect();
    let (name, callable, constructible) = (
        object.type_name(),
        object.is_callable(),
        object.is_constructible(),
    );
    match window.remote.hand_out(generation, object) {
        Some(id) => json!({
            "type": "object",
            "id": id,
            "name": name,
            "members": members,
            "callable": callable,
            "constructible": constructible,
        }),
        None => json!({"type": "undefined"}),
    }
}

fn promise_meta(future: RemoteFuture, window: &Arc<WindowShared>, generation: u64) -> Value {
    let id = window.remote.next_promise_id();
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::debug!(
            window_id = window.id,
            "no runtime to settle a remote promise on"
        );
        return json!({"type": "undefined"});
    };
    let window = Arc::clone(window);
    runtime.spawn(async move {
        let outcome = future.await;
        if window.remote.generation() != generation {
            tracing::debug!(
                window_id = window.id,
                "dropped a promise result for a page that is gone"
            );
            return;
        }
        let message = match outcome {
            Ok(value) => json!({"v": 1, "kind": "remote-settle", "id": id,
                                "ok": to_meta(value, &window, generation)}),
            Err(error) => json!({"v": 1, "kind": "remote-settle", "id": id,
                                 "error": {"name": error.name, "message": error.message}}),
        };
        let contents = WebContents::from_shared(Arc::clone(&window));
        if let Err(error) = contents.deliver("(remote promise)", &message) {
            tracing::debug!(window_id = window.id, %error, "remote promise result not delivered");
        }
    });
    json!({"type": "promise", "id": id})
}

/// Rebuilds a value the page sent. Every field is checked: this is untrusted input.
pub(crate) fn from_meta(
    meta: &Value,
    window: &Arc<WindowShared>,
    generation: u64,
) -> Result<RemoteValue, RemoteError> {
    let kind = meta
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| RemoteError::type_error("a remote argument has no type"))?;
    let field = |name: &str| {
        meta.get(name)
            .ok_or_else(|| RemoteError::type_error(format!("a '{kind}' argument has no '{name}'")))
    };
    let number = |name: &str| {
        field(name)?.as_u64().ok_or_else(|| {
            RemoteError::type_error(format!("'{name}' of a '{kind}' argument must be an id"))
        })
    };
    Ok(match kind {
        "undefined" => RemoteValue::Undefined,
        "value" => RemoteValue::Json(meta.get("value").cloned().unwrap_or(Value::Null)),
        "date" => RemoteValue::Date(
            field("value")?
                .as_f64()
                .ok_or_else(|| RemoteError::type_error("a date argument must be a number"))?,
        ),
        "buffer" => RemoteValue::Bytes(
            field("base64")?
                .as_str()
                .and_then(cathode_cdp::base64::decode)
                .ok_or_else(|| RemoteError::type_error("a buffer argument must be base64"))?,
        ),
        "error" => RemoteValue::Error(RemoteError {
            name: field("name")?.as_str().unwrap_or("Error").to_string(),
            message: field("message")?.as_str().unwrap_or_default().to_string(),
        }),
        "array" => RemoteValue::Array(
            field("items")?
                .as_array()
                .ok_or_else(|| RemoteError::type_error("array items must be a list"))?
                .iter()
                .map(|item| from_meta(item, window, generation))
                .collect::<Result<_, _>>()?,
        ),
        "record" => RemoteValue::Record(
            field("entries")?
                .as_object()
                .ok_or_else(|| RemoteError::type_error("record entries must be an object"))?
                .iter()
                .map(|(key, value)| Ok((key.clone(), from_meta(value, window, generation)?)))
                .collect::<Result<_, RemoteError>>()?,
        ),
        "remote-object" => RemoteValue::Object(object(window, number("id")?)?),
        "function" => RemoteValue::Callback(RemoteCallback {
            inner: Arc::new(CallbackHandle::new(
                window,
                number("id")?,
                number("fn")?,
                generation,
            )),
        }),
        other => {
            return Err(RemoteError::type_error(format!(
                "unknown remote argument type '{other}'"
            )))
        }
    })
}

fn object(window: &WindowShared, id: u64) -> Result<Arc<dyn RemoteObject>, RemoteError> {
    window.remote.get(id).ok_or_else(|| {
        RemoteError::new(format!(
            "remote object {id} does not exist in the main process (it was released, or belongs to an earlier page)"
        ))
    })
}

fn text_arg(args: &[Value], index: usize, what: &str) -> Result<String, RemoteError> {
    args.get(index)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| RemoteError::type_error(format!("{what} must be a string")))
}

fn id_arg(args: &[Value], index: usize) -> Result<u64, RemoteError> {
    args.get(index)
        .and_then(Value::as_u64)
        .ok_or_else(|| RemoteError::type_error("a remote object id must be a number"))
}

fn list_arg(
    args: &[Value],
    index: usize,
    window: &Arc<WindowShared>,
    generation: u64,
) -> Result<Vec<RemoteValue>, RemoteError> {
    args.get(index)
        .and_then(Value::as_array)
        .ok_or_else(|| RemoteError::type_error("remote call arguments must be a list"))?
        .iter()
        .map(|meta| from_meta(meta, window, generation))
        .collect()
}

fn has_member(object: &dyn RemoteObject, name: &str, wanted: fn(&MemberKind) -> bool) -> bool {
    object
        .members()
        .iter()
        .any(|member| member.name == name && wanted(&member.kind))
}

/// Runs one remote request from a page (`op` with its `args`) and describes its result.
///
/// Objects are application code: a panic while starting or running the request becomes an error
/// for the page, and main goes on.
pub(crate) fn handle_request(
    window: &Arc<WindowShared>,
    op: &str,
    args: &[Value],
) -> OutcomeFuture {
    let window = Arc::clone(window);
    let generation = window.remote.generation();
    let started = catch_unwind(AssertUnwindSafe(|| {
        start_request(&window, generation, op, args)
    }));
    let op = op.to_string();
    Box::pin(async move {
        let result = match started {
            Ok(Ok(running)) => CatchUnwind(running)
                .await
                .unwrap_or_else(|panic| Err(panicked(&op, &panic))),
            Ok(Err(error)) => Err(error),
            Err(panic) => Err(panicked(&op, &panic)),
        };
        match result {
            Ok(value) => Outcome::Ok(to_meta(value, &window, generation)),
            Err(error) => Outcome::Error(PageError {
                message: error.message,
                name: error.name,
                data: None,
            }),
        }
    })
}

fn panicked(op: &str, panic: &Box<dyn std::any::Any + Send>) -> RemoteError {
    let message = panic_message(panic);
    tracing::error!(op, error = %message, "a remote object panicked");
    RemoteError::new(format!("the main process failed in '{op}': {message}"))
}

fn start_request(
    window: &Arc<WindowShared>,
    generation: u64,
    op: &str,
    args: &[Value],
) -> Result<RemoteFuture, RemoteError> {
    if !window.remote_enabled {
        return Err(RemoteError::new(super::DISABLED_MESSAGE));
    }
    let app = App::from_shared(window.app().map_err(RemoteError::from)?);
    let call = RemoteCall {
        sender: WebContents::from_shared(Arc::clone(window)),
        app: app.clone(),
    };
    let object_named = |what: &str, found: Option<RemoteFuture>, name: &str| {
        found
            .ok_or_else(|| RemoteError::new(format!("the main process exposes no {what} '{name}'")))
    };
    let value = |value: RemoteValue| -> RemoteFuture { Box::pin(std::future::ready(Ok(value))) };
    Ok(match op {
        "builtin" => match text_arg(args, 0, "a built-in name")?.as_str() {
            "app" => value(RemoteValue::Object(builtins::app_object(&app))),
            "BrowserWindow" => value(RemoteValue::Object(builtins::browser_window_class(&app))),
            other => return Err(RemoteError::new(format!("no built-in '{other}'"))),
        },
        "current-window" => value(RemoteValue::Object(builtins::window_object(
            &call.sender.window(),
        ))),
        "current-web-contents" => value(RemoteValue::Object(builtins::web_contents_object(
            &call.sender,
        ))),
        "process" => value(builtins::process_snapshot()),
        "get-global" => {
            let name = text_arg(args, 0, "a global name")?;
            object_named("global", app.remote().global(&call, &name), &name)?
        }
        "require" => {
            let name = text_arg(args, 0, "a module name")?;
            object_named("module", app.remote().module(&call, &name), &name)?
        }
        "member-call" => {
            let target = object(window, id_arg(args, 0)?)?;
            let name = text_arg(args, 1, "a method name")?;
            if !has_member(&*target, &name, |kind| *kind == MemberKind::Method) {
                return Err(RemoteError::type_error(format!(
                    "{}.{name} is not a function",
                    target.type_name()
                )));
            }
            let args = list_arg(args, 2, window, generation)?;
            target.call_method(&call, &name, args)
        }
        "member-get" => {
            let target = object(window, id_arg(args, 0)?)?;
            let name = text_arg(args, 1, "a property name")?;
            if !has_member(&*target, &name, |kind| {
                matches!(kind, MemberKind::Property { .. })
            }) {
                return Ok(value(RemoteValue::Undefined));
            }
            target.get(&call, &name)
        }
        "member-set" => {
            let target = object(window, id_arg(args, 0)?)?;
            let name = text_arg(args, 1, "a property name")?;
            if !has_member(&*target, &name, |kind| {
                *kind == MemberKind::Property { writable: true }
            }) {
                return Err(RemoteError::type_error(format!(
                    "Cannot assign to read only property '{name}' of {}",
                    target.type_name()
                )));
            }
            let new_value = args
                .get(2)
                .ok_or_else(|| RemoteError::type_error("no value to assign"))
                .and_then(|meta| from_meta(meta, window, generation))?;
            target.set(&call, &name, new_value)
        }
        "call" => {
            let target = object(window, id_arg(args, 0)?)?;
            let args = list_arg(args, 1, window, generation)?;
            if !target.is_callable() {
                return Ok(fail(RemoteError::type_error(format!(
                    "{} is not a function",
                    target.type_name()
                ))));
            }
            target.call(&call, args)
        }
        "construct" => {
            let target = object(window, id_arg(args, 0)?)?;
            let args = list_arg(args, 1, window, generation)?;
            if !target.is_constructible() {
                return Ok(fail(RemoteError::type_error(format!(
                    "{} is not a constructor",
                    target.type_name()
                ))));
            }
            target.construct(&call, args)
        }
        other => {
            return Err(RemoteError::type_error(format!(
                "unknown remote operation '{other}'"
            )))
        }
    })
}

/// A page released ids whose proxies it collected: `[[id, count], ...]`.
pub(crate) fn release(window: &WindowShared, args: &[Value]) {
    for pair in args {
        match pair.as_array().map(Vec::as_slice) {
            Some([id, count]) if id.is_u64() && count.is_u64() => {
                window
                    .remote
                    .release(id.as_u64().unwrap_or(0), count.as_u64().unwrap_or(0));
            }
            _ => tracing::error!(window_id = window.id, "refused a malformed remote release"),
        }
    }
}
