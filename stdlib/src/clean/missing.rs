//! Missing values: nulls, plus NaN in floating-point columns. How many each column has
//! (pandas' `df.isna().sum()`, with the share next to it), and the rows without them
//! (pandas' `dropna`).

use super::frame_of;
use crate::error::Result;
use crate::frame::{self, ColumnNames};
use polars::prelude::*;

/// The number of missing values of a column: nulls, plus NaN for floating-point columns.
pub(crate) fn missing_count(df: &DataFrame, name: &str) -> Result<usize> {
    let c = frame::column(df, name)?;
    if c.dtype().is_float() {
        Ok(frame::f64_options(df, name)?
            .iter()
            .filter(|v| v.is_none())
            .count())
    } else {
        Ok(c.null_count())
    }
}

/// One row per column, in frame order: `column`, `dtype`, `missing` (nulls, plus NaN in float
/// columns) and `share` (missing / rows, between 0 and 1; 0 for a frame without rows).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "age" => [Some(20.0), None, Some(f64::NAN), Some(40.0)],
///     "city" => [Some("Lyon"), None, Some("Paris"), Some("Lille")],
/// ).unwrap();
/// let report = missing_report(&df).unwrap();
/// let missing = report.column("missing").unwrap().u32().unwrap();
/// assert_eq!(missing.get(0), Some(2)); // a null and a NaN
/// assert_eq!(missing.get(1), Some(1));
/// assert_eq!(report.column("share").unwrap().f64().unwrap().get(0), Some(0.5));
/// ```
pub fn missing_report(df: &DataFrame) -> Result<DataFrame> {
    let names = frame::names(df);
    let mut dtypes = Vec::with_capacity(names.len());
    let mut missing = Vec::with_capacity(names.len());
    let mut shares = Vec::with_capacity(names.len());
    for name in &names {
        let c = frame::column(df, name)?;
        dtypes.push(c.dtype().to_string());
        let count = missing_count(df, name)?;
        missing.push(count as u32);
        shares.push(if df.height() == 0 {
            0.0
        } else {
            count as f64 / df.height() as f64
        });
    }
    frame_of(vec![
        Column::new("column".into(), names),
        Column::new("dtype".into(), dtypes),
        Column::new("missing".into(), missing),
        Column::new("share".into(), shares),
    ])
}

/// The rows with no missing value in any column, in their order (pandas' `df.dropna()`): a
/// null, or NaN in a floating-point column, removes the row. Use [`drop_missing_in`] to look
/// at some columns only, [`missing_report`] first to see what would go, and an
/// [`Imputer`](crate::clean::Imputer) to fill instead of dropping.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "age" => [Some(20.0), None, Some(f64::NAN), Some(40.0)],
///     "city" => [Some("Lyon"), Some("Nice"), Some("Paris"), None],
/// ).unwrap();
/// assert_eq!(drop_missing(&df).unwrap().height(), 1); // only Lyon is complete
/// ```
pub fn drop_missing(df: &DataFrame) -> Result<DataFrame> {
    drop_missing_in(df, frame::names(df))
}

/// The rows with no missing value (null, or NaN in a floating-point column) in the given
/// columns, in their order (pandas' `df.dropna(subset=[...])`): `&["a", "b"]` or a
/// `Vec<String>` (see [`ColumnNames`]). Missing values elsewhere stay; an empty list keeps
/// every row, as pandas does. Errors: a column the frame does not
/// have (the message lists those it has).
///
/// ```
/// use sdia::prelude::*;
///
/// let penguins = dataset("penguins")?;
/// let measured = drop_missing_in(&penguins, &["body_mass_g", "flipper_length_mm"])?;
/// assert_eq!(measured.height(), 342); // 2 penguins were not weighed
/// # Ok::<(), SdiaError>(())
/// ```
pub fn drop_missing_in(df: &DataFrame, columns: impl ColumnNames) -> Result<DataFrame> {
    let mut keep = BooleanChunked::full("keep".into(), true, df.height());
    for name in columns.names() {
        let c = frame::column(df, name)?;
        let present = c.is_not_null();
        keep = &keep & &present;
        if c.dtype().is_float() {
            let values = c.as_materialized_series().cast(&DataType::Float64)?;
            let not_nan = values.f64()?.is_not_nan().fill_null_with_values(false)?;
            keep = &keep & &not_nan;
        }
    }
    Ok(df.filter(&keep)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::testing::{strs, u32s};

    #[test]
    fn counts_nulls_and_nan_per_column_in_order() {
        let df = df!(
            "x" => [Some(1.0), Some(f64::NAN), None, Some(4.0)],
            "n" => [Some(1), Some(2), Some(3), None],
            "t" => ["a", "b", "c", "d"],
        )
        .unwrap();
        let r = missing_report(&df).unwrap();
        let cols = strs(&r, "column");
        assert_eq!(cols, ["x", "n", "t"]);
        let missing = u32s(&r, "missing");
        assert_eq!(missing, [2, 1, 0]);
        let share: Vec<_> = r
            .column("share")
            .unwrap()
            .f64()
            .unwrap()
            .no_null_iter()
            .collect();
        assert_eq!(share, [0.5, 0.25, 0.0]);
        assert_eq!(
            r.column("dtype").unwrap().str().unwrap().get(1),
            Some("i32")
        );
    }

    #[test]
    fn drop_missing_removes_rows_with_a_null_or_a_nan() {
        let df = df!(
            "x" => [Some(1.0), Some(f64::NAN), None, Some(4.0), Some(5.0)],
            "f" => [Some(1.0f32), Some(2.0), Some(3.0), Some(f32::NAN), Some(5.0)],
            "n" => [Some(1), Some(2), Some(3), Some(4), None],
            "t" => [Some("a"), Some("b"), Some("c"), Some("d"), Some("e")],
        )
        .unwrap();
        assert_eq!(strs(&drop_missing(&df).unwrap(), "t"), ["a"]);
        assert_eq!(
            strs(&drop_missing_in(&df, &["x"]).unwrap(), "t"),
            ["a", "d", "e"]
        );
        let names = vec!["f".to_string(), "n".to_string()];
        assert_eq!(
            strs(&drop_missing_in(&df, &names).unwrap(), "t"),
            ["a", "b", "c"]
        );
        assert_eq!(drop_missing_in(&df, &[]).unwrap().height(), 5);
        let e = drop_missing_in(&df, &["y"]).unwrap_err().to_string();
        assert!(e.contains('y') && e.contains("x"), "{e}");
        assert_eq!(drop_missing(&DataFrame::empty()).unwrap().height(), 0);
    }

    #[test]
    fn empty_frames_have_no_missing_values() {
        let r = missing_report(&DataFrame::empty()).unwrap();
        assert_eq!(r.shape(), (0, 4));
        let no_rows = df!("x" => Vec::<f64>::new()).unwrap();
        let r = missing_report(&no_rows).unwrap();
        assert_eq!(r.column("missing").unwrap().u32().unwrap().get(0), Some(0));
        assert_eq!(r.column("share").unwrap().f64().unwrap().get(0), Some(0.0));
    }
}
