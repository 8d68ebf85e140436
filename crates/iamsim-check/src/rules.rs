//! Every rule of the policy checks, with the AWS documentation page behind
//! it: this crate's findings, and the parser's diagnostics that are rules of
//! the checks too ([`PARSER_IDS`]: the parser reports them wherever a policy
//! is read, under the same ids). The ids' severities and summaries are in the
//! core's diagnostic registry, like every id iamsim reports.

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
    // The parser's.
    page("missing-version", iam_page!("reference_policies_elements_version")),
    page("duplicate-sid", iam_page!("reference_policies_elements_sid")),
    page("empty-statement", iam_page!("reference_policies_elements_statement")),
    page("allow-not-principal", iam_page!("reference_policies_elements_notprincipal")),
    page("principal-in-identity-policy", iam_page!("reference_policies_elements_principal")),
    page("missing-principal-in-resource-policy", iam_page!("reference_policies_elements_principal")),
];

/// The rules the parser reports (`RULES` has their pages too).
pub const PARSER_IDS: &[&str] = &[
    "missing-version",
    "duplicate-sid",
    "empty-statement",
    "allow-not-principal",
    "principal-in-identity-policy",
    "missing-principal-in-resource-policy",
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
