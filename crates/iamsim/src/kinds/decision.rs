use super::words;

words! {
    /// What AWS decides for a request.
    pub enum Decision {
        Allowed = "allowed",
        ExplicitDeny = "explicitDeny",
        ImplicitDeny = "implicitDeny",
    }
}
