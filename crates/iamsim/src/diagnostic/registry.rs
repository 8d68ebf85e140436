//! The one table of diagnostic ids: every id any part of iamsim reports,
//! with its severity, where it comes from and a one-line summary. Emitting
//! an id that is not here fails in debug builds (so every test checks it),
//! and `docs/diagnostics.md` is generated from this table (a test compares
//! them; `IAMSIM_UPDATE_DOCS=1 cargo test -p iamsim --test diagnostics_doc`
//! rewrites the page).

use crate::kinds::Severity;

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The scenario file or its request.
    Scenario,
    /// A policy document.
    Policy,
    /// A call of the CLI or the JavaScript API (arguments, files).
    Call,
    /// A finding of the policy checks (crates/iamsim-check, docs/checks.md).
    Check,
}

impl Area {
    pub fn heading(self) -> &'static str {
        match self {
            Area::Scenario => "Scenario",
            Area::Policy => "Policy",
            Area::Call => "Command line and JavaScript API",
            Area::Check => "Policy checks",
        }
    }
}

/// One diagnostic id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagnosticInfo {
    /// Stable kebab-case id, as reported.
    pub id: &'static str,
    pub severity: Severity,
    pub area: Area,
    /// What it means, in one line.
    pub summary: &'static str,
}

impl DiagnosticInfo {
    /// Where the id is documented, relative to the repository's root.
    pub fn doc_link(&self) -> String {
        format!("docs/diagnostics.md#{}", self.id)
    }
}

const fn info(
    id: &'static str,
    severity: Severity,
    area: Area,
    summary: &'static str,
) -> DiagnosticInfo {
    DiagnosticInfo {
        id,
        severity,
        area,
        summary,
    }
}

use Area::{Call, Check, Policy, Scenario};
use Severity::{Error, SecurityWarning, Suggestion, Warning};

