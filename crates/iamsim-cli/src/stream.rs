//! A JSON array of scenarios read from a stream one element at a time, so
//! that a file or pipe of a million scenarios is never held whole: each
//! element's text is cut out with where it starts in the stream (byte,
//! line, column), and loaded on its own ([`iamsim::Source::cut_from`]) with
//! its diagnostics and statements located in the whole input.
//!
//! The scan skips strings and counts brackets, like the core's splitter; it
//! checks nothing else: each element is then read by the full reader.

use iamsim::diagnostic::DiagnosticId;
use std::io::{self, BufRead};

use iamsim::diagnostic::LoadError;
use iamsim::source::Origin;
use iamsim::{Diagnostic, Source, Span};

use crate::input::InputError;

/// The largest element accepted, as for a whole scenario file.
const MAX_ELEMENT: usize = 256 << 20;

/// One element of the array: its text and where it starts.
pub struct Element {
    pub text: String,
    pub origin: Origin,
}

/// Where the scan stands between elements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The `[` (after any byte-order mark and whitespace).
    Open,
    /// The first element, or the `]` of an empty array.
    FirstElement,
    /// An element, after a comma.
    Element,
    /// A `,` or the `]` after an element.
    Separator,
    /// Nothing but whitespace, after the `]`.
    End,
}

/// The elements of the JSON array read from `reader`, in order; an error
/// ends them (a read failure, text that is not UTF-8, or an array the scan
/// cannot split).
pub struct ArrayStream<R> {
    reader: R,
    name: String,
    expect: Expect,
    /// The position of the next byte: offset, lines and characters before it on its line.
    at: Origin,
    failed: bool,
}

impl<R: BufRead> ArrayStream<R> {
    pub fn new(reader: R, name: &str) -> ArrayStream<R> {
        ArrayStream {
            reader,
            name: name.to_owned(),
            expect: Expect::Open,
            at: Origin::default(),
            failed: false,
        }
    }

