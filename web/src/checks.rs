//! The requests table's rows: a scenario's checks (its `requests`, and its
//! own request when it has an `expect`), evaluated by the core's
//! `iamsim::exercise`, so that a check passes on the page exactly when it
//! passes in `iamsim test`; and the progress the table and an exercise show.

use std::sync::Arc;

use iamsim::exercise::{self, Progress};
use iamsim::{Decision, EvalOptions, EvalResult, Scenario};

/// One check, evaluated.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub expected: Option<Decision>,
    /// `None` when the check expects nothing: it only shows a decision.
    pub passed: Option<bool>,
    /// How the result differs from the expectation, one sentence each.
    pub mismatches: Vec<String>,
    /// Shared with the row's trace, not copied.
    pub result: Arc<EvalResult>,
}

/// A scenario's checks, evaluated, and how far they are.
#[derive(Debug, Clone)]
pub struct Checks {
    pub rows: Vec<Row>,
    pub progress: Progress,
}

/// The checks of `scenario`, evaluated at `now_epoch_seconds`.
pub fn run(scenario: &Scenario, now_epoch_seconds: Option<i64>) -> Checks {
    let results = exercise::run(scenario, &EvalOptions { now_epoch_seconds });
    let progress = Progress::of(scenario, &results);
    let rows = results
        .into_iter()
        .map(|c| Row {
            name: c.name,
            expected: c.expected,
            passed: c.passed,
            mismatches: c.mismatches,
            result: Arc::new(c.result),
        })
        .collect();
    Checks { rows, progress }
}

/// While an edit cannot be evaluated: the last rows stay on view (so the
/// table does not jump while the learner types), but nothing is checked,
/// as docs/embedding.md says of the completion message: 0 pass.
pub fn unevaluated(previous: Option<&Checks>) -> Checks {
    let rows = previous.map(|c| c.rows.clone()).unwrap_or_default();
    let total = rows.iter().filter(|r| r.passed.is_some()).count();
    Checks {
        rows,
        progress: Progress {
            passed: 0,
            total,
            done: false,
        },
    }
}

/// `3 of 5 checks pass`.
pub fn progress_text(progress: Progress) -> String {
    match progress.total {
        1 => format!("{} of 1 check passes", progress.passed),
        total => format!("{} of {total} checks pass", progress.passed),
    }
}

/// The pass/fail cell: its text and the word its class and test id carry.
pub fn verdict(passed: Option<bool>) -> (&'static str, &'static str) {
    match passed {
        Some(true) => ("✓ pass", "pass"),
        Some(false) => ("✗ fail", "fail"),
        None => ("not checked", "none"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::scenario::LoadOptions;

    /// docs/scenario.md's example of `requests`, with a policy that lets
    /// alice read only her own photos.
    const SCENARIO: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::photos/alice/cat.png"},
  "requests": [
    {"name": "reads her own photos", "expect": {"decision": "allowed"}},
    {"name": "cannot read bob's", "resource": "arn:aws:s3:::photos/bob/dog.png", "expect": {"decision": "implicitDeny"}},
    {"name": "lists the bucket", "action": "s3:ListBucket", "resource": "arn:aws:s3:::photos"}
  ],
  "identityPolicies": [{"name": "photos", "document": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}]}"}]
}"#;

    fn checks_of(json: &str) -> Checks {
        let text = crate::scenario::open(json).unwrap();
        let scenario = text
            .load_with("scenario", LoadOptions { draft: true })
            .unwrap();
        run(&scenario, Some(1_700_000_000))
    }

    #[test]
    fn each_request_is_a_row_with_its_decision_and_verdict() {
        let Checks { rows, progress } = checks_of(SCENARIO);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "reads her own photos",
                "cannot read bob's",
                "lists the bucket"
            ]
        );
        assert_eq!(rows[0].result.decision, Decision::Allowed);
        assert_eq!(rows[0].passed, Some(true));
        // The policy allows every photo: bob's too, which the check forbids.
        assert_eq!(rows[1].result.decision, Decision::Allowed);
        assert_eq!(rows[1].passed, Some(false));
        assert!(rows[1].mismatches[0].starts_with("decision: expected implicitDeny, got allowed"));
        assert_eq!((rows[2].passed, rows[2].expected), (None, None));
        assert_eq!(verdict(rows[1].passed), ("✗ fail", "fail"));

        assert_eq!(progress_text(progress), "1 of 2 checks pass");
        assert!(!progress.done);
    }

    #[test]
    fn fixing_the_policy_makes_every_check_pass() {
        let fixed = SCENARIO.replace("photos/*", "photos/alice/*");
        let progress = checks_of(&fixed).progress;
        assert_eq!(progress_text(progress), "2 of 2 checks pass");
        assert!(progress.done);
        let one = Progress {
            passed: 1,
            total: 1,
            done: true,
        };
        assert_eq!(progress_text(one), "1 of 1 check passes");
    }

    #[test]
    fn an_edit_that_cannot_be_evaluated_keeps_the_rows_and_checks_nothing() {
        let fixed = SCENARIO.replace("photos/*", "photos/alice/*");
        let broken = unevaluated(Some(&checks_of(&fixed)));
        assert_eq!(broken.rows.len(), 3);
        assert_eq!(progress_text(broken.progress), "0 of 2 checks pass");
        assert!(!broken.progress.done);
        assert_eq!(unevaluated(None).progress.total, 0);
    }
}
