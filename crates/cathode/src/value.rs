//! The values pages send, as the structured clone algorithm has them: [`Value`] for handlers that
//! take anything, and the reading of the same values into serde types for typed handlers.
//!
//! On the wire (`renderer/values.js` describes it) plain JSON data is itself and everything else
//! is an object tagged `$c`. A typed handler reads each tagged value in its natural serde shape:
//!
//! | page sends | a typed handler reads it as |
//! | --- | --- |
//! | `undefined` | `()`, `None` (`Option<T>`) |
//! | `NaN`, `Infinity`, `-0` | `f64` |
//! | `BigInt` | `i64`/`u64` when it fits, else a `String` of its digits |
//! | `Date` | a `String` in RFC 3339 (`2023-11-14T22:13:20.000Z`), as `chrono::DateTime` reads it; a `std::time::SystemTime` |
//! | `RegExp` | a `String`: `/source/flags` |
//! | `Map` | a map (`HashMap<K, V>`, keys of any type) |
//! | `Set` | a sequence (`Vec<T>`, `HashSet<T>`) |
//! | `ArrayBuffer`, `Uint8Array`, `DataView` | bytes (`Vec<u8>`, `serde_bytes::ByteBuf`) |
//! | other typed arrays | a sequence of their numbers (`Vec<f32>`, `Vec<i64>`, ...) |
//! | `Error` | a struct or map with `name`, `message`, `stack`, `cause` |
//! | an array with holes | a sequence with `None` in the holes |
//!
//! Shared objects are read once per place they appear; a cyclic value cannot be read into a serde
//! type (nor into [`Value`]) and fails with an error that says so.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::{json, Map as JsonMap, Value as Json};

/// The JavaScript side of the encoding: a function expression that gives `{encode, decode}`
/// (`renderer/values.js`). The renderer runtime uses it, and so can any JavaScript that talks to
/// pages (the CLI's main script does).
pub const CODEC_JS: &str = include_str!("renderer/values.js");

/// Which view a [`Value::Bytes`] was on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BytesKind {
    /// `ArrayBuffer`.
    ArrayBuffer,
    /// `DataView`.
    DataView,
    /// `Int8Array`.
    Int8,
    /// `Uint8Array` (and what Rust sends as bytes).
    Uint8,
    /// `Uint8ClampedArray`.
    Uint8Clamped,
    /// `Int16Array`.
    Int16,
    /// `Uint16Array`.
    Uint16,
    /// `Int32Array`.
    Int32,
    /// `Uint32Array`.
    Uint32,
    /// `Float32Array`.
    Float32,
    /// `Float64Array`.
    Float64,
    /// `BigInt64Array`.
    BigInt64,
    /// `BigUint64Array`.
    BigUint64,
}

const BYTES_KINDS: [(BytesKind, &str); 13] = [
    (BytesKind::ArrayBuffer, "ArrayBuffer"),
    (BytesKind::DataView, "DataView"),
    (BytesKind::Int8, "Int8Array"),
    (BytesKind::Uint8, "Uint8Array"),
    (BytesKind::Uint8Clamped, "Uint8ClampedArray"),
    (BytesKind::Int16, "Int16Array"),
    (BytesKind::Uint16, "Uint16Array"),
    (BytesKind::Int32, "Int32Array"),
    (BytesKind::Uint32, "Uint32Array"),
    (BytesKind::Float32, "Float32Array"),
    (BytesKind::Float64, "Float64Array"),
    (BytesKind::BigInt64, "BigInt64Array"),
    (BytesKind::BigUint64, "BigUint64Array"),
];

impl BytesKind {
    /// The JavaScript name of the view.
    pub fn js_name(self) -> &'static str {
        BYTES_KINDS
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("Uint8Array", |(_, name)| name)
    }

    /// The bytes of one element of the view (1 for `ArrayBuffer` and `DataView`).
    ///
    /// ```
    /// assert_eq!(cathode::BytesKind::Float64.element_size(), 8);
    /// assert_eq!(cathode::BytesKind::DataView.element_size(), 1);
    /// ```
    pub fn element_size(self) -> usize {
        match self {
            BytesKind::Int16 | BytesKind::Uint16 => 2,
            BytesKind::Int32 | BytesKind::Uint32 | BytesKind::Float32 => 4,
            BytesKind::Float64 | BytesKind::BigInt64 | BytesKind::BigUint64 => 8,
            _ => 1,
        }
    }

    fn from_js_name(name: &str) -> Option<BytesKind> {
        BYTES_KINDS
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(kind, _)| *kind)
    }
}

