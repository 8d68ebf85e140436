//! Numbers for the `Numeric*` operators: "an integer or decimal value"
//! (reference_policies_elements_condition_operators.md, "Numeric condition
//! operators"). Compared exactly, digit by digit, so that large integers
//! such as byte counts do not collapse into the same float.

use std::cmp::Ordering;

/// A decimal number borrowed from its text: sign, integer digits without
/// leading zeros, fraction digits without trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
}

impl<'a> Decimal<'a> {
    /// An optional sign, digits, an optional `.` and digits (at least one
    /// digit in all). No exponents, `NaN` or `inf`.
    pub fn parse(text: &'a str) -> Option<Decimal<'a>> {
        let t = text.trim();
        let (negative, unsigned) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
            return None;
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        // `-0` is zero.
        let negative = negative && !(int.is_empty() && frac.is_empty());
        Some(Decimal {
            negative,
            int,
            frac,
        })
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        // With no leading zeros, a longer integer part is a larger number;
        // with no trailing zeros, fractions compare digit by digit.
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(other.int))
            .then_with(|| self.frac.cmp(other.frac))
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal<'_> {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn integers_and_decimals_compare_exactly() {
        assert_eq!(d("10"), d("10.0"));
        assert_eq!(d("007"), d("7"));
        assert_eq!(d("-0"), d("0.000"));
        assert_eq!(d("+3"), d("3"));
        assert!(d("9.5") < d("10"));
        assert!(d("0.45") > d("0.4"));
        assert!(d("-2.5") < d("-2"));
        assert!(d("-1") < d("0"));
        assert!(d(".5") < d("1."));
        assert!(d("9007199254740993") > d("9007199254740992"));
    }

    #[test]
    fn rejects_what_is_not_a_decimal() {
        for bad in [
            "", "-", ".", "1e3", "NaN", "inf", "0x10", "1,5", "1.2.3", "--1",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
    }
}
