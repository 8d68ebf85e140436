//! What every API call returns, as plain JS objects: a result, a check report,
//! or `{ type: "failure", errors }`. Each shape has a `type` tag so that
//! TypeScript narrows on it; `types.rs` declares the same shapes.

use iamsim::diagnostic::{DiagnosticReport, LoadError};
use iamsim::{Diagnostic, EvalResult, Scenario, Severity, Source};
use serde::Serialize;
use wasm_bindgen::JsValue;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Outcome {
    /// One evaluation: the result contract of `shared/spec/scenario.md`, plus
    /// the scenario's non-fatal warnings.
    Result {
        #[serde(flatten)]
        result: Box<EvalResult>,
        warnings: Vec<DiagnosticReport>,
    },
    /// `check`: every diagnostic of one policy text.
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

    pub fn check(diagnostics: &[Diagnostic], source: Source) -> Outcome {
        let sources = [source];
        Outcome::Check {
            valid: !diagnostics.iter().any(Diagnostic::is_error),
            diagnostics: diagnostics.iter().map(|d| d.report(&sources)).collect(),
        }
    }

    pub fn load_failure(error: &LoadError) -> Outcome {
        Outcome::Failure {
            errors: error.reports(),
        }
    }

    /// A failure about the call itself (a wrong argument type, an unknown
    /// policy kind), which has no position in any text.
    pub fn bad_argument(id: &'static str, message: String, help: &str) -> Outcome {
        Outcome::Failure {
            errors: vec![DiagnosticReport {
                id,
                severity: Severity::Error,
                message,
                help: Some(help.to_string()),
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

    pub fn to_js(&self) -> JsValue {
        to_js(self)
    }
}

/// Serializes to plain objects and arrays (no `Map`s, no `BigInt`s), so that
/// results print, compare and `JSON.stringify` like the CLI's JSON.
pub fn to_js(value: &impl Serialize) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or_else(|error| {
        // Only strings and numbers below: this cannot fail in turn.
        let failure = Outcome::bad_argument(
            "internal-error",
            format!("the result could not be converted to JavaScript: {error}"),
            "this is a bug in iamsim: please report it with the scenario",
        );
        failure.serialize(&serializer).unwrap_or(JsValue::UNDEFINED)
    })
}
