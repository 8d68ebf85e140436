use super::words;

words! {
    /// The kinds of policy AWS evaluates, as the result names them.
    pub enum PolicyType {
        Identity = "identity",
        Resource = "resource",
        PermissionsBoundary = "permissionsBoundary",
        Session = "session",
        Scp = "scp",
        Rcp = "rcp",
        VpcEndpoint = "vpcEndpoint",
    }
}
