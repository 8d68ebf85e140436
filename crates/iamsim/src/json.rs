//! JSON with byte spans for every value and key, and the checks serde skips:
//! duplicate keys (AWS rejects them), nesting depth, size.
//!
//! Only strict JSON (RFC 8259) is accepted: no comments, trailing commas,
//! single quotes or bare words. The reader is in [`reader`].

mod reader;
mod split;
mod write;

pub use split::array_item_spans;
pub use write::JsonWriter;

use crate::diagnostic::DiagnosticId;
use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// A JSON value; its strings are `String`s, or in the evaluator's own
/// [`Node`] tree borrowed from the text where they have no escapes.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue<S = String> {
    Null,
    Bool(bool),
    /// The number as written.
    Number(S),
    String(S),
    Array(Vec<JsonNode<S>>),
    /// Members in document order (duplicates are reported, the first is kept).
    Object(Vec<(Spanned<S>, JsonNode<S>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonNode<S = String> {
    pub value: JsonValue<S>,
    pub span: Span,
}

/// The tree the loaders read: reading a big file this way copies almost no
/// string (keys and values are mostly unescaped), and freeing it is cheap.
pub type Node<'t> = JsonNode<Cow<'t, str>>;

/// A member name in a [`Node`] tree.
pub type Key<'t> = Spanned<Cow<'t, str>>;

impl<S> JsonNode<S> {
    /// What the value is, for messages: `a string`, `an object`, ...
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }

    /// A `wrong-type` error on this value: `{what} must be {expected}, not a number`.
    pub fn wrong_type(&self, what: &str, expected: &str) -> Diagnostic {
        Diagnostic::error(
            DiagnosticId::WrongType,
            format!("{what} must be {expected}, not {}", self.kind_name()),
            self.span,
        )
    }
}

/// Size and nesting limits: the size is checked before the text is read,
/// the depth while it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
}

/// A policy text: far above AWS's own quotas (2,048 to 10,240 characters for
/// IAM policies, 20 KB for a bucket policy), low enough to stay fast.
pub const POLICY_LIMITS: Limits = Limits {
    max_bytes: 1 << 20,
    max_depth: 64,
};

/// A scenario file may hold tens of thousands of scenarios.
pub const SCENARIO_FILE_LIMITS: Limits = Limits {
    max_bytes: 256 << 20,
    max_depth: 64,
};

/// Parses a policy text under [`POLICY_LIMITS`]. `Err` when it is not JSON
/// (with every diagnostic found); `Ok` may still carry diagnostics such as
/// duplicate keys.
pub fn parse(text: &str) -> Result<(JsonNode, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_with_limits(text, POLICY_LIMITS)
}

/// Parses `text` under the given limits; see [`parse`].
pub fn parse_with_limits(
    text: &str,
    limits: Limits,
) -> Result<(JsonNode, Vec<Diagnostic>), Vec<Diagnostic>> {
    // Through the borrowing reader: one reader in the wasm, not two.
    parse_borrowed(text, limits).map(|(node, diagnostics)| (node.into_owned(), diagnostics))
}

/// [`parse_with_limits`] into the borrowing [`Node`] tree.
pub fn parse_borrowed(
    text: &str,
    limits: Limits,
) -> Result<(Node<'_>, Vec<Diagnostic>), Vec<Diagnostic>> {
    check_limits(text, limits)?;
    let mut reader = reader::Reader::new(text, limits.max_depth);
    let node = reader.document().map_err(|e| vec![e])?;
    Ok((node, reader.diagnostics))
}

impl Node<'_> {
    /// The same tree with owned strings. Recursion is bounded by the
    /// reader's depth limit.
    pub fn into_owned(self) -> JsonNode {
        let value = match self.value {
            JsonValue::Null => JsonValue::Null,
            JsonValue::Bool(b) => JsonValue::Bool(b),
            JsonValue::Number(n) => JsonValue::Number(n.into_owned()),
            JsonValue::String(s) => JsonValue::String(s.into_owned()),
            JsonValue::Array(items) => {
                JsonValue::Array(items.into_iter().map(Node::into_owned).collect())
            }
            JsonValue::Object(members) => JsonValue::Object(
                members
                    .into_iter()
                    .map(|(key, value)| {
                        (
                            Spanned::new(key.value.into_owned(), key.span),
                            value.into_owned(),
                        )
                    })
                    .collect(),
            ),
        };
        JsonNode {
            value,
            span: self.span,
        }
    }
}

