//! Every malformed input of the project's list (`tests/malformed/cases.json`)
//! through the binary: exit status 2, nothing on stdout, and the listed
//! diagnostic rendered at `LOCATION:LINE:COLUMN` with a caret (the library's
//! own test checks the same list through the API).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/malformed")
}

#[test]
fn every_malformed_input_exits_2_with_its_diagnostic_located() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 30, "the list has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let file = case["file"].as_str().unwrap();
        // A bare policy goes through `check`, as an identity-based policy.
        let command = match case["kind"].as_str().unwrap() {
            "scenario" => "eval",
            "policy" => "check",
            other => panic!("unknown kind `{other}`"),
        };
        let output = Command::new(env!("CARGO_BIN_EXE_iamsim"))
            .args([command, file])
            .current_dir(dir())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The location is the policy's name for a problem inside a policy
        // (given in the list, or not checked), the file's name otherwise.
        let heading = format!("error[{}]", case["id"].as_str().unwrap());
        let position = format!(":{}:{}", case["line"], case["column"]);
        let location = case.get("policy").and_then(Value::as_str);
        let lines: Vec<&str> = stderr.lines().collect();
        let located = lines.windows(2).any(|pair| {
            let arrow = pair[1].trim_start();
            pair[0].starts_with(&heading)
                && arrow.starts_with("--> ")
                && arrow.ends_with(&position)
                && location.is_none_or(|name| arrow == format!("--> {name}{position}"))
        });
        if output.status.code() != Some(2)
            || !output.stdout.is_empty()
            || !located
            || !stderr.contains('^')
        {
            failures.push(format!(
                "{file}: exit {:?}, wanted `{heading}` at `{position}`:\n{stderr}",
                output.status.code()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Inputs too big to commit, generated: a 10 MB policy given by flag, and
/// 100,000 nested brackets on stdin. Both are diagnostics, not crashes.
#[test]
fn a_huge_policy_and_deep_nesting_exit_2() {
    let folder = std::env::temp_dir().join(format!("iamsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let actions: Vec<String> = (0..800_000).map(|i| format!("\"s3:Get{i}\"")).collect();
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": [{}], "Resource": "*"}}}}"#,
        actions.join(",")
    );
    assert!(policy.len() > 10_000_000);
    std::fs::write(folder.join("huge.json"), policy).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args([
            "eval",
            "--identity",
            "huge.json",
            "--principal",
            "anonymous",
            "--action",
            "s3:GetObject",
        ])
        .current_dir(&folder)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error[too-large]") && stderr.contains("--> huge.json:1:"),
        "{stderr}"
    );
    // The caret line is cut to the terminal, not 10 MB long.
    assert!(
        stderr.lines().all(|line| line.len() < 1_000),
        "a line of 1,000 bytes or more"
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args(["eval", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        "[".repeat(100_000).as_bytes(),
    )
    .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error[too-deep]") && stderr.contains("--> <stdin>:1:"),
        "{stderr}"
    );
}

/// The same list with `--format json`: exit status 2, the errors on stdout
/// as `{"type": "failure"}` (eval) or an invalid `{"type": "check"}`, the
/// listed one among them at its line and column.
#[test]
fn every_malformed_input_is_a_json_error_at_its_place() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let file = case["file"].as_str().unwrap();
        let (command, shape, list) = match case["kind"].as_str().unwrap() {
            "scenario" => ("eval", "failure", "errors"),
            _ => ("check", "check", "diagnostics"),
        };
        let output = Command::new(env!("CARGO_BIN_EXE_iamsim"))
            .args([command, "--format", "json", file])
            .current_dir(dir())
            .output()
            .unwrap();
        let answer: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let location = case.get("policy").and_then(Value::as_str);
        let found = answer[list].as_array().is_some_and(|errors| {
            errors.iter().any(|e| {
                e["id"] == case["id"]
                    && e["line"] == case["line"]
                    && e["column"] == case["column"]
                    && location.is_none_or(|name| e["location"] == name)
            })
        });
        if output.status.code() != Some(2) || answer["type"] != shape || !found {
            failures.push(format!("{file}: exit {:?}: {answer}", output.status.code()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
