//! The editor's list of problems under the text, each a button that puts
//! the caret where it is.

use iamsim::diagnostic::DiagnosticReport;
use iamsim::Severity;
use leptos::prelude::*;

use crate::components::rich_text::rich_text;

/// The list; `id` is its element id (the textarea's `aria-describedby`
/// names it), `go_to` puts the caret at a problem's line and column.
pub fn diagnostic_list(
    id: String,
    diagnostics: Signal<Vec<DiagnosticReport>>,
    go_to: impl Fn(u32, u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let go_to = Callback::new(move |(line, column)| go_to(line, column));
    view! {
        <ul class="ed-diags" id=id aria-label="Problems">
            {Suspend::new(async move { items(diagnostics, go_to).await })}
        </ul>
    }
}

/// The list's items, loaded after the first paint (a first policy has none).
#[leptos::lazy]
fn items(diagnostics: Signal<Vec<DiagnosticReport>>, go_to: Callback<(u32, u32)>) -> AnyView {
    (move || {
        diagnostics
            .get()
            .into_iter()
            .map(|d| item(d, move |line, column| go_to.run((line, column))))
            .collect_view()
    })
    .into_any()
}

fn item(d: DiagnosticReport, go_to: impl Fn(u32, u32) + 'static) -> impl IntoView {
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
