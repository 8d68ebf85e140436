//! Rules AWS documents outside the policy language: a call that needs no
//! permission at all, and resources that no policy can let anyone change.
//! Each rule is data: the actions, the resources, and the rule's name (its
//! sentence is in `wording`). Only rules found in AWS's documentation are here.

use crate::kinds::RequestPrincipalKind;
use crate::matching::{colon_fields, split_once_byte};
use crate::reason::ProtectedRule;

/// `sts:GetCallerIdentity` needs no permission: "If an administrator attaches
/// a policy to your identity that explicitly denies access to the
/// sts:GetCallerIdentity action, you can still perform this operation" (STS
/// API reference, GetCallerIdentity).
pub(super) fn needs_no_permission(action: &str) -> bool {
    split_once_byte(action, b':').is_some_and(|(service, name)| {
        service.eq_ignore_ascii_case("sts") && name.eq_ignore_ascii_case("GetCallerIdentity")
    })
}

/// A resource that no policy lets anyone change.
pub(super) struct Protected {
    /// The service prefix of the actions, lower case.
    service: &'static str,
    /// The actions it refuses (names compared case-insensitively).
    actions: &'static [&'static str],
    /// The resource part of the ARN (after the fifth colon), and the account
    /// field when the rule is about the account.
    resource: fn(account: &str, resource: &str) -> bool,
    /// The service itself may still do it (a service-linked role's service).
    except_services: bool,
    /// Names the rule, for the result's reason.
    pub rule: ProtectedRule,
}

const PROTECTED: &[Protected] = &[
    // access_policies_managed-vs-inline.md, "AWS managed policies": "created
    // and administered by AWS", and "You cannot change the permissions
    // defined in AWS managed policies".
    Protected {
        service: "iam",
        actions: &[
            "CreatePolicy",
            "CreatePolicyVersion",
            "DeletePolicy",
            "DeletePolicyVersion",
            "SetDefaultPolicyVersion",
        ],
        resource: |account, resource| account == "aws" && resource.starts_with("policy/"),
        except_services: false,
        rule: ProtectedRule::AwsManagedPolicy,
    },
    // using-service-linked-roles.md, the note at the top: "An IAM
    // administrator can view, but not edit the permissions for service-linked
    // roles", whose permissions "include the trust policy and the permissions
    // policy" and are defined by the linked service.
    Protected {
        service: "iam",
        actions: &[
            "AttachRolePolicy",
            "DetachRolePolicy",
            "PutRolePolicy",
            "DeleteRolePolicy",
            "UpdateAssumeRolePolicy",
        ],
        resource: |_, resource| resource.starts_with("role/aws-service-role/"),
        except_services: true,
        rule: ProtectedRule::ServiceLinkedRole,
    },
    // KMS developer guide, "Create aliases": "The alias name for a customer
    // managed key cannot begin with alias/aws/. The alias/aws/ prefix is
    // reserved for AWS managed key", and "You cannot manage aliases for AWS
    // managed keys".
    Protected {
        service: "kms",
        actions: &["CreateAlias", "UpdateAlias", "DeleteAlias"],
        resource: |_, resource| resource.starts_with("alias/aws/"),
        except_services: false,
        rule: ProtectedRule::AwsManagedKeyAlias,
    },
];

/// The rule that refuses this request whatever the policies say, if any.
pub(super) fn protected(
    action: &str,
    resource: &str,
    caller: RequestPrincipalKind,
) -> Option<&'static Protected> {
    let (service, name) = split_once_byte(action, b':')?;
    let [arn, _, _, _, account, part] = colon_fields::<6>(resource)?;
    if arn != "arn" {
        return None;
    }
    PROTECTED.iter().find(|rule| {
        rule.service.eq_ignore_ascii_case(service)
            && rule.actions.iter().any(|a| a.eq_ignore_ascii_case(name))
            && (rule.resource)(account, part)
            && !(rule.except_services && caller == RequestPrincipalKind::Service)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use RequestPrincipalKind::{Service, User};

    #[test]
    fn get_caller_identity_in_any_case() {
        assert!(needs_no_permission("sts:GetCallerIdentity"));
        assert!(needs_no_permission("STS:getcalleridentity"));
        assert!(!needs_no_permission("sts:GetSessionToken"));
        assert!(!needs_no_permission("iam:GetCallerIdentity"));
    }

    #[test]
    fn protected_resources_and_their_actions() {
        let managed = "arn:aws:iam::aws:policy/AdministratorAccess";
        assert!(protected("iam:CreatePolicyVersion", managed, User).is_some());
        assert!(protected("iam:GetPolicy", managed, User).is_none());
        let own = "arn:aws:iam::111122223333:policy/AdministratorAccess";
        assert!(protected("iam:CreatePolicyVersion", own, User).is_none());

        let linked = "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk";
        assert!(protected("iam:PutRolePolicy", linked, User).is_some());
        assert!(protected("iam:PutRolePolicy", linked, Service).is_none());
        assert!(protected("iam:UpdateRoleDescription", linked, User).is_none());

        let alias = "arn:aws:kms:us-east-1:111122223333:alias/aws/s3";
        assert!(protected("kms:DeleteAlias", alias, User).is_some());
        let mine = "arn:aws:kms:us-east-1:111122223333:alias/awsome";
        assert!(protected("kms:DeleteAlias", mine, User).is_none());
        assert!(protected("kms:DeleteAlias", "*", User).is_none());
    }
}
