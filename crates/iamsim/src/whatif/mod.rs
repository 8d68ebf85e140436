//! The smallest change that flips a decision, for the scenario's request
//! or any entry of its `requests` ([`Target`]). For a denied request: the
//! edits that would allow it (a context value a condition wants, a Deny
//! statement narrowed or removed, an Allow added to the policy that lacks
//! it, the principal named in the trust or resource policy); for an allowed
//! request: the statements whose removal would deny it, what the access
//! rests on. Every suggestion is applied to a copy of the scenario and
//! evaluated before it is returned: none that does not flip the decision is
//! ever returned.
//!
//! A request whose check fails (its `expect` names another decision) gets
//! the edits that give it the expected decision instead. In an exercise,
//! only the policies it names editable are edited: the rest is read-only.
//!
//! Edits are data ([`Change`]): the policy and the new text of its document,
//! or the context key and its values, so that a front end applies one with
//! a click ([`apply`]) and undoes it by keeping what it replaced.

mod candidates;
mod edit;

use serde::Serialize;

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, DiagnosticId, LoadError};
use crate::eval::{evaluate, EvalOptions};
use crate::exercise;
use crate::kinds::{Decision, PolicyType};
use crate::scenario::{
    context_json, entry_context, field, ContextEntry, Exercise, PolicyText, RequestText, Scenario,
    ScenarioText,
};
use crate::source::Span;
use crate::trace::EvalResult;

/// Which policy of a scenario: its type, its organization level for SCPs
/// and RCPs, its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTarget {
    pub policy_type: PolicyType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub policy: String,
}

/// One edit of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "camelCase")]
pub enum Change {
    /// Gives the request's context key these values (added, or replacing
    /// the key's values; keys compare case-insensitively).
    #[serde(rename_all = "camelCase")]
    SetContext { key: String, values: Vec<String> },
    /// The same for entry `request` (from 0) of the scenario's `requests`:
    /// the entry's `context` (or, when it gives none, the scenario's, which
    /// it then stops taking) with the key set.
    #[serde(rename_all = "camelCase")]
    SetEntryContext {
        request: usize,
        key: String,
        values: Vec<String>,
    },
    /// Replaces a policy's document with this text.
    #[serde(rename_all = "camelCase")]
    ReplaceDocument {
        #[serde(flatten)]
        target: PolicyTarget,
        document: String,
    },
    /// Attaches a new policy (an identity-based policy, or the resource
    /// policy the scenario lacks).
    #[serde(rename_all = "camelCase")]
    AddPolicy {
        policy_type: PolicyType,
        name: String,
        document: String,
    },
}

/// What a suggestion does, for a front end to group and label them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SuggestionKind {
    /// Give the request a context value that a condition wants.
    SetContext,
    /// Take the patterns that match out of a Deny statement.
    NarrowDeny,
    RemoveDeny,
    /// Add an Allow statement to a policy that must allow (an identity
    /// policy, the boundary, the session policy, an SCP, the VPC endpoint
    /// policy).
    AddAllow,
    /// Name the caller in the resource-based policy (a trust policy, a key
    /// or bucket policy).
    NamePrincipal,
    /// Attach a policy that allows.
    AddPolicy,
    /// Several edits, none enough alone.
    Combined,
    /// For an allowed request: take the patterns that match out of an
    /// Allow statement the access rests on.
    NarrowAllow,
    /// For an allowed request: remove an Allow statement the access rests on.
    RemoveAllow,
}

/// A statement a suggestion is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTarget {
    #[serde(flatten)]
    pub policy: PolicyTarget,
    pub statement_index: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// One sentence: what to change, and why it flips the decision.
    pub summary: String,
    /// The statement it changes or rests on, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementTarget>,
    /// Applied together, in order.
    pub changes: Vec<Change>,
    /// The decision once applied, found by evaluating the changed scenario.
    pub decision: Decision,
}

/// The suggestions for a scenario's request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestions {
    /// The entry of `requests` they are for (its name); none: the
    /// scenario's own request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The decision as the scenario stands.
    pub decision: Decision,
    /// The decision the request's check expects and does not get: every
    /// suggestion gives it. None: every suggestion flips allowed / denied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Decision>,
    /// Smallest first: context values, then narrowed or removed denies,
    /// then added allows; a combined edit only when no single one flips it.
    pub suggestions: Vec<Suggestion>,
}

/// At most this many edits in a combined suggestion (one per step of the
/// flowchart that can deny).
const MAX_COMBINED: usize = 8;

/// At most this many candidates are evaluated, smallest first: each costs
/// an evaluation of the whole scenario, and a policy of a thousand
/// statements that fail on their conditions would otherwise cost a million
/// statement matches (seconds in the page).
const MAX_CANDIDATES: usize = 64;

