//! The few browser services the page uses, behind plain functions: the URL,
//! history, clipboard, file download and upload, the clock, and the fatal
//! error message. Failures come back as values; nothing here panics.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Files larger than this are refused before they are read (as share links are).
pub const MAX_IMPORT_BYTES: f64 = 1_048_576.0;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Whether the page runs inside a frame: embedded in a lesson, or the Embed
/// dialog's measuring frame.
pub fn in_frame() -> bool {
    window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|p| p != w))
}

pub fn location_search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's path (no query, no fragment): `Open in full simulator` and
/// share links point there.
fn location_path() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The address of the full page (not the embed view) holding `fragment`.
pub fn full_page_link(fragment: &str) -> String {
    format!("{}#{fragment}", location_path())
}

/// The absolute address of the current page with `fragment`, for sharing.
pub fn share_link(fragment: &str) -> String {
    let origin = window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!(
        "{origin}{}{}#{fragment}",
        location_path(),
        location_search()
    )
}

/// Replaces the fragment without adding a history entry.
pub fn replace_fragment(fragment: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let url = format!("{}#{fragment}", location_search_or_path());
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn location_search_or_path() -> String {
    let search = location_search();
    if search.is_empty() {
        location_path()
    } else {
        search
    }
}

/// Seconds since the Unix epoch, for `aws:CurrentTime` and `aws:EpochTime`.
pub fn now_epoch_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Copies `text`; `Err` when the browser refuses (no permission, not secure).
pub async fn copy_text(text: &str) -> Result<(), ()> {
    let clipboard = window().map(|w| w.navigator().clipboard()).ok_or(())?;
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| ())
}

// `CompressionStream` is behind web-sys' unstable APIs: the two members used here.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
}

/// `text` (as UTF-8) compressed to raw DEFLATE by the browser's own
/// `CompressionStream("deflate-raw")`, which spares the page a compressor
/// (about 8 KB gzip of wasm). `None` where the browser lacks it.
pub async fn deflate_raw(text: &str) -> Option<Vec<u8>> {
    let compressor = CompressionStream::new("deflate-raw").ok()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    // A compression stream is the `{ readable, writable }` pair `pipeThrough` takes.
    let compressed = blob.stream().pipe_through(compressor.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// What [`inflate_raw`] made of its data.
pub enum Inflated {
    Data(Vec<u8>),
    NotDeflate,
    /// It inflates to more than the limit: reading stopped there.
    TooLarge,
    /// The browser has no `DecompressionStream("deflate-raw")`.
    Unsupported,
}

/// Raw DEFLATE `data` inflated by the browser's own
/// `DecompressionStream("deflate-raw")`, which spares the page an inflater
/// (about 8 KB gzip of wasm). Read chunk by chunk: a "zip bomb" stops at `limit`.
pub async fn inflate_raw(data: &[u8], limit: usize) -> Inflated {
    let Ok(inflater) = DecompressionStream::new("deflate-raw") else {
        return Inflated::Unsupported;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(data));
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return Inflated::Unsupported;
    };
    let reader: web_sys::ReadableStreamDefaultReader = blob
        .stream()
        .pipe_through(inflater.unchecked_ref())
        .get_reader()
        .unchecked_into();
    let mut inflated = Vec::new();
    loop {
        let Ok(chunk) = JsFuture::from(reader.read()).await else {
            return Inflated::NotDeflate;
        };
        let chunk: web_sys::ReadableStreamReadResult = chunk.unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Inflated::Data(inflated);
        }
        let bytes: js_sys::Uint8Array = chunk.get_value().unchecked_into();
        if inflated.len() + bytes.length() as usize > limit {
            let _ = reader.cancel();
            return Inflated::TooLarge;
        }
        inflated.extend(bytes.to_vec());
    }
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str) -> Result<(), JsValue> {
    let document = window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// The text of the first file chosen in `input`, refusing large files.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<Option<String>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    if file.size() > MAX_IMPORT_BYTES {
        return Err(format!(
            "`{}` is larger than 1 MiB; it was not opened",
            file.name()
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("`{}` could not be read", file.name()))?;
    Ok(text.as_string())
}

/// Shows the static fatal-error message of `index.html` (a panic means the
/// page can no longer be trusted to render).
pub fn show_fatal(message: &str) {
    let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"))
    else {
        return;
    };
    if let Some(detail) = element.query_selector("[data-detail]").ok().flatten() {
        detail.set_text_content(Some(message));
    }
    let _ = element.remove_attribute("hidden");
}
