//! The access summary of one principal, by evaluation rather than by reading
//! the policies' text: for each service its identity policies name, every
//! action the catalog knows, with its access level and the decision AWS
//! would make for it on one resource, every other part of the scenario (its
//! resource policy, boundary, SCPs, context) as given.

use std::fmt::Write;

use iamsim::scenario::LoadOptions;
use iamsim::{EvalOptions, Scenario};
use iamsim_catalog::Catalog;

use crate::html::{element, escape};

/// Rows shown per service (the counts cover every action).
const ROWS: usize = 400;

#[derive(Debug)]
pub struct Summary {
    pub resource: String,
    pub evaluations: usize,
    pub services: Vec<ServiceRows>,
}

#[derive(Debug)]
pub struct ServiceRows {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub level: &'static str,
    pub decision: &'static str,
}

/// Which rows the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Allowed,
    /// Allowed, and changing something (Write, Permissions management, Tagging).
    Writes,
    Permissions,
}

impl Filter {
    pub fn from_word(word: &str) -> Filter {
        match word {
            "allowed" => Filter::Allowed,
            "writes" => Filter::Writes,
            "permissions" => Filter::Permissions,
            _ => Filter::All,
        }
    }

    fn keeps(self, row: &Row) -> bool {
        let allowed = row.decision == "allowed";
        match self {
            Filter::All => true,
            Filter::Allowed => allowed,
            Filter::Writes => allowed && !matches!(row.level, "List" | "Read"),
            Filter::Permissions => allowed && row.level == "Permissions management",
        }
    }
}

impl Summary {
    /// Each service's table, with the rows `filter` keeps.
    pub fn html(&self, filter: Filter) -> String {
        let mut out = String::new();
        for service in &self.services {
            let allowed = service
                .actions
                .iter()
                .filter(|r| r.decision == "allowed")
                .count();
            out.push_str("<section class=\"access-service\" data-service=\"");
            escape(&service.prefix, &mut out);
            out.push_str("\"><h4>");
            escape(&service.name, &mut out);
            let _ = write!(
                out,
                " — {allowed} of {} actions allowed</h4><table class=\"access-table\"><thead><tr>\
                 <th scope=\"col\">Action</th><th scope=\"col\">Access level</th><th scope=\"col\">Decision</th>\
                 </tr></thead><tbody>",
                service.actions.len()
            );
            let kept: Vec<&Row> = service.actions.iter().filter(|r| filter.keeps(r)).collect();
            for row in kept.iter().take(ROWS) {
                let word = match row.decision {
                    "allowed" => "Allowed",
                    "explicitDeny" => "Denied (explicit)",
                    _ => "Denied (implicit)",
                };
                let _ = write!(out, "<tr data-decision=\"{}\"><td>", row.decision);
                element(&mut out, "code", "", &row.name);
                let _ = write!(
                    out,
                    "</td><td>{}</td><td class=\"access-decision\">{word}</td></tr>",
                    row.level
                );
            }
            out.push_str("</tbody></table>");
            if kept.len() > ROWS {
                let _ = write!(
                    out,
                    "<p class=\"access-note\">… and {} more</p>",
                    kept.len() - ROWS
                );
            }
            out.push_str("</section>");
        }
        if self.services.is_empty() {
            out.push_str("<p class=\"access-note\">The identity policies name no service the catalog knows.</p>");
        }
        out
    }
}

/// The summary of a scenario's JSON text, as JSON: `{ evaluations,
/// resource, html }` (the table with the rows `filter` keeps), or
/// `{ error }` when it does not load.
pub fn summary(
    scenario_json: &str,
    resource: &str,
    filter: &str,
    now_epoch_seconds: Option<i64>,
) -> String {
    let loaded = iamsim::scenario::load_scenario_with(
        scenario_json,
        "scenario",
        LoadOptions { draft: true },
    );
    let value = match (loaded, crate::catalog::get()) {
        (Ok(mut scenario), Some(catalog)) => {
            let summary = evaluate_all(catalog, &mut scenario, resource, now_epoch_seconds);
            serde_json::json!({
                "evaluations": summary.evaluations,
                "resource": summary.resource,
                "html": summary.html(Filter::from_word(filter)),
            })
        }
        (Err(e), _) => {
            serde_json::json!({ "error": e.reports().first().map(|r| r.message.clone()) })
        }
        (_, None) => serde_json::json!({ "error": "the action catalog did not load" }),
    };
    value.to_string()
}

