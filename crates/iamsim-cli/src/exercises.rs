//! `iamsim test`: the checks of scenario files (`expect` and `requests`,
//! `docs/scenario.md`), each evaluated by the core's `exercise::run`, as a
//! pass/fail table, one JSON object, or JUnit XML for CI. Every file is
//! loaded before anything is printed: a bad one exits 2 with nothing on
//! stdout, so that CI never reads half a report.

use std::io::{self, Write};

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use iamsim::exercise::{self, CheckResult, Counts};
use iamsim::outcome::Outcome;
use iamsim::scenario::{load_scenarios_bytes, Exercise};
use iamsim::{Decision, EvalOptions, Scenario};
use serde::Serialize;

use crate::args::{TestArgs, TestFormat};
use crate::emit::{self, Emitter, Failure};
use crate::input::{self, InputError};
use crate::json_out::JsonStyle;
use crate::output::{self, Status};

/// One file's scenarios and the results of their checks.
struct FileRun {
    name: String,
    scenarios: Vec<ScenarioRun>,
}

struct ScenarioRun {
    /// Its title, or `FILE[N]` (`FILE` for a file of one scenario).
    label: String,
    /// An exercise's goal and editable policies, shown above its checks.
    exercise: Option<Exercise>,
    checks: Vec<CheckResult>,
}

pub fn run(args: &TestArgs) -> Status {
    let mut loaded = Vec::new();
    let mut failures = Vec::new();
    for path in &args.files {
        let file = input::read(path).and_then(|(name, bytes)| {
            let scenarios = load_scenarios_bytes(&bytes, &name).map_err(InputError::Load)?;
            Ok((name, scenarios))
        });
        match file {
            Ok(file) => loaded.push(file),
            Err(error) => failures.push(error),
        }
    }
    if !failures.is_empty() {
        return fail(args, &failures);
    }
    let options = EvalOptions {
        now_epoch_seconds: crate::eval::now(),
    };
    let runs: Vec<FileRun> = loaded
        .iter()
        .map(|(name, scenarios)| run_file(name, scenarios, &options))
        .collect();
    let counts = Counts::of(checks(&runs));
    let written = match args.format {
        TestFormat::Human | TestFormat::Plain => {
            let choice = if args.format == TestFormat::Human {
                AutoStream::choice(&io::stdout())
            } else {
                ColorChoice::Never
            };
            let mut out = AutoStream::new(io::stdout().lock(), choice);
            table(&mut out, &runs, counts).and_then(|()| out.flush())
        }
        TestFormat::Json => {
            let mut out = output::json_stdout();
            json(&mut out, &runs, counts, args.pretty).and_then(|()| out.flush())
        }
        TestFormat::Junit => {
            let mut out = output::json_stdout();
            junit(&mut out, &runs, counts).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) if counts.failed > 0 => Status::Unexpected,
        Ok(()) => Status::Ok,
        Err(error) => output::write_failed(&error),
    }
}

fn run_file(name: &str, scenarios: &[Scenario], options: &EvalOptions) -> FileRun {
    let scenarios = scenarios
        .iter()
        .enumerate()
        .map(|(index, scenario)| {
            output::warn(&scenario.warnings, &scenario.sources);
            let label = scenario.title.clone().unwrap_or_else(|| {
                if scenarios.len() == 1 {
                    name.to_owned()
                } else {
                    format!("{name}[{index}]")
                }
            });
            ScenarioRun {
                label,
                exercise: scenario.exercise.clone(),
                checks: exercise::run(scenario, options),
            }
        })
        .collect();
    FileRun {
        name: name.to_owned(),
        scenarios,
    }
}

fn checks(runs: &[FileRun]) -> impl Iterator<Item = &CheckResult> {
    runs.iter()
        .flat_map(|f| &f.scenarios)
        .flat_map(|s| &s.checks)
}

