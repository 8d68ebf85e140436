//! The result view: the decision banner with its one-sentence reason, the
//! condition keys the request lacked (one click adds them to the context),
//! and the evaluation trace step by step.

use std::sync::Arc;

use iamsim::diagnostic::DiagnosticReport;
use iamsim::trace::MatchedStatement;
use iamsim::{EvalResult, Severity};
use leptos::prelude::*;

use super::left_out::LeftOut;
use super::rich_text::rich_text;
use super::suggestions::Suggestions;
use super::trace_view::{OpenState, TraceView};
use crate::page::Page;
use crate::wording::{
    decision_icon, decision_label, is_decisive, matched_statement_label, problem_place,
};

#[component]
pub fn ResultView(
    #[prop(into)] result: Signal<Option<Arc<EvalResult>>>,
    /// Problems that stopped the evaluation (shown when there is no result),
    /// or that came with it: warnings, and a draft's errors.
    #[prop(into)]
    errors: Signal<Vec<DiagnosticReport>>,
    /// A statement was clicked: its policy's name and statement index.
    on_statement: Callback<(String, usize)>,
    /// "Add to context" was pressed for this condition key.
    on_add_context_key: Callback<String>,
) -> impl IntoView {
    let open = OpenState::default();
    let trace = a_frame_later(result);
    let has_trace = Memo::new(move |_| trace.with(Option::is_some));
    let decision =
        Memo::new(move |_| result.with(|r| r.as_ref().map_or("error", |r| r.decision.as_str())));
    view! {
        <div class="rv">
            // One lasting live region, so that screen readers announce each new decision.
            <div
                class=move || format!("rv-banner rv-{}", decision.get())
                data-testid="decision"
                data-decision=move || decision.get()
                role="status"
            >
                {move || result.with(|r| match r {
                    Some(r) => banner(r).into_any(),
                    None => error_banner(&errors.get()).into_any(),
                })}
            </div>
            {Suspend::new(async move { details(result, errors, on_statement, on_add_context_key).await })}
            // Mounted once while there is a result: it updates itself, keyed.
            {move || has_trace.get().then(|| Suspend::new(async move { trace_view(trace, open, on_statement).await }))}
        </div>
    }
}

/// `result`, one frame later: the trace, the larger part of the view,
/// follows the result, so that the frame after a keystroke (or the first
/// load) shows the new decision and the next one its trace. (Host tests
/// render at once.)
fn a_frame_later(result: Signal<Option<Arc<EvalResult>>>) -> Signal<Option<Arc<EvalResult>>> {
    #[cfg(target_family = "wasm")]
    {
        let later = RwSignal::new(None);
        Effect::new(move |_| {
            let latest = result.get();
            crate::frame::after_next_paint(std::time::Duration::ZERO, move || later.set(latest));
        });
        Signal::derive(move || later.get())
    }
    #[cfg(not(target_family = "wasm"))]
    result
}

/// The banner's content for a result.
fn banner(r: &EvalResult) -> impl IntoView {
    let decided = r
        .trace
        .iter()
        .find(|s| is_decisive(s, r.decided_by))
        .map(|s| format!("Decided at: {}", s.step.title()));
    // A draft: policies AWS would refuse, evaluated the way they read.
    let draft = r.draft.then(|| {
        let n = r.errors.len();
        let errors = if n == 1 {
            "an error".to_string()
        } else {
            format!("{n} errors")
        };
        let text = format!(
            "Draft: AWS would refuse these policies ({errors}, listed below). \
             This is how they read, not AWS's answer."
        );
        view! { <p class="rv-draft" data-testid="draft">{text}</p> }
    });
    view! {
        <span class="rv-banner-icon" aria-hidden="true">{decision_icon(r.decision)}</span>
        <div class="rv-banner-text">
            <strong class="rv-banner-title">{decision_label(r.decision)}</strong>
            {draft}
            <p class="rv-reason">{rich_text(&r.reason.to_string())}</p>
            {decided.map(|d| view! { <p class="rv-decided-by">{d}</p> })}
        </div>
    }
}

