//! The page's components, one per file (the editor's parts in `editor/`):
//! they wire the shared [`crate::page::Page`] and plain modules to the DOM.

pub mod app;
mod editor;
mod embed_dialog;
mod header;
mod intro;
mod policies;
mod policy_panel;
mod request_form;
mod result;
mod rich_text;
mod trace_view;
