//! Request context: condition keys and their values. Keys compare
//! case-insensitively, as in AWS.

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(v) => std::slice::from_ref(v),
            ContextValue::Multi(vs) => vs,
        }
    }
}

/// Where condition keys are looked up: a [`Context`], or the request context
/// that evaluation layers over it (`eval::RequestContext`).
pub trait ContextLookup {
    /// The value of `key`, compared case-insensitively.
    fn get(&self, key: &str) -> Option<&ContextValue>;
}

impl ContextLookup for Context {
    fn get(&self, key: &str) -> Option<&ContextValue> {
        Context::get(self, key)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Context {
    /// (key as written, lowercased key, value), in insertion order.
    entries: Vec<(String, String, ContextValue)>,
}

impl Context {
    /// Sets `key`, replacing any value under the same key in another case.
    pub fn insert(&mut self, key: impl Into<String>, value: ContextValue) {
        let key = key.into();
        let lower = key.to_ascii_lowercase();
        match self.entries.iter_mut().find(|(_, l, _)| *l == lower) {
            Some(entry) => *entry = (key, lower, value),
            None => self.entries.push((key, lower, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries
            .iter()
            .find(|(_, l, _)| l.eq_ignore_ascii_case(key))
            .map(|(_, _, v)| v)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// (key as written, value) in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.iter().map(|(k, _, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_last_write_wins() {
        let mut ctx = Context::default();
        ctx.insert("aws:SourceIp", ContextValue::Single("10.0.0.1".into()));
        ctx.insert("AWS:sourceip", ContextValue::Single("10.0.0.2".into()));
        assert_eq!(ctx.len(), 1);
        assert_eq!(
            ctx.get("aws:sourceIP"),
            Some(&ContextValue::Single("10.0.0.2".into()))
        );
        assert_eq!(ctx.get("aws:username"), None);
    }
}
