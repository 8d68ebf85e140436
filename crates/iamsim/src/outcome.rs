//! What a front end answers, tagged by `type` so that a reader (TypeScript,
//! a script reading the CLI's JSON) tells the shapes apart: a result, a
//! policy check, or a failure with every error. The JavaScript API returns
//! all three; `iamsim --format json` prints `check` and `failure` (its
//! results are the bare result contract of `docs/scenario.md`).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, DiagnosticId, DiagnosticReport, LoadError};
use crate::json::JsonWriter;
use crate::kinds::Severity;
use crate::trace::MatchedStatement;
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

/// A matched statement as the result contract's JSON, written without serde:
/// the page keeps serde out of its wasm, and its embed bridge sends this. A
/// test holds it equal to serde's output of the same value.
pub fn write_matched_statement(w: &mut JsonWriter, m: &MatchedStatement) {
    w.separate();
    w.open('{');
    w.field("policyType", m.policy_type.as_str());
    w.field("policy", &m.policy);
    w.number_field("statementIndex", m.statement_index);
    w.opt_str("sid", m.sid.as_deref());
    w.field("effect", m.effect.as_str());
    w.number_field("line", m.line);
    w.number_field("column", m.column);
    w.number_field("endLine", m.end_line);
    w.close('}');
}

/// A diagnostic report as the contract's JSON, without serde (see
/// [`write_matched_statement`]).
pub fn write_report(w: &mut JsonWriter, d: &DiagnosticReport) {
    w.separate();
    w.open('{');
    w.field("id", d.id);
    w.field("severity", d.severity.as_str());
    w.field("message", &d.message);
    w.opt_str("help", d.help.as_deref());
    w.field("location", &d.location);
    w.number_field("line", d.line);
    w.number_field("column", d.column);
    w.number_field("endLine", d.end_line);
    w.number_field("endColumn", d.end_column);
    w.number_field("start", d.start);
    w.number_field("end", d.end);
    w.close('}');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod writer_tests {
    use super::*;
    use crate::kinds::{Effect, PolicyType};

    fn written<T>(value: &T, write: fn(&mut JsonWriter, &T)) -> serde_json::Value {
        let mut w = JsonWriter::default();
        write(&mut w, value);
        serde_json::from_str(&w.out).unwrap()
    }

    #[test]
    fn matched_statements_are_written_as_serde_writes_them() {
        for sid in [None, Some("S\"1\n\u{1}é".to_owned())] {
            let m = MatchedStatement {
                policy_type: PolicyType::PermissionsBoundary,
                policy: "p\"\t".into(),
                statement_index: 3,
                sid,
                effect: Effect::Deny,
                line: 4,
                column: 5,
                end_line: 9,
            };
            assert_eq!(
                written(&m, write_matched_statement),
                serde_json::to_value(&m).unwrap()
            );
        }
    }

    #[test]
    fn reports_are_written_as_serde_writes_them() {
        for help in [None, Some("try `x`\n".to_owned())] {
            let d = DiagnosticReport {
                id: "invalid-json",
                severity: Severity::SecurityWarning,
                message: "m \\ \u{1}".into(),
                help,
                location: "policy \"a\"".into(),
                line: 1,
                column: 2,
                end_line: 3,
                end_column: 4,
                start: 5,
                end: 6,
            };
            assert_eq!(written(&d, write_report), serde_json::to_value(&d).unwrap());
        }
    }
}
