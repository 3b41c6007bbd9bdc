//! `SharedObject`: plain data that main keeps and pages reach by reference, as Electron's remote
//! reaches a main-process `global.sharedObject`.
//!
//! Electron's remote copies only primitives, buffers, dates and errors; arrays are copied member
//! by member, and every other object is a proxy to main's object. A Rust app has no JavaScript
//! objects, so its plain data lives here: a record of named values whose nested JSON objects are
//! shared objects in turn. A page's `remote.getGlobal('sharedObject').someProperty = 'new value'`
//! changes the record main holds; main reads it back with [`SharedObject::get`], and every other
//! page sees the new value.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::{
    fail, ready, Member, MemberKind, RemoteCall, RemoteCallback, RemoteError, RemoteFuture,
    RemoteObject, RemoteValue,
};
use cathode::sync::lock;

/// One value kept in main for pages.
#[derive(Clone)]
pub(crate) enum Slot {
    Undefined,
    /// `null`, a boolean, a number or a string.
    Primitive(Value),
    Object(SharedObject),
    /// Copied to pages member by member.
    Array(Vec<Slot>),
    Bytes(Vec<u8>),
    Date(f64),
    Error(RemoteError),
    /// A main-process object a page stored (a window, another page's proxy passed back).
    Handle(Arc<dyn RemoteObject>),
    /// A page function a page stored.
    Callback(RemoteCallback),
    /// A `Map`, a `Set` or other data only the structured clone algorithm carries: copied.
    Structured(cathode::Value),
}

impl Slot {
    /// Keeps JSON in main: objects become shared objects, arrays keep their members.
    pub(crate) fn from_json(value: Value) -> Slot {
        match value {
            Value::Object(entries) => Slot::Object(SharedObject::from_entries(entries)),
            Value::Array(items) => Slot::Array(items.into_iter().map(Slot::from_json).collect()),
            primitive => Slot::Primitive(primitive),
        }
    }

    /// Keeps a value a page assigned.
    fn from_remote(value: RemoteValue) -> Result<Slot, RemoteError> {
        Ok(match value {
            RemoteValue::Undefined => Slot::Undefined,
            RemoteValue::Json(value) => Slot::from_json(value),
            RemoteValue::Bytes(bytes) => Slot::Bytes(bytes),
            RemoteValue::Date(ms) => Slot::Date(ms),
            RemoteValue::Error(error) => Slot::Error(error),
            RemoteValue::Array(items) => Slot::Array(
                items
                    .into_iter()
                    .map(Slot::from_remote)
                    .collect::<Result<_, _>>()?,
            ),
            RemoteValue::Record(entries) => {
                let object = SharedObject::new();
                for (key, item) in entries {
                    object.put(key, Slot::from_remote(item)?);
                }
                Slot::Object(object)
            }
            RemoteValue::Object(object) => Slot::Handle(object),
            RemoteValue::Callback(callback) => Slot::Callback(callback),
            RemoteValue::Structured(value) => Slot::Structured(value),
            RemoteValue::Promise(_) => {
                return Err(RemoteError::type_error(
                    "a promise cannot be stored in a main-process object",
                ))
            }
        })
    }

    /// The value as a page receives it: shared objects by reference, the rest copied.
    pub(crate) fn to_remote(&self) -> RemoteValue {
        match self {
            Slot::Undefined => RemoteValue::Undefined,
            Slot::Primitive(value) => RemoteValue::Json(value.clone()),
            Slot::Object(object) => RemoteValue::Object(Arc::new(object.clone())),
            Slot::Array(items) => {
                let plain: Option<Vec<Value>> = items
                    .iter()
                    .map(|item| match item {
                        Slot::Primitive(value) => Some(value.clone()),
                        _ => None,
                    })
                    .collect();
                match plain {
                    Some(values) => RemoteValue::Json(Value::Array(values)),
                    None => RemoteValue::Array(items.iter().map(Slot::to_remote).collect()),
                }
            }
            Slot::Bytes(bytes) => RemoteValue::Bytes(bytes.clone()),
            Slot::Date(ms) => RemoteValue::Date(*ms),
            Slot::Error(error) => RemoteValue::Error(error.clone()),
            Slot::Handle(object) => RemoteValue::Object(Arc::clone(object)),
            Slot::Callback(callback) => RemoteValue::Callback(callback.clone()),
            Slot::Structured(value) => RemoteValue::Structured(value.clone()),
        }
    }

