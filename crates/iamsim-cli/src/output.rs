//! Where text goes: stdout (buffered, colours stripped unless wanted) and
//! stderr (diagnostics), and the exit status.

use std::io::{self, BufWriter, Write};

use anstream::{AutoStream, ColorChoice};

use crate::args::Format;
use crate::diagnostics;
use crate::input::InputError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Evaluated, and as expected.
    Ok = 0,
    /// Evaluated, but a decision differs from `--expect`.
    Unexpected = 1,
    /// The input cannot be evaluated, or output failed.
    BadInput = 2,
}

/// Stdout for JSON: buffered, written as is. On Unix the file descriptor is
/// written directly: Rust's stdout is line-buffered and scans every write
/// for a line break, 3% of the work of a big compact output.
pub fn json_stdout() -> BufWriter<Box<dyn Write>> {
    BufWriter::with_capacity(1 << 16, raw_stdout())
}

#[cfg(unix)]
fn raw_stdout() -> Box<dyn Write> {
    use std::os::fd::AsFd;
    match std::io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(std::fs::File::from(fd)),
        Err(_) => Box::new(std::io::stdout().lock()),
    }
}

#[cfg(not(unix))]
fn raw_stdout() -> Box<dyn Write> {
    Box::new(std::io::stdout().lock())
}

/// Output held back until it passes [`Held::LIMIT`], so that `eval` on a
/// file with a bad scenario prints nothing, unless the file is so big that
/// holding every result would cost more than its scenarios (they are loaded
/// only as they are evaluated, so a bad one may come after many results).
pub struct Held<W: Write> {
    out: W,
    pending: Option<Vec<u8>>,
}

impl<W: Write> Held<W> {
    const LIMIT: usize = 8 << 20;

    pub fn new(out: W) -> Held<W> {
        Held {
            out,
            pending: Some(Vec::new()),
        }
    }

    fn release(&mut self) -> io::Result<()> {
        match self.pending.take() {
            Some(pending) => self.out.write_all(&pending),
            None => Ok(()),
        }
    }

    /// Whether output went out already (what is still held is dropped
    /// with `self`, unless flushed).
    pub fn released(&self) -> bool {
        self.pending.is_none()
    }
}

impl<W: Write> Write for Held<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.pending {
            Some(pending) => {
                pending.extend_from_slice(bytes);
                if pending.len() >= Self::LIMIT {
                    self.release()?;
                }
                Ok(bytes.len())
            }
            None => self.out.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.release()?;
        self.out.flush()
    }
}

/// Stdout for the explanation, which always writes ANSI styles: they are
/// stripped for `plain`, and for `human` unless stdout is a terminal without
/// NO_COLOR.
pub fn text_stdout(format: Format) -> AutoStream<Box<dyn Write>> {
    let raw = std::io::stdout();
    let choice = if format == Format::Human {
        AutoStream::choice(&raw)
    } else {
        ColorChoice::Never
    };
    AutoStream::new(Box::new(BufWriter::new(raw.lock())), choice)
}

/// Reports the input's problems on stderr, closing with their count and
/// `consequence` (e.g. "nothing was evaluated").
pub fn report(error: &InputError, consequence: Option<&str>) -> Status {
    match error {
        InputError::Message(message) => error_line(message),
        InputError::Load(load) if load.diagnostics.is_empty() => {
            error_line("the input could not be loaded")
        }
        InputError::Load(load) => {
            let text = diagnostics::render(&load.diagnostics, &load.sources, true);
            let errors = load.diagnostics.iter().filter(|d| d.is_error()).count();
            let plural = if errors == 1 { "" } else { "s" };
            let summary = match consequence {
                Some(consequence) => format!("{errors} error{plural} found: {consequence}"),
                None => format!("{errors} error{plural} found"),
            };
            let _ = write!(anstream::stderr(), "{text}");
            error_line(&summary)
        }
    }
}

/// Warnings do not stop evaluation; they go to stderr.
pub fn warn(warnings: &[iamsim::Diagnostic], sources: &[iamsim::Source]) {
    warned(&warnings_text(warnings, sources));
}

/// Warnings rendered for [`warned`] (on a worker thread, say).
pub fn warnings_text(warnings: &[iamsim::Diagnostic], sources: &[iamsim::Source]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    diagnostics::render(warnings, sources, true)
}

/// Writes rendered warnings to stderr.
pub fn warned(text: &str) {
    if !text.is_empty() {
        let _ = write!(anstream::stderr(), "{text}");
    }
}

/// A line on stderr that is not an error.
pub fn note(message: &str) {
    let _ = writeln!(anstream::stderr(), "{message}");
}

fn error_line(message: &str) -> Status {
    let red = anstyle::AnsiColor::Red.on_default().bold();
    let _ = writeln!(anstream::stderr(), "{red}error{red:#}: {message}");
    Status::BadInput
}

/// A failed write to stdout: quiet for a closed pipe (`iamsim ... | head`).
pub fn write_failed(error: &std::io::Error) -> Status {
    if error.kind() != std::io::ErrorKind::BrokenPipe {
        error_line(&format!("cannot write the output: {error}"));
    }
    Status::BadInput
}
