//! Two versions of a scenario's policies, compared: "does this change grant
//! new access?". Every request of a grid (the scenario's principal and
//! context, over the actions of the services the policies name and the
//! resources they name) is evaluated under both versions; the requests whose
//! decision goes from denied to allowed, or back, are listed.
//!
//! The core has no action catalog: the caller passes the actions it knows
//! (the CLI and the page pass the catalog's); the actions the policies
//! write out in full are added to them.

use serde::Serialize;

use crate::eval::{evaluate_request, EvalOptions};
use crate::kinds::Decision;
use crate::matching::colon_fields;
use crate::policy::NameList;
use crate::scenario::{Request, Scenario};

/// One request whose decision changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionChange {
    pub action: String,
    pub resource: String,
    pub before: Decision,
    pub after: Decision,
}

/// At most this many requests are compared (each evaluated twice): a
/// policy that names every service would make a grid of millions.
pub const MAX_REQUESTS: usize = 50_000;

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// How many requests were evaluated under each version.
    pub compared: usize,
    /// True when the grid held more than [`MAX_REQUESTS`]: only the first
    /// were compared (by action, in the order of the actions given).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Denied before, allowed now: the new access. By action, then resource.
    pub newly_allowed: Vec<DecisionChange>,
    /// Allowed before, denied now.
    pub newly_denied: Vec<DecisionChange>,
}

/// The requests [`compare`] evaluates: actions and, for each, resources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    pub actions: Vec<String>,
    /// Resources named by the policies, wildcards filled in, and the request's.
    pub resources: Vec<String>,
}

impl Grid {
    /// The grid of `old` and `new`: of `known_actions` (`service:Action`),
    /// those of the services their policies' `Action` and `NotAction` name,
    /// with every action they write out in full; the resources their
    /// `Resource` and `NotResource` name. `with_request` adds the scenario's
    /// own action and resource (not when the request is only a stand-in,
    /// as for two policy files compared on their own).
    pub fn of(old: &Scenario, new: &Scenario, known_actions: &[&str], with_request: bool) -> Grid {
        let mut action_patterns = Vec::new();
        let mut resource_patterns = Vec::new();
        for scenario in [old, new] {
            for statement in scenario
                .policies()
                .flat_map(|p| &p.document.statements)
                .filter(|s| s.skipped.is_none())
            {
                action_patterns.extend(statement.action.iter().flat_map(patterns));
                resource_patterns.extend(statement.resource.iter().flat_map(patterns));
            }
        }
        let services: Vec<&str> = action_patterns
            .iter()
            .filter_map(|p| p.split_once(':').map(|(service, _)| service))
            .collect();
        let named = |action: &str| {
            action.split_once(':').is_some_and(|(service, _)| {
                services
                    .iter()
                    .any(|s| crate::matching::action_matches(s, service))
            })
        };
        let mut actions: Vec<String> = Vec::new();
        let written = action_patterns
            .iter()
            .copied()
            .filter(|p| p.contains(':') && !p.contains(['*', '?']));
        let candidates = known_actions
            .iter()
            .copied()
            .filter(|a| named(a))
            .chain(written)
            .chain(with_request.then_some(old.request.action.as_str()));
        for action in candidates {
            if !actions.iter().any(|a| a.eq_ignore_ascii_case(action)) {
                actions.push(action.to_owned());
            }
        }
        let mut resources: Vec<String> = Vec::new();
        let examples = resource_patterns
            .iter()
            .filter(|p| **p != "*")
            .map(|p| example_resource(p, &old.request))
            .chain(with_request.then(|| old.request.resource.clone()));
        for resource in examples {
            if !resources.contains(&resource) {
                resources.push(resource);
            }
        }
        Grid { actions, resources }
    }

    /// The resources to try `action` on: those of its service (an ARN's
    /// service field), and those that are not ARNs; `*` when there are none.
    fn resources_for<'g>(&'g self, action: &str) -> Vec<&'g str> {
        let service = action.split_once(':').map_or("", |(s, _)| s);
        let fits: Vec<&str> = self
            .resources
            .iter()
            .filter(|r| match colon_fields::<6>(r) {
                Some([_, _, arn_service, ..]) => arn_service.eq_ignore_ascii_case(service),
                None => true,
            })
            .map(String::as_str)
            .collect();
        if fits.is_empty() {
            vec!["*"]
        } else {
            fits
        }
    }
}

