//! The words and symbols the result view uses for the evaluator's result,
//! kept apart from the markup so they can be tested and kept consistent.
//! Every state has text and an icon, never colour alone.

use crate::evaluation::SCENARIO_SOURCE;
use iamsim::diagnostic::DiagnosticReport;
use iamsim::kinds::{Attachment, Decision, Effect, PolicyType, StepKind, StepOutcome};
use iamsim::trace::{ConditionTrace, ElementTrace, MatchedStatement, StatementTrace, Step};

/// The banner's heading.
pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "Allowed",
        Decision::ExplicitDeny => "Explicitly denied",
        Decision::ImplicitDeny => "Implicitly denied",
    }
}

/// Where a problem is: the policy it is in, or nothing for a text with no
/// name, and its line and column. The scenario's own fields have no text on
/// the page (it loads them typed), so a problem of the request is placed by
/// that name alone.
pub fn problem_place(d: &DiagnosticReport) -> String {
    match d.location.as_str() {
        "" => format!("line {}, column {}", d.line, d.column),
        SCENARIO_SOURCE => SCENARIO_SOURCE.to_owned(),
        policy => format!("{policy}, line {}, column {}", d.line, d.column),
    }
}

/// Whom an identity policy is attached to, as the policy panel offers it.
pub fn attachment_label(a: Attachment) -> &'static str {
    match a {
        Attachment::User => "the user",
        Attachment::Group => "a group",
        Attachment::Role => "the role",
    }
}

pub fn decision_icon(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "✓",
        Decision::ExplicitDeny => "⊘",
        Decision::ImplicitDeny => "✗",
    }
}

/// What the step checks, in one sentence for a learner. After the IAM User
/// Guide, "Policy evaluation logic", section "Determining whether a request
/// is allowed or denied within an account", and the pages of each policy type.
pub fn step_about(step: StepKind) -> &'static str {
    match step {
        StepKind::AwsRules => {
            "Some rules hold whatever the policies say: a call that needs no permission, or a resource that \
             no one can change."
        }
        StepKind::DenyEvaluation => {
            "AWS looks for a Deny statement that applies in every policy in play: one is enough to deny the request."
        }
        StepKind::ResourceControlPolicies => {
            "Resource control policies set the most that anyone can do with the resources of an account in an \
             organization: they must allow the request, or it is implicitly denied."
        }
        StepKind::ServiceControlPolicies => {
            "Service control policies set the most that principals of an account in an organization can do: \
             they must allow the request, or it is implicitly denied."
        }
        StepKind::VpcEndpointPolicy => {
            "When the request goes through a VPC endpoint that has a policy, that policy must allow it too."
        }
        StepKind::ResourcePolicy => {
            "A policy on the resource can allow the request by itself, for some principals even where their \
             identity-based policies do not."
        }
        StepKind::IdentityPolicies => {
            "The policies of the user (and its groups) or of the role need at least one statement that allows \
             the request."
        }
        StepKind::PermissionsBoundary => {
            "A permissions boundary caps what identity-based policies can grant: it must allow the request as well."
        }
        StepKind::SessionPolicy => {
            "A session policy, passed when the session was created, narrows what the session can do: it must \
             allow the request as well."
        }
    }
}

/// The outcome's word (also its CSS class suffix) and icon.
pub fn outcome_label(o: StepOutcome) -> (&'static str, &'static str) {
    match o {
        StepOutcome::ExplicitDeny => ("denied", "⊘"),
        StepOutcome::ImplicitDeny => ("denied", "✗"),
        StepOutcome::Allow => ("allowed", "✓"),
        StepOutcome::Continue => ("passed", "→"),
        StepOutcome::NotApplicable => ("not applicable", "–"),
    }
}

/// What a policy of this type is called in a list.
pub fn policy_type_label(t: PolicyType) -> &'static str {
    match t {
        PolicyType::Identity => "identity policy",
        PolicyType::Resource => "resource-based policy",
        PolicyType::PermissionsBoundary => "permissions boundary",
        PolicyType::Session => "session policy",
        PolicyType::Scp => "SCP",
        PolicyType::Rcp => "RCP",
        PolicyType::VpcEndpoint => "VPC endpoint policy",
    }
}

