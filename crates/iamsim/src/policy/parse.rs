//! Policy document text (or an already-parsed JSON value) to the policy model,
//! reporting every problem found. STUB: owned by the parser work.

use super::PolicyDocument;
use crate::diagnostic::Diagnostic;
use crate::json::JsonNode;

/// Parses a policy from its text. Diagnostics carry `source` and `policy`.
pub fn parse_policy(text: &str, source: usize, policy: Option<&str>) -> (PolicyDocument, Vec<Diagnostic>) {
    let _ = (text, source, policy);
    (PolicyDocument::default(), vec![])
}

/// Parses a policy given as a JSON value inside a larger text (a scenario file).
pub fn parse_policy_value(node: &JsonNode, source: usize, policy: Option<&str>) -> (PolicyDocument, Vec<Diagnostic>) {
    let _ = (node, source, policy);
    (PolicyDocument::default(), vec![])
}
