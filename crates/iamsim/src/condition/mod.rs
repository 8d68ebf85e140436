//! Condition operators (reference_policies_elements_condition_operators.md):
//! one `operator: { key: values }` pair against the request context, with
//! `...IfExists`, the set qualifiers `ForAllValues:` and `ForAnyValue:`
//! (reference_policies_multi-value-conditions.md), negation, and policy
//! variables in the values. The statement's AND across pairs is the caller's.
//!
//! [`operand`] reads a policy value for its operator family and compares it
//! with one request value; [`date`] and [`number`] read dates and numbers.
//! This module combines the comparisons: several policy values are an OR, a
//! negated operator matches when the request value equals none of them, and
//! a set qualifier says whether every or any request value must match.

mod date;
mod number;
mod operand;

use crate::kinds::operator::{BaseOperator, Family, SetQualifier};
use crate::policy::Condition;
use crate::reason::{Absence, Note, Notes};
use crate::scenario::ContextLookup;
use crate::source::Source;
use crate::trace::{ConditionTrace, ValueTrace};
use crate::variables::{Substitution, Unresolved};

use operand::{compare, Operand};

/// A condition's verdict, its trace, and the context keys it asked for and
/// did not get (the condition key, or a policy variable's key).
#[derive(Debug, Clone)]
pub struct ConditionOutcome {
    pub trace: ConditionTrace,
    pub missing_keys: Vec<String>,
}

impl ConditionOutcome {
    pub fn matched(&self) -> bool {
        self.trace.matched
    }
}

/// Evaluates one condition against the request context. `variables_enabled`
/// is the policy's [`crate::policy::PolicyDocument::variables_enabled`].
pub fn evaluate_condition(
    cond: &Condition,
    ctx: &dyn ContextLookup,
    variables_enabled: bool,
    source: &Source,
) -> ConditionOutcome {
    let op = cond.operator.value;
    let family = op.base.family();
    let key = cond.key.value.as_str();
    let request = ctx.get(key).map(|v| v.values());
    let operands: Vec<Operand<'_>> = cond
        .values
        .iter()
        .map(|v| Operand::read(family, &v.text, ctx, variables_enabled))
        .collect();
    let mut policy_matched = vec![false; operands.len()];
    let mut missing_keys = Vec::new();

    let (matched, note) = if family == Family::Null {
        null_check(&operands, request.is_some(), &mut policy_matched)
    } else if let Some(values) = request {
        let unresolved = unresolved_variables(&operands);
        missing_keys.extend(
            unresolved
                .iter()
                .filter(|u| !u.multi_valued)
                .map(|u| u.key.clone()),
        );
        if unresolved.iter().any(|u| u.multi_valued) {
            (false, vec![multi_valued_note(&unresolved)])
        } else {
            // A variable with no value leaves its policy value effectively
            // null: compared like any other value, it equals nothing.
            let no_value = (!unresolved.is_empty()).then(|| no_value_note(&unresolved, op.base));
            let (matched, notes) = compare_present(
                op.base,
                op.qualifier,
                family,
                key,
                values,
                &operands,
                &mut policy_matched,
            );
            (matched, no_value.into_iter().chain(notes).collect())
        }
    } else {
        missing_keys.push(key.to_owned());
        let (matched, note) = absent_key(op.base, op.qualifier, op.if_exists, key);
        (matched, vec![note])
    };

    let at = source.line_col(cond.operator.span.start);
    let trace = ConditionTrace {
        operator: op.name(),
        key: key.to_owned(),
        matched,
        request_values: request.map(<[String]>::to_vec),
        policy_values: cond
            .values
            .iter()
            .zip(&operands)
            .zip(&policy_matched)
            .map(|((v, operand), &matched)| ValueTrace {
                value: v.text.clone(),
                resolved: operand.resolved_text(),
                matched,
            })
            .collect(),
        note: Notes::of(note).map(|n| n.to_string()),
        line: at.line,
        column: at.column,
    };
    ConditionOutcome {
        trace,
        missing_keys,
    }
}

