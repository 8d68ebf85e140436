//! What a front end answers, tagged by `type` so that a reader (TypeScript,
//! a script reading the CLI's JSON) tells the shapes apart: a result, a
//! policy check, or a failure with every error. The JavaScript API returns
//! all three; `iamsim --format json` prints `check` and `failure` (its
//! results are the bare result contract of `docs/scenario.md`).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, DiagnosticId, DiagnosticReport, LoadError};
use crate::kinds::Severity;
use crate::{EvalResult, Scenario, Source};

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Outcome {
    /// One evaluation: the result contract, plus the scenario's non-fatal
    /// warnings.
    Result {
        #[serde(flatten)]
        result: Box<EvalResult>,
        warnings: Vec<DiagnosticReport>,
    },
    /// Every diagnostic of one policy text; `valid` when none is an error.
    Check {
        valid: bool,
        diagnostics: Vec<DiagnosticReport>,
    },
    /// The input could not be evaluated: every error found.
    Failure { errors: Vec<DiagnosticReport> },
}

impl Outcome {
    pub fn result(result: EvalResult, scenario: &Scenario) -> Outcome {
        let warnings = scenario
            .warnings
            .iter()
            .map(|d| d.report(&scenario.sources))
            .collect();
        Outcome::Result {
            result: Box::new(result),
            warnings,
        }
    }

    /// `diagnostics` of a policy whose spans point into `sources`.
    pub fn check(diagnostics: &[Diagnostic], sources: &[Source]) -> Outcome {
        Outcome::Check {
            valid: !diagnostics.iter().any(Diagnostic::is_error),
            diagnostics: diagnostics.iter().map(|d| d.report(sources)).collect(),
        }
    }

    pub fn load_failure(error: &LoadError) -> Outcome {
        Outcome::Failure {
            errors: error.reports(),
        }
    }

    /// A failure about the call itself (a wrong argument, a file that cannot
    /// be read), which has no position in any text: line and column 1.
    pub fn bad_argument(id: DiagnosticId, message: String, help: Option<&str>) -> Outcome {
        crate::diagnostic::registry::debug_check(id, Severity::Error);
        Outcome::Failure {
            errors: vec![DiagnosticReport {
                id: id.as_str(),
                severity: Severity::Error,
                message,
                help: help.map(str::to_owned),
                location: String::new(),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                start: 0,
                end: 0,
            }],
        }
    }
}
