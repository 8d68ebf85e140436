//! One policy that triggers each finding and a close variant that does not,
//! with every diagnostic expected (the parser's included) as `id@line:column`.
//! Each case cites the AWS page (and heading) that states the rule.
#![allow(clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use iamsim::Source;
use iamsim_catalog::{Catalog, AWS_CATALOG};
use iamsim_check::{check_text, rule, Kind, RULES};

struct Case {
    /// The rules the case is about: it triggers them, or is a close variant
    /// that does not.
    rules: &'static [&'static str],
    /// The AWS page and heading behind the rule.
    doc: &'static str,
    kind: Kind,
    policy: &'static str,
    expected: &'static [&'static str],
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(AWS_CATALOG).expect("the committed catalog parses"))
}

fn found(case: &Case) -> Vec<String> {
    let source = Source::new("policy", case.policy);
    check_text(case.policy, case.kind, Some(catalog()), 0, None)
        .iter()
        .map(|d| {
            let at = source.line_col(d.span.start);
            format!("{}@{}:{}", d.id, at.line, at.column)
        })
        .collect()
}

use Kind::*;

macro_rules! policy {
    ($($statement:literal),* $(,)?) => {
        concat!("{\"Version\": \"2012-10-17\", \"Statement\": [\n", $($statement, "\n",)* "]}")
    };
}

