//! What people and programs read, as whole snapshots (insta, in
//! `tests/snapshots/`): the explanation of the fixtures and of the page's
//! teaching examples, the JSON answers, and the error reports. A change to
//! any of them fails `cargo test` until the new snapshot is reviewed and
//! committed: `INSTA_UPDATE=always cargo test -p iamsim-cli --test
//! snapshots` rewrites them (no cargo-insta needed), `git diff` shows what
//! changed. Under CI=true nothing is written and drift fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Output;

mod common;

use common::{boundary_args, iamsim, office_args, run_in, ALICE};

/// Exit status, stdout and stderr, as one text to snapshot.
fn transcript(output: &Output) -> String {
    let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
    format!(
        "status: {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    )
}

/// Snapshots `output`, with the clock's keys (in every JSON result's
/// derived context) masked.
fn assert_output(name: &str, output: &Output) {
    insta::with_settings!({filters => vec![
        (r#""aws:CurrentTime",(\s*)"[^"]*""#, r#""aws:CurrentTime",$1"[now]""#),
        (r#""aws:EpochTime",(\s*)"[^"]*""#, r#""aws:EpochTime",$1"[now]""#),
    ]}, {
        insta::assert_snapshot!(name, transcript(output));
    });
}

macro_rules! snapshot {
    ($name:expr, $args:expr) => {
        assert_output($name, &iamsim($args))
    };
}

#[test]
fn human_explanations() {
    snapshot!("human_scenario_file", &["eval", "read-own-home.json"]);
    snapshot!("human_array", &["eval", "two-scenarios.json"]);
    // A what-if: a statement switched off, and the line that says so.
    snapshot!("human_what_if", &["eval", "lesson.json"]);
    snapshot!("human_boundary_denies", &boundary_args("ec2:RunInstances"));
    snapshot!("human_boundary_allows", &boundary_args("s3:GetObject"));
    snapshot!(
        "human_missing_context_key",
        &office_args("s3:GetObject", &[])
    );
    let verbose = [
        office_args("s3:GetObject", &["aws:SourceIp=10.1.2.3"]),
        vec!["--verbose"],
    ]
    .concat();
    snapshot!("human_verbose", &verbose);
    snapshot!(
        "human_policy_variable",
        &[
            "eval",
            "--identity",
            "abac.json",
            "--principal",
            "arn:aws:iam::111122223333:role/dev-engineer",
            "--action",
            "ec2:StartInstances",
            "--resource",
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc",
            "--context",
            "aws:PrincipalTag/team=dev",
            "--context",
            "aws:ResourceTag/team=ops",
        ]
    );
    let mut expect = boundary_args("ec2:RunInstances");
    expect.extend(["--expect", "allowed"]);
    snapshot!("human_unexpected_decision", &expect);
}

/// The page's teaching examples, explained as the CLI explains them.
#[test]
fn explanations_of_the_teaching_examples() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{} examples", files.len());
    for file in files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let stem = file.file_stem().unwrap().to_str().unwrap();
        let output = run_in(&dir, &["eval", "--format", "plain", name]);
        assert_output(&format!("example_{stem}"), &output);
    }
}

#[test]
fn json_answers() {
    snapshot!(
        "json_result",
        &["eval", "--format", "json", "--pretty", "read-own-home.json"]
    );
    snapshot!(
        "json_results_of_an_array",
        &["eval", "--format", "json", "--pretty", "two-scenarios.json"]
    );
    snapshot!(
        "json_failure_broken_policy",
        &["eval", "--format", "json", "--pretty", "inline-broken.json"]
    );
    snapshot!(
        "json_failure_missing_file",
        &["eval", "--format", "json", "--pretty", "no-such-file.json"]
    );
    snapshot!(
        "json_failure_flags",
        &[
            "eval",
            "--format",
            "json",
            "--pretty",
            "--identity",
            "admin.json"
        ]
    );
    snapshot!(
        "json_check_valid",
        &["check", "--format", "json", "--pretty", "admin.json"]
    );
    snapshot!(
        "json_check_invalid",
        &[
            "check",
            "--format",
            "json",
            "--pretty",
            "broken-policy.json"
        ]
    );
}

#[test]
fn error_reports() {
    let mut broken = vec!["eval", "--identity", "broken-policy.json"];
    broken.extend(["--principal", ALICE, "--action", "s3:GetObject"]);
    snapshot!("errors_broken_policy_flag", &broken);
    snapshot!("errors_inline_broken", &["eval", "inline-broken.json"]);
    // A bad request value from a flag, shown where it stands in the
    // scenario the flags make.
    snapshot!(
        "errors_flag_principal",
        &[
            "eval",
            "--identity",
            "admin.json",
            "--principal",
            "x",
            "--action",
            "s3:GetObject"
        ]
    );
    let mut twice = vec!["eval", "--identity", "admin.json", "--principal", ALICE];
    twice.extend([
        "--action",
        "s3:GetObject",
        "--context",
        "k=1",
        "--context",
        "K=2",
    ]);
    snapshot!("warning_flag_context_key_twice", &twice);
    snapshot!("errors_check", &["check", "broken-policy.json"]);
    snapshot!(
        "errors_check_resource_kind",
        &["check", "--kind", "resource", "admin.json"]
    );
    snapshot!("check_valid", &["check", "--format", "plain", "admin.json"]);
    // A policy that parses but has an error finding exits 1, not 2.
    snapshot!(
        "check_finding_error",
        &["check", "--format", "plain", "--kind", "rcp", "admin.json"]
    );
}

/// `iamsim test`: the checks of a lesson (one failing, one expecting
/// nothing, one a what-if) as a table, JSON and JUnit XML; the page's
/// lesson exercises as a learner finds them, not yet solved; a file that
/// does not load.
#[test]
fn test_reports() {
    snapshot!("test_table", &["test", "lesson.json"]);
    snapshot!(
        "test_json",
        &["test", "--format", "json", "--pretty", "lesson.json"]
    );
    snapshot!("test_junit", &["test", "--format", "junit", "lesson.json"]);
    snapshot!(
        "test_bad_input",
        &[
            "test",
            "lesson.json",
            "inline-broken.json",
            "no-such-file.json"
        ]
    );
    snapshot!(
        "test_bad_input_json",
        &["test", "--format", "json", "--pretty", "inline-broken.json"]
    );
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/examples");
    let lessons = [
        "test",
        "03-least-privilege-3-scoped.json",
        "06-cross-account-external-id.json",
    ];
    assert_output("test_lessons", &run_in(&examples, &lessons));
}

/// JUnit XML that a CI server reads: well-formed (a strict parser takes
/// it, names with `<`, `&` and quotes included), with the counts right.
#[test]
fn junit_is_well_formed_xml_with_the_counts() {
    let output = iamsim(&["test", "--format", "junit", "lesson.json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        ["tests", "failures", "skipped"].map(|a| root.attribute(a).unwrap()),
        ["6", "1", "1"]
    );
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 6);
    assert_eq!(
        cases[2].attribute("name"),
        Some("cannot read bob's <files> & \"notes\"")
    );
    let failed: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failed, ["writes her files"]);
}

