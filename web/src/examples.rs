//! The examples menu: teaching scenarios from `web/examples/`, compiled in so
//! the page needs no request to open one. The conformance tests run the same
//! files against their `expect`.

pub struct Example {
    /// The file's stem, used as the menu value.
    pub id: &'static str,
    pub json: &'static str,
}

macro_rules! examples {
    ($($id:literal),* $(,)?) => {
        &[$(Example { id: $id, json: include_str!(concat!("../examples/", $id, ".json")) }),*]
    };
}

pub const EXAMPLES: &[Example] = examples![
    "01-least-privilege-1-admin",
    "02-least-privilege-2-service",
    "03-least-privilege-3-scoped",
    "04-explicit-deny-wins",
    "05-lambda-trust-policy",
    "06-cross-account-external-id",
    "07-boundary-caps-admin",
    "08-conditions-ip-mfa-region",
    "09-username-home-folder",
    "10-abac-tags",
    "11-scp-deny-regions",
    "12-session-policy-narrows-role",
];

/// The scenario the page opens with (the first of [`EXAMPLES`]), apart:
/// only the toolbar, which loads after the first paint, needs the others.
pub const FIRST: &str = include_str!("../examples/01-least-privilege-1-admin.json");

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_file_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        files.sort();
        let listed: Vec<String> = EXAMPLES.iter().map(|e| format!("{}.json", e.id)).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn the_page_opens_with_the_first_example() {
        assert_eq!(EXAMPLES.first().map(|e| e.json), Some(FIRST));
    }

    #[test]
    fn every_example_reads_and_teaches() {
        for example in EXAMPLES {
            let state = crate::scenario::open(example.json).unwrap();
            assert!(state.title.is_some(), "{}: title", example.id);
            assert!(state.description.is_some(), "{}: description", example.id);
            assert!(state.docs.is_some(), "{}: docs", example.id);
            assert!(state.expect.is_some(), "{}: expect", example.id);
        }
    }
}
