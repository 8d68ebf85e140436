//! The policy editor: a `<textarea>` over a highlighted `<pre>`.
//!
//! The textarea owns the text, caret and undo history; its text is transparent
//! and the `<pre>` beneath shows the same text highlighted, with diagnostics
//! underlined and deciding statements shaded. The textarea's value is only
//! written when the text changes from outside (an example, an import), so
//! typing never moves the caret.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use iamsim::diagnostic::DiagnosticReport;
use iamsim::Severity;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use super::editor_edit::{
    byte_to_utf16, format_json, indent, newline, outdent, utf16_to_byte, Edit,
};
use super::result::rich_text;
use crate::highlight::{line_count, offset_of, render, Mark};

/// How long a focused line stays flashed.
const FLASH: Duration = Duration::from_millis(1600);

/// The height of a line in pixels: the overlay, the gutter and the textarea
/// all use it (as `--ed-lh`), and scrolling computes with it.
const LINE_PX: i32 = 19;

/// Lines rendered beyond the visible ones, above and below: the overlay holds
/// only the lines near view, so that a keystroke re-renders a few dozen lines
/// however long the policy.
const MARGIN: u32 = 60;

/// Gives each editor its own element ids.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn Editor(
    text: RwSignal<String>,
    #[prop(into)] diagnostics: Signal<Vec<DiagnosticReport>>,
    /// 1-based, inclusive line ranges of the statements that decided.
    #[prop(into)]
    highlighted: Signal<Vec<(u32, u32)>>,
    /// A line to scroll to and flash.
    #[prop(into)]
    focus: Signal<Option<u32>>,
    /// The accessible name.
    #[prop(into)]
    label: String,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let help_id = format!("ed-help-{id}");
    let diags_id = format!("ed-diags-{id}");
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let overlay = NodeRef::<leptos::html::Pre>::new();
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let flash = RwSignal::new(None::<u32>);
    // The 1-based lines the overlay renders; follows the textarea's scrolling.
    let window = RwSignal::new((1u32, 2 * MARGIN));
    let status = RwSignal::new(String::new());
    // After Escape, Tab leaves the editor instead of indenting (no keyboard trap).
    let tab_leaves = StoredValue::new(false);

    // Outside changes reach the textarea; the user's own typing is already there.
    Effect::new(move |_| {
        let value = text.get();
        if let Some(ta) = textarea.get() {
            if ta.value() != value {
                ta.set_value(&value);
            }
        }
    });

    Effect::new(move |_| {
        let Some(line) = focus.get() else { return };
        scroll_to_line(textarea, line);
        flash.set(Some(line));
        set_timeout(
            // `try_`: the editor may be gone by then (a policy removed).
            move || {
                if flash.try_get_untracked() == Some(Some(line)) {
                    flash.try_set(None);
                }
            },
            FLASH,
        );
    });

    // The overlay: the window's lines, highlighted, into the `<pre>`. A
    // keystroke changes a line or a few (the typed one, the shading of the
    // deciding statements): only those are replaced, so the browser restyles
    // and lays out a few lines, not all. The effect keeps what it showed.
    Effect::new(move |shown: Option<(u32, Vec<String>)>| {
        let text = text.get();
        let marks = diagnostics.with(|d| marks_for(&text, d));
        let ranges = highlighted.get();
        let flashed = flash.get();
        let (first, last) = window.get();
        let lines = render(
            &text,
            &marks,
            &|line| {
                let shaded = ranges.iter().any(|&(from, to)| (from..=to).contains(&line));
                match (shaded, flashed == Some(line)) {
                    (true, true) => "hl fl",
                    (false, true) => "fl",
                    (true, false) => "hl",
                    (false, false) => "",
                }
            },
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
            // A spacer stands for the lines above the window.
            _ => pre.set_inner_html(&format!(
                "<span class=\"l-skip\" style=\"height:{}px\"></span>{}",
                skipped_px(first),
                lines.concat()
            )),
        }
        (first, lines)
    });
    let lines = Memo::new(move |_| text.with(|t| line_count(t)));
    // The gutter, like the overlay, holds only the window's line numbers.
    let numbers = move || {
        let (first, last) = window.get();
        let numbers = (first..=last.min(lines.get()))
            .map(|n| n.to_string())
            .collect::<Vec<_>>();
        format!(
            "<span class=\"l-skip\" style=\"height:{}px\"></span>{}",
            skipped_px(first),
            numbers.join("\n")
        )
    };

    let on_scroll = move |_| {
        let (Some(ta), Some(pre), Some(gut)) = (textarea.get(), overlay.get(), gutter.get()) else {
            return;
        };
        let (left, top) = (ta.scroll_left(), ta.scroll_top());
        let _ = pre.set_attribute(
            "style",
            &format!("transform:translate({}px,{}px)", -left, -top),
        );
        let _ = gut.set_attribute("style", &format!("transform:translateY({}px)", -top));
        if let Some(moved) = window_after_scroll(window.get_untracked(), top, ta.client_height()) {
            window.set(moved);
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" {
            tab_leaves.set_value(true);
            return;
        }
        let leave = tab_leaves.get_value();
        tab_leaves.set_value(false);
        let tab = key == "Tab" && !leave;
        // Not while an input method composes text: its Enter commits it.
        let enter = key == "Enter" && !ev.is_composing();
        if readonly || !(tab || enter) || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let Some(ta) = textarea.get() else { return };
        ev.prevent_default();
        let value = ta.value();
        let (start, end) = selection(&ta, &value);
        let edit = if enter {
            newline(&value, start, end)
        } else if ev.shift_key() {
            outdent(&value, start, end)
        } else {
            indent(&value, start, end)
        };
        apply(&ta, &value, &edit, text);
    };

    // The textarea hides the overlay from the pointer: find the underlined
    // span under it and show its message as the textarea's tooltip.
    let on_mousemove = move |ev: leptos::ev::MouseEvent| {
        let Some(ta) = textarea.get() else { return };
        if diagnostics.with_untracked(Vec::is_empty) && ta.title().is_empty() {
            return;
        }
        let title = diagnostic_title_at(ev.client_x(), ev.client_y());
        if ta.title() != title {
            ta.set_title(&title);
        }
    };

    let format = move |_| {
        let Some(ta) = textarea.get() else { return };
        let value = ta.value();
        match format_json(&value) {
            Some(pretty) if pretty != value => {
                let edit = Edit {
                    start: 0,
                    end: value.len(),
                    insert: pretty,
                    selection: (0, 0),
                };
                apply(&ta, &value, &edit, text);
                status.set(String::new());
            }
            Some(_) => status.set("Already formatted.".into()),
            None => status.set("Not valid JSON yet: fix the errors below, then format.".into()),
        }
    };

    let go_to = move |line: u32, column: u32| {
        let Some(ta) = textarea.get() else { return };
        let value = ta.value();
        let at = byte_to_utf16(&value, offset_of(&value, line, column));
        let _ = ta.focus();
        let _ = ta.set_selection_range(at, at);
        scroll_to_line(textarea, line);
    };

    let rows = move || {
        let lines = lines.get();
        format!(
            "--rows:{};--ed-lh:{LINE_PX}px;--digits:{}",
            lines.clamp(6, 30),
            lines.to_string().len()
        )
    };
    let has_errors = move || diagnostics.with(|d| d.iter().any(|d| d.severity == Severity::Error));
    let describedby = format!("{help_id} {diags_id}");

    view! {
        <div class="ed" class:ed-readonly=readonly>
            <div class="ed-bar">
                <span class="ed-status" role="status">{move || status.get()}</span>
                {(!readonly).then(|| view! {
                    <button type="button" class="ed-format" on:click=format
                        title="Pretty-print with a two-space indent">"Format"</button>
                })}
            </div>
            <div class="ed-body" style=rows>
                <pre class="ed-gutter" aria-hidden="true" node_ref=gutter inner_html=numbers></pre>
                <div class="ed-code">
                    <pre class="ed-hl" aria-hidden="true" node_ref=overlay></pre>
                    <textarea
                        class="ed-input"
                        node_ref=textarea
                        aria-label=label
                        aria-describedby=describedby
                        aria-invalid=move || has_errors().to_string()
                        readonly=readonly
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        on:input=move |ev| {
                            text.set(event_target_value(&ev));
                            if !status.get_untracked().is_empty() {
                                status.set(String::new());
                            }
                        }
                        on:scroll=on_scroll
                        on:keydown=on_keydown
                        on:mousemove=on_mousemove
                    ></textarea>
                </div>
            </div>
            <p class="ed-help" id=help_id>
                {if readonly { "Read only." } else { "Tab indents, Shift+Tab outdents; press Escape then Tab to leave the editor." }}
            </p>
            <ul class="ed-diags" id=diags_id aria-label="Problems">
                {move || diagnostics.get().into_iter().map(|d| diagnostic_item(d, go_to)).collect_view()}
            </ul>
        </div>
    }
}

