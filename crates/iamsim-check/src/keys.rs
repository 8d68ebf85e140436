//! What the checks know of a condition key: its type and whether it can hold
//! several values. The global `aws:` keys are not in the catalog (AWS's
//! Service Authorization Reference lists only each service's own keys), so
//! they are listed here from the IAM User Guide's "AWS global condition
//! context keys" (reference_policies_condition-keys.md): name, "Data type"
//! and "Value type" of each section.

use iamsim_catalog::Catalog;

/// A condition key's type, as AWS's references name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    String,
    Arn,
    Bool,
    Date,
    Numeric,
    Ip,
    Binary,
    /// `aws:EpochTime`: date or numeric operators.
    DateOrNumeric,
}

impl KeyType {
    /// A catalog type name (`String`, `ArrayOfARN`, ...): the type, and
    /// whether the key is multivalued.
    pub fn of_catalog(name: &str) -> Option<(KeyType, bool)> {
        let (multi, base) = match name.strip_prefix("ArrayOf") {
            Some(base) => (true, base),
            None => (false, name),
        };
        let kind = match base {
            "String" => KeyType::String,
            "ARN" => KeyType::Arn,
            "Bool" | "Boolean" => KeyType::Bool,
            "Date" => KeyType::Date,
            "Numeric" => KeyType::Numeric,
            "IPAddress" => KeyType::Ip,
            "Binary" => KeyType::Binary,
            _ => return None,
        };
        Some((kind, multi))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "string",
            KeyType::Arn => "ARN",
            KeyType::Bool => "Boolean",
            KeyType::Date => "date",
            KeyType::Numeric => "numeric",
            KeyType::Ip => "IP address",
            KeyType::Binary => "binary",
            KeyType::DateOrNumeric => "date or numeric",
        }
    }
}

/// What is known of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyFacts {
    /// `None` when the catalog gives a type the checks do not know.
    pub kind: Option<KeyType>,
    pub multivalued: bool,
    /// "This key is always included in the request context."
    pub always_present: bool,
}

struct Global {
    /// As the page writes it; a trailing `/` takes a tag key after it.
    name: &'static str,
    kind: KeyType,
    multivalued: bool,
    always_present: bool,
}

const fn key(name: &'static str, kind: KeyType) -> Global {
    Global {
        name,
        kind,
        multivalued: false,
        always_present: false,
    }
}

const fn multi(name: &'static str, kind: KeyType) -> Global {
    Global {
        multivalued: true,
        ..key(name, kind)
    }
}

const fn always(name: &'static str, kind: KeyType) -> Global {
    Global {
        always_present: true,
        ..key(name, kind)
    }
}

use KeyType as T;

/// reference_policies_condition-keys.md, one entry per section.
const GLOBAL: &[Global] = &[
    // Properties of the principal
    key("aws:PrincipalArn", T::Arn),
    key("aws:PrincipalAccount", T::String),
    multi("aws:PrincipalOrgPaths", T::String),
    key("aws:PrincipalOrgID", T::String),
    key("aws:PrincipalTag/", T::String),
    key("aws:PrincipalIsAWSService", T::Bool),
    key("aws:PrincipalServiceName", T::String),
    multi("aws:PrincipalServiceNamesList", T::String),
    key("aws:PrincipalType", T::String),
    key("aws:userid", T::String),
    key("aws:username", T::String),
    // Properties of a role session
    key("aws:AssumedRoot", T::String),
    key("aws:FederatedProvider", T::String),
    key("aws:TokenIssueTime", T::Date),
    key("aws:MultiFactorAuthAge", T::Numeric),
    key("aws:MultiFactorAuthPresent", T::Bool),
    key("aws:ChatbotSourceArn", T::Arn),
    key("aws:Ec2InstanceSourceVpc", T::String),
    key("aws:Ec2InstanceSourcePrivateIPv4", T::Ip),
    key("aws:SourceIdentity", T::String),
    key("ec2:RoleDelivery", T::Numeric),
    key("ec2:SourceInstanceArn", T::Arn),
    key("glue:RoleAssumedBy", T::String),
    key("glue:CredentialIssuingService", T::String),
    key("lambda:SourceFunctionArn", T::Arn),
    key("ssm:SourceInstanceArn", T::Arn),
    key("identitystore:UserId", T::String),
    // Properties of the network
    key("aws:SourceIp", T::Ip),
    key("aws:SourceVpc", T::String),
    key("aws:SourceVpcArn", T::Arn),
    key("aws:SourceVpce", T::String),
    key("aws:VpceAccount", T::String),
    key("aws:VpceOrgID", T::String),
    multi("aws:VpceOrgPaths", T::String),
    key("aws:VpcSourceIp", T::Ip),
    // Properties of the resource
    key("aws:ResourceAccount", T::String),
    key("aws:ResourceOrgID", T::String),
    multi("aws:ResourceOrgPaths", T::String),
    key("aws:ResourceTag/", T::String),
    // Properties of the request
    multi("aws:CalledVia", T::String),
    key("aws:CalledViaFirst", T::String),
    key("aws:CalledViaLast", T::String),
    key("aws:ViaAWSService", T::Bool),
    always("aws:CurrentTime", T::Date),
    always("aws:EpochTime", T::DateOrNumeric),
    key("aws:referer", T::String),
    key("aws:RequestedRegion", T::String),
    key("aws:RequestTag/", T::String),
    multi("aws:TagKeys", T::String),
    always("aws:SecureTransport", T::Bool),
    key("aws:SourceAccount", T::String),
    key("aws:SourceArn", T::Arn),
    key("aws:SourceOrgID", T::String),
    multi("aws:SourceOrgPaths", T::String),
    key("aws:UserAgent", T::String),
];

