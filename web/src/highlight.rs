//! JSON syntax highlighting for the editor's overlay: a forgiving tokenizer
//! (a policy being typed is broken JSON most of the time) and a renderer that
//! builds the overlay's HTML in one string. Policy text is untrusted, so every
//! byte of it that reaches the HTML goes through [`html::escape`].

use std::fmt::Write as _;
use std::ops::RangeInclusive;

use iamsim::html;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A string followed by `:`, an object key.
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// `{ } [ ] : ,`
    Punct,
    /// Anything that is not JSON, e.g. a bare word.
    Other,
}

impl TokenKind {
    fn class(self) -> &'static str {
        match self {
            TokenKind::Key => "t-key",
            TokenKind::String => "t-str",
            TokenKind::Number => "t-num",
            TokenKind::Literal => "t-lit",
            TokenKind::Punct => "t-punct",
            TokenKind::Other => "t-other",
        }
    }
}

/// A token's kind and byte range. Whitespace is not tokenized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into tokens. Never fails: an unterminated string ends at the
/// end of its line (JSON strings cannot span lines), anything unknown is
/// [`TokenKind::Other`]. Every boundary is a char boundary.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'"' => {
                i = string_end(bytes, i);
                TokenKind::String
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                TokenKind::Punct
            }
            b'-' | b'0'..=b'9' => {
                i = run_end(bytes, i, |c| {
                    c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                });
                TokenKind::Number
            }
            _ => {
                i = run_end(bytes, i, is_word_byte);
                match text.get(start..i) {
                    Some("true" | "false" | "null") => TokenKind::Literal,
                    _ => TokenKind::Other,
                }
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    // A string is a key when the next token is the colon.
    for k in 0..tokens.len() {
        let next_is_colon = tokens
            .get(k + 1)
            .is_some_and(|t| text.get(t.start..t.end) == Some(":"));
        if let Some(t) = tokens.get_mut(k) {
            if t.kind == TokenKind::String && next_is_colon {
                t.kind = TokenKind::Key;
            }
        }
    }
    tokens
}

/// The end of the string starting at the quote at `start`: after its closing
/// quote, or before the line break (or end of text) when it is unterminated.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return i + 1,
            b'\n' => return i,
            // An escape takes the next byte with it, unless that is a line break.
            b'\\' if bytes.get(i + 1).is_some_and(|&n| n != b'\n') => i += 2,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn run_end(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut i = start + 1;
    while bytes.get(i).is_some_and(|&b| keep(b)) {
        i += 1;
    }
    i.min(bytes.len())
}

/// Bytes of a bare word: anything but whitespace, quotes and JSON punctuation.
/// Non-ASCII bytes count as word bytes, so a word never ends inside a char.
fn is_word_byte(b: u8) -> bool {
    !matches!(
        b,
        b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'{' | b'}' | b'[' | b']' | b':' | b','
    )
}

/// A byte range to underline, with the text shown on hover. An empty range
/// gets a zero-width marker, so a "missing `}`" at the end of the text shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// `error` or `warning`: picks the underline colour.
    pub severity: &'static str,
    pub title: String,
}

/// The bytes of lines `first..=last` (1-based, `first` at least 1): from the
/// start of `first` to the end of `last` (or of the text), without the final
/// line break; `None` when the text has fewer than `first` lines.
fn line_span(text: &str, first: u32, last: u32) -> Option<(usize, usize)> {
    let mut from = (first <= 1).then_some(0);
    let mut line = 1u32;
    for (i, _) in text.match_indices('\n') {
        line += 1; // the line that starts after this break
        if line == first {
            from = Some(i + 1);
        }
        if line > last {
            return from.map(|f| (f, i));
        }
    }
    from.map(|f| (f, text.len()))
}

/// Byte offset of 1-based `line` and `column` (column in chars, as the
/// evaluator's diagnostics count it), clamped to the line and the text.
pub fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut line_start = 0;
    for _ in 1..line.max(1) {
        match text.get(line_start..).and_then(|rest| rest.find('\n')) {
            Some(nl) => line_start += nl + 1,
            None => return text.len(),
        }
    }
    let rest = text.get(line_start..).unwrap_or("");
    let line_text = rest.split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    line_start + within
}

/// Number of lines, counting a final empty line after a trailing newline,
/// as the textarea shows it.
pub fn line_count(text: &str) -> u32 {
    u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX)
}

