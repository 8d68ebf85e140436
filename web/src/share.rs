//! Share links: the `#s=` fragment written and read with the browser's
//! DEFLATE (`CompressionStream`, `DecompressionStream`), so the page carries
//! no compressor or inflater of its own. The format, its base64url and its
//! limits are the evaluator's (`iamsim::share`), where the fuzz targets reach
//! them too.

pub use iamsim::share::MAX_INFLATED_BYTES;
use iamsim::share::{deflated_data, fragment_of, stored_deflate, DecodeError};

use crate::browser::{self, Inflated};

/// The fragment (without `#`) for a scenario's JSON text, compressed by the
/// browser; where it cannot compress, the text goes in stored blocks.
pub async fn encode(json: &str) -> String {
    match browser::deflate_raw(json).await {
        Some(deflated) => fragment_of(&deflated),
        None => fragment_of(&stored_deflate(json.as_bytes())),
    }
}

/// The scenario JSON in a fragment (with or without `#`), `None` when it
/// holds no scenario; `Err` says why a link cannot be opened.
pub async fn decode(fragment: &str) -> Option<Result<String, String>> {
    let data = match deflated_data(fragment)? {
        Ok(data) => data,
        Err(e) => return Some(Err(e.to_string())),
    };
    let text = match browser::inflate_raw(&data, MAX_INFLATED_BYTES).await {
        Inflated::Data(bytes) => String::from_utf8(bytes).map_err(|_| DecodeError::NotUtf8),
        Inflated::NotDeflate => Err(DecodeError::NotDeflate),
        Inflated::TooLarge => Err(DecodeError::TooLarge),
        Inflated::Unsupported => {
            return Some(Err(
                "this browser cannot read share links (it lacks DecompressionStream)".to_string(),
            ))
        }
    };
    Some(text.map_err(|e| e.to_string()))
}