    /// Skips whitespace (and a byte-order mark at the very start); the next
    /// byte, not consumed, or `None` at the end of the input.
    fn next_significant(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buffer = self.reader.fill_buf()?;
            let Some(&byte) = buffer.first() else {
                return Ok(None);
            };
            if self.at.offset == 0 && buffer.starts_with("\u{feff}".as_bytes()) {
                self.reader.consume(3);
                self.at.offset = 3;
                continue;
            }
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Ok(Some(byte));
            }
            self.reader.consume(1);
            advance(&mut self.at, byte);
        }
    }

    /// Reads the element starting at the current byte, up to (not including)
    /// the `,` or `]` that ends it at its own level.
    fn element(&mut self) -> Result<Element, InputError> {
        let origin = self.at;
        let mut bytes = Vec::new();
        let mut depth = 0_usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) => return Err(unreadable(&self.name, &error)),
            };
            if buffer.is_empty() {
                return Err(self.broken("the array ends before its closing `]`"));
            }
            let (used, ended) = scan(buffer, &mut depth, &mut in_string, &mut escaped);
            let chunk = buffer.get(..used).unwrap_or_default();
            bytes.extend_from_slice(chunk);
            advance_over(&mut self.at, chunk);
            self.reader.consume(used);
            if bytes.len() > MAX_ELEMENT {
                return Err(self.broken(&format!(
                    "a scenario of more than {MAX_ELEMENT} bytes: scenarios this big are not read"
                )));
            }
            if ended {
                break;
            }
        }
        while bytes.last().is_some_and(u8::is_ascii_whitespace) {
            bytes.pop();
        }
        if bytes.is_empty() {
            return Err(self.broken("a comma or bracket where a scenario should be"));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            self.error_at(
                origin,
                Diagnostic::error(
                    DiagnosticId::InvalidUtf8,
                    "the file is not UTF-8: invalid byte in this scenario",
                    Span::new(at, at + 1),
                )
                .with_help("save the file as UTF-8 (JSON text is UTF-8)"),
                &String::from_utf8_lossy(e.as_bytes()),
            )
        })?;
        Ok(Element { text, origin })
    }

    /// The next element, or the end of the array.
    fn next_element(&mut self) -> Result<Option<Element>, InputError> {
        loop {
            let byte = self
                .next_significant()
                .map_err(|e| unreadable(&self.name, &e))?;
            match (self.expect, byte) {
                (Expect::End, None) => return Ok(None),
                (Expect::End, Some(_)) => return Err(self.broken("text after the array's `]`")),
                (_, None) => return Err(self.broken("the array ends before its closing `]`")),
                (Expect::Open, Some(b'[')) => self.expect = Expect::FirstElement,
                (Expect::Open, Some(_)) => return Err(self.broken("expected `[`")),
                (Expect::FirstElement | Expect::Separator, Some(b']')) => {
                    self.expect = Expect::End;
                }
                (Expect::Separator, Some(b',')) => self.expect = Expect::Element,
                (Expect::Separator, Some(_)) => {
                    return Err(self.broken("expected `,` or `]` after a scenario"));
                }
                (Expect::FirstElement | Expect::Element, Some(_)) => {
                    self.expect = Expect::Separator;
                    return self.element().map(Some);
                }
            }
            if self.expect != Expect::Separator {
                // The bracket or comma just matched.
                self.reader.consume(1);
                self.at.offset += 1;
                self.at.columns_before += 1;
            }
        }
    }

    /// The array cannot be split here: an `invalid-json` error at the
    /// current position, shown with the line's text from there.
    fn broken(&mut self, message: &str) -> InputError {
        let shown = self
            .reader
            .fill_buf()
            .ok()
            .map(|buffer| {
                let line = buffer.split(|&b| b == b'\n').next().unwrap_or_default();
                String::from_utf8_lossy(line.get(..line.len().min(80)).unwrap_or_default())
                    .into_owned()
            })
            .unwrap_or_default();
        let at = self.at;
        self.error_at(
            at,
            Diagnostic::error(
                DiagnosticId::InvalidJson,
                message,
                Span::new(0, 1.min(shown.len())),
            )
            .with_help("the file must be one JSON array of scenarios: `[{...}, {...}]`"),
            &shown,
        )
    }

    fn error_at(&self, origin: Origin, diagnostic: Diagnostic, text: &str) -> InputError {
        InputError::Load(LoadError {
            sources: vec![Source::cut_from(self.name.as_str(), text, origin)],
            diagnostics: vec![diagnostic],
        })
    }
}

/// Scans an element's bytes from where the scan stands (its nesting depth,
/// whether in a string, after a backslash): how many bytes belong to the
/// element, and whether it ends there (at a `,`, `]` or stray `}` outside
/// any string and bracket). Strings are skipped to their next quote or
/// backslash at once.
fn scan(
    buffer: &[u8],
    depth: &mut usize,
    in_string: &mut bool,
    escaped: &mut bool,
) -> (usize, bool) {
    let mut at = 0;
    while let Some(&byte) = buffer.get(at) {
        if *in_string {
            if *escaped {
                *escaped = false;
                at += 1;
                continue;
            }
            let rest = buffer.get(at..).unwrap_or_default();
            let Some(found) = memchr::memchr2(b'"', b'\\', rest) else {
                return (buffer.len(), false);
            };
            at += found;
            match buffer.get(at) {
                Some(b'\\') => *escaped = true,
                _ => *in_string = false,
            }
        } else {
            match byte {
                b'"' => *in_string = true,
                b'{' | b'[' => *depth += 1,
                b'}' | b']' if *depth > 0 => *depth -= 1,
                b',' | b']' | b'}' if *depth == 0 => return (at, true),
                _ => {}
            }
        }
        at += 1;
    }
    (buffer.len(), false)
}

