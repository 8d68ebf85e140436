#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::kinds::{Effect, PrincipalKind};
use crate::policy::{PrincipalValue, ValueKind};
use crate::source::Source;

fn parse_as(text: &str, kind: PolicyType) -> (PolicyDocument, Vec<Diagnostic>) {
    parse_policy_as(text, 3, Some("p"), kind)
}

fn ids(text: &str, kind: PolicyType) -> Vec<&'static str> {
    parse_as(text, kind)
        .1
        .iter()
        .map(|d| d.id.as_str())
        .collect()
}

/// The (id, line:column) of every diagnostic.
fn located(text: &str, kind: PolicyType) -> Vec<(&'static str, String)> {
    let source = Source::new("p", text);
    parse_as(text, kind)
        .1
        .iter()
        .map(|d| {
            let at = source.line_col(d.span.start);
            (d.id.as_str(), format!("{}:{}", at.line, at.column))
        })
        .collect()
}

const ALLOW_ALL: &str = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;

// IAM User Guide, reference_policies_grammar.md, "Grammar": the whole grammar.
#[test]
fn accepts_the_whole_grammar() {
    let text = r#"{
  "Version": "2012-10-17",
  "Id": "policy-1",
  "Statement": [
    {
      "Sid": "One",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "lambda.amazonaws.com"},
      "NotAction": ["iam:*", "s3:Delete*"],
      "NotResource": "arn:aws:s3:::b/*",
      "Condition": {
        "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]},
        "NumericLessThan": {"s3:max-keys": 10},
        "Bool": {"aws:SecureTransport": true}
      }
    },
    {"Effect": "Deny", "NotPrincipal": "*", "Action": "s3:GetObject", "Resource": ["*"]}
  ]
}"#;
    let (doc, diags) = parse_as(text, PolicyType::Resource);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(doc.variables_enabled());
    assert_eq!(doc.id.as_ref().map(|i| i.value.as_str()), Some("policy-1"));
    let [first, second] = &doc.statements[..] else {
        panic!("{:?}", doc.statements)
    };
    assert_eq!(first.sid.as_ref().unwrap().value, "One");
    assert_eq!(first.effect.value, Effect::Allow);
    let action = first.action.as_ref().unwrap();
    assert!(action.negated);
    assert_eq!(
        action
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect::<Vec<_>>(),
        ["iam:*", "s3:Delete*"]
    );
    assert_eq!(
        &text[action.values[1].span.start as usize..action.values[1].span.end as usize],
        "\"s3:Delete*\""
    );
    assert!(first.resource.as_ref().unwrap().negated);
    let PrincipalValue::Map(entries) = &first.principal.as_ref().unwrap().value else {
        panic!()
    };
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.kind, e.values.len()))
            .collect::<Vec<_>>(),
        [(PrincipalKind::Aws, 2), (PrincipalKind::Service, 1)]
    );
    assert_eq!(first.conditions.len(), 3);
    assert_eq!(
        first.conditions[0].operator.value.name(),
        "ForAnyValue:StringLikeIfExists"
    );
    assert_eq!(first.conditions[1].values[0].kind, ValueKind::Number);
    assert_eq!(first.conditions[2].values[0].text, "true");
    assert_eq!(second.index, 1);
    let principal = second.principal.as_ref().unwrap();
    assert!(principal.negated && matches!(principal.value, PrincipalValue::Wildcard));
}

#[test]
fn diagnostics_carry_source_and_policy() {
    let (_, diags) = parse_policy("{\"Statement\": 1}", 7, Some("mine"));
    assert!(!diags.is_empty());
    assert!(diags
        .iter()
        .all(|d| d.source == 7 && d.policy.as_deref() == Some("mine")));
    let (_, diags) = parse_policy("{", 7, Some("mine"));
    assert_eq!((diags[0].id.as_str(), diags[0].source), ("invalid-json", 7));
}

// reference_policies_grammar.md, "Grammar": `Statement` is a statement or an array of them.
#[test]
fn a_lone_statement_object_is_statement_zero() {
    let (doc, diags) = parse_as(ALLOW_ALL, PolicyType::Identity);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.statements.len(), 1);
    assert_eq!(doc.statements[0].index, 0);
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
  {"effect": "Allow", "Action": 3, "Resource": "*"},
  {"Effect": "allow", "Action": "s3:GetObject", "NotAction": "s3:Put*", "Resource": "*"}
]}"#;
    assert_eq!(
        located(text, PolicyType::Identity),
        [
            ("missing-effect", "2:3".to_string()),
            ("unknown-element", "2:4".to_string()),
            ("wrong-type", "2:33".to_string()),
            ("invalid-effect", "3:14".to_string()),
            ("conflicting-elements", "3:49".to_string()),
        ]
    );
}

