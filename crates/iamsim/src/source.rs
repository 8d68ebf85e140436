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
    /// An ASCII text's columns are byte distances: no counting along a long
    /// line (a generated file of 30,000 scenarios is often one line).
    ascii: bool,
}

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
        let ascii = text.is_ascii();
        Source {
            name: name.into(),
            text,
            line_starts,
            ascii,
        }
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(clamp_u32(self.text.len()));
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let chars = if self.ascii {
            offset.saturating_sub(line_start) as usize
        } else {
            let prefix = self
                .text
                .get(line_start as usize..offset as usize)
                .unwrap_or("");
            prefix.chars().count()
        };
        LineCol {
            line: clamp_u32(line),
            column: clamp_u32(chars + 1),
        }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
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
        assert_eq!(ascii.line_col(8), LineCol { line: 2, column: 7 });
        assert_eq!(ascii.line_col(10_000), LineCol { line: 3, column: 2 });
    }
}
