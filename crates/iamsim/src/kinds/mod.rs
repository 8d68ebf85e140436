//! The core's ground floor: small vocabularies that every other module uses
//! (the policy model, the parser, the evaluator, the trace) and that depend on
//! nothing else in the crate. One file per vocabulary.

pub mod operator;
