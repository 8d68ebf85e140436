//! Where text goes: stdout (buffered, colours stripped unless wanted) and
//! stderr (diagnostics), and the exit status.

use std::io::{self, BufWriter, Write};

use crate::diagnostics;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Evaluated, and as expected.
    Ok = 0,
    /// Evaluated, but a decision differs from `--expect`; or `check` found
    /// an error in a policy that parses.
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

    /// Drops what is held back, unprinted, and says whether output went
    /// out already. What is written next goes straight out.
    pub fn discard(&mut self) -> bool {
        self.pending.take().is_none()
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

/// Warnings do not stop evaluation; they go to stderr.
pub fn warn(warnings: &[iamsim::Diagnostic], sources: &[iamsim::Source]) {
    to_stderr(&warnings_text(warnings, sources));
}

/// Warnings rendered for [`to_stderr`] (on a worker thread, say).
pub fn warnings_text(warnings: &[iamsim::Diagnostic], sources: &[iamsim::Source]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    diagnostics::render(warnings, sources, true)
}

/// Writes rendered diagnostics to stderr.
pub fn to_stderr(text: &str) {
    if !text.is_empty() {
        let _ = write!(anstream::stderr(), "{text}");
    }
}

/// A line on stderr that is not an error.
pub fn note(message: &str) {
    let _ = writeln!(anstream::stderr(), "{message}");
}

/// `error: MESSAGE` on stderr.
pub fn error_line(message: &str) -> Status {
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
