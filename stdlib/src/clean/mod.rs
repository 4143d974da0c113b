//! Cleaning: missing values, outliers, duplicates, entry errors, personal data.
//!
//! - [`missing`]: a report of missing values per column, and the rows without them;
//! - [`impute`]: an [`Imputer`](impute::Imputer) fitted once (mean, median, mode, constant,
//!   forward fill) that applies the same fill to new data;
//! - [`outliers`]: Tukey fences (IQR) and z-scores, to flag, clip or drop;
//! - [`duplicates`]: count, show and drop duplicate rows, on all columns or a subset;
//! - [`entry`], [`dates`], [`decimal`], [`text`]: entry errors (categories outside a list,
//!   numbers outside a range, unparsable dates, French decimals, messy text);
//! - [`privacy`]: pseudonymised identifiers (keyed hashes) for personal data.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("age" => [Some(20.0), None, Some(40.0)]).unwrap();
//! let imputer = Imputer::new().mean(&["age"]).fit(&df).unwrap();
//! let filled = imputer.transform(&df).unwrap();
//! assert_eq!(filled.column("age").unwrap().f64().unwrap().get(1), Some(30.0));
//! ```

pub mod dates;
pub mod decimal;
pub mod duplicates;
pub mod entry;
pub mod impute;
pub mod missing;
pub mod outliers;
pub mod privacy;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

pub use dates::{parse_dates, unparsable_dates};
pub use decimal::parse_decimal_comma;
pub use duplicates::{drop_duplicates, duplicate_count, duplicated_rows};
pub use entry::{invalid_categories, out_of_range};
pub use impute::{FillValue, FittedImputer, Imputer};
pub use missing::{drop_missing, drop_missing_in, missing_report};
pub use outliers::{FittedOutliers, Outliers};
pub use privacy::pseudonymize;
pub use text::{normalize_text, replace_values};

use crate::display::MimeBundle;
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::table::{escape_html, to_html};
use polars::prelude::*;

/// A fitted transformer or a report as a title, a table and an optional note below it.
pub(crate) fn titled_frame(title: &str, df: &DataFrame, note: &str) -> MimeBundle {
    let mut text = format!("{title}\n{df}");
    let mut html = format!(
        "<div class=\"sdia-summary\"><strong>{}</strong>{}",
        escape_html(title),
        to_html(df)
    );
    if !note.is_empty() {
        text.push('\n');
        text.push_str(note);
        html.push_str(&format!("<p>{}</p>", escape_html(note)));
    }
    html.push_str("</div>");
    vec![("text/plain".into(), text), ("text/html".into(), html)]
}

/// Checks that no column is listed twice (`what` names the function in the error).
pub(crate) fn require_distinct(columns: &[&str], what: &str) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for c in columns {
        if !seen.insert(*c) {
            return Err(SdiaError::InvalidInput(format!(
                "{what}: column '{c}' is listed twice; list each column once"
            )));
        }
    }
    Ok(())
}

/// A frame built from columns of equal length (the height is taken from the first one).
pub(crate) fn frame_of(columns: Vec<Column>) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(columns)?)
}

/// The values of a text column (String, Categorical or Enum) as owned strings, `None` for nulls.
/// Other types are refused with an error naming the column.
pub(crate) fn text_values(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = frame::column(df, name)?;
    match c.dtype() {
        DataType::String | DataType::Categorical(_, _) | DataType::Enum(_, _) => {
            let s = c.as_materialized_series().cast(&DataType::String)?;
            Ok(s.str()?.iter().map(|v| v.map(str::to_string)).collect())
        }
        dtype => Err(SdiaError::NotCategorical {
            column: name.to_string(),
            dtype: dtype.clone(),
        }),
    }
}

/// `df` with the column called `name` replaced, at its place, by `column` (renamed to `name`).
pub(crate) fn replaced(df: &DataFrame, name: &str, column: Column) -> Result<DataFrame> {
    let index = df
        .get_column_index(name)
        .ok_or_else(|| SdiaError::ColumnNotFound {
            column: name.to_string(),
            available: frame::names(df),
        })?;
    let mut out = df.clone();
    out.replace_column(index, column.with_name(name.into()))?;
    Ok(out)
}

/// A cell as the text a student would read in the table (`null` for a missing value).
pub(crate) fn cell_text(column: &Column, row: usize) -> String {
    match column.get(row) {
        Ok(AnyValue::Null) | Err(_) => "null".to_string(),
        Ok(AnyValue::String(s)) => s.to_string(),
        Ok(AnyValue::StringOwned(s)) => s.to_string(),
        Ok(v) => v.to_string(),
    }
}

/// One comparable key per cell: equal keys for equal values, nulls equal to nulls, NaN equal
/// to null (both are missing, as in pandas) and `-0.0` equal to `0.0`.
pub(crate) fn cell_keys(column: &Column) -> Result<Vec<String>> {
    let dtype = column.dtype();
    if dtype.is_float() {
        let s = column.as_materialized_series().cast(&DataType::Float64)?;
        return Ok(s
            .f64()?
            .iter()
            .map(|v| match v {
                None => "N".to_string(),
                Some(x) if x.is_nan() => "N".to_string(),
                Some(x) => format!("F:{}", (x + 0.0).to_bits()),
            })
            .collect());
    }
    if dtype.is_nested() {
        return Ok((0..column.len())
            .map(|i| match column.get(i) {
                Ok(AnyValue::Null) | Err(_) => "N".to_string(),
                Ok(v) => format!("V:{v}"),
            })
            .collect());
    }
    let s = column.as_materialized_series().cast(&DataType::String)?;
    Ok(s.str()?
        .iter()
        .map(|v| match v {
            None => "N".to_string(),
            Some(t) => format!("V:{t}"),
        })
        .collect())
}