/// Moves `at` past `bytes` of the input.
fn advance_over(at: &mut Origin, bytes: &[u8]) {
    at.offset += bytes.len() as u64;
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let last_line = match memchr::memrchr(b'\n', bytes) {
        Some(newline) => {
            at.columns_before = 0;
            bytes.get(newline + 1..).unwrap_or_default()
        }
        None => bytes,
    };
    at.lines_before = at
        .lines_before
        .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
    let chars = last_line.iter().filter(|&&b| (b as i8) >= -0x40).count();
    at.columns_before = at
        .columns_before
        .saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
}

/// Moves `at` past one byte of the input.
fn advance(at: &mut Origin, byte: u8) {
    at.offset += 1;
    if byte == b'\n' {
        at.lines_before += 1;
        at.columns_before = 0;
    } else if (byte as i8) >= -0x40 {
        // Not a UTF-8 continuation byte: a character starts here.
        at.columns_before += 1;
    }
}

fn unreadable(name: &str, error: &io::Error) -> InputError {
    InputError::Unreadable(format!("cannot read `{name}`: {error}"))
}

impl<R: BufRead> Iterator for ArrayStream<R> {
    type Item = Result<Element, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_element();
        self.failed = next.is_err();
        next.transpose()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Reads `text` three bytes at a time, so that elements, strings and
    /// escapes straddle the reader's buffers.
    fn elements(text: &str) -> Vec<Result<(String, Origin), String>> {
        let reader = io::BufReader::with_capacity(3, text.as_bytes());
        ArrayStream::new(reader, "f.json")
            .map(|element| {
                element.map(|e| (e.text, e.origin)).map_err(|e| match e {
                    InputError::Load(load) => {
                        let report = &load.reports()[0];
                        format!("{}:{}:{}", report.id, report.line, report.column)
                    }
                    InputError::Unreadable(message) | InputError::Arguments(message) => message,
                })
            })
            .collect()
    }

    fn origin(offset: u64, lines_before: u32, columns_before: u32) -> Origin {
        Origin {
            offset,
            lines_before,
            columns_before,
        }
    }

    #[test]
    fn elements_come_with_their_position_in_the_file() {
        let text =
            "\u{feff} [ {\"a\": [1, {\"b\": \"],}\\\"é\"}]} ,\n  {\"c\": \"\\\\\"}\n,{} ] \n";
        let got = elements(text);
        assert_eq!(
            got,
            [
                Ok((
                    "{\"a\": [1, {\"b\": \"],}\\\"é\"}]}".to_owned(),
                    origin(6, 0, 3)
                )),
                Ok(("{\"c\": \"\\\\\"}".to_owned(), origin(39, 1, 2))),
                Ok(("{}".to_owned(), origin(52, 2, 1))),
            ]
        );
        assert_eq!(elements("[]"), []);
        assert_eq!(elements(" [ \n ] "), []);
    }

    #[test]
    fn an_array_that_does_not_split_is_an_error_where_it_breaks() {
        for (text, error) in [
            ("{}", "invalid-json:1:1"),
            ("", "invalid-json:1:1"),
            ("[", "invalid-json:1:2"),
            ("[{}", "invalid-json:1:4"),
            ("[{},", "invalid-json:1:5"),
            ("[{},]", "invalid-json:1:5"),
            ("[,{}]", "invalid-json:1:2"),
            ("[{}] x", "invalid-json:1:6"),
            ("[{]", "invalid-json:1:4"),
        ] {
            let got = elements(text);
            assert_eq!(
                got.last().unwrap().as_ref().err().map(String::as_str),
                Some(error),
                "{text:?}: {got:?}"
            );
        }
        let bad_utf8 = io::BufReader::new(&b"[{\"a\": \"\xff\"}]"[..]);
        let error = ArrayStream::new(bad_utf8, "f.json")
            .next()
            .unwrap()
            .err()
            .unwrap();
        let InputError::Load(load) = error else {
            panic!()
        };
        let report = &load.reports()[0];
        assert_eq!(
            (report.id, report.line, report.column),
            ("invalid-utf8", 1, 9)
        );
    }
}
