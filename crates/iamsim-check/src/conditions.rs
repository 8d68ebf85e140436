//! `Condition` blocks: keys no service defines, operators of another type
//! than their key, and the set-operator and `IfExists` mistakes of the
//! condition operator reference and the single- vs multivalued keys page.

use iamsim::diagnostic::DiagnosticId;
use iamsim::kinds::operator::{BaseOperator, Family, SetQualifier};
use iamsim::policy::{Condition, Statement};
use iamsim::Diagnostic;

use crate::keys::{self, KeyType};
use crate::{finding, Input};

pub(crate) fn check(input: &Input<'_>, statement: &Statement, out: &mut Vec<Diagnostic>) {
    for condition in &statement.conditions {
        operator_rules(condition, out);
        let key = condition.key.value.as_str();
        match keys::facts(key, input.catalog) {
            Some(facts) => {
                if let Some(kind) = facts.kind {
                    type_mismatch(condition, kind, out);
                }
                let operator = condition.operator.value;
                if operator.qualifier == Some(SetQualifier::ForAllValues)
                    && !facts.multivalued
                    && facts.kind.is_some()
                {
                    out.push(finding(
                        DiagnosticId::ForallvaluesSingleValuedKey,
                        format!("`{key}` is single-valued, but `{}` is for multivalued keys", operator.name()),
                        condition.operator.span,
                        "`ForAllValues` also matches when the key is absent: use the operator without the \
                         qualifier for a single-valued key",
                    ));
                }
                if operator.if_exists && facts.always_present {
                    out.push(finding(
                        DiagnosticId::IfexistsOnAlwaysPresentKey,
                        format!("`{key}` is in every request, so `IfExists` changes nothing"),
                        condition.operator.span,
                        format!(
                            "write `{}` without `IfExists`",
                            operator.name().trim_end_matches("IfExists")
                        ),
                    ));
                }
            }
            None if keys::judgeable(key, input.catalog) => out.push(finding(
                DiagnosticId::UnknownConditionKey,
                format!("no AWS service defines the condition key `{key}`"),
                condition.key.span,
                "check its spelling against AWS's global condition keys and the service's keys: \
                 an unknown key is absent from every request",
            )),
            None => {}
        }
    }
}

/// `wildcard-without-like` and `null-with-qualifier`: the operator's own rules.
fn operator_rules(condition: &Condition, out: &mut Vec<Diagnostic>) {
    let operator = condition.operator.value;
    if operator.base == BaseOperator::Null && operator.qualifier.is_some() {
        out.push(finding(
            DiagnosticId::NullWithQualifier,
            format!(
                "`{}`: `Null` tests whether the key is present, not its values",
                operator.name()
            ),
            condition.operator.span,
            "write `Null` without `ForAllValues:` or `ForAnyValue:`",
        ));
    }
    // `ArnEquals` matches `*` and `?` as wildcards, like `ArnLike`
    // (reference_policies_elements_condition_operators.md, "Amazon Resource
    // Name (ARN) condition operators"): only the string operators compare exactly.
    if let Family::StringExact { .. } = operator.base.family() {
        for value in &condition.values {
            let literal = value.text.replace("${*}", "").replace("${?}", "");
            if literal.contains(['*', '?']) {
                let like = if operator.base.is_negated() {
                    "StringNotLike"
                } else {
                    "StringLike"
                };
                out.push(finding(
                    DiagnosticId::WildcardWithoutLike,
                    format!(
                        "`{}` compares `{}` exactly: its `*` or `?` is not a wildcard",
                        operator.base.as_str(),
                        value.text
                    ),
                    value.span,
                    format!("to match a pattern, use `{like}`"),
                ));
            }
        }
    }
}

/// `operator-type-mismatch`: which operator families compare a key's type.
fn type_mismatch(condition: &Condition, kind: KeyType, out: &mut Vec<Diagnostic>) {
    let family = condition.operator.value.base.family();
    let strings = matches!(family, Family::StringExact { .. } | Family::StringLike);
    // A tag's value is a string that often holds a number or a date (a
    // `level`, an `expires`), compared with those operators as such
    // (tests/corpus/cond-numeric-date.json: `NumericEquals` on
    // `aws:PrincipalTag/level`, "2.50 equals 2.5").
    let tag = condition.key.value.to_ascii_lowercase().contains("tag/");
    let fits = match family {
        Family::Null => true,
        Family::Numeric(_) | Family::Date(_) if tag && kind == KeyType::String => true,
        _ => match kind {
            KeyType::String => strings,
            // ARN keys take the ARN and the string operators.
            KeyType::Arn => strings || family == Family::Arn,
            // AWS's own examples compare Boolean keys as strings too.
            KeyType::Bool => strings || family == Family::Bool,
            KeyType::Date => matches!(family, Family::Date(_)),
            KeyType::Numeric => matches!(family, Family::Numeric(_)),
            KeyType::DateOrNumeric => matches!(family, Family::Date(_) | Family::Numeric(_)),
            KeyType::Ip => family == Family::Ip,
            KeyType::Binary => family == Family::Binary,
        },
    };
    if !fits {
        out.push(finding(
            DiagnosticId::OperatorTypeMismatch,
            format!(
                "`{}` holds {} values, but `{}` compares {}",
                condition.key.value,
                kind.as_str(),
                condition.operator.value.base.as_str(),
                family.value_name()
            ),
            condition.operator.span,
            format!("use an operator for {} values", kind.as_str()),
        ));
    }
}
