//! The main script's JavaScript objects for the remote module: any object, function or class a
//! page reaches through `remote.getGlobal`, `remote.require` or a call result is reflected
//! generically, as Electron reflected V8 objects.
//!
//! The JavaScript side (`remoteHost` in `js/electron.js`) holds the values pages use, counted,
//! and describes each result as Electron's remote did: primitives, bytes, dates and errors are
//! copied, arrays member by member, and every object (plain ones included) is held and described
//! with its methods and properties, so pages change the script's own objects. This
//! side turns descriptions into [`RemoteValue`]s: a [`JsObject`] per held object, whose every use
//! is a job posted to the JavaScript thread. Page functions passed in stay callable from
//! JavaScript until the script lets go of them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use cathode::sync::lock;
use cathode::App;
use cathode_remote::codec::{self, References};
use cathode_remote::{
    Member, MemberKind, RemoteCall, RemoteCallback, RemoteError, RemoteExt, RemoteFuture,
    RemoteObject, RemoteValue,
};
use rquickjs::{Ctx, Function, Object, Value};
use serde_json::{json, Value as Json};
use tokio::sync::oneshot;

use crate::JsHandle;

/// The global under which posted jobs find `remoteHost`.
pub(crate) const REMOTE_HOST: &str = "__cathodeRemoteHost";

/// Identities of JavaScript objects carry this bit: no Rust object's address has it.
const JS_IDENTITY: usize = 1 << 62;

type Settlement = Result<Json, RemoteError>;

/// A promise of the script's, as main waits for it.
enum PendingPromise {
    Waiting(oneshot::Sender<Settlement>),
    Settled(Settlement),
}

/// What the reflection shares between the JavaScript thread and the remote module's tasks.
pub(crate) struct JsRemote {
    handle: JsHandle,
    promises: Mutex<HashMap<u64, PendingPromise>>,
    callbacks: Mutex<HashMap<u64, RemoteCallback>>,
    next_callback: AtomicU64,
}

impl JsRemote {
    pub(crate) fn new(handle: JsHandle) -> Arc<JsRemote> {
        Arc::new(JsRemote {
            handle,
            promises: Mutex::new(HashMap::new()),
            callbacks: Mutex::new(HashMap::new()),
            next_callback: AtomicU64::new(1),
        })
    }

    /// Lets pages reach the script's globals and modules.
    pub(crate) fn install(self: &Arc<Self>, app: &App) {
        let this = Arc::clone(self);
        app.remote()
            .set_global_resolver(Arc::new(move |_call, name| {
                let name = name.to_string();
                Some(this.run(move |host| host.get::<_, Function>("global")?.call((name,))))
            }));
        let this = Arc::clone(self);
        app.remote()
            .set_module_resolver(Arc::new(move |_call, name| {
                let name = name.to_string();
                Some(this.run(move |host| host.get::<_, Function>("module")?.call((name,))))
            }));
    }

