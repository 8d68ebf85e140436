#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::load_scenario;

fn scenario(statements: &str) -> Scenario {
    let text = format!(
        r#"{{
  "request": {{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
              "resource": "arn:aws:s3:::reports/monthly/a.csv", "context": {{"aws:SourceIp": "10.1.2.3"}}}},
  "identityPolicies": [{{"name": "reports", "document": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}]
}}"#
    );
    load_scenario(&text, "s.json").unwrap()
}

const KNOWN: [&str; 6] = [
    "s3:GetObject",
    "s3:GetObjectAcl",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "ec2:RunInstances",
];

const OLD: &str = r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/monthly/*"}"#;

fn pairs(changes: &[DecisionChange]) -> Vec<(&str, &str)> {
    changes
        .iter()
        .map(|c| (c.action.as_str(), c.resource.as_str()))
        .collect()
}

#[test]
fn a_wildcard_that_grants_more_shows_as_newly_allowed() {
    let old = scenario(OLD);
    let new = scenario(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/*"}"#,
    );
    let found = compare(
        &old,
        &new,
        &Grid::of(&old, &new, &KNOWN, true),
        &EvalOptions::default(),
    );
    assert_eq!(
        pairs(&found.newly_allowed),
        [
            ("s3:GetObject", "arn:aws:s3:::reports/example"),
            ("s3:GetObjectAcl", "arn:aws:s3:::reports/example"),
            ("s3:GetObjectAcl", "arn:aws:s3:::reports/monthly/a.csv"),
            ("s3:GetObjectAcl", "arn:aws:s3:::reports/monthly/example"),
            ("s3:PutObject", "arn:aws:s3:::reports/example"),
        ]
    );
    assert!(found.newly_denied.is_empty());
    // ec2 is named by neither version: not compared.
    assert_eq!(found.compared, 5 * 3);
    assert_eq!(found.newly_allowed[0].before, Decision::ImplicitDeny);
}

#[test]
fn an_action_taken_away_or_a_deny_added_shows_as_newly_denied() {
    let old = scenario(OLD);
    let new = scenario(&format!(
        r#"{OLD}, {{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*", "Condition": {{"IpAddress": {{"aws:SourceIp": "10.0.0.0/8"}}}}}}"#
    ));
    let found = compare(
        &old,
        &new,
        &Grid::of(&old, &new, &KNOWN, true),
        &EvalOptions::default(),
    );
    assert!(found.newly_allowed.is_empty());
    assert_eq!(
        pairs(&found.newly_denied),
        [
            ("s3:PutObject", "arn:aws:s3:::reports/monthly/a.csv"),
            ("s3:PutObject", "arn:aws:s3:::reports/monthly/example"),
        ]
    );
    assert_eq!(found.newly_denied[0].after, Decision::ExplicitDeny);
}

#[test]
fn without_a_catalog_the_actions_written_out_are_compared() {
    let old = scenario(OLD);
    let new = scenario(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::reports/monthly/*"}"#,
    );
    let found = compare(
        &old,
        &new,
        &Grid::of(&old, &new, &[], true),
        &EvalOptions::default(),
    );
    assert_eq!(
        pairs(&found.newly_allowed),
        [
            ("s3:DeleteObject", "arn:aws:s3:::reports/monthly/a.csv"),
            ("s3:DeleteObject", "arn:aws:s3:::reports/monthly/example"),
        ]
    );
}

#[test]
fn a_stand_in_request_is_left_out_of_the_grid() {
    let old = scenario(OLD);
    let grid = Grid::of(&old, &old, &[], false);
    assert_eq!(grid.actions, ["s3:GetObject", "s3:PutObject"]);
    assert_eq!(grid.resources, ["arn:aws:s3:::reports/monthly/example"]);
}

#[test]
fn wildcards_in_an_arn_are_filled_in_as_the_request_would_be() {
    let old = scenario(OLD);
    let request = &old.request;
    assert_eq!(
        example_resource("arn:aws:ec2:*:*:instance/*", request),
        "arn:aws:ec2:us-east-1:111122223333:instance/example"
    );
    assert_eq!(
        example_resource("arn:aws:s3:::home/${aws:username}/*", request),
        "arn:aws:s3:::home/alice/example"
    );
    assert_eq!(
        example_resource("arn:aws:s3:::ip/${aws:SourceIp}/${aws:nope, 'd'}", request),
        "arn:aws:s3:::ip/10.1.2.3/example"
    );
}

#[test]
fn a_grid_too_big_is_cut_and_says_so() {
    let old = scenario(OLD);
    let grid = Grid::of(&old, &old, &KNOWN, true);
    let cut = compare_at_most(&old, &old, &grid, &EvalOptions::default(), 4);
    assert_eq!((cut.compared, cut.truncated), (4, true));
    let whole = compare(&old, &old, &grid, &EvalOptions::default());
    assert_eq!((whole.compared, whole.truncated), (10, false));
    assert!(serde_json::to_value(&whole)
        .unwrap()
        .get("truncated")
        .is_none());
}
