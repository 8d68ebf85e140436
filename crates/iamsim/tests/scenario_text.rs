//! The typed scenario text ([`ScenarioText`]) against the scenario JSON: for
//! every case of the conformance corpus and every example of the page, the
//! fields read from the JSON, loaded without JSON, evaluate exactly as the
//! JSON itself does, and writing them gives JSON that reads back the same.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::scenario::ScenarioText;
use iamsim::{evaluate, load_scenario, EvalOptions};

#[test]
fn every_case_evaluates_the_same_from_its_fields() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let options = EvalOptions {
        now_epoch_seconds: Some(1_700_000_000),
    };
    let mut cases = 0;
    for dir in ["tests/corpus", "web/examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let items = match json {
                serde_json::Value::Array(items) => items,
                one => vec![one],
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{}[{i}]", path.display());
                let text = serde_json::to_string_pretty(item).unwrap();
                let fields = ScenarioText::from_json(&text, SCENARIO_FILE_LIMITS)
                    .unwrap_or_else(|e| panic!("{at}: {e}"));
                let from_json = evaluate(&load_scenario(&text, "s").unwrap(), &options);
                let loaded = fields.load("s").unwrap_or_else(|e| panic!("{at}: {e:?}"));
                let from_fields = evaluate(&loaded, &options);
                assert_eq!(from_fields.decision, from_json.decision, "{at}");
                assert_eq!(from_fields.reason, from_json.reason, "{at}");
                // Positions differ where a document was an object: the
                // fields hold its text, dedented, as a source of its own.
                let deciders = |r: &iamsim::EvalResult| {
                    r.matched_statements
                        .iter()
                        .map(|m| (m.policy.clone(), m.statement_index, m.sid.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(deciders(&from_fields), deciders(&from_json), "{at}");
                assert_eq!(
                    from_fields.missing_context_keys, from_json.missing_context_keys,
                    "{at}"
                );
                let written = fields.to_json();
                let again = ScenarioText::from_json(&written, SCENARIO_FILE_LIMITS).unwrap();
                assert_eq!(again, fields, "{at}: written and read back");
                cases += 1;
            }
        }
    }
    assert!(cases > 300, "only {cases} cases");
}