/// Every id, grouped by area.
pub const DIAGNOSTICS: &[DiagnosticInfo] = &[
    // The scenario.
    info(
        "invalid-json",
        Error,
        Scenario,
        "the text is not JSON: a syntax error, with where it is",
    ),
    info(
        "invalid-utf8",
        Error,
        Scenario,
        "the file is not UTF-8 text (at the first bad byte)",
    ),
    info(
        "empty-document",
        Error,
        Scenario,
        "the text is empty or only whitespace",
    ),
    info(
        "too-large",
        Error,
        Scenario,
        "the scenario or a policy is larger than accepted",
    ),
    info(
        "too-deep",
        Error,
        Scenario,
        "the JSON nests more levels deep than accepted",
    ),
    info(
        "duplicate-key",
        Error,
        Scenario,
        "an object has the same key twice",
    ),
    info(
        "unknown-field",
        Error,
        Scenario,
        "a field the scenario format does not have",
    ),
    info(
        "missing-field",
        Error,
        Scenario,
        "a field the scenario format requires is missing",
    ),
    info(
        "wrong-type",
        Error,
        Scenario,
        "a value of the wrong JSON type (in a scenario or a policy)",
    ),
    info(
        "invalid-value",
        Error,
        Scenario,
        "a value of the right type that is not valid: a principal, an action, a decision...",
    ),
    info(
        "unknown-policy",
        Error,
        Scenario,
        "`expect` or `switchedOff` names a policy the scenario does not have",
    ),
    info(
        "unknown-statement",
        Error,
        Scenario,
        "`switchedOff` names a statement (by index or `Sid`) its policy does not have",
    ),
    info(
        "value-too-long",
        Error,
        Scenario,
        "a request value longer than accepted",
    ),
    info(
        "duplicate-context-key",
        Warning,
        Scenario,
        "a context key given twice in different case: keys are case-insensitive, the last wins",
    ),
    // Policies.
    info(
        "unknown-element",
        Error,
        Policy,
        "an element the policy language does not have",
    ),
    info(
        "invalid-version",
        Error,
        Policy,
        "`Version` is neither `2012-10-17` nor `2008-10-17`",
    ),
    info(
        "missing-version",
        Warning,
        Policy,
        "no `Version`: the policy is read as 2008-10-17, without policy variables",
    ),
    info(
        "missing-statement",
        Error,
        Policy,
        "the policy has no `Statement`",
    ),
    info(
        "empty-statement",
        Error,
        Policy,
        "a statement with no elements",
    ),
    info(
        "too-many-statements",
        Error,
        Policy,
        "more statements in one policy than accepted",
    ),
    info(
        "missing-effect",
        Error,
        Policy,
        "a statement without `Effect`",
    ),
    info(
        "invalid-effect",
        Error,
        Policy,
        "`Effect` is neither `Allow` nor `Deny`",
    ),
    info(
        "missing-action",
        Error,
        Policy,
        "a statement without `Action` or `NotAction`",
    ),
    info(
        "invalid-action",
        Error,
        Policy,
        "an action that is not `service:name` or `*`",
    ),
    info(
        "missing-resource",
        Error,
        Policy,
        "a statement that needs `Resource` or `NotResource` and has neither",
    ),
    info(
        "invalid-resource",
        Error,
        Policy,
        "a resource that is not an ARN or `*`",
    ),
    info(
        "pattern-too-long",
        Error,
        Policy,
        "an action, resource or principal pattern longer than accepted",
    ),
    info(
        "missing-principal-in-resource-policy",
        Error,
        Policy,
        "a resource-based policy statement without `Principal` or `NotPrincipal`",
    ),
    info(
        "principal-in-identity-policy",
        Error,
        Policy,
        "`Principal` in a policy attached to identities, which names none (identity, boundary, session, SCP)",
    ),
    info(
        "invalid-principal",
        Error,
        Policy,
        "a principal that is not one AWS accepts",
    ),
    info(
        "allow-not-principal",
        Warning,
        Policy,
        "`NotPrincipal` with `Allow`, which AWS advises against",
    ),
    info(
        "conflicting-elements",
        Error,
        Policy,
        "an element and its `Not` form in one statement",
    ),
    info(
        "duplicate-sid",
        Error,
        Policy,
        "two statements with the same `Sid`",
    ),
    info(
        "invalid-sid",
        Error,
        Policy,
        "a `Sid` with characters this policy type does not allow",
    ),
    info(
        "unknown-condition-operator",
        Error,
        Policy,
        "a condition operator AWS does not have",
    ),
    info(
        "invalid-condition-value",
        Error,
        Policy,
        "a condition value that is not a string, number or boolean",
    ),
    info(
        "too-many-values",
        Error,
        Policy,
        "more values for one condition key than accepted",
    ),
    info(
        "variable-not-substituted",
        Warning,
        Policy,
        "a `${...}` that AWS leaves as literal text there",
    ),
    // Calls.
    info(
        "invalid-argument",
        Error,
        Call,
        "an argument of the wrong kind",
    ),
    info(
        "unknown-policy-kind",
        Error,
        Call,
        "a policy kind `check` does not know",
    ),
    info(
        "unreadable-file",
        Error,
        Call,
        "a file the CLI could not read",
    ),
    info(
        "invalid-scenario",
        Error,
        Call,
        "the input could not be read as scenarios",
    ),
    info(
        "internal-error",
        Error,
        Call,
        "a failure inside iamsim (please report it)",
    ),
    // The policy checks (crates/iamsim-check, docs/checks.md).
    info(
        "admin-access",
        SecurityWarning,
        Check,
        "`Allow` of every action on every resource",
    ),
    info(
        "service-wildcard",
        Warning,
        Check,
        "`Allow` of every action of a service (`s3:*`)",
    ),
    info(
        "resource-wildcard",
        Warning,
        Check,
        "`Allow` of write or permissions-management actions on `\"Resource\": \"*\"`",
    ),
    info(
        "pass-role-wildcard",
        SecurityWarning,
        Check,
        "`iam:PassRole` on every role",
    ),
    info(
        "public-principal",
        SecurityWarning,
        Check,
        "`Allow` to every principal, anonymous included, with no narrowing condition",
    ),
    info(
        "allow-not-action",
        Warning,
        Check,
        "`Allow` with `NotAction`: every action not listed is allowed",
    ),
    info(
        "allow-not-resource",
        Warning,
        Check,
        "`Allow` with `NotResource`: every resource not listed is allowed",
    ),
    info(
        "not-principal-with-deny",
        Warning,
        Check,
        "`NotPrincipal` with `Deny` exempts a user or role but not its account",
    ),
    info(
        "trust-without-external-id",
        SecurityWarning,
        Check,
        "a trust policy lets another account assume the role without `sts:ExternalId`",
    ),
    info(
        "unknown-service",
        Warning,
        Check,
        "no AWS service has the action's prefix",
    ),
    info(
        "unknown-action",
        Warning,
        Check,
        "the service has no such action, or none the pattern matches",
    ),
    info(
        "action-case",
        Suggestion,
        Check,
        "an action written in another case than AWS writes it",
    ),
    info(
        "redundant-action",
        Suggestion,
        Check,
        "an action listed twice or covered by a wildcard in the same list",
    ),
    info(
        "resource-service-mismatch",
        Warning,
        Check,
        "no action of the statement acts on a resource of the ARN's service",
    ),
    info("invalid-arn", Error, Check, "an ARN without its six parts"),
    info(
        "unknown-condition-key",
        Warning,
        Check,
        "no AWS service defines the condition key",
    ),
    info(
        "operator-type-mismatch",
        Warning,
        Check,
        "the condition operator compares another type than the key's",
    ),
    info(
        "wildcard-without-like",
        Warning,
        Check,
        "a `*` or `?` in a value of an operator that compares exactly",
    ),
    info(
        "forallvalues-single-valued-key",
        Warning,
        Check,
        "`ForAllValues` on a single-valued key",
    ),
    info(
        "ifexists-on-always-present-key",
        Suggestion,
        Check,
        "`...IfExists` on a key every request has",
    ),
    info(
        "null-with-qualifier",
        Warning,
        Check,
        "`Null` with `ForAllValues` or `ForAnyValue`",
    ),
    info(
        "old-version",
        Warning,
        Check,
        "`\"Version\": \"2008-10-17\"`: policy variables are not substituted",
    ),
    info(
        "size-limit",
        Error,
        Check,
        "the policy is longer than AWS's quota for its kind",
    ),
    info(
        "rcp-allow",
        Error,
        Check,
        "an `Allow` in a resource control policy",
    ),
    info(
        "redundant-statement",
        Suggestion,
        Check,
        "an `Allow` another statement already makes entirely",
    ),
];

