//! `sarif`: `check`'s findings as a SARIF 2.1.0 log (OASIS Static Analysis
//! Results Interchange Format), which code-scanning tools read: one run of
//! the `iamsim` driver, its rules (each id reported, with its summary, its
//! AWS page and its level), a result per diagnostic at its file, line and
//! column, and a notification per file that could not be read. A test
//! validates the output against the official schema
//! (crates/iamsim-cli/tests/sarif/).

use std::io::{self, Write};

use iamsim::diagnostic::registry::{self, DiagnosticInfo};
use iamsim::{Diagnostic, Severity};
use serde::Serialize;

use super::{CheckEmitter, CheckedFile, Emitter, Json};

pub struct Sarif {
    pub pretty: bool,
}

impl CheckEmitter for Sarif {
    fn stdout(&self) -> Box<dyn Write> {
        Emitter::stdout(&Json {
            pretty: self.pretty,
        })
    }

    fn check(&self, mut out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
        let log = log(files);
        if self.pretty {
            serde_json::to_writer_pretty(&mut out, &log)?;
        } else {
            serde_json::to_writer(&mut out, &log)?;
        }
        writeln!(out)
    }
}

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF level of a severity: a security warning is a warning (its rule
/// is tagged `security`), a suggestion a note.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    /// Columns count characters, as everywhere in iamsim.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'static str>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn log(files: &[CheckedFile]) -> Log {
    let mut rules = Rules::default();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        match file {
            CheckedFile::Unreadable { name, message } => notifications.push(Notification {
                level: "error",
                message: Text {
                    text: message.clone(),
                },
                locations: [location(name, None)],
            }),
            CheckedFile::Checked(report) => {
                for diagnostic in &report.diagnostics {
                    results.push(result(
                        &mut rules,
                        diagnostic,
                        &report.name,
                        &report.sources,
                    ));
                }
            }
        }
    }
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "iamsim",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: (!homepage.is_empty()).then_some(homepage),
                    rules: rules.0,
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn result(
    rules: &mut Rules,
    diagnostic: &Diagnostic,
    name: &str,
    sources: &[iamsim::Source],
) -> SarifResult {
    let report = diagnostic.report(sources);
    let text = match &report.help {
        Some(help) => format!("{}\nhelp: {help}", report.message),
        None => report.message.clone(),
    };
    let region = Region {
        start_line: report.line,
        start_column: report.column,
        end_line: report.end_line,
        end_column: report.end_column,
    };
    SarifResult {
        rule_id: diagnostic.id.as_str(),
        rule_index: rules.index(diagnostic.id.as_str(), diagnostic.severity),
        level: level(diagnostic.severity),
        message: Text { text },
        locations: [location(name, Some(region))],
    }
}

/// Where a file is: its path as given, as a relative URI reference (`/`
/// between segments, reserved characters escaped), or a `file:` URI for an
/// absolute path; standard input has a description instead.
fn location(name: &str, region: Option<Region>) -> Location {
    let artifact = if name == "<stdin>" {
        ArtifactLocation {
            uri: None,
            description: Some(Text {
                text: "standard input".to_owned(),
            }),
        }
    } else {
        ArtifactLocation {
            uri: Some(uri(name)),
            description: None,
        }
    };
    Location {
        physical_location: PhysicalLocation {
            artifact_location: artifact,
            region,
        },
    }
}

fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The rules of the results, in the order first reported.
#[derive(Default)]
struct Rules(Vec<Rule>);

impl Rules {
    /// The index of rule `id`, added on first use.
    fn index(&mut self, id: &'static str, severity: Severity) -> usize {
        if let Some(i) = self.0.iter().position(|r| r.id == id) {
            return i;
        }
        let info: Option<&DiagnosticInfo> = registry::lookup(id);
        let severity = info.map_or(severity, |i| i.severity);
        self.0.push(Rule {
            id,
            short_description: Text {
                text: info.map_or_else(|| id.to_owned(), |i| i.summary.to_owned()),
            },
            help_uri: iamsim_check::rule(id).map(|r| r.doc),
            default_configuration: Configuration {
                level: level(severity),
            },
            properties: (severity == Severity::SecurityWarning)
                .then_some(RuleProperties { tags: ["security"] }),
        });
        self.0.len() - 1
    }
}
