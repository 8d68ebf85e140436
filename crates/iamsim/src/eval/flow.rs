//! AWS's evaluation flowchart, step by step (reference_policies_evaluation-logic.md,
//! "Determining whether a request is allowed or denied within an account", and
//! reference_policies_evaluation-logic-cross-account.md). Each step reads the
//! statement matches and either ends evaluation or lets the request through.

use std::sync::Arc;

use crate::kinds::Effect;
use crate::kinds::{
    Decision, PolicyType, RequestPrincipalKind as PrincipalType, StepKind, StepOutcome,
};
use crate::matching::{colon_fields, split_once_byte};
use crate::principal::PrincipalMatch;
use crate::trace::{EvalResult, MatchedStatement, PolicyTrace, ResolvedRequest, Step};

use super::aws_rules;
use super::statement::{PolicyEval, PolicyEvals, StatementEval};
use super::RequestInfo;

/// How the resource-based policy's allow reached the caller, which decides
/// which implicit denies it overrides ("Resource-based policies" in the
/// evaluation-logic page, and the session policies section of access_policies.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResourceGrant {
    /// No allow, or none that applies on its own.
    None,
    /// The account was named: it only delegates to the account's identity policies.
    Account,
    /// The role's ARN was named for a role session: identity policies are not
    /// needed, but the boundary and the session policy still limit it.
    Role,
    /// The caller itself (user, session, service) or everyone: allowed outright
    /// within the account.
    Direct,
}

struct Flow<'s, 'a> {
    request: &'s RequestInfo<'s>,
    policies: &'s PolicyEvals<'a>,
    steps: Vec<Step>,
}

/// Ends evaluation with a decision and the statements that decided it.
struct Verdict {
    decision: Decision,
    by: StepKind,
    reason: String,
    statements: Vec<MatchedStatement>,
}

/// Takes the request by value: what the result reports of it is moved in.
pub fn run(request: RequestInfo<'_>, policies: &PolicyEvals<'_>) -> EvalResult {
    let mut flow = Flow {
        request: &request,
        policies,
        // One per step of the flowchart at most.
        steps: Vec::with_capacity(8),
    };
    let verdict = flow.decide();
    let steps = flow.steps;
    let missing_context_keys = missing_keys(policies);
    EvalResult {
        decision: verdict.decision,
        reason: verdict.reason,
        decided_by: verdict.by,
        matched_statements: verdict.statements,
        missing_context_keys,
        trace: steps,
        request: ResolvedRequest {
            principal_kind: request.principal.kind,
            principal_account: request.principal.account.clone(),
            resource_account: request.resource_account,
            cross_account: request.cross_account,
            derived_context: request.context.into_derived(),
        },
        draft: false,
        errors: Vec::new(),
    }
}

impl<'s, 'a> Flow<'s, 'a> {
    fn decide(&mut self) -> Verdict {
        let kind = self.request.principal.kind;
        let identity_applies = kind.has_identity_policies();
        let scps_apply = kind.is_iam_principal();

        // 0. A call that needs no permission is allowed before any policy.
        if aws_rules::needs_no_permission(self.action()) {
            return self.no_permission_needed();
        }
        // 1. Deny evaluation: an explicit deny in any applicable policy ends it.
        if let Some(verdict) = self.deny_evaluation(identity_applies, scps_apply) {
            return verdict;
        }
        // A resource that no policy lets anyone change.
        if let Some(verdict) = self.protected_resource() {
            return verdict;
        }
        // 2. RCPs: RCPFullAWSAccess is attached at every level and cannot be
        //    detached, so only their denies (step 1) take access away.
        self.rcp_step();
        // 3. SCPs: every level must allow, for principals of member accounts.
        if let Some(verdict) = self.scp_step(scps_apply) {
            return verdict;
        }
        // 4. The VPC endpoint policy must allow what goes through the endpoint.
        if let Some(verdict) = self.vpc_endpoint_step() {
            return verdict;
        }
        // 5. The resource-based policy.
        let grant = match self.resource_step() {
            Ok(grant) => grant,
            Err(verdict) => return verdict,
        };
        // 6. Identity-based policies.
        if let Some(verdict) = self.identity_step(grant) {
            return verdict;
        }
        // 7. The permissions boundary.
        if let Some(verdict) = self.boundary_step() {
            return verdict;
        }
        // 8. The session policy, then the final allow.
        self.session_step()
    }

