//! Byte work for `Buffer`, `TextEncoder`/`TextDecoder`, `atob`/`btoa` and `crypto`: text
//! encodings (Node's names) and OS randomness, done in Rust and handed to JavaScript.

use rquickjs::{Ctx, Exception, Function, Object, TypedArray, Value};

/// The text encodings Node's `Buffer` knows, by their canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Hex,
    Base64,
    Base64Url,
    Latin1,
    Ascii,
    Utf16Le,
}

impl Encoding {
    /// Node's spellings (case-insensitive); `None` for an unknown name.
    fn parse(name: &str) -> Option<Encoding> {
        Some(match name.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Encoding::Utf8,
            "hex" => Encoding::Hex,
            "base64" => Encoding::Base64,
            "base64url" => Encoding::Base64Url,
            "latin1" | "binary" => Encoding::Latin1,
            "ascii" => Encoding::Ascii,
            "utf16le" | "utf-16le" | "ucs2" | "ucs-2" => Encoding::Utf16Le,
            _ => return None,
        })
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 text of `bytes`, with `=` padding for the standard alphabet and none for the URL one.
fn to_base64(bytes: &[u8], url: bool) -> String {
    let table = if url { BASE64_URL } else { BASE64 };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let sextets = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        let keep = chunk.len() + 1;
        for (i, s) in sextets.iter().enumerate() {
            if i < keep {
                out.push(char::from(table[*s as usize]));
            } else if !url {
                out.push('=');
            }
        }
    }
    out
}

fn base64_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Node's lenient base64 decoding: both alphabets, characters outside them skipped, stops at
/// the first `=`.
fn from_base64_lenient(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in text.as_bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = base64_value(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// `atob`'s strict decoding (the HTML "forgiving-base64 decode"): ASCII whitespace removed,
/// padding checked; `None` when the text is not base64.
fn from_base64_forgiving(text: &str) -> Option<Vec<u8>> {
    let mut data: Vec<u8> = text
        .bytes()
        .filter(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r'))
        .collect();
    if data.len() % 4 == 0 {
        if data.ends_with(b"==") {
            data.truncate(data.len() - 2);
        } else if data.ends_with(b"=") {
            data.truncate(data.len() - 1);
        }
    }
    if data.len() % 4 == 1 {
        return None;
    }
    if data
        .iter()
        .any(|&c| !(c.is_ascii_alphanumeric() || c == b'+' || c == b'/'))
    {
        return None;
    }
    Some(from_base64_lenient(std::str::from_utf8(&data).ok()?))
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Node's hex decoding: pairs of hex digits up to the first pair that is not one.
fn from_hex(text: &str) -> Vec<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(text.len() / 2);
    for pair in text.as_bytes().chunks_exact(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(hi), Some(lo)) => out.push((hi * 16 + lo) as u8),
            _ => break,
        }
    }
    out
}

/// The bytes of `text` in `encoding`.
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Hex => from_hex(text),
        Encoding::Base64 | Encoding::Base64Url => from_base64_lenient(text),
        Encoding::Latin1 | Encoding::Ascii => text.encode_utf16().map(|u| u as u8).collect(),
        Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    }
}

/// The text of `bytes` read in `encoding`; malformed UTF-8 becomes U+FFFD.
fn decode(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Hex => to_hex(bytes),
        Encoding::Base64 => to_base64(bytes, false),
        Encoding::Base64Url => to_base64(bytes, true),
        Encoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        Encoding::Ascii => bytes.iter().map(|&b| char::from(b & 0x7f)).collect(),
        Encoding::Utf16Le => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
    }
}

fn encoding_of<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Encoding> {
    Encoding::parse(name)
        .ok_or_else(|| Exception::throw_type(ctx, &format!("Unknown encoding: {name}")))
}

/// Runs `f` on the bytes a `Uint8Array` shows (its view, not its whole buffer).
pub(crate) fn with_bytes<'js, R>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    let array = TypedArray::<u8>::from_value(value.clone())
        .map_err(|_| Exception::throw_type(ctx, "expected a Uint8Array"))?;
    // SAFETY: no JavaScript runs while `f` looks at the bytes (`f` is plain Rust).
    let bytes = unsafe { array.as_bytes() };
    Ok(f(bytes.unwrap_or(&[])))
}

/// A new `Uint8Array` that owns `bytes`.
pub(crate) fn new_bytes<'js>(ctx: &Ctx<'js>, bytes: Vec<u8>) -> rquickjs::Result<Value<'js>> {
    Ok(TypedArray::<u8>::new(ctx.clone(), bytes)?.into_value())
}

