//! Limits on what the evaluator reads, each far above what AWS itself
//! accepts and low enough that hostile input (a pasted file, a stranger's
//! share link) fails at once with a clear error instead of stalling the
//! page. The limits on text size and nesting are the JSON reader's
//! ([`crate::json::POLICY_LIMITS`]: 1 MiB and 64 levels per policy;
//! [`crate::json::SCENARIO_FILE_LIMITS`]: 256 MiB per scenario file), a
//! share link's is [`crate::share::MAX_INFLATED_BYTES`] (1 MiB); the ones
//! on what a policy or a request holds are here.
//!
//! Every check is in the parser or the scenario loader, before evaluation:
//! the matcher's work for one pattern is at most its length times the
//! value's ([`crate::matching::pattern_match`]), so bounding both bounds it.

/// Statements in one policy. AWS's largest policies (10,240 characters for a
/// role's inline policies, 6,144 for a managed one) hold a few hundred at most.
pub const MAX_STATEMENTS: usize = 1_000;

/// Values of one condition key, in a policy or in the request's context.
/// AWS documents no number; a policy at AWS's size limit holds a few thousand
/// one-character values at most, and no real condition holds more than a
/// few hundred.
pub const MAX_CONDITION_VALUES: usize = 1_000;

/// Characters of one wildcard pattern: an `Action`, `NotAction`, `Resource`
/// or `NotResource` value, or a value of `StringLike`, `StringNotLike` or an
/// `Arn` operator. An ARN is at most 2,048 characters in AWS's APIs, so a
/// longer pattern cannot mean anything a shorter one does not.
pub const MAX_PATTERN_CHARS: usize = 2_048;

/// Characters of one request value: the principal, action, resource and
/// each context value (AWS's APIs take ARNs of up to 2,048 characters and
/// action names of up to 128).
pub const MAX_REQUEST_VALUE_CHARS: usize = 4_096;

/// Whether `text` is longer than `max` characters, counted without decoding
/// more than needed.
pub(crate) fn longer_than(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().nth(max).is_some()
}
