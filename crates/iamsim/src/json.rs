//! JSON with byte spans for every value and key, and the checks serde skips:
//! duplicate keys (AWS rejects them), nesting depth, size.
//!
//! The syntax is read by `jsonc-parser` (dprint's parser, which reports byte
//! ranges) with every JSONC/JSON5 leniency turned off, so only strict JSON
//! (RFC 8259) is accepted. Its tree is then converted into [`JsonNode`]s.

use std::collections::HashMap;

use jsonc_parser::ast;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::ParseOptions;

use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    String(String),
    Array(Vec<JsonNode>),
    /// Members in document order (duplicates are reported, the first is kept).
    Object(Vec<(Spanned<String>, JsonNode)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonNode {
    pub value: JsonValue,
    pub span: Span,
}

impl JsonNode {
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
        Diagnostic::error("wrong-type", format!("{what} must be {expected}, not {}", self.kind_name()), self.span)
    }
}

/// Size and nesting limits, checked before the text is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
}

/// A policy text: far above AWS's own quotas (2,048 to 10,240 characters for
/// IAM policies, 20 KB for a bucket policy), low enough to stay fast.
pub const POLICY_LIMITS: Limits = Limits { max_bytes: 1 << 20, max_depth: 64 };

/// A scenario file may hold tens of thousands of scenarios.
pub const SCENARIO_FILE_LIMITS: Limits = Limits { max_bytes: 256 << 20, max_depth: 64 };

/// Parses a policy text under [`POLICY_LIMITS`]. `Err` when it is not JSON
/// (with every diagnostic found); `Ok` may still carry diagnostics such as
/// duplicate keys.
pub fn parse(text: &str) -> Result<(JsonNode, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_with_limits(text, POLICY_LIMITS)
}

/// Parses `text` under the given limits; see [`parse`].
pub fn parse_with_limits(text: &str, limits: Limits) -> Result<(JsonNode, Vec<Diagnostic>), Vec<Diagnostic>> {
    if text.len() > limits.max_bytes {
        return Err(vec![too_large(text.len(), limits.max_bytes)]);
    }
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error("empty-document", "the document is empty", Span::new(0, text.len()))
            .with_help("a policy is a JSON object such as `{ \"Version\": \"2012-10-17\", \"Statement\": [] }`")]);
    }
    // The parser recurses once per level: bound the depth first, without
    // recursion. The same pass catches what the parser would let through.
    if let Some(diagnostic) = scan_structure(text, limits.max_depth) {
        return Err(vec![diagnostic]);
    }
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options)
        .map_err(|err| vec![syntax_error(text, &err)])?;
    let Some(root) = parsed.value else {
        return Err(vec![Diagnostic::error("empty-document", "the document is empty", Span::new(0, text.len()))]);
    };
    let mut diagnostics = Vec::new();
    let node = Converter { text, diagnostics: &mut diagnostics }.node(root);
    Ok((node, diagnostics))
}

fn too_large(len: usize, max: usize) -> Diagnostic {
    Diagnostic::error(
        "too-large",
        format!("the text is {len} bytes, more than the {max} bytes accepted"),
        Span::empty_at(0),
    )
    .with_help(
        "AWS accepts far less: 2,048 to 10,240 characters for an IAM policy, \
         5,120 for an SCP, 20 KB for an S3 bucket policy",
    )
}

