//! Chromium's CBOR dialect of the protocol (`--remote-debugging-pipe=cbor`): commands are encoded
//! from serde types, and the browser's messages are turned into JSON text for the same serde
//! types that read the JSON pipe.
//!
//! The dialect (Chromium's `crdtp/cbor.h`): every message is an envelope (tag 24, then a byte
//! string with a 32-bit length) around an indefinite-length map; nested maps and arrays are
//! enveloped the same way; integers are 32-bit; ASCII text is a text string, other text may come
//! as a byte string of UTF-16 (little-endian) code units; `binary` fields (base64 text in JSON)
//! are tag 22 then a byte string. Messages follow each other on the pipe without separators:
//! each envelope says how long it is.
//!
//! A hand-written codec: it is small, it reads the browser's UTF-16 byte strings, which general
//! CBOR crates take for bytes, and it writes enveloped containers, which they do not.

use std::fmt;

use serde::ser::{self, Serialize};

/// The start of an envelope: tag 24, then a byte string with a 32-bit length. (Chromium reads
/// this and the short form without the tag's byte `0x18`; it writes this one.)
const ENVELOPE: [u8; 3] = [0xd8, 0x18, 0x5a];
/// The bytes of an envelope before its content.
pub(crate) const ENVELOPE_HEADER: usize = 7;
/// Tag 22: the byte string that follows is `binary` (base64 when shown as JSON).
const BINARY_TAG: u8 = 0xd6;
const INDEFINITE_MAP: u8 = 0xbf;
const INDEFINITE_ARRAY: u8 = 0x9f;
const STOP: u8 = 0xff;
/// How deeply the browser's messages may nest.
const MAX_DEPTH: usize = 1000;

/// What went wrong while encoding a command or reading a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CborError(String);

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CborError {}

impl ser::Error for CborError {
    fn custom<T: fmt::Display>(message: T) -> CborError {
        CborError(message.to_string())
    }
}

/// The length of the message content that follows an envelope's header; `None` when the bytes
/// are not an envelope's header.
pub(crate) fn envelope_length(header: &[u8; ENVELOPE_HEADER]) -> Option<usize> {
    if header[..3] != ENVELOPE {
        return None;
    }
    let length = u32::from_be_bytes([header[3], header[4], header[5], header[6]]);
    usize::try_from(length).ok()
}

/// Encodes one command: `{id, method, sessionId?, params}` as an enveloped map.
pub(crate) fn encode_command<P: Serialize + ?Sized>(
    id: u64,
    method: &str,
    session_id: Option<&str>,
    params: &P,
) -> Result<Vec<u8>, CborError> {
    let mut encoder = Encoder::default();
    encoder.open(INDEFINITE_MAP);
    encoder.text("id");
    encoder.integer(i64::try_from(id).map_err(|_| CborError("command id overflow".into()))?);
    encoder.text("method");
    encoder.text(method);
    if let Some(session_id) = session_id {
        encoder.text("sessionId");
        encoder.text(session_id);
    }
    encoder.text("params");
    params.serialize(&mut encoder)?;
    encoder.close();
    Ok(encoder.out)
}

/// Encodes any serde value in the dialect (a test and benchmark aid, and the commands' body).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CborError> {
    let mut encoder = Encoder::default();
    value.serialize(&mut encoder)?;
    Ok(encoder.out)
}

/// Writes the dialect; containers are enveloped, their lengths filled in when they close.
#[derive(Default)]
struct Encoder {
    out: Vec<u8>,
    /// Where each open envelope starts.
    open: Vec<usize>,
}

