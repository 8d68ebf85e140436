//! Who is asking: the request principal as the scenario gives it, read once
//! into its kind, partition, account, name, path and session, and the ARNs
//! and context keys AWS derives from it (reference_policies_elements_principal.md,
//! reference_policies_variables.md). What a policy's `Principal` element
//! matches is `principal`'s.

use crate::kinds::RequestPrincipalKind;
use crate::matching::{colon_fields, split_once_byte};

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

pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `division/sub/bob` -> (`/division/sub/`, `bob`).
fn split_path(rest: &str) -> (Option<String>, Option<String>) {
    match rest.rsplit_once('/') {
        Some((path, name)) => (Some(format!("/{path}/")), Some(name.to_owned())),
        None => (Some("/".to_owned()), Some(rest.to_owned())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

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
}
