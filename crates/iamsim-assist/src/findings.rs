//! The policy checks' findings for the page's editors, with the AWS page
//! behind each rule.

use iamsim::diagnostic::DiagnosticReport;
use iamsim::policy::parse::parse_policy_as;
use iamsim::Source;
use iamsim_check::{Input, Kind};
use serde::Serialize;

/// One finding as the page reads it: the report the CLI's JSON carries
/// (id, severity, message, help, line and column span, byte offsets) and
/// the AWS documentation page of its rule.
#[derive(Debug, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub report: DiagnosticReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<&'static str>,
}

/// The kind a word names; an unknown word reads as an identity policy.
pub fn kind(word: &str) -> Kind {
    word.parse().unwrap_or(Kind::Identity)
}

/// The findings on `text` read as a policy of `kind`, as JSON.
pub fn check(text: &str, kind_word: &str) -> String {
    serde_json::to_string(&findings(text, kind(kind_word))).unwrap_or_else(|_| "[]".into())
}

pub fn findings(text: &str, kind: Kind) -> Vec<Finding> {
    let (document, _parse_diagnostics) = parse_policy_as(text, 0, None, kind.policy_type());
    let sources = [Source::new("policy", text)];
    iamsim_check::check(Input {
        text,
        document: &document,
        kind,
        catalog: crate::catalog::get(),
    })
    .iter()
    .map(|d| Finding {
        report: d.report(&sources),
        doc: iamsim_check::rule(d.id.as_str()).map(|r| r.doc),
    })
    .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_has_its_line_and_doc_page() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": \"*\",\n    \"Resource\": \"*\"\n  }]\n}";
        let found = findings(text, Kind::Identity);
        let admin = found
            .iter()
            .find(|f| f.report.id == "admin-access")
            .unwrap();
        assert_eq!(admin.report.line, 5, "the `Action` is on line 5");
        assert!(admin
            .doc
            .unwrap()
            .starts_with("https://docs.aws.amazon.com/"));
        let json = check(text, "identity");
        assert!(json.contains("\"endLine\""), "{json}");
        assert!(
            json.contains("\"doc\":\"https://docs.aws.amazon.com/"),
            "{json}"
        );
    }

    #[test]
    fn the_kind_changes_the_findings() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
        let ids = |kind| {
            findings(text, kind)
                .iter()
                .map(|f| f.report.id)
                .collect::<Vec<_>>()
        };
        assert!(ids(Kind::Rcp).contains(&"rcp-allow"));
        assert!(!ids(Kind::Identity).contains(&"rcp-allow"));
        // An SCP's Allow grants nothing: no least-privilege advice there.
        assert!(ids(Kind::Identity).contains(&"service-wildcard"));
        assert!(!ids(Kind::Scp).contains(&"service-wildcard"));
    }
}
