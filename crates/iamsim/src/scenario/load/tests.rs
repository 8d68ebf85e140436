#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::kinds::{Attachment, Decision, PolicyType};
use crate::scenario::ContextValue;

fn error_ids(text: &str) -> Vec<&'static str> {
    load_scenarios(text, "s.json")
        .err()
        .map(|e| e.diagnostics.iter().map(|d| d.id.as_str()).collect())
        .unwrap_or_default()
}

const FULL: &str = r#"{
  "title": "t", "description": "d",
  "docs": [{"page": "reference_policies_evaluation-logic.md", "heading": "h"}, {"page": "p.md"}],
  "expect": {"decision": "explicitDeny", "matchedStatements": [{"policy": "deny", "statementIndex": 0}]},
  "request": {
    "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*",
    "resourceAccount": "444455556666",
    "context": {"aws:SourceIp": "10.1.2.3", "aws:MultiFactorAuthPresent": true, "s3:max-keys": 10, "aws:TagKeys": ["a", "b"]}
  },
  "identityPolicies": [
    {"name": "allow", "attachedTo": "group", "managed": true,
     "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}
  ],
  "resourcePolicy": {"name": "bucket", "document": "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}"},
  "permissionsBoundary": {"name": "b", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}},
  "sessionPolicy": {"name": "s", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}},
  "serviceControlPolicies": [{"name": "Root", "policies": [{"name": "deny", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}}]}],
  "resourceControlPolicies": [{"name": "Root", "policies": []}],
  "vpcEndpointPolicy": {"name": "e", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}}
}"#;