/// Every file that could not be loaded, with every error: rustc style on
/// stderr, or one JSON failure on stdout with `--format json`.
fn fail(args: &TestArgs, failures: &[InputError]) -> Status {
    if args.format == TestFormat::Json {
        let errors = failures
            .iter()
            .flat_map(|error| match emit::outcome(error) {
                Outcome::Failure { errors } => errors,
                _ => Vec::new(),
            })
            .collect();
        let mut out = output::json_stdout();
        let style = JsonStyle {
            pretty: args.pretty,
        };
        let written = style
            .write(&mut out, &Outcome::Failure { errors })
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
        if let Err(error) = written {
            return output::write_failed(&error);
        }
        return Status::BadInput;
    }
    let text = emit::Text {
        colour: args.format == TestFormat::Human,
        verbose: false,
    };
    for error in failures {
        let failure = Failure {
            error,
            consequence: Some("no check was run"),
            partial: false,
        };
        // Text writes failures to stderr, never to this.
        let _ = text.failure(&mut io::sink(), &failure);
    }
    Status::BadInput
}

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// The pass/fail table: a file, its scenarios, one line per check; a failed
/// check says how it differs.
fn table(out: &mut dyn Write, runs: &[FileRun], counts: Counts) -> io::Result<()> {
    let width = checks(runs)
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    for run in runs {
        writeln!(out, "{}", run.name)?;
        for scenario in &run.scenarios {
            if scenario.label != run.name {
                writeln!(out, "  {}", scenario.label)?;
            }
            if let Some(exercise) = &scenario.exercise {
                let editable: Vec<String> =
                    exercise.editable.iter().map(|p| format!("`{p}`")).collect();
                let edit = match editable.as_slice() {
                    [] => "nothing to edit".to_owned(),
                    names => format!("edit {}", names.join(", ")),
                };
                writeln!(out, "  {DIM}exercise: {} ({edit}){DIM:#}", exercise.goal)?;
            }
            for check in &scenario.checks {
                let decision = check.result.decision.as_str();
                let (mark, style) = match check.passed {
                    Some(true) => ("✓", PASS),
                    Some(false) => ("✗", FAIL),
                    None => ("·", DIM),
                };
                write!(
                    out,
                    "    {style}{mark}{style:#} {:<width$}  {decision}",
                    check.name
                )?;
                match (check.passed, check.expected) {
                    (Some(false), Some(expected)) if expected != check.result.decision => {
                        write!(out, ", expected {}", expected.as_str())?;
                    }
                    (None, _) => write!(out, " {DIM}(nothing expected){DIM:#}")?,
                    _ => {}
                }
                writeln!(out)?;
                if check.passed == Some(false) {
                    for mismatch in &check.mismatches {
                        writeln!(out, "        {mismatch}")?;
                    }
                }
            }
        }
    }
    let total = counts.total();
    let (style, verdict) = if counts.failed > 0 {
        (FAIL, "FAILED")
    } else {
        (PASS, "ok")
    };
    write!(
        out,
        "\n{style}{verdict}{style:#}: {total} {}, {} passed, {} failed",
        plural(total, "check", "checks"),
        counts.passed,
        counts.failed
    )?;
    if counts.unchecked > 0 {
        write!(out, ", {} with nothing expected", counts.unchecked)?;
    }
    writeln!(out)
}

fn plural<'w>(n: usize, one: &'w str, many: &'w str) -> &'w str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `--format json`: the counts, then each file's scenarios and checks with
/// the decision and why (the full trace is `iamsim eval`'s).
#[derive(Serialize)]
#[serde(tag = "type", rename = "test", rename_all = "camelCase")]
struct JsonReport<'r> {
    #[serde(flatten)]
    counts: Counts,
    files: Vec<JsonFile<'r>>,
}

#[derive(Serialize)]
struct JsonFile<'r> {
    file: &'r str,
    scenarios: Vec<JsonScenario<'r>>,
}

#[derive(Serialize)]
struct JsonScenario<'r> {
    label: &'r str,
    checks: Vec<JsonCheck<'r>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonCheck<'r> {
    name: &'r str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<Decision>,
    decision: Decision,
    passed: Option<bool>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    mismatches: &'r [String],
    reason: String,
    decided_by: iamsim::kinds::StepKind,
    matched_statements: &'r [iamsim::trace::MatchedStatement],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    switched_off: &'r [iamsim::scenario::SwitchedOff],
}

fn json(out: &mut dyn Write, runs: &[FileRun], counts: Counts, pretty: bool) -> io::Result<()> {
    let files = runs
        .iter()
        .map(|run| JsonFile {
            file: &run.name,
            scenarios: run
                .scenarios
                .iter()
                .map(|s| JsonScenario {
                    label: &s.label,
                    checks: s
                        .checks
                        .iter()
                        .map(|c| JsonCheck {
                            name: &c.name,
                            expected: c.expected,
                            decision: c.result.decision,
                            passed: c.passed,
                            mismatches: &c.mismatches,
                            reason: c.result.reason.to_string(),
                            decided_by: c.result.decided_by,
                            matched_statements: &c.result.matched_statements,
                            switched_off: &c.result.switched_off,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut out = out;
    JsonStyle { pretty }.write(&mut out, &JsonReport { counts, files })?;
    writeln!(out)
}

/// `--format junit`: one `testsuite` per file, one `testcase` per check
/// (its class the scenario), a failed check a `failure`, a check that
/// expects nothing `skipped`.
fn junit(out: &mut dyn Write, runs: &[FileRun], counts: Counts) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="iamsim" tests="{}" failures="{}" skipped="{}" errors="0">"#,
        counts.total(),
        counts.failed,
        counts.unchecked
    )?;
    for run in runs {
        let file = Counts::of(run.scenarios.iter().flat_map(|s| &s.checks));
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" skipped="{}" errors="0">"#,
            xml(&run.name),
            file.total(),
            file.failed,
            file.unchecked
        )?;
        for scenario in &run.scenarios {
            for check in &scenario.checks {
                let open = format!(
                    r#"    <testcase classname="{}" name="{}""#,
                    xml(&scenario.label),
                    xml(&check.name)
                );
                match check.passed {
                    Some(true) => writeln!(out, "{open}/>")?,
                    Some(false) => {
                        let message = check.mismatches.first().map_or("", String::as_str);
                        writeln!(out, "{open}>")?;
                        writeln!(
                            out,
                            r#"      <failure message="{}" type="unexpected-decision">{}</failure>"#,
                            xml(message),
                            xml(&check.mismatches.join("\n"))
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                    None => {
                        writeln!(out, "{open}>")?;
                        writeln!(
                            out,
                            r#"      <skipped message="nothing expected: {}"/>"#,
                            check.result.decision.as_str()
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Text as XML character data or an attribute value: the five special
/// characters escaped, and the control characters XML 1.0 does not allow
/// (a policy name may hold anything) replaced by U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::xml;

    #[test]
    fn xml_text_escapes_what_xml_reserves_and_drops_what_it_forbids() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{fffd}&#10;"
        );
    }
}
