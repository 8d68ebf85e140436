//! Policy checks: what AWS IAM Access Analyzer's policy validation finds, and
//! what a learner needs explained: grants wider than meant, likely mistakes,
//! AWS's quotas. Findings are the core's [`Diagnostic`]s, their ids in the
//! core's registry; [`rules::RULES`] gives each the AWS page behind it.
//!
//! The checks read the evaluator's policy model (so they see the policy as
//! the evaluator does) and, when given, the AWS action catalog: without it,
//! the checks that need AWS's vocabulary (unknown actions and keys, access
//! levels, resource types) are skipped. A separate crate, so that neither the
//! evaluator nor the page's first load carries them.

mod actions;
mod conditions;
mod document;
mod grants;
pub mod keys;
mod kind;
pub mod rules;
pub mod size;

use iamsim::diagnostic::DiagnosticId;
use iamsim::policy::parse::parse_policy_as;
use iamsim::policy::PolicyDocument;
use iamsim::{Diagnostic, Span};
use iamsim_catalog::Catalog;

pub use kind::Kind;
pub use rules::{rule, Rule, RULES};

/// What the checks look at.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The policy's text, for what the model does not keep (its size).
    pub text: &'a str,
    pub document: &'a PolicyDocument,
    pub kind: Kind,
    pub catalog: Option<&'a Catalog>,
}

/// The findings of every check on one parsed policy, in reading order. Their
/// `source` is 0 and `policy` none: the caller attributes them.
pub fn check(input: Input<'_>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    document::check(&input, &mut findings);
    for statement in &input.document.statements {
        grants::check(&input, statement, &mut findings);
        actions::check(&input, statement, &mut findings);
        conditions::check(&input, statement, &mut findings);
    }
    findings.sort_by_key(|d| (d.span.start, d.span.end));
    findings
}

/// Parses `text` with the rules of its kind and checks it: the parser's
/// diagnostics (`missing-version` naming the variables it leaves literal)
/// and the findings together, in reading order.
pub fn check_text(
    text: &str,
    kind: Kind,
    catalog: Option<&Catalog>,
    source: usize,
    policy: Option<&str>,
) -> Vec<Diagnostic> {
    let (document, mut diagnostics) = parse_policy_as(text, source, policy, kind.policy_type());
    document::name_variables(&document, &mut diagnostics);
    let findings = check(Input {
        text,
        document: &document,
        kind,
        catalog,
    });
    diagnostics.extend(findings.into_iter().map(|mut d| {
        d.source = source;
        d.policy = policy.map(str::to_owned);
        d
    }));
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics
}

/// A finding of rule `id`, with its registered severity.
pub(crate) fn finding(
    id: DiagnosticId,
    message: impl Into<String>,
    span: Span,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::registered(id, message, span).with_help(help)
}
