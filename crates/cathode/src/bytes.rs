//! The side path of large binary values and strings main sends to a page: held under one-time
//! tokens until the page's runtime fetches them as raw bytes, so they never travel as base64 or
//! escaped text inside CDP messages.
//!
//! Main's message to a page is JSON in which bytes are base64 text (`{"$c": "bytes", "type",
//! "base64"}`, see `renderer/values.js`). Each such value of at least [`MIN_FETCHED_BYTES`] bytes
//! is kept in the window's [`HeldBytes`] under a fresh random token instead, and its node becomes
//! `{"$c": "bytes", "type", "token"}`: a [`crate::Value`]'s bytes as the message's values are
//! converted to JSON ([`convert_holding`]), any other bytes node's base64 decoded just before the
//! message goes ([`encode_holding_large`]); the dispatcher is
//! called with the message and the list of its tokens (`renderer/bytes.js`). A string of at
//! least [`MIN_FETCHED_STRING`] bytes of UTF-8 among the message's values is held the same way,
//! as UTF-8, its node `{"$c": "string", "token"}`, which the page replaces with the decoded
//! string before anything reads the message. The page `fetch`es
//! `<sync URL>/bytes/<token>` for each, which its own session pauses like a sync request, and
//! main answers the first such request of the page's main frame with the bytes (raw on the CBOR
//! pipe) and forgets them; any other request for the URL gets a 404 and nothing else. What is
//! not fetched goes when the message could not be handed to the page, when the document goes
//! away, and with the window.
//!
//! A page whose Content-Security-Policy forbids the fetch (a `connect-src` or `default-src`
//! without `https://cathode.invalid`, as in Electron's quick-start) asks main for each token
//! through the binding instead, a message of kind [`HELD_BYTES`] from its main frame, and main
//! answers with the bytes as base64 inside a message of that kind
//! (`WindowShared::send_held_bytes_inline`): slower, but nothing is lost.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value as Json;

use crate::extensions::Extensions;
use crate::listeners::lock;

/// The smallest binary value that takes the fetched path; smaller ones stay base64 inside the
/// message. Chosen from the crossover measured by `benches/ipc.rs` (`payload_binary_crossover`,
/// see ARCHITECTURE.md, "Large payloads").
pub(crate) const MIN_FETCHED_BYTES: usize = 256 << 10;

/// The shortest string (in bytes of UTF-8) that takes the fetched path; shorter ones stay inside
/// the message, where JSON text moves faster than base64 does (`payload_string_crossover`).
pub(crate) const MIN_FETCHED_STRING: usize = 768 << 10;

/// Sets another smallest fetched size, of bytes and strings alike, for the whole process (a
/// number of bytes; read once): how the bench measures both paths at every size.
const MIN_FETCHED_BYTES_VAR: &str = "CATHODE_MIN_FETCHED_BYTES";

/// The smallest fetched binary value and string: [`MIN_FETCHED_BYTES`] and
/// [`MIN_FETCHED_STRING`], unless the process was started with [`MIN_FETCHED_BYTES_VAR`].
fn min_fetched() -> Thresholds {
    static MIN: std::sync::OnceLock<Thresholds> = std::sync::OnceLock::new();
    *MIN.get_or_init(|| {
        match std::env::var(MIN_FETCHED_BYTES_VAR)
            .ok()
            .and_then(|value| value.parse().ok())
        {
            Some(min) => Thresholds {
                bytes: min,
                string: min,
            },
            None => Thresholds {
                bytes: MIN_FETCHED_BYTES,
                string: MIN_FETCHED_STRING,
            },
        }
    })
}

/// The smallest values that take the fetched path, in bytes.
#[derive(Debug, Clone, Copy)]
struct Thresholds {
    bytes: usize,
    string: usize,
}

/// The kind of the page's request for held bytes it could not fetch, and of main's answer; the
/// channel is the token.
pub(crate) const HELD_BYTES: &str = "held-bytes";

/// How many hex digits a token has (128 random bits).
const TOKEN_LEN: usize = 32;

/// A window's bytes that wait for its page to fetch them, by token.
#[derive(Default)]
pub(crate) struct HeldBytes {
    by_token: Mutex<HashMap<String, Vec<u8>>>,
    /// Tokens taken as a message's values were converted ([`convert_holding`]) whose message has
    /// not gone yet.
    unsent: Mutex<Vec<String>>,
}

