//! One statement: Sid, Effect, Action/NotAction, Resource/NotResource,
//! Principal/NotPrincipal and Condition.

use super::{suggest, Parser};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::DiagnosticId;
use crate::json::{JsonValue, Key, Node};
use crate::kinds::PolicyType;
use crate::kinds::{Effect, PrincipalKind};
use crate::matching::{arn_resource_start, split_once_byte};
use crate::policy::{NameList, PrincipalBlock, PrincipalEntry, PrincipalValue, Statement};
use crate::source::{Span, Spanned};

const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// What a bare-string principal (`"Principal": "arn:..."`, refused by AWS)
/// names, when that is plain: an ARN or an
/// account id is an `AWS` principal, `*.amazonaws.com` a service.
fn bare_principal_kind(text: &str) -> Option<PrincipalKind> {
    let account = text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit());
    if text.starts_with("arn:") || account {
        Some(PrincipalKind::Aws)
    } else if text.ends_with(".amazonaws.com") {
        Some(PrincipalKind::Service)
    } else {
        None
    }
}

pub(super) const NOT_2012_10_17: &str =
    "policy variables are substituted only under `\"Version\": \"2012-10-17\"`";

/// The statement's elements as found, before the checks that need them all.
#[derive(Default)]
struct Found<'n> {
    action: Option<(&'n Key<'n>, &'n Node<'n>)>,
    resource: Option<(&'n Key<'n>, &'n Node<'n>)>,
    principal: Option<(&'n Key<'n>, &'n Node<'n>)>,
}