const CASES: &[Case] = &[
    // admin-access
    Case { rules: &["admin-access"],
        doc: "best-practices.md, \"Apply least-privilege permissions\"",
        kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#),
        expected: &["admin-access@2:31"],
    },
    Case { rules: &["admin-access"],
        doc: "best-practices.md, \"Apply least-privilege permissions\"",
        kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::my-bucket/*"}"#),
        expected: &[],
    },

    // service-wildcard
    Case { rules: &["service-wildcard"], doc: "best-practices.md, \"Apply least-privilege permissions\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::my-bucket/*"}"#), expected: &["service-wildcard@2:31"] },
    Case { rules: &["service-wildcard"], doc: "best-practices.md, \"Apply least-privilege permissions\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::my-bucket/*"}"#), expected: &[] },
    // resource-wildcard
    Case { rules: &["resource-wildcard"], doc: "reference_policies_elements_resource.md, \"Resource\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}"#), expected: &["resource-wildcard@2:77"] },
    Case { rules: &["resource-wildcard"], doc: "reference_policies_elements_resource.md, \"Resource\" (read access on * is not flagged)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListAllMyBuckets"], "Resource": "*"}"#), expected: &[] },
    // pass-role-wildcard
    Case { rules: &["pass-role-wildcard"], doc: "id_roles_use_passrole.md, \"Granting a user permissions to pass a role to an AWS service\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": ["iam:GetRole", "iam:PassRole"], "Resource": "*"}"#), expected: &["pass-role-wildcard@2:76"] },
    Case { rules: &["pass-role-wildcard"], doc: "id_roles_use_passrole.md, \"Granting a user permissions to pass a role to an AWS service\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}"#), expected: &[] },
    // public-principal
    Case { rules: &["public-principal"], doc: "reference_policies_elements_principal.md, \"All principals\"", kind: Resource,
        policy: policy!(r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}"#), expected: &["public-principal@2:34"] },
    Case { rules: &["public-principal"], doc: "reference_policies_elements_principal.md, \"All principals\"", kind: Resource,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*","#,
                        r#" "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}}"#), expected: &[] },
    // allow-not-action
    Case { rules: &["allow-not-action"], doc: "reference_policies_elements_notaction.md, \"Using NotAction with Allow\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#), expected: &["allow-not-action@2:34"] },
    Case { rules: &["allow-not-action"], doc: "reference_policies_elements_notaction.md, \"Using NotAction with Deny\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#), expected: &[] },
    // allow-not-resource
    Case { rules: &["allow-not-resource"], doc: "reference_policies_elements_notresource.md, \"NotResource with Allow\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#), expected: &["allow-not-resource@2:62"] },
    Case { rules: &["allow-not-resource"], doc: "reference_policies_elements_notresource.md, \"NotResource with Deny\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::public/*"}"#), expected: &[] },
    // not-principal-with-deny
    Case { rules: &["not-principal-with-deny"], doc: "reference_policies_elements_notprincipal.md, \"NotPrincipal with Deny\"", kind: Resource,
        policy: policy!(r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#), expected: &["not-principal-with-deny@2:44"] },
    Case { rules: &["not-principal-with-deny"], doc: "reference_policies_elements_notprincipal.md, \"NotPrincipal with Deny\"", kind: Resource,
        policy: policy!(r#"{"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:root"]}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#), expected: &[] },
    // allow-not-principal (the parser's)
    Case { rules: &["allow-not-principal"], doc: "reference_policies_elements_notprincipal.md, \"NotPrincipal with Allow\"", kind: Resource,
        policy: policy!(r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#), expected: &["allow-not-principal@2:21"] },
    Case { rules: &["allow-not-principal"], doc: "reference_policies_elements_notprincipal.md, \"NotPrincipal with Allow\"", kind: Resource,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#), expected: &[] },
    // trust-without-external-id
    Case { rules: &["trust-without-external-id"], doc: "id_roles_create_for-user_externalid.md, \"The confused deputy problem\"", kind: Trust,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}"#), expected: &["trust-without-external-id@2:42"] },
    Case { rules: &["trust-without-external-id"], doc: "id_roles_create_for-user_externalid.md, \"The confused deputy problem\"", kind: Trust,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole","#,
                        r#" "Condition": {"StringEquals": {"sts:ExternalId": "Unique-Id-1234"}}}"#), expected: &[] },
    // unknown-service, unknown-action, action-case
    Case { rules: &["unknown-service", "unknown-action", "action-case"], doc: "reference_policies_actions-resources-contextkeys.md (service prefixes)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": ["s4:GetObject", "s3:GetObjekt", "s3:Fetch*", "s3:getobject"], "Resource": "arn:aws:s3:::b/*"}"#), expected: &["unknown-service@2:32", "unknown-action@2:48", "unknown-action@2:64", "action-case@2:77"] },
    Case { rules: &["unknown-service", "unknown-action", "action-case"], doc: "reference_policies_elements_action.md (action names are case-insensitive)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*", "ec2:DescribeInstances"], "Resource": "*"}"#), expected: &[] },
    // unknown-condition-key, operator-type-mismatch
    Case { rules: &["unknown-condition-key", "operator-type-mismatch"], doc: "reference_policies_condition-keys.md; reference_policies_elements_condition_operators.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"#,
                        r#"  "IpAddress": {"aws:SourceIpAddress": "203.0.113.0/24"}, "StringLike": {"s3:prefixx": "home/"},"#,
                        r#"  "StringEquals": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "Bool": {"aws:SourceIp": "true"}}}"#), expected: &["unknown-condition-key@3:17", "unknown-condition-key@3:74", "operator-type-mismatch@4:3", "operator-type-mismatch@4:64"] },
    Case { rules: &["unknown-condition-key", "operator-type-mismatch"], doc: "reference_policies_condition-keys.md; reference_policies_elements_condition_operators.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"#,
                        r#"  "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "StringLike": {"s3:prefix": "home/*"},"#,
                        r#"  "DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "Bool": {"aws:SecureTransport": "true"},"#,
                        r#"  "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ops-*"}, "StringEquals": {"aws:PrincipalTag/team": "ops"},"#,
                        r#"  "NumericGreaterThanEquals": {"aws:PrincipalTag/level": "3"}}}"#), expected: &[] },
    // unknown-condition-key: the federation keys AWS STS documents, and any
    // OpenID Connect provider's (its URL as the prefix), are keys.
    Case { rules: &["unknown-condition-key"], doc: "reference_policies_iam-condition-keys.md, \"Available keys for SAML-based AWS STS federation\", \"Available keys for AWS web identity federation\"", kind: Trust,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML","#,
                        r#" "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml", "accounts.google.com:aud": "app", "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}}}"#), expected: &[] },
    Case { rules: &["unknown-condition-key"], doc: "reference_policies_iam-condition-keys.md, \"Available keys for SAML-based AWS STS federation\"", kind: Trust,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML","#,
                        r#" "Condition": {"StringEquals": {"saml:audience": "https://signin.aws.amazon.com/saml"}}}"#), expected: &["unknown-condition-key@3:33"] },
    // wildcard-without-like
    Case { rules: &["wildcard-without-like"], doc: "reference_policies_elements_condition_operators.md, \"String condition operators\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b","#,
                        r#" "Condition": {"StringEquals": {"s3:prefix": ["home/${aws:username}/*", "${*}literal"]}}}"#), expected: &["wildcard-without-like@3:47"] },
    Case { rules: &["wildcard-without-like"], doc: "reference_policies_elements_condition_operators.md, \"Amazon Resource Name (ARN) condition operators\" (ArnEquals takes wildcards too)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b","#,
                        r#" "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/ops"}}}"#), expected: &[] },
    // forallvalues-single-valued-key, null-with-qualifier, ifexists-on-always-present-key
    Case { rules: &["forallvalues-single-valued-key", "null-with-qualifier", "ifexists-on-always-present-key"], doc: "reference_policies_condition-single-vs-multi-valued-context-keys.md; reference_policies_condition-keys.md, \"aws:SecureTransport\"", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*", "Condition": {"#,
                        r#"  "ForAllValues:StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "ForAnyValue:Null": {"aws:TagKeys": "false"},"#,
                        r#"  "BoolIfExists": {"aws:SecureTransport": "true"}}}"#), expected: &["forallvalues-single-valued-key@3:3", "null-with-qualifier@3:70", "ifexists-on-always-present-key@4:3"] },
    Case { rules: &["forallvalues-single-valued-key", "null-with-qualifier", "ifexists-on-always-present-key"], doc: "reference_policies_condition-single-vs-multi-valued-context-keys.md; reference_policies_condition-keys.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*", "Condition": {"#,
                        r#"  "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}, "Null": {"aws:TagKeys": "false"},"#,
                        r#"  "StringEqualsIfExists": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}"#), expected: &[] },
    // old-version, missing-version (the parser's)
    Case { rules: &["old-version", "missing-version"], doc: "reference_policies_elements_version.md, \"Version\"", kind: Identity,
        policy: "{\"Version\": \"2008-10-17\", \"Statement\": [\n{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}\n]}", expected: &["old-version@1:13", "variable-not-substituted@2:59"] },
    Case { rules: &["old-version", "missing-version"], doc: "reference_policies_elements_version.md, \"Version\"", kind: Identity,
        policy: "{\"Statement\": [\n{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}\n]}", expected: &["missing-version@1:1"] },
    // duplicate-sid, empty-statement (the parser's), redundant-action
    Case { rules: &["duplicate-sid", "empty-statement", "redundant-action"], doc: "reference_policies_elements_sid.md; reference_policies_elements_statement.md; reference_policies_elements_action.md", kind: Identity,
        policy: policy!(r#"{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*", "s3:get*"], "Resource": "arn:aws:s3:::b/*"},"#,
                        r#"{"Sid": "Read", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"},"#,
                        r#"{}"#), expected: &["redundant-action@2:47", "redundant-action@2:74", "duplicate-sid@3:9", "empty-statement@4:1"] },
    Case { rules: &["duplicate-sid", "empty-statement", "redundant-action"], doc: "reference_policies_elements_sid.md; reference_policies_elements_action.md", kind: Identity,
        policy: policy!(r#"{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"},"#,
                        r#"{"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}"#), expected: &[] },
    // rcp-allow
    Case { rules: &["rcp-allow"], doc: "AWS Organizations User Guide, orgs_manage_policies_rcps_syntax.md", kind: Rcp,
        policy: policy!(r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#), expected: &["rcp-allow@2:12"] },
    Case { rules: &["rcp-allow"], doc: "AWS Organizations User Guide, orgs_manage_policies_rcps_syntax.md", kind: Rcp,
        policy: policy!(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#), expected: &[] },
    // principal-in-identity-policy, missing-principal-in-resource-policy (the parser's)
    Case { rules: &["principal-in-identity-policy", "missing-principal-in-resource-policy"], doc: "reference_policies_elements_principal.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#), expected: &["principal-in-identity-policy@2:21"] },
    Case { rules: &["principal-in-identity-policy", "missing-principal-in-resource-policy"], doc: "reference_policies_elements_principal.md", kind: Resource,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#), expected: &["missing-principal-in-resource-policy@2:1"] },
    Case { rules: &["principal-in-identity-policy", "missing-principal-in-resource-policy"], doc: "reference_policies_elements_principal.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#), expected: &[] },
    Case { rules: &["principal-in-identity-policy", "missing-principal-in-resource-policy"], doc: "reference_policies_elements_principal.md", kind: Resource,
        policy: policy!(r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#), expected: &[] },
    // invalid-arn, resource-service-mismatch
    Case { rules: &["invalid-arn", "resource-service-mismatch"], doc: "reference-arns.md, \"ARN format\"; reference_policies_actions-resources-contextkeys.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:my-bucket", "arn:aws:dynamodb:us-east-1:111122223333:table/t"]}"#), expected: &["invalid-arn@2:60", "resource-service-mismatch@2:84"] },
    Case { rules: &["invalid-arn", "resource-service-mismatch"], doc: "reference-arns.md, \"ARN format\"; reference_policies_actions-resources-contextkeys.md", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": ["s3:GetObject", "dynamodb:GetItem"], "Resource": ["arn:aws:s3:::my-bucket/*", "arn:aws:dynamodb:us-east-1:111122223333:table/t"]}"#), expected: &[] },
    // resource-service-mismatch by resource type: a literal ARN of the
    // service that is of none of its types; a bucket's ARN with an object
    // action is of the service's types (the evaluator says what it grants).
    Case { rules: &["resource-service-mismatch"], doc: "reference_policies_actions-resources-contextkeys.md (each service's resource types and their ARN formats)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:us-east-1:111122223333:widget/w"]}"#), expected: &["resource-service-mismatch@2:86"] },
    // redundant-statement
    Case { rules: &["redundant-statement"], doc: "reference_policies_evaluation-logic.md (an allow in any statement suffices)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},"#,
                        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}"#), expected: &["redundant-statement@3:31"] },
    Case { rules: &["redundant-statement"], doc: "reference_policies_evaluation-logic.md (an allow in any statement suffices)", kind: Identity,
        policy: policy!(r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},"#,
                        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*"}"#), expected: &[] },
];

#[test]
fn each_case_finds_what_it_expects() {
    let mut failures = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let found = found(case);
        if found != case.expected {
            failures.push(format!(
                "case {i} ({}):\n{}\n  expected {:?}\n  found    {:?}",
                case.doc, case.policy, case.expected, found
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The ids issue 11 asks for, by those names: each is a rule with an AWS
/// page, registered with one of the checks' severities.
const ISSUE_IDS: [&str; 31] = [
    "missing-version",
    "old-version",
    "admin-access",
    "service-wildcard",
    "resource-wildcard",
    "allow-not-action",
    "allow-not-resource",
    "allow-not-principal",
    "not-principal-with-deny",
    "public-principal",
    "trust-without-external-id",
    "pass-role-wildcard",
    "unknown-action",
    "unknown-service",
    "action-case",
    "unknown-condition-key",
    "operator-type-mismatch",
    "forallvalues-single-valued-key",
    "ifexists-on-always-present-key",
    "null-with-qualifier",
    "wildcard-without-like",
    "invalid-arn",
    "resource-service-mismatch",
    "principal-in-identity-policy",
    "missing-principal-in-resource-policy",
    "rcp-allow",
    "duplicate-sid",
    "redundant-statement",
    "redundant-action",
    "empty-statement",
    "size-limit",
];

#[test]
fn the_rules_are_the_issues_ids() {
    let mut rules: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    let mut issue = ISSUE_IDS.to_vec();
    rules.sort_unstable();
    issue.sort_unstable();
    assert_eq!(rules, issue);
    for id in ISSUE_IDS {
        let info = iamsim::diagnostic::registry::lookup(id);
        assert!(info.is_some(), "`{id}` is not registered");
    }
    for id in iamsim_check::rules::PARSER_IDS {
        assert!(rule(id).is_some(), "`{id}` has no page");
    }
}

/// Every rule has a case that triggers it and a close variant (a case about
/// the same rule) that does not; `size-limit` has its own test below.
#[test]
fn every_rule_has_a_case_and_a_close_variant() {
    let triggers = |case: &Case, id: &str| {
        case.expected
            .iter()
            .any(|e| e.split('@').next() == Some(id))
    };
    for rule in RULES.iter().filter(|r| r.id != "size-limit") {
        let about: Vec<&Case> = CASES
            .iter()
            .filter(|c| c.rules.contains(&rule.id.as_str()))
            .collect();
        assert!(
            about.iter().any(|c| triggers(c, rule.id.as_str())),
            "no case triggers `{}`",
            rule.id
        );
        assert!(
            about.iter().any(|c| !triggers(c, rule.id.as_str())),
            "no close variant leaves `{}` silent",
            rule.id
        );
    }
}

/// reference_iam-quotas.md, "IAM and STS character quotas": "IAM does not
/// count white space when calculating the size of a policy"; a session
/// policy has 2,048 characters (the AWS STS API reference, AssumeRole's `Policy`).
#[test]
fn size_limit_counts_characters_but_not_white_space() {
    let statement = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/reports/2026/*"}"#;
    let policy = |n: usize, gap: &str| {
        let statements = vec![statement; n].join(&format!(",{gap}"));
        format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}")
    };
    let ids = |text: &str, kind| -> Vec<&str> {
        check_text(text, kind, None, 0, None)
            .iter()
            .map(|d| d.id.as_str())
            .collect()
    };
    let long = policy(25, "");
    assert!(long.len() > 2_048 && long.len() < 6_144, "{}", long.len());
    assert!(ids(&long, Session).contains(&"size-limit"));
    assert!(
        !ids(&long, Identity).contains(&"size-limit"),
        "a managed policy may have 6,144"
    );
    // 15 statements: under 2,048 characters, over it with the white space.
    let spaced = policy(15, &" ".repeat(100));
    assert!(spaced.len() > 2_048);
    assert!(!ids(&spaced, Session).contains(&"size-limit"));
    // Spaces inside strings do count.
    let padded = spaced.replace("reports/", &format!("reports{}/", " ".repeat(50)));
    assert!(ids(&padded, Session).contains(&"size-limit"));
}

#[test]
fn every_rule_links_an_aws_page() {
    for rule in RULES {
        assert!(
            rule.doc.starts_with("https://docs.aws.amazon.com/"),
            "{}",
            rule.id
        );
    }
    assert!(rule("admin-access").is_some());
}

/// Without the catalog (the page before it loads), the checks that need
/// AWS's vocabulary stay silent and the others still run.
#[test]
fn without_the_catalog_only_vocabulary_checks_are_skipped() {
    let text = policy!(
        r#"{"Effect": "Allow", "Action": ["s4:GetObject", "s3:*"], "Resource": "*","#,
        r#" "Condition": {"StringEquals": {"s3:prefixx": "a", "aws:SourceIpAddress": "b"}}}"#
    );
    let ids: Vec<&str> = check_text(text, Identity, None, 0, None)
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["service-wildcard", "unknown-condition-key"]);
}

/// The finding of rule `id` in a one-statement policy, as `message | help`.
fn said(statement: &str, kind: Kind, id: &str) -> String {
    let text = format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statement}]}}");
    let found = check_text(&text, kind, Some(catalog()), 0, None);
    let d = found
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no `{id}` in {found:?}"));
    format!("{} | {}", d.message, d.help.as_deref().unwrap_or_default())
}

/// The least-privilege ladder says what the narrower statement looks like:
/// the actions tutorials teach, the ARN of the resource type the actions
/// act on (an object, not an access point's object).
#[test]
fn the_help_shows_the_narrower_statement() {
    let cases = [
        (
            r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#,
            "service-wildcard",
            "Read, 57 Write, 27 Permissions management, 12 Tagging), today's and tomorrow's: \
             list the ones needed instead, e.g. `s3:GetObject`, `s3:PutObject`",
        ),
        (
            r#"{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}"#,
            "service-wildcard",
            "e.g. `dynamodb:GetItem`, `dynamodb:PutItem`",
        ),
        (
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}"#,
            "resource-wildcard",
            "(s3:PutObject) are allowed on every resource | list the resources these actions need, \
             e.g. `\"Resource\": \"arn:aws:s3:::${BucketName}/${ObjectName}\"`",
        ),
        (
            r#"{"Effect": "Allow", "Action": ["s3:CreateBucket", "s3:PutBucketPolicy"], "Resource": "*"}"#,
            "resource-wildcard",
            "e.g. `\"Resource\": \"arn:aws:s3:::${BucketName}\"`",
        ),
    ];
    for (statement, id, expected) in cases {
        let said = said(statement, Identity, id);
        assert!(said.contains(expected), "{said}");
    }
}

#[test]
fn unknown_names_get_the_nearest_real_one() {
    let action = said(
        r#"{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}"#,
        Identity,
        "unknown-action",
    );
    assert!(action.ends_with("did you mean `s3:GetObject`?"), "{action}");
    let service = said(
        r#"{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}"#,
        Identity,
        "unknown-service",
    );
    assert!(
        service.ends_with("did you mean `s3:GetObject`?"),
        "{service}"
    );
    let far = said(
        r#"{"Effect": "Allow", "Action": "s3:Teleport", "Resource": "*"}"#,
        Identity,
        "unknown-action",
    );
    assert!(!far.contains("did you mean"), "{far}");
    // A misspelled action under a wildcard is unknown, not redundant.
    let text = policy!(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObjekt", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}"#
    );
    let ids: Vec<&str> = check_text(text, Identity, Some(catalog()), 0, None)
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["unknown-action", "redundant-action"]);
}

/// reference_policies_elements_version.md: under 2008-10-17, or with no
/// `Version`, policy variables are literal text; both findings name them.
#[test]
fn old_and_missing_versions_name_the_variables() {
    let statement =
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b","#
            .to_owned()
            + r#" "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "${aws:userid}"]}}}"#;
    let old = format!("{{\"Version\": \"2008-10-17\", \"Statement\": [{statement}]}}");
    let none = format!("{{\"Statement\": [{statement}]}}");
    for (text, id) in [(old, "old-version"), (none, "missing-version")] {
        let found = check_text(&text, Identity, Some(catalog()), 0, None);
        let d = found
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{found:?}"));
        assert!(
            d.message
                .contains("`${aws:username}`, `${aws:userid}` stay literal text"),
            "{}",
            d.message
        );
    }
}

/// Every finding of every case has a help line (how to fix it) and the AWS
/// page of its rule: what the CLI, the JSON, SARIF and the page show.
#[test]
fn every_finding_says_how_to_fix_it() {
    for case in CASES {
        for d in check_text(case.policy, case.kind, Some(catalog()), 0, None) {
            let help = d.help.as_deref().unwrap_or_default();
            assert!(!help.is_empty(), "`{}` has no help: {}", d.id, d.message);
            if d.id != "variable-not-substituted" {
                assert!(rule(d.id.as_str()).is_some(), "`{}` has no rule", d.id);
            }
        }
    }
}
