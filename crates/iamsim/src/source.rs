//! Source texts and byte spans. Spans are byte ranges into a [`Source`]; only
//! renderers (and the result, which reports line and column) turn them into
//! line and column, through the source's line index.

use std::sync::Arc;

/// A byte range `start..end` in one source text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end),
        }
    }

    pub fn empty_at(offset: usize) -> Span {
        Span::new(offset, offset)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A text that spans point into: a scenario file, or a policy document given
/// as a string. Cheap to clone: a scenario array shares its file's source.
#[derive(Debug, Clone)]
pub struct Source {
    /// What a location is called: the file name, or the policy's name.
    pub name: Arc<str>,
    pub text: Arc<str>,
    line_starts: Arc<[u32]>,
    /// For a text that is not ASCII, how many characters start before each
    /// multiple of [`CHUNK`] bytes: a column is then counted within one
    /// chunk, never along a whole line (a generated file of 30,000 scenarios
    /// is often one line of 20 MB). Empty for ASCII text, whose columns are
    /// byte distances.
    chars_before_chunk: Arc<[u32]>,
    /// Where the text starts in the file it was cut from: lines and
    /// columns are the file's (see [`Source::cut_from`]).
    origin: Origin,
}

/// Where a text cut from a bigger one starts in it: a scenario read from a
/// stream of them, whose diagnostics and statements are located in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// The byte offset of the text's start.
    pub offset: u64,
    /// The lines before the text's first line.
    pub lines_before: u32,
    /// The characters before the text on its first line.
    pub columns_before: u32,
}

/// Bytes per entry of [`Source::chars_before_chunk`].
const CHUNK: usize = 4096;

/// 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl Source {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Source {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| clamp_u32(i + 1)))
            .collect();
        let chars_before_chunk = if text.is_ascii() {
            Arc::default()
        } else {
            std::iter::once(0)
                .chain(text.as_bytes().chunks(CHUNK).scan(0, |chars, chunk| {
                    *chars += char_starts(chunk);
                    Some(clamp_u32(*chars))
                }))
                .collect()
        };
        Source {
            name: name.into(),
            text,
            line_starts,
            chars_before_chunk,
            origin: Origin::default(),
        }
    }

    /// A text cut from a bigger one at `origin`: lines, columns and byte
    /// offsets are reported in the bigger text, while only this part is held.
    pub fn cut_from(
        name: impl Into<Arc<str>>,
        text: impl Into<Arc<str>>,
        origin: Origin,
    ) -> Source {
        Source {
            origin,
            ..Source::new(name, text)
        }
    }

    /// The byte offset in the whole text of `offset` in this one.
    pub fn offset_in_file(&self, offset: u32) -> u32 {
        clamp_u32(usize::try_from(self.origin.offset + u64::from(offset)).unwrap_or(usize::MAX))
    }

    /// How many characters start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        if self.chars_before_chunk.is_empty() {
            return offset;
        }
        let chunk = offset / CHUNK;
        let before = self.chars_before_chunk.get(chunk).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(chunk * CHUNK..offset)
            .unwrap_or_default();
        before as usize + char_starts(rest)
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(clamp_u32(self.text.len()));
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let mut chars = self.chars_before(offset as usize) - self.chars_before(line_start as usize);
        if line == 1 {
            chars += self.origin.columns_before as usize;
        }
        LineCol {
            line: clamp_u32(line).saturating_add(self.origin.lines_before),
            column: clamp_u32(chars + 1),
        }
    }

    /// The text of 1-based line `line` (of the whole text, for a text cut
    /// from one), without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let line = line.saturating_sub(self.origin.lines_before);
        let idx = (line as usize).saturating_sub(1);
        let start = self.line_starts.get(idx).copied().unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(idx + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// The characters that start in `bytes` of UTF-8: every byte but the
/// continuation bytes `0b10xx_xxxx`.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = Source::new("p", "{\n  \"é\": 1\n}");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(4), LineCol { line: 2, column: 3 });
        // After the two-byte `é` and the closing quote: column counts characters.
        assert_eq!(src.line_col(8), LineCol { line: 2, column: 6 });
        assert_eq!(src.line_text(2), "  \"é\": 1");
        assert_eq!(src.line_col(10_000), LineCol { line: 3, column: 2 });
        let ascii = Source::new("p", "{\n  \"e\": 1\n}");
        assert!(ascii.chars_before_chunk.is_empty());
        assert_eq!(ascii.line_col(8), LineCol { line: 2, column: 7 });
        assert_eq!(ascii.line_col(10_000), LineCol { line: 3, column: 2 });
    }

    /// A text cut from a file reports the file's lines and columns: the
    /// columns before it count on its first line only.
    #[test]
    fn a_cut_text_is_located_in_its_file() {
        let origin = Origin {
            offset: 1_000,
            lines_before: 9,
            columns_before: 4,
        };
        let src = Source::cut_from("f", "{\"é\": 1,\n \"b\": 2}", origin);
        assert_eq!(
            src.line_col(0),
            LineCol {
                line: 10,
                column: 5
            }
        );
        assert_eq!(
            src.line_col(5),
            LineCol {
                line: 10,
                column: 9
            }
        );
        assert_eq!(
            src.line_col(11),
            LineCol {
                line: 11,
                column: 2
            }
        );
        assert_eq!(src.line_text(11), " \"b\": 2}");
        assert_eq!(src.line_text(10), "{\"é\": 1,");
        assert_eq!(src.offset_in_file(12), 1_012);
    }

    /// Columns along a long line of non-ASCII text are counted by chunks,
    /// and agree with counting the characters one by one.
    #[test]
    fn columns_on_a_long_non_ascii_line_count_characters() {
        let line: String = (0..5_000).map(|i| ["a", "é", "😀", "字"][i % 4]).collect();
        let text = format!("x\n{line}\n{line}");
        let src = Source::new("p", text.as_str());
        for (offset, _) in text.char_indices().step_by(97) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(
                src.line_col(offset as u32).column as usize,
                expected,
                "{offset}"
            );
        }
    }
}
