//! The editor's highlighted overlay: the window's lines, highlighted, with
//! diagnostics underlined, deciding statements shaded and statements
//! switched off dimmed, kept in the
//! `<pre>` under the textarea.

use iamsim::diagnostic::DiagnosticReport;
use leptos::prelude::*;

use crate::editor_view::{line_class, marks_for, spacer};
use crate::highlight::render;

/// Keeps `overlay` showing the window's lines. A keystroke changes a line or
/// a few (the typed one, the shading of the deciding statements): only
/// those are replaced, so the browser restyles and lays out a few lines,
/// not all. The effect keeps what it showed.
pub fn keep_rendered(
    overlay: NodeRef<leptos::html::Pre>,
    text: RwSignal<String>,
    diagnostics: Signal<Vec<DiagnosticReport>>,
    highlighted: Signal<Vec<(u32, u32)>>,
    dimmed: Signal<Vec<(u32, u32)>>,
    flash: RwSignal<Option<u32>>,
    window: RwSignal<(u32, u32)>,
) {
    Effect::new(move |shown: Option<(u32, Vec<String>)>| {
        let text = text.get();
        let marks = diagnostics.with(|d| marks_for(&text, d));
        let ranges = highlighted.get();
        let off = dimmed.get();
        let flashed = flash.get();
        let (first, last) = window.get();
        let lines = render(
            &text,
            &marks,
            &|line| line_class(&ranges, &off, flashed, line),
            first..=last,
        );
        let Some(pre) = overlay.get() else {
            return (0, Vec::new());
        };
        match shown {
            Some((shown_first, old)) if shown_first == first && old.len() == lines.len() => {
                // After the spacer, one element per line.
                let mut next = pre
                    .first_element_child()
                    .and_then(|s| s.next_element_sibling());
                for (old, new) in old.iter().zip(&lines) {
                    let Some(line) = next else { break };
                    next = line.next_element_sibling();
                    if old != new {
                        line.set_outer_html(new);
                    }
                }
            }
            _ => pre.set_inner_html(&format!("{}{}", spacer(first), lines.concat())),
        }
        (first, lines)
    });
}
