//! Diagnostics, rustc style: `error[id]: message`, ` --> POLICY:LINE:COLUMN`,
//! the line of text with a caret under the span, and `help: ...`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use iamsim::{Diagnostic, Severity, Source};

/// Lines of a multi-line span shown before the rest is cut.
const MAX_SNIPPET_LINES: u32 = 6;

/// Renders every diagnostic, each followed by a blank line. `styled` adds
/// ANSI colours (the caller's stream strips them where they do not belong).
pub fn render(diagnostics: &[Diagnostic], sources: &[Source], styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(&renderer, diagnostic, sources));
        out.push_str("\n\n");
    }
    out
}

fn render_one(renderer: &Renderer, diagnostic: &Diagnostic, sources: &[Source]) -> String {
    let report = diagnostic.report(sources);
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(report.message.as_str()).id(report.id);
    let mut groups = Vec::with_capacity(2);
    groups.push(match sources.get(diagnostic.source) {
        Some(source) => {
            let excerpt = Excerpt::new(
                source,
                report.line,
                report.end_line,
                report.start,
                report.end,
            );
            title.element(
                Snippet::source(excerpt.text)
                    .line_start(excerpt.first_line as usize)
                    .path(report.location.as_str())
                    .annotation(AnnotationKind::Primary.span(excerpt.span)),
            )
        }
        None => Group::with_title(title),
    });
    if let Some(help) = &report.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&groups)
}

/// The lines a span covers (at most [`MAX_SNIPPET_LINES`]), so that a 10 MB
/// policy does not hand its whole text to the renderer for one caret.
struct Excerpt<'a> {
    text: &'a str,
    first_line: u32,
    /// The span, relative to `text`.
    span: std::ops::Range<usize>,
}

impl<'a> Excerpt<'a> {
    fn new(source: &'a Source, line: u32, end_line: u32, start: u32, end: u32) -> Excerpt<'a> {
        let last_line = end_line.clamp(line, line + MAX_SNIPPET_LINES - 1);
        let whole = source.text.as_ref();
        let first = source.line_text(line);
        let last = source.line_text(last_line);
        let offset_of = |s: &str| (s.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
        let from = offset_of(first);
        let to = offset_of(last) + last.len();
        let text = whole.get(from..to).unwrap_or(first);
        let rel = |at: u32| (at as usize).saturating_sub(from).min(text.len());
        Excerpt {
            text,
            first_line: line,
            span: rel(start)..rel(end).max(rel(start)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::Span;

    #[test]
    fn a_diagnostic_shows_its_location_line_caret_and_help() {
        let text = "{\n  \"Effect\": \"Alow\"\n}";
        let sources = vec![Source::new("dev-boundary", text)];
        let diagnostic = Diagnostic {
            policy: Some("dev-boundary".to_owned()),
            ..Diagnostic::error(
                "invalid-effect",
                "`Effect` must be `Allow` or `Deny`",
                Span::new(14, 20),
            )
            .with_help("did you mean `Allow`?")
        };
        let out = render(&[diagnostic], &sources, false);
        assert!(
            out.contains("error[invalid-effect]: `Effect` must be `Allow` or `Deny`"),
            "{out}"
        );
        assert!(out.contains("--> dev-boundary:2:13"), "{out}");
        assert!(out.contains("2 |   \"Effect\": \"Alow\""), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `Allow`?"), "{out}");
    }

    #[test]
    fn a_long_span_is_cut_to_a_few_lines() {
        let text = "x\n".repeat(100);
        let sources = vec![Source::new("p", text.as_str())];
        let diagnostic = Diagnostic::error("too-big", "big", Span::new(2, 150));
        let out = render(&[diagnostic], &sources, false);
        assert!(out.contains("--> p:2:1"), "{out}");
        assert!(!out.contains("10 |"), "{out}");
    }
}
