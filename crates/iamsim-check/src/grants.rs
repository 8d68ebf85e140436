//! What a statement grants, and to whom: the least-privilege ladder the
//! tutorials teach (`*` on `*`, then `service:*`, then write access on `*`),
//! the negated elements that grant more than they say, and the principals
//! and organization-policy rules.

use iamsim::diagnostic::DiagnosticId;
use iamsim::kinds::{Effect, PrincipalKind};
use iamsim::matching::action_matches;
use iamsim::policy::{NameList, PrincipalValue, Statement};
use iamsim::source::Spanned;
use iamsim::Diagnostic;
use iamsim_catalog::{AccessLevel, ActionRef, Catalog, ResourceType};

use crate::{finding, Input, Kind};

pub(crate) fn check(input: &Input<'_>, statement: &Statement, out: &mut Vec<Diagnostic>) {
    if input.kind == Kind::Rcp && statement.effect.value == Effect::Allow {
        rcp_allow(statement, out);
    }
    match statement.effect.value {
        Effect::Allow => {
            negated_elements(statement, out);
            if !input.kind.is_guardrail() {
                ladder(input, statement, out);
            }
            if input.kind.names_principals() && !input.kind.is_guardrail() {
                public_principal(statement, out);
            }
            if input.kind == Kind::Trust {
                trust_without_external_id(statement, out);
            }
        }
        Effect::Deny => not_principal_with_deny(statement, out),
    }
}

fn listed(list: &Option<NameList>) -> &[Spanned<String>] {
    match list {
        Some(list) if !list.negated => &list.values,
        _ => &[],
    }
}

/// `admin-access`, `service-wildcard`, `pass-role-wildcard`, `resource-wildcard`.
fn ladder(input: &Input<'_>, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let actions = listed(&statement.action);
    let resources = listed(&statement.resource);
    let star_resource = resources.iter().find(|r| r.value == "*");
    // An identity policy's statement applies to its Resource; a resource
    // policy's statements without one apply to the resource they are on.
    for action in actions {
        if action.value == "*" || action.value == "*:*" {
            if let Some(resource) = star_resource {
                out.push(finding(
                    DiagnosticId::AdminAccess,
                    format!(
                        "`{}` on `{}` allows every action on every resource",
                        action.value, resource.value
                    ),
                    action.span,
                    "full administrator access: name the services and actions needed, \
                     e.g. `\"Action\": [\"s3:GetObject\", \"s3:PutObject\"]` with \
                     `\"Resource\": \"arn:aws:s3:::my-bucket/*\"`",
                ));
            }
        } else if let Some(service) = action
            .value
            .strip_suffix(":*")
            .filter(|s| !s.contains(['*', '?']))
        {
            out.push(finding(
                DiagnosticId::ServiceWildcard,
                format!("`{}` allows every action of `{service}`", action.value),
                action.span,
                service_help(input.catalog, &action.value, service),
            ));
        }
    }
    let Some(star) = star_resource else { return };
    let pass_role = actions
        .iter()
        .find(|a| a.value != "*" && action_matches(&a.value, "iam:PassRole"));
    if let Some(action) = pass_role {
        out.push(finding(
            DiagnosticId::PassRoleWildcard,
            format!("`{}` lets the principal pass every role to a service", action.value),
            star.span,
            "a principal that can pass any role can give a service more permissions than its own: \
             list the roles, e.g. `\"Resource\": \"arn:aws:iam::111122223333:role/my-service-role\"`, \
             and narrow with the `iam:PassedToService` condition key",
        ));
    }
    if actions.iter().any(|a| a.value == "*" || a.value == "*:*") {
        return; // `admin-access` says it
    }
    let Some(catalog) = input.catalog else { return };
    let mut writes: Vec<ActionRef<'_>> = actions
        .iter()
        .flat_map(|a| catalog.expand(&a.value))
        .filter(|a| {
            matches!(
                a.action.level,
                AccessLevel::Write | AccessLevel::PermissionsManagement
            ) && !a.action.resource_types.is_empty()
                // `pass-role-wildcard` says it.
                && !(pass_role.is_some() && a.full_name() == "iam:PassRole")
        })
        .collect();
    // Named first: the actions written out, then those the tutorials teach,
    // then the plainest (shortest) names.
    let written = |a: &ActionRef<'_>| {
        actions
            .iter()
            .any(|w| w.value.eq_ignore_ascii_case(&a.full_name()))
    };
    writes.sort_by_cached_key(|a| {
        let rank = if written(a) {
            0
        } else if taught(a) {
            1
        } else {
            2
        };
        (rank, a.action.name.len(), a.full_name())
    });
    writes.dedup_by_key(|a| a.full_name());
    if writes.is_empty() {
        return;
    }
    let example = acted_on(&writes).map(|t| t.arn.replace("${Partition}", "aws"));
    let names: Vec<String> = writes.iter().take(3).map(ActionRef::full_name).collect();
    let more = match writes.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    let help = match example {
        Some(arn) => format!(
            "list the resources these actions need, e.g. `\"Resource\": \"{arn}\"` with its placeholders filled in"
        ),
        None => "list the resources these actions need by their ARNs".to_owned(),
    };
    out.push(finding(
        DiagnosticId::ResourceWildcard,
        format!(
            "write and permissions-management actions ({}{more}) are allowed on every resource",
            names.join(", ")
        ),
        star.span,
        help,
    ));
}