    /// Runs `operation` with `remoteHost` on the JavaScript thread; its answer is a description.
    fn run<F>(self: &Arc<Self>, operation: F) -> RemoteFuture
    where
        F: for<'js> FnOnce(Object<'js>) -> rquickjs::Result<String> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let posted = self.handle.post(move |ctx| {
            let outcome = ctx
                .globals()
                .get::<_, Object>(REMOTE_HOST)
                .and_then(operation)
                .map_err(|error| thrown(ctx, error))
                .and_then(|json| {
                    serde_json::from_str(&json).map_err(|error| RemoteError::new(error.to_string()))
                });
            let _ = tx.send(outcome);
            Ok(())
        });
        let this = Arc::clone(self);
        Box::pin(async move {
            posted.map_err(|_| RemoteError::new("the main script has ended"))?;
            let description = rx
                .await
                .map_err(|_| RemoteError::new("the main script has ended"))??;
            Ok(this.from_description(&description))
        })
    }

    /// A page's value as `remoteHost` revives it (see [`JsReferences`]).
    fn to_description(self: &Arc<Self>, value: RemoteValue) -> Result<Json, RemoteError> {
        codec::encode(value, &JsReferences(self))
    }

    /// A description from `remoteHost` as a value for the page. `remoteHost` is this crate's
    /// own script, so a description it cannot read is a bug: it becomes `undefined`, logged.
    fn from_description(self: &Arc<Self>, description: &Json) -> RemoteValue {
        codec::decode(description, &JsReferences(self)).unwrap_or_else(|error| {
            tracing::error!(%error, "remoteHost described a value that cannot be read");
            RemoteValue::Undefined
        })
    }

    fn promise(self: &Arc<Self>, token: u64) -> RemoteFuture {
        let (tx, rx) = oneshot::channel();
        let early = {
            let mut promises = lock(&self.promises);
            match promises.remove(&token) {
                Some(PendingPromise::Settled(settlement)) => Some(settlement),
                _ => {
                    promises.insert(token, PendingPromise::Waiting(tx));
                    None
                }
            }
        };
        let this = Arc::clone(self);
        Box::pin(async move {
            let settlement = match early {
                Some(settlement) => settlement,
                None => rx
                    .await
                    .map_err(|_| RemoteError::new("the main script has ended"))?,
            };
            Ok(this.from_description(&settlement?))
        })
    }

    /// `remoteHost` reports a settled promise (it may come before main waits for it).
    pub(crate) fn settle(&self, token: u64, ok: bool, json: &str) {
        let parsed: Json = serde_json::from_str(json).unwrap_or(Json::Null);
        let settlement = if ok {
            Ok(parsed)
        } else {
            Err(RemoteError {
                name: parsed["name"].as_str().unwrap_or("Error").to_string(),
                message: parsed["message"].as_str().unwrap_or_default().to_string(),
            })
        };
        let mut promises = lock(&self.promises);
        match promises.remove(&token) {
            Some(PendingPromise::Waiting(tx)) => {
                let _ = tx.send(settlement);
            }
            _ => {
                promises.insert(token, PendingPromise::Settled(settlement));
            }
        }
    }

    /// The script called a page function it was given.
    pub(crate) fn call_callback(self: &Arc<Self>, token: u64, args_json: &str) {
        let callback = lock(&self.callbacks).get(&token).cloned();
        let Some(callback) = callback else {
            return;
        };
        let args: Vec<Json> = serde_json::from_str(args_json).unwrap_or_default();
        let args = args.iter().map(|arg| self.from_description(arg)).collect();
        if callback.call(args).is_err() {
            lock(&self.callbacks).remove(&token);
        }
    }

    /// The script let go of a page function.
    pub(crate) fn release_callback(&self, token: u64) {
        lock(&self.callbacks).remove(&token);
    }
}

/// The main script's side of the remote value codec: its objects are `js-object` ids in
/// `remoteHost`, a page's functions are tokens, its promises tokens settled by `remoteHost`.
struct JsReferences<'a>(&'a Arc<JsRemote>);

impl References for JsReferences<'_> {
    fn object(&self, object: Arc<dyn RemoteObject>) -> Result<Json, RemoteError> {
        if object.identity() & JS_IDENTITY != 0 {
            return Ok(json!({"type": "js-object", "id": object.identity() & !JS_IDENTITY}));
        }
        Err(RemoteError::type_error(format!(
            "a {} from the main process cannot be passed to its JavaScript",
            object.type_name()
        )))
    }

    fn callback(&self, callback: RemoteCallback) -> Result<Json, RemoteError> {
        let token = self.0.next_callback.fetch_add(1, Ordering::Relaxed);
        lock(&self.0.callbacks).insert(token, callback);
        Ok(json!({"type": "callback", "token": token}))
    }

    fn promise(&self, _future: RemoteFuture) -> Result<Json, RemoteError> {
        // Pages pass no promises to main (a page's promise is an object of the page's).
        Ok(json!({"type": "undefined"}))
    }

    fn resolve(&self, kind: &str, meta: &Json) -> Result<RemoteValue, RemoteError> {
        Ok(match kind {
            "object" => RemoteValue::Object(Arc::new(JsObject::new(self.0, meta))),
            "promise" => {
                let token = meta.get("token").and_then(Json::as_u64).unwrap_or_default();
                RemoteValue::Promise(self.0.promise(token))
            }
            other => {
                return Err(RemoteError::type_error(format!(
                    "remoteHost described an unknown type '{other}'"
                )))
            }
        })
    }
}