/// The services the principal's identity policies name in their `Action`s
/// (a service written with a wildcard names the services it matches, but
/// `*` alone names none), and the request's own service.
pub fn services<'c>(catalog: &'c Catalog, scenario: &Scenario) -> Vec<&'c iamsim_catalog::Service> {
    let mut prefixes: Vec<&str> = scenario
        .identity_policies
        .iter()
        .flat_map(|p| &p.document.statements)
        .filter_map(|s| s.action.as_ref())
        .flat_map(|list| &list.values)
        .filter_map(|v| v.value.split_once(':').map(|(service, _)| service))
        .chain(scenario.request.action.split_once(':').map(|(s, _)| s))
        .filter(|service| *service != "*")
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    catalog
        .services()
        .iter()
        .filter(|s| {
            prefixes
                .iter()
                .any(|p| iamsim::matching::action_matches(p, &s.prefix))
        })
        .collect()
}

pub fn evaluate_all(
    catalog: &Catalog,
    scenario: &mut Scenario,
    resource: &str,
    now_epoch_seconds: Option<i64>,
) -> Summary {
    if !resource.trim().is_empty() {
        scenario.request.resource = resource.trim().to_string();
    }
    let options = EvalOptions { now_epoch_seconds };
    let mut evaluations = 0;
    let services = services(catalog, scenario)
        .into_iter()
        .map(|service| ServiceRows {
            prefix: service.prefix.clone(),
            name: service.name.clone(),
            actions: service
                .actions
                .iter()
                .map(|action| {
                    scenario.request.action = format!("{}:{}", service.prefix, action.name);
                    evaluations += 1;
                    Row {
                        name: scenario.request.action.clone(),
                        level: action.level.as_str(),
                        decision: iamsim::evaluate(scenario, &options).decision.as_str(),
                    }
                })
                .collect(),
        })
        .collect();
    Summary {
        resource: scenario.request.resource.clone(),
        evaluations,
        services,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
    {"Effect": "Deny", "Action": "s3:GetObjectAcl", "Resource": "*"}
  ]}}]
}"#;

    fn evaluated() -> Summary {
        let mut scenario = iamsim::load_scenario(SCENARIO, "scenario").unwrap();
        evaluate_all(
            crate::catalog::get().unwrap(),
            &mut scenario,
            "",
            Some(1_700_000_000),
        )
    }

    #[test]
    fn decides_every_action_of_the_named_services() {
        let summary = evaluated();
        assert_eq!(summary.services.len(), 1);
        let rows = &summary.services[0].actions;
        let decision = |name: &str| rows.iter().find(|r| r.name == name).unwrap().decision;
        assert_eq!(decision("s3:GetObject"), "allowed");
        assert_eq!(decision("s3:GetObjectAcl"), "explicitDeny");
        assert_eq!(decision("s3:PutObject"), "implicitDeny");
        assert_eq!(summary.evaluations, rows.len());
        assert_eq!(summary.resource, "arn:aws:s3:::b/k");
    }

    #[test]
    fn filters_choose_the_rows_shown() {
        let summary = evaluated();
        let all = summary.html(Filter::All);
        assert!(all.contains("<code>s3:PutObject</code>"));
        assert!(all.contains("<tr data-decision=\"explicitDeny\"><td><code>s3:GetObjectAcl</code>"));
        let allowed = summary.html(Filter::Allowed);
        assert!(allowed.contains("<code>s3:GetObject</code>"));
        assert!(!allowed.contains("<code>s3:PutObject</code>"));
        let writes = summary.html(Filter::Writes);
        assert!(
            !writes.contains("<code>s3:GetObject</code>"),
            "reads are not writes"
        );
        let json = summary_json();
        assert!(json.contains("\"evaluations\":"), "{json}");
    }

    fn summary_json() -> String {
        summary(SCENARIO, "", "all", Some(1_700_000_000))
    }

    #[test]
    fn a_broken_scenario_says_why() {
        let json = summary("{", "", "all", None);
        assert!(json.starts_with("{\"error\":"), "{json}");
    }
}
