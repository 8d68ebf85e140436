//! The embedded AWS action catalog, parsed once on first use.

use std::sync::OnceLock;

use iamsim_catalog::{Catalog, AWS_CATALOG};

/// The catalog, or none if the embedded file does not parse (then the checks
/// run without it, as the CLI's do).
pub fn get() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::parse(AWS_CATALOG).ok())
        .as_ref()
}

/// Where the catalog came from and how big it is, as JSON.
pub fn info() -> String {
    let value = match get() {
        Some(c) => serde_json::json!({
            "package": c.source.package,
            "version": c.source.version,
            "date": c.source.date,
            "services": c.services().len(),
            "actions": c.services().iter().map(|s| s.actions.len()).sum::<usize>(),
        }),
        None => serde_json::Value::Null,
    };
    value.to_string()
}
