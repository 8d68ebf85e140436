//! The module's interface inside the page, drawn with the DOM here so that
//! none of its code is in the page's first load. Per policy editor (the
//! page's `.ed` element): the findings list and each statement's access
//! levels in its `.ed-assist` element, a completion listbox for actions
//! (the textarea, a textbox with `aria-autocomplete="list"`, controls the
//! listbox and names its active option with `aria-activedescendant`; a
//! textarea takes no `aria-expanded`) and a popup with what the
//! action pattern under the pointer or at the caret grants. For the page:
//! the request's Action datalist and the access summary. Every text from a
//! policy or the catalog reaches the DOM escaped (`crate::html`).

use std::cell::{Cell, RefCell};
use std::fmt::Write;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent, MouseEvent,
};

use crate::complete::{self, Completions};
use crate::findings::Finding;
use crate::html::{element, escape, rich};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Adds a listener for the element's life (the closure is freed with it).
fn listen<E: JsCast + 'static>(
    target: &web_sys::EventTarget,
    event: &str,
    capture: bool,
    f: impl Fn(E) + 'static,
) {
    let closure = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        if let Ok(e) = e.dyn_into::<E>() {
            f(e);
        }
    });
    let _ = target.add_event_listener_with_callback_and_bool(
        event,
        closure.as_ref().unchecked_ref(),
        capture,
    );
    closure.forget();
}

fn make(tag: &str, attrs: &[(&str, &str)]) -> Option<HtmlElement> {
    let el = document()?.create_element(tag).ok()?;
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    el.dyn_into().ok()
}

/// Byte offset of a UTF-16 offset (the textarea's selection), and back.
fn utf16_to_byte(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    text.get(..byte).unwrap_or(text).encode_utf16().count() as u32
}

/// One policy editor the module serves.
struct Editor {
    root: Element,
    textarea: HtmlTextAreaElement,
    findings: Element,
    size: Element,
    levels: Element,
    levels_body: Element,
    probe: HtmlElement,
    listbox: HtmlElement,
    popup: HtmlElement,
    kind: RefCell<String>,
    completions: RefCell<Option<Completions>>,
    active: Cell<usize>,
    /// Set while an action just chosen is typed in: its `input` opens no list.
    chosen: Cell<bool>,
    /// The popup's pattern start and HTML, when shown.
    shown: RefCell<Option<(usize, String)>>,
}

thread_local! {
    static EDITORS: RefCell<Vec<Rc<Editor>>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<usize> = const { Cell::new(0) };
}

/// The findings of `text` read as a policy of `kind`, listed in the
/// editor's `.ed-assist` element (attached on the first call), and
/// returned for the page's overlay as records (`\x1e` between findings,
/// `\x1f` between fields: id, severity, line, column, end line, end column,
/// message, help): the page splits them with no JSON code.
pub fn refresh_editor(root: &Element, text: &str, kind: &str) -> String {
    let found = crate::findings::findings(text, crate::findings::kind(kind));
    if let Some(editor) = editor_for(root) {
        *editor.kind.borrow_mut() = kind.to_string();
        editor.findings.set_inner_html(&findings_html(&found));
        editor
            .size
            .set_inner_html(&crate::size_meter::html(text, crate::findings::kind(kind)));
        if editor.levels.has_attribute("open") {
            editor
                .levels_body
                .set_inner_html(&crate::expand::statements(text, kind));
        }
    }
    let mut out = String::new();
    for f in &found {
        let d = &f.report;
        let _ = write!(
            out,
            "{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1e",
            d.id,
            d.severity.as_str(),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            d.message.replace(['\x1e', '\x1f'], " "),
            d.help
                .as_deref()
                .unwrap_or("")
                .replace(['\x1e', '\x1f'], " ")
        );
    }
    out
}

fn editor_for(root: &Element) -> Option<Rc<Editor>> {
    let known = EDITORS.with(|editors| {
        let mut editors = editors.borrow_mut();
        // Editors removed from the page are let go.
        editors.retain(|e| e.root.is_connected());
        editors.iter().find(|e| &e.root == root).cloned()
    });
    if known.is_some() {
        return known;
    }
    let editor = Rc::new(attach(root)?);
    wire(&editor);
    EDITORS.with(|editors| editors.borrow_mut().push(editor.clone()));
    Some(editor)
}

