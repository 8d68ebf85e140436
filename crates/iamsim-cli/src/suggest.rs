//! `iamsim suggest FILE`: the smallest edits that flip the decision of a
//! scenario's request (the core's `whatif`), each verified by evaluation:
//! for a denied request what would allow it, for an allowed one the
//! statements it rests on. Exit 0 when there is a suggestion, 1 when no
//! edit can flip it, 2 on bad input.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::scenario::ScenarioText;
use iamsim::whatif::{self, Change, Suggestions};
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
        iamsim::load_scenario(&file.document, &file.name).map_err(InputError::Load)?;
        let typed = ScenarioText::from_json(&file.document, SCENARIO_FILE_LIMITS)
            .map_err(|e| InputError::Arguments(e.0))?;
        let options = EvalOptions {
            now_epoch_seconds: crate::eval::now(),
        };
        whatif::suggest(&typed, &options).map_err(InputError::Load)
    });
    let found = match suggested {
        Ok(found) => found,
        Err(error) => return fail(args, &error),
    };
    let written = emit::write_answer(
        args.format,
        args.pretty,
        &JsonReport { found: &found },
        |out| list(out, &found, args.verbose),
    );
    match written {
        Ok(()) if found.suggestions.is_empty() => Status::Unexpected,
        Ok(()) => Status::Ok,
        Err(error) => output::write_failed(&error),
    }
}

fn fail(args: &SuggestArgs, error: &InputError) -> Status {
    emit::fail_before_output(args.format, args.pretty, error, "nothing was suggested")
}

/// The JavaScript API's `suggest` answer, tagged the same way.
#[derive(Serialize)]
#[serde(tag = "type", rename = "suggestions")]
struct JsonReport<'r> {
    #[serde(flatten)]
    found: &'r Suggestions,
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
    if found.suggestions.is_empty() {
        return writeln!(
            out,
            "{style}{now}{style:#}: no edit of the policies or the context flips the decision"
        );
    }
    let changes = match found.suggestions.len() {
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    let what = if found.decision == Decision::Allowed {
        "would deny it (what the access rests on)"
    } else {
        "would allow it"
    };
    writeln!(
        out,
        "{style}{now}{style:#}: {changes} that {what}, each checked by evaluating it:"
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
    if !verbose {
        writeln!(
            out,
            "\n{DIM}--verbose shows each new policy text; --format json gives them as data{DIM:#}"
        )?;
    }
    Ok(())
}

fn document_lines(out: &mut dyn Write, document: &str) -> io::Result<()> {
    for line in document.lines() {
        writeln!(out, "     {line}")?;
    }
    Ok(())
}
