//! The `Action` and `Resource` lists against AWS's vocabulary: actions that
//! do not exist or are spelled in another case, entries another one covers,
//! ARNs that are malformed or of a service no listed action acts on.

use iamsim::diagnostic::DiagnosticId;
use iamsim::matching::{action_matches, resource_matches};
use iamsim::policy::parse::suggest::closest;
use iamsim::policy::{NameList, Statement};
use iamsim::Diagnostic;
use iamsim_catalog::{ActionRef, Catalog, ResourceType};

use crate::grants::acted_on;
use crate::{finding, Input};

pub(crate) fn check(input: &Input<'_>, statement: &Statement, out: &mut Vec<Diagnostic>) {
    if let Some(list) = &statement.action {
        redundant_actions(list, input.catalog, out);
        if let Some(catalog) = input.catalog {
            for action in &list.values {
                known_action(catalog, &action.value, action.span, out);
            }
        }
    }
    if let Some(list) = &statement.resource {
        for resource in &list.values {
            if resource.value.starts_with("arn:") && resource.value.split(':').count() < 6 {
                out.push(finding(
                    DiagnosticId::InvalidArn,
                    format!("`{}` is not a complete ARN", resource.value),
                    resource.span,
                    "an ARN has six parts: `arn:partition:service:region:account:resource`, \
                     e.g. `arn:aws:s3:::my-bucket` (region and account left empty)",
                ));
            }
        }
    }
    if let (Some(actions), Some(resources), Some(catalog)) =
        (&statement.action, &statement.resource, input.catalog)
    {
        if !actions.negated && !resources.negated {
            resource_services(catalog, actions, resources, out);
        }
    }
}

/// `unknown-service`, `unknown-action`, `action-case`.
fn known_action(catalog: &Catalog, action: &str, span: iamsim::Span, out: &mut Vec<Diagnostic>) {
    let Some((prefix, name)) = action.split_once(':') else {
        return;
    };
    if prefix.contains(['*', '?']) {
        return;
    }
    let Some(service) = catalog.service(prefix) else {
        let prefixes = catalog.services().iter().map(|s| s.prefix.as_str());
        let help = match closest(prefix, prefixes) {
            Some(near) => format!("did you mean `{near}:{name}`?"),
            None => {
                "service prefixes are listed in AWS's Service Authorization Reference".to_owned()
            }
        };
        out.push(finding(
            DiagnosticId::UnknownService,
            format!("no AWS service has the prefix `{prefix}`"),
            span,
            help,
        ));
        return;
    };
    if name.contains(['*', '?']) {
        if catalog.expand(action).next().is_none() {
            out.push(finding(
                DiagnosticId::UnknownAction,
                format!("`{action}` matches no action of `{}`", service.prefix),
                span,
                format!(
                    "check the pattern against the actions {} defines",
                    service.name
                ),
            ));
        }
        return;
    }
    match service.action(name) {
        None => {
            let names = service.actions.iter().map(|a| a.name.as_str());
            let help = match closest(name, names) {
                Some(near) => format!("did you mean `{}:{near}`?", service.prefix),
                None => format!(
                    "check the name against the actions {} defines",
                    service.name
                ),
            };
            out.push(finding(
                DiagnosticId::UnknownAction,
                format!("`{}` has no action `{name}`", service.prefix),
                span,
                help,
            ));
        }
        Some(found) => {
            let canonical = format!("{}:{}", service.prefix, found.name);
            if canonical != action {
                out.push(finding(
                    DiagnosticId::ActionCase,
                    format!("`{action}` is written `{canonical}` by AWS"),
                    span,
                    format!("action names match in any case, but `{canonical}` reads as AWS's documentation does"),
                ));
            }
        }
    }
}

/// `redundant-action`: an entry equal to an earlier one, or matched by
/// another entry's wildcard (unless it is no action at all: `unknown-action`
/// says so, and the fix is another name, not its removal).
fn redundant_actions(list: &NameList, catalog: Option<&Catalog>, out: &mut Vec<Diagnostic>) {
    let unknown = |action: &str| {
        catalog.is_some_and(|c| {
            !action.contains(['*', '?'])
                && action
                    .split_once(':')
                    .and_then(|(prefix, _)| c.service(prefix))
                    .is_some()
                && c.action(action).is_none()
        })
    };
    for (i, action) in list.values.iter().enumerate() {
        let covering = list.values.iter().enumerate().find(|(j, other)| {
            let same = other.value.eq_ignore_ascii_case(&action.value);
            (same && *j < i)
                || (!same && action_matches(&other.value, &action.value) && !unknown(&action.value))
        });
        if let Some((_, other)) = covering {
            let message = if other.value.eq_ignore_ascii_case(&action.value) {
                format!("`{}` is listed twice", action.value)
            } else {
                format!("`{}` is already covered by `{}`", action.value, other.value)
            };
            out.push(finding(
                DiagnosticId::RedundantAction,
                message,
                action.span,
                "remove it: the list grants the same without it",
            ));
        }
    }
}

/// The service field of an ARN, when it is literal.
fn arn_service(arn: &str) -> Option<&str> {
    let service = arn.split(':').nth(2)?;
    (!service.is_empty() && !service.contains(['*', '?', '$'])).then_some(service)
}

/// `resource-service-mismatch`: a resource that is of no resource type of
/// the statement's actions' services. A literal ARN is matched against the
/// types' ARN templates (`arn:aws:s3:::my-bucket` is a bucket; an S3 ARN of
/// no S3 type is flagged too); a pattern with wildcards only by its service
/// field. Judged only when every action names a service the catalog has.
fn resource_services(
    catalog: &Catalog,
    actions: &NameList,
    resources: &NameList,
    out: &mut Vec<Diagnostic>,
) {
    let mut services = Vec::new();
    for action in &actions.values {
        let Some((prefix, _)) = action.value.split_once(':') else {
            return;
        };
        let Some(service) = catalog.service(prefix) else {
            return;
        };
        services.push(service);
    }
    let types = || services.iter().flat_map(|s| &s.resource_types);
    for resource in &resources.values {
        let arn = resource.value.as_str();
        // An incomplete ARN is `invalid-arn`'s.
        let Some(service) = arn_service(arn).filter(|_| arn.split(':').count() >= 6) else {
            continue;
        };
        let literal = !arn.contains(['*', '?']);
        let fits = |t: &ResourceType| {
            if literal {
                resource_matches(&t.arn_pattern(), arn)
            } else {
                arn_service(&t.arn) == Some(service)
            }
        };
        if types().any(fits) {
            continue;
        }
        let message = if types().any(|t| arn_service(&t.arn) == Some(service)) {
            format!("`{service}` has no resource type with an ARN like this one")
        } else {
            format!("no action of this statement acts on a `{service}` resource")
        };
        let expanded: Vec<ActionRef<'_>> = actions
            .values
            .iter()
            .flat_map(|a| catalog.expand(&a.value))
            .collect();
        let help = match acted_on(&expanded) {
            Some(t) => format!(
                "the actions act on ARNs such as `{}`: check the ARN or the actions",
                t.arn.replace("${Partition}", "aws")
            ),
            None => "check the ARN or the actions".to_owned(),
        };
        out.push(finding(
            DiagnosticId::ResourceServiceMismatch,
            message,
            resource.span,
            help,
        ));
    }
}
