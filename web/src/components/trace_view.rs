//! The trace as the steps of AWS's evaluation flowchart, each a `<details>`
//! that opens onto the policies and statements it looked at, and for each
//! statement why it applied or not: element by element, condition by
//! condition.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use iamsim::kinds::{Effect, StepKind, StepOutcome};
use iamsim::trace::{ConditionTrace, ElementTrace, StatementTrace};
use iamsim::EvalResult;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::result::rich_text;
use super::result_wording::{
    is_decisive, line_range, match_mark, outcome_label, policy_type_label, request_values_text,
    statement_heading, statement_verdict, step_about,
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

/// What a step's heading shows. Steps are keyed by it, so a keystroke that
/// leaves a heading as it was keeps that step's DOM (and its statements are
/// keyed in turn, see [`step_rows`]).
#[derive(Debug, Clone, PartialEq)]
struct StepHead {
    kind: StepKind,
    id: &'static str,
    outcome: StepOutcome,
    outcome_word: &'static str,
    summary: String,
    decider: bool,
    /// Open what explains the decision: the deciding step, and steps where a statement applied.
    default_open: bool,
}

fn step_heads(r: &EvalResult) -> Vec<StepHead> {
    r.trace
        .iter()
        .map(|step| {
            let decider = is_decisive(step, r.decided_by);
            StepHead {
                kind: step.step,
                id: step.step.as_str(),
                outcome: step.outcome,
                outcome_word: outcome_label(step.outcome).0,
                summary: step.summary.to_string(),
                decider,
                default_open: decider || step.policies.iter().any(|p| p.matched),
            }
        })
        .collect()
}

/// One line of a step's body: a policy's heading, or one of its statements.
#[derive(Clone)]
enum Row {
    Policy {
        name: String,
        kind: String,
        matched: bool,
        empty: bool,
    },
    Statement {
        policy: String,
        trace: Arc<StatementTrace>,
    },
    /// Statements of `policy` that did not apply and are not shown yet.
    More { policy: String, hidden: usize },
}

/// Statements that did not apply, shown per policy before a "show more"
/// button: a 200-statement policy then renders a few rows, not 200, on
/// every keystroke, and the reader sees first what decided.
const SHOWN_UNMATCHED: usize = 5;

/// The rows of a step's body, each with a key that changes only when what
/// it shows changes: re-rendering after a keystroke rebuilds only the
/// statements the keystroke changed.
fn step_rows(r: &EvalResult, kind: StepKind, expanded: &[String]) -> Vec<((u64, u32), Row)> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut rows = Vec::new();
    let mut push = |hash: u64, row: Row| {
        let n = seen.entry(hash).or_insert(0);
        rows.push(((hash, *n), row));
        *n += 1;
    };
    for p in r
        .trace
        .iter()
        .filter(|s| s.step == kind)
        .flat_map(|s| &s.policies)
    {
        let label = match &p.level {
            Some(level) => format!("{}, {level}", policy_type_label(p.policy_type)),
            None => policy_type_label(p.policy_type).to_string(),
        };
        let head = (&p.policy, &label, p.matched, p.statements.is_empty());
        push(
            fingerprint(&head),
            Row::Policy {
                name: p.policy.clone(),
                kind: label,
                matched: p.matched,
                empty: p.statements.is_empty(),
            },
        );
        let all = expanded.contains(&p.policy);
        let mut unmatched = 0;
        for trace in &p.statements {
            if !trace.matched {
                unmatched += 1;
                if !all && unmatched > SHOWN_UNMATCHED {
                    continue;
                }
            }
            // Positions are left out: a line break above a statement moves it
            // without rebuilding it (its summary reads its lines live).
            let mut hasher = DefaultHasher::new();
            p.policy.hash(&mut hasher);
            hash_statement(trace, &mut hasher);
            let hash = hasher.finish();
            push(
                hash,
                Row::Statement {
                    policy: p.policy.clone(),
                    trace: Arc::clone(trace),
                },
            );
        }
        let hidden = unmatched.saturating_sub(SHOWN_UNMATCHED);
        if !all && hidden > 0 {
            push(
                fingerprint(&("more", &p.policy, hidden)),
                Row::More {
                    policy: p.policy.clone(),
                    hidden,
                },
            );
        }
    }
    rows
}