/// The banner's content when problems stop the evaluation.
fn error_banner(errors: &[DiagnosticReport]) -> impl IntoView {
    let summary = match errors
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .count()
    {
        0 => "Nothing to evaluate yet.".to_string(),
        1 => "One problem stops the evaluation: fix it and the result appears.".to_string(),
        n => format!("{n} problems stop the evaluation: fix them and the result appears."),
    };
    view! {
        <span class="rv-banner-icon" aria-hidden="true">"!"</span>
        <div class="rv-banner-text">
            <strong class="rv-banner-title">"Cannot evaluate"</strong>
            <p class="rv-reason">{summary}</p>
        </div>
    }
}

/// The statements that decided, each a button that shows it in its editor.
fn deciding_statements(
    matched: &[MatchedStatement],
    on_statement: Callback<(String, usize)>,
) -> impl IntoView {
    let items = matched
        .iter()
        .map(|m| {
            let target = (m.policy.clone(), m.statement_index);
            view! {
                <li>
                    <button type="button" class="rv-decider-link" on:click=move |_| on_statement.run(target.clone())>
                        {matched_statement_label(m)}
                    </button>
                </li>
            }
        })
        .collect_view();
    (!matched.is_empty()).then(|| {
        view! {
            <div class="rv-deciders">
                <p>"Decided by:"</p>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// Warnings that came with a result.
fn notes(errors: Vec<DiagnosticReport>) -> impl IntoView {
    (!errors.is_empty()).then(|| problem_list(errors, "Notes"))
}

fn problem_list(errors: Vec<DiagnosticReport>, title: &'static str) -> impl IntoView {
    view! {
        <ul class="rv-problems" aria-label=title>
            {errors.into_iter().map(|e| {
                let (icon, word) = match e.severity {
                    Severity::Error => ("✗", "Error"),
                    Severity::Warning => ("⚠", "Warning"),
                    Severity::SecurityWarning => ("⚠", "Security warning"),
                    Severity::Suggestion => ("ℹ", "Suggestion"),
                };
                let place = problem_place(&e);
                view! {
                    <li class=format!("rv-problem rv-problem-{}", e.severity.as_str())>
                        <span aria-hidden="true">{icon}" "</span>
                        <span class="visually-hidden">{word}": "</span>
                        <span class="rv-problem-at">{place}</span>" "
                        <code>{e.id}</code>" "
                        <span>{rich_text(&e.message)}</span>
                        {e.help.map(|h| view! { <span class="rv-problem-help">"Help: "{rich_text(&h)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn missing_keys(keys: &[String], on_add: Callback<String>) -> impl IntoView {
    (!keys.is_empty()).then(|| {
        let items = keys
            .iter()
            .map(|key| {
                let k = key.clone();
                view! {
                    <li>
                        // The key is in the button's text: its name says which key it adds.
                        <button type="button" class="rv-add-key" on:click=move |_| on_add.run(k.clone())>
                            <span aria-hidden="true">"+ "</span>"Add "<code>{key.clone()}</code>" to the request context"
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="rv-missing" role="note">
                <p>
                    <span aria-hidden="true">"ℹ "</span>
                    // IAM User Guide, "Condition operators", the note at the top of the page.
                    "Conditions looked for these keys, and the request's context does not have them. \
                     A missing key makes most conditions false, but negated operators (such as \
                     StringNotLike) count it as true, and ...IfExists and Null test for it on purpose."
                </p>
                <ul>{items}</ul>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use iamsim::diagnostic::DiagnosticReport;

    fn html(result: Option<EvalResult>, errors: Vec<DiagnosticReport>) -> String {
        let owner = Owner::new();
        owner.with(|| {
            view! {
                <ResultView
                    result=Signal::stored(result.map(Arc::new))
                    errors=Signal::stored(errors)
                    on_statement=Callback::new(|_| ())
                    on_add_context_key=Callback::new(|_| ())
                />
            }
            .to_html()
        })
    }

    #[test]
    fn the_banner_carries_the_decision_and_its_reason() {
        let html = html(Some(fixture::allowed()), vec![]);
        assert!(html.contains("data-testid=\"decision\" data-decision=\"allowed\""));
        assert!(html.contains("Allowed"));
        assert!(html.contains("allowed: the identity-based policy <code>home</code> allows"));
        assert!(html.contains("Decided at: Identity-based policies"));
    }

    #[test]
    fn the_deciding_statements_are_named() {
        let mut result = fixture::allowed();
        result.matched_statements = vec![MatchedStatement {
            policy_type: iamsim::PolicyType::Identity,
            policy: "home".into(),
            statement_index: 0,
            sid: Some("HomeFolder".into()),
            effect: iamsim::Effect::Allow,
            line: 4,
            column: 5,
            end_line: 9,
        }];
        let html = html(Some(result), vec![]);
        assert!(html.contains("rv-decider-link"));
        assert!(html.contains("home: Statement 1 \u{201c}HomeFolder\u{201d} (Allow), lines 4–9"));
    }

    #[test]
    fn missing_keys_each_get_an_add_button() {
        let html = html(Some(fixture::allowed()), vec![]);
        assert!(html.contains("rv-add-key"));
        assert!(html.contains("<code>aws:MultiFactorAuthPresent</code>"));
    }

    #[test]
    fn errors_without_a_result_show_an_error_banner_and_the_list() {
        let error = DiagnosticReport {
            id: "invalid-json",
            severity: Severity::Error,
            message: "expected `,` or `}`".into(),
            help: Some("add the missing comma".into()),
            location: "home".into(),
            line: 3,
            column: 7,
            end_line: 3,
            end_column: 8,
            start: 20,
            end: 21,
        };
        let html = html(None, vec![error]);
        assert!(html.contains("data-decision=\"error\""));
        assert!(html.contains("One problem stops the evaluation"));
        assert!(html.contains("home, line 3, column 7"));
        assert!(html.contains("rv-problem-help") && html.contains("add the missing comma"));
    }

    #[test]
    fn a_draft_says_so_above_its_reason() {
        let mut result = fixture::allowed();
        assert!(!html(Some(result.clone()), vec![]).contains("data-testid=\"draft\""));
        result.draft = true;
        result.errors = vec![DiagnosticReport {
            id: "invalid-action",
            severity: Severity::Error,
            message: "`s3:` is not an action".into(),
            help: None,
            location: "home".into(),
            line: 5,
            column: 17,
            end_line: 5,
            end_column: 22,
            start: 60,
            end: 65,
        }];
        let errors = result.errors.clone();
        let html = html(Some(result), errors);
        assert!(html.contains("data-testid=\"draft\""), "{html}");
        assert!(
            html.contains("AWS would refuse these policies (an error, listed below)"),
            "{html}"
        );
        assert!(html.contains("not AWS&#x27;s answer") || html.contains("not AWS's answer"));
        assert!(html.contains("rv-problem-error"));
    }
}

/// Under the banner: what a what-if switched off, the statements that
/// decided, the notes and the missing keys, or the problems; loaded after
/// the first paint.
#[leptos::lazy]
fn details(
    result: Signal<Option<Arc<EvalResult>>>,
    errors: Signal<Vec<DiagnosticReport>>,
    on_statement: Callback<(String, usize)>,
    on_add_context_key: Callback<String>,
) -> AnyView {
    let lists = move || {
        result.with(|r| match r {
            Some(r) => view! {
                {deciding_statements(&r.matched_statements, on_statement)}
                {notes(errors.get())}
                {missing_keys(&r.missing_context_keys, on_add_context_key)}
            }
            .into_any(),
            None => problem_list(errors.get(), "Problems").into_any(),
        })
    };
    // What a what-if switched off, first.
    view! { <LeftOut result/> {lists} }.into_any()
}

/// The trace, the larger part of the view, follows the decision a frame
/// later anyway: its code loads after the first paint too.
#[leptos::lazy]
fn trace_view(
    result: Signal<Option<Arc<EvalResult>>>,
    open: OpenState,
    on_statement: Callback<(String, usize)>,
) -> AnyView {
    // What would change the decision, with the trace's code (not in a
    // read-only page, where nothing can be applied).
    let suggestions = use_context::<Page>()
        .filter(|page| !page.readonly)
        .map(|page| view! { <Suggestions page/> });
    view! { {suggestions} <TraceView result open on_statement/> }.into_any()
}
