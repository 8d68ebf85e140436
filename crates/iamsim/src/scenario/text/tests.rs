#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;
use crate::json::POLICY_LIMITS;

const SCENARIO: &str = r#"{
  "title": "t",
  "docs": [{ "page": "reference_policies_evaluation-logic.md", "heading": "H" }, { "page": "p.md" }],
  "expect": { "decision": "allowed" },
  "request": {
    "principal": "arn:aws:iam::111122223333:user/alice",
    "action": "s3:GetObject",
    "resource": "arn:aws:s3:::b/k",
    "context": { "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a"], "n": 3 }
  },
  "identityPolicies": [
    { "name": "p", "document": {
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }]
      } }
  ],
  "permissionsBoundary": { "name": "b", "document": "{\"Statement\": []}" }
}"#;

fn read(text: &str) -> ScenarioText {
    ScenarioText::from_json(text, POLICY_LIMITS).unwrap()
}

#[test]
fn object_documents_keep_their_text_and_order_dedented() {
    let scenario = read(SCENARIO);
    assert_eq!(
        scenario.identity_policies[0].document,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{ \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\" }]\n}"
    );
    assert_eq!(
        scenario.permissions_boundary.unwrap().document,
        "{\"Statement\": []}"
    );
}

#[test]
fn writes_documents_as_strings_and_context_as_given() {
    let scenario = read(SCENARIO);
    let json: serde_json::Value = serde_json::from_str(&scenario.to_json()).unwrap();
    assert!(json["identityPolicies"][0]["document"].is_string());
    assert_eq!(json["request"]["context"]["aws:SourceIp"], "10.0.0.1");
    assert_eq!(
        json["request"]["context"]["aws:TagKeys"],
        serde_json::json!(["a"])
    );
    assert_eq!(json["request"]["context"]["n"], "3");
    let keys: Vec<&str> = scenario
        .request
        .context
        .iter()
        .map(|e| e.key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["aws:SourceIp", "aws:TagKeys", "n"],
        "the author's order"
    );
    assert!(json.get("resourcePolicy").is_none());
    assert_eq!(json["expect"]["decision"], "allowed");
    // A second round trip changes nothing.
    assert_eq!(read(&scenario.to_json()), scenario);
}

#[test]
fn writes_valid_json_for_any_text() {
    let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} é";
    let scenario = ScenarioText {
        title: Some(tricky.into()),
        request: RequestText {
            context: vec![ContextEntry {
                key: tricky.into(),
                values: vec!["a".into(), "b".into()],
                multi: true,
            }],
            ..RequestText::default()
        },
        identity_policies: vec![PolicyText {
            name: tricky.into(),
            document: tricky.into(),
            attached_to: None,
            managed: Some(true),
        }],
        service_control_policies: vec![LevelText {
            name: "Root".into(),
            policies: vec![],
        }],
        ..ScenarioText::default()
    };
    let json: serde_json::Value = serde_json::from_str(&scenario.to_json()).unwrap();
    assert_eq!(json["title"], tricky);
    assert_eq!(json["identityPolicies"][0]["managed"], true);
    assert_eq!(
        json["request"]["context"][tricky],
        serde_json::json!(["a", "b"])
    );
    assert_eq!(read(&scenario.to_json()), scenario);
}

#[test]
fn rejects_unknown_fields_and_deep_nesting() {
    let err = ScenarioText::from_json(r#"{"request":{},"bogus":1}"#, POLICY_LIMITS).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a valid scenario: unknown field `bogus`"
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let hostile = format!(r#"{{"request":{{}},"expect":{deep}}}"#);
    assert!(ScenarioText::from_json(&hostile, POLICY_LIMITS).is_err());
}

#[test]
fn docs_and_expect_are_read_on_demand() {
    let scenario = read(SCENARIO);
    let docs = doc_refs(scenario.docs.as_deref().unwrap());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].heading.as_deref(), Some("H"));
    assert_eq!(
        (docs[1].page.as_str(), docs[1].heading.as_deref()),
        ("p.md", None)
    );
    assert_eq!(
        expected_decision(scenario.expect.as_deref().unwrap()),
        Some(Decision::Allowed)
    );
    assert_eq!(expected_decision("{}"), None);
}

/// The typed load and the load of the written JSON agree: same policies,
/// same decision, same diagnostics inside documents.
#[test]
fn loading_the_fields_equals_loading_their_json() {
    let scenario = read(SCENARIO);
    let typed = scenario.load("scenario").unwrap();
    let text = crate::load_scenario(&scenario.to_json(), "scenario").unwrap();
    let options = crate::EvalOptions::default();
    let (a, b) = (
        crate::evaluate(&typed, &options),
        crate::evaluate(&text, &options),
    );
    assert_eq!(a.decision, b.decision);
    assert_eq!(a.matched_statements, b.matched_statements);
    assert_eq!(typed.docs, text.docs);
    assert_eq!(typed.expect, text.expect);
    assert_eq!(
        format!("{:?}", typed.request.context),
        format!("{:?}", text.request.context)
    );
}

#[test]
fn a_typed_load_reports_problems_in_the_document_they_are_in() {
    let mut scenario = read(SCENARIO);
    scenario.identity_policies[0].document = "{\n  \"Statement\": [}".into();
    scenario.request.action = "nothing".into();
    let reports = scenario.load("scenario").unwrap_err().reports();
    let places: Vec<_> = reports
        .iter()
        .map(|r| (r.location.as_str(), r.line))
        .collect();
    assert!(places.contains(&("p", 2)), "{places:?}");
    // The request has no text: its problems point at the scenario's start.
    assert!(places.contains(&("scenario", 1)), "{places:?}");
}

#[test]
fn policies_go_where_their_kind_says() {
    let mut scenario = ScenarioText::default();
    let policy = |name: &str| PolicyText {
        name: name.into(),
        document: "{}".into(),
        ..PolicyText::default()
    };
    scenario.add_policy(PolicyType::Scp, policy("s"));
    scenario.add_policy(PolicyType::Session, policy("x"));
    scenario.add_policy(PolicyType::Identity, policy("i"));
    assert_eq!(scenario.service_control_policies[0].name, "s");
    assert_eq!(scenario.session_policy.as_ref().unwrap().name, "x");
    let names: Vec<_> = scenario.policies().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["i", "x", "s"]);
}

#[test]
fn trust_policy_is_assume_role_on_a_role() {
    let mut r = RequestText {
        action: "sts:AssumeRoleWithWebIdentity".into(),
        resource: "arn:aws:iam::111122223333:role/app".into(),
        ..RequestText::default()
    };
    assert!(r.is_role_trust());
    r.resource = "arn:aws:s3:::bucket".into();
    assert!(!r.is_role_trust());
}