/// Whether this step decided: it is the evaluator's deciding step and ended
/// the evaluation there. (An allow is decided when the last step passes it on,
/// which may be a step that did not apply: no step is named then.)
pub fn is_decisive(step: &Step, decided_by: StepKind) -> bool {
    step.step == decided_by
        && matches!(
            step.outcome,
            StepOutcome::ExplicitDeny | StepOutcome::ImplicitDeny | StepOutcome::Allow
        )
}

/// Splits text written in the project's message style (user input in
/// backticks) into plain and code parts; an unpaired backtick stays as text.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('`') else { break };
        if open > 0 {
            parts.push((false, rest.get(..open).unwrap_or("")));
        }
        parts.push((true, after.get(..close).unwrap_or("")));
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    parts
}

/// `✓` or `✗` with the words a screen reader says for it.
pub fn match_mark(matched: bool) -> (&'static str, &'static str) {
    if matched {
        ("✓", "matches")
    } else {
        ("✗", "does not match")
    }
}

/// A statement's heading: `Statement 2 "ReadOnly" (Allow)`, numbered from 1
/// as a reader counts.
pub fn statement_heading(s: &StatementTrace) -> String {
    statement_name(s.statement_index, s.sid.as_deref(), s.effect)
}

/// Statement `index` (from 0) named for a reader: `Statement 2 "ReadOnly" (Allow)`.
pub fn statement_name(index: usize, sid: Option<&str>, effect: Effect) -> String {
    let number = index + 1;
    let effect = effect.as_str();
    match sid {
        Some(sid) => format!("Statement {number} \u{201c}{sid}\u{201d} ({effect})"),
        None => format!("Statement {number} ({effect})"),
    }
}

/// A deciding statement as a link's text: `home: Statement 1 "Sid" (Allow), lines 4–9`.
pub fn matched_statement_label(m: &MatchedStatement) -> String {
    format!(
        "{}: {}, {}",
        m.policy,
        statement_name(m.statement_index, m.sid.as_deref(), m.effect),
        line_range(m.line, m.end_line)
    )
}

/// `line 4` or `lines 4–9`.
pub fn line_range(line: u32, end_line: u32) -> String {
    if end_line > line {
        format!("lines {line}\u{2013}{end_line}")
    } else {
        format!("line {line}")
    }
}

/// One line on why a statement applies or not: the first part that failed.
pub fn statement_verdict(s: &StatementTrace) -> String {
    if let Some(why) = &s.skipped {
        // `why` says whether a draft's error or a what-if switched it off.
        return format!("skipped: {why}");
    }
    if s.matched {
        return match s.effect {
            Effect::Allow => "applies: this statement allows the request".into(),
            Effect::Deny => "applies: this statement denies the request".into(),
        };
    }
    let failed_element = [&s.action, &s.resource, &s.principal]
        .into_iter()
        .flatten()
        .find(|e| !e.matched);
    if let Some(e) = failed_element {
        return element_verdict(e);
    }
    match s.conditions.iter().find(|c| !c.matched) {
        Some(c) => condition_verdict(c),
        None => "does not apply".into(),
    }
}

fn element_verdict(e: &ElementTrace) -> String {
    let what = match e.element.trim_start_matches("Not") {
        "Action" => "action",
        "Resource" => "resource",
        "Principal" => "principal",
        other => other,
    };
    if e.element.starts_with("Not") {
        format!(
            "does not apply: the {what} “{}” is listed in {}",
            e.value, e.element
        )
    } else {
        format!(
            "does not apply: the {what} “{}” is not matched by {}",
            e.value, e.element
        )
    }
}

fn condition_verdict(c: &ConditionTrace) -> String {
    if c.request_values.is_none() {
        format!(
            "does not apply: the request has no “{}” for {}",
            c.key, c.operator
        )
    } else {
        format!(
            "does not apply: condition {} on “{}” is not met",
            c.operator, c.key
        )
    }
}

