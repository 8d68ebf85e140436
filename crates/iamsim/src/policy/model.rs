use crate::source::{Span, Spanned};

use crate::kinds::operator::Operator;
use crate::kinds::{Effect, PrincipalKind};

/// A parsed policy document. Whatever could be understood is kept even when
/// diagnostics were reported, so that the page can still show it.
#[derive(Debug, Clone, Default)]
pub struct PolicyDocument {
    pub version: Option<Spanned<Version>>,
    pub id: Option<Spanned<String>>,
    pub statements: Vec<Statement>,
    pub span: Span,
}

impl PolicyDocument {
    /// Policy variables are substituted only under `"Version": "2012-10-17"`;
    /// under 2008-10-17 or with no Version, `${...}` is literal text.
    pub fn variables_enabled(&self) -> bool {
        matches!(
            self.version,
            Some(Spanned {
                value: Version::V2012_10_17,
                ..
            })
        )
    }
}

#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V2012_10_17,
    V2008_10_17,
}

#[derive(Debug, Clone)]
pub struct Statement {
    /// Position in the `Statement` array (0 for a lone statement object).
    pub index: usize,
    pub span: Span,
    pub sid: Option<Spanned<String>>,
    pub effect: Spanned<Effect>,
    /// `Action` or `NotAction`.
    pub action: Option<NameList>,
    /// `Resource` or `NotResource`.
    pub resource: Option<NameList>,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalBlock>,
    /// One entry per operator and key, in document order; all must match (AND).
    pub conditions: Vec<Condition>,
    /// Why the statement has no meaning to evaluate: AWS would refuse it for
    /// an error that leaves what it says unclear. Only a draft evaluation
    /// ([`crate::scenario::LoadOptions::draft`]) gets that far; it skips it.
    pub skipped: Option<String>,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: a list of patterns.
#[derive(Debug, Clone)]
pub struct NameList {
    /// True for `NotAction` / `NotResource`.
    pub negated: bool,
    pub values: Vec<Spanned<String>>,
    /// The span of the element's value.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct PrincipalBlock {
    /// True for `NotPrincipal`.
    pub negated: bool,
    pub value: PrincipalValue,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum PrincipalValue {
    /// `"Principal": "*"`: everyone, anonymous included.
    Wildcard,
    Map(Vec<PrincipalEntry>),
}

#[derive(Debug, Clone)]
pub struct PrincipalEntry {
    pub kind: PrincipalKind,
    pub kind_span: Span,
    pub values: Vec<Spanned<String>>,
}

/// One `operator: { key: values }` pair of a `Condition` block.
#[derive(Debug, Clone)]
pub struct Condition {
    pub operator: Spanned<Operator>,
    /// The key as written (keys compare case-insensitively).
    pub key: Spanned<String>,
    /// One or more values; any may match (OR), negated operators excepted.
    pub values: Vec<ConditionValue>,
    /// The span of the key's value (string or array).
    pub values_span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionValue {
    /// The value's text: a string as is, a number or boolean as written.
    pub text: String,
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Number,
    Bool,
}
