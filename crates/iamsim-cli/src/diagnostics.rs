//! Diagnostics, rustc style: `error[id]: message`, ` --> POLICY:LINE:COLUMN`,
//! the line of text with a caret under the span, and `help: ...`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use iamsim::diagnostic::DiagnosticReport;
use iamsim::{Diagnostic, Severity, Source, Span};

/// Lines of a multi-line span shown before the rest is cut.
const MAX_SNIPPET_LINES: u32 = 6;

/// Renders every diagnostic, each followed by a blank line. `styled` adds
/// ANSI colours (the caller's stream strips them where they do not belong).
pub fn render(diagnostics: &[Diagnostic], sources: &[Source], styled: bool) -> String {
    render_with_notes(diagnostics, sources, &[], styled)
}

/// [`render`], with `notes[i]` (if any) after diagnostic `i`'s help.
pub fn render_with_notes(
    diagnostics: &[Diagnostic],
    sources: &[Source],
    notes: &[Option<String>],
    styled: bool,
) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        let note = notes.get(i).and_then(Option::as_deref);
        out.push_str(&render_one(&renderer, styled, diagnostic, sources, note));
        out.push_str("\n\n");
    }
    out
}

/// One diagnostic, styled, with a `note` after its help.
pub fn render_noted(diagnostic: &Diagnostic, sources: &[Source], note: Option<&str>) -> String {
    render_one(&Renderer::styled(), true, diagnostic, sources, note) + "\n\n"
}

fn render_one(
    renderer: &Renderer,
    styled: bool,
    diagnostic: &Diagnostic,
    sources: &[Source],
    note: Option<&str>,
) -> String {
    let report = diagnostic.report(sources);
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        // The checks' ranks, named as the JSON names them (less the hyphen).
        Severity::SecurityWarning => Level::WARNING.with_name("security warning"),
        Severity::Suggestion => Level::HELP.with_name("suggestion"),
    };
    let title = level.primary_title(report.message.as_str()).id(report.id);
    let mut groups = Vec::with_capacity(2);
    let excerpt = sources
        .get(diagnostic.source)
        .map(|source| Excerpt::new(source, &report, diagnostic.span));
    groups.push(match &excerpt {
        // No path: the renderer would count the column along the excerpt,
        // which starts part-way through a long line. The location line is
        // added below, from the report.
        Some(excerpt) => title.element(
            Snippet::source(excerpt.text.as_str())
                .line_start(report.line as usize)
                .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
        ),
        None => Group::with_title(title),
    });
    if let Some(help) = &report.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    if let Some(note) = note {
        groups.push(Group::with_title(Level::NOTE.secondary_title(note)));
    }
    let rendered = renderer.render(&groups);
    match (&excerpt, rendered.split_once('\n')) {
        (Some(excerpt), Some((title, rest))) => {
            let arrow = if styled {
                anstyle::AnsiColor::BrightBlue.on_default().bold()
            } else {
                anstyle::Style::new()
            };
            let pad = " ".repeat(excerpt.last_line.to_string().len());
            let (location, line, column) = (&report.location, report.line, report.column);
            format!("{title}\n{pad}{arrow}-->{arrow:#} {location}:{line}:{column}\n{rest}")
        }
        _ => rendered,
    }
}

/// What the renderer is shown of a span: its lines (at most
/// [`MAX_SNIPPET_LINES`]), cut to [`CONTEXT`] bytes either side of the span
/// and to [`MAX_EXCERPT`] bytes in all, with `...` where text was cut. The
/// renderer's work then does not grow with the line: a generated file of a
/// million scenarios is often one line, and a 10 MB policy is one text.
struct Excerpt {
    text: String,
    /// The span, relative to `text`.
    span: std::ops::Range<usize>,
    /// The number of the last line shown.
    last_line: u32,
}

/// Bytes of the line shown either side of the span.
const CONTEXT: usize = 80;
/// Bytes shown in all, however long the span.
const MAX_EXCERPT: usize = 1000;
const CUT: &str = "...";

