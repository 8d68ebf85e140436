//! The request principal: what kind it is, its account and ARNs, the context
//! keys AWS derives from it, and whether a policy's `Principal` names it
//! (reference_policies_elements_principal.md).

use crate::kinds::{PrincipalKind, RequestPrincipalKind};
use crate::matching::{colon_fields, split_once_byte};
use crate::policy::{PrincipalBlock, PrincipalValue};
use crate::source::Source;
use crate::trace::{ElementTrace, PatternTrace};

/// The request's principal, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPrincipal {
    pub kind: RequestPrincipalKind,
    /// The principal as given in the request.
    pub text: String,
    pub partition: Option<String>,
    pub account: Option<String>,
    /// The user, role, federated user or service name (no path).
    pub name: Option<String>,
    /// Role sessions: the session name, when known.
    pub session: Option<String>,
    /// Users and roles: the path, `/` when none (`/division/` for `user/division/bob`).
    pub path: Option<String>,
}

/// Why a principal string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalError {
    pub message: String,
}

impl RequestPrincipal {
    /// Reads a request principal in one of the forms of the scenario format.
    pub fn parse(text: &str) -> Result<RequestPrincipal, PrincipalError> {
        let text = text.trim();
        let base = |kind| RequestPrincipal {
            kind,
            text: text.to_owned(),
            partition: None,
            account: None,
            name: None,
            session: None,
            path: None,
        };
        if text == "anonymous" || text == "*" {
            return Ok(base(RequestPrincipalKind::Anonymous));
        }
        if is_account_id(text) {
            let mut p = base(RequestPrincipalKind::Root);
            p.partition = Some("aws".to_owned());
            p.account = Some(text.to_owned());
            return Ok(p);
        }
        if WEB_IDENTITY_PROVIDERS
            .iter()
            .any(|idp| idp.eq_ignore_ascii_case(text))
        {
            let mut p = base(RequestPrincipalKind::IdentityProvider);
            p.name = Some(text.to_owned());
            return Ok(p);
        }
        if !text.starts_with("arn:") {
            if text.contains('.') && !text.contains(['/', ':', ' ']) {
                let mut p = base(RequestPrincipalKind::Service);
                p.name = Some(text.to_owned());
                return Ok(p);
            }
            return Err(error(
                text,
                "expected an IAM or STS ARN, an account id, a service name or `anonymous`",
            ));
        }
        let Some([_arn, partition, service, _region, account, resource]) = colon_fields::<6>(text)
        else {
            return Err(error(text, "an ARN has six colon-separated parts"));
        };
        if !is_account_id(account) {
            return Err(error(
                text,
                "the account field must be a 12-digit account id",
            ));
        }
        let mut p = base(RequestPrincipalKind::Root);
        p.partition = Some(partition.to_owned());
        p.account = Some(account.to_owned());
        match (service, split_once_byte(resource, b'/')) {
            ("iam", None) if resource == "root" => {}
            ("iam", Some(("user", rest))) => {
                p.kind = RequestPrincipalKind::User;
                (p.path, p.name) = split_path(rest);
            }
            ("iam", Some(("role", rest))) => {
                p.kind = RequestPrincipalKind::Role;
                (p.path, p.name) = split_path(rest);
            }
            ("sts", Some(("assumed-role", rest))) => {
                let Some((role, session)) = split_once_byte(rest, b'/').filter(|(r, s)| !r.is_empty() && !s.is_empty())
                else {
                    return Err(error(text, "an assumed-role ARN ends in `assumed-role/ROLE/SESSION`"));
                };
                p.kind = RequestPrincipalKind::AssumedRole;
                p.name = Some(role.to_owned());
                p.session = Some(session.to_owned());
            }
            ("iam", Some(("oidc-provider" | "saml-provider", name))) if !name.is_empty() => {
                p.kind = RequestPrincipalKind::IdentityProvider;
                p.name = Some(name.to_owned());
            }
            ("sts", Some(("federated-user", name))) if !name.is_empty() => {
                p.kind = RequestPrincipalKind::FederatedUser;
                p.name = Some(name.to_owned());
            }
            _ => {
                return Err(error(
                    text,
                    "expected `iam::ACCOUNT:root`, `user/...`, `role/...`, `sts::ACCOUNT:assumed-role/...` or `federated-user/...`",
                ))
            }
        }
        if p.kind != RequestPrincipalKind::Root && p.name.as_deref().is_none_or(str::is_empty) {
            return Err(error(text, "the name is missing"));
        }
        Ok(p)
    }

