//! The page's components, one per file.

pub mod app;
pub mod editor;
pub mod editor_edit;
mod embed_dialog;
mod header;
mod intro;
mod policies;
mod policy_panel;
mod request_form;
pub mod result;
#[cfg(test)]
mod result_fixture;
pub mod result_wording;
pub mod trace_view;
