//! Policy document text (or an already-parsed JSON value) to the policy model,
//! reporting every problem found, each on the most specific span.
//!
//! The grammar is the IAM User Guide's, "Grammar of the IAM JSON policy
//! language" (reference_policies_grammar.md). The policy's kind decides the
//! rules that depend on where it is attached (Principal, Resource).

mod condition;
mod statement;
pub mod suggest;

use super::{PolicyDocument, Version};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::DiagnosticId;
use crate::json::{self, JsonValue, Key, Node};
use crate::kinds::PolicyType;
use crate::limits::{self, MAX_PATTERN_CHARS, MAX_STATEMENTS};
use crate::source::{Span, Spanned};

const DOCUMENT_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];

/// Parses a policy from its text, with the rules every policy shares.
/// Diagnostics carry `source` and `policy`.
pub fn parse_policy(
    text: &str,
    source: usize,
    policy: Option<&str>,
) -> (PolicyDocument, Vec<Diagnostic>) {
    parse_text(text, source, policy, None)
}

/// Parses a policy given as a JSON value inside a larger text (a scenario file).
pub fn parse_policy_value(
    node: &Node<'_>,
    source: usize,
    policy: Option<&str>,
) -> (PolicyDocument, Vec<Diagnostic>) {
    parse_node(node, source, policy, None)
}

/// [`parse_policy`], adding the rules of a policy of `kind`: identity-based
/// policies need a Resource and must not name a Principal; resource-based
/// policies need a Principal.
pub fn parse_policy_as(
    text: &str,
    source: usize,
    policy: Option<&str>,
    kind: PolicyType,
) -> (PolicyDocument, Vec<Diagnostic>) {
    parse_text(text, source, policy, Some(kind))
}

/// [`parse_policy_value`] with the rules of a policy of `kind`; see [`parse_policy_as`].
pub fn parse_policy_value_as(
    node: &Node<'_>,
    source: usize,
    policy: Option<&str>,
    kind: PolicyType,
) -> (PolicyDocument, Vec<Diagnostic>) {
    parse_node(node, source, policy, Some(kind))
}

fn parse_text(
    text: &str,
    source: usize,
    policy: Option<&str>,
    kind: Option<PolicyType>,
) -> (PolicyDocument, Vec<Diagnostic>) {
    match json::parse_borrowed(text, json::POLICY_LIMITS) {
        Ok((node, mut diagnostics)) => {
            let (document, more) = parse_node(&node, source, policy, kind);
            diagnostics.extend(more);
            (document, attribute(diagnostics, source, policy))
        }
        Err(diagnostics) => (
            PolicyDocument::default(),
            attribute(diagnostics, source, policy),
        ),
    }
}

fn parse_node(
    node: &Node<'_>,
    source: usize,
    policy: Option<&str>,
    kind: Option<PolicyType>,
) -> (PolicyDocument, Vec<Diagnostic>) {
    let mut parser = Parser {
        kind,
        diagnostics: Vec::new(),
        meaning_kept: Vec::new(),
    };
    let document = parser.document(node);
    // In reading order, whatever order the checks ran in.
    parser.diagnostics.sort_by_key(|d| d.span.start);
    (document, attribute(parser.diagnostics, source, policy))
}

fn attribute(
    mut diagnostics: Vec<Diagnostic>,
    source: usize,
    policy: Option<&str>,
) -> Vec<Diagnostic> {
    for d in &mut diagnostics {
        d.source = source;
        d.policy = policy.map(str::to_owned);
    }
    diagnostics
}

/// Walks one document, collecting diagnostics.
struct Parser {
    kind: Option<PolicyType>,
    diagnostics: Vec<Diagnostic>,
    /// Errors (indices into `diagnostics`) after which what the statement
    /// says is still plain: a draft evaluates it as it reads.
    meaning_kept: Vec<usize>,
}

impl Parser {
    fn document(&mut self, node: &Node<'_>) -> PolicyDocument {
        let mut document = PolicyDocument {
            span: node.span,
            ..PolicyDocument::default()
        };
        if node.span.end.saturating_sub(node.span.start) as usize > json::POLICY_LIMITS.max_bytes {
            self.diagnostics.push(
                Diagnostic::error(DiagnosticId::TooLarge, "the policy is larger than 1 MiB", node.span)
                    .with_help("AWS accepts 2,048 to 10,240 characters for an IAM policy, 20 KB for a bucket policy"),
            );
            return document;
        }
        let Some(members) = self.object(node, "a policy") else {
            return document;
        };
        let errors_before = self.diagnostics.len();
        let mut statement = None;
        let mut version_given = false;
        for (key, value) in members {
            match &*key.value {
                "Version" => {
                    version_given = true;
                    document.version = self.version(value);
                }
                "Id" => document.id = self.string(value, "Id"),
                "Statement" => statement = Some(value),
                _ => self.unknown_element(key, &DOCUMENT_ELEMENTS, "a policy"),
            }
        }
        if !version_given {
            self.diagnostics.push(
                Diagnostic::warning(
                    DiagnosticId::MissingVersion,
                    "no `Version`: the policy is read as version 2008-10-17",
                    Span::empty_at(node.span.start as usize),
                )
                .with_help("policy variables such as `${aws:username}` are substituted only under `\"Version\": \"2012-10-17\"`: add it"),
            );
        }
        // An error in the document itself (an unknown `Version`, an unknown
        // element) leaves every statement's meaning unclear.
        let document_error = self.meaningless_since(errors_before);
        match statement {
            Some(value) => {
                document.statements = self.statements(value, document.variables_enabled());
                if let Some(why) = document_error {
                    for statement in &mut document.statements {
                        statement.skipped.get_or_insert_with(|| why.clone());
                    }
                }
            }
            None => self.diagnostics.push(
                Diagnostic::error(DiagnosticId::MissingStatement, "the policy has no `Statement`", Span::empty_at(node.span.start as usize))
                    .with_help("add `\"Statement\": [ { \"Effect\": ..., \"Action\": ..., \"Resource\": ... } ]`"),
            ),
        }
        self.duplicate_sids(&document);
        document
    }