    /// The role's ARN for role sessions (`aws:PrincipalArn`). For a session
    /// given as `assumed-role/ROLE/SESSION` the role's path is unknown and
    /// taken to be `/`.
    pub fn role_arn(&self) -> Option<String> {
        match self.kind {
            RequestPrincipalKind::Role | RequestPrincipalKind::AssumedRole => Some(format!(
                "arn:{}:iam::{}:role{}{}",
                self.partition.as_deref()?,
                self.account.as_deref()?,
                self.path.as_deref().unwrap_or("/"),
                self.name.as_deref()?
            )),
            _ => None,
        }
    }

    /// `aws:PrincipalArn`: the caller's ARN; for a role session, the role's
    /// (reference_policies_condition-keys.md, "aws:PrincipalArn").
    pub fn principal_arn(&self) -> Option<String> {
        match self.kind {
            RequestPrincipalKind::User | RequestPrincipalKind::FederatedUser => {
                Some(self.text.clone())
            }
            RequestPrincipalKind::Root => Some(format!(
                "arn:{}:iam::{}:root",
                self.partition.as_deref()?,
                self.account.as_deref()?
            )),
            RequestPrincipalKind::Role | RequestPrincipalKind::AssumedRole => self.role_arn(),
            RequestPrincipalKind::Service
            | RequestPrincipalKind::IdentityProvider
            | RequestPrincipalKind::Anonymous => None,
        }
    }

    /// `aws:PrincipalType` (reference_policies_variables.md, "Principal key values").
    pub fn principal_type(&self) -> Option<&'static str> {
        match self.kind {
            RequestPrincipalKind::User => Some("User"),
            RequestPrincipalKind::Role | RequestPrincipalKind::AssumedRole => Some("AssumedRole"),
            RequestPrincipalKind::Root => Some("Account"),
            RequestPrincipalKind::FederatedUser => Some("FederatedUser"),
            RequestPrincipalKind::Anonymous => Some("Anonymous"),
            RequestPrincipalKind::Service | RequestPrincipalKind::IdentityProvider => None,
        }
    }

    /// `aws:userid` where it follows from the principal alone
    /// (reference_policies_variables.md, "Principal key values"): the account
    /// id for the root user, `ACCOUNT:NAME` for a federated user,
    /// `anonymous`. A user's or role's unique id is not in its ARN.
    pub fn user_id(&self) -> Option<String> {
        match self.kind {
            RequestPrincipalKind::Root => self.account.clone(),
            RequestPrincipalKind::FederatedUser => Some(format!(
                "{}:{}",
                self.account.as_deref()?,
                self.name.as_deref()?
            )),
            RequestPrincipalKind::Anonymous => Some("anonymous".to_owned()),
            _ => None,
        }
    }

    /// The context keys AWS derives from the principal, in a fixed order.
    pub fn derived_keys(&self) -> Vec<(&'static str, String)> {
        let mut keys = Vec::with_capacity(5);
        if let Some(arn) = self.principal_arn() {
            keys.push(("aws:PrincipalArn", arn));
        }
        if let Some(account) = &self.account {
            keys.push(("aws:PrincipalAccount", account.clone()));
        }
        if let Some(kind) = self.principal_type() {
            keys.push(("aws:PrincipalType", kind.to_owned()));
        }
        if let (RequestPrincipalKind::User, Some(name)) = (self.kind, &self.name) {
            keys.push(("aws:username", name.clone()));
        }
        if let Some(id) = self.user_id() {
            keys.push(("aws:userid", id));
        }
        if self.kind == RequestPrincipalKind::IdentityProvider {
            keys.push(("aws:FederatedProvider", self.text.clone()));
        }
        if let (RequestPrincipalKind::Service, Some(name)) = (self.kind, &self.name) {
            keys.push(("aws:PrincipalServiceName", name.clone()));
        }
        keys
    }
}