    /// A snapshot as plain JSON, as [`RemoteValue::to_json`] gives it; `None` when it holds
    /// objects or functions that are not data.
    pub(crate) fn to_json(&self) -> Option<Value> {
        match self {
            Slot::Object(object) => object.to_json(),
            Slot::Array(items) => items.iter().map(Slot::to_json).collect(),
            other => other.to_remote().to_json(),
        }
    }
}

/// A main-process object of plain data that pages reach by reference through the remote module
/// (Electron's `global.sharedObject`). A cheap, clonable handle: clones are the same object.
///
/// Every key is a writable property for pages. Nested JSON objects are shared objects too, so
/// `remote.getGlobal('shared').nested.count = 2` reaches main; arrays are copied to the page
/// member by member, as Electron copies them (an object inside one is still a reference). A page
/// cannot add keys: as in Electron, assigning a property main's object does not have only
/// changes the page's proxy.
///
/// ```
/// use std::sync::Arc;
/// use cathode_remote::{RemoteExt, SharedObject};
/// # fn demo(app: &cathode::App) -> Result<(), cathode_remote::RemoteError> {
/// let shared = SharedObject::from_json(serde_json::json!({"someProperty": "default value"}))?;
/// app.remote().set_global("sharedObject", Arc::new(shared.clone()));
/// // ... after a page ran `remote.getGlobal('sharedObject').someProperty = 'new value'`:
/// println!("{:?}", shared.get("someProperty"));
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct SharedObject {
    entries: Arc<Mutex<Vec<(String, Slot)>>>,
}

impl std::fmt::Debug for SharedObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedObject")
            .field("keys", &self.keys())
            .finish()
    }
}

impl SharedObject {
    /// An empty object.
    pub fn new() -> SharedObject {
        SharedObject::default()
    }

    /// An object holding the members of a JSON object; fails for any other JSON value.
    pub fn from_json(value: Value) -> Result<SharedObject, RemoteError> {
        match value {
            Value::Object(entries) => Ok(SharedObject::from_entries(entries)),
            other => Err(RemoteError::type_error(format!(
                "a shared object is made from a JSON object, not {}",
                json_kind(&other)
            ))),
        }
    }

    fn from_entries(entries: serde_json::Map<String, Value>) -> SharedObject {
        let entries = entries
            .into_iter()
            .map(|(key, value)| (key, Slot::from_json(value)))
            .collect();
        SharedObject {
            entries: Arc::new(Mutex::new(entries)),
        }
    }

    /// The member `key` as plain JSON (nested shared objects included); `None` when there is
    /// no such member or it holds something that is not data (a window, a page function).
    pub fn get(&self, key: &str) -> Option<Value> {
        self.slot(key)?.to_json()
    }

