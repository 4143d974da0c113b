//! Loops over text columns that avoid hashing each value as a `&str`: polars keeps a value of
//! at most 12 bytes inline in its 16-byte view (length, then the bytes, zero-padded), so
//! such a value is compared and hashed as one `u128`. Longer values take the ordinary path.

use polars::prelude::*;

/// The longest value polars keeps inline in its view.
const INLINE: usize = 12;

/// The view polars gives an inline value, as a number: the length (a native-endian `u32`),
/// then the bytes, then zeros. `None` for a value too long to be inline.
fn inline_key(value: &str) -> Option<u128> {
    let bytes = value.as_bytes();
    if bytes.len() > INLINE {
        return None;
    }
    let mut view = [0u8; 16];
    view[..4].copy_from_slice(&(bytes.len() as u32).to_ne_bytes());
    view[4..4 + bytes.len()].copy_from_slice(bytes);
    Some(u128::from_ne_bytes(view))
}

/// Calls `f` on each present value of `values`: `Ok(key)` for an inline value, `Err(text)`
/// for a longer one; stops when `f` returns `true`, and then returns `true`.
fn each_present<'a>(
    values: &'a StringChunked,
    mut f: impl FnMut(Result<u128, &'a str>) -> bool,
) -> bool {
    for array in values.downcast_iter() {
        for (view, value) in array.views().iter().zip(array.iter()) {
            let Some(text) = value else { continue };
            let value = if view.length as usize <= INLINE {
                Ok(view.as_u128())
            } else {
                Err(text)
            };
            if f(value) {
                return true;
            }
        }
    }
    false
}

/// The distinct present values of `values`, in the order they first appear.
pub(crate) fn distinct(values: &StringChunked) -> Vec<String> {
    let mut inline: PlHashSet<u128> = PlHashSet::default();
    let mut long: PlHashSet<&str> = PlHashSet::default();
    let mut firsts: Vec<Result<u128, &str>> = Vec::new();
    each_present(values, |value| {
        let new = match value {
            Ok(key) => inline.insert(key),
            Err(text) => long.insert(text),
        };
        if new {
            firsts.push(value);
        }
        false
    });
    firsts
        .into_iter()
        .map(|value| match value {
            Ok(key) => text_of(key),
            Err(text) => text.to_string(),
        })
        .collect()
}

/// The code [`codes`] gives a missing value.
pub(crate) const MISSING: u32 = u32::MAX;
/// The code [`codes`] gives a present value that is none of the categories.
pub(crate) const UNKNOWN: u32 = u32::MAX - 1;

/// Each row's position in `categories` ([`MISSING`] for a null, [`UNKNOWN`] for another
/// value), in one pass.
pub(crate) fn codes(values: &StringChunked, categories: &[String]) -> Vec<u32> {
    let mut inline: PlHashMap<u128, u32> = PlHashMap::default();
    let mut long: PlHashMap<&str, u32> = PlHashMap::default();
    for (i, category) in categories.iter().enumerate() {
        match inline_key(category) {
            Some(key) => inline.insert(key, i as u32),
            None => long.insert(category.as_str(), i as u32),
        };
    }
    let mut out = Vec::with_capacity(values.len());
    for array in values.downcast_iter() {
        out.extend(
            array
                .views()
                .iter()
                .zip(array.iter())
                .map(|(view, value)| match value {
                    None => MISSING,
                    Some(_) if view.length as usize <= INLINE => {
                        inline.get(&view.as_u128()).copied().unwrap_or(UNKNOWN)
                    }
                    Some(text) => long.get(text).copied().unwrap_or(UNKNOWN),
                }),
        );
    }
    out
}

/// The text of an inline key (the reverse of [`inline_key`]).
fn text_of(key: u128) -> String {
    let view = key.to_ne_bytes();
    let len = u32::from_ne_bytes([view[0], view[1], view[2], view[3]]) as usize;
    String::from_utf8_lossy(&view[4..4 + len.min(INLINE)]).into_owned()
}