fn error(text: &str, why: &str) -> PrincipalError {
    PrincipalError {
        message: format!("cannot read the principal `{text}`: {why}"),
    }
}

/// Web identity providers that trust policies name by host rather than ARN
/// (reference_policies_elements_principal.md, "Web identity session principals").
const WEB_IDENTITY_PROVIDERS: &[&str] = &[
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
    "cognito-identity.amazonaws.com",
];

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `division/sub/bob` -> (`/division/sub/`, `bob`).
fn split_path(rest: &str) -> (Option<String>, Option<String>) {
    match rest.rsplit_once('/') {
        Some((path, name)) => (Some(format!("/{path}/")), Some(name.to_owned())),
        None => (Some("/".to_owned()), Some(rest.to_owned())),
    }
}

/// How a `Principal` pattern matched the request principal. Ordered from
/// weakest to strongest, so the best match of several patterns is the max.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalMatch {
    No,
    /// The pattern named the principal's account (an account id or
    /// `arn:aws:iam::ACCOUNT:root`). This delegates to the account: its own
    /// identity policies must still allow ("AWS account principals").
    Account,
    /// The pattern named the role of a role session: a grant to the role,
    /// which the role's permissions boundary and session policy still limit
    /// (reference_policies_evaluation-logic.md, "IAM role").
    Role,
    /// `*`: everyone, anonymous callers included ("All principals").
    Everyone,
    /// The pattern named this user, role, session, federated user or service.
    Specific,
}

/// Does one pattern under `kind` match the request principal?
pub fn principal_matches(
    kind: PrincipalKind,
    pattern: &str,
    p: &RequestPrincipal,
) -> PrincipalMatch {
    pattern_match_with_note(kind, pattern, p).0
}

/// As [`principal_matches`], with a note when the pattern can never match.
fn pattern_match_with_note(
    kind: PrincipalKind,
    pattern: &str,
    p: &RequestPrincipal,
) -> (PrincipalMatch, Option<&'static str>) {
    use RequestPrincipalKind as K;
    let yes = |m: bool, level: PrincipalMatch| if m { level } else { PrincipalMatch::No };
    match kind {
        PrincipalKind::Aws if pattern == "*" => (PrincipalMatch::Everyone, None),
        PrincipalKind::Service | PrincipalKind::Federated if pattern == "*" => {
            let of_kind = matches!((kind, p.kind), (PrincipalKind::Service, K::Service) | (PrincipalKind::Federated, K::IdentityProvider));
            (yes(of_kind, PrincipalMatch::Everyone), None)
        }
        _ if pattern.contains('*') => (
            PrincipalMatch::No,
            Some("AWS does not allow wildcards in part of a principal; only `*` alone means everyone"),
        ),
        PrincipalKind::Aws => (aws_pattern_matches(pattern, p), None),
        PrincipalKind::Service => {
            let same = p.kind == K::Service && p.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(pattern));
            (yes(same, PrincipalMatch::Specific), None)
        }
        PrincipalKind::Federated => {
            let same = p.kind == K::IdentityProvider && p.text.eq_ignore_ascii_case(pattern);
            let why = (p.kind != K::IdentityProvider).then_some(
                "a Federated principal names an identity provider: it matches callers of AssumeRoleWithWebIdentity or AssumeRoleWithSAML signed in by that provider",
            );
            (yes(same, PrincipalMatch::Specific), why)
        }
        PrincipalKind::CanonicalUser => (
            PrincipalMatch::No,
            Some("a CanonicalUser principal names an S3 canonical user id, which the request principal does not carry"),
        ),
    }
}