fn attach(root: &Element) -> Option<Editor> {
    let textarea: HtmlTextAreaElement = root.query_selector(".ed-input").ok()??.dyn_into().ok()?;
    let code = root.query_selector(".ed-code").ok()??;
    let panel = root.query_selector(".ed-assist").ok()??;
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let (listbox_id, popup_id) = (format!("assist-list-{id}"), format!("assist-expand-{id}"));
    // Ten characters at the text's origin: where the text starts, how wide a
    // character and how tall a line is.
    let probe = make("span", &[("class", "ed-probe"), ("aria-hidden", "true")])?;
    probe.set_text_content(Some("0000000000"));
    code.append_child(&probe).ok()?;
    let listbox = make(
        "ul",
        &[
            ("class", "ed-complete"),
            ("role", "listbox"),
            ("id", &listbox_id),
            ("aria-label", "Action completions"),
            ("data-testid", "completions"),
            ("hidden", ""),
        ],
    )?;
    let popup = make(
        "div",
        &[
            ("class", "ed-expand"),
            ("role", "tooltip"),
            ("id", &popup_id),
            ("data-testid", "expansion"),
            ("hidden", ""),
        ],
    )?;
    root.append_child(&listbox).ok()?;
    root.append_child(&popup).ok()?;
    panel.set_inner_html(
        "<p class=\"ed-size\" data-testid=\"size-meter\"></p>\
         <ul class=\"ed-diags ed-findings\" aria-label=\"Findings\" data-testid=\"findings\"></ul>\
         <details class=\"levels-by-statement\" data-testid=\"statement-levels\">\
         <summary>Access levels by statement</summary><div class=\"levels-body\"></div></details>",
    );
    let findings = panel.query_selector(".ed-findings").ok()??;
    let size = panel.query_selector(".ed-size").ok()??;
    let levels = panel.query_selector(".levels-by-statement").ok()??;
    let levels_body = panel.query_selector(".levels-body").ok()??;
    if !textarea.read_only() {
        let _ = textarea.set_attribute("aria-autocomplete", "list");
        let _ = textarea.set_attribute("aria-controls", &listbox_id);
    }
    let described = textarea
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    let _ = textarea.set_attribute("aria-describedby", format!("{described} {popup_id}").trim());
    Some(Editor {
        root: root.clone(),
        textarea,
        findings,
        size,
        levels,
        levels_body,
        probe,
        listbox,
        popup,
        kind: RefCell::new("identity".into()),
        completions: RefCell::new(None),
        active: Cell::new(0),
        chosen: Cell::new(false),
        shown: RefCell::new(None),
    })
}

fn wire(editor: &Rc<Editor>) {
    let ta: &web_sys::EventTarget = editor.textarea.as_ref();
    let e = editor.clone();
    // Capture, on the editor: before the page's own keys (Enter, Tab).
    listen(
        editor.root.as_ref(),
        "keydown",
        true,
        move |ev: KeyboardEvent| e.on_keydown(&ev),
    );
    let e = editor.clone();
    listen(ta, "input", false, move |_: Event| e.on_input());
    let e = editor.clone();
    listen(ta, "keyup", false, move |ev: KeyboardEvent| {
        let key = ev.key();
        if key.starts_with("Arrow") || key == "Home" || key == "End" {
            e.at_caret();
        }
    });
    let e = editor.clone();
    listen(ta, "click", false, move |_: MouseEvent| e.at_caret());
    let e = editor.clone();
    listen(ta, "mousemove", false, move |ev: MouseEvent| {
        e.at_pointer(ev.client_x(), ev.client_y())
    });
    let e = editor.clone();
    listen(ta, "mouseleave", false, move |_: MouseEvent| e.hide_popup());
    let e = editor.clone();
    listen(ta, "blur", false, move |_: Event| {
        e.close_list();
        e.hide_popup();
    });
    let e = editor.clone();
    listen(
        editor.listbox.as_ref(),
        "mousedown",
        false,
        move |ev: MouseEvent| {
            ev.prevent_default();
            let index = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-index]").ok().flatten())
                .and_then(|o| o.get_attribute("data-index")?.parse().ok());
            if let Some(index) = index {
                e.accept(index);
            }
        },
    );
    let e = editor.clone();
    listen(
        editor.findings.as_ref(),
        "click",
        false,
        move |ev: MouseEvent| {
            let at = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-line]").ok().flatten())
                .and_then(|b| {
                    Some((
                        b.get_attribute("data-line")?.parse().ok()?,
                        b.get_attribute("data-column")?.parse().ok()?,
                    ))
                });
            if let Some((line, column)) = at {
                e.go_to(line, column);
            }
        },
    );
    let e = editor.clone();
    listen(editor.levels.as_ref(), "toggle", false, move |_: Event| {
        if e.levels.has_attribute("open") {
            let kind = e.kind.borrow().clone();
            e.levels_body
                .set_inner_html(&crate::expand::statements(&e.textarea.value(), &kind));
        }
    });
}

