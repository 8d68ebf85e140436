//! "What would change the decision": the core's verified suggestions for
//! the request, computed after each result once typing pauses, each with Apply (the
//! scenario changed through the page's model, so the editors, the result
//! and the share link follow) and, while nothing else was edited, Undo.

use std::time::Duration;

use iamsim::whatif::Suggestion;
use leptos::prelude::*;

use super::rich_text::rich_text;
use crate::browser;
use crate::frame::computed_after_paint;
use crate::page::Page;
use crate::suggestions::{applied, change_label, suggest, Applied, Shown};
use crate::wording::decision_label;

/// Measured in the page: 3.6 ms for the largest example, 12 to 14 ms for a
/// 200-statement policy (each candidate edit is evaluated), as much as the
/// keystroke's own frame: so they wait for a pause in typing.
const PAUSE: Duration = Duration::from_millis(150);

#[component]
pub fn Suggestions(page: Page) -> impl IntoView {
    let found = computed_after_paint(
        PAUSE,
        move || page.outcome.track(),
        move || {
            page.scenario
                .with_untracked(|s| suggest(s, Some(browser::now_epoch_seconds())))
        },
    );
    let last_applied = RwSignal::new(None::<Applied>);
    // Undo only while the scenario is still what Apply made of it.
    let undoable = Memo::new(move |_| {
        last_applied.with(|a| {
            a.as_ref()
                .filter(|a| page.scenario.with(|s| *s == a.after))
                .map(|a| a.summary.clone())
        })
    });
    let apply = move |suggestion: &Suggestion| {
        let before = page.scenario.get_untracked();
        if let Some(after) = applied(&before, suggestion) {
            page.model.load(after);
            last_applied.set(Some(Applied {
                summary: suggestion.summary.clone(),
                before,
                after: page.scenario.get_untracked(),
            }));
        }
    };
    let undo = move |_| {
        if let Some(applied) = last_applied.get_untracked() {
            page.model.load(applied.before);
            last_applied.set(None);
        }
    };
    let items = move || {
        found.with(|list| {
            list.iter()
                .flatten()
                .map(|Shown { check, suggestion: s }| {
                    let suggestion = s.clone();
                    let changes = s.changes.iter().map(change_label).collect::<Vec<_>>().join("; ");
                    // With checks, each suggestion is for one that fails: say which.
                    let for_check = check.as_ref().map(|name| format!("To pass “{name}”: "));
                    view! {
                        <li class="wi-item" data-testid="suggestion">
                            <p class="wi-summary">{for_check}{rich_text(&s.summary)}</p>
                            <p class="wi-changes">
                                {rich_text(&changes)}" → "<strong>{decision_label(s.decision)}</strong>
                            </p>
                            <button type="button" class="wi-apply" on:click=move |_| apply(&suggestion)>
                                "Apply"
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let shown = move || {
        undoable.with(Option::is_some) || found.with(|f| f.as_ref().is_some_and(|l| !l.is_empty()))
    };
    view! {
        <Show when=shown>
            <section class="wi" aria-labelledby="wi-heading" data-testid="suggestions">
                <h3 id="wi-heading">"What would change the decision"</h3>
                {move || undoable.get().map(|summary| view! {
                    <p class="wi-applied" role="status">
                        "Applied: "{rich_text(&summary)}" "
                        <button type="button" class="wi-undo" on:click=undo>"Undo"</button>
                    </p>
                })}
                <ol class="wi-list">{items}</ol>
            </section>
        </Show>
    }
}
