//! The one codec of remote values: how a [`RemoteValue`] is written as JSON ("meta") for the
//! other side, and read back. Plain data has one shape everywhere: `{"type":"undefined"}`,
//! `{"type":"value","value":..}`, `{"type":"buffer","base64":".."}`, `{"type":"date","value":ms}`,
//! `{"type":"error","name":..,"message":..}`, `{"type":"array","items":[..]}`,
//! `{"type":"record","entries":{..}}`, and `{"type":"structured","value":..}` for data only the
//! structured clone algorithm carries (`Map`, `Set`, `BigInt`, `NaN`, ...), in the tagged form of
//! every other IPC path (`cathode::Value`, `renderer/values.js`). References (objects, functions, promises) depend on who
//! is on the other side: a page (`wire.rs`) or the CLI's JavaScript main script (`cathode-js`),
//! each a [`References`].

use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::{RemoteCallback, RemoteError, RemoteFuture, RemoteObject, RemoteValue};

/// How one side writes and reads the values that are references, not data.
pub trait References {
    /// A main-process object, as this side refers to it.
    fn object(&self, object: Arc<dyn RemoteObject>) -> Result<Value, RemoteError>;

    /// A page's function that main holds.
    fn callback(&self, callback: RemoteCallback) -> Result<Value, RemoteError>;

    /// A future of main's, settled later on this side.
    fn promise(&self, future: RemoteFuture) -> Result<Value, RemoteError>;

    /// A value of a type the plain shapes do not cover (this side's references), read back.
    fn resolve(&self, kind: &str, meta: &Value) -> Result<RemoteValue, RemoteError>;
}

/// Writes `value` for the other side. Fails with the error of `references` when this side
/// cannot refer to one of the value's objects, functions or promises.
pub fn encode(value: RemoteValue, references: &impl References) -> Result<Value, RemoteError> {
    Ok(match value {
        RemoteValue::Undefined => json!({"type": "undefined"}),
        RemoteValue::Json(value) => json!({"type": "value", "value": value}),
        RemoteValue::Bytes(bytes) => {
            json!({"type": "buffer", "base64": cathode::base64::encode(&bytes)})
        }
        RemoteValue::Date(ms) => json!({"type": "date", "value": ms}),
        RemoteValue::Error(error) => {
            json!({"type": "error", "name": error.name, "message": error.message})
        }
        RemoteValue::Structured(value) => json!({"type": "structured", "value": value.to_wire()}),
        RemoteValue::Array(items) => json!({
            "type": "array",
            "items": items
                .into_iter()
                .map(|item| encode(item, references))
                .collect::<Result<Vec<_>, _>>()?,
        }),
        RemoteValue::Record(entries) => {
            let entries = entries
                .into_iter()
                .map(|(key, value)| Ok((key, encode(value, references)?)))
                .collect::<Result<Map<String, Value>, RemoteError>>()?;
            json!({"type": "record", "entries": entries})
        }
        RemoteValue::Object(object) => references.object(object)?,
        RemoteValue::Callback(callback) => references.callback(callback)?,
        RemoteValue::Promise(future) => references.promise(future)?,
    })
}

