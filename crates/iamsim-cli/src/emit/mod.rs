//! Output formats, one emitter each: [`Text`] explains for people (`human`,
//! and `plain` without colour), [`Json`] prints the contract for programs,
//! [`Sarif`] gives `check`'s findings to code-scanning tools. `eval` and
//! `check` decide what to print and when; the emitter decides how it looks
//! and where it goes: an [`Emitter`] for `eval`'s results, a
//! [`CheckEmitter`] for `check`'s findings.

mod json;
mod sarif;
mod text;

use std::io::{self, Write};

use anstream::{AutoStream, ColorChoice};

use iamsim::{Decision, Diagnostic, EvalResult, Scenario, Source};

use crate::args::{CheckFormat, Format};
use crate::input::InputError;
use crate::json_out::JsonStyle;
use crate::output::{self, Status};
pub use json::{outcome, Json};
pub use sarif::Sarif;
pub use text::Text;

/// What the flags say about the look of the output.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Every statement and condition (`--verbose`), for the explanation.
    pub verbose: bool,
    /// Indented JSON rather than one line.
    pub pretty: bool,
}

/// The emitter of `format`.
pub fn emitter(format: Format, options: Options) -> Box<dyn Emitter> {
    match format {
        Format::Human => Box::new(Text {
            colour: true,
            verbose: options.verbose,
        }),
        Format::Plain => Box::new(Text {
            colour: false,
            verbose: options.verbose,
        }),
        Format::Json => Box::new(Json {
            pretty: options.pretty,
        }),
    }
}

/// Writes a command's one answer to stdout: `json` for `--format json`, else
/// what `text` writes, coloured for `human` when stdout is a terminal.
pub fn write_answer(
    format: Format,
    pretty: bool,
    json: &impl serde::Serialize,
    text: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if format == Format::Json {
        let mut out = output::json_stdout();
        return JsonStyle { pretty }
            .write(&mut out, json)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
    }
    let choice = if format == Format::Human {
        AutoStream::choice(&io::stdout())
    } else {
        ColorChoice::Never
    };
    let mut out = AutoStream::new(io::stdout().lock(), choice);
    text(&mut out).and_then(|()| out.flush())
}

/// Reports input that stopped a command before it wrote anything, in the
/// format asked for; `consequence` says what was not done.
pub fn fail_before_output(
    format: Format,
    pretty: bool,
    error: &InputError,
    consequence: &str,
) -> Status {
    let failure = Failure {
        error,
        consequence: Some(consequence),
        partial: false,
    };
    let emitter = emitter(
        format,
        Options {
            verbose: false,
            pretty,
        },
    );
    let mut out = emitter.stdout();
    match emitter
        .failure(&mut out, &failure)
        .and_then(|()| out.flush())
    {
        Ok(()) => Status::BadInput,
        Err(error) => output::write_failed(&error),
    }
}

/// `eval`'s results as a whole: how many, when that is known before they
/// are read (a streamed array's length is known only at its end), and
/// whether the input held an array of scenarios (JSON answers an array
/// with an array).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub len: Option<usize>,
    pub array: bool,
}

/// How many results had each decision.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub allowed: usize,
    pub explicit_deny: usize,
    pub implicit_deny: usize,
}

impl Tally {
    pub fn add(&mut self, decision: Decision) {
        *match decision {
            Decision::Allowed => &mut self.allowed,
            Decision::ExplicitDeny => &mut self.explicit_deny,
            Decision::ImplicitDeny => &mut self.implicit_deny,
        } += 1;
    }

    /// Each decision with its count, in the result contract's order.
    pub fn counts(&self) -> [(Decision, usize); 3] {
        [
            (Decision::Allowed, self.allowed),
            (Decision::ExplicitDeny, self.explicit_deny),
            (Decision::ImplicitDeny, self.implicit_deny),
        ]
    }

    pub fn total(&self) -> usize {
        self.allowed + self.explicit_deny + self.implicit_deny
    }
}

/// One scenario and its result; `index` counts the input's scenarios from 0.
#[derive(Clone, Copy)]
pub struct Evaluated<'a> {
    pub index: usize,
    pub scenario: &'a Scenario,
    pub result: &'a EvalResult,
}

/// Input that cannot be evaluated.
pub struct Failure<'a> {
    pub error: &'a InputError,
    /// What it means for the results, e.g. "nothing was evaluated".
    pub consequence: Option<&'a str>,
    /// Whether some results were printed before the failure was found.
    pub partial: bool,
}

/// What `check` made of one file.
pub enum CheckedFile {
    /// It could not be read: why, and its name.
    Unreadable {
        name: String,
        message: String,
    },
    Checked(CheckReport),
}

/// `check`'s findings in one policy, in reading order (errors make it
/// invalid).
pub struct CheckReport {
    /// The file as the diagnostics name it (`<stdin>` for `-`).
    pub name: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics' spans point into.
    pub sources: Vec<Source>,
}

impl CheckReport {
    pub fn valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The emitter of `check`'s `format`.
pub fn check_emitter(format: CheckFormat, pretty: bool) -> Box<dyn CheckEmitter> {
    match format {
        CheckFormat::Human => Box::new(Text {
            colour: true,
            verbose: false,
        }),
        CheckFormat::Plain => Box::new(Text {
            colour: false,
            verbose: false,
        }),
        CheckFormat::Json => Box::new(Json { pretty }),
        CheckFormat::Sarif => Box::new(Sarif { pretty }),
    }
}

/// One output format of `check`.
pub trait CheckEmitter {
    /// Standard output, set up for this format.
    fn stdout(&self) -> Box<dyn Write>;

    /// What was found in every file, in the order they were given.
    fn check(&self, out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()>;
}

/// One output format. Results are rendered on worker threads, each into its
/// batch's bytes; everything else is written by the main thread to the
/// stream the emitter chose ([`Emitter::stdout`]), or to stderr.
pub trait Emitter: Sync {
    /// Standard output, set up for this format (colours, buffering).
    fn stdout(&self) -> Box<dyn Write>;

    /// Before the first result.
    fn open(&self, _out: &mut dyn Write, _shape: Shape) -> io::Result<()> {
        Ok(())
    }

    /// One result, rendered into its batch's bytes.
    fn result(&self, out: &mut Vec<u8>, shape: Shape, item: Evaluated<'_>) -> io::Result<()>;

    /// After the last result; `tally` counts the decisions.
    fn close(&self, out: &mut dyn Write, shape: Shape, tally: &Tally) -> io::Result<()>;

    /// Input that cannot be evaluated: every error found.
    fn failure(&self, out: &mut dyn Write, failure: &Failure<'_>) -> io::Result<()>;
}
