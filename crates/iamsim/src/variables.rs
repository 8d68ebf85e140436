//! Policy variables (reference_policies_variables.md): `${aws:username}`,
//! `${aws:PrincipalTag/team}`, any single-valued context key, defaults
//! `${key, 'default'}`, and the literals `${*}`, `${?}`, `${$}`.
//!
//! Substituted text is returned as [`Token`]s so that a `*` or `?` that came
//! from a variable (or from `${*}`) stays a literal character while the
//! policy's own `*` and `?` stay wildcards. Values from the request are
//! inserted literally: a tag value `*` must not widen a policy.

use crate::matching::{arn_resource_start, Pattern, Token};
use crate::scenario::{ContextLookup, ContextValue};

/// The outcome of substituting the variables of one policy value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Substitution<'a> {
    /// No variable in the text, or variables are off for this policy
    /// (`Version` 2008-10-17 or absent): the text as written is the pattern.
    Unchanged(&'a str),
    /// Every variable had a value.
    Resolved(Resolved),
    /// Some variable had no value and no default. AWS then treats the value
    /// as not matching (reference_policies_variables.md, "Principal key
    /// values": "any attempt to match it fails").
    Unresolved(Vec<Unresolved>),
}

/// Substituted text: the tokens to match and the plain text to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub tokens: Vec<Token>,
    /// The text after substitution, every character as is.
    pub text: String,
}

/// A variable that could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The key as written in the variable.
    pub key: String,
    /// True when the key is present but multi-valued, which cannot be
    /// substituted; false when the request lacks the key.
    pub multi_valued: bool,
}

impl Substitution<'_> {
    /// The pattern to match, unless a variable had no value.
    pub fn pattern(&self) -> Option<Pattern<'_>> {
        match self {
            Substitution::Unchanged(text) => Some(Pattern::Text(text)),
            Substitution::Resolved(resolved) => Some(Pattern::Tokens(&resolved.tokens)),
            Substitution::Unresolved(_) => None,
        }
    }

    /// The text to compare for exact (non-wildcard) operators.
    pub fn text(&self) -> Option<&str> {
        match self {
            Substitution::Unchanged(text) => Some(text),
            Substitution::Resolved(resolved) => Some(&resolved.text),
            Substitution::Unresolved(_) => None,
        }
    }

    /// The text after substitution, when it differs from what was written.
    pub fn resolved_text(&self) -> Option<String> {
        match self {
            Substitution::Resolved(resolved) => Some(resolved.text.clone()),
            _ => None,
        }
    }
}

/// Substitutes the policy variables of `text` from the request context.
/// With `enabled` false, or without `${` in the text, nothing is allocated.
pub fn substitute<'a>(text: &'a str, ctx: &dyn ContextLookup, enabled: bool) -> Substitution<'a> {
    if !enabled || !text.contains("${") {
        return Substitution::Unchanged(text);
    }
    let mut out = Resolved {
        tokens: Vec::with_capacity(text.len()),
        text: String::with_capacity(text.len()),
    };
    let mut unresolved = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let (before, from_dollar) = rest.split_at(start);
        push_pattern_text(&mut out, before);
        let body_and_after = from_dollar.get(2..).unwrap_or("");
        let Some(end) = closing_brace(body_and_after) else {
            // No closing brace: not a variable, the rest is plain text.
            push_pattern_text(&mut out, from_dollar);
            rest = "";
            break;
        };
        let body = body_and_after.get(..end).unwrap_or("");
        rest = body_and_after.get(end + 1..).unwrap_or("");
        match resolve(body, ctx) {
            Ok(value) => push_literal(&mut out, &value),
            Err(missing) => unresolved.push(missing),
        }
    }
    push_pattern_text(&mut out, rest);
    if unresolved.is_empty() {
        Substitution::Resolved(out)
    } else {
        Substitution::Unresolved(unresolved)
    }
}