/// A JavaScript exception as the error the page gets.
fn thrown(ctx: &Ctx<'_>, error: rquickjs::Error) -> RemoteError {
    if !matches!(error, rquickjs::Error::Exception) {
        return RemoteError::new(error.to_string());
    }
    let exception: Value = ctx.catch();
    match exception.as_object() {
        Some(object) => RemoteError {
            name: object
                .get::<_, String>("name")
                .unwrap_or_else(|_| "Error".into()),
            message: object.get::<_, String>("message").unwrap_or_default(),
        },
        None => RemoteError::new(
            exception
                .as_string()
                .and_then(|text| text.to_string().ok())
                .unwrap_or_else(|| "a non-Error value was thrown".into()),
        ),
    }
}

/// One JavaScript object a page holds.
struct JsObject {
    remote: Arc<JsRemote>,
    id: u64,
    name: String,
    members: Vec<Member>,
    callable: bool,
    constructible: bool,
}

impl JsObject {
    fn new(remote: &Arc<JsRemote>, description: &Json) -> JsObject {
        let members = description["members"]
            .as_array()
            .map(|members| {
                members
                    .iter()
                    .filter_map(|member| {
                        let name = member["name"].as_str()?.to_string();
                        let kind = match member["kind"].as_str()? {
                            "method" => MemberKind::Method,
                            _ => MemberKind::Property {
                                writable: member["writable"].as_bool().unwrap_or(false),
                            },
                        };
                        Some(Member { name, kind })
                    })
                    .collect()
            })
            .unwrap_or_default();
        JsObject {
            remote: Arc::clone(remote),
            id: description["id"].as_u64().unwrap_or_default(),
            name: description["name"].as_str().unwrap_or("Object").to_string(),
            members,
            callable: description["callable"].as_bool().unwrap_or(false),
            constructible: description["constructible"].as_bool().unwrap_or(false),
        }
    }

    fn operate(&self, operation: &'static str, name: &str, args: Vec<RemoteValue>) -> RemoteFuture {
        let args: Vec<Json> = match args
            .into_iter()
            .map(|arg| self.remote.to_description(arg))
            .collect()
        {
            Ok(args) => args,
            Err(error) => return Box::pin(std::future::ready(Err(error))),
        };
        let (id, name, args) = (
            self.id as f64,
            name.to_string(),
            Json::from(args).to_string(),
        );
        self.remote.run(move |host| {
            host.get::<_, Function>("operate")?
                .call((id, operation, name, args))
        })
    }
}

impl RemoteObject for JsObject {
    fn type_name(&self) -> String {
        self.name.clone()
    }

    fn members(&self) -> Vec<Member> {
        self.members.clone()
    }

    fn call_method(&self, _call: &RemoteCall, name: &str, args: Vec<RemoteValue>) -> RemoteFuture {
        self.operate("call-method", name, args)
    }

    fn get(&self, _call: &RemoteCall, name: &str) -> RemoteFuture {
        self.operate("get", name, Vec::new())
    }

    fn set(&self, _call: &RemoteCall, name: &str, value: RemoteValue) -> RemoteFuture {
        self.operate("set", name, vec![value])
    }

    fn is_callable(&self) -> bool {
        self.callable
    }

    fn is_constructible(&self) -> bool {
        self.constructible
    }

    fn call(&self, _call: &RemoteCall, args: Vec<RemoteValue>) -> RemoteFuture {
        self.operate("call", "", args)
    }

    fn construct(&self, _call: &RemoteCall, args: Vec<RemoteValue>) -> RemoteFuture {
        self.operate("construct", "", args)
    }

    fn identity(&self) -> usize {
        self.id as usize | JS_IDENTITY
    }
}

impl Drop for JsObject {
    fn drop(&mut self) {
        let id = self.id as f64;
        // The script may have ended: then there is nothing left to release.
        let _ = self.remote.handle.post(move |ctx| {
            let host: Object = ctx.globals().get(REMOTE_HOST)?;
            host.get::<_, Function>("release")?.call((id,))
        });
    }
}
