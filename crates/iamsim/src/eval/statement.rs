//! Matching every statement of every policy against the request, once. The
//! flowchart then only reads these results.

use std::sync::Arc;

use crate::condition::evaluate_condition;
use crate::kinds::Effect;
use crate::kinds::PolicyType;
use crate::matching::{action_matches, arn_pattern_matches};
use crate::policy::{NameList, Statement};
use crate::principal::{principal_element_trace, PrincipalMatch};
use crate::reason::{Note, Variable};
use crate::scenario::{NamedPolicy, PolicyLevel, Scenario};
use crate::source::Source;
use crate::trace::{ElementTrace, PatternTrace, StatementTrace};
use crate::variables::{substitute_resource, Substitution};

use super::RequestInfo;

/// At most this many non-matching patterns of one element go into the trace
/// (a managed policy may list thousands of actions); the rest are counted.
const MAX_UNMATCHED_PATTERNS: usize = 32;

#[derive(Debug, Clone)]
pub struct StatementEval {
    pub trace: Arc<StatementTrace>,
    /// How the statement's Principal named the caller (`Everyone` where the
    /// policy type has no Principal element).
    pub principal_match: PrincipalMatch,
    /// Context keys its conditions asked for and the request lacked.
    pub missing_keys: Vec<String>,
}

impl StatementEval {
    pub fn applies(&self, effect: Effect) -> bool {
        self.trace.matched && self.trace.effect == effect
    }
}

#[derive(Debug, Clone)]
pub struct PolicyEval<'a> {
    pub policy: &'a NamedPolicy,
    pub level: Option<&'a str>,
    pub statements: Vec<StatementEval>,
}

impl PolicyEval<'_> {
    pub fn applying(&self, effect: Effect) -> impl Iterator<Item = &StatementEval> {
        self.statements.iter().filter(move |s| s.applies(effect))
    }

    pub fn allows(&self) -> bool {
        self.applying(Effect::Allow).next().is_some()
    }
}

/// Every policy of the scenario, matched against the request.
#[derive(Debug, Clone)]
pub struct PolicyEvals<'a> {
    pub identity: Vec<PolicyEval<'a>>,
    pub resource: Option<PolicyEval<'a>>,
    pub boundary: Option<PolicyEval<'a>>,
    pub session: Option<PolicyEval<'a>>,
    /// One entry per organization level, root first.
    pub scps: Vec<(&'a PolicyLevel, Vec<PolicyEval<'a>>)>,
    pub rcps: Vec<(&'a PolicyLevel, Vec<PolicyEval<'a>>)>,
    pub vpc_endpoint: Option<PolicyEval<'a>>,
}

pub fn evaluate_policies<'a>(scenario: &'a Scenario, request: &RequestInfo) -> PolicyEvals<'a> {
    let bounded =
        scenario.permissions_boundary.is_some() && request.principal.kind.has_identity_policies();
    let one = |policy: &'a NamedPolicy, level: Option<&'a str>| {
        let source = scenario.sources.get(policy.source);
        evaluate_policy(policy, level, source, request, bounded)
    };
    let levels = |levels: &'a [PolicyLevel]| {
        levels
            .iter()
            .map(|level| {
                let evals = level
                    .policies
                    .iter()
                    .map(|p| one(p, Some(&level.name)))
                    .collect();
                (level, evals)
            })
            .collect()
    };
    PolicyEvals {
        identity: scenario
            .identity_policies
            .iter()
            .map(|p| one(p, None))
            .collect(),
        resource: scenario.resource_policy.as_ref().map(|p| one(p, None)),
        boundary: scenario.permissions_boundary.as_ref().map(|p| one(p, None)),
        session: scenario.session_policy.as_ref().map(|p| one(p, None)),
        scps: levels(&scenario.service_control_policies),
        rcps: levels(&scenario.resource_control_policies),
        vpc_endpoint: scenario.vpc_endpoint_policy.as_ref().map(|p| one(p, None)),
    }
}

/// `bounded`: the caller is an IAM principal with a permissions boundary.
fn evaluate_policy<'a>(
    policy: &'a NamedPolicy,
    level: Option<&'a str>,
    source: Option<&Source>,
    request: &RequestInfo,
    bounded: bool,
) -> PolicyEval<'a> {
    let fallback;
    let source = match source {
        Some(source) => source,
        None => {
            fallback = Source::new("", "");
            &fallback
        }
    };
    let variables = policy.document.variables_enabled();
    let not_principal_denies_all = bounded && policy.kind == PolicyType::Resource;
    let statements = policy
        .document
        .statements
        .iter()
        .map(|statement| {
            let mut eval = evaluate_statement(statement, source, variables, request);
            if not_principal_denies_all && statement.effect.value == Effect::Deny {
                deny_despite_not_principal(&mut eval);
            }
            eval
        })
        .collect();
    PolicyEval {
        policy,
        level,
        statements,
    }
}

