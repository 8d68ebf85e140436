//! The editor's text edits as plain functions over the text and a selection:
//! indent and outdent of the selected lines, formatting, and the conversion
//! between the textarea's UTF-16 offsets and Rust's byte offsets.

use crate::highlight::{tokenize, TokenKind};

const INDENT: &str = "  ";

/// Replace bytes `start..end` with `insert`, then select `selection` (bytes
/// in the new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub insert: String,
    pub selection: (usize, usize),
}

/// Tab: with the selection inside one line, replace it with an indent; across
/// lines, indent every selected non-empty line.
pub fn indent(text: &str, start: usize, end: usize) -> Edit {
    let within_line = text.get(start..end).is_some_and(|s| !s.contains('\n'));
    if within_line {
        let caret = start + INDENT.len();
        return Edit {
            start,
            end,
            insert: INDENT.to_string(),
            selection: (caret, caret),
        };
    }
    edit_lines(text, start, end, |line| {
        if line.is_empty() {
            (line.to_string(), 0)
        } else {
            (format!("{INDENT}{line}"), INDENT.len() as isize)
        }
    })
}

/// Shift-tab: remove one indent (two spaces, one space or a tab) from the
/// start of every line the selection touches.
pub fn outdent(text: &str, start: usize, end: usize) -> Edit {
    edit_lines(text, start, end, |line| {
        let cut = if line.starts_with('\t') {
            1
        } else {
            line.bytes()
                .take(INDENT.len())
                .take_while(|&b| b == b' ')
                .count()
        };
        (line.get(cut..).unwrap_or(line).to_string(), -(cut as isize))
    })
}

/// Enter: a line break that keeps the line's indent, one level deeper after
/// an opening `{` or `[`; between a bracket pair (`{|}`) the closing one
/// moves to a line of its own, back at the line's indent.
pub fn newline(text: &str, start: usize, end: usize) -> Edit {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let before = text.get(..start).unwrap_or_default();
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let indent = &line[..line.bytes().take_while(blank).count()];
    let opens = matches!(before.trim_end().bytes().last(), Some(b'{' | b'['));
    let closes = text
        .get(end..)
        .and_then(|after| after.bytes().find(|b| !blank(b)))
        .is_some_and(|b| b == b'}' || b == b']');
    let mut insert = String::from("\n");
    insert.push_str(indent);
    if opens {
        insert.push_str(INDENT);
    }
    let caret = start + insert.len();
    if opens && closes {
        insert.push('\n');
        insert.push_str(indent);
    }
    Edit {
        start,
        end,
        insert,
        selection: (caret, caret),
    }
}

/// Applies `change` (new line, bytes added at its start, negative when
/// removed) to each line the selection touches. A selection that ends at the
/// very start of a line does not touch that line.
fn edit_lines(
    text: &str,
    start: usize,
    end: usize,
    change: impl Fn(&str) -> (String, isize),
) -> Edit {
    let end = end.max(start).min(text.len());
    let start = start.min(end);
    let last = if end > start && text.get(..end).is_some_and(|t| t.ends_with('\n')) {
        end - 1
    } else {
        end
    };
    let block_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let block_end = text
        .get(last..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| last + i);
    let block = text.get(block_start..block_end).unwrap_or("");

    let mut insert = String::with_capacity(block.len() + 16);
    let mut lines = Vec::new(); // (old line start, delta)
    let mut line_start = block_start;
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        let (new_line, delta) = change(line);
        insert.push_str(&new_line);
        lines.push((line_start, delta));
        line_start += line.len() + 1;
    }
    // Where an old offset ends up: shifted by the lines before it, and by its
    // own line's change when it is past that line's start.
    let map = |p: usize| {
        let mut shifted = p as isize;
        for &(ls, delta) in lines.iter().filter(|&&(ls, _)| ls <= p) {
            let into_line = (p - ls) as isize;
            shifted += if delta >= 0 {
                if into_line > 0 {
                    delta
                } else {
                    0
                }
            } else {
                delta.max(-into_line)
            };
        }
        shifted.max(0) as usize
    };
    Edit {
        start: block_start,
        end: block_end,
        insert,
        selection: (map(start), map(end)),
    }
}

/// Pretty-prints valid JSON with a two-space indent, keeping key order,
/// duplicate keys and strings exactly as written; `None` if it does not parse.
pub fn format_json(text: &str) -> Option<String> {
    // The evaluator's reader, already in the wasm (serde_json's would add a second).
    iamsim::json::parse_borrowed(text, iamsim::json::SCENARIO_FILE_LIMITS).ok()?;
    let tokens = tokenize(text);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(INDENT);
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        let s = text.get(t.start..t.end)?;
        let next = tokens.get(i + 1).and_then(|n| text.get(n.start..n.end));
        match (t.kind, s) {
            (TokenKind::Punct, "{" | "[") => {
                out.push_str(s);
                depth += 1;
                if !matches!(next, Some("}" | "]")) {
                    newline(&mut out, depth);
                }
            }
            (TokenKind::Punct, "}" | "]") => {
                depth = depth.saturating_sub(1);
                let empty = i > 0
                    && tokens
                        .get(i - 1)
                        .and_then(|p| text.get(p.start..p.end))
                        .is_some_and(|p| p == "{" || p == "[");
                if !empty {
                    newline(&mut out, depth);
                }
                out.push_str(s);
            }
            (TokenKind::Punct, ",") => {
                out.push(',');
                newline(&mut out, depth);
            }
            (TokenKind::Punct, ":") => out.push_str(": "),
            _ => out.push_str(s),
        }
    }
    out.push('\n');
    Some(out)
}