/// Fills `bytes` from the OS's random source.
pub(crate) fn random_fill(bytes: &mut [u8]) -> std::io::Result<()> {
    getrandom::fill(bytes).map_err(std::io::Error::other)
}

/// The `bytes` object of the native bridge: `encode(text, enc)`, `decode(u8, enc)`,
/// `atob(text)`, `btoa(latin1)`, `isUtf8(u8)`, `random(n)`.
pub(crate) fn native<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let bytes = Object::new(ctx.clone())?;
    bytes.set(
        "encode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, text: String, enc: String| -> rquickjs::Result<Value<'js>> {
                let enc = encoding_of(&ctx, &enc)?;
                new_bytes(&ctx, encode(&text, enc))
            },
        )?,
    )?;
    bytes.set(
        "decode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, data: Value<'js>, enc: String| -> rquickjs::Result<String> {
                let enc = encoding_of(&ctx, &enc)?;
                with_bytes(&ctx, &data, |b| decode(b, enc))
            },
        )?,
    )?;
    bytes.set(
        "isUtf8",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, data: Value<'js>| -> rquickjs::Result<bool> {
                with_bytes(&ctx, &data, |b| std::str::from_utf8(b).is_ok())
            },
        )?,
    )?;
    // `atob`: the decoded bytes as a "binary string" (one char per byte), or null when invalid.
    bytes.set(
        "atob",
        Function::new(ctx.clone(), |text: String| -> Option<String> {
            from_base64_forgiving(&text).map(|b| b.iter().map(|&c| char::from(c)).collect())
        })?,
    )?;
    // `btoa`: the caller has checked that every char is below 256.
    bytes.set(
        "btoa",
        Function::new(ctx.clone(), |text: String| -> String {
            let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
            to_base64(&latin1, false)
        })?,
    )?;
    bytes.set(
        "random",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, n: usize| -> rquickjs::Result<Value<'js>> {
                let mut data = vec![0u8; n];
                random_fill(&mut data).map_err(|e| {
                    Exception::throw_internal(&ctx, &format!("no randomness from the OS: {e}"))
                })?;
                new_bytes(&ctx, data)
            },
        )?,
    )?;
    Ok(bytes)
}

/// Binary data as it crosses to and from a page inside JSON: `{"$bytes": base64}`.
pub(crate) fn to_json(bytes: &[u8]) -> serde_json::Value {
    serde_json::json!({ "$bytes": to_base64(bytes, false) })
}

/// The bytes of a `{"$bytes": base64}` value; `None` for anything else.
pub(crate) fn from_json(value: &serde_json::Value) -> Option<Vec<u8>> {
    let text = value.get("$bytes")?.as_str()?;
    from_base64_forgiving(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_pads() {
        assert_eq!(to_base64(b"", false), "");
        assert_eq!(to_base64(b"f", false), "Zg==");
        assert_eq!(to_base64(b"fo", false), "Zm8=");
        assert_eq!(to_base64(b"foo", false), "Zm9v");
        assert_eq!(to_base64(&[0xfb, 0xff], true), "-_8");
        assert_eq!(from_base64_lenient("Zm9v YmE="), b"fooba");
        assert_eq!(from_base64_lenient("-_8"), [0xfb, 0xff]);
    }

    #[test]
    fn atob_refuses_what_is_not_base64() {
        assert_eq!(from_base64_forgiving(" Zm8= "), Some(b"fo".to_vec()));
        assert_eq!(from_base64_forgiving("Zm8"), Some(b"fo".to_vec()));
        assert_eq!(from_base64_forgiving("Z"), None);
        assert_eq!(from_base64_forgiving("Zm-8"), None);
    }

    #[test]
    fn hex_stops_at_the_first_bad_pair() {
        assert_eq!(from_hex("00ffAb"), [0, 255, 0xab]);
        assert_eq!(from_hex("01zz02"), [1]);
        assert_eq!(from_hex("abc"), [0xab]);
        assert_eq!(to_hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn latin1_and_utf16_use_code_units() {
        assert_eq!(encode("é€", Encoding::Latin1), [0xe9, 0xac]);
        assert_eq!(encode("a€", Encoding::Utf16Le), [0x61, 0, 0xac, 0x20]);
        assert_eq!(decode(&[0x61, 0, 0xac, 0x20], Encoding::Utf16Le), "a€");
        assert_eq!(decode(&[0xff, b'a'], Encoding::Utf8), "\u{fffd}a");
    }
}
