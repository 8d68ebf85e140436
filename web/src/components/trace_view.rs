//! The trace as the steps of AWS's evaluation flowchart, each a `<details>`
//! that opens onto the policies and statements it looked at, and for each
//! statement why it applied or not: element by element, condition by
//! condition.

use std::collections::HashMap;
use std::sync::Arc;

use iamsim::kinds::{Effect, StepKind, StepOutcome};
use iamsim::trace::{ConditionTrace, ElementTrace, StatementTrace};
use iamsim::EvalResult;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::rich_text::rich_text;
use crate::trace_rows::{statement_lines, step_heads, step_rows, Row, StepHead};
use crate::wording::{
    line_range, match_mark, outcome_label, request_values_text, statement_heading,
    statement_verdict, step_about,
};

/// Which `<details>` the reader opened or closed, by key, so that a result
/// re-rendered after an edit keeps them as they were. Only the reader's own
/// clicks are recorded; anything else follows its default.
#[derive(Clone, Copy)]
pub struct OpenState(StoredValue<HashMap<String, bool>>);

impl Default for OpenState {
    fn default() -> Self {
        OpenState(StoredValue::new(HashMap::new()))
    }
}

impl OpenState {
    fn is_open(self, key: &str, default: bool) -> bool {
        self.0
            .with_value(|m| m.get(key).copied().unwrap_or(default))
    }

    /// A state with these keys open, as if the reader had opened them.
    #[cfg(test)]
    fn opened(keys: &[&str]) -> Self {
        OpenState(StoredValue::new(
            keys.iter().map(|k| (k.to_string(), true)).collect(),
        ))
    }

    fn toggle(self, key: &str, default: bool) {
        self.0.update_value(|m| {
            let now = m.get(key).copied().unwrap_or(default);
            m.insert(key.to_string(), !now);
        });
    }
}

#[component]
pub fn TraceView(
    #[prop(into)] result: Signal<Option<Arc<EvalResult>>>,
    open: OpenState,
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    let heads =
        Memo::new(move |_| result.with(|r| r.as_deref().map(step_heads).unwrap_or_default()));
    view! {
        <h3 class="rv-trace-title">"How AWS evaluated it, step by step"</h3>
        <ol class="rv-steps" aria-label="Evaluation steps">
            <For
                each=move || heads.get()
                key=|h| (h.id, h.outcome_word, h.summary.clone(), h.decider, h.default_open)
                children=move |head| step_view(head, result, open, on_statement)
            />
        </ol>
    }
}

fn step_view(
    head: StepHead,
    result: Signal<Option<Arc<EvalResult>>>,
    open: OpenState,
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    let (word, icon) = outcome_label(head.outcome);
    let class = format!(
        "rv-step rv-outcome-{}{}",
        outcome_class(head.outcome),
        if head.decider { " rv-decider" } else { "" }
    );
    let summary = view! {
        <span class="rv-step-icon" aria-hidden="true">{icon}</span>
        <span class="rv-step-head">
            <span class="rv-step-title">{head.kind.title()}</span>
            <span class="rv-badge">{word}</span>
            {head.decider.then(|| view! { <span class="rv-badge rv-badge-decider">"decided here"</span> })}
        </span>
        <span class="rv-step-summary">{rich_text(&head.summary)}</span>
    };
    let kind = head.kind;
    let expanded = RwSignal::new(Vec::new());
    let rows = move || {
        expanded.with(|shown| {
            result.with(|r| {
                r.as_ref()
                    .map(|r| step_rows(r, kind, shown))
                    .unwrap_or_default()
            })
        })
    };
    let no_policies = move || {
        result.with(|r| {
            r.iter()
                .flat_map(|r| &r.trace)
                .filter(|s| s.step == kind)
                .all(|s| s.policies.is_empty())
        })
    };
    let body = move || {
        view! {
            <div class="rv-step-body">
                <p class="rv-step-about">{step_about(kind)}</p>
                {move || no_policies().then(|| view! {
                    <p class="rv-empty">"No policies of this kind in the scenario."</p>
                })}
                <ul class="rv-rows">
                    <For
                        each=rows
                        key=|(key, _)| *key
                        children=move |(_, row)| row_view(row, kind, result, open, expanded, on_statement)
                    />
                </ul>
            </div>
        }
        .into_any()
    };
    view! {
        <li class=class data-step=head.id data-outcome=word>
            {lazy_details(open, format!("step:{}", head.id), head.default_open, summary, || (), body)}
        </li>
    }
}

