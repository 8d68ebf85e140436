//! What a statement grants, and to whom: the least-privilege ladder the
//! tutorials teach (`*` on `*`, then `service:*`, then write access on `*`),
//! the negated elements that grant more than they say, and the principals
//! and organization-policy rules.

use iamsim::kinds::{Effect, PrincipalKind};
use iamsim::matching::action_matches;
use iamsim::policy::{NameList, PrincipalValue, Statement};
use iamsim::source::Spanned;
use iamsim::Diagnostic;
use iamsim_catalog::{AccessLevel, ActionRef, Catalog};

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
                    "admin-access",
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
                "service-wildcard",
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
            "pass-role-wildcard",
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
    let writes: Vec<ActionRef<'_>> = actions
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
    let Some(first) = writes.first() else { return };
    let example = first
        .action
        .resource_types
        .iter()
        .find_map(|t| first.service.resource_type(&t.name))
        .map(|t| t.arn.replace("${Partition}", "aws"));
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
        "resource-wildcard",
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
    // The everyday reads make the clearest example.
    let everyday = |a: &&ActionRef<'_>| {
        ["Get", "List", "Describe"]
            .iter()
            .any(|p| a.action.name.starts_with(p))
    };
    let reads: Vec<String> = actions
        .iter()
        .filter(|a| matches!(a.action.level, AccessLevel::Read | AccessLevel::List))
        .filter(everyday)
        .take(2)
        .map(ActionRef::full_name)
        .collect();
    let example = match reads.as_slice() {
        [] => format!("`{service}:...`"),
        some => some
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!(
        "it grants {} actions ({}), today's and tomorrow's: list the ones needed instead, e.g. {example}",
        actions.len(),
        counts.join(", ")
    )
}

/// `allow-not-action`, `allow-not-resource` (`NotPrincipal` with `Allow` is
/// the parser's `not-principal-with-allow`).
fn negated_elements(statement: &Statement, out: &mut Vec<Diagnostic>) {
    if let Some(list) = statement.action.as_ref().filter(|l| l.negated) {
        out.push(finding(
            "allow-not-action",
            "`NotAction` with `\"Effect\": \"Allow\"` allows every action not listed",
            list.span,
            "services and actions AWS adds later are allowed too: list the actions to allow in `Action` instead",
        ));
    }
    if let Some(list) = statement.resource.as_ref().filter(|l| l.negated) {
        out.push(finding(
            "allow-not-resource",
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
            "public-principal",
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
            "trust-without-external-id",
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
            "not-principal-with-deny",
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
        "rcp-allow",
        "a resource control policy can only deny",
        statement.effect.span,
        "AWS attaches `RCPFullAWSAccess` to allow; write `\"Effect\": \"Deny\"` with the conditions \
         under which access is refused",
    ));
}
