//! A scenario: the request and every policy in effect (see
//! `docs/scenario.md`), loaded from its JSON text by [`load`].

mod context;
pub mod field;
mod load;
mod model;
mod text;

pub use context::{Context, ContextLookup, ContextValue};
pub use load::{
    load_scenario, load_scenario_source, load_scenario_with, load_scenarios, load_scenarios_bytes,
    load_scenarios_bytes_with, load_scenarios_with, ScenarioFile,
};
pub use model::*;
pub use text::{
    context_json, doc_refs, entry_context, exercise_of, expected_decision, ContextEntry, LevelText,
    PolicyText, RequestText, ScenarioText, TextError,
};