/// Which request of a scenario to suggest for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The scenario's own `request`.
    Request,
    /// Entry N of `requests`, from 0.
    Entry(usize),
}

impl Target {
    /// The request `key` names: an entry of `requests` by name, `request`
    /// for the scenario's own, or an entry by its index. The error says
    /// which names there are.
    pub fn find(scenario: &Scenario, key: &str) -> Result<Target, String> {
        if let Some(i) = scenario.requests.iter().position(|r| r.name == key) {
            return Ok(Target::Entry(i));
        }
        if key == exercise::OWN_REQUEST {
            return Ok(Target::Request);
        }
        match key.parse::<usize>() {
            Ok(i) if i < scenario.requests.len() => Ok(Target::Entry(i)),
            _ => {
                let names: Vec<String> = std::iter::once(exercise::OWN_REQUEST)
                    .chain(scenario.requests.iter().map(|r| r.name.as_str()))
                    .map(|n| format!("`{n}`"))
                    .collect();
                Err(format!(
                    "the scenario has no request `{key}`: its requests are {} (or an entry's index in `requests`, from 0)",
                    names.join(", ")
                ))
            }
        }
    }
}

/// The verified edits that flip the decision of `scenario`'s request (or
/// give it the decision its failing `expect` names).
/// Fails when the scenario does not load.
pub fn suggest(scenario: &ScenarioText, options: &EvalOptions) -> Result<Suggestions, LoadError> {
    suggest_for(scenario, Target::Request, options)
}

/// [`suggest`] for the request `target`. An entry of `requests` is made the
/// scenario's request (what it leaves out filled in), and a context value
/// suggested for it is set in the entry ([`Change::SetEntryContext`]).
pub fn suggest_for(
    scenario: &ScenarioText,
    target: Target,
    options: &EvalOptions,
) -> Result<Suggestions, LoadError> {
    let loaded = scenario.load("scenario")?;
    let (focused, expect, name) = match target {
        Target::Request => (Cow::Borrowed(scenario), loaded.expect.as_ref(), None),
        Target::Entry(i) => {
            let Some(entry) = loaded.requests.get(i) else {
                return Err(no_entry(&loaded, i));
            };
            let focused = ScenarioText {
                request: RequestText::of(&entry.request),
                // Checks and the exercise stay with the scenario: the
                // focused copy is one request against the same policies.
                expect: None,
                requests: None,
                exercise: None,
                ..scenario.clone()
            };
            (
                Cow::Owned(focused),
                entry.expect.as_ref(),
                Some(entry.name.clone()),
            )
        }
    };
    let result = evaluate(&focused.load("scenario")?, options);
    let expected = expect.map(|e| e.decision).filter(|&d| d != result.decision);
    let mut found = verified(
        &focused,
        result,
        expected,
        loaded.exercise.as_ref(),
        options,
    );
    found.request = name;
    if let Target::Entry(i) = target {
        for change in found.suggestions.iter_mut().flat_map(|s| &mut s.changes) {
            if let Change::SetContext { key, values } = change {
                *change = Change::SetEntryContext {
                    request: i,
                    key: std::mem::take(key),
                    values: std::mem::take(values),
                };
            }
        }
    }
    Ok(found)
}

/// For every check of `scenario` that fails, the edits that make it pass.
pub fn suggest_failing(
    scenario: &ScenarioText,
    options: &EvalOptions,
) -> Result<Vec<Suggestions>, LoadError> {
    let loaded = scenario.load("scenario")?;
    let results = exercise::run(&loaded, options);
    exercise::checks(&loaded)
        .iter()
        .zip(&results)
        .filter(|(_, result)| result.passed == Some(false))
        .map(|(check, _)| {
            let target = check.entry.map_or(Target::Request, Target::Entry);
            suggest_for(scenario, target, options)
        })
        .collect()
}

fn no_entry(scenario: &Scenario, index: usize) -> LoadError {
    let count = scenario.requests.len();
    LoadError {
        sources: scenario.sources.clone(),
        diagnostics: vec![Diagnostic::error(
            DiagnosticId::InvalidArgument,
            format!("the scenario has no request {index}: `requests` has {count}"),
            Span::default(),
        )],
    }
}

