//! Hostile and huge input: each limit of `iamsim::limits` (and the JSON
//! reader's and the share link's) holds at its value and fails just past
//! it, with its own diagnostic at the place that broke it; a valid policy of
//! 10,000 actions loads and evaluates. How fast is the benchmarks' business
//! (`cargo bench -p iamsim`); the matcher's linear work on long patterns is
//! counted, not timed, in `matching`'s unit tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iamsim::limits::{
    MAX_CONDITION_VALUES, MAX_PATTERN_CHARS, MAX_REQUEST_VALUE_CHARS, MAX_STATEMENTS,
};
use iamsim::policy::parse::parse_policy_as;
use iamsim::PolicyType;
use iamsim::{evaluate, load_scenario, Decision, EvalOptions, Source};
use serde_json::json;

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

/// The ids of the errors of a policy text read as an identity-based policy,
/// with the text each one points at (its first 20 bytes).
fn errors(policy: &serde_json::Value) -> Vec<(String, String)> {
    let text = serde_json::to_string_pretty(policy).unwrap();
    let (_, diagnostics) = parse_policy_as(&text, 0, Some("p"), PolicyType::Identity);
    let source = Source::new("p", text.as_str());
    diagnostics
        .iter()
        .filter(|d| d.severity == iamsim::Severity::Error)
        .map(|d| {
            let at = &source.text[d.span.start as usize..d.span.end as usize];
            (d.id.to_string(), at.chars().take(20).collect())
        })
        .collect()
}

fn statement(action: &str) -> serde_json::Value {
    json!({"Effect": "Allow", "Action": action, "Resource": "*"})
}

fn policy(statements: Vec<serde_json::Value>) -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[test]
fn statements_per_policy() {
    let at_limit = policy(vec![statement("s3:GetObject"); MAX_STATEMENTS]);
    assert_eq!(errors(&at_limit), []);
    let over = policy(vec![statement("s3:GetObject"); MAX_STATEMENTS + 1]);
    let found = errors(&over);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "too-many-statements");
    assert!(
        found[0].1.starts_with('['),
        "points at the Statement array: {found:?}"
    );
}

#[test]
fn values_per_condition_key() {
    let with_values = |n: usize| {
        let values: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
        policy(vec![json!({
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": values}}
        })])
    };
    assert_eq!(errors(&with_values(MAX_CONDITION_VALUES)), []);
    let found = errors(&with_values(MAX_CONDITION_VALUES + 1));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), &found[0].1[..5]),
        ("too-many-values", "[\n   ")
    );
}

#[test]
fn wildcard_pattern_length() {
    let pattern = |n: usize| {
        format!(
            "arn:aws:s3:::{}",
            "*a".repeat(n).chars().take(n - 13).collect::<String>()
        )
    };
    for element in ["Resource", "NotResource"] {
        let with = |p: String| {
            policy(vec![
                json!({"Effect": "Allow", "Action": "s3:GetObject", element: p}),
            ])
        };
        assert_eq!(errors(&with(pattern(MAX_PATTERN_CHARS))), [], "{element}");
        let found = errors(&with(pattern(MAX_PATTERN_CHARS + 1)));
        assert_eq!(found.len(), 1, "{element}: {found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].1.as_str()),
            ("pattern-too-long", "\"arn:aws:s3:::*a*a*a")
        );
    }
    let long_action = format!("s3:{}", "*a".repeat(MAX_PATTERN_CHARS));
    assert_eq!(
        errors(&policy(vec![statement(&long_action)]))[0].0,
        "pattern-too-long"
    );
    // Condition values: the wildcard operators' only; a long exact value is plain text.
    let condition = |op: &str, value: &str| {
        policy(vec![json!({
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {op: {"aws:PrincipalArn": value}}
        })])
    };
    let long = "*".repeat(MAX_PATTERN_CHARS + 1);
    for op in [
        "StringLike",
        "StringNotLike",
        "ArnLike",
        "ArnEquals",
        "ArnNotLike",
        "ForAnyValue:StringLikeIfExists",
    ] {
        assert_eq!(
            errors(&condition(op, &long))[0].0,
            "pattern-too-long",
            "{op}"
        );
    }
    assert_eq!(errors(&condition("StringEquals", &long)), []);
}

