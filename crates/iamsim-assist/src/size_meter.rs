//! The editor's size meter: the policy's size as AWS counts it (white
//! space outside strings left out) against AWS's quota for its kind, so
//! that a policy nearing its quota shows before the `size-limit` finding.

use std::fmt::Write;

use iamsim_check::size::{counted_size, quota, thousands, Quota};
use iamsim_check::Kind;

/// A `<meter>` and its figures; empty for kinds without one quota
/// (resource policies: each service has its own).
pub fn html(text: &str, kind: Kind) -> String {
    let Some(Quota { limit, what }) = quota(kind) else {
        return String::new();
    };
    let size = counted_size(text);
    let mut out = String::new();
    // Yellow from three quarters of the quota, red from nine tenths.
    let _ = write!(
        out,
        "<meter min=\"0\" max=\"{limit}\" low=\"{}\" high=\"{}\" optimum=\"0\" value=\"{size}\" \
         aria-label=\"Policy size against AWS's quota\"></meter> \
         <span title=\"AWS does not count white space outside strings\">{} of {} characters</span> for {what}",
        limit * 3 / 4,
        limit * 9 / 10,
        thousands(size),
        thousands(limit),
    );
    if size > limit {
        let _ = write!(out, ": {} over", thousands(size - limit));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meter_counts_as_aws_does_against_the_kinds_quota() {
        let text = "{ \"Version\": \"2012-10-17\" }";
        let html = html(text, Kind::Trust);
        assert!(html.contains("max=\"2048\""), "{html}");
        assert!(
            html.contains("value=\"24\""),
            "spaces outside strings left out: {html}"
        );
        assert!(
            html.contains("24 of 2,048 characters</span> for a role trust policy"),
            "{html}"
        );
        assert!(!html.contains("over"), "{html}");
    }

    #[test]
    fn over_the_quota_says_by_how_much() {
        let text = format!("\"{}\"", "a".repeat(2_100));
        assert!(html(&text, Kind::Session).contains(": 54 over"));
    }

    #[test]
    fn a_resource_policy_has_no_single_quota() {
        assert_eq!(html("{}", Kind::Resource), "");
    }
}