/// Any value a page can send (what the structured clone algorithm carries), for handlers that
/// take anything; it is also how main sends such values to a page. Serialize it to send it
/// (`webContents.send`, a reply), take it as a handler argument to receive one.
///
/// ```
/// use cathode::{BytesKind, Value};
/// let wire = serde_json::json!({"when": {"$c": "date", "v": 1.7e12}, "data": {"$c": "bytes", "type": "Uint8Array", "base64": "AQI="}});
/// let value: Value = serde_json::from_value(wire.clone()).unwrap();
/// let Value::Object(fields) = &value else { panic!() };
/// assert_eq!(fields[0], ("when".to_string(), Value::Date(1.7e12)));
/// assert_eq!(fields[1].1, Value::Bytes(BytesKind::Uint8, vec![1, 2]));
/// assert_eq!(serde_json::to_value(&value).unwrap(), wire);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, `NaN`, the infinities and `-0` included.
    Number(f64),
    /// A `BigInt`, as its decimal digits (with a leading `-` when negative).
    BigInt(String),
    /// A string.
    String(String),
    /// A `Date`, as milliseconds since 1970 (`NaN` for an invalid date).
    Date(f64),
    /// A `RegExp`.
    RegExp {
        /// Its source.
        source: String,
        /// Its flags.
        flags: String,
    },
    /// An `ArrayBuffer`, a typed array or a `DataView`: the bytes it views.
    Bytes(BytesKind, Vec<u8>),
    /// An array; `Undefined` stands in the holes of a sparse one.
    Array(Vec<Value>),
    /// A `Map`, in insertion order.
    Map(Vec<(Value, Value)>),
    /// A `Set`, in insertion order.
    Set(Vec<Value>),
    /// A plain object, its properties in order.
    Object(Vec<(String, Value)>),
    /// An `Error`.
    Error {
        /// `TypeError`, `RangeError`, ... or the name the page gave it.
        name: String,
        /// Its message.
        message: String,
        /// Its stack, when it had one.
        stack: Option<String>,
        /// Its `cause`, when it had one.
        cause: Option<Box<Value>>,
    },
}

/// A value on the wire that does not follow the format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(String);

fn malformed(what: String) -> ValueError {
    ValueError(format!("malformed IPC value: {what}"))
}

/// The name [`Value`]'s `Deserialize` asks for, so that the typed reading hands it the value on
/// the wire as it is.
const RAW_TOKEN: &str = "$cathode::Value";

thread_local! {
    /// A [`Value`] the typed reading has already read, handed to [`Value`]'s `Deserialize` as it
    /// is: put here just before the reading calls the visitor, which takes it first thing. Through
    /// the wire format instead, a large value would be encoded and read again (1 MiB of bytes:
    /// their base64 text written and decoded once more, four times the time of one reading).
    static HANDED_VALUE: std::cell::Cell<Option<Value>> = const { std::cell::Cell::new(None) };
}

/// Gives `value` to the visitor of [`Value`]'s `Deserialize`, the only one that asks for
/// `RAW_TOKEN`.
fn hand_over<'de, V: Visitor<'de>>(value: Value, visitor: V) -> Result<V::Value, TypedError> {
    HANDED_VALUE.with(|handed| handed.set(Some(value)));
    let nothing = de::value::UnitDeserializer::<TypedError>::new();
    let result = visitor.visit_newtype_struct(nothing);
    HANDED_VALUE.with(|handed| handed.set(None));
    result
}

thread_local! {
    /// Where [`Value::to_wire`] puts large binary values while [`write_holding_large`] runs on
    /// this thread, instead of writing their base64 text.
    static HOLDING: std::cell::RefCell<Option<Holding>> = const { std::cell::RefCell::new(None) };
}

/// Large binary values taken out of what is being written (see [`write_holding_large`]).
struct Holding {
    /// The smallest value taken, in bytes.
    min: usize,
    /// Makes the token a taken value is named by.
    new_token: fn() -> String,
    /// What was taken, by token, in the order met.
    held: Vec<(String, Vec<u8>)>,
}

/// Runs `write` with the large binary values of the [`Value`]s it writes to the wire taken out:
/// each of at least `min` bytes is written as `{"$c": "bytes", "type", "token"}` with a token of
/// `new_token`'s, and returned with its bytes, without ever becoming base64 text (main's
/// messages to a page, whose large bytes the page fetches beside them: `bytes.rs`). `write` must
/// only write the message: any [`Value`] it writes meanwhile is written so.
pub(crate) fn write_holding_large<T>(
    min: usize,
    new_token: fn() -> String,
    write: impl FnOnce() -> T,
) -> (T, Vec<(String, Vec<u8>)>) {
    let holding = Holding {
        min,
        new_token,
        held: Vec::new(),
    };
    let outer = HOLDING.with(|slot| slot.replace(Some(holding)));
    let written = write();
    let holding = HOLDING.with(|slot| slot.replace(outer));
    (
        written,
        holding.map(|holding| holding.held).unwrap_or_default(),
    )
}

/// Takes `bytes` out of what is being written, when [`write_holding_large`] runs and they are
/// large enough: the token that names them.
fn hold_large_bytes(bytes: &[u8]) -> Option<String> {
    HOLDING.with(|slot| {
        let mut slot = slot.borrow_mut();
        let holding = slot.as_mut().filter(|holding| bytes.len() >= holding.min)?;
        let token = (holding.new_token)();
        holding.held.push((token.clone(), bytes.to_vec()));
        Some(token)
    })
}

/// How deep a typed reading follows values, refs included: a cyclic value ends here.
const MAX_DEPTH: usize = 256;

impl Value {
    /// Reads a value in the wire format.
    ///
    /// ```
    /// let value = cathode::Value::from_wire(&serde_json::json!([1, {"$c": "undefined"}])).unwrap();
    /// assert_eq!(value, cathode::Value::Array(vec![cathode::Value::Number(1.0), cathode::Value::Undefined]));
    /// ```
    pub fn from_wire(wire: &Json) -> Result<Value, ValueError> {
        let index = ObjectIndex::of(wire);
        index.value(wire, 0)
    }

