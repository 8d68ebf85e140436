//! Rules about the whole document: its `Version`, its size against AWS's
//! quota for its kind ([`crate::size`]), and statements another one makes
//! redundant.

use std::collections::HashMap;

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
    let index = ActionIndex::new(statements);
    for (i, narrow) in statements.iter().enumerate() {
        if narrow.skipped.is_some() || narrow.effect.value != Effect::Allow {
            continue;
        }
        // The earlier of two equal statements is kept. Candidates come in
        // the statements' order, so the first found is the one a pairwise
        // scan finds.
        let wide = index.candidates(narrow).into_iter().find_map(|j| {
            let wide = statements.get(j)?;
            (j != i
                && wide.skipped.is_none()
                && covers(wide, narrow)
                && (j < i || !covers(narrow, wide)))
            .then_some(wide)
        });
        if let Some(wide) = wide {
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

/// The statements that may cover another's actions, found by the actions
/// their patterns name, so that each statement is compared with the few
/// that could cover it rather than with every other (pairwise, a
/// 1,000-statement policy took 0.2 s). A statement covers another's actions
/// only if one of its patterns matches the other's first action, and a
/// pattern can match it only if it is that action (case aside), a pattern
/// of the same service with a wildcard after the colon, or a pattern whose
/// service part has a wildcard (kept apart: it may match any service).
struct ActionIndex {
    /// By the lower-case pattern, for patterns without wildcards.
    exact: HashMap<String, Vec<usize>>,
    /// By the lower-case service, for `service:` patterns with wildcards.
    service: HashMap<String, Vec<usize>>,
    /// Patterns that may match any service (and non-ASCII ones, whose case
    /// folding a lower-case key would not follow).
    anywhere: Vec<usize>,
    /// Statements with an `Action`; and with neither `Action` nor `NotAction`.
    with_action: Vec<usize>,
    without_action: Vec<usize>,
}

impl ActionIndex {
    fn new(statements: &[Statement]) -> ActionIndex {
        let mut index = ActionIndex {
            exact: HashMap::new(),
            service: HashMap::new(),
            anywhere: Vec::new(),
            with_action: Vec::new(),
            without_action: Vec::new(),
        };
        for (i, statement) in statements.iter().enumerate() {
            let list = match &statement.action {
                None => {
                    index.without_action.push(i);
                    continue;
                }
                // Only a plain `Action` covers (covers_list).
                Some(list) if list.negated => continue,
                Some(list) => list,
            };
            index.with_action.push(i);
            for pattern in &list.values {
                let pattern = pattern.value.as_str();
                match pattern.split_once(':') {
                    _ if !pattern.is_ascii() => index.anywhere.push(i),
                    Some((service, _)) if !service.contains(['*', '?']) => {
                        if pattern.contains(['*', '?']) {
                            let key = service.to_ascii_lowercase();
                            index.service.entry(key).or_default().push(i);
                        } else {
                            let key = pattern.to_ascii_lowercase();
                            index.exact.entry(key).or_default().push(i);
                        }
                    }
                    _ => index.anywhere.push(i),
                }
            }
        }
        index
    }

    /// The statements that may cover `narrow`'s actions, in order, each once.
    fn candidates(&self, narrow: &Statement) -> Vec<usize> {
        let first = match &narrow.action {
            None => return self.without_action.clone(),
            Some(list) if list.negated => return Vec::new(),
            Some(list) => list.values.first().map(|v| v.value.as_str()),
        };
        let Some(first) = first.filter(|f| f.is_ascii()) else {
            return self.with_action.clone();
        };
        let lower = first.to_ascii_lowercase();
        let service = lower.split_once(':').map(|(service, _)| service);
        let mut found: Vec<usize> = (self.exact.get(&lower).into_iter().flatten())
            .chain(
                service
                    .and_then(|s| self.service.get(s))
                    .into_iter()
                    .flatten(),
            )
            .chain(&self.anywhere)
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::policy::parse_policy;

    /// Every statement that covers another is among that one's candidates:
    /// the index finds what comparing every pair finds.
    #[test]
    fn the_index_keeps_every_statement_that_covers() {
        let statements = [
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}"#,
            r#"{"Effect": "Allow", "Action": "S3:getobject", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": ["sqs:SendMessage", "s3:Get*"], "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "s?:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/k"}"#,
            r#"{"Effect": "Allow", "Action": "*:*", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}"#,
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#,
        ];
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(",")
        );
        let (document, diagnostics) = parse_policy(&text, 0, None);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let all = &document.statements;
        let index = ActionIndex::new(all);
        let mut pairs = 0;
        for (i, narrow) in all.iter().enumerate() {
            let candidates = index.candidates(narrow);
            for (j, wide) in all.iter().enumerate() {
                if j != i && covers(wide, narrow) {
                    pairs += 1;
                    assert!(
                        candidates.contains(&j),
                        "statement {j} covers {i}: {candidates:?}"
                    );
                }
            }
            assert!(
                candidates.windows(2).all(|w| w[0] < w[1]),
                "in order, once each"
            );
        }
        assert!(
            pairs >= 10,
            "the statements cover each other often: {pairs}"
        );
        // And the index does leave some out.
        assert_eq!(index.candidates(&all[9]), [2, 3, 4, 5, 9]);
    }
}
