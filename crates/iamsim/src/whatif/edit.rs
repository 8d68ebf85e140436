//! Edits of a policy's text that keep the rest of it as its author wrote
//! it: a statement or a pattern taken out, a statement added. Each works on
//! the spans of the evaluator's own JSON reader, so that key order, layout
//! and the other statements stay byte for byte.

use crate::json::{self, JsonValue, JsonWriter, Node};
use crate::source::Span;

/// A policy text, read.
pub struct Document<'t> {
    text: &'t str,
    root: Node<'t>,
}

impl<'t> Document<'t> {
    pub fn parse(text: &'t str) -> Option<Document<'t>> {
        let (root, _) = json::parse_borrowed(text, json::POLICY_LIMITS).ok()?;
        Some(Document { text, root })
    }

    /// The `Statement` value: an array of statements, or one statement.
    fn statements(&self) -> Option<&Node<'t>> {
        member(&self.root, "Statement")
    }

    /// The statement at `index` (as the evaluator counts: a lone statement
    /// object is 0).
    fn statement(&self, index: usize) -> Option<&Node<'t>> {
        match &self.statements()?.value {
            JsonValue::Array(items) => items.get(index),
            JsonValue::Object(_) if index == 0 => self.statements(),
            _ => None,
        }
    }

    /// The text without statement `index`.
    pub fn without_statement(&self, index: usize) -> Option<String> {
        let statements = self.statements()?;
        match &statements.value {
            // The last one: no layout is left inside the brackets either.
            JsonValue::Array(items) if items.len() == 1 && index == 0 => {
                Some(splice(self.text, statements.span, "[]"))
            }
            JsonValue::Array(items) => remove_item(self.text, items, index),
            JsonValue::Object(_) if index == 0 => Some(splice(self.text, statements.span, "[]")),
            _ => None,
        }
    }

    /// The text without the statements at `indices`.
    pub fn without_statements(&self, indices: &[usize]) -> Option<String> {
        let mut sorted = indices.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        // From the last, so that the earlier indices still hold.
        let mut text = self.text.to_owned();
        for &index in sorted.iter().rev() {
            text = Document::parse(&text)?.without_statement(index)?;
        }
        Some(text)
    }

    /// The text with statement `index`'s `element` (`Action`, `Resource`,
    /// ...) left without the patterns `drop` picks. `None` when the element
    /// is not a list, or would be left empty (that is another statement).
    pub fn without_patterns(
        &self,
        index: usize,
        element: &str,
        drop: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let value = member(self.statement(index)?, element)?;
        let JsonValue::Array(items) = &value.value else {
            return None;
        };
        let dropped: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| matches!(&item.value, JsonValue::String(s) if drop(s)))
            .map(|(i, _)| i)
            .collect();
        if dropped.is_empty() || dropped.len() == items.len() {
            return None;
        }
        // From the last, so that the earlier spans still hold.
        let mut text = self.text.to_owned();
        for &i in dropped.iter().rev() {
            let (node, _) = json::parse_borrowed(&text, json::POLICY_LIMITS).ok()?;
            let statement = match &member(&node, "Statement")?.value {
                JsonValue::Array(items) => items.get(index)?,
                JsonValue::Object(_) => member(&node, "Statement")?,
                _ => return None,
            };
            let JsonValue::Array(items) = &member(statement, element)?.value else {
                return None;
            };
            text = remove_item(&text, items, i)?;
        }
        Some(text)
    }

    /// The text with `statement` (JSON text) added after the last statement.
    pub fn with_statement(&self, statement: &str) -> Option<String> {
        let statements = self.statements()?;
        match &statements.value {
            JsonValue::Array(items) => match items.last() {
                Some(last) => {
                    let indent = indent_at(self.text, last.span.start as usize);
                    let at = Span::empty_at(last.span.end as usize);
                    Some(splice(self.text, at, &format!(",\n{indent}{statement}")))
                }
                None => Some(splice(
                    self.text,
                    statements.span,
                    &format!("[{statement}]"),
                )),
            },
            JsonValue::Object(_) => {
                let one = self.text.get(span_range(statements.span))?;
                let indent = indent_at(self.text, statements.span.start as usize);
                Some(splice(
                    self.text,
                    statements.span,
                    &format!("[\n{indent}  {one},\n{indent}  {statement}\n{indent}]"),
                ))
            }
            _ => None,
        }
    }
}

/// `text`, a JSON array of objects (a scenario's `requests`), with member
/// `key` of item `index` set to `value` (JSON text): replaced where it
/// stands, or added after the item's last member.
pub fn with_member(text: &str, index: usize, key: &str, value: &str) -> Option<String> {
    let (root, _) = json::parse_borrowed(text, json::POLICY_LIMITS).ok()?;
    let JsonValue::Array(items) = &root.value else {
        return None;
    };
    let item = items.get(index)?;
    let JsonValue::Object(members) = &item.value else {
        return None;
    };
    if let Some((_, old)) = members.iter().find(|(k, _)| k.value == key) {
        return Some(splice(text, old.span, value));
    }
    let member = format!("{}: {value}", string(key));
    Some(match members.last() {
        Some((_, last)) => splice(
            text,
            Span::empty_at(last.span.end as usize),
            &format!(", {member}"),
        ),
        None => splice(text, item.span, &format!("{{{member}}}")),
    })
}

/// A statement as one line of JSON: `(element, value)` pairs, each value
/// already JSON.
pub fn statement(members: &[(&str, String)]) -> String {
    let body: Vec<String> = members
        .iter()
        .map(|(key, value)| format!("{}: {value}", string(key)))
        .collect();
    format!("{{ {} }}", body.join(", "))
}

/// `text` as a JSON string.
pub fn string(text: &str) -> String {
    let mut w = JsonWriter::default();
    w.value(text);
    w.out
}

/// A whole policy document holding `statement`.
pub fn document(statement: &str) -> String {
    format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {statement}\n  ]\n}}")
}

fn member<'n, 't>(node: &'n Node<'t>, name: &str) -> Option<&'n Node<'t>> {
    match &node.value {
        JsonValue::Object(members) => members
            .iter()
            .find(|(k, _)| k.value == name)
            .map(|(_, v)| v),
        _ => None,
    }
}

fn span_range(span: Span) -> std::ops::Range<usize> {
    span.start as usize..span.end as usize
}

fn splice(text: &str, span: Span, with: &str) -> String {
    let range = span_range(span);
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(text.get(..range.start).unwrap_or_default());
    out.push_str(with);
    out.push_str(text.get(range.end..).unwrap_or_default());
    out
}

/// Takes item `index` out of an array, with the comma that joined it.
fn remove_item(text: &str, items: &[Node<'_>], index: usize) -> Option<String> {
    let item = items.get(index)?;
    let span = match (
        index.checked_sub(1).and_then(|i| items.get(i)),
        items.get(index + 1),
    ) {
        // Up to the next item: the comma and the layout before it go too.
        (_, Some(next)) => Span::new(item.span.start as usize, next.span.start as usize),
        // The last: from the end of the one before.
        (Some(previous), None) => Span::new(previous.span.end as usize, item.span.end as usize),
        (None, None) => item.span,
    };
    Some(splice(text, span, ""))
}

/// The spaces before `at` on its line, when only spaces are.
fn indent_at(text: &str, at: usize) -> String {
    let line_start = text
        .get(..at)
        .and_then(|before| before.rfind('\n').map(|i| i + 1))
        .unwrap_or(0);
    let before = text.get(line_start..at).unwrap_or_default();
    if before.chars().all(|c| c == ' ' || c == '\t') {
        before.to_owned()
    } else {
        String::new()
    }
}
