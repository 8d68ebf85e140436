//! One policy value of a condition, read once for its operator family, and
//! its comparison with one request value (the positive form of the
//! operator: `StringNotLike` compares like `StringLike`; the caller negates).

use base64::Engine as _;
use ipnet::IpNet;

use crate::kinds::operator::Family;
use crate::matching::{arn_pattern_matches, pattern_match};
use crate::scenario::ContextLookup;
use crate::variables::{substitute, Substitution};

use super::date::parse_date;
use super::number::Decimal;

/// A policy value ready to compare.
#[derive(Debug, Clone)]
pub(super) enum Operand<'a> {
    Text(Substitution<'a>),
    Number(Decimal<'a>),
    Date(i64),
    Bool(bool),
    Bytes(Vec<u8>),
    Net(IpNet),
    /// The value is not of the operator's type: it matches nothing.
    /// `with_variable`: it holds `${`, which this operator does not substitute.
    Invalid {
        with_variable: bool,
    },
}

impl<'a> Operand<'a> {
    pub(super) fn read(
        family: Family,
        text: &'a str,
        ctx: &dyn ContextLookup,
        variables_enabled: bool,
    ) -> Operand<'a> {
        let read = match family {
            Family::StringExact { .. } | Family::StringLike | Family::Arn => {
                return Operand::Text(substitute(
                    text,
                    ctx,
                    variables_enabled && family.takes_variables(),
                ))
            }
            Family::Bool => {
                return match substitute(text, ctx, variables_enabled) {
                    Substitution::Unresolved(missing) => {
                        Operand::Text(Substitution::Unresolved(missing))
                    }
                    resolved => resolved.text().and_then(parse_bool).map_or(
                        Operand::Invalid {
                            with_variable: false,
                        },
                        Operand::Bool,
                    ),
                }
            }
            Family::Numeric(_) => Decimal::parse(text).map(Operand::Number),
            Family::Date(_) => parse_date(text).map(Operand::Date),
            Family::Binary => decode_base64(text).map(Operand::Bytes),
            Family::Ip => parse_net(text).map(Operand::Net),
            Family::Null => parse_bool(text).map(Operand::Bool),
        };
        read.unwrap_or(Operand::Invalid {
            with_variable: text.contains("${"),
        })
    }

    /// The text after variable substitution, when that changed it.
    pub(super) fn resolved_text(&self) -> Option<String> {
        match self {
            Operand::Text(s) => s.resolved_text(),
            _ => None,
        }
    }
}

/// Compares request value `r` with a policy operand: `Some(true)` if they
/// match, `Some(false)` if not, `None` if `r` is not of the operator's type.
pub(super) fn compare(family: Family, operand: &Operand<'_>, r: &str) -> Option<bool> {
    Some(match (family, operand) {
        (Family::StringExact { ignore_case }, Operand::Text(s)) => s.text().is_some_and(|p| {
            if ignore_case {
                eq_ignore_case(p, r)
            } else {
                p == r
            }
        }),
        (Family::StringLike, Operand::Text(s)) => {
            s.pattern().is_some_and(|p| pattern_match(p, r, false))
        }
        (Family::Arn, Operand::Text(s)) => s.pattern().is_some_and(|p| arn_pattern_matches(p, r)),
        (Family::Numeric(ord), Operand::Number(p)) => ord.holds(Decimal::parse(r)?, *p),
        (Family::Date(ord), Operand::Date(p)) => ord.holds(parse_date(r)?, *p),
        (Family::Bool, Operand::Bool(p)) => parse_bool(r)? == *p,
        (Family::Binary, Operand::Bytes(p)) => decode_base64(r)? == *p,
        (Family::Ip, Operand::Net(net)) => {
            net.contains(&r.trim().parse::<std::net::IpAddr>().ok()?)
        }
        _ => false,
    })
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
}

/// A CIDR range, or a bare address meaning `/32` (IPv4) or `/128` (IPv6)
/// (reference_policies_elements_condition_operators.md, "IP address
/// condition operators").
fn parse_net(text: &str) -> Option<IpNet> {
    let t = text.trim();
    t.parse::<IpNet>()
        .ok()
        .or_else(|| t.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    // reference_policies_elements_condition_operators.md, "IP address
    // condition operators": CIDR ranges, IPv6 with `::`, and a bare address
    // taken as /32.
    #[test]
    fn ip_ranges_and_bare_addresses() {
        let net = |s| Operand::Net(parse_net(s).unwrap());
        assert_eq!(
            compare(Family::Ip, &net("203.0.113.0/24"), "203.0.113.77"),
            Some(true)
        );
        assert_eq!(
            compare(Family::Ip, &net("203.0.113.0/24"), "203.0.114.1"),
            Some(false)
        );
        assert_eq!(
            compare(
                Family::Ip,
                &net("2001:DB8:1234:5678::/64"),
                "2001:db8:1234:5678::9"
            ),
            Some(true)
        );
        assert_eq!(
            compare(Family::Ip, &net("2001:DB8:1234:5678::/64"), "203.0.113.1"),
            Some(false)
        );
        assert_eq!(
            compare(Family::Ip, &net("10.1.2.3"), "10.1.2.3"),
            Some(true)
        );
        assert_eq!(
            compare(Family::Ip, &net("10.1.2.3"), "10.1.2.4"),
            Some(false)
        );
        assert_eq!(compare(Family::Ip, &net("10.0.0.0/8"), "not-an-ip"), None);
        assert!(parse_net("10.0.0.0/33").is_none());
    }

    // reference_policies_elements_condition_operators.md, "Binary condition
    // operators": compared byte for byte against the base64 policy value.
    #[test]
    fn binary_values_compare_decoded_bytes() {
        let p = Operand::Bytes(decode_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA==").unwrap());
        assert_eq!(p_bytes(&p), b"BinaryValueInBase64");
        assert_eq!(
            compare(Family::Binary, &p, "QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
            Some(true)
        );
        assert_eq!(compare(Family::Binary, &p, "QmluYXJ5"), Some(false));
        assert_eq!(compare(Family::Binary, &p, "not base64!"), None);
    }

    fn p_bytes<'a>(op: &'a Operand<'_>) -> &'a [u8] {
        match op {
            Operand::Bytes(b) => b,
            _ => &[],
        }
    }
}
