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
//!
//! Requests come as envelopes of kind `remote` on the sync path, the channel naming the
//! operation; releases on the async path (channel `release`). Main's messages to the page are of
//! kind `remote` too: `callback` `[id, [meta...]]`, `callback-release` `[id]`, `settle`
//! `[id, {"ok": meta} | {"error": {name, message}}]`.

use std::sync::Arc;

use cathode::{
    Outcome, PageError, PageMessage, RequestFuture, WeakBrowserWindow, WebContents, WebPreferences,
};
use serde_json::{json, Value};

use crate::codec::{decode, encode, References};
use crate::registry::{RemoteRegistry, KIND};
use crate::{
    builtins, fail, MemberKind, RemoteCall, RemoteCallback, RemoteError, RemoteFuture,
    RemoteObject, RemoteValue,
};

/// Whether a window made with `preferences` gives its pages (or its preload)
/// `require('electron').remote`: it enables it, and its page or its preload has the runtime.
pub(crate) fn remote_enabled(preferences: &WebPreferences) -> bool {
    preferences.enable_remote_module && preferences.has_runtime()
}

/// Per-window mark: main enabled the remote module for this window ([`crate::RemoteModule::enable`]).
pub(crate) struct EnabledForWindow;

/// Whether a window's pages may use the remote module now: by its preferences, or because main
/// enabled it for the window.
fn enabled_for(contents: &WebContents) -> bool {
    remote_enabled(&contents.web_preferences()) || contents.state::<EnabledForWindow>().is_some()
}

/// The page's side of the codec: objects become ids in the page's registry, functions and
/// promises ids of the page's.
struct PageReferences<'a> {
    contents: &'a WebContents,
    generation: u64,
}

impl References for PageReferences<'_> {
    fn object(&self, object: Arc<dyn RemoteObject>) -> Result<Value, RemoteError> {
        Ok(object_meta(object, self.contents, self.generation))
    }

    fn callback(&self, callback: RemoteCallback) -> Result<Value, RemoteError> {
        Ok(match callback.inner.belongs_to(self.contents) {
            true => json!({"type": "callback", "id": callback.id()}),
            // Another page's function means nothing here.
            false => json!({"type": "undefined"}),
        })
    }

    fn promise(&self, future: RemoteFuture) -> Result<Value, RemoteError> {
        Ok(promise_meta(future, self.contents, self.generation))
    }

    fn resolve(&self, kind: &str, meta: &Value) -> Result<RemoteValue, RemoteError> {
        let number = |name: &str| {
            meta.get(name).and_then(Value::as_u64).ok_or_else(|| {
                RemoteError::type_error(format!("'{name}' of a '{kind}' argument must be an id"))
            })
        };
        Ok(match kind {
            "remote-object" => RemoteValue::Object(object(self.contents, number("id")?)?),
            "function" => RemoteValue::Callback(RemoteCallback {
                inner: Arc::new(CallbackHandle::new(
                    self.contents,
                    number("id")?,
                    number("fn")?,
                    self.generation,
                )),
            }),
            other => {
                return Err(RemoteError::type_error(format!(
                    "unknown remote argument type '{other}'"
                )))
            }
        })
    }
}

/// Describes `value` for the page, handing out ids for objects and promises.
pub(crate) fn to_meta(value: RemoteValue, contents: &WebContents, generation: u64) -> Value {
    let references = PageReferences {
        contents,
        generation,
    };
    // The page's side takes every value: nothing here fails.
    encode(value, &references).unwrap_or_else(|error| {
        tracing::error!(%error, "a value could not be described for the page");
        json!({"type": "undefined"})
    })
}

