//! `iamsim eval`: load, evaluate every scenario, print, check `--expect`.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use iamsim::scenario::LoadOptions;
use iamsim::{evaluate, Decision, EvalOptions, EvalResult, Scenario};

use crate::args::{EvalArgs, Format};
use crate::human;
use crate::input::{self, InputError, Item, Scenarios, Unloaded};
use crate::json_out::JsonStyle;
use crate::output::{self, Held, Status};
use crate::parallel::{self, Batch};
use crate::warnings::{self, Reporter, Warning};

pub fn run(args: &EvalArgs) -> Status {
    let options = LoadOptions { draft: args.draft };
    let scenarios = match &args.file {
        Some(path) => input::open(path, options),
        None => input::load_flags(&args.scenario, options),
    };
    let mut scenarios = match scenarios {
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
            write_json(&mut out, &mut scenarios, &options, style, &mut expectation)
        }
        Format::Human | Format::Plain => write_human(
            &mut out,
            &mut scenarios,
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
        Err(Stop::Input(error)) => {
            let consequence = if out.released() {
                "the results printed stop before it"
            } else {
                "nothing was evaluated"
            };
            return output::report(&error, Some(consequence));
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
    scenarios: &mut Scenarios,
    options: &EvalOptions,
    style: JsonStyle,
    expectation: &mut Expectation,
) -> Result<(), Stop> {
    if scenarios.is_array() {
        out.write_all(b"[")?;
        let items = scenarios.items();
        let scenarios = &*scenarios;
        let render = |index: usize, item: Item, batch: &mut Batch| {
            let (_, result) = evaluated(scenarios, index, item, options, &mut batch.warnings)?;
            style.element(&mut batch.bytes, index, &result)?;
            batch.decisions.push(result.decision);
            Ok(())
        };
        let counts = render_in_order(out, items, &render, expectation)?;
        out.write_all(style.array_end(counts.iter().sum()))?;
    } else {
        let mut warnings = Vec::new();
        let (_, result) = evaluated(scenarios, 0, Item::Index(0), options, &mut warnings)?;
        let mut reporter = Reporter::new(false);
        warnings.into_iter().for_each(|w| reporter.report(w));
        reporter.finish();
        expectation.check(result.decision);
        style.write(out, &result)?;
    }
    writeln!(out)?;
    Ok(out.flush()?)
}

fn write_human(
    out: &mut Held<impl Write>,
    scenarios: &mut Scenarios,
    options: &EvalOptions,
    verbose: bool,
    expectation: &mut Expectation,
) -> Result<(), Stop> {
    let is_array = scenarios.is_array();
    // A stream's length is known only at its end.
    let of_total = scenarios
        .len()
        .map_or_else(String::new, |total| format!(" of {total}"));
    let items = scenarios.items();
    let scenarios = &*scenarios;
    let human_options = human::Options { verbose };
    let render = |index: usize, item: Item, batch: &mut Batch| {
        let (scenario, result) = evaluated(scenarios, index, item, options, &mut batch.warnings)?;
        let heading = is_array.then(|| format!("── scenario {}{of_total} ──", index + 1));
        if index > 0 {
            batch.bytes.push(b'\n');
        }
        batch.bytes.extend_from_slice(
            human::render(&scenario, &result, heading.as_deref(), &human_options).as_bytes(),
        );
        batch.decisions.push(result.decision);
        Ok(())
    };
    let counts = render_in_order(out, items, &render, expectation)?;
    if is_array {
        let total: usize = counts.iter().sum();
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
    items: impl Iterator<Item = Result<Item, InputError>> + Send,
    render: &(dyn Fn(usize, Item, &mut Batch) -> Result<(), Stop> + Sync),
    expectation: &mut Expectation,
) -> Result<[usize; 3], Stop> {
    let mut counts = [0_usize; 3];
    let mut reporter = Reporter::new(true);
    let items = items.map(|item| item.map_err(Stop::Input));
    parallel::render_all(items, render, |batch| {
        batch.warnings.into_iter().for_each(|w| reporter.report(w));
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
    reporter.finish();
    Ok(counts)
}
