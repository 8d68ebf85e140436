//! "Did you mean ...?" for misspelled names: element names, operators,
//! principal kinds, scenario fields, and (for the policy checks) actions and
//! service prefixes.

/// The candidate `input` most likely stands for: one equal but for case, or
/// else the closest within a few edits (relative to its length).
pub fn closest<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    // ASCII folding: every candidate is an ASCII name (and `str::to_lowercase`
    // would add 4 KB to the page's wasm).
    let lower = input.to_ascii_lowercase();
    let max_distance = (input.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase());
        if distance <= max_distance && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `X`?` for [`closest`], if any.
pub fn did_you_mean<'c>(
    input: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_errors_and_near_misses_are_found() {
        let names = ["Effect", "Action", "Resource", "NotResource"];
        assert_eq!(closest("effect", names), Some("Effect"));
        assert_eq!(closest("Resources", names), Some("Resource"));
        assert_eq!(closest("Acton", names), Some("Action"));
        assert_eq!(closest("Banana", names), None);
        assert_eq!(
            did_you_mean("notresource", names).as_deref(),
            Some("did you mean `NotResource`?")
        );
    }
}
