//! The trace as the steps of AWS's evaluation flowchart, each a `<details>`
//! that opens onto the policies and statements it looked at, and for each
//! statement why it applied or not: element by element, condition by
//! condition.

use std::collections::HashMap;

use iamsim::trace::{ConditionTrace, ElementTrace, PolicyTrace, StatementTrace, Step, StepKind, StepOutcome};
use iamsim::EvalResult;
use leptos::prelude::*;

use super::result::rich_text;
use super::result_wording::{
    is_decisive, match_mark, outcome_label, policy_type_label, request_values_text, statement_heading, statement_verdict, step_id,
    step_title,
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
        self.0.with_value(|m| m.get(key).copied().unwrap_or(default))
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
    result: EvalResult,
    open: OpenState,
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    let decided_by = result.decided_by;
    let steps = result
        .trace
        .into_iter()
        .map(|step| {
            let is_decider = is_decisive(&step, decided_by);
            step_view(step, is_decider, open, on_statement)
        })
        .collect_view();
    view! {
        <h3 class="rv-trace-title">"How AWS evaluated it, step by step"</h3>
        <ol class="rv-steps" aria-label="Evaluation steps">{steps}</ol>
    }
}

fn step_view(step: Step, is_decider: bool, open: OpenState, on_statement: Callback<(String, usize)>) -> impl IntoView {
    let id = step_id(step.step);
    let key = format!("step:{id}");
    // Open what explains the decision: the deciding step, and steps where a statement applied.
    let default = is_decider || step.policies.iter().any(|p| p.matched);
    let (word, icon) = outcome_label(step.outcome);
    let class = format!(
        "rv-step rv-outcome-{}{}",
        outcome_class(step.outcome),
        if is_decider { " rv-decider" } else { "" }
    );
    let body = if step.policies.is_empty() {
        view! { <p class="rv-empty">"No policies of this kind in the scenario."</p> }.into_any()
    } else {
        step.policies
            .into_iter()
            .map(|p| policy_view(p, step.step, open, on_statement))
            .collect_view()
            .into_any()
    };
    let is_open = open.is_open(&key, default);
    view! {
        <li class=class data-step=id data-outcome=word>
            <details prop:open=is_open>
                <summary on:click=move |_| open.toggle(&key, default)>
                    <span class="rv-step-icon" aria-hidden="true">{icon}</span>
                    <span class="rv-step-head">
                        <span class="rv-step-title">{step_title(step.step)}</span>
                        <span class="rv-badge">{word}</span>
                        {is_decider.then(|| view! { <span class="rv-badge rv-badge-decider">"decided here"</span> })}
                    </span>
                    <span class="rv-step-summary">{rich_text(&step.summary)}</span>
                </summary>
                <div class="rv-step-body">{body}</div>
            </details>
        </li>
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

fn policy_view(p: PolicyTrace, step: StepKind, open: OpenState, on_statement: Callback<(String, usize)>) -> impl IntoView {
    let (icon, said) = match_mark(p.matched);
    let kind = match &p.level {
        Some(level) => format!("{}, {level}", policy_type_label(p.policy_type)),
        None => policy_type_label(p.policy_type).to_string(),
    };
    let statements = if p.statements.is_empty() {
        view! { <li class="rv-empty">"No statements with the effect this step looks at."</li> }.into_any()
    } else {
        let name = p.policy.clone();
        p.statements
            .iter()
            .map(|s| statement_view(s, &name, step, open, on_statement))
            .collect_view()
            .into_any()
    };
    view! {
        <div class="rv-policy">
            <h4 class="rv-policy-name">
                <span class=if p.matched { "rv-mark ok" } else { "rv-mark no" } aria-hidden="true">{icon}</span>
                <span class="visually-hidden">{format!("{said}: ")}</span>
                {p.policy}
                <span class="rv-policy-kind">" ("{kind}")"</span>
            </h4>
            <ul class="rv-stmts">{statements}</ul>
        </div>
    }
}

fn statement_view(
    s: &StatementTrace,
    policy: &str,
    step: StepKind,
    open: OpenState,
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    let key = format!("stmt:{}:{policy}:{}", step_id(step), s.statement_index);
    let default = s.matched;
    let (icon, _) = match_mark(s.matched);
    let heading = statement_heading(s);
    let verdict = statement_verdict(s);
    let lines = if s.end_line > s.line { format!("lines {}–{}", s.line, s.end_line) } else { format!("line {}", s.line) };
    let target = (policy.to_string(), s.statement_index);
    let elements = [&s.action, &s.resource, &s.principal]
        .into_iter()
        .flatten()
        .map(|e| element_view(e.clone()))
        .collect_view();
    let conditions = (!s.conditions.is_empty()).then(|| {
        view! {
            <div class="rv-conds">
                <p class="rv-conds-title">"Conditions (all must be met)"</p>
                <ul>{s.conditions.iter().cloned().map(condition_view).collect_view()}</ul>
            </div>
        }
    });
    let is_open = open.is_open(&key, default);
    view! {
        <li class=if s.matched { "rv-stmt ok" } else { "rv-stmt no" }>
            <details prop:open=is_open>
                <summary
                    title="Show this statement in the editor"
                    on:click=move |_| {
                        open.toggle(&key, default);
                        on_statement.run(target.clone());
                    }
                >
                    <span class="rv-mark" aria-hidden="true">{icon}</span>
                    <span class="rv-stmt-head">{heading}</span>
                    <span class="rv-stmt-line">{lines}</span>
                    <span class="rv-stmt-verdict">{verdict}</span>
                </summary>
                <div class="rv-stmt-body">{elements}{conditions}</div>
            </details>
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
        None => view! { <span class="rv-missing-badge">"missing"</span> " "{request_values_text(None)} }.into_any(),
        Some(values) if values.is_empty() => request_values_text(Some(values)).into_any(),
        Some(values) => values.iter().map(|v| view! { <code>{v.clone()}</code>" " }).collect_view().into_any(),
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
    use crate::components::result_fixture;

    fn html() -> String {
        let owner = Owner::new();
        owner.with(|| {
            let result = result_fixture::allowed();
            view! { <TraceView result open=OpenState::default() on_statement=Callback::new(|_| ())/> }.to_html()
        })
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
    fn trace_text_is_escaped() {
        let html = html();
        assert!(html.contains("&lt;b&gt;home&lt;/b&gt;") && !html.contains("<b>home"));
    }
}
