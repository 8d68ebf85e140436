//! The trace view's rows as plain data: each step's heading, and the rows of
//! its body (a policy's heading, its statements, a "show more" row), each
//! keyed by what it shows, so that a keystroke rebuilds only the rows it
//! changed (`components::trace_view` renders them).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use iamsim::kinds::{Effect, StepKind, StepOutcome};
use iamsim::trace::StatementTrace;
use iamsim::EvalResult;

use crate::wording::{is_decisive, outcome_label, policy_type_label};

/// What a step's heading shows. Steps are keyed by it, so a keystroke that
/// leaves a heading as it was keeps that step's DOM (and its statements are
/// keyed in turn, see [`step_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StepHead {
    pub kind: StepKind,
    pub id: &'static str,
    pub outcome: StepOutcome,
    pub outcome_word: &'static str,
    pub summary: String,
    pub decider: bool,
    /// Open what explains the decision: the deciding step, and steps where a statement applied.
    pub default_open: bool,
}

pub fn step_heads(r: &EvalResult) -> Vec<StepHead> {
    r.trace
        .iter()
        .map(|step| {
            let decider = is_decisive(step, r.decided_by);
            StepHead {
                kind: step.step,
                id: step.step.as_str(),
                outcome: step.outcome,
                outcome_word: outcome_label(step.outcome).0,
                summary: step.summary.to_string(),
                decider,
                default_open: decider || step.policies.iter().any(|p| p.matched),
            }
        })
        .collect()
}

/// One line of a step's body: a policy's heading, or one of its statements.
#[derive(Clone)]
pub enum Row {
    Policy {
        name: String,
        kind: String,
        matched: bool,
        empty: bool,
    },
    Statement {
        policy: String,
        trace: Arc<StatementTrace>,
    },
    /// Statements of `policy` that did not apply and are not shown yet.
    More { policy: String, hidden: usize },
}

/// Statements that did not apply, shown per policy before a "show more"
/// button: a 200-statement policy then renders a few rows, not 200, on
/// every keystroke, and the reader sees first what decided.
const SHOWN_UNMATCHED: usize = 5;

/// The rows of a step's body, each with a key that changes only when what
/// it shows changes: re-rendering after a keystroke rebuilds only the
/// statements the keystroke changed.
pub fn step_rows(r: &EvalResult, kind: StepKind, expanded: &[String]) -> Vec<((u64, u32), Row)> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut rows = Vec::new();
    let mut push = |hash: u64, row: Row| {
        let n = seen.entry(hash).or_insert(0);
        rows.push(((hash, *n), row));
        *n += 1;
    };
    for p in r
        .trace
        .iter()
        .filter(|s| s.step == kind)
        .flat_map(|s| &s.policies)
    {
        let label = match &p.level {
            Some(level) => format!("{}, {level}", policy_type_label(p.policy_type)),
            None => policy_type_label(p.policy_type).to_string(),
        };
        let head = (&p.policy, &label, p.matched, p.statements.is_empty());
        push(
            fingerprint(&head),
            Row::Policy {
                name: p.policy.clone(),
                kind: label,
                matched: p.matched,
                empty: p.statements.is_empty(),
            },
        );
        let all = expanded.contains(&p.policy);
        let mut unmatched = 0;
        for trace in &p.statements {
            if !trace.matched {
                unmatched += 1;
                if !all && unmatched > SHOWN_UNMATCHED {
                    continue;
                }
            }
            // Positions are left out: a line break above a statement moves it
            // without rebuilding it (its summary reads its lines live).
            let mut hasher = DefaultHasher::new();
            p.policy.hash(&mut hasher);
            hash_statement(trace, &mut hasher);
            let hash = hasher.finish();
            push(
                hash,
                Row::Statement {
                    policy: p.policy.clone(),
                    trace: Arc::clone(trace),
                },
            );
        }
        let hidden = unmatched.saturating_sub(SHOWN_UNMATCHED);
        if !all && hidden > 0 {
            push(
                fingerprint(&("more", &p.policy, hidden)),
                Row::More {
                    policy: p.policy.clone(),
                    hidden,
                },
            );
        }
    }
    rows
}

