//! Escaping for the front ends that write HTML themselves (the page's
//! highlighted editor, the assist module's panels): one function, so every
//! text from a policy reaches the DOM the same, safe way.

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` escaped: safe
/// inside element content and inside quoted attribute values.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five_html_specials() {
        let mut out = String::from("kept ");
        escape(r#"<script>alert("x" & 'y')</script>"#, &mut out);
        assert_eq!(
            out,
            "kept &lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }
}