fn scenario(request: serde_json::Value) -> String {
    json!({
        "request": request,
        "identityPolicies": [{"name": "p", "document": policy(vec![statement("s3:*")])}],
    })
    .to_string()
}

fn load_errors(text: &str) -> Vec<&'static str> {
    match load_scenario(text, "s.json") {
        Ok(_) => vec![],
        Err(e) => e.diagnostics.iter().map(|d| d.id.as_str()).collect(),
    }
}

#[test]
fn request_values() {
    let resource = |n: usize| format!("arn:aws:s3:::b/{}", "k".repeat(n - 15));
    let request = |resource: String, context: serde_json::Value| json!({"principal": ALICE, "action": "s3:GetObject", "resource": resource, "context": context});
    let fits = scenario(request(resource(MAX_REQUEST_VALUE_CHARS), json!({})));
    assert_eq!(load_errors(&fits), Vec::<&str>::new());
    let long = scenario(request(resource(MAX_REQUEST_VALUE_CHARS + 1), json!({})));
    assert_eq!(load_errors(&long), ["value-too-long"]);
    let long_context = json!({"s3:prefix": "p".repeat(MAX_REQUEST_VALUE_CHARS + 1)});
    assert_eq!(
        load_errors(&scenario(request(resource(100), long_context))),
        ["value-too-long"]
    );
    let many =
        |n: usize| json!({"aws:TagKeys": (0..n).map(|i| format!("k{i}")).collect::<Vec<_>>()});
    assert_eq!(
        load_errors(&scenario(request(
            resource(100),
            many(MAX_CONDITION_VALUES)
        ))),
        Vec::<&str>::new()
    );
    assert_eq!(
        load_errors(&scenario(request(
            resource(100),
            many(MAX_CONDITION_VALUES + 1)
        ))),
        ["too-many-values"]
    );
}

/// Limits stop a draft too: it would otherwise evaluate what they refused.
#[test]
fn limits_are_errors_no_draft_reads_past() {
    let over = policy(vec![statement("s3:GetObject"); MAX_STATEMENTS + 1]);
    let text = json!({
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": "*"},
        "identityPolicies": [{"name": "p", "document": over}],
    })
    .to_string();
    let options = iamsim::scenario::LoadOptions { draft: true };
    let loaded = iamsim::scenario::load_scenario_with(&text, "s.json", options);
    assert!(
        loaded.is_err(),
        "a draft evaluated a policy over the statement limit"
    );
}

/// The largest policies people paste (AWS's ReadOnlyAccess lists thousands
/// of actions) are valid and evaluate: 10,000 actions in one statement.
#[test]
fn ten_thousand_actions_evaluate() {
    let actions: Vec<String> = (0..10_000)
        .map(|i| format!("svc{}:Describe{i}", i % 300))
        .collect();
    let mut document = policy(vec![
        json!({"Effect": "Allow", "Action": actions, "Resource": "*"}),
    ]);
    document["Statement"][0]["Action"][9_999] = json!("s3:GetObject");
    let text = json!({
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
        "identityPolicies": [{"name": "big", "document": document}],
    })
    .to_string();
    let scenario = load_scenario(&text, "big.json").unwrap();
    let result = evaluate(&scenario, &EvalOptions::default());
    assert_eq!(result.decision, Decision::Allowed);
}

/// A share link inflating to more than 1 MiB is refused, whatever it holds.
#[test]
fn share_links_inflate_to_one_mib_at_most() {
    use iamsim::share::{decode, fragment_of, stored_deflate, DecodeError, MAX_INFLATED_BYTES};
    let json = format!(
        "{{\"request\": {{}}, \"description\": \"{}\"}}",
        "x".repeat(MAX_INFLATED_BYTES)
    );
    assert_eq!(
        decode(&fragment_of(&stored_deflate(json.as_bytes()))),
        Some(Err(DecodeError::TooLarge))
    );
}
