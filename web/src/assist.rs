//! The page's side of its second wasm module, `crates/iamsim-assist` (the
//! policy checks, the AWS action catalog, completions, wildcard expansions,
//! access levels and the access summary). It is started a frame after the
//! first paint by `assist/assist-boot.js` (web/assist-boot.js), from the page's own
//! origin, wherever dist/ is hosted; if it cannot start, the page works on
//! without it and says so quietly.
//!
//! The module draws its own interface (lists, popups, the summary table)
//! into elements the page leaves for it. The boundary: each editor's
//! element, text and kind in; the findings to underline out, as plain
//! records; the scenario's JSON when the module asks (the access summary).
//! The module's functions are called by name through `js_sys`, so the page
//! links no glue for them.

use std::cell::RefCell;

use iamsim::diagnostic::DiagnosticReport;
use iamsim::{PolicyType, Severity};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::PolicyModel;
use crate::page::Page;

/// The module once started, and whether it is (a signal: editors refresh
/// when it arrives). One per page, shared by every editor.
#[derive(Clone)]
pub struct Assist {
    pub ready: ArcRwSignal<bool>,
}

thread_local! {
    static ASSIST: RefCell<Option<Assist>> = const { RefCell::new(None) };
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// Finding ids, each leaked once (there are a few dozen), so that
    /// findings are the overlay's `DiagnosticReport`s.
    static IDS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

impl Assist {
    /// The page's module, started on the first call (a frame after the
    /// paint that shows the editor asking); `scenario` gives it the
    /// scenario's JSON when it needs it.
    pub fn get(scenario: impl Fn() -> String + 'static) -> Assist {
        if let Some(assist) = ASSIST.with(|a| a.borrow().clone()) {
            return assist;
        }
        let assist = Assist {
            ready: ArcRwSignal::new(false),
        };
        ASSIST.with(|a| *a.borrow_mut() = Some(assist.clone()));
        let ready = assist.ready.clone();
        crate::frame::after_next_paint(std::time::Duration::ZERO, move || start(scenario, ready));
        assist
    }

    /// Gives the module an editor's text and check kind (see [`check_kind`]):
    /// it lists the findings and the access levels in the editor's
    /// `.ed-assist` element, and returns the findings to underline.
    pub fn refresh_editor(
        &self,
        editor: &web_sys::Element,
        text: &str,
        kind: &str,
    ) -> Vec<DiagnosticReport> {
        if !self.ready.get() {
            return Vec::new();
        }
        let records = call(
            "refreshEditor",
            &[
                editor.into(),
                JsValue::from_str(text),
                JsValue::from_str(kind),
            ],
        );
        findings(&records.as_string().unwrap_or_default())
    }
}

/// Adds `assist/assist-boot.js`; once it reports, attaches the module to the page,
/// or notes under the policies that the checks are unavailable.
fn start(scenario: impl Fn() -> String + 'static, ready: ArcRwSignal<bool>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let scenario = Closure::<dyn Fn() -> String>::new(scenario).into_js_value();
    let arrived = Closure::once_into_js(move |event: web_sys::Event| {
        let module = js_sys::Reflect::get(&event, &"detail".into()).unwrap_or(JsValue::NULL);
        if module.is_object() {
            MODULE.with(|m| *m.borrow_mut() = Some(module));
            call("attachPage", &[scenario]);
            ready.set(true);
        } else {
            unavailable();
        }
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    let listening =
        window.add_event_listener_with_callback("iamsim-assist", arrived.unchecked_ref());
    let script = document.create_element("script");
    let added = script.and_then(|script| {
        script.set_attribute("type", "module")?;
        script.set_attribute("src", "assist/assist-boot.js")?;
        // The script itself not found (the module's own failures come as the event).
        let failed = Closure::once_into_js(unavailable);
        script.add_event_listener_with_callback("error", failed.unchecked_ref())?;
        // In the head: the body holds only what the page shows.
        match document.query_selector("head")? {
            Some(head) => head.append_child(&script).map(drop),
            None => Ok(()),
        }
    });
    if listening.and(added).is_err() {
        unavailable();
    }
}

/// Keeps `findings` the module's findings for `policy`'s editor, in the
/// panel that holds `here`, on every edit once the module is there (and the
/// module's lists in the editor's `.ed-assist`).
pub fn underline_findings(
    page: Page,
    policy: PolicyModel,
    kind: PolicyType,
    findings: RwSignal<Vec<DiagnosticReport>>,
    here: NodeRef<leptos::html::Div>,
) {
    let assist = Assist::get(move || page.scenario.with_untracked(|s| s.to_json()));
    Effect::new(move |_| {
        let panel = here.get().and_then(|h| h.parent_element());
        let Some(editor) = panel.and_then(|p| p.query_selector(".ed").ok().flatten()) else {
            return;
        };
        add_assist_element(&editor);
        // The checks read a role's resource policy as its trust policy.
        let trust = kind == PolicyType::Resource && page.model.request.is_role_trust();
        let kind = check_kind(kind, trust);
        findings.set(
            policy
                .text
                .with(|t| assist.refresh_editor(&editor, t, kind)),
        );
    });
}

fn add_assist_element(editor: &web_sys::Element) {
    if editor.query_selector(".ed-assist").ok().flatten().is_none() {
        let made = editor.owner_document().map(|d| d.create_element("div"));
        if let Some(Ok(element)) = made {
            element.set_class_name("ed-assist");
            let _ = editor.append_child(&element);
        }
    }
}

/// The quiet note under the policies.
fn unavailable() {
    let document = web_sys::window().and_then(|w| w.document());
    let note = document.as_ref().and_then(|d| d.create_element("p").ok());
    let policies = document.and_then(|d| d.query_selector(".policies").ok().flatten());
    if let (Some(note), Some(policies)) = (note, policies) {
        note.set_class_name("assist-note");
        let _ = note.set_attribute("data-testid", "assist-note");
        note.set_text_content(Some(
            "Policy checks are unavailable: their module did not load.",
        ));
        let _ = policies.after_with_node_1(&note);
    }
}

/// The catalog's action names (`service:Action`), once the module is there;
/// none before. Asked once: 17,000 names are not copied per comparison.
pub fn catalog_actions() -> std::rc::Rc<Vec<String>> {
    thread_local! {
        static ACTIONS: RefCell<Option<std::rc::Rc<Vec<String>>>> = const { RefCell::new(None) };
    }
    ACTIONS.with(|cached| {
        if let Some(names) = cached.borrow().as_ref() {
            return names.clone();
        }
        let names: Vec<String> = call("actionNames", &[])
            .as_string()
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        let names = std::rc::Rc::new(names);
        if !names.is_empty() {
            *cached.borrow_mut() = Some(names.clone());
        }
        names
    })
}

/// Calls the module's function `name` with `args`; `undefined` when the
/// module is not there or the call fails.
fn call(name: &str, args: &[JsValue]) -> JsValue {
    MODULE
        .with(|m| {
            let module = m.borrow();
            let function: js_sys::Function = js_sys::Reflect::get(module.as_ref()?, &name.into())
                .ok()?
                .dyn_into()
                .ok()?;
            function
                .apply(&JsValue::NULL, &args.iter().collect::<js_sys::Array>())
                .ok()
        })
        .unwrap_or(JsValue::UNDEFINED)
}

/// The findings of the module's records (see `iamsim_assist::ui::refresh_editor`).
fn findings(records: &str) -> Vec<DiagnosticReport> {
    records.split('\x1e').filter_map(finding).collect()
}

fn finding(record: &str) -> Option<DiagnosticReport> {
    let mut fields = record.split('\x1f');
    let id = intern(fields.next().filter(|id| !id.is_empty())?);
    let severity = match fields.next()? {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "security-warning" => Severity::SecurityWarning,
        _ => Severity::Suggestion,
    };
    let mut number = || fields.next()?.parse().ok();
    let (line, column, end_line, end_column) = (number()?, number()?, number()?, number()?);
    let message = fields.next()?.to_string();
    let help = fields.next().filter(|h| !h.is_empty()).map(str::to_string);
    Some(DiagnosticReport {
        id,
        severity,
        message,
        help,
        location: String::new(),
        line,
        column,
        end_line,
        end_column,
        start: 0,
        end: 0,
    })
}

fn intern(id: &str) -> &'static str {
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some(known) = ids.iter().find(|known| **known == id) {
            return *known;
        }
        let leaked: &'static str = Box::leak(id.into());
        ids.push(leaked);
        leaked
    })
}

