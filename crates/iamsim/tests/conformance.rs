//! The conformance corpus: every scenario in `tests/corpus/*.json` and in the
//! page's `web/examples/*.json` is evaluated and compared with the `expect`
//! its author wrote from AWS's documentation, and so is every entry of its
//! `requests` (a lesson's checks). All mismatches are reported at
//! once, each with its file, title and a short diff, before the test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use iamsim::exercise;
use iamsim::{evaluate, load_scenarios, EvalOptions, Scenario, ScenarioFile};

/// The corpus must stay large enough to pin every documented rule.
const MIN_CASES: usize = 300;

/// The folders, relative to the workspace root, whose `*.json` files are cases.
const CASE_DIRS: [&str; 2] = ["tests/corpus", "web/examples"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case_files() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files: Vec<PathBuf> = CASE_DIRS
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// A file's name as reports show it: relative to the workspace root.
fn display_name(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What is wrong with one case, or `None` when it conforms: its own
/// request and every entry of its `requests` must be decided as expected.
/// An exercise's `requests` are what the learner must reach, so its
/// starting state is held only to its own request's `expect` (what the
/// page shows); `tests/lessons.rs` holds its checks to a known solution.
fn check_case(scenario: &Scenario) -> Option<String> {
    if scenario.docs.is_empty() || scenario.docs.iter().any(|d| d.heading.is_none()) {
        return Some(
            "every case cites the page and heading its expectation rests on, in `docs`".into(),
        );
    }
    if scenario.expect.is_none() {
        return Some("no `expect`".into());
    }
    if let Some(entry) = scenario.requests.iter().find(|r| r.expect.is_none()) {
        return Some(format!("the request `{}` has no `expect`", entry.name));
    }
    let problems: Vec<String> = exercise::run(scenario, &EvalOptions::default())
        .into_iter()
        .filter(|check| scenario.exercise.is_none() || check.name == exercise::OWN_REQUEST)
        .filter(|check| !check.mismatches.is_empty())
        .map(|check| {
            let problems = check.mismatches.join("; ");
            if check.name == exercise::OWN_REQUEST {
                problems
            } else {
                format!("request `{}`: {problems}", check.name)
            }
        })
        .collect();
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[test]
fn corpus_conforms_to_the_documentation() {
    let files = case_files();
    let mut failures = String::new();
    let mut cases = 0usize;
    let mut failed = 0usize;
    for path in &files {
        let name = display_name(path);
        let text = std::fs::read_to_string(path).unwrap();
        let scenarios = match load_scenarios(&text, &name) {
            Ok(scenarios) => scenarios,
            Err(err) => {
                failed += 1;
                let first = err
                    .reports()
                    .first()
                    .map(|r| format!("{} at {}:{}:{}", r.message, r.location, r.line, r.column))
                    .unwrap_or_else(|| "no diagnostic".into());
                writeln!(failures, "{name}: does not load: {first}").unwrap();
                continue;
            }
        };
        let mut titles = BTreeSet::new();
        for (index, scenario) in scenarios.iter().enumerate() {
            cases += 1;
            let title = scenario
                .title
                .clone()
                .unwrap_or_else(|| format!("case {index}"));
            let problem = if titles.insert(title.clone()) {
                check_case(scenario)
            } else {
                Some("duplicate title in this file".into())
            };
            if let Some(problem) = problem {
                failed += 1;
                writeln!(failures, "{name} [{index}] {title}: {problem}").unwrap();
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{failed} of {cases} conformance cases in {} files fail:\n{failures}",
        files.len()
    );
    assert!(
        cases >= MIN_CASES,
        "only {cases} conformance cases; the corpus needs at least {MIN_CASES}"
    );
}

/// The whole corpus as one array file, loaded scenario by scenario through
/// [`ScenarioFile`] (the CLI's fast path), gives each scenario exactly the
/// result that the sequential loader's does, spans and line numbers included.
#[test]
fn the_corpus_split_into_scenarios_loads_as_read_whole() {
    // Every case file's scenarios, whether the file holds one or an array.
    let scenarios: Vec<serde_json::Value> = case_files()
        .iter()
        .flat_map(|path| {
            match serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap() {
                serde_json::Value::Array(items) => items,
                one => vec![one],
            }
        })
        .collect();
    let file = format!(
        "\u{feff}[\n{}\n]\n",
        scenarios
            .iter()
            .map(|s| serde_json::to_string_pretty(s).unwrap())
            .collect::<Vec<_>>()
            .join(" ,\n")
    );
    let whole = load_scenarios(&file, "corpus.json").unwrap();
    let split = ScenarioFile::split(&file, "corpus.json").unwrap();
    assert!(split.is_array);
    let options = EvalOptions {
        now_epoch_seconds: Some(1_700_000_000),
    };
    let json = |scenario: &Scenario| serde_json::to_string(&evaluate(scenario, &options)).unwrap();
    assert_eq!(split.len(), whole.len());
    for (index, scenario) in whole.iter().enumerate() {
        let alone = split.load(index).unwrap();
        assert_eq!(json(&alone), json(scenario), "scenario {index}");
        assert_eq!(alone.title, scenario.title);
    }
}

/// The runner itself: a case whose expectation is wrong must be reported, not
/// pass silently.
mod runner {
    use super::check_case;

    fn case(expect: &str, docs: &str) -> String {
        format!(
            r#"{{
  "docs": {docs},
  "expect": {expect},
  "request": {{ "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }},
  "identityPolicies": [ {{ "name": "read", "document": {{ "Version": "2012-10-17",
    "Statement": [ {{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }} ] }} }} ]
}}"#
        )
    }

    const DOCS: &str = r#"[{ "page": "reference_policies_evaluation-logic.md", "heading": "Policy evaluation logic" }]"#;

    fn problem(expect: &str, docs: &str) -> Option<String> {
        let scenario =
            iamsim::load_scenario(&case(expect, docs), "inline").expect("the inline case loads");
        check_case(&scenario)
    }

    #[test]
    fn a_right_expectation_passes() {
        let expect = r#"{ "decision": "allowed", "matchedStatements": [ { "policy": "read", "statementIndex": 0 } ] }"#;
        assert_eq!(problem(expect, DOCS), None);
    }

    #[test]
    fn a_wrong_decision_is_reported() {
        let found = problem(r#"{ "decision": "implicitDeny" }"#, DOCS).unwrap();
        assert!(
            found.contains("decision: expected implicitDeny, got allowed"),
            "{found}"
        );
    }

    #[test]
    fn wrong_matched_statements_are_reported() {
        let expect = r#"{ "decision": "allowed", "matchedStatements": [] }"#;
        let found = problem(expect, DOCS).unwrap();
        assert!(
            found.contains("matchedStatements: expected [], got [read#0]"),
            "{found}"
        );
    }

    #[test]
    fn a_wrong_expectation_of_one_of_the_requests_is_reported() {
        let text = case(r#"{ "decision": "allowed" }"#, DOCS).replace(
            "\"identityPolicies\"",
            r#""requests": [ { "name": "put", "action": "s3:PutObject", "expect": { "decision": "allowed" } } ],
  "identityPolicies""#,
        );
        let scenario = iamsim::load_scenario(&text, "inline").expect("the inline case loads");
        let found = check_case(&scenario).unwrap();
        assert!(
            found.starts_with("request `put`: decision: expected allowed, got implicitDeny"),
            "{found}"
        );
    }

    #[test]
    fn a_case_without_a_heading_is_reported() {
        let docs = r#"[{ "page": "reference_policies_evaluation-logic.md" }]"#;
        assert!(problem(r#"{ "decision": "allowed" }"#, docs)
            .unwrap()
            .contains("heading"));
    }
}
