//! "What would change the decision": the core's verified suggestions
//! (`iamsim::whatif`) for the page's scenario, each applied to the scenario
//! as a whole so that Undo puts back exactly what was there.

use iamsim::scenario::ScenarioText;
use iamsim::whatif::{self, Change, Suggestion};
use iamsim::EvalOptions;

/// A suggestion, with the name of the check it makes pass when the
/// scenario has checks (`None`: its own request).
#[derive(Debug, Clone)]
pub struct Shown {
    pub check: Option<String>,
    pub suggestion: Suggestion,
}

/// The suggestions to show, each verified by the core (applied and
/// evaluated). A scenario with checks (an exercise, `requests`) asks for
/// them to pass: the edits that make a failing check pass, never one that
/// flips a request already answered as its author expects (that would undo
/// the lesson). Otherwise, the edits that flip the request's decision. None
/// for a scenario AWS would refuse: a draft is not evaluated the way AWS
/// would, so no edit of it can be verified.
pub fn suggest(scenario: &ScenarioText, now_epoch_seconds: Option<i64>) -> Vec<Shown> {
    let options = EvalOptions { now_epoch_seconds };
    let found = if has_checks(scenario) {
        whatif::suggest_failing(scenario, &options)
    } else {
        whatif::suggest(scenario, &options).map(|s| vec![s])
    };
    found
        .unwrap_or_default()
        .into_iter()
        .flat_map(|s| {
            let check = s.request;
            s.suggestions.into_iter().map(move |suggestion| Shown {
                check: check.clone(),
                suggestion,
            })
        })
        .collect()
}

/// Whether `scenario` asks for checks to pass: an exercise, or `requests`.
fn has_checks(scenario: &ScenarioText) -> bool {
    scenario.exercise.is_some() || scenario.requests.is_some()
}

/// `scenario` with every change of `suggestion` applied, in order; `None`
/// when one no longer applies (the policy it names was renamed since).
pub fn applied(scenario: &ScenarioText, suggestion: &Suggestion) -> Option<ScenarioText> {
    let mut changed = scenario.clone();
    suggestion
        .changes
        .iter()
        .all(|change| whatif::apply(&mut changed, change))
        .then_some(changed)
}

/// One edit, in a few words (names backticked), under the suggestion's sentence.
pub fn change_label(change: &Change) -> String {
    match change {
        Change::SetContext { key, values } => {
            format!("context: `{key}` = {}", values.join(", "))
        }
        Change::SetEntryContext {
            request,
            key,
            values,
        } => format!(
            "context of request {}: `{key}` = {}",
            request + 1,
            values.join(", ")
        ),
        Change::ReplaceDocument { target, .. } => format!("edits the policy `{}`", target.policy),
        Change::AddPolicy { name, .. } => format!("adds the policy `{name}`"),
    }
}

/// A suggestion that was applied: the scenario before and after, so that
/// Undo is offered only while nothing else was edited since (compared as
/// typed, not written out as JSON on every keystroke).
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub summary: String,
    pub before: ScenarioText,
    pub after: ScenarioText,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;
    use iamsim::Decision;

    const NOW: Option<i64> = Some(1_700_000_000);

    fn decision(scenario: &ScenarioText) -> Decision {
        crate::evaluation::run(scenario, NOW)
            .result
            .expect("it evaluates")
            .decision
    }

    /// What the page promises: every suggestion it lists flips the
    /// decision once applied, on every example.
    #[test]
    fn every_suggestion_of_every_example_flips_its_decision() {
        let mut seen = 0;
        for example in EXAMPLES {
            let scenario = crate::scenario::open(example.json).unwrap();
            let before = decision(&scenario);
            let shown = suggest(&scenario, NOW);
            if has_checks(&scenario) {
                // Checked by the next test: a check's suggestion makes it pass.
                continue;
            }
            for Shown { suggestion, .. } in shown {
                let changed = applied(&scenario, &suggestion).expect("it applies");
                let after = decision(&changed);
                assert_ne!(
                    after == Decision::Allowed,
                    before == Decision::Allowed,
                    "{}: {}",
                    example.id,
                    suggestion.summary
                );
                assert_eq!(after, suggestion.decision);
                seen += 1;
            }
        }
        assert!(seen > EXAMPLES.len(), "only {seen} suggestions");
    }

    /// In a scenario with checks (the exercises among the examples), every
    /// suggestion makes the check it names pass, and none is offered for a
    /// check that passes already.
    #[test]
    fn in_an_exercise_each_suggestion_makes_its_failing_check_pass() {
        let passing = |scenario: &ScenarioText| -> Vec<(String, bool)> {
            let checks = crate::checks::run(&scenario.load("scenario").unwrap(), NOW);
            checks
                .rows
                .iter()
                .map(|c| (c.name.clone(), c.passed == Some(true)))
                .collect()
        };
        let mut seen = 0;
        for example in EXAMPLES {
            let scenario = crate::scenario::open(example.json).unwrap();
            if !has_checks(&scenario) {
                continue;
            }
            let before = passing(&scenario);
            for Shown { check, suggestion } in suggest(&scenario, NOW) {
                let name = check.unwrap_or_else(|| iamsim::exercise::OWN_REQUEST.to_string());
                assert!(
                    before.contains(&(name.clone(), false)),
                    "{}: {name} fails",
                    example.id
                );
                let after = passing(&applied(&scenario, &suggestion).expect("it applies"));
                assert!(
                    after.contains(&(name.clone(), true)),
                    "{}: {name}: {}",
                    example.id,
                    suggestion.summary
                );
                seen += 1;
            }
        }
        assert!(
            seen >= 2,
            "only {seen} suggestions for the exercises' checks"
        );
    }

    #[test]
    fn a_draft_gets_no_suggestion() {
        let mut scenario = crate::scenario::open(EXAMPLES[0].json).unwrap();
        scenario.identity_policies[0].document =
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:", "Resource": "*"}]}"#.into();
        assert!(crate::evaluation::run(&scenario, NOW).result.unwrap().draft);
        assert!(suggest(&scenario, NOW).is_empty());
    }

    #[test]
    fn a_suggestion_for_a_renamed_policy_no_longer_applies() {
        let scenario = crate::scenario::open(EXAMPLES[0].json).unwrap();
        let suggestion = suggest(&scenario, NOW)
            .into_iter()
            .map(|s| s.suggestion)
            .find(|s| matches!(s.changes[..], [Change::ReplaceDocument { .. }]))
            .expect("an edit of a policy");
        let mut renamed = scenario.clone();
        for policy in &mut renamed.identity_policies {
            policy.name.push_str("-renamed");
        }
        renamed.resource_policy = None;
        assert!(applied(&renamed, &suggestion).is_none());
    }

    #[test]
    fn changes_are_labelled_by_what_they_touch() {
        let set = Change::SetContext {
            key: "aws:MultiFactorAuthPresent".into(),
            values: vec!["true".into()],
        };
        assert_eq!(
            change_label(&set),
            "context: `aws:MultiFactorAuthPresent` = true"
        );
        let add = Change::AddPolicy {
            policy_type: iamsim::PolicyType::Identity,
            name: "allow-it".into(),
            document: String::new(),
        };
        assert_eq!(change_label(&add), "adds the policy `allow-it`");
    }
}
