//! What action patterns grant, by AWS access level: the expansion of one
//! pattern (`s3:Get*` → its actions, grouped), and the IAM console's policy
//! summary of each statement (service → levels granted, full or limited).

use std::collections::BTreeMap;

use iamsim::policy::parse::parse_policy_as;
use iamsim::Source;
use iamsim_catalog::{AccessLevel, ActionRef, Catalog};

use crate::html::{element, escape};
use crate::position::action_string_at;
use std::fmt::Write;

/// The most action names listed per level in an expansion (the count is exact).
const LISTED: usize = 100;
/// The most services listed per statement in a summary (`*` names them all).
const SERVICES: usize = 25;

#[derive(Debug)]
pub struct Expansion {
    pub pattern: String,
    /// Byte offsets of the pattern in the policy text.
    pub from: usize,
    pub to: usize,
    /// How many actions the pattern grants.
    pub total: usize,
    /// Levels in AWS's order, those with actions only.
    pub groups: Vec<Group>,
}

#[derive(Debug)]
pub struct Group {
    pub level: &'static str,
    pub count: usize,
    /// At most [`LISTED`] names, in catalog order.
    pub actions: Vec<String>,
}

/// The actions a pattern grants: `*` alone is every action of every service.
pub fn actions<'a>(
    catalog: &'a Catalog,
    pattern: &'a str,
) -> impl Iterator<Item = ActionRef<'a>> + 'a {
    let pattern = if pattern == "*" { "*:*" } else { pattern };
    catalog.expand(pattern)
}

pub fn expansion(catalog: &Catalog, pattern: &str, from: usize, to: usize) -> Expansion {
    let mut by_level: BTreeMap<AccessLevel, (usize, Vec<String>)> = BTreeMap::new();
    for found in actions(catalog, pattern) {
        let entry = by_level.entry(found.action.level).or_default();
        entry.0 += 1;
        if entry.1.len() < LISTED {
            entry.1.push(found.full_name());
        }
    }
    Expansion {
        pattern: pattern.to_string(),
        from,
        to,
        total: by_level.values().map(|(n, _)| n).sum(),
        groups: by_level
            .into_iter()
            .map(|(level, (count, actions))| Group {
                level: level.as_str(),
                count,
                actions,
            })
            .collect(),
    }
}

impl Expansion {
    /// The popup's contents: the pattern and its count, then each level's actions.
    pub fn html(&self) -> String {
        let mut out = String::from("<p class=\"ed-expand-head\">");
        element(&mut out, "code", "", &self.pattern);
        let _ = match self.total {
            0 => write!(out, " grants no action AWS documents</p>"),
            1 => write!(out, " grants 1 action</p>"),
            n => write!(out, " grants {n} actions</p>"),
        };
        for group in &self.groups {
            let _ = write!(
                out,
                "<section class=\"ed-expand-group\" data-level=\"{0}\"><h4>{0} ({1})</h4><ul>",
                group.level, group.count
            );
            for action in &group.actions {
                element(&mut out, "li", "", action);
            }
            out.push_str("</ul>");
            let more = group.count.saturating_sub(group.actions.len());
            if more > 0 {
                let _ = write!(out, "<p>… and {more} more</p>");
            }
            out.push_str("</section>");
        }
        out
    }
}

/// The `Action`/`NotAction` pattern at byte offset `at`: where it starts,
/// and the popup's HTML.
pub fn at(text: &str, at: usize) -> Option<(usize, String)> {
    let s = action_string_at(text, at)?;
    let pattern = text.get(s.start..s.end).filter(|p| !p.is_empty())?;
    Some((
        s.start,
        expansion(crate::catalog::get()?, pattern, s.start, s.end).html(),
    ))
}

#[derive(Debug)]
pub struct StatementSummary {
    /// 0-based, as the trace counts statements.
    pub index: usize,
    pub sid: Option<String>,
    pub effect: &'static str,
    pub line: u32,
    pub not_action: bool,
    pub services: Vec<ServiceSummary>,
    /// Services beyond those listed.
    pub more_services: usize,
}

#[derive(Debug)]
pub struct ServiceSummary {
    pub prefix: String,
    pub name: String,
    pub levels: Vec<LevelSummary>,
}

/// One access level of one service: `granted` of its `total` actions
/// (all of them: the console's "Full"; some: "Limited").
#[derive(Debug)]
pub struct LevelSummary {
    pub level: &'static str,
    pub granted: usize,
    pub total: usize,
}

