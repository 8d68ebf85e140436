//! The warnings of a batch of scenarios, on stderr: each located at
//! `FILE:LINE:COLUMN` with its scenario's number, and a warning repeated by
//! many scenarios (a generated batch repeats its policies) shown a few
//! times, then counted. What is kept does not grow with the batch: counts
//! per distinct warning shown, and per kind for the rest.

use std::collections::HashMap;

use iamsim::{Diagnostic, Source};

use crate::diagnostics;
use crate::output;

/// Times the same warning (kind and message) is shown in full.
const SAME_SHOWN: usize = 3;
/// Warnings of one kind shown in full, whatever their messages.
const KIND_SHOWN: usize = 20;

/// A warning of scenario `index`, with the source its span points into.
pub struct Warning {
    pub index: usize,
    pub diagnostic: Diagnostic,
    pub source: Source,
}

/// The warnings of `scenario` (number `index` of a batch, or `None` for a
/// lone scenario).
pub fn of(index: usize, scenario: &iamsim::Scenario) -> impl Iterator<Item = Warning> + '_ {
    // In a draft, the errors AWS would refuse the policies for come first.
    let diagnostics = scenario.draft_errors.iter().chain(&scenario.warnings);
    diagnostics.filter_map(move |diagnostic| {
        let source = scenario.sources.get(diagnostic.source)?.clone();
        Some(Warning {
            index,
            diagnostic: Diagnostic {
                source: 0,
                ..diagnostic.clone()
            },
            source,
        })
    })
}

/// Shows warnings as they come, in scenario order, and counts the rest.
#[derive(Default)]
pub struct Reporter {
    /// Per kind and message: how many were seen, and the first scenario.
    same: HashMap<(&'static str, String), (usize, usize)>,
    /// Per kind: how many were shown, and how many were not (beyond `same`'s).
    kinds: HashMap<&'static str, (usize, usize)>,
    /// Whether the scenarios are an array (whose warnings name their scenario).
    pub batch: bool,
}

impl Reporter {
    pub fn new(batch: bool) -> Reporter {
        Reporter {
            batch,
            ..Reporter::default()
        }
    }

    /// Shows `warning` if it is among the first of its kind and message.
    pub fn report(&mut self, warning: Warning) {
        let id = warning.diagnostic.id.as_str();
        let kind = self.kinds.entry(id).or_default();
        let key = (id, warning.diagnostic.message.clone());
        // Past the kind's limit, a new message is only counted: what is
        // kept stays bounded however varied the warnings.
        if kind.0 >= KIND_SHOWN && !self.same.contains_key(&key) {
            kind.1 += 1;
            return;
        }
        let same = self.same.entry(key).or_insert((0, warning.index));
        same.0 += 1;
        if same.0 > SAME_SHOWN {
            return;
        }
        kind.0 += 1;
        let policy = warning.diagnostic.policy.clone();
        // Located in the text its span is in: the file, or a policy given as text.
        let diagnostic = Diagnostic {
            policy: None,
            ..warning.diagnostic
        };
        let note = self.batch.then(|| {
            let policy = policy.map_or_else(String::new, |name| format!(", policy `{name}`"));
            format!("in scenario {}{policy}", warning.index + 1)
        });
        output::to_stderr(&diagnostics::render_noted(
            &diagnostic,
            &[warning.source],
            note.as_deref(),
        ));
    }

    /// The counts of the warnings not shown.
    pub fn finish(self) {
        let mut lines: Vec<String> = Vec::new();
        let mut repeated: Vec<_> = self
            .same
            .into_iter()
            .filter(|(_, (count, _))| *count > SAME_SHOWN)
            .collect();
        repeated.sort_by_key(|(_, (_, first))| *first);
        for ((id, message), (count, _)) in repeated {
            let more = count - SAME_SHOWN;
            lines.push(format!(
                "warning[{id}]: {message}: {more} more time{} not shown",
                plural(more)
            ));
        }
        let mut kinds: Vec<_> = self
            .kinds
            .into_iter()
            .filter(|(_, (_, n))| *n > 0)
            .collect();
        kinds.sort();
        for (id, (_, more)) in kinds {
            lines.push(format!(
                "warning[{id}]: {more} more warning{} of this kind not shown",
                plural(more)
            ));
        }
        if !lines.is_empty() {
            output::to_stderr(&(lines.join("\n") + "\n"));
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