/// Runs `convert`, the conversion of a message's values to JSON for the page of `extensions`
/// (`IpcArgs::into_args`, an invoke's result), with the large binary values of its
/// [`crate::Value`]s taken out into the window's held bytes as it goes: they are never written as
/// base64 text and read back (about 2 ms a MiB). Their message, when it goes, takes their tokens
/// (`encode_holding_large` finds them in it); what a failed conversion took is let go at once,
/// and what never goes, with the document.
pub(crate) fn convert_holding<T, E>(
    extensions: &Extensions,
    convert: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let (converted, moved) =
        crate::value::write_holding_large(min_fetched().bytes, new_token, convert);
    if converted.is_ok() && !moved.is_empty() {
        let tokens = hold(extensions, moved);
        let held = extensions.get_or_insert_with(HeldBytes::default);
        lock(&held.unsent).extend(tokens);
    }
    converted
}

/// The tokens of bytes taken as values were converted whose message `json` is: no longer unsent.
fn claim_unsent(extensions: &Extensions, json: &str) -> Vec<String> {
    let Some(held) = extensions.get::<HeldBytes>() else {
        return Vec::new();
    };
    let mut unsent = lock(&held.unsent);
    let (claimed, left): (Vec<String>, Vec<String>) = std::mem::take(&mut *unsent)
        .into_iter()
        .partition(|token| json.contains(token.as_str()));
    *unsent = left;
    claimed
}

/// Main's message to a page as JSON text, its large binary values and strings moved into the
/// window's held bytes, with their tokens (those of values taken as they were converted, see
/// [`convert_holding`], among them). A message too short to hold one, or without one, is written
/// once, as it always was.
pub(crate) fn encode_holding_large(
    extensions: &Extensions,
    message: &impl serde::Serialize,
) -> Result<(String, Vec<String>), serde_json::Error> {
    let json = serde_json::to_string(message)?;
    let mut tokens = claim_unsent(extensions, &json);
    let min = min_fetched();
    if json.len() < min.bytes.min(min.string) {
        return Ok((json, tokens));
    }
    let mut tree = serde_json::to_value(message)?;
    let mut moved = Vec::new();
    take_large(&mut tree, &mut moved);
    if moved.is_empty() {
        return Ok((json, tokens));
    }
    tokens.extend(hold(extensions, moved));
    Ok((serde_json::to_string(&tree)?, tokens))
}

fn new_token() -> String {
    crate::renderer::random_hex(TOKEN_LEN)
}

/// Takes the large binary values and strings out of `message` (main's JSON message to a page),
/// adding (token, bytes) to `moved` in the order they appear. Strings move only from the
/// message's values (`args`, an invoke result's `ok`), never from its envelope, and not the text
/// fields of tagged values (a `$c` tag, a `type`).
fn take_large(message: &mut Json, moved: &mut Vec<(String, Vec<u8>)>) {
    let min = min_fetched();
    match message {
        Json::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                let strings = key == "args" || key == "ok";
                collect(value, min, strings, moved);
            }
        }
        other => collect(other, min, false, moved),
    }
}

/// Puts `moved` into the window's held bytes; their tokens.
fn hold(extensions: &Extensions, moved: Vec<(String, Vec<u8>)>) -> Vec<String> {
    if moved.is_empty() {
        return Vec::new();
    }
    let held = extensions.get_or_insert_with(HeldBytes::default);
    let mut by_token = lock(&held.by_token);
    moved
        .into_iter()
        .map(|(token, bytes)| {
            by_token.insert(token.clone(), bytes);
            token
        })
        .collect()
}

/// Replaces each large bytes node under `node`, and each large string when `strings`, with its
/// token, collecting (token, bytes; a string's as UTF-8).
fn collect(node: &mut Json, min: Thresholds, strings: bool, moved: &mut Vec<(String, Vec<u8>)>) {
    if let Json::String(text) = node {
        if strings && text.len() >= min.string {
            let token = new_token();
            moved.push((token.clone(), std::mem::take(text).into_bytes()));
            *node = serde_json::json!({"$c": "string", "token": token});
        }
        return;
    }
    match node {
        Json::Array(items) => items
            .iter_mut()
            .for_each(|item| collect(item, min, strings, moved)),
        Json::Object(fields) => {
            let tagged = fields.contains_key("$c");
            let large = fields.get("$c").and_then(Json::as_str) == Some("bytes")
                && fields
                    .get("base64")
                    .and_then(Json::as_str)
                    .is_some_and(|text| text.len() / 4 * 3 >= min.bytes);
            if !large {
                return fields
                    .values_mut()
                    .filter(|item| !(tagged && item.is_string()))
                    .for_each(|item| collect(item, min, strings, moved));
            }
            let Some(Json::String(text)) = fields.remove("base64") else {
                return;
            };
            match cathode_cdp::base64::decode(&text) {
                Some(bytes) => {
                    let token = new_token();
                    fields.insert("token".into(), Json::String(token.clone()));
                    moved.push((token, bytes));
                }
                // Not ours to judge: the page's decoder reports it, as it always did.
                None => {
                    fields.insert("base64".into(), Json::String(text));
                }
            }
        }
        _ => {}
    }
}

