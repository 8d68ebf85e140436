// Starts the wasm Trunk.toml's pattern_script names, in place of Trunk's inline
// loader (the page's CSP runs no inline script); shows #fatal if it cannot.
const script = document.querySelector("script[data-iamsim-js]");
try {
  const { default: init } = await import(script.dataset.iamsimJs);
  const wasm = await init({ module_or_path: script.dataset.iamsimWasm });
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (error) {
  const fatal = document.getElementById("fatal");
  // The panic hook (web/src/browser.rs) may have said why already.
  if (fatal.hidden) {
    fatal.querySelector("[data-detail]").textContent = String(error);
    fatal.hidden = false;
  }
}
