//! AWS's evaluation flowchart, step by step (reference_policies_evaluation-logic.md,
//! "Determining whether a request is allowed or denied within an account", and
//! reference_policies_evaluation-logic-cross-account.md). Each step reads the
//! statement matches and either ends evaluation or lets the request through.

use std::sync::Arc;

use crate::kinds::Effect;
use crate::kinds::{Decision, RequestPrincipalKind as PrincipalType, StepKind, StepOutcome};
use crate::matching::{colon_fields, split_once_byte};
use crate::principal::PrincipalMatch;
use crate::reason::{Grantee, PolicyRef, Reason, RequiredPolicy};
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
    reason: Reason,
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
        switched_off: Vec::new(),
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
            let reason = Reason::ExplicitDeny {
                policy: PolicyRef {
                    policy_type: first.policy_type,
                    name: first.policy.clone(),
                },
                sid: first.sid.clone(),
                statement_index: first.statement_index,
                action: self.action().to_owned(),
            };
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
            Reason::NoPolicyApplies
        } else {
            Reason::NoDenyMatches {
                policies: looked_at.len(),
            }
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
        let reason = Reason::NeedsNoPermission {
            action: self.action().to_owned(),
        };
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
        let reason = Reason::ProtectedResource { rule: rule.rule };
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
                Reason::NoRcps,
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
            Reason::RcpFullAccess {
                levels: levels.len(),
            },
            traces,
        );
    }

    fn scp_step(&mut self, applies: bool) -> Option<Verdict> {
        let levels = &self.policies.scps;
        if levels.is_empty() || !applies {
            let summary = if levels.is_empty() {
                Reason::NoScps
            } else {
                Reason::ScpsNotForPrincipal {
                    principal: self.request.principal.kind,
                }
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
            let reason = Reason::ScpLevelAllowsNothing {
                level: level.name.clone(),
                action: self.action().to_owned(),
            };
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
            Reason::ScpsAllow {
                levels: levels.len(),
            },
            traces,
        );
        None
    }

    fn vpc_endpoint_step(&mut self) -> Option<Verdict> {
        let policy = self.policies.vpc_endpoint.as_ref();
        self.must_allow_step(
            StepKind::VpcEndpointPolicy,
            policy,
            Reason::NoVpcEndpointPolicy,
        )
    }

    /// A step whose one policy, when present, must allow: the VPC endpoint
    /// policy and the permissions boundary.
    fn must_allow_step(
        &mut self,
        step: StepKind,
        policy: Option<&PolicyEval<'_>>,
        when_absent: Reason,
    ) -> Option<Verdict> {
        let Some(policy) = policy else {
            self.push(step, StepOutcome::NotApplicable, when_absent, vec![]);
            return None;
        };
        let traces = vec![policy_trace(policy, Effect::Allow)];
        if !policy.allows() {
            let reason = self.allows_nothing(policy);
            self.push(step, StepOutcome::ImplicitDeny, reason.clone(), traces);
            return Some(self.implicit_deny(step, reason));
        }
        let summary = Reason::PolicyAllows {
            policy: policy_ref(policy),
        };
        self.push(step, StepOutcome::Continue, summary, traces);
        None
    }

    fn allows_nothing(&self, policy: &PolicyEval<'_>) -> Reason {
        Reason::PolicyAllowsNothing {
            policy: policy_ref(policy),
            action: self.action().to_owned(),
        }
    }

    fn resource_step(&mut self) -> Result<ResourceGrant, Verdict> {
        let principal = &self.request.principal;
        let kind = principal.kind;
        let must_allow = resource_policy_required(self.request.action, self.request.resource);
        if must_allow == Some(RequiredPolicy::Trust) && kind == PrincipalType::Root {
            // id_roles_use_permissions-to-switch.md: the root user cannot switch to a role.
            let reason = Reason::RootCannotAssumeRole;
            self.push(
                StepKind::ResourcePolicy,
                StepOutcome::ImplicitDeny,
                reason.clone(),
                vec![],
            );
            return Err(self.implicit_deny(StepKind::ResourcePolicy, reason));
        }
        let Some(policy) = &self.policies.resource else {
            let reason = if must_allow == Some(RequiredPolicy::Key) {
                // KMS developer guide, "Key policies in AWS KMS": every key has
                // exactly one key policy, and without its allow IAM policies
                // have no effect. Which one this key has is not for us to guess.
                Some(Reason::KeyPolicyMissing)
            } else if let Some(required) = must_allow {
                Some(Reason::RequiredPolicyMissing { required })
            } else if !kind.has_identity_policies() && kind != PrincipalType::Root {
                Some(Reason::OnlyResourcePolicyGrants {
                    principal: kind,
                    policy: None,
                })
            } else if self.request.cross_account {
                Some(Reason::CrossAccountNeedsResourcePolicy { policy: None })
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
                        Reason::NoResourcePolicy,
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
                Some(Reason::RequiredPolicyDoesNotAllow {
                    required,
                    policy: name.clone(),
                })
            } else if self.request.cross_account {
                Some(Reason::CrossAccountNeedsResourcePolicy {
                    policy: Some(name.clone()),
                })
            } else if !kind.has_identity_policies() && kind != PrincipalType::Root {
                Some(Reason::OnlyResourcePolicyGrants {
                    principal: kind,
                    policy: Some(name.clone()),
                })
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
                Reason::ResourcePolicyDoesNotAllow {
                    policy: name.clone(),
                },
                traces,
            );
            return Ok(ResourceGrant::None);
        }
        if self.request.cross_account {
            self.push(
                StepKind::ResourcePolicy,
                StepOutcome::Continue,
                Reason::ResourcePolicyAllowsCrossAccount {
                    policy: name.clone(),
                },
                traces,
            );
            return Ok(grant);
        }
        match grant {
            ResourceGrant::Direct if kind != PrincipalType::Root => {
                let reason = Reason::ResourcePolicyAllows {
                    policy: name.clone(),
                    action: self.action().to_owned(),
                    grantee: if best == Some(PrincipalMatch::Everyone) {
                        Grantee::Everyone
                    } else {
                        Grantee::ByName
                    },
                    beyond_limits: kind.has_identity_policies(),
                };
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
                    Reason::ResourcePolicyAllowsRole {
                        policy: name.clone(),
                    },
                    traces,
                );
                Ok(grant)
            }
            _ => {
                self.push(
                    StepKind::ResourcePolicy,
                    StepOutcome::Continue,
                    Reason::ResourcePolicyAllowsAccount {
                        policy: name.clone(),
                    },
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
                Reason::RootHasFullAccess,
                traces,
            );
            return None;
        }
        if !kind.has_identity_policies() {
            // Service and anonymous callers: the resource step decided already.
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::NotApplicable,
                Reason::NoIdentityPoliciesFor { principal: kind },
                vec![],
            );
            return None;
        }
        let allowing: Vec<&PolicyEval<'_>> = evals.iter().filter(|p| p.allows()).collect();
        if !allowing.is_empty() {
            let policies = allowing.iter().map(|p| p.policy.name.clone()).collect();
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::Continue,
                Reason::IdentityPoliciesAllow { policies },
                traces,
            );
            return None;
        }
        if grant == ResourceGrant::Role && !self.request.cross_account {
            self.push(
                StepKind::IdentityPolicies,
                StepOutcome::Continue,
                Reason::RoleAllowedByResourcePolicy,
                traces,
            );
            return None;
        }
        let action = self.action().to_owned();
        let reason = if evals.is_empty() {
            Reason::NoIdentityPolicy { action }
        } else if self.request.cross_account {
            Reason::CrossAccountIdentityMustAllow { action }
        } else {
            Reason::NoIdentityPolicyAllows {
                action,
                resource: self.request.resource.to_owned(),
            }
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
        self.must_allow_step(StepKind::PermissionsBoundary, policy, Reason::NoBoundary)
    }

    fn session_step(&mut self) -> Verdict {
        let kind = self.request.principal.kind;
        if !kind.is_session() {
            let summary = Reason::NotASession { principal: kind };
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
                let reason = Reason::FederatedUserWithoutSessionPolicy;
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
                Reason::RoleSessionWithoutSessionPolicy,
                vec![],
            );
            return self.allowed(StepKind::SessionPolicy, None);
        };
        let traces = vec![policy_trace(policy, Effect::Allow)];
        if !policy.allows() {
            let reason = self.allows_nothing(policy);
            self.push(
                StepKind::SessionPolicy,
                StepOutcome::ImplicitDeny,
                reason.clone(),
                traces,
            );
            return self.implicit_deny(StepKind::SessionPolicy, reason);
        }
        let verdict = self.allowed(StepKind::SessionPolicy, None);
        let summary = Reason::PolicyAllows {
            policy: policy_ref(policy),
        };
        self.push(StepKind::SessionPolicy, StepOutcome::Allow, summary, traces);
        verdict
    }

    fn implicit_deny(&self, by: StepKind, reason: Reason) -> Verdict {
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
    fn allowed(&self, by: StepKind, reason: Option<Reason>) -> Verdict {
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
            let mut policies: Vec<PolicyRef> = Vec::new();
            for s in &statements {
                if !policies
                    .iter()
                    .any(|p| p.policy_type == s.policy_type && p.name == s.policy)
                {
                    policies.push(PolicyRef {
                        policy_type: s.policy_type,
                        name: s.policy.clone(),
                    });
                }
            }
            Reason::Allowed {
                policies,
                action: self.action().to_owned(),
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
        summary: Reason,
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

/// Role trust policies and KMS key policies must allow the caller themselves
/// ("For most resources ... IAM role trust policies and KMS key policies are
/// exceptions"). Returns which of them the request needs, if one.
fn resource_policy_required(action: &str, resource: &str) -> Option<RequiredPolicy> {
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
            return Some(RequiredPolicy::Trust);
        }
    }
    if service.eq_ignore_ascii_case("kms") && resource_part.is_some_and(|r| r.starts_with("key/")) {
        return Some(RequiredPolicy::Key);
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

fn policy_ref(policy: &PolicyEval<'_>) -> PolicyRef {
    PolicyRef {
        policy_type: policy.policy.kind,
        name: policy.policy.name.clone(),
    }
}
