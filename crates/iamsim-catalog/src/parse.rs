//! Reads the catalog file: tab-separated lines, one record each.
//!
//! ```text
//! #iamsim-catalog  1                                  format version
//! #source          PACKAGE  VERSION  DATE             where the data came from
//! S  PREFIX  NAME                                     a service; the records below are its
//! T  NAME    ARN-TEMPLATE                             a resource type
//! K  NAME    TYPE                                     a condition key
//! A  NAME    LEVEL  TYPE[*],...  KEY,...              an action: access level code
//!                                                     (L R W P T), resource types
//!                                                     (`*` = required), condition keys
//! ```

use std::fmt;

use crate::model::{
    cmp_ignore_ascii_case, Action, ConditionKey, DataSource, ResourceType, ResourceUse, Service,
};
use crate::{AccessLevel, Catalog};

const FORMAT_VERSION: &str = "1";

/// What is wrong with a catalog file, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "catalog line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

pub(crate) fn parse(text: &str) -> Result<Catalog, ParseError> {
    let mut source = None;
    let mut services: Vec<Service> = Vec::new();
    let mut saw_format = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let error = |message: String| ParseError {
            line: number,
            message,
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or_default();
        match field(0) {
            "" if line.is_empty() => {}
            "#iamsim-catalog" if field(1) == FORMAT_VERSION => saw_format = true,
            "#iamsim-catalog" => {
                return Err(error(format!(
                    "format version `{}`, expected {FORMAT_VERSION}",
                    field(1)
                )))
            }
            "#source" => {
                source = Some(DataSource {
                    package: field(1).to_owned(),
                    version: field(2).to_owned(),
                    date: field(3).to_owned(),
                })
            }
            _ if !saw_format => {
                return Err(error(
                    "not an iamsim catalog (no `#iamsim-catalog` line first)".into(),
                ))
            }
            "S" => services.push(Service {
                prefix: field(1).to_ascii_lowercase(),
                name: field(2).to_owned(),
                actions: Vec::new(),
                resource_types: Vec::new(),
                condition_keys: Vec::new(),
            }),
            tag @ ("T" | "K" | "A") => {
                let service = services
                    .last_mut()
                    .ok_or_else(|| error(format!("a `{tag}` record before any service")))?;
                match tag {
                    "T" => service.resource_types.push(ResourceType {
                        name: field(1).to_owned(),
                        arn: field(2).to_owned(),
                    }),
                    "K" => service.condition_keys.push(ConditionKey {
                        name: field(1).to_owned(),
                        kind: field(2).to_owned(),
                    }),
                    _ => service.actions.push(Action {
                        name: field(1).to_owned(),
                        level: AccessLevel::from_code(field(2)).ok_or_else(|| {
                            error(format!("unknown access level code `{}`", field(2)))
                        })?,
                        resource_types: list(field(3))
                            .map(|name| match name.strip_suffix('*') {
                                Some(name) => ResourceUse {
                                    name: name.to_owned(),
                                    required: true,
                                },
                                None => ResourceUse {
                                    name: name.to_owned(),
                                    required: false,
                                },
                            })
                            .collect(),
                        condition_keys: list(field(4)).map(str::to_owned).collect(),
                    }),
                }
            }
            other => return Err(error(format!("unknown record `{other}`"))),
        }
    }
    if !saw_format {
        return Err(ParseError {
            line: 1,
            message: "empty catalog".into(),
        });
    }
    // Lookups search by binary search: keep the order they rely on whatever
    // order the file has.
    services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    for service in &mut services {
        service
            .actions
            .sort_by(|a, b| cmp_ignore_ascii_case(&a.name, &b.name));
    }
    Ok(Catalog {
        source: source.unwrap_or_default(),
        services,
    })
}

fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split(',').filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "#iamsim-catalog\t1\n#source\tpkg\t1.2.3\t2026-01-02\n\
        S\tzeta\tZeta\nA\tRun\tW\t\t\n\
        S\tdemo\tDemo Service\nT\tthing\tarn:${Partition}:demo::${Account}:thing/${Id}\n\
        K\tdemo:Color\tString\nA\tPutThing\tW\tthing*\tdemo:Color,aws:TagKeys\nA\tGetThing\tR\tthing\t\n";

    #[test]
    fn reads_every_record() {
        let catalog = parse(SMALL).unwrap();
        assert_eq!(catalog.source.version, "1.2.3");
        assert_eq!(catalog.source.date, "2026-01-02");
        let demo = catalog.service("demo").unwrap();
        assert_eq!(demo.name, "Demo Service");
        let put = demo.action("putthing").unwrap();
        assert_eq!(put.level, AccessLevel::Write);
        assert_eq!(
            put.resource_types,
            vec![ResourceUse {
                name: "thing".into(),
                required: true
            }]
        );
        assert_eq!(put.condition_keys, vec!["demo:Color", "aws:TagKeys"]);
        assert!(!demo.action("GetThing").unwrap().resource_types[0].required);
        assert_eq!(demo.condition_key("DEMO:color").unwrap().kind, "String");
        assert!(
            catalog.service("zeta").is_some(),
            "services are found whatever their order in the file"
        );
    }

    #[test]
    fn says_which_line_is_wrong() {
        let bad_level = SMALL.replace("PutThing\tW", "PutThing\tQ");
        assert_eq!(parse(&bad_level).unwrap_err().line, 8);
        assert_eq!(
            parse("#iamsim-catalog\t1\nA\tRun\tW\n").unwrap_err().line,
            2
        );
        assert_eq!(parse("#iamsim-catalog\t9\n").unwrap_err().line, 1);
        assert!(parse("S\tdemo\tDemo\n")
            .unwrap_err()
            .message
            .contains("not an iamsim catalog"));
        assert!(parse("").is_err());
        assert!(parse("#iamsim-catalog\t1\nX\ty\n")
            .unwrap_err()
            .message
            .contains("unknown record"));
    }
}