/// The candidates for `scenario`'s request, as it evaluates to `result`,
/// that evaluation confirms: they give `expected`, or when none is, flip
/// allowed / denied. In an exercise, only those that edit its editable
/// policies.
fn verified(
    scenario: &ScenarioText,
    result: EvalResult,
    expected: Option<Decision>,
    exercise: Option<&Exercise>,
    options: &EvalOptions,
) -> Suggestions {
    let allowed = result.decision == Decision::Allowed;
    let reaches = |decision: Decision| match expected {
        Some(wanted) => decision == wanted,
        None => (decision == Decision::Allowed) != allowed,
    };
    let candidates = if allowed {
        candidates::removals(scenario, &result)
    } else {
        candidates::grants(scenario, &result)
    };
    let mut suggestions: Vec<Suggestion> = Vec::new();
    let permitted = candidates
        .into_iter()
        .filter(|c| permitted(exercise, c))
        .take(MAX_CANDIDATES);
    for mut candidate in permitted {
        if suggestions.iter().any(|s| s.changes == candidate.changes) {
            continue;
        }
        if let Some(after) = decision_after(scenario, &candidate.changes, options) {
            if reaches(after.decision) {
                candidate.decision = after.decision;
                suggestions.push(candidate);
            }
        }
    }
    if suggestions.is_empty() && !allowed && reaches(Decision::Allowed) {
        suggestions.extend(combined(scenario, result.clone(), exercise, options));
    }
    Suggestions {
        request: None,
        decision: result.decision,
        expected,
        suggestions,
    }
}

/// Whether `suggestion` edits only what the exercise lets the learner
/// edit: its editable policies' documents (not the request, which is
/// read-only, nor a new policy). Anything, outside an exercise.
fn permitted(exercise: Option<&Exercise>, suggestion: &Suggestion) -> bool {
    let Some(exercise) = exercise else {
        return true;
    };
    suggestion.changes.iter().all(|change| match change {
        Change::ReplaceDocument { target, .. } => exercise.is_editable(&target.policy),
        _ => false,
    })
}

/// When no single edit allows the request: the first edit that takes
/// evaluation further (a later step decides, or it is allowed), again from
/// there, until it is allowed.
fn combined(
    scenario: &ScenarioText,
    mut result: EvalResult,
    exercise: Option<&Exercise>,
    options: &EvalOptions,
) -> Option<Suggestion> {
    let mut current = scenario.clone();
    let mut taken: Vec<Suggestion> = Vec::new();
    while result.decision != Decision::Allowed {
        if taken.len() >= MAX_COMBINED {
            return None;
        }
        let (step, after) = candidates::grants(&current, &result)
            .into_iter()
            .filter(|candidate| permitted(exercise, candidate))
            .find_map(|candidate| {
                let after = decision_after(&current, &candidate.changes, options)?;
                let further =
                    after.decision == Decision::Allowed || after.trace.len() > result.trace.len();
                further.then_some((candidate, after))
            })?;
        for change in &step.changes {
            apply(&mut current, change);
        }
        result = after;
        taken.push(step);
    }
    let summaries: Vec<&str> = taken.iter().map(|s| s.summary.as_str()).collect();
    Some(Suggestion {
        kind: SuggestionKind::Combined,
        summary: format!(
            "together, since no one edit is enough: {}",
            summaries.join("; ")
        ),
        statement: None,
        changes: taken.into_iter().flat_map(|s| s.changes).collect(),
        decision: result.decision,
    })
}

/// The result once `changes` are applied; `None` when one does not apply or
/// the changed scenario does not load.
fn decision_after(
    scenario: &ScenarioText,
    changes: &[Change],
    options: &EvalOptions,
) -> Option<EvalResult> {
    let mut changed = scenario.clone();
    for change in changes {
        if !apply(&mut changed, change) {
            return None;
        }
    }
    let loaded = changed.load("scenario").ok()?;
    Some(evaluate(&loaded, options))
}

/// Applies `change` to `scenario`; false when the policy it names is not there.
pub fn apply(scenario: &mut ScenarioText, change: &Change) -> bool {
    match change {
        Change::SetContext { key, values } => {
            set_context(&mut scenario.request.context, key, values);
            true
        }
        Change::SetEntryContext {
            request,
            key,
            values,
        } => {
            let Some(requests) = scenario.requests.as_deref() else {
                return false;
            };
            let Some(given) = entry_context(requests, *request) else {
                return false;
            };
            let mut context = given.unwrap_or_else(|| scenario.request.context.clone());
            set_context(&mut context, key, values);
            let json = context_json(&context);
            match edit::with_member(requests, *request, field::CONTEXT, &json) {
                Some(text) => {
                    scenario.requests = Some(text);
                    true
                }
                None => false,
            }
        }
        Change::ReplaceDocument { target, document } => match policy_mut(scenario, target) {
            Some(policy) => {
                policy.document.clone_from(document);
                true
            }
            None => false,
        },
        Change::AddPolicy {
            policy_type,
            name,
            document,
        } => {
            let taken = match policy_type {
                PolicyType::Identity => false,
                PolicyType::Resource => scenario.resource_policy.is_some(),
                PolicyType::PermissionsBoundary => scenario.permissions_boundary.is_some(),
                PolicyType::Session => scenario.session_policy.is_some(),
                PolicyType::VpcEndpoint => scenario.vpc_endpoint_policy.is_some(),
                // A new organization level would only take access away.
                PolicyType::Scp | PolicyType::Rcp => true,
            };
            if !taken {
                let policy = PolicyText {
                    name: name.clone(),
                    document: document.clone(),
                    ..PolicyText::default()
                };
                scenario.add_policy(*policy_type, policy);
            }
            !taken
        }
    }
}

