//! How the page was asked to show itself, from its query string:
//! `?embed` or `?embed=1` for the compact view an iframe in a docs column
//! shows, `&readonly` on top for a fixed demonstration.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageMode {
    pub embed: bool,
    pub readonly: bool,
}

impl PageMode {
    /// `search` is `location.search`, with or without its `?`.
    pub fn from_query(search: &str) -> PageMode {
        let flag = |name: &str| {
            search.trim_start_matches('?').split('&').any(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                key == name && !matches!(value, "0" | "false")
            })
        };
        PageMode {
            embed: flag("embed"),
            readonly: flag("readonly"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_and_readonly_flags() {
        assert_eq!(PageMode::from_query(""), PageMode::default());
        assert_eq!(
            PageMode::from_query("?embed"),
            PageMode {
                embed: true,
                readonly: false
            }
        );
        assert_eq!(
            PageMode::from_query("?embed=1&readonly"),
            PageMode {
                embed: true,
                readonly: true
            }
        );
        assert_eq!(PageMode::from_query("?embed=0"), PageMode::default());
        assert_eq!(PageMode::from_query("?embedded=1"), PageMode::default());
    }
}
