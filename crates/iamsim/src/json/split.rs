//! Finding where each element of a top-level array lies without reading any
//! of them, so that a big scenario file can be read one element per thread.
//! The scan skips strings whole and counts brackets; it checks nothing else,
//! so each element is then read by the full reader ([`super::parse_item`]),
//! and a text the scan cannot split is read whole by [`super::parse_items`],
//! which says what is wrong.

use super::reader::plain_run_end;
use crate::source::Span;

/// The span of every element of the top-level array in `text`, or `None`
/// when `text` is not an array whose elements the scan can tell apart.
pub fn array_item_spans(text: &str) -> Option<Vec<Span>> {
    let bytes = text.as_bytes();
    let mut pos = skip_whitespace(
        bytes,
        text.len() - text.trim_start_matches('\u{feff}').len(),
    );
    if bytes.get(pos) != Some(&b'[') {
        return None;
    }
    pos = skip_whitespace(bytes, pos + 1);
    let mut items = Vec::new();
    if bytes.get(pos) != Some(&b']') {
        loop {
            let end = value_end(bytes, pos)?;
            let trimmed = pos + text.get(pos..end)?.trim_end().len();
            if trimmed == pos {
                // A comma or bracket where an element should be.
                return None;
            }
            items.push(Span::new(pos, trimmed));
            pos = skip_whitespace(bytes, end + 1);
            if bytes.get(end) == Some(&b']') {
                break;
            }
        }
    } else {
        pos += 1;
    }
    // Nothing but whitespace may follow the array.
    (skip_whitespace(bytes, pos) == bytes.len()).then_some(items)
}

/// Where the value starting at `pos` ends: the offset of the `,` or `]`
/// after it, at its own nesting level.
fn value_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let mut depth = 0_usize;
    loop {
        match *bytes.get(pos)? {
            b'"' => pos = string_end(bytes, pos + 1)?,
            b'{' | b'[' => {
                depth += 1;
                pos += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                pos += 1;
            }
            b']' | b',' if depth == 0 => return Some(pos),
            b'}' => return None,
            _ => pos += 1,
        }
    }
}

/// The offset just past the `"` closing the string whose content starts at `pos`.
fn string_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        pos = plain_run_end(bytes, pos);
        match *bytes.get(pos)? {
            b'"' => return Some(pos + 1),
            // An escape: whatever follows the backslash is not the end.
            b'\\' => pos += 2,
            // A control character: the reader will say so.
            _ => pos += 1,
        }
    }
}

fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Option<Vec<&str>> {
        array_item_spans(text).map(|spans| {
            spans
                .iter()
                .map(|s| &text[s.start as usize..s.end as usize])
                .collect()
        })
    }

    #[test]
    fn elements_are_found_with_their_exact_spans() {
        let text = "\u{feff} [ {\"a\": [1, {\"b\": \"],}\\\"\"}]} ,\n 2 ,\"x\\\\\", [[]] ] \n";
        assert_eq!(
            texts(text).unwrap(),
            [
                "{\"a\": [1, {\"b\": \"],}\\\"\"}]}",
                "2",
                "\"x\\\\\"",
                "[[]]"
            ]
        );
        assert_eq!(texts("[]").unwrap(), Vec::<&str>::new());
        assert_eq!(texts(" [ \n ] ").unwrap(), Vec::<&str>::new());
    }

    #[test]
    fn what_the_scan_cannot_split_is_left_to_the_reader() {
        for text in [
            "{}", "", "  ", "[", "[1", "[1,", "[1,]", "[,1]", "[1,,2]", "[\"a]", "[1] x", "[{]",
            "[1}", "[1]]",
        ] {
            assert_eq!(texts(text), None, "{text:?}");
        }
    }
}
