//! The iamsim JavaScript API: the evaluator behind four functions, with the
//! same contract as the CLI (`docs/scenario.md`).
//!
//! - `evaluate(scenario, options?)`: a scenario object or its JSON text ->
//!   `{ type: "result", decision, reason, matchedStatements, missingContextKeys, trace, ... }`;
//!   `{ draft: true }` evaluates policies AWS would refuse, the way they read
//! - `evaluateMany(scenarios)`: an array (or its JSON text) -> one outcome each
//! - `check(policyText, kind)`: `{ type: "check", valid, diagnostics }`
//! - `runChecks(scenario)`: every request of `requests` (and the scenario's
//!   own) against its `expect`: `{ type: "checks", passed, failed, unchecked, done, exercise?, checks }`
//! - `suggest(scenario, options?)`: the smallest edits that flip the
//!   decision (of `options.request`, an entry of `requests`, when given),
//!   each verified: `{ type: "suggestions", decision, suggestions }`
//! - `compare(old, new, actions?)`: the requests whose decision changes
//!   between two versions: `{ type: "comparison", compared, newlyAllowed, newlyDenied }`
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

use iamsim::diagnostic::DiagnosticId;
use iamsim::json;
use iamsim::scenario::{LoadOptions, ScenarioText};
use iamsim::whatif;
use iamsim::PolicyType;
use iamsim::{EvalOptions, Scenario, Source};
use serde::Serialize;
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
            DiagnosticId::InvalidArgument,
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

/// The checks of a scenario (`docs/scenario.md`, "Several requests"): its
/// own request when it has an `expect` or there are no `requests`, then
/// every entry of `requests`, each evaluated and compared with its `expect`.
#[wasm_bindgen(js_name = runChecks, unchecked_return_type = "Checks | Failure")]
pub fn run_checks(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
) -> JsValue {
    match load(&scenario) {
        Ok(scenario) => {
            let checks = iamsim::exercise::run(&scenario, &now());
            outcome::to_js(&Answer::Checks {
                counts: iamsim::exercise::Counts::of(&checks),
                done: iamsim::exercise::Progress::of(&scenario, &checks).done,
                exercise: scenario.exercise,
                checks,
            })
        }
        Err(failure) => outcome::to_js(&failure),
    }
}

/// The smallest edits that flip the decision of the scenario's request,
/// each applied to a copy and evaluated before it is returned: for a
/// denied request, what would allow it; for an allowed one, the statements
/// whose removal would deny it. `options.request` (an entry's name, or its
/// index in `requests`) suggests for that entry instead; a request whose
/// check fails gets the edits that give it the decision it expects.
#[wasm_bindgen(unchecked_return_type = "Suggestions | Failure")]
pub fn suggest(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    options: Option<SuggestOptions>,
) -> JsValue {
    let request = options
        .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("request")).ok())
        .filter(|r| !r.is_undefined());
    let suggested = load(&scenario).and_then(|loaded| {
        let target = match &request {
            None => whatif::Target::Request,
            Some(key) => {
                // An index is looked up as its digits: `requests[N]`.
                let key = key
                    .as_f64()
                    .map(|n| n.to_string())
                    .or_else(|| key.as_string())
                    .ok_or_else(|| {
                        let help = "an entry's name, or its index in `requests`";
                        Outcome::bad_argument(
                            DiagnosticId::InvalidArgument,
                            "`request` must be a string or a number".into(),
                            Some(help),
                        )
                    })?;
                whatif::Target::find(&loaded, &key).map_err(|message| {
                    Outcome::bad_argument(DiagnosticId::InvalidArgument, message, None)
                })?
            }
        };
        let text = input::json_text(&scenario, "a scenario")?;
        let typed = ScenarioText::from_json(&text, json::SCENARIO_FILE_LIMITS)
            .map_err(|e| Outcome::bad_argument(DiagnosticId::InvalidScenario, e.0, None))?;
        whatif::suggest_for(&typed, target, &now()).map_err(|e| Outcome::load_failure(&e))
    });
    match suggested {
        Ok(suggestions) => outcome::to_js(&Answer::Suggestions { suggestions }),
        Err(failure) => outcome::to_js(&failure),
    }
}

#[wasm_bindgen]
extern "C" {
    /// `suggest`'s second argument, declared in [`types`].
    #[wasm_bindgen(typescript_type = "SuggestOptions")]
    pub type SuggestOptions;
}

/// Two versions of a scenario compared over the actions of the services
/// their policies name (those of `actions`, e.g. the catalog's, plus every
/// action written out in full) and the resources they name: the requests
/// newly allowed and newly denied.
#[wasm_bindgen(unchecked_return_type = "Comparison | Failure")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] old: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] new: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] actions: JsValue,
) -> JsValue {
    let known: Vec<String> = if js_sys::Array::is_array(&actions) {
        js_sys::Array::from(&actions)
            .iter()
            .filter_map(|a| a.as_string())
            .collect()
    } else {
        Vec::new()
    };
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    match load(&old).and_then(|old| Ok((old, load(&new)?))) {
        Ok((old, new)) => {
            let grid = iamsim::compare::Grid::of(&old, &new, &known, true);
            let comparison = iamsim::compare::compare(&old, &new, &grid, &now());
            outcome::to_js(&Answer::Comparison { comparison })
        }
        Err(failure) => outcome::to_js(&failure),
    }
}

/// The simulator's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The answers of `runChecks`, `suggest` and `compare`, tagged by `type`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum Answer {
    Checks {
        #[serde(flatten)]
        counts: iamsim::exercise::Counts,
        /// Every check that expects a decision passes (and there is one).
        done: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        exercise: Option<iamsim::scenario::Exercise>,
        checks: Vec<iamsim::exercise::CheckResult>,
    },
    Suggestions {
        #[serde(flatten)]
        suggestions: whatif::Suggestions,
    },
    Comparison {
        #[serde(flatten)]
        comparison: iamsim::compare::Comparison,
    },
}

/// One scenario, loaded, or the failure that says why not.
fn load(scenario: &JsValue) -> Result<Scenario, Outcome> {
    let text = input::json_text(scenario, "a scenario")?;
    iamsim::load_scenario(&text, SCENARIO_NAME).map_err(|e| Outcome::load_failure(&e))
}

/// The evaluator does no I/O: the clock comes from here, as in the CLI.
fn now() -> EvalOptions {
    EvalOptions {
        now_epoch_seconds: Some((js_sys::Date::now() / 1000.0) as i64),
    }
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
    Outcome::result(iamsim::evaluate(scenario, &now()), scenario)
}

fn check_policy(policy_text: &JsValue, kind: &JsValue) -> Result<Outcome, Outcome> {
    let text = input::string(policy_text, "the policy text")?;
    let kind = input::string(kind, "the policy kind")?;
    // The kinds `check` accepts: the `policyType` words of the result contract.
    let kind = kind.parse::<PolicyType>().map_err(|_| {
        let help = format!("one of {}", PolicyType::WORDS.join(", "));
        Outcome::bad_argument(
            DiagnosticId::UnknownPolicyKind,
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
