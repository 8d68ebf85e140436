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
    pub id: DiagnosticId,
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

/// Writes [`DiagnosticId`] and [`DIAGNOSTICS`] from one list, so that each
/// id is spelled once and the table cannot leave one out.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $severity:ident, $area:ident, $summary:literal;)*) => {
        /// Every id iamsim reports. Code names an id by its variant, so a
        /// misspelt or unregistered id does not compile.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum DiagnosticId { $($(#[$doc])* $variant,)* }

        impl DiagnosticId {
            /// The stable kebab-case id, as reported.
            pub fn as_str(self) -> &'static str {
                match self { $(DiagnosticId::$variant => $id,)* }
            }

            /// Its severity, area and summary.
            pub fn info(self) -> &'static DiagnosticInfo {
                match self { $(DiagnosticId::$variant => &DiagnosticInfo {
                    id: DiagnosticId::$variant,
                    severity: $severity,
                    area: $area,
                    summary: $summary,
                },)* }
            }
        }

        /// Every id, grouped by area.
        pub const DIAGNOSTICS: &[DiagnosticInfo] = &[$(DiagnosticInfo {
            id: DiagnosticId::$variant,
            severity: $severity,
            area: $area,
            summary: $summary,
        },)*];
    };
}

use Area::{Call, Check, Policy, Scenario};
use Severity::{Error, SecurityWarning, Suggestion, Warning};

