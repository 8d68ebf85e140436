//! Candidate edits, read off the trace: which statements failed on which
//! condition, which Deny matched, which policy that must allow did not.
//! Candidates are guesses; `suggest` keeps those that evaluation confirms.

use crate::caller::RequestPrincipal;
use crate::kinds::{Decision, Effect, PolicyType, RequestPrincipalKind, StepKind};
use crate::matching::{action_matches, resource_matches};
use crate::reason::PolicyRef;
use crate::scenario::{RequestText, ScenarioText};
use crate::trace::{ConditionTrace, EvalResult, StatementTrace};

use super::edit::{self, Document};
use super::{policy, Change, PolicyTarget, StatementTarget, Suggestion, SuggestionKind};

/// A statement of the trace, and its policy.
struct Traced<'r> {
    step: StepKind,
    target: PolicyTarget,
    statement: &'r StatementTrace,
}

fn traced(result: &EvalResult) -> Vec<Traced<'_>> {
    result
        .trace
        .iter()
        .flat_map(|step| {
            step.policies.iter().flat_map(move |p| {
                p.statements.iter().map(move |s| Traced {
                    step: step.step,
                    target: PolicyTarget {
                        policy_type: p.policy_type,
                        level: p.level.clone(),
                        policy: p.policy.clone(),
                    },
                    statement: s,
                })
            })
        })
        .collect()
}

fn suggestion(
    kind: SuggestionKind,
    summary: String,
    statement: Option<StatementTarget>,
    changes: Vec<Change>,
) -> Suggestion {
    Suggestion {
        kind,
        summary,
        statement,
        changes,
        // Set by `suggest` once the edit is evaluated.
        decision: Decision::ImplicitDeny,
    }
}

fn the(target: &PolicyTarget) -> String {
    PolicyRef {
        policy_type: target.policy_type,
        name: target.policy.clone(),
    }
    .to_string()
}

/// `statement 2 (`Sid`)`, counted from 1 as the explanation shows them.
fn label(statement: &StatementTrace) -> String {
    let number = statement.statement_index + 1;
    match &statement.sid {
        Some(sid) => format!("statement {number} (`{sid}`)"),
        None => format!("statement {number}"),
    }
}

fn at(t: &Traced<'_>) -> Option<StatementTarget> {
    Some(StatementTarget {
        policy: t.target.clone(),
        statement_index: t.statement.statement_index,
    })
}

fn replace(target: &PolicyTarget, document: String) -> Change {
    Change::ReplaceDocument {
        target: target.clone(),
        document,
    }
}

/// Edits that might allow a denied request, smallest first.
pub(super) fn grants(scenario: &ScenarioText, result: &EvalResult) -> Vec<Suggestion> {
    let traced = traced(result);
    let mut out = Vec::new();
    wanted_context(&traced, &mut out);
    let denies = traced
        .iter()
        .filter(|t| t.step == StepKind::DenyEvaluation && t.statement.matched);
    let denies: Vec<&Traced<'_>> = denies.collect();
    // With several Deny statements matching, narrowing or removing one
    // leaves the others: only a context value (which several may share)
    // or removing them all can lift the deny.
    let alone = denies.len() == 1;
    for t in &denies {
        unmatch_deny(scenario, t, alone, &mut out);
    }
    if !alone {
        remove_denies(scenario, &denies, &mut out);
    }
    add_allows(scenario, &traced, &mut out);
    out
}

/// Statement `index` of `document` without the patterns of its Action, then
/// of its Resource, that match `request`: what each takes out, and the new
/// text, where the element keeps other patterns.
fn narrowings(
    document: &Document<'_>,
    index: usize,
    request: &RequestText,
) -> Vec<(String, String)> {
    let action = document.without_patterns(index, "Action", |p| action_matches(p, &request.action));
    let resource = document.without_patterns(index, "Resource", |p| {
        resource_matches(p, &request.resource)
    });
    [
        ("Action", &request.action, action),
        ("Resource", &request.resource, resource),
    ]
    .into_iter()
    .filter_map(|(element, value, text)| {
        Some((
            format!("the patterns that match `{value}` out of the {element}"),
            text?,
        ))
    })
    .collect()
}

