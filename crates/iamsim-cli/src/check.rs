//! `iamsim check`: every problem in one policy document.
//!
//! The policy is put in the scenario slot its kind names, beside a neutral
//! request, and loaded: so it gets exactly the diagnostics `eval` would give.

use iamsim::scenario::{RequestText, ScenarioText};
use iamsim::trace::PolicyType;

use crate::args::{CheckArgs, PolicyKind};
use crate::input::{self, InputError};
use crate::output::{self, Status};

pub fn run(args: &CheckArgs) -> Status {
    match check(args) {
        Ok(()) => Status::Ok,
        Err(error) => output::report(&error, None),
    }
}

fn check(args: &CheckArgs) -> Result<(), InputError> {
    let policy = input::policy(&args.file)?;
    let name = policy.name.clone();
    let mut scenario = ScenarioText {
        request: RequestText {
            principal: "anonymous".to_owned(),
            action: "iamsim:Check".to_owned(),
            resource: "*".to_owned(),
            ..RequestText::default()
        },
        ..ScenarioText::default()
    };
    scenario.add_policy(kind(args.kind), policy);
    let loaded = scenario.load("<check>").map_err(InputError::Load)?;
    output::warn(&loaded.warnings, &loaded.sources);
    let found = match loaded.warnings.len() {
        0 => "no problems found".to_owned(),
        1 => "1 warning".to_owned(),
        n => format!("{n} warnings"),
    };
    output::note(&format!("{name}: {found}"));
    Ok(())
}

fn kind(kind: PolicyKind) -> PolicyType {
    match kind {
        PolicyKind::Identity => PolicyType::Identity,
        PolicyKind::Resource => PolicyType::Resource,
        PolicyKind::Boundary => PolicyType::PermissionsBoundary,
        PolicyKind::Session => PolicyType::Session,
        PolicyKind::Scp => PolicyType::Scp,
        PolicyKind::Rcp => PolicyType::Rcp,
        PolicyKind::VpcEndpoint => PolicyType::VpcEndpoint,
    }
}