registry! {
    // The scenario.
    InvalidJson = "invalid-json", Error, Scenario,
        "the text is not JSON: a syntax error, with where it is";
    InvalidUtf8 = "invalid-utf8", Error, Scenario,
        "the file is not UTF-8 text (at the first bad byte)";
    EmptyDocument = "empty-document", Error, Scenario,
        "the text is empty or only whitespace";
    TooLarge = "too-large", Error, Scenario,
        "the scenario or a policy is larger than accepted";
    TooDeep = "too-deep", Error, Scenario,
        "the JSON nests more levels deep than accepted";
    DuplicateKey = "duplicate-key", Error, Scenario,
        "an object has the same key twice";
    UnknownField = "unknown-field", Error, Scenario,
        "a field the scenario format does not have";
    MissingField = "missing-field", Error, Scenario,
        "a field the scenario format requires is missing";
    WrongType = "wrong-type", Error, Scenario,
        "a value of the wrong JSON type (in a scenario or a policy)";
    InvalidValue = "invalid-value", Error, Scenario,
        "a value of the right type that is not valid: a principal, an action, a decision...";
    UnknownPolicy = "unknown-policy", Error, Scenario,
        "`expect`, `switchedOff` or `exercise` names a policy the scenario does not have";
    UnknownStatement = "unknown-statement", Error, Scenario,
        "`switchedOff` names a statement (by index or `Sid`) its policy does not have";
    ValueTooLong = "value-too-long", Error, Scenario,
        "a request value longer than accepted";
    DuplicateContextKey = "duplicate-context-key", Warning, Scenario,
        "a context key given twice in different case: keys are case-insensitive, the last wins";
    // Policies.
    UnknownElement = "unknown-element", Error, Policy,
        "an element the policy language does not have";
    InvalidVersion = "invalid-version", Error, Policy,
        "`Version` is neither `2012-10-17` nor `2008-10-17`";
    MissingVersion = "missing-version", Warning, Policy,
        "no `Version`: the policy is read as 2008-10-17, without policy variables";
    MissingStatement = "missing-statement", Error, Policy,
        "the policy has no `Statement`";
    EmptyStatement = "empty-statement", Error, Policy,
        "a statement with no elements";
    TooManyStatements = "too-many-statements", Error, Policy,
        "more statements in one policy than accepted";
    MissingEffect = "missing-effect", Error, Policy,
        "a statement without `Effect`";
    InvalidEffect = "invalid-effect", Error, Policy,
        "`Effect` is neither `Allow` nor `Deny`";
    MissingAction = "missing-action", Error, Policy,
        "a statement without `Action` or `NotAction`";
    InvalidAction = "invalid-action", Error, Policy,
        "an action that is not `service:name` or `*`";
    MissingResource = "missing-resource", Error, Policy,
        "a statement that needs `Resource` or `NotResource` and has neither";
    InvalidResource = "invalid-resource", Error, Policy,
        "a resource that is not an ARN or `*`";
    PatternTooLong = "pattern-too-long", Error, Policy,
        "an action, resource or principal pattern longer than accepted";
    MissingPrincipalInResourcePolicy = "missing-principal-in-resource-policy", Error, Policy,
        "a resource-based policy statement without `Principal` or `NotPrincipal`";
    PrincipalInIdentityPolicy = "principal-in-identity-policy", Error, Policy,
        "`Principal` in a policy attached to identities, which names none (identity, boundary, session, SCP)";
    InvalidPrincipal = "invalid-principal", Error, Policy,
        "a principal that is not one AWS accepts";
    AllowNotPrincipal = "allow-not-principal", Warning, Policy,
        "`NotPrincipal` with `Allow`, which AWS advises against";
    ConflictingElements = "conflicting-elements", Error, Policy,
        "an element and its `Not` form in one statement";
    DuplicateSid = "duplicate-sid", Error, Policy,
        "two statements with the same `Sid`";
    InvalidSid = "invalid-sid", Error, Policy,
        "a `Sid` with characters this policy type does not allow";
    UnknownConditionOperator = "unknown-condition-operator", Error, Policy,
        "a condition operator AWS does not have";
    InvalidConditionValue = "invalid-condition-value", Error, Policy,
        "a condition value that is not a string, number or boolean";
    TooManyValues = "too-many-values", Error, Policy,
        "more values for one condition key than accepted";
    VariableNotSubstituted = "variable-not-substituted", Warning, Policy,
        "a `${...}` that AWS leaves as literal text there";
    // Calls.
    InvalidArgument = "invalid-argument", Error, Call,
        "an argument of the wrong kind";
    UnknownPolicyKind = "unknown-policy-kind", Error, Call,
        "a policy kind `check` does not know";
    UnreadableFile = "unreadable-file", Error, Call,
        "a file the CLI could not read";
    InvalidScenario = "invalid-scenario", Error, Call,
        "the input could not be read as scenarios";
    InternalError = "internal-error", Error, Call,
        "a failure inside iamsim (please report it)";
    // The policy checks.
    AdminAccess = "admin-access", SecurityWarning, Check,
        "`Allow` of every action on every resource";
    ServiceWildcard = "service-wildcard", Warning, Check,
        "`Allow` of every action of a service (`s3:*`)";
    ResourceWildcard = "resource-wildcard", Warning, Check,
        "`Allow` of write or permissions-management actions on `\"Resource\": \"*\"`";
    PassRoleWildcard = "pass-role-wildcard", SecurityWarning, Check,
        "`iam:PassRole` on every role";
    PublicPrincipal = "public-principal", SecurityWarning, Check,
        "`Allow` to every principal, anonymous included, with no narrowing condition";
    AllowNotAction = "allow-not-action", Warning, Check,
        "`Allow` with `NotAction`: every action not listed is allowed";
    AllowNotResource = "allow-not-resource", Warning, Check,
        "`Allow` with `NotResource`: every resource not listed is allowed";
    NotPrincipalWithDeny = "not-principal-with-deny", Warning, Check,
        "`NotPrincipal` with `Deny` exempts a user or role but not its account";
    TrustWithoutExternalId = "trust-without-external-id", SecurityWarning, Check,
        "a trust policy lets another account assume the role without `sts:ExternalId`";
    UnknownService = "unknown-service", Warning, Check,
        "no AWS service has the action's prefix";
    UnknownAction = "unknown-action", Warning, Check,
        "the service has no such action, or none the pattern matches";
    ActionCase = "action-case", Suggestion, Check,
        "an action written in another case than AWS writes it";
    RedundantAction = "redundant-action", Suggestion, Check,
        "an action listed twice or covered by a wildcard in the same list";
    ResourceServiceMismatch = "resource-service-mismatch", Warning, Check,
        "no action of the statement acts on a resource of the ARN's service";
    InvalidArn = "invalid-arn", Error, Check,
        "an ARN without its six parts";
    UnknownConditionKey = "unknown-condition-key", Warning, Check,
        "no AWS service defines the condition key";
    OperatorTypeMismatch = "operator-type-mismatch", Warning, Check,
        "the condition operator compares another type than the key's";
    WildcardWithoutLike = "wildcard-without-like", Warning, Check,
        "a `*` or `?` in a value of an operator that compares exactly";
    ForallvaluesSingleValuedKey = "forallvalues-single-valued-key", Warning, Check,
        "`ForAllValues` on a single-valued key";
    IfexistsOnAlwaysPresentKey = "ifexists-on-always-present-key", Suggestion, Check,
        "`...IfExists` on a key every request has";
    NullWithQualifier = "null-with-qualifier", Warning, Check,
        "`Null` with `ForAllValues` or `ForAnyValue`";
    OldVersion = "old-version", Warning, Check,
        "`\"Version\": \"2008-10-17\"`: policy variables are not substituted";
    SizeLimit = "size-limit", Error, Check,
        "the policy is longer than AWS's quota for its kind";
    RcpAllow = "rcp-allow", Error, Check,
        "an `Allow` in a resource control policy";
    RedundantStatement = "redundant-statement", Suggestion, Check,
        "an `Allow` another statement already makes entirely";
}

/// The entry for `id`, if it is registered.
pub fn lookup(id: &str) -> Option<&'static DiagnosticInfo> {
    DIAGNOSTICS.iter().find(|d| d.id.as_str() == id)
}

/// Checked in debug builds wherever a diagnostic is made: its id is
/// registered, with this severity.
pub(crate) fn debug_check(id: DiagnosticId, severity: Severity) {
    debug_assert!(
        id.info().severity == severity,
        "diagnostic `{id}` is registered as {}, made as {severity}",
        id.info().severity
    );
}

impl std::fmt::Display for DiagnosticId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compared with the id as reported, e.g. `d.id == "invalid-json"`.
impl PartialEq<&str> for DiagnosticId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<DiagnosticId> for &str {
    fn eq(&self, other: &DiagnosticId) -> bool {
        *self == other.as_str()
    }
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
                d.id.as_str().split('-').all(|w| !w.is_empty()
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