#[test]
fn loads_every_field_of_the_spec_and_the_extensions() {
    let s = load_scenario(FULL, "s.json").unwrap();
    assert_eq!(
        (s.title.as_deref(), s.description.as_deref()),
        (Some("t"), Some("d"))
    );
    assert_eq!(s.docs.len(), 2);
    assert_eq!(s.docs[1].heading, None);
    let expect = s.expect.unwrap();
    assert_eq!(expect.decision, Decision::ExplicitDeny);
    assert_eq!(
        expect.matched_statements,
        Some(vec![("deny".to_string(), 0)])
    );
    assert_eq!(s.request.resource_account.as_deref(), Some("444455556666"));
    let ctx = &s.request.context;
    assert_eq!(
        ctx.get("aws:multifactorauthpresent"),
        Some(&ContextValue::Single("true".into()))
    );
    assert_eq!(
        ctx.get("s3:max-keys"),
        Some(&ContextValue::Single("10".into()))
    );
    assert_eq!(
        ctx.get("aws:TagKeys"),
        Some(&ContextValue::Multi(vec!["a".into(), "b".into()]))
    );
    let identity = &s.identity_policies[0];
    assert_eq!(
        (
            identity.kind,
            identity.attached_to.map(Attachment::as_str),
            identity.managed
        ),
        (PolicyType::Identity, Some("group"), Some(true))
    );
    assert_eq!(identity.source, 0);
    let bucket = s.resource_policy.as_ref().unwrap();
    assert_eq!((bucket.kind, bucket.source), (PolicyType::Resource, 1));
    assert_eq!(&*s.sources[1].name, "bucket");
    assert_eq!(
        s.sources[1]
            .line_col(bucket.document.statements[0].span.start)
            .line,
        2
    );
    assert_eq!(
        s.permissions_boundary.unwrap().kind,
        PolicyType::PermissionsBoundary
    );
    assert_eq!(s.session_policy.unwrap().kind, PolicyType::Session);
    assert_eq!(
        s.service_control_policies[0].policies[0].kind,
        PolicyType::Scp
    );
    assert_eq!(s.resource_control_policies[0].name, "Root");
    assert_eq!(s.vpc_endpoint_policy.unwrap().kind, PolicyType::VpcEndpoint);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn an_embedded_documents_spans_point_into_the_file() {
    let s = load_scenario(FULL, "s.json").unwrap();
    let statement = &s.identity_policies[0].document.statements[0];
    assert_eq!(s.sources[0].line_col(statement.span.start).line, 12);
}

#[test]
fn an_array_file_shares_one_source_and_reports_every_bad_scenario() {
    let good =
        r#"{"request": {"principal": "anonymous", "action": "s3:GetObject", "resource": "*"}}"#;
    let text = format!("[{good}, {good}]");
    let scenarios = load_scenarios(&text, "f.json").unwrap();
    assert_eq!(scenarios.len(), 2);
    assert!(std::sync::Arc::ptr_eq(
        &scenarios[0].sources[0].text,
        &scenarios[1].sources[0].text
    ));
    let bad = format!(
        r#"[{good}, {{"request": {{"principal": "anonymous", "resource": "*"}}}}, {{"reqest": {{}}, "request": {{"principal": "anonymous", "action": "s3:x", "resource": "*"}}}}]"#
    );
    assert_eq!(error_ids(&bad), ["missing-field", "unknown-field"]);
}

#[test]
fn string_documents_keep_their_own_source_in_a_file_error() {
    let doc = r#""{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}}""#;
    let one = format!(
        r#"{{"request": {{"principal": "anonymous", "action": "s3:x", "resource": "*"}}, "identityPolicies": [{{"name": "p", "document": {doc}}}]}}"#
    );
    let err = load_scenarios(&format!("[{one}, {one}]"), "f.json").unwrap_err();
    assert_eq!(err.sources.len(), 3);
    assert_eq!(
        err.diagnostics.iter().map(|d| d.source).collect::<Vec<_>>(),
        [1, 2]
    );
    let report = &err.reports()[0];
    assert_eq!(
        (
            report.id,
            report.location.as_str(),
            report.line,
            report.column
        ),
        ("invalid-effect", "p", 1, 51)
    );
}

#[test]
fn a_duplicate_key_in_a_document_is_in_that_policy() {
    let text = r#"[{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*", "principal": "b"},
      "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}}]}]"#;
    let reports = load_scenarios(text, "f.json").unwrap_err().reports();
    let found: Vec<_> = reports
        .iter()
        .map(|r| (r.id, r.location.as_str(), r.line))
        .collect();
    assert_eq!(
        found,
        [("duplicate-key", "f.json", 1), ("duplicate-key", "p", 2)]
    );
}

#[test]
fn missing_and_unknown_fields() {
    assert_eq!(error_ids("{}"), ["missing-field"]);
    assert_eq!(
        error_ids(r#"{"request": {"principal": "anonymous", "resource": "*"}}"#),
        ["missing-field"]
    );
    let err = load_scenarios(
        r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*", "Context": {}}}"#,
        "f",
    )
    .unwrap_err();
    assert_eq!(err.diagnostics[0].id, "unknown-field");
    assert_eq!(
        err.diagnostics[0].help.as_deref(),
        Some("did you mean `context`?")
    );
    let attached = r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*"},
      "resourcePolicy": {"name": "r", "attachedTo": "user", "document": {"Statement": []}}}"#;
    assert_eq!(error_ids(attached), ["unknown-field"]);
}

#[test]
fn wrong_values() {
    let base = r#""request": {"principal": "anonymous", "action": "s3:x", "resource": "*"}"#;
    for (extra, id) in [
        (r#""expect": {"decision": "allow"}"#, "invalid-value"),
        (
            r#""identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": []}}], "expect": {"decision": "allowed", "matchedStatements": [{"policy": "p", "statementIndex": -1}]}"#,
            "invalid-value",
        ),
        (
            r#""identityPolicies": [{"name": "p", "attachedTo": "users", "document": {"Statement": []}}]"#,
            "invalid-value",
        ),
        (r#""identityPolicies": {"name": "p"}"#, "wrong-type"),
        (
            r#""identityPolicies": [{"name": "p", "document": 3}]"#,
            "wrong-type",
        ),
        (r#""title": 3"#, "wrong-type"),
        (r#""docs": [{"heading": "x"}]"#, "missing-field"),
    ] {
        let text = format!("{{{base}, {extra}}}");
        assert_eq!(error_ids(&text), [id], "{extra}");
    }
    let context = r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*", "context": {"k": {"a": 1}, "l": [null]}}}"#;
    assert_eq!(error_ids(context), ["wrong-type", "wrong-type"]);
    assert_eq!(
        error_ids(
            r#"{"request": {"principal": "anonymous", "action": "GetObject", "resource": "*"}}"#
        ),
        ["invalid-value"]
    );
}

// reference_policies_elements_condition.md, "IAM JSON Policy Elements: Condition":
// condition key names are not case-sensitive.
#[test]
fn a_context_key_given_twice_in_another_case_is_a_warning() {
    let text = r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*",
      "context": {"aws:SourceIp": "10.0.0.1", "AWS:sourceip": "10.0.0.2"}}}"#;
    let s = load_scenario(text, "f").unwrap();
    assert_eq!(
        s.warnings.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["duplicate-context-key"]
    );
    assert_eq!(
        s.request.context.get("aws:sourceip"),
        Some(&ContextValue::Single("10.0.0.2".into()))
    );
}

#[test]
fn expected_statements_name_policies_of_the_scenario() {
    let text = r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*"},
      "identityPolicies": [{"name": "reader", "document": {"Version": "2012-10-17", "Statement": []}}],
      "expect": {"decision": "allowed", "matchedStatements": [{"policy": "reader", "statementIndex": 0}, {"policy": "raeder", "statementIndex": 0}]}}"#;
    let err = load_scenarios(text, "f").unwrap_err();
    assert_eq!(
        err.diagnostics
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["unknown-policy"]
    );
    assert_eq!(
        err.diagnostics[0].help.as_deref(),
        Some("did you mean `reader`?")
    );
}

#[test]
fn a_policy_without_a_name_is_called_by_its_place() {
    let text = r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*"},
      "identityPolicies": [{"document": {"Version": "2012-10-17", "Statement": []}}]}"#;
    assert_eq!(
        load_scenario(text, "f").unwrap().identity_policies[0].name,
        "identityPolicies[0]"
    );
}

#[test]
fn policy_warnings_do_not_stop_loading() {
    let text = r#"{"request": {"principal": "anonymous", "action": "s3:x", "resource": "*"},
      "identityPolicies": [{"name": "p", "document": {"Statement": []}}]}"#;
    let s = load_scenario(text, "f").unwrap();
    assert_eq!(
        s.warnings.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["missing-version"]
    );
}

