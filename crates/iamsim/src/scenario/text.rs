//! A scenario as text fields: the scenario format (`docs/scenario.md`)
//! as a plain Rust value in which every policy document is the text a person
//! typed or a file held. Front ends that build or edit scenarios (the web
//! page's state and share links, the CLI's flags and `check`) hold one,
//! write it with [`ScenarioText::to_json`], read it with
//! [`ScenarioText::from_json`], and evaluate it through
//! [`ScenarioText::load`] (or [`ScenarioText::load_placed`]) without writing
//! JSON and reading it back.
//!
//! No serde: the reader is the evaluator's own JSON reader, the writer is
//! [`JsonWriter`], so a WebAssembly front end links no serde code for it.

mod read;
mod tree;

use crate::diagnostic::{Diagnostic, LoadError};
use crate::json::{JsonValue, JsonWriter, Limits};
use crate::kinds::{Decision, PolicyType};
use crate::scenario::field;
use crate::scenario::{ContextValue, DocRef, Exercise, Request, Scenario};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioText {
    pub title: Option<String>,
    pub description: Option<String>,
    /// `docs` as JSON text: kept as given, checked by the loader.
    pub docs: Option<String>,
    /// `expect` as JSON text: kept as given, checked by the loader.
    pub expect: Option<String>,
    /// `requests` as JSON text: kept as given, checked by the loader.
    pub requests: Option<String>,
    /// `switchedOff` as JSON text: kept as given, checked by the loader.
    pub switched_off: Option<String>,
    /// `exercise` as JSON text: kept as given, checked by the loader; read
    /// with [`exercise_of`] where the scenario may not load.
    pub exercise: Option<String>,
    pub request: RequestText,
    pub identity_policies: Vec<PolicyText>,
    pub resource_policy: Option<PolicyText>,
    pub permissions_boundary: Option<PolicyText>,
    pub session_policy: Option<PolicyText>,
    pub service_control_policies: Vec<LevelText>,
    pub resource_control_policies: Vec<LevelText>,
    pub vpc_endpoint_policy: Option<PolicyText>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestText {
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    /// In the author's order.
    pub context: Vec<ContextEntry>,
}

/// One condition key of the request's context and its values. `multi`
/// keeps a one-element array an array.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContextEntry {
    pub key: String,
    pub values: Vec<String>,
    pub multi: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyText {
    pub name: String,
    /// The document's text (a document written as a JSON object is read as
    /// its original text).
    pub document: String,
    pub attached_to: Option<String>,
    pub managed: Option<bool>,
}

/// An organization level of SCPs or RCPs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LevelText {
    pub name: String,
    pub policies: Vec<PolicyText>,
}

