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

/// Ids are typed ([`iamsim::diagnostic::DiagnosticId`], written with the
/// table by one macro), so an id that is not registered does not compile.
/// What is left to check: no diagnostic is made from a string, and every
/// registered id is named somewhere in the shipped code of some crate (the
/// docs list no id that nothing reports).
#[test]
fn every_registered_id_is_named_in_the_code() {
    let mut files = Vec::new();
    for dir in ["crates", "web/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut code = String::new();
    let mut made_from_strings = Vec::new();
    for file in &files {
        if file.ends_with("diagnostic/registry.rs")
            || file.components().any(|c| c.as_os_str() == "tests")
        {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Tests may make up ids; only the shipped code must not.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for call in [
            "Diagnostic::error(\"",
            "Diagnostic::warning(\"",
            "bad_argument(\"",
        ] {
            if text.contains(call) {
                made_from_strings.push(format!("{}: {call}", file.display()));
            }
        }
        code.push_str(text);
    }
    assert!(made_from_strings.is_empty(), "{made_from_strings:#?}");
    let unnamed: Vec<&str> = DIAGNOSTICS
        .iter()
        .filter(|d| !code.contains(&format!("DiagnosticId::{:?}", d.id)))
        .map(|d| d.id.as_str())
        .collect();
    assert!(
        unnamed.is_empty(),
        "registered but named nowhere: {unnamed:?}"
    );
    assert!(lookup("invalid-json").is_some());
}
