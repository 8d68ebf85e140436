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

macro_rules! base_operators {
    ($($name:ident),* $(,)?) => {
        /// The operators of the AWS condition operator reference.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum BaseOperator { $($name),* }

        impl BaseOperator {
            pub const ALL: &'static [BaseOperator] = &[$(BaseOperator::$name),*];

            pub fn as_str(self) -> &'static str {
                match self { $(BaseOperator::$name => stringify!($name)),* }
            }
        }
    };
}

base_operators!(
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
);

impl BaseOperator {
    /// Negated operators: with several values, the condition matches only if
    /// the request value equals none of them.
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }
}

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
