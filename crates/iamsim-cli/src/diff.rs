//! `iamsim diff OLD NEW`: two versions of a policy (or of a scenario)
//! compared by the core's `compare` over the actions of the services they
//! name (from the AWS catalog) and the resources they name: the requests
//! newly allowed and newly denied. Exit 0 when no decision changes, 1 when
//! one does (a CI step that fails on new access), 2 on bad input.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use iamsim::compare::{compare, Comparison, DecisionChange, Grid};
use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::scenario::{RequestText, ScenarioText};
use iamsim::{EvalOptions, Scenario};
use iamsim_catalog::{Catalog, AWS_CATALOG};
use serde::Serialize;

use crate::args::DiffArgs;
use crate::emit;
use crate::input::{self, InputError};
use crate::output::{self, Status};

/// One side of the comparison, and whether it was a policy file (whose
/// scenario's request only stands in for the principal).
fn version(path: &std::path::Path, args: &DiffArgs) -> Result<(Scenario, bool), InputError> {
    let policy = input::policy(path)?;
    let is_scenario = ScenarioText::from_json(&policy.document, SCENARIO_FILE_LIMITS).is_ok()
        || looks_like_scenario(&policy.document);
    if is_scenario {
        let scenario =
            iamsim::load_scenario(&policy.document, &policy.name).map_err(InputError::Load)?;
        return Ok((scenario, false));
    }
    let mut scenario = ScenarioText {
        request: RequestText {
            principal: args.principal.clone(),
            // A stand-in: the grid sets every request's action and resource.
            action: "s3:GetObject".to_owned(),
            resource: "*".to_owned(),
            ..RequestText::default()
        },
        ..ScenarioText::default()
    };
    scenario.add_policy(args.kind.policy_type(), policy.clone());
    let loaded = scenario.load(&policy.name).map_err(InputError::Load)?;
    Ok((loaded, true))
}

/// A scenario with errors still has a `request`: report its errors as a
/// scenario's, not as a policy's.
fn looks_like_scenario(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get("request").is_some())
}

pub fn run(args: &DiffArgs) -> Status {
    let versions = version(&args.old, args).and_then(|old| Ok((old, version(&args.new, args)?)));
    let ((old, old_policy), (new, new_policy)) = match versions {
        Ok(versions) => versions,
        Err(error) => return fail(args, &error),
    };
    // The committed catalog always parses (iamsim-catalog's tests hold it).
    let catalog = Catalog::parse(AWS_CATALOG).ok();
    let names: Vec<String> = catalog.iter().flat_map(Catalog::action_names).collect();
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    let grid = Grid::of(&old, &new, &known, !(old_policy && new_policy));
    let options = EvalOptions {
        now_epoch_seconds: crate::eval::now(),
    };
    let comparison = compare(&old, &new, &grid, &options);
    let report = JsonReport {
        principal: &old.request.principal.text,
        comparison: &comparison,
    };
    let written = emit::write_answer(args.format, args.pretty, &report, |out| {
        table(out, &old, &grid, &comparison)
    });
    match written {
        Ok(()) if comparison.newly_allowed.is_empty() && comparison.newly_denied.is_empty() => {
            Status::Ok
        }
        Ok(()) => Status::Unexpected,
        Err(error) => output::write_failed(&error),
    }
}

fn fail(args: &DiffArgs, error: &InputError) -> Status {
    emit::fail_before_output(args.format, args.pretty, error, "nothing was compared")
}

#[derive(Serialize)]
#[serde(tag = "type", rename = "comparison", rename_all = "camelCase")]
struct JsonReport<'r> {
    principal: &'r str,
    #[serde(flatten)]
    comparison: &'r Comparison,
}

const ADDED: Style = AnsiColor::Green.on_default().bold();
const TAKEN: Style = AnsiColor::Red.on_default().bold();

fn table(
    out: &mut dyn Write,
    old: &Scenario,
    grid: &Grid,
    comparison: &Comparison,
) -> io::Result<()> {
    writeln!(
        out,
        "Compared {} requests as {}: {} actions of the services the policies name, on the resources they name.",
        comparison.compared,
        old.request.principal.text,
        grid.actions.len()
    )?;
    let groups = [
        ("Newly allowed", ADDED, '+', &comparison.newly_allowed),
        ("Newly denied", TAKEN, '-', &comparison.newly_denied),
    ];
    let width = groups
        .iter()
        .flat_map(|(.., changes)| changes.iter())
        .map(|c| c.action.chars().count())
        .max()
        .unwrap_or(0);
    for (heading, style, mark, changes) in groups {
        if changes.is_empty() {
            continue;
        }
        writeln!(out, "\n{style}{heading}{style:#} ({}):", changes.len())?;
        for DecisionChange {
            action,
            resource,
            before,
            after,
        } in changes
        {
            writeln!(
                out,
                "  {style}{mark}{style:#} {action:<width$}  {resource}  ({} → {})",
                before.as_str(),
                after.as_str()
            )?;
        }
    }
    if comparison.newly_allowed.is_empty() && comparison.newly_denied.is_empty() {
        writeln!(out, "\nNo decision changes.")?;
    }
    Ok(())
}