/// Why a text is not a scenario; the message says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError(pub String);

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl ScenarioText {
    /// Reads a scenario's JSON text under `limits`. Policy documents written
    /// as JSON objects keep their original text (key order and layout),
    /// re-indented to start at column one. The first problem fails it: the
    /// loader reports every problem of what this reads.
    pub fn from_json(text: &str, limits: Limits) -> Result<ScenarioText, TextError> {
        read::scenario(text, limits)
    }

    /// The scenario's JSON, compact, every document as a string.
    pub fn to_json(&self) -> String {
        let mut w = JsonWriter::default();
        w.open('{');
        w.opt_str(field::TITLE, self.title.as_deref());
        w.opt_str(field::DESCRIPTION, self.description.as_deref());
        w.opt_raw(field::DOCS, self.docs.as_deref());
        w.opt_raw(field::EXPECT, self.expect.as_deref());
        w.key(field::REQUEST);
        write_request(&mut w, &self.request);
        w.opt_raw(field::REQUESTS, self.requests.as_deref());
        w.opt_raw(field::SWITCHED_OFF, self.switched_off.as_deref());
        w.opt_raw(field::EXERCISE, self.exercise.as_deref());
        if !self.identity_policies.is_empty() {
            w.array(
                field::IDENTITY_POLICIES,
                &self.identity_policies,
                write_policy,
            );
        }
        let singles = [
            (field::RESOURCE_POLICY, &self.resource_policy),
            (field::PERMISSIONS_BOUNDARY, &self.permissions_boundary),
            (field::SESSION_POLICY, &self.session_policy),
        ];
        write_singles(&mut w, singles);
        let levels = [
            (
                field::SERVICE_CONTROL_POLICIES,
                &self.service_control_policies,
            ),
            (
                field::RESOURCE_CONTROL_POLICIES,
                &self.resource_control_policies,
            ),
        ];
        for (key, levels) in levels {
            if !levels.is_empty() {
                w.array(key, levels, write_level);
            }
        }
        write_singles(
            &mut w,
            [(field::VPC_ENDPOINT_POLICY, &self.vpc_endpoint_policy)],
        );
        w.close('}');
        w.out
    }

    /// Loads the scenario for evaluation, straight from these fields (no
    /// JSON is written and read back). The scenario has no text of its own:
    /// `sources[0]`, named `name`, is empty, and problems outside a policy
    /// document point at its start. Each document is a source of its own,
    /// named after its policy.
    pub fn load(&self, name: &str) -> Result<Scenario, LoadError> {
        self.load_with(name, super::LoadOptions::default())
    }

    /// [`ScenarioText::load`], in a draft if `options` ask for one.
    pub fn load_with(
        &self,
        name: &str,
        options: super::LoadOptions,
    ) -> Result<Scenario, LoadError> {
        let (node, json_errors) = tree::scenario(self).map_err(|diagnostics| LoadError {
            sources: vec![crate::Source::new(name, "")],
            diagnostics,
        })?;
        super::load::load_tree(&node, json_errors, name, options)
    }

    /// [`ScenarioText::load_with`], with every problem given a place to
    /// point at. The typed load has no scenario text, so a problem in the
    /// scenario itself (a request value, a context key given twice, `docs`,
    /// `expect`) would point at an empty text; for those (rare) cases the
    /// scenario's JSON is written and loaded instead, and the problem points
    /// at the value where it stands in it. A policy document's problems
    /// point into the document's own text either way, so typing in a policy
    /// never writes JSON.
    pub fn load_placed(
        &self,
        name: &str,
        options: super::LoadOptions,
    ) -> Result<Scenario, LoadError> {
        let loaded = self.load_with(name, options);
        let of_the_scenario = |d: &Diagnostic| d.source == 0;
        let unplaced = match &loaded {
            Ok(scenario) => scenario
                .warnings
                .iter()
                .chain(&scenario.draft_errors)
                .any(of_the_scenario),
            Err(error) => error.diagnostics.iter().any(of_the_scenario),
        };
        if unplaced {
            super::load_scenario_with(&self.to_json(), name, options)
        } else {
            loaded
        }
    }

    /// Puts `policy` where policies of `kind` go: identity policies join the
    /// list, an SCP or RCP gets an organization level of its own (named
    /// after it), any other kind takes its one slot.
    pub fn add_policy(&mut self, kind: PolicyType, policy: PolicyText) {
        let level = |policy: PolicyText| LevelText {
            name: policy.name.clone(),
            policies: vec![policy],
        };
        match kind {
            PolicyType::Identity => self.identity_policies.push(policy),
            PolicyType::Resource => self.resource_policy = Some(policy),
            PolicyType::PermissionsBoundary => self.permissions_boundary = Some(policy),
            PolicyType::Session => self.session_policy = Some(policy),
            PolicyType::VpcEndpoint => self.vpc_endpoint_policy = Some(policy),
            PolicyType::Scp => self.service_control_policies.push(level(policy)),
            PolicyType::Rcp => self.resource_control_policies.push(level(policy)),
        }
    }

    /// Every policy, in the order the evaluator reads them.
    pub fn policies(&self) -> impl Iterator<Item = &PolicyText> {
        fn levels(levels: &[LevelText]) -> impl Iterator<Item = &PolicyText> {
            levels.iter().flat_map(|l| l.policies.iter())
        }
        self.identity_policies
            .iter()
            .chain(self.resource_policy.iter())
            .chain(self.permissions_boundary.iter())
            .chain(self.session_policy.iter())
            .chain(levels(&self.service_control_policies))
            .chain(levels(&self.resource_control_policies))
            .chain(self.vpc_endpoint_policy.iter())
    }
}

/// The AWS pages a scenario's `docs` (its JSON text) cites, as far as they
/// can be read.
pub fn doc_refs(docs: &str) -> Vec<DocRef> {
    let Ok((node, _)) = read::meta(docs) else {
        return Vec::new();
    };
    let JsonValue::Array(items) = &node.value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let page = read::member_text(item, field::PAGE)?;
            let heading = read::member_text(item, field::HEADING);
            Some(DocRef { page, heading })
        })
        .collect()
}

/// The decision a scenario's `expect` (its JSON text) names, when it names one.
pub fn expected_decision(expect: &str) -> Option<Decision> {
    let (node, _) = read::meta(expect).ok()?;
    read::member_text(&node, field::DECISION)?.parse().ok()
}