fn row_view(
    row: Row,
    step: StepKind,
    result: Signal<Option<Arc<EvalResult>>>,
    open: OpenState,
    expanded: RwSignal<Vec<String>>,
    on_statement: Callback<(String, usize)>,
) -> AnyView {
    match row {
        Row::Policy {
            name,
            kind,
            matched,
            empty,
        } => policy_heading(name, kind, matched, empty, step).into_any(),
        Row::Statement { policy, trace } => {
            statement_view(&trace, &policy, step, result, open, on_statement).into_any()
        }
        Row::More { policy, hidden } => {
            let label = format!("Show {hidden} more that did not apply");
            view! {
                <li class="rv-more">
                    <button type="button" on:click=move |_| {
                        expanded.update(|shown| shown.push(policy.clone()));
                    }>{label}</button>
                </li>
            }
            .into_any()
        }
    }
}

/// A `<details>` that builds its body only while it is open, so that a trace
/// of hundreds of statements stays cheap to re-render on every keystroke.
/// Clicks on the summary are the reader's choice and are remembered in `open`.
fn lazy_details(
    open: OpenState,
    key: String,
    default: bool,
    summary: impl IntoView + 'static,
    on_summary: impl Fn() + 'static,
    body: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let initially = open.is_open(&key, default);
    let shown = RwSignal::new(initially);
    let on_toggle = move |ev: leptos::ev::Event| {
        if let Some(details) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        {
            // A step created open fires `toggle` too: rebuild its body only on a change.
            if shown.get_untracked() != details.open() {
                shown.set(details.open());
            }
        }
    };
    view! {
        <details prop:open=initially on:toggle=on_toggle>
            <summary on:click=move |_| {
                open.toggle(&key, default);
                on_summary();
            }>{summary}</summary>
            {move || shown.get().then(&body)}
        </details>
    }
}

fn outcome_class(o: StepOutcome) -> &'static str {
    match o {
        StepOutcome::ExplicitDeny => "explicit-deny",
        StepOutcome::ImplicitDeny => "implicit-deny",
        StepOutcome::Allow => "allow",
        StepOutcome::Continue => "continue",
        StepOutcome::NotApplicable => "not-applicable",
    }
}

fn policy_heading(
    name: String,
    kind: String,
    matched: bool,
    empty: bool,
    step: StepKind,
) -> impl IntoView {
    let (icon, said) = match_mark(matched);
    // The deny step traces each policy's Deny statements; the others, their Allow statements.
    let none = if step == StepKind::DenyEvaluation {
        "No Deny statements in this policy."
    } else {
        "No Allow statements in this policy."
    };
    view! {
        <li class="rv-policy">
            <h4 class="rv-policy-name">
                <span class=if matched { "rv-mark ok" } else { "rv-mark no" } aria-hidden="true">{icon}</span>
                <span class="visually-hidden">{format!("{said}: ")}</span>
                {name}
                <span class="rv-policy-kind">" ("{kind}")"</span>
            </h4>
            {empty.then(|| view! { <p class="rv-empty">{none}</p> })}
        </li>
    }
}

