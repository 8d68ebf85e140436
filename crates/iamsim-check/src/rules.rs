//! Every finding the checks produce: its id, severity, one-line summary and
//! the AWS documentation page behind the rule. (The parser reports some of
//! the rules under its own ids; `PARSER_RULES` maps them.)

use iamsim::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The AWS page that states the rule.
    pub doc: &'static str,
}

const fn rule_of(
    id: &'static str,
    severity: Severity,
    summary: &'static str,
    doc: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        summary,
        doc,
    }
}

macro_rules! iam_page {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/",
            $page,
            ".html"
        )
    };
}

use Severity::{Error, SecurityWarning, Suggestion, Warning};

pub const RULES: &[Rule] = &[
    rule_of("admin-access", SecurityWarning, "`Allow` of every action on every resource", iam_page!("best-practices")),
    rule_of("service-wildcard", Warning, "`Allow` of every action of a service", iam_page!("best-practices")),
    rule_of("resource-wildcard", Warning, "`Allow` of write or permissions-management actions on every resource", iam_page!("reference_policies_elements_resource")),
    rule_of("pass-role-wildcard", SecurityWarning, "`iam:PassRole` on every role", iam_page!("id_roles_use_passrole")),
    rule_of("public-principal", SecurityWarning, "`Allow` to every principal, anonymous included, with no narrowing condition", iam_page!("reference_policies_elements_principal")),
    rule_of("allow-not-action", Warning, "`Allow` with `NotAction` grants every action not listed", iam_page!("reference_policies_elements_notaction")),
    rule_of("allow-not-resource", Warning, "`Allow` with `NotResource` grants on every resource not listed", iam_page!("reference_policies_elements_notresource")),
    rule_of("not-principal-with-deny", Warning, "`NotPrincipal` with `Deny` that leaves out the principal's account", iam_page!("reference_policies_elements_notprincipal")),
    rule_of("trust-without-external-id", SecurityWarning, "another account may assume the role without an external ID", iam_page!("id_roles_create_for-user_externalid")),
    rule_of("unknown-service", Warning, "no AWS service has this prefix", iam_page!("reference_policies_actions-resources-contextkeys")),
    rule_of("unknown-action", Warning, "the service has no such action", iam_page!("reference_policies_actions-resources-contextkeys")),
    rule_of("action-case", Suggestion, "the action is written in another case than AWS's", iam_page!("reference_policies_elements_action")),
    rule_of("redundant-action", Suggestion, "an action listed twice or covered by a wildcard in the same list", iam_page!("reference_policies_elements_action")),
    rule_of("resource-service-mismatch", Warning, "no action of the statement acts on a resource of this ARN's service", iam_page!("reference_policies_actions-resources-contextkeys")),
    rule_of("unknown-condition-key", Warning, "no AWS service defines this condition key", iam_page!("reference_policies_condition-keys")),
    rule_of("operator-type-mismatch", Warning, "the operator compares another type than the key's", iam_page!("reference_policies_elements_condition_operators")),
    rule_of("wildcard-without-like", Warning, "a `*` or `?` in a value of an operator that compares exactly", iam_page!("reference_policies_elements_condition_operators")),
    rule_of("forallvalues-single-valued-key", Warning, "`ForAllValues` on a single-valued key", iam_page!("reference_policies_condition-single-vs-multi-valued-context-keys")),
    rule_of("ifexists-on-always-present-key", Suggestion, "`...IfExists` on a key every request has", iam_page!("reference_policies_condition-keys")),
    rule_of("null-with-qualifier", Warning, "`Null` with `ForAllValues` or `ForAnyValue`", iam_page!("reference_policies_condition-single-vs-multi-valued-context-keys")),
    rule_of("old-version", Warning, "`Version` 2008-10-17: policy variables are not substituted", iam_page!("reference_policies_elements_version")),
    rule_of("size-limit", Error, "the policy is longer than AWS accepts for its kind", iam_page!("reference_iam-quotas")),
    rule_of("invalid-arn", Error, "an ARN without its six parts", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"),
    rule_of("rcp-allow", Error, "an RCP statement that allows", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html"),
    rule_of("redundant-statement", Suggestion, "a statement whose grant another statement already makes", iam_page!("reference_policies_evaluation-logic")),
];

/// The ids the parser already reports, under its own id.
pub const PARSER_RULES: &[(&str, &str)] = &[
    ("missing-version", "missing-version"),
    ("duplicate-sid", "duplicate-sid"),
    ("empty-statement", "empty-statement"),
    ("allow-not-principal", "not-principal-with-allow"),
    ("principal-in-identity-policy", "principal-not-allowed"),
    ("missing-principal-in-resource-policy", "missing-principal"),
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
