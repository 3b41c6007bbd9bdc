//! `RemoteObjectBuilder`: a remote object from closures, with serde-typed arguments.

use std::future::Future;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{
    fail, ready, Member, MemberKind, RemoteCall, RemoteError, RemoteFuture, RemoteObject,
    RemoteValue,
};
use cathode::decode_args;

type RawMethod = Arc<dyn Fn(&RemoteCall, Vec<RemoteValue>) -> RemoteFuture + Send + Sync>;
type RawGetter = Arc<dyn Fn(&RemoteCall) -> RemoteFuture + Send + Sync>;
type RawSetter = Arc<dyn Fn(&RemoteCall, RemoteValue) -> RemoteFuture + Send + Sync>;

enum MemberImpl {
    Method(RawMethod),
    Property {
        get: RawGetter,
        set: Option<RawSetter>,
    },
}

/// Builds a remote object from closures. Typed members decode the page's arguments with serde,
/// like IPC handlers: the single argument as `T`, or the argument list as a tuple.
///
/// ```
/// use std::sync::atomic::{AtomicI64, Ordering};
/// use std::sync::Arc;
/// use cathode_remote::RemoteObjectBuilder;
///
/// let count = Arc::new(AtomicI64::new(0));
/// let (add, read) = (count.clone(), count.clone());
/// let counter = RemoteObjectBuilder::new("Counter")
///     .method("add", move |by: i64| Ok::<_, String>(add.fetch_add(by, Ordering::SeqCst) + by))
///     .property("count", move || read.load(Ordering::SeqCst))
///     .build();
/// assert_eq!(counter.type_name(), "Counter");
/// ```
pub struct RemoteObjectBuilder {
    type_name: String,
    identity: Option<usize>,
    members: Vec<(String, MemberImpl)>,
    call: Option<RawMethod>,
    construct: Option<RawMethod>,
}

fn decode<T: DeserializeOwned>(name: &str, args: &[RemoteValue]) -> Result<T, RemoteError> {
    let plain: Vec<serde_json::Value> = args
        .iter()
        .map(RemoteValue::to_json)
        .collect::<Option<_>>()
        .ok_or_else(|| RemoteError::type_error(format!("{name}: expects plain data arguments")))?;
    decode_args::<T>(name, &plain).map_err(|error| RemoteError::type_error(error.to_string()))
}

fn encode<R: Serialize, E: std::fmt::Display>(
    result: Result<R, E>,
) -> Result<RemoteValue, RemoteError> {
    result
        .map_err(|error| RemoteError::new(error.to_string()))
        .and_then(RemoteValue::json)
}

impl RemoteObjectBuilder {
    /// An object whose proxies are named `type_name`.
    pub fn new(type_name: impl Into<String>) -> RemoteObjectBuilder {
        RemoteObjectBuilder {
            type_name: type_name.into(),
            identity: None,
            members: Vec::new(),
            call: None,
            construct: None,
        }
    }

    /// Objects built with the same identity are the same object for a page (one proxy).
    pub fn identity(mut self, identity: usize) -> Self {
        self.identity = Some(identity);
        self
    }

    /// A method taking serde-typed arguments and returning serializable data or an error.
    pub fn method<T, R, E, F>(self, name: &str, method: F) -> Self
    where
        T: DeserializeOwned,
        R: Serialize,
        E: std::fmt::Display,
        F: Fn(T) -> Result<R, E> + Send + Sync + 'static,
    {
        let label = name.to_string();
        self.raw_method(name, move |_call, args| {
            let result = decode::<T>(&label, &args).and_then(|args| encode(method(args)));
            Box::pin(std::future::ready(result))
        })
    }

    /// A method whose result is a promise in the page.
    pub fn async_method<T, R, E, F, Fut>(self, name: &str, method: F) -> Self
    where
        T: DeserializeOwned,
        R: Serialize,
        E: std::fmt::Display,
        F: Fn(T) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<R, E>> + Send + 'static,
    {
        let label = name.to_string();
        self.raw_method(name, move |_call, args| match decode::<T>(&label, &args) {
            Ok(args) => {
                let running = method(args);
                ready(RemoteValue::Promise(Box::pin(async move {
                    encode(running.await)
                })))
            }
            Err(error) => fail(error),
        })
    }

    /// A read-only property.
    pub fn property<R, F>(self, name: &str, getter: F) -> Self
    where
        R: Serialize,
        F: Fn() -> R + Send + Sync + 'static,
    {
        self.raw_property(name, move |_call| {
            Box::pin(std::future::ready(RemoteValue::json(getter())))
        })
    }