fn statement_view(
    s: &StatementTrace,
    policy: &str,
    step: StepKind,
    result: Signal<Option<Arc<EvalResult>>>,
    open: OpenState,
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    // A Deny that applies is marked as a deny, not as a green tick.
    let denies = s.matched && s.effect == Effect::Deny;
    let icon = if denies {
        "⊘"
    } else {
        match_mark(s.matched).0
    };
    let class = match (s.matched, denies) {
        (true, true) => "rv-stmt deny",
        (true, false) => "rv-stmt ok",
        _ => "rv-stmt no",
    };
    let (policy_name, index, first) = (policy.to_string(), s.statement_index, (s.line, s.end_line));
    let lines = move || {
        let (line, end_line) = result
            .with(|r| {
                r.as_ref()
                    .and_then(|r| statement_lines(r, step, &policy_name, index))
            })
            .unwrap_or(first);
        line_range(line, end_line)
    };
    let summary = view! {
        <span class="rv-mark" aria-hidden="true">{icon}</span>
        <span class="rv-stmt-head" title="Show this statement in the editor">{statement_heading(s)}</span>
        <span class="rv-stmt-line">{lines}</span>
        <span class="rv-stmt-verdict">{statement_verdict(s)}</span>
    };
    let target = (policy.to_string(), s.statement_index);
    let key = format!("stmt:{}:{policy}:{}", step.as_str(), s.statement_index);
    let (elements, conditions) = (
        [s.action.clone(), s.resource.clone(), s.principal.clone()],
        s.conditions.clone(),
    );
    let body = move || {
        let elements = elements
            .iter()
            .flatten()
            .cloned()
            .map(element_view)
            .collect_view();
        let conditions = (!conditions.is_empty()).then(|| {
            view! {
                <div class="rv-conds">
                    <p class="rv-conds-title">"Conditions (all must be met)"</p>
                    <ul>{conditions.iter().cloned().map(condition_view).collect_view()}</ul>
                </div>
            }
        });
        view! { <div class="rv-stmt-body">{elements}{conditions}</div> }.into_any()
    };
    view! {
        <li class=class>
            {lazy_details(open, key, s.matched, summary, move || on_statement.run(target.clone()), body)}
        </li>
    }
}

/// What the request's side of an element is called.
fn request_side(element: &str) -> &'static str {
    match element.trim_start_matches("Not") {
        "Action" => "Requested action",
        "Resource" => "Requested resource",
        "Principal" => "Calling principal",
        _ => "Request",
    }
}