    /// The value in the wire format.
    pub fn to_wire(&self) -> Json {
        match self {
            Value::Undefined => json!({"$c": "undefined"}),
            Value::Null => Json::Null,
            Value::Bool(flag) => Json::Bool(*flag),
            Value::Number(number) => number_to_wire(*number),
            Value::BigInt(digits) => json!({"$c": "bigint", "v": digits}),
            Value::String(text) => Json::String(text.clone()),
            Value::Date(time) if time.is_nan() => json!({"$c": "date", "v": "NaN"}),
            Value::Date(time) => json!({"$c": "date", "v": time}),
            Value::RegExp { source, flags } => {
                json!({"$c": "regexp", "source": source, "flags": flags})
            }
            Value::Bytes(kind, bytes) => match hold_large_bytes(bytes) {
                Some(token) => json!({"$c": "bytes", "type": kind.js_name(), "token": token}),
                None => json!({
                    "$c": "bytes",
                    "type": kind.js_name(),
                    "base64": cathode_cdp::base64::encode(bytes),
                }),
            },
            Value::Array(items) => Json::Array(items.iter().map(Value::to_wire).collect()),
            Value::Map(entries) => json!({
                "$c": "map",
                "entries": entries.iter().map(|(key, value)| json!([key.to_wire(), value.to_wire()])).collect::<Vec<_>>(),
            }),
            Value::Set(values) => json!({
                "$c": "set",
                "values": values.iter().map(Value::to_wire).collect::<Vec<_>>(),
            }),
            Value::Object(fields) if fields.iter().any(|(key, _)| key == "$c") => json!({
                "$c": "object",
                "entries": fields.iter().map(|(key, value)| json!([key, value.to_wire()])).collect::<Vec<_>>(),
            }),
            Value::Object(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_wire()))
                    .collect(),
            ),
            Value::Error {
                name,
                message,
                stack,
                cause,
            } => {
                let mut error = JsonMap::new();
                error.insert("$c".into(), json!("error"));
                error.insert("name".into(), json!(name));
                error.insert("message".into(), json!(message));
                if let Some(stack) = stack {
                    error.insert("stack".into(), json!(stack));
                }
                if let Some(cause) = cause {
                    error.insert("cause".into(), cause.to_wire());
                }
                Json::Object(error)
            }
        }
    }
}

fn number_to_wire(number: f64) -> Json {
    if number.is_nan() {
        json!({"$c": "number", "v": "NaN"})
    } else if number.is_infinite() {
        json!({"$c": "number", "v": if number > 0.0 { "Infinity" } else { "-Infinity" }})
    } else if number == 0.0 && number.is_sign_negative() {
        json!({"$c": "number", "v": "-0"})
    } else {
        json!(number)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Value;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an IPC value")
            }
            fn visit_newtype_struct<D: de::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Value, D::Error> {
                if let Some(value) = HANDED_VALUE.with(std::cell::Cell::take) {
                    return Ok(value);
                }
                let wire = Json::deserialize(deserializer)?;
                Value::from_wire(&wire).map_err(de::Error::custom)
            }
        }
        use serde::Deserialize;
        deserializer.deserialize_newtype_struct(RAW_TOKEN, RawVisitor)
    }
}

/// Every object of a wire value, numbered in the order the encoder met them, so that a `ref`
/// finds its object.
struct ObjectIndex<'a> {
    objects: Vec<&'a Json>,
}