/// The overlay's HTML for the 1-based lines in `lines` (the editor renders
/// only the lines near view), one string per line (the editor replaces only
/// the lines that changed): a `<span class="l ...">` block (the extra classes
/// from `line_class(line)`), tokens as classed spans, marks as underlined
/// spans carrying their title. No line breaks are emitted between lines: the
/// line spans are blocks.
pub fn render(
    text: &str,
    marks: &[Mark],
    line_class: &dyn Fn(u32) -> &'static str,
    lines: RangeInclusive<u32>,
) -> Vec<String> {
    let first = (*lines.start()).max(1);
    let Some((from, to)) = line_span(text, first, *lines.end()) else {
        return Vec::new();
    };
    let window = text.get(from..to).unwrap_or("");
    // Only the window is tokenized (strings never span lines, so a window
    // starting at a line start tokenizes as the whole text would, but for a
    // key whose colon is past the window's end).
    let tokens: Vec<Token> = tokenize(window)
        .into_iter()
        .map(|t| Token {
            start: t.start + from,
            end: t.end + from,
            ..t
        })
        .collect();
    let mut rendered = Vec::new();
    let mut ti = 0; // first token that may still cover the current position
    let mut line_start = from;
    for (n, line) in window.split('\n').enumerate() {
        let number = first.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        let line_end = line_start + line.len();
        let mut out = String::with_capacity(line.len() * 3 + 32);
        let extra = line_class(number);
        out.push_str(if extra.is_empty() {
            "<span class=\"l\">"
        } else {
            "<span class=\"l "
        });
        if !extra.is_empty() {
            out.push_str(extra);
            out.push_str("\">");
        }
        let mut pos = line_start;
        while pos < line_end {
            empty_marks_at(pos, marks, &mut out);
            while tokens.get(ti).is_some_and(|t| t.end <= pos) {
                ti += 1;
            }
            let token = tokens.get(ti).filter(|t| t.start <= pos);
            let mut next = match tokens.get(ti) {
                Some(t) if t.start <= pos => t.end,
                Some(t) => t.start,
                None => line_end,
            }
            .min(line_end);
            let mut mark = None;
            for m in marks {
                if m.start > pos {
                    next = next.min(m.start);
                } else if pos < m.end {
                    next = next.min(m.end);
                    mark = mark.or(Some(m));
                }
            }
            segment(
                text.get(pos..next).unwrap_or(""),
                token.map(|t| t.kind),
                mark,
                &mut out,
            );
            pos = next;
        }
        empty_marks_at(line_end, marks, &mut out);
        out.push_str("</span>");
        rendered.push(out);
        line_start = line_end + 1;
    }
    rendered
}

fn empty_marks_at(pos: usize, marks: &[Mark], out: &mut String) {
    for m in marks.iter().filter(|m| m.start == pos && m.end == pos) {
        let _ = write!(
            out,
            "<span class=\"dg dg-empty dg-{}\" title=\"",
            m.severity
        );
        html::escape(&m.title, out);
        out.push_str("\"></span>");
    }
}

