//! Scenario JSON text to [`Scenario`]s (format: `shared/spec/scenario.md`,
//! extensions: `docs/scenario-extensions.md`).
//!
//! A file of many scenarios is parsed once; every scenario shares the file's
//! [`Source`] (its text is reference-counted, never copied). A policy document
//! given as an object is parsed where it stands, so its spans point into the
//! file; one given as a string becomes a source of its own.

mod fields;

use super::Scenario;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::json::{self, JsonNode, JsonValue};
use crate::source::{Source, Span};

/// Loads one scenario. `file_name` names the text in diagnostics.
pub fn load_scenario(text: &str, file_name: &str) -> Result<Scenario, LoadError> {
    let source = Source::new(file_name, text);
    let (node, json_errors) = parse_file(&source)?;
    if let JsonValue::Array(_) = node.value {
        let error = Diagnostic::error(
            "wrong-type",
            "expected one scenario, found an array",
            node.span,
        )
        .with_help("this reads one scenario object; load the file as a list of scenarios instead");
        return Err(LoadError {
            sources: vec![source],
            diagnostics: vec![error],
        });
    }
    let mut scenarios = load_items(&source, std::slice::from_ref(&node), json_errors)?;
    scenarios.pop().ok_or(LoadError {
        sources: vec![source],
        diagnostics: Vec::new(),
    })
}

/// Loads a scenario or a JSON array of scenarios. Every bad scenario's
/// diagnostics are reported.
pub fn load_scenarios(text: &str, file_name: &str) -> Result<Vec<Scenario>, LoadError> {
    let source = Source::new(file_name, text);
    let (node, json_errors) = parse_file(&source)?;
    let items = match &node.value {
        JsonValue::Array(items) => items.as_slice(),
        _ => std::slice::from_ref(&node),
    };
    load_items(&source, items, json_errors)
}

/// Reads each scenario of the file; any error fails the whole file, with every error.
fn load_items(
    source: &Source,
    items: &[JsonNode],
    json_errors: Vec<Diagnostic>,
) -> Result<Vec<Scenario>, LoadError> {
    let mut scenarios = Vec::with_capacity(items.len());
    let mut error = LoadError {
        sources: vec![source.clone()],
        diagnostics: json_errors,
    };
    for item in items {
        match fields::scenario(item, source) {
            Ok(scenario) => scenarios.push(scenario),
            Err(failed) => failed.append_to(&mut error),
        }
    }
    if error.diagnostics.is_empty() {
        return Ok(scenarios);
    }
    error.diagnostics.sort_by_key(|d| (d.source, d.span.start));
    Err(error)
}

/// [`load_scenarios`] for raw file contents: text that is not UTF-8 is an
/// `invalid-utf8` error at the first bad byte.
pub fn load_scenarios_bytes(bytes: &[u8], file_name: &str) -> Result<Vec<Scenario>, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_scenarios(text, file_name),
        Err(err) => {
            let offset = err.valid_up_to();
            // Show the text up to the bad byte, so that line and column are right.
            let valid = bytes
                .get(..offset)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default();
            let diagnostic = Diagnostic::error(
                "invalid-utf8",
                format!("the file is not UTF-8: invalid byte at offset {offset}"),
                // The source shown is the valid prefix: the span sits at its end.
                Span::empty_at(offset),
            )
            .with_help("save the file as UTF-8 (JSON text is UTF-8)");
            Err(LoadError {
                sources: vec![Source::new(file_name, valid)],
                diagnostics: vec![diagnostic],
            })
        }
    }
}

/// The file's JSON and the errors found in it that do not stop reading
/// (duplicate keys); bad syntax ends the load.
fn parse_file(source: &Source) -> Result<(JsonNode, Vec<Diagnostic>), LoadError> {
    json::parse_with_limits(&source.text, json::SCENARIO_FILE_LIMITS).map_err(|diagnostics| {
        LoadError {
            sources: vec![source.clone()],
            diagnostics,
        }
    })
}

#[cfg(test)]
mod tests;
