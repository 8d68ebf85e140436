//! The scenario's checks as a table (request, decision, expected,
//! pass/fail), re-evaluated on every edit; a row opens its request's trace.
//! For an exercise, its goal and progress above, the progress also given
//! to the embed bridge after every evaluation.

use std::sync::Arc;

use iamsim::scenario::exercise_of;
use leptos::prelude::*;

use super::rich_text::rich_text;
use super::trace_view::{OpenState, TraceView};
use crate::browser;
use crate::checks::{progress_text, run, unevaluated, verdict, Checks, Row};
use crate::page::Page;
use crate::wording::decision_label;

#[component]
pub fn RequestsTable() -> impl IntoView {
    let page = expect_context::<Page>();
    let meta = page.model.meta;
    let exercise = Memo::new(move |_| meta.with(|m| m.exercise.as_deref().and_then(exercise_of)));
    // Every evaluation is new: results are not compared.
    let checks = Memo::new_with_compare(
        move |previous: Option<&Checks>| {
            page.outcome.with(|o| match &o.scenario {
                Some(s) => run(s, Some(browser::now_epoch_seconds())),
                None => unevaluated(previous),
            })
        },
        |_, _| true,
    );
    let rows = Memo::new_with_compare(move |_| checks.with(|c| c.rows.clone()), |_, _| true);
    let names = Memo::new(move |_| {
        rows.with(|rows| {
            rows.iter()
                .enumerate()
                .map(|(i, r)| (i, r.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let progress = Memo::new(move |_| checks.with(|c| c.progress));
    // For the embed bridge, after every evaluation (not only when the
    // progress changes); only an exercise reports it.
    Effect::new(move |_| {
        let progress = checks.with(|c| c.progress);
        page.progress
            .set(exercise.with(Option::is_some).then_some(progress));
    });
    // A scenario without checks has no progress to tell.
    on_cleanup(move || page.progress.set(None));
    let opened = RwSignal::new(None::<usize>);
    let on_statement =
        Callback::new(move |(policy, index): (String, usize)| page.focus_statement(policy, index));
    let goal = move || {
        exercise.get().map(|e| view! {
            <p class="checks-goal" data-testid="goal"><span class="checks-goal-label">"Goal: "</span>{e.goal}</p>
        })
    };
    view! {
        <section class="checks" class:checks-exercise=move || exercise.with(Option::is_some)
            aria-labelledby="checks-title">
            {goal}
            <h3 id="checks-title" class="checks-title">
                {move || if exercise.with(Option::is_some) { "Checks " } else { "Requests " }}
                <span class="checks-progress" data-testid="checks-progress" role="status"
                    class:checks-done=move || progress.get().done>
                    {move || progress_text(progress.get())}
                </span>
                {move || (exercise.with(Option::is_some) && progress.get().done).then(|| view! {
                    <strong class="checks-done-note" data-testid="exercise-done">"✓ Done: every check passes."</strong>
                })}
            </h3>
            <table class="checks-table" data-testid="checks">
                <thead>
                    <tr><th scope="col">"Request"</th><th scope="col">"Decision"</th>
                        <th scope="col">"Expected"</th><th scope="col">"Check"</th></tr>
                </thead>
                <For each=move || names.get() key=|n| n.clone() let:((index, name))>
                    <CheckRow index name rows opened on_statement/>
                </For>
            </table>
        </section>
    }
}

/// One check: a body of two rows, the check and (when opened) its trace.
#[component]
fn CheckRow(
    index: usize,
    name: String,
    rows: Memo<Vec<Row>>,
    opened: RwSignal<Option<usize>>,
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    let row = move || rows.with(|rows| rows.get(index).cloned());
    let result =
        Signal::derive(move || rows.with(|rows| rows.get(index).map(|r| Arc::clone(&r.result))));
    let is_open = move || opened.get() == Some(index);
    let toggle = move |_| opened.update(|o| *o = (*o != Some(index)).then_some(index));
    let open = OpenState::default();
    let decision =
        move || result.with(|r| r.as_ref().map(|r| r.decision.as_str()).unwrap_or_default());
    let passed = move || row().and_then(|r| r.passed);
    let label = name.clone();
    view! {
        <tbody class="check" data-testid="check" data-check=label
            data-passed=move || verdict(passed()).1>
            <tr>
                <th scope="row">
                    <button type="button" class="check-open" aria-expanded=move || is_open().to_string()
                        on:click=toggle>
                        <span aria-hidden="true">{move || if is_open() { "▾ " } else { "▸ " }}</span>
                        {name}
                    </button>
                </th>
                <td class=move || format!("check-decision check-{}", decision()) data-decision=decision>
                    {move || result.with(|r| r.as_ref().map(|r| decision_label(r.decision)))}
                </td>
                <td>{move || row().and_then(|r| r.expected).map_or("—", decision_label)}</td>
                <td class=move || format!("check-verdict check-{}", verdict(passed()).1)>
                    {move || verdict(passed()).0}
                </td>
            </tr>
            <Show when=is_open>
                <tr class="check-detail">
                    <td colspan="4">
                        <ul class="check-mismatches">
                            {move || row().map(|r| r.mismatches.iter().map(|m| view! { <li>{rich_text(m)}</li> }).collect_view())}
                        </ul>
                        <TraceView result open on_statement/>
                    </td>
                </tr>
            </Show>
        </tbody>
    }
}