/// Feeds what a statement's row shows into `h`, leaving out its position.
/// (Hashing the fields by hand keeps serde's code for the trace out of the
/// page; a field the row starts showing must be added here.)
fn hash_statement(s: &StatementTrace, h: &mut DefaultHasher) {
    (
        s.statement_index,
        &s.sid,
        s.effect == Effect::Allow,
        s.matched,
        &s.skipped,
    )
        .hash(h);
    for element in [&s.action, &s.resource, &s.principal] {
        let Some(e) = element else {
            0u8.hash(h);
            continue;
        };
        (e.element, e.matched, &e.value, &e.note, e.patterns.len()).hash(h);
        for p in &e.patterns {
            (&p.pattern, &p.resolved, p.matched).hash(h);
        }
    }
    s.conditions.len().hash(h);
    for c in &s.conditions {
        (&c.operator, &c.key, c.matched, &c.request_values, &c.note).hash(h);
        c.policy_values.len().hash(h);
        for v in &c.policy_values {
            (&v.value, &v.resolved, v.matched).hash(h);
        }
    }
}

/// Where a step's statement is now: its first and last line.
pub fn statement_lines(
    r: &EvalResult,
    step: StepKind,
    policy: &str,
    index: usize,
) -> Option<(u32, u32)> {
    r.trace
        .iter()
        .filter(|s| s.step == step)
        .flat_map(|s| &s.policies)
        .filter(|p| p.policy == policy)
        .flat_map(|p| &p.statements)
        .find(|s| s.statement_index == index)
        .map(|s| (s.line, s.end_line))
}

fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn a_changed_statement_changes_only_its_own_key() {
        let before = fixture::allowed();
        let mut after = fixture::allowed();
        if let Some(s) = after
            .trace
            .get_mut(1)
            .and_then(|s| s.policies.get_mut(0))
            .and_then(|p| p.statements.get_mut(1))
        {
            Arc::make_mut(s).sid = Some("Renamed".into());
        }
        let keys = |r: &EvalResult| {
            step_rows(r, StepKind::IdentityPolicies, &[])
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        let (a, b) = (keys(&before), keys(&after));
        assert_eq!(a.len(), 3); // the policy's heading and its two statements
        assert_eq!(a[..2], b[..2]);
        assert_ne!(a[2], b[2]);
    }

    #[test]
    fn a_statement_moved_by_a_line_break_keeps_its_key() {
        let before = fixture::allowed();
        let mut after = fixture::allowed();
        for p in after.trace.iter_mut().flat_map(|s| &mut s.policies) {
            for s in &mut p.statements {
                Arc::make_mut(s).line += 1;
                Arc::make_mut(s).end_line += 1;
            }
        }
        let keys = |r: &EvalResult| {
            step_rows(r, StepKind::IdentityPolicies, &[])
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&before), keys(&after));
        assert_eq!(
            statement_lines(&after, StepKind::IdentityPolicies, "home", 1),
            Some((11, 17))
        );
    }

    #[test]
    fn statements_that_did_not_apply_wait_behind_a_show_more_row() {
        let mut r = fixture::allowed();
        let policy = r
            .trace
            .get_mut(1)
            .and_then(|s| s.policies.get_mut(0))
            .expect("the fixture's identity policy");
        let template = Arc::clone(&policy.statements[1]);
        assert!(!template.matched);
        for n in 0..8 {
            let mut extra = (*template).clone();
            extra.statement_index = 10 + n;
            policy.statements.push(Arc::new(extra));
        }
        let rows = step_rows(&r, StepKind::IdentityPolicies, &[]);
        // Heading, the statement that applied, five that did not, "show 4 more".
        assert_eq!(rows.len(), 8);
        assert!(matches!(
            rows.last(),
            Some((_, Row::More { hidden: 4, .. }))
        ));
        let all = step_rows(&r, StepKind::IdentityPolicies, &["home".to_owned()]);
        assert_eq!(all.len(), 11);
        assert!(!all.iter().any(|(_, row)| matches!(row, Row::More { .. })));
    }
}
