//! MoSCoW priorities: must, should, could, won't (this time), read in English or French.

use crate::error::{Result, SdiaError};

/// A MoSCoW priority, ordered from the most to the least important (`Must < Should`).
///
/// ```
/// use sdia::prelude::*;
///
/// assert_eq!(Priority::parse("Pourrait", "E4").unwrap(), Priority::Could);
/// assert!(Priority::Must < Priority::Wont);
/// assert!(Priority::parse("urgent", "E4").unwrap_err().to_string().contains("'E4'"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Must have: the project fails without it.
    Must,
    /// Should have: important, not vital.
    Should,
    /// Could have: if time and budget allow.
    Could,
    /// Won't have this time: out of scope, kept for the record.
    Wont,
}

impl Priority {
    /// The four priorities, in order.
    pub const ALL: [Priority; 4] = [
        Priority::Must,
        Priority::Should,
        Priority::Could,
        Priority::Wont,
    ];

    /// Reads a priority, in any case: `must`, `should`, `could`, `wont` (also `won't`,
    /// `must have`…) or in French `doit`, `devrait`, `pourrait`, `ne fera pas`. The error names
    /// the requirement `id` and the value, and lists the accepted words.
    pub fn parse(text: &str, id: &str) -> Result<Priority> {
        let folded = text.trim().to_lowercase().replace(['’', '\''], "");
        let word = folded.strip_suffix(" have").unwrap_or(&folded).trim();
        match word {
            "must" | "doit" => Ok(Priority::Must),
            "should" | "devrait" => Ok(Priority::Should),
            "could" | "pourrait" => Ok(Priority::Could),
            "wont" | "will not" | "ne fera pas" => Ok(Priority::Wont),
            _ => Err(SdiaError::InvalidInput(format!(
                "priority of '{id}' is '{text}', not a MoSCoW priority: use must, should, could \
                 or wont (in French: doit, devrait, pourrait, ne fera pas)"
            ))),
        }
    }

    /// The English label: `"must"`, `"should"`, `"could"`, `"wont"`.
    pub fn label(self) -> &'static str {
        match self {
            Priority::Must => "must",
            Priority::Should => "should",
            Priority::Could => "could",
            Priority::Wont => "wont",
        }
    }

    /// Its position in [`Priority::ALL`] (0 for must … 3 for wont).
    pub(crate) fn rank(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_english_and_french_in_any_case() {
        for (text, p) in [
            ("must", Priority::Must),
            (" DOIT ", Priority::Must),
            ("Must have", Priority::Must),
            ("Devrait", Priority::Should),
            ("could", Priority::Could),
            ("pourrait", Priority::Could),
            ("won't", Priority::Wont),
            ("Ne fera pas", Priority::Wont),
        ] {
            assert_eq!(Priority::parse(text, "E1").unwrap(), p, "{text}");
        }
        let e = Priority::parse("haute", "E9").unwrap_err().to_string();
        assert!(
            e.contains("'E9'") && e.contains("haute") && e.contains("doit"),
            "{e}"
        );
        assert_eq!(Priority::Could.rank(), 2);
        assert_eq!(Priority::Wont.label(), "wont");
    }
}
