//! HTML for what the page only displays (expansions, access levels, the
//! access summary's table): written here, in the module that loads after
//! first paint, so that the page's first load carries no code to lay them
//! out. Every text from the policy or the catalog is escaped.

use std::fmt::Write;

pub use iamsim::html::escape;

/// Appends `<tag attrs>text</tag>`, the text escaped (`attrs` is trusted).
pub fn element(out: &mut String, tag: &str, attrs: &str, text: &str) {
    let _ = write!(out, "<{tag}{attrs}>");
    escape(text, out);
    let _ = write!(out, "</{tag}>");
}

/// Appends a message as the page writes them: backticked parts as `<code>`.
pub fn rich(text: &str, out: &mut String) {
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            element(out, "code", "", part);
        } else {
            escape(part, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        let mut out = String::new();
        element(&mut out, "code", "", "<img src=x onerror=alert(1)>\"'&");
        assert_eq!(
            out,
            "<code>&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</code>"
        );
    }
}
