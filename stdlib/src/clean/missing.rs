//! How many values are missing in each column: nulls, plus NaN in floating-point columns
//! (pandas' `df.isna().sum()`, with the share next to it).

use super::frame_of;
use crate::error::Result;
use crate::frame;
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
    fn empty_frames_have_no_missing_values() {
        let r = missing_report(&DataFrame::empty()).unwrap();
        assert_eq!(r.shape(), (0, 4));
        let no_rows = df!("x" => Vec::<f64>::new()).unwrap();
        let r = missing_report(&no_rows).unwrap();
        assert_eq!(r.column("missing").unwrap().u32().unwrap().get(0), Some(0));
        assert_eq!(r.column("share").unwrap().f64().unwrap().get(0), Some(0.0));
    }
}
