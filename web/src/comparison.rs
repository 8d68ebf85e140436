//! "Compare with a new version": the scenario as it is against the same
//! scenario with one policy's document replaced, over the core's grid of
//! requests (`iamsim::compare`: the actions the policies write out in full
//! and the request's, on the resources they name), and, once the assist
//! module is there, every action its catalog knows of the services the
//! policies name: a wildcard's actions too.

use iamsim::compare::{compare, Comparison, Grid};
use iamsim::diagnostic::DiagnosticReport;
use iamsim::scenario::{LoadOptions, ScenarioText};
use iamsim::whatif::{policy_mut, PolicyTarget};
use iamsim::EvalOptions;

use crate::evaluation::SCENARIO_SOURCE;

/// What the page shows beside a new version: its own problems, and the
/// comparison when both versions load.
#[derive(Debug, Clone, Default)]
pub struct NewVersion {
    /// The new version's diagnostics (its errors stop the comparison only
    /// when they stop its loading: a draft is compared the way it reads).
    pub diagnostics: Vec<DiagnosticReport>,
    pub comparison: Option<Comparison>,
}

/// Compares `scenario` with `target`'s document replaced by `document`,
/// over `known_actions` (the catalog's, when the page has it) besides those
/// the policies name.
pub fn compare_new_version(
    scenario: &ScenarioText,
    target: &PolicyTarget,
    document: &str,
    known_actions: &[&str],
    now_epoch_seconds: Option<i64>,
) -> NewVersion {
    let mut changed = scenario.clone();
    let Some(policy) = policy_mut(&mut changed, target) else {
        return NewVersion::default();
    };
    document.clone_into(&mut policy.document);
    let draft = LoadOptions { draft: true };
    let of_policy = |reports: Vec<DiagnosticReport>| {
        reports
            .into_iter()
            .filter(|d| d.location == target.policy)
            .collect()
    };
    let new = match changed.load_with(SCENARIO_SOURCE, draft) {
        Ok(new) => new,
        Err(error) => {
            return NewVersion {
                diagnostics: of_policy(error.reports()),
                comparison: None,
            }
        }
    };
    let diagnostics = of_policy(
        new.draft_errors
            .iter()
            .chain(&new.warnings)
            .map(|d| d.report(&new.sources))
            .collect(),
    );
    let comparison = scenario.load_with(SCENARIO_SOURCE, draft).ok().map(|old| {
        let grid = Grid::of(&old, &new, known_actions, true);
        compare(&old, &new, &grid, &EvalOptions { now_epoch_seconds })
    });
    NewVersion {
        diagnostics,
        comparison,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::{Decision, PolicyType};

    const NOW: Option<i64> = Some(1_700_000_000);

    fn scenario() -> (ScenarioText, PolicyTarget) {
        let scenario = crate::scenario::open(
            r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]}}]
}"#,
        )
        .unwrap();
        let target = PolicyTarget {
            policy_type: PolicyType::Identity,
            level: None,
            policy: "p".into(),
        };
        (scenario, target)
    }

    fn version(statements: &str) -> String {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
    }

    #[test]
    fn one_action_added_is_the_one_newly_allowed() {
        let (scenario, target) = scenario();
        let new = version(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let found = compare_new_version(&scenario, &target, &new, &[], NOW);
        assert!(found.diagnostics.is_empty());
        let comparison = found.comparison.expect("compared");
        let allowed: Vec<(&str, &str)> = comparison
            .newly_allowed
            .iter()
            .map(|c| (c.action.as_str(), c.resource.as_str()))
            .collect();
        assert_eq!(
            allowed,
            [
                ("s3:DeleteObject", "arn:aws:s3:::b/example"),
                ("s3:DeleteObject", "arn:aws:s3:::b/k")
            ]
        );
        assert!(comparison.newly_denied.is_empty());
    }

    /// With the catalog's actions (here a few of them), a wildcard's
    /// actions are compared too: `s3:*` for `s3:Get*` newly allows the
    /// writes, which no policy names.
    #[test]
    fn with_the_catalog_a_wildcard_s_actions_are_compared() {
        let (scenario, target) = scenario();
        let new =
            version(r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#);
        let known = [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "ec2:RunInstances",
        ];
        let newly = |known: &[&str]| -> Vec<String> {
            let comparison = compare_new_version(&scenario, &target, &new, known, NOW)
                .comparison
                .unwrap();
            let mut actions: Vec<String> = comparison
                .newly_allowed
                .iter()
                .map(|c| c.action.clone())
                .collect();
            actions.dedup();
            actions
        };
        assert_eq!(newly(&known), ["s3:DeleteObject"]);
        assert!(
            newly(&[]).is_empty(),
            "without the catalog only named actions are compared"
        );
    }

    #[test]
    fn an_action_taken_away_is_newly_denied() {
        let (scenario, target) = scenario();
        let new = version(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let comparison = compare_new_version(&scenario, &target, &new, &[], NOW)
            .comparison
            .unwrap();
        assert!(comparison.newly_allowed.is_empty());
        let denied = &comparison.newly_denied;
        assert_eq!(denied.len(), 2, "{denied:?}");
        assert!(denied.iter().all(|c| c.action == "s3:PutObject"));
        assert!(denied
            .iter()
            .all(|c| c.before == Decision::Allowed && c.after == Decision::ImplicitDeny));
    }

    #[test]
    fn a_broken_new_version_shows_its_problem_and_compares_nothing() {
        let (scenario, target) = scenario();
        let found = compare_new_version(&scenario, &target, "{\"Version\": ", &[], NOW);
        assert!(found.comparison.is_none());
        assert_eq!(found.diagnostics[0].location, "p");
    }
}