/// The `Null` operator: `true` asks that the key be absent, `false` that it
/// be present (reference_policies_elements_condition_operators.md,
/// "Condition operator to check existence of condition keys").
fn null_check(
    operands: &[Operand<'_>],
    present: bool,
    policy_matched: &mut [bool],
) -> (bool, Vec<Note>) {
    let mut any = false;
    let mut invalid = false;
    for (operand, hit) in operands.iter().zip(policy_matched.iter_mut()) {
        match operand {
            Operand::Bool(wants_absent) => *hit = *wants_absent != present,
            _ => invalid = true,
        }
        any |= *hit;
    }
    (
        any,
        invalid.then_some(Note::NullTakesBool).into_iter().collect(),
    )
}

/// The condition key is not in the request
/// (reference_policies_elements_condition_operators.md, the Important box at
/// the top, and "...IfExists condition operators";
/// reference_policies_multi-value-conditions.md for the set qualifiers).
fn absent_key(
    base: BaseOperator,
    qualifier: Option<SetQualifier>,
    if_exists: bool,
    key: &str,
) -> (bool, Note) {
    let (matched, rule) = if if_exists {
        (true, Absence::IfExists)
    } else {
        match qualifier {
            Some(SetQualifier::ForAllValues) => (true, Absence::ForAllValues),
            Some(SetQualifier::ForAnyValue) => (false, Absence::ForAnyValue),
            None if base.is_negated() => (true, Absence::Negated),
            None => (false, Absence::Plain),
        }
    };
    let key = key.to_owned();
    (matched, Note::AbsentKey { key, rule })
}

/// Every policy variable of the values that had no single value.
fn unresolved_variables<'o>(operands: &'o [Operand<'_>]) -> Vec<&'o Unresolved> {
    operands
        .iter()
        .filter_map(|o| match o {
            Operand::Text(Substitution::Unresolved(u)) => Some(u),
            _ => None,
        })
        .flatten()
        .collect()
}

fn variable_keys<'u>(unresolved: impl Iterator<Item = &'u &'u Unresolved>) -> Vec<String> {
    unresolved.map(|u| u.key.clone()).collect()
}

/// reference_policies_variables.md, "Policy variables with no value": a
/// variable whose key is not in the request (and that has no default) is
/// effectively null; `StringEquals` or `StringLike` do not match it, while
/// the negated operators do, since no request value equals null.
fn no_value_note(unresolved: &[&Unresolved], base: BaseOperator) -> Note {
    Note::VariablesWithNoValue {
        variables: variable_keys(unresolved.iter()),
        operator: base,
    }
}

/// A variable naming a multivalued key has no single value to put in the
/// text (reference_policies_variables.md, "Principal key values": "any
/// attempt to match it fails"), so the whole condition does not match.
fn multi_valued_note(unresolved: &[&Unresolved]) -> Note {
    Note::MultiValuedVariables {
        variables: variable_keys(unresolved.iter().filter(|u| u.multi_valued)),
    }
}

/// The key is present: compare every request value with every policy value.
fn compare_present(
    base: BaseOperator,
    qualifier: Option<SetQualifier>,
    family: Family,
    key: &str,
    values: &[String],
    operands: &[Operand<'_>],
    policy_matched: &mut [bool],
) -> (bool, Vec<Note>) {
    let negated = base.is_negated();
    let mut notes = Vec::new();
    for operand in operands {
        if let Operand::Invalid { with_variable } = operand {
            notes.push(Note::InvalidPolicyValue {
                family,
                with_variable: *with_variable,
            });
        }
    }
    // Per request value, did it equal (match) some policy value? A negated
    // operator holds for a value that equals none of them.
    let (mut any_hit, mut all_hold, mut any_holds) = (false, true, false);
    for r in values {
        let mut hit = false;
        let mut unreadable = false;
        for (operand, matched) in operands.iter().zip(policy_matched.iter_mut()) {
            match compare(family, operand, r) {
                Some(true) => {
                    hit = true;
                    *matched = true;
                }
                Some(false) => {}
                None => unreadable = true,
            }
        }
        if unreadable {
            notes.push(Note::UnreadableRequestValue {
                value: r.clone(),
                family,
            });
        }
        any_hit |= hit;
        all_hold &= hit != negated;
        any_holds |= hit != negated;
    }
    let key = key.to_owned();
    let matched = match qualifier {
        Some(qualifier) => {
            if values.is_empty() {
                notes.push(Note::NoValues { key, qualifier });
            }
            match qualifier {
                SetQualifier::ForAllValues => all_hold,
                SetQualifier::ForAnyValue => any_holds,
            }
        }
        None => {
            if values.len() > 1 {
                notes.push(Note::SeveralValues { key, negated });
            }
            // The request's values as one: some matched, or (negated) none did.
            any_hit != negated
        }
    };
    (matched, notes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::kinds::operator::Operator;
    use crate::policy::{ConditionValue, ValueKind};
    use crate::scenario::{Context, ContextValue};
    use crate::source::{Span, Spanned};

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: Spanned::new(Operator::parse(op).unwrap(), Span::new(3, 5)),
            key: Spanned::new(key.to_owned(), Span::default()),
            values: values
                .iter()
                .map(|v| ConditionValue {
                    text: (*v).to_owned(),
                    kind: ValueKind::String,
                    span: Span::default(),
                })
                .collect(),
            values_span: Span::default(),
        }
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut ctx = Context::default();
        for (k, vs) in pairs {
            let value = match vs {
                [one] => ContextValue::Single((*one).to_owned()),
                many => ContextValue::Multi(many.iter().map(|v| (*v).to_owned()).collect()),
            };
            ctx.insert(*k, value);
        }
        ctx
    }

    fn eval(op: &str, key: &str, values: &[&str], c: &Context) -> ConditionOutcome {
        evaluate_condition(
            &cond(op, key, values),
            c,
            true,
            &Source::new("p", "{\n  \"Condition\": {}}"),
        )
    }

    fn matches(op: &str, key: &str, values: &[&str], c: &Context) -> bool {
        eval(op, key, values, c).matched()
    }

    // reference_policies_elements_condition_operators.md, "String condition
    // operators": exact and case-sensitive, IgnoreCase, and Like with wildcards.
    #[test]
    fn string_operators() {
        let c = ctx(&[("aws:PrincipalTag/job-category", &["iamuser-admin"])]);
        let k = "aws:PrincipalTag/job-category";
        assert!(matches("StringEquals", k, &["iamuser-admin"], &c));
        assert!(!matches("StringEquals", k, &["IAMUSER-ADMIN"], &c));
        assert!(matches("StringEqualsIgnoreCase", k, &["IAMUSER-ADMIN"], &c));
        assert!(matches("StringLike", k, &["iamuser-*"], &c));
        assert!(matches("StringLike", k, &["iamuser-?dmin"], &c));
        assert!(!matches("StringEquals", k, &["iamuser-*"], &c));
        assert!(matches("StringNotEquals", k, &["other"], &c));
        assert!(!matches("StringNotLike", k, &["*admin"], &c));
        assert!(!matches(
            "StringNotEqualsIgnoreCase",
            k,
            &["IAMUSER-ADMIN"],
            &c
        ));
        // Condition keys are case-insensitive (reference_policies_variables.md).
        assert!(matches(
            "StringEquals",
            "AWS:PRINCIPALTAG/JOB-CATEGORY",
            &["iamuser-admin"],
            &c
        ));
    }

    // reference_policies_elements_condition_operators.md, "...IfExists
    // condition operators": `["t1.*", "t2.*", "m3.*"]` allows an instance type
    // that begins with t1., t2., or m3. (an OR). A negated operator is its
    // complement: the value must equal none of them.
    #[test]
    fn several_policy_values_or_and_negated_nor() {
        let c = ctx(&[("ec2:InstanceType", &["t2.micro"])]);
        let k = "ec2:InstanceType";
        assert!(matches("StringLike", k, &["t1.*", "t2.*", "m3.*"], &c));
        let out = eval("StringLike", k, &["t1.*", "t2.*"], &c);
        assert_eq!(
            out.trace
                .policy_values
                .iter()
                .map(|v| v.matched)
                .collect::<Vec<_>>(),
            [false, true]
        );
        assert!(!matches(
            "StringNotEquals",
            k,
            &["t3.large", "t2.micro"],
            &c
        ));
        assert!(matches("StringNotEquals", k, &["t3.large", "m5.large"], &c));
    }

    // reference_policies_elements_condition_operators.md, the Important box:
    // an absent key makes the values not match (false), but a negated
    // operator such as StringNotLike is then true.
    #[test]
    fn absent_keys() {
        let c = Context::default();
        let out = eval("StringEquals", "aws:SourceVpc", &["vpc-1"], &c);
        assert!(!out.matched());
        assert_eq!(out.missing_keys, ["aws:SourceVpc"]);
        assert_eq!(out.trace.request_values, None);
        assert!(matches("StringNotLike", "aws:SourceVpc", &["vpc-*"], &c));
        assert!(matches(
            "ArnNotEquals",
            "aws:SourceArn",
            &["arn:aws:sns:us-east-1:1:t"],
            &c
        ));
        assert!(!matches("NumericLessThan", "s3:max-keys", &["10"], &c));
    }

    // reference_policies_elements_condition_operators.md, "...IfExists
    // condition operators": an absent key makes the condition true.
    #[test]
    fn if_exists_on_absent_and_present_keys() {
        let out = eval(
            "StringLikeIfExists",
            "ec2:InstanceType",
            &["t1.*"],
            &Context::default(),
        );
        assert!(out.matched());
        assert!(out.trace.note.unwrap().contains("IfExists"));
        let c = ctx(&[("ec2:InstanceType", &["m5.large"])]);
        assert!(!matches(
            "StringLikeIfExists",
            "ec2:InstanceType",
            &["t1.*"],
            &c
        ));
        // "If you are using an "Effect": "Deny" element with a negated condition
        // operator like StringNotEqualsIfExists, the request is still denied even
        // if the tag is missing."
        let none = Context::default();
        assert!(matches(
            "StringNotEqualsIfExists",
            "aws:ResourceTag/team",
            &["blue"],
            &none
        ));
        assert!(matches(
            "ForAnyValue:StringEqualsIfExists",
            "aws:TagKeys",
            &["team"],
            &none
        ));
    }

    // reference_policies_elements_condition_operators.md, "Condition operator
    // to check existence of condition keys".
    #[test]
    fn null_checks_presence() {
        let with = ctx(&[("aws:TokenIssueTime", &["2020-01-01T00:00:00Z"])]);
        let without = Context::default();
        assert!(matches("Null", "aws:TokenIssueTime", &["true"], &without));
        assert!(!matches("Null", "aws:TokenIssueTime", &["true"], &with));
        assert!(matches("Null", "aws:TokenIssueTime", &["false"], &with));
        assert!(!matches("Null", "aws:TokenIssueTime", &["false"], &without));
        assert!(eval("Null", "aws:TokenIssueTime", &["true"], &without)
            .missing_keys
            .is_empty());
    }

    // reference_policies_multi-value-conditions.md, "Evaluation Logic for
    // Condition Set Operators" (the PostDateTime/UserName tables) and the
    // Note on empty data sets.
    #[test]
    fn set_qualifiers() {
        let k = "dynamodb:requestedAttributes";
        let allowed = ["PostDateTime", "Message", "Tags"];
        assert!(matches(
            "ForAllValues:StringLike",
            k,
            &allowed,
            &ctx(&[(k, &["PostDateTime", "Message"])])
        ));
        assert!(!matches(
            "ForAllValues:StringLike",
            k,
            &allowed,
            &ctx(&[(k, &["PostDateTime", "UserName"])])
        ));
        let denied = ["ID", "PostDateTime"];
        assert!(matches(
            "ForAnyValue:StringLike",
            k,
            &denied,
            &ctx(&[(k, &["UserName", "Message", "PostDateTime"])])
        ));
        assert!(!matches(
            "ForAnyValue:StringLike",
            k,
            &denied,
            &ctx(&[(k, &["UserName"])])
        ));
        // Absent key or empty set: ForAllValues true, ForAnyValue false.
        let none = Context::default();
        let out = eval("ForAllValues:StringLike", k, &allowed, &none);
        assert!(out.matched());
        assert!(out.trace.note.unwrap().contains("ForAllValues"));
        assert!(!matches("ForAnyValue:StringLike", k, &denied, &none));
        assert!(!matches("ForAnyValue:StringNotLike", k, &denied, &none));
        assert!(matches("ForAllValues:StringNotLike", k, &denied, &none));
        let mut empty = Context::default();
        empty.insert(k, ContextValue::Multi(vec![]));
        assert!(matches("ForAllValues:StringEquals", k, &allowed, &empty));
        assert!(!matches("ForAnyValue:StringEquals", k, &denied, &empty));
        // Negated with a set qualifier: every (any) request value equals none.
        let tags = ctx(&[("aws:TagKeys", &["team", "env"])]);
        assert!(!matches(
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            &["env"],
            &tags
        ));
        assert!(matches(
            "ForAnyValue:StringNotEquals",
            "aws:TagKeys",
            &["env"],
            &tags
        ));
        assert!(matches(
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            &["owner"],
            &tags
        ));
    }

    // reference_policies_single-vs-multi-valued-condition-keys.md:
    // "Multivalued condition keys require condition set operators"; the page
    // does not say what a plain operator does with several values, so iamsim
    // reads them as one set (any matches; negated: none equals) and says so.
    #[test]
    fn single_value_operators_on_multi_valued_keys() {
        let tags = ctx(&[("aws:TagKeys", &["team", "env"])]);
        let out = eval("StringEquals", "aws:TagKeys", &["env"], &tags);
        assert!(out.matched());
        assert!(out.trace.note.unwrap().contains("several values"));
        assert!(!matches("StringNotEquals", "aws:TagKeys", &["env"], &tags));
        assert!(matches("StringNotEquals", "aws:TagKeys", &["owner"], &tags));
    }

    // reference_policies_elements_condition_operators.md, "Numeric condition
    // operators": integers and decimals.
    #[test]
    fn numeric_operators() {
        let c = ctx(&[("s3:max-keys", &["10"])]);
        let k = "s3:max-keys";
        assert!(matches("NumericLessThanEquals", k, &["10"], &c));
        assert!(!matches("NumericLessThan", k, &["10"], &c));
        assert!(matches("NumericEquals", k, &["10.0"], &c));
        assert!(matches("NumericGreaterThan", k, &["9.5"], &c));
        assert!(matches("NumericGreaterThanEquals", k, &["-3"], &c));
        assert!(matches("NumericNotEquals", k, &["11", "12"], &c));
        assert!(!matches("NumericNotEquals", k, &["11", "10"], &c));
        let bad = eval("NumericLessThan", k, &["20"], &ctx(&[(k, &["ten"])]));
        assert!(!bad.matched());
        assert!(bad.trace.note.unwrap().contains("not a number"));
        let bad_policy = eval("NumericLessThan", k, &["twenty"], &c);
        assert!(!bad_policy.matched());
        assert!(bad_policy.trace.note.unwrap().contains("policy value"));
    }

    // reference_policies_elements_condition_operators.md, "Date condition
    // operators": ISO 8601 or epoch time on either side.
    #[test]
    fn date_operators() {
        let c = ctx(&[
            ("aws:TokenIssueTime", &["2020-06-01T08:00:00Z"]),
            ("aws:EpochTime", &["1590998400"]),
        ]);
        assert!(matches(
            "DateGreaterThan",
            "aws:TokenIssueTime",
            &["2020-01-01T00:00:01Z"],
            &c
        ));
        assert!(!matches(
            "DateLessThan",
            "aws:TokenIssueTime",
            &["2020-01-01"],
            &c
        ));
        assert!(matches(
            "DateEquals",
            "aws:TokenIssueTime",
            &["2020-06-01T10:00:00+02:00"],
            &c
        ));
        assert!(matches(
            "DateEquals",
            "aws:TokenIssueTime",
            &["1590998400"],
            &c
        ));
        assert!(matches(
            "DateLessThanEquals",
            "aws:EpochTime",
            &["2020-06-01T08:00Z"],
            &c
        ));
        assert!(matches(
            "DateNotEquals",
            "aws:EpochTime",
            &["2021-01-01"],
            &c
        ));
        let bad = eval(
            "DateLessThan",
            "aws:CurrentTime",
            &["2020-01-01"],
            &ctx(&[("aws:CurrentTime", &["soon"])]),
        );
        assert!(bad.trace.note.unwrap().contains("not a date"));
    }

    // reference_policies_elements_condition_operators.md, "Boolean condition
    // operators".
    #[test]
    fn bool_operator() {
        let c = ctx(&[("aws:SecureTransport", &["FALSE"])]);
        assert!(matches("Bool", "aws:SecureTransport", &["false"], &c));
        assert!(!matches("Bool", "aws:SecureTransport", &["true"], &c));
        assert!(!matches(
            "Bool",
            "aws:MultiFactorAuthPresent",
            &["true"],
            &c
        ));
    }

    // reference_policies_elements_condition_operators.md, "IP address
    // condition operators" (mixing IPv4 and IPv6) and "Binary condition operators".
    #[test]
    fn ip_and_binary_operators() {
        let c = ctx(&[
            ("aws:SourceIp", &["2001:db8:1234:5678::1"]),
            ("bin", &["QmluYXJ5VmFsdWVJbkJhc2U2NA=="]),
        ]);
        assert!(matches(
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24", "2001:DB8:1234:5678::/64"],
            &c
        ));
        assert!(!matches(
            "NotIpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24", "2001:DB8:1234:5678::/64"],
            &c
        ));
        assert!(matches(
            "NotIpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &c
        ));
        assert!(matches(
            "BinaryEquals",
            "bin",
            &["QmluYXJ5VmFsdWVJbkJhc2U2NA=="],
            &c
        ));
    }

    // reference_policies_elements_condition_operators.md, "Amazon Resource
    // Name (ARN) condition operators".
    #[test]
    fn arn_operators() {
        let value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        let c = ctx(&[("aws:SourceArn", &[value])]);
        let pattern = "arn:aws:someservice:*:111122223333:finance/*";
        assert!(matches("StringLike", "aws:SourceArn", &[pattern], &c));
        assert!(!matches("ArnLike", "aws:SourceArn", &[pattern], &c));
        assert!(matches(
            "ArnEquals",
            "aws:SourceArn",
            &["arn:aws:someservice:*:999999999999:store/*"],
            &c
        ));
        assert!(matches("ArnNotLike", "aws:SourceArn", &[pattern], &c));
    }

    // reference_policies_variables.md, "Condition element" and "Principal key values".
    #[test]
    fn policy_variables_in_condition_values() {
        let c = ctx(&[
            ("aws:username", &["alice"]),
            ("s3:prefix", &["home/alice/docs"]),
        ]);
        let out = eval("StringLike", "s3:prefix", &["home/${aws:username}/*"], &c);
        assert!(out.matched());
        assert_eq!(
            out.trace.policy_values[0].resolved.as_deref(),
            Some("home/alice/*")
        );
        let role = ctx(&[("s3:prefix", &["home/alice/docs"])]);
        let out = eval(
            "StringLike",
            "s3:prefix",
            &["home/", "home/${aws:username}/*"],
            &role,
        );
        assert!(!out.matched());
        assert_eq!(out.missing_keys, ["aws:username"]);
        assert!(out
            .trace
            .note
            .unwrap()
            .contains("`${aws:username}` has no value"));
        // Variables are off in version 2008-10-17 policies, and for numeric operators.
        let off = evaluate_condition(
            &cond("StringLike", "s3:prefix", &["home/${aws:username}/*"]),
            &c,
            false,
            &Source::new("p", ""),
        );
        assert!(!off.matched());
        let n = ctx(&[("n", &["3"]), ("limit", &["5"])]);
        let numeric = eval("NumericLessThan", "n", &["${limit}"], &n);
        assert!(!numeric.matched());
        assert!(numeric
            .trace
            .note
            .unwrap()
            .contains("policy variables are replaced only"));
    }

    // reference_policies_variables.md, "Policy variables with no value": the
    // negated operators match a variable with no value, the others do not; a
    // default gives it one.
    #[test]
    fn a_variable_with_no_value_is_null() {
        let c = ctx(&[("s3:ExistingObjectTag/Team", &["blue"])]);
        let key = "s3:ExistingObjectTag/Team";
        let team = "${aws:PrincipalTag/Team}";
        for negated in [
            "StringNotEquals",
            "StringNotLike",
            "StringNotEqualsIgnoreCase",
            "ArnNotEquals",
            "ArnNotLike",
            "StringNotEqualsIfExists",
            "ArnNotLikeIfExists",
        ] {
            let out = eval(negated, key, &[team], &c);
            assert!(out.matched(), "{negated}");
            assert_eq!(out.missing_keys, ["aws:PrincipalTag/Team"]);
            let note = out.trace.note.unwrap();
            assert!(
                note.contains("has no value") && note.contains("holds against it"),
                "{note}"
            );
        }
        for positive in [
            "StringEquals",
            "StringLike",
            "ArnEquals",
            "ArnLike",
            "StringEqualsIfExists",
        ] {
            let out = eval(positive, key, &[team], &c);
            assert!(!out.matched(), "{positive}");
            assert!(out.trace.note.unwrap().contains("cannot match it"));
        }
        // The other values still count: one of them equals the request's.
        assert!(!matches("StringNotEquals", key, &[team, "blue"], &c));
        assert!(matches("StringEquals", key, &[team, "blue"], &c));
        // A default is a value.
        assert!(!matches(
            "StringNotEquals",
            key,
            &["${aws:PrincipalTag/Team, 'blue'}"],
            &c
        ));
        // A variable naming a multivalued key matches nothing, negated or not.
        let multi = ctx(&[(key, &["blue"]), ("aws:PrincipalTag/Team", &["a", "b"])]);
        assert!(!matches("StringNotEquals", key, &[team], &multi));
    }

    #[test]
    fn trace_shows_operator_key_values_and_position() {
        let c = ctx(&[("aws:SourceIp", &["10.0.0.1"])]);
        let out = eval(
            "ForAnyValue:StringEqualsIfExists",
            "aws:SourceIp",
            &["10.0.0.1"],
            &c,
        );
        let t = &out.trace;
        assert_eq!(t.operator, "ForAnyValue:StringEqualsIfExists");
        assert_eq!(t.key, "aws:SourceIp");
        assert_eq!(
            t.request_values.as_deref(),
            Some(&["10.0.0.1".to_owned()][..])
        );
        assert!(t.policy_values[0].matched);
        assert_eq!((t.line, t.column), (2, 2));
        assert_eq!(t.note, None);
    }
}
