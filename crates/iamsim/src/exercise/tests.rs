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

const EXERCISE: &str =
    r#""exercise": {"goal": "make all five checks pass", "editable": [{"policy": "rw"}]},"#;

#[test]
fn an_exercise_names_its_goal_and_the_policies_the_learner_edits() {
    let scenario = load_scenario(&lesson_with(EXERCISE), "s.json").unwrap();
    let exercise = scenario.exercise.as_ref().unwrap();
    assert_eq!(exercise.goal, "make all five checks pass");
    assert_eq!(exercise.editable, ["rw"]);
    assert!(exercise.is_editable("rw") && !exercise.is_editable("list"));
    // Without one, nothing is read-only: a scenario reads as it always did.
    assert_eq!(load_scenario(LESSON, "s.json").unwrap().exercise, None);
    // The typed scenario keeps it through share links and export.
    let typed =
        ScenarioText::from_json(&lesson_with(EXERCISE), crate::json::SCENARIO_FILE_LIMITS).unwrap();
    let written: serde_json::Value = serde_json::from_str(&typed.to_json()).unwrap();
    assert_eq!(
        written["exercise"],
        serde_json::json!({"goal": "make all five checks pass", "editable": [{"policy": "rw"}]})
    );
    assert_eq!(
        typed.load("typed").unwrap().exercise.as_ref(),
        Some(exercise)
    );
    assert_eq!(
        crate::scenario::exercise_of(typed.exercise.as_deref().unwrap()).as_ref(),
        Some(exercise)
    );
}

#[test]
fn the_editable_policies_are_known_while_the_learners_text_does_not_load() {
    let broken = r#"{"goal": "g", "editable": [{"policy": "rw"}, {"policy": 3}, {"nope": "x"}]"#;
    assert_eq!(crate::scenario::exercise_of(broken), None);
    let odd = r#"{"editable": [{"policy": "rw"}, {"policy": 3}, {"nope": "x"}]}"#;
    let read = crate::scenario::exercise_of(odd).unwrap();
    assert_eq!(
        (read.goal.as_str(), read.editable.as_slice()),
        ("", &["rw".to_owned()][..])
    );
}

#[test]
fn a_bad_exercise_is_an_error_at_its_place_with_a_hint() {
    let report = |text: &str| {
        let error = load_scenario(text, "s.json").expect_err("an error");
        let r = error.reports().remove(0);
        (r.id, r.line, r.column, r.help.unwrap_or_default())
    };
    let (id, line, column, help) = report(&lesson_with(&EXERCISE.replace(
        r#"{"policy": "rw"}"#,
        r#"{"policy": "rw"}, {"policy": "lst"}"#,
    )));
    assert_eq!((id, line, column), ("unknown-policy", 2, 115));
    assert_eq!(help, "did you mean `list`?");
    let (id, line, column, help) = report(&lesson_with(
        r#""exercise": {"editable": [{"policy": "rw"}]},"#,
    ));
    assert_eq!((id, line, column), ("missing-field", 2, 35));
    assert!(help.contains("\"goal\""), "{help}");
    let misspelt = load_scenario(
        &lesson_with(&EXERCISE.replace("editable", "editables")),
        "s",
    )
    .expect_err("an error")
    .reports();
    let ids: Vec<&str> = misspelt.iter().map(|r| r.id).collect();
    assert_eq!(ids, ["missing-field", "unknown-field"]);
    assert_eq!(
        misspelt[1].help.as_deref(),
        Some("did you mean `editable`?")
    );
    let (id, _, _, _) = report(&lesson_with(
        &EXERCISE.replace(r#"[{"policy": "rw"}]"#, "\"rw\""),
    ));
    assert_eq!(id, "wrong-type");
}

#[test]
fn an_exercise_without_a_check_says_so() {
    let text = r#"{
  "exercise": {"goal": "g", "editable": [{"policy": "p"}]},
  "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "*"},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": []}}],
  "requests": [{"name": "shown only"}]
}"#;
    let error = load_scenario(text, "s.json").expect_err("an error");
    let r = &error.reports()[0];
    assert_eq!((r.id, r.line, r.column), ("missing-field", 2, 15));
    assert!(r.message.contains("no checks"), "{}", r.message);
    let checked = text.replace(
        r#"{"name": "shown only"}"#,
        r#"{"name": "c", "expect": {"decision": "allowed"}}"#,
    );
    assert!(load_scenario(&checked, "s.json").is_ok());
}

#[test]
fn progress_counts_the_checks_that_expect_a_decision() {
    let progress = |text: &str, options: crate::scenario::LoadOptions| {
        let scenario = crate::scenario::load_scenario_with(text, "s.json", options).unwrap();
        Progress::of(&scenario, &run(&scenario, &EvalOptions::default()))
    };
    let strict = crate::scenario::LoadOptions::default();
    // Five checks expect a decision and pass; the sixth expects nothing.
    assert_eq!(
        progress(LESSON, strict),
        Progress {
            passed: 5,
            total: 5,
            done: true
        }
    );
    let failing = LESSON.replace(
        r#""name": "read", "expect": {"decision": "allowed"}"#,
        r#""name": "read", "expect": {"decision": "explicitDeny"}"#,
    );
    let half = progress(&failing, strict);
    assert_eq!((half.passed, half.total, half.done), (4, 5, false));
    assert_eq!(
        half.message(),
        r#"{"type":"iamsim:exercise","passed":4,"total":5,"done":false}"#
    );
    // Every check passes, but AWS would refuse the policy (a bad Sid): not done.
    let refused = LESSON.replace(r#""Sid": "NoDelete""#, r#""Sid": "No delete""#);
    let draft = progress(&refused, crate::scenario::LoadOptions { draft: true });
    assert_eq!((draft.passed, draft.total, draft.done), (5, 5, false));
    // Nothing to check is never done.
    let nothing = load_scenario(LESSON, "s.json").unwrap();
    assert!(!Progress::of(&nothing, &[]).done);
}