/// The byte offset of a UTF-16 offset (what the textarea's selection uses).
pub fn utf16_to_byte(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 offset of a byte offset (clamped to a char boundary before it).
pub fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    text.char_indices()
        .take_while(|&(i, _)| i < byte)
        .map(|(_, c)| c.len_utf16() as u32)
        .sum()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &Edit) -> String {
        format!("{}{}{}", &text[..e.start], e.insert, &text[e.end..])
    }

    /// Runs an edit on `text` whose selection is marked by `[` and `]`, and
    /// returns the result with the new selection marked the same way.
    fn run(marked: &str, f: fn(&str, usize, usize) -> Edit) -> String {
        let s = marked.find('[').unwrap();
        let text = marked.replacen('[', "", 1);
        let e = text.find(']').unwrap();
        let text = text.replacen(']', "", 1);
        let edit = f(&text, s, e);
        let mut out = apply(&text, &edit);
        out.insert(edit.selection.1, ']');
        out.insert(edit.selection.0, '[');
        out
    }

    #[test]
    fn tab_inside_a_line_inserts_an_indent_at_the_caret() {
        assert_eq!(run("ab[]c", indent), "ab  []c");
        assert_eq!(run("a[b]c\nd", indent), "a  []c\nd");
    }

    #[test]
    fn tab_across_lines_indents_each_non_empty_line() {
        assert_eq!(run("a[b\n\nc]d\ne", indent), "  a[b\n\n  c]d\ne");
        // A selection from a line start keeps the indent inside it.
        assert_eq!(run("[ab\ncd]", indent), "[  ab\n  cd]");
    }

    #[test]
    fn a_selection_ending_at_a_line_start_leaves_that_line_alone() {
        assert_eq!(run("[ab\n]cd", indent), "[  ab\n]cd");
    }

    #[test]
    fn shift_tab_outdents_the_caret_line() {
        assert_eq!(run("x\n    a[]b", outdent), "x\n  a[]b");
        assert_eq!(run(" [a]", outdent), "[a]");
        assert_eq!(run("\t\tab[]", outdent), "\tab[]");
    }

    #[test]
    fn shift_tab_never_moves_the_caret_before_its_line() {
        assert_eq!(run("x\n [] a", outdent), "x\n[]a");
    }

    #[test]
    fn shift_tab_across_lines() {
        assert_eq!(run("  a[b\nc\n    d]e", outdent), "a[b\nc\n  d]e");
    }

    /// Enter at the caret marked by `|`; the result with the new caret marked.
    fn enter(marked: &str) -> String {
        let at = marked.find('|').unwrap();
        let text = marked.replacen('|', "", 1);
        let edit = newline(&text, at, at);
        let mut out = apply(&text, &edit);
        out.insert(edit.selection.0, '|');
        out
    }

    #[test]
    fn enter_keeps_the_indent_and_opens_a_level_after_a_bracket() {
        assert_eq!(enter("{\n    \"a\": 1,|\n}"), "{\n    \"a\": 1,\n    |\n}");
        assert_eq!(enter("  \"S\": [|"), "  \"S\": [\n    |");
        assert_eq!(enter("x|"), "x\n|");
        // A selection is replaced.
        assert_eq!(run("  a[bc]d", newline), "  a\n  []d");
    }

    #[test]
    fn enter_between_brackets_puts_the_closing_one_on_its_own_line() {
        assert_eq!(enter("  {|}"), "  {\n    |\n  }");
        assert_eq!(enter("\t\"A\": [|  ]"), "\t\"A\": [\n\t  |\n\t  ]");
    }

    #[test]
    fn format_pretty_prints_with_two_spaces_in_written_order() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":{}, "a":"\u0041\""}]}"#;
        assert_eq!(
            format_json(text).unwrap(),
            r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [],
      "Resource": {},
      "a": "\u0041\""
    }
  ]
}
"#
        );
    }

    #[test]
    fn format_keeps_duplicate_keys_and_refuses_broken_json() {
        assert_eq!(
            format_json(r#"{"a":1,"a":2}"#).unwrap(),
            "{\n  \"a\": 1,\n  \"a\": 2\n}\n"
        );
        assert_eq!(format_json(r#"{"a":1,}"#), None);
        assert_eq!(format_json(""), None);
    }

    #[test]
    fn utf16_offsets_round_trip() {
        let text = "aé😀b";
        // a: 1 unit, é: 1 unit (2 bytes), 😀: 2 units (4 bytes), b
        assert_eq!(utf16_to_byte(text, 2), 3);
        assert_eq!(utf16_to_byte(text, 4), 7);
        assert_eq!(utf16_to_byte(text, 99), text.len());
        assert_eq!(byte_to_utf16(text, 7), 4);
        assert_eq!(byte_to_utf16(text, text.len()), 5);
    }
}
