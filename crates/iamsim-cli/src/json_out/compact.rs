//! Compact JSON into a `Vec<u8>`, byte for byte as serde_json writes it,
//! only cheaper: serde_json escapes every string one byte at a time, which
//! was a fifth of the work of `iamsim eval --format json`. Here the names of
//! struct fields and enum variants, identifiers that never need an escape,
//! are copied as they are, and other strings are scanned eight bytes at a
//! time. Numbers go through serde_json's own formatter.

use std::fmt::Display;
use std::io;

use serde::ser::{self, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

/// Serializes `value` as compact JSON at the end of `out`.
pub fn write(out: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    value
        .serialize(&mut Compact { out })
        .map_err(|e| io::Error::other(e.0))
}

struct Compact<'o> {
    out: &'o mut Vec<u8>,
}

#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error(error.to_string())
    }
}

/// The name of a struct field or enum variant, quoted as it is: the
/// results' names are Rust identifiers in camelCase, which never need an
/// escape (`every_result_of_the_corpus_reads_as_serde_json_writes_it`).
fn write_name(out: &mut Vec<u8>, name: &'static str) {
    out.reserve(name.len() + 2);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// Per byte of a u64: the lowest bit of each byte, and the highest.
const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes is a control character, `"` or `\`.
/// (Bytes of 0x80 and above never count: their high bit is masked out.)
fn needs_escape(chunk: u64) -> bool {
    let zero_byte = |v: u64| v.wrapping_sub(LOW) & !v & HIGH;
    let control = chunk.wrapping_sub(LOW * 0x20) & !chunk & HIGH;
    let quote = zero_byte(chunk ^ (LOW * u64::from(b'"')));
    let backslash = zero_byte(chunk ^ (LOW * u64::from(b'\\')));
    control | quote | backslash != 0
}

/// The first byte at or after `from` that needs an escape.
fn find_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    // Skip eight clean bytes at a time, then look at the rest byte by byte.
    let clean_chunks = rest
        .chunks_exact(8)
        .take_while(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            !needs_escape(u64::from_le_bytes(word))
        })
        .count();
    let offset = from + 8 * clean_chunks;
    bytes
        .get(offset..)?
        .iter()
        .position(|b| matches!(b, 0..0x20 | b'"' | b'\\'))
        .map(|at| offset + at)
}

/// Writes the escape of a control character, `"` or `\`, as serde_json does.
fn push_escape(out: &mut Vec<u8>, byte: u8) {
    let short: &[u8] = match byte {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\x08' => b"\\b",
        b'\x0c' => b"\\f",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or_default();
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte & 0xf)]);
            return;
        }
    };
    out.extend_from_slice(short);
}

fn write_str(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run_start = 0;
    while let Some(at) = find_escape(bytes, run_start) {
        out.extend_from_slice(bytes.get(run_start..at).unwrap_or_default());
        push_escape(out, bytes.get(at).copied().unwrap_or_default());
        run_start = at + 1;
    }
    out.extend_from_slice(bytes.get(run_start..).unwrap_or_default());
    out.push(b'"');
}

impl Compact<'_> {
    /// `{"variant":`, opening an enum variant with content.
    fn open_variant(&mut self, variant: &'static str) {
        self.out.push(b'{');
        write_name(self.out, variant);
        self.out.push(b':');
    }
}