/// Parses `text` under the given limits, handing the elements of a top-level
/// array one by one to `each` (any other top-level value whole), each with
/// the diagnostics found in it (such as duplicate keys), so that a big file
/// is never held as one tree. On `Err`, `each` may have seen the elements
/// before the error.
pub fn parse_items<'t>(
    text: &'t str,
    limits: Limits,
    mut each: impl FnMut(Node<'t>, Vec<Diagnostic>),
) -> Result<(), Vec<Diagnostic>> {
    check_limits(text, limits)?;
    reader::Reader::new(text, limits.max_depth)
        .document_items(&mut each)
        .map_err(|e| vec![e])
}

/// The element of a top-level array at `span` (one of [`array_item_spans`]),
/// with the diagnostics found in it, read on its own: its spans count from
/// the start of `text`. `Err` when it is not JSON; [`parse_items`] on the
/// whole text then reports the problem as a reader of the whole would.
pub fn parse_item(
    text: &str,
    span: Span,
    limits: Limits,
) -> Result<(Node<'_>, Vec<Diagnostic>), Diagnostic> {
    let mut reader = reader::Reader::at_item(text, span.start as usize, limits.max_depth);
    let node = reader.value_ending_at(span.end as usize)?;
    Ok((node, reader.diagnostics))
}

fn check_limits(text: &str, limits: Limits) -> Result<(), Vec<Diagnostic>> {
    if text.len() > limits.max_bytes {
        return Err(vec![too_large(text.len(), limits.max_bytes)]);
    }
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(DiagnosticId::EmptyDocument, "the document is empty", Span::new(0, text.len()))
            .with_help("a policy is a JSON object such as `{ \"Version\": \"2012-10-17\", \"Statement\": [] }`")]);
    }
    Ok(())
}

fn too_large(len: usize, max: usize) -> Diagnostic {
    Diagnostic::error(
        DiagnosticId::TooLarge,
        format!("the text is {len} bytes, more than the {max} bytes accepted"),
        Span::empty_at(0),
    )
    .with_help(
        "AWS accepts far less: 2,048 to 10,240 characters for an IAM policy, \
         5,120 for an SCP, 20 KB for an S3 bucket policy",
    )
}

