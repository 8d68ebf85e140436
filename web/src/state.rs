//! The page's state: a plain serde mirror of the scenario format
//! (`shared/spec/scenario.md`) in which every policy document is the text the
//! user typed. Imports (examples, files, share links) read into it; every edit
//! serializes it back to scenario JSON for `iamsim::load_scenario`.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Kept as given: the page only shows it, the loader checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<serde_json::Value>,
    pub request: RequestState,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_policies: Vec<PolicyState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<PolicyState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<PolicyState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<PolicyState>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_control_policies: Vec<LevelState>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_control_policies: Vec<LevelState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_policy: Option<PolicyState>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestState {
    #[serde(default)]
    pub principal: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub resource: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    #[serde(default, with = "context_rows", skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<ContextRow>,
}

/// One row of the context table. `multi` keeps a one-element array an array.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContextRow {
    pub key: String,
    pub values: Vec<String>,
    pub multi: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyState {
    #[serde(default)]
    pub name: String,
    /// The text as typed (an object in the input becomes its original text).
    #[serde(deserialize_with = "document_text")]
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LevelState {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
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

impl ScenarioState {
    /// Reads a scenario file's text. Policy documents written as JSON objects
    /// keep their original text, re-indented to start at column one. Depth is
    /// bounded by serde_json's recursion limit, so hostile nesting fails here.
    pub fn from_json(text: &str) -> Result<ScenarioState, ImportError> {
        serde_json::from_str(text).map_err(|e| ImportError(format!("not a valid scenario: {e}")))
    }

    /// The scenario JSON the evaluator loads: every document as a string.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The scenario JSON for export: indented for people.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
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

impl RequestState {
    /// True when the resource policy is a role's trust policy: the action is
    /// `sts:AssumeRole*` on a role ARN (see the scenario spec, `resourcePolicy`).
    pub fn is_role_trust(&self) -> bool {
        let action = self.action.to_ascii_lowercase();
        action.starts_with("sts:assumerole")
            && self.resource.starts_with("arn:")
            && self.resource.split(':').nth(5).is_some_and(|r| r.starts_with("role/"))
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

/// A document given as a string is the text; given as an object, its raw
/// text is kept, dedented by the indentation of its closing brace.
fn document_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: Box<RawValue> = Deserialize::deserialize(d)?;
    let text = raw.get();
    if text.starts_with('"') {
        return serde_json::from_str(text).map_err(serde::de::Error::custom);
    }
    Ok(dedent(text))
}

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
            out.push_str(line.get(indent.min(line.len() - line.trim_start().len())..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The context is a JSON object of key to string or array of strings
/// (numbers and booleans are read as their text, as the loader does).
mod context_rows {
    use super::ContextRow;
    use serde::de::{Error as _, MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};
    use serde_json::Value;

    pub fn serialize<S: Serializer>(rows: &[ContextRow], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(rows.len()))?;
        for row in rows {
            match row.values.as_slice() {
                [one] if !row.multi => map.serialize_entry(&row.key, one)?,
                values => map.serialize_entry(&row.key, values)?,
            }
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ContextRow>, D::Error> {
        d.deserialize_map(Rows)
    }

    /// Reads the object entry by entry, so the table keeps the author's order.
    struct Rows;

    impl<'de> Visitor<'de> for Rows {
        type Value = Vec<ContextRow>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of condition keys and values")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut rows = Vec::new();
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                let (values, multi) = match value {
                    Value::Array(items) => {
                        (items.into_iter().map(text).collect::<Result<_, _>>().map_err(A::Error::custom)?, true)
                    }
                    other => (vec![text(other).map_err(A::Error::custom)?], false),
                };
                rows.push(ContextRow { key, values, multi });
            }
            Ok(rows)
        }
    }

    fn text(value: Value) -> Result<String, String> {
        match value {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("a context value must be a string or an array of strings, not `{other}`")),
        }
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
        assert_eq!(doc, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}");
        assert_eq!(state.permissions_boundary.unwrap().document, "{\"Statement\": []}");
    }

    #[test]
    fn serializes_documents_as_strings_and_context_as_given() {
        let state = ScenarioState::from_json(SCENARIO).unwrap();
        let json: serde_json::Value = serde_json::from_str(&state.to_json()).unwrap();
        assert!(json["identityPolicies"][0]["document"].is_string());
        assert_eq!(json["request"]["context"]["aws:SourceIp"], "10.0.0.1");
        assert_eq!(json["request"]["context"]["aws:TagKeys"], serde_json::json!(["a"]));
        assert_eq!(json["request"]["context"]["n"], "3");
        let keys: Vec<&str> = state.request.context.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["aws:SourceIp", "aws:TagKeys", "n"], "the author's order");
        assert!(json.get("resourcePolicy").is_none());
        // A second round trip changes nothing.
        let again = ScenarioState::from_json(&state.to_json()).unwrap();
        assert_eq!(again, state);
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