/// A set of text values that answers "is this one of them?" without hashing the others: a
/// value longer than every member is rejected by its length alone.
pub(crate) struct TextSet<'a> {
    inline: PlHashSet<u128>,
    long: PlHashSet<&'a str>,
    longest: usize,
}

impl<'a> TextSet<'a> {
    /// The set of `members`.
    pub(crate) fn new(members: impl IntoIterator<Item = &'a str>) -> TextSet<'a> {
        let mut set = TextSet {
            inline: PlHashSet::default(),
            long: PlHashSet::default(),
            longest: 0,
        };
        for member in members {
            set.longest = set.longest.max(member.len());
            match inline_key(member) {
                Some(key) => set.inline.insert(key),
                None => set.long.insert(member),
            };
        }
        set
    }

    /// Whether `value` is a member.
    pub(crate) fn contains(&self, value: &str) -> bool {
        if value.len() > self.longest {
            return false;
        }
        match inline_key(value) {
            Some(key) => self.inline.contains(&key),
            None => self.long.contains(value),
        }
    }

    /// Whether some present value of `values` is a member (one pass over the views).
    pub(crate) fn any_in(&self, values: &StringChunked) -> bool {
        each_present(values, |value| match value {
            Ok(key) => self.inline.contains(&key),
            Err(text) => text.len() <= self.longest && self.long.contains(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_values_keep_their_first_order_and_skip_nulls() {
        let long = "a value longer than twelve bytes";
        let ca = StringChunked::new(
            "x".into(),
            [
                Some("b"),
                None,
                Some("a"),
                Some("b"),
                Some(long),
                Some(""),
                Some(long),
            ],
        );
        assert_eq!(distinct(&ca), ["b", "a", long, ""]);
    }

    #[test]
    fn keys_are_the_views_polars_builds() {
        let values = ["", "a", "a\0", "twelve bytes", "thirteen byte"];
        let ca = StringChunked::new("x".into(), values);
        let views: Vec<u128> = ca
            .downcast_iter()
            .next()
            .unwrap()
            .views()
            .iter()
            .map(|v| v.as_u128())
            .collect();
        for (value, view) in values.iter().zip(&views).take(4) {
            assert_eq!(inline_key(value), Some(*view), "{value:?}");
            assert_eq!(text_of(*view), *value);
        }
        assert_eq!(inline_key(values[4]), None);
        assert_eq!(distinct(&ca).len(), 5);
    }

    #[test]
    fn codes_are_positions_with_missing_and_unknown_apart() {
        let long = "a category longer than twelve bytes";
        let categories = ["b".to_string(), long.to_string(), "a".to_string()];
        let mut ca = StringChunked::new("x".into(), [Some("a"), None, Some(long)]);
        ca.append(&StringChunked::new(
            "x".into(),
            [Some("b"), Some("z"), Some("a long value never seen")],
        ))
        .unwrap();
        assert_eq!(
            codes(&ca, &categories),
            [2, MISSING, 1, 0, UNKNOWN, UNKNOWN]
        );
    }

    #[test]
    fn a_set_looks_into_columns_of_many_chunks() {
        let set = TextSet::new(["NA", "a long missing marker"]);
        let mut ca = StringChunked::new("x".into(), [Some("a"), None]);
        assert!(!set.any_in(&ca));
        ca.append(&StringChunked::new(
            "x".into(),
            ["b", "a long missing marker"],
        ))
        .unwrap();
        assert!(set.any_in(&ca));
        let mut ca = StringChunked::new("x".into(), [Some("b"), None]);
        ca.append(&StringChunked::new("x".into(), [Some("NA")]))
            .unwrap();
        assert!(set.any_in(&ca) && ca.chunks().len() == 2);
    }

    #[test]
    fn a_set_finds_short_and_long_members_only() {
        let long = "thirteen byte";
        let set = TextSet::new(["NA", "", long]);
        assert!(set.contains("NA") && set.contains("") && set.contains(long));
        assert!(!set.contains("N") && !set.contains("NA ") && !set.contains("thirteen bytf"));
        assert!(!set.contains("a much longer value than any member"));
    }
}
