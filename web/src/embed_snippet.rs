//! The Embed dialog's snippet: the `<iframe>` that shows a scenario in a
//! lesson (`?embed` plus the share link's `#s=`) and the height it takes,
//! from the content height the dialog measures.

/// The height offered until the preview is measured.
pub const DEFAULT_HEIGHT: u32 = 800;
/// Below this the frame is too small to use; above it, it scrolls inside.
const MIN_HEIGHT: u32 = 300;
pub const MAX_HEIGHT: u32 = 2400;
/// The snippet's 1 px border, top and bottom.
const BORDER: u32 = 2;
/// The width measured at: a typical docs column (the embed view's CSS aims at 600 to 800).
pub const MEASURE_WIDTH: u32 = 720;

/// The frame height for a content height measured in the measuring frame.
pub fn frame_height(content: f64) -> u32 {
    // Float to int `as` saturates; NaN becomes 0.
    (content.ceil() as u32)
        .saturating_add(BORDER)
        .clamp(MIN_HEIGHT, MAX_HEIGHT)
}

/// The embed view's address: `page` (origin and path, no query or fragment),
/// `?embed`, and the share link's fragment.
pub fn embed_url(page: &str, fragment: &str) -> String {
    format!("{page}?embed#{fragment}")
}

/// The HTML an author pastes into a lesson.
pub fn iframe_snippet(url: &str, title: Option<&str>, height: u32) -> String {
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("IAM policy simulator: {t}"),
        None => "IAM policy simulator".to_string(),
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" \
         style=\"border: 1px solid #ccc; border-radius: 4px\" loading=\"lazy\"></iframe>",
        attribute(url),
        attribute(&title)
    )
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_fits_the_measured_view_within_bounds() {
        assert_eq!(
            frame_height(1199.2),
            1202,
            "content, rounded up, plus the border"
        );
        assert_eq!(frame_height(40.0), MIN_HEIGHT);
        assert_eq!(frame_height(f64::NAN), MIN_HEIGHT);
        assert_eq!(
            frame_height(10_000.0),
            MAX_HEIGHT,
            "beyond this the frame scrolls inside"
        );
    }

    #[test]
    fn the_snippet_is_an_iframe_of_the_embed_view() {
        let url = embed_url("https://sim.example/iamsim/", "s=q1YqSi0sTS0uUbKqrq0FAA");
        assert_eq!(
            url,
            "https://sim.example/iamsim/?embed#s=q1YqSi0sTS0uUbKqrq0FAA"
        );
        assert_eq!(
            iframe_snippet(&url, Some("Tags \"&\" <you>"), 480),
            "<iframe src=\"https://sim.example/iamsim/?embed#s=q1YqSi0sTS0uUbKqrq0FAA\" \
             title=\"IAM policy simulator: Tags &quot;&amp;&quot; &lt;you&gt;\" width=\"100%\" height=\"480\" \
             style=\"border: 1px solid #ccc; border-radius: 4px\" loading=\"lazy\"></iframe>"
        );
        assert!(iframe_snippet(&url, Some("  "), 400).contains("title=\"IAM policy simulator\""));
    }
}