impl<'a> ObjectIndex<'a> {
    fn of(wire: &'a Json) -> ObjectIndex<'a> {
        let mut index = ObjectIndex {
            objects: Vec::new(),
        };
        index.number(wire);
        index
    }

    /// The index of a page's argument list, which the page encoded as one array (object 0).
    fn of_args(args: &'a [Json]) -> ObjectIndex<'a> {
        const LIST: &Json = &Json::Null;
        let mut index = ObjectIndex {
            objects: vec![LIST],
        };
        args.iter().for_each(|arg| index.number(arg));
        index
    }

    /// Numbers `node` and what it holds, depth first, as `values.js` does.
    fn number(&mut self, node: &'a Json) {
        match node {
            Json::Array(items) => {
                self.objects.push(node);
                items.iter().for_each(|item| self.number(item));
            }
            Json::Object(fields) => match fields.get("$c").and_then(Json::as_str) {
                None => {
                    self.objects.push(node);
                    fields.values().for_each(|field| self.number(field));
                }
                Some("undefined" | "number" | "bigint" | "ref") => {}
                Some(tag) => {
                    self.objects.push(node);
                    let children: Vec<&Json> = match tag {
                        "map" => pairs(fields.get("entries"))
                            .flat_map(|(k, v)| [k, v])
                            .collect(),
                        "set" => items(fields.get("values")).collect(),
                        "array" | "object" => {
                            pairs(fields.get(if tag == "array" { "items" } else { "entries" }))
                                .map(|(_, value)| value)
                                .collect()
                        }
                        "error" => fields.get("cause").into_iter().collect(),
                        _ => Vec::new(),
                    };
                    children.into_iter().for_each(|child| self.number(child));
                }
            },
            _ => {}
        }
    }

    fn target(&self, node: &Json) -> Result<&'a Json, ValueError> {
        let id = node.get("id").and_then(Json::as_u64);
        id.and_then(|id| self.objects.get(usize::try_from(id).ok()?).copied())
            .ok_or_else(|| malformed(format!("a ref to an object that is not there: {node}")))
    }

    fn value(&self, node: &Json, depth: usize) -> Result<Value, ValueError> {
        if depth > MAX_DEPTH {
            return Err(ValueError(
                "the IPC value is cyclic, or nested too deep, for a Rust value".into(),
            ));
        }
        let deeper = |child: &Json| self.value(child, depth + 1);
        Ok(match node {
            Json::Null => Value::Null,
            Json::Bool(flag) => Value::Bool(*flag),
            Json::Number(number) => Value::Number(number.as_f64().unwrap_or(f64::NAN)),
            Json::String(text) => Value::String(text.clone()),
            Json::Array(items) => Value::Array(items.iter().map(deeper).collect::<Result<_, _>>()?),
            Json::Object(fields) => match fields.get("$c") {
                None => Value::Object(
                    fields
                        .iter()
                        .map(|(key, field)| Ok((key.clone(), deeper(field)?)))
                        .collect::<Result<_, ValueError>>()?,
                ),
                Some(tag) => self.tagged(tag.as_str().unwrap_or_default(), fields, node, depth)?,
            },
        })
    }

    fn tagged(
        &self,
        tag: &str,
        fields: &JsonMap<String, Json>,
        node: &Json,
        depth: usize,
    ) -> Result<Value, ValueError> {
        let deeper = |child: &Json| self.value(child, depth + 1);
        let text = |name: &str| {
            fields
                .get(name)
                .and_then(Json::as_str)
                .map(str::to_string)
                .ok_or_else(|| malformed(format!("a {tag} without its {name}: {node}")))
        };
        Ok(match tag {
            "undefined" => Value::Undefined,
            "number" => Value::Number(special_number(&text("v")?)?),
            "bigint" => Value::BigInt(bigint_digits(&text("v")?)?.to_string()),
            "date" => Value::Date(match fields.get("v") {
                Some(Json::Number(time)) => time.as_f64().unwrap_or(f64::NAN),
                _ => f64::NAN,
            }),
            "regexp" => Value::RegExp {
                source: text("source")?,
                flags: text("flags")?,
            },
            "bytes" => {
                let kind = BytesKind::from_js_name(&text("type")?).unwrap_or(BytesKind::Uint8);
                let base64 = fields.get("base64").and_then(Json::as_str);
                let base64 =
                    base64.ok_or_else(|| malformed(format!("bytes without base64: {node}")))?;
                let bytes = cathode_cdp::base64::decode(base64)
                    .ok_or_else(|| malformed(format!("bytes that are not base64: {node}")))?;
                let element = kind.element_size();
                if bytes.len() % element != 0 {
                    return Err(malformed(format!(
                        "a {} of {} bytes, not a whole number of {element}-byte elements",
                        kind.js_name(),
                        bytes.len()
                    )));
                }
                Value::Bytes(kind, bytes)
            }
            "map" => Value::Map(
                pairs(fields.get("entries"))
                    .map(|(key, value)| Ok((deeper(key)?, deeper(value)?)))
                    .collect::<Result<_, ValueError>>()?,
            ),
            "set" => Value::Set(
                items(fields.get("values"))
                    .map(deeper)
                    .collect::<Result<_, _>>()?,
            ),
            "array" => {
                let length = fields.get("length").and_then(Json::as_u64).unwrap_or(0);
                let length = sparse_length(length, pairs(fields.get("items")).count())?;
                let mut array = vec![Value::Undefined; length];
                for (index, item) in pairs(fields.get("items")) {
                    let slot = index
                        .as_u64()
                        .and_then(|index| array.get_mut(usize::try_from(index).ok()?))
                        .ok_or_else(|| malformed(format!("a hole index out of range: {index}")))?;
                    *slot = deeper(item)?;
                }
                Value::Array(array)
            }
            "object" => Value::Object(
                pairs(fields.get("entries"))
                    .map(|(key, value)| {
                        let key = key.as_str().map(str::to_string);
                        let key = key.ok_or_else(|| {
                            malformed(format!("an object key that is not a string: {node}"))
                        })?;
                        Ok((key, deeper(value)?))
                    })
                    .collect::<Result<_, ValueError>>()?,
            ),
            "error" => Value::Error {
                name: text("name")?,
                message: text("message")?,
                stack: fields
                    .get("stack")
                    .and_then(Json::as_str)
                    .map(str::to_string),
                cause: fields.get("cause").map(deeper).transpose()?.map(Box::new),
            },
            "ref" => deeper(self.target(node)?)?,
            _ => return Err(malformed(format!("an unknown tag '{tag}'"))),
        })
    }
}

/// The most holes a sparse array may have: Rust holds every slot of it.
const MAX_HOLES: usize = 1 << 20;

/// The most digits a `BigInt` may have (about 3.3 million bits).
const MAX_BIGINT_DIGITS: usize = 1_000_000;

/// A sparse array's declared length, when its slots can be held: at most [`MAX_HOLES`] more than
/// the items it carries.
fn sparse_length(declared: u64, given: usize) -> Result<usize, ValueError> {
    usize::try_from(declared)
        .ok()
        .filter(|length| *length <= given.saturating_add(MAX_HOLES))
        .ok_or_else(|| {
            malformed(format!(
                "a sparse array of length {declared} with {given} items: more than {MAX_HOLES} holes"
            ))
        })
}

/// A `BigInt`'s decimal digits (with an optional `-`), checked.
fn bigint_digits(text: &str) -> Result<&str, ValueError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        let shown: String = text.chars().take(40).collect();
        return Err(malformed(format!(
            "a BigInt that is not decimal digits: '{shown}'"
        )));
    }
    if digits.len() > MAX_BIGINT_DIGITS {
        return Err(malformed(format!(
            "a BigInt of {} digits, over the {MAX_BIGINT_DIGITS}-digit limit",
            digits.len()
        )));
    }
    Ok(text)
}

