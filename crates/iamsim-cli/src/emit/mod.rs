//! Output formats, one emitter each: [`Text`] explains for people (`human`,
//! and `plain` without colour), [`Json`] prints the contract for programs.
//! `eval` and `check` decide what to print and when; the emitter decides how
//! it looks and where it goes. Another format (SARIF for `check`) is one
//! more implementation of [`Emitter`].

mod json;
mod text;

use std::io::{self, Write};

use iamsim::{Decision, Diagnostic, EvalResult, Scenario, Source};

use crate::args::Format;
use crate::input::InputError;
pub use json::{outcome, Json};
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

/// `check`'s findings in one policy (errors make it invalid).
pub struct CheckReport<'a> {
    pub name: &'a str,
    pub diagnostics: &'a [Diagnostic],
    /// The texts the diagnostics' spans point into.
    pub sources: &'a [Source],
}

impl CheckReport<'_> {
    pub fn valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
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

    /// What `check` found in one policy.
    fn check(&self, out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()>;
}
