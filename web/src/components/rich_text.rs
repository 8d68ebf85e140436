//! Text in the diagnostics' and trace's message style, its backticked parts
//! shown as `<code>`: the result view, the trace and the editor use it.

use leptos::prelude::*;

use crate::wording::code_spans;

/// Text in the message style, its backticked parts as `<code>`.
pub fn rich_text(text: &str) -> impl IntoView + use<> {
    code_spans(text)
        .into_iter()
        .map(|(code, part)| {
            let part = part.to_string();
            if code {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
