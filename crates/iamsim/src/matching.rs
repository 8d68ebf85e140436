//! Matching of actions, resources and ARNs against policy patterns with the
//! wildcards `*` (any run of characters, `/` and `:` included) and `?` (one
//! character).
//!
//! A pattern is either policy text as written ([`Pattern::Text`], where every
//! `*` and `?` is a wildcard) or the result of substituting policy variables
//! ([`Pattern::Tokens`], where characters that came from a variable, `${*}`
//! included, are literal). Both go through one matcher, which is linear in
//! practice and never backtracks more than one star: no regex, no allocation.

mod automaton;

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A character that must be present (case rules aside).
    Char(char),
    /// `*`: any run of characters, possibly empty.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

impl Token {
    /// A character of policy text as written: `*` and `?` are wildcards.
    pub fn of_pattern_char(c: char) -> Token {
        match c {
            '*' => Token::AnyRun,
            '?' => Token::AnyOne,
            c => Token::Char(c),
        }
    }
}

/// A pattern to match: policy text as written, or substituted tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern<'a> {
    Text(&'a str),
    Tokens(&'a [Token]),
}

impl<'a> Pattern<'a> {
    /// The token at position `pos` (a byte offset for text, an index for
    /// tokens) and the position after it.
    fn token(&self, pos: usize) -> Option<(Token, usize)> {
        match self {
            Pattern::Text(text) => {
                let c = char_at(text, pos)?;
                Some((Token::of_pattern_char(c), pos + c.len_utf8()))
            }
            Pattern::Tokens(tokens) => tokens.get(pos).map(|&t| (t, pos + 1)),
        }
    }

    /// Its length: bytes of text, or tokens.
    fn len(&self) -> usize {
        match self {
            Pattern::Text(text) => text.len(),
            Pattern::Tokens(tokens) => tokens.len(),
        }
    }

    /// True for the pattern that is a single `*`.
    fn is_lone_star(&self) -> bool {
        match self {
            Pattern::Text(text) => *text == "*",
            Pattern::Tokens(tokens) => *tokens == [Token::AnyRun],
        }
    }

    /// Splits at the first `n` literal `:` characters: `n + 1` parts, or
    /// `None` when the pattern has fewer colons.
    fn split_colons<const N: usize>(&self) -> Option<[Pattern<'a>; N]> {
        let mut parts = [Pattern::Text(""); N];
        let mut rest = *self;
        for part in parts.iter_mut().take(N - 1) {
            let (head, tail) = rest.split_once_colon()?;
            *part = head;
            rest = tail;
        }
        *parts.last_mut()? = rest;
        Some(parts)
    }

    fn split_once_colon(&self) -> Option<(Pattern<'a>, Pattern<'a>)> {
        match self {
            Pattern::Text(text) => {
                let (head, tail) = split_once_byte(text, b':')?;
                Some((Pattern::Text(head), Pattern::Text(tail)))
            }
            Pattern::Tokens(tokens) => {
                let at = tokens.iter().position(|t| *t == Token::Char(':'))?;
                let head = tokens.get(..at)?;
                let tail = tokens.get(at + 1..)?;
                Some((Pattern::Tokens(head), Pattern::Tokens(tail)))
            }
        }
    }
}

/// Matches `value` against `pattern`, whose `*` and `?` are wildcards.
pub fn wildcard_match(pattern: &str, value: &str, ignore_case: bool) -> bool {
    pattern_match(Pattern::Text(pattern), value, ignore_case)
}

/// Matches `value` against a pattern: greedy, remembering only the last `*`
/// seen. On a mismatch the last star takes one more character and matching
/// resumes after it: linear on nearly every input, `*a*a*a...` included,
/// never exponential. Its worst case is a long literal run after a star that
/// almost matches everywhere (`*aaa...ab` against `aaa...a`), where the work
/// grows as the run's length times the value's; once the greedy matcher has
/// done a few times the work of reading both, the bit-parallel [`automaton`]
/// answers instead, in at most the value's length times the pattern's over 64.
pub fn pattern_match(pattern: Pattern<'_>, value: &str, ignore_case: bool) -> bool {
    let budget = 4 * (pattern.len() + value.len()) + 64;
    let greedy = match pattern {
        // Nearly every action and ARN is ASCII on both sides: read bytes,
        // with no character decoding.
        Pattern::Text(text) if text.is_ascii() && value.is_ascii() => {
            let (text, value) = (text.as_bytes(), value.as_bytes());
            match_with(
                |p| {
                    text.get(p)
                        .map(|&b| (Token::of_pattern_char(char::from(b)), p + 1))
                },
                |v| value.get(v).map(|&b| (char::from(b), v + 1)),
                ignore_case,
                budget,
            )
        }
        _ => match_with(
            |p| pattern.token(p),
            |v| char_at(value, v).map(|c| (c, v + c.len_utf8())),
            ignore_case,
            budget,
        ),
    };
    greedy.unwrap_or_else(|| {
        let tokens: Vec<Token> = match pattern {
            Pattern::Text(text) => text.chars().map(Token::of_pattern_char).collect(),
            Pattern::Tokens(tokens) => tokens.to_vec(),
        };
        automaton::matches(&tokens, value.chars(), ignore_case)
    })
}

/// The greedy matcher of [`pattern_match`], over the pattern's tokens and
/// the value's characters, each given with the position after it; `None`
/// when it took more than `budget` steps.
fn match_with(
    token: impl Fn(usize) -> Option<(Token, usize)>,
    value_char: impl Fn(usize) -> Option<(char, usize)>,
    ignore_case: bool,
    mut budget: usize,
) -> Option<bool> {
    let (mut p, mut v) = (0usize, 0usize);
    // (pattern position after the last star, value position it resumes from)
    let mut star: Option<(usize, usize)> = None;
    while let Some((vc, v_next)) = value_char(v) {
        budget = budget.checked_sub(1)?;
        match token(p) {
            Some((Token::AnyRun, p_next)) => {
                // A trailing star takes the rest of the value, whatever it is.
                if token(p_next).is_none() {
                    return Some(true);
                }
                star = Some((p_next, v));
                p = p_next;
                continue;
            }
            Some((Token::AnyOne, p_next)) => {
                (p, v) = (p_next, v_next);
                continue;
            }
            Some((Token::Char(pc), p_next)) if chars_equal(pc, vc, ignore_case) => {
                (p, v) = (p_next, v_next);
                continue;
            }
            _ => {}
        }
        // Mismatch: let the last star swallow one more value character.
        let Some((star_p, star_v)) = star else {
            return Some(false);
        };
        let Some((_, resume)) = value_char(star_v) else {
            return Some(false);
        };
        star = Some((star_p, resume));
        (p, v) = (star_p, resume);
    }
    // The value is used up: what is left of the pattern must be stars only.
    while let Some((rest, p_next)) = token(p) {
        if rest != Token::AnyRun {
            return Some(false);
        }
        p = p_next;
    }
    Some(true)
}

/// The character starting at byte `pos`; ASCII without UTF-8 decoding.
fn char_at(s: &str, pos: usize) -> Option<char> {
    let b = *s.as_bytes().get(pos)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        s.get(pos..)?.chars().next()
    }
}