/// The 1-based line of a byte offset (used only for help texts).
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        parse(text).err().unwrap_or_default()
    }

    fn at(text: &str, needle: &str) -> u32 {
        text.find(needle).unwrap() as u32
    }

    #[test]
    fn every_value_and_key_has_its_span() {
        let text = r#"{"a": [1, "x\n", true, null], "b": {"c": -2.5e3}}"#;
        let (node, diags) = parse(text).unwrap();
        assert!(diags.is_empty());
        let JsonValue::Object(members) = &node.value else {
            panic!()
        };
        assert_eq!(node.span, Span::new(0, text.len()));
        let (key, value) = &members[0];
        assert_eq!(key.value, "a");
        assert_eq!(key.span, Span::new(1, 4));
        let JsonValue::Array(items) = &value.value else {
            panic!()
        };
        assert_eq!(items[1].value, JsonValue::String("x\n".into()));
        assert_eq!(items[1].span, Span::new(10, 15));
        let JsonValue::Object(inner) = &members[1].1.value else {
            panic!()
        };
        assert_eq!(inner[0].1.value, JsonValue::Number("-2.5e3".into()));
    }

    #[test]
    fn duplicate_key_points_at_the_second_and_keeps_the_first() {
        let text = "{\n \"Effect\": \"Allow\",\n \"Effect\": \"Deny\"\n}";
        let (node, diags) = parse(text).unwrap();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].id, "duplicate-key");
        assert_eq!(
            diags[0].span.start,
            text.rfind("\"Effect\"").unwrap() as u32
        );
        assert!(diags[0].help.as_deref().unwrap().contains("line 2"));
        let JsonValue::Object(members) = node.value else {
            panic!()
        };
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].1.value, JsonValue::String("Allow".into()));
    }

    #[test]
    fn duplicate_keys_in_big_objects_are_found_too() {
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("\"k{i}\": {i},"));
        }
        text.push_str("\"k3\": 0}");
        let (_, diags) = parse(&text).unwrap();
        assert_eq!(
            diags.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["duplicate-key"]
        );
    }

    #[test]
    fn trailing_comma_is_reported_at_the_comma() {
        let text = "[1, 2,]";
        let diags = errors(text);
        assert_eq!(diags[0].id, "invalid-json");
        assert_eq!(diags[0].message, "trailing comma");
        assert_eq!(diags[0].span.start, 5);
    }

    #[test]
    fn truncated_text_is_reported_at_its_end() {
        let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"}\n";
        let diags = errors(text);
        assert_eq!(diags[0].id, "invalid-json");
        assert!(
            diags[0].message.starts_with("unexpected end of text"),
            "{}",
            diags[0].message
        );
        assert_eq!(diags[0].span.start as usize, text.trim_end().len());
    }

    #[test]
    fn unterminated_string_and_lenient_syntax_are_errors() {
        assert!(errors("{\"a\": \"abc}")[0]
            .message
            .starts_with("unexpected end of text inside the string"));
        let broken = errors("{\"a\": \"abc\n\"}");
        assert_eq!(
            (broken[0].message.as_str(), broken[0].span.start),
            ("unterminated string", 6)
        );
        assert_eq!(
            errors("[\"a\tb\"]")[0].message,
            "control character in a string"
        );
        for text in [
            "{\"a\": 1 // c\n}",
            "{a: 1}",
            "{'a': 1}",
            "[0x10]",
            "[+1]",
            "[.5]",
            "[NaN]",
            "[1 2]",
            "{} {}",
        ] {
            assert_eq!(
                errors(text).first().map(|d| d.id.as_str()),
                Some("invalid-json"),
                "{text}"
            );
        }
        assert_eq!(errors("[1, tru]")[0].span.start, at("[1, tru]", "tru"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let (node, _) = parse("\u{feff}{\"a\": 1}").unwrap();
        assert_eq!(node.span, Span::new(3, 11));
    }

    #[test]
    fn empty_and_whitespace_documents() {
        assert_eq!(errors("")[0].id, "empty-document");
        assert_eq!(errors(" \n\t ")[0].id, "empty-document");
    }

    #[test]
    fn depth_is_bounded_before_the_reader_recurses_deeper() {
        let deep = "[".repeat(100_000);
        let diags = errors(&deep);
        assert_eq!(diags[0].id, "too-deep");
        assert_eq!(diags[0].span.start, 64);
        // Brackets inside strings do not count.
        let text = format!("[\"{}\"]", "[".repeat(100));
        assert!(parse(&text).is_ok());
        let nested = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&nested).is_ok());
    }

    #[test]
    fn items_of_a_top_level_array_come_one_by_one() {
        let mut seen = Vec::new();
        let text = "[{\"a\": 1, \"a\": 2}, 3]";
        parse_items(text, POLICY_LIMITS, |n, d| {
            seen.push((n.span, d.iter().map(|d| d.id.as_str()).collect::<Vec<_>>()))
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                (Span::new(1, 17), vec!["duplicate-key"]),
                (Span::new(19, 20), vec![])
            ]
        );
        let mut whole = Vec::new();
        parse_items(" {} ", POLICY_LIMITS, |n, _| whole.push(n.value)).unwrap();
        assert_eq!(whole, [JsonValue::Object(vec![])]);
        let mut before_error = 0;
        let err = parse_items("[1, 2,]", POLICY_LIMITS, |_, _| before_error += 1).unwrap_err();
        assert_eq!(
            (err[0].message.as_str(), before_error),
            ("trailing comma", 2)
        );
    }

    #[test]
    fn escapes_and_numbers_follow_rfc_8259() {
        let (node, _) = parse(r#"["a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", -0.5e+3, 0]"#).unwrap();
        let JsonValue::Array(items) = node.value else {
            panic!()
        };
        assert_eq!(
            items[0].value,
            JsonValue::String("a\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1f600}".into())
        );
        assert_eq!(items[1].value, JsonValue::Number("-0.5e+3".into()));
        for bad in [
            r#"["\x"]"#,
            r#"["\ud83d"]"#,
            r#"["\u12"]"#,
            "[01]",
            "[1.]",
            "[-]",
            "[1e]",
            "[0x1F]",
        ] {
            assert_eq!(
                errors(bad).first().map(|d| d.id.as_str()),
                Some("invalid-json"),
                "{bad}"
            );
        }
    }

    #[test]
    fn size_is_bounded_by_the_limit_given() {
        let text = format!("[\"{}\"]", "a".repeat(2000));
        let small = Limits {
            max_bytes: 1000,
            max_depth: 8,
        };
        assert_eq!(
            parse_with_limits(&text, small).err().unwrap()[0].id,
            "too-large"
        );
        assert!(parse(&text).is_ok());
    }
}
