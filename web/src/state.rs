//! The page's state: a plain mirror of the scenario format
//! (`docs/scenario.md`) in which every policy document is the text the
//! user typed. Imports (examples, files, share links) read into it; every edit
//! writes it back to scenario JSON for `iamsim::load_scenario`.
//!
//! Reading uses the evaluator's own JSON reader (`iamsim::json`: depth and
//! size limits, spans), which the page carries anyway; writing is a small
//! JSON writer. Neither needs serde's generated code, which keeps the page's
//! WebAssembly small.

use iamsim::json::{JsonNode, JsonValue, Limits};

use crate::json_text::JsonText;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioState {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The JSON text as given: the page only shows it, the loader checks it.
    pub docs: Option<String>,
    pub expect: Option<String>,
    pub request: RequestState,
    pub identity_policies: Vec<PolicyState>,
    pub resource_policy: Option<PolicyState>,
    pub permissions_boundary: Option<PolicyState>,
    pub session_policy: Option<PolicyState>,
    pub service_control_policies: Vec<LevelState>,
    pub resource_control_policies: Vec<LevelState>,
    pub vpc_endpoint_policy: Option<PolicyState>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestState {
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    pub context: Vec<ContextRow>,
}

/// One row of the context table. `multi` keeps a one-element array an array.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContextRow {
    pub key: String,
    pub values: Vec<String>,
    pub multi: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyState {
    pub name: String,
    /// The text as typed (an object in the input becomes its original text).
    pub document: String,
    pub attached_to: Option<String>,
    pub managed: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LevelState {
    pub name: String,
    pub policies: Vec<PolicyState>,
}

/// Why a text could not become the page's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the page opens: as large as a share link may inflate to, nested no
/// deeper than a policy may be.
const IMPORT_LIMITS: Limits = Limits {
    max_bytes: crate::share::MAX_INFLATED_BYTES,
    max_depth: 64,
};

impl ScenarioState {
    /// Reads a scenario file's text. Policy documents written as JSON objects
    /// keep their original text, re-indented to start at column one.
    pub fn from_json(text: &str) -> Result<ScenarioState, ImportError> {
        let fail = |message: String| ImportError(format!("not a valid scenario: {message}"));
        let (node, _) =
            iamsim::json::parse_with_limits(text, IMPORT_LIMITS).map_err(|diagnostics| {
                let source = iamsim::Source::new("scenario", text);
                let first = diagnostics
                    .first()
                    .map(|d| d.report(std::slice::from_ref(&source)));
                fail(first.map_or_else(String::new, |d| {
                    format!("{} (line {}, column {})", d.message, d.line, d.column)
                }))
            })?;
        Reader { text }.scenario(&node).map_err(fail)
    }

    /// The scenario JSON the evaluator loads: every document as a string.
    pub fn to_json(&self) -> String {
        let mut w = JsonText::default();
        w.open('{');
        w.opt_str("title", self.title.as_deref());
        w.opt_str("description", self.description.as_deref());
        w.opt_raw("docs", self.docs.as_deref());
        w.opt_raw("expect", self.expect.as_deref());
        w.key("request");
        w.request(&self.request);
        w.policies("identityPolicies", &self.identity_policies);
        w.opt_policy("resourcePolicy", self.resource_policy.as_ref());
        w.opt_policy("permissionsBoundary", self.permissions_boundary.as_ref());
        w.opt_policy("sessionPolicy", self.session_policy.as_ref());
        w.levels("serviceControlPolicies", &self.service_control_policies);
        w.levels("resourceControlPolicies", &self.resource_control_policies);
        w.opt_policy("vpcEndpointPolicy", self.vpc_endpoint_policy.as_ref());
        w.close('}');
        w.out
    }

    /// The scenario JSON for export, indented for people.
    pub fn to_pretty_json(&self) -> String {
        crate::components::editor_edit::format_json(&self.to_json())
            .unwrap_or_else(|| self.to_json())
    }

    /// Every policy, in the order the evaluator reads them.
    pub fn policies(&self) -> impl Iterator<Item = &PolicyState> {
        fn levels(levels: &[LevelState]) -> impl Iterator<Item = &PolicyState> {
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

/// The AWS pages a scenario's `docs` cites: (page, heading).
pub fn doc_refs(docs: &str) -> Vec<(String, Option<String>)> {
    let Ok((node, _)) = iamsim::json::parse_with_limits(docs, IMPORT_LIMITS) else {
        return Vec::new();
    };
    let JsonValue::Array(items) = node.value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let page = string(member(item, "page")?)?;
            Some((page, member(item, "heading").and_then(string)))
        })
        .collect()
}

/// The decision a scenario's `expect` names.
pub fn expected_decision(expect: &str) -> Option<String> {
    let (node, _) = iamsim::json::parse_with_limits(expect, IMPORT_LIMITS).ok()?;
    member(&node, "decision").and_then(string)
}

fn member<'n>(node: &'n JsonNode, name: &str) -> Option<&'n JsonNode> {
    match &node.value {
        JsonValue::Object(members) => members
            .iter()
            .find(|(k, _)| k.value == name)
            .map(|(_, v)| v),
        _ => None,
    }
}

fn string(node: &JsonNode) -> Option<String> {
    match &node.value {
        JsonValue::String(s) => Some(s.clone()),
        _ => None,
    }
}

impl RequestState {
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

/// A policy name not yet used by `taken`: `base`, then `base-2`, `base-3`...
/// Names must be unique because diagnostics and matched statements name their policy.
pub fn unique_name<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let free = |name: &str| !taken.clone().any(|t| t == name);
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| free(name))
        .unwrap_or_else(|| base.to_string())
}

