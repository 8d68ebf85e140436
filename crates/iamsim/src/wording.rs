//! The sentences of the result: every [`Reason`] the flowchart returns, the
//! steps' names, and (in `notes`) the trace's notes and the rules AWS applies
//! outside the policies, written once here so that the CLI, the page and the
//! JS API say the same thing. The flowchart, the matchers and the condition
//! operators hold no prose.
//!
//! Style: lowercase, no final period, policy names and request values in
//! backticks (the page renders them as code). A deciding reason starts with
//! its decision: `explicitly denied:`, `implicitly denied:` or `allowed:`.

mod notes;

use std::fmt::{self, Display, Formatter};

use crate::kinds::{PolicyType, RequestPrincipalKind, StepKind};
use crate::reason::{Grantee, PolicyRef, Reason, RequiredPolicy};

impl StepKind {
    /// The step's name as in AWS's evaluation flowchart.
    pub fn title(self) -> &'static str {
        match self {
            StepKind::AwsRules => "AWS rules outside the policies",
            StepKind::DenyEvaluation => "Explicit deny check",
            StepKind::ResourceControlPolicies => "Resource control policies (RCPs)",
            StepKind::ServiceControlPolicies => "Service control policies (SCPs)",
            StepKind::VpcEndpointPolicy => "VPC endpoint policy",
            StepKind::ResourcePolicy => "Resource-based policy",
            StepKind::IdentityPolicies => "Identity-based policies",
            StepKind::PermissionsBoundary => "Permissions boundary",
            StepKind::SessionPolicy => "Session policy",
        }
    }
}

/// A policy of this type, as the subject of a sentence.
fn the_policy(t: PolicyType) -> &'static str {
    match t {
        PolicyType::Identity => "the identity-based policy",
        PolicyType::Resource => "the resource-based policy",
        PolicyType::PermissionsBoundary => "the permissions boundary",
        PolicyType::Session => "the session policy",
        PolicyType::Scp => "the service control policy",
        PolicyType::Rcp => "the resource control policy",
        PolicyType::VpcEndpoint => "the VPC endpoint policy",
    }
}

impl Display for PolicyRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", the_policy(self.policy_type), self.name)
    }
}

impl RequiredPolicy {
    fn words(self) -> &'static str {
        match self {
            RequiredPolicy::Trust => "a role's trust policy",
            RequiredPolicy::Key => "a KMS key policy",
        }
    }
}

/// Why a policy that allows nothing ends evaluation, where the type says more.
fn why_it_limits(t: PolicyType) -> &'static str {
    match t {
        PolicyType::PermissionsBoundary => {
            ", and a boundary caps what the identity-based policies grant"
        }
        PolicyType::Session => ", and a session policy narrows what the session may do",
        _ => "",
    }
}

fn not_a_session(principal: RequestPrincipalKind) -> &'static str {
    match principal {
        RequestPrincipalKind::Root => "the account's root user",
        RequestPrincipalKind::User => "an IAM user",
        _ => "this principal",
    }
}

/// `a`, `b` and `c`, each in backticks, joined by commas.
fn names(f: &mut Formatter<'_>, names: &[String]) -> fmt::Result {
    for (i, name) in names.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        write!(f, "{sep}`{name}`")?;
    }
    Ok(())
}