/// The summary of each statement of a policy text, as an HTML list.
pub fn statements(text: &str, kind_word: &str) -> String {
    let summaries = crate::catalog::get()
        .map(|c| summarize(c, text, crate::findings::kind(kind_word)))
        .unwrap_or_default();
    let mut out = String::from("<ol>");
    for s in &summaries {
        out.push_str("<li><span class=\"levels-head\">");
        let _ = write!(out, "Statement {}", s.index + 1);
        if let Some(sid) = &s.sid {
            out.push_str(" “");
            escape(sid, &mut out);
            out.push('”');
        }
        let _ = write!(out, " (line {}): {}", s.line, s.effect);
        if s.not_action {
            out.push_str(", every action but those named (NotAction)");
        }
        out.push_str("</span><ul>");
        for service in &s.services {
            out.push_str("<li><strong>");
            escape(&service.name, &mut out);
            out.push_str("</strong>: ");
            for (i, level) in service.levels.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = if level.granted >= level.total {
                    write!(out, "{sep}{} (Full)", level.level)
                } else {
                    write!(
                        out,
                        "{sep}{} (Limited: {} of {})",
                        level.level, level.granted, level.total
                    )
                };
            }
            out.push_str("</li>");
        }
        if s.services.is_empty() {
            out.push_str("<li>no action AWS documents</li>");
        }
        if s.more_services > 0 {
            let _ = write!(out, "<li>… and {} more services</li>", s.more_services);
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ol>");
    out
}

pub fn summarize(catalog: &Catalog, text: &str, kind: iamsim_check::Kind) -> Vec<StatementSummary> {
    let (document, _) = parse_policy_as(text, 0, None, kind.policy_type());
    let source = Source::new("policy", text);
    document
        .statements
        .iter()
        .filter_map(|statement| {
            let list = statement.action.as_ref()?;
            let patterns: Vec<&str> = list.values.iter().map(|v| v.value.as_str()).collect();
            let found: Vec<ActionRef<'_>> = if list.negated {
                // NotAction: every action the list does not name.
                let named: std::collections::HashSet<(&str, &str)> = patterns
                    .iter()
                    .flat_map(|p| actions(catalog, p))
                    .map(|a| (a.service.prefix.as_str(), a.action.name.as_str()))
                    .collect();
                actions(catalog, "*")
                    .filter(|a| {
                        !named.contains(&(a.service.prefix.as_str(), a.action.name.as_str()))
                    })
                    .collect()
            } else {
                let mut seen = std::collections::HashSet::new();
                patterns
                    .iter()
                    .flat_map(|p| actions(catalog, p))
                    .filter(|a| seen.insert((a.service.prefix.as_str(), a.action.name.as_str())))
                    .collect()
            };
            // Per service, per level: how many of its actions the statement names.
            let mut granted: BTreeMap<&str, BTreeMap<AccessLevel, usize>> = BTreeMap::new();
            for a in found {
                *granted
                    .entry(a.service.prefix.as_str())
                    .or_default()
                    .entry(a.action.level)
                    .or_default() += 1;
            }
            let total = granted.len();
            let services = granted
                .into_iter()
                .take(SERVICES)
                .filter_map(|(prefix, levels)| {
                    let service = catalog.service(prefix)?;
                    Some(ServiceSummary {
                        prefix: service.prefix.clone(),
                        name: service.name.clone(),
                        levels: levels
                            .into_iter()
                            .map(|(level, granted)| LevelSummary {
                                level: level.as_str(),
                                granted,
                                total: service.actions.iter().filter(|a| a.level == level).count(),
                            })
                            .collect(),
                    })
                })
                .collect::<Vec<_>>();
            Some(StatementSummary {
                index: statement.index,
                sid: statement.sid.as_ref().map(|s| s.value.clone()),
                effect: statement.effect.value.as_str(),
                line: source.line_col(statement.span.start).line,
                not_action: list.negated,
                more_services: total.saturating_sub(services.len()),
                services,
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn get_star_groups_by_level() {
        let catalog = crate::catalog::get().unwrap();
        let e = expansion(catalog, "s3:Get*", 0, 0);
        assert!(
            e.total >= 40,
            "s3:Get* grants the 40-odd Get actions: {}",
            e.total
        );
        let levels: Vec<&str> = e.groups.iter().map(|g| g.level).collect();
        assert!(levels.contains(&"Read"), "{levels:?}");
        let read = e.groups.iter().find(|g| g.level == "Read").unwrap();
        assert!(read.actions.contains(&"s3:GetObject".to_string()));
        assert_eq!(e.groups.iter().map(|g| g.count).sum::<usize>(), e.total);
    }

    #[test]
    fn expansion_only_in_action_strings() {
        let text = r#"{"Statement": {"Action": ["s3:Get*"], "Resource": "s3:Get*"}}"#;
        let (from, html) = at(text, text.find("s3:Get*").unwrap() + 2).unwrap();
        assert_eq!(from, text.find("s3:Get*").unwrap());
        assert!(html.contains("<code>s3:Get*</code> grants"), "{html}");
        assert!(html.contains("data-level=\"Read\""), "{html}");
        assert_eq!(at(text, text.rfind("s3:Get*").unwrap() + 2), None);
    }

    #[test]
    fn statements_say_full_or_limited() {
        let catalog = crate::catalog::get().unwrap();
        let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Reads", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"},
  {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}
]}"#;
        let s = summarize(catalog, text, iamsim_check::Kind::Identity);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sid.as_deref(), Some("Reads"));
        assert_eq!(s[0].line, 2);
        let s3 = &s[0].services[0];
        assert_eq!(s3.prefix, "s3");
        let list = s3.levels.iter().find(|l| l.level == "List").unwrap();
        assert_eq!(list.granted, list.total, "s3:List* is full List access");
        let read = s3.levels.iter().find(|l| l.level == "Read").unwrap();
        assert_eq!(read.granted, 1, "limited Read");
        assert!(s[1].not_action);
        assert!(s[1].services.iter().all(|svc| svc.prefix != "iam"));
        assert!(s[1].more_services > 100);
        let html = statements(text, "identity");
        assert!(
            html.starts_with(
                "<ol><li><span class=\"levels-head\">Statement 1 “Reads” (line 2): Allow</span>"
            ),
            "{html}"
        );
        assert!(html.contains("List (Full)"), "{html}");
        assert!(html.contains("Read (Limited: 1 of "), "{html}");
    }
}
