//! Reads one scenario object, field by field, collecting every problem.

use crate::diagnostic::DiagnosticId;
use std::fmt::Display;

use crate::caller::RequestPrincipal;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::json::{JsonValue, Key, Node};
use crate::kinds::{one_of, Attachment, Decision, PolicyType};
use crate::limits::{self, MAX_CONDITION_VALUES, MAX_REQUEST_VALUE_CHARS};
use crate::policy::parse::suggest;
use crate::policy::parse::{parse_policy_as, parse_policy_value_as};
use crate::scenario::{
    field, Context, ContextValue, DocRef, Exercise, Expectation, LoadOptions, NamedPolicy,
    NamedRequest, PolicyLevel, Request, Scenario, SwitchedOff,
};
use crate::source::{Source, Span};

const SCENARIO_FIELDS: [&str; 15] = [
    field::REQUEST,
    field::IDENTITY_POLICIES,
    field::RESOURCE_POLICY,
    field::PERMISSIONS_BOUNDARY,
    field::SESSION_POLICY,
    field::SERVICE_CONTROL_POLICIES,
    field::RESOURCE_CONTROL_POLICIES,
    field::VPC_ENDPOINT_POLICY,
    field::TITLE,
    field::DESCRIPTION,
    field::DOCS,
    field::EXPECT,
    field::REQUESTS,
    field::SWITCHED_OFF,
    field::EXERCISE,
];
const REQUEST_FIELDS: [&str; 5] = [
    field::PRINCIPAL,
    field::ACTION,
    field::RESOURCE,
    field::RESOURCE_ACCOUNT,
    field::CONTEXT,
];
/// An entry of `requests`: a name, an expectation, and the request's
/// fields it changes.
const REQUEST_ENTRY_FIELDS: [&str; 7] = [
    field::NAME,
    field::PRINCIPAL,
    field::ACTION,
    field::RESOURCE,
    field::RESOURCE_ACCOUNT,
    field::CONTEXT,
    field::EXPECT,
];
const SWITCHED_OFF_FIELDS: [&str; 3] = [field::POLICY, field::STATEMENT_INDEX, field::SID];
const EXERCISE_FIELDS: [&str; 2] = [field::GOAL, field::EDITABLE];
/// An editable policy is named as a `switchedOff` entry names one, whole.
const EDITABLE_FIELDS: [&str; 1] = [field::POLICY];
const POLICY_FIELDS: [&str; 2] = [field::NAME, field::DOCUMENT];
const IDENTITY_POLICY_FIELDS: [&str; 4] = [
    field::NAME,
    field::DOCUMENT,
    field::ATTACHED_TO,
    field::MANAGED,
];
const LEVEL_FIELDS: [&str; 2] = [field::NAME, field::POLICIES];
const DOC_FIELDS: [&str; 2] = [field::PAGE, field::HEADING];
const EXPECT_FIELDS: [&str; 2] = [field::DECISION, field::MATCHED_STATEMENTS];
const MATCHED_FIELDS: [&str; 2] = [field::POLICY, field::STATEMENT_INDEX];

/// A scenario that could not be loaded: its errors and the sources they point into
/// (`sources[0]` is the file).
pub(super) struct Failed {
    sources: Vec<Source>,
    diagnostics: Vec<Diagnostic>,
}

impl Failed {
    /// Adds these errors to a file's: the file is source 0 in both, this
    /// scenario's own sources go after the ones already there.
    pub(super) fn append_to(self, error: &mut LoadError) {
        let offset = error.sources.len().saturating_sub(1);
        error
            .diagnostics
            .extend(self.diagnostics.into_iter().map(|mut d| {
                if d.source > 0 {
                    d.source += offset;
                }
                d
            }));
        error.sources.extend(self.sources.into_iter().skip(1));
    }
}

/// Reads the scenario in `node`, a value of the file `file`.
/// `json_errors` (such as duplicate keys) fail it too; those inside a policy
/// document are said to be in that policy.
pub(super) fn scenario(
    node: &Node<'_>,
    file: &Source,
    json_errors: Vec<Diagnostic>,
    options: LoadOptions,
) -> Result<Scenario, Failed> {
    let mut reader = Reader {
        sources: vec![file.clone()],
        errors: Vec::new(),
        warnings: Vec::new(),
        draft_errors: options.draft.then(Vec::new),
        json_errors,
    };
    let scenario = reader.scenario(node);
    let unclaimed = std::mem::take(&mut reader.json_errors);
    reader.errors.extend(unclaimed);
    match scenario {
        Some(scenario) if reader.errors.is_empty() => Ok(Scenario {
            sources: reader.sources,
            warnings: reader.warnings,
            draft_errors: reader.draft_errors.unwrap_or_default(),
            ..scenario
        }),
        _ => Err(Failed {
            sources: reader.sources,
            diagnostics: reader.errors,
        }),
    }
}