/// What `service:*` grants, by access level, and the narrower list to write.
fn service_help(catalog: Option<&Catalog>, pattern: &str, service: &str) -> String {
    let Some(catalog) = catalog else {
        return format!(
            "list the `{service}` actions needed instead, e.g. `{service}:Get*` for reading"
        );
    };
    let actions: Vec<ActionRef<'_>> = catalog.expand(pattern).collect();
    let counts: Vec<String> = AccessLevel::ALL
        .iter()
        .filter_map(|level| {
            let n = actions.iter().filter(|a| a.action.level == *level).count();
            (n > 0).then(|| format!("{n} {}", level.as_str()))
        })
        .collect();
    let example = match examples(catalog, service).as_slice() {
        [] => format!("`{service}:...`"),
        some => some
            .iter()
            .map(|a| format!("`{service}:{a}`"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!(
        "it grants {} actions ({}), today's and tomorrow's: list the ones needed instead, e.g. {example}",
        actions.len(),
        counts.join(", ")
    )
}

/// The actions the tutorials teach first, for the services most policies
/// use: `service:*`'s help shows them as the narrower list to write.
const TAUGHT: &[(&str, [&str; 2])] = &[
    ("s3", ["GetObject", "PutObject"]),
    ("ec2", ["DescribeInstances", "StartInstances"]),
    ("dynamodb", ["GetItem", "PutItem"]),
    ("lambda", ["InvokeFunction", "GetFunction"]),
    ("sqs", ["SendMessage", "ReceiveMessage"]),
    ("sns", ["Publish", "Subscribe"]),
    ("iam", ["GetUser", "ListUsers"]),
    ("kms", ["Encrypt", "Decrypt"]),
    ("logs", ["CreateLogStream", "PutLogEvents"]),
    ("cloudwatch", ["GetMetricData", "PutMetricData"]),
    ("secretsmanager", ["GetSecretValue", "DescribeSecret"]),
    ("ssm", ["GetParameter", "GetParameters"]),
    ("sts", ["AssumeRole", "GetCallerIdentity"]),
    ("ecr", ["GetAuthorizationToken", "BatchGetImage"]),
    ("cloudformation", ["DescribeStacks", "CreateStack"]),
];

/// Two actions of `prefix` to show as a narrower list: the taught ones, or
/// else the service's plainest read and write (the shortest names that start
/// as everyday reads and writes do: `GetX`, `DescribeX`, `PutX`, `CreateX`).
fn examples<'a>(catalog: &'a Catalog, prefix: &str) -> Vec<&'a str> {
    let Some(service) = catalog.service(prefix) else {
        return Vec::new();
    };
    if let Some((_, taught)) = TAUGHT.iter().find(|(p, _)| *p == service.prefix) {
        return taught
            .iter()
            .filter_map(|name| service.action(name).map(|a| a.name.as_str()))
            .collect();
    }
    let plainest = |levels: &[AccessLevel], verbs: &[&str]| {
        service
            .actions
            .iter()
            .filter(|a| levels.contains(&a.level) && verbs.iter().any(|v| a.name.starts_with(v)))
            .min_by_key(|a| (a.name.len(), a.name.as_str()))
            .map(|a| a.name.as_str())
    };
    [
        plainest(
            &[AccessLevel::Read, AccessLevel::List],
            &["Get", "Describe", "List"],
        ),
        plainest(
            &[AccessLevel::Write],
            &["Put", "Create", "Update", "Send", "Start"],
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn taught(action: &ActionRef<'_>) -> bool {
    TAUGHT.iter().any(|(prefix, names)| {
        *prefix == action.service.prefix && names.contains(&action.action.name.as_str())
    })
}

/// The resource type the actions act on, to show its ARN: the one most of
/// them can be scoped to, counting twice those whose name names it
/// (`PutObject` acts on an `object`, not on an access point's object).
pub(crate) fn acted_on<'a>(actions: &[ActionRef<'a>]) -> Option<&'a ResourceType> {
    let mut scores: Vec<(&'a iamsim_catalog::Service, &'a str, usize)> = Vec::new();
    for action in actions {
        let name = action.action.name.to_ascii_lowercase();
        for used in &action.action.resource_types {
            let score = if name.ends_with(&used.name.to_ascii_lowercase()) {
                3
            } else {
                1
            };
            match scores.iter_mut().find(|(service, type_name, _)| {
                std::ptr::eq(*service, action.service) && *type_name == used.name
            }) {
                Some((_, _, total)) => *total += score,
                None => scores.push((action.service, &used.name, score)),
            }
        }
    }
    // The first of the best, in the actions' order.
    let best = scores.iter().map(|(_, _, n)| *n).max()?;
    let (service, name, _) = scores.iter().find(|(_, _, n)| *n == best)?;
    service.resource_type(name)
}

/// `allow-not-action`, `allow-not-resource` (`NotPrincipal` with `Allow` is
/// the parser's `allow-not-principal`).
fn negated_elements(statement: &Statement, out: &mut Vec<Diagnostic>) {
    if let Some(list) = statement.action.as_ref().filter(|l| l.negated) {
        out.push(finding(
            DiagnosticId::AllowNotAction,
            "`NotAction` with `\"Effect\": \"Allow\"` allows every action not listed",
            list.span,
            "services and actions AWS adds later are allowed too: list the actions to allow in `Action` instead",
        ));
    }
    if let Some(list) = statement.resource.as_ref().filter(|l| l.negated) {
        out.push(finding(
            DiagnosticId::AllowNotResource,
            "`NotResource` with `\"Effect\": \"Allow\"` allows every resource not listed",
            list.span,
            "resources created later are allowed too: list the resources to allow in `Resource` instead",
        ));
    }
}

/// Keys that narrow who `"Principal": "*"` lets in (organization, account,
/// source, network).
const NARROWING_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:userid",
    "aws:username",
];

