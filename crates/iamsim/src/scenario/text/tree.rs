//! A [`ScenarioText`] as the JSON tree the loader reads, borrowing every
//! string from it: loading it this way skips writing the scenario's JSON and
//! reading it back. There is no scenario text, so every value's span is
//! empty, at 0; `docs`, `expect`, `requests`, `switchedOff` and `exercise` are read from
//! their own JSON text.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::json::{JsonNode, JsonValue, Key, Node};
use crate::scenario::field;
use crate::source::{Span, Spanned};

use super::{read, LevelText, PolicyText, RequestText, ScenarioText};

type Members<'t> = Vec<(Key<'t>, Node<'t>)>;

/// The tree, and the problems found in the JSON of `docs` and `expect`.
pub(super) fn scenario(s: &ScenarioText) -> Result<(Node<'_>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut members = Members::new();
    let mut json_errors = Vec::new();
    for (name, text) in [
        (field::TITLE, &s.title),
        (field::DESCRIPTION, &s.description),
    ] {
        if let Some(text) = text {
            members.push((key(name), string(text)));
        }
    }
    meta(&mut members, &mut json_errors, field::DOCS, &s.docs)?;
    meta(&mut members, &mut json_errors, field::EXPECT, &s.expect)?;
    members.push((key(field::REQUEST), request(&s.request)));
    meta(&mut members, &mut json_errors, field::REQUESTS, &s.requests)?;
    meta(
        &mut members,
        &mut json_errors,
        field::SWITCHED_OFF,
        &s.switched_off,
    )?;
    meta(&mut members, &mut json_errors, field::EXERCISE, &s.exercise)?;
    if !s.identity_policies.is_empty() {
        let list = s.identity_policies.iter().map(policy).collect();
        members.push((key(field::IDENTITY_POLICIES), array(list)));
    }
    let singles = [
        (field::RESOURCE_POLICY, &s.resource_policy),
        (field::PERMISSIONS_BOUNDARY, &s.permissions_boundary),
        (field::SESSION_POLICY, &s.session_policy),
        (field::VPC_ENDPOINT_POLICY, &s.vpc_endpoint_policy),
    ];
    for (name, single) in singles {
        if let Some(p) = single {
            members.push((key(name), policy(p)));
        }
    }
    let levels = [
        (field::SERVICE_CONTROL_POLICIES, &s.service_control_policies),
        (
            field::RESOURCE_CONTROL_POLICIES,
            &s.resource_control_policies,
        ),
    ];
    for (name, list) in levels {
        if !list.is_empty() {
            members.push((key(name), array(list.iter().map(level).collect())));
        }
    }
    Ok((object(members), json_errors))
}

/// Adds the field `name` read from its own JSON text, when there is one.
fn meta<'t>(
    members: &mut Members<'t>,
    json_errors: &mut Vec<Diagnostic>,
    name: &'t str,
    json: &'t Option<String>,
) -> Result<(), Vec<Diagnostic>> {
    if let Some(json) = json {
        let (node, errors) = read::meta(json)?;
        json_errors.extend(errors);
        members.push((key(name), node));
    }
    Ok(())
}

fn request(r: &RequestText) -> Node<'_> {
    let mut members = vec![
        (key(field::PRINCIPAL), string(&r.principal)),
        (key(field::ACTION), string(&r.action)),
        (key(field::RESOURCE), string(&r.resource)),
    ];
    if let Some(account) = &r.resource_account {
        members.push((key(field::RESOURCE_ACCOUNT), string(account)));
    }
    if !r.context.is_empty() {
        let context = r
            .context
            .iter()
            .map(|entry| {
                let value = match entry.values.as_slice() {
                    [one] if !entry.multi => string(one),
                    values => array(values.iter().map(|v| string(v)).collect()),
                };
                (key(&entry.key), value)
            })
            .collect();
        members.push((key(field::CONTEXT), object(context)));
    }
    object(members)
}

fn policy(p: &PolicyText) -> Node<'_> {
    let mut members = vec![
        (key(field::NAME), string(&p.name)),
        (key(field::DOCUMENT), string(&p.document)),
    ];
    if let Some(attached_to) = &p.attached_to {
        members.push((key(field::ATTACHED_TO), string(attached_to)));
    }
    if let Some(managed) = p.managed {
        members.push((key(field::MANAGED), node(JsonValue::Bool(managed))));
    }
    object(members)
}

fn level(l: &LevelText) -> Node<'_> {
    let policies = l.policies.iter().map(policy).collect();
    object(vec![
        (key(field::NAME), string(&l.name)),
        (key(field::POLICIES), array(policies)),
    ])
}

fn node(value: JsonValue<Cow<'_, str>>) -> Node<'_> {
    JsonNode {
        value,
        span: Span::default(),
    }
}

fn key(name: &str) -> Key<'_> {
    Spanned::new(Cow::Borrowed(name), Span::default())
}

fn string(text: &str) -> Node<'_> {
    node(JsonValue::String(Cow::Borrowed(text)))
}

fn array(items: Vec<Node<'_>>) -> Node<'_> {
    node(JsonValue::Array(items))
}

fn object(members: Members<'_>) -> Node<'_> {
    node(JsonValue::Object(members))
}
