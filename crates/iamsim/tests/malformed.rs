//! Malformed inputs: every case under `tests/malformed/` (listed with its
//! expected diagnostic id and position in `cases.json`) must fail with that
//! id at that line and column, and never panic. Inputs too big to commit
//! (a 10 MB policy, 100,000 brackets, a 30,000-scenario file) are generated.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use iamsim::diagnostic::DiagnosticReport;
use iamsim::policy::parse::parse_policy_as;
use iamsim::scenario::load_scenarios_bytes;
use iamsim::PolicyType;
use iamsim::{load_scenarios, Source};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/malformed")
}

/// The reports of a case: a scenario file through the byte loader, a bare
/// policy file as an identity-based policy.
fn reports(kind: &str, file: &str, bytes: &[u8]) -> Vec<DiagnosticReport> {
    match kind {
        "scenario" => match load_scenarios_bytes(bytes, file) {
            Ok(_) => Vec::new(),
            Err(err) => err.reports(),
        },
        "policy" => {
            let text = std::str::from_utf8(bytes).unwrap();
            let sources = [Source::new(file, text)];
            let (_, diagnostics) = parse_policy_as(text, 0, Some(file), PolicyType::Identity);
            diagnostics.iter().map(|d| d.report(&sources)).collect()
        }
        other => panic!("unknown kind `{other}`"),
    }
}

fn has(reports: &[DiagnosticReport], id: &str, line: u32, column: u32) -> bool {
    reports.iter().any(|r| {
        r.id == id && r.line == line && r.column == column && r.severity == iamsim::Severity::Error
    })
}

fn describe(reports: &[DiagnosticReport]) -> String {
    let items: Vec<String> = reports
        .iter()
        .map(|r| format!("{} at {}:{} in {}", r.id, r.line, r.column, r.location))
        .collect();
    format!("[{}]", items.join(", "))
}

#[test]
fn every_malformed_case_fails_where_its_manifest_says() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let cases = manifest.as_array().unwrap();
    assert!(
        cases.len() >= 35,
        "the malformed corpus must keep at least 35 cases"
    );
    let mut failures = Vec::new();
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let (id, line, column) = (
            case["id"].as_str().unwrap(),
            case["line"].as_u64().unwrap() as u32,
            case["column"].as_u64().unwrap() as u32,
        );
        let bytes = std::fs::read(dir().join(file)).unwrap();
        let reports = reports(case["kind"].as_str().unwrap(), file, &bytes);
        let located = case["policy"]
            .as_str()
            .is_none_or(|p| reports.iter().any(|r| r.id == id && r.location == p));
        if !has(&reports, id, line, column) || !located {
            failures.push(format!(
                "{file}: expected {id} at {line}:{column}, got {}",
                describe(&reports)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_file_in_the_folder_is_in_the_manifest() {
    let manifest = std::fs::read_to_string(dir().join("cases.json")).unwrap();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            name == "cases.json" || manifest.contains(&format!("\"{name}\"")),
            "{name} is not in cases.json"
        );
    }
}

const REQUEST: &str = r#""request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*"}"#;

fn big_policy(bytes: usize) -> String {
    let statement =
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#;
    let statements = vec![statement; bytes / statement.len() + 1].join(",\n");
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [\n{statements}\n]}}")
}

#[test]
fn a_10_mb_policy_is_too_large() {
    let policy = big_policy(10 << 20);
    let (_, diagnostics) = parse_policy_as(&policy, 0, Some("big"), PolicyType::Identity);
    assert_eq!(
        diagnostics.iter().map(|d| d.id).collect::<Vec<_>>(),
        ["too-large"]
    );
    // Inside a scenario file (which may be larger) the document itself is too large.
    let scenario = format!(
        "{{{REQUEST},\n\"identityPolicies\": [{{\"name\": \"big\", \"document\": {policy}}}]}}"
    );
    let err = load_scenarios(&scenario, "big.json").unwrap_err();
    let reports = err.reports();
    assert!(has(&reports, "too-large", 2, 50), "{}", describe(&reports));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for open in ["[", "{\"a\":"] {
        let text = open.repeat(100_000);
        let reports = load_scenarios(&text, "deep.json").unwrap_err().reports();
        let column = 64 * open.len() as u32 + 1;
        assert!(
            has(&reports, "too-deep", 1, column),
            "{}",
            describe(&reports)
        );
    }
    let policy = format!("{{\"Statement\": {}1{}}}", "[".repeat(100), "]".repeat(100));
    let (_, diagnostics) = parse_policy_as(&policy, 0, None, PolicyType::Identity);
    assert_eq!(diagnostics[0].id, "too-deep");
}

#[test]
fn invalid_utf8_is_reported_at_its_byte() {
    let mut bytes = format!("{{\n  {REQUEST},\n  \"title\": \"caf").into_bytes();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xe9\"\n}\n");
    let reports = load_scenarios_bytes(&bytes, "latin1.json")
        .unwrap_err()
        .reports();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(
        (r.id, r.start as usize, r.line, r.column),
        ("invalid-utf8", offset, 3, 16)
    );
}

/// Many scenarios in one file share one source: no copy of the file per
/// scenario. (Speed is measured by `cargo bench -p iamsim`, not here.)
#[test]
fn a_large_scenario_array_shares_one_source() {
    let scenario = format!(
        r#"{{"title": "case", {REQUEST}, "identityPolicies": [{{"name": "p", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}}}]}}"#
    );
    let count = 3_000;
    let text = format!("[\n{}\n]", vec![scenario.as_str(); count].join(",\n"));
    let scenarios = load_scenarios(&text, "many.json").unwrap();
    assert_eq!(scenarios.len(), count);
    assert!(scenarios.iter().all(|s| s.sources.len() == 1
        && std::sync::Arc::ptr_eq(&s.sources[0].text, &scenarios[0].sources[0].text)));
}
