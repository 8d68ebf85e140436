//! The smallest change that flips a decision. For a denied request: the
//! edits that would allow it (a context value a condition wants, a Deny
//! statement narrowed or removed, an Allow added to the policy that lacks
//! it, the principal named in the trust or resource policy); for an allowed
//! request: the statements whose removal would deny it, what the access
//! rests on. Every suggestion is applied to a copy of the scenario and
//! evaluated before it is returned: none that does not flip the decision is
//! ever returned.
//!
//! Edits are data ([`Change`]): the policy and the new text of its document,
//! or the context key and its values, so that a front end applies one with
//! a click ([`apply`]) and undoes it by keeping what it replaced.

mod candidates;
mod edit;

use serde::Serialize;

use crate::diagnostic::LoadError;
use crate::eval::{evaluate, EvalOptions};
use crate::kinds::{Decision, PolicyType};
use crate::scenario::{ContextEntry, PolicyText, ScenarioText};
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
    /// The decision as the scenario stands.
    pub decision: Decision,
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

/// The verified edits that flip the decision of `scenario`'s request.
/// Fails when the scenario does not load.
pub fn suggest(scenario: &ScenarioText, options: &EvalOptions) -> Result<Suggestions, LoadError> {
    let loaded = scenario.load("scenario")?;
    let result = evaluate(&loaded, options);
    let allowed = result.decision == Decision::Allowed;
    let flips = |decision: Decision| (decision == Decision::Allowed) != allowed;
    let candidates = if allowed {
        candidates::removals(scenario, &result)
    } else {
        candidates::grants(scenario, &result)
    };
    let mut suggestions: Vec<Suggestion> = Vec::new();
    for mut candidate in candidates.into_iter().take(MAX_CANDIDATES) {
        if suggestions.iter().any(|s| s.changes == candidate.changes) {
            continue;
        }
        if let Some(after) = decision_after(scenario, &candidate.changes, options) {
            if flips(after.decision) {
                candidate.decision = after.decision;
                suggestions.push(candidate);
            }
        }
    }
    if suggestions.is_empty() && !allowed {
        suggestions.extend(combined(scenario, result.clone(), options));
    }
    Ok(Suggestions {
        decision: result.decision,
        suggestions,
    })
}

/// When no single edit allows the request: the first edit that takes
/// evaluation further (a later step decides, or it is allowed), again from
/// there, until it is allowed.
fn combined(
    scenario: &ScenarioText,
    mut result: EvalResult,
    options: &EvalOptions,
) -> Option<Suggestion> {
    let mut current = scenario.clone();
    let mut taken: Vec<Suggestion> = Vec::new();
    while result.decision != Decision::Allowed {
        if taken.len() >= MAX_COMBINED {
            return None;
        }
        let (step, after) =
            candidates::grants(&current, &result)
                .into_iter()
                .find_map(|candidate| {
                    let after = decision_after(&current, &candidate.changes, options)?;
                    let further = after.decision == Decision::Allowed
                        || after.trace.len() > result.trace.len();
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
            let entry = ContextEntry {
                key: key.clone(),
                values: values.clone(),
                multi: values.len() != 1,
            };
            let context = &mut scenario.request.context;
            match context.iter_mut().find(|e| e.key.eq_ignore_ascii_case(key)) {
                Some(existing) => *existing = entry,
                None => context.push(entry),
            }
            true
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
