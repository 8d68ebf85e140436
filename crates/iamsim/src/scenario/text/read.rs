//! Scenario JSON text to a [`ScenarioText`]. Errors name the field.

use crate::json::{self, JsonValue, Key, Limits, Node};
use crate::scenario::field;

use super::{ContextEntry, LevelText, PolicyText, RequestText, ScenarioText, TextError};

type Read<T> = Result<T, String>;

pub(super) fn scenario(text: &str, limits: Limits) -> Result<ScenarioText, TextError> {
    let fail = |message: String| TextError(format!("not a valid scenario: {message}"));
    let (node, _) = json::parse_borrowed(text, limits).map_err(|diagnostics| {
        let source = crate::Source::new("scenario", text);
        let first = diagnostics
            .first()
            .map(|d| d.report(std::slice::from_ref(&source)));
        fail(first.map_or_else(String::new, |d| {
            format!("{} (line {}, column {})", d.message, d.line, d.column)
        }))
    })?;
    Reader { text }.scenario(&node).map_err(fail)
}

/// `docs`, `expect`, `requests`, `switchedOff` or `exercise`: small JSON texts, nested
/// no deeper than a policy.
pub(super) fn meta(
    text: &str,
) -> Result<(Node<'_>, Vec<crate::Diagnostic>), Vec<crate::Diagnostic>> {
    json::parse_borrowed(text, json::POLICY_LIMITS)
}

/// The string member `name` of an object.
pub(super) fn member_text(node: &Node<'_>, name: &str) -> Option<String> {
    match &node.value {
        JsonValue::Object(members) => members
            .iter()
            .find(|(k, _)| k.value == name)
            .and_then(|(_, v)| string(v)),
        _ => None,
    }
}

