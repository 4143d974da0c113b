//! Pseudonymised identifiers for personal data (GDPR): names, e-mails or customer numbers
//! replaced by keyed hashes, so that tables can still be joined on them but nobody without the
//! key can tell who is who.
//!
//! Pseudonymised data is still personal data under the GDPR (whoever holds the key can link it
//! back); keep the key apart from the data, and never in a notebook that is shared.

use super::{replaced, require_distinct};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use hmac::{Hmac, Mac};
use polars::prelude::*;
use sha2::Sha256;
use std::fmt::Write;

/// Characters of the hex HMAC kept in a pseudonym (64 bits).
const PSEUDONYM_LENGTH: usize = 16;

/// The pseudonym of one value: HMAC-SHA256 of its text with `key`, in hex, first 16 characters.
fn pseudonym(key: &[u8], value: &str) -> Result<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .map_err(|e| SdiaError::InvalidInput(format!("pseudonymize: unusable key ({e})")))?;
    mac.update(value.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in mac.finalize().into_bytes() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex.truncate(PSEUDONYM_LENGTH);
    Ok(hex)
}

/// `df` with each value of `columns` replaced, at its place, by a keyed hash: HMAC-SHA256 of
/// the value's text with `key`, in hex, first 16 characters. The same value with the same key
/// always gives the same pseudonym, so joins and counts still work; nulls stay null. Columns
/// may be text, categorical, boolean or integer (values are hashed as text), not float.
///
/// An empty `key` is an error: without a secret key, anyone could recompute the pseudonym of a
/// guessable value (an e-mail, a name, a phone number) and find who it is.
///
/// ```
/// use sdia::prelude::*;
///
/// let patients = df!("email" => [Some("ada@example.org"), None, Some("ada@example.org")]).unwrap();
/// let out = pseudonymize(&patients, &["email"], "course-secret").unwrap();
/// let p: Vec<Option<&str>> = out.column("email").unwrap().str().unwrap().iter().collect();
/// assert_eq!(p, [Some("378b30a58612965c"), None, Some("378b30a58612965c")]);
/// ```
pub fn pseudonymize(df: &DataFrame, columns: impl ColumnNames, key: &str) -> Result<DataFrame> {
    let columns = columns.names();
    let columns = columns.as_slice();
    if key.is_empty() {
        return Err(SdiaError::InvalidInput(
            "pseudonymize needs a secret key: without one, anyone could recompute the \
             pseudonym of a guessable value (an e-mail, a name) and find who it is. Choose a \
             long random key and keep it apart from the data"
                .into(),
        ));
    }
    if columns.is_empty() {
        return Err(SdiaError::InvalidInput(
            "pseudonymize needs the columns that hold personal data, e.g. &[\"name\", \"email\"]"
                .into(),
        ));
    }
    require_distinct(columns, "pseudonymize")?;
    frame::require_columns(df, columns)?;
    let mut out = df.clone();
    for name in columns {
        let hashed = frame::labels(df, name)?
            .into_iter()
            .map(|v| v.map(|s| pseudonym(key.as_bytes(), &s)).transpose())
            .collect::<Result<Vec<Option<String>>>>()?;
        out = replaced(&out, name, Column::new((*name).into(), hashed))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::testing::strs;

    #[test]
    fn pseudonyms_match_an_independent_hmac() {
        // expected values from Python: hmac.new(b"course-secret", v.encode(), hashlib.sha256)
        //     .hexdigest()[:16]
        let df = df!(
            "email" => ["ada@example.org", "alan@example.org"],
            "id" => [42, 42],
            "age" => [36, 41],
        )
        .unwrap();
        let out = pseudonymize(&df, &["email", "id"], "course-secret").unwrap();
        let email = strs(&out, "email");
        assert_eq!(email, ["378b30a58612965c", "4509a47b46c06a82"]);
        let id = strs(&out, "id");
        assert_eq!(id, ["e0cb14fe353417cd", "e0cb14fe353417cd"]);
        assert_eq!(out.column("age").unwrap().i32().unwrap().get(0), Some(36));
        assert_eq!(out.get_column_names()[0].as_str(), "email");
    }

    #[test]
    fn another_key_gives_other_pseudonyms() {
        let df = df!("e" => ["ada@example.org"]).unwrap();
        let a = pseudonymize(&df, &["e"], "k1").unwrap();
        let b = pseudonymize(&df, &["e"], "k2").unwrap();
        assert_ne!(
            a.column("e").unwrap().str().unwrap().get(0),
            b.column("e").unwrap().str().unwrap().get(0)
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        let df = df!("e" => ["x"], "f" => [1.5]).unwrap();
        let e = pseudonymize(&df, &["e"], "").unwrap_err().to_string();
        assert!(e.contains("secret key") && e.contains("recompute"), "{e}");
        assert!(pseudonymize(&df, &[], "k").is_err());
        // hashing a column twice would give hashes of hashes
        let e = pseudonymize(&df, &["e", "e"], "k").unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        assert!(matches!(
            pseudonymize(&df, &["f"], "k"),
            Err(SdiaError::NotCategorical { .. })
        ));
        assert!(matches!(
            pseudonymize(&df, &["zz"], "k"),
            Err(SdiaError::ColumnNotFound { .. })
        ));
    }
}
