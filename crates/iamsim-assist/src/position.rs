//! Where an offset of a policy text is: inside which JSON string, and whether
//! that string is a value of an `Action` or `NotAction` member. Read from the
//! text around the offset, not from a parse, because the policy is usually
//! half typed when this is asked (`"Action": "s3:Get` has no closing quote).

/// A string literal around an offset: byte offsets of its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringAt {
    /// After the opening quote.
    pub start: usize,
    /// Before the closing quote, or the end of the line while it is unclosed.
    pub end: usize,
}

/// The string whose contents hold `at` (from just after its opening quote to
/// just before its closing one, inclusive). JSON strings hold no raw line
/// break, so only `at`'s line is read.
pub fn string_at(text: &str, at: usize) -> Option<StringAt> {
    let at = at.min(text.len());
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
    let line = text.get(line_start..line_end)?;
    // Walk the line's quotes, escapes respected, to the string holding `at`.
    let mut open: Option<usize> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        let pos = line_start + i;
        if escaped {
            escaped = false;
            continue;
        }
        match (c, open) {
            ('\\', Some(_)) => escaped = true,
            ('"', None) => {
                if pos >= at {
                    return None;
                }
                open = Some(pos + 1);
            }
            ('"', Some(start)) => {
                if pos >= at {
                    return Some(StringAt { start, end: pos });
                }
                open = None;
            }
            _ => {}
        }
    }
    open.map(|start| StringAt {
        start,
        end: line_end.max(start),
    })
}

/// Whether the string opening at `quote` (the offset of its `"`) is a value
/// of an `Action` or `NotAction` member: `"Action": "…"` or an item of
/// `"Action": ["…", …]`.
pub fn in_action_value(text: &str, quote: usize) -> bool {
    let before = text.get(..quote).unwrap_or_default().as_bytes();
    let mut i = before.len();
    let skip_space = |i: &mut usize| {
        while *i > 0 && before.get(*i - 1).is_some_and(u8::is_ascii_whitespace) {
            *i -= 1;
        }
    };
    skip_space(&mut i);
    // Inside an array: step back over earlier items to its `[`.
    if before.get(i.wrapping_sub(1)) == Some(&b',') || before.get(i.wrapping_sub(1)) == Some(&b'[')
    {
        loop {
            skip_space(&mut i);
            match before.get(i.wrapping_sub(1)) {
                Some(b'[') => {
                    i -= 1;
                    break;
                }
                Some(b',') => i -= 1,
                Some(b'"') => match skip_string_back(before, i - 1) {
                    Some(open) => i = open,
                    None => return false,
                },
                _ => return false,
            }
        }
        skip_space(&mut i);
    }
    if before.get(i.wrapping_sub(1)) != Some(&b':') {
        return false;
    }
    i -= 1;
    skip_space(&mut i);
    if before.get(i.wrapping_sub(1)) != Some(&b'"') {
        return false;
    }
    let close = i - 1;
    let Some(open) = skip_string_back(before, close) else {
        return false;
    };
    matches!(
        before.get(open + 1..close),
        Some(b"Action") | Some(b"NotAction")
    )
}

/// The offset of the opening quote of the string whose closing quote is at `close`.
fn skip_string_back(bytes: &[u8], close: usize) -> Option<usize> {
    let mut i = close;
    while i > 0 {
        i -= 1;
        if bytes.get(i) == Some(&b'"') {
            let backslashes = bytes
                .get(..i)?
                .iter()
                .rev()
                .take_while(|b| **b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The `Action`/`NotAction` string around `at`, if it is one.
pub fn action_string_at(text: &str, at: usize) -> Option<StringAt> {
    let found = string_at(text, at)?;
    in_action_value(text, found.start - 1).then_some(found)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, usize) {
        let caret = text.find('|').unwrap();
        (text.replacen('|', "", 1), caret)
    }

    #[test]
    fn finds_the_string_around_the_caret() {
        let (text, caret) = at(r#"{"Action": "s3:Get|"#);
        let s = string_at(&text, caret).unwrap();
        assert_eq!(&text[s.start..s.end], "s3:Get");
        let (text, caret) = at(r#"{"Action": "s3:Get|Object", "x": 1}"#);
        let s = string_at(&text, caret).unwrap();
        assert_eq!(&text[s.start..s.end], "s3:GetObject");
        let (text, caret) = at(r#"{"Action": |"s3:Get"}"#);
        assert_eq!(string_at(&text, caret), None);
        let (text, caret) = at(r#"{"a\"b": "x|"}"#);
        let s = string_at(&text, caret).unwrap();
        assert_eq!(&text[s.start..s.end], "x");
    }

    #[test]
    fn knows_action_values_from_other_strings() {
        for (text, expected) in [
            (r#"{"Action": "s3:Get|"#, true),
            (r#"{"NotAction" :  [ "s3:Get|"#, true),
            ("{\"Action\": [\n  \"s3:GetObject\",\n  \"iam:|\"", true),
            (r#"{"Resource": "s3:Get|"#, false),
            (r#"{"Resource": ["a", "s3:|"#, false),
            (r#"{"Act|"#, false),
            (r#"{"Sid": "Action", "x": "s3|"#, false),
        ] {
            let (text, caret) = at(text);
            assert_eq!(action_string_at(&text, caret).is_some(), expected, "{text}");
        }
    }
}
