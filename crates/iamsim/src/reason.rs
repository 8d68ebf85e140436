//! What a step of the evaluation found, as data: the flowchart (`eval::flow`)
//! returns these, and [`crate::wording`] turns each into the one sentence
//! that the CLI, the page and the JS API show. A reason serializes as that
//! sentence (the `reason` and `summary` strings of docs/trace.md).

use serde::Serialize;

use crate::kinds::operator::{BaseOperator, Family, SetQualifier};
use crate::kinds::{PolicyType, RequestPrincipalKind};

/// A policy of the scenario, by type and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRef {
    pub policy_type: PolicyType,
    pub name: String,
}

/// Role trust policies and KMS key policies must allow the caller themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequiredPolicy {
    Trust,
    Key,
}

/// How a resource-based policy named the caller when it allowed it directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grantee {
    /// `"Principal": "*"` or `{"AWS": "*"}`.
    Everyone,
    /// The caller's own ARN (or name, for a service).
    ByName,
}

/// The resources AWS lets no policy change (`eval::aws_rules` says which
/// actions and resources each covers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectedRule {
    AwsManagedPolicy,
    ServiceLinkedRole,
    AwsManagedKeyAlias,
}

/// One reason per branch of the flowchart. Each step's `summary` is one of
/// these, and so is the result's `reason` (the deciding step's, or the final
/// allow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    // Rules AWS applies outside the policies.
    /// A call that needs no permission: evaluation ends, allowed.
    NeedsNoPermission {
        action: String,
    },
    /// A resource no policy lets anyone change (a rule of the table in
    /// `eval::aws_rules`).
    ProtectedResource {
        rule: ProtectedRule,
    },

    // Deny evaluation.
    /// A Deny statement matched: evaluation ends.
    ExplicitDeny {
        policy: PolicyRef,
        sid: Option<String>,
        statement_index: usize,
        action: String,
    },
    /// The caller has no policy that applies to it at all.
    NoPolicyApplies,
    NoDenyMatches {
        policies: usize,
    },

    // Resource control policies.
    NoRcps,
    RcpFullAccess {
        levels: usize,
    },

    // Service control policies.
    NoScps,
    ScpsNotForPrincipal {
        principal: RequestPrincipalKind,
    },
    ScpLevelAllowsNothing {
        level: String,
        action: String,
    },
    ScpsAllow {
        levels: usize,
    },

    // Steps whose one policy must allow: the VPC endpoint policy, the
    // permissions boundary and the session policy.
    NoVpcEndpointPolicy,
    NoBoundary,
    /// The policy allows nothing for the action: evaluation ends.
    PolicyAllowsNothing {
        policy: PolicyRef,
        action: String,
    },
    PolicyAllows {
        policy: PolicyRef,
    },

    // The resource-based policy.
    RootCannotAssumeRole,
    /// A KMS request with no key policy in the scenario.
    KeyPolicyMissing,
    RequiredPolicyMissing {
        required: RequiredPolicy,
    },
    /// Only a resource-based policy can grant a service or anonymous caller
    /// access; `policy` is the one that did not (none when none was given).
    OnlyResourcePolicyGrants {
        principal: RequestPrincipalKind,
        policy: Option<String>,
    },
    /// Cross-account access without the resource's policy allowing the
    /// caller; `policy` as above.
    CrossAccountNeedsResourcePolicy {
        policy: Option<String>,
    },
    NoResourcePolicy,
    RequiredPolicyDoesNotAllow {
        required: RequiredPolicy,
        policy: String,
    },
    ResourcePolicyDoesNotAllow {
        policy: String,
    },
    ResourcePolicyAllowsCrossAccount {
        policy: String,
    },
    /// The resource-based policy allows the caller itself: evaluation ends.
    ResourcePolicyAllows {
        policy: String,
        action: String,
        grantee: Grantee,
        /// True when the caller has identity-based policies (and so a
        /// boundary or session policy that this allow is not limited by).
        beyond_limits: bool,
    },
    ResourcePolicyAllowsRole {
        policy: String,
    },
    ResourcePolicyAllowsAccount {
        policy: String,
    },

    // Identity-based policies.
    RootHasFullAccess,
    NoIdentityPoliciesFor {
        principal: RequestPrincipalKind,
    },
    IdentityPoliciesAllow {
        policies: Vec<String>,
    },
    RoleAllowedByResourcePolicy,
    NoIdentityPolicy {
        action: String,
    },
    CrossAccountIdentityMustAllow {
        action: String,
    },
    NoIdentityPolicyAllows {
        action: String,
        resource: String,
    },

    // The session policy.
    NotASession {
        principal: RequestPrincipalKind,
    },
    FederatedUserWithoutSessionPolicy,
    RoleSessionWithoutSessionPolicy,

    /// The final allow: the policies whose Allow statements apply (none for
    /// the root user in its own account).
    Allowed {
        policies: Vec<PolicyRef>,
        action: String,
    },
}

/// Why an element or a condition of a statement compared as it did, where
/// its patterns and values alone do not say. The trace keeps its sentence
/// (its `note`): the matchers build the data, `wording` writes it, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    // Principal and NotPrincipal elements.
    /// A `*` in part of a principal, which AWS does not allow.
    PartialPrincipalWildcard,
    /// A `Federated` principal compared with a caller that is no identity
    /// provider's user.
    FederatedNamesProvider,
    /// A `CanonicalUser` principal, which the request principal cannot match.
    CanonicalUser,
    /// A `NotPrincipal` that named the caller but not its account (and role
    /// and session).
    NotPrincipalChain,
    /// A resource-based policy's Deny with `NotPrincipal`, and a caller with
    /// a permissions boundary.
    DenyNotPrincipalWithBoundary,

    // Action and Resource elements.
    /// A resource pattern's policy variables with no single value.
    UnresolvedResource {
        variables: Vec<Variable>,
        pattern: String,
    },
    /// Patterns that did not match, left out of the trace.
    MorePatterns { count: u32 },

    // Conditions.
    /// A `Null` condition's value is neither `true` nor `false`.
    NullTakesBool,
    /// The request lacks the key.
    AbsentKey { key: String, rule: Absence },
    /// Policy variables with no value (their policy value is effectively null).
    VariablesWithNoValue {
        variables: Vec<String>,
        operator: BaseOperator,
    },
    /// Policy variables naming a key with several values.
    MultiValuedVariables { variables: Vec<String> },
    /// A policy value the operator cannot read.
    InvalidPolicyValue { family: Family, with_variable: bool },
    /// A request value the operator cannot read.
    UnreadableRequestValue { value: String, family: Family },
    /// A set operator over a key with no values.
    NoValues {
        key: String,
        qualifier: SetQualifier,
    },
    /// A key with several values and no set operator.
    SeveralValues { key: String, negated: bool },
}

/// A policy variable that had no single value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub key: String,
    /// Present with several values, rather than missing.
    pub multi_valued: bool,
}

/// What decides a condition on a key the request lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    IfExists,
    ForAllValues,
    ForAnyValue,
    Negated,
    Plain,
}

/// The notes of one condition, in the order found (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes(pub Vec<Note>);

impl Notes {
    /// `None` for no notes.
    pub fn of(notes: Vec<Note>) -> Option<Notes> {
        (!notes.is_empty()).then_some(Notes(notes))
    }
}

/// Written as its sentence: the contract carries the words, not the data.
impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
