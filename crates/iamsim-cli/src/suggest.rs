//! `iamsim suggest FILE`: the smallest edits that flip the decision of a
//! scenario's request (the core's `whatif`), each verified by evaluation:
//! for a denied request what would allow it, for an allowed one the
//! statements it rests on. `--request` picks an entry of `requests`,
//! `--failing` every check that fails (the edits that make it pass). Exit 0
//! when there is a suggestion (for every failing check), 1 when no edit can
//! flip it, 2 on bad input.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::scenario::ScenarioText;
use iamsim::whatif::{self, Change, Suggestions, Target};
use iamsim::{Decision, EvalOptions};
use serde::Serialize;

use crate::args::SuggestArgs;
use crate::emit;
use crate::input::{self, InputError};
use crate::output::{self, Status};

pub fn run(args: &SuggestArgs) -> Status {
    let suggested = input::policy(&args.file).and_then(|file| {
        // The loader reports every problem with its position; the typed
        // scenario is read only once it loads.
        let loaded = iamsim::load_scenario(&file.document, &file.name).map_err(InputError::Load)?;
        let typed = ScenarioText::from_json(&file.document, SCENARIO_FILE_LIMITS)
            .map_err(|e| InputError::Arguments(e.0))?;
        let options = EvalOptions {
            now_epoch_seconds: crate::eval::now(),
        };
        if args.failing {
            return whatif::suggest_failing(&typed, &options).map_err(InputError::Load);
        }
        let target = match &args.request {
            Some(key) => Target::find(&loaded, key).map_err(InputError::Arguments)?,
            None => Target::Request,
        };
        let found = whatif::suggest_for(&typed, target, &options).map_err(InputError::Load)?;
        Ok(vec![found])
    });
    let found = match suggested {
        Ok(found) => found,
        Err(error) => return fail(args, &error),
    };
    let written = match (args.failing, found.as_slice()) {
        (false, [one]) => emit::write_answer(
            args.format,
            args.pretty,
            &JsonReport::Suggestions { found: one },
            |out| {
                list(out, one, args.verbose)?;
                if one.suggestions.is_empty() {
                    return Ok(());
                }
                hint(out, args.verbose)
            },
        ),
        _ => emit::write_answer(
            args.format,
            args.pretty,
            &JsonReport::FailingChecks { checks: &found },
            |out| list_failing(out, &found, args.verbose),
        ),
    };
    match written {
        Ok(()) if found.iter().any(|f| f.suggestions.is_empty()) => Status::Unexpected,
        Ok(()) => Status::Ok,
        Err(error) => output::write_failed(&error),
    }
}

fn fail(args: &SuggestArgs, error: &InputError) -> Status {
    emit::fail_before_output(args.format, args.pretty, error, "nothing was suggested")
}

/// The JavaScript API's `suggest` answer, tagged the same way; with
/// `--failing`, one per failing check.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum JsonReport<'r> {
    Suggestions {
        #[serde(flatten)]
        found: &'r Suggestions,
    },
    FailingChecks {
        checks: &'r [Suggestions],
    },
}

fn list_failing(out: &mut dyn Write, checks: &[Suggestions], verbose: bool) -> io::Result<()> {
    if checks.is_empty() {
        return writeln!(out, "every check passes: nothing to suggest");
    }
    for (i, found) in checks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        list(out, found, verbose)?;
    }
    hint(out, verbose)
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn list(out: &mut dyn Write, found: &Suggestions, verbose: bool) -> io::Result<()> {
    let now = match found.decision {
        Decision::Allowed => "ALLOWED",
        Decision::ExplicitDeny => "DENIED (explicit deny)",
        Decision::ImplicitDeny => "DENIED (implicit deny)",
    };
    let style = if found.decision == Decision::Allowed {
        AnsiColor::Green.on_default().bold()
    } else {
        AnsiColor::Red.on_default().bold()
    };
    if let Some(name) = &found.request {
        write!(out, "{BOLD}{name}{BOLD:#}: ")?;
    }
    let now = match found.expected {
        Some(expected) => format!("{style}{now}{style:#}, expected {}", expected.as_str()),
        None => format!("{style}{now}{style:#}"),
    };
    if found.suggestions.is_empty() {
        let flips = match found.expected {
            Some(expected) => format!("gives it {}", expected.as_str()),
            None => "flips the decision".to_owned(),
        };
        return writeln!(out, "{now}: no edit of the policies or the context {flips}");
    }
    let changes = match found.suggestions.len() {
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    let what = match found.expected {
        Some(expected) => format!("would give it {}", expected.as_str()),
        None if found.decision == Decision::Allowed => {
            "would deny it (what the access rests on)".to_owned()
        }
        None => "would allow it".to_owned(),
    };
    writeln!(
        out,
        "{now}: {changes} that {what}, each checked by evaluating it:"
    )?;
    for (i, suggestion) in found.suggestions.iter().enumerate() {
        writeln!(
            out,
            "\n{BOLD}{}.{BOLD:#} {}  {DIM}→ {}{DIM:#}",
            i + 1,
            suggestion.summary,
            suggestion.decision.as_str()
        )?;
        for change in &suggestion.changes {
            match change {
                Change::SetContext { key, values } => {
                    writeln!(out, "   context: {key} = {}", values.join(", "))?;
                }
                Change::SetEntryContext { key, values, .. } => {
                    writeln!(out, "   its context: {key} = {}", values.join(", "))?;
                }
                Change::ReplaceDocument { target, document } => {
                    writeln!(out, "   new text of `{}`", target.policy)?;
                    if verbose {
                        document_lines(out, document)?;
                    }
                }
                Change::AddPolicy { name, document, .. } => {
                    writeln!(out, "   new policy `{name}`")?;
                    if verbose {
                        document_lines(out, document)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Said once, after every list.
fn hint(out: &mut dyn Write, verbose: bool) -> io::Result<()> {
    if verbose {
        return Ok(());
    }
    writeln!(
        out,
        "\n{DIM}--verbose shows each new policy text; --format json gives them as data{DIM:#}"
    )
}

fn document_lines(out: &mut dyn Write, document: &str) -> io::Result<()> {
    for line in document.lines() {
        writeln!(out, "     {line}")?;
    }
    Ok(())
}