/// The exercise a scenario's `exercise` (its JSON text) describes, as far
/// as it can be read: a page keeps its read-only policies read-only while
/// the learner's text does not load, so this never fails on the rest of the
/// scenario. The loader checks it ([`Scenario::exercise`]).
pub fn exercise_of(exercise: &str) -> Option<Exercise> {
    let (node, _) = read::meta(exercise).ok()?;
    let goal = read::member_text(&node, field::GOAL).unwrap_or_default();
    let editable = match &node.value {
        JsonValue::Object(members) => members
            .iter()
            .find(|(k, _)| k.value == field::EDITABLE)
            .map(|(_, list)| match &list.value {
                JsonValue::Array(items) => items
                    .iter()
                    .filter_map(|item| read::member_text(item, field::POLICY))
                    .collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default(),
        _ => return None,
    };
    Some(Exercise { goal, editable })
}

impl RequestText {
    /// A loaded request as text fields: an entry of `requests` with what it
    /// takes from the scenario's request filled in.
    pub fn of(request: &Request) -> RequestText {
        RequestText {
            principal: request.principal.text.clone(),
            action: request.action.clone(),
            resource: request.resource.clone(),
            resource_account: request.resource_account.clone(),
            context: request
                .context
                .iter()
                .map(|(key, value)| ContextEntry {
                    key: key.to_owned(),
                    values: value.values().to_vec(),
                    multi: matches!(value, ContextValue::Multi(_)),
                })
                .collect(),
        }
    }

    /// True when the resource policy is a role's trust policy: the action is
    /// `sts:AssumeRole*` on a role ARN (see the scenario spec, `resourcePolicy`).
    pub fn is_role_trust(&self) -> bool {
        let action = self.action.to_ascii_lowercase();
        action.starts_with("sts:assumerole")
            && self.resource.starts_with("arn:")
            && self
                .resource
                .split(':')
                .nth(5)
                .is_some_and(|r| r.starts_with("role/"))
    }
}

fn write_request(w: &mut JsonWriter, r: &RequestText) {
    w.open('{');
    w.field(field::PRINCIPAL, &r.principal);
    w.field(field::ACTION, &r.action);
    w.field(field::RESOURCE, &r.resource);
    w.opt_str(field::RESOURCE_ACCOUNT, r.resource_account.as_deref());
    if !r.context.is_empty() {
        w.key(field::CONTEXT);
        write_context(w, &r.context);
    }
    w.close('}');
}

fn write_context(w: &mut JsonWriter, context: &[ContextEntry]) {
    w.open('{');
    for entry in context {
        w.key(&entry.key);
        match entry.values.as_slice() {
            [one] if !entry.multi => w.value(one),
            values => {
                w.separate();
                w.open('[');
                values.iter().for_each(|v| w.value(v));
                w.close(']');
            }
        }
    }
    w.close('}');
}

/// A request's `context` as JSON text.
pub fn context_json(context: &[ContextEntry]) -> String {
    let mut w = JsonWriter::default();
    write_context(&mut w, context);
    w.out
}

/// The `context` entry `index` of a scenario's `requests` (its JSON text)
/// gives: `Some(None)` when it gives none (it takes the scenario's), `None`
/// when there is no such entry or its context cannot be read.
pub fn entry_context(requests: &str, index: usize) -> Option<Option<Vec<ContextEntry>>> {
    let (node, _) = read::meta(requests).ok()?;
    let JsonValue::Array(items) = &node.value else {
        return None;
    };
    let JsonValue::Object(members) = &items.get(index)?.value else {
        return None;
    };
    match members.iter().find(|(k, _)| k.value == field::CONTEXT) {
        Some((_, context)) => read::context(context).ok().map(Some),
        None => Some(None),
    }
}

fn write_policy(w: &mut JsonWriter, p: &PolicyText) {
    w.separate();
    w.open('{');
    w.field(field::NAME, &p.name);
    w.field(field::DOCUMENT, &p.document);
    w.opt_str(field::ATTACHED_TO, p.attached_to.as_deref());
    if let Some(managed) = p.managed {
        w.raw_field(field::MANAGED, if managed { "true" } else { "false" });
    }
    w.close('}');
}

fn write_singles<const N: usize>(w: &mut JsonWriter, singles: [(&str, &Option<PolicyText>); N]) {
    for (key, policy) in singles {
        if let Some(policy) = policy {
            w.key(key);
            write_policy(w, policy);
        }
    }
}

fn write_level(w: &mut JsonWriter, level: &LevelText) {
    w.separate();
    w.open('{');
    w.field(field::NAME, &level.name);
    w.array(field::POLICIES, &level.policies, write_policy);
    w.close('}');
}

#[cfg(test)]
mod tests;
