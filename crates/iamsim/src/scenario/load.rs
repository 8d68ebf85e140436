//! Scenario JSON text to [`Scenario`]s (format: `docs/scenario.md`).
//!
//! A file of many scenarios is parsed once; every scenario shares the file's
//! [`Source`] (its text is reference-counted, never copied). A policy document
//! given as an object is parsed where it stands, so its spans point into the
//! file; one given as a string becomes a source of its own.

mod fields;

use super::{LoadOptions, Scenario};
use crate::diagnostic::DiagnosticId;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::json::{self, JsonValue, Node};
use crate::source::{Source, Span};

/// Loads one scenario. `file_name` names the text in diagnostics.
pub fn load_scenario(text: &str, file_name: &str) -> Result<Scenario, LoadError> {
    load_scenario_with(text, file_name, LoadOptions::default())
}

/// [`load_scenario`], in a draft if `options` ask for one.
pub fn load_scenario_with(
    text: &str,
    file_name: &str,
    options: LoadOptions,
) -> Result<Scenario, LoadError> {
    load_scenario_source(Source::new(file_name, text), options)
}

/// Loads the one scenario of `source` (which may be cut from a bigger
/// file, such as a stream of scenarios read one at a time).
pub fn load_scenario_source(source: Source, options: LoadOptions) -> Result<Scenario, LoadError> {
    let fail = |diagnostics| LoadError {
        sources: vec![source.clone()],
        diagnostics,
    };
    let (node, json_errors) =
        json::parse_borrowed(&source.text, json::SCENARIO_FILE_LIMITS).map_err(fail)?;
    if let JsonValue::Array(_) = node.value {
        let error = Diagnostic::error(
            DiagnosticId::WrongType,
            "expected one scenario, found an array",
            node.span,
        )
        .with_help("this reads one scenario object; load the file as a list of scenarios instead");
        return Err(fail(vec![error]));
    }
    let mut loading = Loading::new(&source, options);
    loading.add(&node, json_errors);
    loading.finish()?.pop().ok_or_else(|| fail(Vec::new()))
}

/// Loads the scenario in a tree that has no text of its own (a typed
/// [`ScenarioText`](super::ScenarioText)'s): `sources[0]` is named
/// `file_name` and empty.
pub(super) fn load_tree(
    node: &Node<'_>,
    json_errors: Vec<Diagnostic>,
    file_name: &str,
    options: LoadOptions,
) -> Result<Scenario, LoadError> {
    let source = Source::new(file_name, "");
    let mut loading = Loading::new(&source, options);
    loading.add(node, json_errors);
    loading.finish()?.pop().ok_or_else(|| LoadError {
        sources: vec![source.clone()],
        diagnostics: Vec::new(),
    })
}

/// Loads a scenario or a JSON array of scenarios. Every bad scenario's
/// diagnostics are reported. The array is read one scenario at a time, so
/// that a file of 30,000 is never held as one JSON tree.
pub fn load_scenarios(text: &str, file_name: &str) -> Result<Vec<Scenario>, LoadError> {
    load_scenarios_with(text, file_name, LoadOptions::default())
}

/// [`load_scenarios`], in a draft if `options` ask for one.
pub fn load_scenarios_with(
    text: &str,
    file_name: &str,
    options: LoadOptions,
) -> Result<Vec<Scenario>, LoadError> {
    let source = Source::new(file_name, text);
    let mut loading = Loading::new(&source, options);
    let parsed = json::parse_items(
        &source.text,
        json::SCENARIO_FILE_LIMITS,
        |item, json_errors| loading.add(&item, json_errors),
    );
    match parsed {
        Ok(()) => loading.finish(),
        // Broken JSON: its error alone, not the scenarios read before it.
        Err(diagnostics) => Err(LoadError {
            sources: vec![source.clone()],
            diagnostics,
        }),
    }
}

