//! `iamsim eval`: load, evaluate every scenario, print, check `--expect`.

use std::io::IsTerminal;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use iamsim::{evaluate, Decision, EvalOptions};

use crate::args::{EvalArgs, Format};
use crate::human;
use crate::input::{self, Loaded};
use crate::json_out::JsonStyle;
use crate::output::{self, Status};
use crate::parallel;

pub fn run(args: &EvalArgs) -> Status {
    let loaded = match &args.file {
        Some(path) => input::read(path).and_then(|(name, bytes)| input::load_file(&name, &bytes)),
        None => input::load_flags(&args.scenario),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error) => return output::report(&error, Some("nothing was evaluated")),
    };
    for scenario in &loaded.scenarios {
        output::warn(&scenario.warnings, &scenario.sources);
    }
    let options = EvalOptions {
        now_epoch_seconds: now(),
    };
    let mut expectation = Expectation {
        expected: args.expect.map(|e| e.decision()),
        status: Status::Ok,
    };
    let written = match args.format {
        Format::Json => {
            let on_terminal = std::io::stdout().is_terminal();
            let style = JsonStyle {
                pretty: args.pretty || (on_terminal && !args.compact),
            };
            write_json(
                output::json_stdout(),
                &loaded,
                &options,
                style,
                &mut expectation,
            )
        }
        Format::Human | Format::Plain => write_human(
            output::text_stdout(args.format),
            &loaded,
            &options,
            args.verbose,
            &mut expectation,
        ),
    };
    if let Err(error) = written {
        return output::write_failed(&error);
    }
    if let (Some(expected), Status::Unexpected) = (expectation.expected, expectation.status) {
        output::note(&format!(
            "not every decision is `{}`, as --expect asked",
            expected.as_str()
        ));
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

/// The result contract: an object for a scenario, an array for an array.
fn write_json(
    mut out: impl Write,
    loaded: &Loaded,
    options: &EvalOptions,
    style: JsonStyle,
    expectation: &mut Expectation,
) -> io::Result<()> {
    match loaded.scenarios.as_slice() {
        [scenario] if !loaded.is_array => {
            let result = evaluate(scenario, options);
            expectation.check(result.decision);
            style.write(&mut out, &result)?;
        }
        scenarios => {
            out.write_all(b"[")?;
            let render = |index: usize, scenario: &_, buffer: &mut Vec<u8>| {
                let result = evaluate(scenario, options);
                style.element(buffer, index, &result)?;
                Ok(result.decision)
            };
            parallel::render_all(
                scenarios,
                &render,
                |bytes| out.write_all(bytes),
                |d| expectation.check(d),
            )?;
            out.write_all(style.array_end(scenarios.len()))?;
        }
    }
    writeln!(out)?;
    out.flush()
}

fn write_human(
    mut out: impl Write,
    loaded: &Loaded,
    options: &EvalOptions,
    verbose: bool,
    expectation: &mut Expectation,
) -> io::Result<()> {
    let total = loaded.scenarios.len();
    let human_options = human::Options { verbose };
    let render = |index: usize, scenario: &_, buffer: &mut Vec<u8>| {
        let result = evaluate(scenario, options);
        let heading = loaded
            .is_array
            .then(|| format!("── scenario {} of {total} ──", index + 1));
        if index > 0 {
            buffer.push(b'\n');
        }
        buffer.extend_from_slice(
            human::render(scenario, &result, heading.as_deref(), &human_options).as_bytes(),
        );
        Ok(result.decision)
    };
    let mut counts = [0_usize; 3];
    parallel::render_all(
        &loaded.scenarios,
        &render,
        |bytes| out.write_all(bytes),
        |decision| {
            expectation.check(decision);
            let slot = match decision {
                Decision::Allowed => 0,
                Decision::ExplicitDeny => 1,
                Decision::ImplicitDeny => 2,
            };
            if let Some(count) = counts.get_mut(slot) {
                *count += 1;
            }
        },
    )?;
    if loaded.is_array {
        let [allowed, explicit, implicit] = counts;
        writeln!(
            out,
            "{}── {total} scenarios: {allowed} allowed, {explicit} explicitDeny, {implicit} implicitDeny ──",
            if total > 0 { "\n" } else { "" }
        )?;
    }
    out.flush()
}
