#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::scenario::ScenarioText;
use crate::{load_scenario, Decision, PolicyType};

/// alice may read and write `uploads/`, a Deny (Sid `NoDelete`) forbids
/// deleting; a second policy grants `s3:ListBucket` on the condition that
/// the request says `s3:prefix` is `uploads/`.
const LESSON: &str = r#"{
  "title": "uploads",
  "request": {
    "principal": "arn:aws:iam::111122223333:user/alice",
    "action": "s3:GetObject",
    "resource": "arn:aws:s3:::bucket/uploads/a.png",
    "context": {"s3:prefix": "uploads/"}
  },
  "identityPolicies": [
    {"name": "rw", "document": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::bucket/uploads/*"},
      {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
    ]}},
    {"name": "list", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket", "Condition": {"StringEquals": {"s3:prefix": "uploads/"}}}}}
  ],
  "requests": [
    {"name": "read", "expect": {"decision": "allowed"}},
    {"name": "write elsewhere", "resource": "arn:aws:s3:::bucket/other/a.png", "action": "s3:PutObject", "expect": {"decision": "implicitDeny"}},
    {"name": "delete", "action": "s3:DeleteObject", "expect": {"decision": "explicitDeny", "matchedStatements": [{"policy": "rw", "statementIndex": 1}]}},
    {"name": "list", "action": "s3:ListBucket", "resource": "arn:aws:s3:::bucket", "expect": {"decision": "allowed"}},
    {"name": "list without prefix", "action": "s3:ListBucket", "resource": "arn:aws:s3:::bucket", "context": {}, "expect": {"decision": "implicitDeny"}},
    {"action": "s3:PutObject"}
  ]
}"#;

fn lesson_with(extra: &str) -> String {
    LESSON.replacen(
        "\"title\": \"uploads\",",
        &format!("\"title\": \"uploads\", {extra}"),
        1,
    )
}

fn results(text: &str) -> Vec<CheckResult> {
    run(
        &load_scenario(text, "s.json").unwrap(),
        &EvalOptions::default(),
    )
}

#[test]
fn each_request_takes_what_it_leaves_out_from_the_scenarios_request() {
    let results = results(LESSON);
    let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    // No top-level `expect`: the scenario's own request is not a check.
    assert_eq!(
        names,
        [
            "read",
            "write elsewhere",
            "delete",
            "list",
            "list without prefix",
            "requests[5]"
        ]
    );
    let decisions: Vec<Decision> = results.iter().map(|r| r.result.decision).collect();
    assert_eq!(
        decisions,
        [
            Decision::Allowed,
            Decision::ImplicitDeny,
            Decision::ExplicitDeny,
            Decision::Allowed,
            // An entry's `context` replaces the scenario's whole.
            Decision::ImplicitDeny,
            Decision::Allowed,
        ]
    );
    let passed: Vec<Option<bool>> = results.iter().map(|r| r.passed).collect();
    assert_eq!(
        passed,
        [
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            None
        ]
    );
}

#[test]
fn a_check_that_fails_says_how() {
    let text = LESSON.replace(
        r#""name": "read", "expect": {"decision": "allowed"}"#,
        r#""name": "read", "expect": {"decision": "explicitDeny"}"#,
    );
    let read = &results(&text)[0];
    assert_eq!(read.passed, Some(false));
    assert_eq!(read.expected, Some(Decision::ExplicitDeny));
    assert!(
        read.mismatches[0].starts_with("decision: expected explicitDeny, got allowed"),
        "{:?}",
        read.mismatches
    );
}

#[test]
fn a_scenario_of_one_request_is_one_check_as_evaluate_sees_it() {
    let text = lesson_with(r#""expect": {"decision": "allowed"},"#)
        .replace(r#""requests": ["#, r#""unused": ["#);
    let text = &text[..text.find(",\n  \"unused\"").unwrap()];
    let text = format!("{text}\n}}");
    let scenario = load_scenario(&text, "s.json").unwrap();
    let checks = checks(&scenario);
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].name, OWN_REQUEST);
    let results = run(&scenario, &EvalOptions::default());
    let alone = crate::evaluate(&scenario, &EvalOptions::default());
    assert_eq!(
        serde_json::to_string(&results[0].result).unwrap(),
        serde_json::to_string(&alone).unwrap()
    );
    assert_eq!(results[0].passed, Some(true));
}

#[test]
fn the_scenarios_own_request_is_checked_first_when_it_has_an_expectation() {
    let text = lesson_with(r#""expect": {"decision": "allowed"},"#);
    let results = results(&text);
    assert_eq!(results.len(), 7);
    assert_eq!(results[0].name, OWN_REQUEST);
}

#[test]
fn a_policy_switched_off_is_left_out_and_the_result_says_so() {
    let text = lesson_with(r#""switchedOff": [{"policy": "list"}],"#);
    let scenario = load_scenario(&text, "s.json").unwrap();
    assert_eq!(scenario.identity_policies.len(), 1);
    let results = run(&scenario, &EvalOptions::default());
    assert_eq!(results[3].result.decision, Decision::ImplicitDeny);
    assert_eq!(results[3].passed, Some(false));
    let off = &results[3].result.switched_off;
    assert_eq!(off.len(), 1);
    assert_eq!(
        (
            off[0].policy_type,
            off[0].policy.as_str(),
            off[0].statement_index
        ),
        (PolicyType::Identity, "list", None)
    );
    let json = serde_json::to_value(&results[3].result).unwrap();
    assert_eq!(
        json["switchedOff"],
        serde_json::json!([{"policyType": "identity", "policy": "list"}])
    );
}

#[test]
fn a_statement_switched_off_by_sid_or_index_matches_nothing() {
    for entry in [
        r#"{"policy": "rw", "sid": "NoDelete"}"#,
        r#"{"policy": "rw", "statementIndex": 1}"#,
    ] {
        let text = lesson_with(&format!(r#""switchedOff": [{entry}],"#));
        let delete = &results(&text)[2];
        assert_eq!(delete.result.decision, Decision::Allowed, "{entry}");
        let off = &delete.result.switched_off[0];
        assert_eq!(
            (off.statement_index, off.sid.as_deref()),
            (Some(1), Some("NoDelete"))
        );
        let traced = delete.result.trace[0].policies[0].statements[0].clone();
        assert_eq!(traced.statement_index, 1);
        assert!(!traced.matched);
        assert!(traced.skipped.as_deref().unwrap().contains("switched off"));
    }
}

fn errors(text: &str) -> Vec<(&'static str, u32, u32)> {
    let error = load_scenario(text, "s.json").expect_err("an error");
    error
        .reports()
        .iter()
        .map(|r| (r.id, r.line, r.column))
        .collect()
}

#[test]
fn bad_entries_are_errors_at_their_place() {
    let text = lesson_with(r#""switchedOff": [{"policy": "rw", "statementIndex": 7}],"#);
    assert_eq!(errors(&text), [("unknown-statement", 2, 74)]);
    let text = lesson_with(r#""switchedOff": [{"policy": "rw", "sid": "Nope"}],"#);
    assert_eq!(errors(&text), [("unknown-statement", 2, 63)]);
    let text = lesson_with(r#""switchedOff": [{"policy": "nope"}],"#);
    assert_eq!(errors(&text), [("unknown-policy", 2, 50)]);
    let text = lesson_with(
        r#""switchedOff": [{"policy": "rw", "sid": "NoDelete", "statementIndex": 1}],"#,
    );
    assert_eq!(errors(&text)[0].0, "invalid-value");
    let text = LESSON.replace(r#"{"name": "read", "#, r#"{"nam": "read", "#);
    assert_eq!(errors(&text), [("unknown-field", 17, 6)]);
    let text = LESSON.replace(r#""action": "s3:PutObject"}"#, r#""action": 3}"#);
    assert_eq!(errors(&text), [("wrong-type", 22, 16)]);
    let text = LESSON.replace(
        r#""expect": {"decision": "implicitDeny"}}"#,
        r#""expect": {"decision": "denied"}}"#,
    );
    assert_eq!(errors(&text)[0].0, "invalid-value");
}

#[test]
fn the_typed_scenario_keeps_requests_and_switched_off() {
    let text = lesson_with(r#""switchedOff": [{"policy": "rw", "sid": "NoDelete"}],"#);
    let typed = ScenarioText::from_json(&text, crate::json::SCENARIO_FILE_LIMITS).unwrap();
    assert!(typed.requests.is_some() && typed.switched_off.is_some());
    let again =
        ScenarioText::from_json(&typed.to_json(), crate::json::SCENARIO_FILE_LIMITS).unwrap();
    assert_eq!(again, typed);
    let from_fields = typed.load("typed").unwrap();
    let from_text = load_scenario(&text, "s.json").unwrap();
    let decisions = |s: &Scenario| -> Vec<Decision> {
        run(s, &EvalOptions::default())
            .iter()
            .map(|r| r.result.decision)
            .collect()
    };
    assert_eq!(decisions(&from_fields), decisions(&from_text));
    assert_eq!(from_fields.switched_off, from_text.switched_off);
}
