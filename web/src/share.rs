//! Share links: writing the `#s=` fragment with the browser's DEFLATE.
//! Reading one back, the format and its limits are the evaluator's
//! (`iamsim::share`), where the fuzz targets reach them too.

pub use iamsim::share::{decode, MAX_INFLATED_BYTES};
use iamsim::share::{fragment_of, stored_deflate};

/// The fragment (without `#`) for a scenario's JSON text, compressed by the
/// browser; where it cannot compress, the text goes in stored blocks.
pub async fn encode(json: &str) -> String {
    match crate::browser::deflate_raw(json).await {
        Some(deflated) => fragment_of(&deflated),
        None => fragment_of(&stored_deflate(json.as_bytes())),
    }
}
