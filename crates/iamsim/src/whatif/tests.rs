#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::json::SCENARIO_FILE_LIMITS;

fn text(json: &str) -> ScenarioText {
    ScenarioText::from_json(json, SCENARIO_FILE_LIMITS).unwrap()
}

fn example(name: &str) -> ScenarioText {
    let path = format!(
        "{}/../../web/examples/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    text(&std::fs::read_to_string(path).unwrap())
}

/// Every suggestion, applied to a copy, gives the decision it claims,
/// which is the other side of allowed / denied.
fn check_all_flip(scenario: &ScenarioText) -> Suggestions {
    let options = EvalOptions::default();
    let found = suggest(scenario, &options).unwrap();
    for s in &found.suggestions {
        let after = decision_after(scenario, &s.changes, &options).expect("applies and loads");
        assert_eq!(after.decision, s.decision, "{}", s.summary);
        assert_ne!(
            after.decision == Decision::Allowed,
            found.decision == Decision::Allowed,
            "{}",
            s.summary
        );
    }
    found
}

fn kinds(found: &Suggestions) -> Vec<SuggestionKind> {
    found.suggestions.iter().map(|s| s.kind).collect()
}

const DENY: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/dev", "action": "s3:DeleteObject",
              "resource": "arn:aws:s3:::reports/a.csv"},
  "identityPolicies": [
    {"name": "rw", "document": {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:DeleteBucket"], "Resource": "*"}
      ]
    }}
  ]
}"#;

#[test]
fn an_explicit_deny_is_narrowed_or_removed() {
    let found = check_all_flip(&text(DENY));
    assert_eq!(found.decision, Decision::ExplicitDeny);
    assert_eq!(
        kinds(&found),
        [SuggestionKind::NarrowDeny, SuggestionKind::RemoveDeny]
    );
    let narrow = &found.suggestions[0];
    assert_eq!(
        narrow.statement,
        Some(StatementTarget {
            policy: PolicyTarget {
                policy_type: PolicyType::Identity,
                level: None,
                policy: "rw".into()
            },
            statement_index: 1
        })
    );
    let Change::ReplaceDocument { document, .. } = &narrow.changes[0] else {
        panic!("{:?}", narrow.changes)
    };
    // Only the pattern goes; the rest is as written.
    assert_eq!(
        document,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\"Sid\": \"NoDeletes\", \"Effect\": \"Deny\", \"Action\": [\"s3:DeleteBucket\"], \"Resource\": \"*\"}\n  ]\n}"
    );
    let Change::ReplaceDocument { document, .. } = &found.suggestions[1].changes[0] else {
        panic!()
    };
    assert!(!document.contains("NoDeletes") && document.contains("\"s3:*\""));
    assert!(found.suggestions[1]
        .summary
        .contains("statement 2 (`NoDeletes`)"));
}

#[test]
fn a_condition_that_fails_asks_for_the_value_it_wants() {
    let mut scenario = example("08-conditions-ip-mfa-region");
    scenario.request.context.retain(|e| e.key != "aws:SourceIp");
    scenario.request.context[0].values = vec!["false".into()];
    let found = check_all_flip(&scenario);
    assert_eq!(found.decision, Decision::ImplicitDeny);
    let first = &found.suggestions[0];
    assert_eq!(first.kind, SuggestionKind::SetContext);
    assert_eq!(
        first.changes,
        [
            Change::SetContext {
                key: "aws:SourceIp".into(),
                values: vec!["203.0.113.0".into()]
            },
            Change::SetContext {
                key: "aws:MultiFactorAuthPresent".into(),
                values: vec!["true".into()]
            },
        ]
    );
}

#[test]
fn a_boundary_that_lacks_the_action_gets_it() {
    let found = check_all_flip(&example("07-boundary-caps-admin"));
    assert_eq!(kinds(&found), [SuggestionKind::AddAllow]);
    let Change::ReplaceDocument { target, document } = &found.suggestions[0].changes[0] else {
        panic!()
    };
    assert_eq!(target.policy_type, PolicyType::PermissionsBoundary);
    assert!(document.contains(
        r#"{ "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "arn:aws:iam::111122223333:user/intern" }"#
    ));
}

#[test]
fn a_deny_in_an_scp_and_a_trust_policy_that_does_not_name_the_caller() {
    let found = check_all_flip(&example("11-scp-deny-regions"));
    assert!(kinds(&found).contains(&SuggestionKind::RemoveDeny));
    assert!(found.suggestions.iter().all(|s| s.changes.iter().all(|c| matches!(
        c,
        Change::ReplaceDocument { target, .. } if target.policy_type == PolicyType::Scp && target.level.is_some()
    ) || matches!(c, Change::SetContext { .. }))));

    let mut scenario = example("06-cross-account-external-id");
    // The lesson starts trusting everyone: name the partner's account.
    scenario.resource_policy.as_mut().unwrap().document =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}]}"#
            .into();
    scenario.request.principal = "arn:aws:iam::777788889999:user/other".into();
    let found = check_all_flip(&scenario);
    assert!(
        kinds(&found).contains(&SuggestionKind::NamePrincipal),
        "{:?}",
        found.suggestions
    );
}

