//! The result of an evaluation: the decision, the statements that decided it,
//! the context keys that conditions asked for and did not get, and the trace:
//! AWS's evaluation flowchart step by step. This is the project's stable
//! output contract (documented in `docs/trace.md`); it is content, not
//! presentation, and the CLI and the page render it each their own way.

use serde::Serialize;

use crate::kinds::{Decision, Effect, PolicyType, RequestPrincipalKind, StepKind, StepOutcome};
use crate::reason::Reason;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalResult {
    pub decision: Decision,
    /// Which step decided and why: data, written as one sentence (`wording`).
    pub reason: Reason,
    /// The step that decided.
    pub decided_by: StepKind,
    pub matched_statements: Vec<MatchedStatement>,
    /// Condition keys that conditions looked for and the context lacked.
    pub missing_context_keys: Vec<String>,
    pub trace: Vec<Step>,
    /// The request as evaluated: the principal's kind, the accounts, and the
    /// context keys that were derived from the request.
    pub request: ResolvedRequest,
    /// True when policies AWS would refuse were evaluated as a draft: the
    /// decision is how they read, not an answer AWS would give.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// In a draft, the errors for which AWS would refuse the policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::diagnostic::DiagnosticReport>,
    /// What-if: the policies and statements the scenario switched off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub switched_off: Vec<crate::scenario::SwitchedOff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedStatement {
    pub policy_type: PolicyType,
    pub policy: String,
    pub statement_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    pub line: u32,
    pub column: u32,
    /// The line of the statement's closing brace, for highlighting it whole.
    pub end_line: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedRequest {
    pub principal_kind: RequestPrincipalKind,
    pub principal_account: Option<String>,
    pub resource_account: Option<String>,
    pub cross_account: bool,
    /// Keys filled in from the request because the context did not give them.
    pub derived_context: Vec<(&'static str, crate::scenario::ContextValue)>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub step: StepKind,
    pub outcome: StepOutcome,
    /// What the step found: data, written as one sentence (`wording`).
    pub summary: Reason,
    /// The policies the step looked at. The deny step traces the Deny
    /// statements of every policy; each later step traces the Allow statements
    /// of its own policies, so every statement is traced exactly once.
    pub policies: Vec<PolicyTrace>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    pub policy_type: PolicyType,
    pub policy: String,
    /// The organization level, for SCPs and RCPs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// True if a statement of this policy matched the request (with the
    /// effect this step looks at).
    pub matched: bool,
    /// Shared with the evaluation's own record of the statement, so that a
    /// trace costs no deep copy.
    pub statements: Vec<std::sync::Arc<StatementTrace>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    pub statement_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    /// True when every element and condition matched.
    pub matched: bool,
    /// Why the statement was not evaluated: in a draft, it has no plain
    /// meaning; in a what-if, it is switched off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementTrace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<ElementTrace>,
    pub conditions: Vec<ConditionTrace>,
}

/// How one of Action/NotAction, Resource/NotResource, Principal/NotPrincipal
/// compared with the request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementTrace {
    /// The element's name as in the policy: `Action`, `NotResource`, ...
    pub element: &'static str,
    /// Whether the element lets the statement apply (for `Not*`: no pattern matched).
    pub matched: bool,
    /// The request's value compared: the action, the resource ARN, the principal.
    pub value: String,
    pub patterns: Vec<PatternTrace>,
    /// Why it did not match where the patterns alone do not say (e.g. a
    /// variable with no value): a [`Note`](crate::reason::Note)'s sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternTrace {
    /// As written in the policy (for principals: `AWS:arn:...`, `Service:...`, or `*`).
    pub pattern: String,
    /// After policy variables were substituted, when that changed anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    pub matched: bool,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    /// The operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// The key as written in the policy.
    pub key: String,
    pub matched: bool,
    /// The request's values for the key; `None` when the context lacks it.
    pub request_values: Option<Vec<String>>,
    pub policy_values: Vec<ValueTrace>,
    /// Plain words on anything special that decided it: a missing key under
    /// `...IfExists`, an empty set under `ForAllValues`, an unparsable
    /// date...: the sentence of [`Notes`](crate::reason::Notes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueTrace {
    pub value: String,
    /// After policy variables were substituted, when that changed anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// True when some request value matched this policy value.
    pub matched: bool,
}
