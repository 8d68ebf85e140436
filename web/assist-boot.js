// Starts the page's assist module (crates/iamsim-assist: the policy checks,
// the AWS catalog), copied beside it into dist/assist/ (index.html). The page
// adds this script's tag a frame after its first paint, and hears the module,
// or null when it cannot start, as the window's "iamsim-assist" event. A file,
// not a wasm-bindgen snippet, so that the page's first load carries no part of it.
let assist = null;
try {
  const module = await import(new URL("iamsim_assist.js", import.meta.url).href);
  await module.default();
  assist = module;
} catch {
  // The page says quietly that the checks are unavailable.
}
dispatchEvent(new CustomEvent("iamsim-assist", { detail: assist }));
