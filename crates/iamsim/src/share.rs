//! Share links: the scenario JSON in a URL fragment, `#s=` followed by raw
//! DEFLATE (RFC 1951) in base64url without padding (scenario spec, "share
//! links"). Reading one is pure and bounded, so it lives here, where the CLI,
//! the fuzz targets and the tests all reach it; the page takes only its first
//! half ([`deflated_data`]) and inflates with the browser, as it compresses
//! with the browser (the page's `share` module), with [`stored_deflate`] as
//! its fallback.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The most a link may inflate to. Far above any real scenario; a hostile
/// "zip bomb" stops here instead of filling memory.
pub const MAX_INFLATED_BYTES: usize = 1 << 20;

/// What starts a scenario's fragment (after the `#`).
pub const PREFIX: &str = "s=";

/// The fragment (without `#`) for raw DEFLATE data.
pub fn fragment_of(deflated: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// `data` as uncompressed DEFLATE: stored blocks of at most 65,535 bytes,
/// each a header byte (BFINAL on the last), LEN and its complement NLEN,
/// little-endian (RFC 1951, 3.2.4). For when the browser cannot compress.
pub fn stored_deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 65_535 * 5 + 5);
    let mut blocks = data.chunks(usize::from(u16::MAX)).peekable();
    if blocks.peek().is_none() {
        // An empty text is one empty final block.
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.push(u8::from(blocks.peek().is_none()));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

/// Why a fragment could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    NotBase64,
    NotDeflate,
    TooLarge,
    NotUtf8,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::NotBase64 => "the share link is damaged: its text is not base64url",
            DecodeError::NotDeflate => {
                "the share link is damaged: its data is not DEFLATE-compressed"
            }
            DecodeError::TooLarge => {
                "the share link holds more than 1 MiB of scenario; it was not opened"
            }
            DecodeError::NotUtf8 => "the share link is damaged: its scenario is not UTF-8 text",
        })
    }
}

/// The scenario JSON in a fragment (with or without `#`), `None` when the
/// fragment holds no scenario at all.
pub fn decode(fragment: &str) -> Option<Result<String, DecodeError>> {
    Some(deflated_data(fragment)?.and_then(|bytes| inflate(&bytes)))
}

/// The raw DEFLATE data of a fragment (with or without `#`): the first half
/// of [`decode`]. The page inflates it with the browser's own
/// `DecompressionStream`, which spares it an inflater in wasm.
pub fn deflated_data(fragment: &str) -> Option<Result<Vec<u8>, DecodeError>> {
    let data = fragment.trim_start_matches('#').strip_prefix(PREFIX)?;
    // Links pasted from some tools keep padding: accept it.
    Some(
        URL_SAFE_NO_PAD
            .decode(data.trim_end_matches('='))
            .map_err(|_| DecodeError::NotBase64),
    )
}

fn inflate(bytes: &[u8]) -> Result<String, DecodeError> {
    let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, MAX_INFLATED_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => DecodeError::TooLarge,
            _ => DecodeError::NotDeflate,
        })?;
    String::from_utf8(inflated).map_err(|_| DecodeError::NotUtf8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// What the browser's `CompressionStream("deflate-raw")` writes: raw DEFLATE.
    fn encode(json: &str) -> String {
        fragment_of(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
    }

    #[test]
    fn stored_blocks_round_trip() {
        for len in [0, 1, 65_535, 65_536, 200_000] {
            let json: String = "ab\"é".chars().cycle().take(len).collect();
            let fragment = fragment_of(&stored_deflate(json.as_bytes()));
            assert_eq!(decode(&fragment), Some(Ok(json)), "{len} characters");
        }
    }

    #[test]
    fn round_trips() {
        let json = r#"{"request":{"action":"s3:GetObject"}}"#;
        let fragment = encode(json);
        let data = fragment.strip_prefix("s=").unwrap();
        assert!(
            !data.contains(['=', '+', '/']),
            "base64url without padding: {data}"
        );
        assert_eq!(decode(&format!("#{fragment}")), Some(Ok(json.to_string())));
    }

    #[test]
    fn reads_what_python_zlib_writes() {
        // `zlib.compressobj(9, zlib.DEFLATED, -15)` of `{"request":{}}`, urlsafe, no padding.
        assert_eq!(
            decode("#s=q1YqSi0sTS0uUbKqrq0FAA"),
            Some(Ok(r#"{"request":{}}"#.to_string()))
        );
        assert_eq!(
            decode("#s=q1YqSi0sTS0uUbKqrq0FAA=="),
            Some(Ok(r#"{"request":{}}"#.to_string())),
            "padding is accepted"
        );
    }

    #[test]
    fn other_fragments_are_not_scenarios() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#top"), None);
    }

    #[test]
    fn broken_links_fail_with_a_reason() {
        assert_eq!(decode("#s=!!!"), Some(Err(DecodeError::NotBase64)));
        assert_eq!(decode("#s=AAAA"), Some(Err(DecodeError::NotDeflate)));
        let bomb = encode(&" ".repeat(MAX_INFLATED_BYTES + 1));
        assert_eq!(decode(&bomb), Some(Err(DecodeError::TooLarge)));
        let exactly = encode(&" ".repeat(MAX_INFLATED_BYTES));
        assert!(matches!(decode(&exactly), Some(Ok(text)) if text.len() == MAX_INFLATED_BYTES));
        let latin1 = fragment_of(&stored_deflate(b"{\"a\": \"\xe9\"}"));
        assert_eq!(decode(&latin1), Some(Err(DecodeError::NotUtf8)));
    }
}