    fn action(&self) -> &str {
        self.request.action
    }

    fn deny_evaluation(&mut self, identity_applies: bool, scps_apply: bool) -> Option<Verdict> {
        let looked_at = self.applicable(identity_applies, scps_apply);

        let denies: Vec<MatchedStatement> = looked_at
            .iter()
            .flat_map(|policy| {
                policy
                    .applying(Effect::Deny)
                    .map(move |s| matched(policy, s))
            })
            .collect();
        let traces = looked_at
            .iter()
            .map(|policy| policy_trace(policy, Effect::Deny))
            .collect();
        if let Some(first) = denies.first() {
            let reason = format!(
                "explicitly denied: {} `{}` has a Deny statement{} that matches `{}`, and an explicit deny overrides every allow",
                policy_type_words(first.policy_type),
                first.policy,
                sid_words(first),
                self.action()
            );
            self.push(
                StepKind::DenyEvaluation,
                StepOutcome::ExplicitDeny,
                reason.clone(),
                traces,
            );
            return Some(Verdict {
                decision: Decision::ExplicitDeny,
                by: StepKind::DenyEvaluation,
                reason,
                statements: denies,
            });
        }
        let summary = if looked_at.is_empty() {
            "no policy applies to this request, so there is nothing to deny it".to_owned()
        } else {
            format!(
                "no Deny statement in the {} policies that apply matches the request",
                looked_at.len()
            )
        };
        self.push(
            StepKind::DenyEvaluation,
            StepOutcome::Continue,
            summary,
            traces,
        );
        None
    }

    fn no_permission_needed(&mut self) -> Verdict {
        let reason = format!(
            "allowed: `{}` needs no permission and works even where a policy explicitly denies it, since it returns only what an access-denied error would show",
            self.action()
        );
        self.push(
            StepKind::AwsRules,
            StepOutcome::Allow,
            reason.clone(),
            vec![],
        );
        Verdict {
            decision: Decision::Allowed,
            by: StepKind::AwsRules,
            reason,
            statements: Vec::new(),
        }
    }

    fn protected_resource(&mut self) -> Option<Verdict> {
        let request = self.request;
        let rule = aws_rules::protected(request.action, request.resource, request.principal.kind)?;
        let reason = format!(
            "implicitly denied: {}, whatever the policies allow",
            rule.rule
        );
        self.push(
            StepKind::AwsRules,
            StepOutcome::ImplicitDeny,
            reason.clone(),
            vec![],
        );
        Some(self.implicit_deny(StepKind::AwsRules, reason))
    }

    fn rcp_step(&mut self) {
        let levels = &self.policies.rcps;
        if levels.is_empty() {
            self.push(
                StepKind::ResourceControlPolicies,
                StepOutcome::NotApplicable,
                "no resource control policies: the resource's account is not in an organization that uses them".into(),
                vec![],
            );
            return;
        }
        let traces = levels
            .iter()
            .flat_map(|(_, evals)| evals.iter().map(|p| policy_trace(p, Effect::Allow)))
            .collect();
        self.push(
            StepKind::ResourceControlPolicies,
            StepOutcome::Continue,
            format!(
                "RCPFullAWSAccess is attached at each of the {} levels and allows everything; resource control policies can only take access away with a Deny",
                levels.len()
            ),
            traces,
        );
    }

