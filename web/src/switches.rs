//! What-if on the page: the policies and statements switched off
//! (`switchedOff`, docs/scenario.md), held by each policy of the model rather
//! than as the scenario's list of names, so that renaming or removing a
//! policy takes its switches along. This module reads the list into each
//! policy's [`Switches`] and writes it back.

use iamsim::json::{self, JsonValue, JsonWriter};
use iamsim::scenario::field;

/// How an entry names a statement: by position in `Statement`, or by `Sid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementRef {
    Index(usize),
    Sid(String),
}

impl StatementRef {
    /// Whether this names statement `index`, whose Sid is `sid`.
    pub fn names(&self, index: usize, sid: Option<&str>) -> bool {
        match self {
            StatementRef::Index(i) => *i == index,
            StatementRef::Sid(s) => Some(s.as_str()) == sid,
        }
    }
}

/// One policy's switches: the whole policy, and single statements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Switches {
    pub policy: bool,
    pub statements: Vec<StatementRef>,
}

impl Switches {
    /// Whether statement `index` (with its `sid`) is switched off.
    pub fn statement_off(&self, index: usize, sid: Option<&str>) -> bool {
        self.statements.iter().any(|s| s.names(index, sid))
    }

    /// Switches statement `index` off, or on again whichever way it was
    /// named (a link may name it by its `Sid`).
    pub fn toggle_statement(&mut self, index: usize, sid: Option<&str>) {
        if self.statement_off(index, sid) {
            self.statements.retain(|s| !s.names(index, sid));
        } else {
            self.statements.push(StatementRef::Index(index));
        }
    }

    fn write(&self, policy: &str, w: &mut JsonWriter) {
        let entry = |w: &mut JsonWriter, statement: Option<&StatementRef>| {
            w.separate();
            w.open('{');
            w.field(field::POLICY, policy);
            match statement {
                Some(StatementRef::Index(i)) => w.number_field(field::STATEMENT_INDEX, i),
                Some(StatementRef::Sid(sid)) => w.field(field::SID, sid),
                None => {}
            }
            w.close('}');
        };
        if self.policy {
            entry(w, None);
        }
        for statement in &self.statements {
            entry(w, Some(statement));
        }
    }
}

/// A scenario's `switchedOff` as the page holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placed {
    /// The switches of each policy name the list names.
    pub by_policy: Vec<(String, Switches)>,
    /// The entries the page cannot place on a policy (a name the scenario
    /// does not have, a malformed entry), as written: they are written back
    /// as they are, so that the loader reports them where they stand.
    pub unplaced: Vec<String>,
}

/// Reads `switchedOff`'s JSON text, placing each entry on the policy of
/// `names` it names.
pub fn place(text: &str, names: &[&str]) -> Placed {
    let mut placed = Placed::default();
    let items = match json::parse(text) {
        Ok((node, _)) => match node.value {
            JsonValue::Array(items) => items,
            _ => vec![node],
        },
        Err(_) => {
            placed.unplaced.push(text.trim().to_owned());
            return placed;
        }
    };
    for item in items {
        let raw = usize::try_from(item.span.start)
            .ok()
            .zip(usize::try_from(item.span.end).ok())
            .and_then(|(start, end)| text.get(start..end))
            .unwrap_or_default();
        match entry(&item.value).filter(|(name, _)| names.contains(&name.as_str())) {
            Some((name, statement)) => {
                let at = match placed.by_policy.iter().position(|(n, _)| *n == name) {
                    Some(at) => at,
                    None => {
                        placed.by_policy.push((name, Switches::default()));
                        placed.by_policy.len() - 1
                    }
                };
                if let Some((_, switches)) = placed.by_policy.get_mut(at) {
                    match statement {
                        Some(statement) => switches.statements.push(statement),
                        None => switches.policy = true,
                    }
                }
            }
            None => placed.unplaced.push(raw.to_owned()),
        }
    }
    placed
}

