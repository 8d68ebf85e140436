//! The what-if switches' logic: the statements of a policy as the
//! evaluator loaded them (their toggles), the lines to dim in its editor,
//! and what the result says was left out.

use iamsim::scenario::{Scenario, SwitchedOff};
use iamsim::{Effect, PolicyType};

use crate::switches::{StatementRef, Switches};
use crate::wording::{policy_type_label, statement_name};

/// A statement of a policy: what its toggle shows and the lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub lines: (u32, u32),
}

impl Spot {
    /// The toggle's label: `Statement 2 "ReadOnly" (Allow)`.
    pub fn label(&self) -> String {
        statement_name(self.index, self.sid.as_deref(), self.effect)
    }
}

/// The statements of the policy `name` of `kind` in `scenario`. A policy
/// switched off is not in it (the loader leaves it out): none.
pub fn statements(scenario: &Scenario, kind: PolicyType, name: &str) -> Vec<Spot> {
    scenario
        .policies()
        .filter(|p| p.kind == kind && p.name == name)
        .flat_map(|p| {
            let source = scenario.sources.get(p.source);
            p.document.statements.iter().map(move |s| {
                let line = |offset| source.map_or(0, |src| src.line_col(offset).line);
                Spot {
                    index: s.index,
                    sid: s.sid.as_ref().map(|sid| sid.value.clone()),
                    effect: s.effect.value,
                    lines: (
                        line(s.span.start),
                        line(s.span.end.saturating_sub(1).max(s.span.start)),
                    ),
                }
            })
        })
        .collect()
}

/// The editor's lines to dim: all of them for a policy switched off, else
/// those of its statements switched off.
pub fn dimmed_lines(switches: &Switches, statements: &[Spot]) -> Vec<(u32, u32)> {
    if switches.policy {
        return vec![(1, u32::MAX)];
    }
    statements
        .iter()
        .filter(|s| switches.statement_off(s.index, s.sid.as_deref()))
        .map(|s| s.lines)
        .collect()
}

/// The switches that name no statement of `statements` (one deleted since,
/// say): the loader refuses them, so each gets a toggle to take it back.
pub fn stale<'s>(switches: &'s Switches, statements: &[Spot]) -> Vec<&'s StatementRef> {
    switches
        .statements
        .iter()
        .filter(|r| {
            !statements
                .iter()
                .any(|s| r.names(s.index, s.sid.as_deref()))
        })
        .collect()
}

/// How a stale switch is named: `statement 4` or `Sid "ReadOnly"`.
pub fn stale_label(r: &StatementRef) -> String {
    match r {
        StatementRef::Index(i) => format!("Statement {} (not in the policy)", i + 1),
        StatementRef::Sid(sid) => format!("Sid \u{201c}{sid}\u{201d} (not in the policy)"),
    }
}

/// What the result says was left out, one item each:
/// `identity policy app-s3-access, statement 2`.
pub fn left_out(switched_off: &[SwitchedOff]) -> Vec<String> {
    switched_off
        .iter()
        .map(|s| {
            let policy = format!("{} {}", policy_type_label(s.policy_type), s.policy);
            match s.statement_index {
                Some(i) => format!("{policy}, statement {}", i + 1),
                None => policy,
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use iamsim::scenario::LoadOptions;

    const SCENARIO: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
  "identityPolicies": [{"name": "app", "document": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"}],
  "switchedOff": [{"policy": "app", "statementIndex": 1}]
}"#;

    fn loaded() -> Scenario {
        let text = crate::scenario::open(SCENARIO).unwrap();
        text.load_with("scenario", LoadOptions { draft: true })
            .unwrap()
    }

    #[test]
    fn statements_come_with_their_lines_and_dim_when_switched_off() {
        let scenario = loaded();
        let spots = statements(&scenario, PolicyType::Identity, "app");
        assert_eq!(spots.len(), 2);
        assert_eq!((spots[0].lines, spots[1].lines), ((4, 4), (5, 9)));
        assert_eq!(spots[0].label(), "Statement 1 \u{201c}Read\u{201d} (Allow)");
        assert!(statements(&scenario, PolicyType::Session, "app").is_empty());

        let mut switches = Switches::default();
        switches.toggle_statement(1, None);
        assert_eq!(dimmed_lines(&switches, &spots), [(5, 9)]);
        switches.policy = true;
        assert_eq!(dimmed_lines(&switches, &spots), [(1, u32::MAX)]);
    }

    #[test]
    fn a_switch_naming_no_statement_is_stale() {
        let spots = statements(&loaded(), PolicyType::Identity, "app");
        let switches = Switches {
            policy: false,
            statements: vec![
                StatementRef::Index(1),
                StatementRef::Index(7),
                StatementRef::Sid("Read".into()),
                StatementRef::Sid("Gone".into()),
            ],
        };
        let stale: Vec<String> = stale(&switches, &spots)
            .into_iter()
            .map(stale_label)
            .collect();
        assert_eq!(
            stale,
            [
                "Statement 8 (not in the policy)",
                "Sid \u{201c}Gone\u{201d} (not in the policy)"
            ]
        );
    }

    #[test]
    fn the_result_names_what_was_left_out() {
        let scenario = loaded();
        let result = iamsim::evaluate(&scenario, &iamsim::EvalOptions::default());
        assert_eq!(result.decision, iamsim::Decision::Allowed);
        assert_eq!(
            left_out(&result.switched_off),
            ["identity policy app, statement 2"]
        );
    }
}