/// Substitutes the variables of a `Resource` pattern. Variables work "only in
/// the resource portion of the ARN", after the fifth colon
/// (reference_policies_variables.md, "Resource element"); in the fields
/// before it `${...}` stays plain text.
pub fn substitute_resource<'a>(
    text: &'a str,
    ctx: &dyn ContextLookup,
    enabled: bool,
) -> Substitution<'a> {
    let split = arn_resource_start(text);
    let Some((fields, resource)) = split.and_then(|at| Some((text.get(..at)?, text.get(at..)?)))
    else {
        return substitute(text, ctx, enabled);
    };
    match substitute(resource, ctx, enabled) {
        Substitution::Unchanged(_) => Substitution::Unchanged(text),
        Substitution::Resolved(tail) => {
            let mut out = Resolved {
                tokens: Vec::with_capacity(text.len()),
                text: String::with_capacity(text.len()),
            };
            push_pattern_text(&mut out, fields);
            out.tokens.extend(tail.tokens);
            out.text.push_str(&tail.text);
            Substitution::Resolved(out)
        }
        unresolved @ Substitution::Unresolved(_) => unresolved,
    }
}

/// The byte offset of the `}` closing a variable body; a `}` inside the
/// quoted default value does not close it.
fn closing_brace(body: &str) -> Option<usize> {
    let mut in_quote = false;
    for (i, c) in body.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            '}' if !in_quote => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value of one variable body: `*`, `?`, `$`, `key` or `key, 'default'`.
fn resolve(body: &str, ctx: &dyn ContextLookup) -> Result<String, Unresolved> {
    let body = body.trim();
    if matches!(body, "*" | "?" | "$") {
        return Ok(body.to_owned());
    }
    let (key, default) = match body.split_once(',') {
        Some((key, default)) => (key.trim(), Some(unquote(default.trim()))),
        None => (body, None),
    };
    match (ctx.get(key), default) {
        (Some(ContextValue::Single(value)), _) => Ok(value.clone()),
        (_, Some(default)) => Ok(default.to_owned()),
        (Some(ContextValue::Multi(_)), None) => Err(Unresolved {
            key: key.to_owned(),
            multi_valued: true,
        }),
        (None, None) => Err(Unresolved {
            key: key.to_owned(),
            multi_valued: false,
        }),
    }
}

/// A default written `'text'` (the documented form) gives `text`.
fn unquote(default: &str) -> &str {
    default
        .strip_prefix('\'')
        .and_then(|d| d.strip_suffix('\''))
        .unwrap_or(default)
}

/// Policy text: `*` and `?` are wildcards.
fn push_pattern_text(out: &mut Resolved, text: &str) {
    out.text.push_str(text);
    out.tokens.extend(text.chars().map(Token::of_pattern_char));
}

/// A variable's value: every character literal.
fn push_literal(out: &mut Resolved, value: &str) {
    out.text.push_str(value);
    out.tokens.extend(value.chars().map(Token::Char));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::matching::{arn_pattern_matches, pattern_match};
    use crate::scenario::Context;

    fn ctx(pairs: &[(&str, ContextValue)]) -> Context {
        let mut ctx = Context::default();
        for (k, v) in pairs {
            ctx.insert(*k, v.clone());
        }
        ctx
    }

    fn single(v: &str) -> ContextValue {
        ContextValue::Single(v.to_owned())
    }

    // reference_policies_variables.md, "Introduction": `${aws:username}` is
    // replaced with the user's friendly name; key names are case-insensitive.
    #[test]
    fn substitutes_context_keys_case_insensitively() {
        let c = ctx(&[("aws:username", single("David"))]);
        let s = substitute("arn:aws:s3:::mybucket/${AWS:UserName}/*", &c, true);
        assert_eq!(s.text(), Some("arn:aws:s3:::mybucket/David/*"));
        let pattern = s.pattern().unwrap();
        assert!(arn_pattern_matches(
            pattern,
            "arn:aws:s3:::mybucket/David/notes.txt"
        ));
        assert!(!arn_pattern_matches(
            pattern,
            "arn:aws:s3:::mybucket/Adele/notes.txt"
        ));
    }

    // reference_policies_variables.md, "Resource element": variables only in
    // the resource portion of the ARN, after the fifth colon.
    #[test]
    fn resource_patterns_substitute_only_the_resource_part() {
        let c = ctx(&[
            ("aws:username", single("bob")),
            ("aws:RequestedRegion", single("us-east-2")),
        ]);
        let s = substitute_resource(
            "arn:aws:sqs:${aws:RequestedRegion}:*:${aws:username}-queue",
            &c,
            true,
        );
        assert_eq!(
            s.text(),
            Some("arn:aws:sqs:${aws:RequestedRegion}:*:bob-queue")
        );
        assert!(!arn_pattern_matches(
            s.pattern().unwrap(),
            "arn:aws:sqs:us-east-2:111122223333:bob-queue"
        ));
        let s = substitute_resource("arn:aws:sqs:us-east-2:*:${aws:username}-queue", &c, true);
        assert!(arn_pattern_matches(
            s.pattern().unwrap(),
            "arn:aws:sqs:us-east-2:111122223333:bob-queue"
        ));
        assert_eq!(
            substitute_resource("arn:aws:s3:::b/*", &c, true),
            Substitution::Unchanged("arn:aws:s3:::b/*")
        );
        assert_eq!(
            substitute_resource("${aws:username}", &c, true).text(),
            Some("bob")
        );
        let missing = substitute_resource("arn:aws:s3:::b/${aws:userid}", &c, true);
        assert_eq!(missing.pattern(), None);
    }

    // reference_policies_variables.md, "Tags as policy variables".
    #[test]
    fn substitutes_principal_tags() {
        let c = ctx(&[("aws:PrincipalTag/department", single("hr"))]);
        let s = substitute(
            "arn:aws:s3:::bucket/${aws:PrincipalTag/department}",
            &c,
            true,
        );
        assert_eq!(s.text(), Some("arn:aws:s3:::bucket/hr"));
    }

    // reference_policies_variables.md, "Introduction" (Note): without
    // Version 2012-10-17, variables are literal strings.
    #[test]
    fn disabled_variables_are_literal_text() {
        let c = ctx(&[("aws:username", single("David"))]);
        assert_eq!(
            substitute("home/${aws:username}", &c, false),
            Substitution::Unchanged("home/${aws:username}")
        );
        assert_eq!(
            substitute("home/*", &c, true),
            Substitution::Unchanged("home/*")
        );
    }

    // reference_policies_variables.md, "Special characters": `${*}`, `${?}`
    // and `${$}` stand for the characters themselves, not wildcards.
    #[test]
    fn special_character_variables_are_literal() {
        let c = Context::default();
        let s = substitute("a${*}b${?}c${$}*", &c, true);
        assert_eq!(s.text(), Some("a*b?c$*"));
        let pattern = s.pattern().unwrap();
        assert!(pattern_match(pattern, "a*b?c$anything", false));
        assert!(!pattern_match(pattern, "aXbYc$", false));
    }

    // reference_policies_variables.md, "Specifying default values".
    #[test]
    fn default_values_apply_when_the_key_is_missing() {
        let c = Context::default();
        let s = substitute("arn:aws:s3:::/bucket/${aws:userid, 'anonymous'}", &c, true);
        assert_eq!(s.text(), Some("arn:aws:s3:::/bucket/anonymous"));
        let with_brace = substitute("${team,'a}b'}", &c, true);
        assert_eq!(with_brace.text(), Some("a}b"));
        let present = ctx(&[("aws:userid", single("AIDAEXAMPLE"))]);
        assert_eq!(
            substitute("${aws:userid, 'anonymous'}", &present, true).text(),
            Some("AIDAEXAMPLE")
        );
    }

    // reference_policies_variables.md, "Principal key values": a key that is
    // not present makes any attempt to match it fail;
    // reference_policies_single-vs-multi-valued-condition-keys.md: "You cannot
    // use a multivalued condition key as a policy variable."
    #[test]
    fn missing_and_multi_valued_keys_are_reported() {
        let c = ctx(&[(
            "aws:TagKeys",
            ContextValue::Multi(vec!["a".into(), "b".into()]),
        )]);
        let s = substitute("${aws:username}/${aws:TagKeys}", &c, true);
        assert_eq!(
            s,
            Substitution::Unresolved(vec![
                Unresolved {
                    key: "aws:username".into(),
                    multi_valued: false
                },
                Unresolved {
                    key: "aws:TagKeys".into(),
                    multi_valued: true
                },
            ])
        );
        assert_eq!(s.pattern(), None);
    }

    #[test]
    fn values_from_the_request_are_literal_and_unclosed_variables_are_text() {
        let c = ctx(&[("aws:PrincipalTag/team", single("*"))]);
        let s = substitute("team/${aws:PrincipalTag/team}", &c, true);
        assert!(!pattern_match(s.pattern().unwrap(), "team/other", false));
        assert!(pattern_match(s.pattern().unwrap(), "team/*", false));
        let unclosed = substitute("a${b*", &c, true);
        assert_eq!(unclosed.text(), Some("a${b*"));
        assert!(pattern_match(unclosed.pattern().unwrap(), "a${bcd", false));
    }
}