/// The policy checks' word for a policy of the page's kind (a resource
/// policy on a role, for `sts:AssumeRole`-like requests, is its trust policy).
pub fn check_kind(kind: PolicyType, trust: bool) -> &'static str {
    use PolicyType as T;
    match kind {
        T::Identity => "identity",
        T::Resource if trust => "trust",
        T::Resource => "resource",
        T::PermissionsBoundary => "boundary",
        T::Session => "session",
        T::Scp => "scp",
        T::Rcp => "rcp",
        T::VpcEndpoint => "vpc-endpoint",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn findings_read_from_the_modules_records() {
        let records = "admin-access\x1fsecurity-warning\x1f3\x1f5\x1f7\x1f4\x1fm\x1fh\x1e\
                       admin-access\x1fsecurity-warning\x1f1\x1f1\x1f1\x1f2\x1fn\x1f\x1e\
                       broken\x1e";
        let found = findings(records);
        assert_eq!(found.len(), 2, "the one without a place is skipped");
        assert_eq!(found[0].id, "admin-access");
        assert!(
            std::ptr::eq(found[0].id, found[1].id),
            "an id is interned once"
        );
        assert_eq!(found[0].severity, Severity::SecurityWarning);
        assert_eq!((found[0].line, found[0].end_column), (3, 4));
        assert_eq!(found[0].help.as_deref(), Some("h"));
        assert_eq!(found[1].help, None);
    }

    #[test]
    fn a_role_resource_policy_is_checked_as_trust() {
        assert_eq!(check_kind(PolicyType::Resource, true), "trust");
        assert_eq!(check_kind(PolicyType::Resource, false), "resource");
        assert_eq!(
            check_kind(PolicyType::PermissionsBoundary, true),
            "boundary"
        );
    }
}