fn element_view(e: ElementTrace) -> impl IntoView {
    let (icon, said) = match_mark(e.matched);
    let negated = e.element.starts_with("Not");
    let patterns = e
        .patterns
        .into_iter()
        .map(|p| {
            let (icon, said) = match_mark(p.matched);
            view! {
                <li class=if p.matched { "ok" } else { "no" }>
                    <span class="rv-mark" aria-hidden="true">{icon}</span>
                    <span class="visually-hidden">{format!("{said}: ")}</span>
                    <code>{p.pattern}</code>
                    {p.resolved.map(|r| view! {
                        <span class="rv-resolved">" → "<span class="visually-hidden">"with variables: "</span><code>{r}</code></span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class=if e.matched { "rv-el ok" } else { "rv-el no" }>
            <p class="rv-el-head">
                <span class="rv-mark" aria-hidden="true">{icon}</span>
                <span class="visually-hidden">{format!("{said}: ")}</span>
                <strong>{e.element}</strong>
                {negated.then_some(" (applies when nothing below matches)")}
                <span class="rv-el-value">{request_side(e.element)}": "<code>{e.value}</code></span>
            </p>
            <ul class="rv-patterns">{patterns}</ul>
            {e.note.map(|n| view! { <p class="rv-note">{rich_text(&n)}</p> })}
        </div>
    }
}

fn condition_view(c: ConditionTrace) -> impl IntoView {
    let (icon, _) = match_mark(c.matched);
    let request = match &c.request_values {
        None => {
            view! { <span class="rv-missing-badge">"missing"</span> " "{request_values_text(None)} }
                .into_any()
        }
        Some(values) if values.is_empty() => request_values_text(Some(values)).into_any(),
        Some(values) => values
            .iter()
            .map(|v| view! { <code>{v.clone()}</code>" " })
            .collect_view()
            .into_any(),
    };
    let policy_values = c
        .policy_values
        .into_iter()
        .map(|v| {
            let (icon, said) = match_mark(v.matched);
            view! {
                <span class=if v.matched { "rv-val ok" } else { "rv-val no" }>
                    <span class="rv-mark" aria-hidden="true">{icon}</span>
                    <span class="visually-hidden">{format!("{said}: ")}</span>
                    <code>{v.value}</code>
                    {v.resolved.map(|r| view! { " → "<code>{r}</code> })}
                </span>
            }
        })
        .collect_view();
    view! {
        <li class=if c.matched { "rv-cond ok" } else { "rv-cond no" }>
            <p class="rv-cond-head">
                <span class="rv-mark" aria-hidden="true">{icon}</span>
                <span class="visually-hidden">{if c.matched { "met: " } else { "not met: " }}</span>
                <code class="rv-op">{c.operator}</code>" on "<code class="rv-key">{c.key}</code>
            </p>
            <dl class="rv-cond-values">
                <dt>"Request"</dt><dd>{request}</dd>
                <dt>"Policy"</dt><dd>{policy_values}</dd>
            </dl>
            {c.note.map(|n| view! { <p class="rv-note">{rich_text(&n)}</p> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    fn html_with(open: &[&str]) -> String {
        let owner = Owner::new();
        owner.with(|| {
            let result = Signal::stored(Some(Arc::new(fixture::allowed())));
            let open = OpenState::opened(open);
            view! { <TraceView result open on_statement=Callback::new(|_| ())/> }.to_html()
        })
    }

    fn html() -> String {
        html_with(&["stmt:identityPolicies:home:1"])
    }

    #[test]
    fn closed_statements_have_no_body_until_opened() {
        let html = html_with(&[]);
        // The second statement did not apply: closed, its condition not built.
        assert!(html.contains("does not apply"));
        assert!(!html.contains("rv-missing-badge"));
        // The first applied: open, its resource pattern shown.
        assert!(html.contains("<code>arn:aws:s3:::docs/home/alice/*</code>"));
    }

    #[test]
    fn every_step_shows_its_name_and_outcome_in_words() {
        let html = html();
        assert!(html.contains("data-step=\"denyEvaluation\" data-outcome=\"passed\""));
        assert!(html.contains("data-step=\"identityPolicies\" data-outcome=\"allowed\""));
        assert!(html.contains("Identity-based policies"));
        assert!(html.contains("decided here"));
    }

    #[test]
    fn statements_show_resolved_variables_and_missing_keys() {
        let html = html();
        assert!(html.contains("Statement 1 \u{201c}HomeFolder\u{201d} (Allow)"));
        assert!(html.contains("<code>arn:aws:s3:::docs/home/${aws:username}/*</code>"));
        assert!(html.contains("<code>arn:aws:s3:::docs/home/alice/*</code>"));
        assert!(html.contains("rv-missing-badge"));
        assert!(html.contains("does not apply: the request has no \u{201c}aws:MultiFactorAuthPresent\u{201d} for Bool"));
    }

    #[test]
    fn the_readers_choice_overrides_the_default() {
        let owner = Owner::new();
        owner.with(|| {
            let open = OpenState::default();
            assert!(open.is_open("step:a", true) && !open.is_open("step:b", false));
            open.toggle("step:a", true);
            open.toggle("step:b", false);
            // Chosen once, the state holds whatever the default becomes.
            assert!(!open.is_open("step:a", true) && open.is_open("step:b", false));
            assert!(!open.is_open("step:a", false) && open.is_open("step:b", true));
        });
    }

    #[test]
    fn trace_text_is_escaped() {
        let html = html();
        assert!(html.contains("&lt;b&gt;home&lt;/b&gt;") && !html.contains("<b>home"));
    }
}
