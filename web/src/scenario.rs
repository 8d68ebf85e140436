//! The scenarios the page opens and writes: the core's typed
//! [`ScenarioText`] (every policy document the text as typed), read under
//! the page's limits from an import, a share link, an example or the
//! embedding page, and written indented for an export.

use iamsim::json::Limits;
use iamsim::scenario::{ScenarioText, TextError};

/// What the page opens: as large as a share link may inflate to, nested no
/// deeper than a policy may be.
const OPEN_LIMITS: Limits = Limits {
    max_bytes: crate::share::MAX_INFLATED_BYTES,
    max_depth: 64,
};

/// Reads a scenario file's text (documents written as objects keep their text).
pub fn open(text: &str) -> Result<ScenarioText, TextError> {
    ScenarioText::from_json(text, OPEN_LIMITS)
}

/// The scenario JSON for export, indented for people.
pub fn to_pretty_json(scenario: &ScenarioText) -> String {
    let json = scenario.to_json();
    crate::text_edit::format_json(&json).unwrap_or(json)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_within_the_limits_only() {
        assert!(open(r#"{"request":{}}"#).is_ok());
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let err = open(&format!(r#"{{"request":{{}},"expect":{deep}}}"#)).unwrap_err();
        assert!(
            err.to_string().starts_with("not a valid scenario: "),
            "{err}"
        );
        let big = format!(r#"{{"request":{{}},"title":"{}"}}"#, "a".repeat(1 << 20));
        assert!(open(&big).is_err());
    }

    #[test]
    fn exports_indented_json_that_reads_back() {
        let scenario = open(r#"{"title":"t","request":{"action":"s3:GetObject"}}"#).unwrap();
        let pretty = to_pretty_json(&scenario);
        assert!(pretty.starts_with("{\n  \"title\": \"t\",\n"), "{pretty}");
        assert_eq!(open(&pretty).unwrap(), scenario);
    }

    #[test]
    fn unique_names_count_up() {
        let taken = ["policy", "policy-2"];
        assert_eq!(unique_name("policy", taken.iter().copied()), "policy-3");
        assert_eq!(unique_name("other", taken.iter().copied()), "other");
    }
}