fn string(node: &Node<'_>) -> Option<String> {
    match &node.value {
        JsonValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn raw(&self, node: &Node<'_>) -> String {
        self.text
            .get(node.span.start as usize..node.span.end as usize)
            .unwrap_or_default()
            .to_string()
    }

    fn scenario(&self, node: &Node<'_>) -> Read<ScenarioText> {
        let mut scenario = ScenarioText::default();
        let mut has_request = false;
        for (key, value) in object(node, "the scenario")? {
            match &*key.value {
                field::TITLE => scenario.title = Some(text_of(value, field::TITLE)?),
                field::DESCRIPTION => {
                    scenario.description = Some(text_of(value, field::DESCRIPTION)?)
                }
                field::DOCS => scenario.docs = Some(self.raw(value)),
                field::EXPECT => scenario.expect = Some(self.raw(value)),
                field::REQUESTS => scenario.requests = Some(self.raw(value)),
                field::SWITCHED_OFF => scenario.switched_off = Some(self.raw(value)),
                field::EXERCISE => scenario.exercise = Some(self.raw(value)),
                field::REQUEST => {
                    scenario.request = request(value)?;
                    has_request = true;
                }
                field::IDENTITY_POLICIES => {
                    scenario.identity_policies =
                        self.policy_list(value, field::IDENTITY_POLICIES)?
                }
                field::RESOURCE_POLICY => scenario.resource_policy = Some(self.policy(value)?),
                field::PERMISSIONS_BOUNDARY => {
                    scenario.permissions_boundary = Some(self.policy(value)?)
                }
                field::SESSION_POLICY => scenario.session_policy = Some(self.policy(value)?),
                field::SERVICE_CONTROL_POLICIES => {
                    scenario.service_control_policies = self.levels(value)?
                }
                field::RESOURCE_CONTROL_POLICIES => {
                    scenario.resource_control_policies = self.levels(value)?
                }
                field::VPC_ENDPOINT_POLICY => {
                    scenario.vpc_endpoint_policy = Some(self.policy(value)?)
                }
                other => return Err(format!("unknown field `{other}`")),
            }
        }
        if !has_request {
            return Err(format!("missing field `{}`", field::REQUEST));
        }
        Ok(scenario)
    }

    fn policy(&self, node: &Node<'_>) -> Read<PolicyText> {
        let mut policy = PolicyText::default();
        let mut has_document = false;
        for (key, value) in object(node, "a policy")? {
            match &*key.value {
                field::NAME => policy.name = text_of(value, field::NAME)?,
                field::DOCUMENT => {
                    policy.document = match &value.value {
                        JsonValue::String(s) => s.to_string(),
                        _ => dedent(&self.raw(value)),
                    };
                    has_document = true;
                }
                field::ATTACHED_TO => {
                    policy.attached_to = Some(text_of(value, field::ATTACHED_TO)?)
                }
                field::MANAGED => match value.value {
                    JsonValue::Bool(b) => policy.managed = Some(b),
                    _ => return Err(format!("`{}` must be true or false", field::MANAGED)),
                },
                other => return Err(format!("unknown field `{other}` in a policy")),
            }
        }
        if !has_document {
            return Err(format!(
                "the policy `{}` has no `{}`",
                policy.name,
                field::DOCUMENT
            ));
        }
        Ok(policy)
    }

    fn policy_list(&self, node: &Node<'_>, field: &str) -> Read<Vec<PolicyText>> {
        array(node, field)?.iter().map(|p| self.policy(p)).collect()
    }

    fn levels(&self, node: &Node<'_>) -> Read<Vec<LevelText>> {
        array(node, "a list of levels")?
            .iter()
            .map(|node| {
                let mut level = LevelText::default();
                for (key, value) in object(node, "a level")? {
                    match &*key.value {
                        field::NAME => level.name = text_of(value, field::NAME)?,
                        field::POLICIES => {
                            level.policies = self.policy_list(value, field::POLICIES)?
                        }
                        other => return Err(format!("unknown field `{other}` in a level")),
                    }
                }
                Ok(level)
            })
            .collect()
    }
}

fn request(node: &Node<'_>) -> Read<RequestText> {
    let mut request = RequestText::default();
    for (key, value) in object(node, "`request`")? {
        match &*key.value {
            field::PRINCIPAL => request.principal = text_of(value, field::PRINCIPAL)?,
            field::ACTION => request.action = text_of(value, field::ACTION)?,
            field::RESOURCE => request.resource = text_of(value, field::RESOURCE)?,
            field::RESOURCE_ACCOUNT => {
                request.resource_account = Some(text_of(value, field::RESOURCE_ACCOUNT)?)
            }
            field::CONTEXT => request.context = context(value)?,
            other => return Err(format!("unknown field `{other}` in `request`")),
        }
    }
    Ok(request)
}

type Members<'n, 't> = &'n [(Key<'t>, Node<'t>)];

fn object<'n, 't>(node: &'n Node<'t>, what: &str) -> Read<Members<'n, 't>> {
    match &node.value {
        JsonValue::Object(members) => Ok(members),
        _ => Err(format!(
            "{what} must be an object, not {}",
            node.kind_name()
        )),
    }
}

fn array<'n, 't>(node: &'n Node<'t>, what: &str) -> Read<&'n [Node<'t>]> {
    match &node.value {
        JsonValue::Array(items) => Ok(items),
        _ => Err(format!(
            "`{what}` must be an array, not {}",
            node.kind_name()
        )),
    }
}

fn text_of(node: &Node<'_>, field: &str) -> Read<String> {
    string(node).ok_or_else(|| format!("`{field}` must be a string, not {}", node.kind_name()))
}

/// A context value is a string, or an array of them; numbers and booleans
/// are read as their text, as the loader does.
pub(super) fn context(node: &Node<'_>) -> Read<Vec<ContextEntry>> {
    let scalar = |node: &Node<'_>| match &node.value {
        JsonValue::String(s) | JsonValue::Number(s) => Ok(s.to_string()),
        JsonValue::Bool(b) => Ok(b.to_string()),
        _ => Err(format!(
            "a context value must be a string or an array of strings, not {}",
            node.kind_name()
        )),
    };
    object(node, "`context`")?
        .iter()
        .map(|(key, value)| {
            let (values, multi) = match &value.value {
                JsonValue::Array(items) => (items.iter().map(scalar).collect::<Read<_>>()?, true),
                _ => (vec![scalar(value)?], false),
            };
            Ok(ContextEntry {
                key: key.value.to_string(),
                values,
                multi,
            })
        })
        .collect()
}

/// Removes the indentation of the closing brace from every line but the first.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            let strip = indent.min(line.len() - line.trim_start().len());
            out.push_str(line.get(strip..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}