#[test]
fn unknown_elements_suggest_the_right_name() {
    let (_, diags) = parse_as(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resources": "*"}}"#,
        PolicyType::Identity,
    );
    let unknown = diags.iter().find(|d| d.id == "unknown-element").unwrap();
    assert!(
        unknown
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `Resource`?"),
        "{unknown:?}"
    );
    let (_, diags) = parse_as(
        r#"{"version": "2012-10-17", "Statement": []}"#,
        PolicyType::Identity,
    );
    let unknown = diags.iter().find(|d| d.id == "unknown-element").unwrap();
    assert!(unknown.help.as_deref().unwrap().contains("`Version`"));
}

// reference_policies_grammar.md, "Grammar": `<effect_block> = "Effect" : ("Allow" | "Deny")`.
#[test]
fn effect_must_be_exactly_allow_or_deny() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}"#;
    let (doc, diags) = parse_as(text, PolicyType::Identity);
    assert_eq!(diags[0].id, "invalid-effect");
    assert!(diags[0].help.as_deref().unwrap().contains("`Allow`"));
    assert!(
        doc.statements.is_empty(),
        "a statement without a known effect is not kept"
    );
}

#[test]
fn wrong_types_point_at_the_value() {
    for (text, needle) in [
        (
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": {"a": 1}, "Resource": "*"}}"#,
            "{\"a\"",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:*", 4], "Resource": "*"}}"#,
            "4]",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": {"Effect": true, "Action": "*", "Resource": "*"}}"#,
            "true",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": "all"}"#,
            "\"all\"",
        ),
        (r#"{"Version": "2012-10-17", "Statement": [7]}"#, "7]"),
        (
            r#"{"Version": "2012-10-17", "Statement": {"Sid": 1, "Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
            "1,",
        ),
        ("[]", "[]"),
    ] {
        let (_, diags) = parse_as(text, PolicyType::Identity);
        let d = diags
            .iter()
            .find(|d| d.id == "wrong-type")
            .unwrap_or_else(|| panic!("{text}: {diags:?}"));
        assert_eq!(d.span.start as usize, text.find(needle).unwrap(), "{text}");
    }
}

#[test]
fn version_must_be_one_of_the_two_dates() {
    let text = r#"{"Version": "2024-01-01", "Statement": []}"#;
    assert_eq!(ids(text, PolicyType::Identity), ["invalid-version"]);
}

// reference_policies_elements_version.md: without Version, variables are literal text.
#[test]
fn missing_version_and_literal_variables_are_warnings() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*",
      "Condition": {"StringEquals": {"s3:prefix": "${aws:username}"}}}}"#;
    let (doc, diags) = parse_as(text, PolicyType::Identity);
    assert_eq!(doc.statements.len(), 1);
    assert!(diags.iter().all(|d| !d.is_error()));
    assert_eq!(
        diags.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        [
            "missing-version",
            "variable-not-substituted",
            "variable-not-substituted"
        ]
    );
    let old = r#"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${aws:username}"}}"#;
    assert_eq!(ids(old, PolicyType::Identity), ["variable-not-substituted"]);
}

// reference_policies_variables.md, "Where you can use policy variables":
// "Resource element" (after the fifth colon) and "Condition element" (string and ARN operators).
#[test]
fn variables_where_aws_does_not_replace_them_are_warnings() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:*",
      "Resource": ["arn:aws:sqs:${aws:RequestedRegion}:111122223333:q", "arn:aws:sqs:us-east-2:*:${aws:username}-queue"],
      "Condition": {"NumericLessThan": {"s3:max-keys": "${aws:username}"}, "StringLike": {"s3:prefix": "${aws:username}/*"}}}}"#;
    let (_, diags) = parse_as(text, PolicyType::Identity);
    let source = Source::new("p", text);
    let found: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.is_error(),
                source.line_col(d.span.start).line,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("variable-not-substituted", false, 2),
            ("variable-not-substituted", false, 3)
        ]
    );
    assert!(diags[0].help.as_deref().unwrap().contains("fifth colon"));
    assert!(diags[1]
        .help
        .as_deref()
        .unwrap()
        .contains("string, ARN and Bool operators"));
}

// reference_policies_elements_condition_operators.md, "Boolean condition
// operators": "You can use a policy variable with the Boolean condition
// operator" (the variables page says otherwise; the operator's own section is
// the more specific). The evaluator substitutes there, so the parser is quiet.
#[test]
fn a_variable_in_a_bool_value_is_no_warning() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "${aws:PrincipalTag/needs-tls}"}}}}"#;
    assert!(ids(text, PolicyType::Identity).is_empty());
}

// reference_policies_grammar.md, "Notes about string values", `sid_string`.
#[test]
fn iam_sids_are_alphanumeric() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Sid": "Allow S3-read", "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"},
      {"Sid": "AllowS3Read2", "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"}]}"#;
    assert_eq!(
        ids(text, PolicyType::Identity),
        [
            "invalid-sid",
            "principal-in-identity-policy",
            "principal-in-identity-policy"
        ]
    );
    assert!(ids(text, PolicyType::Resource).is_empty());
}

