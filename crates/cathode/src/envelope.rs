//! The IPC envelope: one versioned JSON shape for every message between a page and main.
//!
//! Page to main, through the private binding (`send`, `invoke`) or as the body of the synchronous
//! request (`sync`):
//! `{"v":1,"kind":"send","channel":"ping","args":[1,"two"]}`,
//! `{"v":1,"kind":"invoke","id":7,"channel":"sum","args":[1,2]}`.
//! Main to page, as the dispatcher's one argument: `send` in the same shape, and the outcome of an
//! invoke: `{"v":1,"kind":"result","id":7,"ok":3}` or `{..,"error":{"message":"...","name":"Error"}}`
//! (an error may also carry `"data"`: any JSON value).
//! The answer to a `sync` request is the response body: `{"ok":3}` or `{"error":{...}}`.
//!
//! Every field that comes from a page is untrusted: [`Envelope::parse`] checks it all and says
//! what is wrong.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The envelope version this build speaks.
const VERSION: u32 = 1;

/// One IPC message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Envelope {
    /// Envelope version.
    pub v: u32,
    /// What the message is: `send`, `sync`, `invoke`, or a kind a plugin reserved.
    pub kind: String,
    /// Matches an invoke with its result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The channel name.
    pub channel: String,
    /// The arguments.
    pub args: Vec<Value>,
}

/// Why a message from a page was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub(crate) enum EnvelopeError {
    /// Not JSON, or not the envelope's shape.
    #[error("not a cathode IPC envelope: {0}")]
    Malformed(String),
    /// A version this build does not speak.
    #[error("IPC envelope version {0} is not supported (this build speaks version {VERSION})")]
    UnsupportedVersion(u32),
    /// An empty channel name.
    #[error("the IPC channel name is empty")]
    EmptyChannel,
    /// An invoke without an id to answer to.
    #[error("an invoke message needs a numeric id")]
    MissingId,
    /// A message of another kind than the path it came on carries.
    #[error("a '{0}' message cannot come this way")]
    WrongKind(String),
    /// A kind that neither cathode nor any plugin of the app reserved.
    #[error("no part of the main process takes '{0}' messages")]
    UnknownKind(String),
    /// The envelope is well formed, but its arguments hold something main cannot read.
    #[error("its arguments cannot be read in main: {0}")]
    UnreadableArgs(String),
}

/// The fields of an envelope that say what it is and whom to answer, read without its arguments:
/// enough to answer a request whose arguments cannot be read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    /// What the message is.
    pub kind: String,
    /// The invoke's id, if any.
    #[serde(default)]
    pub id: Option<u64>,
    /// The channel name.
    pub channel: String,
    #[serde(rename = "v")]
    _version: serde::de::IgnoredAny,
    #[serde(rename = "args")]
    _args: SkippedList,
}

/// A JSON array skipped without decoding its members: no depth limit, no string checks.
#[derive(Debug, Clone, PartialEq)]
struct SkippedList;

impl<'de> Deserialize<'de> for SkippedList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SkippedList;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of arguments")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<SkippedList, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(SkippedList)
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

impl Header {
    /// Reads the header of an envelope; `None` when even that is not there.
    pub(crate) fn parse(payload: &str) -> Option<Header> {
        serde_json::from_str(payload).ok()
    }
}

/// Says in plain words why JSON from a page could not be read, for the two causes a page can hit
/// with ordinary values (a string cut in the middle of a surrogate pair, a deeply nested value).
fn describe_json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if ["surrogate", "hex escape", "unicode code point"]
        .iter()
        .any(|cause| text.contains(cause))
    {
        format!(
            "a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text ({text})"
        )
    } else if text.contains("recursion limit") {
        format!("a value is nested more than 128 levels deep ({text})")
    } else {
        text
    }
}

impl Envelope {
    /// A message of `kind` on `channel`.
    pub(crate) fn new(kind: &str, channel: &str, args: Vec<Value>) -> Envelope {
        Envelope {
            v: VERSION,
            kind: kind.to_string(),
            id: None,
            channel: channel.to_string(),
            args,
        }
    }

    /// Parses and checks a message that came from a page.
    pub(crate) fn parse(payload: &str) -> Result<Envelope, EnvelopeError> {
        let envelope: Envelope = serde_json::from_str(payload).map_err(|error| {
            if Header::parse(payload).is_some() {
                EnvelopeError::UnreadableArgs(describe_json_error(&error))
            } else {
                EnvelopeError::Malformed(error.to_string())
            }
        })?;
        if envelope.v != VERSION {
            return Err(EnvelopeError::UnsupportedVersion(envelope.v));
        }
        if envelope.channel.is_empty() {
            return Err(EnvelopeError::EmptyChannel);
        }
        Ok(envelope)
    }
}

