//! JSON results, pretty or compact. An array's elements are serialized one
//! by one (on several threads), framed so that the whole reads exactly as
//! serde_json would have written the array at once. Compact JSON, what a
//! pipe gets, is written by sonic-rs, whose SIMD string escaping makes it
//! several times faster than serde_json on the trace's many short strings.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::Serializer;

#[derive(Debug, Clone, Copy)]
pub struct JsonStyle {
    pub pretty: bool,
}

impl JsonStyle {
    /// One value on its own.
    pub fn write(self, out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
        if self.pretty {
            value.serialize(&mut Serializer::pretty(out))?;
        } else {
            let mut bytes = Vec::new();
            sonic_rs::to_writer(&mut bytes, value).map_err(io::Error::other)?;
            out.write_all(&bytes)?;
        }
        Ok(())
    }

    /// Element `index` of an array whose `[` is already written.
    pub fn element(
        self,
        out: &mut Vec<u8>,
        index: usize,
        value: &impl Serialize,
    ) -> io::Result<()> {
        if index > 0 {
            out.push(b',');
        }
        if self.pretty {
            out.extend_from_slice(b"\n  ");
            // A formatter one level deep, as inside the array.
            let mut formatter = PrettyFormatter::new();
            formatter.begin_array(&mut io::sink())?;
            value.serialize(&mut Serializer::with_formatter(out, formatter))?;
        } else {
            sonic_rs::to_writer(&mut *out, value).map_err(io::Error::other)?;
        }
        Ok(())
    }

    /// What closes an array of `len` elements.
    pub fn array_end(self, len: usize) -> &'static [u8] {
        if self.pretty && len > 0 {
            b"\n]"
        } else {
            b"]"
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn framed(style: JsonStyle, values: &[serde_json::Value]) -> String {
        let mut out = b"[".to_vec();
        for (index, value) in values.iter().enumerate() {
            style.element(&mut out, index, value).unwrap();
        }
        out.extend_from_slice(style.array_end(values.len()));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn elements_framed_one_by_one_read_as_the_whole_array() {
        let values = vec![
            json!({ "decision": "allowed", "trace": [{ "step": "x", "policies": [] }], "n": [1, 2] }),
            json!({ "decision": "implicitDeny", "trace": [] }),
        ];
        for pretty in [true, false] {
            let expected = if pretty {
                serde_json::to_string_pretty(&values)
            } else {
                serde_json::to_string(&values)
            }
            .unwrap();
            assert_eq!(framed(JsonStyle { pretty }, &values), expected);
            assert_eq!(framed(JsonStyle { pretty }, &[]), "[]");
        }
    }

    /// Compact output is serde_json's to the byte, escapes included, on a
    /// real result.
    #[test]
    fn compact_output_is_serde_jsons_on_a_real_result() {
        let text = r#"{"request": {"principal": "arn:aws:iam::111122223333:user/al\"ice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/é\\k\u0001"},
            "identityPolicies": [{"name": "p \"quoted\" \t tab", "document": "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}"}]}"#;
        let scenario = iamsim::load_scenario(text, "t.json").unwrap();
        let result = iamsim::evaluate(&scenario, &iamsim::EvalOptions::default());
        let mut ours = Vec::new();
        JsonStyle { pretty: false }
            .element(&mut ours, 0, &result)
            .unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(&result).unwrap()
        );
    }
}