impl Parser {
    /// Parses one statement; `None` when its effect cannot be read (every other
    /// problem still reported).
    pub(super) fn statement(
        &mut self,
        node: &Node<'_>,
        index: usize,
        variables_enabled: bool,
    ) -> Option<Statement> {
        let members = self.object(node, "a statement")?;
        let errors_before = self.diagnostics.len();
        let opening = Span::new(node.span.start as usize, node.span.start as usize + 1);
        if members.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    DiagnosticId::EmptyStatement,
                    "the statement is empty",
                    node.span,
                )
                .with_help(
                    "remove it, or give it `Effect`, `Action` and, in most policies, `Resource`",
                ),
            );
            return None;
        }
        let mut found = Found::default();
        let mut sid = None;
        let mut effect = None;
        let mut conditions = Vec::new();
        let mut effect_seen = false;
        for (key, value) in members {
            match &*key.value {
                "Sid" => sid = self.sid(value),
                "Effect" => {
                    effect_seen = true;
                    effect = self.effect(value);
                }
                "Action" | "NotAction" => {
                    self.first_of_pair(&mut found.action, key, value, "Action", "NotAction")
                }
                "Resource" | "NotResource" => {
                    self.first_of_pair(&mut found.resource, key, value, "Resource", "NotResource");
                }
                "Principal" | "NotPrincipal" => {
                    self.first_of_pair(
                        &mut found.principal,
                        key,
                        value,
                        "Principal",
                        "NotPrincipal",
                    );
                }
                "Condition" => conditions = self.conditions(value, variables_enabled),
                _ => self.unknown_element(key, &STATEMENT_ELEMENTS, "a statement"),
            }
        }
        if !effect_seen {
            self.diagnostics.push(
                Diagnostic::error(
                    DiagnosticId::MissingEffect,
                    "the statement has no `Effect`",
                    opening,
                )
                .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
            );
        }
        let action = match found.action {
            Some((key, value)) => self.name_list(key, value, false),
            None => {
                self.diagnostics.push(
                    Diagnostic::error(
                        DiagnosticId::MissingAction,
                        "the statement has no `Action` or `NotAction`",
                        opening,
                    )
                    .with_help("add e.g. `\"Action\": \"s3:GetObject\"`"),
                );
                None
            }
        };
        let resource = match found.resource {
            Some((key, value)) => self.name_list(key, value, variables_enabled),
            None => {
                self.missing_resource(opening);
                None
            }
        };
        let principal = match found.principal {
            Some((key, value)) => {
                if key.value == "NotPrincipal"
                    && matches!(&effect, Some(e) if e.value == Effect::Allow)
                {
                    self.not_principal_with_allow(key);
                }
                self.principal(key, value)
            }
            None => {
                self.missing_principal(opening);
                None
            }
        };
        let skipped = self.meaningless_since(errors_before);
        Some(Statement {
            index,
            span: node.span,
            sid,
            effect: effect?,
            action,
            resource,
            principal,
            conditions,
            skipped,
        })
    }

    /// Why the statement parsed from diagnostic `first` on has no meaning,
    /// if an error there leaves it unclear. An invalid `Sid` changes nothing
    /// evaluated, and a bare-string principal reads as the one it names.
    pub(super) fn meaningless_since(&self, first: usize) -> Option<String> {
        let error = self
            .diagnostics
            .get(first..)?
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_error() && d.id != "invalid-sid")
            .find(|(i, _)| !self.meaning_kept.contains(&(first + i)))
            .map(|(_, d)| d)?;
        Some(format!(
            "AWS would refuse it (`{}`: {}), and what the statement means is unclear: it is skipped",
            error.id, error.message
        ))
    }

    /// reference_policies_grammar.md, "Notes about string values", `sid_string`:
    /// IAM takes only letters and digits; other services' policies may take more.
    fn sid(&mut self, node: &Node<'_>) -> Option<Spanned<String>> {
        let sid = self.string(node, "Sid")?;
        let iam = matches!(
            self.kind,
            Some(PolicyType::Identity | PolicyType::PermissionsBoundary | PolicyType::Session)
        );
        if iam && !sid.value.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.diagnostics.push(
                Diagnostic::error(
                    DiagnosticId::InvalidSid,
                    format!(
                        "IAM takes only letters and digits in a `Sid`, not `{}`",
                        sid.value
                    ),
                    node.span,
                )
                .with_help("remove spaces, dashes and other signs, e.g. `AllowS3Read`"),
            );
        }
        Some(sid)
    }

    fn effect(&mut self, node: &Node<'_>) -> Option<Spanned<Effect>> {
        let text = self.string(node, "Effect")?;
        let effect = match text.value.parse::<Effect>() {
            Ok(effect) => effect,
            Err(_) => {
                let other = text.value.as_str();
                let mut d = Diagnostic::error(
                    DiagnosticId::InvalidEffect,
                    format!("`Effect` must be `Allow` or `Deny`, not `{other}`"),
                    node.span,
                );
                if let Some(help) = suggest::did_you_mean(other, Effect::WORDS.iter().copied()) {
                    d = d.with_help(format!("{help} (the value is case-sensitive)"));
                }
                self.diagnostics.push(d);
                return None;
            }
        };
        Some(Spanned::new(effect, node.span))
    }

    /// Keeps the first of `Action`/`NotAction` (and the like); a second is a conflict.
    fn first_of_pair<'n>(
        &mut self,
        slot: &mut Option<(&'n Key<'n>, &'n Node<'n>)>,
        key: &'n Key<'n>,
        value: &'n Node<'n>,
        positive: &str,
        negative: &str,
    ) {
        match slot {
            None => *slot = Some((key, value)),
            Some((first, _)) => self.diagnostics.push(
                Diagnostic::error(
                    DiagnosticId::ConflictingElements,
                    format!("`{}` and `{}` in one statement", first.value, key.value),
                    key.span,
                )
                .with_help(format!("a statement takes either `{positive}` or `{negative}`, not both: split it in two")),
            ),
        }
    }

    /// `Action`, `NotAction`, `Resource` or `NotResource`: a string or an array of strings.
    fn name_list(
        &mut self,
        key: &Key<'_>,
        node: &Node<'_>,
        variables_enabled: bool,
    ) -> Option<NameList> {
        let element = &*key.value;
        let is_action = element.ends_with("Action");
        let mut values = self.strings(node, element)?;
        values.retain(|value| self.pattern_fits(value, element));
        // reference_policies_grammar.md, "The policy language and JSON": arrays
        // take one or more values; AWS rejects a statement with no actions or resources.
        if matches!(&node.value, JsonValue::Array(items) if items.is_empty()) {
            let id = if is_action {
                DiagnosticId::MissingAction
            } else {
                DiagnosticId::MissingResource
            };
            self.diagnostics.push(
                Diagnostic::error(id, format!("`{element}` is empty"), node.span).with_help(
                    "give at least one value; an empty list is rejected, not read as \"nothing\"",
                ),
            );
        }
        for value in &values {
            if is_action {
                self.check_action(value);
            } else {
                self.check_resource(value, variables_enabled);
            }
        }
        Some(NameList {
            negated: element.starts_with("Not"),
            values,
            span: node.span,
        })
    }

    /// A string or an array of strings (any wrong element reported, the rest kept).
    fn strings(&mut self, node: &Node<'_>, element: &str) -> Option<Vec<Spanned<String>>> {
        match &node.value {
            JsonValue::String(s) => Some(vec![Spanned::new(s.to_string(), node.span)]),
            JsonValue::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|item| match &item.value {
                        JsonValue::String(s) => Some(Spanned::new(s.to_string(), item.span)),
                        _ => {
                            self.wrong_type(
                                item,
                                &format!("each value of `{element}`"),
                                "a string",
                            );
                            None
                        }
                    })
                    .collect(),
            ),
            _ => {
                self.wrong_type(
                    node,
                    &format!("`{element}`"),
                    "a string or an array of strings",
                );
                None
            }
        }
    }

    fn check_action(&mut self, action: &Spanned<String>) {
        let valid = action.value == "*"
            || split_once_byte(&action.value, b':').is_some_and(|(service, name)| {
                !service.is_empty() && !name.is_empty() && !service.contains(char::is_whitespace)
            });
        if !valid {
            self.diagnostics.push(
                Diagnostic::error(DiagnosticId::InvalidAction, format!("`{}` is not an action", action.value), action.span)
                    .with_help("an action is `service:Action`, e.g. `s3:GetObject` or `s3:Get*`; `*` alone means every action"),
            );
        }
    }

    fn check_resource(&mut self, resource: &Spanned<String>, variables_enabled: bool) {
        if resource.value != "*" && !resource.value.starts_with("arn:") {
            self.diagnostics.push(
                Diagnostic::error(
                    DiagnosticId::InvalidResource,
                    format!("`{}` is not an ARN", resource.value),
                    resource.span,
                )
                .with_help("a resource is an ARN such as `arn:aws:s3:::my-bucket/*`, or `*`"),
            );
        }
        // reference_policies_variables.md, "Resource element": variables work
        // only in the resource part of an ARN, after the fifth colon.
        let head = arn_resource_start(&resource.value)
            .and_then(|at| resource.value.get(..at.saturating_sub(1)));
        let head = head.unwrap_or(&resource.value);
        if !variables_enabled {
            self.literal_variable(resource, NOT_2012_10_17);
        } else if head.contains("${") {
            self.literal_variable(
                resource,
                "a variable is replaced only in the resource part of an ARN, after the fifth colon, \
                 not in its service, region or account",
            );
        }
    }

    /// A `${...}` in `value` that AWS leaves as literal text, for the reason `why`.
    pub(super) fn literal_variable(&mut self, value: &Spanned<String>, why: &str) {
        if value.value.contains("${") {
            self.diagnostics.push(
                Diagnostic::warning(
                    DiagnosticId::VariableNotSubstituted,
                    format!("`{}` is compared as literal text", value.value),
                    value.span,
                )
                .with_help(why),
            );
        }
    }

    fn missing_resource(&mut self, opening: Span) {
        if matches!(
            self.kind,
            Some(PolicyType::Identity | PolicyType::PermissionsBoundary | PolicyType::Session)
        ) {
            self.diagnostics.push(
                Diagnostic::error(DiagnosticId::MissingResource, "the statement has no `Resource` or `NotResource`", opening)
                    .with_help("identity-based policies name the resources they apply to: add e.g. `\"Resource\": \"*\"`"),
            );
        }
    }

    fn missing_principal(&mut self, opening: Span) {
        if self.kind == Some(PolicyType::Resource) {
            self.diagnostics.push(
                Diagnostic::error(DiagnosticId::MissingPrincipalInResourcePolicy, "the statement has no `Principal` or `NotPrincipal`", opening)
                    .with_help("resource-based policies name who they apply to: add e.g. `\"Principal\": { \"AWS\": \"arn:aws:iam::111122223333:root\" }`"),
            );
        }
    }

    /// reference_policies_elements_notprincipal.md, "`NotPrincipal` With `Allow`".
    fn not_principal_with_allow(&mut self, key: &Key<'_>) {
        self.diagnostics.push(
            Diagnostic::warning(
                DiagnosticId::AllowNotPrincipal,
                "`NotPrincipal` with `\"Effect\": \"Allow\"` allows everyone but the principals named",
                key.span,
            )
            .with_help("anonymous users included; AWS strongly recommends against it: name who is allowed in `Principal` instead"),
        );
    }

    /// `Principal` or `NotPrincipal`: `"*"` or a map of kind to string(s).
    fn principal(&mut self, key: &Key<'_>, node: &Node<'_>) -> Option<PrincipalBlock> {
        let refused = match self.kind {
            Some(PolicyType::Identity | PolicyType::PermissionsBoundary | PolicyType::Session) => {
                Some((
                    "an identity-based policy",
                    "it applies to the identity it is attached to: remove the element",
                ))
            }
            // Organizations User Guide, "SCP syntax": no Principal element.
            Some(PolicyType::Scp) => Some((
                "a service control policy",
                "an SCP applies to the IAM users and roles of the accounts it is attached to: \
                 to exempt some, use a condition on `aws:PrincipalArn`",
            )),
            _ => None,
        };
        if let Some((policy, help)) = refused {
            self.diagnostics.push(
                Diagnostic::error(
                    DiagnosticId::PrincipalInIdentityPolicy,
                    format!("`{}` in {policy}", key.value),
                    key.span,
                )
                .with_help(help),
            );
        }
        let negated = key.value == "NotPrincipal";
        let value = match &node.value {
            JsonValue::String(s) if s == "*" => PrincipalValue::Wildcard,
            JsonValue::String(s) => {
                // AWS refuses the bare string; what it names is still plain
                // for an ARN, an account id or a service principal.
                let kind = bare_principal_kind(s);
                if kind.is_some() {
                    self.meaning_kept.push(self.diagnostics.len());
                }
                let written = kind.map_or("AWS", PrincipalKind::as_str);
                self.diagnostics.push(
                    Diagnostic::error(
                        DiagnosticId::InvalidPrincipal,
                        format!("`{s}` is not a principal block"),
                        node.span,
                    )
                    .with_help(format!(
                        "write `\"*\"` or a map such as `{{ \"{written}\": \"{s}\" }}`"
                    )),
                );
                PrincipalValue::Map(vec![PrincipalEntry {
                    kind: kind?,
                    kind_span: node.span,
                    values: vec![Spanned::new(s.to_string(), node.span)],
                }])
            }
            JsonValue::Object(members) => PrincipalValue::Map(
                members
                    .iter()
                    .filter_map(|(kind, values)| self.principal_entry(kind, values, &key.value))
                    .collect(),
            ),
            _ => {
                self.wrong_type(node, &format!("`{}`", key.value), "`\"*\"` or an object");
                return None;
            }
        };
        Some(PrincipalBlock {
            negated,
            value,
            span: node.span,
        })
    }

    fn principal_entry(
        &mut self,
        kind: &Key<'_>,
        node: &Node<'_>,
        element: &str,
    ) -> Option<PrincipalEntry> {
        let Ok(found) = kind.value.parse::<PrincipalKind>() else {
            let names = PrincipalKind::WORDS.iter().copied();
            let help = suggest::did_you_mean(&kind.value, names)
                .map_or_else(String::new, |h| format!("{h} "));
            self.diagnostics.push(
                Diagnostic::error(DiagnosticId::InvalidPrincipal, format!("unknown principal type `{}`", kind.value), kind.span)
                    .with_help(format!("{help}the principal types are `AWS`, `Service`, `Federated` and `CanonicalUser`")),
            );
            return None;
        };
        let values = self.strings(node, &format!("{element}.{}", kind.value))?;
        Some(PrincipalEntry {
            kind: found,
            kind_span: kind.span,
            values,
        })
    }
}
