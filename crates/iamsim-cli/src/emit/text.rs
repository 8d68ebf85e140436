//! `human` and `plain`: the explanation of each result on stdout (see
//! [`crate::human`]), problems rustc style on stderr. `plain` is `human`
//! without colour; `human` has colour only on a terminal without NO_COLOR.

use std::io::{self, BufWriter, Write};

use anstream::{AutoStream, ColorChoice};
use iamsim::{Diagnostic, Source};

use super::{CheckReport, Emitter, Evaluated, Failure, Shape, Tally};
use crate::diagnostics;
use crate::human;
use crate::input::InputError;
use crate::output;

pub struct Text {
    /// Colour where the terminal takes it (`human`), or never (`plain`).
    pub colour: bool,
    pub verbose: bool,
}

impl Emitter for Text {
    /// The explanation always writes ANSI styles: this stream strips them
    /// where they do not belong.
    fn stdout(&self) -> Box<dyn Write> {
        let raw = io::stdout();
        let choice = if self.colour {
            AutoStream::choice(&raw)
        } else {
            ColorChoice::Never
        };
        let buffered: Box<dyn Write> = Box::new(BufWriter::new(raw.lock()));
        Box::new(AutoStream::new(buffered, choice))
    }

    fn result(&self, out: &mut Vec<u8>, shape: Shape, item: Evaluated<'_>) -> io::Result<()> {
        let Evaluated {
            index,
            scenario,
            result,
        } = item;
        let of_total = shape
            .len
            .map_or_else(String::new, |len| format!(" of {len}"));
        let heading = shape
            .array
            .then(|| format!("── scenario {}{of_total} ──", index + 1));
        if index > 0 {
            out.push(b'\n');
        }
        let options = human::Options {
            verbose: self.verbose,
        };
        let text = human::render(scenario, result, heading.as_deref(), &options);
        out.extend_from_slice(text.as_bytes());
        Ok(())
    }

    /// An array ends with the count of each decision.
    fn close(&self, out: &mut dyn Write, shape: Shape, tally: &Tally) -> io::Result<()> {
        if shape.array {
            let total = tally.total();
            let counts: Vec<String> = tally
                .counts()
                .iter()
                .map(|(decision, count)| format!("{count} {}", decision.as_str()))
                .collect();
            writeln!(
                out,
                "{}── {total} scenarios: {} ──",
                if total > 0 { "\n" } else { "" },
                counts.join(", ")
            )?;
        }
        Ok(())
    }

    fn failure(&self, _: &mut dyn Write, failure: &Failure<'_>) -> io::Result<()> {
        match failure.error {
            InputError::Unreadable(message) | InputError::Arguments(message) => {
                output::error_line(message);
            }
            InputError::Load(load) => {
                report(&load.diagnostics, &load.sources, failure.consequence);
            }
        }
        Ok(())
    }

    /// The errors, or else the warnings, on stderr, then what they come to.
    fn check(&self, _: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
        if !report.valid() {
            let errors: Vec<Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            self::report(&errors, report.sources, None);
            return Ok(());
        }
        output::warn(report.diagnostics, report.sources);
        let found = match report.diagnostics.len() {
            0 => "no problems found".to_owned(),
            1 => "1 warning".to_owned(),
            n => format!("{n} warnings"),
        };
        output::note(&format!("{}: {found}", report.name));
        Ok(())
    }
}

/// Every diagnostic on stderr, closing with the count of errors and
/// `consequence` (e.g. "nothing was evaluated").
fn report(diagnostics: &[Diagnostic], sources: &[Source], consequence: Option<&str>) {
    if diagnostics.is_empty() {
        output::error_line("the input could not be loaded");
        return;
    }
    let text = diagnostics::render(diagnostics, sources, true);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let plural = if errors == 1 { "" } else { "s" };
    let summary = match consequence {
        Some(consequence) => format!("{errors} error{plural} found: {consequence}"),
        None => format!("{errors} error{plural} found"),
    };
    output::to_stderr(&text);
    output::error_line(&summary);
}
