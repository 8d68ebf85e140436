//! `iamsim check --format sarif`: a SARIF 2.1.0 log that the official
//! schema accepts (tests/sarif/, with its source), with a rule for each id
//! reported and a result for each diagnostic where the human output puts it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;

// Each test binary uses only some of the shared helpers.
#[allow(dead_code)]
mod common;

use common::iamsim;

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/sarif/sarif-schema-2.1.0.json"
);

fn sarif(args: &[&str]) -> (Option<i32>, Value) {
    let output = iamsim(args);
    let log = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), log)
}

/// Every error the schema finds in `log` (none if it is valid SARIF 2.1.0),
/// with `format` (`uri`, `date-time`...) asserted too.
fn schema_errors(log: &Value) -> Option<String> {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource("sarif-schema-2.1.0.json", schema)
        .unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile("sarif-schema-2.1.0.json", &mut schemas)
        .unwrap();
    schemas
        .validate(log, index)
        .err()
        .map(|error| format!("{error:#}"))
}

#[test]
fn the_log_is_valid_sarif_whatever_was_found() {
    let cases: [&[&str]; 4] = [
        &[
            "check",
            "--format",
            "sarif",
            "admin.json",
            "checks/wide.json",
        ],
        &[
            "check",
            "--format",
            "sarif",
            "broken-policy.json",
            "no-such-file.json",
        ],
        &[
            "check",
            "--format",
            "sarif",
            "--kind",
            "trust",
            "checks/trust.json",
        ],
        &["check", "--format", "sarif", "read-own-home.json"],
    ];
    for args in cases {
        let (_, log) = sarif(args);
        assert_eq!(schema_errors(&log), None, "{args:?}:\n{log:#}");
    }
    // The validator does reject what is not SARIF.
    let (_, mut log) = sarif(cases[0]);
    log["runs"][0]["results"][0]["level"] = "critical".into();
    assert!(schema_errors(&log).is_some());
}

#[test]
fn results_point_at_the_finding_with_its_rule() {
    let (status, log) = sarif(&[
        "check",
        "--format",
        "sarif",
        "admin.json",
        "checks/wide.json",
    ]);
    assert_eq!(status, Some(0), "{log:#}");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "iamsim");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();

    let admin = &results[0];
    assert_eq!(admin["ruleId"], "admin-access");
    assert_eq!(admin["level"], "warning");
    let location = &admin["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "admin.json");
    let region = &location["region"];
    // `"*"` on line 4, columns 66 to 69 (the end is the column after it).
    assert_eq!(
        [
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ],
        [4, 66, 4, 69]
    );
    let rule = &rules[admin["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "admin-access");
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert_eq!(rule["properties"]["tags"][0], "security");
    assert!(rule["helpUri"]
        .as_str()
        .unwrap()
        .starts_with("https://docs.aws.amazon.com/"));
    assert!(!rule["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .is_empty());

    // Each result's rule is listed once, at its index; levels by severity.
    for result in results {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert_eq!(rule["defaultConfiguration"]["level"], result["level"]);
    }
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique);
    let level_of = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .map(|r| r["level"].as_str().unwrap().to_owned())
    };
    assert_eq!(level_of("action-case").as_deref(), Some("note"));
    assert_eq!(level_of("service-wildcard").as_deref(), Some("warning"));
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"checks/wide.json"), "{uris:?}");
}

#[test]
fn an_unreadable_file_is_a_failed_invocation() {
    let (status, log) = sarif(&[
        "check",
        "--format",
        "sarif",
        "broken-policy.json",
        "no-such-file.json",
    ]);
    assert_eq!(status, Some(2));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no-such-file.json"
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results[0]["ruleId"], "invalid-effect");
    assert_eq!(results[0]["level"], "error");
}