/// The entry for `id`, if it is registered.
pub fn lookup(id: &str) -> Option<&'static DiagnosticInfo> {
    DIAGNOSTICS.iter().find(|d| d.id == id)
}

/// Checked in debug builds wherever a diagnostic is made: its id is
/// registered, with this severity.
pub(crate) fn debug_check(id: &str, severity: Severity) {
    debug_assert!(
        lookup(id).is_some_and(|d| d.severity == severity),
        "diagnostic `{id}` ({severity}) is not in the registry (crate::diagnostic::registry)"
    );
}

/// The page `docs/diagnostics.md`, generated from [`DIAGNOSTICS`].
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic ids\n\n\
         <!-- Generated from crates/iamsim/src/diagnostic/registry.rs: edit the table there and run\n\
         `IAMSIM_UPDATE_DOCS=1 cargo test -p iamsim --test diagnostics_doc`. -->\n\n\
         Every problem iamsim reports has a stable id (in the CLI's `error[id]`,\n\
         the JSON `id` field and the JS API's errors). Errors stop evaluation;\n\
         warnings do not.\n",
    );
    for area in [Scenario, Policy, Call, Check] {
        out.push_str(&format!("\n## {}\n", area.heading()));
        for d in DIAGNOSTICS.iter().filter(|d| d.area == area) {
            out.push_str(&format!("\n### {}\n{}: {}.\n", d.id, d.severity, d.summary));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        for (i, d) in DIAGNOSTICS.iter().enumerate() {
            assert!(
                d.id.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{}",
                d.id
            );
            assert!(
                DIAGNOSTICS[..i].iter().all(|e| e.id != d.id),
                "{} twice",
                d.id
            );
        }
        assert_eq!(lookup("invalid-effect").map(|d| d.severity), Some(Error));
        assert_eq!(lookup("no-such-id"), None);
    }
}