/// Errors of the JSON text itself, and the limits of `crate::limits`, which
/// no draft can read past.
const JSON_ERRORS: [DiagnosticId; 8] = [
    DiagnosticId::InvalidJson,
    DiagnosticId::DuplicateKey,
    DiagnosticId::EmptyDocument,
    DiagnosticId::TooDeep,
    DiagnosticId::TooLarge,
    DiagnosticId::TooManyStatements,
    DiagnosticId::TooManyValues,
    DiagnosticId::PatternTooLong,
];

struct Reader {
    sources: Vec<Source>,
    /// JSON errors of the scenario not yet placed in a policy.
    json_errors: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// In a draft, the policies' errors that do not stop evaluation.
    draft_errors: Option<Vec<Diagnostic>>,
}

/// What an entry of `requests` leaves out.
#[derive(Clone, Copy)]
enum Base<'r> {
    /// None: this is the scenario's own `request`, every field required.
    Required,
    /// The scenario's `request`.
    Inherit(&'r Request),
    /// The scenario's `request` did not load: the entry's own fields are
    /// checked, and nothing is reported missing.
    Broken,
}

/// An object whose fields were checked against the known names.
struct Record<'n> {
    members: &'n [(Key<'n>, Node<'n>)],
    span: Span,
}

impl<'n> Record<'n> {
    fn get(&self, name: &str) -> Option<&'n Node<'n>> {
        self.members
            .iter()
            .find(|(k, _)| k.value == name)
            .map(|(_, v)| v)
    }

    /// The opening brace: where a missing field is reported.
    fn opening(&self) -> Span {
        Span::new(self.span.start as usize, self.span.start as usize + 1)
    }
}

