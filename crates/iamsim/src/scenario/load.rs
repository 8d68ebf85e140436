//! Scenario JSON text to [`Scenario`]s. STUB: owned by the parser work.

use super::Scenario;
use crate::diagnostic::LoadError;

/// Loads one scenario. `file_name` names the text in diagnostics.
pub fn load_scenario(text: &str, file_name: &str) -> Result<Scenario, LoadError> {
    let _ = (text, file_name);
    Err(LoadError { sources: vec![], diagnostics: vec![] })
}

/// Loads a scenario or a JSON array of scenarios.
pub fn load_scenarios(text: &str, file_name: &str) -> Result<Vec<Scenario>, LoadError> {
    load_scenario(text, file_name).map(|s| vec![s])
}
