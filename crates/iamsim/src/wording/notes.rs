//! The sentences of the trace's notes ([`Note`]) and of the rules AWS
//! applies outside the policies ([`ProtectedRule`]).

use std::fmt::{self, Display, Formatter};

use crate::kinds::operator::{SetQualifier, WHERE_VARIABLES_WORK};
use crate::reason::{Absence, Note, Notes, ProtectedRule, Variable};

impl Display for ProtectedRule {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProtectedRule::AwsManagedPolicy => "an AWS managed policy (`arn:aws:iam::aws:policy/...`) is created and administered by AWS: no one can create, change or delete one",
            ProtectedRule::ServiceLinkedRole => "a service-linked role (`role/aws-service-role/...`) has the trust and permissions policies its service defines: an IAM administrator can view them but not edit them",
            ProtectedRule::AwsManagedKeyAlias => "aliases beginning with `alias/aws/` are reserved for AWS managed keys, and no one can manage the aliases of AWS managed keys",
        })
    }
}

/// `${a}`, `${b}`, each in backticks, joined by commas.
fn variables<'a>(f: &mut Formatter<'_>, keys: impl Iterator<Item = &'a str>) -> fmt::Result {
    for (i, key) in keys.enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        write!(f, "{sep}`${{{key}}}`")?;
    }
    Ok(())
}

impl Display for Note {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use Note::*;
        match self {
            PartialPrincipalWildcard => f.write_str(
                "AWS does not allow wildcards in part of a principal; only `*` alone means everyone",
            ),
            FederatedNamesProvider => f.write_str(
                "a Federated principal names an identity provider: it matches callers of AssumeRoleWithWebIdentity or AssumeRoleWithSAML signed in by that provider",
            ),
            CanonicalUser => f.write_str(
                "a CanonicalUser principal names an S3 canonical user id, which the request principal does not carry",
            ),
            NotPrincipalChain => f.write_str(
                "NotPrincipal leaves out a caller only when it names the caller's account too, and for a role session the role and the session as well; AWS checks each of them",
            ),
            DenyNotPrincipalWithBoundary => f.write_str(
                "the caller has a permissions boundary, and a Deny with NotPrincipal in a resource-based policy always denies such a principal, whatever NotPrincipal lists",
            ),
            UnresolvedResource {
                variables: unresolved,
                pattern,
            } => {
                for (i, Variable { key, multi_valued }) in unresolved.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    let state = if *multi_valued {
                        "is multi-valued"
                    } else {
                        "is not in the request"
                    };
                    write!(f, "{sep}`${{{key}}}` {state}")?;
                }
                write!(f, " and has no default, so `{pattern}` matches nothing")
            }
            MorePatterns { count } => write!(f, "{count} more patterns did not match"),
            NullTakesBool => f.write_str(
                "a Null condition takes `true` (key absent) or `false` (key present)",
            ),
            AbsentKey { key, rule } => match rule {
                Absence::IfExists => write!(
                    f,
                    "the request has no `{key}`, and ...IfExists makes a condition on an absent key true"
                ),
                Absence::ForAllValues => write!(
                    f,
                    "the request has no `{key}`: ForAllValues over no values is true"
                ),
                Absence::ForAnyValue => write!(
                    f,
                    "the request has no `{key}`: ForAnyValue over no values is false"
                ),
                Absence::Negated => write!(
                    f,
                    "the request has no `{key}`, and a negated operator on an absent key is true"
                ),
                Absence::Plain => write!(
                    f,
                    "the request has no `{key}`, so the condition does not match"
                ),
            },
            VariablesWithNoValue {
                variables: keys,
                operator,
            } => {
                f.write_str("the policy variable ")?;
                variables(f, keys.iter().map(String::as_str))?;
                f.write_str(" has no value in the request and no default, so its policy value is effectively null and equals no request value: ")?;
                if operator.is_negated() {
                    write!(f, "the negated `{}` holds against it", operator.as_str())
                } else {
                    write!(f, "`{}` cannot match it", operator.as_str())
                }
            }
            MultiValuedVariables { variables: keys } => {
                f.write_str("the policy variable ")?;
                variables(f, keys.iter().map(String::as_str))?;
                f.write_str(" names a key with several values, which cannot be put in a policy value, so the condition does not match")
            }
            InvalidPolicyValue {
                family,
                with_variable,
            } => {
                write!(
                    f,
                    "a policy value is not {}, so it matches nothing",
                    family.value_name()
                )?;
                if *with_variable {
                    write!(f, " ({WHERE_VARIABLES_WORK})")?;
                }
                Ok(())
            }
            UnreadableRequestValue { value, family } => write!(
                f,
                "the request value `{value}` is not {}, so it matches nothing",
                family.value_name()
            ),
            NoValues { key, qualifier } => match qualifier {
                SetQualifier::ForAllValues => write!(
                    f,
                    "`{key}` has no values: ForAllValues over no values is true"
                ),
                SetQualifier::ForAnyValue => write!(
                    f,
                    "`{key}` has no values: ForAnyValue over no values is false"
                ),
            },
            SeveralValues { key, negated } => write!(
                f,
                "`{key}` has several values, and AWS expects ForAllValues: or ForAnyValue: for a multivalued key; without them the condition {}",
                if *negated {
                    "holds only if none of them equals a policy value"
                } else {
                    "holds if any of them matches"
                }
            ),
        }
    }
}

/// One sentence: the notes joined by semicolons.
impl Display for Notes {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, note) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            write!(f, "{sep}{note}")?;
        }
        Ok(())
    }
}