/// Feeds what a statement's row shows into `h`, leaving out its position.
/// (Hashing the fields by hand keeps serde's code for the trace out of the
/// page; a field the row starts showing must be added here.)
fn hash_statement(s: &StatementTrace, h: &mut DefaultHasher) {
    (
        s.statement_index,
        &s.sid,
        s.effect == Effect::Allow,
        s.matched,
        &s.skipped,
    )
        .hash(h);
    for element in [&s.action, &s.resource, &s.principal] {
        let Some(e) = element else {
            0u8.hash(h);
            continue;
        };
        (e.element, e.matched, &e.value, &e.note, e.patterns.len()).hash(h);
        for p in &e.patterns {
            (&p.pattern, &p.resolved, p.matched).hash(h);
        }
    }
    s.conditions.len().hash(h);
    for c in &s.conditions {
        (&c.operator, &c.key, c.matched, &c.request_values, &c.note).hash(h);
        c.policy_values.len().hash(h);
        for v in &c.policy_values {
            (&v.value, &v.resolved, v.matched).hash(h);
        }
    }
}

/// Where a step's statement is now: its first and last line.
fn statement_lines(
    r: &EvalResult,
    step: StepKind,
    policy: &str,
    index: usize,
) -> Option<(u32, u32)> {
    r.trace
        .iter()
        .filter(|s| s.step == step)
        .flat_map(|s| &s.policies)
        .filter(|p| p.policy == policy)
        .flat_map(|p| &p.statements)
        .find(|s| s.statement_index == index)
        .map(|s| (s.line, s.end_line))
}

fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
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
    use crate::components::result_fixture;

    fn html_with(open: &[&str]) -> String {
        let owner = Owner::new();
        owner.with(|| {
            let result = Signal::stored(Some(Arc::new(result_fixture::allowed())));
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
    fn a_changed_statement_changes_only_its_own_key() {
        let before = result_fixture::allowed();
        let mut after = result_fixture::allowed();
        if let Some(s) = after
            .trace
            .get_mut(1)
            .and_then(|s| s.policies.get_mut(0))
            .and_then(|p| p.statements.get_mut(1))
        {
            Arc::make_mut(s).sid = Some("Renamed".into());
        }
        let keys = |r: &EvalResult| {
            step_rows(r, StepKind::IdentityPolicies, &[])
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        let (a, b) = (keys(&before), keys(&after));
        assert_eq!(a.len(), 3); // the policy's heading and its two statements
        assert_eq!(a[..2], b[..2]);
        assert_ne!(a[2], b[2]);
    }

    #[test]
    fn a_statement_moved_by_a_line_break_keeps_its_key() {
        let before = result_fixture::allowed();
        let mut after = result_fixture::allowed();
        for p in after.trace.iter_mut().flat_map(|s| &mut s.policies) {
            for s in &mut p.statements {
                Arc::make_mut(s).line += 1;
                Arc::make_mut(s).end_line += 1;
            }
        }
        let keys = |r: &EvalResult| {
            step_rows(r, StepKind::IdentityPolicies, &[])
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&before), keys(&after));
        assert_eq!(
            statement_lines(&after, StepKind::IdentityPolicies, "home", 1),
            Some((11, 17))
        );
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

    #[test]
    fn statements_that_did_not_apply_wait_behind_a_show_more_row() {
        let mut r = result_fixture::allowed();
        let policy = r
            .trace
            .get_mut(1)
            .and_then(|s| s.policies.get_mut(0))
            .expect("the fixture's identity policy");
        let template = Arc::clone(&policy.statements[1]);
        assert!(!template.matched);
        for n in 0..8 {
            let mut extra = (*template).clone();
            extra.statement_index = 10 + n;
            policy.statements.push(Arc::new(extra));
        }
        let rows = step_rows(&r, StepKind::IdentityPolicies, &[]);
        // Heading, the statement that applied, five that did not, "show 4 more".
        assert_eq!(rows.len(), 8);
        assert!(matches!(
            rows.last(),
            Some((_, Row::More { hidden: 4, .. }))
        ));
        let all = step_rows(&r, StepKind::IdentityPolicies, &["home".to_owned()]);
        assert_eq!(all.len(), 11);
        assert!(!all.iter().any(|(_, row)| matches!(row, Row::More { .. })));
    }
}