fn segment(s: &str, kind: Option<TokenKind>, mark: Option<&Mark>, out: &mut String) {
    if kind.is_none() && mark.is_none() {
        html::escape(s, out);
        return;
    }
    out.push_str("<span class=\"");
    if let Some(kind) = kind {
        out.push_str(kind.class());
    }
    if let Some(m) = mark {
        let _ = write!(out, " dg dg-{}\" title=\"", m.severity);
        html::escape(&m.title, out);
    }
    out.push_str("\">");
    html::escape(s, out);
    out.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: RangeInclusive<u32> = 1..=u32::MAX;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn tokenizes_keys_values_and_punctuation() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"{"Effect" : "Allow", "n": -1.5e3, "b": [true, null]}"#),
            vec![
                (Punct, "{"),
                (Key, r#""Effect""#),
                (Punct, ":"),
                (String, r#""Allow""#),
                (Punct, ","),
                (Key, r#""n""#),
                (Punct, ":"),
                (Number, "-1.5e3"),
                (Punct, ","),
                (Key, r#""b""#),
                (Punct, ":"),
                (Punct, "["),
                (Literal, "true"),
                (Punct, ","),
                (Literal, "null"),
                (Punct, "]"),
                (Punct, "}"),
            ]
        );
    }

    #[test]
    fn escaped_quotes_stay_inside_the_string() {
        assert_eq!(
            kinds(r#""a\"b" x"#),
            vec![(TokenKind::String, r#""a\"b""#), (TokenKind::Other, "x")]
        );
    }

    #[test]
    fn an_unterminated_string_ends_at_its_line() {
        assert_eq!(
            kinds("\"abc\n1"),
            vec![(TokenKind::String, "\"abc"), (TokenKind::Number, "1")]
        );
        assert_eq!(kinds("\"ab\\"), vec![(TokenKind::String, "\"ab\\")]);
    }

    #[test]
    fn non_ascii_words_and_strings_keep_char_boundaries() {
        let text = "é\"ü\" ÿ";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert_eq!(
            kinds(text),
            vec![
                (TokenKind::Other, "é"),
                (TokenKind::String, "\"ü\""),
                (TokenKind::Other, "ÿ")
            ]
        );
    }

    #[test]
    fn rendered_html_never_contains_raw_markup_from_the_text() {
        let text = "{\"<img src=x onerror=alert(1)>\": '</span><script>'}";
        let marks = [Mark {
            start: 0,
            end: 1,
            severity: "error",
            title: "\"><script>".into(),
        }];
        let html = render(text, &marks, &|_| "", ALL).concat();
        assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("'</span>"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("title=\"&quot;&gt;&lt;script&gt;\""));
    }

    #[test]
    fn renders_one_block_per_line_with_line_classes() {
        let html = render("{\n}\n", &[], &|n| if n == 2 { "hl" } else { "" }, ALL).concat();
        assert_eq!(
            html,
            "<span class=\"l\"><span class=\"t-punct\">{</span></span>\
             <span class=\"l hl\"><span class=\"t-punct\">}</span></span>\
             <span class=\"l\"></span>"
        );
    }

    #[test]
    fn a_mark_splits_tokens_and_spans_lines() {
        // `"ab"` is split where the mark starts; the mark goes on past the line break.
        let text = "\"ab\"\n1";
        let marks = [Mark {
            start: 2,
            end: 6,
            severity: "error",
            title: "bad".into(),
        }];
        let html = render(text, &marks, &|_| "", ALL).concat();
        assert_eq!(
            html,
            "<span class=\"l\"><span class=\"t-str\">&quot;a</span>\
             <span class=\"t-str dg dg-error\" title=\"bad\">b&quot;</span></span>\
             <span class=\"l\"><span class=\"t-num dg dg-error\" title=\"bad\">1</span></span>"
        );
    }

    #[test]
    fn an_empty_mark_at_the_end_gets_a_marker() {
        let html = render(
            "{",
            &[Mark {
                start: 1,
                end: 1,
                severity: "error",
                title: "expected `}`".into(),
            }],
            &|_| "",
            ALL,
        )
        .concat();
        assert_eq!(
            html,
            "<span class=\"l\"><span class=\"t-punct\">{</span>\
             <span class=\"dg dg-empty dg-error\" title=\"expected `}`\"></span></span>"
        );
    }

    #[test]
    fn renders_only_the_lines_asked_for() {
        let html = render("1\n\"a\n3\n4", &[], &|_| "", 2..=3).concat();
        assert_eq!(html, "<span class=\"l\"><span class=\"t-str\">&quot;a</span></span><span class=\"l\"><span class=\"t-num\">3</span></span>");
    }

    #[test]
    fn lines_past_the_end_render_nothing() {
        assert!(render("1\n2", &[], &|_| "", 3..=9).is_empty());
        assert_eq!(line_span("1\n2\n", 3, 3), Some((4, 4)));
        assert_eq!(line_span("1\n2", 2, 5), Some((2, 3)));
    }

    #[test]
    fn whitespace_between_tokens_is_plain_text() {
        let html = render("  1", &[], &|_| "", ALL).concat();
        assert_eq!(
            html,
            "<span class=\"l\">  <span class=\"t-num\">1</span></span>"
        );
    }

    #[test]
    fn offsets_from_line_and_char_column() {
        let text = "ab\néx\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 5); // after the two-byte é
        assert_eq!(offset_of(text, 2, 99), 6); // clamped to the line's end
        assert_eq!(offset_of(text, 3, 1), 7);
        assert_eq!(offset_of(text, 9, 1), text.len());
        assert_eq!(line_count(text), 3);
    }
}
