use super::words;

words! {
    /// Whom an identity policy is attached to (the scenario's `attachedTo`).
    pub enum Attachment {
        User = "user",
        Group = "group",
        Role = "role",
    }
}
