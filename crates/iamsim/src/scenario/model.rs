use crate::caller::RequestPrincipal;
use crate::kinds::{Attachment, Decision, PolicyType};
use crate::policy::PolicyDocument;
use crate::source::Source;

use super::context::Context;

/// A loaded scenario, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The texts that spans point into: `sources[0]` is the scenario text
    /// itself; each policy document given as a string adds one.
    pub sources: Vec<Source>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The AWS documentation this scenario rests on (conformance cases, examples).
    pub docs: Vec<DocRef>,
    pub request: Request,
    pub identity_policies: Vec<NamedPolicy>,
    pub resource_policy: Option<NamedPolicy>,
    pub permissions_boundary: Option<NamedPolicy>,
    pub session_policy: Option<NamedPolicy>,
    /// One level per organization level, root first, account last.
    pub service_control_policies: Vec<PolicyLevel>,
    pub resource_control_policies: Vec<PolicyLevel>,
    pub vpc_endpoint_policy: Option<NamedPolicy>,
    /// What the scenario's author expects (conformance cases, examples).
    pub expect: Option<Expectation>,
    /// `requests`: more requests against the same policies, each complete
    /// (what an entry leaves out is taken from [`Scenario::request`]).
    pub requests: Vec<NamedRequest>,
    /// `switchedOff`: the policies left out of evaluation, and the statements
    /// that match nothing (what-if). Switched-off policies are not among the
    /// scenario's policies; their statements are marked skipped.
    pub switched_off: Vec<SwitchedOff>,
    /// `exercise`: the lesson's goal and the policies the learner edits.
    pub exercise: Option<Exercise>,
    /// Problems that do not stop evaluation.
    pub warnings: Vec<crate::Diagnostic>,
    /// In a draft ([`LoadOptions::draft`]): the errors for which AWS would
    /// refuse the policies, evaluated anyway as far as their meaning is plain.
    /// Always empty otherwise: any error stops loading.
    pub draft_errors: Vec<crate::Diagnostic>,
}

impl Scenario {
    /// Every policy, in the order the evaluator reads them, to change.
    pub fn policies_mut(&mut self) -> impl Iterator<Item = &mut NamedPolicy> {
        self.identity_policies
            .iter_mut()
            .chain(self.resource_policy.iter_mut())
            .chain(self.permissions_boundary.iter_mut())
            .chain(self.session_policy.iter_mut())
            .chain(
                self.service_control_policies
                    .iter_mut()
                    .flat_map(|l| l.policies.iter_mut()),
            )
            .chain(
                self.resource_control_policies
                    .iter_mut()
                    .flat_map(|l| l.policies.iter_mut()),
            )
            .chain(self.vpc_endpoint_policy.iter_mut())
    }

    /// Every policy, in the order the evaluator reads them.
    pub fn policies(&self) -> impl Iterator<Item = &NamedPolicy> {
        self.identity_policies
            .iter()
            .chain(self.resource_policy.iter())
            .chain(self.permissions_boundary.iter())
            .chain(self.session_policy.iter())
            .chain(
                self.service_control_policies
                    .iter()
                    .flat_map(|l| l.policies.iter()),
            )
            .chain(
                self.resource_control_policies
                    .iter()
                    .flat_map(|l| l.policies.iter()),
            )
            .chain(self.vpc_endpoint_policy.iter())
    }
}

/// How scenarios are loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Evaluate policies that AWS would refuse to save, the way they read:
    /// their errors are kept in [`Scenario::draft_errors`] instead of stopping
    /// the load; a statement whose meaning an error leaves unclear is skipped.
    /// Errors in the scenario itself, and JSON that does not parse, still stop it.
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct NamedPolicy {
    pub name: String,
    pub kind: PolicyType,
    /// Index into [`Scenario::sources`] of the text the document's spans point into.
    pub source: usize,
    pub document: PolicyDocument,
    /// Identity policies only, when given.
    pub attached_to: Option<Attachment>,
    /// Identity policies only: managed (true) or inline (false), when given.
    pub managed: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct PolicyLevel {
    pub name: String,
    pub policies: Vec<NamedPolicy>,
}

#[derive(Debug, Clone)]
pub struct Request {
    /// Read once by the loader (an unreadable principal is a load error).
    pub principal: RequestPrincipal,
    pub action: String,
    pub resource: String,
    /// As given; see [`crate::eval`] for the default.
    pub resource_account: Option<String>,
    pub context: Context,
}

/// One entry of `requests`.
#[derive(Debug, Clone)]
pub struct NamedRequest {
    /// As given, or `requests[N]`.
    pub name: String,
    pub request: Request,
    pub expect: Option<Expectation>,
}

/// A policy, or one of its statements, switched off (`switchedOff`); the
/// result lists them so that no one mistakes a what-if for the real thing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SwitchedOff {
    pub policy_type: PolicyType,
    pub policy: String,
    /// The statement switched off; none: the whole policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// An exercise (`exercise`): the checks are what the learner must make
/// pass, by editing only the policies named here; every other policy, the
/// request and the checks themselves are read-only.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Exercise {
    /// What the learner is asked to do, shown above the checks.
    pub goal: String,
    /// The names of the policies the learner may edit, as `switchedOff`
    /// names them: every policy of that name.
    pub editable: Vec<String>,
}

impl Exercise {
    pub fn is_editable(&self, policy: &str) -> bool {
        self.editable.iter().any(|name| name == policy)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocRef {
    pub page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub decision: Decision,
    /// When given: exactly the statements that decided, as (policy name, statement index).
    pub matched_statements: Option<Vec<(String, usize)>>,
}