impl<'o, 'c> ser::Serializer for &'c mut Compact<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'o, 'c>;
    type SerializeTuple = Compound<'o, 'c>;
    type SerializeTupleStruct = Compound<'o, 'c>;
    type SerializeTupleVariant = Compound<'o, 'c>;
    type SerializeMap = Compound<'o, 'c>;
    type SerializeStruct = Compound<'o, 'c>;
    type SerializeStructVariant = Compound<'o, 'c>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        Ok(CompactFormatter.write_i64(self.out, v)?)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        Ok(CompactFormatter.write_i128(self.out, v)?)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        Ok(CompactFormatter.write_u64(self.out, v)?)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        Ok(CompactFormatter.write_u128(self.out, v)?)
    }
    /// Floats as serde_json writes them (`null` when not finite).
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v).map_err(ser::Error::custom)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v).map_err(ser::Error::custom)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_name(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'o, 'c>, Error> {
        Ok(Compound::open(self, b'[', b"]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'o, 'c>, Error> {
        Ok(Compound::open(self, b'[', b"]"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'o, 'c>, Error> {
        Ok(Compound::open(self, b'[', b"]"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'o, 'c>, Error> {
        self.open_variant(variant);
        Ok(Compound::open(self, b'[', b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'o, 'c>, Error> {
        Ok(Compound::open(self, b'{', b"}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'o, 'c>, Error> {
        Ok(Compound::open(self, b'{', b"}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'o, 'c>, Error> {
        self.open_variant(variant);
        Ok(Compound::open(self, b'{', b"}}"))
    }
}

/// An array or object being written: commas between its elements, and
/// what closes it.
pub struct Compound<'o, 'c> {
    ser: &'c mut Compact<'o>,
    first: bool,
    close: &'static [u8],
}

impl<'o, 'c> Compound<'o, 'c> {
    fn open(ser: &'c mut Compact<'o>, open: u8, close: &'static [u8]) -> Self {
        ser.out.push(open);
        Compound {
            ser,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.ser.out.push(b',');
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.ser)
    }

    /// `,"key":` then the value; the name is copied as it is ([`write_name`]).
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let out = &mut *self.ser.out;
        out.reserve(key.len() + 4);
        if !std::mem::take(&mut self.first) {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        value.serialize(&mut *self.ser)
    }

    fn close(self) -> Result<(), Error> {
        self.ser.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    /// Keys must serialize as strings; the results have no other keys.
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        let at = self.ser.out.len();
        self.element(key)?;
        match self.ser.out.get(at..) {
            Some([.., b'"']) => Ok(()),
            _ => Err(ser::Error::custom("a JSON object key must be a string")),
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.out.push(b':');
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compact(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€😀 \"quoted\" back\\slash, and a long clean run of text");
        let reversed: String = all.chars().rev().collect();
        for text in ["", "a", "exactly8", "\"\"\"\"\"\"\"\"\"", &all, &reversed] {
            assert_eq!(
                compact(&text),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_shape_reads_as_serde_json_writes_it() {
        #[derive(serde::Serialize)]
        enum Shape {
            Unit,
            Newtype(u8),
            Tuple(i32, bool),
            Struct { a: Option<u8>, b: f64 },
        }
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Whole {
            shapes: Vec<Shape>,
            pair: (i64, char),
            nothing: (),
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
            big: u128,
            map: std::collections::BTreeMap<String, Vec<u64>>,
            value: serde_json::Value,
        }
        let whole = Whole {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, true),
                Shape::Struct { a: None, b: 1.5 },
            ],
            pair: (i64::MIN, 'x'),
            nothing: (),
            skipped: None,
            big: u128::MAX,
            map: [("k".to_string(), vec![1, 2]), ("\n".to_string(), vec![])].into(),
            value: json!({ "a": [null, 1e300, "x"], "b": {} }),
        };
        assert_eq!(compact(&whole), serde_json::to_string(&whole).unwrap());
    }

    #[test]
    fn every_result_of_the_corpus_reads_as_serde_json_writes_it() {
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus");
        let options = iamsim::EvalOptions {
            now_epoch_seconds: Some(1_700_000_000),
        };
        let mut results = 0;
        for entry in std::fs::read_dir(corpus).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(scenarios) = iamsim::load_scenarios(&text, "corpus.json") else {
                continue;
            };
            for scenario in &scenarios {
                let result = iamsim::evaluate(scenario, &options);
                assert_eq!(
                    compact(&result),
                    serde_json::to_string(&result).unwrap(),
                    "{path:?}"
                );
                results += 1;
            }
        }
        assert!(results > 500, "{results} results");
    }

    #[test]
    fn a_key_that_is_not_a_string_is_an_error() {
        let map: std::collections::BTreeMap<u8, u8> = [(1, 2)].into();
        assert!(write(&mut Vec::new(), &map).is_err());
    }
}
