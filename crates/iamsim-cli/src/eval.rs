//! `iamsim eval`: load, evaluate every scenario, print, check `--expect`.

use std::borrow::Cow;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use iamsim::scenario::LoadOptions;
use iamsim::{evaluate, Decision, EvalOptions, EvalResult, Scenario};

use crate::args::EvalArgs;
use crate::emit::{self, Emitter, Evaluated, Failure, Shape, Tally};
use crate::input::{self, InputError, Item, Scenarios, Unloaded};
use crate::output::{self, Held, Status};
use crate::parallel::{self, Batch};
use crate::warnings::{self, Reporter, Warning};

pub fn run(args: &EvalArgs) -> Status {
    let emitter = emit::emitter(
        args.output.format,
        emit::Options {
            verbose: args.verbose,
            pretty: args.output.pretty(),
        },
    );
    let mut out = Held::new(emitter.stdout());
    let options = LoadOptions { draft: args.draft };
    let scenarios = match &args.file {
        Some(path) => input::open(path, options),
        None => input::load_flags(&args.scenario, options),
    };
    let mut scenarios = match scenarios {
        Ok(scenarios) => scenarios,
        Err(error) => return fail(emitter.as_ref(), &mut out, &error, None),
    };
    let options = EvalOptions {
        now_epoch_seconds: now(),
    };
    let mut expectation = Expectation {
        expected: args.expect,
        status: Status::Ok,
    };
    let written = write_results(
        emitter.as_ref(),
        &mut out,
        &mut scenarios,
        &options,
        &mut expectation,
    );
    match written {
        Ok(()) => {}
        Err(Stop::Invalid) => {
            let error = scenarios.problems();
            let printed = "the results printed stop before the first of them";
            return fail(emitter.as_ref(), &mut out, &error, Some(printed));
        }
        Err(Stop::Input(error)) => {
            let printed = "the results printed stop before it";
            return fail(emitter.as_ref(), &mut out, &error, Some(printed));
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

/// Reports input that cannot be evaluated. What is still held back is
/// dropped, unprinted; `printed` says what that means for the results that
/// went out already, if any did.
fn fail(
    emitter: &dyn Emitter,
    out: &mut Held<Box<dyn Write>>,
    error: &InputError,
    printed: Option<&str>,
) -> Status {
    let partial = out.discard();
    let failure = Failure {
        error,
        consequence: Some(match printed {
            Some(printed) if partial => printed,
            _ => "nothing was evaluated",
        }),
        partial,
    };
    match emitter.failure(out, &failure).and_then(|()| out.flush()) {
        Ok(()) => Status::BadInput,
        Err(error) => output::write_failed(&error),
    }
}

/// Why results stopped.
enum Stop {
    /// A scenario did not load: [`Scenarios::problems`] says why.
    Invalid,
    /// A streamed scenario did not load, or the stream broke.
    Input(InputError),
    Write(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Stop {
        Stop::Write(error)
    }
}

impl From<InputError> for Stop {
    fn from(error: InputError) -> Stop {
        Stop::Input(error)
    }
}

/// The scenario of `item` loaded and evaluated, its warnings added to the batch.
fn evaluated<'s>(
    scenarios: &'s Scenarios,
    index: usize,
    item: Item,
    options: &EvalOptions,
    warnings: &mut Vec<Warning>,
) -> Result<(Cow<'s, Scenario>, EvalResult), Stop> {
    let scenario = scenarios.get(item).map_err(|unloaded| match unloaded {
        Unloaded::Invalid => Stop::Invalid,
        Unloaded::Load(error) => Stop::Input(InputError::Load(error)),
    })?;
    warnings.extend(warnings::of(index, &scenario));
    let result = evaluate(&scenario, options);
    Ok((scenario, result))
}

/// The system clock, for `aws:CurrentTime` and `aws:EpochTime`.
pub fn now() -> Option<i64> {
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

/// Every result, rendered on every core by `emitter` and written in order,
/// the warnings on stderr as their batches come.
fn write_results(
    emitter: &dyn Emitter,
    out: &mut Held<impl Write>,
    scenarios: &mut Scenarios,
    options: &EvalOptions,
    expectation: &mut Expectation,
) -> Result<(), Stop> {
    let shape = Shape {
        len: scenarios.len(),
        array: scenarios.is_array(),
    };
    emitter.open(out, shape)?;
    let items = scenarios.items().map(|item| item.map_err(Stop::Input));
    let scenarios = &*scenarios;
    let render = |index: usize, item: Item, batch: &mut Batch| {
        let (scenario, result) = evaluated(scenarios, index, item, options, &mut batch.warnings)?;
        let item = Evaluated {
            index,
            scenario: &scenario,
            result: &result,
        };
        emitter.result(&mut batch.bytes, shape, item)?;
        batch.decisions.push(result.decision);
        Ok(())
    };
    let mut tally = Tally::default();
    let mut reporter = Reporter::new(shape.array);
    parallel::render_all(items, &render, |batch| {
        batch.warnings.into_iter().for_each(|w| reporter.report(w));
        out.write_all(&batch.bytes)?;
        for decision in batch.decisions {
            expectation.check(decision);
            tally.add(decision);
        }
        Ok(())
    })?;
    reporter.finish();
    emitter.close(out, shape, &tally)?;
    Ok(out.flush()?)
}
