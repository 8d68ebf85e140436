//! `iamsim check`: every problem in one policy document.
//!
//! The policy is put in the scenario slot its kind names, beside a neutral
//! request, and loaded: so it gets exactly the diagnostics `eval` would give.

use serde_json::{json, Value};

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
    let name = policy
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let text = scenario(args.kind, policy).to_string();
    let scenarios = iamsim::load_scenarios(&text, "<check>").map_err(InputError::Load)?;
    let mut warnings = 0;
    for scenario in &scenarios {
        output::warn(&scenario.warnings, &scenario.sources);
        warnings += scenario.warnings.len();
    }
    let found = match warnings {
        0 => "no problems found".to_owned(),
        1 => "1 warning".to_owned(),
        n => format!("{n} warnings"),
    };
    output::note(&format!("{name}: {found}"));
    Ok(())
}

fn scenario(kind: PolicyKind, policy: Value) -> Value {
    let request = json!({ "principal": "anonymous", "action": "iamsim:Check", "resource": "*" });
    let level = |policy: Value| json!([{ "name": policy.get("name"), "policies": [policy] }]);
    let (field, value) = match kind {
        PolicyKind::Identity => ("identityPolicies", json!([policy])),
        PolicyKind::Resource => ("resourcePolicy", policy),
        PolicyKind::Boundary => ("permissionsBoundary", policy),
        PolicyKind::Session => ("sessionPolicy", policy),
        PolicyKind::Scp => ("serviceControlPolicies", level(policy)),
        PolicyKind::Rcp => ("resourceControlPolicies", level(policy)),
        PolicyKind::VpcEndpoint => ("vpcEndpointPolicy", policy),
    };
    json!({ "request": request, field: value })
}
