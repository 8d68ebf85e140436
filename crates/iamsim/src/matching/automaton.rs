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

/// A set of pattern positions `0..=len` (`len`: the whole pattern matched).
#[derive(Clone, PartialEq)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(positions: usize) -> Bits {
        Bits(vec![0; positions / 64 + 1])
    }

    fn set(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    /// `(self & mask) << 1`, ORed into `out`.
    fn and_shift_into(&self, mask: &Bits, out: &mut Bits) {
        let mut carry = 0;
        for ((w, m), o) in self.0.iter().zip(&mask.0).zip(out.0.iter_mut()) {
            let x = w & m;
            *o |= x << 1 | carry;
            carry = x >> 63;
        }
    }

    /// `self & mask`, ORed into `out`.
    fn and_into(&self, mask: &Bits, out: &mut Bits) {
        for ((w, m), o) in self.0.iter().zip(&mask.0).zip(out.0.iter_mut()) {
            *o |= w & m;
        }
    }

    fn or(&mut self, other: &Bits) {
        for (w, o) in self.0.iter_mut().zip(&other.0) {
            *w |= o;
        }
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
    let (mut stars, mut any) = (Bits::new(len), Bits::new(len));
    let mut literal: HashMap<Key, Bits> = HashMap::new();
    for (i, t) in pattern.iter().enumerate() {
        match t {
            Token::AnyRun => stars.set(i),
            Token::AnyOne => any.set(i),
            Token::Char(c) => literal
                .entry(key(*c, ignore_case))
                .or_insert_with(|| Bits::new(len))
                .set(i),
        }
    }
    // A star's position also stands for the position after it (it may match nothing).
    let close = |set: &mut Bits| {
        let mut after_star = Bits::new(len);
        set.and_shift_into(&stars, &mut after_star);
        set.or(&after_star);
    };
    let mut state = Bits::new(len);
    state.set(0);
    close(&mut state);
    for c in value {
        let mut next = Bits::new(len);
        // A star takes the character and stays; `?` and an equal literal advance.
        state.and_into(&stars, &mut next);
        state.and_shift_into(&any, &mut next);
        if let Some(mask) = literal.get(&key(c, ignore_case)) {
            state.and_shift_into(mask, &mut next);
        }
        close(&mut next);
        if next.is_empty() {
            return false;
        }
        state = next;
    }
    state.has(len)
}