/// `public-principal`: reference_policies_elements_principal.md, "All principals".
fn public_principal(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(block) = statement.principal.as_ref().filter(|p| !p.negated) else {
        return;
    };
    let public = match &block.value {
        PrincipalValue::Wildcard => true,
        PrincipalValue::Map(entries) => entries
            .iter()
            .any(|e| e.kind == PrincipalKind::Aws && e.values.iter().any(|v| v.value == "*")),
    };
    let narrowed = statement.conditions.iter().any(|c| {
        NARROWING_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&c.key.value))
    });
    if public && !narrowed {
        out.push(finding(
            DiagnosticId::PublicPrincipal,
            "the statement allows every principal, anonymous users included",
            block.span,
            "name the accounts or roles in `Principal`, or narrow with a condition such as \
             `\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-exampleorgid\"}`",
        ));
    }
}

/// The 12-digit account of an `AWS` principal value (ARN or account id).
fn account_of(value: &str) -> Option<&str> {
    let account = match value.strip_prefix("arn:") {
        Some(rest) => rest.split(':').nth(3)?,
        None => value,
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// `trust-without-external-id`: id_roles_create_for-user_externalid.md.
fn trust_without_external_id(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let assumes = listed(&statement.action)
        .iter()
        .any(|a| action_matches(&a.value, "sts:AssumeRole"));
    let has_external_id = statement
        .conditions
        .iter()
        .any(|c| c.key.value.eq_ignore_ascii_case("sts:ExternalId"));
    let Some(PrincipalValue::Map(entries)) = statement
        .principal
        .as_ref()
        .filter(|p| !p.negated)
        .map(|p| &p.value)
    else {
        return;
    };
    if !assumes || has_external_id {
        return;
    }
    let accounts = entries
        .iter()
        .filter(|e| e.kind == PrincipalKind::Aws)
        .flat_map(|e| &e.values)
        .filter(|v| account_of(&v.value).is_some());
    for value in accounts {
        out.push(finding(
            DiagnosticId::TrustWithoutExternalId,
            format!("`{}` may assume the role without an `sts:ExternalId` condition", value.value),
            value.span,
            "if that account is a third party's, require the external ID it gave you \
             (the confused deputy problem): `\"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"...\"}}`",
        ));
    }
}

/// `not-principal-with-deny`: reference_policies_elements_notprincipal.md,
/// "NotPrincipal with Deny": a role session or user is exempted only if its
/// account is listed too.
fn not_principal_with_deny(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(block) = statement.principal.as_ref().filter(|p| p.negated) else {
        return;
    };
    let PrincipalValue::Map(entries) = &block.value else {
        return;
    };
    let values: Vec<&Spanned<String>> = entries
        .iter()
        .filter(|e| e.kind == PrincipalKind::Aws)
        .flat_map(|e| &e.values)
        .collect();
    let lists_account = |account: &str| {
        values.iter().any(|v| {
            v.value == account
                || v.value.strip_suffix(":root").and_then(account_of) == Some(account)
        })
    };
    for value in &values {
        let Some(account) = account_of(&value.value) else {
            continue;
        };
        if value.value == account || value.value.ends_with(":root") || lists_account(account) {
            continue;
        }
        out.push(finding(
            DiagnosticId::NotPrincipalWithDeny,
            format!(
                "`{}` is exempted, but its account `{account}` is not",
                value.value
            ),
            value.span,
            format!(
                "AWS denies a principal whose account is not listed even when the principal is: \
                 add `\"arn:aws:iam::{account}:root\"` to `NotPrincipal`"
            ),
        ));
    }
}

/// `rcp-allow`: RCPs may only deny (AWS's `RCPFullAWSAccess` aside, which
/// AWS manages).
fn rcp_allow(statement: &Statement, out: &mut Vec<Diagnostic>) {
    out.push(finding(
        DiagnosticId::RcpAllow,
        "a resource control policy can only deny",
        statement.effect.span,
        "AWS attaches `RCPFullAWSAccess` to allow; write `\"Effect\": \"Deny\"` with the conditions \
         under which access is refused",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The taught examples are actions AWS has, as AWS writes them.
    #[test]
    fn taught_actions_exist() {
        let catalog = Catalog::parse(iamsim_catalog::AWS_CATALOG).expect("the catalog parses");
        for (prefix, names) in TAUGHT {
            assert_eq!(examples(&catalog, prefix), names.to_vec(), "{prefix}");
        }
    }
}