/// Takes the bytes held under `token`, once.
pub(crate) fn take(extensions: &Extensions, token: &str) -> Option<Vec<u8>> {
    let held = extensions.get::<HeldBytes>()?;
    let taken = lock(&held.by_token).remove(token);
    taken
}

/// How many bytes are held under `tokens`.
pub(crate) fn size_of(extensions: &Extensions, tokens: &[String]) -> usize {
    let Some(held) = extensions.get::<HeldBytes>() else {
        return 0;
    };
    let by_token = lock(&held.by_token);
    tokens
        .iter()
        .filter_map(|token| by_token.get(token))
        .map(Vec::len)
        .sum()
}

/// Forgets the bytes of `tokens` (their message never reached the page).
pub(crate) fn release(extensions: &Extensions, tokens: &[String]) {
    if let Some(held) = extensions.get::<HeldBytes>() {
        let mut by_token = lock(&held.by_token);
        for token in tokens {
            by_token.remove(token);
        }
    }
}

/// Forgets every held value (the document they were for went away); how many there were.
pub(crate) fn release_all(extensions: &Extensions) -> usize {
    extensions.get::<HeldBytes>().map_or(0, |held| {
        lock(&held.unsent).clear();
        lock(&held.by_token).drain().count()
    })
}

/// How many values and bytes wait to be fetched.
pub(crate) fn held(extensions: &Extensions) -> (usize, usize) {
    extensions.get::<HeldBytes>().map_or((0, 0), |held| {
        let by_token = lock(&held.by_token);
        (by_token.len(), by_token.values().map(Vec::len).sum())
    })
}

