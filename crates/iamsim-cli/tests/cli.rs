//! The `iamsim` binary, run on the files in `tests/fixtures/`: output shapes,
//! exit codes and behaviours. Whole outputs are in `snapshots.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;

use common::{boundary_args, iamsim, office_args, ALICE, FIXTURES};

fn iamsim_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args(args)
        .current_dir(FIXTURES)
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written by another thread: a big input streams, so results come out
    // while it goes in.
    let mut input = child.stdin.take();
    let bytes = stdin.map(<[u8]>::to_vec);
    let writer = std::thread::spawn(move || {
        if let (Some(input), Some(bytes)) = (&mut input, bytes) {
            // A failed write is the binary's to report (it stopped reading).
            let _ = input.write_all(&bytes);
        }
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

/// The result without the values of the clock's keys (`aws:CurrentTime`,
/// `aws:EpochTime`), which differ between two runs a second apart.
fn without_clock(mut value: Value) -> Value {
    match &mut value {
        Value::Array(items) => {
            let is_clock_pair = |item: &Value| {
                item.get(0)
                    .and_then(Value::as_str)
                    .is_some_and(|key| key == "aws:CurrentTime" || key == "aws:EpochTime")
            };
            items.retain(|item| !is_clock_pair(item));
            for item in items.iter_mut() {
                *item = without_clock(item.take());
            }
        }
        Value::Object(fields) => {
            for field in fields.values_mut() {
                *field = without_clock(field.take());
            }
        }
        _ => {}
    }
    value
}

fn assert_result_shape(result: &Value) {
    for field in [
        "decision",
        "matchedStatements",
        "missingContextKeys",
        "trace",
    ] {
        assert!(result.get(field).is_some(), "no `{field}` in {result}");
    }
    assert!(
        result["trace"]
            .as_array()
            .is_some_and(|steps| !steps.is_empty()),
        "{result}"
    );
}

#[test]
fn json_for_one_scenario_is_one_result_object() {
    let output = iamsim(&["eval", "--format", "json", "read-own-home.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&output);
    assert!(result.is_object());
    assert_result_shape(&result);
    let matched = &result["matchedStatements"];
    assert!(matched
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["policy"] == "app-s3-access" && s["sid"] == "ReadOwnHome"));
    // Piped, it is compact by default: one line.
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn json_for_an_array_is_an_array_of_results_in_order() {
    let output = iamsim(&["eval", "--format", "json", "two-scenarios.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let results = json(&output);
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 2);
    results.iter().for_each(assert_result_shape);
    assert_eq!(results[0]["decision"], "allowed");
    assert_eq!(results[1]["decision"], "implicitDeny");
}

/// More scenarios than one batch, so that several threads evaluate them:
/// results still come out in the file's order.
#[test]
fn results_of_many_scenarios_keep_the_file_order() {
    let admin = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let expected = |i: usize| {
        if i.is_multiple_of(3) {
            "implicitDeny"
        } else {
            "allowed"
        }
    };
    let scenarios: Vec<String> = (0..1_000_usize)
        .map(|i| {
            // Every third scenario has no policy: implicitly denied.
            let policies = if expected(i) == "implicitDeny" { String::new() } else { format!(r#", "identityPolicies": [{{"name": "admin", "document": {admin}}}]"#) };
            format!(
                r#"{{"title": "case {i}", "request": {{"principal": "arn:aws:iam::111122223333:user/u{i}", "action": "s3:GetObject", "resource": "*"}}{policies}}}"#
            )
        })
        .collect();
    let file = format!("[{}]", scenarios.join(",\n"));

    let output = iamsim_with_stdin(&["eval", "--format", "json", "-"], Some(file.as_bytes()));
    let results = json(&output);
    let decisions: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, (0..1_000).map(expected).collect::<Vec<_>>());

    let output = iamsim_with_stdin(&["eval", "-"], Some(file.as_bytes()));
    let text = stdout(&output);
    let titles: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split(" · case ").nth(1))
        .collect();
    assert_eq!(
        titles,
        (0..1_000).map(|i| i.to_string()).collect::<Vec<_>>()
    );
    assert!(
        text.ends_with("── 1000 scenarios: 666 allowed, 0 explicitDeny, 334 implicitDeny ──\n"),
        "{}",
        &text[text.len() - 200..]
    );
}

#[test]
fn compact_json_is_one_line_and_pretty_json_indents() {
    let output = iamsim(&[
        "eval",
        "--format",
        "json",
        "--compact",
        "two-scenarios.json",
    ]);
    assert_eq!(stdout(&output).lines().count(), 1);
    assert_eq!(json(&output).as_array().unwrap().len(), 2);
    let pretty = iamsim(&["eval", "--format", "json", "--pretty", "two-scenarios.json"]);
    assert!(stdout(&pretty).lines().count() > 20);
    assert!(stdout(&pretty).contains("\n    \"decision\": "));
    assert_eq!(without_clock(json(&pretty)), without_clock(json(&output)));
}

#[test]
fn context_flags_supply_condition_keys() {
    let allowed = iamsim(
        &[
            office_args("s3:GetObject", &["aws:SourceIp=10.1.2.3"]).as_slice(),
            &["--expect", "allowed"],
        ]
        .concat(),
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", stdout(&allowed));
    // Without it, denied (the explanation is in the snapshots).
    let without = iamsim(
        &[
            office_args("s3:GetObject", &[]).as_slice(),
            &["--expect", "implicitDeny"],
        ]
        .concat(),
    );
    assert_eq!(without.status.code(), Some(0), "{}", stdout(&without));
}

#[test]
fn a_repeated_context_key_is_a_multi_valued_key() {
    let known = office_args("ec2:CreateTags", &["aws:TagKeys=team", "aws:TagKeys=env"]);
    let output = iamsim(&[known.as_slice(), &["--format", "json"]].concat());
    let result = json(&output);
    assert_eq!(result["decision"], "allowed", "{result}");
    let step = result["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "identityPolicies")
        .unwrap();
    let condition = &step["policies"][0]["statements"][1]["conditions"][0];
    assert_eq!(
        condition["requestValues"],
        serde_json::json!(["team", "env"]),
        "{condition}"
    );

    let unknown = iamsim(&office_args(
        "ec2:CreateTags",
        &["aws:TagKeys=team", "aws:TagKeys=cost"],
    ));
    assert!(
        stdout(&unknown).starts_with("DENIED (implicit deny)"),
        "{}",
        stdout(&unknown)
    );
}

#[test]
fn plain_output_has_no_colour_even_when_forced() {
    let output = Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args(["eval", "--format", "plain", "read-own-home.json"])
        .current_dir(FIXTURES)
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("ALLOWED"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn expect_exits_1_on_another_decision() {
    let denied = boundary_args("ec2:RunInstances");
    let with = |expect: &'static str| [denied.as_slice(), &["--expect", expect]].concat();
    assert_eq!(iamsim(&with("implicitDeny")).status.code(), Some(0));
    let output = iamsim(&with("allowed"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not every decision is `allowed`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn expect_on_an_array_fails_if_any_decision_differs() {
    let output = iamsim(&[
        "eval",
        "--format",
        "json",
        "--expect",
        "allowed",
        "two-scenarios.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    // The results are still printed in full.
    assert_eq!(json(&output).as_array().unwrap().len(), 2);
}

/// A bad scenario in an array: exit 2 with every problem of the file. In a
/// small file nothing is printed; a big one streams its results (they are
/// not held whole in memory), so the output stops before the bad scenario.
#[test]
fn a_bad_scenario_in_an_array_exits_2_reporting_every_problem() {
    let good = r#"{"request": {"principal": "arn:aws:iam::111122223333:user/u", "action": "s3:GetObject", "resource": "*"}}"#;
    let bad = [
        r#"{"request": 1}"#,
        r#"{"request": {"principal": "x", "action": "s3:Get", "resource": "*"}, "extra": 1}"#,
    ];
    for (count, printed) in [(10_usize, false), (12_000, true)] {
        let mut scenarios = vec![good; count];
        let at = count - 2;
        scenarios.insert(at, bad[0]);
        scenarios.push(bad[1]);
        let file = format!("[{}]", scenarios.join(",\n"));
        let output = iamsim_with_stdin(&["eval", "-"], Some(file.as_bytes()));
        assert_eq!(output.status.code(), Some(2), "{count}");
        let text = stderr(&output);
        assert!(text.contains("error[wrong-type]"), "{text}");
        assert!(text.contains("error[unknown-field]"), "{text}");
        assert!(
            text.contains(&format!(" --> <stdin>:{}:13", at + 1)),
            "{text}"
        );
        if printed {
            assert!(!output.stdout.is_empty(), "{count}");
            assert!(
                text.ends_with("the results printed stop before the first of them\n"),
                "{text}"
            );
        } else {
            assert!(output.stdout.is_empty(), "{count}");
            assert!(text.ends_with("nothing was evaluated\n"), "{text}");
        }

        // JSON: the errors as JSON on stdout, on a line of their own after
        // any results already printed.
        let output = iamsim_with_stdin(&["eval", "--format", "json", "-"], Some(file.as_bytes()));
        assert_eq!(output.status.code(), Some(2), "{count}");
        assert_eq!(stderr(&output), "", "{count}");
        let text = stdout(&output);
        assert_eq!(text.lines().count(), if printed { 2 } else { 1 }, "{count}");
        let failure: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        assert_eq!(failure["type"], "failure", "{failure}");
        let errors = failure["errors"].as_array().unwrap();
        let ids: Vec<&str> = errors.iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["wrong-type", "invalid-value", "unknown-field"]);
        assert_eq!(
            (
                &errors[0]["location"],
                &errors[0]["line"],
                &errors[0]["column"]
            ),
            (&"<stdin>".into(), &(at + 1).into(), &13.into()),
            "{failure}"
        );
    }
}

/// `--format json` answers bad input with `{"type": "failure", "errors"}` on
/// stdout, the shape the JavaScript API returns, and exit status 2.
#[test]
fn json_errors_go_to_stdout_as_a_failure() {
    let cases: [&[&str]; 4] = [
        &["eval", "--format", "json", "inline-broken.json"],
        &["eval", "--format", "json", "no-such-file.json"],
        &["eval", "--format", "json", "--identity", "admin.json"],
        &["check", "--format", "json", "no-such-file.json"],
    ];
    for args in cases {
        let output = iamsim(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), "", "{args:?}");
        let failure = json(&output);
        assert_eq!(failure["type"], "failure", "{failure}");
        for error in failure["errors"].as_array().unwrap() {
            for field in ["id", "severity", "message", "line", "column"] {
                assert!(error.get(field).is_some(), "no `{field}` in {error}");
            }
        }
    }
}

/// The exit status of `check` is its worst file's: 2 unreadable or not
/// parsing, 1 an error finding (and, with `--strict`, a warning or security
/// warning; never a suggestion), else 0.
#[test]
fn check_exits_with_the_worst_files_status() {
    let cases: [(&[&str], i32); 9] = [
        (&["admin.json"], 0),
        (&["--strict", "checks/suggestion.json"], 0),
        (&["checks/suggestion.json", "admin.json"], 0),
        (&["--strict", "admin.json"], 1),
        (
            &["--strict", "checks/suggestion.json", "checks/wide.json"],
            1,
        ),
        (&["--kind", "rcp", "checks/suggestion.json"], 1),
        (&["admin.json", "broken-policy.json", "--kind", "rcp"], 2),
        (&["admin.json", "no-such-file.json"], 2),
        (&["--strict", "no-such-file.json", "admin.json"], 2),
    ];
    for (args, status) in cases {
        for format in ["plain", "json", "sarif"] {
            let mut all = vec!["check", "--format", format];
            all.extend_from_slice(args);
            assert_eq!(iamsim(&all).status.code(), Some(status), "{all:?}");
        }
    }
}

/// Each file is reported under its own path, in the order given.
#[test]
fn check_reports_each_file_under_its_path() {
    let output = iamsim(&[
        "check",
        "--format",
        "plain",
        "admin.json",
        "checks/suggestion.json",
    ]);
    let text = stderr(&output);
    let admin = text.find(" --> admin.json:4:66").expect(&text);
    let suggestion = text.find(" --> checks/suggestion.json:4:36").expect(&text);
    assert!(admin < suggestion, "{text}");
    assert!(text.contains("admin.json: 1 security warning\n"), "{text}");
    assert!(
        text.contains("checks/suggestion.json: 1 suggestion\n"),
        "{text}"
    );
    assert!(
        text.ends_with("2 files checked: 1 security warning, 1 suggestion\n"),
        "{text}"
    );

    let answers = json(&iamsim(&[
        "check",
        "--format",
        "json",
        "admin.json",
        "no-such-file.json",
    ]));
    assert_eq!(answers[0]["type"], "check", "{answers}");
    assert_eq!(answers[0]["file"], "admin.json", "{answers}");
    assert_eq!(answers[1]["type"], "failure", "{answers}");
    assert_eq!(answers[1]["file"], "no-such-file.json", "{answers}");
    assert_eq!(
        answers[1]["errors"][0]["id"], "unreadable-file",
        "{answers}"
    );
}

#[test]
fn check_answers_in_every_format() {
    for format in ["human", "plain", "json", "sarif"] {
        let valid = iamsim(&["check", "--format", format, "admin.json"]);
        assert_eq!(valid.status.code(), Some(0), "{format}");
        let invalid = iamsim(&["check", "--format", format, "broken-policy.json"]);
        assert_eq!(invalid.status.code(), Some(2), "{format}");
    }
    let report = json(&iamsim(&[
        "check",
        "--format",
        "json",
        "broken-policy.json",
    ]));
    assert_eq!(report["type"], "check", "{report}");
    assert_eq!(report["valid"], false, "{report}");
    let ids: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["invalid-effect", "unknown-condition-operator"]);
}

#[test]
fn a_scenario_on_stdin_is_read_with_a_dash() {
    let scenario = std::fs::read(Path::new(FIXTURES).join("read-own-home.json")).unwrap();
    let output = iamsim_with_stdin(&["eval", "--format", "json", "-"], Some(&scenario));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_result_shape(&json(&output));

    let broken = iamsim_with_stdin(&["eval", "-"], Some(b"{\"request\": "));
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).contains(" --> <stdin>:1:"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn a_missing_file_exits_2_with_a_clear_message() {
    let output = iamsim(&["eval", "no-such-file.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: cannot read `no-such-file.json`"),
        "{}",
        stderr(&output)
    );
    let output = iamsim(&[
        "eval",
        "--identity",
        "no-such-policy.json",
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read `no-such-policy.json`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn invalid_utf8_exits_2_with_a_diagnostic() {
    let output = iamsim_with_stdin(&["eval", "-"], Some(b"{\"request\": \"\xff\"}"));
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("error[invalid-utf8]"), "{text}");
    assert!(text.contains(" --> <stdin>:1:"), "{text}");
}

/// A policy file that is not UTF-8, given to `check` or as a policy flag:
/// a diagnostic at the bad byte, not a panic of the renderer.
#[test]
fn a_policy_that_is_not_utf8_exits_2_with_a_diagnostic() {
    let bytes: &[u8] = b"{\n  \"Version\": \"2012-10-17\xff\"}";
    for args in [
        &["check", "-"][..],
        &[
            "eval",
            "--identity",
            "-",
            "--principal",
            ALICE,
            "--action",
            "s3:GetObject",
        ][..],
    ] {
        let output = iamsim_with_stdin(args, Some(bytes));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains("error[invalid-utf8]"), "{text}");
        assert!(text.contains(" --> <stdin>:2:25"), "{text}");
        assert!(!text.contains("panicked"), "{text}");
    }
}

#[test]
fn an_empty_file_exits_2() {
    let output = iamsim_with_stdin(&["eval", "-"], Some(b""));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error["), "{}", stderr(&output));
}

#[test]
fn flags_need_a_principal_and_an_action() {
    let output = iamsim(&["eval", "--identity", "admin.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--principal and --action"),
        "{}",
        stderr(&output)
    );
    // A file and scenario flags do not mix.
    let output = iamsim(&["eval", "two-scenarios.json", "--action", "s3:GetObject"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let help = iamsim(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("eval"));
    let eval_help = iamsim(&["eval", "--help"]);
    assert!(stdout(&eval_help).contains("--identity <FILE>"));
    let version = iamsim(&["--version"]);
    assert_eq!(
        stdout(&version).trim(),
        format!("iamsim {}", env!("CARGO_PKG_VERSION"))
    );
}

/// An array too big to read whole (over 8 MB) streams through, one scenario
/// at a time, from a file or standard input: results in order, warnings and
/// matched statements located in the whole input, and a bad scenario
/// reported where it is.
#[test]
fn a_big_array_streams_with_every_position_in_the_whole_input() {
    let scenario = |i: usize| {
        format!(
            r#"{{"description": "{pad}", "request": {{"principal": "arn:aws:iam::111122223333:user/u{i}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/u{i}/k"}}, "identityPolicies": [{{"name": "old", "document": {{"Version": "2008-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${{aws:username}}/*"}}]}}}}]}}"#,
            pad = "x".repeat(9_000),
        )
    };
    let count = 1_000;
    let lines: Vec<String> = (0..count).map(scenario).collect();
    let file = format!("[\n{}\n]\n", lines.join(",\n"));
    assert!(file.len() > 8 << 20);
    let column = scenario(0).find("\"arn:aws:s3:::b/$").unwrap() + 1;
    let path = std::env::temp_dir().join(format!("iamsim-stream-{}.json", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    for (input, name) in [
        (path.to_str().unwrap(), path.to_str().unwrap()),
        ("-", "<stdin>"),
    ] {
        let output = iamsim_with_stdin(&["eval", "--format", "json", input], Some(file.as_bytes()));
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let results = json(&output);
        let results = results.as_array().unwrap();
        assert_eq!(results.len(), count);
        for result in results {
            // The literal `${aws:username}` matches no user's key: denied.
            assert_eq!(result["decision"], "implicitDeny");
            assert_result_shape(result);
        }
        // The same warning in every scenario: the first three, then a count.
        let text = stderr(&output);
        let shown: Vec<&str> = text.matches("warning[variable-not-substituted]").collect();
        assert_eq!(shown.len(), 4, "{text}");
        for (n, line) in [(1, 2), (2, 3), (3, 4)] {
            let at = format!(" --> {name}:{line}:{column}");
            assert!(text.contains(&at), "{at} in {text}");
            assert!(
                text.contains(&format!("note: in scenario {n}, policy `old`")),
                "{text}"
            );
        }
        assert!(
            text.contains("is compared as literal text: 997 more times not shown\n"),
            "{text}"
        );
    }
    // A bad scenario near the end, reported where it is.
    let mut lines = lines;
    lines[count - 3] = r#"{"request": 1}"#.to_owned();
    let file = format!("[\n{}\n]\n", lines.join(",\n"));
    let output = iamsim_with_stdin(&["eval", "-"], Some(file.as_bytes()));
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("error[wrong-type]"), "{text}");
    assert!(
        text.contains(&format!(" --> <stdin>:{}:13", count - 1)),
        "{text}"
    );
    // The results before it (under 8 MB) were held back, and are dropped.
    assert!(output.stdout.is_empty());
    assert!(text.ends_with("nothing was evaluated\n"), "{text}");
    // As JSON: the failure alone on stdout, located in the whole input.
    let output = iamsim_with_stdin(&["eval", "--format", "json", "-"], Some(file.as_bytes()));
    assert_eq!(output.status.code(), Some(2));
    let failure = json(&output);
    let error = &failure["errors"][0];
    assert_eq!(failure["type"], "failure", "{failure}");
    assert_eq!(
        (&error["id"], &error["line"], &error["column"]),
        (&"wrong-type".into(), &(count - 1).into(), &13.into()),
        "{failure}"
    );
    std::fs::remove_file(&path).unwrap();
}

/// Policies AWS would refuse: by default nothing is evaluated (exit 2); with
/// `--draft` the bare-string principal reads as bob's account, which lets
/// his identity policy decide; the statements with no
/// plain meaning (`"Action": "s3:"`, a resource-policy Deny without a
/// Principal) are skipped, and the result says it is a draft, with the errors.
#[test]
fn draft_evaluates_what_refused_policies_mean() {
    let refused = iamsim(&["eval", "--format", "json", "draft.json"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(json(&refused)["type"], "failure");

    let draft = iamsim(&["eval", "--draft", "--format", "json", "draft.json"]);
    assert_eq!(draft.status.code(), Some(0), "{}", stderr(&draft));
    let result = json(&draft);
    assert_result_shape(&result);
    assert_eq!(result["draft"], true);
    assert_eq!(result["decision"], "allowed", "{result}");
    let ids: Vec<&str> = result["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "invalid-action",
            "invalid-principal",
            "missing-principal-in-resource-policy"
        ]
    );
    let skipped: Vec<&Value> = result["trace"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|step| step["policies"].as_array().unwrap())
        .flat_map(|policy| policy["statements"].as_array().unwrap())
        .filter(|statement| statement.get("skipped").is_some())
        .collect();
    assert_eq!(skipped.len(), 2, "{result}");
    // The errors are shown as errors on stderr too.
    assert!(
        stderr(&draft).contains("error[invalid-action]"),
        "{}",
        stderr(&draft)
    );

    let human = iamsim(&["eval", "--draft", "--format", "plain", "draft.json"]);
    let text = stdout(&human);
    assert!(
        text.contains("DRAFT: AWS would refuse these policies (3 errors"),
        "{text}"
    );
    assert!(text.contains("skipped"), "{text}");

    // Without errors a draft is an ordinary answer: no flag.
    let clean = iamsim(&["eval", "--draft", "--format", "json", "read-own-home.json"]);
    assert!(json(&clean).get("draft").is_none());
}
