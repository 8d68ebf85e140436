//! The iamsim JavaScript API: the evaluator behind four functions, with the
//! same contract as the CLI (`docs/scenario.md`).
//!
//! - `evaluate(scenario, options?)`: a scenario object or its JSON text ->
//!   `{ type: "result", decision, reason, matchedStatements, missingContextKeys, trace, ... }`;
//!   `{ draft: true }` evaluates policies AWS would refuse, the way they read
//! - `evaluateMany(scenarios)`: an array (or its JSON text) -> one outcome each
//! - `check(policyText, kind)`: `{ type: "check", valid, diagnostics }`
//! - `version()`: the crate version
//!
//! Bad input returns `{ type: "failure", errors }` (diagnostic reports with
//! line, column and byte offsets), never throws and never traps. Results are
//! plain objects (`json_compatible`), so they equal the CLI's JSON output.
//! The TypeScript declarations live in [`types`] and are checked against real
//! results by `tests/node/api.test.mjs`. Built by `scripts/build-api.sh`.

mod input;
mod outcome;
mod types;

use iamsim::scenario::LoadOptions;
use iamsim::PolicyType;
use iamsim::{EvalOptions, Scenario, Source};
use wasm_bindgen::prelude::*;

use crate::outcome::Outcome;

/// The name diagnostics give to the text they point into.
const SCENARIO_NAME: &str = "scenario";
const POLICY_NAME: &str = "policy";

/// Evaluates one scenario (an object, or its JSON text) as AWS would: the
/// result of `iamsim eval --format json`, or `{ type: "failure", errors }`.
/// An object is read as `JSON.stringify(scenario, null, 2)`: positions point
/// into that text, or into a policy `document` given as a string. With
/// `options.draft`, policies AWS would refuse are evaluated the way they
/// read, and the result says `draft: true` with their `errors`.
#[wasm_bindgen(unchecked_return_type = "EvalResult | Failure")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    options: Option<EvaluateOptions>,
) -> JsValue {
    let draft = options
        .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("draft")).ok())
        .and_then(|d| d.as_bool())
        .unwrap_or(false);
    outcome::to_js(&evaluate_one(&scenario, LoadOptions { draft }))
}

#[wasm_bindgen]
extern "C" {
    /// `evaluate`'s second argument, declared in [`types`].
    #[wasm_bindgen(typescript_type = "EvaluateOptions")]
    pub type EvaluateOptions;
}

/// Evaluates an array of scenarios, one outcome each, in order. Given as
/// JSON text, the array is loaded as a whole: any error fails all of it.
#[wasm_bindgen(js_name = evaluateMany, unchecked_return_type = "Array<EvalResult | Failure> | Failure")]
pub fn evaluate_many(
    #[wasm_bindgen(unchecked_param_type = "Array<Scenario | string> | string")] scenarios: JsValue,
) -> JsValue {
    if let Some(text) = scenarios.as_string() {
        // Loaded as one text, so that every error points into it.
        return match iamsim::load_scenarios(&text, SCENARIO_NAME) {
            Ok(loaded) => outcome::to_js(&loaded.iter().map(run).collect::<Vec<_>>()),
            Err(error) => outcome::to_js(&Outcome::load_failure(&error)),
        };
    }
    if !js_sys::Array::is_array(&scenarios) {
        let help = "pass an array of scenarios, or its JSON text";
        return outcome::to_js(&Outcome::bad_argument(
            "invalid-argument",
            "expected an array of scenarios".into(),
            Some(help),
        ));
    }
    let results: Vec<Outcome> = js_sys::Array::from(&scenarios)
        .iter()
        .map(|s| evaluate_one(&s, LoadOptions::default()))
        .collect();
    outcome::to_js(&results)
}

/// Every problem in one policy text, with the rules of its kind (identity
/// policies name no Principal, resource policies need one, ...).
#[wasm_bindgen(unchecked_return_type = "CheckReport | Failure")]
pub fn check(
    #[wasm_bindgen(js_name = policyText, unchecked_param_type = "string")] policy_text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicyKind")] kind: JsValue,
) -> JsValue {
    outcome::to_js(&check_policy(&policy_text, &kind).unwrap_or_else(|failure| failure))
}

/// The simulator's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn evaluate_one(scenario: &JsValue, options: LoadOptions) -> Outcome {
    let loaded = input::json_text(scenario, "a scenario").and_then(|text| {
        iamsim::scenario::load_scenario_with(&text, SCENARIO_NAME, options)
            .map_err(|e| Outcome::load_failure(&e))
    });
    match loaded {
        Ok(scenario) => run(&scenario),
        Err(failure) => failure,
    }
}

fn run(scenario: &Scenario) -> Outcome {
    // The evaluator does no I/O: the clock comes from here, as in the CLI.
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let options = EvalOptions {
        now_epoch_seconds: Some(now),
    };
    Outcome::result(iamsim::evaluate(scenario, &options), scenario)
}

fn check_policy(policy_text: &JsValue, kind: &JsValue) -> Result<Outcome, Outcome> {
    let text = input::string(policy_text, "the policy text")?;
    let kind = input::string(kind, "the policy kind")?;
    // The kinds `check` accepts: the `policyType` words of the result contract.
    let kind = kind.parse::<PolicyType>().map_err(|_| {
        let help = format!("one of {}", PolicyType::WORDS.join(", "));
        Outcome::bad_argument(
            "unknown-policy-kind",
            format!("unknown policy kind `{kind}`"),
            Some(&help),
        )
    })?;
    let (_, diagnostics) = iamsim::policy::parse::parse_policy_as(&text, 0, None, kind);
    Ok(Outcome::check(
        &diagnostics,
        &[Source::new(POLICY_NAME, text.as_str())],
    ))
}