    /// The nested shared object under `key`, if that member is one.
    pub fn object(&self, key: &str) -> Option<SharedObject> {
        match self.slot(key)? {
            Slot::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Sets member `key` (JSON objects in `value` become shared objects).
    pub fn set(&self, key: &str, value: Value) {
        self.put(key.to_string(), Slot::from_json(value));
    }

    /// Removes member `key`; false if there was none.
    pub fn remove(&self, key: &str) -> bool {
        let mut entries = lock(&self.entries);
        let before = entries.len();
        entries.retain(|(existing, _)| existing != key);
        entries.len() != before
    }

    /// The member names, in the order they were first set.
    pub fn keys(&self) -> Vec<String> {
        lock(&self.entries)
            .iter()
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// The whole object as plain JSON; `None` when a member is not data.
    pub fn to_json(&self) -> Option<Value> {
        // Read members outside the lock: a nested object has a lock of its own.
        let entries = lock(&self.entries).clone();
        entries
            .into_iter()
            .map(|(key, slot)| Some((key, slot.to_json()?)))
            .collect::<Option<serde_json::Map<_, _>>>()
            .map(Value::Object)
    }

    fn slot(&self, key: &str) -> Option<Slot> {
        lock(&self.entries)
            .iter()
            .find(|(existing, _)| existing == key)
            .map(|(_, slot)| slot.clone())
    }

    fn put(&self, key: String, slot: Slot) {
        // The value it replaces may hold a page function, whose release must not run under the
        // lock.
        let replaced = {
            let mut entries = lock(&self.entries);
            match entries.iter_mut().find(|(existing, _)| *existing == key) {
                Some((_, existing)) => Some(std::mem::replace(existing, slot)),
                None => {
                    entries.push((key, slot));
                    None
                }
            }
        };
        drop(replaced);
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl RemoteObject for SharedObject {
    fn type_name(&self) -> String {
        "Object".into()
    }

    fn members(&self) -> Vec<Member> {
        self.keys()
            .into_iter()
            .map(|name| Member {
                name,
                kind: MemberKind::Property { writable: true },
            })
            .collect()
    }

    fn call_method(&self, _call: &RemoteCall, name: &str, _args: Vec<RemoteValue>) -> RemoteFuture {
        fail(RemoteError::type_error(format!("{name} is not a function")))
    }

    fn get(&self, _call: &RemoteCall, name: &str) -> RemoteFuture {
        ready(
            self.slot(name)
                .map_or(RemoteValue::Undefined, |slot| slot.to_remote()),
        )
    }

    fn set(&self, _call: &RemoteCall, name: &str, value: RemoteValue) -> RemoteFuture {
        match Slot::from_remote(value) {
            Ok(slot) => {
                self.put(name.to_string(), slot);
                ready(RemoteValue::Undefined)
            }
            Err(error) => fail(error),
        }
    }

    fn identity(&self) -> usize {
        Arc::as_ptr(&self.entries) as *const () as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_objects_are_kept_as_shared_objects_and_read_back_as_json() {
        let data = json!({"text": "a", "nested": {"count": 1}, "list": [{"x": 1}, 2]});
        let shared = SharedObject::from_json(data.clone()).unwrap();
        assert_eq!(shared.to_json(), Some(data));
        assert_eq!(
            shared.keys(),
            ["text", "nested", "list"],
            "in the order they were written"
        );
        let nested = shared.object("nested").unwrap();
        nested.set("count", json!(2));
        assert_eq!(shared.get("nested"), Some(json!({"count": 2})));
        assert!(shared.remove("text"));
        assert!(!shared.remove("text"));
        assert_eq!(shared.get("text"), None);
    }

    #[test]
    fn only_json_objects_make_shared_objects() {
        let refused = SharedObject::from_json(json!([1])).unwrap_err();
        assert_eq!(refused.name, "TypeError");
        assert!(refused.message.contains("not an array"), "{refused}");
    }

    #[test]
    fn pages_get_arrays_by_value_and_objects_by_reference() {
        let plain = Slot::from_json(json!([1, "two"]));
        assert!(matches!(plain.to_remote(), RemoteValue::Json(_)));
        let mixed = Slot::from_json(json!([{"x": 1}]));
        match mixed.to_remote() {
            RemoteValue::Array(items) => {
                assert!(matches!(items[0], RemoteValue::Object(_)))
            }
            other => panic!("expected an array of references, got {other:?}"),
        }
        let object = SharedObject::new();
        let same = object.clone();
        assert_eq!(
            RemoteObject::identity(&object),
            RemoteObject::identity(&same)
        );
    }

    #[test]
    fn a_record_a_page_assigns_becomes_a_shared_object_and_promises_are_refused() {
        let record = RemoteValue::Record(vec![("a".into(), RemoteValue::Date(5.0))]);
        match Slot::from_remote(record).unwrap() {
            Slot::Object(object) => assert_eq!(object.get("a"), Some(json!(5.0))),
            _ => panic!("a record is kept as a shared object"),
        }
        let promise =
            RemoteValue::Promise(Box::pin(std::future::ready(Ok(RemoteValue::Undefined))));
        assert!(Slot::from_remote(promise).is_err());
    }
}