fn findings_html(found: &[Finding]) -> String {
    let mut out = String::new();
    for f in found {
        let d = &f.report;
        let (class, icon, word) = match d.severity {
            iamsim::Severity::Error => ("ed-diag ed-diag-error", "✗", "Error"),
            iamsim::Severity::Warning => ("ed-diag ed-diag-warning", "⚠", "Warning"),
            iamsim::Severity::SecurityWarning => {
                ("ed-diag ed-diag-warning", "⚠", "Security warning")
            }
            iamsim::Severity::Suggestion => ("ed-diag ed-diag-suggestion", "ℹ", "Suggestion"),
        };
        let _ = write!(
            out,
            "<li class=\"{class}\" data-id=\"{id}\"><button type=\"button\" class=\"ed-diag-at\" data-line=\"{line}\" \
             data-column=\"{column}\" title=\"Go to this place in the editor\"><span aria-hidden=\"true\">{icon} </span>\
             <span class=\"visually-hidden\">{word} at line </span>{line}:{column}</button> \
             <code class=\"ed-diag-id\">{id}</code> <span class=\"ed-diag-msg\">",
            id = d.id,
            line = d.line,
            column = d.column
        );
        rich(&d.message, &mut out);
        out.push_str("</span>");
        if let Some(help) = &d.help {
            out.push_str("<span class=\"ed-diag-help\">Help: ");
            rich(help, &mut out);
            out.push_str("</span>");
        }
        if let Some(doc) = f.doc {
            let _ = write!(out, "<a class=\"ed-diag-doc\" href=\"{doc}\" target=\"_blank\" rel=\"noopener noreferrer\">AWS documentation</a>");
        }
        out.push_str("</li>");
    }
    out
}

impl Editor {
    fn caret(&self) -> (String, usize) {
        let value = self.textarea.value();
        let end = self.textarea.selection_end().ok().flatten().unwrap_or(0);
        let caret = utf16_to_byte(&value, end);
        (value, caret)
    }

    /// Pixels from the editor's corner to just below byte `offset`.
    fn anchor(&self, value: &str, offset: usize) -> String {
        let origin = self.probe.get_bounding_client_rect();
        let corner = self.root.get_bounding_client_rect();
        let before = value.get(..offset).unwrap_or(value);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() as f64;
        let column = before.get(line_start..).unwrap_or("").chars().count() as f64;
        let top = origin.y() - corner.y() + (line + 1.0) * origin.height()
            - f64::from(self.textarea.scroll_top())
            + 2.0;
        let left = origin.x() - corner.x() + column * origin.width() / 10.0
            - f64::from(self.textarea.scroll_left());
        format!("top:{top:.0}px;left:max(0px,min({left:.0}px,100% - 24rem))")
    }

    fn on_input(&self) {
        if self.textarea.read_only() {
            return;
        }
        let (value, caret) = self.caret();
        let chosen = self.chosen.replace(false);
        let found = complete::in_policy(&value, caret).filter(|c| !c.items.is_empty() && !chosen);
        match found {
            Some(c) => {
                self.hide_popup();
                let _ = self
                    .listbox
                    .set_attribute("style", &self.anchor(&value, c.from));
                *self.completions.borrow_mut() = Some(c);
                self.active.set(0);
                self.draw_list();
            }
            None => {
                self.close_list();
                // A wildcard just typed: what it grants, at once.
                self.expand(&value, caret);
            }
        }
    }