/// One pass over the bytes, tracking strings: the first bracket that opens
/// level `max_depth + 1` is `too-deep`; a raw control character inside a
/// string (the parser accepts one, JSON does not) is `invalid-json`.
fn scan_structure(text: &str, max_depth: usize) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut string_start: Option<usize> = None;
    let mut escaped = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if let Some(start) = string_start {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => string_start = None,
                b'\n' | b'\r' => {
                    return Some(
                        Diagnostic::error("invalid-json", "unterminated string", Span::new(start, start + 1))
                            .with_help("close the string with `\"` before the line ends; a line break inside a string is written `\\n`"),
                    )
                }
                0..0x20 => {
                    return Some(
                        Diagnostic::error("invalid-json", "control character in a string", Span::new(i, i + 1))
                            .with_help("write it escaped, e.g. a tab as `\\t`"),
                    )
                }
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => string_start = Some(i),
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Some(
                        Diagnostic::error(
                            "too-deep",
                            format!("the document nests more than {max_depth} levels deep"),
                            Span::new(i, i + 1),
                        )
                        .with_help("policies and scenarios never need this depth: look for unclosed or stray brackets"),
                    );
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Turns the parser's error into a diagnostic that says what to do.
fn syntax_error(text: &str, err: &ParseError) -> Diagnostic {
    use jsonc_parser::ParseStringErrorKind as S;
    use ParseErrorKind as K;
    let range = err.range();
    let span = Span::new(range.start, range.end);
    let at_end = Span::empty_at(text.trim_end().len());
    let (message, help, span): (String, Option<String>, Span) = match err.kind() {
        K::TrailingCommasNotAllowed => (
            "trailing comma".into(),
            Some("JSON allows no comma after the last member of an object or array: remove it".into()),
            span,
        ),
        K::UnterminatedObject | K::UnterminatedArray => {
            let (what, close) = if matches!(err.kind(), K::UnterminatedObject) { ("object", '}') } else { ("array", ']') };
            let opened = line_of(text, range.start);
            (
                format!("unexpected end of text: the {what} opened on line {opened} is not closed"),
                Some(format!("the text may be truncated; otherwise add the missing `{close}`")),
                at_end,
            )
        }
        // A string cut by a line break was reported by the scan: this one runs to the end.
        K::String(S::UnterminatedStringLiteral) => (
            format!("unexpected end of text inside the string opened on line {}", line_of(text, range.start)),
            Some("the text may be truncated; otherwise close the string with `\"`".into()),
            at_end,
        ),
        K::String(kind) => (format!("invalid string: {}", lower_first(&kind.to_string())), None, span),
        K::CommentsNotAllowed => {
            ("comments are not allowed".into(), Some("policies are plain JSON: remove the comment".into()), span)
        }
        K::SingleQuotedStringsNotAllowed => {
            ("single-quoted string".into(), Some("JSON strings take double quotes: `\"...\"`".into()), span)
        }
        K::ExpectedStringObjectProperty => (
            "expected a member name in double quotes".into(),
            Some("member names are strings: `\"Effect\": ...`".into()),
            span,
        ),
        K::ExpectedComma => (
            "expected `,`".into(),
            Some("members of an object and elements of an array are separated by commas".into()),
            span,
        ),
        K::ExpectedColonAfterObjectKey => ("expected `:` after the member name".into(), None, span),
        K::ExpectedObjectValue => ("expected a value after `:`".into(), None, span),
        K::MultipleRootJsonValues => (
            "unexpected text after the end of the document".into(),
            Some("a document holds one JSON value; to give several scenarios, put them in an array".into()),
            span,
        ),
        K::UnexpectedWord => (
            format!("unexpected word `{}`", text.get(range.start..range.end).unwrap_or_default()),
            Some("strings take double quotes; the only bare words in JSON are `true`, `false` and `null`".into()),
            span,
        ),
        kind => (lower_first(&kind.to_string()), None, span),
    };
    let diagnostic = Diagnostic::error("invalid-json", message, span);
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// The 1-based line of a byte offset (used only for help texts).
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

struct Converter<'t, 'd> {
    text: &'t str,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Converter<'_, '_> {
    fn node(&mut self, value: ast::Value<'_>) -> JsonNode {
        let (value, range) = match value {
            ast::Value::StringLit(s) => (JsonValue::String(s.value.into_owned()), s.range),
            ast::Value::NumberLit(n) => (JsonValue::Number(n.value.to_owned()), n.range),
            ast::Value::BooleanLit(b) => (JsonValue::Bool(b.value), b.range),
            ast::Value::NullKeyword(n) => (JsonValue::Null, n.range),
            ast::Value::Array(a) => {
                (JsonValue::Array(a.elements.into_iter().map(|e| self.node(e)).collect()), a.range)
            }
            ast::Value::Object(o) => (self.object(o.properties), o.range),
        };
        JsonNode { value, span: Span::new(range.start, range.end) }
    }

    fn object(&mut self, properties: Vec<ast::ObjectProp<'_>>) -> JsonValue {
        let mut members: Vec<(Spanned<String>, JsonNode)> = Vec::with_capacity(properties.len());
        // Small objects (all of a policy's) are checked by a scan; big ones by a map.
        let mut index: Option<HashMap<String, Span>> = None;
        for prop in properties {
            let (name, range) = match prop.name {
                ast::ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
            };
            let key = Spanned::new(name, Span::new(range.start, range.end));
            let first = match &mut index {
                Some(map) => map.get(&key.value).copied(),
                None => members.iter().find(|(k, _)| k.value == key.value).map(|(k, _)| k.span),
            };
            if let Some(first) = first {
                self.diagnostics.push(self.duplicate(&key, first));
                continue;
            }
            if index.is_none() && members.len() >= 16 {
                index = Some(members.iter().map(|(k, _)| (k.value.clone(), k.span)).collect());
            }
            if let Some(map) = &mut index {
                map.insert(key.value.clone(), key.span);
            }
            let value = self.node(prop.value);
            members.push((key, value));
        }
        JsonValue::Object(members)
    }

    fn duplicate(&self, key: &Spanned<String>, first: Span) -> Diagnostic {
        Diagnostic::error("duplicate-key", format!("duplicate key `{}`", key.value), key.span).with_help(format!(
            "`{}` is already given on line {}; AWS rejects a policy with a repeated key (a JSON reader would silently keep the last)",
            key.value,
            line_of(self.text, first.start as usize)
        ))
    }
}

#[cfg(test)]
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
        let JsonValue::Object(members) = &node.value else { panic!() };
        assert_eq!(node.span, Span::new(0, text.len()));
        let (key, value) = &members[0];
        assert_eq!(key.value, "a");
        assert_eq!(key.span, Span::new(1, 4));
        let JsonValue::Array(items) = &value.value else { panic!() };
        assert_eq!(items[1].value, JsonValue::String("x\n".into()));
        assert_eq!(items[1].span, Span::new(10, 15));
        let JsonValue::Object(inner) = &members[1].1.value else { panic!() };
        assert_eq!(inner[0].1.value, JsonValue::Number("-2.5e3".into()));
    }

    #[test]
    fn duplicate_key_points_at_the_second_and_keeps_the_first() {
        let text = "{\n \"Effect\": \"Allow\",\n \"Effect\": \"Deny\"\n}";
        let (node, diags) = parse(text).unwrap();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].id, "duplicate-key");
        assert_eq!(diags[0].span.start, text.rfind("\"Effect\"").unwrap() as u32);
        assert!(diags[0].help.as_deref().unwrap().contains("line 2"));
        let JsonValue::Object(members) = node.value else { panic!() };
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
        assert_eq!(diags.iter().map(|d| d.id).collect::<Vec<_>>(), ["duplicate-key"]);
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
        assert!(diags[0].message.starts_with("unexpected end of text"), "{}", diags[0].message);
        assert_eq!(diags[0].span.start as usize, text.trim_end().len());
    }

    #[test]
    fn unterminated_string_and_lenient_syntax_are_errors() {
        assert!(errors("{\"a\": \"abc}")[0].message.starts_with("unexpected end of text inside the string"));
        let broken = errors("{\"a\": \"abc\n\"}");
        assert_eq!((broken[0].message.as_str(), broken[0].span.start), ("unterminated string", 6));
        assert_eq!(errors("[\"a\tb\"]")[0].message, "control character in a string");
        for text in ["{\"a\": 1 // c\n}", "{a: 1}", "{'a': 1}", "[0x10]", "[+1]", "[.5]", "[NaN]", "[1 2]", "{} {}"] {
            assert_eq!(errors(text).first().map(|d| d.id), Some("invalid-json"), "{text}");
        }
        assert_eq!(errors("[1, tru]")[0].span.start, at("[1, tru]", "tru"));
    }

    #[test]
    fn empty_and_whitespace_documents() {
        assert_eq!(errors("")[0].id, "empty-document");
        assert_eq!(errors(" \n\t ")[0].id, "empty-document");
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
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
    fn size_is_bounded_by_the_limit_given() {
        let text = format!("[\"{}\"]", "a".repeat(2000));
        let small = Limits { max_bytes: 1000, max_depth: 8 };
        assert_eq!(parse_with_limits(&text, small).err().unwrap()[0].id, "too-large");
        assert!(parse(&text).is_ok());
    }
}
