//! The ground floor: the kinds every other module and every front end share,
//! each spelled once. `as_str()` gives the word of the contract (the scenario
//! format and the result JSON, docs/trace.md), `FromStr` reads it back, and
//! serde writes it through `as_str()`, so no other code spells these words.
//!
//! Nothing here imports any other module of the crate. One file per
//! vocabulary; `operator` also holds the one table of operator facts.

mod attachment;
mod decision;
mod effect;
pub mod operator;
mod policy_type;
mod principal;
mod severity;
mod step;

pub use attachment::Attachment;
pub use decision::Decision;
pub use effect::Effect;
pub use policy_type::PolicyType;
pub use principal::{PrincipalKind, RequestPrincipalKind};
pub use severity::Severity;
pub use step::{StepKind, StepOutcome};

/// A word that is not one of a kind's: what was given and the words allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    pub word: String,
    pub expected: &'static [&'static str],
}

impl std::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown word `{}`: expected {}",
            self.word,
            one_of(self.expected)
        )
    }
}

/// The words as a choice, for messages: "`a`, `b` or `c`".
pub fn one_of(words: &[&str]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let sep = match i {
            0 => "",
            _ if i + 1 == words.len() => " or ",
            _ => ", ",
        };
        out.push_str(sep);
        out.push('`');
        out.push_str(w);
        out.push('`');
    }
    out
}

impl std::error::Error for UnknownWord {}

/// Declares a fieldless enum with its contract words: `ALL`, `WORDS`,
/// `as_str`, `FromStr`, `Display` and a `Serialize` that writes the word.
macro_rules! words {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// Every word, in declaration order.
            pub const WORDS: &'static [&'static str] = &[$($word,)*];

            /// The word of the contract.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)* }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::kinds::UnknownWord;

            /// Reads the word of the contract (case-sensitive, as written).
            fn from_str(s: &str) -> Result<$name, Self::Err> {
                match s {
                    $($word => Ok($name::$variant),)*
                    _ => Err($crate::kinds::UnknownWord {
                        word: s.to_owned(),
                        expected: $name::WORDS,
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use words;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word reads back as its value, and serde writes the same word.
    fn round_trips<T>(all: &[T])
    where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + std::str::FromStr
            + serde::Serialize
            + std::fmt::Display,
        <T as std::str::FromStr>::Err: std::fmt::Debug,
    {
        for &value in all {
            let word = value.to_string();
            assert_eq!(word.parse::<T>().ok(), Some(value), "{word}");
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{word}\""));
        }
    }

    #[test]
    fn words_round_trip() {
        round_trips(Attachment::ALL);
        round_trips(Decision::ALL);
        round_trips(Effect::ALL);
        round_trips(PolicyType::ALL);
        round_trips(Severity::ALL);
        round_trips(PrincipalKind::ALL);
        round_trips(RequestPrincipalKind::ALL);
        round_trips(StepKind::ALL);
        round_trips(StepOutcome::ALL);
    }

    #[test]
    fn unknown_words_name_the_expected_ones() {
        let err = "Allowed".parse::<Decision>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown word `Allowed`: expected `allowed`, `explicitDeny` or `implicitDeny`"
        );
    }
}