#[test]
fn with_no_policy_at_all_one_is_attached() {
    let scenario = text(
        r#"{"request": {"principal": "arn:aws:iam::111122223333:user/dev", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}"#,
    );
    let found = check_all_flip(&scenario);
    // An identity-based policy, or a bucket policy that names the user.
    assert_eq!(
        kinds(&found),
        [SuggestionKind::AddPolicy, SuggestionKind::AddPolicy]
    );
    let mut applied = scenario.clone();
    assert!(apply(&mut applied, &found.suggestions[0].changes[0]));
    assert_eq!(applied.identity_policies[0].name, "allow-s3-GetObject");
    assert!(apply(&mut applied, &found.suggestions[1].changes[0]));
    assert_eq!(applied.resource_policy.unwrap().name, "resource policy");
}

#[test]
fn when_no_one_edit_is_enough_they_are_combined() {
    // The SCP level allows only EC2, and no identity policy allows S3.
    let scenario = text(
        r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/dev", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
  "identityPolicies": [{"name": "ec2", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}}],
  "serviceControlPolicies": [{"name": "Root", "policies": [{"name": "ec2-only", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}}]}]
}"#,
    );
    let found = check_all_flip(&scenario);
    assert_eq!(kinds(&found), [SuggestionKind::Combined]);
    let targets: Vec<PolicyType> = found.suggestions[0]
        .changes
        .iter()
        .map(|c| match c {
            Change::ReplaceDocument { target, .. } => target.policy_type,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(targets, [PolicyType::Scp, PolicyType::Identity]);
}

#[test]
fn an_allowed_request_shows_what_it_rests_on() {
    // Two statements allow it: neither alone is what it rests on.
    let twice = text(&DENY.replace(
        r#""Action": ["s3:DeleteObject", "s3:DeleteBucket"]"#,
        r#""Action": "s3:PutObject""#,
    ));
    assert_eq!(check_all_flip(&twice).decision, Decision::Allowed);
    let found = check_all_flip(&example("08-conditions-ip-mfa-region"));
    assert_eq!(found.decision, Decision::Allowed);
    assert_eq!(kinds(&found), [SuggestionKind::RemoveAllow]);
    assert!(found.suggestions[0]
        .summary
        .starts_with("the access rests on statement 1 (`StartFromOfficeWithMfaInIreland`)"));
    let twice = text(&DENY.replace(
        r#"{"Sid": "NoDeletes", "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:DeleteBucket"], "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "*"}"#,
    ));
    let found = check_all_flip(&twice);
    assert_eq!(found.decision, Decision::Allowed);
    assert!(found.suggestions.is_empty(), "{:?}", found.suggestions);
}

#[test]
fn nothing_is_suggested_where_no_policy_can_help() {
    // No one may change an AWS managed policy.
    let scenario = text(
        r#"{"request": {"principal": "arn:aws:iam::111122223333:user/dev", "action": "iam:CreatePolicyVersion", "resource": "arn:aws:iam::aws:policy/AdministratorAccess"},
  "identityPolicies": [{"name": "admin", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}"#,
    );
    let found = check_all_flip(&scenario);
    assert_eq!(found.decision, Decision::ImplicitDeny);
    assert!(found.suggestions.is_empty(), "{:?}", found.suggestions);
}

#[test]
fn edits_serialize_for_a_front_end() {
    let found = suggest(&text(DENY), &EvalOptions::default()).unwrap();
    let json = serde_json::to_value(&found).unwrap();
    let first = &json["suggestions"][0];
    assert_eq!(first["kind"], "narrowDeny");
    assert_eq!(first["decision"], "allowed");
    assert_eq!(first["statement"]["policyType"], "identity");
    assert_eq!(first["statement"]["statementIndex"], 1);
    assert_eq!(first["changes"][0]["change"], "replaceDocument");
    assert_eq!(first["changes"][0]["policy"], "rw");
    assert!(first["changes"][0]["document"].is_string());
}

#[test]
fn statements_are_added_to_any_shape_of_statement_list() {
    let one = edit::Document::parse(r#"{"Statement": {"Effect": "Allow"}}"#).unwrap();
    assert_eq!(
        one.with_statement("{}").unwrap(),
        "{\"Statement\": [\n  {\"Effect\": \"Allow\"},\n  {}\n]}"
    );
    let none = edit::Document::parse(r#"{"Statement": []}"#).unwrap();
    assert_eq!(none.with_statement("{}").unwrap(), r#"{"Statement": [{}]}"#);
    assert_eq!(none.without_statement(0), None);
    let only = edit::Document::parse("{\"Statement\": [\n  {\"a\": 1}\n]}").unwrap();
    assert_eq!(only.without_statement(0).unwrap(), r#"{"Statement": []}"#);
    let lone = edit::Document::parse(r#"{"Statement": {"Effect": "Deny"}}"#).unwrap();
    assert_eq!(lone.without_statement(0).unwrap(), r#"{"Statement": []}"#);
    let last = edit::Document::parse(r#"{"Statement": [{"a": 1}, {"b": 2}]}"#).unwrap();
    assert_eq!(
        last.without_statement(1).unwrap(),
        r#"{"Statement": [{"a": 1}]}"#
    );
    assert_eq!(
        last.without_statement(0).unwrap(),
        r#"{"Statement": [{"b": 2}]}"#
    );
}

#[test]
fn several_matching_denies_go_together() {
    let denies: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"Sid": "D{i}", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}}"#))
        .collect();
    let scenario = text(&DENY.replace(
        r#"{"Sid": "NoDeletes", "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:DeleteBucket"], "Resource": "*"}"#,
        &denies.join(",\n        "),
    ));
    let found = check_all_flip(&scenario);
    assert_eq!(kinds(&found), [SuggestionKind::Combined]);
    assert!(found.suggestions[0]
        .summary
        .starts_with("remove the 100 Deny statements"));
    let Change::ReplaceDocument { document, .. } = &found.suggestions[0].changes[0] else {
        panic!()
    };
    assert!(!document.contains("Deny") && document.contains("\"s3:*\""));
}

#[test]
fn at_most_so_many_candidates_are_evaluated() {
    // 100 statements, each allowing on a tag of its own: each tag alone would do.
    let allows: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"StringEquals": {{"aws:PrincipalTag/k{i}": "v"}}}}}}"#))
        .collect();
    let scenario = text(&format!(
        r#"{{"request": {{"principal": "arn:aws:iam::111122223333:user/dev", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
  "identityPolicies": [{{"name": "tags", "document": {{"Version": "2012-10-17", "Statement": [{}]}}}}]}}"#,
        allows.join(", ")
    ));
    let found = check_all_flip(&scenario);
    assert_eq!(found.suggestions.len(), MAX_CANDIDATES);
    assert!(found
        .suggestions
        .iter()
        .all(|s| s.kind == SuggestionKind::SetContext));
}

/// Listing is allowed with `s3:prefix` = `uploads/`. The first entry gives
/// an empty context, the second takes the scenario's, which lacks the key.
const LISTING: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/dev", "action": "s3:GetObject",
              "resource": "arn:aws:s3:::bucket/uploads/a.png", "context": {"aws:SourceIp": "10.0.0.1"}},
  "identityPolicies": [{"name": "list", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket",
     "Condition": {"StringEquals": {"s3:prefix": "uploads/"}}}]}}],
  "requests": [
    {"name": "own context", "action": "s3:ListBucket", "resource": "arn:aws:s3:::bucket", "context": {}, "expect": {"decision": "allowed"}},
    {"name": "inherited", "action": "s3:ListBucket", "resource": "arn:aws:s3:::bucket", "expect": {"decision": "allowed"}}
  ]
}"#;

