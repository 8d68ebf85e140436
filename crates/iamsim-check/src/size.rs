//! `size-limit`: a policy's size as AWS counts it, against AWS's quota for
//! its kind. Public, for the page's size meter.

use iamsim::diagnostic::DiagnosticId;
use iamsim::{Diagnostic, Span};

use crate::{finding, Input, Kind};

/// AWS's character quota for one kind of policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Characters, white space outside strings not counted.
    pub limit: usize,
    /// What has it, e.g. "a managed policy".
    pub what: &'static str,
}

/// The quota of a policy of `kind`: reference_iam-quotas.md, "IAM and STS
/// character quotas" and "Default quotas for IAM entities"; the SCP and RCP
/// quotas are AWS Organizations'. Resource-based policies have their
/// services' own quotas (a bucket policy 20 KB): `None`.
pub fn quota(kind: Kind) -> Option<Quota> {
    let (limit, what) = match kind {
        // A managed policy's quota; inline policies share 2,048 (user),
        // 5,120 (group) and 10,240 (role) characters (see `INLINE`).
        Kind::Identity | Kind::Boundary => (6_144, "a managed policy"),
        Kind::Trust => (2_048, "a role trust policy (raised up to 4,096 on request)"),
        Kind::Session => (2_048, "a session policy"),
        Kind::Scp => (5_120, "a service control policy"),
        Kind::Rcp => (5_120, "a resource control policy"),
        Kind::Resource | Kind::VpcEndpoint => return None,
    };
    Some(Quota { limit, what })
}

/// The inline policies' quotas: all of an identity's inline policies
/// together, by the identity's kind.
pub const INLINE: [Quota; 3] = [
    Quota {
        limit: 2_048,
        what: "a user's inline policies",
    },
    Quota {
        limit: 5_120,
        what: "a group's inline policies",
    },
    Quota {
        limit: 10_240,
        what: "a role's inline policies",
    },
];

/// The size AWS counts: every character but white space outside strings
/// ("IAM does not count white space when calculating the size of a policy").
pub fn counted_size(text: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    let mut size = 0;
    for c in text.chars() {
        if in_string {
            size += 1;
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            size += 1;
            in_string = c == '"';
        }
    }
    size
}

pub(crate) fn check(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let Some(Quota { limit, what }) = quota(input.kind) else {
        return;
    };
    let size = counted_size(input.text);
    if size > limit {
        let start = input.document.span.start as usize;
        // An identity policy may be inline instead: say those quotas too.
        let inline = if input.kind == Kind::Identity {
            let quotas: Vec<String> = INLINE
                .iter()
                .map(|q| format!("{} for {}", thousands(q.limit), q.what))
                .collect();
            format!(" (inline: {})", quotas.join(", "))
        } else {
            String::new()
        };
        out.push(finding(
            DiagnosticId::SizeLimit,
            format!(
                "the policy has {} characters; AWS accepts {} for {what}{inline}",
                thousands(size),
                thousands(limit)
            ),
            Span::new(start, start + 1),
            "white space does not count: split the policy, or merge statements and use wildcards \
             where they grant no more than needed",
        ));
    }
}

/// `6144` as `6,144`, as AWS's quota page writes it.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
