//! AWS's policy evaluation logic (reference_policies_evaluation-logic.md and
//! reference_policies_evaluation-logic-cross-account.md).
//!
//! Every statement of every policy is matched against the request once
//! ([`statement`]); the flowchart ([`flow`]) then walks AWS's steps over those
//! matches, and each step becomes a step of the trace.

mod aws_rules;
mod flow;
mod request;
mod statement;

use crate::scenario::{Request, Scenario};
use crate::trace::EvalResult;

pub use request::RequestInfo;

/// What evaluation needs from outside: the evaluator does no I/O.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// The current time in seconds since the Unix epoch, for `aws:CurrentTime`
    /// and `aws:EpochTime` when the context does not give them.
    pub now_epoch_seconds: Option<i64>,
}

/// Evaluates a loaded scenario: the decision AWS would make, and why.
pub fn evaluate(scenario: &Scenario, options: &EvalOptions) -> EvalResult {
    evaluate_request(scenario, &scenario.request, options)
}

/// Evaluates `request` (the scenario's own, or one of its `requests`)
/// against the scenario's policies.
pub fn evaluate_request(
    scenario: &Scenario,
    request: &Request,
    options: &EvalOptions,
) -> EvalResult {
    let request = RequestInfo::resolve(request, options);
    let policies = statement::evaluate_policies(scenario, &request);
    let mut result = flow::run(request, &policies);
    result.switched_off.clone_from(&scenario.switched_off);
    if !scenario.draft_errors.is_empty() {
        result.draft = true;
        result.errors = scenario
            .draft_errors
            .iter()
            .map(|d| d.report(&scenario.sources))
            .collect();
    }
    result
}
