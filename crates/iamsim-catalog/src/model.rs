//! What the catalog knows of one AWS service.

use crate::AccessLevel;

/// Where the data came from (the catalog file's `#source` line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataSource {
    pub package: String,
    pub version: String,
    /// The day the package's data was taken from AWS (YYYY-MM-DD).
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The prefix actions are written with (`s3`, `iam`), lowercase.
    pub prefix: String,
    /// AWS's name for the service (`Amazon S3`).
    pub name: String,
    /// Sorted by name.
    pub actions: Vec<Action>,
    pub resource_types: Vec<ResourceType>,
    /// The service's own keys and the `aws:` keys it documents for itself
    /// (tags); the global keys every service supports are not listed here.
    pub condition_keys: Vec<ConditionKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// As AWS writes it (`GetObject`); matching is case-insensitive.
    pub name: String,
    pub level: AccessLevel,
    /// The resource types the action can be scoped to; none means the action
    /// supports only `"Resource": "*"`.
    pub resource_types: Vec<ResourceUse>,
    /// Condition keys the action supports beyond its resource types' keys.
    pub condition_keys: Vec<String>,
}

/// A resource type an action acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceUse {
    /// The name of one of the service's [`ResourceType`]s.
    pub name: String,
    /// Marked `*` in AWS's tables: the request always involves this type.
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    pub name: String,
    /// AWS's ARN template, such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub arn: String,
}

impl ResourceType {
    /// The template as a `Resource` pattern: every `${...}` placeholder a `*`.
    pub fn arn_pattern(&self) -> String {
        let mut pattern = String::with_capacity(self.arn.len());
        let mut rest = self.arn.as_str();
        while let Some(start) = rest.find("${") {
            let (before, placeholder) = rest.split_at(start);
            pattern.push_str(before);
            match placeholder.find('}') {
                Some(end) => {
                    pattern.push('*');
                    rest = placeholder.get(end + 1..).unwrap_or_default();
                }
                None => {
                    rest = placeholder;
                    break;
                }
            }
        }
        pattern.push_str(rest);
        pattern
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionKey {
    /// As AWS writes it; a `${TagKey}`-style placeholder stands for any text.
    pub name: String,
    /// AWS's type name: `String`, `ArrayOfString`, `ARN`, `Bool`, `Date`,
    /// `Numeric`, `IPAddress` and their `ArrayOf` forms.
    pub kind: String,
}

impl ConditionKey {
    /// Does `key` (as written in a policy) name this key? Condition key names
    /// are case-insensitive; a placeholder (`${TagKey}`, or `<key>` in a few
    /// of AWS's tables) matches one or more characters.
    pub fn matches(&self, key: &str) -> bool {
        let placeholder = ["${", "<"]
            .iter()
            .filter_map(|open| Some((self.name.find(open)?, if *open == "<" { '>' } else { '}' })))
            .min();
        let Some((start, close)) = placeholder else {
            return self.name.eq_ignore_ascii_case(key);
        };
        let (prefix, rest) = self.name.split_at(start);
        let suffix = rest
            .find(close)
            .and_then(|end| rest.get(end + 1..))
            .unwrap_or_default();
        key.len() > prefix.len() + suffix.len()
            && key
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            && key
                .get(key.len() - suffix.len()..)
                .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
    }
}

impl Service {
    /// The action of that name, case-insensitively.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions
            .binary_search_by(|a| cmp_ignore_ascii_case(&a.name, name))
            .ok()
            .and_then(|i| self.actions.get(i))
    }

    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types.iter().find(|t| t.name == name)
    }

    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        self.condition_keys.iter().find(|k| k.matches(key))
    }
}

pub(crate) fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_templates_become_patterns() {
        let object = ResourceType {
            name: "object".into(),
            arn: "arn:${Partition}:s3:::${BucketName}/${ObjectName}".into(),
        };
        assert_eq!(object.arn_pattern(), "arn:*:s3:::*/*");
        let broken = ResourceType {
            name: "x".into(),
            arn: "arn:${Partition".into(),
        };
        assert_eq!(broken.arn_pattern(), "arn:${Partition");
    }

    #[test]
    fn condition_key_placeholders_match_any_text() {
        let tag = ConditionKey {
            name: "aws:RequestTag/${TagKey}".into(),
            kind: "String".into(),
        };
        assert!(tag.matches("aws:RequestTag/Project"));
        assert!(tag.matches("AWS:requesttag/project"));
        assert!(!tag.matches("aws:RequestTag/"));
        assert!(!tag.matches("aws:ResourceTag/Project"));
        let plain = ConditionKey {
            name: "s3:prefix".into(),
            kind: "String".into(),
        };
        assert!(plain.matches("S3:Prefix"));
        assert!(!plain.matches("s3:prefixes"));
        let angle = ConditionKey {
            name: "s3:ExistingObjectTag/<key>".into(),
            kind: "String".into(),
        };
        assert!(angle.matches("s3:ExistingObjectTag/team"));
        assert!(!angle.matches("s3:ExistingObjectTag/"));
    }
}
