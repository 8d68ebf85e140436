//! AWS's policy evaluation logic. STUB.

use crate::scenario::Scenario;
use crate::trace::EvalResult;

/// What evaluation needs from outside: the evaluator does no I/O.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// The current time in seconds since the Unix epoch, for `aws:CurrentTime`
    /// and `aws:EpochTime` when the context does not give them.
    pub now_epoch_seconds: Option<i64>,
}

pub fn evaluate(scenario: &Scenario, options: &EvalOptions) -> EvalResult {
    let _ = (scenario, options);
    unimplemented_result()
}

fn unimplemented_result() -> EvalResult {
    EvalResult {
        decision: crate::Decision::ImplicitDeny,
        reason: String::new(),
        decided_by: crate::trace::StepKind::IdentityPolicies,
        matched_statements: vec![],
        missing_context_keys: vec![],
        trace: vec![],
        request: crate::trace::ResolvedRequest {
            principal_kind: "anonymous",
            principal_account: None,
            resource_account: None,
            cross_account: false,
            derived_context: vec![],
        },
    }
}
