//! A strict JSON (RFC 8259) reader that builds [`JsonNode`]s directly, with
//! the byte span of every value and key.
//!
//! Why not a crate: serde_json gives no positions; the span-keeping parsers
//! (jsonc-parser was used first) build their own tree, and converting it
//! doubled the time and memory of a 30 MB scenario file. Reading straight
//! into the tree also lets every error say what to do at the right spot.
//! Recursion is safe: the reader stops at the nesting depth it is given,
//! before recursing further (checking it here saves a pass over the text).

use crate::diagnostic::DiagnosticId;
use std::borrow::Cow;
use std::collections::HashMap;

use super::{line_of, JsonNode, JsonValue};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

type Read<T> = Result<T, Diagnostic>;

/// Strings borrow the text unless they hold escapes: reading a big file
/// then copies almost nothing.
type Str<'t> = Cow<'t, str>;

pub(super) struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// Arrays and objects open at `pos`, and how many may be.
    depth: usize,
    max_depth: usize,
    /// Problems that do not stop reading (duplicate keys).
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The members and elements read so far of the objects and arrays open
    /// at `pos`, innermost last: each becomes a vector of its exact size
    /// when it closes, rather than one grown (and reallocated) as it is read.
    members: Vec<(Spanned<Str<'t>>, JsonNode<Str<'t>>)>,
    items: Vec<JsonNode<Str<'t>>>,
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str, max_depth: usize) -> Reader<'t> {
        // RFC 8259, section 8.1: a reader may ignore a byte order mark (editors
        // on Windows write one); spans still count it.
        let pos = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        Reader {
            text,
            bytes: text.as_bytes(),
            pos,
            depth: 0,
            max_depth,
            diagnostics: Vec::new(),
            members: Vec::new(),
            items: Vec::new(),
        }
    }

    /// A reader of the element of a top-level array that starts at `start`:
    /// one level deep, spans counted from the start of `text`.
    pub(super) fn at_item(text: &'t str, start: usize, max_depth: usize) -> Reader<'t> {
        Reader {
            pos: start,
            depth: 1,
            ..Reader::new(text, max_depth)
        }
    }

    /// The value at the current position, which must end at `end`.
    pub(super) fn value_ending_at(&mut self, end: usize) -> Read<JsonNode<Str<'t>>> {
        let node = self.value()?;
        if self.pos != end {
            return Err(self.error_here("the element does not end where its array expects"));
        }
        Ok(node)
    }

    /// The one value of the text, with nothing after it but whitespace.
    pub(super) fn document(&mut self) -> Read<JsonNode<Str<'t>>> {
        self.skip_whitespace();
        let node = self.value()?;
        self.end_of_document()?;
        Ok(node)
    }

    /// Like [`Reader::document`], but a top-level array's elements go one by
    /// one to `each` instead of into a tree, with the diagnostics found in
    /// each; any other value goes whole.
    pub(super) fn document_items(
        &mut self,
        each: &mut dyn FnMut(JsonNode<Str<'t>>, Vec<Diagnostic>),
    ) -> Read<()> {
        self.skip_whitespace();
        if self.peek() == Some(b'[') {
            self.array_items(&mut |reader, node| {
                each(node, std::mem::take(&mut reader.diagnostics))
            })?;
        } else {
            let node = self.value()?;
            each(node, std::mem::take(&mut self.diagnostics));
        }
        self.end_of_document()
    }

    fn end_of_document(&mut self) -> Read<()> {
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(self
                .error_here("unexpected text after the end of the document")
                .with_help("a document holds one JSON value; to give several scenarios, put them in an array"));
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Read<JsonNode<Str<'t>>> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => return self.object(),
            Some(b'[') => return self.array(),
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => JsonValue::Number(self.number()?),
            Some(b'a'..=b'z' | b'A'..=b'Z') => match self.word() {
                "true" => JsonValue::Bool(true),
                "false" => JsonValue::Bool(false),
                "null" => JsonValue::Null,
                _ => return Err(self.unexpected_word(start)),
            },
            _ => return Err(self.unexpected("a value")),
        };
        Ok(JsonNode {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn object(&mut self) -> Read<JsonNode<Str<'t>>> {
        let start = self.pos;
        self.open()?;
        let base = self.members.len();
        // Small objects (all of a policy's) are checked by a scan; big ones by a map.
        let mut index: Option<HashMap<String, Span>> = None;
        let mut comma: Option<usize> = None;
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    if let Some(comma) = comma {
                        return Err(trailing_comma(comma));
                    }
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed("object", '}', start)),
                Some(_) => {
                    return Err(self.unexpected("a member name in double quotes"));
                }
            }
            let key_start = self.pos;
            let key = Spanned::new(self.string()?, Span::new(key_start, self.pos));
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.unclosed("object", '}', start)),
                Some(_) => return Err(self.unexpected("`:` after the member name")),
            }
            self.skip_whitespace();
            if self.peek().is_none() {
                return Err(self.unclosed("object", '}', start));
            }
            let value = self.value()?;
            let members = self.members.get(base..).unwrap_or_default();
            let first = match &index {
                Some(map) => map.get(key.value.as_ref()).copied(),
                None => members
                    .iter()
                    .find(|(k, _)| k.value == key.value)
                    .map(|(k, _)| k.span),
            };
            match first {
                Some(first) => self.diagnostics.push(self.duplicate(&key, first)),
                None => {
                    if index.is_none() && members.len() >= 16 {
                        index = Some(
                            members
                                .iter()
                                .map(|(k, _)| (k.value.as_ref().to_owned(), k.span))
                                .collect(),
                        );
                    }
                    if let Some(map) = &mut index {
                        map.insert(key.value.as_ref().to_owned(), key.span);
                    }
                    self.members.push((key, value));
                }
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    comma = Some(self.pos);
                    self.pos += 1;
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed("object", '}', start)),
                Some(_) => return Err(self.missing_comma("}")),
            }
        }
        self.depth -= 1;
        let members = self.members.drain(base..).collect();
        Ok(JsonNode {
            value: JsonValue::Object(members),
            span: Span::new(start, self.pos),
        })
    }

    fn array(&mut self) -> Read<JsonNode<Str<'t>>> {
        let base = self.items.len();
        let span = self.array_items(&mut |reader, item| reader.items.push(item))?;
        let items = self.items.drain(base..).collect();
        Ok(JsonNode {
            value: JsonValue::Array(items),
            span,
        })
    }

    /// Reads the array at the current `[`, handing each element to `each` (with
    /// the reader, for its diagnostics); the array's span.
    fn array_items(&mut self, each: &mut dyn FnMut(&mut Self, JsonNode<Str<'t>>)) -> Read<Span> {
        let start = self.pos;
        self.open()?;
        let mut comma: Option<usize> = None;
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b']') => {
                    if let Some(comma) = comma {
                        return Err(trailing_comma(comma));
                    }
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed("array", ']', start)),
                Some(_) => {
                    let item = self.value()?;
                    each(self, item);
                }
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    comma = Some(self.pos);
                    self.pos += 1;
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed("array", ']', start)),
                Some(_) => return Err(self.missing_comma("]")),
            }
        }
        self.depth -= 1;
        Ok(Span::new(start, self.pos))
    }

    /// Steps over the `[` or `{` at the current position, one level deeper;
    /// the first bracket that opens level `max_depth + 1` is `too-deep`.
    fn open(&mut self) -> Read<()> {
        if self.depth == self.max_depth {
            let at = self.pos;
            return Err(Diagnostic::error(
                DiagnosticId::TooDeep,
                format!(
                    "the document nests more than {} levels deep",
                    self.max_depth
                ),
                Span::new(at, at + 1),
            )
            .with_help(
                "policies and scenarios never need this depth: look for unclosed or stray brackets",
            ));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    /// A string starting at the current `"`; its unescaped content.
    fn string(&mut self) -> Read<Str<'t>> {
        let start = self.pos;
        self.pos += 1;
        let content_start = self.pos;
        // Fast path: no escapes, borrow the slice once.
        self.pos = plain_run_end(self.bytes, self.pos);
        if let Some(b) = self.peek() {
            match b {
                b'"' => {
                    let content = self.text.get(content_start..self.pos).unwrap_or_default();
                    self.pos += 1;
                    return Ok(Cow::Borrowed(content));
                }
                b'\\' => {}
                _ => return Err(self.control_character(start)),
            }
        }
        let mut content = self
            .text
            .get(content_start..self.pos)
            .unwrap_or_default()
            .to_owned();
        loop {
            let run_start = self.pos;
            self.pos = plain_run_end(self.bytes, self.pos);
            content.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(content));
                }
                Some(b'\\') => content.push(self.escape()?),
                Some(_) => return Err(self.control_character(start)),
                None => {
                    return Err(at_end(
                        self.text,
                        format!(
                            "unexpected end of text inside the string opened on line {}",
                            line_of(self.text, start)
                        ),
                    )
                    .with_help("the text may be truncated; otherwise close the string with `\"`"))
                }
            }
        }
    }

    /// The escape at the current `\`.
    fn escape(&mut self) -> Read<char> {
        let start = self.pos;
        let c = match self.bytes.get(start + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            _ => {
                let len = self
                    .text
                    .get(start + 1..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, |c| 1 + c.len_utf8());
                return Err(Diagnostic::error(DiagnosticId::InvalidJson, "invalid escape in a string", Span::new(start, start + len))
                    .with_help("the escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`"));
            }
        };
        self.pos += 2;
        Ok(c)
    }

    /// `\uXXXX`, or a surrogate pair of two of them.
    fn unicode_escape(&mut self) -> Read<char> {
        let start = self.pos;
        let first = self.hex4(start)?;
        self.pos = start + 6;
        let code = if (0xD800..0xDC00).contains(&first) {
            let low = match (self.bytes.get(self.pos), self.bytes.get(self.pos + 1)) {
                (Some(b'\\'), Some(b'u')) => self.hex4(self.pos)?,
                _ => 0,
            };
            if !(0xDC00..0xE000).contains(&low) {
                return Err(bad_unicode(start, self.pos));
            }
            self.pos += 6;
            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| bad_unicode(start, self.pos))
    }

    fn hex4(&self, at: usize) -> Read<u32> {
        self.text
            .get(at + 2..at + 6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| bad_unicode(at, (at + 6).min(self.bytes.len())))
    }

    /// A number as written: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Read<Str<'t>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = self.digits();
        let leading_zero = int_digits > 1 && self.bytes.get(int_start) == Some(&b'0');
        let mut valid = int_digits > 0 && !leading_zero;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            valid &= self.digits() > 0;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            valid &= self.digits() > 0;
        }
        // Letters glued to the number (`0x1F`, `1abc`) belong to the bad token.
        let glued = self.pos;
        while let Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.') = self.peek() {
            self.pos += 1;
        }
        let token = self.text.get(start..self.pos).unwrap_or_default();
        if !valid || glued != self.pos {
            return Err(Diagnostic::error(DiagnosticId::InvalidJson, format!("invalid number `{token}`"), Span::new(start, self.pos))
                .with_help("JSON numbers are decimal, like `10`, `-1.5` or `2e3`; no leading zeros, hexadecimal or `+`"));
        }
        Ok(Cow::Borrowed(token))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn word(&mut self) -> &'t str {
        let start = self.pos;
        while let Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'$' | b'-' | b'.' | b':') =
            self.peek()
        {
            self.pos += 1;
        }
        self.text.get(start..self.pos).unwrap_or_default()
    }

    // Errors.

    fn error_here(&self, message: impl Into<String>) -> Diagnostic {
        let len = self
            .text
            .get(self.pos..)
            .and_then(|r| r.chars().next())
            .map_or(0, char::len_utf8);
        Diagnostic::error(
            DiagnosticId::InvalidJson,
            message,
            Span::new(self.pos, self.pos + len),
        )
    }

    /// Something other than `expected` at the current position, said as helpfully as possible.
    fn unexpected(&mut self, expected: &str) -> Diagnostic {
        let start = self.pos;
        match self.peek() {
            None => at_end(
                self.text,
                format!("unexpected end of text: expected {expected}"),
            ),
            Some(b'/') => self
                .error_here("comments are not allowed")
                .with_help("policies and scenarios are plain JSON: remove the comment"),
            Some(b'\'') => self
                .error_here("single-quoted string")
                .with_help("JSON strings take double quotes: `\"...\"`"),
            Some(b'a'..=b'z' | b'A'..=b'Z') => {
                self.word();
                self.unexpected_word(start)
            }
            Some(_) => {
                let c = self
                    .text
                    .get(start..)
                    .and_then(|r| r.chars().next())
                    .unwrap_or_default();
                self.error_here(format!("expected {expected}, found `{c}`"))
            }
        }
    }

    fn unexpected_word(&self, start: usize) -> Diagnostic {
        let word = self.text.get(start..self.pos).unwrap_or_default();
        Diagnostic::error(DiagnosticId::InvalidJson, format!("unexpected word `{word}`"), Span::new(start, self.pos))
            .with_help("strings take double quotes; the only bare words in JSON are `true`, `false` and `null`")
    }

    fn missing_comma(&mut self, close: &str) -> Diagnostic {
        match self.peek() {
            Some(b'/') => self.unexpected("`,`"),
            _ => self.error_here(format!("expected `,` or `{close}`")).with_help(
                "members of an object and elements of an array are separated by commas; is one missing at the end of the previous line?",
            ),
        }
    }

    fn unclosed(&self, what: &str, close: char, start: usize) -> Diagnostic {
        at_end(
            self.text,
            format!(
                "unexpected end of text: the {what} opened on line {} is not closed",
                line_of(self.text, start)
            ),
        )
        .with_help(format!(
            "the text may be truncated; otherwise add the missing `{close}`"
        ))
    }

    fn control_character(&self, string_start: usize) -> Diagnostic {
        match self.peek() {
            Some(b'\n' | b'\r') => {
                Diagnostic::error(DiagnosticId::InvalidJson, "unterminated string", Span::new(string_start, string_start + 1))
                    .with_help("close the string with `\"` before the line ends; a line break inside a string is written `\\n`")
            }
            _ => self.error_here("control character in a string").with_help("write it escaped, e.g. a tab as `\\t`"),
        }
    }

    fn duplicate(&self, key: &Spanned<Str<'t>>, first: Span) -> Diagnostic {
        Diagnostic::error(DiagnosticId::DuplicateKey, format!("duplicate key `{}`", key.value.as_ref()), key.span).with_help(format!(
            "`{}` is already given on line {}; AWS rejects a policy with a repeated key (a JSON reader would silently keep the last)",
            key.value.as_ref(),
            line_of(self.text, first.start as usize)
        ))
    }
}