impl Reader {
    fn scenario(&mut self, node: &Node<'_>) -> Option<Scenario> {
        let record = self.record(node, "a scenario", &SCENARIO_FIELDS)?;
        let request = match record.get(field::REQUEST) {
            Some(value) => self.request(value),
            None => {
                self.missing(
                    &record,
                    field::REQUEST,
                    "a scenario",
                    "`\"request\": { \"principal\": ..., \"action\": ..., \"resource\": ... }`",
                );
                None
            }
        };
        let identity_policies = record
            .get(field::IDENTITY_POLICIES)
            .map(|v| self.policy_list(v, field::IDENTITY_POLICIES, PolicyType::Identity))
            .unwrap_or_default();
        let mut single = |name, kind| record.get(name).and_then(|v| self.policy(v, name, kind));
        let resource_policy = single(field::RESOURCE_POLICY, PolicyType::Resource);
        let permissions_boundary =
            single(field::PERMISSIONS_BOUNDARY, PolicyType::PermissionsBoundary);
        let session_policy = single(field::SESSION_POLICY, PolicyType::Session);
        let vpc_endpoint_policy = single(field::VPC_ENDPOINT_POLICY, PolicyType::VpcEndpoint);
        let mut levels = |name, kind| {
            record
                .get(name)
                .map(|v| self.levels(v, name, kind))
                .unwrap_or_default()
        };
        let service_control_policies = levels(field::SERVICE_CONTROL_POLICIES, PolicyType::Scp);
        let resource_control_policies = levels(field::RESOURCE_CONTROL_POLICIES, PolicyType::Rcp);
        let title = record
            .get(field::TITLE)
            .and_then(|v| self.string(v, "`title`"));
        let description = record
            .get(field::DESCRIPTION)
            .and_then(|v| self.string(v, "`description`"));
        let docs = record
            .get(field::DOCS)
            .map(|v| self.docs(v))
            .unwrap_or_default();
        // Names a policy that failed to load would look unknown: check only when all loaded.
        let all_loaded = self.errors.is_empty();
        // Owned: `switchedOff` is read after the policies move into the scenario.
        let mut names: Vec<String> = Vec::new();
        if all_loaded {
            let singles = [
                &resource_policy,
                &permissions_boundary,
                &session_policy,
                &vpc_endpoint_policy,
            ];
            let levels = service_control_policies
                .iter()
                .chain(&resource_control_policies);
            names.extend(identity_policies.iter().map(|p| p.name.clone()));
            names.extend(singles.into_iter().flatten().map(|p| p.name.clone()));
            names.extend(levels.flat_map(|l| &l.policies).map(|p| p.name.clone()));
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let known = all_loaded.then_some(names.as_slice());
        let expect = record
            .get(field::EXPECT)
            .and_then(|v| self.expect(v, known));
        let base = request.as_ref().map_or(Base::Broken, Base::Inherit);
        let requests = record
            .get(field::REQUESTS)
            .map(|v| self.requests(v, base, known))
            .unwrap_or_default();
        let exercise = record.get(field::EXERCISE).and_then(|node| {
            let exercise = self.exercise(node, known)?;
            let checked = expect.is_some() || requests.iter().any(|r| r.expect.is_some());
            // Another error (a request that did not load) may hide the checks.
            if !checked && self.errors.is_empty() {
                self.errors.push(
                    Diagnostic::error(
                        DiagnosticId::MissingField,
                        "the exercise has no checks: no request has an `expect`",
                        Span::new(node.span.start as usize, node.span.start as usize + 1),
                    )
                    .with_help("give the entries of `requests` the decision the learner must reach, e.g. `\"expect\": { \"decision\": \"allowed\" }`"),
                );
            }
            Some(exercise)
        });
        let mut scenario = Scenario {
            sources: Vec::new(),
            title,
            description,
            docs,
            request: request?,
            identity_policies,
            resource_policy,
            permissions_boundary,
            session_policy,
            service_control_policies,
            resource_control_policies,
            vpc_endpoint_policy,
            expect,
            requests,
            switched_off: Vec::new(),
            exercise,
            warnings: Vec::new(),
            draft_errors: Vec::new(),
        };
        if let Some(list) = record.get(field::SWITCHED_OFF) {
            self.switch_off(list, &mut scenario, known);
        }
        Some(scenario)
    }

    fn request(&mut self, node: &Node<'_>) -> Option<Request> {
        let record = self.record(node, "`request`", &REQUEST_FIELDS)?;
        self.request_fields(&record, "request", Base::Required)
    }

    /// `requests`: each entry is the scenario's request with the fields it gives.
    fn requests(
        &mut self,
        node: &Node<'_>,
        base: Base<'_>,
        known: Option<&[&str]>,
    ) -> Vec<NamedRequest> {
        let JsonValue::Array(items) = &node.value else {
            self.wrong_type(
                node,
                "`requests`",
                "an array of `{ \"name\": ..., \"action\": ..., \"expect\": ... }`",
            );
            return Vec::new();
        };
        let mut requests = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("requests[{i}]");
            let Some(record) = self.record(item, format_args!("`{at}`"), &REQUEST_ENTRY_FIELDS)
            else {
                continue;
            };
            let name = record
                .get(field::NAME)
                .and_then(|v| self.string(v, format_args!("`{at}.name`")));
            let expect = record
                .get(field::EXPECT)
                .and_then(|v| self.expect(v, known));
            if let Some(request) = self.request_fields(&record, &at, base) {
                requests.push(NamedRequest {
                    name: name.unwrap_or(at),
                    request,
                    expect,
                });
            }
        }
        requests
    }