fn object_meta(object: Arc<dyn RemoteObject>, contents: &WebContents, generation: u64) -> Value {
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
    match RemoteRegistry::of(contents).hand_out(generation, object) {
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

fn promise_meta(future: RemoteFuture, contents: &WebContents, generation: u64) -> Value {
    let id = RemoteRegistry::of(contents).next_promise_id();
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::debug!(
            window_id = contents.id(),
            "no runtime to settle a remote promise on"
        );
        return json!({"type": "undefined"});
    };
    let contents = contents.clone();
    runtime.spawn(async move {
        let outcome = future.await;
        if RemoteRegistry::of(&contents).generation() != generation {
            tracing::debug!(
                window_id = contents.id(),
                "dropped a promise result for a page that is gone"
            );
            return;
        }
        let settlement = match outcome {
            Ok(value) => json!({"ok": to_meta(value, &contents, generation)}),
            Err(error) => json!({"error": {"name": error.name, "message": error.message}}),
        };
        if let Err(error) = contents.post_message(KIND, "settle", vec![json!(id), settlement]) {
            tracing::debug!(window_id = contents.id(), %error, "remote promise result not delivered");
        }
    });
    json!({"type": "promise", "id": id})
}

/// Rebuilds a value the page sent. Every field is checked: this is untrusted input.
pub(crate) fn from_meta(
    meta: &Value,
    contents: &WebContents,
    generation: u64,
) -> Result<RemoteValue, RemoteError> {
    decode(
        meta,
        &PageReferences {
            contents,
            generation,
        },
    )
}

fn object(contents: &WebContents, id: u64) -> Result<Arc<dyn RemoteObject>, RemoteError> {
    RemoteRegistry::of(contents).get(id).ok_or_else(|| {
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
    contents: &WebContents,
    generation: u64,
) -> Result<Vec<RemoteValue>, RemoteError> {
    args.get(index)
        .and_then(Value::as_array)
        .ok_or_else(|| RemoteError::type_error("remote call arguments must be a list"))?
        .iter()
        .map(|meta| from_meta(meta, contents, generation))
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
/// Objects are application code: cathode turns a panic while starting or running the request
/// into an error for the page, and main goes on.
pub(crate) fn handle_request(request: PageMessage) -> RequestFuture {
    let contents = request.sender;
    let generation = RemoteRegistry::of(&contents).generation();
    let started = start_request(&contents, generation, &request.channel, &request.args);
    Box::pin(async move {
        let result = match started {
            Ok(running) => running.await,
            Err(error) => Err(error),
        };
        match result {
            Ok(value) => Outcome::Ok(to_meta(value, &contents, generation)),
            Err(error) => Outcome::Error(PageError {
                name: error.name,
                ..PageError::new(error.message)
            }),
        }
    })
}

fn start_request(
    contents: &WebContents,
    generation: u64,
    op: &str,
    args: &[Value],
) -> Result<RemoteFuture, RemoteError> {
    if !enabled_for(contents) {
        return Err(RemoteError::new(crate::DISABLED_MESSAGE));
    }
    let app = contents.app()?;
    let call = RemoteCall {
        sender: contents.clone(),
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
            "BrowserWindow" => value(RemoteValue::Object(builtins::browser_window_class())),
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
            object_named(
                "global",
                crate::RemoteExt::remote(&app).global(&call, &name),
                &name,
            )?
        }
        "require" => {
            let name = text_arg(args, 0, "a module name")?;
            object_named(
                "module",
                crate::RemoteExt::remote(&app).module(&call, &name),
                &name,
            )?
        }
        "member-call" => {
            let target = object(contents, id_arg(args, 0)?)?;
            let name = text_arg(args, 1, "a method name")?;
            if !has_member(&*target, &name, |kind| *kind == MemberKind::Method) {
                return Err(RemoteError::type_error(format!(
                    "{}.{name} is not a function",
                    target.type_name()
                )));
            }
            let args = list_arg(args, 2, contents, generation)?;
            target.call_method(&call, &name, args)
        }
        "member-get" => {
            let target = object(contents, id_arg(args, 0)?)?;
            let name = text_arg(args, 1, "a property name")?;
            if !has_member(&*target, &name, |kind| {
                matches!(kind, MemberKind::Property { .. })
            }) {
                return Ok(value(RemoteValue::Undefined));
            }
            target.get(&call, &name)
        }
        "member-set" => {
            let target = object(contents, id_arg(args, 0)?)?;
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
                .and_then(|meta| from_meta(meta, contents, generation))?;
            target.set(&call, &name, new_value)
        }
        "call" => {
            let target = object(contents, id_arg(args, 0)?)?;
            let args = list_arg(args, 1, contents, generation)?;
            if !target.is_callable() {
                return Ok(fail(RemoteError::type_error(format!(
                    "{} is not a function",
                    target.type_name()
                ))));
            }
            target.call(&call, args)
        }
        "construct" => {
            let target = object(contents, id_arg(args, 0)?)?;
            let args = list_arg(args, 1, contents, generation)?;
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
pub(crate) fn release(contents: &WebContents, args: &[Value]) {
    let registry = RemoteRegistry::of(contents);
    for pair in args {
        match pair.as_array().map(Vec::as_slice) {
            Some([id, count]) if id.is_u64() && count.is_u64() => {
                registry.release(id.as_u64().unwrap_or(0), count.as_u64().unwrap_or(0));
            }
            _ => tracing::error!(
                window_id = contents.id(),
                "refused a malformed remote release"
            ),
        }
    }
}

/// A main-side handle on a function that lives in a page.
pub(crate) struct CallbackHandle {
    window: WeakBrowserWindow,
    window_id: u32,
    pub(crate) id: u64,
    pub(crate) function: u64,
    generation: u64,
}

impl CallbackHandle {
    pub(crate) fn new(contents: &WebContents, id: u64, function: u64, generation: u64) -> Self {
        CallbackHandle {
            window: contents.window().downgrade(),
            window_id: contents.id(),
            id,
            function,
            generation,
        }
    }

    fn live_page(&self) -> Option<WebContents> {
        let contents = self.window.upgrade()?.web_contents();
        let alive = !contents.is_destroyed()
            && RemoteRegistry::of(&contents).generation() == self.generation;
        alive.then_some(contents)
    }

    /// True when this function came from `contents`' page.
    pub(crate) fn belongs_to(&self, contents: &WebContents) -> bool {
        self.window_id == contents.id()
    }

    pub(crate) fn is_alive(&self) -> bool {
        self.live_page().is_some()
    }

    pub(crate) fn call(&self, args: Vec<RemoteValue>) -> Result<(), RemoteError> {
        let Some(contents) = self.live_page() else {
            tracing::debug!(callback = self.id, "dropped a call to a page that is gone");
            return Err(RemoteError::new(
                "the page that passed this function is gone",
            ));
        };
        let args: Vec<Value> = args
            .into_iter()
            .map(|arg| to_meta(arg, &contents, self.generation))
            .collect();
        contents
            .post_message(
                KIND,
                "callback",
                vec![Value::from(self.id), Value::from(args)],
            )
            .map_err(RemoteError::from)
    }
}

impl Drop for CallbackHandle {
    fn drop(&mut self) {
        let Some(contents) = self.live_page() else {
            return;
        };
        if let Err(error) =
            contents.post_message(KIND, "callback-release", vec![Value::from(self.id)])
        {
            tracing::debug!(callback = self.id, %error, "could not release a page function");
        }
    }
}