/// The token a request for held bytes names, when `url` is one (`None`: some other URL).
pub(crate) fn token_of<'a>(url: &'a str, sync_url: &str) -> Option<&'a str> {
    url.strip_prefix(sync_url)?
        .strip_prefix(crate::renderer::BYTES_PATH)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Takes the large values out of `message` into `extensions`' held bytes; their tokens.
    fn hold_large(extensions: &Extensions, message: &mut Json) -> Vec<String> {
        let mut moved = Vec::new();
        take_large(message, &mut moved);
        hold(extensions, moved)
    }

    #[test]
    fn a_values_large_bytes_are_held_as_it_is_converted_and_go_with_its_message() {
        use crate::envelope::{Envelope, IpcArgs};
        use crate::{BytesKind, Value};
        let extensions = Extensions::default();
        let large = vec![5u8; MIN_FETCHED_BYTES];
        let args = (
            Value::Bytes(BytesKind::Int8, large.clone()),
            Value::Bytes(BytesKind::Uint8, vec![1, 2]),
        );
        let args = convert_holding(&extensions, || args.into_args()).unwrap();
        assert_eq!(held(&extensions), (1, MIN_FETCHED_BYTES), "held at once");
        let other = convert_holding(&extensions, || {
            (Value::Bytes(BytesKind::Uint8, large.clone()),).into_args()
        })
        .unwrap();
        let (json, tokens) =
            encode_holding_large(&extensions, &Envelope::new("send", "c", args)).unwrap();
        assert_eq!(tokens.len(), 1, "only this message's");
        assert_eq!(
            serde_json::from_str::<Json>(&json).unwrap()["args"],
            json!([
                {"$c": "bytes", "type": "Int8Array", "token": tokens[0]},
                {"$c": "bytes", "type": "Uint8Array", "base64": "AQI="},
            ])
        );
        let (_, again) =
            encode_holding_large(&extensions, &Envelope::new("send", "c", other)).unwrap();
        assert_eq!(again.len(), 1);
        assert_ne!(again, tokens);
        assert_eq!(take(&extensions, &tokens[0]), Some(large));
        // A conversion that fails after it met a large value.
        let failed = convert_holding(&extensions, || {
            (Value::Bytes(BytesKind::Uint8, vec![0; MIN_FETCHED_BYTES]),)
                .into_args()
                .and_then(|_| Err::<(), _>(serde::ser::Error::custom("no")))
        });
        assert!(failed.is_err());
        assert_eq!(held(&extensions).0, 1, "a failed conversion holds nothing");
    }

    #[test]
    fn only_large_bytes_are_held_and_each_token_answers_once() {
        let extensions = Extensions::default();
        let large = vec![7u8; MIN_FETCHED_BYTES];
        let small = cathode_cdp::base64::encode(&[1, 2, 3]);
        let mut message = json!({"kind": "send", "args": [
            {"$c": "bytes", "type": "Float64Array", "base64": cathode_cdp::base64::encode(&large)},
            {"nested": [{"$c": "bytes", "type": "Uint8Array", "base64": small}]},
            {"$c": "bytes", "type": "ArrayBuffer", "base64": "not base64!".repeat(MIN_FETCHED_BYTES)},
        ]});
        let tokens = hold_large(&extensions, &mut message);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].len(), TOKEN_LEN);
        assert_eq!(
            message["args"][0],
            json!({"$c": "bytes", "type": "Float64Array", "token": tokens[0]})
        );
        assert_eq!(message["args"][1]["nested"][0]["base64"], json!(small));
        assert!(
            message["args"][2]["base64"].is_string(),
            "left for the page to refuse"
        );
        assert_eq!(held(&extensions), (1, MIN_FETCHED_BYTES));
        assert_eq!(take(&extensions, "0".repeat(TOKEN_LEN).as_str()), None);
        assert_eq!(take(&extensions, &tokens[0]), Some(large));
        assert_eq!(take(&extensions, &tokens[0]), None, "a token answers once");
        assert_eq!(held(&extensions), (0, 0));
    }

    #[test]
    fn a_message_is_written_as_it_was_unless_it_holds_large_bytes() {
        let extensions = Extensions::default();
        let text = "x".repeat(MIN_FETCHED_BYTES * 2);
        let small = json!({"$c": "bytes", "type": "Uint8Array", "base64": "AQI="});
        for message in [json!(["plain", 1]), json!([text]), json!([text, small])] {
            let (json, tokens) = encode_holding_large(&extensions, &message).unwrap();
            assert_eq!(json, serde_json::to_string(&message).unwrap());
            assert!(tokens.is_empty());
        }
        let large = cathode_cdp::base64::encode(&vec![1u8; MIN_FETCHED_BYTES]);
        let message = json!({"args": [{"$c": "bytes", "type": "Uint8Array", "base64": large}]});
        let (json, tokens) = encode_holding_large(&extensions, &message).unwrap();
        assert_eq!(tokens.len(), 1);
        assert_eq!(
            serde_json::from_str::<Json>(&json).unwrap(),
            json!({"args": [{"$c": "bytes", "type": "Uint8Array", "token": tokens[0]}]})
        );
    }

    #[test]
    fn only_long_strings_among_the_messages_values_are_held_as_utf8() {
        let extensions = Extensions::default();
        let long = "é".repeat(MIN_FETCHED_STRING / 2);
        let under = "x".repeat(MIN_FETCHED_STRING - 1);
        let mut message = json!({"kind": "send", "channel": long, "args": [
            long, under, {"$c": "bigint", "v": long}, {"$c": "set", "values": [long]},
        ]});
        let tokens = hold_large(&extensions, &mut message);
        assert_eq!(tokens.len(), 2);
        assert_eq!(message["channel"], json!(long), "the envelope stays");
        assert_eq!(
            message["args"],
            json!([
                {"$c": "string", "token": tokens[0]}, under,
                {"$c": "bigint", "v": long}, {"$c": "set", "values": [{"$c": "string", "token": tokens[1]}]},
            ])
        );
        assert_eq!(take(&extensions, &tokens[0]), Some(long.into_bytes()));
    }

    #[test]
    fn unfetched_bytes_are_released() {
        let extensions = Extensions::default();
        let base64 = cathode_cdp::base64::encode(&vec![1u8; MIN_FETCHED_BYTES]);
        let value = json!({"$c": "bytes", "type": "Uint8Array", "base64": base64});
        let first = hold_large(&extensions, &mut json!([value.clone(), value.clone()]));
        let second = hold_large(&extensions, &mut json!([value]));
        assert_ne!(first[0], first[1]);
        release(&extensions, &first);
        assert_eq!(held(&extensions).0, 1);
        assert_eq!(release_all(&extensions), 1);
        assert_eq!(take(&extensions, &second[0]), None);
    }

    #[test]
    fn a_token_is_read_only_from_the_apps_bytes_url() {
        let sync = "https://cathode.invalid/sync/abc";
        assert_eq!(
            crate::renderer::bytes_url_base(sync),
            "https://cathode.invalid/sync/abc/bytes/"
        );
        assert_eq!(
            token_of("https://cathode.invalid/sync/abc/bytes/f00", sync),
            Some("f00")
        );
        assert_eq!(token_of("https://cathode.invalid/sync/abc", sync), None);
        assert_eq!(
            token_of("https://cathode.invalid/sync/abd/bytes/f00", sync),
            None
        );
    }
}
