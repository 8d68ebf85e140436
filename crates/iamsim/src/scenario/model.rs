use crate::caller::RequestPrincipal;
use crate::kinds::{Decision, PolicyType};
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
    /// Problems that do not stop evaluation.
    pub warnings: Vec<crate::Diagnostic>,
    /// In a draft ([`LoadOptions::draft`]): the errors for which AWS would
    /// refuse the policies, evaluated anyway as far as their meaning is plain.
    /// Always empty otherwise: any error stops loading.
    pub draft_errors: Vec<crate::Diagnostic>,
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
    /// Identity policies only: `"user"`, `"group"` or `"role"`, when given.
    pub attached_to: Option<String>,
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
