//! A scenario's checks: its requests and the decisions their author expects
//! (`expect` and `requests` in `docs/scenario.md`). `iamsim test`, the
//! JavaScript API, the page's table and the conformance tests all run them
//! here, so that "pass" means one thing everywhere.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::eval::{evaluate_request, EvalOptions};
use crate::json::JsonWriter;
use crate::kinds::Decision;
use crate::scenario::{Expectation, Request, Scenario};
use crate::trace::EvalResult;

/// The name of the scenario's own request among its checks.
pub const OWN_REQUEST: &str = "request";

/// One request to check, and what is expected of it.
#[derive(Debug, Clone, Copy)]
pub struct Check<'s> {
    pub name: &'s str,
    /// Its index in `requests`; `None` for the scenario's own request.
    pub entry: Option<usize>,
    pub request: &'s Request,
    pub expect: Option<&'s Expectation>,
}

/// The requests a scenario asks to check, in order: its own `request` when
/// it has an `expect` or there are no `requests` (an exercise's own request
/// is often only where its checks take their defaults from), then every
/// entry of `requests`.
pub fn checks(scenario: &Scenario) -> Vec<Check<'_>> {
    let own = (scenario.expect.is_some() || scenario.requests.is_empty()).then_some(Check {
        name: OWN_REQUEST,
        entry: None,
        request: &scenario.request,
        expect: scenario.expect.as_ref(),
    });
    own.into_iter()
        .chain(scenario.requests.iter().enumerate().map(|(i, r)| Check {
            name: &r.name,
            entry: Some(i),
            request: &r.request,
            expect: r.expect.as_ref(),
        }))
        .collect()
}

/// A check, evaluated.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    pub name: String,
    /// The decision expected, when the check names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Decision>,
    /// `None` when nothing is expected: the check only shows a decision.
    pub passed: Option<bool>,
    /// How the result differs from the expectation, one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<String>,
    pub result: EvalResult,
}

/// How many checks passed, failed, or expected nothing.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub unchecked: usize,
}

impl Counts {
    pub fn of<'c>(checks: impl IntoIterator<Item = &'c CheckResult>) -> Counts {
        let mut counts = Counts::default();
        for check in checks {
            *match check.passed {
                Some(true) => &mut counts.passed,
                Some(false) => &mut counts.failed,
                None => &mut counts.unchecked,
            } += 1;
        }
        counts
    }

    pub fn total(self) -> usize {
        self.passed + self.failed + self.unchecked
    }
}

/// How far a learner is in an exercise: of the checks that expect a
/// decision, how many pass; done when every one does (and there is one).
/// The page shows it, and an exercise embed sends it to its host page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub passed: usize,
    pub total: usize,
    pub done: bool,
}

impl Progress {
    /// The progress of `scenario` whose checks gave `checks`. A draft with
    /// errors is never done: AWS would refuse to save the learner's policy.
    pub fn of(scenario: &Scenario, checks: &[CheckResult]) -> Progress {
        let counts = Counts::of(checks);
        let total = counts.passed + counts.failed;
        Progress {
            passed: counts.passed,
            total,
            done: total > 0 && counts.failed == 0 && scenario.draft_errors.is_empty(),
        }
    }

    /// The message an exercise embed posts to its host page
    /// (`docs/embedding.md`): `{"type":"iamsim:exercise","passed":N,"total":N,"done":B}`.
    /// Written here, without serde, so that the page (which links no serde
    /// code) and the documentation's words are one.
    pub fn message(&self) -> String {
        let mut w = JsonWriter::default();
        w.open('{');
        w.field("type", PROGRESS_MESSAGE);
        w.number_field("passed", self.passed);
        w.number_field("total", self.total);
        w.raw_field("done", if self.done { "true" } else { "false" });
        w.close('}');
        w.out
    }
}

/// The `type` of [`Progress::message`].
const PROGRESS_MESSAGE: &str = "iamsim:exercise";

/// Evaluates every check of `scenario`.
pub fn run(scenario: &Scenario, options: &EvalOptions) -> Vec<CheckResult> {
    checks(scenario)
        .into_iter()
        .map(|check| {
            let result = evaluate_request(scenario, check.request, options);
            let mismatches = check
                .expect
                .map(|e| mismatches(e, &result))
                .unwrap_or_default();
            CheckResult {
                name: check.name.to_owned(),
                expected: check.expect.map(|e| e.decision),
                passed: check.expect.map(|_| mismatches.is_empty()),
                mismatches,
                result,
            }
        })
        .collect()
}

/// How `result` differs from `expect`: the decision, and when the
/// expectation lists them, exactly the statements that decided.
pub fn mismatches(expect: &Expectation, result: &EvalResult) -> Vec<String> {
    let mut problems = Vec::new();
    if result.decision != expect.decision {
        problems.push(format!(
            "decision: expected {}, got {} ({})",
            expect.decision.as_str(),
            result.decision.as_str(),
            result.reason
        ));
    }
    if let Some(expected) = &expect.matched_statements {
        let expected: BTreeSet<(&str, usize)> =
            expected.iter().map(|(p, i)| (p.as_str(), *i)).collect();
        let actual: BTreeSet<(&str, usize)> = result
            .matched_statements
            .iter()
            .map(|m| (m.policy.as_str(), m.statement_index))
            .collect();
        if expected != actual {
            problems.push(format!(
                "matchedStatements: expected {}, got {}",
                statement_list(&expected),
                statement_list(&actual)
            ));
        }
    }
    problems
}

fn statement_list(set: &BTreeSet<(&str, usize)>) -> String {
    let items: Vec<String> = set.iter().map(|(p, i)| format!("{p}#{i}")).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests;
