//! The `Condition` block: `{ operator: { key: value or [values] } }`.
//! Operator names are case-sensitive (see [`Operator::parse`]).

use super::statement::NOT_2012_10_17;
use super::{suggest, Parser};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::DiagnosticId;
use crate::json::{JsonValue, Key, Node};
use crate::kinds::operator::{BaseOperator, Family, Operator, WHERE_VARIABLES_WORK};
use crate::limits::MAX_CONDITION_VALUES;
use crate::policy::{Condition, ConditionValue, ValueKind};
use crate::source::Spanned;

impl Parser {
    pub(super) fn conditions(
        &mut self,
        node: &Node<'_>,
        variables_enabled: bool,
    ) -> Vec<Condition> {
        let mut conditions = Vec::new();
        let Some(blocks) = self.object(node, "`Condition`") else {
            return conditions;
        };
        for (name, block) in blocks {
            let operator = self.operator(name);
            let Some(keys) = self.object(block, &format!("the `{}` block", name.value)) else {
                continue;
            };
            for (key, values) in keys {
                let Some(mut values_read) = self.condition_values(values) else {
                    continue;
                };
                if values_read.len() > MAX_CONDITION_VALUES {
                    self.too_many_values(&key.value, values_read.len(), values);
                    continue;
                }
                if operator
                    .is_some_and(|o| matches!(o.base.family(), Family::StringLike | Family::Arn))
                {
                    values_read.retain(|v| {
                        self.pattern_fits(&Spanned::new(v.text.clone(), v.span), &name.value)
                    });
                }
                let why = if !variables_enabled {
                    Some(NOT_2012_10_17)
                } else if operator.is_some_and(|o| !o.base.family().takes_variables()) {
                    Some(WHERE_VARIABLES_WORK)
                } else {
                    None
                };
                for value in values_read.iter().filter(|v| v.kind == ValueKind::String) {
                    if let Some(why) = why {
                        self.literal_variable(&Spanned::new(value.text.clone(), value.span), why);
                    }
                }
                if let Some(operator) = operator {
                    conditions.push(Condition {
                        operator: Spanned::new(operator, name.span),
                        key: Spanned::new(key.value.to_string(), key.span),
                        values: values_read,
                        values_span: values.span,
                    });
                }
            }
        }
        conditions
    }

    fn too_many_values(&mut self, key: &str, count: usize, node: &Node<'_>) {
        self.diagnostics.push(
            Diagnostic::error(
                DiagnosticId::TooManyValues,
                format!("`{key}` has {count} values, more than the {MAX_CONDITION_VALUES} accepted"),
                node.span,
            )
            .with_help("no real condition needs that many: match them with a wildcard (`StringLike`), or split the statement"),
        );
    }

    fn operator(&mut self, name: &Key<'_>) -> Option<Operator> {
        if let Some(operator) = Operator::parse(&name.value) {
            return Some(operator);
        }
        let mut diagnostic = Diagnostic::error(
            DiagnosticId::UnknownConditionOperator,
            format!("unknown condition operator `{}`", name.value),
            name.span,
        );
        let names = all_operator_names();
        diagnostic = match suggest::did_you_mean(&name.value, names.iter().map(String::as_str)) {
            Some(help) => {
                diagnostic.with_help(format!("{help} (operator names are case-sensitive)"))
            }
            None => diagnostic.with_help(
                "see the IAM User Guide, \"IAM JSON policy elements: Condition operators\"",
            ),
        };
        self.diagnostics.push(diagnostic);
        None
    }

    /// A string, number or boolean, or an array of them.
    fn condition_values(&mut self, node: &Node<'_>) -> Option<Vec<ConditionValue>> {
        match &node.value {
            JsonValue::Array(items) => {
                let values: Vec<_> = items
                    .iter()
                    .filter_map(|item| self.condition_value(item))
                    .collect();
                (values.len() == items.len()).then_some(values)
            }
            _ => self.condition_value(node).map(|v| vec![v]),
        }
    }

    fn condition_value(&mut self, node: &Node<'_>) -> Option<ConditionValue> {
        let (text, kind) = match &node.value {
            JsonValue::String(s) => (s.to_string(), ValueKind::String),
            JsonValue::Number(n) => (n.to_string(), ValueKind::Number),
            JsonValue::Bool(b) => (b.to_string(), ValueKind::Bool),
            JsonValue::Null | JsonValue::Array(_) | JsonValue::Object(_) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        DiagnosticId::InvalidConditionValue,
                        format!("a condition value must be a string, number or boolean, not {}", node.kind_name()),
                        node.span,
                    )
                    .with_help("give one value or a flat array of values; to test that a key is absent use `Null`: `{ \"Null\": { \"key\": \"true\" } }`"),
                );
                return None;
            }
        };
        Some(ConditionValue {
            text,
            kind,
            span: node.span,
        })
    }
}

/// Every operator name AWS accepts, for suggestions.
fn all_operator_names() -> Vec<String> {
    let mut names = Vec::new();
    for base in BaseOperator::ALL {
        for prefix in ["", "ForAllValues:", "ForAnyValue:"] {
            for suffix in ["", "IfExists"] {
                let name = format!("{prefix}{}{suffix}", base.as_str());
                if Operator::parse(&name).is_some() {
                    names.push(name);
                }
            }
        }
    }
    names
}