impl Display for Reason {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use Reason::*;
        match self {
            NeedsNoPermission { action } => write!(
                f,
                "allowed: `{action}` needs no permission and works even where a policy explicitly denies it, since it returns only what an access-denied error would show"
            ),
            ProtectedResource { rule } => {
                write!(f, "implicitly denied: {rule}, whatever the policies allow")
            }
            ExplicitDeny {
                policy,
                sid,
                statement_index,
                action,
            } => {
                write!(f, "explicitly denied: {policy} has a Deny statement")?;
                match sid {
                    Some(sid) => write!(f, " `{sid}`")?,
                    None => write!(f, " (statement {})", statement_index + 1)?,
                }
                write!(
                    f,
                    " that matches `{action}`, and an explicit deny overrides every allow"
                )
            }
            NoPolicyApplies => {
                f.write_str("no policy applies to this request, so there is nothing to deny it")
            }
            NoDenyMatches { policies } => write!(
                f,
                "no Deny statement in the {policies} policies that apply matches the request"
            ),
            NoRcps => f.write_str(
                "no resource control policies: the resource's account is not in an organization that uses them",
            ),
            RcpFullAccess { levels } => write!(
                f,
                "RCPFullAWSAccess is attached at each of the {levels} levels and allows everything; resource control policies can only take access away with a Deny"
            ),
            NoScps => f.write_str(
                "no service control policies: the principal's account is not in an organization",
            ),
            ScpsNotForPrincipal { principal } => write!(
                f,
                "service control policies limit principals of member accounts; they do not apply to a {principal} principal"
            ),
            ScpLevelAllowsNothing { level, action } => write!(
                f,
                "implicitly denied: no service control policy at the organization level `{level}` allows `{action}`; every level from the root to the account must allow"
            ),
            ScpsAllow { levels } => write!(
                f,
                "an SCP at each of the {levels} organization levels allows the request"
            ),
            NoVpcEndpointPolicy => {
                f.write_str("the request does not go through a VPC endpoint with a policy")
            }
            NoBoundary => f.write_str("no permissions boundary is set for the principal"),
            PolicyAllowsNothing { policy, action } => write!(
                f,
                "implicitly denied: {policy} allows no statement for `{action}`{}",
                why_it_limits(policy.policy_type)
            ),
            PolicyAllows { policy } => write!(f, "{policy} allows the request"),
            RootCannotAssumeRole => f.write_str(
                "implicitly denied: the account's root user cannot assume a role, whatever the trust policy says",
            ),
            KeyPolicyMissing => f.write_str(
                "implicitly denied: the key policy is missing from the scenario; every KMS key has exactly one, and it must allow the caller (by name, or by allowing the account so that IAM policies count), so add it as `resourcePolicy`",
            ),
            RequiredPolicyMissing { required } => write!(
                f,
                "implicitly denied: {} must allow the caller, and no trust or key policy was given",
                required.words()
            ),
            OnlyResourcePolicyGrants { principal, policy } => {
                write!(
                    f,
                    "implicitly denied: only a resource-based policy can grant access to a {principal} principal, and "
                )?;
                match policy {
                    Some(name) => write!(f, "`{name}` does not"),
                    None => f.write_str("there is none"),
                }
            }
            CrossAccountNeedsResourcePolicy { policy } => match policy {
                Some(name) => write!(
                    f,
                    "implicitly denied: cross-account access needs the resource's policy to allow the caller, and `{name}` does not"
                ),
                None => f.write_str(
                    "implicitly denied: cross-account access needs the resource's own policy to allow the caller, and there is none",
                ),
            },
            NoResourcePolicy => f.write_str(
                "no resource-based policy: access rests on the identity-based policies",
            ),
            RequiredPolicyDoesNotAllow { required, policy } => write!(
                f,
                "implicitly denied: {} `{policy}` has no statement that allows this caller",
                required.words()
            ),
            ResourcePolicyDoesNotAllow { policy } => write!(
                f,
                "the resource-based policy `{policy}` does not allow the request; the identity-based policies may still allow it"
            ),
            ResourcePolicyAllowsCrossAccount { policy } => write!(
                f,
                "the resource-based policy `{policy}` allows the caller from another account; the caller's own account must allow it too"
            ),
            ResourcePolicyAllows {
                policy,
                action,
                grantee,
                beyond_limits,
            } => {
                let to = match grantee {
                    Grantee::Everyone => "to every principal",
                    Grantee::ByName => "to the caller by name",
                };
                write!(
                    f,
                    "allowed: the resource-based policy `{policy}` grants `{action}` {to}, which within one account needs no identity-based allow"
                )?;
                if *beyond_limits {
                    f.write_str(
                        " and is not limited by an implicit deny in a permissions boundary or session policy",
                    )?;
                }
                Ok(())
            }
            ResourcePolicyAllowsRole { policy } => write!(
                f,
                "the resource-based policy `{policy}` allows the role, so no identity-based allow is needed; the permissions boundary and session policy still apply"
            ),
            ResourcePolicyAllowsAccount { policy } => write!(
                f,
                "the resource-based policy `{policy}` allows the account, which delegates the decision to the identity-based policies"
            ),
            RootHasFullAccess => f.write_str(
                "the account's root user has full access within its own account; no identity-based policy is needed",
            ),
            NoIdentityPoliciesFor { principal } => {
                write!(f, "a {principal} principal has no identity-based policies")
            }
            IdentityPoliciesAllow { policies } => {
                f.write_str("the identity-based policy ")?;
                names(f, policies)?;
                f.write_str(" allows the request")
            }
            RoleAllowedByResourcePolicy => f.write_str(
                "no identity-based policy allows the request, but the resource-based policy allows the role",
            ),
            NoIdentityPolicy { action } => write!(
                f,
                "implicitly denied: the principal has no identity-based policy, and nothing else allows `{action}`"
            ),
            CrossAccountIdentityMustAllow { action } => write!(
                f,
                "implicitly denied: for cross-account access the caller's identity-based policies must allow `{action}` too, and none does"
            ),
            NoIdentityPolicyAllows { action, resource } => write!(
                f,
                "implicitly denied: no identity-based policy allows `{action}` on `{resource}`"
            ),
            NotASession { principal } => write!(
                f,
                "{} is not a session principal, so no session policy applies",
                not_a_session(*principal)
            ),
            FederatedUserWithoutSessionPolicy => f.write_str(
                "implicitly denied: a federated user session created without a session policy has no permissions",
            ),
            RoleSessionWithoutSessionPolicy => f.write_str(
                "the role session has no session policy, so it keeps the role's permissions",
            ),
            Allowed { policies, action } => match policies.as_slice() {
                [] => write!(
                    f,
                    "allowed: the account's root user may call `{action}` in its own account, and no policy denies it"
                ),
                [one] => write!(f, "allowed: {one} allows `{action}`, and no policy denies it"),
                [init @ .., last] => {
                    f.write_str("allowed: ")?;
                    for (i, p) in init.iter().enumerate() {
                        let sep = if i == 0 { "" } else { ", " };
                        write!(f, "{sep}{p}")?;
                    }
                    write!(f, " and {last} allow `{action}`, and no policy denies it")
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(policy_type: PolicyType, name: &str) -> PolicyRef {
        PolicyRef {
            policy_type,
            name: name.into(),
        }
    }

    #[test]
    fn an_allow_names_every_policy_that_allowed_it() {
        let allowed = |policies| Reason::Allowed {
            policies,
            action: "s3:GetObject".into(),
        };
        assert_eq!(
            allowed(vec![]).to_string(),
            "allowed: the account's root user may call `s3:GetObject` in its own account, and no policy denies it"
        );
        assert_eq!(
            allowed(vec![
                policy(PolicyType::Scp, "root"),
                policy(PolicyType::Resource, "bucket"),
                policy(PolicyType::Identity, "home"),
            ])
            .to_string(),
            "allowed: the service control policy `root`, the resource-based policy `bucket` and the identity-based policy `home` allow `s3:GetObject`, and no policy denies it"
        );
    }

    #[test]
    fn a_policy_that_allows_nothing_says_why_its_type_limits() {
        let nothing = |t| Reason::PolicyAllowsNothing {
            policy: policy(t, "p"),
            action: "ec2:RunInstances".into(),
        };
        assert!(nothing(PolicyType::PermissionsBoundary)
            .to_string()
            .ends_with("and a boundary caps what the identity-based policies grant"));
        assert!(nothing(PolicyType::VpcEndpoint)
            .to_string()
            .ends_with("allows no statement for `ec2:RunInstances`"));
    }

    #[test]
    fn a_reason_serializes_as_its_sentence() {
        let reason = Reason::ExplicitDeny {
            policy: policy(PolicyType::Identity, "deny-all"),
            sid: None,
            statement_index: 1,
            action: "s3:*".into(),
        };
        assert_eq!(
            serde_json::to_value(&reason).unwrap(),
            "explicitly denied: the identity-based policy `deny-all` has a Deny statement (statement 2) that matches `s3:*`, and an explicit deny overrides every allow"
        );
    }
}