/// `iamsim diff`: a new version that grants more (a wider action pattern)
/// and takes some away (a Deny added, a statement dropped); the same
/// version twice; a version that does not parse.
#[test]
fn diff_reports() {
    snapshot!(
        "diff_policies",
        &["diff", "reports-v1.json", "reports-v2.json"]
    );
    snapshot!(
        "diff_json",
        &[
            "diff",
            "--format",
            "json",
            "--pretty",
            "reports-v1.json",
            "reports-v2.json"
        ]
    );
    snapshot!(
        "diff_no_change",
        &["diff", "reports-v1.json", "reports-v1.json"]
    );
    snapshot!(
        "diff_bad_input",
        &["diff", "reports-v1.json", "broken-policy.json"]
    );
}

/// `iamsim suggest` on the page's examples: an explicit deny in an SCP, a
/// boundary that lacks the action (with the new text), an allowed request
/// and what it rests on; the edits as JSON; a scenario that does not load;
/// a lesson's failing checks and one of its requests.
#[test]
fn suggest_reports() {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/examples");
    let run = |name: &str, args: &[&str]| assert_output(name, &run_in(&examples, args));
    run("suggest_scp_deny", &["suggest", "11-scp-deny-regions.json"]);
    run(
        "suggest_boundary_verbose",
        &["suggest", "--verbose", "07-boundary-caps-admin.json"],
    );
    run(
        "suggest_allowed",
        &["suggest", "08-conditions-ip-mfa-region.json"],
    );
    run(
        "suggest_json",
        &[
            "suggest",
            "--format",
            "json",
            "--pretty",
            "04-explicit-deny-wins.json",
        ],
    );
    snapshot!("suggest_bad_input", &["suggest", "inline-broken.json"]);
    // The checks of a lesson: each failing one, and one entry by name as
    // data (only the exercise's editable policy is edited); a name the
    // scenario does not have.
    run(
        "suggest_failing_checks",
        &["suggest", "--failing", "03-least-privilege-3-scoped.json"],
    );
    run(
        "suggest_request_json",
        &[
            "suggest",
            "--request",
            "from a third account",
            "--format",
            "json",
            "--pretty",
            "06-cross-account-external-id.json",
        ],
    );
    run(
        "suggest_unknown_request",
        &[
            "suggest",
            "--request",
            "7",
            "06-cross-account-external-id.json",
        ],
    );
}

/// `check` on several files, in each format: every finding with its fix and
/// AWS page, each file's tally, the worst file's exit status.
#[test]
fn check_reports() {
    let files = ["admin.json", "checks/wide.json", "no-such-file.json"];
    let with = |args: &[&'static str]| -> Vec<&'static str> {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        all.extend(files);
        all
    };
    snapshot!("check_files_human", &with(&["--format", "plain"]));
    snapshot!("check_files_json", &with(&["--format", "json", "--pretty"]));
    snapshot!(
        "check_files_sarif",
        &with(&["--format", "sarif", "--pretty"])
    );
    snapshot!(
        "check_trust_strict",
        &[
            "check",
            "--format",
            "plain",
            "--kind",
            "trust",
            "--strict",
            "checks/trust.json"
        ]
    );
}

/// The command line's own help: what a user reads before anything else.
#[test]
fn help() {
    snapshot!("help_eval", &["eval", "--help"]);
    snapshot!("help_check", &["check", "--help"]);
    snapshot!("help_test", &["test", "--help"]);
    snapshot!("help_diff", &["diff", "--help"]);
    snapshot!("help_suggest", &["suggest", "--help"]);
}