fn special_number(text: &str) -> Result<f64, ValueError> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        "-0" => Ok(-0.0),
        _ => Err(malformed(format!("an unknown special number '{text}'"))),
    }
}

fn items(list: Option<&Json>) -> impl Iterator<Item = &Json> {
    list.and_then(Json::as_array).into_iter().flatten()
}

fn pairs(list: Option<&Json>) -> impl Iterator<Item = (&Json, &Json)> {
    items(list).filter_map(|pair| match pair.as_array()?.as_slice() {
        [key, value] => Some((key, value)),
        _ => None,
    })
}

/// Reads a page's value (in the wire format) into a serde type, each tagged value in its natural
/// shape (see the module's table); a [`Value`] anywhere in the type gets the value as it is.
///
/// ```
/// use std::collections::HashMap;
/// let wire = serde_json::json!({"$c": "map", "entries": [[1, {"$c": "bytes", "type": "Uint8Array", "base64": "AQI="}]]});
/// let map: HashMap<u32, Vec<u8>> = cathode::value::read(&wire).unwrap();
/// assert_eq!(map[&1], vec![1, 2]);
/// ```
pub fn read<T: de::DeserializeOwned>(wire: &Json) -> Result<T, ValueError> {
    let index = ObjectIndex::of(wire);
    T::deserialize(Typed {
        node: wire,
        index: &index,
        depth: 0,
    })
    .map_err(|error: TypedError| ValueError(error.0))
}

/// Reads a page's argument list (encoded as one value, the list) into a handler's argument type:
/// with exactly one argument, that argument first (with none, `undefined`), else or if that fails
/// the whole list. On failure, the error of the whole list's reading.
pub(crate) fn read_args<T: de::DeserializeOwned>(args: &[Json]) -> Result<T, ValueError> {
    let index = ObjectIndex::of_args(args);
    let at_top = |node| Typed {
        node,
        index: &index,
        depth: 0,
    };
    let alone = match args {
        [single] => Some(single),
        [] => Some(&Json::Null),
        _ => None,
    };
    if let Some(Ok(value)) = alone.map(|node| T::deserialize(at_top(node))) {
        return Ok(value);
    }
    T::deserialize(ArgList {
        args,
        parent: at_top(&Json::Null),
    })
    .map_err(|error: TypedError| ValueError(error.0))
}

/// A page's argument list read as one value (a tuple, a `Vec`, a [`Value`]), without copying it.
struct ArgList<'a> {
    args: &'a [Json],
    /// Where the arguments' readings take their object index from.
    parent: Typed<'a>,
}

impl<'de, 'a> de::Deserializer<'de> for ArgList<'a> {
    type Error = TypedError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        visitor.visit_seq(Seq::new(self.parent, self.args.iter().map(Some)))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TypedError> {
        if name != RAW_TOKEN {
            return visitor.visit_newtype_struct(self);
        }
        let items = self
            .args
            .iter()
            .map(|arg| self.parent.index.value(arg, 1))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| TypedError(error.0))?;
        hand_over(Value::Array(items), visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The error of a typed reading.
#[derive(Debug)]
struct TypedError(String);

impl fmt::Display for TypedError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for TypedError {}

impl de::Error for TypedError {
    fn custom<M: fmt::Display>(message: M) -> TypedError {
        TypedError(message.to_string())
    }
}

/// One node of a wire value, read into a serde type.
#[derive(Clone, Copy)]
struct Typed<'a> {
    node: &'a Json,
    index: &'a ObjectIndex<'a>,
    depth: usize,
}

impl<'a> Typed<'a> {
    fn child(&self, node: &'a Json) -> Typed<'a> {
        Typed {
            node,
            index: self.index,
            depth: self.depth + 1,
        }
    }

    fn tag(&self) -> Option<&'a str> {
        self.node.get("$c").and_then(Json::as_str)
    }

    fn field(&self, name: &str) -> Option<&'a Json> {
        self.node.get(name)
    }

    fn bytes(&self) -> Result<(BytesKind, Vec<u8>), TypedError> {
        match Value::from_wire(self.node).map_err(|error| TypedError(error.0))? {
            Value::Bytes(kind, bytes) => Ok((kind, bytes)),
            _ => Err(TypedError("not bytes".into())),
        }
    }
}

macro_rules! numbers_of {
    ($bytes:expr, $ty:ty) => {
        $bytes
            .chunks_exact(std::mem::size_of::<$ty>())
            .map(|chunk| {
                let mut array = [0u8; std::mem::size_of::<$ty>()];
                array.copy_from_slice(chunk);
                Json::from(<$ty>::from_le_bytes(array))
            })
            .collect::<Vec<Json>>()
    };
}

