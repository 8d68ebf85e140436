//! What a step of the evaluation found, as data: the flowchart (`eval::flow`)
//! returns these, and [`crate::wording`] turns each into the one sentence
//! that the CLI, the page and the JS API show. A reason serializes as that
//! sentence (the `reason` and `summary` strings of docs/trace.md).

use serde::Serialize;

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
    /// A resource no policy lets anyone change; `rule` names it (from the
    /// table of such rules, `eval::aws_rules`).
    ProtectedResource {
        rule: &'static str,
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

/// Written as its sentence: the contract carries the words, not the data.
impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
