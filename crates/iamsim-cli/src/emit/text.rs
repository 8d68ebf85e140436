//! `human` and `plain`: the explanation of each result on stdout (see
//! [`crate::human`]), problems rustc style on stderr. `plain` is `human`
//! without colour; `human` has colour only on a terminal without NO_COLOR.

use std::io::{self, BufWriter, Write};

use anstream::{AutoStream, ColorChoice};
use iamsim::{Diagnostic, Severity, Source};

use super::{CheckEmitter, CheckedFile, Emitter, Evaluated, Failure, Shape, Tally};
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
}

impl CheckEmitter for Text {
    fn stdout(&self) -> Box<dyn Write> {
        Emitter::stdout(self)
    }

    /// On stderr, rustc style: each file's diagnostics in reading order,
    /// each with the AWS page of its rule, then what they come to; with
    /// several files, the total.
    fn check(&self, _: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
        let mut total = Counts::default();
        for (i, file) in files.iter().enumerate() {
            if i > 0 {
                output::note(""); // a blank line between files
            }
            match file {
                CheckedFile::Unreadable { message, .. } => {
                    output::error_line(message);
                    total.unreadable += 1;
                }
                CheckedFile::Checked(report) => {
                    let notes: Vec<Option<String>> = report
                        .diagnostics
                        .iter()
                        .map(|d| {
                            iamsim_check::rule(d.id.as_str()).map(|r| format!("see {}", r.doc))
                        })
                        .collect();
                    output::to_stderr(&diagnostics::render_with_notes(
                        &report.diagnostics,
                        &report.sources,
                        &notes,
                        self.colour,
                    ));
                    let counts = Counts::of(&report.diagnostics);
                    let line = format!("{}: {}", report.name, counts.describe());
                    if counts.errors > 0 {
                        output::error_line(&line);
                    } else {
                        output::note(&line);
                    }
                    total.add(&counts);
                }
            }
        }
        if files.len() > 1 {
            output::note("");
            output::note(&format!(
                "{} files checked: {}",
                files.len(),
                total.describe()
            ));
        }
        Ok(())
    }
}

/// How many diagnostics of each severity, and files that could not be read.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    errors: usize,
    security_warnings: usize,
    warnings: usize,
    suggestions: usize,
    unreadable: usize,
}

impl Counts {
    fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            *match d.severity {
                Severity::Error => &mut counts.errors,
                Severity::SecurityWarning => &mut counts.security_warnings,
                Severity::Warning => &mut counts.warnings,
                Severity::Suggestion => &mut counts.suggestions,
            } += 1;
        }
        counts
    }

    fn add(&mut self, other: &Counts) {
        self.errors += other.errors;
        self.security_warnings += other.security_warnings;
        self.warnings += other.warnings;
        self.suggestions += other.suggestions;
        self.unreadable += other.unreadable;
    }

    /// `2 errors, 1 security warning`, or `no problems found`.
    fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.errors, "error"),
            (self.security_warnings, "security warning"),
            (self.warnings, "warning"),
            (self.suggestions, "suggestion"),
            (self.unreadable, "unreadable file"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
        .collect();
        if parts.is_empty() {
            "no problems found".to_owned()
        } else {
            parts.join(", ")
        }
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
