use super::words;

words! {
    /// How bad a diagnostic is: an error stops evaluation, the others do
    /// not. The policy checks (issue 11) rank what is not an error:
    /// a grant wider than meant, a likely mistake, an improvement.
    pub enum Severity {
        Error = "error",
        Warning = "warning",
        SecurityWarning = "security-warning",
        Suggestion = "suggestion",
    }
}
