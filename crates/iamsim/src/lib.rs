//! iamsim: AWS IAM policy evaluation with a step-by-step trace.
//!
//! Text goes in (a scenario: policies and a request, see `docs/scenario.md`),
//! a decision, a trace and diagnostics come out. No I/O: the caller supplies the
//! text and, through [`EvalOptions`], the current time.
//!
//! Pipeline: [`json`] (JSON with byte spans) -> [`policy`] (the policy model, with
//! spans) and [`scenario`] (the request and the policies in effect) -> [`eval`]
//! (AWS's evaluation logic, using [`matching`], [`condition`] and [`variables`])
//! -> [`trace`] (the result: decision, matched statements, trace). The
//! flowchart returns [`reason`]s as data; [`wording`] writes them as sentences.

pub mod caller;
pub mod compare;
pub mod condition;
pub mod diagnostic;
pub mod eval;
pub mod exercise;
pub mod html;
pub mod json;
pub mod kinds;
pub mod limits;
pub mod matching;
pub mod outcome;
pub mod policy;
pub mod principal;
pub mod reason;
pub mod scenario;
pub mod share;
pub mod source;
pub mod trace;
pub mod variables;
pub mod whatif;
pub mod wording;

pub use diagnostic::Diagnostic;
pub use eval::{evaluate, evaluate_request, EvalOptions};
pub use kinds::{Decision, Effect, PolicyType, Severity};
pub use scenario::{load_scenario, load_scenarios, Scenario, ScenarioFile};
pub use source::{Source, Span};
pub use trace::EvalResult;