fn aws_pattern_matches(pattern: &str, p: &RequestPrincipal) -> PrincipalMatch {
    use RequestPrincipalKind as K;
    let same_account = |account: &str| p.account.as_deref() == Some(account);
    let of_account = matches!(
        p.kind,
        K::User | K::Role | K::AssumedRole | K::Root | K::FederatedUser
    );
    if is_account_id(pattern) {
        return if of_account && same_account(pattern) {
            PrincipalMatch::Account
        } else {
            PrincipalMatch::No
        };
    }
    let Ok(named) = RequestPrincipal::parse(pattern) else {
        return PrincipalMatch::No;
    };
    let same_home = named.partition == p.partition && named.account == p.account;
    let specific = |m: bool| {
        if m && same_home {
            PrincipalMatch::Specific
        } else {
            PrincipalMatch::No
        }
    };
    let role = |m: bool| {
        if m && same_home {
            PrincipalMatch::Role
        } else {
            PrincipalMatch::No
        }
    };
    match (named.kind, p.kind) {
        (K::Root, _) => {
            if of_account && same_home {
                PrincipalMatch::Account
            } else {
                PrincipalMatch::No
            }
        }
        // User names are case-sensitive in a Principal element ("IAM user principals").
        (K::User, K::User) => specific(named.path == p.path && named.name == p.name),
        // A role ARN matches every session of the role ("IAM role principals").
        // A session ARN omits the role's path, so only the name can be compared.
        (K::Role, K::Role) => role(named.path == p.path && named.name == p.name),
        (K::Role, K::AssumedRole) => role(named.name == p.name),
        (K::AssumedRole, K::AssumedRole) => {
            specific(named.name == p.name && named.session == p.session)
        }
        (K::FederatedUser, K::FederatedUser) => specific(named.name == p.name),
        _ => PrincipalMatch::No,
    }
}

const NOT_PRINCIPAL_CHAIN: &str = "NotPrincipal leaves out a caller only when it names the caller's account too, and for a role session the role and the session as well; AWS checks each of them";

/// What a `NotPrincipal` list named of the caller. AWS may check the
/// caller's account, then its role, then its session, so a caller is left out
/// of a `NotPrincipal` only when every one of them is named
/// (reference_policies_elements_notprincipal.md, "NotPrincipal With Deny").
#[derive(Debug, Default)]
struct Named {
    everyone: bool,
    account: bool,
    role: bool,
    identity: bool,
}

impl Named {
    fn add(&mut self, m: PrincipalMatch) {
        match m {
            PrincipalMatch::No => {}
            PrincipalMatch::Account => self.account = true,
            PrincipalMatch::Role => self.role = true,
            PrincipalMatch::Everyone => self.everyone = true,
            PrincipalMatch::Specific => self.identity = true,
        }
    }

    fn excludes(&self, kind: RequestPrincipalKind) -> bool {
        use RequestPrincipalKind as K;
        self.everyone
            || match kind {
                K::Root => self.account,
                K::User | K::FederatedUser => self.account && self.identity,
                K::Role => self.account && self.role,
                K::AssumedRole => self.account && self.role && self.identity,
                K::Service | K::IdentityProvider => self.identity,
                K::Anonymous => false,
            }
    }
}

