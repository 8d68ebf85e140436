//! AWS's access levels, the classification the Service Authorization
//! Reference gives every action and the IAM console's policy summary groups by.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// The name AWS's documentation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// The one-letter code of the catalog file.
    pub fn code(self) -> char {
        match self {
            AccessLevel::List => 'L',
            AccessLevel::Read => 'R',
            AccessLevel::Write => 'W',
            AccessLevel::PermissionsManagement => 'P',
            AccessLevel::Tagging => 'T',
        }
    }

    pub fn from_code(code: &str) -> Option<AccessLevel> {
        AccessLevel::ALL.into_iter().find(|level| {
            let mut buf = [0; 4];
            level.code().encode_utf8(&mut buf) == code
        })
    }

    /// Levels that change something: what least-privilege advice watches.
    pub fn is_write(self) -> bool {
        !matches!(self, AccessLevel::List | AccessLevel::Read)
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccessLevel {
    type Err = ();

    /// Accepts AWS's names, case-insensitively.
    fn from_str(s: &str) -> Result<Self, ()> {
        AccessLevel::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(s))
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for level in AccessLevel::ALL {
            assert_eq!(level.as_str().parse(), Ok(level));
            assert_eq!(
                AccessLevel::from_code(&level.code().to_string()),
                Some(level)
            );
        }
        assert_eq!(
            "permissions MANAGEMENT".parse(),
            Ok(AccessLevel::PermissionsManagement)
        );
        assert_eq!(AccessLevel::from_code("X"), None);
        assert_eq!(AccessLevel::from_code("LR"), None);
    }
}