/// Gives `key` these values: added, or replacing the values of the key in
/// any case.
fn set_context(context: &mut Vec<ContextEntry>, key: &str, values: &[String]) {
    let entry = ContextEntry {
        key: key.to_owned(),
        values: values.to_vec(),
        multi: values.len() != 1,
    };
    match context.iter_mut().find(|e| e.key.eq_ignore_ascii_case(key)) {
        Some(existing) => *existing = entry,
        None => context.push(entry),
    }
}

/// Where a policy sits in a [`ScenarioText`].
#[derive(Clone, Copy)]
enum Slot {
    Identity(usize),
    Resource,
    Boundary,
    Session,
    VpcEndpoint,
    /// SCPs (true) or RCPs: the level's index, the policy's.
    Level(bool, usize, usize),
}

fn slot(scenario: &ScenarioText, target: &PolicyTarget) -> Option<Slot> {
    let named = |p: &PolicyText| p.name == target.policy;
    let single = |p: &Option<PolicyText>, slot| p.as_ref().filter(|p| named(p)).map(|_| slot);
    match target.policy_type {
        PolicyType::Identity => scenario
            .identity_policies
            .iter()
            .position(named)
            .map(Slot::Identity),
        PolicyType::Resource => single(&scenario.resource_policy, Slot::Resource),
        PolicyType::PermissionsBoundary => single(&scenario.permissions_boundary, Slot::Boundary),
        PolicyType::Session => single(&scenario.session_policy, Slot::Session),
        PolicyType::VpcEndpoint => single(&scenario.vpc_endpoint_policy, Slot::VpcEndpoint),
        PolicyType::Scp | PolicyType::Rcp => {
            let scp = target.policy_type == PolicyType::Scp;
            let levels = if scp {
                &scenario.service_control_policies
            } else {
                &scenario.resource_control_policies
            };
            levels.iter().enumerate().find_map(|(l, level)| {
                let in_level = target.level.as_ref().is_none_or(|name| *name == level.name);
                let index = level.policies.iter().position(named).filter(|_| in_level)?;
                Some(Slot::Level(scp, l, index))
            })
        }
    }
}

/// The policy `target` names.
pub fn policy<'s>(scenario: &'s ScenarioText, target: &PolicyTarget) -> Option<&'s PolicyText> {
    Some(match slot(scenario, target)? {
        Slot::Identity(i) => scenario.identity_policies.get(i)?,
        Slot::Resource => scenario.resource_policy.as_ref()?,
        Slot::Boundary => scenario.permissions_boundary.as_ref()?,
        Slot::Session => scenario.session_policy.as_ref()?,
        Slot::VpcEndpoint => scenario.vpc_endpoint_policy.as_ref()?,
        Slot::Level(scp, l, i) => {
            let levels = if scp {
                &scenario.service_control_policies
            } else {
                &scenario.resource_control_policies
            };
            levels.get(l)?.policies.get(i)?
        }
    })
}

/// The policy `target` names, to change.
pub fn policy_mut<'s>(
    scenario: &'s mut ScenarioText,
    target: &PolicyTarget,
) -> Option<&'s mut PolicyText> {
    Some(match slot(scenario, target)? {
        Slot::Identity(i) => scenario.identity_policies.get_mut(i)?,
        Slot::Resource => scenario.resource_policy.as_mut()?,
        Slot::Boundary => scenario.permissions_boundary.as_mut()?,
        Slot::Session => scenario.session_policy.as_mut()?,
        Slot::VpcEndpoint => scenario.vpc_endpoint_policy.as_mut()?,
        Slot::Level(scp, l, i) => {
            let levels = if scp {
                &mut scenario.service_control_policies
            } else {
                &mut scenario.resource_control_policies
            };
            levels.get_mut(l)?.policies.get_mut(i)?
        }
    })
}

#[cfg(test)]
mod tests;
