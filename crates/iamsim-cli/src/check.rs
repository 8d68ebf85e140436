//! `iamsim check`: every problem in each policy document given, with the
//! rules of its kind: parsed as the scenario loader parses a document in
//! that slot, and as the JavaScript API's `check` does; then the policy
//! checks' findings (crates/iamsim-check) with the AWS catalog.

use std::io::Write;

use iamsim::diagnostic::registry::{lookup, Area};
use iamsim::{Diagnostic, Severity, Source};
use iamsim_catalog::{Catalog, AWS_CATALOG};

use crate::args::CheckArgs;
use crate::emit::{self, CheckReport, CheckedFile};
use crate::input::{self, InputError};
use crate::output::{self, Status};

pub fn run(args: &CheckArgs) -> Status {
    // The committed catalog always parses (a test of iamsim-catalog holds
    // it); if it did not, the checks would run without it.
    let catalog = Catalog::parse(AWS_CATALOG).ok();
    let files: Vec<CheckedFile> = args
        .files
        .iter()
        .map(|path| check_file(path, args, catalog.as_ref()))
        .collect();
    let status = files
        .iter()
        .map(|file| status(file, args.strict))
        .max_by_key(|s| *s as u8)
        .unwrap_or(Status::Ok);
    let emitter = emit::check_emitter(args.format, args.layout.pretty());
    let mut out = emitter.stdout();
    let written = emitter.check(&mut out, &files).and_then(|()| out.flush());
    match written {
        Ok(()) => status,
        Err(error) => output::write_failed(&error),
    }
}

fn check_file(path: &std::path::Path, args: &CheckArgs, catalog: Option<&Catalog>) -> CheckedFile {
    match input::policy(path) {
        Ok(policy) => {
            let (name, text) = (policy.name, policy.document);
            let diagnostics = iamsim_check::check_text(&text, args.kind, catalog, 0, Some(&name));
            CheckedFile::Checked(CheckReport {
                sources: vec![Source::new(name.as_str(), text.as_str())],
                name,
                diagnostics,
            })
        }
        Err(InputError::Load(load)) => CheckedFile::Checked(CheckReport {
            name: load
                .sources
                .first()
                .map_or_else(String::new, |s| s.name.to_string()),
            diagnostics: load.diagnostics,
            sources: load.sources,
        }),
        Err(InputError::Unreadable(message) | InputError::Arguments(message)) => {
            CheckedFile::Unreadable {
                name: path.display().to_string(),
                message,
            }
        }
    }
}

/// 2 for a file that cannot be read or a policy that does not parse (an
/// error of the parser's), 1 for an error finding (or, `strict`, a warning
/// or security warning), else 0.
fn status(file: &CheckedFile, strict: bool) -> Status {
    let CheckedFile::Checked(report) = file else {
        return Status::BadInput;
    };
    let of_parser =
        |d: &Diagnostic| lookup(d.id.as_str()).is_none_or(|info| info.area != Area::Check);
    let diagnostics = &report.diagnostics;
    if diagnostics.iter().any(|d| d.is_error() && of_parser(d)) {
        Status::BadInput
    } else if diagnostics.iter().any(Diagnostic::is_error)
        || (strict && diagnostics.iter().any(fails_strict))
    {
        Status::Unexpected
    } else {
        Status::Ok
    }
}

/// What `--strict` fails on besides errors: suggestions never fail.
fn fails_strict(diagnostic: &Diagnostic) -> bool {
    matches!(
        diagnostic.severity,
        Severity::Warning | Severity::SecurityWarning
    )
}