/// An error as the page rebuilds it: `new Error(message)` with `name`; what a request a page
/// made fails with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageError {
    /// The error's message.
    pub message: String,
    /// The error's name (`Error`, `TypeError`, ...).
    pub name: String,
    /// Extra data, set on the rebuilt Error as `data` (an [`crate::InvokeError`]'s data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl PageError {
    /// An `Error` with this message.
    pub fn new(message: impl Into<String>) -> PageError {
        PageError {
            message: message.into(),
            name: "Error".into(),
            data: None,
        }
    }
}

/// The outcome of a request, as the page receives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// It succeeded with this value.
    Ok(Value),
    /// It failed.
    Error(PageError),
}

/// The answer to an invoke: `{"v":1,"kind":"result","id":7,"ok":3}`.
#[derive(Debug, Serialize)]
pub(crate) struct InvokeResult<'a> {
    /// Envelope version.
    pub v: u32,
    /// Always `result`.
    pub kind: &'static str,
    /// The invoke's id.
    pub id: u64,
    /// The outcome, flattened into the object.
    #[serde(flatten)]
    pub outcome: &'a Outcome,
}

impl<'a> InvokeResult<'a> {
    /// The result of invoke `id`.
    pub(crate) fn new(id: u64, outcome: &'a Outcome) -> InvokeResult<'a> {
        InvokeResult {
            v: VERSION,
            kind: "result",
            id,
            outcome,
        }
    }
}

/// A list of IPC arguments: a tuple (`()`, `(a,)`, `(a, b)`, ... up to 8) of serializable values,
/// or a `Vec<serde_json::Value>`. Each element becomes one argument of the page's listener. A
/// single string, number or `bool` may also stand alone, as one argument.
///
/// ```
/// use cathode::IpcArgs;
/// assert_eq!(42.into_args().unwrap(), vec![serde_json::json!(42)]);
/// assert_eq!(("a", 1).into_args().unwrap(), vec![serde_json::json!("a"), serde_json::json!(1)]);
/// ```
pub trait IpcArgs {
    /// The arguments as JSON values; fails when one cannot be encoded (a map whose keys are not
    /// strings, or a `Serialize` implementation that fails).
    fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error>;
}

impl IpcArgs for Vec<Value> {
    fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error> {
        Ok(self)
    }
}

macro_rules! tuple_args {
    ($($name:ident),*) => {
        impl<$($name: Serialize),*> IpcArgs for ($($name,)*) {
            #[allow(non_snake_case)]
            fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error> {
                let ($($name,)*) = self;
                Ok(vec![$(serde_json::to_value($name)?),*])
            }
        }
    };
}
tuple_args!();
tuple_args!(A);
tuple_args!(A, B);
tuple_args!(A, B, C);
tuple_args!(A, B, C, D);
tuple_args!(A, B, C, D, E);
tuple_args!(A, B, C, D, E, F);
tuple_args!(A, B, C, D, E, F, G);
tuple_args!(A, B, C, D, E, F, G, H);

macro_rules! single_arg {
    ($($ty:ty),*) => {$(
        impl IpcArgs for $ty {
            fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error> {
                Ok(vec![serde_json::to_value(self)?])
            }
        }
    )*};
}
single_arg!(&str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, f32, f64);

/// The channel named near the start of a payload too large to parse, for the log line that says
/// it was refused. The renderer runtime writes `channel` among the first fields.
pub(crate) fn peek_channel(payload: &str) -> Option<&str> {
    const KEY: &str = "\"channel\":\"";
    let head = &payload[..floor_char_boundary(payload, 1024)];
    let start = head.find(KEY)? + KEY.len();
    let rest = &payload[start..floor_char_boundary(payload, start + 256)];
    let end = rest.find('"')?;
    Some(&rest[..end])
}

/// The kind and request id of a message too large to parse, so that a request can be answered.
/// The renderer runtime writes `kind` and `id` first.
pub(crate) fn peek_kind_and_id(payload: &str) -> (Option<&str>, Option<u64>) {
    const KIND: &str = "\"kind\":\"";
    const ID: &str = "\"id\":";
    let head = &payload[..floor_char_boundary(payload, 128)];
    let kind = head.find(KIND).and_then(|start| {
        let rest = &head[start + KIND.len()..];
        rest.find('"').map(|end| &rest[..end])
    });
    let id = head.find(ID).and_then(|start| {
        let digits: String = head[start + ID.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    });
    (kind, id)
}

pub(crate) fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_well_formed_send_parses() {
        let parsed = Envelope::parse(r#"{"v":1,"kind":"send","channel":"ping","args":[1,"a"]}"#);
        assert_eq!(
            parsed,
            Ok(Envelope::new("send", "ping", vec![json!(1), json!("a")]))
        );
    }

    #[test]
    fn garbage_and_wrong_shapes_are_refused_with_a_reason() {
        for payload in [
            "",
            "not json",
            "[]",
            "42",
            r#"{"v":1}"#,
            r#"{"v":1,"kind":"send","channel":5,"args":[]}"#,
            r#"{"v":1,"kind":"send","channel":"a","args":{}}"#,
            r#"{"v":1,"kind":7,"channel":"a","args":[]}"#,
            r#"{"v":1,"kind":"send","channel":"a","args":[],"extra":true}"#,
            r#"{"v":1,"kind":"invoke","id":-1,"channel":"a","args":[]}"#,
        ] {
            assert!(
                matches!(Envelope::parse(payload), Err(EnvelopeError::Malformed(_))),
                "{payload:?} was not refused as malformed"
            );
        }
    }

    #[test]
    fn arguments_main_cannot_read_are_named_and_keep_the_header() {
        let surrogate = r#"{"v":1,"kind":"invoke","id":3,"channel":"x","args":["\ud800"]}"#;
        let error = Envelope::parse(surrogate).unwrap_err();
        assert!(
            matches!(&error, EnvelopeError::UnreadableArgs(why) if why.contains("lone UTF-16 surrogate")),
            "{error}"
        );
        let header = Header::parse(surrogate).unwrap();
        assert_eq!(
            (header.kind.as_str(), header.id, header.channel.as_str()),
            ("invoke", Some(3), "x")
        );
        let deep = format!(
            r#"{{"v":1,"kind":"invoke","id":4,"channel":"y","args":[{}{}]}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let error = Envelope::parse(&deep).unwrap_err();
        assert!(
            matches!(&error, EnvelopeError::UnreadableArgs(why) if why.contains("128 levels")),
            "{error}"
        );
        assert_eq!(Header::parse(&deep).unwrap().id, Some(4));
        assert_eq!(Header::parse("garbage"), None);
    }

    #[test]
    fn other_versions_and_empty_channels_are_refused() {
        assert_eq!(
            Envelope::parse(r#"{"v":2,"kind":"send","channel":"a","args":[]}"#),
            Err(EnvelopeError::UnsupportedVersion(2))
        );
        assert_eq!(
            Envelope::parse(r#"{"v":1,"kind":"send","channel":"","args":[]}"#),
            Err(EnvelopeError::EmptyChannel)
        );
    }

    #[test]
    fn results_serialize_as_the_page_expects() {
        let ok = Outcome::Ok(json!(3));
        assert_eq!(
            serde_json::to_value(InvokeResult::new(7, &ok)).unwrap(),
            json!({"v": 1, "kind": "result", "id": 7, "ok": 3})
        );
        let failed = Outcome::Error(PageError::new("boom"));
        assert_eq!(
            serde_json::to_value(&failed).unwrap(),
            json!({"error": {"message": "boom", "name": "Error"}})
        );
    }

    #[test]
    fn the_id_of_a_huge_invoke_can_be_peeked() {
        let payload = format!(
            r#"{{"v":1,"kind":"invoke","id":42,"channel":"big","args":["{}"]}}"#,
            "x".repeat(5000)
        );
        assert_eq!(peek_kind_and_id(&payload), (Some("invoke"), Some(42)));
        assert_eq!(
            peek_kind_and_id(r#"{"v":1,"kind":"send","channel":"a"}"#),
            (Some("send"), None)
        );
        assert_eq!(peek_kind_and_id("garbage"), (None, None));
    }

    #[test]
    fn the_channel_of_a_huge_payload_can_be_peeked() {
        let payload = format!(
            r#"{{"v":1,"kind":"send","channel":"big","args":["{}"]}}"#,
            "x".repeat(5000)
        );
        assert_eq!(peek_channel(&payload), Some("big"));
        assert_eq!(peek_channel("garbage"), None);
        assert_eq!(peek_channel(&"é".repeat(2000)), None);
    }
}
