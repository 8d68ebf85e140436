//! Every finding the checks produce, with the AWS documentation page behind
//! the rule. The ids' severities and summaries are in the core's diagnostic
//! registry (area `Check`), like every id iamsim reports. (The parser reports
//! some of the rules under its own ids; `PARSER_RULES` maps them.)

use iamsim::diagnostic::registry::{lookup, DiagnosticInfo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    /// The AWS page that states the rule.
    pub doc: &'static str,
}

impl Rule {
    /// Its severity and summary.
    pub fn info(&self) -> Option<&'static DiagnosticInfo> {
        lookup(self.id)
    }
}

const fn page(id: &'static str, doc: &'static str) -> Rule {
    Rule { id, doc }
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

pub const RULES: &[Rule] = &[
    page("admin-access", iam_page!("best-practices")),
    page("service-wildcard", iam_page!("best-practices")),
    page("resource-wildcard", iam_page!("reference_policies_elements_resource")),
    page("pass-role-wildcard", iam_page!("id_roles_use_passrole")),
    page("public-principal", iam_page!("reference_policies_elements_principal")),
    page("allow-not-action", iam_page!("reference_policies_elements_notaction")),
    page("allow-not-resource", iam_page!("reference_policies_elements_notresource")),
    page("not-principal-with-deny", iam_page!("reference_policies_elements_notprincipal")),
    page("trust-without-external-id", iam_page!("id_roles_create_for-user_externalid")),
    page("unknown-service", iam_page!("reference_policies_actions-resources-contextkeys")),
    page("unknown-action", iam_page!("reference_policies_actions-resources-contextkeys")),
    page("action-case", iam_page!("reference_policies_elements_action")),
    page("redundant-action", iam_page!("reference_policies_elements_action")),
    page("resource-service-mismatch", iam_page!("reference_policies_actions-resources-contextkeys")),
    page("unknown-condition-key", iam_page!("reference_policies_condition-keys")),
    page("operator-type-mismatch", iam_page!("reference_policies_elements_condition_operators")),
    page("wildcard-without-like", iam_page!("reference_policies_elements_condition_operators")),
    page("forallvalues-single-valued-key", iam_page!("reference_policies_condition-single-vs-multi-valued-context-keys")),
    page("ifexists-on-always-present-key", iam_page!("reference_policies_condition-keys")),
    page("null-with-qualifier", iam_page!("reference_policies_condition-single-vs-multi-valued-context-keys")),
    page("old-version", iam_page!("reference_policies_elements_version")),
    page("size-limit", iam_page!("reference_iam-quotas")),
    page("invalid-arn", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"),
    page("rcp-allow", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html"),
    page("redundant-statement", iam_page!("reference_policies_evaluation-logic")),
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