/// Reads a value the other side wrote. Every field is checked: a page's values are untrusted.
/// Fails with a `TypeError` naming what is wrong (no type, a missing or mistyped field, a
/// buffer that is not base64), or with the error of `references` for its own types.
pub fn decode(meta: &Value, references: &impl References) -> Result<RemoteValue, RemoteError> {
    let kind = meta
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| RemoteError::type_error("a remote value has no type"))?;
    let field = |name: &str| {
        meta.get(name)
            .ok_or_else(|| RemoteError::type_error(format!("a '{kind}' value has no '{name}'")))
    };
    Ok(match kind {
        "undefined" => RemoteValue::Undefined,
        "value" => RemoteValue::Json(meta.get("value").cloned().unwrap_or(Value::Null)),
        "date" => RemoteValue::Date(
            field("value")?
                .as_f64()
                .ok_or_else(|| RemoteError::type_error("a date must be a number"))?,
        ),
        "buffer" => RemoteValue::Bytes(
            field("base64")?
                .as_str()
                .and_then(cathode::base64::decode)
                .ok_or_else(|| RemoteError::type_error("a buffer must be base64"))?,
        ),
        "error" => RemoteValue::Error(RemoteError {
            name: field("name")?.as_str().unwrap_or("Error").to_string(),
            message: field("message")?.as_str().unwrap_or_default().to_string(),
        }),
        "structured" => RemoteValue::Structured(
            cathode::Value::from_wire(field("value")?)
                .map_err(|error| RemoteError::type_error(error.to_string()))?,
        ),
        "array" => RemoteValue::Array(
            field("items")?
                .as_array()
                .ok_or_else(|| RemoteError::type_error("array items must be a list"))?
                .iter()
                .map(|item| decode(item, references))
                .collect::<Result<_, _>>()?,
        ),
        "record" => RemoteValue::Record(
            field("entries")?
                .as_object()
                .ok_or_else(|| RemoteError::type_error("record entries must be an object"))?
                .iter()
                .map(|(key, value)| Ok((key.clone(), decode(value, references)?)))
                .collect::<Result<_, RemoteError>>()?,
        ),
        other => references.resolve(other, meta)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A side without references.
    struct PlainOnly;

    impl References for PlainOnly {
        fn object(&self, _object: Arc<dyn RemoteObject>) -> Result<Value, RemoteError> {
            Err(RemoteError::type_error("no objects"))
        }
        fn callback(&self, _callback: RemoteCallback) -> Result<Value, RemoteError> {
            Err(RemoteError::type_error("no callbacks"))
        }
        fn promise(&self, _future: RemoteFuture) -> Result<Value, RemoteError> {
            Err(RemoteError::type_error("no promises"))
        }
        fn resolve(&self, kind: &str, _meta: &Value) -> Result<RemoteValue, RemoteError> {
            Err(RemoteError::type_error(format!("unknown type '{kind}'")))
        }
    }

    #[test]
    fn plain_data_round_trips_in_one_shape() {
        let value = RemoteValue::Record(vec![
            ("bytes".into(), RemoteValue::Bytes(vec![0, 1, 254, 255])),
            ("when".into(), RemoteValue::Date(1.5e12)),
            (
                "list".into(),
                RemoteValue::Array(vec![RemoteValue::Undefined, RemoteValue::Json(json!("x"))]),
            ),
            (
                "failure".into(),
                RemoteValue::Error(RemoteError::type_error("bad")),
            ),
        ]);
        let meta = encode(value, &PlainOnly).expect("plain data encodes");
        assert_eq!(
            meta["entries"]["bytes"],
            json!({"type": "buffer", "base64": "AAH+/w=="})
        );
        let back = decode(&meta, &PlainOnly).expect("and decodes");
        assert_eq!(encode(back, &PlainOnly).expect("again"), meta);
    }

    #[test]
    fn structured_data_travels_in_the_ipc_tagged_form() {
        let map = cathode::Value::Map(vec![(
            cathode::Value::BigInt("12345678901234567890".into()),
            cathode::Value::Number(f64::NAN),
        )]);
        let meta = encode(RemoteValue::Structured(map.clone()), &PlainOnly).expect("encodes");
        assert_eq!(meta["type"], "structured");
        assert_eq!(meta["value"], map.to_wire());
        let RemoteValue::Structured(back) = decode(&meta, &PlainOnly).expect("decodes") else {
            panic!("structured data reads back as structured data");
        };
        assert_eq!(back.to_wire(), map.to_wire());
    }

    #[test]
    fn malformed_values_are_refused_with_a_reason() {
        for (meta, reason) in [
            (json!({}), "has no type"),
            (json!({"type": "buffer", "base64": "%%"}), "must be base64"),
            (json!({"type": "date", "value": "soon"}), "must be a number"),
            (json!({"type": "array", "items": {}}), "must be a list"),
            (json!({"type": "teleport"}), "unknown type 'teleport'"),
            (json!({"type": "structured"}), "has no 'value'"),
            (
                json!({"type": "structured", "value": {"$c": "warp"}}),
                "malformed IPC value",
            ),
        ] {
            let error = decode(&meta, &PlainOnly).expect_err("refused");
            assert!(error.message.contains(reason), "{meta}: {error}");
        }
    }
}