impl Encoder {
    fn head(&mut self, major: u8, value: u64) {
        let major = major << 5;
        match value {
            0..=23 => self.out.push(major | value as u8),
            24..=0xff => self.out.extend_from_slice(&[major | 24, value as u8]),
            0x100..=0xffff => {
                self.out.push(major | 25);
                self.out.extend_from_slice(&(value as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                self.out.push(major | 26);
                self.out.extend_from_slice(&(value as u32).to_be_bytes());
            }
            _ => {
                self.out.push(major | 27);
                self.out.extend_from_slice(&value.to_be_bytes());
            }
        }
    }

    /// An integer: the protocol's integers are 32-bit, so larger ones go as doubles.
    fn integer(&mut self, value: i64) {
        match i32::try_from(value) {
            Ok(small) if small >= 0 => self.head(0, small as u64),
            Ok(small) => self.head(1, (-1 - i64::from(small)) as u64),
            Err(_) => self.double(value as f64),
        }
    }

    /// A number: integral ones in the 32-bit range as integers, as the browser's own JSON reader
    /// does (a field the protocol types as `integer` takes nothing else).
    fn number(&mut self, value: f64) {
        let integral = value.fract() == 0.0 && !(value == 0.0 && value.is_sign_negative());
        if integral && value >= f64::from(i32::MIN) && value <= f64::from(i32::MAX) {
            self.integer(value as i64);
        } else {
            self.double(value);
        }
    }

    fn double(&mut self, value: f64) {
        self.out.push(0xfb);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    fn text(&mut self, text: &str) {
        self.head(3, text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    fn binary(&mut self, bytes: &[u8]) {
        self.out.push(BINARY_TAG);
        self.head(2, bytes.len() as u64);
        self.out.extend_from_slice(bytes);
    }

    fn open(&mut self, start: u8) {
        self.open.push(self.out.len());
        self.out.extend_from_slice(&ENVELOPE);
        self.out.extend_from_slice(&[0; 4]);
        self.out.push(start);
    }

    fn close(&mut self) {
        self.out.push(STOP);
        let start = self.open.pop().expect("every container closed was opened");
        let length = (self.out.len() - start - ENVELOPE_HEADER) as u32;
        self.out[start + 3..start + ENVELOPE_HEADER].copy_from_slice(&length.to_be_bytes());
    }
}

impl ser::Serializer for &mut Encoder {
    type Ok = ();
    type Error = CborError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// Binary fields ([`crate::protocol::Binary`]) ask: here they are raw bytes.
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, value: bool) -> Result<(), CborError> {
        self.out.push(if value { 0xf5 } else { 0xf4 });
        Ok(())
    }

    fn serialize_i8(self, value: i8) -> Result<(), CborError> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i16(self, value: i16) -> Result<(), CborError> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i32(self, value: i32) -> Result<(), CborError> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_i64(self, value: i64) -> Result<(), CborError> {
        self.integer(value);
        Ok(())
    }

    fn serialize_u8(self, value: u8) -> Result<(), CborError> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_u16(self, value: u16) -> Result<(), CborError> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_u32(self, value: u32) -> Result<(), CborError> {
        self.serialize_i64(i64::from(value))
    }

    fn serialize_u64(self, value: u64) -> Result<(), CborError> {
        match i64::try_from(value) {
            Ok(value) => self.integer(value),
            Err(_) => self.double(value as f64),
        }
        Ok(())
    }

    fn serialize_f32(self, value: f32) -> Result<(), CborError> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<(), CborError> {
        self.number(value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), CborError> {
        self.text(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), CborError> {
        self.text(value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), CborError> {
        self.binary(value);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), CborError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CborError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), CborError> {
        self.out.push(0xf6);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CborError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CborError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CborError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), CborError> {
        self.open(INDEFINITE_MAP);
        self.text(variant);
        value.serialize(&mut *self)?;
        self.close();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, CborError> {
        self.open(INDEFINITE_ARRAY);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, CborError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, CborError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, CborError> {
        self.open(INDEFINITE_MAP);
        self.text(variant);
        self.open(INDEFINITE_ARRAY);
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, CborError> {
        self.open(INDEFINITE_MAP);
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, CborError> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, CborError> {
        self.open(INDEFINITE_MAP);
        self.text(variant);
        self.open(INDEFINITE_MAP);
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CborError> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CborError> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CborError> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CborError> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        self.close();
        Ok(())
    }
}

impl ser::SerializeMap for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CborError> {
        key.serialize(MapKey(self))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CborError> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CborError> {
        self.text(key);
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Encoder {
    type Ok = ();
    type Error = CborError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CborError> {
        self.text(key);
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), CborError> {
        self.close();
        self.close();
        Ok(())
    }
}

/// A map's key: text, as in JSON (numbers become their decimal text).
struct MapKey<'a>(&'a mut Encoder);

impl MapKey<'_> {
    fn display(self, value: impl fmt::Display) -> Result<(), CborError> {
        self.0.text(&value.to_string());
        Ok(())
    }

    fn refuse<T>(what: &str) -> Result<T, CborError> {
        Err(CborError(format!("a map key must be text, not {what}")))
    }
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = CborError;
    type SerializeSeq = ser::Impossible<(), CborError>;
    type SerializeTuple = ser::Impossible<(), CborError>;
    type SerializeTupleStruct = ser::Impossible<(), CborError>;
    type SerializeTupleVariant = ser::Impossible<(), CborError>;
    type SerializeMap = ser::Impossible<(), CborError>;
    type SerializeStruct = ser::Impossible<(), CborError>;
    type SerializeStructVariant = ser::Impossible<(), CborError>;

    fn serialize_str(self, value: &str) -> Result<(), CborError> {
        self.0.text(value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_bool(self, value: bool) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_i8(self, value: i8) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_i16(self, value: i16) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_i32(self, value: i32) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_i64(self, value: i64) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_u8(self, value: u8) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_u16(self, value: u16) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_u32(self, value: u32) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_u64(self, value: u64) -> Result<(), CborError> {
        self.display(value)
    }

    fn serialize_f32(self, _value: f32) -> Result<(), CborError> {
        Self::refuse("a number")
    }

    fn serialize_f64(self, _value: f64) -> Result<(), CborError> {
        Self::refuse("a number")
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), CborError> {
        Self::refuse("bytes")
    }

    fn serialize_none(self) -> Result<(), CborError> {
        Self::refuse("none")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CborError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), CborError> {
        Self::refuse("unit")
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CborError> {
        Self::refuse("unit")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CborError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CborError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), CborError> {
        Self::refuse("an enum")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CborError> {
        Self::refuse("a sequence")
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CborError> {
        Self::refuse("a tuple")
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CborError> {
        Self::refuse("a tuple")
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CborError> {
        Self::refuse("an enum")
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CborError> {
        Self::refuse("a map")
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, CborError> {
        Self::refuse("a struct")
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CborError> {
        Self::refuse("an enum")
    }
}

/// Turns one of the browser's messages (or any value of the dialect) into JSON text, as the JSON
/// pipe would have sent it: `binary` as base64 text, UTF-16 text as text.
pub fn to_json(message: &[u8]) -> Result<Vec<u8>, CborError> {
    let mut reader = Reader {
        bytes: message,
        at: 0,
        out: Vec::with_capacity(message.len() + message.len() / 8 + 16),
    };
    reader.value(0)?;
    if reader.at != message.len() {
        return Err(CborError(format!(
            "{} bytes after the end of the message",
            message.len() - reader.at
        )));
    }
    Ok(reader.out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    out: Vec<u8>,
}

impl<'a> Reader<'a> {
    fn truncated() -> CborError {
        CborError("the message ends in the middle of a value".into())
    }

    fn byte(&mut self) -> Result<u8, CborError> {
        let byte = *self.bytes.get(self.at).ok_or_else(Self::truncated)?;
        self.at += 1;
        Ok(byte)
    }

    fn take(&mut self, length: u64) -> Result<&'a [u8], CborError> {
        let length = usize::try_from(length).map_err(|_| Self::truncated())?;
        let end = self.at.checked_add(length).ok_or_else(Self::truncated)?;
        let taken = self.bytes.get(self.at..end).ok_or_else(Self::truncated)?;
        self.at = end;
        Ok(taken)
    }

    /// The number that follows an initial byte with `info` as its additional information.
    fn argument(&mut self, info: u8) -> Result<u64, CborError> {
        let width = match info {
            0..=23 => return Ok(u64::from(info)),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => {
                return Err(CborError(format!(
                    "an unsupported length encoding ({info})"
                )))
            }
        };
        let mut value = 0u64;
        for &byte in self.take(width)? {
            value = value << 8 | u64::from(byte);
        }
        Ok(value)
    }

    fn peek_stop(&mut self) -> Result<bool, CborError> {
        let next = *self.bytes.get(self.at).ok_or_else(Self::truncated)?;
        if next == STOP {
            self.at += 1;
        }
        Ok(next == STOP)
    }

    fn value(&mut self, depth: usize) -> Result<(), CborError> {
        if depth > MAX_DEPTH {
            return Err(CborError("the message nests too deeply".into()));
        }
        let initial = self.byte()?;
        let (major, info) = (initial >> 5, initial & 0x1f);
        match major {
            0 => {
                let value = self.argument(info)?;
                self.out.extend_from_slice(value.to_string().as_bytes());
            }
            1 => {
                let value = -1 - i128::from(self.argument(info)?);
                self.out.extend_from_slice(value.to_string().as_bytes());
            }
            2 => {
                let length = self.argument(info)?;
                let units = self.take(length)?;
                self.utf16(units)?;
            }
            3 => {
                let length = self.argument(info)?;
                let text = self.take(length)?;
                // Chromium puts a request's body in `postData` as text whatever its bytes are:
                // what is not UTF-8 is read as U+FFFD, as the JSON pipe shows it.
                match std::str::from_utf8(text) {
                    Ok(text) => write_json_string(&mut self.out, text),
                    Err(_) => write_json_string(&mut self.out, &String::from_utf8_lossy(text)),
                }
            }
            4 => self.array(info, depth)?,
            5 => self.map(info, depth)?,
            6 => self.tagged(info, depth)?,
            _ => self.simple(info)?,
        }
        Ok(())
    }

    fn array(&mut self, info: u8, depth: usize) -> Result<(), CborError> {
        self.out.push(b'[');
        if info == 31 {
            let mut first = true;
            while !self.peek_stop()? {
                if !std::mem::take(&mut first) {
                    self.out.push(b',');
                }
                self.value(depth + 1)?;
            }
        } else {
            let count = self.argument(info)?;
            for index in 0..count {
                if index > 0 {
                    self.out.push(b',');
                }
                self.value(depth + 1)?;
            }
        }
        self.out.push(b']');
        Ok(())
    }

    fn map(&mut self, info: u8, depth: usize) -> Result<(), CborError> {
        self.out.push(b'{');
        let count = if info == 31 {
            None
        } else {
            Some(self.argument(info)?)
        };
        let mut index = 0u64;
        loop {
            match count {
                None if self.peek_stop()? => break,
                Some(count) if index == count => break,
                _ => {}
            }
            if index > 0 {
                self.out.push(b',');
            }
            self.key()?;
            self.out.push(b':');
            self.value(depth + 1)?;
            index += 1;
        }
        self.out.push(b'}');
        Ok(())
    }

    /// A map's key: text of either kind.
    fn key(&mut self) -> Result<(), CborError> {
        let initial = *self.bytes.get(self.at).ok_or_else(Self::truncated)?;
        if !matches!(initial >> 5, 2 | 3) {
            return Err(CborError(format!(
                "a map key that is not text (initial byte {initial:#04x})"
            )));
        }
        self.value(0)
    }

    fn tagged(&mut self, tag_info: u8, depth: usize) -> Result<(), CborError> {
        // An envelope's tag is standard CBOR (0xd8 0x18), or the short form Chromium also reads
        // (0xd8 alone, the byte string right after it).
        let next = *self.bytes.get(self.at).ok_or_else(Self::truncated)?;
        let tag = if tag_info == 24 && next >> 5 == 2 {
            24
        } else {
            self.argument(tag_info)?
        };
        match tag {
            24 => {
                // An envelope: a byte string whose content is one map or array.
                let initial = self.byte()?;
                if initial >> 5 != 2 {
                    return Err(CborError("an envelope without its byte string".into()));
                }
                let length = self.argument(initial & 0x1f)?;
                let end = usize::try_from(length)
                    .ok()
                    .and_then(|length| self.at.checked_add(length))
                    .filter(|end| *end <= self.bytes.len())
                    .ok_or_else(Self::truncated)?;
                self.value(depth + 1)?;
                if self.at != end {
                    return Err(CborError(
                        "an envelope whose length is not its content's".into(),
                    ));
                }
                Ok(())
            }
            22 => {
                let initial = self.byte()?;
                if initial >> 5 != 2 {
                    return Err(CborError("binary without its byte string".into()));
                }
                let length = self.argument(initial & 0x1f)?;
                let bytes = self.take(length)?;
                self.out.push(b'"');
                crate::base64::encode_into(bytes, &mut self.out);
                self.out.push(b'"');
                Ok(())
            }
            _ => self.value(depth + 1),
        }
    }

    fn simple(&mut self, info: u8) -> Result<(), CborError> {
        let number = match info {
            20 => return self.literal(b"false"),
            21 => return self.literal(b"true"),
            22 | 23 => return self.literal(b"null"),
            25 => half(self.argument(info)? as u16),
            26 => f64::from(f32::from_bits(self.argument(info)? as u32)),
            27 => f64::from_bits(self.argument(info)?),
            _ => return Err(CborError(format!("an unsupported simple value ({info})"))),
        };
        write_json_number(&mut self.out, number);
        Ok(())
    }

    fn literal(&mut self, text: &[u8]) -> Result<(), CborError> {
        self.out.extend_from_slice(text);
        Ok(())
    }

    /// Text the browser sent as UTF-16 code units (little-endian); an unpaired surrogate becomes
    /// U+FFFD, since JSON text cannot hold it.
    fn utf16(&mut self, bytes: &[u8]) -> Result<(), CborError> {
        if bytes.len() % 2 != 0 {
            return Err(CborError("UTF-16 text of an odd number of bytes".into()));
        }
        let units = bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
        let text: String = char::decode_utf16(units)
            .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        write_json_string(&mut self.out, &text);
        Ok(())
    }
}

/// A half-precision float's value.
fn half(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// A number as the browser's JSON writes it: integral values without a fraction, what JSON
/// cannot hold (NaN, the infinities) as `null`.
fn write_json_number(out: &mut Vec<u8>, number: f64) {
    if !number.is_finite() {
        out.extend_from_slice(b"null");
    } else if number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0 {
        out.extend_from_slice((number as i64).to_string().as_bytes());
    } else {
        let written = serde_json::to_writer(&mut *out, &number);
        debug_assert!(written.is_ok(), "a finite number is JSON");
    }
}

/// Writes `text` as a JSON string, escaping what JSON requires.
fn write_json_string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut run = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..index]);
        if escape.is_empty() {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        } else {
            out.extend_from_slice(escape);
        }
        run = index + 1;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: &serde_json::Value) -> serde_json::Value {
        let encoded = encode(value).unwrap();
        serde_json::from_slice(&to_json(&encoded).unwrap()).unwrap()
    }

    #[test]
    fn json_values_survive_the_dialect() {
        let value = json!({
            "id": 7, "negative": -12, "big": 5_000_000_000_u64, "half": 0.5, "whole": 3.0,
            "text": "quote \" backslash \\ newline \n tab \t bell \u{7} é ✓ 😀",
            "list": [1, "two", null, true, false, {"nested": []}], "empty": {},
        });
        let back = round_trip(&value);
        assert_eq!(back["whole"], json!(3));
        assert_eq!(back["big"], json!(5_000_000_000_u64));
        let mut expected = value.clone();
        expected["whole"] = json!(3);
        assert_eq!(back, expected);
    }

    #[test]
    fn containers_are_enveloped_with_their_lengths() {
        let encoded = encode(&json!({"a": [1]})).unwrap();
        // Envelope, map, "a", envelope, array, 1, stop, stop; the short form reads the same.
        assert_eq!(
            encoded,
            [
                0xd8, 0x18, 0x5a, 0, 0, 0, 14, 0xbf, 0x61, b'a', 0xd8, 0x18, 0x5a, 0, 0, 0, 3,
                0x9f, 1, 0xff, 0xff
            ]
        );
        let header: [u8; ENVELOPE_HEADER] = encoded[..ENVELOPE_HEADER].try_into().unwrap();
        assert_eq!(
            envelope_length(&header),
            Some(encoded.len() - ENVELOPE_HEADER)
        );
        assert_eq!(envelope_length(&[0, 0, 0, 0, 0, 0, 1]), None);
        let short = [0xd8, 0x5a, 0, 0, 0, 3, 0x9f, 1, 0xff];
        assert_eq!(to_json(&short).unwrap(), b"[1]");
    }

    #[test]
    fn binary_fields_go_as_raw_bytes_and_read_back_as_base64() {
        let encoded = encode(&crate::protocol::Binary(vec![1, 2, 3])).unwrap();
        assert_eq!(encoded, [0xd6, 0x43, 1, 2, 3]);
        assert_eq!(to_json(&encoded).unwrap(), b"\"AQID\"");
        assert_eq!(
            serde_json::to_string(&crate::protocol::Binary(vec![1, 2, 3])).unwrap(),
            "\"AQID\""
        );
    }

    #[test]
    fn utf16_text_from_the_browser_reads_as_text() {
        // "é😀" as UTF-16LE, then a lone surrogate.
        let mut message = vec![0x46];
        message.extend_from_slice(&[0xe9, 0x00, 0x3d, 0xd8, 0x00, 0xde]);
        assert_eq!(to_json(&message).unwrap(), "\"é😀\"".as_bytes());
        let lone = [0x42, 0x00, 0xd8];
        assert_eq!(to_json(&lone).unwrap(), "\"\u{fffd}\"".as_bytes());
    }

    #[test]
    fn definite_containers_floats_and_tags_are_read() {
        // {"a": [1.5 (f32), 1.0 (f16), NaN (f64)]} with definite lengths, and an unknown tag.
        let message = [
            0xa1, 0x61, b'a', 0x83, 0xfa, 0x3f, 0xc0, 0, 0, 0xf9, 0x3c, 0, 0xfb, 0x7f, 0xf8, 0, 0,
            0, 0, 0, 0,
        ];
        assert_eq!(to_json(&message).unwrap(), b"{\"a\":[1.5,1,null]}");
        assert_eq!(to_json(&[0xc1, 0x05]).unwrap(), b"5");
    }

    #[test]
    fn broken_messages_are_errors_not_panics() {
        let good = encode(&json!({"a": [1, "x"]})).unwrap();
        for end in 0..good.len() {
            assert!(to_json(&good[..end]).is_err(), "cut at {end}");
        }
        let mut long = good.clone();
        long[6] += 1;
        assert!(to_json(&long).is_err());
        assert!(
            to_json(&[0xbf, 0x01, 0x02, 0xff]).is_err(),
            "a key that is not text"
        );
        assert!(to_json(&[0x7f]).is_err(), "an indefinite text string");
        assert_eq!(
            to_json(&[0x62, 0xff, b'a']).unwrap(),
            "\"\u{fffd}a\"".as_bytes(),
            "text that is not UTF-8 is read as the JSON pipe shows it"
        );
        let deep = vec![0x81; MAX_DEPTH + 5];
        assert!(to_json(&deep).is_err(), "nesting without end");
        assert!(to_json(&[1, 2]).is_err(), "bytes after the value");
    }
}