/// A file of scenarios split into its scenarios, each then loaded on its
/// own, on any thread, by [`ScenarioFile::load`]: the fast way through a big
/// file, which never holds every scenario at once. It serves valid files
/// only; for a file that does not split, [`load_scenarios`] reports every
/// problem, and for a scenario that does not load, [`ScenarioFile::problems`].
pub struct ScenarioFile {
    source: Source,
    /// Each scenario's text: the elements of the top-level array, or the
    /// one value of a file that is not an array.
    items: Vec<Span>,
    /// Whether the file held an array (a JSON answer is then an array too).
    pub is_array: bool,
}

impl ScenarioFile {
    /// Splits `text`; `None` when it is not JSON whose scenarios can be told apart.
    pub fn split(text: &str, file_name: &str) -> Option<ScenarioFile> {
        if text.len() > json::SCENARIO_FILE_LIMITS.max_bytes {
            return None;
        }
        let (items, is_array) = match json::array_item_spans(text) {
            Some(items) => (items, true),
            // One scenario: the file's text, which the reader checks whole.
            None if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{') =>
            {
                (vec![Span::new(0, text.len())], false)
            }
            None => return None,
        };
        Some(ScenarioFile {
            source: Source::new(file_name, text),
            items,
            is_array,
        })
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every problem of the file, as [`load_scenarios`] reports them: for
    /// when a scenario did not [`load`](ScenarioFile::load).
    pub fn problems(&self) -> LoadError {
        load_scenarios(&self.source.text, &self.source.name)
            .err()
            .unwrap_or_else(|| LoadError {
                sources: vec![self.source.clone()],
                diagnostics: Vec::new(),
            })
    }

    /// Scenario `index`; `None` when it is missing or not a valid scenario.
    pub fn load(&self, index: usize) -> Option<Scenario> {
        let span = *self.items.get(index)?;
        let (node, json_errors) = if self.is_array {
            json::parse_item(&self.source.text, span, json::SCENARIO_FILE_LIMITS).ok()?
        } else {
            json::parse_borrowed(&self.source.text, json::SCENARIO_FILE_LIMITS).ok()?
        };
        fields::scenario(&node, &self.source, json_errors, LoadOptions::default()).ok()
    }
}

/// The scenarios of one file read so far, and the errors of the bad ones.
struct Loading<'s> {
    source: &'s Source,
    options: LoadOptions,
    scenarios: Vec<Scenario>,
    error: LoadError,
}

impl<'s> Loading<'s> {
    fn new(source: &'s Source, options: LoadOptions) -> Loading<'s> {
        let error = LoadError {
            sources: vec![source.clone()],
            diagnostics: Vec::new(),
        };
        Loading {
            source,
            options,
            scenarios: Vec::new(),
            error,
        }
    }

    /// Reads the scenario in `node`; `json_errors` are the errors found in its JSON.
    fn add(&mut self, node: &Node<'_>, json_errors: Vec<Diagnostic>) {
        match fields::scenario(node, self.source, json_errors, self.options) {
            Ok(scenario) => self.scenarios.push(scenario),
            Err(failed) => failed.append_to(&mut self.error),
        }
    }

    /// Any error fails the whole file, with every error.
    fn finish(mut self) -> Result<Vec<Scenario>, LoadError> {
        if self.error.diagnostics.is_empty() {
            return Ok(self.scenarios);
        }
        self.error
            .diagnostics
            .sort_by_key(|d| (d.source, d.span.start));
        Err(self.error)
    }
}

/// [`load_scenarios`] for raw file contents: text that is not UTF-8 is an
/// `invalid-utf8` error at the first bad byte.
pub fn load_scenarios_bytes(bytes: &[u8], file_name: &str) -> Result<Vec<Scenario>, LoadError> {
    load_scenarios_bytes_with(bytes, file_name, LoadOptions::default())
}

/// [`load_scenarios_bytes`], in a draft if `options` ask for one.
pub fn load_scenarios_bytes_with(
    bytes: &[u8],
    file_name: &str,
    options: LoadOptions,
) -> Result<Vec<Scenario>, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_scenarios_with(text, file_name, options),
        Err(err) => {
            let offset = err.valid_up_to();
            // Show the text up to the bad byte, so that line and column are right.
            let valid = bytes
                .get(..offset)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default();
            let diagnostic = Diagnostic::error(
                DiagnosticId::InvalidUtf8,
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

#[cfg(test)]
mod tests;