    fn scp_step(&mut self, applies: bool) -> Option<Verdict> {
        let levels = &self.policies.scps;
        if levels.is_empty() || !applies {
            let summary = if levels.is_empty() {
                "no service control policies: the principal's account is not in an organization"
                    .to_owned()
            } else {
                format!(
                    "service control policies limit principals of member accounts; they do not apply to a {} principal",
                    self.request.principal.kind.as_str()
                )
            };
            self.push(
                StepKind::ServiceControlPolicies,
                StepOutcome::NotApplicable,
                summary,
                vec![],
            );
            return None;
        }
        let traces: Vec<PolicyTrace> = levels
            .iter()
            .flat_map(|(_, evals)| evals.iter().map(|p| policy_trace(p, Effect::Allow)))
            .collect();
        let blocking = levels
            .iter()
            .find(|(_, evals)| !evals.iter().any(PolicyEval::allows));
        if let Some((level, _)) = blocking {
            let reason = format!(
                "implicitly denied: no service control policy at the organization level `{}` allows `{}`; every level from the root to the account must allow",
                level.name,
                self.action()
            );
            self.push(
                StepKind::ServiceControlPolicies,
                StepOutcome::ImplicitDeny,
                reason.clone(),
                traces,
            );
            return Some(self.implicit_deny(StepKind::ServiceControlPolicies, reason));
        }
        self.push(
            StepKind::ServiceControlPolicies,
            StepOutcome::Continue,
            format!(
                "an SCP at each of the {} organization levels allows the request",
                levels.len()
            ),
            traces,
        );
        None
    }

    fn vpc_endpoint_step(&mut self) -> Option<Verdict> {
        let policy = self.policies.vpc_endpoint.as_ref();
        self.must_allow_step(
            StepKind::VpcEndpointPolicy,
            policy,
            "the request does not go through a VPC endpoint with a policy",
            "",
        )
    }

    /// A step whose one policy, when present, must allow: the VPC endpoint
    /// policy and the permissions boundary.
    fn must_allow_step(
        &mut self,
        step: StepKind,
        policy: Option<&PolicyEval<'_>>,
        when_absent: &str,
        why_it_caps: &str,
    ) -> Option<Verdict> {
        let Some(policy) = policy else {
            self.push(
                step,
                StepOutcome::NotApplicable,
                when_absent.to_owned(),
                vec![],
            );
            return None;
        };
        let what = policy_type_words(policy.policy.kind);
        let name = &policy.policy.name;
        let traces = vec![policy_trace(policy, Effect::Allow)];
        if !policy.allows() {
            let reason = format!(
                "implicitly denied: {what} `{name}` allows no statement for `{}`{why_it_caps}",
                self.action()
            );
            self.push(step, StepOutcome::ImplicitDeny, reason.clone(), traces);
            return Some(self.implicit_deny(step, reason));
        }
        let summary = format!("{what} `{name}` allows the request");
        self.push(step, StepOutcome::Continue, summary, traces);
        None
    }