fn evaluate_statement(
    statement: &Statement,
    source: &Source,
    variables: bool,
    request: &RequestInfo,
) -> StatementEval {
    let start = source.line_col(statement.span.start);
    let end = source.line_col(
        statement
            .span
            .end
            .saturating_sub(1)
            .max(statement.span.start),
    );
    let trace = |matched, action, resource, principal, conditions, skipped| StatementTrace {
        statement_index: statement.index,
        sid: statement.sid.as_ref().map(|s| s.value.clone()),
        effect: statement.effect.value,
        line: start.line,
        column: start.column,
        end_line: end.line,
        matched,
        skipped,
        action,
        resource,
        principal,
        conditions,
    };
    if let Some(why) = &statement.skipped {
        return StatementEval {
            trace: Arc::new(trace(
                false,
                None,
                None,
                None,
                Vec::new(),
                Some(why.clone()),
            )),
            principal_match: PrincipalMatch::No,
            missing_keys: Vec::new(),
        };
    }
    let action = statement.action.as_ref().map(|list| {
        element_trace(
            list,
            ("Action", "NotAction"),
            request.action,
            source,
            |pattern| PatternMatch {
                matched: action_matches(pattern, request.action),
                resolved: None,
                note: None,
            },
        )
    });
    let resource = statement.resource.as_ref().map(|list| {
        element_trace(
            list,
            ("Resource", "NotResource"),
            request.resource,
            source,
            |pattern| resource_matches(pattern, request, variables),
        )
    });
    let (principal, principal_match) = match &statement.principal {
        Some(block) => {
            let (trace, how) = principal_element_trace(block, request.principal, source);
            (Some(trace), how)
        }
        None => (None, PrincipalMatch::Everyone),
    };
    let mut missing_keys = Vec::new();
    let conditions: Vec<_> = statement
        .conditions
        .iter()
        .map(|condition| {
            let outcome = evaluate_condition(condition, &request.context, variables, source);
            missing_keys.extend(outcome.missing_keys);
            outcome.trace
        })
        .collect();

    let element_ok = |e: &Option<ElementTrace>| e.as_ref().is_none_or(|e| e.matched);
    let matched = element_ok(&action)
        && element_ok(&resource)
        && element_ok(&principal)
        && conditions.iter().all(|c| c.matched);
    StatementEval {
        trace: Arc::new(trace(
            matched, action, resource, principal, conditions, None,
        )),
        principal_match,
        missing_keys,
    }
}

/// reference_policies_elements_notprincipal.md, "Key points": a resource-based
/// policy's `Deny` with `NotPrincipal` "will always deny any IAM principal
/// that has a permissions boundary policy attached, regardless of the values
/// specified in the NotPrincipal element".
fn deny_despite_not_principal(eval: &mut StatementEval) {
    let trace = Arc::make_mut(&mut eval.trace);
    let Some(principal) = trace
        .principal
        .as_mut()
        .filter(|p| p.element == "NotPrincipal" && !p.matched)
    else {
        return;
    };
    principal.matched = true;
    principal.note = Some(Note::DenyNotPrincipalWithBoundary.to_string());
    eval.principal_match = PrincipalMatch::Everyone;
    let others_match = [&trace.action, &trace.resource]
        .iter()
        .all(|e| e.as_ref().is_none_or(|e| e.matched))
        && trace.conditions.iter().all(|c| c.matched);
    trace.matched = others_match;
}

/// How one pattern compared.
struct PatternMatch {
    matched: bool,
    /// The pattern after policy variables were substituted, when that changed it.
    resolved: Option<String>,
    /// Why it could not match, where the pattern does not say.
    note: Option<Note>,
}

/// `Resource` patterns may hold policy variables, in the resource part of
/// the ARN only ([`substitute_resource`]).
fn resource_matches(pattern: &str, request: &RequestInfo, variables: bool) -> PatternMatch {
    let substitution = substitute_resource(pattern, &request.context, variables);
    if let Substitution::Unresolved(missing) = &substitution {
        let variables = missing
            .iter()
            .map(|u| Variable {
                key: u.key.clone(),
                multi_valued: u.multi_valued,
            })
            .collect();
        return PatternMatch {
            matched: false,
            resolved: None,
            note: Some(Note::UnresolvedResource {
                variables,
                pattern: pattern.to_owned(),
            }),
        };
    }
    let matched = substitution
        .pattern()
        .is_some_and(|p| arn_pattern_matches(p, request.resource));
    PatternMatch {
        matched,
        resolved: substitution.resolved_text(),
        note: None,
    }
}

/// Traces an Action/NotAction or Resource/NotResource element, comparing
/// each pattern with `matches`.
fn element_trace(
    list: &NameList,
    (positive, negative): (&'static str, &'static str),
    value: &str,
    source: &Source,
    mut matches: impl FnMut(&str) -> PatternMatch,
) -> ElementTrace {
    let mut patterns = Vec::new();
    let mut any = false;
    let mut omitted = 0u32;
    let mut unmatched_shown = 0usize;
    let mut note = None;
    for pattern in &list.values {
        let PatternMatch {
            matched,
            resolved,
            note: why,
        } = matches(&pattern.value);
        note = note.or(why);
        any |= matched;
        if !matched && unmatched_shown >= MAX_UNMATCHED_PATTERNS {
            omitted += 1;
            continue;
        }
        unmatched_shown += usize::from(!matched);
        let at = source.line_col(pattern.span.start);
        patterns.push(PatternTrace {
            pattern: pattern.value.clone(),
            resolved,
            matched,
            line: at.line,
            column: at.column,
        });
    }
    ElementTrace {
        element: if list.negated { negative } else { positive },
        matched: any != list.negated,
        value: value.to_owned(),
        patterns,
        note: note
            .or((omitted > 0).then_some(Note::MorePatterns { count: omitted }))
            .map(|n| n.to_string()),
    }
}