/// Scenario JSON (already parsed) to the state. Errors name the field.
struct Reader<'t> {
    text: &'t str,
}

type Read<T> = Result<T, String>;

impl Reader<'_> {
    fn raw(&self, node: &JsonNode) -> String {
        self.text
            .get(node.span.start as usize..node.span.end as usize)
            .unwrap_or_default()
            .to_string()
    }

    fn scenario(&self, node: &JsonNode) -> Read<ScenarioState> {
        let mut state = ScenarioState::default();
        let mut has_request = false;
        for (key, value) in object(node, "the scenario")? {
            match key.value.as_str() {
                "title" => state.title = Some(text_of(value, "title")?),
                "description" => state.description = Some(text_of(value, "description")?),
                "docs" => state.docs = Some(self.raw(value)),
                "expect" => state.expect = Some(self.raw(value)),
                "request" => {
                    state.request = self.request(value)?;
                    has_request = true;
                }
                "identityPolicies" => {
                    state.identity_policies = self.policy_list(value, "identityPolicies")?
                }
                "resourcePolicy" => state.resource_policy = Some(self.policy(value)?),
                "permissionsBoundary" => state.permissions_boundary = Some(self.policy(value)?),
                "sessionPolicy" => state.session_policy = Some(self.policy(value)?),
                "serviceControlPolicies" => state.service_control_policies = self.levels(value)?,
                "resourceControlPolicies" => {
                    state.resource_control_policies = self.levels(value)?
                }
                "vpcEndpointPolicy" => state.vpc_endpoint_policy = Some(self.policy(value)?),
                other => return Err(format!("unknown field `{other}`")),
            }
        }
        if !has_request {
            return Err("missing field `request`".into());
        }
        Ok(state)
    }

    fn request(&self, node: &JsonNode) -> Read<RequestState> {
        let mut request = RequestState::default();
        for (key, value) in object(node, "`request`")? {
            match key.value.as_str() {
                "principal" => request.principal = text_of(value, "principal")?,
                "action" => request.action = text_of(value, "action")?,
                "resource" => request.resource = text_of(value, "resource")?,
                "resourceAccount" => {
                    request.resource_account = Some(text_of(value, "resourceAccount")?)
                }
                "context" => request.context = context(value)?,
                other => return Err(format!("unknown field `{other}` in `request`")),
            }
        }
        Ok(request)
    }

    fn policy(&self, node: &JsonNode) -> Read<PolicyState> {
        let mut policy = PolicyState::default();
        let mut has_document = false;
        for (key, value) in object(node, "a policy")? {
            match key.value.as_str() {
                "name" => policy.name = text_of(value, "name")?,
                "document" => {
                    policy.document = match &value.value {
                        JsonValue::String(s) => s.clone(),
                        _ => dedent(&self.raw(value)),
                    };
                    has_document = true;
                }
                "attachedTo" => policy.attached_to = Some(text_of(value, "attachedTo")?),
                "managed" => match value.value {
                    JsonValue::Bool(b) => policy.managed = Some(b),
                    _ => return Err("`managed` must be true or false".into()),
                },
                other => return Err(format!("unknown field `{other}` in a policy")),
            }
        }
        if !has_document {
            return Err(format!("the policy `{}` has no `document`", policy.name));
        }
        Ok(policy)
    }

    fn policy_list(&self, node: &JsonNode, field: &str) -> Read<Vec<PolicyState>> {
        array(node, field)?.iter().map(|p| self.policy(p)).collect()
    }

    fn levels(&self, node: &JsonNode) -> Read<Vec<LevelState>> {
        array(node, "a list of levels")?
            .iter()
            .map(|level| {
                let mut state = LevelState::default();
                for (key, value) in object(level, "a level")? {
                    match key.value.as_str() {
                        "name" => state.name = text_of(value, "name")?,
                        "policies" => state.policies = self.policy_list(value, "policies")?,
                        other => return Err(format!("unknown field `{other}` in a level")),
                    }
                }
                Ok(state)
            })
            .collect()
    }
}

