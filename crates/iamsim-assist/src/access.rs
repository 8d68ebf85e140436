//! The access summary of one principal, by evaluation rather than by reading
//! the policies' text: for each service its identity policies name, every
//! action the catalog knows, with its access level and the decision AWS
//! would make for it on one resource, or on each resource type the catalog
//! lists for it ([`crate::resource_types`] says which ARN stands for a
//! type), every other part of the scenario (its resource policy, boundary,
//! SCPs, context) as given.

use std::fmt::Write;

use iamsim::matching::action_matches;
use iamsim::scenario::LoadOptions;
use iamsim::{EvalOptions, Scenario};
use iamsim_catalog::Catalog;

use crate::html::{element, escape};
use crate::resource_types::{representative_arns, Fill, TypeArn};

/// Rows shown per service (the counts cover every action).
const ROWS: usize = 400;

/// What each action is decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// One resource; empty: the request's own.
    Resource(&'a str),
    /// Each resource type the catalog lists for the action; an action
    /// without any (it supports only `"Resource": "*"`) on `*`.
    EachResourceType,
}

#[derive(Debug)]
pub struct Summary {
    /// The one resource decided on; none when each resource type was.
    pub resource: Option<String>,
    pub evaluations: usize,
    pub services: Vec<ServiceRows>,
}

#[derive(Debug)]
pub struct ServiceRows {
    pub prefix: String,
    pub name: String,
    /// One row per action, or per action and resource type.
    pub actions: Vec<Row>,
    /// Each resource type: the ARN it was decided on.
    pub types: Vec<TypeArn>,
}

#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub level: &'static str,
    /// Each resource type: the type decided on, `*` for an action without one.
    pub resource_type: Option<&'static str>,
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

impl ServiceRows {
    /// How many actions are allowed (on some resource type), of how many.
    fn allowed_actions(&self) -> (usize, usize) {
        // An action's rows are next to each other.
        let actions = self.actions.chunk_by(|a, b| a.name == b.name);
        let (mut allowed, mut all) = (0, 0);
        for rows in actions {
            all += 1;
            allowed += usize::from(rows.iter().any(|r| r.decision == "allowed"));
        }
        (allowed, all)
    }
}

