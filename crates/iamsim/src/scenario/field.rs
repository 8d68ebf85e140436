//! The scenario format's field names (`docs/scenario.md`), spelled
//! once: the loader, the typed [`ScenarioText`](super::ScenarioText)'s reader
//! and writer, and the front ends that build scenarios read them here.

pub const TITLE: &str = "title";
pub const DESCRIPTION: &str = "description";
pub const DOCS: &str = "docs";
pub const EXPECT: &str = "expect";
pub const REQUEST: &str = "request";
pub const IDENTITY_POLICIES: &str = "identityPolicies";
pub const RESOURCE_POLICY: &str = "resourcePolicy";
pub const PERMISSIONS_BOUNDARY: &str = "permissionsBoundary";
pub const SESSION_POLICY: &str = "sessionPolicy";
pub const SERVICE_CONTROL_POLICIES: &str = "serviceControlPolicies";
pub const RESOURCE_CONTROL_POLICIES: &str = "resourceControlPolicies";
pub const VPC_ENDPOINT_POLICY: &str = "vpcEndpointPolicy";
/// More requests to evaluate against the same policies, each with a name
/// and an expectation: an exercise's checks.
pub const REQUESTS: &str = "requests";
/// Policies and statements switched off, for what-if: `{ policy, statementIndex? | sid? }`.
pub const SWITCHED_OFF: &str = "switchedOff";
/// What a lesson asks of the learner: `{ goal, editable: [ { policy } ] }`.
pub const EXERCISE: &str = "exercise";
pub const GOAL: &str = "goal";
pub const EDITABLE: &str = "editable";

/// The request's fields.
pub const PRINCIPAL: &str = "principal";
pub const ACTION: &str = "action";
pub const RESOURCE: &str = "resource";
pub const RESOURCE_ACCOUNT: &str = "resourceAccount";
pub const CONTEXT: &str = "context";

/// A policy's fields (`attachedTo` and `managed`: identity policies only),
/// and an organization level's (`name`, `policies`).
pub const NAME: &str = "name";
pub const DOCUMENT: &str = "document";
pub const ATTACHED_TO: &str = "attachedTo";
pub const MANAGED: &str = "managed";
pub const POLICIES: &str = "policies";

/// A `docs` entry's fields.
pub const PAGE: &str = "page";
pub const HEADING: &str = "heading";

/// `expect`'s fields, and those of one of its matched statements.
pub const DECISION: &str = "decision";
pub const MATCHED_STATEMENTS: &str = "matchedStatements";
pub const POLICY: &str = "policy";
pub const STATEMENT_INDEX: &str = "statementIndex";
/// A `switchedOff` entry may name its statement by `Sid` instead of index.
pub const SID: &str = "sid";
