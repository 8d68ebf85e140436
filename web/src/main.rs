//! The iamsim simulator page: sets the panic hook and mounts the app.
//! Logic lives in plain modules (`state`, `share`, `evaluation`, `mode`)
//! tested by `cargo test -p iamsim-web`; components only wire and render.

mod browser;
mod components;
mod embed_bridge;
mod evaluation;
mod examples;
mod highlight;
mod json_text;
mod mode;
mod model;
mod share;
mod state;

/// Smaller than Rust's default wasm allocator (dlmalloc); the page runs on one thread.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        browser::show_fatal(&info.to_string());
    }));
    leptos::mount::mount_to_body(components::app::App);
}
