//! Rules about the whole document: its `Version`, its size against AWS's
//! quota for its kind ([`crate::size`]), and statements another one makes
//! redundant.

use iamsim::diagnostic::DiagnosticId;
use iamsim::kinds::Effect;
use iamsim::matching::{action_matches, resource_matches};
use iamsim::policy::{NameList, PolicyDocument, PrincipalValue, Statement, Version};
use iamsim::Diagnostic;

use crate::{finding, size, Input};

pub(crate) fn check(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    old_version(input.document, out);
    size::check(input, out);
    redundant_statements(input.document, out);
}

/// Every `${...}` policy variable written in a `Resource` (or
/// `NotResource`) or a condition value, once each, in reading order: what
/// is left literal when variables are not substituted.
fn variables(document: &PolicyDocument) -> Vec<String> {
    let resources = document
        .statements
        .iter()
        .filter_map(|s| s.resource.as_ref())
        .flat_map(|l| l.values.iter().map(|v| v.value.as_str()));
    let conditions = document
        .statements
        .iter()
        .flat_map(|s| &s.conditions)
        .flat_map(|c| c.values.iter().map(|v| v.text.as_str()));
    let mut found: Vec<String> = Vec::new();
    for text in resources.chain(conditions) {
        let mut rest = text;
        while let Some((_, tail)) = rest.split_once("${") {
            let Some((name, after)) = tail.split_once('}') else {
                break;
            };
            let variable = format!("${{{name}}}");
            if !found.contains(&variable) {
                found.push(variable);
            }
            rest = after;
        }
    }
    found
}

/// "`${aws:username}` stays literal text", for one or more variables.
fn left_literal(variables: &[String]) -> String {
    let names: Vec<String> = variables.iter().map(|v| format!("`{v}`")).collect();
    let verb = if names.len() == 1 { "stays" } else { "stay" };
    format!("{} {verb} literal text", names.join(", "))
}

/// The parser's `missing-version` names the variables left literal, as
/// `old-version` does: the checks complete its message (the parser, in the
/// page's first load, does not carry the words).
pub(crate) fn name_variables(document: &PolicyDocument, diagnostics: &mut [Diagnostic]) {
    let affected = variables(document);
    if affected.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut().filter(|d| d.id == "missing-version") {
        d.message = format!(
            "no `Version`: the policy is read as version 2008-10-17, where {}",
            left_literal(&affected)
        );
    }
}

/// `old-version`: reference_policies_elements_version.md.
fn old_version(document: &PolicyDocument, out: &mut Vec<Diagnostic>) {
    let Some(version) = document
        .version
        .as_ref()
        .filter(|v| v.value == Version::V2008_10_17)
    else {
        return;
    };
    let affected = variables(document);
    let message = if affected.is_empty() {
        "`2008-10-17` is the old policy language: policy variables are not substituted".to_owned()
    } else {
        format!(
            "under `2008-10-17` policy variables are not substituted: {}",
            left_literal(&affected)
        )
    };
    out.push(finding(
        DiagnosticId::OldVersion,
        message,
        version.span,
        "write `\"Version\": \"2012-10-17\"`, the current version",
    ));
}

fn covers_list(
    wide: &Option<NameList>,
    narrow: &Option<NameList>,
    matches: fn(&str, &str) -> bool,
) -> bool {
    match (wide, narrow) {
        (None, None) => true,
        (Some(w), Some(n)) if !w.negated && !n.negated => n
            .values
            .iter()
            .all(|v| w.values.iter().any(|p| matches(&p.value, &v.value))),
        _ => false,
    }
}

fn same_principal(a: &Statement, b: &Statement) -> bool {
    match (&a.principal, &b.principal) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            !a.negated
                && !b.negated
                && matches!(
                    (&a.value, &b.value),
                    (PrincipalValue::Wildcard, PrincipalValue::Wildcard)
                )
        }
        _ => false,
    }
}

/// Does `wide` grant all that `narrow` grants? Only plain cases are judged:
/// `wide` has no condition, both name the same principals.
fn covers(wide: &Statement, narrow: &Statement) -> bool {
    wide.effect.value == narrow.effect.value
        && wide.conditions.is_empty()
        && same_principal(wide, narrow)
        && covers_list(&wide.action, &narrow.action, action_matches)
        && covers_list(&wide.resource, &narrow.resource, resource_matches)
}

/// `redundant-statement`.
fn redundant_statements(document: &PolicyDocument, out: &mut Vec<Diagnostic>) {
    let statements = &document.statements;
    for (i, narrow) in statements.iter().enumerate() {
        if narrow.skipped.is_some() || narrow.effect.value != Effect::Allow {
            continue;
        }
        // The earlier of two equal statements is kept.
        let wide = statements.iter().enumerate().find(|(j, wide)| {
            *j != i
                && wide.skipped.is_none()
                && covers(wide, narrow)
                && (*j < i || !covers(narrow, wide))
        });
        if let Some((_, wide)) = wide {
            let which = wide.sid.as_ref().map_or_else(
                || format!("statement {}", wide.index + 1),
                |s| format!("statement `{}`", s.value),
            );
            let span = narrow.action.as_ref().map_or(narrow.span, |a| a.span);
            out.push(finding(
                DiagnosticId::RedundantStatement,
                format!("{which} already allows everything this statement allows"),
                span,
                "remove this statement, or narrow the other one",
            ));
        }
    }
}
