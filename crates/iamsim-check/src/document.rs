//! Rules about the whole document: its `Version`, its size against AWS's
//! quota for its kind, and statements another one makes redundant.

use iamsim::kinds::Effect;
use iamsim::matching::{action_matches, resource_matches};
use iamsim::policy::{NameList, PolicyDocument, PrincipalValue, Statement, Version};
use iamsim::{Diagnostic, Span};

use crate::{finding, Input, Kind};

pub(crate) fn check(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    old_version(input.document, out);
    size_limit(input, out);
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

/// AWS's character quota for a policy of `kind`, and what it is.
/// reference_iam-quotas.md, "IAM and STS character quotas" and "Default
/// quotas for IAM entities"; the SCP and RCP quotas are AWS Organizations'.
fn quota(kind: Kind) -> Option<(usize, &'static str)> {
    match kind {
        // A managed policy's quota; inline policies have 2,048 (user),
        // 5,120 (group) and 10,240 (role) characters in all.
        Kind::Identity | Kind::Boundary => Some((6_144, "a managed policy")),
        Kind::Trust => Some((2_048, "a role trust policy (raised up to 4,096 on request)")),
        Kind::Session => Some((2_048, "a session policy")),
        Kind::Scp => Some((5_120, "a service control policy")),
        Kind::Rcp => Some((5_120, "a resource control policy")),
        Kind::Resource | Kind::VpcEndpoint => None,
    }
}

/// The size AWS counts: every character but white space outside strings.
pub(crate) fn counted_size(text: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    let mut size = 0;
    for c in text.chars() {
        if in_string {
            size += 1;
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            size += 1;
            in_string = c == '"';
        }
    }
    size
}

/// `size-limit`.
fn size_limit(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let Some((limit, what)) = quota(input.kind) else {
        return;
    };
    let size = counted_size(input.text);
    if size > limit {
        let start = input.document.span.start as usize;
        out.push(finding(
            "size-limit",
            format!("the policy has {size} characters; AWS accepts {limit} for {what}"),
            Span::new(start, start + 1),
            "white space does not count: split the policy, or merge statements and use wildcards \
             where they grant no more than needed",
        ));
    }
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
