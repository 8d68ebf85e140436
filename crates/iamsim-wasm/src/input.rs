//! JS arguments to the text the evaluator reads. The evaluator parses text
//! (so that diagnostics and matched statements carry line and column), so a
//! scenario object is rendered with `JSON.stringify(value, null, 2)` first:
//! positions then point into that rendering.

use iamsim::diagnostic::DiagnosticId;
use wasm_bindgen::JsValue;

use crate::outcome::Outcome;

/// The scenario's JSON text: the string itself, or the object rendered.
pub fn json_text(input: &JsValue, what: &str) -> Result<String, Outcome> {
    if let Some(text) = input.as_string() {
        return Ok(text);
    }
    if !input.is_object() {
        return Err(Outcome::bad_argument(
            DiagnosticId::InvalidArgument,
            format!("expected {what} as an object or as JSON text"),
            Some("pass the scenario object itself, or its JSON text"),
        ));
    }
    let indent = JsValue::from(2);
    js_sys::JSON::stringify_with_replacer_and_space(input, &JsValue::NULL, &indent)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            Outcome::bad_argument(
                DiagnosticId::InvalidArgument,
                format!("{what} cannot be converted to JSON"),
                Some("remove cycles, BigInt values and functions from the object"),
            )
        })
}

/// A string argument, or a failure naming it.
pub fn string(input: &JsValue, what: &str) -> Result<String, Outcome> {
    input.as_string().ok_or_else(|| {
        Outcome::bad_argument(
            DiagnosticId::InvalidArgument,
            format!("expected {what} as a string"),
            Some("pass the text itself"),
        )
    })
}