fn chars_equal(a: char, b: char, ignore_case: bool) -> bool {
    if a == b {
        return true;
    }
    if !ignore_case {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(&b);
    }
    a.to_lowercase().eq(b.to_lowercase())
}

/// Does the `Action` pattern match the request's action? Action names are
/// case-insensitive (reference_policies_elements_action.md).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(pattern, action, true)
}

/// Does the `Resource` pattern match the request's resource ARN?
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    arn_pattern_matches(Pattern::Text(pattern), resource)
}

/// ARN-aware matching, for `Resource` and the `Arn*` condition operators:
/// a lone `*` matches anything; when both sides are ARNs (at least five
/// colons), the partition, service, region and account are compared one by
/// one, so a wildcard cannot reach across a colon there, and the resource
/// part (which may hold colons itself) is compared as a whole. Anything that
/// is not ARN-shaped is compared as one string. Case-sensitive.
pub fn arn_pattern_matches(pattern: Pattern<'_>, value: &str) -> bool {
    if pattern.is_lone_star() {
        return true;
    }
    let value_parts = split_arn(value);
    match (pattern.split_colons::<6>(), value_parts) {
        (Some(pattern_parts), Some(value_parts)) => pattern_parts
            .iter()
            .zip(value_parts.iter())
            .all(|(p, v)| pattern_match(*p, v, false)),
        _ => pattern_match(pattern, value, false),
    }
}

