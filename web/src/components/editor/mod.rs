//! The policy editor: a `<textarea>` over a highlighted `<pre>`.
//!
//! The textarea owns the text, caret and undo history; its text is transparent
//! and the `<pre>` beneath ([`overlay`]) shows the same text highlighted, with
//! diagnostics underlined and deciding statements shaded. The textarea's value
//! is only written when the text changes from outside (an example, an import),
//! so typing never moves the caret. What it shows is computed in
//! `crate::editor_view`, the edits in `crate::text_edit`.

mod diagnostics;
mod overlay;
mod textarea;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use iamsim::diagnostic::DiagnosticReport;
use iamsim::Severity;
use leptos::prelude::*;

use crate::editor_view::{gutter_html, window_after_scroll, FIRST_WINDOW, LINE_PX};
use crate::highlight::{line_count, offset_of};
use crate::text_edit::{byte_to_utf16, format_json, indent, newline, outdent, Edit};
use diagnostics::diagnostic_list;
use textarea::{apply, diagnostic_title_at, scroll_to_line, selection};

/// How long a focused line stays flashed.
const FLASH: Duration = Duration::from_millis(1600);

/// Gives each editor its own element ids.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn Editor(
    text: RwSignal<String>,
    #[prop(into)] diagnostics: Signal<Vec<DiagnosticReport>>,
    /// 1-based, inclusive line ranges of the statements that decided.
    #[prop(into)]
    highlighted: Signal<Vec<(u32, u32)>>,
    /// 1-based, inclusive line ranges switched off (what-if), dimmed.
    #[prop(optional, into)]
    dimmed: Signal<Vec<(u32, u32)>>,
    /// A line to scroll to and flash.
    #[prop(into)]
    focus: Signal<Option<u32>>,
    /// The accessible name.
    #[prop(into)]
    label: String,
    #[prop(optional)] readonly: bool,
    /// The assist module's findings (it loads after the first paint), which
    /// the overlay underlines.
    #[prop(optional)]
    findings: Option<RwSignal<Vec<DiagnosticReport>>>,
) -> impl IntoView {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let help_id = format!("ed-help-{id}");
    let diags_id = format!("ed-diags-{id}");
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let overlay = NodeRef::<leptos::html::Pre>::new();
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let flash = RwSignal::new(None::<u32>);
    // The 1-based lines the overlay renders; follows the textarea's scrolling.
    let window = RwSignal::new(FIRST_WINDOW);
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

    let marked = Signal::derive(move || {
        let mut all = diagnostics.get();
        if let Some(findings) = findings {
            findings.with(|f| all.extend_from_slice(f));
        }
        all
    });
    overlay::keep_rendered(overlay, text, marked, highlighted, dimmed, flash, window);
    let lines = Memo::new(move |_| text.with(|t| line_count(t)));
    // The gutter, like the overlay, holds only the window's line numbers.
    let numbers = move || gutter_html(window.get(), lines.get());

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
        if marked.with_untracked(Vec::is_empty) && ta.title().is_empty() {
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
            {diagnostic_list(diags_id, diagnostics, go_to)}
        </div>
    }
}
