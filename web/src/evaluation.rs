//! One evaluation of the page's state: the typed scenario through the
//! evaluator's own loader (so the page and the CLI read scenarios alike; no
//! JSON is written and read back), then AWS's evaluation logic. Runs on
//! every edit, so it only does that.

use std::sync::Arc;

use iamsim::diagnostic::DiagnosticReport;
use iamsim::scenario::LoadOptions;
use iamsim::{EvalOptions, EvalResult};
use iamsim::{PolicyType, Scenario};

use iamsim::scenario::ScenarioText;

/// What the page shows for one state: a result when the scenario loads, and
/// every diagnostic (errors when it does not load, warnings when it does).
/// The result is shared, not copied, by the views that read it.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub result: Option<Arc<EvalResult>>,
    /// The scenario as loaded, for the views that read more of it (its
    /// checks, the statements to switch off) without loading it again.
    pub scenario: Option<Arc<Scenario>>,
    pub diagnostics: Vec<DiagnosticReport>,
}

/// The name diagnostics give the scenario text itself (not a policy).
pub const SCENARIO_SOURCE: &str = "scenario";

/// While typing, policies AWS would refuse are evaluated as a draft
/// (docs/scenario.md, "Drafts"): their errors are listed with the result,
/// which says it is a draft. The typed load has no scenario text: a problem
/// of the request itself is placed at its start, and listed without a
/// position (the page never links the JSON loader, ~4.6 KB gzip, to place
/// it in a JSON text no one sees).
pub fn run(state: &ScenarioText, now_epoch_seconds: Option<i64>) -> Outcome {
    let draft = LoadOptions { draft: true };
    match state.load_with(SCENARIO_SOURCE, draft) {
        Ok(scenario) => {
            let result = iamsim::evaluate(&scenario, &EvalOptions { now_epoch_seconds });
            let diagnostics = scenario
                .draft_errors
                .iter()
                .chain(&scenario.warnings)
                .map(|w| w.report(&scenario.sources))
                .collect();
            Outcome {
                result: Some(Arc::new(result)),
                scenario: Some(Arc::new(scenario)),
                diagnostics,
            }
        }
        Err(error) => Outcome {
            result: None,
            scenario: None,
            diagnostics: error.reports(),
        },
    }
}

impl Outcome {
    /// The diagnostics inside one policy's text (they name it as their location).
    pub fn for_policy(&self, policy: &str) -> Vec<DiagnosticReport> {
        self.diagnostics
            .iter()
            .filter(|d| d.location == policy)
            .cloned()
            .collect()
    }

    /// The lines of the statements of `policy` that decided the outcome.
    pub fn decisive_lines(&self, kind: PolicyType, policy: &str) -> Vec<(u32, u32)> {
        self.result
            .iter()
            .flat_map(|r| r.matched_statements.iter())
            .filter(|m| m.policy_type == kind && m.policy == policy)
            .map(|m| (m.line, m.end_line.max(m.line)))
            .collect()
    }

    /// The line of statement `index` of `policy`, as the trace reports it.
    pub fn statement_line(&self, policy: &str, index: usize) -> Option<(u32, u32)> {
        self.result
            .iter()
            .flat_map(|r| r.trace.iter())
            .flat_map(|step| step.policies.iter())
            .filter(|p| p.policy == policy)
            .flat_map(|p| p.statements.iter())
            .find(|s| s.statement_index == index)
            .map(|s| (s.line, s.end_line.max(s.line)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
  "identityPolicies": [{"name": "p", "document": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}, {\"Effect\": \"Deny\", \"Action\": \"s3:\", \"Resource\": \"*\"}]}"}]
}"#;

    /// The page evaluates while typing: a policy AWS would refuse is a
    /// draft, evaluated the way it reads, its error listed.
    #[test]
    fn a_refused_policy_is_evaluated_as_a_draft() {
        let state = crate::scenario::open(SCENARIO).unwrap();
        let outcome = run(&state, Some(1_700_000_000));
        let result = outcome.result.clone().expect("a draft result");
        assert!(result.draft);
        assert_eq!(result.decision, iamsim::Decision::Allowed);
        let ids: Vec<&str> = outcome.diagnostics.iter().map(|d| d.id).collect();
        assert_eq!(ids, ["invalid-action"]);
        assert_eq!(outcome.for_policy("p").len(), 1);
    }

    /// The typed load has no scenario text: a problem of the request is the
    /// scenario's, listed without a position.
    #[test]
    fn a_request_problem_is_placed_in_the_scenario() {
        let mut state = crate::scenario::open(SCENARIO).unwrap();
        state.request.principal = "x".into();
        let outcome = run(&state, Some(1_700_000_000));
        assert!(outcome.result.is_none());
        let places: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(crate::wording::problem_place)
            .collect();
        assert_eq!(places, ["scenario"]);
    }
}
