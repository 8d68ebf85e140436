use super::words;

words! {
    /// The keys of a `Principal` element: which kind of name follows.
    pub enum PrincipalKind {
        Aws = "AWS",
        Service = "Service",
        Federated = "Federated",
        CanonicalUser = "CanonicalUser",
    }
}

words! {
    /// What kind of principal makes the request (the result's `principalKind`).
    pub enum RequestPrincipalKind {
        /// An IAM user: `arn:aws:iam::ACCOUNT:user/PATH/NAME`.
        User = "user",
        /// A role ARN given as the principal: a session of that role whose
        /// session name is unknown.
        Role = "role",
        /// A role session: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
        AssumedRole = "assumedRole",
        /// The account root user: `arn:aws:iam::ACCOUNT:root` or a bare account id.
        Root = "root",
        /// `arn:aws:sts::ACCOUNT:federated-user/NAME` (GetFederationToken).
        FederatedUser = "federatedUser",
        /// A service principal such as `lambda.amazonaws.com`.
        Service = "service",
        /// A user signed in by an external identity provider, calling
        /// `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`: named by
        /// the provider (`accounts.google.com`, `cognito-identity.amazonaws.com`,
        /// `arn:aws:iam::ACCOUNT:oidc-provider/...`, `...:saml-provider/NAME`).
        IdentityProvider = "identityProvider",
        Anonymous = "anonymous",
    }
}

impl RequestPrincipalKind {
    /// Users, roles and their sessions, and federated users have
    /// identity-based policies (and can have a boundary and a session
    /// policy); the root user, services and anonymous callers do not.
    pub fn has_identity_policies(self) -> bool {
        use RequestPrincipalKind::*;
        matches!(self, User | Role | AssumedRole | FederatedUser)
    }

    /// Principals that belong to an account, and so fall under its SCPs.
    pub fn is_iam_principal(self) -> bool {
        self.has_identity_policies() || self == RequestPrincipalKind::Root
    }

    /// Role sessions (a role ARN stands for one) and federated user sessions.
    pub fn is_session(self) -> bool {
        use RequestPrincipalKind::*;
        matches!(self, Role | AssumedRole | FederatedUser)
    }
}