/// `arn:partition:service:region:account:resource`, the last part whole.
fn split_arn(value: &str) -> Option<[&str; 6]> {
    colon_fields::<6>(value)
}

/// `text` split at its first `byte`, an ASCII separator such as `:` or `/`
/// (`str::split_once`), by a plain scan: ARN fields are short, and the
/// general searcher costs more to set up than the search itself.
pub(crate) fn split_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// Where an ARN's resource part begins: just after its fifth `:`.
pub(crate) fn arn_resource_start(text: &str) -> Option<usize> {
    let [.., resource] = colon_fields::<6>(text)?;
    Some(text.len() - resource.len())
}

/// The `N` fields of `text` split at its first `N - 1` colons, the last one
/// holding the rest (`str::splitn`); `None` when it has fewer colons.
pub(crate) fn colon_fields<const N: usize>(text: &str) -> Option<[&str; N]> {
    let mut fields = [""; N];
    let mut rest = text;
    for field in fields.iter_mut().take(N.saturating_sub(1)) {
        (*field, rest) = split_once_byte(rest, b':')?;
    }
    *fields.last_mut()? = rest;
    Some(fields)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    // reference_policies_elements_action.md, "IAM JSON policy elements: Action":
    // wildcards match any part of an action name, and names are case-insensitive.
    #[test]
    fn actions_match_case_insensitively_with_wildcards() {
        assert!(action_matches("s3:GetObject", "s3:getobject"));
        assert!(action_matches("S3:*", "s3:PutObject"));
        assert!(action_matches("iam:*AccessKey*", "iam:CreateAccessKey"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(action_matches("ec2:Describe?pcs", "ec2:DescribeVpcs"));
        assert!(!action_matches("s3:Get*", "s3:PutObject"));
        assert!(!action_matches("s3:GetObject", "s3:GetObjectAcl"));
    }

    #[test]
    fn wildcards_cover_runs_single_characters_and_empty_strings() {
        assert!(wildcard_match("", "", false));
        assert!(!wildcard_match("", "a", false));
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("a*b*c", "aXXbYYc", false));
        assert!(wildcard_match("a*b", "ab", false));
        assert!(!wildcard_match("a*b", "abc", false));
        assert!(wildcard_match("*ab", "aaab", false));
        assert!(wildcard_match("?é?", "aéb", false));
        assert!(!wildcard_match("??", "a", false));
        assert!(wildcard_match("ÉTÉ", "été", true));
        assert!(!wildcard_match("ABC", "abc", false));
    }

    /// The definition of `*` and `?`, by recursion: exponential, for tests.
    fn reference_match(p: &[char], v: &[char]) -> bool {
        match p.split_first() {
            None => v.is_empty(),
            Some(('*', rest)) => (0..=v.len()).any(|i| reference_match(rest, &v[i..])),
            Some(('?', rest)) => !v.is_empty() && reference_match(rest, &v[1..]),
            Some((c, rest)) => v.first() == Some(c) && reference_match(rest, &v[1..]),
        }
    }

    fn all_strings(alphabet: &[char], max_len: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max_len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            out.extend(last.iter().cloned());
        }
        out
    }

    #[test]
    fn agrees_with_the_recursive_definition_on_every_small_case() {
        let values = all_strings(&['a', 'b'], 5);
        for pattern in all_strings(&['a', 'b', '*', '?'], 4) {
            let p: Vec<char> = pattern.chars().collect();
            for value in &values {
                let v: Vec<char> = value.chars().collect();
                assert_eq!(
                    wildcard_match(&pattern, value, false),
                    reference_match(&p, &v),
                    "{pattern} {value}"
                );
            }
        }
    }

    #[test]
    fn pathological_patterns_finish_quickly() {
        let value = "a".repeat(10_000);
        let pattern = format!("{}b", "*a".repeat(50));
        assert!(!wildcard_match(&pattern, &value, false));
        assert!(wildcard_match(&"*a".repeat(50), &value, false));
    }

    /// The matcher's work on `pattern` and `value`: how many times it read a
    /// token or a character, and its answer.
    fn steps(pattern: &str, value: &str) -> (usize, bool) {
        let reads = std::cell::Cell::new(0);
        let (p, v): (Vec<char>, Vec<char>) = (pattern.chars().collect(), value.chars().collect());
        let matched = match_with(
            |i| {
                reads.set(reads.get() + 1);
                p.get(i).map(|&c| (Token::of_pattern_char(c), i + 1))
            },
            |i| {
                reads.set(reads.get() + 1);
                v.get(i).map(|&c| (c, i + 1))
            },
            false,
            usize::MAX,
        );
        (reads.get(), matched.unwrap())
    }

    /// Patterns of the form `*a*a*a...` (10,000 characters and more) against
    /// long ARNs, matching and not: the work grows linearly with the input,
    /// not exponentially as naive backtracking would (and not even
    /// quadratically): a few reads per character of pattern and value.
    #[test]
    fn star_heavy_patterns_take_linear_work() {
        for n in [5_000, 10_000, 20_000] {
            let pattern = "*a".repeat(n);
            let arn = |a_count: usize, tail: &str| {
                format!("arn:aws:s3:::bucket/{}{tail}", "xa".repeat(a_count))
            };
            // `arn:aws:` holds two `a`s of its own.
            for (value, expected) in [
                (arn(n, ""), true),
                (arn(n, "b"), false),
                (arn(n - 3, ""), false),
                (arn(n - 2, ""), true),
                (arn(2 * n, ""), true),
                (format!("arn:aws:s3:::{}", "b".repeat(4 * n)), false),
            ] {
                let (reads, matched) = steps(&pattern, &value);
                assert_eq!(matched, expected, "{n} stars, {} characters", value.len());
                let size = pattern.len() + value.len();
                assert!(
                    reads <= 4 * size,
                    "{reads} reads for {size} characters of input"
                );
            }
            // The same with a literal tail that fails only at the very end.
            let (reads, matched) = steps(&format!("{pattern}c"), &arn(n, "b"));
            assert!(!matched);
            assert!(reads <= 4 * (pattern.len() + 2 * n + 40), "{reads} reads");
        }
    }

    /// The greedy matcher's worst case is a long literal run after a star
    /// that almost matches everywhere (`*aaa...ab` on `aaa...a`): its work
    /// grows as the run's length times the value's. It gives up within its
    /// budget there, and the automaton answers.
    #[test]
    fn the_greedy_worst_case_goes_to_the_automaton() {
        for run in [64, 1_024, 2_046] {
            let pattern = format!("*{}b", "a".repeat(run));
            let value = "a".repeat(4_096);
            let budget = 4 * (pattern.len() + value.len()) + 64;
            let greedy = match_with(
                |p| {
                    pattern
                        .as_bytes()
                        .get(p)
                        .map(|&b| (Token::of_pattern_char(char::from(b)), p + 1))
                },
                |v| value.as_bytes().get(v).map(|&b| (char::from(b), v + 1)),
                false,
                budget,
            );
            assert_eq!(greedy, None, "a run of {run}: the greedy matcher gives up");
            assert!(!wildcard_match(&pattern, &value, false));
            assert!(wildcard_match(&pattern, &format!("{value}b"), false));
            assert!(wildcard_match(
                &pattern.to_uppercase(),
                &format!("{value}b"),
                true
            ));
        }
    }

    #[test]
    fn the_automaton_agrees_with_the_recursive_definition_on_every_small_case() {
        let values = all_strings(&['a', 'b'], 5);
        for pattern in all_strings(&['a', 'b', '*', '?'], 4) {
            let p: Vec<char> = pattern.chars().collect();
            let tokens: Vec<Token> = pattern.chars().map(Token::of_pattern_char).collect();
            for value in &values {
                let v: Vec<char> = value.chars().collect();
                let expected = reference_match(&p, &v);
                assert_eq!(
                    automaton::matches(&tokens, value.chars(), false),
                    expected,
                    "{pattern} {value}"
                );
                let upper = value.to_uppercase();
                assert_eq!(
                    automaton::matches(&tokens, upper.chars(), true),
                    expected,
                    "{pattern} {upper}, ignoring case"
                );
            }
        }
        let literal_star = [Token::Char('a'), Token::Char('*')];
        assert!(automaton::matches(&literal_star, "a*".chars(), false));
        assert!(!automaton::matches(&literal_star, "ab".chars(), false));
        assert!(automaton::matches(&[Token::Char('é')], "É".chars(), true));
    }

    /// Patterns of 60 to 260 tokens, whose states span several words of the
    /// automaton's bit sets (the carries between words): it agrees with the
    /// greedy matcher, itself held to the recursive definition above, on
    /// values built to match and on the same with one character changed.
    #[test]
    fn the_automaton_agrees_with_the_greedy_matcher_across_words() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut below = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        let (mut matched, mut checked) = (0, 0);
        for _ in 0..300 {
            let pattern: String = (0..60 + below(200))
                .map(|_| ['a', 'a', 'a', 'b', '*', '?'][below(6)])
                .collect();
            let mut value: Vec<char> = Vec::new();
            for c in pattern.chars() {
                match c {
                    '*' => value.extend((0..below(4)).map(|_| ['a', 'b'][below(2)])),
                    '?' => value.push('b'),
                    c => value.push(c),
                }
            }
            let mut changed = value.clone();
            if let Some(slot) = changed.get_mut(below(value.len().max(1))) {
                *slot = if *slot == 'a' { 'b' } else { 'a' };
            }
            let tokens: Vec<Token> = pattern.chars().map(Token::of_pattern_char).collect();
            for v in [value, changed] {
                let text: String = v.iter().collect();
                let expected = steps(&pattern, &text).1;
                assert_eq!(
                    automaton::matches(&tokens, v.iter().copied(), false),
                    expected,
                    "{pattern} {text}"
                );
                matched += usize::from(expected);
                checked += 1;
            }
        }
        assert!(
            matched > checked / 3 && matched < checked,
            "{matched} of {checked}"
        );
    }

    // reference_policies_elements_resource.md, "IAM JSON policy elements:
    // Resource": `user/accounting/*` and `my_corporate_bucket/*` cover every
    // path below them, so `*` in the resource part matches across `/`.
    #[test]
    fn resource_wildcards_cross_slashes_in_the_resource_part() {
        let object = "arn:aws:s3:::my-app-uploads/user-avatars/alice.png";
        assert!(resource_matches("arn:aws:s3:::my-app-uploads/*", object));
        assert!(resource_matches("*", object));
        assert!(resource_matches("arn:aws:s3:::*", object));
        assert!(!resource_matches("arn:aws:s3:::my-app-uploads", object));
        assert!(!resource_matches("arn:aws:s3:::MY-APP-UPLOADS/*", object));
        assert!(resource_matches(
            "arn:aws:iam::123456789012:user/*",
            "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob"
        ));
    }

    // reference_policies_elements_resource.md, "IAM JSON policy elements:
    // Resource": wildcards work "within any ARN segment (the parts separated
    // by colons)"; the resource part may itself contain colons.
    #[test]
    fn resource_fields_before_the_resource_part_are_compared_one_by_one() {
        let func = "arn:aws:lambda:us-east-1:123456789012:function:my-func:prod";
        assert!(resource_matches(
            "arn:aws:lambda:*:123456789012:function:*",
            func
        ));
        assert!(resource_matches(
            "arn:aws:lambda:us-east-?:*:function:my-func:*",
            func
        ));
        assert!(!resource_matches("arn:aws:lambda:*:function:*", func));
        assert!(!resource_matches(
            "arn:aws:lambda:us-east-1:111122223333:*",
            func
        ));
    }

    // reference_policies_elements_condition_operators.md, "Amazon Resource Name
    // (ARN) condition operators": ArnLike fails where StringLike succeeds.
    #[test]
    fn arn_like_keeps_wildcards_within_a_component() {
        let pattern = "arn:aws:someservice:*:111122223333:finance/*";
        let value =
            "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(wildcard_match(pattern, value, false));
        assert!(!arn_pattern_matches(Pattern::Text(pattern), value));
    }

    #[test]
    fn tokens_from_variables_are_literal() {
        let tokens: Vec<Token> = "arn:aws:s3:::b/"
            .chars()
            .map(Token::Char)
            .chain([Token::Char('*')])
            .collect();
        assert!(arn_pattern_matches(
            Pattern::Tokens(&tokens),
            "arn:aws:s3:::b/*"
        ));
        assert!(!arn_pattern_matches(
            Pattern::Tokens(&tokens),
            "arn:aws:s3:::b/x"
        ));
        assert!(pattern_match(
            Pattern::Tokens(&[Token::AnyRun]),
            "anything",
            false
        ));
    }
}