    fn resource_step(&mut self) -> Result<ResourceGrant, Verdict> {
        let principal = &self.request.principal;
        let kind = principal.kind;
        let must_allow = resource_policy_required(self.request.action, self.request.resource);
        let what = if must_allow.is_some() {
            "trust or key policy"
        } else {
            "resource-based policy"
        };
        if must_allow == Some(TRUST_POLICY) && kind == PrincipalType::Root {
            // id_roles_use_permissions-to-switch.md: the root user cannot switch to a role.
            let reason = "implicitly denied: the account's root user cannot assume a role, whatever the trust policy says".to_owned();
            self.push(
                StepKind::ResourcePolicy,
                StepOutcome::ImplicitDeny,
                reason.clone(),
                vec![],
            );
            return Err(self.implicit_deny(StepKind::ResourcePolicy, reason));
        }
        let Some(policy) = &self.policies.resource else {
            let reason = if must_allow == Some(KEY_POLICY) {
                // KMS developer guide, "Key policies in AWS KMS": every key has
                // exactly one key policy, and without its allow IAM policies
                // have no effect. Which one this key has is not for us to guess.
                Some("implicitly denied: the key policy is missing from the scenario; every KMS key has exactly one, and it must allow the caller (by name, or by allowing the account so that IAM policies count), so add it as `resourcePolicy`".to_owned())
            } else if let Some(name) = must_allow {
                Some(format!(
                    "implicitly denied: {name} must allow the caller, and no {what} was given"
                ))
            } else if !kind.has_identity_policies() && kind != PrincipalType::Root {
                Some(format!(
                    "implicitly denied: only a resource-based policy can grant access to a {} principal, and there is none",
                    kind.as_str()
                ))
            } else if self.request.cross_account {
                Some("implicitly denied: cross-account access needs the resource's own policy to allow the caller, and there is none".to_owned())
            } else {
                None
            };
            return match reason {
                Some(reason) => {
                    self.push(
                        StepKind::ResourcePolicy,
                        StepOutcome::ImplicitDeny,
                        reason.clone(),
                        vec![],
                    );
                    Err(self.implicit_deny(StepKind::ResourcePolicy, reason))
                }
                None => {
                    self.push(
                        StepKind::ResourcePolicy,
                        StepOutcome::NotApplicable,
                        "no resource-based policy: access rests on the identity-based policies"
                            .into(),
                        vec![],
                    );
                    Ok(ResourceGrant::None)
                }
            };
        };

        let traces = vec![policy_trace(policy, Effect::Allow)];
        let best = policy
            .applying(Effect::Allow)
            .map(|s| s.principal_match)
            .max_by_key(|m| grant_rank(grant_of(*m)));
        let grant = best.map_or(ResourceGrant::None, grant_of);
        let name = &policy.policy.name;

        if grant == ResourceGrant::None {
            let reason = if let Some(required) = must_allow {
                Some(format!("implicitly denied: {required} `{name}` has no statement that allows this caller"))
            } else if self.request.cross_account {
                Some(format!(
                    "implicitly denied: cross-account access needs the resource's policy to allow the caller, and `{name}` does not"
                ))
            } else if !kind.has_identity_policies() && kind != PrincipalType::Root {
                Some(format!(
                    "implicitly denied: only a resource-based policy can grant access to a {} principal, and `{name}` does not",
                    kind.as_str()
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                self.push(
                    StepKind::ResourcePolicy,
                    StepOutcome::ImplicitDeny,
                    reason.clone(),
                    traces,
                );
                return Err(self.implicit_deny(StepKind::ResourcePolicy, reason));
            }
            self.push(
                StepKind::ResourcePolicy,
                StepOutcome::Continue,
                format!("the resource-based policy `{name}` does not allow the request; the identity-based policies may still allow it"),
                traces,
            );
            return Ok(ResourceGrant::None);
        }
        if self.request.cross_account {
            self.push(
                StepKind::ResourcePolicy,
                StepOutcome::Continue,
                format!("the resource-based policy `{name}` allows the caller from another account; the caller's own account must allow it too"),
                traces,
            );
            return Ok(grant);
        }
        match grant {
            ResourceGrant::Direct if kind != PrincipalType::Root => {
                let reason = format!(
                    "allowed: the resource-based policy `{name}` grants `{}` {}, which within one account needs no identity-based allow{}",
                    self.action(),
                    if best == Some(PrincipalMatch::Everyone) { "to every principal" } else { "to the caller by name" },
                    if kind.has_identity_policies() { " and is not limited by an implicit deny in a permissions boundary or session policy" } else { "" }
                );
                self.push(
                    StepKind::ResourcePolicy,
                    StepOutcome::Allow,
                    reason.clone(),
                    traces,
                );
                Err(self.allowed(StepKind::ResourcePolicy, Some(reason)))
            }
            ResourceGrant::Role => {
                self.push(
                    StepKind::ResourcePolicy,
                    StepOutcome::Continue,
                    format!("the resource-based policy `{name}` allows the role, so no identity-based allow is needed; the permissions boundary and session policy still apply"),
                    traces,
                );
                Ok(grant)
            }
            _ => {
                self.push(
                    StepKind::ResourcePolicy,
                    StepOutcome::Continue,
                    format!("the resource-based policy `{name}` allows the account, which delegates the decision to the identity-based policies"),
                    traces,
                );
                Ok(grant)
            }
        }
    }

    fn identity_step(&mut self, grant: ResourceGrant) -> Option<Verdict> {
        let kind = self.request.principal.kind;
        let evals = &self.policies.identity;
        let traces: Vec<PolicyTrace> = evals
            .iter()
            .map(|p| policy_trace(p, Effect::Allow))
            .collect();
        if kind == PrincipalType::Root {
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::Continue,
                "the account's root user has full access within its own account; no identity-based policy is needed".into(),
                traces,
            );
            return None;
        }
        if !kind.has_identity_policies() {
            // Service and anonymous callers: the resource step decided already.
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::NotApplicable,
                format!(
                    "a {} principal has no identity-based policies",
                    kind.as_str()
                ),
                vec![],
            );
            return None;
        }
        let allowing: Vec<&PolicyEval<'_>> = evals.iter().filter(|p| p.allows()).collect();
        if !allowing.is_empty() {
            let names = allowing
                .iter()
                .map(|p| format!("`{}`", p.policy.name))
                .collect::<Vec<_>>()
                .join(", ");
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::Continue,
                format!("the identity-based policy {names} allows the request"),
                traces,
            );
            return None;
        }
        if grant == ResourceGrant::Role && !self.request.cross_account {
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::Continue,
                "no identity-based policy allows the request, but the resource-based policy allows the role".into(),
                traces,
            );
            return None;
        }
        let reason = if evals.is_empty() {
            format!("implicitly denied: the principal has no identity-based policy, and nothing else allows `{}`", self.action())
        } else if self.request.cross_account {
            format!(
                "implicitly denied: for cross-account access the caller's identity-based policies must allow `{}` too, and none does",
                self.action()
            )
        } else {
            format!(
                "implicitly denied: no identity-based policy allows `{}` on `{}`",
                self.action(),
                self.request.resource
            )
        };
        self.push(
            StepKind::IdentityPolicies,
            StepOutcome::ImplicitDeny,
            reason.clone(),
            traces,
        );
        Some(self.implicit_deny(StepKind::IdentityPolicies, reason))
    }

    fn boundary_step(&mut self) -> Option<Verdict> {
        let applies = self.request.principal.kind.has_identity_policies();
        let policy = self.policies.boundary.as_ref().filter(|_| applies);
        self.must_allow_step(
            StepKind::PermissionsBoundary,
            policy,
            "no permissions boundary is set for the principal",
            ", and a boundary caps what the identity-based policies grant",
        )
    }

    fn session_step(&mut self) -> Verdict {
        let kind = self.request.principal.kind;
        let action = self.action().to_owned();
        if !kind.is_session() {
            let who = match kind {
                PrincipalType::Root => "the account's root user",
                PrincipalType::User => "an IAM user",
                _ => "this principal",
            };
            let summary = format!("{who} is not a session principal, so no session policy applies");
            self.push(
                StepKind::SessionPolicy,
                StepOutcome::NotApplicable,
                summary,
                vec![],
            );
            return self.allowed(StepKind::SessionPolicy, None);
        }
        let Some(policy) = &self.policies.session else {
            if kind == PrincipalType::FederatedUser {
                let reason = "implicitly denied: a federated user session created without a session policy has no permissions".to_owned();
                self.push(
                    StepKind::SessionPolicy,
                    StepOutcome::ImplicitDeny,
                    reason.clone(),
                    vec![],
                );
                return self.implicit_deny(StepKind::SessionPolicy, reason);
            }
            self.push(
                StepKind::SessionPolicy,
                StepOutcome::NotApplicable,
                "the role session has no session policy, so it keeps the role's permissions".into(),
                vec![],
            );
            return self.allowed(StepKind::SessionPolicy, None);
        };
        let traces = vec![policy_trace(policy, Effect::Allow)];
        if !policy.allows() {
            let reason = format!(
                "implicitly denied: the session policy `{}` allows no statement for `{action}`, and a session policy narrows what the session may do",
                policy.policy.name
            );
            self.push(
                StepKind::SessionPolicy,
                StepOutcome::ImplicitDeny,
                reason.clone(),
                traces,
            );
            return self.implicit_deny(StepKind::SessionPolicy, reason);
        }
        let verdict = self.allowed(StepKind::SessionPolicy, None);
        let summary = format!(
            "the session policy `{}` allows the request",
            policy.policy.name
        );
        self.push(StepKind::SessionPolicy, StepOutcome::Allow, summary, traces);
        verdict
    }

    fn implicit_deny(&self, by: StepKind, reason: String) -> Verdict {
        Verdict {
            decision: Decision::ImplicitDeny,
            by,
            reason,
            statements: Vec::new(),
        }
    }

    /// An allow: the statements that decided are every Allow statement that
    /// applies, in every policy that applies to the caller.
    /// Without a `reason`, the reason names the policies that allowed.
    fn allowed(&self, by: StepKind, reason: Option<String>) -> Verdict {
        let kind = self.request.principal.kind;
        let statements: Vec<MatchedStatement> = self
            .applicable(kind.has_identity_policies(), kind.is_iam_principal())
            .into_iter()
            .flat_map(|policy| {
                policy
                    .applying(Effect::Allow)
                    .map(move |s| matched(policy, s))
            })
            .collect();
        let reason = reason.unwrap_or_else(|| {
            let mut names: Vec<String> = Vec::new();
            for s in &statements {
                let name = format!("{} `{}`", policy_type_words(s.policy_type), s.policy);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let action = self.action();
            match names.as_slice() {
                [] => format!("allowed: the account's root user may call `{action}` in its own account, and no policy denies it"),
                [one] => format!("allowed: {one} allows `{action}`, and no policy denies it"),
                [init @ .., last] => format!("allowed: {} and {last} allow `{action}`, and no policy denies it", init.join(", ")),
            }
        });
        Verdict {
            decision: Decision::Allowed,
            by,
            reason,
            statements,
        }
    }

    /// The policies that apply to this caller, in the flowchart's order.
    fn applicable(&self, identity_applies: bool, scps_apply: bool) -> Vec<&'s PolicyEval<'a>> {
        let p = self.policies;
        let mut out: Vec<&PolicyEval<'_>> = Vec::new();
        out.extend(p.rcps.iter().flat_map(|(_, evals)| evals));
        if scps_apply {
            out.extend(p.scps.iter().flat_map(|(_, evals)| evals));
        }
        out.extend(&p.vpc_endpoint);
        out.extend(&p.resource);
        if identity_applies {
            out.extend(&p.identity);
            out.extend(&p.boundary);
            out.extend(&p.session);
        }
        out
    }

    fn push(
        &mut self,
        step: StepKind,
        outcome: StepOutcome,
        summary: String,
        policies: Vec<PolicyTrace>,
    ) {
        self.steps.push(Step {
            step,
            outcome,
            summary,
            policies,
        });
    }
}

