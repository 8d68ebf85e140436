//! A small evaluation result for the result view's tests: an identity policy
//! whose first statement allows through a resolved policy variable and whose
//! second is held back by a condition on a key the request lacks.

use iamsim::kinds::{Decision, Effect, PolicyType, StepKind, StepOutcome};
use iamsim::reason::{PolicyRef, Reason};
use iamsim::trace::{
    ConditionTrace, ElementTrace, PatternTrace, PolicyTrace, ResolvedRequest, StatementTrace, Step,
    ValueTrace,
};
use iamsim::EvalResult;

fn element(
    element: &'static str,
    value: &str,
    pattern: &str,
    resolved: Option<&str>,
    matched: bool,
) -> ElementTrace {
    ElementTrace {
        element,
        matched,
        value: value.into(),
        patterns: vec![PatternTrace {
            pattern: pattern.into(),
            resolved: resolved.map(Into::into),
            matched,
            line: 1,
            column: 1,
        }],
        note: None,
    }
}

pub fn allowed() -> EvalResult {
    let home = StatementTrace {
        statement_index: 0,
        sid: Some("HomeFolder".into()),
        effect: Effect::Allow,
        line: 4,
        column: 5,
        end_line: 9,
        matched: true,
        action: Some(element("Action", "s3:GetObject", "s3:Get*", None, true)),
        resource: Some(element(
            "Resource",
            "arn:aws:s3:::docs/home/alice/a.txt",
            "arn:aws:s3:::docs/home/${aws:username}/*",
            Some("arn:aws:s3:::docs/home/alice/*"),
            true,
        )),
        principal: None,
        conditions: vec![],
        skipped: None,
    };
    let mfa = StatementTrace {
        statement_index: 1,
        sid: None,
        effect: Effect::Allow,
        line: 10,
        column: 5,
        end_line: 16,
        matched: false,
        action: Some(element("Action", "s3:GetObject", "s3:*", None, true)),
        resource: Some(element(
            "Resource",
            "arn:aws:s3:::docs/home/alice/a.txt",
            "*",
            None,
            true,
        )),
        principal: None,
        conditions: vec![ConditionTrace {
            operator: "Bool".into(),
            key: "aws:MultiFactorAuthPresent".into(),
            matched: false,
            request_values: None,
            policy_values: vec![ValueTrace {
                value: "true".into(),
                resolved: None,
                matched: false,
            }],
            note: Some("the key is missing, so the condition is not met".into()),
            line: 13,
            column: 9,
        }],
        skipped: None,
    };
    EvalResult {
        decision: Decision::Allowed,
        reason: Reason::Allowed {
            policies: vec![PolicyRef {
                policy_type: PolicyType::Identity,
                name: "home".into(),
            }],
            action: "s3:GetObject".into(),
        },
        decided_by: StepKind::IdentityPolicies,
        matched_statements: vec![],
        missing_context_keys: vec!["aws:MultiFactorAuthPresent".into()],
        trace: vec![
            Step {
                step: StepKind::DenyEvaluation,
                outcome: StepOutcome::Continue,
                summary: Reason::NoDenyMatches { policies: 1 },
                policies: vec![],
            },
            Step {
                step: StepKind::IdentityPolicies,
                outcome: StepOutcome::Allow,
                // A policy name with markup: the view must escape it.
                summary: Reason::IdentityPoliciesAllow {
                    policies: vec!["<b>home</b>".into()],
                },
                policies: vec![PolicyTrace {
                    policy_type: PolicyType::Identity,
                    policy: "home".into(),
                    level: None,
                    matched: true,
                    // `into`: the trace may share its statements behind `Arc`.
                    statements: vec![home.into(), mfa.into()],
                }],
            },
        ],
        request: ResolvedRequest {
            principal_kind: iamsim::kinds::RequestPrincipalKind::User,
            principal_account: Some("111122223333".into()),
            resource_account: Some("111122223333".into()),
            cross_account: false,
            derived_context: vec![],
        },
        draft: false,
        errors: Vec::new(),
        switched_off: Vec::new(),
    }
}