impl Summary {
    /// Each service's table, with the rows `filter` keeps.
    pub fn html(&self, filter: Filter) -> String {
        let by_type = self.resource.is_none();
        let mut out = String::new();
        for service in &self.services {
            let (allowed, actions) = service.allowed_actions();
            out.push_str("<section class=\"access-service\" data-service=\"");
            escape(&service.prefix, &mut out);
            out.push_str("\"><h4>");
            escape(&service.name, &mut out);
            let on = if by_type {
                " on some resource type"
            } else {
                ""
            };
            let _ = write!(out, " — {allowed} of {actions} actions allowed{on}</h4>");
            let kept: Vec<&Row> = service.actions.iter().filter(|r| filter.keeps(r)).collect();
            let shown = kept.get(..ROWS).unwrap_or(&kept);
            if by_type {
                type_arns(&service.types, shown, &mut out);
            }
            out.push_str(
                "<table class=\"access-table\"><thead><tr>\
                 <th scope=\"col\">Action</th><th scope=\"col\">Access level</th>",
            );
            if by_type {
                out.push_str("<th scope=\"col\">Resource type</th>");
            }
            out.push_str("<th scope=\"col\">Decision</th></tr></thead><tbody>");
            for row in shown {
                let word = match row.decision {
                    "allowed" => "Allowed",
                    "explicitDeny" => "Denied (explicit)",
                    _ => "Denied (implicit)",
                };
                let _ = write!(out, "<tr data-decision=\"{}\"><td>", row.decision);
                element(&mut out, "code", "", &row.name);
                let _ = write!(out, "</td><td>{}</td>", row.level);
                if let Some(resource_type) = row.resource_type {
                    out.push_str("<td title=\"");
                    let arn = service.types.iter().find(|t| t.name == resource_type);
                    escape(arn.map_or("*", |t| t.arn.as_str()), &mut out);
                    out.push_str("\">");
                    escape(resource_type, &mut out);
                    out.push_str("</td>");
                }
                let _ = write!(out, "<td class=\"access-decision\">{word}</td></tr>");
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

/// Which ARN each resource type of the rows shown was decided on, and
/// where it came from. A paragraph, not a `<details>`: the summary is drawn
/// again after every click in the page, which would close it.
fn type_arns(types: &[TypeArn], shown: &[&Row], out: &mut String) {
    let mut used = types
        .iter()
        .filter(|t| {
            shown
                .iter()
                .any(|r| r.resource_type == Some(t.name.as_str()))
        })
        .peekable();
    if used.peek().is_none() {
        return;
    }
    out.push_str("<p class=\"access-note access-types\">Decided on: ");
    for (i, t) in used.enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        escape(&t.name, out);
        out.push(' ');
        element(out, "code", "", &t.arn);
        out.push_str(if t.from_policy {
            " (a Resource of the policies)"
        } else {
            " (no Resource of the policies is one)"
        });
    }
    out.push_str("</p>");
}

/// The summary of a scenario's JSON text, as JSON: `{ evaluations,
/// resource, html }` (the table with the rows `filter` keeps; `resource`
/// null for each resource type), or `{ error }` when it does not load.
pub fn summary(
    scenario_json: &str,
    target: Target<'_>,
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
            let summary = evaluate_all(catalog, &mut scenario, target, now_epoch_seconds);
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
        .filter(|s| prefixes.iter().any(|p| action_matches(p, &s.prefix)))
        .collect()
}

pub fn evaluate_all(
    catalog: &'static Catalog,
    scenario: &mut Scenario,
    target: Target<'_>,
    now_epoch_seconds: Option<i64>,
) -> Summary {
    let resource = match target {
        Target::Resource(resource) => {
            if !resource.trim().is_empty() {
                scenario.request.resource = resource.trim().to_string();
            }
            Some(scenario.request.resource.clone())
        }
        Target::EachResourceType => None,
    };
    let options = EvalOptions { now_epoch_seconds };
    let fill = Fill::of(scenario);
    let mut evaluations = 0;
    let services = services(catalog, scenario)
        .into_iter()
        .map(|service| {
            let names: Vec<String> = service
                .actions
                .iter()
                .map(|a| format!("{}:{}", service.prefix, a.name))
                .collect();
            let mut relevant = relevant_to(scenario, &service.prefix, &names);
            let types = match target {
                Target::Resource(_) => Vec::new(),
                Target::EachResourceType => {
                    representative_arns(&service.resource_types, scenario, &fill)
                }
            };
            let mut decide = |action: &str, resource: Option<&str>| {
                // The request's strings are reused, not allocated per evaluation.
                let request = &mut relevant.request;
                request.action.clear();
                request.action.push_str(action);
                if let Some(resource) = resource {
                    request.resource.clear();
                    request.resource.push_str(resource);
                }
                evaluations += 1;
                iamsim::evaluate(&relevant, &options).decision.as_str()
            };
            let mut actions = Vec::with_capacity(names.len());
            for (action, name) in service.actions.iter().zip(names) {
                let level = action.level.as_str();
                if resource.is_some() {
                    let decision = decide(&name, None);
                    actions.push(Row {
                        name,
                        level,
                        resource_type: None,
                        decision,
                    });
                    continue;
                }
                if action.resource_types.is_empty() {
                    let decision = decide(&name, Some("*"));
                    actions.push(Row {
                        name,
                        level,
                        resource_type: Some("*"),
                        decision,
                    });
                    continue;
                }
                for used in &action.resource_types {
                    let Some(t) = types.iter().find(|t| t.name == used.name) else {
                        continue;
                    };
                    let decision = decide(&name, Some(&t.arn));
                    actions.push(Row {
                        name: name.clone(),
                        level,
                        resource_type: Some(used.name.as_str()),
                        decision,
                    });
                }
            }
            ServiceRows {
                prefix: service.prefix.clone(),
                name: service.name.clone(),
                actions,
                types,
            }
        })
        .collect();
    Summary {
        resource,
        evaluations,
        services,
    }
}

/// The scenario with only the statements that may match one of `actions`,
/// compiled once per service rather than matched again for every action: a
/// statement whose `Action` matches none of them never applies, and the
/// decision reads only the statements that apply (crates/iamsim/src/eval/flow.rs),
/// so leaving it out changes no decision (tested below against the whole
/// scenario). What only the result reports (draft errors, switched-off
/// policies, other requests) is left out too.
fn relevant_to(scenario: &Scenario, prefix: &str, actions: &[String]) -> Scenario {
    // A pattern of another service is told by its prefix alone, without
    // matching it against every action of this one. Not a non-ASCII one:
    // action names compare with Unicode case folding (the Kelvin sign `K`
    // matches `k`), which eq_ignore_ascii_case does not follow.
    let may_match = |pattern: &str| match pattern.split_once(':') {
        Some((service, _)) if service.is_ascii() && !service.contains(['*', '?']) => {
            service.eq_ignore_ascii_case(prefix)
                && actions.iter().any(|a| action_matches(pattern, a))
        }
        _ => actions.iter().any(|a| action_matches(pattern, a)),
    };
    let mut relevant = Scenario {
        draft_errors: Vec::new(),
        switched_off: Vec::new(),
        requests: Vec::new(),
        warnings: Vec::new(),
        ..scenario.clone()
    };
    for policy in relevant.policies_mut() {
        policy.document.statements.retain(|statement| {
            statement.skipped.is_none()
                && statement.action.as_ref().is_none_or(|list| {
                    list.negated || list.values.iter().any(|pattern| may_match(&pattern.value))
                })
        });
    }
    relevant
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
            Target::Resource(""),
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
        assert_eq!(summary.resource.as_deref(), Some("arn:aws:s3:::b/k"));
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
        summary(SCENARIO, Target::Resource(""), "all", Some(1_700_000_000))
    }

    /// Every kind of policy, statements that match no action of a service
    /// (left out per service), NotAction, NotPrincipal with a boundary,
    /// conditions, an SCP deny.
    const EVERY_KIND: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
              "context": {"aws:ResourceTag/team": "data"}},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"},
    {"Effect": "Allow", "NotAction": ["iam:*", "s3:Delete*"], "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Allow", "Action": "s3:Put*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]},
    {"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "data"}}},
    {"Effect": "Allow", "Action": ["iam:Get*", "iam:PassRole"], "Resource": "arn:aws:iam::111122223333:role/app/*"},
    {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
  ]}}],
  "permissionsBoundary": {"name": "b", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:*", "ec2:Describe*", "iam:Get*"], "Resource": "*"}
  ]}},
  "resourcePolicy": {"name": "bucket", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObjectAcl", "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "s3:PutObjectAcl", "Resource": "*"}
  ]}},
  "serviceControlPolicies": [
    {"name": "Root", "policies": [{"name": "all", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
    {"name": "ou", "policies": [{"name": "some", "document": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["s3:*", "ec2:*", "iam:*"], "Resource": "*"},
      {"Effect": "Deny", "Action": "s3:PutBucketPolicy", "Resource": "*"}
    ]}}]}
  ]
}"#;

    /// Leaving out, per service, the statements that match none of its
    /// actions changes no decision: each row against the whole scenario.
    #[test]
    fn decisions_equal_the_whole_scenarios() {
        let whole = iamsim::load_scenario(EVERY_KIND, "scenario").unwrap();
        let options = EvalOptions {
            now_epoch_seconds: Some(1_700_000_000),
        };
        for target in [Target::Resource(""), Target::EachResourceType] {
            let mut scenario = whole.clone();
            let summary = evaluate_all(
                crate::catalog::get().unwrap(),
                &mut scenario,
                target,
                options.now_epoch_seconds,
            );
            let prefixes: Vec<&str> = summary.services.iter().map(|s| s.prefix.as_str()).collect();
            assert_eq!(prefixes, ["ec2", "iam", "s3"]);
            let mut decisions = std::collections::BTreeSet::new();
            for service in &summary.services {
                for row in &service.actions {
                    let mut one = whole.clone();
                    one.request.action.clone_from(&row.name);
                    match row.resource_type {
                        None => {}
                        Some("*") => one.request.resource = "*".into(),
                        Some(name) => {
                            let t = service.types.iter().find(|t| t.name == name).unwrap();
                            one.request.resource.clone_from(&t.arn);
                        }
                    }
                    let decision = iamsim::evaluate(&one, &options).decision.as_str();
                    assert_eq!(
                        row.decision, decision,
                        "{row:?} on {}",
                        one.request.resource
                    );
                    decisions.insert(decision);
                }
            }
            assert_eq!(
                decisions.len(),
                3,
                "every decision is among the rows: {decisions:?}"
            );
        }
    }

    #[test]
    fn a_service_written_in_another_case_is_kept() {
        // `\u{212A}` is the Kelvin sign, whose lower case is `k`.
        let mut scenario = iamsim::load_scenario(
            r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "kms:Decrypt", "resource": "*"},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "\u212Ams:Decrypt", "Resource": "*"},
    {"Effect": "Allow", "Action": "KMS:Encrypt", "Resource": "*"}
  ]}}]
}"#,
            "scenario",
        )
        .unwrap();
        let summary = evaluate_all(
            crate::catalog::get().unwrap(),
            &mut scenario,
            Target::Resource(""),
            None,
        );
        let kms = summary.services.iter().find(|s| s.prefix == "kms").unwrap();
        let decision = |name: &str| {
            kms.actions
                .iter()
                .find(|r| r.name == name)
                .unwrap()
                .decision
        };
        assert_eq!(decision("kms:Decrypt"), "allowed");
        assert_eq!(decision("kms:Encrypt"), "allowed");
        assert_eq!(decision("kms:Sign"), "implicitDeny");
    }

    #[test]
    fn each_resource_type_is_decided_on_its_own_arn() {
        let mut scenario = iamsim::load_scenario(EVERY_KIND, "scenario").unwrap();
        let summary = evaluate_all(
            crate::catalog::get().unwrap(),
            &mut scenario,
            Target::EachResourceType,
            Some(1_700_000_000),
        );
        assert_eq!(summary.resource, None);
        let s3 = summary.services.iter().find(|s| s.prefix == "s3").unwrap();
        let decision = |action: &str, resource_type: &str| {
            s3.actions
                .iter()
                .find(|r| r.name == action && r.resource_type == Some(resource_type))
                .unwrap()
                .decision
        };
        // The policies' own bucket and objects, from their Resources.
        assert_eq!(decision("s3:PutObject", "object"), "allowed");
        assert_eq!(decision("s3:PutBucketTagging", "bucket"), "allowed");
        assert_eq!(decision("s3:PutBucketPolicy", "bucket"), "explicitDeny");
        // A job: no Resource of the policies is one, and s3:Put* names only b.
        assert_eq!(decision("s3:PutJobTagging", "job"), "implicitDeny");
        // No resource types: decided on `*`.
        assert_eq!(decision("s3:ListAllMyBuckets", "*"), "allowed");
        let evaluations: usize = summary.services.iter().map(|s| s.actions.len()).sum();
        assert_eq!(summary.evaluations, evaluations);
        let html = summary.html(Filter::Allowed);
        assert!(
            html.contains("<th scope=\"col\">Resource type</th>"),
            "{html}"
        );
        assert!(
            html.contains("bucket <code>arn:aws:s3:::b</code> (a Resource of the policies)"),
            "{html}"
        );
        assert!(html.contains(
            "<td><code>s3:PutObject</code></td><td>Write</td><td title=\"arn:aws:s3:::b/example\">object</td>"
        ));
        let writes = summary.html(Filter::Writes);
        assert!(
            writes.contains("object <code>arn:aws:s3:::b/example</code>"),
            "{writes}"
        );
        assert!(
            !writes.contains("job <code>"),
            "no write on a job is allowed, so its ARN is not listed"
        );
        assert!(
            !html.contains("<code>s3:PutJobTagging</code>"),
            "filtered out"
        );
    }

    #[test]
    fn an_action_counts_once_whatever_its_resource_types() {
        let row = |name: &str, decision| Row {
            name: name.into(),
            level: "Write",
            resource_type: Some("t"),
            decision,
        };
        let service = ServiceRows {
            prefix: "x".into(),
            name: "X".into(),
            actions: vec![
                row("x:A", "allowed"),
                row("x:A", "allowed"),
                row("x:B", "implicitDeny"),
                row("x:B", "allowed"),
                row("x:C", "explicitDeny"),
            ],
            types: Vec::new(),
        };
        assert_eq!(service.allowed_actions(), (2, 3));
    }

    #[test]
    fn a_broken_scenario_says_why() {
        let json = summary("{", Target::Resource(""), "all", None);
        assert!(json.starts_with("{\"error\":"), "{json}");
    }
}