    fn version(&mut self, node: &Node<'_>) -> Option<Spanned<Version>> {
        let text = self.string(node, "Version")?;
        let version = match text.value.as_str() {
            "2012-10-17" => Version::V2012_10_17,
            "2008-10-17" => Version::V2008_10_17,
            other => {
                self.diagnostics.push(
                    Diagnostic::error(DiagnosticId::InvalidVersion, format!("unknown policy language version `{other}`"), node.span)
                        .with_help("`Version` is `2012-10-17` (current) or `2008-10-17`; it is a fixed date, not the policy's own date"),
                );
                return None;
            }
        };
        Some(Spanned::new(version, node.span))
    }

    /// `Statement`: one statement object or an array of them.
    fn statements(&mut self, node: &Node<'_>, variables_enabled: bool) -> Vec<super::Statement> {
        match &node.value {
            JsonValue::Object(_) => self
                .statement(node, 0, variables_enabled)
                .into_iter()
                .collect(),
            JsonValue::Array(items) if items.len() > MAX_STATEMENTS => {
                self.diagnostics.push(
                    Diagnostic::error(
                        DiagnosticId::TooManyStatements,
                        format!("the policy has {} statements, more than the {MAX_STATEMENTS} accepted", items.len()),
                        node.span,
                    )
                    .with_help("AWS's largest policies (10,240 characters) hold a few hundred statements at most: split the policy"),
                );
                Vec::new()
            }
            JsonValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| self.statement(item, index, variables_enabled))
                .collect(),
            _ => {
                self.wrong_type(node, "`Statement`", "an object or an array of objects");
                Vec::new()
            }
        }
    }

    fn duplicate_sids(&mut self, document: &PolicyDocument) {
        for (i, statement) in document.statements.iter().enumerate() {
            let Some(sid) = &statement.sid else { continue };
            let earlier = document
                .statements
                .iter()
                .take(i)
                .filter_map(|s| s.sid.as_ref())
                .find(|s| s.value == sid.value);
            if earlier.is_some() && !sid.value.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        DiagnosticId::DuplicateSid,
                        format!("the `Sid` `{}` is used twice", sid.value),
                        sid.span,
                    )
                    .with_help("rename one of them: statement ids must be unique within a policy"),
                );
            }
        }
    }

    // Shared helpers for the element parsers.

    /// The members of an object, or a `wrong-type` diagnostic.
    fn object<'n>(&mut self, node: &'n Node<'n>, what: &str) -> Option<&'n [(Key<'n>, Node<'n>)]> {
        match &node.value {
            JsonValue::Object(members) => Some(members),
            _ => {
                self.wrong_type(node, what, "an object");
                None
            }
        }
    }

    fn string(&mut self, node: &Node<'_>, element: &str) -> Option<Spanned<String>> {
        match &node.value {
            JsonValue::String(s) => Some(Spanned::new(s.to_string(), node.span)),
            _ => {
                self.wrong_type(node, &format!("`{element}`"), "a string");
                None
            }
        }
    }

    fn wrong_type(&mut self, node: &Node<'_>, what: &str, expected: &str) {
        self.diagnostics.push(node.wrong_type(what, expected));
    }

    fn unknown_element(&mut self, key: &Key<'_>, known: &[&str], inside: &str) {
        let diagnostic = Diagnostic::error(
            DiagnosticId::UnknownElement,
            format!("unknown element `{}` in {inside}", key.value),
            key.span,
        );
        let help = suggest::did_you_mean(&key.value, known.iter().copied()).map_or_else(
            || format!("the elements of {inside} are {}", backticked(known)),
            |h| format!("{h} (names are case-sensitive)"),
        );
        self.diagnostics.push(diagnostic.with_help(help));
    }
}

impl Parser {
    /// A `pattern-too-long` error when a wildcard pattern of `element` is
    /// longer than [`MAX_PATTERN_CHARS`]; `false` then, and the caller drops it.
    fn pattern_fits(&mut self, value: &Spanned<String>, element: &str) -> bool {
        if !limits::longer_than(&value.value, MAX_PATTERN_CHARS) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::error(
                DiagnosticId::PatternTooLong,
                format!("this `{element}` value is {} characters long, more than the {MAX_PATTERN_CHARS} accepted", value.value.chars().count()),
                value.span,
            )
            .with_help("an ARN is at most 2,048 characters: shorten the pattern, with `*` for the part that varies"),
        );
        false
    }
}

/// `` `a`, `b`, `c` `` for help texts.
fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
