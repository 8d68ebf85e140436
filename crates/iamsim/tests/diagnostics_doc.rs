//! The diagnostic registry is the one list of ids: `docs/diagnostics.md` is
//! generated from it, and every id the code reports is in it.
//!
//! `IAMSIM_UPDATE_DOCS=1 cargo test -p iamsim --test diagnostics_doc`
//! rewrites the page after the table changed.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use iamsim::diagnostic::registry::{lookup, markdown, DIAGNOSTICS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_docs_list_exactly_the_registry() {
    let path = root().join("docs/diagnostics.md");
    let expected = markdown();
    if std::env::var_os("IAMSIM_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md differs from the registry (crates/iamsim/src/diagnostic/registry.rs); \
         run `IAMSIM_UPDATE_DOCS=1 cargo test -p iamsim --test diagnostics_doc`"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The call's first argument when it is a string literal: the id.
fn first_literal(args: &str) -> Option<&str> {
    let rest = args.trim_start().strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// Every literal id passed to `Diagnostic::error`, `Diagnostic::warning` or
/// `Outcome::bad_argument` in the sources of every crate is registered, so
/// an id reported only on a path no test reaches is checked too.
#[test]
fn every_id_in_the_code_is_registered() {
    let mut files = Vec::new();
    for dir in ["crates", "web/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut unknown = Vec::new();
    let mut found = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Tests may make up ids; only the shipped code must not.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for call in [
            "Diagnostic::error(",
            "Diagnostic::warning(",
            "bad_argument(",
        ] {
            for (at, _) in text.match_indices(call) {
                let Some(id) = first_literal(&text[at + call.len()..]) else {
                    continue; // the id is a variable, checked where it is made
                };
                found += 1;
                if lookup(id).is_none() {
                    unknown.push(format!("{}: `{id}`", file.display()));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "ids not in the registry: {unknown:#?}");
    assert!(
        found > DIAGNOSTICS.len() / 2,
        "the scan found only {found} ids"
    );
}