/// The trace of a `Principal` or `NotPrincipal` element against the request
/// principal, and how it matched: for `NotPrincipal`, the element applies
/// (`matched: true`) when no pattern matched, and the returned match is
/// [`PrincipalMatch::Everyone`] then (everyone but the listed principals).
pub fn principal_element_trace(
    block: &PrincipalBlock,
    p: &RequestPrincipal,
    source: &Source,
) -> (ElementTrace, PrincipalMatch) {
    let mut patterns = Vec::new();
    let mut best = PrincipalMatch::No;
    let mut named = Named::default();
    let mut note = None;
    match &block.value {
        PrincipalValue::Wildcard => {
            let at = source.line_col(block.span.start);
            patterns.push(PatternTrace {
                pattern: "*".to_owned(),
                resolved: None,
                matched: true,
                line: at.line,
                column: at.column,
            });
            best = PrincipalMatch::Everyone;
            named.add(best);
        }
        PrincipalValue::Map(entries) => {
            for entry in entries {
                for value in &entry.values {
                    let (m, why) = pattern_match_with_note(entry.kind, &value.value, p);
                    best = best.max(m);
                    named.add(m);
                    note = note.or(why);
                    let at = source.line_col(value.span.start);
                    patterns.push(PatternTrace {
                        pattern: format!("{}:{}", entry.kind.as_str(), value.value),
                        resolved: None,
                        matched: m != PrincipalMatch::No,
                        line: at.line,
                        column: at.column,
                    });
                }
            }
        }
    }
    let any = best != PrincipalMatch::No;
    let (element, matched, result) = if block.negated {
        let excluded = named.excludes(p.kind);
        if any && !excluded {
            note = Some(NOT_PRINCIPAL_CHAIN);
        }
        let any = excluded;
        (
            "NotPrincipal",
            !any,
            if any {
                PrincipalMatch::No
            } else {
                PrincipalMatch::Everyone
            },
        )
    } else {
        ("Principal", any, best)
    };
    let trace = ElementTrace {
        element,
        matched,
        value: p.text.clone(),
        patterns,
        // A note says why a pattern did not count; once a Principal matched
        // that no longer matters, but for NotPrincipal it explains the match.
        note: if matched && !block.negated {
            None
        } else {
            note.map(str::to_owned)
        },
    };
    (trace, result)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::policy::PrincipalEntry;
    use crate::source::{Span, Spanned};

    fn parse(s: &str) -> RequestPrincipal {
        RequestPrincipal::parse(s).unwrap()
    }

    #[test]
    fn parses_every_request_principal_form() {
        let user = parse("arn:aws:iam::111122223333:user/division/alice");
        assert_eq!(
            (user.kind, user.name.as_deref(), user.path.as_deref()),
            (
                RequestPrincipalKind::User,
                Some("alice"),
                Some("/division/")
            )
        );
        let session = parse("arn:aws:sts::111122223333:assumed-role/Dev/alice-session");
        assert_eq!(session.kind.as_str(), "assumedRole");
        assert_eq!(
            session.role_arn().as_deref(),
            Some("arn:aws:iam::111122223333:role/Dev")
        );
        let role = parse("arn:aws:iam::111122223333:role/team/Dev");
        assert_eq!(role.kind.as_str(), "role");
        assert_eq!(
            role.role_arn().as_deref(),
            Some("arn:aws:iam::111122223333:role/team/Dev")
        );
        assert_eq!(
            parse("arn:aws:iam::111122223333:root").kind,
            RequestPrincipalKind::Root
        );
        assert_eq!(parse("111122223333").kind, RequestPrincipalKind::Root);
        assert_eq!(
            parse("arn:aws:sts::111122223333:federated-user/bob").kind,
            RequestPrincipalKind::FederatedUser
        );
        assert_eq!(
            parse("lambda.amazonaws.com").kind,
            RequestPrincipalKind::Service
        );
        assert_eq!(parse("anonymous").kind, RequestPrincipalKind::Anonymous);
        assert!(RequestPrincipal::parse("arn:aws:iam::1111:user/bob").is_err());
        assert!(RequestPrincipal::parse("arn:aws:s3:::bucket").is_err());
        assert!(RequestPrincipal::parse("bob").is_err());
    }

    // reference_policies_variables.md, "Principal key values", and
    // reference_policies_condition-keys.md, "aws:PrincipalArn".
    #[test]
    fn derives_principal_context_keys() {
        let session = parse("arn:aws:sts::111122223333:assumed-role/Dev/s1");
        assert_eq!(
            session.derived_keys(),
            vec![
                (
                    "aws:PrincipalArn",
                    "arn:aws:iam::111122223333:role/Dev".to_owned()
                ),
                ("aws:PrincipalAccount", "111122223333".to_owned()),
                ("aws:PrincipalType", "AssumedRole".to_owned()),
            ]
        );
        let user = parse("arn:aws:iam::111122223333:user/alice");
        assert!(user
            .derived_keys()
            .contains(&("aws:username", "alice".to_owned())));
        assert!(user
            .derived_keys()
            .contains(&("aws:PrincipalType", "User".to_owned())));
        let root = parse("111122223333");
        assert!(root.derived_keys().contains(&(
            "aws:PrincipalArn",
            "arn:aws:iam::111122223333:root".to_owned()
        )));
        assert!(root
            .derived_keys()
            .contains(&("aws:userid", "111122223333".to_owned())));
        assert!(root
            .derived_keys()
            .contains(&("aws:PrincipalType", "Account".to_owned())));
        let fed = parse("arn:aws:sts::111122223333:federated-user/bob");
        assert!(fed
            .derived_keys()
            .contains(&("aws:userid", "111122223333:bob".to_owned())));
        let anon = parse("anonymous");
        assert_eq!(
            anon.derived_keys(),
            vec![
                ("aws:PrincipalType", "Anonymous".to_owned()),
                ("aws:userid", "anonymous".to_owned())
            ]
        );
        let svc = parse("lambda.amazonaws.com");
        assert_eq!(
            svc.derived_keys(),
            vec![(
                "aws:PrincipalServiceName",
                "lambda.amazonaws.com".to_owned()
            )]
        );
    }

    // reference_policies_elements_principal.md, "AWS account principals": the
    // account id and the root ARN behave the same and delegate to the
    // whole account, not only its root user.
    #[test]
    fn account_patterns_match_every_identity_of_the_account() {
        for who in [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:sts::111122223333:assumed-role/Dev/s1",
            "arn:aws:iam::111122223333:root",
            "arn:aws:sts::111122223333:federated-user/bob",
        ] {
            let p = parse(who);
            assert_eq!(
                principal_matches(PrincipalKind::Aws, "111122223333", &p),
                PrincipalMatch::Account,
                "{who}"
            );
            assert_eq!(
                principal_matches(PrincipalKind::Aws, "arn:aws:iam::111122223333:root", &p),
                PrincipalMatch::Account
            );
            assert_eq!(
                principal_matches(PrincipalKind::Aws, "444455556666", &p),
                PrincipalMatch::No
            );
        }
        assert_eq!(
            principal_matches(PrincipalKind::Aws, "111122223333", &parse("anonymous")),
            PrincipalMatch::No
        );
    }

    // reference_policies_elements_principal.md, "IAM role principals" and
    // "Role session principals".
    #[test]
    fn role_patterns_match_their_sessions() {
        let session = parse("arn:aws:sts::111122223333:assumed-role/Dev/s1");
        let role = "arn:aws:iam::111122223333:role/Dev";
        assert_eq!(
            principal_matches(PrincipalKind::Aws, role, &session),
            PrincipalMatch::Role
        );
        assert_eq!(
            principal_matches(PrincipalKind::Aws, role, &parse(role)),
            PrincipalMatch::Role
        );
        assert_eq!(
            principal_matches(
                PrincipalKind::Aws,
                "arn:aws:iam::111122223333:role/Ops",
                &session
            ),
            PrincipalMatch::No
        );
        let named = "arn:aws:sts::111122223333:assumed-role/Dev/s1";
        assert_eq!(
            principal_matches(PrincipalKind::Aws, named, &session),
            PrincipalMatch::Specific
        );
        let other = "arn:aws:sts::111122223333:assumed-role/Dev/s2";
        assert_eq!(
            principal_matches(PrincipalKind::Aws, other, &session),
            PrincipalMatch::No
        );
    }

    // reference_policies_elements_principal.md, "IAM user principals": the
    // user name is case-sensitive; "All principals": `*` includes anonymous.
    #[test]
    fn user_everyone_and_service_patterns() {
        let alice = parse("arn:aws:iam::111122223333:user/alice");
        assert_eq!(
            principal_matches(
                PrincipalKind::Aws,
                "arn:aws:iam::111122223333:user/alice",
                &alice
            ),
            PrincipalMatch::Specific
        );
        assert_eq!(
            principal_matches(
                PrincipalKind::Aws,
                "arn:aws:iam::111122223333:user/Alice",
                &alice
            ),
            PrincipalMatch::No
        );
        assert_eq!(
            principal_matches(PrincipalKind::Aws, "*", &parse("anonymous")),
            PrincipalMatch::Everyone
        );
        let lambda = parse("lambda.amazonaws.com");
        assert_eq!(
            principal_matches(PrincipalKind::Service, "lambda.amazonaws.com", &lambda),
            PrincipalMatch::Specific
        );
        assert_eq!(
            principal_matches(PrincipalKind::Service, "ec2.amazonaws.com", &lambda),
            PrincipalMatch::No
        );
        assert_eq!(
            principal_matches(PrincipalKind::Aws, "111122223333", &lambda),
            PrincipalMatch::No
        );
    }

    // reference_policies_elements_principal.md, "Specifying a principal":
    // "You cannot use a wildcard to match part of a principal name or ARN."
    #[test]
    fn partial_wildcards_never_match_and_say_why() {
        let alice = parse("arn:aws:iam::111122223333:user/alice");
        assert_eq!(
            principal_matches(
                PrincipalKind::Aws,
                "arn:aws:iam::111122223333:user/*",
                &alice
            ),
            PrincipalMatch::No
        );
        let block = PrincipalBlock {
            negated: false,
            value: PrincipalValue::Map(vec![PrincipalEntry {
                kind: PrincipalKind::Aws,
                kind_span: Span::default(),
                values: vec![Spanned::new(
                    "arn:aws:iam::111122223333:user/*".to_owned(),
                    Span::new(2, 10),
                )],
            }]),
            span: Span::default(),
        };
        let source = Source::new("p", "{\n  \"AWS\": \"...\"}");
        let (trace, m) = principal_element_trace(&block, &alice, &source);
        assert_eq!(m, PrincipalMatch::No);
        assert!(!trace.matched);
        assert_eq!(
            trace.patterns[0].pattern,
            "AWS:arn:aws:iam::111122223333:user/*"
        );
        assert_eq!((trace.patterns[0].line, trace.patterns[0].column), (2, 1));
        assert!(trace.note.unwrap().contains("wildcards"));
    }

    // reference_policies_elements_notprincipal.md, "NotPrincipal With Deny":
    // every principal except the ones listed, and a caller is left out only
    // when its account is listed too (AWS may check the account first).
    #[test]
    fn not_principal_applies_to_everyone_else() {
        let block = |who: &[&str]| PrincipalBlock {
            negated: true,
            value: PrincipalValue::Map(vec![PrincipalEntry {
                kind: PrincipalKind::Aws,
                kind_span: Span::default(),
                values: who
                    .iter()
                    .map(|w| Spanned::new((*w).to_owned(), Span::default()))
                    .collect(),
            }]),
            span: Span::default(),
        };
        let source = Source::new("p", "");
        let alice = parse("arn:aws:iam::111122223333:user/alice");
        let account = "arn:aws:iam::111122223333:root";
        let (trace, m) = principal_element_trace(
            &block(&["arn:aws:iam::111122223333:user/alice", account]),
            &alice,
            &source,
        );
        assert_eq!(
            (trace.element, trace.matched, m),
            ("NotPrincipal", false, PrincipalMatch::No)
        );
        let (trace, m) = principal_element_trace(
            &block(&["arn:aws:iam::111122223333:user/alice"]),
            &alice,
            &source,
        );
        assert_eq!((trace.matched, m), (true, PrincipalMatch::Everyone));
        assert!(trace.note.unwrap().contains("account"));
        let (trace, m) = principal_element_trace(
            &block(&["arn:aws:iam::111122223333:user/bob", account]),
            &alice,
            &source,
        );
        assert_eq!((trace.matched, m), (true, PrincipalMatch::Everyone));
        let session = parse("arn:aws:sts::111122223333:assumed-role/audit/app");
        let (trace, _) = principal_element_trace(
            &block(&[
                "arn:aws:sts::111122223333:assumed-role/audit/app",
                "arn:aws:iam::111122223333:role/audit",
                account,
            ]),
            &session,
            &source,
        );
        assert!(!trace.matched);
    }

    // reference_policies_elements_principal.md, "Web identity session
    // principals" and "SAML session principals": trust policies name the
    // provider under `Federated`.
    #[test]
    fn federated_patterns_match_identity_providers() {
        let google = parse("accounts.google.com");
        assert_eq!(google.kind, RequestPrincipalKind::IdentityProvider);
        assert_eq!(
            principal_matches(PrincipalKind::Federated, "accounts.google.com", &google),
            PrincipalMatch::Specific
        );
        assert_eq!(
            principal_matches(PrincipalKind::Federated, "graph.facebook.com", &google),
            PrincipalMatch::No
        );
        let saml = parse("arn:aws:iam::111122223333:saml-provider/Okta");
        assert_eq!(saml.kind, RequestPrincipalKind::IdentityProvider);
        assert_eq!(saml.account.as_deref(), Some("111122223333"));
        assert_eq!(
            principal_matches(
                PrincipalKind::Federated,
                "arn:aws:iam::111122223333:saml-provider/Okta",
                &saml
            ),
            PrincipalMatch::Specific
        );
        assert_eq!(
            principal_matches(PrincipalKind::Aws, "111122223333", &saml),
            PrincipalMatch::No
        );
    }
}
