//! The page's components, one per file (the editor's parts in `editor/`):
//! they wire the shared [`crate::page::Page`] and plain modules to the DOM.

pub mod app;
mod compare_versions;
mod editor;
mod embed_dialog;
mod header;
mod intro;
mod left_out;
mod policies;
mod policy_panel;
mod request_form;
mod requests_table;
mod result;
mod rich_text;
mod suggestions;
mod switch_bar;
mod trace_view;