fn diagnostic_item(d: DiagnosticReport, go_to: impl Fn(u32, u32) + 'static) -> impl IntoView {
    let (line, column) = (d.line, d.column);
    let (class, icon, word) = match d.severity {
        Severity::Error => ("ed-diag ed-diag-error", "✗", "Error"),
        Severity::Warning => ("ed-diag ed-diag-warning", "⚠", "Warning"),
        Severity::SecurityWarning => ("ed-diag ed-diag-warning", "⚠", "Security warning"),
        Severity::Suggestion => ("ed-diag ed-diag-suggestion", "ℹ", "Suggestion"),
    };
    view! {
        <li class=class>
            <button type="button" class="ed-diag-at" on:click=move |_| go_to(line, column)
                title="Go to this place in the editor">
                <span aria-hidden="true">{icon}" "</span>
                <span class="visually-hidden">{word}" at line "</span>
                {format!("{line}:{column}")}
            </button>
            " "<code class="ed-diag-id">{d.id}</code>" "
            <span class="ed-diag-msg">{rich_text(&d.message)}</span>
            {d.help.map(|h| view! { <span class="ed-diag-help">"Help: "{rich_text(&h)}</span> })}
        </li>
    }
}

/// The diagnostics as marks over `text`: their line and column (chars) are
/// relative to this editor's text.
fn marks_for(text: &str, diagnostics: &[DiagnosticReport]) -> Vec<Mark> {
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

/// The height of the lines above `first`, which the window does not render.
fn skipped_px(first: u32) -> i32 {
    i32::try_from(first.saturating_sub(1))
        .unwrap_or(0)
        .saturating_mul(LINE_PX)
}

/// The lines to render once the textarea is scrolled to `scroll_top`
/// pixels, or `None` while the current window still covers the visible lines
/// (so that scrolling re-renders only every few dozen lines).
fn window_after_scroll(
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

/// The selection as byte offsets into `value`.
fn selection(ta: &HtmlTextAreaElement, value: &str) -> (usize, usize) {
    let start = ta.selection_start().ok().flatten().unwrap_or(0);
    let end = ta.selection_end().ok().flatten().unwrap_or(start);
    (utf16_to_byte(value, start), utf16_to_byte(value, end))
}

/// Applies an edit as if typed, so the browser's undo can take it back, then
/// sets the selection. Falls back to a plain replacement where the browser
/// lacks `insertText`.
fn apply(ta: &HtmlTextAreaElement, value: &str, edit: &Edit, text: RwSignal<String>) {
    let unchanged = value.get(edit.start..edit.end) == Some(edit.insert.as_str());
    let new_value = format!(
        "{}{}{}",
        value.get(..edit.start).unwrap_or(""),
        edit.insert,
        value.get(edit.end..).unwrap_or("")
    );
    if !unchanged {
        let _ = ta.set_selection_range(
            byte_to_utf16(value, edit.start),
            byte_to_utf16(value, edit.end),
        );
        let typed = document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()
            .and_then(|doc| {
                doc.exec_command_with_show_ui_and_value("insertText", false, &edit.insert)
                    .ok()
            })
            .unwrap_or(false);
        if !typed || ta.value() != new_value {
            ta.set_value(&new_value);
        }
        if text.get_untracked() != new_value {
            text.set(new_value.clone());
        }
    }
    let (s, e) = edit.selection;
    let _ = ta.set_selection_range(byte_to_utf16(&new_value, s), byte_to_utf16(&new_value, e));
}

/// Scrolls the textarea so that `line` sits a third of the way down, and the
/// page so that the editor is in view (on a phone the trace is far below it).
fn scroll_to_line(textarea: NodeRef<leptos::html::Textarea>, line: u32) {
    let Some(ta) = textarea.get_untracked() else {
        return;
    };
    let top = i32::try_from(line.saturating_sub(1))
        .unwrap_or(0)
        .saturating_mul(LINE_PX);
    ta.set_scroll_top((top - ta.client_height() / 3).max(0));
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    ta.scroll_into_view_with_scroll_into_view_options(&options);
}

/// The message of the underlined span at a point on screen, or "".
fn diagnostic_title_at(x: i32, y: i32) -> String {
    document()
        .elements_from_point(x as f32, y as f32)
        .iter()
        .filter_map(|e| e.dyn_into::<web_sys::Element>().ok())
        .find(|e| {
            e.get_attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == "dg"))
        })
        .and_then(|e| e.get_attribute("title"))
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn the_window_moves_only_when_the_visible_lines_leave_it() {
        let start = (1, 2 * MARGIN);
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
