//! `iamsim eval`: load, evaluate every scenario, print, check `--expect`.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use iamsim::{evaluate, Decision, EvalOptions, EvalResult, Scenario};

use crate::args::{EvalArgs, Format};
use crate::human;
use crate::input::{self, Scenarios};
use crate::json_out::JsonStyle;
use crate::output::{self, Held, Status};
use crate::parallel::{self, Batch};

pub fn run(args: &EvalArgs) -> Status {
    let scenarios = match &args.file {
        Some(path) => input::read(path).and_then(|(name, bytes)| input::load_file(&name, &bytes)),
        None => input::load_flags(&args.scenario),
    };
    let scenarios = match scenarios {
        Ok(scenarios) => scenarios,
        Err(error) => return output::report(&error, Some("nothing was evaluated")),
    };
    let options = EvalOptions {
        now_epoch_seconds: now(),
    };
    let mut expectation = Expectation {
        expected: args.expect.map(|e| e.decision()),
        status: Status::Ok,
    };
    let mut out: Held<Box<dyn Write>> = Held::new(match args.format {
        Format::Json => Box::new(output::json_stdout()),
        Format::Human | Format::Plain => Box::new(output::text_stdout(args.format)),
    });
    let written = match args.format {
        Format::Json => {
            let on_terminal = std::io::stdout().is_terminal();
            let style = JsonStyle {
                pretty: args.pretty || (on_terminal && !args.compact),
            };
            write_json(&mut out, &scenarios, &options, style, &mut expectation)
        }
        Format::Human | Format::Plain => write_human(
            &mut out,
            &scenarios,
            &options,
            args.verbose,
            &mut expectation,
        ),
    };
    match written {
        Ok(()) => {}
        Err(Stop::Invalid) => {
            // What is still held back is dropped with `out`, unprinted.
            let consequence = if out.released() {
                "the results printed stop before the first of them"
            } else {
                "nothing was evaluated"
            };
            return output::report(&scenarios.problems(), Some(consequence));
        }
        Err(Stop::Write(error)) => return output::write_failed(&error),
    }
    if let (Some(expected), Status::Unexpected) = (expectation.expected, expectation.status) {
        output::note(&format!(
            "not every decision is `{}`, as --expect asked",
            expected.as_str()
        ));
    }
    expectation.status
}

/// Why results stopped.
enum Stop {
    /// A scenario did not load.
    Invalid,
    Write(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Stop {
        Stop::Write(error)
    }
}

/// Scenario `index` loaded and evaluated, its warnings added to the batch.
fn evaluated<'s>(
    scenarios: &'s Scenarios,
    index: usize,
    options: &EvalOptions,
    warnings: &mut String,
) -> Option<(Cow<'s, Scenario>, EvalResult)> {
    let scenario = scenarios.get(index)?;
    warnings.push_str(&output::warnings_text(
        &scenario.warnings,
        &scenario.sources,
    ));
    let result = evaluate(&scenario, options);
    Some((scenario, result))
}

/// The system clock, for `aws:CurrentTime` and `aws:EpochTime`.
fn now() -> Option<i64> {
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(elapsed.as_secs()).ok()
}

/// Tracks `--expect` across the results.
struct Expectation {
    expected: Option<Decision>,
    status: Status,
}

impl Expectation {
    fn check(&mut self, decision: Decision) {
        if self.expected.is_some_and(|expected| expected != decision) {
            self.status = Status::Unexpected;
        }
    }
}

/// The result contract: an object for a scenario, an array for an array.
fn write_json(
    out: &mut Held<impl Write>,
    scenarios: &Scenarios,
    options: &EvalOptions,
    style: JsonStyle,
    expectation: &mut Expectation,
) -> Result<(), Stop> {
    if scenarios.is_array() {
        out.write_all(b"[")?;
        let render = |index: usize, batch: &mut Batch| {
            let (_, result) =
                evaluated(scenarios, index, options, &mut batch.warnings).ok_or(Stop::Invalid)?;
            style.element(&mut batch.bytes, index, &result)?;
            batch.decisions.push(result.decision);
            Ok(())
        };
        render_in_order(out, scenarios.len(), &render, expectation)?;
        out.write_all(style.array_end(scenarios.len()))?;
    } else {
        let mut warnings = String::new();
        let (_, result) = evaluated(scenarios, 0, options, &mut warnings).ok_or(Stop::Invalid)?;
        output::warned(&warnings);
        expectation.check(result.decision);
        style.write(out, &result)?;
    }
    writeln!(out)?;
    Ok(out.flush()?)
}

fn write_human(
    out: &mut Held<impl Write>,
    scenarios: &Scenarios,
    options: &EvalOptions,
    verbose: bool,
    expectation: &mut Expectation,
) -> Result<(), Stop> {
    let total = scenarios.len();
    let is_array = scenarios.is_array();
    let human_options = human::Options { verbose };
    let render = |index: usize, batch: &mut Batch| {
        let (scenario, result) =
            evaluated(scenarios, index, options, &mut batch.warnings).ok_or(Stop::Invalid)?;
        let heading = is_array.then(|| format!("── scenario {} of {total} ──", index + 1));
        if index > 0 {
            batch.bytes.push(b'\n');
        }
        batch.bytes.extend_from_slice(
            human::render(&scenario, &result, heading.as_deref(), &human_options).as_bytes(),
        );
        batch.decisions.push(result.decision);
        Ok(())
    };
    let counts = render_in_order(out, total, &render, expectation)?;
    if is_array {
        let [allowed, explicit, implicit] = counts;
        writeln!(
            out,
            "{}── {total} scenarios: {allowed} allowed, {explicit} explicitDeny, {implicit} implicitDeny ──",
            if total > 0 { "\n" } else { "" }
        )?;
    }
    Ok(out.flush()?)
}

/// Renders every scenario on every core and writes the batches in order;
/// the count of each decision (allowed, explicit, implicit deny).
fn render_in_order(
    out: &mut Held<impl Write>,
    len: usize,
    render: &(dyn Fn(usize, &mut Batch) -> Result<(), Stop> + Sync),
    expectation: &mut Expectation,
) -> Result<[usize; 3], Stop> {
    let mut counts = [0_usize; 3];
    parallel::render_all(len, render, |batch| {
        output::warned(&batch.warnings);
        out.write_all(&batch.bytes)?;
        for decision in batch.decisions {
            expectation.check(decision);
            let slot = match decision {
                Decision::Allowed => 0,
                Decision::ExplicitDeny => 1,
                Decision::ImplicitDeny => 2,
            };
            if let Some(count) = counts.get_mut(slot) {
                *count += 1;
            }
        }
        Ok(())
    })?;
    Ok(counts)
}
