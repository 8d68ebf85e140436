//! What the policy editor shows, as plain data: the window of lines it
//! renders (only those near view, so that a keystroke re-renders a few dozen
//! lines however long the policy), each line's classes, the gutter's
//! numbers, and the diagnostics as marks over the text.

use iamsim::diagnostic::DiagnosticReport;

use crate::highlight::{offset_of, Mark};

/// The height of a line in pixels: the overlay, the gutter and the textarea
/// all use it (as `--ed-lh`), and scrolling computes with it.
pub const LINE_PX: i32 = 19;

/// Lines rendered beyond the visible ones, above and below.
pub const MARGIN: u32 = 60;

/// The window the editor starts with, before any scrolling.
pub const FIRST_WINDOW: (u32, u32) = (1, 2 * MARGIN);

/// The classes of a line of the overlay: shaded when it is in one of
/// `ranges` (the statements that decided), dimmed when in one of `off`
/// (switched off, so never deciding), flashed when it is `flashed`.
pub fn line_class(
    ranges: &[(u32, u32)],
    off: &[(u32, u32)],
    flashed: Option<u32>,
    line: u32,
) -> &'static str {
    let within =
        |ranges: &[(u32, u32)]| ranges.iter().any(|&(from, to)| (from..=to).contains(&line));
    match (within(off), within(ranges), flashed == Some(line)) {
        (true, _, true) => "off fl",
        (true, _, false) => "off",
        (false, true, true) => "hl fl",
        (false, false, true) => "fl",
        (false, true, false) => "hl",
        (false, false, false) => "",
    }
}

/// The spacer that stands for the lines above the window.
pub fn spacer(first: u32) -> String {
    format!(
        "<span class=\"l-skip\" style=\"height:{}px\"></span>",
        skipped_px(first)
    )
}

/// The gutter's HTML: the spacer, then the numbers of the window's lines
/// (of the `lines` the text has).
pub fn gutter_html((first, last): (u32, u32), lines: u32) -> String {
    let numbers = (first..=last.min(lines))
        .map(|n| n.to_string())
        .collect::<Vec<_>>();
    format!("{}{}", spacer(first), numbers.join("\n"))
}

/// The height of the lines above `first`, which the window does not render.
pub fn skipped_px(first: u32) -> i32 {
    i32::try_from(first.saturating_sub(1))
        .unwrap_or(0)
        .saturating_mul(LINE_PX)
}

/// The lines to render once the textarea is scrolled to `scroll_top`
/// pixels, or `None` while the current window still covers the visible lines
/// (so that scrolling re-renders only every few dozen lines).
pub fn window_after_scroll(
    (first, last): (u32, u32),
    scroll_top: i32,
    height: i32,
) -> Option<(u32, u32)> {
    let first_visible = u32::try_from(scroll_top / LINE_PX).unwrap_or(0) + 1;
    let visible = u32::try_from(height / LINE_PX).unwrap_or(0) + 1;
    let covered = first <= first_visible && first_visible + visible <= last;
    (!covered).then(|| {
        (
            first_visible.saturating_sub(MARGIN).max(1),
            first_visible + visible + MARGIN,
        )
    })
}

/// The diagnostics as marks over `text`: their line and column (chars) are
/// relative to this editor's text.
pub fn marks_for(text: &str, diagnostics: &[DiagnosticReport]) -> Vec<Mark> {
    diagnostics
        .iter()
        .map(|d| {
            let start = offset_of(text, d.line, d.column);
            let end = offset_of(text, d.end_line, d.end_column).max(start);
            let title = match &d.help {
                Some(help) => format!("{} ({})\nHelp: {help}", d.message, d.id),
                None => format!("{} ({})", d.message, d.id),
            };
            let severity = d.severity.as_str();
            Mark {
                start,
                end,
                severity,
                title,
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::Severity;

    #[test]
    fn lines_are_shaded_dimmed_flashed_or_both() {
        let ranges = [(2, 4)];
        assert_eq!(line_class(&ranges, &[], None, 1), "");
        assert_eq!(line_class(&ranges, &[], None, 4), "hl");
        assert_eq!(line_class(&ranges, &[], Some(3), 3), "hl fl");
        assert_eq!(line_class(&ranges, &[], Some(9), 9), "fl");
        let off = [(6, 8)];
        assert_eq!(line_class(&ranges, &off, None, 7), "off");
        assert_eq!(line_class(&ranges, &off, Some(6), 6), "off fl");
    }

    #[test]
    fn the_gutter_numbers_the_window_below_its_spacer() {
        assert_eq!(
            gutter_html((3, 10), 5),
            "<span class=\"l-skip\" style=\"height:38px\"></span>3\n4\n5"
        );
    }

    #[test]
    fn the_window_moves_only_when_the_visible_lines_leave_it() {
        let start = FIRST_WINDOW;
        // 20 visible lines near the top: still covered.
        assert_eq!(window_after_scroll(start, 10 * LINE_PX, 20 * LINE_PX), None);
        // Scrolled to line 200: a new window around it.
        assert_eq!(
            window_after_scroll(start, 199 * LINE_PX, 20 * LINE_PX),
            Some((200 - MARGIN, 200 + 21 + MARGIN))
        );
        // Back to the top: starts at line 1, never 0.
        assert_eq!(
            window_after_scroll((140, 281), 0, 20 * LINE_PX),
            Some((1, 1 + 21 + MARGIN))
        );
    }

    fn report(
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
        help: Option<&str>,
    ) -> DiagnosticReport {
        DiagnosticReport {
            id: "invalid-json",
            severity: Severity::Error,
            message: "unexpected word `x`".into(),
            help: help.map(Into::into),
            location: "p".into(),
            line,
            column,
            end_line,
            end_column,
            start: 0,
            end: 0,
        }
    }

    #[test]
    fn diagnostics_become_marks_at_their_line_and_column() {
        let text = "{\n  \"é\": x\n}";
        let marks = marks_for(text, &[report(2, 8, 2, 9, Some("quote it"))]);
        assert_eq!(&text[marks[0].start..marks[0].end], "x");
        assert_eq!(marks[0].severity, "error");
        assert_eq!(
            marks[0].title,
            "unexpected word `x` (invalid-json)\nHelp: quote it"
        );
    }

    #[test]
    fn an_end_before_the_start_is_an_empty_mark() {
        let marks = marks_for("{}", &[report(1, 2, 1, 1, None)]);
        assert_eq!((marks[0].start, marks[0].end), (1, 1));
    }
}
