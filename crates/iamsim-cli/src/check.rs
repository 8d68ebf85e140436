//! `iamsim check`: every problem in one policy document, with the rules of
//! its kind: parsed as the scenario loader parses a document in that slot,
//! and as the JavaScript API's `check` does; then, if it parses, the policy
//! checks' findings (crates/iamsim-check) with the AWS catalog.

use std::io::Write;

use iamsim::policy::parse::parse_policy_as;
use iamsim::{Diagnostic, Source};
use iamsim_catalog::{Catalog, AWS_CATALOG};

use crate::args::CheckArgs;
use crate::emit::{self, CheckReport, Emitter, Failure};
use crate::input;
use crate::output::{self, Status};

pub fn run(args: &CheckArgs) -> Status {
    let options = emit::Options {
        verbose: false,
        pretty: args.output.pretty(),
    };
    let emitter = emit::emitter(args.output.format, options);
    let mut out = emitter.stdout();
    let written = check(args, emitter.as_ref(), &mut out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    written.unwrap_or_else(|error| output::write_failed(&error))
}

fn check(args: &CheckArgs, emitter: &dyn Emitter, out: &mut dyn Write) -> std::io::Result<Status> {
    let policy = match input::policy(&args.file) {
        Ok(policy) => policy,
        Err(error) => {
            let failure = Failure {
                error: &error,
                consequence: None,
                partial: false,
            };
            emitter.failure(out, &failure)?;
            return Ok(Status::BadInput);
        }
    };
    let (name, text) = (policy.name.as_str(), policy.document.as_str());
    let (document, mut diagnostics) = parse_policy_as(text, 0, Some(name), args.kind.policy_type());
    // A policy that does not parse is bad input (2); one that parses but has
    // an error finding (over its size quota, an RCP that allows) exits 1.
    let parses = !diagnostics.iter().any(Diagnostic::is_error);
    // The committed catalog always parses (a test of iamsim-catalog holds
    // it); if it did not, the checks would run without it.
    let catalog = Catalog::parse(AWS_CATALOG).ok();
    let findings = iamsim_check::check(iamsim_check::Input {
        text,
        document: &document,
        kind: args.kind,
        catalog: catalog.as_ref(),
    });
    diagnostics.extend(findings.into_iter().map(|mut d| {
        d.policy = Some(name.to_owned());
        d
    }));
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    let sources = [Source::new(name, text)];
    let report = CheckReport {
        name,
        diagnostics: &diagnostics,
        sources: &sources,
    };
    emitter.check(out, &report)?;
    Ok(if !parses {
        Status::BadInput
    } else if report.valid() {
        Status::Ok
    } else {
        Status::Unexpected
    })
}
