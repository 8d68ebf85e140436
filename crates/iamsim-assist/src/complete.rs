//! Action completions: service prefixes, then the service's actions, as typed.

use crate::position::action_string_at;
use iamsim_catalog::Catalog;

/// The most completions offered at once.
const LIMIT: usize = 50;

#[derive(Debug)]
pub struct Completions {
    /// Byte offsets of the text the chosen completion replaces.
    pub from: usize,
    pub to: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Item {
    /// `s3:GetObject`, or a service prefix with its colon (`s3:`).
    pub name: String,
    /// The action's access level; none for a service.
    pub level: Option<&'static str>,
}

/// What `typed` may become: services whose prefix starts with it, or, after
/// a colon, the named service's actions whose name starts with what follows.
/// Case-insensitive; nothing once it holds a wildcard.
pub fn candidates(catalog: &Catalog, typed: &str) -> Vec<Item> {
    let starts = |name: &str, prefix: &str| {
        name.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if typed.is_empty() || typed.contains(['*', '?']) {
        return Vec::new();
    }
    match typed.split_once(':') {
        None => catalog
            .services()
            .iter()
            .filter(|s| starts(&s.prefix, typed))
            .take(LIMIT)
            .map(|s| Item {
                name: format!("{}:", s.prefix),
                level: None,
            })
            .collect(),
        Some((service, name)) => catalog
            .service(service)
            .into_iter()
            .flat_map(|s| s.actions.iter().map(move |a| (s, a)))
            .filter(|(_, a)| starts(&a.name, name))
            .take(LIMIT)
            .map(|(s, a)| Item {
                name: format!("{}:{}", s.prefix, a.name),
                level: Some(a.level.as_str()),
            })
            .collect(),
    }
}

/// Completions at `caret` in a policy text (none outside an
/// `Action`/`NotAction` string): they replace the whole string's contents.
pub fn in_policy(text: &str, caret: usize) -> Option<Completions> {
    let s = action_string_at(text, caret)?;
    let typed = text.get(s.start..caret.max(s.start))?;
    Some(Completions {
        from: s.start,
        to: s.end,
        items: candidates(crate::catalog::get()?, typed),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn services_then_actions() {
        let catalog = crate::catalog::get().unwrap();
        let names = |typed| {
            candidates(catalog, typed)
                .into_iter()
                .map(|i| i.name)
                .collect::<Vec<_>>()
        };
        assert!(names("s3").contains(&"s3:".to_string()));
        let gets = names("s3:Get");
        assert!(gets.contains(&"s3:GetObject".to_string()), "{gets:?}");
        assert!(gets.iter().all(|n| n.starts_with("s3:Get")));
        assert_eq!(names("S3:getobject")[0], "s3:GetObject");
        assert!(names("s3:Get*").is_empty());
        assert!(names("").is_empty());
        assert!(names("nosuchservice:").is_empty());
    }

    #[test]
    fn completes_inside_an_action_string_only() {
        let text = r#"{"Statement": [{"Action": "s3:Get", "Resource": "s3:Get"}]}"#;
        let caret = text.find("s3:Get").unwrap() + 6;
        let found = in_policy(text, caret).unwrap();
        assert!(found.items.iter().any(|i| i.name == "s3:GetObject"));
        assert_eq!((found.from, found.to), (caret - 6, caret));
        let in_resource = text.rfind("s3:Get").unwrap() + 6;
        assert!(in_policy(text, in_resource).is_none());
    }
}