fn global(key: &str) -> Option<&'static Global> {
    GLOBAL.iter().find(|g| {
        if g.name.ends_with('/') {
            key.len() > g.name.len()
                && key
                    .get(..g.name.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(g.name))
        } else {
            g.name.eq_ignore_ascii_case(key)
        }
    })
}

/// What is known of `key`: a global key, or one of the catalog's. `None` if
/// neither knows it (without a catalog, only global keys are known).
pub fn facts(key: &str, catalog: Option<&Catalog>) -> Option<KeyFacts> {
    if let Some(g) = global(key) {
        return Some(KeyFacts {
            kind: Some(g.kind),
            multivalued: g.multivalued,
            always_present: g.always_present,
        });
    }
    let catalog = catalog?;
    let (prefix, _) = key.split_once(':')?;
    // A service documents keys of other prefixes too: `aws:` tag keys, and
    // AWS STS the federation keys (`saml:aud`, `accounts.google.com:aud`).
    let anywhere = || catalog.services().iter().find_map(|s| s.condition_key(key));
    let found = match catalog.service(prefix) {
        Some(service) if !prefix.eq_ignore_ascii_case("aws") => service.condition_key(key),
        _ => anywhere(),
    }?;
    let typed = KeyType::of_catalog(&found.kind);
    Some(KeyFacts {
        kind: typed.map(|(kind, _)| kind),
        multivalued: typed.is_some_and(|(_, multi)| multi),
        always_present: false,
    })
}

/// Is the key's name one the checks can judge: a global key, or, with the
/// catalog, any other but an OpenID Connect provider's (its prefix is the
/// provider's URL, `token.actions.githubusercontent.com:sub`: any provider
/// an account trusts, so no list has them all).
pub fn judgeable(key: &str, catalog: Option<&Catalog>) -> bool {
    let prefix = key.split_once(':').map_or(key, |(prefix, _)| prefix);
    prefix.eq_ignore_ascii_case("aws") || (catalog.is_some() && !prefix.contains(['.', '/']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_keys_are_found_in_any_case_and_tags_by_prefix() {
        let facts = |k| facts(k, None);
        assert_eq!(
            facts("AWS:sourceip").and_then(|f| f.kind),
            Some(KeyType::Ip)
        );
        assert!(facts("aws:TagKeys").is_some_and(|f| f.multivalued));
        assert!(facts("aws:CurrentTime").is_some_and(|f| f.always_present));
        assert!(facts("aws:PrincipalTag/team").is_some());
        assert!(facts("aws:PrincipalTag/").is_none());
        assert!(facts("aws:SourceIpAddress").is_none());
        assert!(
            facts("s3:prefix").is_none(),
            "service keys need the catalog"
        );
    }
}