    fn draw_list(&self) {
        let completions = self.completions.borrow();
        let Some(c) = completions.as_ref() else {
            return;
        };
        let id = self.listbox.id();
        let active = self.active.get();
        let mut out = String::new();
        for (i, item) in c.items.iter().enumerate() {
            let selected = i == active;
            let _ = write!(
                out,
                "<li role=\"option\" id=\"{id}-{i}\" data-index=\"{i}\" aria-selected=\"{selected}\"{}>",
                if selected { " class=\"active\"" } else { "" }
            );
            element(&mut out, "span", " class=\"ed-opt-name\"", &item.name);
            if let Some(level) = item.level {
                element(&mut out, "span", " class=\"ed-opt-level\"", level);
            }
            out.push_str("</li>");
        }
        self.listbox.set_inner_html(&out);
        self.listbox.set_hidden(false);
        let _ = self
            .textarea
            .set_attribute("aria-activedescendant", &format!("{id}-{active}"));
        if let Ok(Some(option)) = self.listbox.query_selector(".active") {
            option.scroll_into_view_with_bool(false);
        }
    }

    fn close_list(&self) {
        if self.completions.borrow_mut().take().is_some() {
            self.listbox.set_hidden(true);
            self.listbox.set_inner_html("");
            let _ = self.textarea.remove_attribute("aria-activedescendant");
        }
    }

    /// Keys of the open listbox, taken before the page sees them.
    fn on_keydown(&self, ev: &KeyboardEvent) {
        let count = match self.completions.borrow().as_ref() {
            Some(c) => c.items.len(),
            None => return,
        };
        let active = self.active.get();
        match ev.key().as_str() {
            "ArrowDown" => self.active.set((active + 1) % count),
            "ArrowUp" => self.active.set((active + count - 1) % count),
            "Enter" | "Tab" if !ev.shift_key() => {
                ev.prevent_default();
                ev.stop_propagation();
                self.accept(active);
                return;
            }
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                self.close_list();
                return;
            }
            _ => return,
        }
        ev.prevent_default();
        ev.stop_propagation();
        self.draw_list();
    }

    /// Puts completion `index` in place of the string's contents, as typed
    /// (so the browser's undo takes it back and the page hears `input`).
    fn accept(&self, index: usize) {
        let Some((from, to, name)) = self
            .completions
            .borrow()
            .as_ref()
            .and_then(|c| Some((c.from, c.to, c.items.get(index)?.name.clone())))
        else {
            return;
        };
        self.close_list();
        // A service (`s3:`) goes on to its actions; an action is done.
        self.chosen.set(!name.ends_with(':'));
        let value = self.textarea.value();
        let _ = self.textarea.focus();
        let _ = self
            .textarea
            .set_selection_range(byte_to_utf16(&value, from), byte_to_utf16(&value, to));
        let typed = document()
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| {
                d.exec_command_with_show_ui_and_value("insertText", false, &name)
                    .ok()
            })
            .unwrap_or(false);
        let expected = format!(
            "{}{name}{}",
            value.get(..from).unwrap_or(""),
            value.get(to..).unwrap_or("")
        );
        if !typed || self.textarea.value() != expected {
            self.textarea.set_value(&expected);
            let caret = byte_to_utf16(&expected, from + name.len());
            let _ = self.textarea.set_selection_range(caret, caret);
            if let Ok(input) = Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            }) {
                let _ = self.textarea.dispatch_event(&input);
            }
        }
    }

    fn at_caret(&self) {
        if self.completions.borrow().is_some() {
            return;
        }
        let (value, caret) = self.caret();
        self.expand(&value, caret);
    }

    fn at_pointer(&self, x: i32, y: i32) {
        if self.completions.borrow().is_some() {
            return;
        }
        let origin = self.probe.get_bounding_client_rect();
        let (width, height) = (origin.width() / 10.0, origin.height());
        if width <= 0.0 || height <= 0.0 {
            return;
        }
        let line = (f64::from(y) - origin.y() + f64::from(self.textarea.scroll_top())) / height;
        let column = (f64::from(x) - origin.x() + f64::from(self.textarea.scroll_left())) / width;
        if line < 0.0 || column < 0.0 {
            return self.hide_popup();
        }
        let value = self.textarea.value();
        let offset = value
            .split('\n')
            .take(line as usize)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        let Some(row) = value
            .get(offset.min(value.len())..)
            .and_then(|r| r.split('\n').next())
        else {
            return self.hide_popup();
        };
        if offset > value.len() || column as usize >= row.chars().count() {
            return self.hide_popup();
        }
        let within = row
            .char_indices()
            .nth(column as usize)
            .map_or(row.len(), |(i, _)| i);
        self.expand(&value, offset + within);
    }

    fn expand(&self, value: &str, at: usize) {
        let found = crate::expand::at(value, at);
        if *self.shown.borrow() == found {
            return;
        }
        match &found {
            Some((from, html)) => {
                self.popup.set_inner_html(html);
                let _ = self
                    .popup
                    .set_attribute("style", &self.anchor(value, *from));
                self.popup.set_hidden(false);
            }
            None => self.popup.set_hidden(true),
        }
        *self.shown.borrow_mut() = found;
    }

    fn hide_popup(&self) {
        if self.shown.borrow_mut().take().is_some() {
            self.popup.set_hidden(true);
        }
    }

    /// Puts the caret at a finding (1-based line and column, in characters).
    fn go_to(&self, line: usize, column: usize) {
        let value = self.textarea.value();
        let start: usize = value
            .split('\n')
            .take(line.saturating_sub(1))
            .map(|l| l.len() + 1)
            .sum();
        let row = value
            .get(start.min(value.len())..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        let within = row
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(row.len(), |(i, _)| i);
        let at = byte_to_utf16(&value, start + within);
        let _ = self.textarea.focus();
        let _ = self.textarea.set_selection_range(at, at);
        let line_px = self.probe.get_bounding_client_rect().height();
        let top =
            (line.saturating_sub(1) as f64 * line_px) as i32 - self.textarea.client_height() / 3;
        self.textarea.set_scroll_top(top.max(0));
    }
}

