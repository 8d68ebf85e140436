//! JSON with byte spans for every value and key, and the checks serde skips:
//! duplicate keys (AWS rejects them), nesting depth, size.
//! STUB: owned by the parser work; signatures are the contract.

use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    String(String),
    Array(Vec<JsonNode>),
    /// Members in document order (duplicates are reported, the first is kept).
    Object(Vec<(Spanned<String>, JsonNode)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonNode {
    pub value: JsonValue,
    pub span: Span,
}

/// Parses `text`. `Err` when it is not JSON (with every diagnostic found);
/// `Ok` may still carry diagnostics such as duplicate keys.
pub fn parse(text: &str) -> Result<(JsonNode, Vec<Diagnostic>), Vec<Diagnostic>> {
    let _ = text;
    Err(vec![])
}