impl Excerpt {
    fn new(source: &Source, report: &DiagnosticReport, span: Span) -> Excerpt {
        let last_line = report
            .end_line
            .clamp(report.line, report.line + MAX_SNIPPET_LINES - 1);
        let whole = source.text.as_ref();
        let first = source.line_text(report.line);
        let last = source.line_text(last_line);
        let offset_of = |s: &str| (s.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
        let (line_start, line_end) = (offset_of(first), offset_of(last) + last.len());
        // On character boundaries: the renderer panics on a span that cuts
        // a character.
        let start = char_boundary(whole, (span.start as usize).clamp(line_start, line_end));
        let end = char_boundary(whole, (span.end as usize).clamp(start, line_end)).max(start);
        let from = char_boundary(whole, start.saturating_sub(CONTEXT).max(line_start));
        let to = char_boundary(
            whole,
            end.saturating_add(CONTEXT)
                .min(from.saturating_add(MAX_EXCERPT))
                .min(line_end),
        );
        let shown = whole.get(from..to).unwrap_or_default();
        let lead = if from > line_start { CUT } else { "" };
        let tail = if to < line_end { CUT } else { "" };
        let rel = |at: usize| (at.saturating_sub(from) + lead.len()).min(lead.len() + shown.len());
        Excerpt {
            text: format!("{lead}{shown}{tail}"),
            span: rel(start)..rel(end).max(rel(start)),
            last_line: report.line + u32::try_from(shown.matches('\n').count()).unwrap_or(0),
        }
    }
}

/// `at`, or the start of the character it falls inside.
fn char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::diagnostic::DiagnosticId;

    #[test]
    fn a_diagnostic_shows_its_location_line_caret_and_help() {
        let text = "{\n  \"Effect\": \"Alow\"\n}";
        let sources = vec![Source::new("dev-boundary", text)];
        let diagnostic = Diagnostic {
            policy: Some("dev-boundary".to_owned()),
            ..Diagnostic::error(
                DiagnosticId::InvalidEffect,
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
        let diagnostic = Diagnostic::error(DiagnosticId::TooLarge, "big", Span::new(2, 150));
        let out = render(&[diagnostic], &sources, false);
        assert!(out.contains("--> p:2:1"), "{out}");
        assert!(!out.contains("10 |"), "{out}");
    }

    #[test]
    fn a_span_inside_a_character_is_drawn_around_it() {
        let sources = vec![Source::new("p", "é\n")];
        let diagnostic = Diagnostic::error(DiagnosticId::InvalidUtf8, "bad", Span::new(1, 2));
        let out = render(&[diagnostic], &sources, false);
        assert!(out.contains("--> p:1:"), "{out}");
    }

    /// A span far along one long line (a generated file of scenarios):
    /// the location is the span's, the excerpt a few dozen characters
    /// around it, whatever the line's length.
    #[test]
    fn a_span_on_a_long_line_shows_only_its_neighbourhood() {
        let pad = "é".repeat(300_000);
        let text = format!("x\n[{pad}\"Version\": \"2008-10-17\"{pad}]");
        let start = text.find("\"2008").unwrap();
        let sources = vec![Source::new("batch.json", text.as_str())];
        let diagnostic = Diagnostic::warning(
            DiagnosticId::MissingVersion,
            "old",
            Span::new(start, start + 12),
        );
        let out = render(&[diagnostic], &sources, false);
        assert!(out.contains("--> batch.json:2:300013\n"), "{out}");
        assert!(out.contains("...éé"), "{out}");
        let caret_line = out.lines().find(|l| l.contains('^')).unwrap();
        let text_line = out.lines().find(|l| l.contains("2008")).unwrap();
        let column =
            |line: &str, pattern: &str| line[..line.find(pattern).unwrap()].chars().count();
        assert_eq!(
            column(caret_line, "^"),
            column(text_line, "\"2008"),
            "{out}"
        );
        assert!(out.len() < 1_000, "{} bytes", out.len());
    }
}
