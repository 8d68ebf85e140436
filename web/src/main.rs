//! The iamsim simulator page: sets the panic hook and mounts the app.
//! Logic lives in plain modules tested by `cargo test -p iamsim-web`;
//! `components/` only wires and renders (see docs/web.md's code map).

mod assist;
mod browser;
mod checks;
mod comparison;
mod components;
mod editor_view;
mod embed_bridge;
mod embed_snippet;
mod evaluation;
mod examples;
#[cfg(test)]
mod fixture;
mod frame;
mod highlight;
mod mode;
mod model;
mod page;
mod scenario;
mod share;
mod suggestions;
mod switches;
mod text_edit;
mod trace_rows;
mod whatif;
mod wording;

/// Smaller than Rust's default wasm allocator (dlmalloc); the page runs on one thread.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        browser::show_fatal(&info.to_string());
    }));
    // The browser inflates a share link asynchronously: the page is built
    // once its scenario is read.
    wasm_bindgen_futures::spawn_local(async {
        let opening = page::Opening::from_fragment(&browser::location_hash()).await;
        leptos::mount::mount_to_body(move || {
            components::app::App(components::app::AppProps { opening })
        });
    });
}