/// The page's own parts: the request's Action datalist and the access summary.
struct PageUi {
    scenario: js_sys::Function,
    summary: Option<Summary>,
}

struct Summary {
    details: Element,
    /// Checked: each resource type is decided on, not the field's resource.
    by_type: HtmlInputElement,
    resource: HtmlInputElement,
    filter: web_sys::HtmlSelectElement,
    stats: Element,
    body: Element,
}

thread_local! {
    static PAGE: RefCell<Option<Rc<PageUi>>> = const { RefCell::new(None) };
}

/// Attaches to the page: `scenario()` returns the scenario's JSON.
pub fn attach_page(scenario: js_sys::Function) {
    let Some(doc) = document() else { return };
    // The request's Action field (the one labelled "Action") gets a datalist.
    let field = doc
        .query_selector_all("[data-testid=request] label")
        .ok()
        .and_then(|labels| {
            (0..labels.length())
                .filter_map(|i| labels.item(i)?.dyn_into::<Element>().ok())
                .find(|l| {
                    l.query_selector("span")
                        .ok()
                        .flatten()
                        .and_then(|s| s.text_content())
                        .as_deref()
                        == Some("Action")
                })
        })
        .and_then(|label| {
            label
                .query_selector("input")
                .ok()
                .flatten()?
                .dyn_into::<HtmlInputElement>()
                .ok()
        });
    if let (Some(field), Some(list)) = (field, make("datalist", &[("id", "action-completions")])) {
        let _ = field.set_attribute("list", "action-completions");
        let _ = field.after_with_node_1(&list);
        let target: web_sys::EventTarget = field.clone().into();
        listen(&target, "input", false, move |_: Event| {
            fill_actions(&field)
        });
    }
    // The access summary goes under the policies (not in the compact embed view).
    let host = doc
        .query_selector(".app:not(.embed) .policies")
        .ok()
        .flatten()
        .and_then(|policies| {
            let host = make("section", &[("class", "access-summary-host")])?;
            policies.after_with_node_1(&host).ok()?;
            Some(host)
        });
    let summary = host.and_then(|host| {
        host.set_inner_html(
            "<details class=\"access-summary\" data-testid=\"access-summary\"><summary>Access summary</summary>\
             <p class=\"access-note\">Every action of each service the identity policies name, with the decision \
             the evaluator makes for it on one resource, or on each resource type it acts on \
             (the rest of the scenario as given).</p>\
             <div class=\"access-controls\"><div class=\"field inline\" role=\"radiogroup\" \
             aria-label=\"Decide on\" data-testid=\"access-mode\"><span>Decide on</span>\
             <label><input type=\"radio\" name=\"access-mode\" value=\"resource\" checked> one resource</label>\
             <label><input type=\"radio\" name=\"access-mode\" value=\"types\"> each resource type</label></div>\
             <label class=\"field inline\"><span>Resource to decide on</span>\
             <input type=\"text\" data-testid=\"access-resource\" spellcheck=\"false\" \
             placeholder=\"the request's resource\"></label>\
             <label class=\"field inline\"><span>Show</span><select data-testid=\"access-filter\">\
             <option value=\"all\">every action</option><option value=\"allowed\">allowed only</option>\
             <option value=\"writes\">allowed writes only</option>\
             <option value=\"permissions\">allowed permissions management only</option></select></label></div>\
             <p class=\"access-note\" data-testid=\"access-stats\"></p><div class=\"access-body\"></div></details>",
        );
        Some(Summary {
            details: host.query_selector("details").ok()??,
            by_type: host
                .query_selector("input[value=types]")
                .ok()??
                .dyn_into()
                .ok()?,
            resource: host
                .query_selector("[data-testid=access-resource]")
                .ok()??
                .dyn_into()
                .ok()?,
            filter: host
                .query_selector("[data-testid=access-filter]")
                .ok()??
                .dyn_into()
                .ok()?,
            stats: host.query_selector("[data-testid=access-stats]").ok()??,
            body: host.query_selector(".access-body").ok()??,
        })
    });
    let page = Rc::new(PageUi { scenario, summary });
    if let Some(s) = &page.summary {
        listen(s.details.as_ref(), "toggle", false, |_: Event| {
            scenario_changed()
        });
        // Any edit in the page (typing, menus, buttons, the summary's own
        // controls) may change what it shows: heard on the window, after
        // the page's own handlers, and evaluated once they are done.
        if let Some(window) = web_sys::window() {
            let later = Closure::<dyn Fn()>::new(scenario_changed).into_js_value();
            for event in ["input", "change", "click"] {
                let (timer, later) = (window.clone(), later.clone());
                listen(window.as_ref(), event, false, move |_: Event| {
                    let _ = timer.set_timeout_with_callback(later.unchecked_ref());
                });
            }
        }
    }
    PAGE.with(|p| *p.borrow_mut() = Some(page));
}