#[test]
fn missing_parts_of_a_statement() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{}, {"Sid": "x"}]}"#;
    assert_eq!(
        ids(text, PolicyType::Identity),
        [
            "empty-statement",
            "missing-effect",
            "missing-action",
            "missing-resource"
        ]
    );
    assert_eq!(
        ids(r#"{"Version": "2012-10-17"}"#, PolicyType::Identity),
        ["missing-statement"]
    );
}

// reference_policies_grammar.md, "Policy grammar notes": the principal block is required
// in resource-based policies and must not be included in identity-based policies.
#[test]
fn principal_rules_depend_on_the_policy_kind() {
    let trust = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole"}}"#;
    assert_eq!(
        ids(trust, PolicyType::Resource),
        ["missing-principal-in-resource-policy"]
    );
    assert!(ids(trust, PolicyType::Scp).is_empty());
    let with_principal = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
    assert_eq!(
        ids(with_principal, PolicyType::Identity),
        ["principal-in-identity-policy"]
    );
    assert!(parse_policy(with_principal, 0, None).1.is_empty());
}

// reference_policies_elements_notprincipal.md, "`NotPrincipal` With `Allow`".
#[test]
fn not_principal_with_allow_is_a_warning() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"},
      {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]}"#;
    let (doc, diags) = parse_as(text, PolicyType::Resource);
    assert_eq!(doc.statements.len(), 2);
    assert_eq!(
        diags
            .iter()
            .map(|d| (d.id.as_str(), d.is_error()))
            .collect::<Vec<_>>(),
        [("allow-not-principal", false)]
    );
}

#[test]
fn principal_values_are_checked() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"aws": "*", "Users": "x"}, "Action": "*"}}"#;
    let (_, diags) = parse_as(text, PolicyType::Resource);
    assert_eq!(
        diags.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["invalid-principal", "invalid-principal"]
    );
    assert!(diags[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `AWS`?"));
    assert!(diags[1]
        .help
        .as_deref()
        .unwrap()
        .contains("`CanonicalUser`"));
    let bare = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "arn:aws:iam::1:root", "Action": "*"}}"#;
    assert_eq!(ids(bare, PolicyType::Resource), ["invalid-principal"]);
}

// reference_policies_grammar.md, "Notes about string values", `action_string`.
#[test]
fn actions_need_a_service_prefix_and_resources_an_arn() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["GetObject", "s3:", "s3:Get*", "*"], "Resource": ["bucket", "*"]}}"#;
    assert_eq!(
        ids(text, PolicyType::Identity),
        ["invalid-action", "invalid-action", "invalid-resource"]
    );
}

// reference_policies_elements_condition_operators.md: operator names.
#[test]
fn unknown_operators_get_a_suggestion() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
      "Condition": {"stringequals": {"aws:username": "bob"}, "StringEqual": {"a:b": "c"}, "Bananas": {"a:b": "c"}}}}"#;
    let (doc, diags) = parse_as(text, PolicyType::Identity);
    assert_eq!(
        diags.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["unknown-condition-operator"; 3]
    );
    assert!(diags[0].help.as_deref().unwrap().contains("`StringEquals`"));
    assert!(diags[1].help.as_deref().unwrap().contains("`StringEquals`"));
    assert!(!diags[2].help.as_deref().unwrap().contains("did you mean"));
    assert!(doc.statements[0].conditions.is_empty());
}

#[test]
fn condition_values_must_be_scalars() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
      "Condition": {"StringEquals": {"a:b": {"x": 1}, "a:c": null, "a:d": ["ok", ["nested"]]}, "Bool": "true"}}}"#;
    let located = located(text, PolicyType::Identity);
    assert_eq!(
        located.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        [
            "invalid-condition-value",
            "invalid-condition-value",
            "invalid-condition-value",
            "wrong-type"
        ]
    );
    assert_eq!(located[0].1, "2:45");
}

#[test]
fn duplicate_sids_and_keys() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Sid": "A", "Effect": "Deny", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let (doc, _) = parse_as(text, PolicyType::Identity);
    assert_eq!(
        doc.statements[1].effect.value,
        Effect::Deny,
        "the first of duplicate keys is kept"
    );
    assert_eq!(
        located(text, PolicyType::Identity),
        [
            ("duplicate-key", "3:34".to_string()),
            ("duplicate-sid", "3:11".to_string())
        ]
    );
}

#[test]
fn an_oversized_embedded_policy_is_too_large() {
    let statements =
        vec![r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#; 20_000].join(",");
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    let (node, _) = json::parse_borrowed(&text, json::SCENARIO_FILE_LIMITS).unwrap();
    let (_, diags) = parse_policy_value(&node, 0, None);
    assert_eq!(
        diags.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["too-large"]
    );
    assert_eq!(parse_policy(&text, 0, None).1[0].id, "too-large");
}
