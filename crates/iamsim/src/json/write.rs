//! A compact JSON writer for the few shapes written without serde: the
//! scenario text ([`ScenarioText::to_json`](crate::scenario::ScenarioText::to_json))
//! and the web page's embed messages. Small on purpose: the page links no
//! serde code, and serde_json's writer would cost its first load 2 KB gzip.

/// Writes JSON into [`JsonWriter::out`], member by member.
#[derive(Default)]
pub struct JsonWriter {
    pub out: String,
    /// Whether the current object or array needs a comma before the next item.
    comma: bool,
}

impl JsonWriter {
    pub fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.comma = false;
    }

    pub fn close(&mut self, bracket: char) {
        self.out.push(bracket);
        self.comma = true;
    }

    pub fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    pub fn key(&mut self, key: &str) {
        self.separate();
        self.string(key);
        self.out.push(':');
        self.comma = false;
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if u32::from(c) < 0x20 => self.out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// A string element of the current array (or the value after a key).
    pub fn value(&mut self, s: &str) {
        self.separate();
        self.string(s);
    }

    pub fn field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.value(value);
    }

    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// A member whose value is JSON text already: a number, `true`, a document.
    pub fn raw_field(&mut self, key: &str, raw: &str) {
        self.key(key);
        self.out.push_str(raw);
        self.comma = true;
    }

    pub fn opt_raw(&mut self, key: &str, raw: Option<&str>) {
        if let Some(raw) = raw {
            self.raw_field(key, raw);
        }
    }

    pub fn number_field(&mut self, key: &str, number: impl std::fmt::Display) {
        self.raw_field(key, &number.to_string());
    }

    /// An array member: each item written by `item`.
    pub fn array<T>(&mut self, key: &str, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.key(key);
        self.separate();
        self.open('[');
        items.iter().for_each(|i| item(self, i));
        self.close(']');
    }
}
