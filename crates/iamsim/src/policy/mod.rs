//! The policy model: what a policy document says, with the span of every
//! statement, element and value, and its parser ([`parse`]).

mod model;
pub mod parse;

pub use model::*;
pub use parse::{parse_policy, parse_policy_value};
