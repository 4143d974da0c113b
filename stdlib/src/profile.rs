//! A frame's profile in one table: shape, memory, and per column its type, missing values,
//! distinct values and range — the first thing to look at in a new dataset. Plus rows per time
//! period for a date column, to see coverage and gaps.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("ville" => [Some("Paris"), None, Some("Lyon")], "t" => [1.5, 2.0, 2.0]).unwrap();
//! let p = profile(&df).unwrap();
//! assert_eq!((p.rows, p.columns), (3, 2));
//! let missing = p.table.column("missing").unwrap().u64().unwrap().get(0);
//! assert_eq!(missing, Some(1));
//! ```

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use polars::prelude::*;

/// What [`profile`] found: the shape, the memory used, and one row per column in `table`
/// (`column`, `dtype`, `present`, `missing`, `missing_share`, `distinct`, `min`, `max`,
/// `memory_bytes`).
#[derive(Debug, Clone)]
pub struct Profile {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub columns: usize,
    /// Estimated memory of the whole frame, in bytes.
    pub memory_bytes: usize,
    /// One row per column.
    pub table: DataFrame,
}

fn scalar_text(scalar: PolarsResult<Scalar>) -> Option<String> {
    let scalar = scalar.ok()?;
    match scalar.value() {
        AnyValue::Null => None,
        AnyValue::String(s) => Some(s.to_string()),
        AnyValue::StringOwned(s) => Some(s.to_string()),
        AnyValue::Float64(x) => Some(crate::table::format_number(*x)),
        other => Some(other.to_string()),
    }
}

/// Profiles a frame: see [`Profile`]. Missing counts nulls, and NaN in float columns.
pub fn profile(df: &DataFrame) -> Result<Profile> {
    let mut names = Vec::new();
    let mut dtypes = Vec::new();
    let mut present = Vec::new();
    let mut missing = Vec::new();
    let mut share = Vec::new();
    let mut distinct = Vec::new();
    let (mut mins, mut maxs) = (Vec::new(), Vec::new());
    let mut memory = Vec::new();
    for c in df.columns() {
        let s = c.as_materialized_series();
        let nan = if s.dtype().is_float() {
            s.is_nan()?.sum().unwrap_or(0) as usize
        } else {
            0
        };
        let gone = s.null_count() + nan;
        names.push(c.name().to_string());
        dtypes.push(c.dtype().to_string());
        present.push((df.height() - gone) as u64);
        missing.push(gone as u64);
        share.push(if df.height() == 0 {
            0.0
        } else {
            gone as f64 / df.height() as f64
        });
        distinct.push(s.drop_nulls().n_unique().unwrap_or(0) as u64);
        let sortable = !s.dtype().is_nested() && !s.dtype().is_bool();
        mins.push(if sortable {
            scalar_text(s.min_reduce())
        } else {
            None
        });
        maxs.push(if sortable {
            scalar_text(s.max_reduce())
        } else {
            None
        });
        memory.push(s.estimated_size() as u64);
    }
    let table = DataFrame::new_infer_height(vec![
        Column::new("column".into(), names),
        Column::new("dtype".into(), dtypes),
        Column::new("present".into(), present),
        Column::new("missing".into(), missing),
        Column::new("missing_share".into(), share),
        Column::new("distinct".into(), distinct),
        Column::new("min".into(), mins),
        Column::new("max".into(), maxs),
        Column::new("memory_bytes".into(), memory),
    ])?;
    Ok(Profile {
        rows: df.height(),
        columns: df.width(),
        memory_bytes: df.estimated_size(),
        table,
    })
}

impl RichDisplay for Profile {
    fn mime_bundle(&self) -> MimeBundle {
        let header = format!(
            "{} rows × {} columns, {}",
            self.rows,
            self.columns,
            human_bytes(self.memory_bytes)
        );
        let html = format!(
            "<div class=\"sdia-profile\"><strong>Profile: {}</strong>{}</div>",
            crate::table::escape_html(&header),
            crate::table::to_html(&self.table)
        );
        vec![
            (
                "text/plain".into(),
                format!("Profile: {header}\n{}", self.table),
            ),
            ("text/html".into(), html),
        ]
    }
}

/// A byte count for people: `512 B`, `12.3 KiB`, `4.0 MiB`.
pub fn human_bytes(bytes: usize) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// The number of rows per time period of a `Date` or `Datetime` column, in time order:
/// `period` (the period's start) and `rows`. `every` is a polars duration: `"1d"`, `"1w"`,
/// `"1mo"`, `"1q"`, `"1y"`… Rows with a missing date are counted in a last row with a null
/// period. Periods without any row do not appear: look for gaps between consecutive periods.
///
/// ```
/// use sdia::prelude::*;
///
/// let weather = dataset("seattle_weather").unwrap();
/// let per_year = rows_per_period(&weather, "date", "1y").unwrap();
/// let rows: Vec<Option<u32>> = per_year.column("rows").unwrap().u32().unwrap().iter().collect();
/// assert_eq!(rows, vec![Some(366), Some(365), Some(365), Some(365)]);
/// ```
pub fn rows_per_period(df: &DataFrame, column: &str, every: &str) -> Result<DataFrame> {
    let c = frame::column(df, column)?;
    if !c.dtype().is_temporal() || matches!(c.dtype(), DataType::Time | DataType::Duration(_)) {
        return Err(SdiaError::InvalidInput(format!(
            "column '{column}' is {}, not a date: parse it first (e.g. parse_dates)",
            c.dtype()
        )));
    }
    if Duration::try_parse(every).is_err() {
        return Err(SdiaError::InvalidInput(format!(
            "'{every}' is not a period: use e.g. \"1d\", \"1w\", \"1mo\", \"1q\" or \"1y\""
        )));
    }
    let out = df
        .clone()
        .lazy()
        .select([col(column).dt().truncate(lit(every)).alias("period")])
        .group_by([col("period")])
        .agg([len().alias("rows")])
        .sort(
            ["period"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_counts_nan_as_missing_and_handles_empty_frames() {
        let df = df!("x" => [Some(1.0), Some(f64::NAN), None], "s" => ["a", "a", "b"]).unwrap();
        let p = profile(&df).unwrap();
        let missing: Vec<Option<u64>> = p
            .table
            .column("missing")
            .unwrap()
            .u64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(missing, vec![Some(2), Some(0)]);
        let distinct: Vec<Option<u64>> = p
            .table
            .column("distinct")
            .unwrap()
            .u64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(distinct[1], Some(2));
        let empty = profile(&DataFrame::empty()).unwrap();
        assert_eq!((empty.rows, empty.table.height()), (0, 0));
    }

    #[test]
    fn rows_per_period_refuses_text_and_bad_periods() {
        let df = df!("d" => ["2024-01-01"]).unwrap();
        let e = rows_per_period(&df, "d", "1mo").unwrap_err().to_string();
        assert!(e.contains("'d'") && e.contains("not a date"), "{e}");
        let w = dataset_dates();
        let e = rows_per_period(&w, "date", "monthly")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a period"), "{e}");
        let months = rows_per_period(&w, "date", "1mo").unwrap();
        assert_eq!(months.height(), 48);
    }

    fn dataset_dates() -> DataFrame {
        crate::io::dataset("seattle_weather").unwrap()
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(2048), "2.0 KiB");
    }
}