type Members = [(iamsim::source::Spanned<String>, JsonNode)];

fn object<'n>(node: &'n JsonNode, what: &str) -> Read<&'n Members> {
    match &node.value {
        JsonValue::Object(members) => Ok(members),
        _ => Err(format!(
            "{what} must be an object, not {}",
            node.kind_name()
        )),
    }
}

fn array<'n>(node: &'n JsonNode, what: &str) -> Read<&'n [JsonNode]> {
    match &node.value {
        JsonValue::Array(items) => Ok(items),
        _ => Err(format!(
            "`{what}` must be an array, not {}",
            node.kind_name()
        )),
    }
}

fn text_of(node: &JsonNode, field: &str) -> Read<String> {
    string(node).ok_or_else(|| format!("`{field}` must be a string, not {}", node.kind_name()))
}

/// A context value is a string, or an array of them; numbers and booleans
/// are read as their text, as the loader does.
fn context(node: &JsonNode) -> Read<Vec<ContextRow>> {
    let scalar = |node: &JsonNode| match &node.value {
        JsonValue::String(s) | JsonValue::Number(s) => Ok(s.clone()),
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
            Ok(ContextRow {
                key: key.value.clone(),
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

/// The scenario's shapes, in the page's JSON writer.
impl JsonText {
    fn request(&mut self, r: &RequestState) {
        self.open('{');
        self.field("principal", &r.principal);
        self.field("action", &r.action);
        self.field("resource", &r.resource);
        self.opt_str("resourceAccount", r.resource_account.as_deref());
        if !r.context.is_empty() {
            self.key("context");
            self.open('{');
            for row in &r.context {
                self.key(&row.key);
                match row.values.as_slice() {
                    [one] if !row.multi => self.value(one),
                    values => {
                        self.separate();
                        self.open('[');
                        values.iter().for_each(|v| self.value(v));
                        self.close(']');
                    }
                }
            }
            self.close('}');
        }
        self.close('}');
    }

    fn policy(&mut self, p: &PolicyState) {
        self.separate();
        self.open('{');
        self.field("name", &p.name);
        self.field("document", &p.document);
        self.opt_str("attachedTo", p.attached_to.as_deref());
        if let Some(managed) = p.managed {
            self.raw_field("managed", if managed { "true" } else { "false" });
        }
        self.close('}');
    }

    fn opt_policy(&mut self, key: &str, p: Option<&PolicyState>) {
        if let Some(p) = p {
            self.key(key);
            self.policy(p);
        }
    }

    fn policies(&mut self, key: &str, list: &[PolicyState]) {
        if !list.is_empty() {
            self.array(key, list, Self::policy);
        }
    }

    fn levels(&mut self, key: &str, levels: &[LevelState]) {
        if levels.is_empty() {
            return;
        }
        self.array(key, levels, |w, level| {
            w.separate();
            w.open('{');
            w.field("name", &level.name);
            w.array("policies", &level.policies, Self::policy);
            w.close('}');
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{
      "title": "t",
      "request": {
        "principal": "arn:aws:iam::111122223333:user/alice",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/k",
        "context": { "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a"], "n": 3 }
      },
      "identityPolicies": [
        { "name": "p", "document": {
            "Version": "2012-10-17",
            "Statement": []
          } }
      ],
      "permissionsBoundary": { "name": "b", "document": "{\"Statement\": []}" }
    }"#;

    #[test]
    fn object_documents_keep_their_text_and_order_dedented() {
        let state = ScenarioState::from_json(SCENARIO).unwrap();
        let doc = &state.identity_policies[0].document;
        assert_eq!(
            doc,
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"
        );
        assert_eq!(
            state.permissions_boundary.unwrap().document,
            "{\"Statement\": []}"
        );
    }

    #[test]
    fn serializes_documents_as_strings_and_context_as_given() {
        let state = ScenarioState::from_json(SCENARIO).unwrap();
        let json: serde_json::Value = serde_json::from_str(&state.to_json()).unwrap();
        assert!(json["identityPolicies"][0]["document"].is_string());
        assert_eq!(json["request"]["context"]["aws:SourceIp"], "10.0.0.1");
        assert_eq!(
            json["request"]["context"]["aws:TagKeys"],
            serde_json::json!(["a"])
        );
        assert_eq!(json["request"]["context"]["n"], "3");
        let keys: Vec<&str> = state
            .request
            .context
            .iter()
            .map(|r| r.key.as_str())
            .collect();
        assert_eq!(
            keys,
            ["aws:SourceIp", "aws:TagKeys", "n"],
            "the author's order"
        );
        assert!(json.get("resourcePolicy").is_none());
        // A second round trip changes nothing.
        let again = ScenarioState::from_json(&state.to_json()).unwrap();
        assert_eq!(again, state);
    }

    #[test]
    fn writes_valid_json_for_any_text() {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} é";
        let state = ScenarioState {
            title: Some(tricky.into()),
            request: RequestState {
                context: vec![ContextRow {
                    key: tricky.into(),
                    values: vec!["a".into(), "b".into()],
                    multi: true,
                }],
                ..RequestState::default()
            },
            identity_policies: vec![PolicyState {
                name: tricky.into(),
                document: tricky.into(),
                attached_to: None,
                managed: Some(true),
            }],
            service_control_policies: vec![LevelState {
                name: "Root".into(),
                policies: vec![],
            }],
            ..ScenarioState::default()
        };
        let json: serde_json::Value = serde_json::from_str(&state.to_json()).unwrap();
        assert_eq!(json["title"], tricky);
        assert_eq!(json["identityPolicies"][0]["managed"], true);
        assert_eq!(
            json["request"]["context"][tricky],
            serde_json::json!(["a", "b"])
        );
        assert_eq!(ScenarioState::from_json(&state.to_json()).unwrap(), state);
    }

    #[test]
    fn rejects_unknown_fields_and_deep_nesting() {
        assert!(ScenarioState::from_json(r#"{"request":{},"bogus":1}"#).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let hostile = format!(r#"{{"request":{{}},"expect":{deep}}}"#);
        assert!(ScenarioState::from_json(&hostile).is_err());
    }

    #[test]
    fn trust_policy_is_assume_role_on_a_role() {
        let mut r = RequestState {
            action: "sts:AssumeRoleWithWebIdentity".into(),
            resource: "arn:aws:iam::111122223333:role/app".into(),
            ..RequestState::default()
        };
        assert!(r.is_role_trust());
        r.resource = "arn:aws:s3:::bucket".into();
        assert!(!r.is_role_trust());
    }

    #[test]
    fn unique_names_count_up() {
        let taken = ["policy", "policy-2"];
        assert_eq!(unique_name("policy", taken.iter().copied()), "policy-3");
        assert_eq!(unique_name("other", taken.iter().copied()), "other");
    }
}