    /// The request's fields in `record`, at `at` (`request` or `requests[N]`);
    /// `base` gives those an entry of `requests` leaves out.
    fn request_fields(&mut self, record: &Record<'_>, at: &str, base: Base<'_>) -> Option<Request> {
        let inherited = |field: &str| match base {
            Base::Inherit(request) => Some(match field {
                field::PRINCIPAL => request.principal.text.clone(),
                field::ACTION => request.action.clone(),
                _ => request.resource.clone(),
            }),
            Base::Required | Base::Broken => None,
        };
        let mut required = |name: &str, example: &str| match record.get(name) {
            Some(value) => self.string(value, format_args!("`{at}.{name}`")),
            None if matches!(base, Base::Required) => {
                self.missing(record, name, format_args!("`{at}`"), example);
                None
            }
            None => inherited(name),
        };
        let principal = required(
            field::PRINCIPAL,
            "`\"principal\": \"arn:aws:iam::111122223333:user/alice\"`",
        );
        let action = required(field::ACTION, "`\"action\": \"s3:GetObject\"`");
        let resource = required(field::RESOURCE, "`\"resource\": \"arn:aws:s3:::bucket/key\"`, or `\"*\"` for actions that take no resource");
        let resource_account = match record.get(field::RESOURCE_ACCOUNT) {
            Some(v) => self.string(v, format_args!("`{at}.resourceAccount`")),
            None => match base {
                Base::Inherit(request) => request.resource_account.clone(),
                Base::Required | Base::Broken => None,
            },
        };
        // An entry's context replaces the scenario's whole: a key can be left out.
        let context = match (record.get(field::CONTEXT), base) {
            (Some(v), _) => self.context(v, at),
            (None, Base::Inherit(request)) => request.context.clone(),
            (None, _) => Context::default(),
        };
        for (name, value) in [
            (field::PRINCIPAL, &principal),
            (field::ACTION, &action),
            (field::RESOURCE, &resource),
        ] {
            if let (Some(text), Some(node)) = (value, record.get(name)) {
                self.value_fits(text, node, format_args!("`{at}.{name}`"));
            }
        }
        let principal = principal.and_then(|text| match RequestPrincipal::parse(&text) {
            Ok(principal) => Some(principal),
            Err(why) => {
                let span = record.get(field::PRINCIPAL).map_or(record.span, |v| v.span);
                self.errors.push(
                    Diagnostic::error(DiagnosticId::InvalidValue, why.message, span).with_help(
                        "a principal is a user, role, role session, federated user or root ARN, an account id, a service such as `lambda.amazonaws.com`, an identity provider, or `anonymous`",
                    ),
                );
                None
            }
        });
        if let Some(action) = &action {
            if !action.contains(':') {
                let span = record.get(field::ACTION).map_or(record.span, |v| v.span);
                self.errors.push(
                    Diagnostic::error(
                        DiagnosticId::InvalidValue,
                        format!("`{action}` is not an action"),
                        span,
                    )
                    .with_help("the request's action is `service:Action`, e.g. `s3:GetObject`"),
                );
            }
        }
        Some(Request {
            principal: principal?,
            action: action?,
            resource: resource?,
            resource_account,
            context,
        })
    }

    /// Condition keys to a string, or an array of them; numbers and booleans as written.
    fn context(&mut self, node: &Node<'_>, at: &str) -> Context {
        let mut context = Context::default();
        let JsonValue::Object(members) = &node.value else {
            self.wrong_type(
                node,
                format_args!("`{at}.context`"),
                "an object of condition keys",
            );
            return context;
        };
        for (key, value) in members {
            let key_name = &key.value;
            let value = match &value.value {
                JsonValue::Array(items) if items.len() > MAX_CONDITION_VALUES => {
                    self.errors.push(
                        Diagnostic::error(
                            DiagnosticId::TooManyValues,
                            format!("`{key_name}` has {} values, more than the {MAX_CONDITION_VALUES} accepted", items.len()),
                            value.span,
                        )
                        .with_help("a request carries a few dozen values for a key at most (50 tags, for example)"),
                    );
                    None
                }
                JsonValue::Array(items) => {
                    let texts: Vec<_> = items
                        .iter()
                        .filter_map(|item| {
                            self.scalar_text(item, format_args!("the value of `{key_name}`"))
                        })
                        .collect();
                    (texts.len() == items.len()).then_some(ContextValue::Multi(texts))
                }
                _ => self
                    .scalar_text(value, format_args!("the value of `{key_name}`"))
                    .map(ContextValue::Single),
            };
            if context.contains(&key.value) {
                self.warnings.push(
                    Diagnostic::warning(
                        DiagnosticId::DuplicateContextKey,
                        format!("`{}` is given twice (keys are case-insensitive)", key.value),
                        key.span,
                    )
                    .with_help("the last value given is used"),
                );
            }
            if let Some(value) = value {
                context.insert(key.value.clone(), value);
            }
        }
        context
    }

    /// A `value-too-long` error when a request value is longer than
    /// [`MAX_REQUEST_VALUE_CHARS`].
    fn value_fits(&mut self, text: &str, node: &Node<'_>, what: impl Display) -> bool {
        if !limits::longer_than(text, MAX_REQUEST_VALUE_CHARS) {
            return true;
        }
        self.errors.push(
            Diagnostic::error(
                DiagnosticId::ValueTooLong,
                format!("{what} is {} characters long, more than the {MAX_REQUEST_VALUE_CHARS} accepted", text.chars().count()),
                node.span,
            )
            .with_help("AWS takes ARNs of up to 2,048 characters and action names of up to 128"),
        );
        false
    }