    /// A property the page may also assign; the setter's error is thrown in the page.
    pub fn writable_property<R, T, E, G, S>(self, name: &str, getter: G, setter: S) -> Self
    where
        R: Serialize,
        T: DeserializeOwned,
        E: std::fmt::Display,
        G: Fn() -> R + Send + Sync + 'static,
        S: Fn(T) -> Result<(), E> + Send + Sync + 'static,
    {
        let label = name.to_string();
        let get: RawGetter =
            Arc::new(move |_call| Box::pin(std::future::ready(RemoteValue::json(getter()))));
        let set: RawSetter = Arc::new(move |_call, value| {
            let result = decode::<T>(&label, std::slice::from_ref(&value))
                .and_then(|value| encode(setter(value)));
            Box::pin(std::future::ready(result))
        });
        self.member(
            name,
            MemberImpl::Property {
                get,
                set: Some(set),
            },
        )
    }

    /// A method that takes and returns [`RemoteValue`]s (objects, callbacks, promises).
    pub fn raw_method(
        self,
        name: &str,
        method: impl Fn(&RemoteCall, Vec<RemoteValue>) -> RemoteFuture + Send + Sync + 'static,
    ) -> Self {
        self.member(name, MemberImpl::Method(Arc::new(method)))
    }

    /// A read-only property that returns a [`RemoteValue`].
    pub fn raw_property(
        self,
        name: &str,
        getter: impl Fn(&RemoteCall) -> RemoteFuture + Send + Sync + 'static,
    ) -> Self {
        self.member(
            name,
            MemberImpl::Property {
                get: Arc::new(getter),
                set: None,
            },
        )
    }

    /// What calling the object itself does (makes it a function in the page).
    pub fn callable(
        mut self,
        call: impl Fn(&RemoteCall, Vec<RemoteValue>) -> RemoteFuture + Send + Sync + 'static,
    ) -> Self {
        self.call = Some(Arc::new(call));
        self
    }

    /// What `new` on the object does (makes it a class in the page).
    pub fn constructor(
        mut self,
        construct: impl Fn(&RemoteCall, Vec<RemoteValue>) -> RemoteFuture + Send + Sync + 'static,
    ) -> Self {
        self.construct = Some(Arc::new(construct));
        self
    }

    fn member(mut self, name: &str, member: MemberImpl) -> Self {
        self.members.retain(|(existing, _)| existing != name);
        self.members.push((name.to_string(), member));
        self
    }

    /// The finished object.
    pub fn build(self) -> Arc<dyn RemoteObject> {
        Arc::new(BuiltObject(self))
    }
}

struct BuiltObject(RemoteObjectBuilder);

impl BuiltObject {
    fn find(&self, name: &str) -> Option<&MemberImpl> {
        self.0
            .members
            .iter()
            .find(|(member, _)| member == name)
            .map(|(_, member)| member)
    }
}

impl RemoteObject for BuiltObject {
    fn type_name(&self) -> String {
        self.0.type_name.clone()
    }

    fn members(&self) -> Vec<Member> {
        self.0
            .members
            .iter()
            .map(|(name, member)| Member {
                name: name.clone(),
                kind: match member {
                    MemberImpl::Method(_) => MemberKind::Method,
                    MemberImpl::Property { set, .. } => MemberKind::Property {
                        writable: set.is_some(),
                    },
                },
            })
            .collect()
    }

    fn call_method(&self, call: &RemoteCall, name: &str, args: Vec<RemoteValue>) -> RemoteFuture {
        match self.find(name) {
            Some(MemberImpl::Method(method)) => method(call, args),
            _ => fail(RemoteError::type_error(format!(
                "{}.{name} is not a function",
                self.0.type_name
            ))),
        }
    }

    fn get(&self, call: &RemoteCall, name: &str) -> RemoteFuture {
        match self.find(name) {
            Some(MemberImpl::Property { get, .. }) => get(call),
            _ => ready(RemoteValue::Undefined),
        }
    }

    fn set(&self, call: &RemoteCall, name: &str, value: RemoteValue) -> RemoteFuture {
        match self.find(name) {
            Some(MemberImpl::Property { set: Some(set), .. }) => set(call, value),
            _ => fail(RemoteError::type_error(format!(
                "Cannot assign to read only property '{name}' of {}",
                self.0.type_name
            ))),
        }
    }

    fn is_callable(&self) -> bool {
        self.0.call.is_some()
    }

    fn is_constructible(&self) -> bool {
        self.0.construct.is_some()
    }

    fn call(&self, call: &RemoteCall, args: Vec<RemoteValue>) -> RemoteFuture {
        match &self.0.call {
            Some(function) => function(call, args),
            None => fail(RemoteError::type_error(format!(
                "{} is not a function",
                self.0.type_name
            ))),
        }
    }

    fn construct(&self, call: &RemoteCall, args: Vec<RemoteValue>) -> RemoteFuture {
        match &self.0.construct {
            Some(construct) => construct(call, args),
            None => fail(RemoteError::type_error(format!(
                "{} is not a constructor",
                self.0.type_name
            ))),
        }
    }

    fn identity(&self) -> usize {
        self.0.identity.unwrap_or(self as *const Self as usize)
    }
}
