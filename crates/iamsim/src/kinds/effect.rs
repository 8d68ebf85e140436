use super::words;

words! {
    /// A statement's `Effect`.
    pub enum Effect {
        Allow = "Allow",
        Deny = "Deny",
    }
}