    fn scalar_text(&mut self, node: &Node<'_>, what: impl Display) -> Option<String> {
        match &node.value {
            JsonValue::String(s) | JsonValue::Number(s) => {
                self.value_fits(s, node, &what).then(|| s.to_string())
            }
            JsonValue::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(
                    node,
                    what,
                    "a string, a number, a boolean or an array of them",
                );
                None
            }
        }
    }

    fn policy_list(
        &mut self,
        node: &Node<'_>,
        field: impl Display,
        kind: PolicyType,
    ) -> Vec<NamedPolicy> {
        let JsonValue::Array(items) = &node.value else {
            self.wrong_type(node, format_args!("`{field}`"), "an array of policies");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.policy(item, format_args!("{field}[{i}]"), kind))
            .collect()
    }

    /// `{ "name", "document" }` (identity policies also `attachedTo`, `managed`).
    fn policy(
        &mut self,
        node: &Node<'_>,
        field: impl Display,
        kind: PolicyType,
    ) -> Option<NamedPolicy> {
        let known: &[&str] = if kind == PolicyType::Identity {
            &IDENTITY_POLICY_FIELDS
        } else {
            &POLICY_FIELDS
        };
        let record = self.record(node, format_args!("`{field}`"), known)?;
        // A policy without a name is called by where it stands.
        let name = record
            .get(field::NAME)
            .and_then(|v| self.string(v, "a policy's `name`"))
            .unwrap_or_else(|| field.to_string());
        let attached_to = record
            .get(field::ATTACHED_TO)
            .and_then(|v| self.attached_to(v));
        let managed = record.get(field::MANAGED).and_then(|v| match v.value {
            JsonValue::Bool(b) => Some(b),
            _ => {
                self.wrong_type(v, "`managed`", "a boolean");
                None
            }
        });
        let Some(document) = record.get(field::DOCUMENT) else {
            self.missing(
                &record,
                field::DOCUMENT,
                format_args!("the policy `{name}`"),
                "`\"document\": { \"Version\": \"2012-10-17\", \"Statement\": [...] }`",
            );
            return None;
        };
        let (source, document) = self.document(document, &name, kind)?;
        Some(NamedPolicy {
            name,
            kind,
            source,
            document,
            attached_to,
            managed,
        })
    }

    fn attached_to(&mut self, node: &Node<'_>) -> Option<Attachment> {
        let value = self.string(node, "`attachedTo`")?;
        if let Ok(attachment) = value.parse() {
            return Some(attachment);
        }
        let words = Attachment::WORDS;
        self.errors.push(
            Diagnostic::error(
                DiagnosticId::InvalidValue,
                format!("`attachedTo` is {}, not `{value}`", one_of(words)),
                node.span,
            )
            .with_help(suggest::did_you_mean(&value, words.iter().copied()).unwrap_or_default()),
        );
        None
    }

    /// The document as an object (spans in the file) or a string (its own source).
    fn document(
        &mut self,
        node: &Node<'_>,
        name: &str,
        kind: PolicyType,
    ) -> Option<(usize, crate::policy::PolicyDocument)> {
        let (source, (document, diagnostics)) = match &node.value {
            JsonValue::Object(_) => {
                self.claim_json_errors(node.span, name);
                (0, parse_policy_value_as(node, 0, Some(name), kind))
            }
            JsonValue::String(text) => {
                let index = self.sources.len();
                self.sources.push(Source::new(name, &**text));
                (index, parse_policy_as(text, index, Some(name), kind))
            }
            _ => {
                self.wrong_type(
                    node,
                    "a policy's `document`",
                    "an object or a string holding the policy text",
                );
                return None;
            }
        };
        let (errors, warnings): (Vec<_>, Vec<_>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        match &mut self.draft_errors {
            // A draft evaluates what the policy says; JSON that does not
            // parse says nothing.
            Some(draft) => {
                let (fatal, kept): (Vec<_>, Vec<_>) = errors
                    .into_iter()
                    .partition(|d| JSON_ERRORS.contains(&d.id));
                self.errors.extend(fatal);
                draft.extend(kept);
            }
            None => self.errors.extend(errors),
        }
        self.warnings.extend(warnings);
        Some((source, document))
    }

    /// The JSON errors inside `span` are in the policy `name`.
    fn claim_json_errors(&mut self, span: Span, name: &str) {
        let (inside, outside) = std::mem::take(&mut self.json_errors)
            .into_iter()
            .partition(|d| span.start <= d.span.start && d.span.end <= span.end);
        self.json_errors = outside;
        self.errors
            .extend(inside.into_iter().map(|d: Diagnostic| Diagnostic {
                policy: Some(name.to_owned()),
                ..d
            }));
    }

    /// Organization levels, root first: `[{ "name", "policies": [...] }]`.
    fn levels(&mut self, node: &Node<'_>, field: &str, kind: PolicyType) -> Vec<PolicyLevel> {
        let JsonValue::Array(items) = &node.value else {
            self.wrong_type(
                node,
                format_args!("`{field}`"),
                "an array of levels, root first",
            );
            return Vec::new();
        };
        let mut levels = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{field}[{i}]");
            let Some(record) = self.record(item, format_args!("`{at}`"), &LEVEL_FIELDS) else {
                continue;
            };
            let name = record
                .get(field::NAME)
                .and_then(|v| self.string(v, "a level's `name`"))
                .unwrap_or_else(|| at.clone());
            let policies = match record.get(field::POLICIES) {
                Some(v) => self.policy_list(v, format_args!("{at}.policies"), kind),
                None => {
                    self.missing(
                        &record,
                        field::POLICIES,
                        format_args!("the level `{name}`"),
                        "`\"policies\": [ { \"name\": ..., \"document\": ... } ]`",
                    );
                    Vec::new()
                }
            };
            levels.push(PolicyLevel { name, policies });
        }
        levels
    }

    fn docs(&mut self, node: &Node<'_>) -> Vec<DocRef> {
        let JsonValue::Array(items) = &node.value else {
            self.wrong_type(
                node,
                "`docs`",
                "an array of `{ \"page\": ..., \"heading\": ... }`",
            );
            return Vec::new();
        };
        let mut docs = Vec::with_capacity(items.len());
        for item in items {
            let Some(record) = self.record(item, "a `docs` entry", &DOC_FIELDS) else {
                continue;
            };
            let heading = record
                .get(field::HEADING)
                .and_then(|v| self.string(v, "`heading`"));
            match record.get(field::PAGE) {
                Some(v) => docs.extend(
                    self.string(v, "`page`")
                        .map(|page| DocRef { page, heading }),
                ),
                None => self.missing(
                    &record,
                    field::PAGE,
                    "a `docs` entry",
                    "`\"page\": \"reference_policies_evaluation-logic.md\"`",
                ),
            }
        }
        docs
    }

    /// `known`: the scenario's policy names, when they can be checked.
    fn expect(&mut self, node: &Node<'_>, known: Option<&[&str]>) -> Option<Expectation> {
        let record = self.record(node, "`expect`", &EXPECT_FIELDS)?;
        let matched_statements = record
            .get(field::MATCHED_STATEMENTS)
            .and_then(|v| self.matched_statements(v, known));
        let Some(decision_node) = record.get(field::DECISION) else {
            self.missing(
                &record,
                field::DECISION,
                "`expect`",
                "`\"decision\": \"allowed\"`",
            );
            return None;
        };
        let text = self.string(decision_node, "`expect.decision`")?;
        let Ok(decision) = text.parse::<Decision>() else {
            let words = Decision::WORDS.iter().copied();
            self.errors.push(
                Diagnostic::error(
                    DiagnosticId::InvalidValue,
                    format!("unknown decision `{text}`"),
                    decision_node.span,
                )
                .with_help(suggest::did_you_mean(&text, words).unwrap_or_else(
                    || "a decision is `allowed`, `explicitDeny` or `implicitDeny`".to_owned(),
                )),
            );
            return None;
        };
        Some(Expectation {
            decision,
            matched_statements,
        })
    }

    fn matched_statements(
        &mut self,
        node: &Node<'_>,
        known: Option<&[&str]>,
    ) -> Option<Vec<(String, usize)>> {
        let JsonValue::Array(items) = &node.value else {
            self.wrong_type(
                node,
                "`matchedStatements`",
                "an array of `{ \"policy\": ..., \"statementIndex\": ... }`",
            );
            return None;
        };
        let mut matched = Vec::with_capacity(items.len());
        for item in items {
            let Some(record) = self.record(item, "a matched statement", &MATCHED_FIELDS) else {
                continue;
            };
            let policy = match record.get(field::POLICY) {
                Some(v) => self
                    .string(v, "`policy`")
                    .filter(|name| self.known_policy(name, v.span, known)),
                None => {
                    self.missing(
                        &record,
                        field::POLICY,
                        "a matched statement",
                        "`\"policy\": \"the policy's name\"`",
                    );
                    None
                }
            };
            let index = match record.get(field::STATEMENT_INDEX) {
                Some(v) => self.index(v),
                None => {
                    self.missing(
                        &record,
                        field::STATEMENT_INDEX,
                        "a matched statement",
                        "`\"statementIndex\": 0`",
                    );
                    None
                }
            };
            if let (Some(policy), Some(index)) = (policy, index) {
                matched.push((policy, index));
            }
        }
        Some(matched)
    }

    /// `switchedOff`: takes the policies named out of `scenario` and marks
    /// the statements named skipped, listing each in `scenario.switched_off`.
    fn switch_off(&mut self, node: &Node<'_>, scenario: &mut Scenario, known: Option<&[&str]>) {
        let JsonValue::Array(items) = &node.value else {
            self.wrong_type(
                node,
                "`switchedOff`",
                "an array of `{ \"policy\": ..., \"statementIndex\": ... }`",
            );
            return;
        };
        for item in items {
            let Some(record) = self.record(item, "a `switchedOff` entry", &SWITCHED_OFF_FIELDS)
            else {
                continue;
            };
            let Some(policy_node) = record.get(field::POLICY) else {
                self.missing(
                    &record,
                    field::POLICY,
                    "a `switchedOff` entry",
                    "`\"policy\": \"the policy's name\"`",
                );
                continue;
            };
            let Some(name) = self
                .string(policy_node, "`policy`")
                .filter(|name| self.known_policy(name, policy_node.span, known))
            else {
                continue;
            };
            let index = record
                .get(field::STATEMENT_INDEX)
                .map(|v| (self.index(v), v));
            let sid = record.get(field::SID).map(|v| (self.string(v, "`sid`"), v));
            let statement = match (index, sid) {
                (None, None) => None,
                (Some((Some(index), v)), None) => Some((StatementRef::Index(index), v)),
                (None, Some((Some(sid), v))) => Some((StatementRef::Sid(sid), v)),
                (Some((_, v)), Some(_)) => {
                    self.errors.push(
                        Diagnostic::error(
                            DiagnosticId::InvalidValue,
                            "a `switchedOff` entry names its statement by `statementIndex` or by `sid`, not both",
                            v.span,
                        )
                        .with_help("keep one of the two"),
                    );
                    continue;
                }
                // The wrong type was reported.
                _ => continue,
            };
            match statement {
                None => {
                    let removed = remove_policies(scenario, &name);
                    scenario.switched_off.extend(removed);
                }
                Some((which, v)) => {
                    let found = switch_off_statement(scenario, &name, &which);
                    if found.is_empty() {
                        self.errors.push(
                            Diagnostic::error(
                                DiagnosticId::UnknownStatement,
                                format!("the policy `{name}` has no statement {which}"),
                                v.span,
                            )
                            .with_help("`statementIndex` counts from 0 in the policy's `Statement`; `sid` is a statement's `Sid`, exactly"),
                        );
                    }
                    scenario.switched_off.extend(found);
                }
            }
        }
    }

    /// `exercise`: its goal, and the policies the learner edits (`known`:
    /// the scenario's policy names, when they can be checked).
    fn exercise(&mut self, node: &Node<'_>, known: Option<&[&str]>) -> Option<Exercise> {
        let record = self.record(node, "`exercise`", &EXERCISE_FIELDS)?;
        let goal = match record.get(field::GOAL) {
            Some(v) => self.string(v, "`exercise.goal`"),
            None => {
                self.missing(
                    &record,
                    field::GOAL,
                    "`exercise`",
                    "what the learner must do, e.g. `\"goal\": \"make all five checks pass\"`",
                );
                None
            }
        };
        let Some(list) = record.get(field::EDITABLE) else {
            self.missing(
                &record,
                field::EDITABLE,
                "`exercise`",
                "the policies the learner writes, e.g. `\"editable\": [ { \"policy\": \"my-policy\" } ]`",
            );
            return None;
        };
        let JsonValue::Array(items) = &list.value else {
            self.wrong_type(
                list,
                "`exercise.editable`",
                "an array of `{ \"policy\": ... }`",
            );
            return None;
        };
        let mut editable = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("`exercise.editable[{i}]`");
            let Some(entry) = self.record(item, &at, &EDITABLE_FIELDS) else {
                continue;
            };
            match entry.get(field::POLICY) {
                Some(v) => editable.extend(
                    self.string(v, "`policy`")
                        .filter(|name| self.known_policy(name, v.span, known)),
                ),
                None => self.missing(
                    &entry,
                    field::POLICY,
                    &at,
                    "`\"policy\": \"the policy's name\"`",
                ),
            }
        }
        Some(Exercise {
            goal: goal?,
            editable,
        })
    }

    fn known_policy(&mut self, name: &str, span: Span, known: Option<&[&str]>) -> bool {
        let Some(known) = known else { return true };
        if known.contains(&name) {
            return true;
        }
        let names: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
        let help = match suggest::did_you_mean(name, known.iter().copied()) {
            Some(help) => help,
            None if names.is_empty() => "the scenario has no policies".to_owned(),
            None => format!("the scenario's policies are {}", names.join(", ")),
        };
        self.errors.push(
            Diagnostic::error(
                DiagnosticId::UnknownPolicy,
                format!("the scenario has no policy named `{name}`"),
                span,
            )
            .with_help(help),
        );
        false
    }

    fn index(&mut self, node: &Node<'_>) -> Option<usize> {
        let parsed = match &node.value {
            JsonValue::Number(n) => n.parse::<usize>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.errors.push(Diagnostic::error(
                DiagnosticId::InvalidValue,
                "`statementIndex` must be a whole number from 0 (the statement's position in `Statement`)",
                node.span,
            ));
        }
        parsed
    }

    // Shared helpers.

    /// An object whose fields are all known; unknown ones are reported.
    fn record<'n>(
        &mut self,
        node: &'n Node<'n>,
        what: impl Display,
        known: &[&str],
    ) -> Option<Record<'n>> {
        let JsonValue::Object(members) = &node.value else {
            self.wrong_type(node, what, "an object");
            return None;
        };
        for (key, _) in members {
            if !known.contains(&&*key.value) {
                let help =
                    suggest::did_you_mean(&key.value, known.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "the fields of {what} are {}",
                            known
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                self.errors.push(
                    Diagnostic::error(
                        DiagnosticId::UnknownField,
                        format!("unknown field `{}` in {what}", key.value),
                        key.span,
                    )
                    .with_help(help),
                );
            }
        }
        Some(Record {
            members,
            span: node.span,
        })
    }

    fn string(&mut self, node: &Node<'_>, what: impl Display) -> Option<String> {
        match &node.value {
            JsonValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(node, what, "a string");
                None
            }
        }
    }

    fn missing(&mut self, record: &Record<'_>, field: &str, what: impl Display, example: &str) {
        self.errors.push(
            Diagnostic::error(
                DiagnosticId::MissingField,
                format!("{what} has no `{field}`"),
                record.opening(),
            )
            .with_help(format!("add {example}")),
        );
    }

    fn wrong_type(&mut self, node: &Node<'_>, what: impl Display, expected: &str) {
        self.errors
            .push(node.wrong_type(&what.to_string(), expected));
    }
}

