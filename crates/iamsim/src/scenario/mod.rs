//! A scenario: the request and every policy in effect (see
//! `shared/spec/scenario.md`), loaded from its JSON text by [`load`].

mod context;
pub mod field;
mod load;
mod model;
mod text;

pub use context::{Context, ContextLookup, ContextValue};
pub use load::{load_scenario, load_scenarios, load_scenarios_bytes, ScenarioFile};
pub use model::*;
pub use text::{
    doc_refs, expected_decision, ContextEntry, LevelText, PolicyText, RequestText, ScenarioText,
    TextError,
};