/// The decision of entry `index` of `scenario`'s `requests`.
fn entry_decision(scenario: &ScenarioText, index: usize) -> Decision {
    let loaded = scenario.load("s").unwrap();
    let checks = crate::exercise::run(&loaded, &EvalOptions::default());
    checks[checks.len() - loaded.requests.len() + index]
        .result
        .decision
}

#[test]
fn a_request_entry_gets_the_context_value_in_its_own_context() {
    let scenario = text(LISTING);
    let options = EvalOptions::default();
    for (index, name, context) in [
        (0, "own context", r#"{"s3:prefix":"uploads/"}"#),
        // It took the scenario's context: now it gives its own, with the key.
        (
            1,
            "inherited",
            r#"{"aws:SourceIp":"10.0.0.1","s3:prefix":"uploads/"}"#,
        ),
    ] {
        let found = suggest_for(&scenario, Target::Entry(index), &options).unwrap();
        assert_eq!(found.request.as_deref(), Some(name));
        assert_eq!(
            (found.decision, found.expected),
            (Decision::ImplicitDeny, Some(Decision::Allowed))
        );
        let first = &found.suggestions[0];
        assert_eq!(
            first.changes,
            [Change::SetEntryContext {
                request: index,
                key: "s3:prefix".into(),
                values: vec!["uploads/".into()]
            }]
        );
        let mut applied = scenario.clone();
        assert!(apply(&mut applied, &first.changes[0]));
        assert_eq!(entry_decision(&applied, index), Decision::Allowed);
        assert_eq!(entry_decision(&applied, 1 - index), Decision::ImplicitDeny);
        assert_eq!(
            applied.request, scenario.request,
            "the scenario's own is as it was"
        );
        let requests: serde_json::Value =
            serde_json::from_str(applied.requests.as_deref().unwrap()).unwrap();
        assert_eq!(
            requests[index]["context"],
            serde_json::from_str::<serde_json::Value>(context).unwrap()
        );
    }
    let json =
        serde_json::to_value(suggest_for(&scenario, Target::Entry(1), &options).unwrap()).unwrap();
    assert_eq!(json["request"], "inherited");
    assert_eq!(json["expected"], "allowed");
    assert_eq!(
        json["suggestions"][0]["changes"][0],
        serde_json::json!({"change": "setEntryContext", "request": 1, "key": "s3:prefix", "values": ["uploads/"]})
    );
}

#[test]
fn requests_are_found_by_name_or_index() {
    let loaded = text(LISTING).load("s").unwrap();
    assert_eq!(Target::find(&loaded, "inherited"), Ok(Target::Entry(1)));
    assert_eq!(Target::find(&loaded, "0"), Ok(Target::Entry(0)));
    assert_eq!(Target::find(&loaded, "request"), Ok(Target::Request));
    let error = Target::find(&loaded, "2").unwrap_err();
    assert_eq!(
        error,
        "the scenario has no request `2`: its requests are `request`, `own context`, `inherited` (or an entry's index in `requests`, from 0)"
    );
    let error = suggest_for(&text(LISTING), Target::Entry(5), &EvalOptions::default())
        .unwrap_err()
        .reports();
    assert_eq!(error[0].id, "invalid-argument");
}

#[test]
fn in_an_exercise_only_the_editable_policies_are_edited() {
    let lesson = example("03-least-privilege-3-scoped");
    let options = EvalOptions::default();
    let failing = suggest_failing(&lesson, &options).unwrap();
    let names: Vec<Option<&str>> = failing.iter().map(|f| f.request.as_deref()).collect();
    assert_eq!(
        names,
        [
            Some("cannot read outside monthly/"),
            Some("cannot delete a report")
        ]
    );
    for found in &failing {
        assert_eq!(found.expected, Some(Decision::ImplicitDeny));
        assert!(!found.suggestions.is_empty(), "{:?}", found.request);
        for s in &found.suggestions {
            let [Change::ReplaceDocument { target, .. }] = s.changes.as_slice() else {
                panic!("{:?}", s.changes)
            };
            assert_eq!(
                target.policy, "reports-access",
                "not the read-only boundary"
            );
            assert_eq!(s.decision, Decision::ImplicitDeny);
        }
    }
    // Outside the exercise, the read-only boundary would be edited too.
    let mut free = lesson.clone();
    free.exercise = None;
    let entry = Target::find(&free.load("s").unwrap(), "cannot delete a report").unwrap();
    let found = suggest_for(&free, entry, &options).unwrap();
    assert!(found.suggestions.iter().any(|s| s.changes.iter().any(
        |c| matches!(c, Change::ReplaceDocument { target, .. } if target.policy == "dev-boundary")
    )));
}

#[test]
fn an_allow_too_wide_for_a_check_is_narrowed_before_it_is_removed() {
    // A learner's answer to the lesson that still allows deleting.
    let mut lesson = example("03-least-privilege-3-scoped");
    lesson.identity_policies[0].document =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        "Resource": "arn:aws:s3:::example-reports/monthly/*"}]}"#
            .into();
    let options = EvalOptions::default();
    let failing = suggest_failing(&lesson, &options).unwrap();
    assert_eq!(failing.len(), 1);
    assert_eq!(
        failing[0].request.as_deref(),
        Some("cannot delete a report")
    );
    assert_eq!(
        kinds(&failing[0]),
        [SuggestionKind::NarrowAllow, SuggestionKind::RemoveAllow]
    );
    let narrow = &failing[0].suggestions[0];
    assert_eq!(
        narrow.summary,
        "take the patterns that match `s3:DeleteObject` out of the Action of statement 1 of the identity-based policy `reports-access`: the access rests on them"
    );
    // Applied, it solves the exercise: every check passes.
    let mut applied = lesson.clone();
    assert!(apply(&mut applied, &narrow.changes[0]));
    let loaded = applied.load("s").unwrap();
    let checks = crate::exercise::run(&loaded, &options);
    assert!(crate::exercise::Progress::of(&loaded, &checks).done);
}
