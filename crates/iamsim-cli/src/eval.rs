//! `iamsim eval`: load, evaluate every scenario, print, check `--expect`.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use iamsim::{evaluate, Decision, EvalOptions, Scenario};
use serde::ser::SerializeSeq;

use crate::args::{EvalArgs, Format};
use crate::human;
use crate::input::{self, Loaded};
use crate::output::{self, Status};

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
    let expected = args.expect.map(|e| e.decision());
    let mut out = output::stdout(args.format);
    let written = match args.format {
        Format::Json => write_json(&mut out, &loaded, &options, args.compact, expected),
        Format::Human | Format::Plain => write_human(&mut out, &loaded, &options, args.verbose, expected),
    };
    let status = match written.and_then(|status| out.flush().map(|()| status)) {
        Ok(status) => status,
        Err(error) => return output::write_failed(&error),
    };
    if let (Some(expected), Status::Unexpected) = (expected, status) {
        output::note(&format!("not every decision is `{}`, as --expect asked", expected.as_str()));
    }
    status
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
/// Results are serialized as they are evaluated, with nothing kept.
fn write_json(
    out: &mut impl Write,
    loaded: &Loaded,
    options: &EvalOptions,
    compact: bool,
    expected: Option<Decision>,
) -> std::io::Result<Status> {
    let mut expectation = Expectation { expected, status: Status::Ok };
    let mut evaluate_one = |scenario: &Scenario| {
        let result = evaluate(scenario, options);
        expectation.check(result.decision);
        result
    };
    if compact {
        serialize(&mut serde_json::Serializer::new(&mut *out), loaded, &mut evaluate_one)?;
    } else {
        serialize(&mut serde_json::Serializer::pretty(&mut *out), loaded, &mut evaluate_one)?;
    }
    writeln!(out)?;
    Ok(expectation.status)
}

fn serialize<S: serde::Serializer<Error = serde_json::Error>>(
    serializer: S,
    loaded: &Loaded,
    evaluate_one: &mut impl FnMut(&Scenario) -> iamsim::EvalResult,
) -> std::io::Result<()> {
    match loaded.scenarios.as_slice() {
        [scenario] if !loaded.is_array => {
            serde::Serialize::serialize(&evaluate_one(scenario), serializer)?;
        }
        scenarios => {
            let mut seq = serializer.serialize_seq(Some(scenarios.len()))?;
            for scenario in scenarios {
                seq.serialize_element(&evaluate_one(scenario))?;
            }
            seq.end()?;
        }
    }
    Ok(())
}

fn write_human(
    out: &mut impl Write,
    loaded: &Loaded,
    options: &EvalOptions,
    verbose: bool,
    expected: Option<Decision>,
) -> std::io::Result<Status> {
    let mut expectation = Expectation { expected, status: Status::Ok };
    let total = loaded.scenarios.len();
    let human_options = human::Options { verbose };
    for (index, scenario) in loaded.scenarios.iter().enumerate() {
        let result = evaluate(scenario, options);
        expectation.check(result.decision);
        let heading = loaded.is_array.then(|| format!("── scenario {} of {total} ──", index + 1));
        if index > 0 {
            writeln!(out)?;
        }
        out.write_all(human::render(scenario, &result, heading.as_deref(), &human_options).as_bytes())?;
    }
    Ok(expectation.status)
}