/// Several Deny statements match: none removed alone lifts the explicit
/// deny, so all of them go at once (one new text per policy).
fn remove_denies(scenario: &ScenarioText, denies: &[&Traced<'_>], out: &mut Vec<Suggestion>) {
    let mut targets: Vec<&PolicyTarget> = Vec::new();
    for t in denies {
        if !targets.contains(&&t.target) {
            targets.push(&t.target);
        }
    }
    let changes: Option<Vec<Change>> = targets
        .iter()
        .map(|target| {
            let indices: Vec<usize> = denies
                .iter()
                .filter(|t| t.target == **target)
                .map(|t| t.statement.statement_index)
                .collect();
            let text = Document::parse(&policy(scenario, target)?.document)?
                .without_statements(&indices)?;
            Some(replace(target, text))
        })
        .collect();
    if let Some(changes) = changes {
        let summary = format!(
            "remove the {} Deny statements that match (none alone is enough)",
            denies.len()
        );
        out.push(suggestion(SuggestionKind::Combined, summary, None, changes));
    }
}

/// For each Allow statement that applies but for its conditions: the
/// context values that make every condition match.
fn wanted_context(traced: &[Traced<'_>], out: &mut Vec<Suggestion>) {
    let failing = traced.iter().filter(|t| {
        let s = t.statement;
        s.effect == Effect::Allow && !s.matched && s.skipped.is_none() && elements_match(s)
    });
    for t in failing {
        let changes: Option<Vec<Change>> = t
            .statement
            .conditions
            .iter()
            .filter(|c| !c.matched)
            .map(|c| {
                wanted(c).map(|values| Change::SetContext {
                    key: c.key.clone(),
                    values,
                })
            })
            .collect();
        let Some(changes) = changes.filter(|c| !c.is_empty()) else {
            continue;
        };
        let values: Vec<String> = changes.iter().map(describe_context).collect();
        let summary = format!(
            "give the request {}: then {} of {} applies",
            values.join(" and "),
            label(t.statement),
            the(&t.target)
        );
        out.push(suggestion(
            SuggestionKind::SetContext,
            summary,
            at(t),
            changes,
        ));
    }
}

fn describe_context(change: &Change) -> String {
    match change {
        Change::SetContext { key, values } => {
            let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            format!("`{key}` = {}", values.join(", "))
        }
        _ => String::new(),
    }
}

/// A Deny statement that matched: a context value that makes one of its
/// conditions fail; when it is the only one that matched, its matching
/// patterns taken out, or the statement gone.
fn unmatch_deny(scenario: &ScenarioText, t: &Traced<'_>, alone: bool, out: &mut Vec<Suggestion>) {
    let what = format!("the Deny {} of {}", label(t.statement), the(&t.target));
    for condition in &t.statement.conditions {
        if let Some(values) = unwanted(condition) {
            let change = Change::SetContext {
                key: condition.key.clone(),
                values,
            };
            let summary = format!(
                "give the request {}: the condition `{}` of {what} no longer matches",
                describe_context(&change),
                condition.operator
            );
            out.push(suggestion(
                SuggestionKind::SetContext,
                summary,
                at(t),
                vec![change],
            ));
        }
    }
    let Some(text) = policy(scenario, &t.target)
        .map(|p| p.document.as_str())
        .filter(|_| alone)
    else {
        return;
    };
    let Some(document) = Document::parse(text) else {
        return;
    };
    let index = t.statement.statement_index;
    for (what_matches, text) in narrowings(&document, index, &scenario.request) {
        let summary = format!("take {what_matches} of {what}");
        out.push(suggestion(
            SuggestionKind::NarrowDeny,
            summary,
            at(t),
            vec![replace(&t.target, text)],
        ));
    }
    if let Some(text) = document.without_statement(index) {
        out.push(suggestion(
            SuggestionKind::RemoveDeny,
            format!("remove {what}"),
            at(t),
            vec![replace(&t.target, text)],
        ));
    }
}

/// An Allow statement for the request added to each policy that must allow
/// and does not, in the flowchart's order; the caller named in the
/// resource-based policy; a new identity-based policy.
fn add_allows(scenario: &ScenarioText, traced: &[Traced<'_>], out: &mut Vec<Suggestion>) {
    let allows = |target: &PolicyTarget| {
        traced.iter().any(|t| {
            t.target == *target && t.statement.effect == Effect::Allow && t.statement.matched
        })
    };
    let target = |policy_type, level: Option<&str>, policy: &str| PolicyTarget {
        policy_type,
        level: level.map(str::to_owned),
        policy: policy.to_owned(),
    };
    let mut targets: Vec<PolicyTarget> = Vec::new();
    for level in &scenario.service_control_policies {
        let level_targets: Vec<PolicyTarget> = level
            .policies
            .iter()
            .map(|p| target(PolicyType::Scp, Some(&level.name), &p.name))
            .collect();
        if !level_targets.iter().any(allows) {
            targets.extend(level_targets.into_iter().take(1));
        }
    }
    let singles = [
        (PolicyType::VpcEndpoint, &scenario.vpc_endpoint_policy),
        (PolicyType::Resource, &scenario.resource_policy),
    ];
    for (policy_type, policy) in singles {
        targets.extend(policy.iter().map(|p| target(policy_type, None, &p.name)));
    }
    let identity: Vec<PolicyTarget> = scenario
        .identity_policies
        .iter()
        .map(|p| target(PolicyType::Identity, None, &p.name))
        .collect();
    if !identity.iter().any(allows) {
        targets.extend(identity.into_iter().take(1));
    }
    let limits = [
        (
            PolicyType::PermissionsBoundary,
            &scenario.permissions_boundary,
        ),
        (PolicyType::Session, &scenario.session_policy),
    ];
    for (policy_type, policy) in limits {
        targets.extend(policy.iter().map(|p| target(policy_type, None, &p.name)));
    }
    let request = &scenario.request;
    let on = format!("`{}` on `{}`", request.action, request.resource);
    for target in targets.iter().filter(|t| !allows(t)) {
        let Some(statement) = allow_statement(target.policy_type, scenario) else {
            continue;
        };
        let Some(text) = policy(scenario, target)
            .and_then(|p| Document::parse(&p.document))
            .and_then(|d| d.with_statement(&statement))
        else {
            continue;
        };
        let (kind, summary) = if target.policy_type == PolicyType::Resource {
            (
                SuggestionKind::NamePrincipal,
                format!(
                    "add a statement to {} that allows `{}` to call {on}",
                    the(target),
                    request.principal
                ),
            )
        } else {
            (
                SuggestionKind::AddAllow,
                format!("add a statement to {} that allows {on}", the(target)),
            )
        };
        out.push(suggestion(kind, summary, None, vec![replace(target, text)]));
    }
    // A policy where the scenario has none.
    let new = [
        (PolicyType::Identity, scenario.identity_policies.is_empty()),
        (PolicyType::Resource, scenario.resource_policy.is_none()),
    ];
    for (policy_type, missing) in new {
        let Some(statement) = allow_statement(policy_type, scenario).filter(|_| missing) else {
            continue;
        };
        let (name, summary) = if policy_type == PolicyType::Resource {
            let name = if request.is_role_trust() {
                "trust policy"
            } else {
                "resource policy"
            };
            (
                name.to_owned(),
                format!(
                    "attach a {name} that allows `{}` to call {on}",
                    request.principal
                ),
            )
        } else {
            (
                format!("allow-{}", request.action.replace(':', "-")),
                format!("attach an identity-based policy that allows {on}"),
            )
        };
        out.push(suggestion(
            SuggestionKind::AddPolicy,
            summary,
            None,
            vec![Change::AddPolicy {
                policy_type,
                name,
                document: edit::document(&statement),
            }],
        ));
    }
}

/// An Allow statement for the request, as a policy of `kind` takes it.
fn allow_statement(kind: PolicyType, scenario: &ScenarioText) -> Option<String> {
    let request = &scenario.request;
    let effect = ("Effect", edit::string("Allow"));
    let action = ("Action", edit::string(&request.action));
    let resource = ("Resource", edit::string(&request.resource));
    let everyone = ("Principal", edit::string("*"));
    Some(edit::statement(&match kind {
        PolicyType::Identity | PolicyType::PermissionsBoundary | PolicyType::Session => {
            vec![effect, action, resource]
        }
        PolicyType::Scp => vec![effect, action, ("Resource", edit::string("*"))],
        PolicyType::VpcEndpoint => vec![effect, everyone, action, resource],
        PolicyType::Resource => {
            let principal = ("Principal", principal_element(&request.principal)?);
            if request.is_role_trust() {
                vec![effect, principal, action]
            } else {
                vec![effect, principal, action, resource]
            }
        }
        // RCPFullAWSAccess allows everything already: an RCP allow changes nothing.
        PolicyType::Rcp => return None,
    }))
}

/// The `Principal` value that names the request's caller.
fn principal_element(principal: &str) -> Option<String> {
    let parsed = RequestPrincipal::parse(principal).ok()?;
    let text = edit::string(&parsed.text);
    Some(match parsed.kind {
        RequestPrincipalKind::Anonymous => edit::string("*"),
        RequestPrincipalKind::Service => format!("{{ \"Service\": {text} }}"),
        RequestPrincipalKind::IdentityProvider => format!("{{ \"Federated\": {text} }}"),
        _ => format!("{{ \"AWS\": {text} }}"),
    })
}

/// Whether Action, Resource and Principal matched (the conditions aside).
fn elements_match(s: &StatementTrace) -> bool {
    [&s.action, &s.resource, &s.principal]
        .iter()
        .all(|e| e.as_ref().is_none_or(|e| e.matched))
}

/// The operator without its set qualifier and `IfExists`, lowercased.
fn base_operator(operator: &str) -> String {
    let lower = operator.to_ascii_lowercase();
    let unqualified = lower
        .strip_prefix("foranyvalue:")
        .or_else(|| lower.strip_prefix("forallvalues:"))
        .unwrap_or(&lower);
    unqualified
        .strip_suffix("ifexists")
        .unwrap_or(unqualified)
        .to_owned()
}

/// A policy value as a request value it matches: wildcards filled in, an
/// address range as its first address.
fn example_of(value: &str, operator: &str) -> String {
    if operator.starts_with("ipaddress") {
        return value.split('/').next().unwrap_or(value).to_owned();
    }
    if operator.ends_with("like") {
        return value.replace(['*', '?'], "x");
    }
    value.to_owned()
}

/// Values of the condition's key that make it match, as a guess.
fn wanted(condition: &ConditionTrace) -> Option<Vec<String>> {
    let operator = base_operator(&condition.operator);
    let first = condition.policy_values.first()?;
    let value = first.resolved.as_deref().unwrap_or(&first.value);
    let want = match operator.as_str() {
        "null" if value == "false" => "true".to_owned(),
        "null" => return None,
        o if o.contains("not") => format!("not-{value}"),
        "numericlessthan" => (value.parse::<i64>().ok()? - 1).to_string(),
        "numericgreaterthan" => (value.parse::<i64>().ok()? + 1).to_string(),
        "datelessthan" | "dategreaterthan" => return None,
        o => example_of(value, o),
    };
    Some(vec![want])
}

/// Values of a Deny condition's key that make it fail, as a guess: the
/// other boolean, a value a negated operator names, a key that was missing.
fn unwanted(condition: &ConditionTrace) -> Option<Vec<String>> {
    let operator = base_operator(&condition.operator);
    let first = condition.policy_values.first()?;
    let value = first.resolved.as_deref().unwrap_or(&first.value);
    let flip = match operator.as_str() {
        "bool" => match value.to_ascii_lowercase().as_str() {
            "true" => "false".to_owned(),
            "false" => "true".to_owned(),
            _ => return None,
        },
        "null" if value == "true" => "true".to_owned(),
        o if o.contains("not") => example_of(value, &o.replace("not", "")),
        _ => return None,
    };
    Some(vec![flip])
}

/// For an allowed request: each Allow statement that decided, removed.
pub(super) fn removals(scenario: &ScenarioText, result: &EvalResult) -> Vec<Suggestion> {
    let traced = traced(result);
    let mut out = Vec::new();
    for matched in result
        .matched_statements
        .iter()
        .filter(|m| m.effect == Effect::Allow)
    {
        let Some(t) = traced.iter().find(|t| {
            t.target.policy_type == matched.policy_type
                && t.target.policy == matched.policy
                && t.statement.statement_index == matched.statement_index
                && t.statement.effect == Effect::Allow
        }) else {
            continue;
        };
        let Some(document) = policy(scenario, &t.target).and_then(|p| Document::parse(&p.document))
        else {
            continue;
        };
        let index = matched.statement_index;
        // Smallest first: the patterns the access rests on, then the statement.
        for (what_matches, text) in narrowings(&document, index, &scenario.request) {
            let summary = format!(
                "take {what_matches} of {} of {}: the access rests on them",
                label(t.statement),
                the(&t.target)
            );
            out.push(suggestion(
                SuggestionKind::NarrowAllow,
                summary,
                at(t),
                vec![replace(&t.target, text)],
            ));
        }
        let Some(text) = document.without_statement(index) else {
            continue;
        };
        let summary = format!(
            "the access rests on {} of {}: without it the request is denied",
            label(t.statement),
            the(&t.target)
        );
        out.push(suggestion(
            SuggestionKind::RemoveAllow,
            summary,
            at(t),
            vec![replace(&t.target, text)],
        ));
    }
    out
}
