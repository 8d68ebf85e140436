//! Every rule of the policy checks, with the AWS documentation page behind
//! it: this crate's findings, and the parser's diagnostics that are rules of
//! the checks too ([`PARSER_IDS`]: the parser reports them wherever a policy
//! is read, under the same ids). The ids' severities and summaries are in the
//! core's diagnostic registry, like every id iamsim reports.

use iamsim::diagnostic::registry::{lookup, DiagnosticInfo};
use iamsim::diagnostic::DiagnosticId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: DiagnosticId,
    /// The AWS page that states the rule.
    pub doc: &'static str,
}

impl Rule {
    /// Its severity and summary.
    pub fn info(&self) -> Option<&'static DiagnosticInfo> {
        lookup(self.id.as_str())
    }
}

const fn page(id: DiagnosticId, doc: &'static str) -> Rule {
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
    page(DiagnosticId::AdminAccess, iam_page!("best-practices")),
    page(DiagnosticId::ServiceWildcard, iam_page!("best-practices")),
    page(DiagnosticId::ResourceWildcard, iam_page!("reference_policies_elements_resource")),
    page(DiagnosticId::PassRoleWildcard, iam_page!("id_roles_use_passrole")),
    page(DiagnosticId::PublicPrincipal, iam_page!("reference_policies_elements_principal")),
    page(DiagnosticId::AllowNotAction, iam_page!("reference_policies_elements_notaction")),
    page(DiagnosticId::AllowNotResource, iam_page!("reference_policies_elements_notresource")),
    page(DiagnosticId::NotPrincipalWithDeny, iam_page!("reference_policies_elements_notprincipal")),
    page(DiagnosticId::TrustWithoutExternalId, iam_page!("id_roles_create_for-user_externalid")),
    page(DiagnosticId::UnknownService, iam_page!("reference_policies_actions-resources-contextkeys")),
    page(DiagnosticId::UnknownAction, iam_page!("reference_policies_actions-resources-contextkeys")),
    page(DiagnosticId::ActionCase, iam_page!("reference_policies_elements_action")),
    page(DiagnosticId::RedundantAction, iam_page!("reference_policies_elements_action")),
    page(DiagnosticId::ResourceServiceMismatch, iam_page!("reference_policies_actions-resources-contextkeys")),
    page(DiagnosticId::UnknownConditionKey, iam_page!("reference_policies_condition-keys")),
    page(DiagnosticId::OperatorTypeMismatch, iam_page!("reference_policies_elements_condition_operators")),
    page(DiagnosticId::WildcardWithoutLike, iam_page!("reference_policies_elements_condition_operators")),
    page(DiagnosticId::ForallvaluesSingleValuedKey, iam_page!("reference_policies_condition-single-vs-multi-valued-context-keys")),
    page(DiagnosticId::IfexistsOnAlwaysPresentKey, iam_page!("reference_policies_condition-keys")),
    page(DiagnosticId::NullWithQualifier, iam_page!("reference_policies_condition-single-vs-multi-valued-context-keys")),
    page(DiagnosticId::OldVersion, iam_page!("reference_policies_elements_version")),
    page(DiagnosticId::SizeLimit, iam_page!("reference_iam-quotas")),
    page(DiagnosticId::InvalidArn, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"),
    page(DiagnosticId::RcpAllow, "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html"),
    page(DiagnosticId::RedundantStatement, iam_page!("reference_policies_evaluation-logic")),
    // The parser's.
    page(DiagnosticId::MissingVersion, iam_page!("reference_policies_elements_version")),
    page(DiagnosticId::DuplicateSid, iam_page!("reference_policies_elements_sid")),
    page(DiagnosticId::EmptyStatement, iam_page!("reference_policies_elements_statement")),
    page(DiagnosticId::AllowNotPrincipal, iam_page!("reference_policies_elements_notprincipal")),
    page(DiagnosticId::PrincipalInIdentityPolicy, iam_page!("reference_policies_elements_principal")),
    page(DiagnosticId::MissingPrincipalInResourcePolicy, iam_page!("reference_policies_elements_principal")),
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