/// The request's values for a condition key, or the word for their absence.
pub fn request_values_text(values: Option<&[String]>) -> String {
    match values {
        None => "missing from the request".into(),
        Some([]) => "an empty list".into(),
        Some(values) => values
            .iter()
            .map(|v| format!("“{v}”"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iamsim::reason::Reason;
    use iamsim::trace::{PatternTrace, ValueTrace};

    fn statement(matched: bool) -> StatementTrace {
        StatementTrace {
            statement_index: 1,
            sid: Some("ReadHome".into()),
            effect: Effect::Allow,
            line: 3,
            column: 5,
            end_line: 9,
            matched,
            action: Some(ElementTrace {
                element: "Action",
                matched: true,
                value: "s3:GetObject".into(),
                patterns: vec![PatternTrace {
                    pattern: "s3:Get*".into(),
                    resolved: None,
                    matched: true,
                    line: 5,
                    column: 7,
                }],
                note: None,
            }),
            resource: None,
            principal: None,
            conditions: vec![ConditionTrace {
                operator: "Bool".into(),
                key: "aws:MultiFactorAuthPresent".into(),
                matched,
                request_values: None,
                policy_values: vec![ValueTrace {
                    value: "true".into(),
                    resolved: None,
                    matched: false,
                }],
                note: None,
                line: 7,
                column: 9,
            }],
            skipped: None,
        }
    }

    #[test]
    fn headings_count_from_one_and_name_the_sid() {
        assert_eq!(
            statement_heading(&statement(true)),
            "Statement 2 \u{201c}ReadHome\u{201d} (Allow)"
        );
        let mut s = statement(true);
        s.sid = None;
        s.effect = Effect::Deny;
        assert_eq!(statement_heading(&s), "Statement 2 (Deny)");
    }

    #[test]
    fn verdict_names_the_missing_condition_key() {
        assert_eq!(
            statement_verdict(&statement(true)),
            "applies: this statement allows the request"
        );
        assert_eq!(
            statement_verdict(&statement(false)),
            "does not apply: the request has no “aws:MultiFactorAuthPresent” for Bool"
        );
    }

    #[test]
    fn verdict_names_the_first_failing_element() {
        let mut s = statement(false);
        if let Some(a) = s.action.as_mut() {
            a.matched = false;
            a.value = "s3:PutObject".into();
        }
        assert_eq!(
            statement_verdict(&s),
            "does not apply: the action “s3:PutObject” is not matched by Action"
        );
        if let Some(a) = s.action.as_mut() {
            a.element = "NotAction";
        }
        assert_eq!(
            statement_verdict(&s),
            "does not apply: the action “s3:PutObject” is listed in NotAction"
        );
    }

    #[test]
    fn request_values_say_missing_rather_than_nothing() {
        assert_eq!(request_values_text(None), "missing from the request");
        assert_eq!(request_values_text(Some(&[])), "an empty list");
        assert_eq!(
            request_values_text(Some(&["a".into(), "b".into()])),
            "“a”, “b”"
        );
    }

    #[test]
    fn backticks_become_code_parts() {
        assert_eq!(
            code_spans("policy `a` allows `s3:Get*`."),
            vec![
                (false, "policy "),
                (true, "a"),
                (false, " allows "),
                (true, "s3:Get*"),
                (false, ".")
            ]
        );
        assert_eq!(code_spans("one ` left"), vec![(false, "one ` left")]);
        assert_eq!(code_spans("``"), vec![(true, "")]);
    }

    #[test]
    fn only_a_step_that_ended_the_evaluation_is_decisive() {
        let step = |outcome| Step {
            step: StepKind::SessionPolicy,
            outcome,
            summary: Reason::NoPolicyApplies,
            policies: vec![],
        };
        assert!(!is_decisive(
            &step(StepOutcome::NotApplicable),
            StepKind::SessionPolicy
        ));
        assert!(is_decisive(
            &step(StepOutcome::Allow),
            StepKind::SessionPolicy
        ));
        assert!(!is_decisive(
            &step(StepOutcome::Allow),
            StepKind::IdentityPolicies
        ));
    }

    #[test]
    fn every_outcome_has_words_and_an_icon() {
        for o in [
            StepOutcome::ExplicitDeny,
            StepOutcome::ImplicitDeny,
            StepOutcome::Allow,
            StepOutcome::Continue,
            StepOutcome::NotApplicable,
        ] {
            let (word, icon) = outcome_label(o);
            assert!(!word.is_empty() && !icon.is_empty());
        }
        assert_eq!(decision_label(Decision::ImplicitDeny), "Implicitly denied");
    }
}
