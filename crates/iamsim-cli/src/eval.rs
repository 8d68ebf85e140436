//! `iamsim eval`: load, evaluate every scenario, print, check `--expect`.

use std::io::Write;
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use iamsim::{evaluate, Decision, EvalOptions, EvalResult, Scenario};
use serde::ser::SerializeSeq;
use serde::Serialize;

use crate::args::{EvalArgs, Format};
use crate::human;
use crate::input::{self, Loaded};
use crate::output::{self, Status};

/// Scenarios evaluated per batch handed from the evaluating thread to the
/// printing one: large enough that handing over costs nothing, small enough
/// that few results wait in memory.
const BATCH: usize = 256;

pub fn run(args: &EvalArgs) -> Status {
    let loaded = match &args.file {
        Some(path) => input::read(path).and_then(|(name, bytes)| input::load_file(&name, &bytes)),
        None => input::load_flags(&args.scenario),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error) => return output::report(&error),
    };
    for scenario in &loaded.scenarios {
        output::warn(&scenario.warnings, &scenario.sources);
    }
    let options = EvalOptions { now_epoch_seconds: now() };
    let mut expectation = Expectation { expected: args.expect.map(|e| e.decision()), status: Status::Ok };
    let written = match args.format {
        Format::Json => write_json(output::json_stdout(), &loaded, &options, args.compact, &mut expectation),
        Format::Human | Format::Plain => {
            write_human(output::text_stdout(args.format), &loaded, &options, args.verbose, &mut expectation)
        }
    };
    if let Err(error) = written {
        return output::write_failed(&error);
    }
    if let (Some(expected), Status::Unexpected) = (expectation.expected, expectation.status) {
        output::note(&format!("not every decision is `{}`, as --expect asked", expected.as_str()));
    }
    // The process ends here: the OS takes back the scenarios' memory faster
    // than freeing them one by one would.
    std::mem::forget(loaded);
    expectation.status
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

/// Evaluates the scenarios on a second thread while this one prints the
/// results, in order, through `print`. Stops early when `print` fails.
fn each_result(
    scenarios: &[Scenario],
    options: &EvalOptions,
    mut print: impl FnMut(usize, &Scenario, &EvalResult) -> std::io::Result<()>,
) -> std::io::Result<()> {
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<EvalResult>>(2);
        scope.spawn(move || {
            for batch in scenarios.chunks(BATCH) {
                let results = batch.iter().map(|scenario| evaluate(scenario, options)).collect();
                // The printer stopped (a closed pipe): stop too.
                if sender.send(results).is_err() {
                    break;
                }
            }
        });
        let mut index = 0;
        for (results, batch) in receiver.into_iter().zip(scenarios.chunks(BATCH)) {
            for (result, scenario) in results.iter().zip(batch) {
                print(index, scenario, result)?;
                index += 1;
            }
        }
        Ok(())
    })
}

/// The result contract: an object for a scenario, an array for an array.
fn write_json(
    mut out: impl Write,
    loaded: &Loaded,
    options: &EvalOptions,
    compact: bool,
    expectation: &mut Expectation,
) -> std::io::Result<()> {
    if compact {
        serialize(&mut serde_json::Serializer::new(&mut out), loaded, options, expectation)?;
    } else {
        serialize(&mut serde_json::Serializer::pretty(&mut out), loaded, options, expectation)?;
    }
    writeln!(out)?;
    out.flush()
}

fn serialize<S: serde::Serializer<Error = serde_json::Error>>(
    serializer: S,
    loaded: &Loaded,
    options: &EvalOptions,
    expectation: &mut Expectation,
) -> std::io::Result<()> {
    match loaded.scenarios.as_slice() {
        [scenario] if !loaded.is_array => {
            let result = evaluate(scenario, options);
            expectation.check(result.decision);
            result.serialize(serializer)?;
        }
        scenarios => {
            let mut seq = serializer.serialize_seq(Some(scenarios.len()))?;
            each_result(scenarios, options, |_, _, result| {
                expectation.check(result.decision);
                Ok(seq.serialize_element(result)?)
            })?;
            seq.end()?;
        }
    }
    Ok(())
}

fn write_human(
    mut out: impl Write,
    loaded: &Loaded,
    options: &EvalOptions,
    verbose: bool,
    expectation: &mut Expectation,
) -> std::io::Result<()> {
    let total = loaded.scenarios.len();
    let human_options = human::Options { verbose };
    each_result(&loaded.scenarios, options, |index, scenario, result| {
        expectation.check(result.decision);
        let heading = loaded.is_array.then(|| format!("── scenario {} of {total} ──", index + 1));
        if index > 0 {
            writeln!(out)?;
        }
        out.write_all(human::render(scenario, result, heading.as_deref(), &human_options).as_bytes())
    })?;
    out.flush()
}
