//! Duplicate rows, on all columns or on a subset: count them, show them, drop them
//! (pandas' `df.duplicated(subset)`, `df[df.duplicated(keep=False)]`, `df.drop_duplicates()`).
//!
//! Two rows are duplicates when they hold the same values in the compared columns; a null
//! equals a null, and NaN equals NaN and null (both are missing values in pandas).

use super::cell_keys;
use crate::error::Result;
use crate::frame;
use crate::frame::ColumnNames;
use polars::prelude::*;

/// For each row, the index of the first row equal to it on the compared columns (`subset`, or
/// all columns when empty), found by polars' hash grouping. Floats are compared with NaN as
/// null and -0.0 as 0.0, as pandas does.
fn first_occurrences(df: &DataFrame, subset: &[&str]) -> Result<Vec<usize>> {
    let names: Vec<String> = if subset.is_empty() {
        frame::names(df)
    } else {
        frame::require_columns(df, subset)?;
        subset.iter().map(|s| s.to_string()).collect()
    };
    if df.height() == 0 || names.is_empty() {
        return Ok((0..df.height()).collect());
    }
    let mut keys = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let c = frame::column(df, name)?;
        let key: PlSmallStr = format!("k{i}").into();
        let series = if c.dtype().is_float() {
            let floats = c.as_materialized_series().cast(&DataType::Float64)?;
            floats
                .f64()?
                .iter()
                .map(|v| v.filter(|x| !x.is_nan()).map(|x| x + 0.0))
                .collect::<Float64Chunked>()
                .into_series()
        } else if c.dtype().is_nested() {
            Series::new(key.clone(), cell_keys(c)?)
        } else {
            c.as_materialized_series().clone()
        };
        keys.push(series.with_name(key).into_column());
    }
    let partition: Vec<Expr> = (0..names.len()).map(|i| col(format!("k{i}"))).collect();
    let first_row = col("row").min().over(partition)?.alias("first");
    let first = DataFrame::new(df.height(), keys)?
        .with_row_index("row".into(), None)?
        .lazy()
        .select([first_row])
        .collect()?;
    Ok(first
        .column("first")?
        .idx()?
        .iter()
        .enumerate()
        .map(|(i, f)| f.map_or(i, |f| f as usize))
        .collect())
}

fn take_rows(df: &DataFrame, rows: Vec<IdxSize>) -> Result<DataFrame> {
    Ok(df.take(&IdxCa::from_vec("row".into(), rows))?)
}

/// The number of extra copies: rows equal, on `subset` (all columns when empty), to an earlier
/// row. The same as pandas' `df.duplicated(subset).sum()`.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("name" => ["Ada", "Alan", "Ada", "Ada"], "age" => [36, 41, 36, 37]).unwrap();
/// assert_eq!(duplicate_count(&df, &[]).unwrap(), 1);
/// assert_eq!(duplicate_count(&df, &["name"]).unwrap(), 2);
/// ```
pub fn duplicate_count(df: &DataFrame, subset: impl ColumnNames) -> Result<usize> {
    let subset = subset.names();
    let subset = subset.as_slice();
    Ok(first_occurrences(df, subset)?
        .iter()
        .enumerate()
        .filter(|(i, first)| i != *first)
        .count())
}

/// Every row that has a twin on `subset` (all columns when empty), first copies included
/// (pandas' `keep=False`), grouped so that twins are adjacent: groups in the order of their
/// first row, rows of a group in their original order.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("id" => [1, 2, 1, 3, 2]).unwrap();
/// let twins = duplicated_rows(&df, &[]).unwrap();
/// let ids: Vec<i32> = twins.column("id").unwrap().i32().unwrap().no_null_iter().collect();
/// assert_eq!(ids, [1, 1, 2, 2]);
/// ```
pub fn duplicated_rows(df: &DataFrame, subset: impl ColumnNames) -> Result<DataFrame> {
    let subset = subset.names();
    let subset = subset.as_slice();
    let first = first_occurrences(df, subset)?;
    let mut groups: Vec<Vec<IdxSize>> = vec![Vec::new(); df.height()];
    for (i, f) in first.iter().enumerate() {
        if let Some(group) = groups.get_mut(*f) {
            group.push(i as IdxSize);
        }
    }
    let rows: Vec<IdxSize> = groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .flatten()
        .collect();
    take_rows(df, rows)
}