fn patterns(list: &NameList) -> impl Iterator<Item = &str> {
    list.values.iter().map(|v| v.value.as_str())
}

/// A resource a pattern matches: in an ARN, a wildcard partition is `aws`,
/// a wildcard region the request's (or `us-east-1`), a wildcard account the
/// caller's; elsewhere `*` is `example` and `?` is `x`. A policy variable
/// takes the request's value of its key, or `example`.
fn example_resource(pattern: &str, request: &Request) -> String {
    let resolved = substitute_variables(pattern, request);
    let fill = |part: &str| part.replace('*', "example").replace('?', "x");
    let Some([_, partition, service, region, account, resource]) = colon_fields::<6>(&resolved)
    else {
        return fill(&resolved);
    };
    let wild = |part: &str| part.contains(['*', '?']);
    let request_region = colon_fields::<6>(&request.resource)
        .map(|[_, _, _, region, ..]| region)
        .filter(|r| !r.is_empty() && !wild(r));
    let partition = if wild(partition) { "aws" } else { partition };
    let region = if wild(region) {
        request_region.unwrap_or("us-east-1").to_owned()
    } else {
        region.to_owned()
    };
    let account = if wild(account) {
        request
            .principal
            .account
            .clone()
            .unwrap_or_else(|| fill(account))
    } else {
        account.to_owned()
    };
    format!(
        "arn:{partition}:{}:{region}:{account}:{}",
        fill(service),
        fill(resource)
    )
}

/// `${key}` (and `${key, 'default'}`) replaced by the request's value.
fn substitute_variables(pattern: &str, request: &Request) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else {
            break;
        };
        out.push_str(rest.get(..start).unwrap_or_default());
        let inside = rest.get(start + 2..start + len).unwrap_or_default();
        let key = inside.split(',').next().unwrap_or_default().trim();
        let value = request
            .context
            .get(key)
            .and_then(|v| v.values().first().cloned())
            .or_else(|| {
                key.eq_ignore_ascii_case("aws:username")
                    .then(|| request.principal.name.clone())
                    .flatten()
            })
            .unwrap_or_else(|| "example".to_owned());
        out.push_str(&value);
        rest = rest.get(start + len + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Evaluates every request of `grid` (see [`Grid::of`]) under `old` and
/// `new`, as `old`'s principal with its context.
pub fn compare(old: &Scenario, new: &Scenario, grid: &Grid, options: &EvalOptions) -> Comparison {
    compare_at_most(old, new, grid, options, MAX_REQUESTS)
}

fn compare_at_most(
    old: &Scenario,
    new: &Scenario,
    grid: &Grid,
    options: &EvalOptions,
    max: usize,
) -> Comparison {
    let mut comparison = Comparison::default();
    let requests = grid.actions.iter().flat_map(|action| {
        grid.resources_for(action)
            .into_iter()
            .map(move |r| (action, r))
    });
    for (action, resource) in requests {
        if comparison.compared == max {
            comparison.truncated = true;
            break;
        }
        let request = Request {
            action: action.clone(),
            resource: resource.to_owned(),
            // The account the scenario names is its own resource's.
            resource_account: (resource == old.request.resource)
                .then(|| old.request.resource_account.clone())
                .flatten(),
            ..old.request.clone()
        };
        comparison.compared += 1;
        let before = evaluate_request(old, &request, options).decision;
        let after = evaluate_request(new, &request, options).decision;
        let allowed = (before == Decision::Allowed, after == Decision::Allowed);
        let change = || DecisionChange {
            action: action.clone(),
            resource: resource.to_owned(),
            before,
            after,
        };
        match allowed {
            (false, true) => comparison.newly_allowed.push(change()),
            (true, false) => comparison.newly_denied.push(change()),
            _ => {}
        }
    }
    let order = |c: &DecisionChange| (c.action.to_ascii_lowercase(), c.resource.clone());
    comparison.newly_allowed.sort_by_key(order);
    comparison.newly_denied.sort_by_key(order);
    comparison
}

#[cfg(test)]
mod tests;