const TRUST_POLICY: &str = "a role's trust policy";
const KEY_POLICY: &str = "a KMS key policy";

/// Role trust policies and KMS key policies must allow the caller themselves
/// ("For most resources ... IAM role trust policies and KMS key policies are
/// exceptions"). Returns how to name that policy, when it is one of them.
fn resource_policy_required(action: &str, resource: &str) -> Option<&'static str> {
    let (service, name) = split_once_byte(action, b':')?;
    let resource_part = colon_fields::<6>(resource).map(|[.., part]| part);
    let on_role =
        resource.starts_with("arn:") && resource_part.is_some_and(|r| r.starts_with("role/"));
    if service.eq_ignore_ascii_case("sts") && on_role {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("assumerole")
            || lower == "tagsession"
            || lower == "setsourceidentity"
            || lower == "setcontext"
        {
            return Some(TRUST_POLICY);
        }
    }
    if service.eq_ignore_ascii_case("kms") && resource_part.is_some_and(|r| r.starts_with("key/")) {
        return Some(KEY_POLICY);
    }
    None
}

fn grant_of(how: PrincipalMatch) -> ResourceGrant {
    match how {
        PrincipalMatch::No => ResourceGrant::None,
        PrincipalMatch::Account => ResourceGrant::Account,
        PrincipalMatch::Role => ResourceGrant::Role,
        PrincipalMatch::Specific | PrincipalMatch::Everyone => ResourceGrant::Direct,
    }
}