/// An entry the page can hold: `{ "policy" }`, with `statementIndex` or
/// `sid` (not both), nothing else.
fn entry(value: &JsonValue) -> Option<(String, Option<StatementRef>)> {
    let JsonValue::Object(members) = value else {
        return None;
    };
    let (mut policy, mut statement) = (None, None);
    for (key, node) in members {
        match (key.value.as_str(), &node.value) {
            (field::POLICY, JsonValue::String(name)) => policy = Some(name.clone()),
            (field::STATEMENT_INDEX, JsonValue::Number(n)) if statement.is_none() => {
                statement = Some(StatementRef::Index(n.parse().ok()?));
            }
            (field::SID, JsonValue::String(sid)) if statement.is_none() => {
                statement = Some(StatementRef::Sid(sid.clone()));
            }
            _ => return None,
        }
    }
    Some((policy?, statement))
}

/// `switchedOff`'s JSON text: the unplaced entries as written, then each
/// policy's switches; `None` when nothing is switched off.
pub fn write<'p>(
    policies: impl IntoIterator<Item = (&'p str, &'p Switches)>,
    unplaced: &[String],
) -> Option<String> {
    let mut w = JsonWriter::default();
    w.open('[');
    for raw in unplaced {
        w.separate();
        w.out.push_str(raw);
    }
    for (name, switches) in policies {
        switches.write(name, &mut w);
    }
    w.close(']');
    (w.out != "[]").then_some(w.out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_placed_on_their_policies_and_written_back() {
        let text = r#"[{"policy": "deny-delete"}, {"policy": "app", "statementIndex": 1},
            {"policy": "app", "sid": "AllowWrite"}]"#;
        let placed = place(text, &["app", "deny-delete"]);
        assert!(placed.unplaced.is_empty());
        let (name, deny) = &placed.by_policy[0];
        assert_eq!((name.as_str(), deny.policy), ("deny-delete", true));
        let (_, app) = &placed.by_policy[1];
        assert!(!app.policy);
        assert!(app.statement_off(1, None) && app.statement_off(5, Some("AllowWrite")));
        assert!(!app.statement_off(0, Some("Other")));
        let written = write(
            placed.by_policy.iter().map(|(n, s)| (n.as_str(), s)),
            &placed.unplaced,
        )
        .unwrap();
        assert_eq!(
            written,
            r#"[{"policy":"deny-delete"},{"policy":"app","statementIndex":1},{"policy":"app","sid":"AllowWrite"}]"#
        );
        assert_eq!(place(&written, &["app", "deny-delete"]), placed);
    }

    /// What the page cannot place stays as written, for the loader to report.
    #[test]
    fn unknown_names_and_malformed_entries_are_kept_as_written() {
        let placed = place(
            r#"[{"policy": "gone"}, {"policy": "app", "statementIndex": 1, "sid": "S"}, 7]"#,
            &["app"],
        );
        assert!(placed.by_policy.is_empty());
        assert_eq!(
            placed.unplaced,
            [
                r#"{"policy": "gone"}"#,
                r#"{"policy": "app", "statementIndex": 1, "sid": "S"}"#,
                "7"
            ]
        );
        let off = Switches {
            policy: true,
            statements: vec![],
        };
        assert_eq!(
            write([("app", &off)], &placed.unplaced).unwrap(),
            r#"[{"policy": "gone"},{"policy": "app", "statementIndex": 1, "sid": "S"},7,{"policy":"app"}]"#
        );
        assert_eq!(place("[nope", &["app"]).unplaced, ["[nope"]);
        assert_eq!(write([("app", &Switches::default())], &[]), None);
    }

    #[test]
    fn a_statement_toggles_off_and_on_whichever_way_it_is_named() {
        let mut switches = Switches {
            policy: false,
            statements: vec![StatementRef::Sid("AllowWrite".into())],
        };
        switches.toggle_statement(2, Some("AllowWrite"));
        assert_eq!(switches, Switches::default());
        switches.toggle_statement(2, Some("AllowWrite"));
        assert_eq!(switches.statements, [StatementRef::Index(2)]);
    }
}
