//! What every API call returns, as plain JS objects: the core's [`Outcome`]
//! (a result, a check report, or `{ type: "failure", errors }`), whose
//! `type` tag TypeScript narrows on; `types.rs` declares the same shapes.

use iamsim::diagnostic::DiagnosticId;
pub use iamsim::outcome::Outcome;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serializes to plain objects and arrays (no `Map`s, no `BigInt`s), so that
/// results print, compare and `JSON.stringify` like the CLI's JSON.
pub fn to_js(value: &impl Serialize) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or_else(|error| {
        // Only strings and numbers below: this cannot fail in turn.
        let failure = Outcome::bad_argument(
            DiagnosticId::InternalError,
            format!("the result could not be converted to JavaScript: {error}"),
            Some("this is a bug in iamsim: please report it with the scenario"),
        );
        failure.serialize(&serializer).unwrap_or(JsValue::UNDEFINED)
    })
}
