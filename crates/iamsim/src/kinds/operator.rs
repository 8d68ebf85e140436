//! Condition operator names: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.

/// A condition operator as written in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub base: BaseOperator,
    pub qualifier: Option<SetQualifier>,
    pub if_exists: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// The one table of operator facts: every base operator AWS knows, with the
/// family it compares in and whether it is negated. The parser's warnings,
/// the evaluator and the checks all read it, so they cannot disagree.
macro_rules! base_operators {
    ($($name:ident => $family:expr, $negated:expr;)*) => {
        /// The operators of the AWS condition operator reference.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum BaseOperator { $($name),* }

        impl BaseOperator {
            pub const ALL: &'static [BaseOperator] = &[$(BaseOperator::$name),*];

            pub fn as_str(self) -> &'static str {
                match self { $(BaseOperator::$name => stringify!($name)),* }
            }

            /// How the operator compares, whatever its negation.
            pub fn family(self) -> Family {
                match self { $(BaseOperator::$name => $family),* }
            }

            /// Negated operators (`StringNotEquals`, `NotIpAddress`, ...): with
            /// several values, the condition matches only if the request value
            /// equals none of them; on an absent key, or against a policy
            /// variable with no value, they match.
            pub fn is_negated(self) -> bool {
                match self { $(BaseOperator::$name => $negated),* }
            }
        }
    };
}

use Family as F;
use Ordering as O;

// reference_policies_elements_condition_operators.md, one section per family.
base_operators! {
    StringEquals => F::StringExact { ignore_case: false }, false;
    StringNotEquals => F::StringExact { ignore_case: false }, true;
    StringEqualsIgnoreCase => F::StringExact { ignore_case: true }, false;
    StringNotEqualsIgnoreCase => F::StringExact { ignore_case: true }, true;
    StringLike => F::StringLike, false;
    StringNotLike => F::StringLike, true;
    NumericEquals => F::Numeric(O::Equal), false;
    NumericNotEquals => F::Numeric(O::Equal), true;
    NumericLessThan => F::Numeric(O::Less), false;
    NumericLessThanEquals => F::Numeric(O::LessOrEqual), false;
    NumericGreaterThan => F::Numeric(O::Greater), false;
    NumericGreaterThanEquals => F::Numeric(O::GreaterOrEqual), false;
    DateEquals => F::Date(O::Equal), false;
    DateNotEquals => F::Date(O::Equal), true;
    DateLessThan => F::Date(O::Less), false;
    DateLessThanEquals => F::Date(O::LessOrEqual), false;
    DateGreaterThan => F::Date(O::Greater), false;
    DateGreaterThanEquals => F::Date(O::GreaterOrEqual), false;
    Bool => F::Bool, false;
    BinaryEquals => F::Binary, false;
    IpAddress => F::Ip, false;
    NotIpAddress => F::Ip, true;
    ArnEquals => F::Arn, false;
    ArnLike => F::Arn, false;
    ArnNotEquals => F::Arn, true;
    ArnNotLike => F::Arn, true;
    Null => F::Null, false;
}

/// How an operator compares, whatever its negation: one per section of the
/// condition operator reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    StringExact { ignore_case: bool },
    StringLike,
    Numeric(Ordering),
    Date(Ordering),
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// What a numeric or date comparison asks of request value `r` and policy
/// value `p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordering {
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Ordering {
    pub fn holds<T: PartialOrd>(self, r: T, p: T) -> bool {
        match self {
            Ordering::Equal => r == p,
            Ordering::Less => r < p,
            Ordering::LessOrEqual => r <= p,
            Ordering::Greater => r > p,
            Ordering::GreaterOrEqual => r >= p,
        }
    }
}

impl Family {
    /// Whether `${...}` in a value of this family is a policy variable.
    /// String and ARN operators: reference_policies_variables.md, "Condition
    /// element". `Bool`: that page lists Boolean among the operators that
    /// take no variable, but the more specific page,
    /// reference_policies_elements_condition_operators.md, "Boolean condition
    /// operators", says "You can use a policy variable with the Boolean
    /// condition operator"; we follow the operator's own section.
    pub fn takes_variables(self) -> bool {
        matches!(
            self,
            Family::StringExact { .. } | Family::StringLike | Family::Arn | Family::Bool
        )
    }

    /// What a value of this family is called in a note.
    pub fn value_name(self) -> &'static str {
        match self {
            Family::Numeric(_) => "a number",
            Family::Date(_) => "a date (ISO 8601 or epoch seconds)",
            Family::Bool | Family::Null => "`true` or `false`",
            Family::Binary => "base64",
            Family::Ip => "an IP address",
            Family::StringExact { .. } | Family::StringLike | Family::Arn => "text",
        }
    }
}

/// Where policy variables work, as the parser's warning and the evaluator's
/// note say it ([`Family::takes_variables`]).
pub const WHERE_VARIABLES_WORK: &str =
    "policy variables are replaced only in values of the string, ARN and Bool operators";

impl Operator {
    /// Parses an operator name; `None` if it is not one AWS knows.
    /// Operator names are case-sensitive in AWS, prefixes and suffix included.
    pub fn parse(name: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, name)
        };
        let (if_exists, base_name) = match rest.strip_suffix("IfExists") {
            Some(base) => (true, base),
            None => (false, rest),
        };
        let base = BaseOperator::ALL
            .iter()
            .copied()
            .find(|b| b.as_str() == base_name)?;
        // `NullIfExists` is meaningless and rejected by AWS.
        if if_exists && base == BaseOperator::Null {
            return None;
        }
        Some(Operator {
            base,
            qualifier,
            if_exists,
        })
    }

    /// The operator's name as AWS writes it.
    pub fn name(&self) -> String {
        let prefix = match self.qualifier {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{prefix}{}{suffix}", self.base.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The table agrees with the reference's lists: negated operators are the
    // `Not` ones; variables work in the string, ARN and Bool families only.
    #[test]
    fn the_table_matches_the_operator_names() {
        for base in BaseOperator::ALL {
            let name = base.as_str();
            assert_eq!(base.is_negated(), name.contains("Not"), "{name}");
            let with_variables =
                name.starts_with("String") || name.starts_with("Arn") || name == "Bool";
            assert_eq!(base.family().takes_variables(), with_variables, "{name}");
        }
    }

    #[test]
    fn parses_qualified_and_if_exists_operators() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists");
        assert_eq!(
            op,
            Some(Operator {
                base: BaseOperator::StringLike,
                qualifier: Some(SetQualifier::ForAnyValue),
                if_exists: true
            })
        );
        assert_eq!(
            op.map(|o| o.name()).as_deref(),
            Some("ForAnyValue:StringLikeIfExists")
        );
        assert_eq!(Operator::parse("StringEqualz"), None);
        assert_eq!(Operator::parse("stringequals"), None);
        assert_eq!(Operator::parse("NullIfExists"), None);
    }
}