#[test]
fn one_scenario_is_not_an_array_and_bytes_must_be_utf8() {
    assert_eq!(
        load_scenario("[]", "f").unwrap_err().diagnostics[0].id,
        "wrong-type"
    );
    let err = load_scenarios_bytes(b"{\n  \"a\": \"\xff\"}", "f").unwrap_err();
    let report = &err.reports()[0];
    assert_eq!(
        (report.id, report.line, report.column, report.start),
        ("invalid-utf8", 2, 9, 10)
    );
}

#[test]
fn a_split_file_loads_valid_scenarios_and_leaves_bad_ones_to_the_full_loader() {
    let good = r#"{"request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "*"}}"#;
    let one = ScenarioFile::split(&format!("\n {good} \n"), "f.json").unwrap();
    assert!(!one.is_array);
    assert_eq!(one.len(), 1);
    assert!(one.load(0).is_some());
    assert!(one.load(1).is_none());

    let file = format!(r#"[{good}, {{"request": 1}}, {{"a": 1, "a": 2}}, {{"request": [1}}}}]"#);
    // The last element's brackets do not match: the scan still splits it,
    // the reader then rejects it.
    let split = ScenarioFile::split(&file, "f.json").unwrap();
    assert_eq!(split.len(), 4);
    assert!(split.load(0).is_some());
    assert!(split.load(1).is_none(), "a wrong type");
    assert!(split.load(2).is_none(), "a duplicate key");
    assert!(split.load(3).is_none(), "broken JSON");
    // The report is the whole file's, as the sequential loader gives it.
    let ids = |file: &ScenarioFile| -> Vec<&str> {
        file.problems()
            .diagnostics
            .iter()
            .map(|d| d.id.as_str())
            .collect()
    };
    assert_eq!(
        ids(&split),
        ["invalid-json"],
        "broken JSON hides the other problems, as in load_scenarios"
    );
    let file = format!(r#"[{{"request": 1}}, {good}, {{"a": 1, "a": 2}}]"#);
    let problems = ids(&ScenarioFile::split(&file, "f.json").unwrap());
    assert_eq!(problems, error_ids(&file));
    assert!(problems.len() >= 2, "{problems:?}");

    for broken in ["[1,]", "[", "\"text\"", "[1] [2]"] {
        assert!(ScenarioFile::split(broken, "f.json").is_none(), "{broken}");
    }
}

/// A draft keeps the policies' errors and evaluates what they plainly say;
/// errors in the scenario itself and JSON that does not parse still stop it.
#[test]
fn a_draft_keeps_policy_errors_and_skips_what_has_no_meaning() {
    let text = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"},
    {"Sid": "not ok", "Effect": "Deny", "Action": "s3:", "Resource": "*"}]}}]
}"#;
    assert_eq!(
        error_ids(text),
        [
            "principal-in-identity-policy",
            "invalid-sid",
            "invalid-action"
        ]
    );
    let draft = LoadOptions { draft: true };
    let scenario = load_scenario_with(text, "s.json", draft).unwrap();
    assert_eq!(scenario.draft_errors.len(), 3);
    let statements = &scenario.identity_policies[0].document.statements;
    let skipped: Vec<bool> = statements.iter().map(|s| s.skipped.is_some()).collect();
    assert_eq!(skipped, [false, true, true]);
    let result = crate::evaluate(&scenario, &crate::EvalOptions::default());
    assert_eq!(result.decision, Decision::Allowed);
    assert!(result.draft);
    assert_eq!(result.errors.len(), 3);

    // Not a draft's to fix: an unknown scenario field, a policy that is not JSON.
    let unknown_field = text.replacen("\"request\"", "\"requests\"", 1);
    assert!(load_scenario_with(&unknown_field, "s.json", draft).is_err());
    let broken = r#"{"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*"},
      "identityPolicies": [{"name": "p", "document": "{\"Version\": "}]}"#;
    assert!(load_scenario_with(broken, "s.json", draft).is_err());
}
