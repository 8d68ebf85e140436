//! `json`: each result as the result contract of `docs/scenario.md` (an
//! object for a scenario, an array for an array), and the other answers as
//! the tagged shapes the JavaScript API returns too ([`Outcome`]):
//! `{"type": "failure", "errors": [...]}` for input that cannot be
//! evaluated, `{"type": "check", "valid": ..., "diagnostics": [...]}` for
//! `check` (with the file's name, and the AWS page of each finding's rule:
//! an object for one file, an array for several). All on stdout; only
//! `eval`'s warnings go to stderr, as text.

use iamsim::diagnostic::DiagnosticId;
use std::io::{self, Write};

use iamsim::diagnostic::DiagnosticReport;
use iamsim::outcome::Outcome;
use iamsim::Diagnostic;
use serde::Serialize;

use super::{CheckEmitter, CheckedFile, Emitter, Evaluated, Failure, Shape, Tally};
use crate::input::InputError;
use crate::json_out::JsonStyle;
use crate::output;

pub struct Json {
    pub pretty: bool,
}

impl Json {
    fn style(&self) -> JsonStyle {
        JsonStyle {
            pretty: self.pretty,
        }
    }

    /// A whole answer on its own line. serde_json writes it (sonic-rs,
    /// for results, would sort the keys of this tagged enum: `type` last).
    fn answer(&self, mut out: &mut dyn Write, outcome: &impl Serialize) -> io::Result<()> {
        if self.pretty {
            serde_json::to_writer_pretty(&mut out, outcome)?;
        } else {
            serde_json::to_writer(&mut out, outcome)?;
        }
        writeln!(out)
    }
}

impl Emitter for Json {
    fn stdout(&self) -> Box<dyn Write> {
        Box::new(output::json_stdout())
    }

    fn open(&self, out: &mut dyn Write, shape: Shape) -> io::Result<()> {
        if shape.array {
            out.write_all(b"[")?;
        }
        Ok(())
    }

    fn result(&self, out: &mut Vec<u8>, shape: Shape, item: Evaluated<'_>) -> io::Result<()> {
        if shape.array {
            self.style().element(out, item.index, item.result)
        } else {
            self.style().write(out, item.result)
        }
    }

    fn close(&self, out: &mut dyn Write, shape: Shape, tally: &Tally) -> io::Result<()> {
        if shape.array {
            out.write_all(self.style().array_end(tally.total()))?;
        }
        writeln!(out)
    }

    /// After results already printed (a big file), on a line of its own.
    fn failure(&self, out: &mut dyn Write, failure: &Failure<'_>) -> io::Result<()> {
        if failure.partial {
            writeln!(out)?;
        }
        self.answer(out, &outcome(failure.error))
    }
}

impl CheckEmitter for Json {
    fn stdout(&self) -> Box<dyn Write> {
        Emitter::stdout(self)
    }

    fn check(&self, out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
        match files {
            [file] => self.answer(out, &FileAnswer::of(file)),
            _ => self.answer(out, &files.iter().map(FileAnswer::of).collect::<Vec<_>>()),
        }
    }
}

/// `check`'s answer for one file: the JavaScript API's `check` answer
/// (or, for a file that cannot be read, its `failure`), with the file.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum FileAnswer<'a> {
    Check {
        file: &'a str,
        valid: bool,
        diagnostics: Vec<Finding>,
    },
    Failure {
        file: &'a str,
        errors: Vec<DiagnosticReport>,
    },
}

/// A diagnostic as the API reports it, with the AWS page of its rule.
#[derive(Serialize)]
struct Finding {
    #[serde(flatten)]
    report: DiagnosticReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<&'static str>,
}

impl FileAnswer<'_> {
    fn of(file: &CheckedFile) -> FileAnswer<'_> {
        match file {
            CheckedFile::Unreadable { name, message } => FileAnswer::Failure {
                file: name,
                errors: match Outcome::bad_argument(
                    DiagnosticId::UnreadableFile,
                    message.clone(),
                    None,
                ) {
                    Outcome::Failure { errors } => errors,
                    _ => Vec::new(),
                },
            },
            CheckedFile::Checked(report) => FileAnswer::Check {
                file: &report.name,
                valid: report.valid(),
                diagnostics: report
                    .diagnostics
                    .iter()
                    .map(|d: &Diagnostic| Finding {
                        report: d.report(&report.sources),
                        doc: iamsim_check::rule(d.id.as_str()).map(|r| r.doc),
                    })
                    .collect(),
            },
        }
    }
}

/// Every error of the input; those of the command line itself (a file that
/// cannot be read, flags that do not make a scenario) have no position.
pub fn outcome(error: &InputError) -> Outcome {
    match error {
        InputError::Unreadable(message) => {
            Outcome::bad_argument(DiagnosticId::UnreadableFile, message.clone(), None)
        }
        InputError::Arguments(message) => {
            Outcome::bad_argument(DiagnosticId::InvalidArgument, message.clone(), None)
        }
        InputError::Load(load) if load.diagnostics.is_empty() => Outcome::bad_argument(
            DiagnosticId::InvalidScenario,
            "the input could not be loaded".to_owned(),
            None,
        ),
        InputError::Load(load) => Outcome::load_failure(load),
    }
}