/// `df` without the extra copies: the first row of each group of duplicates on `subset` (all
/// columns when empty) is kept, in the original order (pandas' `drop_duplicates`).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("id" => [3, 1, 3, 2], "v" => ["a", "b", "c", "d"]).unwrap();
/// let unique = drop_duplicates(&df, &["id"]).unwrap();
/// let v: Vec<&str> = unique.column("v").unwrap().str().unwrap().no_null_iter().collect();
/// assert_eq!(v, ["a", "b", "d"]);
/// ```
pub fn drop_duplicates(df: &DataFrame, subset: impl ColumnNames) -> Result<DataFrame> {
    let subset = subset.names();
    let subset = subset.as_slice();
    let rows: Vec<IdxSize> = first_occurrences(df, subset)?
        .iter()
        .enumerate()
        .filter(|(i, first)| i == *first)
        .map(|(i, _)| i as IdxSize)
        .collect();
    take_rows(df, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::testing::i32s;
    use crate::error::SdiaError;

    fn sample() -> DataFrame {
        df!(
            "name" => [Some("Ada"), Some("Alan"), Some("Ada"), None, Some("Ada"), None],
            "score" => [Some(1.0), Some(2.0), Some(1.0), Some(f64::NAN), Some(1.0), Some(f64::NAN)],
            "group" => [1, 2, 1, 3, 4, 3],
        )
        .unwrap()
    }

    #[test]
    fn counts_extra_copies_with_nulls_and_nan_equal() {
        // rows 0, 2 are equal (one extra copy), rows 3 and 5 too (null and NaN): 2 extra copies
        assert_eq!(duplicate_count(&sample(), &[]).unwrap(), 2);
        // on name and score, rows 0, 2 and 4 are equal: 3 extra copies in all
        assert_eq!(duplicate_count(&sample(), &["name", "score"]).unwrap(), 3);
        assert_eq!(duplicate_count(&sample(), &["group"]).unwrap(), 2);
    }

    #[test]
    fn twins_are_adjacent_and_all_copies_are_shown() {
        let twins = duplicated_rows(&sample(), &["name"]).unwrap();
        let groups = i32s(&twins, "group");
        assert_eq!(groups, [1, 1, 4, 3, 3]);
    }

    #[test]
    fn drop_keeps_the_first_copy_in_order() {
        let unique = drop_duplicates(&sample(), &[]).unwrap();
        let groups = i32s(&unique, "group");
        assert_eq!(groups, [1, 2, 3, 4]);
        let by_name = drop_duplicates(&sample(), &["name"]).unwrap();
        assert_eq!(by_name.height(), 3);
    }

    #[test]
    fn negative_zero_equals_zero_and_text_null_is_not_null() {
        let df = df!("x" => [0.0, -0.0], "t" => [Some("null"), None]).unwrap();
        assert_eq!(duplicate_count(&df, &["x"]).unwrap(), 1);
        assert_eq!(duplicate_count(&df, &["t"]).unwrap(), 0);
        let missing = df!("x" => [None, Some(f64::NAN), Some(1.0)]).unwrap();
        assert_eq!(duplicate_count(&missing, &[]).unwrap(), 1);
    }

    #[test]
    fn empty_frames_and_unknown_columns() {
        let empty = df!("x" => Vec::<i32>::new()).unwrap();
        assert_eq!(duplicate_count(&empty, &[]).unwrap(), 0);
        assert_eq!(duplicated_rows(&empty, &[]).unwrap().height(), 0);
        assert_eq!(
            drop_duplicates(&DataFrame::empty(), &[]).unwrap().height(),
            0
        );
        assert!(matches!(
            duplicate_count(&sample(), &["nope"]),
            Err(SdiaError::ColumnNotFound { .. })
        ));
    }
}