/// How a `switchedOff` entry names a statement.
enum StatementRef {
    Index(usize),
    Sid(String),
}

impl Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatementRef::Index(i) => write!(f, "at index {i}"),
            StatementRef::Sid(sid) => write!(f, "with the Sid `{sid}`"),
        }
    }
}

/// Takes every policy named `name` out of the scenario.
fn remove_policies(scenario: &mut Scenario, name: &str) -> Vec<SwitchedOff> {
    let mut removed = Vec::new();
    let mut note = |policy: &NamedPolicy| {
        removed.push(SwitchedOff {
            policy_type: policy.kind,
            policy: policy.name.clone(),
            statement_index: None,
            sid: None,
        })
    };
    let mut keep = |policy: &NamedPolicy| {
        let named = policy.name == name;
        if named {
            note(policy);
        }
        !named
    };
    scenario.identity_policies.retain(&mut keep);
    for slot in [
        &mut scenario.resource_policy,
        &mut scenario.permissions_boundary,
        &mut scenario.session_policy,
        &mut scenario.vpc_endpoint_policy,
    ] {
        if slot.as_ref().is_some_and(|p| !keep(p)) {
            *slot = None;
        }
    }
    let levels = scenario
        .service_control_policies
        .iter_mut()
        .chain(scenario.resource_control_policies.iter_mut());
    for level in levels {
        level.policies.retain(&mut keep);
    }
    removed
}

/// Marks the statement `which` of every policy named `name` skipped.
fn switch_off_statement(
    scenario: &mut Scenario,
    name: &str,
    which: &StatementRef,
) -> Vec<SwitchedOff> {
    let mut found = Vec::new();
    for policy in scenario.policies_mut().filter(|p| p.name == name) {
        for statement in &mut policy.document.statements {
            let named = match which {
                StatementRef::Index(i) => statement.index == *i,
                StatementRef::Sid(sid) => statement.sid.as_ref().is_some_and(|s| s.value == *sid),
            };
            if named {
                statement.skipped = Some("switched off (what-if): it matches nothing".to_owned());
                found.push(SwitchedOff {
                    policy_type: policy.kind,
                    policy: policy.name.clone(),
                    statement_index: Some(statement.index),
                    sid: statement.sid.as_ref().map(|s| s.value.clone()),
                });
            }
        }
    }
    found
}
