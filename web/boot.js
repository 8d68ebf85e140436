// Starts the simulator's WebAssembly. A file, not an inline script, because
// the page's Content-Security-Policy (index.html) runs no inline script at
// all: Trunk's own inline loader is replaced by the tag in Trunk.toml's
// `pattern_script`, which names the hashed glue and wasm files in its data
// attributes for this loader to start.
//
// If the WebAssembly never starts (unsupported browser, damaged or missing
// file), it says so in the page's static error box instead of a blank page.
const script = document.querySelector("script[data-iamsim-js]");

function fail(reason) {
  const fatal = document.getElementById("fatal");
  // The panic hook (web/src/browser.rs) may have said why already.
  if (!fatal.hidden) return;
  fatal.querySelector("[data-detail]").textContent = String(reason);
  fatal.hidden = false;
}

try {
  const { default: init } = await import(script.dataset.iamsimJs);
  const wasm = await init({ module_or_path: script.dataset.iamsimWasm });
  // What Trunk's loader fires: tests and tools wait for it.
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (error) {
  fail(error);
}