fn grant_rank(grant: ResourceGrant) -> u8 {
    match grant {
        ResourceGrant::None => 0,
        ResourceGrant::Account => 1,
        ResourceGrant::Role => 2,
        ResourceGrant::Direct => 3,
    }
}

fn matched(policy: &PolicyEval<'_>, s: &StatementEval) -> MatchedStatement {
    MatchedStatement {
        policy_type: policy.policy.kind,
        policy: policy.policy.name.clone(),
        statement_index: s.trace.statement_index,
        sid: s.trace.sid.clone(),
        effect: s.trace.effect,
        line: s.trace.line,
        column: s.trace.column,
        end_line: s.trace.end_line,
    }
}

/// The statements of `effect` in one policy, as a step traces them.
fn policy_trace(policy: &PolicyEval<'_>, effect: Effect) -> PolicyTrace {
    PolicyTrace {
        policy_type: policy.policy.kind,
        policy: policy.policy.name.clone(),
        level: policy.level.map(str::to_owned),
        matched: policy.applying(effect).next().is_some(),
        statements: policy
            .statements
            .iter()
            .filter(|s| s.trace.effect == effect)
            .map(|s| Arc::clone(&s.trace))
            .collect(),
    }
}

/// Keys that conditions asked for and the context lacked, in statements whose
/// action, resource and principal matched (elsewhere the key would not matter).
fn missing_keys(p: &PolicyEvals<'_>) -> Vec<String> {
    let all = p
        .identity
        .iter()
        .chain(&p.resource)
        .chain(&p.boundary)
        .chain(&p.session)
        .chain(p.scps.iter().flat_map(|(_, e)| e))
        .chain(p.rcps.iter().flat_map(|(_, e)| e))
        .chain(&p.vpc_endpoint);
    let mut keys: Vec<String> = Vec::new();
    for statement in all.flat_map(|policy| &policy.statements) {
        let t = &statement.trace;
        let elements_match = [&t.action, &t.resource, &t.principal]
            .iter()
            .all(|e| e.as_ref().is_none_or(|e| e.matched));
        if !elements_match {
            continue;
        }
        for key in &statement.missing_keys {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                keys.push(key.clone());
            }
        }
    }
    keys
}

fn policy_type_words(t: PolicyType) -> &'static str {
    use PolicyType::*;
    match t {
        Identity => "the identity-based policy",
        Resource => "the resource-based policy",
        PermissionsBoundary => "the permissions boundary",
        Session => "the session policy",
        Scp => "the service control policy",
        Rcp => "the resource control policy",
        VpcEndpoint => "the VPC endpoint policy",
    }
}

fn sid_words(s: &MatchedStatement) -> String {
    match &s.sid {
        Some(sid) => format!(" `{sid}`"),
        None => format!(" (statement {})", s.statement_index + 1),
    }
}