/// The numbers a typed array holds, as JSON numbers (64-bit integers that do not fit `f64`
/// exactly stay exact: JSON numbers keep `i64`/`u64`).
fn typed_array_numbers(kind: BytesKind, bytes: &[u8]) -> Vec<Json> {
    match kind {
        BytesKind::Int8 => bytes.iter().map(|byte| Json::from(*byte as i8)).collect(),
        BytesKind::Int16 => numbers_of!(bytes, i16),
        BytesKind::Uint16 => numbers_of!(bytes, u16),
        BytesKind::Int32 => numbers_of!(bytes, i32),
        BytesKind::Uint32 => numbers_of!(bytes, u32),
        BytesKind::Float32 => numbers_of!(bytes, f32),
        BytesKind::Float64 => numbers_of!(bytes, f64),
        BytesKind::BigInt64 => numbers_of!(bytes, i64),
        BytesKind::BigUint64 => numbers_of!(bytes, u64),
        _ => bytes.iter().map(|byte| Json::from(*byte)).collect(),
    }
}

/// Milliseconds since 1970 as RFC 3339 in UTC, with milliseconds.
fn rfc3339(time: f64) -> String {
    let millis = time as i64;
    let (days, in_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

impl<'de, 'a> de::Deserializer<'de> for Typed<'a> {
    type Error = TypedError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        if self.depth > MAX_DEPTH {
            return Err(TypedError(
                "the value is cyclic, or nested too deep, for a Rust type".into(),
            ));
        }
        let fields = match self.node {
            Json::Array(items) => return visitor.visit_seq(Seq::new(self, items.iter().map(Some))),
            Json::Object(fields) => fields,
            // A leaf, read in place (no copy of a long string).
            Json::Null => return visitor.visit_unit(),
            Json::Bool(flag) => return visitor.visit_bool(*flag),
            Json::String(text) => return visitor.visit_str(text),
            Json::Number(number) => {
                return match (number.as_u64(), number.as_i64()) {
                    (Some(unsigned), _) => visitor.visit_u64(unsigned),
                    (None, Some(signed)) => visitor.visit_i64(signed),
                    _ => visitor.visit_f64(number.as_f64().unwrap_or(f64::NAN)),
                };
            }
        };
        let Some(tag) = self.tag() else {
            return visitor.visit_map(Fields::new(
                self,
                fields.iter().map(|(k, v)| (Key::Text(k), v)),
            ));
        };
        let text = |name: &str| self.field(name).and_then(Json::as_str).unwrap_or_default();
        match tag {
            "undefined" => visitor.visit_unit(),
            "number" => visitor.visit_f64(special_number(text("v")).map_err(|e| TypedError(e.0))?),
            "bigint" => {
                let digits = bigint_digits(text("v")).map_err(|e| TypedError(e.0))?;
                if let Ok(small) = digits.parse::<i64>() {
                    visitor.visit_i64(small)
                } else if let Ok(large) = digits.parse::<u64>() {
                    visitor.visit_u64(large)
                } else {
                    visitor.visit_str(digits)
                }
            }
            "date" => match self.field("v").and_then(Json::as_f64) {
                Some(time) => visitor.visit_string(rfc3339(time)),
                None => visitor.visit_str("Invalid Date"),
            },
            "regexp" => visitor.visit_string(format!("/{}/{}", text("source"), text("flags"))),
            "bytes" => {
                let (kind, bytes) = self.bytes()?;
                let numbers = typed_array_numbers(kind, &bytes);
                let numbers =
                    de::value::SeqDeserializer::<_, serde_json::Error>::new(numbers.into_iter());
                visitor.visit_seq(numbers).map_err(de::Error::custom)
            }
            "map" => visitor.visit_map(Fields::new(
                self,
                pairs(self.field("entries")).map(|(key, value)| (Key::Node(key), value)),
            )),
            "set" => visitor.visit_seq(Seq::new(self, items(self.field("values")).map(Some))),
            "array" => {
                let length = self.field("length").and_then(Json::as_u64).unwrap_or(0);
                let given = pairs(self.field("items")).count();
                let length = sparse_length(length, given).map_err(|e| TypedError(e.0))?;
                let mut slots: Vec<Option<&Json>> = vec![None; length];
                for (index, item) in pairs(self.field("items")) {
                    if let Some(slot) = index
                        .as_u64()
                        .and_then(|i| slots.get_mut(usize::try_from(i).ok()?))
                    {
                        *slot = Some(item);
                    }
                }
                visitor.visit_seq(Seq::new(self, slots.into_iter()))
            }
            "object" => visitor.visit_map(Fields::new(
                self,
                pairs(self.field("entries"))
                    .filter_map(|(key, value)| Some((Key::Text(key.as_str()?), value))),
            )),
            "error" => visitor.visit_map(Fields::new(
                self,
                fields
                    .iter()
                    .filter(|(key, _)| *key != "$c")
                    .map(|(key, value)| (Key::Text(key), value)),
            )),
            "ref" => self
                .child(self.index.target(self.node).map_err(|e| TypedError(e.0))?)
                .deserialize_any(visitor),
            _ => Err(TypedError(format!("an unknown tag '{tag}'"))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        match (self.node, self.tag()) {
            (Json::Null, _) | (_, Some("undefined")) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        match self.tag() {
            Some("bytes") => visitor.visit_byte_buf(self.bytes()?.1),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TypedError> {
        if name == RAW_TOKEN {
            // A `Value`: the node as it is, its refs resolved against the whole value.
            let value = self
                .index
                .value(self.node, self.depth)
                .map_err(|error| TypedError(error.0))?;
            return hand_over(value, visitor);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TypedError> {
        self.node
            .clone()
            .deserialize_enum(name, variants, visitor)
            .map_err(de::Error::custom)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TypedError> {
        // `std::time::SystemTime` reads itself as these two fields: a `Date` gives them.
        let system_time = name == "SystemTime" && fields == SYSTEM_TIME_FIELDS;
        match self.field("v").and_then(Json::as_f64) {
            Some(time) if system_time && self.tag() == Some("date") => {
                if time < 0.0 {
                    return Err(TypedError(format!(
                        "a Date before 1970 ({}) cannot be a SystemTime",
                        rfc3339(time)
                    )));
                }
                let millis = time as u64;
                let parts = [
                    ("secs_since_epoch", millis / 1000),
                    ("nanos_since_epoch", millis % 1000 * 1_000_000),
                ];
                visitor
                    .visit_map(de::value::MapDeserializer::<_, serde_json::Error>::new(
                        parts.into_iter(),
                    ))
                    .map_err(de::Error::custom)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The fields serde's `SystemTime` reads.
const SYSTEM_TIME_FIELDS: &[&str] = &["secs_since_epoch", "nanos_since_epoch"];

/// A key of a map being read: an object's property name, or a `Map`'s key of any type.
enum Key<'a> {
    Text(&'a str),
    Node(&'a Json),
}

struct Seq<'a, I> {
    parent: Typed<'a>,
    items: I,
}

impl<'a, I> Seq<'a, I> {
    fn new(parent: Typed<'a>, items: I) -> Seq<'a, I> {
        Seq { parent, items }
    }
}

impl<'de, 'a, I: Iterator<Item = Option<&'a Json>>> SeqAccess<'de> for Seq<'a, I> {
    type Error = TypedError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, TypedError> {
        const HOLE: &Json = &Json::Null;
        match self.items.next() {
            None => Ok(None),
            Some(item) => seed
                .deserialize(self.parent.child(item.unwrap_or(HOLE)))
                .map(Some),
        }
    }
}

struct Fields<'a, I> {
    parent: Typed<'a>,
    entries: I,
    pending: Option<&'a Json>,
}

impl<'a, I> Fields<'a, I> {
    fn new(parent: Typed<'a>, entries: I) -> Fields<'a, I> {
        Fields {
            parent,
            entries,
            pending: None,
        }
    }
}

impl<'de, 'a, I: Iterator<Item = (Key<'a>, &'a Json)>> MapAccess<'de> for Fields<'a, I> {
    type Error = TypedError;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, TypedError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some(value);
        match key {
            Key::Text(text) => seed
                .deserialize(de::value::StrDeserializer::<TypedError>::new(text))
                .map(Some),
            Key::Node(node) => seed.deserialize(MapKey(self.parent.child(node))).map(Some),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, TypedError> {
        let value = self
            .pending
            .take()
            .ok_or_else(|| TypedError("a map value without its key".into()))?;
        seed.deserialize(self.parent.child(value))
    }
}

/// A `Map`'s key: as its own value, except that a string key can also be read as a number
/// (`HashMap<u32, _>` from an object's keys works the same way in serde_json).
struct MapKey<'a>(Typed<'a>);

impl<'de, 'a> de::Deserializer<'de> for MapKey<'a> {
    type Error = TypedError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        self.0.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use serde::Deserialize;

    use super::*;

    #[test]
    fn values_written_while_holding_give_their_large_bytes_and_nothing_else() {
        let value = Value::Array(vec![
            Value::Bytes(BytesKind::Uint16, vec![9; 8]),
            Value::Bytes(BytesKind::Uint8, vec![1]),
        ]);
        let (wire, held) = write_holding_large(8, || "t".into(), || value.to_wire());
        assert_eq!(
            wire,
            json!([
                {"$c": "bytes", "type": "Uint16Array", "token": "t"},
                {"$c": "bytes", "type": "Uint8Array", "base64": "AQ=="},
            ])
        );
        assert_eq!(held, vec![("t".to_string(), vec![9; 8])]);
        assert_eq!(
            value.to_wire()[0]["base64"],
            json!("CQkJCQkJCQk="),
            "and whole after"
        );
    }

    #[test]
    fn plain_json_reads_as_it_always_did() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Point {
            x: i32,
            y: Option<String>,
        }
        let point: Point = read(&json!({"x": 3, "y": null})).unwrap();
        assert_eq!(point, Point { x: 3, y: None });
        let list: (String, Vec<f64>) = read(&json!(["a", [1, 2.5]])).unwrap();
        assert_eq!(list, ("a".into(), vec![1.0, 2.5]));
    }

    #[test]
    fn tagged_values_read_in_their_natural_shapes() {
        let wire = json!({
            "missing": {"$c": "undefined"},
            "nan": {"$c": "number", "v": "NaN"},
            "big": {"$c": "bigint", "v": "12345678901234567890"},
            "huge": {"$c": "bigint", "v": "123456789012345678901234567890123456789012"},
            "when": {"$c": "date", "v": 1_700_000_000_000_i64},
            "pattern": {"$c": "regexp", "source": "a+", "flags": "g"},
            "counts": {"$c": "map", "entries": [[1, "one"], [2, "two"]]},
            "tags": {"$c": "set", "values": ["x", "y"]},
            "data": {"$c": "bytes", "type": "Uint8Array", "base64": "AAH/"},
            "floats": {"$c": "bytes", "type": "Float64Array", "base64": "AAAAAAAA+D8AAAAAAAAAwA=="},
            "holes": {"$c": "array", "length": 3, "items": [[1, 7]]},
            "failure": {"$c": "error", "name": "TypeError", "message": "bad", "stack": "at x"},
        });
        #[derive(Deserialize, Debug)]
        struct Failure {
            name: String,
            message: String,
        }
        #[derive(Deserialize, Debug)]
        struct All {
            missing: Option<u8>,
            nan: f64,
            big: u64,
            huge: String,
            when: String,
            pattern: String,
            counts: HashMap<u32, String>,
            tags: HashSet<String>,
            #[serde(with = "serde_bytes")]
            data: Vec<u8>,
            floats: Vec<f64>,
            holes: Vec<Option<u8>>,
            failure: Failure,
        }
        let all: All = read(&wire).unwrap();
        assert_eq!(all.missing, None);
        assert!(all.nan.is_nan());
        assert_eq!(all.big, 12_345_678_901_234_567_890);
        assert_eq!(all.huge, "123456789012345678901234567890123456789012");
        assert_eq!(all.when, "2023-11-14T22:13:20.000Z");
        assert_eq!(all.pattern, "/a+/g");
        assert_eq!(all.counts[&2], "two");
        assert!(all.tags.contains("y"));
        assert_eq!(all.data, vec![0, 1, 255]);
        assert_eq!(all.floats, vec![1.5, -2.0]);
        assert_eq!(all.holes, vec![None, Some(7), None]);
        assert_eq!(
            (all.failure.name.as_str(), all.failure.message.as_str()),
            ("TypeError", "bad")
        );
        let plain_bytes: Vec<u8> =
            read(&json!({"$c": "bytes", "type": "ArrayBuffer", "base64": "AQI="})).unwrap();
        assert_eq!(plain_bytes, vec![1, 2]);
    }

    #[test]
    fn a_value_anywhere_in_a_type_gets_the_value_as_it_is() {
        let wire = json!(["save", {"$c": "map", "entries": [[{"$c": "undefined"}, {"$c": "date", "v": 5}]]}]);
        let (channel, value): (String, Value) = read(&wire).unwrap();
        assert_eq!(channel, "save");
        assert_eq!(
            value,
            Value::Map(vec![(Value::Undefined, Value::Date(5.0))])
        );
        assert_eq!(Value::from_wire(&value.to_wire()).unwrap(), value);
    }

    #[test]
    fn shared_objects_are_read_in_each_place_and_cycles_are_refused() {
        // [shared, shared] where shared = {"n": 1}: object 0 is the array, object 1 the shared one.
        let shared = json!([{"n": 1}, {"$c": "ref", "id": 1}]);
        let both: Vec<HashMap<String, u8>> = read(&shared).unwrap();
        assert_eq!(both[1]["n"], 1);
        let cyclic = json!({"self": {"$c": "ref", "id": 0}});
        let error = Value::from_wire(&cyclic).unwrap_err();
        assert!(error.to_string().contains("cyclic"), "{error}");
        let typed: Result<HashMap<String, Value>, _> = read(&cyclic);
        assert!(typed.is_err());
        let dangling = json!([{"$c": "ref", "id": 9}]);
        assert!(Value::from_wire(&dangling)
            .unwrap_err()
            .to_string()
            .contains("not there"));
    }

    #[test]
    fn every_value_survives_the_wire() {
        let value = Value::Object(vec![
            ("$c".into(), Value::String("looks like a tag".into())),
            (
                "n".into(),
                Value::Array(vec![
                    Value::Number(-0.0),
                    Value::Number(f64::INFINITY),
                    Value::BigInt("-5".into()),
                    Value::Undefined,
                ]),
            ),
            (
                "re".into(),
                Value::RegExp {
                    source: "x".into(),
                    flags: "i".into(),
                },
            ),
            ("set".into(), Value::Set(vec![Value::Bool(true)])),
            (
                "bytes".into(),
                Value::Bytes(BytesKind::DataView, vec![9, 8]),
            ),
            (
                "error".into(),
                Value::Error {
                    name: "RangeError".into(),
                    message: "out".into(),
                    stack: None,
                    cause: Some(Box::new(Value::String("why".into()))),
                },
            ),
            ("bad date".into(), Value::Date(f64::NAN)),
        ]);
        let back = Value::from_wire(&value.to_wire()).unwrap();
        // NaN is not equal to itself: compare the wire forms.
        assert_eq!(back.to_wire(), value.to_wire());
        let Value::Object(fields) = back else {
            panic!("an object")
        };
        let Value::Array(numbers) = &fields[1].1 else {
            panic!("an array")
        };
        assert!(
            matches!(numbers[0], Value::Number(zero) if zero == 0.0 && zero.is_sign_negative())
        );
    }

    #[test]
    fn dates_format_as_rfc3339() {
        assert_eq!(rfc3339(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400_123.0), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339(-1.0), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn a_date_reads_as_a_system_time_and_one_before_1970_is_refused() {
        use std::time::{Duration, SystemTime};
        let time: SystemTime = read(&json!({"$c": "date", "v": 1_700_000_000_123.0})).unwrap();
        assert_eq!(
            time.duration_since(SystemTime::UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_700_000_000_123)
        );
        let error = read::<SystemTime>(&json!({"$c": "date", "v": -1000.0})).unwrap_err();
        assert!(error.to_string().contains("before 1970"), "{error}");
        let text: String = read(&json!({"$c": "date", "v": 0.0})).unwrap();
        assert_eq!(
            text, "1970-01-01T00:00:00.000Z",
            "strings still get RFC 3339"
        );
    }
}
