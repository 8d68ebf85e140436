//! Diagnostics are data: a stable id, a severity, a message, the span it is
//! about and an optional help line. Renderers (the CLI, the page) lay them out.
//!
//! Message style: lowercase, no final period, user input in backticks; advice
//! goes in `help`.

pub mod registry;

pub use registry::DiagnosticId;

use crate::kinds::Severity;
use crate::source::{LineCol, Source, Span};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Its id in the registry (reported as `duplicate-key`, ...).
    pub id: DiagnosticId,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Index of the [`Source`] the span points into.
    pub source: usize,
    /// The policy the problem is in, when it is in one (its name in the scenario).
    pub policy: Option<String>,
    pub span: Span,
}

impl Diagnostic {
    pub fn error(id: DiagnosticId, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(id, Severity::Error, message.into(), span)
    }

    pub fn warning(id: DiagnosticId, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(id, Severity::Warning, message.into(), span)
    }

    /// A diagnostic with the severity its id is registered with: the policy
    /// checks' findings, whose severities go beyond error and warning.
    pub fn registered(id: DiagnosticId, message: impl Into<String>, span: Span) -> Diagnostic {
        let severity = id.info().severity;
        Diagnostic::new(id, severity, message.into(), span)
    }

    fn new(id: DiagnosticId, severity: Severity, message: String, span: Span) -> Diagnostic {
        registry::debug_check(id, severity);
        Diagnostic {
            id,
            severity,
            message,
            help: None,
            source: 0,
            policy: None,
            span,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The serializable, self-contained form: positions resolved against `sources`.
    pub fn report(&self, sources: &[Source]) -> DiagnosticReport {
        let source = sources.get(self.source);
        let at = |offset| source.map_or(LineCol { line: 1, column: 1 }, |s| s.line_col(offset));
        let start = at(self.span.start);
        let end = at(self.span.end);
        DiagnosticReport {
            id: self.id.as_str(),
            severity: self.severity,
            message: self.message.clone(),
            help: self.help.clone(),
            location: self
                .policy
                .clone()
                .unwrap_or_else(|| source.map_or_else(String::new, |s| s.name.to_string())),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: source.map_or(self.span.start, |s| s.offset_in_file(self.span.start)),
            end: source.map_or(self.span.end, |s| s.offset_in_file(self.span.end)),
        }
    }
}

/// A diagnostic with line and column resolved, as the JSON outputs carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticReport {
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The policy's name, or the file's name for a problem in the scenario itself.
    pub location: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte offsets of the span in the source text.
    pub start: u32,
    pub end: u32,
}

/// Why a scenario could not be evaluated: every error found, and the sources
/// their spans point into.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub sources: Vec<Source>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    pub fn reports(&self) -> Vec<DiagnosticReport> {
        self.diagnostics
            .iter()
            .map(|d| d.report(&self.sources))
            .collect()
    }
}