/// The offset of the first `"`, `\` or control character at or after
/// `from` (where a run of plain string content ends), or the text's end.
/// Eight bytes are tested at a time, as one number: strings are most of a
/// scenario file.
pub(super) fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each zero byte of `v` (exact up to the first one).
    let zero_byte = |v: u64| v.wrapping_sub(LOW) & !v & HIGH;
    let mut end = from;
    while let Some(chunk) = bytes.get(end..end + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Bytes below 0x20 (those of 0x80 and above are masked by `!word`).
        let control = word.wrapping_sub(LOW * 0x20) & !word & HIGH;
        let quote = zero_byte(word ^ (LOW * u64::from(b'"')));
        let backslash = zero_byte(word ^ (LOW * u64::from(b'\\')));
        if control | quote | backslash != 0 {
            break;
        }
        end += 8;
    }
    while let Some(&b) = bytes.get(end) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        end += 1;
    }
    end
}

fn trailing_comma(at: usize) -> Diagnostic {
    Diagnostic::error(
        DiagnosticId::InvalidJson,
        "trailing comma",
        Span::new(at, at + 1),
    )
    .with_help("JSON allows no comma after the last member of an object or array: remove it")
}

fn bad_unicode(start: usize, end: usize) -> Diagnostic {
    Diagnostic::error(
        DiagnosticId::InvalidJson,
        "invalid unicode escape",
        Span::new(start, end),
    )
    .with_help(
        "write `\\u` and four hexadecimal digits; a character beyond U+FFFF takes a surrogate pair",
    )
}

/// An error at the end of the text (after trailing whitespace is set aside).
fn at_end(text: &str, message: String) -> Diagnostic {
    Diagnostic::error(
        DiagnosticId::InvalidJson,
        message,
        Span::empty_at(text.trim_end().len()),
    )
}
