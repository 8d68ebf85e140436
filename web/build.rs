//! The page's wasm keeps the linker's relocations: scripts/split-page.mjs
//! reads them to split the page at its `#[leptos::lazy]` functions
//! (docs/size.md). Set here, not in RUSTFLAGS, so that it touches only this
//! link (no dependency is rebuilt, the JS API's wasm is not concerned); the
//! relocations never ship: wasm-bindgen and wasm-opt drop them.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_FAMILY").as_deref() == Ok("wasm") {
        println!("cargo:rustc-link-arg-bin=iamsim-web=--emit-relocs");
    }
}
