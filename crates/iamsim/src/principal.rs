//! What a policy's `Principal` or `NotPrincipal` element matches: whether a
//! pattern names the request principal (`caller`), how strongly, and the
//! trace of the element (reference_policies_elements_principal.md).

use crate::caller::{is_account_id, RequestPrincipal};
use crate::kinds::{PrincipalKind, RequestPrincipalKind};
use crate::policy::{PrincipalBlock, PrincipalValue};
use crate::reason::Note;
use crate::source::Source;
use crate::trace::{ElementTrace, PatternTrace};

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
) -> (PrincipalMatch, Option<Note>) {
    use RequestPrincipalKind as K;
    let yes = |m: bool, level: PrincipalMatch| if m { level } else { PrincipalMatch::No };
    match kind {
        PrincipalKind::Aws if pattern == "*" => (PrincipalMatch::Everyone, None),
        PrincipalKind::Service | PrincipalKind::Federated if pattern == "*" => {
            let of_kind = matches!(
                (kind, p.kind),
                (PrincipalKind::Service, K::Service)
                    | (PrincipalKind::Federated, K::IdentityProvider)
            );
            (yes(of_kind, PrincipalMatch::Everyone), None)
        }
        _ if pattern.contains('*') => (PrincipalMatch::No, Some(Note::PartialPrincipalWildcard)),
        PrincipalKind::Aws => (aws_pattern_matches(pattern, p), None),
        PrincipalKind::Service => {
            let same = p.kind == K::Service
                && p.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(pattern));
            (yes(same, PrincipalMatch::Specific), None)
        }
        PrincipalKind::Federated => {
            let same = p.kind == K::IdentityProvider && p.text.eq_ignore_ascii_case(pattern);
            let why = (p.kind != K::IdentityProvider).then_some(Note::FederatedNamesProvider);
            (yes(same, PrincipalMatch::Specific), why)
        }
        PrincipalKind::CanonicalUser => (PrincipalMatch::No, Some(Note::CanonicalUser)),
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
            note = Some(Note::NotPrincipalChain);
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
            note.map(|n| n.to_string())
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
