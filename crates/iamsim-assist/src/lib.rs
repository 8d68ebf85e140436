//! The page's second wasm module, loaded after the first decision is painted
//! (so that none of it weighs on the first load): the policy checks
//! (crates/iamsim-check), the AWS action catalog (crates/iamsim-catalog,
//! embedded: 1.5 MB raw, cached by the browser with the module) and the
//! evaluator for the access summary.
//!
//! The module draws its own interface into elements the page leaves for it
//! ([`ui`]), so the page's part is tiny: it hands over each editor's text
//! and kind, gets the findings back as JSON to underline, and says when the
//! scenario changed. The logic lives in plain modules, tested natively;
//! this file only binds.
//! Built into dist/assist/ by `scripts/build-assist.sh`.

pub mod access;
pub mod catalog;
pub mod complete;
pub mod expand;
pub mod findings;
mod html;
mod position;
pub mod resource_types;
mod size_meter;
mod ui;

use wasm_bindgen::prelude::*;

/// Parses the embedded catalog now (once), so that the first keystroke after
/// loading does not wait for it; `{ "package", "version", "date", "services", "actions" }`.
#[wasm_bindgen(js_name = catalogInfo)]
pub fn catalog_info() -> String {
    catalog::info()
}

/// Every action of the catalog, `service:Action`, one per line: the page's
/// comparison of two policy versions enumerates the actions of the services
/// the policies name from them, wildcards included, once the module is there.
#[wasm_bindgen(js_name = actionNames)]
pub fn action_names() -> String {
    catalog::get()
        .map(|c| c.action_names().collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

/// The policy checks' findings for one policy text of a kind (`identity`,
/// `resource`, `trust`, `boundary`, `session`, `scp`, `rcp`,
/// `vpc-endpoint`): a JSON array of findings (see [`findings::Finding`]).
/// The parser's own diagnostics are left out: the page has them already.
#[wasm_bindgen]
pub fn check(text: &str, kind: &str) -> String {
    findings::check(text, kind)
}

/// Attaches the module to the page: the request's Action datalist and the
/// access summary (in `.access-summary-host`, evaluated again after every
/// edit while open); `scenario()` returns the scenario's JSON text when the
/// summary needs it.
#[wasm_bindgen(js_name = attachPage)]
pub fn attach_page(scenario: js_sys::Function) {
    ui::attach_page(scenario);
}

/// One policy editor's text and kind changed: its findings are listed in
/// the editor's `.ed-assist` element (the module attaches to the editor on
/// the first call: completions, expansions, access levels), and returned
/// for the page to underline (see [`ui::refresh_editor`]).
#[wasm_bindgen(js_name = refreshEditor)]
pub fn refresh_editor(editor: web_sys::Element, text: &str, kind: &str) -> String {
    ui::refresh_editor(&editor, text, kind)
}

/// The access summary of a scenario (its JSON text) by evaluation: every
/// catalog action of the services its identity policies name, decided for
/// `resource` (empty: the request's own resource), with their table's HTML
/// showing the rows `filter` keeps (`all`, `allowed`, `writes`,
/// `permissions`): `{ evaluations, resource, html }` or `{ error }`.
#[wasm_bindgen(js_name = accessSummary)]
pub fn access_summary(
    scenario: &str,
    resource: &str,
    filter: &str,
    now_epoch_seconds: f64,
) -> String {
    access::summary(
        scenario,
        access::Target::Resource(resource),
        filter,
        Some(now_epoch_seconds as i64),
    )
}

/// The access summary on each resource type instead of one resource: every
/// action decided on each resource type the catalog lists for it (the ARN
/// standing for a type is one of the policies' own `Resource`s of that type
/// when there is one, see [`resource_types`]), an action without resource
/// types on `*`; `{ evaluations, resource: null, html }` or `{ error }`.
#[wasm_bindgen(js_name = accessSummaryByResourceType)]
pub fn access_summary_by_resource_type(
    scenario: &str,
    filter: &str,
    now_epoch_seconds: f64,
) -> String {
    access::summary(
        scenario,
        access::Target::EachResourceType,
        filter,
        Some(now_epoch_seconds as i64),
    )
}
