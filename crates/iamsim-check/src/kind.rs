//! Which kind of policy is checked: the parser's policy types, plus the trust
//! policy (a role's resource-based policy, with rules of its own).

use iamsim::PolicyType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Identity,
    Resource,
    /// A role's trust policy: a resource-based policy whose resource is the role.
    Trust,
    Boundary,
    Session,
    Scp,
    Rcp,
    VpcEndpoint,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Identity,
        Kind::Resource,
        Kind::Trust,
        Kind::Boundary,
        Kind::Session,
        Kind::Scp,
        Kind::Rcp,
        Kind::VpcEndpoint,
    ];

    /// The word for it on the command line (`--kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Identity => "identity",
            Kind::Resource => "resource",
            Kind::Trust => "trust",
            Kind::Boundary => "boundary",
            Kind::Session => "session",
            Kind::Scp => "scp",
            Kind::Rcp => "rcp",
            Kind::VpcEndpoint => "vpc-endpoint",
        }
    }

    pub const WORDS: [&'static str; 8] = [
        "identity",
        "resource",
        "trust",
        "boundary",
        "session",
        "scp",
        "rcp",
        "vpc-endpoint",
    ];

    /// The kind the parser knows it as.
    pub fn policy_type(self) -> PolicyType {
        match self {
            Kind::Identity => PolicyType::Identity,
            Kind::Resource | Kind::Trust => PolicyType::Resource,
            Kind::Boundary => PolicyType::PermissionsBoundary,
            Kind::Session => PolicyType::Session,
            Kind::Scp => PolicyType::Scp,
            Kind::Rcp => PolicyType::Rcp,
            Kind::VpcEndpoint => PolicyType::VpcEndpoint,
        }
    }

    /// Policies that grant to a principal named in them.
    pub fn names_principals(self) -> bool {
        matches!(
            self,
            Kind::Resource | Kind::Trust | Kind::Rcp | Kind::VpcEndpoint
        )
    }

    /// Organization policies: their `Allow`s set a ceiling, they grant nothing,
    /// so the least-privilege checks on grants do not apply.
    pub fn is_guardrail(self) -> bool {
        matches!(self, Kind::Scp | Kind::Rcp)
    }
}

impl std::str::FromStr for Kind {
    type Err = ();

    fn from_str(word: &str) -> Result<Kind, ()> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == word)
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_name_every_kind_once() {
        assert_eq!(Kind::WORDS, Kind::ALL.map(Kind::as_str));
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
        }
        assert_eq!("Identity".parse::<Kind>(), Err(()));
    }
}
