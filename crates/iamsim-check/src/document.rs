//! Rules about the whole document: its `Version`, its size against AWS's
//! quota for its kind ([`crate::size`]), and statements another one makes
//! redundant.

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

/// `old-version`: reference_policies_elements_version.md.
fn old_version(document: &PolicyDocument, out: &mut Vec<Diagnostic>) {
    let Some(version) = document
        .version
        .as_ref()
        .filter(|v| v.value == Version::V2008_10_17)
    else {
        return;
    };
    let affected = document.variables();
    let message = match affected.as_slice() {
        [] => "`2008-10-17` is the old policy language: policy variables are not substituted"
            .to_owned(),
        some => format!(
            "under `2008-10-17` policy variables are not substituted: {} {} literal text",
            some.iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if some.len() == 1 { "stays" } else { "stay" }
        ),
    };
    out.push(finding(
        "old-version",
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
                "redundant-statement",
                format!("{which} already allows everything this statement allows"),
                span,
                "remove this statement, or narrow the other one",
            ));
        }
    }
}
