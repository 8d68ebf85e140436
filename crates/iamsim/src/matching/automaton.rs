//! The matcher for the inputs that defeat the greedy one (a long literal
//! run after a star that almost matches everywhere, `*aaa...ab` against
//! `aaa...a`): the pattern as an automaton whose states are pattern
//! positions, all of them followed at once as a bit set. Each value
//! character costs a few operations per 64 pattern tokens, so the work is
//! the value's length times the pattern's over 64, whatever the input.

use std::collections::HashMap;

use super::Token;

/// A character as compared: itself, or its lowercase form (up to three
/// characters) when case is ignored.
type Key = [char; 3];

fn key(c: char, ignore_case: bool) -> Key {
    let mut k = ['\0'; 3];
    if ignore_case {
        for (slot, lower) in k.iter_mut().zip(c.to_lowercase()) {
            *slot = lower;
        }
    } else {
        k[0] = c;
    }
    k
}

/// A set of pattern positions `0..=len` (`len`: the whole pattern matched),
/// 64 to a word.
type Bits = Vec<u64>;

fn bits(positions: usize) -> Bits {
    vec![0; positions / 64 + 1]
}

fn set(bits: &mut Bits, i: usize) {
    if let Some(word) = bits.get_mut(i / 64) {
        *word |= 1 << (i % 64);
    }
}

/// Whether `value` matches `tokens` (the same answer as the greedy matcher).
pub(super) fn matches(
    tokens: &[Token],
    value: impl Iterator<Item = char>,
    ignore_case: bool,
) -> bool {
    // Consecutive stars are one star: then a star's ε-move reaches a
    // position that is not a star, and one step closes every set.
    let mut pattern: Vec<Token> = Vec::with_capacity(tokens.len());
    for &t in tokens {
        if !(t == Token::AnyRun && pattern.last() == Some(&Token::AnyRun)) {
            pattern.push(t);
        }
    }
    let len = pattern.len();
    let (mut stars, mut any) = (bits(len), bits(len));
    // Per character, the positions it advances from: its own literals and every `?`.
    let mut advance: HashMap<Key, Bits> = HashMap::new();
    for (i, t) in pattern.iter().enumerate() {
        match t {
            Token::AnyRun => set(&mut stars, i),
            Token::AnyOne => set(&mut any, i),
            Token::Char(c) => set(
                advance
                    .entry(key(*c, ignore_case))
                    .or_insert_with(|| bits(len)),
                i,
            ),
        }
    }
    for mask in advance.values_mut() {
        for (m, a) in mask.iter_mut().zip(&any) {
            *m |= a;
        }
    }
    let mut state = bits(len);
    set(&mut state, 0);
    // A star's position also stands for the position after it (it may match nothing).
    let mut carry = 0;
    for (w, s) in state.iter_mut().zip(&stars) {
        let after_star = *w & s;
        *w |= after_star << 1 | carry;
        carry = after_star >> 63;
    }
    let mut next = bits(len);
    for c in value {
        let mask = advance.get(&key(c, ignore_case)).unwrap_or(&any);
        // One pass per character, two carries across words: a star takes the
        // character and stays, a literal or `?` advances, then the closure.
        let (mut advanced, mut closed, mut alive) = (0, 0, 0);
        for (((n, &w), &s), &m) in next.iter_mut().zip(&state).zip(&stars).zip(mask) {
            let moved = w & m;
            let mut x = (w & s) | moved << 1 | advanced;
            advanced = moved >> 63;
            let after_star = x & s;
            x |= after_star << 1 | closed;
            closed = after_star >> 63;
            *n = x;
            alive |= x;
        }
        if alive == 0 {
            return false;
        }
        std::mem::swap(&mut state, &mut next);
    }
    state
        .get(len / 64)
        .is_some_and(|w| w >> (len % 64) & 1 == 1)
}
