//! Checked access to a DataFrame's columns: every lookup that can fail on user data returns an
//! [`SdiaError`] naming the column, so the rest of the library never panics on bad input.

use crate::error::{Result, SdiaError};
use polars::prelude::*;

/// The column called `name`, or an error listing the columns the frame has.
pub fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    df.column(name).map_err(|_| SdiaError::ColumnNotFound {
        column: name.to_string(),
        available: names(df),
    })
}

/// The frame's column names, in order.
pub fn names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// A list of column names, as the library's functions take it: `&["a", "b"]`, `&[]`, a
/// `Vec<String>` (by value or borrowed, e.g. what [`numeric_columns`] gives), a `Vec<&str>` or
/// a slice of either. Wherever an empty list means "every column" (duplicates, encoders,
/// scalers), `&[]` is accepted as it is.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("a" => [1, 1], "b" => [2, 2], "c" => ["x", "y"]).unwrap();
/// let numbers: Vec<String> = sdia::frame::numeric_columns(&df);
/// assert_eq!(duplicate_count(&df, &numbers).unwrap(), 1); // by a and b
/// assert_eq!(duplicate_count(&df, &["a", "b"]).unwrap(), 1);
/// assert_eq!(duplicate_count(&df, &[]).unwrap(), 0); // every column: c differs
/// ```
pub trait ColumnNames {
    /// The names, borrowed.
    fn names(&self) -> Vec<&str>;
}

// One impl for arrays of `&str` only, so that `&[]` infers its element type.
impl<const N: usize> ColumnNames for &[&str; N] {
    fn names(&self) -> Vec<&str> {
        self.to_vec()
    }
}

impl<S: AsRef<str>> ColumnNames for &[S] {
    fn names(&self) -> Vec<&str> {
        self.iter().map(AsRef::as_ref).collect()
    }
}

impl<S: AsRef<str>> ColumnNames for Vec<S> {
    fn names(&self) -> Vec<&str> {
        self.iter().map(AsRef::as_ref).collect()
    }
}

impl<S: AsRef<str>> ColumnNames for &Vec<S> {
    fn names(&self) -> Vec<&str> {
        self.iter().map(AsRef::as_ref).collect()
    }
}

/// Checks that every name in `columns` is in the frame.
pub fn require_columns(df: &DataFrame, columns: &[&str]) -> Result<()> {
    for c in columns {
        column(df, c)?;
    }
    Ok(())
}

/// Checks that the frame has at least one row; `what` names it in the error.
pub fn require_rows(df: &DataFrame, what: &str) -> Result<()> {
    if df.height() == 0 {
        return Err(SdiaError::Empty(what.to_string()));
    }
    Ok(())
}

/// True for integer and floating-point types (and booleans are not numbers here).
pub fn is_numeric(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric() || matches!(dtype, DataType::Decimal(_, _))
}

/// The names of the numeric columns, in order.
pub fn numeric_columns(df: &DataFrame) -> Vec<String> {
    df.columns()
        .iter()
        .filter(|c| is_numeric(c.dtype()))
        .map(|c| c.name().to_string())
        .collect()
}

/// The names of the text, categorical and boolean columns, in order.
pub fn categorical_columns(df: &DataFrame) -> Vec<String> {
    df.columns()
        .iter()
        .filter(|c| is_categorical(c.dtype()))
        .map(|c| c.name().to_string())
        .collect()
}

/// True for the types that hold categories: text, categorical, enum, boolean.
pub fn is_categorical(dtype: &DataType) -> bool {
    matches!(
        dtype,
        DataType::String | DataType::Categorical(_, _) | DataType::Enum(_, _) | DataType::Boolean
    )
}

/// A numeric column cast to `Float64`; an error naming it if it is not numeric.
fn float_series(df: &DataFrame, name: &str) -> Result<Series> {
    let c = column(df, name)?;
    if !is_numeric(c.dtype()) {
        return Err(SdiaError::NotNumeric {
            column: name.to_string(),
            dtype: c.dtype().clone(),
        });
    }
    Ok(c.as_materialized_series().cast(&DataType::Float64)?)
}

/// A numeric column as `f64` values, `None` where the value is null or NaN.
pub fn f64_options(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let s = float_series(df, name)?;
    Ok(s.f64()?.iter().map(|v| v.filter(|x| !x.is_nan())).collect())
}

/// A numeric column as `f64` values with NaN where the value is missing (null or NaN).
pub fn f64_with_nan(df: &DataFrame, name: &str) -> Result<Vec<f64>> {
    let s = float_series(df, name)?;
    Ok(s.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// The present (not null, not NaN) values of a numeric column, possibly none.
pub fn f64_present(df: &DataFrame, name: &str) -> Result<Vec<f64>> {
    let s = float_series(df, name)?;
    Ok(s.f64()?.iter().flatten().filter(|x| !x.is_nan()).collect())
}

/// The present (not null, not NaN) values of a numeric column; an error if there are none.
pub fn f64_values(df: &DataFrame, name: &str) -> Result<Vec<f64>> {
    let values: Vec<f64> = f64_options(df, name)?.into_iter().flatten().collect();
    if values.is_empty() {
        if df.height() == 0 {
            return Err(SdiaError::Empty(format!("column '{name}'")));
        }
        return Err(SdiaError::AllMissing {
            column: name.to_string(),
        });
    }
    Ok(values)
}

/// Any column as text labels (`None` for nulls): what categorical statistics count.
/// Floating-point columns are refused, since their values are rarely categories.
pub fn labels(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(label_series(df, name)?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

/// Any column as a text series (the same values [`labels`] gives, without copying each one
/// into a `String`): what vectorised categorical code works on.
pub fn label_series(df: &DataFrame, name: &str) -> Result<StringChunked> {
    let c = column(df, name)?;
    if c.dtype().is_float() || c.dtype().is_nested() {
        return Err(SdiaError::NotCategorical {
            column: name.to_string(),
            dtype: c.dtype().clone(),
        });
    }
    let s = c.as_materialized_series().cast(&DataType::String)?;
    Ok(s.str()?.clone())
}

/// The distinct present values of a column as text, in no particular order.
pub fn distinct_labels(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(crate::strings::distinct(&label_series(df, name)?))
}

/// The `q` quantile (0 ≤ q ≤ 1) of sorted values, interpolated linearly between the two
/// nearest ranks (pandas' and numpy's default). `sorted` must not be empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let lower = position.floor() as usize;
    let upper = position.ceil() as usize;
    let fraction = position - lower as f64;
    sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
}

/// Sorts finite values in place (NaN never reaches here: [`f64_values`] drops it).
pub fn sort_values(values: &mut [f64]) {
    values.sort_by(|a, b| a.total_cmp(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_column_lists_the_available_ones() {
        let df = df!("a" => [1], "b" => [2]).unwrap();
        let e = column(&df, "c").unwrap_err().to_string();
        assert!(e.contains("'c' not found") && e.contains("a, b"), "{e}");
    }

    #[test]
    fn text_is_not_numeric_and_nan_is_missing() {
        let df = df!("t" => ["x"], "f" => [f64::NAN]).unwrap();
        assert!(
            f64_options(&df, "t")
                .unwrap_err()
                .to_string()
                .contains("not numeric")
        );
        assert!(matches!(
            f64_values(&df, "f"),
            Err(SdiaError::AllMissing { .. })
        ));
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.25), 1.75);
        assert_eq!(quantile_sorted(&v, 0.5), 2.5);
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
    }
}
