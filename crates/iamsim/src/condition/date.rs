//! Dates for the `Date*` operators: "one of the W3C implementations of the
//! ISO 8601 date formats or in epoch (UNIX) time"
//! (reference_policies_elements_condition_operators.md, "Date condition
//! operators"). The W3C profile is six fixed forms, `YYYY` through
//! `YYYY-MM-DDThh:mm:ss.sTZD`; a time without a zone is read as UTC.
//! Parsed by hand: a date crate would bring calendars and formats the
//! evaluator does not need into the wasm build, for about sixty lines.

/// Milliseconds since the Unix epoch, or `None` if `text` is not a date.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() != 4 {
        // Epoch seconds. (A four-digit number is the W3C year form.)
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let mut cur = Cursor { rest: text };
    let year = cur.digits(4)?;
    let (mut month, mut day, mut full_date) = (1, 1, false);
    if cur.eat('-') {
        month = cur.digits(2)?;
        if cur.eat('-') {
            day = cur.digits(2)?;
            full_date = true;
        }
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut millis_of_day = 0;
    let mut offset_minutes = 0;
    // A time of day only follows a complete date.
    if full_date && (cur.eat('T') || cur.eat('t')) {
        let hour = cur.digits(2)?;
        if !cur.eat(':') {
            return None;
        }
        let minute = cur.digits(2)?;
        let (mut second, mut millis) = (0, 0);
        if cur.eat(':') {
            second = cur.digits(2)?;
            if cur.eat('.') {
                millis = cur.fraction_millis()?;
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        millis_of_day = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
        offset_minutes = cur.zone()?;
    }
    if !cur.rest.is_empty() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400_000 + millis_of_day - offset_minutes * 60_000)
}

struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let head = self.rest.get(..n)?;
        if !head.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.rest = self.rest.get(n..)?;
        head.parse().ok()
    }

    /// One or more digits of a decimal fraction of a second, as milliseconds.
    fn fraction_millis(&mut self) -> Option<i64> {
        let len = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        let digits = self.rest.get(..len)?;
        self.rest = self.rest.get(len..)?;
        let padded: String = digits.chars().chain("00".chars()).take(3).collect();
        padded.parse().ok()
    }

    /// `Z`, `+hh:mm` or `-hh:mm` (minutes east of UTC); nothing means UTC.
    fn zone(&mut self) -> Option<i64> {
        if self.rest.is_empty() || self.eat('Z') || self.eat('z') {
            return Some(0);
        }
        let sign = if self.eat('+') {
            1
        } else if self.eat('-') {
            -1
        } else {
            return None;
        };
        let hours = self.digits(2)?;
        self.eat(':');
        let minutes = self.digits(2)?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(sign * (hours * 60 + minutes))
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    // reference_policies_elements_condition_operators.md, "Date condition
    // operators": W3C ISO 8601 forms (w3.org/TR/NOTE-datetime) or epoch time.
    #[test]
    fn reads_every_w3c_form_and_epoch_seconds() {
        let noon = 1_577_880_000_000; // 2020-01-01T12:00:00Z
        assert_eq!(parse_date("2020-01-01T12:00:00Z"), Some(noon));
        assert_eq!(parse_date("2020-01-01T12:00Z"), Some(noon));
        assert_eq!(parse_date("2020-01-01T12:00:00.250Z"), Some(noon + 250));
        assert_eq!(parse_date("2020-01-01T12:00:00.5Z"), Some(noon + 500));
        assert_eq!(parse_date("2020-01-01T13:30:00+01:30"), Some(noon));
        assert_eq!(parse_date("2020-01-01T07:00:00-05:00"), Some(noon));
        assert_eq!(parse_date("2020-01-01T12:00:00"), Some(noon));
        assert_eq!(parse_date("2020-01-01"), Some(noon - 12 * 3_600_000));
        assert_eq!(parse_date("2020-01"), parse_date("2020-01-01"));
        assert_eq!(parse_date("2020"), parse_date("2020-01-01"));
        assert_eq!(parse_date("1577880000"), Some(noon));
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800_000));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "yesterday",
            "2020-13-01",
            "2023-02-29",
            "2020-01-01T25:00:00Z",
            "2020-01-01T12",
            "2020-1-1",
            "2020-01-01T12:00:00+5",
            "2020-01-01 12:00:00",
            "2020T12:00Z",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
