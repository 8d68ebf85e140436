use super::words;

words! {
    /// How bad a diagnostic is: an error stops evaluation, a warning does not.
    pub enum Severity {
        Error = "error",
        Warning = "warning",
    }
}