fn fill_actions(field: &HtmlInputElement) {
    let Some(list) = document().and_then(|d| d.get_element_by_id("action-completions")) else {
        return;
    };
    let mut out = String::new();
    if let Some(catalog) = crate::catalog::get() {
        for item in complete::candidates(catalog, field.value().trim()) {
            out.push_str("<option value=\"");
            escape(&item.name, &mut out);
            out.push_str("\">");
            escape(item.level.unwrap_or(""), &mut out);
            out.push_str("</option>");
        }
    }
    list.set_inner_html(&out);
}

/// The scenario changed (or the summary's controls did): the summary, when
/// open, is evaluated again.
fn scenario_changed() {
    let Some(page) = PAGE.with(|p| p.borrow().clone()) else {
        return;
    };
    let Some(s) = &page.summary else { return };
    if !s.details.has_attribute("open") {
        return;
    }
    let json = page
        .scenario
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|j| j.as_string())
        .unwrap_or_default();
    let clock = web_sys::window().and_then(|w| w.performance());
    let now = || clock.as_ref().map_or(0.0, |c| c.now());
    let started = now();
    let epoch = (js_sys::Date::now() / 1000.0) as i64;
    let loaded = iamsim::scenario::load_scenario_with(
        &json,
        "scenario",
        iamsim::scenario::LoadOptions { draft: true },
    );
    let (Ok(mut scenario), Some(catalog)) = (loaded, crate::catalog::get()) else {
        s.stats.set_text_content(Some(
            "No summary: the scenario does not load (see its errors).",
        ));
        s.body.set_inner_html("");
        return;
    };
    let by_type = s.by_type.checked();
    // The resource field means nothing when each resource type is decided on.
    s.resource.set_disabled(by_type);
    let resource = s.resource.value();
    let target = if by_type {
        crate::access::Target::EachResourceType
    } else {
        crate::access::Target::Resource(&resource)
    };
    let summary = crate::access::evaluate_all(catalog, &mut scenario, target, Some(epoch));
    let ms = now() - started;
    let html = summary.html(crate::access::Filter::from_word(&s.filter.value()));
    let mut stats = String::new();
    let _ = write!(
        stats,
        "{} evaluations in {ms:.1} ms, for {}",
        summary.evaluations,
        summary.resource.as_deref().unwrap_or("each resource type")
    );
    s.stats.set_text_content(Some(&stats));
    s.body.set_inner_html(&html);
}
