//! The editor's textarea, through the DOM: its selection, edits applied as
//! if typed (so the browser's undo takes them back), scrolling to a line,
//! and the diagnostic under the pointer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use crate::editor_view::LINE_PX;
use crate::text_edit::{byte_to_utf16, utf16_to_byte, Edit};

/// The selection as byte offsets into `value`.
pub fn selection(ta: &HtmlTextAreaElement, value: &str) -> (usize, usize) {
    let start = ta.selection_start().ok().flatten().unwrap_or(0);
    let end = ta.selection_end().ok().flatten().unwrap_or(start);
    (utf16_to_byte(value, start), utf16_to_byte(value, end))
}

/// Applies an edit as if typed, so the browser's undo can take it back, then
/// sets the selection. Falls back to a plain replacement where the browser
/// lacks `insertText`.
pub fn apply(ta: &HtmlTextAreaElement, value: &str, edit: &Edit, text: RwSignal<String>) {
    let unchanged = value.get(edit.start..edit.end) == Some(edit.insert.as_str());
    let new_value = format!(
        "{}{}{}",
        value.get(..edit.start).unwrap_or(""),
        edit.insert,
        value.get(edit.end..).unwrap_or("")
    );
    if !unchanged {
        let _ = ta.set_selection_range(
            byte_to_utf16(value, edit.start),
            byte_to_utf16(value, edit.end),
        );
        let typed = document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()
            .and_then(|doc| {
                doc.exec_command_with_show_ui_and_value("insertText", false, &edit.insert)
                    .ok()
            })
            .unwrap_or(false);
        if !typed || ta.value() != new_value {
            ta.set_value(&new_value);
        }
        if text.get_untracked() != new_value {
            text.set(new_value.clone());
        }
    }
    let (s, e) = edit.selection;
    let _ = ta.set_selection_range(byte_to_utf16(&new_value, s), byte_to_utf16(&new_value, e));
}

/// Scrolls the textarea so that `line` sits a third of the way down, and the
/// page so that the editor is in view (on a phone the trace is far below it).
pub fn scroll_to_line(textarea: NodeRef<leptos::html::Textarea>, line: u32) {
    let Some(ta) = textarea.get_untracked() else {
        return;
    };
    let top = i32::try_from(line.saturating_sub(1))
        .unwrap_or(0)
        .saturating_mul(LINE_PX);
    ta.set_scroll_top((top - ta.client_height() / 3).max(0));
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    ta.scroll_into_view_with_scroll_into_view_options(&options);
}

/// The message of the underlined span at a point on screen, or "".
pub fn diagnostic_title_at(x: i32, y: i32) -> String {
    document()
        .elements_from_point(x as f32, y as f32)
        .iter()
        .filter_map(|e| e.dyn_into::<web_sys::Element>().ok())
        .find(|e| {
            e.get_attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == "dg"))
        })
        .and_then(|e| e.get_attribute("title"))
        .unwrap_or_default()
}
