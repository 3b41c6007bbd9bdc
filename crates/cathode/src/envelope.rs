//! The IPC envelope: one versioned JSON shape for every message between a page and main.
//!
//! Page to main (the binding's one string argument):
//! `{"v":1,"kind":"send","channel":"ping","args":[1,"two"]}`.
//! Main to page (the dispatcher's one argument): the same shape. Every field that comes from a
//! page is untrusted: [`Envelope::parse`] checks it all and says what is wrong.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The envelope version this build speaks.
pub const VERSION: u32 = 1;

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An asynchronous message (`ipcRenderer.send`, `WebContents::send`).
    Send,
}

/// One IPC message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Envelope version.
    pub v: u32,
    /// What the message is.
    pub kind: Kind,
    /// The channel name.
    pub channel: String,
    /// The arguments.
    pub args: Vec<Value>,
}

/// Why a message from a page was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EnvelopeError {
    /// Not JSON, or not the envelope's shape.
    #[error("not a cathode IPC envelope: {0}")]
    Malformed(String),
    /// A version this build does not speak.
    #[error("IPC envelope version {0} is not supported (this build speaks version {VERSION})")]
    UnsupportedVersion(u32),
    /// An empty channel name.
    #[error("the IPC channel name is empty")]
    EmptyChannel,
}

impl Envelope {
    /// A `send` message.
    pub fn send(channel: &str, args: Vec<Value>) -> Envelope {
        Envelope {
            v: VERSION,
            kind: Kind::Send,
            channel: channel.to_string(),
            args,
        }
    }

    /// Parses and checks a message that came from a page.
    pub fn parse(payload: &str) -> Result<Envelope, EnvelopeError> {
        let envelope: Envelope = serde_json::from_str(payload)
            .map_err(|error| EnvelopeError::Malformed(error.to_string()))?;
        if envelope.v != VERSION {
            return Err(EnvelopeError::UnsupportedVersion(envelope.v));
        }
        if envelope.channel.is_empty() {
            return Err(EnvelopeError::EmptyChannel);
        }
        Ok(envelope)
    }
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
            Ok(Envelope::send("ping", vec![json!(1), json!("a")]))
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
            r#"{"v":1,"kind":"teleport","channel":"a","args":[]}"#,
            r#"{"v":1,"kind":"send","channel":"a","args":[],"extra":true}"#,
        ] {
            assert!(
                matches!(Envelope::parse(payload), Err(EnvelopeError::Malformed(_))),
                "{payload:?} was not refused as malformed"
            );
        }
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
}
