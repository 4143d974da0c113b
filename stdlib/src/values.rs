//! A column's values as plain Rust values, in one call: what pandas' `df["x"].tolist()`,
//! `.sum()`, `.mean()` and `df.loc[i, "x"]` give, without `as_materialized_series().f64()?`.
//!
//! Two traits, in the prelude, with the same method names:
//! - [`FrameValues`] on a `DataFrame`, by column name: `df.f64_values("x")?`;
//! - [`SeriesValues`] on a `Series` or a `Column`, without a name: `df["x"].f64_values()?`.
//!
//! | values of the column | all present (else an error) | with the missing ones as `None` | one row |
//! |---|---|---|---|
//! | numbers as `f64` (any integer, float or decimal type) | `f64_values` | `f64_options` | `value_f64` |
//! | whole numbers as `i64` (integers; floats without fractions) | `i64_values` | `i64_options` | `value_i64` |
//! | text (`str`, categorical, enum) as `String` | `text_values` | `text_options` | `value_text` |
//! | booleans | `bool_values` | `bool_options` | `value_bool` |
//!
//! and four numbers of a numeric (or boolean) column: `column_sum`, `column_mean`, `column_min`,
//! `column_max`.
//!
//! Rules, as in the rest of the library and in pandas:
//! - a missing value is a null, or NaN in a floating-point column;
//! - the `_values` accessors refuse a column with missing values (the error says how many and
//!   what to do); the `_options` accessors give `None` for them;
//! - the four numbers skip missing values, like pandas' `sum()`, `mean()`, `min()`, `max()`;
//!   booleans count as 1 (true) and 0 (false), so `column_sum` of a boolean column counts the
//!   `true`s and `column_mean` gives their share;
//! - the sum of an empty or all-missing column is 0, as in pandas; its mean, minimum and
//!   maximum are an error (pandas gives NaN, which would silently spread into later results);
//! - a type that does not fit gives an error naming the column's type and the accessor that
//!   fits; integers above 2^53 (9,007,199,254,740,992) are rounded to the nearest `f64` by the
//!   `f64` accessors, as in pandas: read such columns (identifiers, nanosecond timestamps) with
//!   the `i64` ones.
//!
//! ```
//! use sdia::prelude::*;
//!
//! # fn main() -> Result<(), SdiaError> {
//! let meteo = df!(
//!     "ville" => ["Paris", "Lyon", "Nice"],
//!     "pluie_mm" => [Some(1.5), None, Some(0.5)],
//!     "jours" => [12, 9, 4],
//! )?;
//! assert_eq!(meteo.text_values("ville")?, ["Paris", "Lyon", "Nice"]);
//! assert_eq!(meteo.f64_options("pluie_mm")?, [Some(1.5), None, Some(0.5)]);
//! assert_eq!(meteo.f64_values("jours")?, [12.0, 9.0, 4.0]);
//! assert_eq!(meteo.column_sum("pluie_mm")?, 2.0);
//! assert_eq!(meteo.value_i64("jours", 1)?, 9);
//! assert_eq!(meteo["jours"].column_mean()?, 25.0 / 3.0);
//! # Ok(())
//! # }
//! ```

use crate::error::{Result, SdiaError};
use crate::frame;
use polars::prelude::*;

/// A column's values as plain Rust values, by column name: `df.f64_values("x")?`.
///
/// See the [module page](crate::values) for the table of accessors and the rules on missing
/// values and types. Every method gives an [`SdiaError`] for a column the frame does not have
/// (listing the ones it has), a column whose type does not fit (naming the accessor that
/// fits), and, for the `_values` ones, a column with missing values.
///
/// ```
/// use sdia::prelude::*;
///
/// # fn main() -> Result<(), SdiaError> {
/// let penguins = dataset("penguins")?;
/// let masses: Vec<Option<f64>> = penguins.f64_options("body_mass_g")?;
/// assert_eq!(masses.len(), 344);
/// let err = penguins.f64_values("body_mass_g").unwrap_err().to_string();
/// assert!(err.contains("2 missing values") && err.contains("f64_options"), "{err}");
/// # Ok(())
/// # }
/// ```
pub trait FrameValues {
    /// The numbers of column `name` as `f64` (integer, float and decimal types are converted);
    /// an error if one is missing (null or NaN).
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [1i32, 2, 3], "y" => [0.5f32, 1.5, 2.5]).unwrap();
    /// assert_eq!(df.f64_values("x").unwrap(), [1.0, 2.0, 3.0]);
    /// assert_eq!(df.f64_values("y").unwrap(), [0.5, 1.5, 2.5]);
    /// ```
    fn f64_values(&self, name: &str) -> Result<Vec<f64>>;

    /// The numbers of column `name` as `f64`, `None` where a value is missing (null or NaN).
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [Some(1.0), None, Some(f64::NAN)]).unwrap();
    /// assert_eq!(df.f64_options("x").unwrap(), [Some(1.0), None, None]);
    /// ```
    fn f64_options(&self, name: &str) -> Result<Vec<Option<f64>>>;

    /// The whole numbers of column `name` as `i64`: integer types, and floating-point columns
    /// whose values have no fractional part; an error if one is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("n" => [3u8, 4, 5], "x" => [1.0, 2.0, 3.5]).unwrap();
    /// assert_eq!(df.i64_values("n").unwrap(), [3, 4, 5]);
    /// let err = df.i64_values("x").unwrap_err().to_string();
    /// assert!(err.contains("3.5") && err.contains("f64_values"), "{err}");
    /// ```
    fn i64_values(&self, name: &str) -> Result<Vec<i64>>;

    /// The whole numbers of column `name` as `i64`, `None` where a value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("n" => [Some(3), None]).unwrap();
    /// assert_eq!(df.i64_options("n").unwrap(), [Some(3), None]);
    /// ```
    fn i64_options(&self, name: &str) -> Result<Vec<Option<i64>>>;

    /// The text of column `name` (`str`, categorical or enum) as `String`s; an error if one is
    /// missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("ville" => ["Paris", "Lyon"]).unwrap();
    /// assert_eq!(df.text_values("ville").unwrap(), ["Paris", "Lyon"]);
    /// ```
    fn text_values(&self, name: &str) -> Result<Vec<String>>;

    /// The text of column `name` as `String`s, `None` where a value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("sexe" => [Some("F"), None]).unwrap();
    /// assert_eq!(df.text_options("sexe").unwrap(), [Some("F".to_string()), None]);
    /// ```
    fn text_options(&self, name: &str) -> Result<Vec<Option<String>>>;

    /// The booleans of column `name`; an error if one is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("ok" => [true, false]).unwrap();
    /// assert_eq!(df.bool_values("ok").unwrap(), [true, false]);
    /// ```
    fn bool_values(&self, name: &str) -> Result<Vec<bool>>;

    /// The booleans of column `name`, `None` where a value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("ok" => [Some(true), None]).unwrap();
    /// assert_eq!(df.bool_options("ok").unwrap(), [Some(true), None]);
    /// ```
    fn bool_options(&self, name: &str) -> Result<Vec<Option<bool>>>;

    /// The sum of column `name`'s present values (missing ones skipped, booleans counted as
    /// 1 and 0); 0 for an empty or all-missing column, as in pandas.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [Some(1), None, Some(4)], "ok" => [true, true, false]).unwrap();
    /// assert_eq!(df.column_sum("x").unwrap(), 5.0);
    /// assert_eq!(df.column_sum("ok").unwrap(), 2.0); // how many are true
    /// ```
    fn column_sum(&self, name: &str) -> Result<f64>;

    /// The mean of column `name`'s present values (missing ones skipped); an error for an
    /// empty or all-missing column (pandas would give NaN).
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [Some(1.0), None, Some(4.0)]).unwrap();
    /// assert_eq!(df.column_mean("x").unwrap(), 2.5);
    /// ```
    fn column_mean(&self, name: &str) -> Result<f64>;

    /// The smallest present value of column `name`; an error for an empty or all-missing
    /// column.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [3, -2, 7]).unwrap();
    /// assert_eq!(df.column_min("x").unwrap(), -2.0);
    /// ```
    fn column_min(&self, name: &str) -> Result<f64>;

    /// The largest present value of column `name`; an error for an empty or all-missing
    /// column.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [3, -2, 7]).unwrap();
    /// assert_eq!(df.column_max("x").unwrap(), 7.0);
    /// ```
    fn column_max(&self, name: &str) -> Result<f64>;

    /// The number in column `name` at row `row` (counted from 0), as `f64`: pandas'
    /// `df.loc[row, name]`. An error if the row is out of range or the value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("x" => [10, 20, 30]).unwrap();
    /// assert_eq!(df.value_f64("x", 2).unwrap(), 30.0);
    /// assert!(df.value_f64("x", 3).unwrap_err().to_string().contains("3 rows"));
    /// ```
    fn value_f64(&self, name: &str, row: usize) -> Result<f64>;

    /// The whole number in column `name` at row `row`, as `i64`.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("annee" => [2007, 2008]).unwrap();
    /// assert_eq!(df.value_i64("annee", 1).unwrap(), 2008);
    /// ```
    fn value_i64(&self, name: &str, row: usize) -> Result<i64>;

    /// The text in column `name` at row `row`.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("ville" => ["Paris", "Lyon"]).unwrap();
    /// assert_eq!(df.value_text("ville", 0).unwrap(), "Paris");
    /// ```
    fn value_text(&self, name: &str, row: usize) -> Result<String>;

    /// The boolean in column `name` at row `row`.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let df = df!("ok" => [true, false]).unwrap();
    /// assert!(!df.value_bool("ok", 1).unwrap());
    /// ```
    fn value_bool(&self, name: &str, row: usize) -> Result<bool>;
}

/// A `Series`' or a `Column`'s values as plain Rust values: the methods of [`FrameValues`],
/// without the column name (`df["x"].f64_values()?`, `serie.column_mean()?`).
///
/// The rules are those of the [module page](crate::values); errors name the series by its name.
///
/// ```
/// use sdia::prelude::*;
///
/// # fn main() -> Result<(), SdiaError> {
/// let df = df!("x" => [1.0, 2.0, 6.0])?;
/// assert_eq!(df["x"].f64_values()?, [1.0, 2.0, 6.0]);
/// assert_eq!(df.column("x")?.column_mean()?, 3.0);
/// let s = Series::new("n".into(), [4i64, 5]);
/// assert_eq!(s.i64_values()?, [4, 5]);
/// # Ok(())
/// # }
/// ```
pub trait SeriesValues {
    /// The numbers as `f64`; an error if one is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [1i16, 2]);
    /// assert_eq!(s.f64_values().unwrap(), [1.0, 2.0]);
    /// ```
    fn f64_values(&self) -> Result<Vec<f64>>;

    /// The numbers as `f64`, `None` where a value is missing (null or NaN).
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [Some(1.0), None]);
    /// assert_eq!(s.f64_options().unwrap(), [Some(1.0), None]);
    /// ```
    fn f64_options(&self) -> Result<Vec<Option<f64>>>;

    /// The whole numbers as `i64`; an error if one is missing or has a fractional part.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [1.0, 2.0]);
    /// assert_eq!(s.i64_values().unwrap(), [1, 2]);
    /// ```
    fn i64_values(&self) -> Result<Vec<i64>>;

    /// The whole numbers as `i64`, `None` where a value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [None, Some(7i32)]);
    /// assert_eq!(s.i64_options().unwrap(), [None, Some(7)]);
    /// ```
    fn i64_options(&self) -> Result<Vec<Option<i64>>>;

    /// The text as `String`s; an error if one is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("v".into(), ["a", "b"]);
    /// assert_eq!(s.text_values().unwrap(), ["a", "b"]);
    /// ```
    fn text_values(&self) -> Result<Vec<String>>;

    /// The text as `String`s, `None` where a value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("v".into(), [None, Some("b")]);
    /// assert_eq!(s.text_options().unwrap(), [None, Some("b".to_string())]);
    /// ```
    fn text_options(&self) -> Result<Vec<Option<String>>>;

    /// The booleans; an error if one is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("ok".into(), [false, true]);
    /// assert_eq!(s.bool_values().unwrap(), [false, true]);
    /// ```
    fn bool_values(&self) -> Result<Vec<bool>>;

    /// The booleans, `None` where a value is missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("ok".into(), [Some(false), None]);
    /// assert_eq!(s.bool_options().unwrap(), [Some(false), None]);
    /// ```
    fn bool_options(&self) -> Result<Vec<Option<bool>>>;

    /// The sum of the present values (0 if there are none).
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [Some(2u32), None, Some(3)]);
    /// assert_eq!(s.column_sum().unwrap(), 5.0);
    /// ```
    fn column_sum(&self) -> Result<f64>;

    /// The mean of the present values; an error if there are none.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [1.0, 2.0]);
    /// assert_eq!(s.column_mean().unwrap(), 1.5);
    /// ```
    fn column_mean(&self) -> Result<f64>;

    /// The smallest present value; an error if there are none.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [1.0, -2.0]);
    /// assert_eq!(s.column_min().unwrap(), -2.0);
    /// ```
    fn column_min(&self) -> Result<f64>;

    /// The largest present value; an error if there are none.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [1.0, -2.0]);
    /// assert_eq!(s.column_max().unwrap(), 1.0);
    /// ```
    fn column_max(&self) -> Result<f64>;

    /// The number at row `row` (from 0) as `f64`; an error if out of range or missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [1.5, 2.5]);
    /// assert_eq!(s.value_f64(1).unwrap(), 2.5);
    /// ```
    fn value_f64(&self, row: usize) -> Result<f64>;

    /// The whole number at row `row` as `i64`.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("x".into(), [4i64, 5]);
    /// assert_eq!(s.value_i64(0).unwrap(), 4);
    /// ```
    fn value_i64(&self, row: usize) -> Result<i64>;

    /// The text at row `row`.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("v".into(), ["a", "b"]);
    /// assert_eq!(s.value_text(1).unwrap(), "b");
    /// ```
    fn value_text(&self, row: usize) -> Result<String>;

    /// The boolean at row `row`.
    ///
    /// ```
    /// use sdia::prelude::*;
    /// let s = Series::new("ok".into(), [true]);
    /// assert!(s.value_bool(0).unwrap());
    /// ```
    fn value_bool(&self, row: usize) -> Result<bool>;
}

/// The column being read, as error messages name it, and how the student called the accessor
/// (by name on a frame, or on the series itself), so that a suggested fix is spelled as they
/// would write it.
struct Target<'a> {
    name: &'a str,
    on_frame: bool,
    /// Row of the series' first value in the column (non-zero for one value read at a row).
    first_row: usize,
}

impl Target<'_> {
    fn label(&self) -> String {
        if self.name.is_empty() {
            "the unnamed column".to_string()
        } else {
            format!("column '{}'", self.name)
        }
    }

    /// `method("name")` on a frame, `method()` on a series.
    fn call(&self, method: &str) -> String {
        if self.on_frame {
            format!("{method}(\"{}\")", self.name)
        } else {
            format!("{method}()")
        }
    }

    /// `method("name", row)` on a frame, `method(row)` on a series.
    fn call_at(&self, method: &str, row: usize) -> String {
        if self.on_frame {
            format!("{method}(\"{}\", {row})", self.name)
        } else {
            format!("{method}({row})")
        }
    }
}

/// The families of column types, as the accessors see them.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Integer,
    Float,
    Text,
    Boolean,
    /// polars' `Null` type: a column with no value at all, accepted by every accessor.
    Null,
    Other,
}

fn kind(dtype: &DataType) -> Kind {
    if dtype.is_integer() {
        Kind::Integer
    } else if dtype.is_float() || matches!(dtype, DataType::Decimal(_, _)) {
        Kind::Float
    } else if matches!(
        dtype,
        DataType::String | DataType::Categorical(_, _) | DataType::Enum(_, _)
    ) {
        Kind::Text
    } else if matches!(dtype, DataType::Boolean) {
        Kind::Boolean
    } else if matches!(dtype, DataType::Null) {
        Kind::Null
    } else {
        Kind::Other
    }
}

/// The four value types an accessor can return.
#[derive(Clone, Copy)]
enum Want {
    F64,
    I64,
    Text,
    Bool,
}

impl Want {
    fn prefix(self) -> &'static str {
        match self {
            Want::F64 => "f64",
            Want::I64 => "i64",
            Want::Text => "text",
            Want::Bool => "bool",
        }
    }

    fn rust_type(self) -> &'static str {
        match self {
            Want::F64 => "f64",
            Want::I64 => "i64",
            Want::Text => "String",
            Want::Bool => "bool",
        }
    }

    fn reads(self) -> &'static str {
        match self {
            Want::F64 => "numbers",
            Want::I64 => "whole numbers",
            Want::Text => "text",
            Want::Bool => "booleans",
        }
    }
}

/// Which member of an accessor family was called: all values, values with `None`, one row,
/// or one of the four numbers.
#[derive(Clone, Copy)]
enum Access {
    Values,
    Options,
    Value,
    Number(&'static str),
}

impl Access {
    fn method(self, want: Want) -> String {
        match self {
            Access::Values => format!("{}_values", want.prefix()),
            Access::Options => format!("{}_options", want.prefix()),
            Access::Value => format!("value_{}", want.prefix()),
            Access::Number(name) => name.to_string(),
        }
    }

    /// The same member of the family that reads `want` values, as the student would call it.
    fn suggest(self, want: Want, t: &Target) -> String {
        match self {
            Access::Value => t.call_at(&self.method(want), t.first_row),
            Access::Number(_) => t.call(&Access::Values.method(want)),
            _ => t.call(&self.method(want)),
        }
    }
}

/// The error for a column whose type does not fit the accessor called.
fn wrong_type(t: &Target, dtype: &DataType, want: Want, access: Access) -> SdiaError {
    let method = access.method(want);
    let reads = match access {
        Access::Number(_) => "numbers or booleans",
        _ => want.reads(),
    };
    let (holds, fit) = match kind(dtype) {
        Kind::Text => (
            "text",
            format!(
                "use {} for its values as String; text that spells numbers converts with \
                 parse_decimal_comma or .cast(&DataType::Float64)",
                access.suggest(Want::Text, t)
            ),
        ),
        Kind::Boolean => (
            "booleans",
            format!(
                "use {} for its values as bool",
                access.suggest(Want::Bool, t)
            ),
        ),
        Kind::Float => (
            "decimal numbers",
            format!("use {} for its values as f64", access.suggest(Want::F64, t)),
        ),
        Kind::Integer => (
            "whole numbers",
            format!(
                "use {} or {} for its values as i64 or f64",
                access.suggest(Want::I64, t),
                access.suggest(Want::F64, t)
            ),
        ),
        Kind::Null | Kind::Other => (
            "values of another kind",
            "no plain-value accessor reads this type: convert the column first, e.g. \
             .cast(&DataType::String) to read it as text"
                .to_string(),
        ),
    };
    SdiaError::InvalidInput(format!(
        "{} holds {holds} ({dtype}), but {method} reads {reads}: {fit}",
        t.label()
    ))
}

/// The error for `_values` on a column with missing values.
fn has_missing(t: &Target, missing: usize, total: usize, want: Want) -> SdiaError {
    let count = if missing == 1 {
        "1 missing value".to_string()
    } else {
        format!("{missing} missing values")
    };
    SdiaError::InvalidInput(format!(
        "{} has {count} (null{}) out of {total}, and a Vec<{ty}> cannot hold them: use {} \
         to get Option<{ty}> values (None where missing), or drop or fill the missing values \
         first (drop_nulls, Imputer)",
        t.label(),
        if matches!(want, Want::F64 | Want::I64) {
            " or NaN"
        } else {
            ""
        },
        t.call(&Access::Options.method(want)),
        ty = want.rust_type(),
    ))
}

/// The numbers of a series as `f64`, `None` for null and NaN.
fn f64_options_of(s: &Series, t: &Target, access: Access) -> Result<Vec<Option<f64>>> {
    match kind(s.dtype()) {
        Kind::Integer | Kind::Float => {
            let floats = s.cast(&DataType::Float64)?;
            Ok(floats
                .f64()?
                .iter()
                .map(|v| v.filter(|x| !x.is_nan()))
                .collect())
        }
        Kind::Null => Ok(vec![None; s.len()]),
        _ => Err(wrong_type(t, s.dtype(), Want::F64, access)),
    }
}

/// The whole numbers of a series as `i64`, `None` for null (and NaN in a float column).
fn i64_options_of(s: &Series, t: &Target, access: Access) -> Result<Vec<Option<i64>>> {
    match kind(s.dtype()) {
        Kind::Integer => {
            let ints = s.strict_cast(&DataType::Int64).map_err(|_| {
                SdiaError::InvalidInput(format!(
                    "{} ({}) holds values beyond i64's range ({} to {}): use {} for its values \
                     as f64 (rounded beyond 2^53)",
                    t.label(),
                    s.dtype(),
                    i64::MIN,
                    i64::MAX,
                    access.suggest(Want::F64, t)
                ))
            })?;
            Ok(ints.i64()?.iter().collect())
        }
        Kind::Float => {
            let floats = s.cast(&DataType::Float64)?;
            let mut out = Vec::with_capacity(s.len());
            for (i, v) in floats.f64()?.iter().enumerate() {
                out.push(match v {
                    None => None,
                    Some(x) if x.is_nan() => None,
                    Some(x) => Some(whole(x, t, t.first_row + i, s.dtype(), access)?),
                });
            }
            Ok(out)
        }
        Kind::Null => Ok(vec![None; s.len()]),
        _ => Err(wrong_type(t, s.dtype(), Want::I64, access)),
    }
}

/// `x` as an `i64` if it is a whole number within i64's range.
fn whole(x: f64, t: &Target, row: usize, dtype: &DataType, access: Access) -> Result<i64> {
    // 2^63: the first f64 above i64::MAX; i64::MIN = -2^63 is exact.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if x.fract() == 0.0 && (-LIMIT..LIMIT).contains(&x) {
        return Ok(x as i64);
    }
    let problem = if x.is_finite() && x.fract() == 0.0 {
        "beyond i64's range"
    } else {
        "not a whole number"
    };
    Err(SdiaError::InvalidInput(format!(
        "{} holds decimal numbers ({dtype}): at row {row} it has {x}, {problem}, so {} cannot \
         return it: use {} for its values as f64, or round the column first",
        t.label(),
        access.method(Want::I64),
        access.suggest(Want::F64, t)
    )))
}

/// The text of a series, `None` for null.
fn text_options_of(s: &Series, t: &Target, access: Access) -> Result<Vec<Option<String>>> {
    match kind(s.dtype()) {
        Kind::Text => {
            let text = s.cast(&DataType::String)?;
            Ok(text.str()?.iter().map(|v| v.map(str::to_string)).collect())
        }
        Kind::Null => Ok(vec![None; s.len()]),
        _ => Err(wrong_type(t, s.dtype(), Want::Text, access)),
    }
}

/// The booleans of a series, `None` for null.
fn bool_options_of(s: &Series, t: &Target, access: Access) -> Result<Vec<Option<bool>>> {
    match kind(s.dtype()) {
        Kind::Boolean => Ok(s.bool()?.iter().collect()),
        Kind::Null => Ok(vec![None; s.len()]),
        _ => Err(wrong_type(t, s.dtype(), Want::Bool, access)),
    }
}

type Reader<T> = fn(&Series, &Target, Access) -> Result<Vec<Option<T>>>;

/// Every value of the series, or the missing-values error.
fn all_present<T>(s: &Series, t: &Target, want: Want, read: Reader<T>) -> Result<Vec<T>> {
    let options = read(s, t, Access::Values)?;
    let missing = options.iter().filter(|v| v.is_none()).count();
    if missing > 0 {
        return Err(has_missing(t, missing, options.len(), want));
    }
    Ok(options.into_iter().flatten().collect())
}

/// The value at `row`, or an error saying the row is out of range or the value missing.
fn value_at<T>(s: &Series, t: &Target, row: usize, want: Want, read: Reader<T>) -> Result<T> {
    let len = s.len();
    if row >= len {
        let rows = match len {
            0 => "no rows".to_string(),
            1 => "1 row (row 0)".to_string(),
            n => format!("{n} rows (0 to {})", n - 1),
        };
        return Err(SdiaError::InvalidInput(format!(
            "row {row} is out of range: {} has {rows}",
            t.label()
        )));
    }
    let here = Target {
        first_row: row,
        ..*t
    };
    let one = s.slice(row as i64, 1);
    match read(&one, &here, Access::Value)?.pop().flatten() {
        Some(v) => Ok(v),
        None => Err(SdiaError::InvalidInput(format!(
            "{} has no value at row {row} (it is missing): use {}?[{row}] to get an \
             Option<{}>, or drop or fill the missing values first",
            t.label(),
            t.call(&Access::Options.method(want)),
            want.rust_type()
        ))),
    }
}

/// The present values of a numeric or boolean series as `f64`, for the four numbers.
fn numbers(s: &Series, t: &Target, method: &'static str) -> Result<Vec<f64>> {
    let access = Access::Number(method);
    let options = match kind(s.dtype()) {
        Kind::Boolean => s
            .bool()?
            .iter()
            .map(|v| v.map(|b| if b { 1.0 } else { 0.0 }))
            .collect(),
        _ => f64_options_of(s, t, access)?,
    };
    Ok(options.into_iter().flatten().collect())
}

/// The present values, or an error if there are none (the column is empty or all missing).
fn some_numbers(s: &Series, t: &Target, method: &'static str) -> Result<Vec<f64>> {
    let values = numbers(s, t, method)?;
    if values.is_empty() {
        return Err(if s.is_empty() {
            SdiaError::Empty(t.label())
        } else {
            SdiaError::AllMissing {
                column: t.name.to_string(),
            }
        });
    }
    Ok(values)
}

/// A sum with Neumaier's compensation: as close as numpy's pairwise sum (what pandas uses)
/// to the exact sum, whatever the order of magnitudes.
fn compensated_sum(values: &[f64]) -> f64 {
    let mut sum = 0.0_f64;
    let mut compensation = 0.0_f64;
    for &v in values {
        let next = sum + v;
        if sum.abs() >= v.abs() {
            compensation += (sum - next) + v;
        } else {
            compensation += (v - next) + sum;
        }
        sum = next;
    }
    if sum.is_finite() {
        sum + compensation
    } else {
        // An infinity: the compensation is NaN and meaningless.
        values.iter().sum()
    }
}

fn sum_of(s: &Series, t: &Target) -> Result<f64> {
    Ok(compensated_sum(&numbers(s, t, "column_sum")?))
}

fn mean_of(s: &Series, t: &Target) -> Result<f64> {
    let values = some_numbers(s, t, "column_mean")?;
    Ok(compensated_sum(&values) / values.len() as f64)
}

fn min_of(s: &Series, t: &Target) -> Result<f64> {
    let values = some_numbers(s, t, "column_min")?;
    Ok(values.into_iter().fold(f64::INFINITY, f64::min))
}

fn max_of(s: &Series, t: &Target) -> Result<f64> {
    let values = some_numbers(s, t, "column_max")?;
    Ok(values.into_iter().fold(f64::NEG_INFINITY, f64::max))
}

/// The column `name` of `df` and how to name it in errors.
fn frame_column<'a>(df: &'a DataFrame, name: &'a str) -> Result<(&'a Series, Target<'a>)> {
    let c = frame::column(df, name)?;
    Ok((
        c.as_materialized_series(),
        Target {
            name,
            on_frame: true,
            first_row: 0,
        },
    ))
}

impl FrameValues for DataFrame {
    fn f64_values(&self, name: &str) -> Result<Vec<f64>> {
        let (s, t) = frame_column(self, name)?;
        all_present(s, &t, Want::F64, f64_options_of)
    }

    fn f64_options(&self, name: &str) -> Result<Vec<Option<f64>>> {
        let (s, t) = frame_column(self, name)?;
        f64_options_of(s, &t, Access::Options)
    }

    fn i64_values(&self, name: &str) -> Result<Vec<i64>> {
        let (s, t) = frame_column(self, name)?;
        all_present(s, &t, Want::I64, i64_options_of)
    }

    fn i64_options(&self, name: &str) -> Result<Vec<Option<i64>>> {
        let (s, t) = frame_column(self, name)?;
        i64_options_of(s, &t, Access::Options)
    }

    fn text_values(&self, name: &str) -> Result<Vec<String>> {
        let (s, t) = frame_column(self, name)?;
        all_present(s, &t, Want::Text, text_options_of)
    }

    fn text_options(&self, name: &str) -> Result<Vec<Option<String>>> {
        let (s, t) = frame_column(self, name)?;
        text_options_of(s, &t, Access::Options)
    }

    fn bool_values(&self, name: &str) -> Result<Vec<bool>> {
        let (s, t) = frame_column(self, name)?;
        all_present(s, &t, Want::Bool, bool_options_of)
    }

    fn bool_options(&self, name: &str) -> Result<Vec<Option<bool>>> {
        let (s, t) = frame_column(self, name)?;
        bool_options_of(s, &t, Access::Options)
    }

    fn column_sum(&self, name: &str) -> Result<f64> {
        let (s, t) = frame_column(self, name)?;
        sum_of(s, &t)
    }

    fn column_mean(&self, name: &str) -> Result<f64> {
        let (s, t) = frame_column(self, name)?;
        mean_of(s, &t)
    }

    fn column_min(&self, name: &str) -> Result<f64> {
        let (s, t) = frame_column(self, name)?;
        min_of(s, &t)
    }

    fn column_max(&self, name: &str) -> Result<f64> {
        let (s, t) = frame_column(self, name)?;
        max_of(s, &t)
    }

    fn value_f64(&self, name: &str, row: usize) -> Result<f64> {
        let (s, t) = frame_column(self, name)?;
        value_at(s, &t, row, Want::F64, f64_options_of)
    }

    fn value_i64(&self, name: &str, row: usize) -> Result<i64> {
        let (s, t) = frame_column(self, name)?;
        value_at(s, &t, row, Want::I64, i64_options_of)
    }

    fn value_text(&self, name: &str, row: usize) -> Result<String> {
        let (s, t) = frame_column(self, name)?;
        value_at(s, &t, row, Want::Text, text_options_of)
    }

    fn value_bool(&self, name: &str, row: usize) -> Result<bool> {
        let (s, t) = frame_column(self, name)?;
        value_at(s, &t, row, Want::Bool, bool_options_of)
    }
}

fn series_target(s: &Series) -> Target<'_> {
    Target {
        name: s.name().as_str(),
        on_frame: false,
        first_row: 0,
    }
}

impl SeriesValues for Series {
    fn f64_values(&self) -> Result<Vec<f64>> {
        all_present(self, &series_target(self), Want::F64, f64_options_of)
    }

    fn f64_options(&self) -> Result<Vec<Option<f64>>> {
        f64_options_of(self, &series_target(self), Access::Options)
    }

    fn i64_values(&self) -> Result<Vec<i64>> {
        all_present(self, &series_target(self), Want::I64, i64_options_of)
    }

    fn i64_options(&self) -> Result<Vec<Option<i64>>> {
        i64_options_of(self, &series_target(self), Access::Options)
    }

    fn text_values(&self) -> Result<Vec<String>> {
        all_present(self, &series_target(self), Want::Text, text_options_of)
    }

    fn text_options(&self) -> Result<Vec<Option<String>>> {
        text_options_of(self, &series_target(self), Access::Options)
    }

    fn bool_values(&self) -> Result<Vec<bool>> {
        all_present(self, &series_target(self), Want::Bool, bool_options_of)
    }

    fn bool_options(&self) -> Result<Vec<Option<bool>>> {
        bool_options_of(self, &series_target(self), Access::Options)
    }

    fn column_sum(&self) -> Result<f64> {
        sum_of(self, &series_target(self))
    }

    fn column_mean(&self) -> Result<f64> {
        mean_of(self, &series_target(self))
    }

    fn column_min(&self) -> Result<f64> {
        min_of(self, &series_target(self))
    }

    fn column_max(&self) -> Result<f64> {
        max_of(self, &series_target(self))
    }

    fn value_f64(&self, row: usize) -> Result<f64> {
        value_at(self, &series_target(self), row, Want::F64, f64_options_of)
    }

    fn value_i64(&self, row: usize) -> Result<i64> {
        value_at(self, &series_target(self), row, Want::I64, i64_options_of)
    }

    fn value_text(&self, row: usize) -> Result<String> {
        value_at(self, &series_target(self), row, Want::Text, text_options_of)
    }

    fn value_bool(&self, row: usize) -> Result<bool> {
        value_at(self, &series_target(self), row, Want::Bool, bool_options_of)
    }
}

impl SeriesValues for Column {
    fn f64_values(&self) -> Result<Vec<f64>> {
        self.as_materialized_series().f64_values()
    }

    fn f64_options(&self) -> Result<Vec<Option<f64>>> {
        self.as_materialized_series().f64_options()
    }

    fn i64_values(&self) -> Result<Vec<i64>> {
        self.as_materialized_series().i64_values()
    }

    fn i64_options(&self) -> Result<Vec<Option<i64>>> {
        self.as_materialized_series().i64_options()
    }

    fn text_values(&self) -> Result<Vec<String>> {
        self.as_materialized_series().text_values()
    }

    fn text_options(&self) -> Result<Vec<Option<String>>> {
        self.as_materialized_series().text_options()
    }

    fn bool_values(&self) -> Result<Vec<bool>> {
        self.as_materialized_series().bool_values()
    }

    fn bool_options(&self) -> Result<Vec<Option<bool>>> {
        self.as_materialized_series().bool_options()
    }

    fn column_sum(&self) -> Result<f64> {
        self.as_materialized_series().column_sum()
    }

    fn column_mean(&self) -> Result<f64> {
        self.as_materialized_series().column_mean()
    }

    fn column_min(&self) -> Result<f64> {
        self.as_materialized_series().column_min()
    }

    fn column_max(&self) -> Result<f64> {
        self.as_materialized_series().column_max()
    }

    fn value_f64(&self, row: usize) -> Result<f64> {
        self.as_materialized_series().value_f64(row)
    }

    fn value_i64(&self, row: usize) -> Result<i64> {
        self.as_materialized_series().value_i64(row)
    }

    fn value_text(&self, row: usize) -> Result<String> {
        self.as_materialized_series().value_text(row)
    }

    fn value_bool(&self, row: usize) -> Result<bool> {
        self.as_materialized_series().value_bool(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<T: std::fmt::Debug>(r: Result<T>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn every_integer_and_float_type_converts_to_f64() {
        let df = df!(
            "i8" => [-1i8, 2],
            "u8" => [200u8, 255],
            "i32" => [-70_000i32, 3],
            "u64" => [u64::MAX, 0],
            "f32" => [0.5f32, -1.25],
            "f64" => [0.1, 0.2],
        )
        .unwrap();
        assert_eq!(df.f64_values("i8").unwrap(), [-1.0, 2.0]);
        assert_eq!(df.f64_values("u8").unwrap(), [200.0, 255.0]);
        assert_eq!(df.f64_values("i32").unwrap(), [-70_000.0, 3.0]);
        assert_eq!(
            df.f64_values("u64").unwrap(),
            [18_446_744_073_709_551_616.0, 0.0]
        );
        assert_eq!(df.f64_values("f32").unwrap(), [0.5, -1.25]);
        assert_eq!(df.f64_values("f64").unwrap(), [0.1, 0.2]);
        assert_eq!(df.i64_values("u8").unwrap(), [200, 255]);
        assert_eq!(df.i64_values("i32").unwrap(), [-70_000, 3]);
    }

    #[test]
    fn decimals_convert_to_f64_and_whole_ones_to_i64() {
        let s = Series::new("d".into(), [1.25, 3.0])
            .cast(&DataType::Decimal(10, 2))
            .unwrap();
        assert_eq!(s.f64_values().unwrap(), [1.25, 3.0]);
        let e = message(s.i64_values());
        assert!(e.contains("row 0") && e.contains("1.25"), "{e}");
        assert_eq!(s.slice(1, 1).i64_values().unwrap(), [3]);
    }

    #[test]
    fn integers_beyond_2_pow_53_are_rounded_as_f64_but_exact_as_i64() {
        let big = (1i64 << 53) + 1;
        let df = df!("id" => [big, -big]).unwrap();
        // f64 has 53 bits of mantissa: 2^53 + 1 rounds to 2^53 (ties to even), as in pandas.
        assert_eq!(
            df.f64_values("id").unwrap(),
            [9_007_199_254_740_992.0, -9_007_199_254_740_992.0]
        );
        assert_eq!(
            df.i64_values("id").unwrap(),
            [9_007_199_254_740_993, -9_007_199_254_740_993]
        );
        assert_eq!(df.value_i64("id", 0).unwrap(), 9_007_199_254_740_993);
    }

    #[test]
    fn a_missing_value_is_refused_with_its_count_and_the_fix() {
        let df = df!("x" => [Some(1.0), None, Some(f64::NAN), Some(4.0)]).unwrap();
        let e = message(df.f64_values("x"));
        assert!(
            e.contains("column 'x'") && e.contains("2 missing values"),
            "{e}"
        );
        assert!(
            e.contains("out of 4") && e.contains("f64_options(\"x\")"),
            "{e}"
        );
        assert!(e.contains("Imputer"), "{e}");
        assert_eq!(
            df.f64_options("x").unwrap(),
            [Some(1.0), None, None, Some(4.0)]
        );

        let one = df!("n" => [Some(1), None], "t" => [Some("a"), None], "b" => [None, Some(true)])
            .unwrap();
        let e = message(one.i64_values("n"));
        assert!(
            e.contains("1 missing value ") && e.contains("i64_options(\"n\")"),
            "{e}"
        );
        let e = message(one.text_values("t"));
        assert!(
            e.contains("Vec<String>") && e.contains("text_options(\"t\")"),
            "{e}"
        );
        let e = message(one.bool_values("b"));
        assert!(
            e.contains("Vec<bool>") && e.contains("bool_options(\"b\")"),
            "{e}"
        );
        assert_eq!(one.i64_options("n").unwrap(), [Some(1), None]);
        assert_eq!(
            one.text_options("t").unwrap(),
            [Some("a".to_string()), None]
        );
        assert_eq!(one.bool_options("b").unwrap(), [None, Some(true)]);
    }

    #[test]
    fn a_wrong_type_names_the_columns_type_and_the_accessor_that_fits() {
        let df = df!(
            "ville" => ["Paris", "Lyon"],
            "x" => [1.0, 2.5],
            "n" => [1, 2],
            "ok" => [true, false],
        )
        .unwrap();
        let e = message(df.f64_values("ville"));
        assert!(
            e.contains("holds text (str)") && e.contains("text_values(\"ville\")"),
            "{e}"
        );
        let e = message(df.f64_options("ville"));
        assert!(e.contains("text_options(\"ville\")"), "{e}");
        let e = message(df.i64_values("x"));
        assert!(
            e.contains("row 1") && e.contains("2.5") && e.contains("f64_values(\"x\")"),
            "{e}"
        );
        let e = message(df.text_values("n"));
        assert!(
            e.contains("(i32)") && e.contains("i64_values(\"n\")"),
            "{e}"
        );
        assert!(e.contains("f64_values(\"n\")"), "{e}");
        let e = message(df.bool_values("x"));
        assert!(
            e.contains("(f64)") && e.contains("f64_values(\"x\")"),
            "{e}"
        );
        let e = message(df.f64_values("ok"));
        assert!(
            e.contains("(bool)") && e.contains("bool_values(\"ok\")"),
            "{e}"
        );
        let e = message(df.i64_options("ok"));
        assert!(e.contains("bool_options(\"ok\")"), "{e}");
        let e = message(df.column_sum("ville"));
        assert!(e.contains("column_sum reads numbers or booleans"), "{e}");
        let e = message(df.value_f64("ville", 1));
        assert!(e.contains("value_text(\"ville\", 1)"), "{e}");
    }

    #[test]
    fn a_type_no_accessor_reads_says_to_convert_it() {
        let dates = Series::new("jour".into(), [19_000i32, 19_001])
            .cast(&DataType::Date)
            .unwrap();
        let e = message(dates.f64_values());
        assert!(
            e.contains("(date)") && e.contains(".cast(&DataType::String)"),
            "{e}"
        );
    }

    #[test]
    fn unknown_column_lists_the_columns_the_frame_has() {
        let df = df!("a" => [1], "b" => [2.0]).unwrap();
        for e in [
            message(df.f64_values("c")),
            message(df.column_mean("c")),
            message(df.value_text("c", 0)),
        ] {
            assert!(e.contains("'c' not found") && e.contains("a, b"), "{e}");
        }
    }

    #[test]
    fn a_row_out_of_range_says_how_many_rows_there_are() {
        let df = df!("x" => [1.0, 2.0, 3.0]).unwrap();
        let e = message(df.value_f64("x", 3));
        assert!(
            e.contains("row 3 is out of range") && e.contains("3 rows (0 to 2)"),
            "{e}"
        );
        let one = df!("x" => [1.0]).unwrap();
        assert!(message(one.value_f64("x", 1)).contains("1 row (row 0)"));
        let empty = df.clear();
        assert!(message(empty.value_i64("x", 0)).contains("has no rows"));
    }

    #[test]
    fn a_missing_value_at_a_row_points_to_the_option_accessor() {
        let df = df!("x" => [Some(1.0), None], "t" => [None, Some("b")]).unwrap();
        let e = message(df.value_f64("x", 1));
        assert!(
            e.contains("no value at row 1") && e.contains("f64_options(\"x\")?[1]"),
            "{e}"
        );
        let e = message(df.value_text("t", 0));
        assert!(
            e.contains("text_options(\"t\")?[0]") && e.contains("Option<String>"),
            "{e}"
        );
        assert_eq!(df.value_text("t", 1).unwrap(), "b");
    }

    #[test]
    fn empty_and_all_missing_columns() {
        let empty = df!("x" => Vec::<f64>::new()).unwrap();
        assert!(empty.f64_values("x").unwrap().is_empty());
        assert_eq!(empty.column_sum("x").unwrap(), 0.0);
        for r in [
            empty.column_mean("x"),
            empty.column_min("x"),
            empty.column_max("x"),
        ] {
            assert!(matches!(r, Err(SdiaError::Empty(_))), "{r:?}");
        }
        assert!(message(empty.column_mean("x")).contains("column 'x' is empty"));

        let missing = df!("x" => [None::<f64>, Some(f64::NAN)]).unwrap();
        assert_eq!(missing.column_sum("x").unwrap(), 0.0);
        for r in [
            missing.column_mean("x"),
            missing.column_min("x"),
            missing.column_max("x"),
        ] {
            assert!(matches!(r, Err(SdiaError::AllMissing { .. })), "{r:?}");
        }
    }

    #[test]
    fn the_four_numbers_skip_missing_values_like_pandas() {
        let df = df!(
            "x" => [Some(2.0), None, Some(f64::NAN), Some(-1.0), Some(5.0)],
            "n" => [Some(3u16), Some(1), None, Some(8), Some(0)],
            "ok" => [Some(true), Some(true), None, Some(false), Some(true)],
        )
        .unwrap();
        assert_eq!(df.column_sum("x").unwrap(), 6.0);
        assert_eq!(df.column_mean("x").unwrap(), 2.0);
        assert_eq!(df.column_min("x").unwrap(), -1.0);
        assert_eq!(df.column_max("x").unwrap(), 5.0);
        assert_eq!(df.column_sum("n").unwrap(), 12.0);
        assert_eq!(df.column_mean("n").unwrap(), 3.0);
        assert_eq!(df.column_min("n").unwrap(), 0.0);
        assert_eq!(df.column_max("n").unwrap(), 8.0);
        assert_eq!(df.column_sum("ok").unwrap(), 3.0);
        assert_eq!(df.column_mean("ok").unwrap(), 0.75);
    }

    #[test]
    fn sums_are_compensated() {
        assert_eq!(compensated_sum(&[1e16, 1.0, -1e16]), 1.0);
        assert_eq!(compensated_sum(&[0.1; 10]), 1.0);
        assert_eq!(compensated_sum(&[f64::INFINITY, 1.0]), f64::INFINITY);
    }

    #[test]
    fn floats_without_fractions_are_whole_numbers() {
        let df = df!("x" => [Some(181.0), None, Some(f64::NAN), Some(-3.0)]).unwrap();
        assert_eq!(
            df.i64_options("x").unwrap(),
            [Some(181), None, None, Some(-3)]
        );
        assert_eq!(df.value_i64("x", 3).unwrap(), -3);
        let e = message(df.i64_values("x"));
        assert!(e.contains("2 missing values"), "{e}");
        let frac = df!("x" => [1.0, 2.0, 7.5]).unwrap();
        let e = message(frac.value_i64("x", 2));
        assert!(
            e.contains("row 2") && e.contains("value_f64(\"x\", 2)"),
            "{e}"
        );
        let huge = df!("x" => [1e19]).unwrap();
        assert!(message(huge.i64_values("x")).contains("beyond i64's range"));
        let inf = df!("x" => [f64::INFINITY]).unwrap();
        assert!(message(inf.i64_values("x")).contains("not a whole number"));
    }

    #[test]
    fn unsigned_integers_beyond_i64_are_refused_as_i64() {
        let df = df!("x" => [1u64, u64::MAX]).unwrap();
        let e = message(df.i64_values("x"));
        assert!(
            e.contains("(u64)") && e.contains("beyond i64's range"),
            "{e}"
        );
        assert!(e.contains("f64_values(\"x\")"), "{e}");
    }

    #[test]
    fn categorical_text_is_text() {
        let s = Series::new("c".into(), ["rouge", "vert", "rouge"])
            .cast(&DataType::from_categories(Categories::global()))
            .unwrap();
        assert_eq!(s.text_values().unwrap(), ["rouge", "vert", "rouge"]);
        assert_eq!(s.value_text(1).unwrap(), "vert");
    }

    #[test]
    fn a_null_typed_column_is_all_missing_for_every_accessor() {
        let s = Series::new_null("vide".into(), 2);
        assert_eq!(s.f64_options().unwrap(), [None, None]);
        assert_eq!(s.i64_options().unwrap(), [None, None]);
        assert_eq!(s.text_options().unwrap(), [None, None]);
        assert_eq!(s.bool_options().unwrap(), [None, None]);
        assert!(message(s.f64_values()).contains("2 missing values"));
        assert_eq!(s.column_sum().unwrap(), 0.0);
        assert!(matches!(s.column_mean(), Err(SdiaError::AllMissing { .. })));
    }

    #[test]
    fn series_and_columns_spell_the_fix_without_a_name() {
        let df = df!("x" => [Some(1.0), None], "t" => ["a", "b"]).unwrap();
        let e = message(df["x"].f64_values());
        assert!(
            e.contains("column 'x'") && e.contains("use f64_options() "),
            "{e}"
        );
        let e = message(df.column("t").unwrap().f64_values());
        assert!(e.contains("text_values()"), "{e}");
        let e = message(df["x"].value_f64(1));
        assert!(e.contains("f64_options()?[1]"), "{e}");
        let e = message(df["t"].value_i64(1));
        assert!(e.contains("value_text(1)"), "{e}");
        let e = message(df["x"].value_f64(5));
        assert!(e.contains("row 5 is out of range"), "{e}");
        let s = df["t"].as_materialized_series().clone();
        assert_eq!(s.text_values().unwrap(), ["a", "b"]);
        assert_eq!(df["x"].column_sum().unwrap(), 1.0);
        assert_eq!(df["x"].column_max().unwrap(), 1.0);
        assert_eq!(df["x"].column_min().unwrap(), 1.0);
        assert_eq!(df["x"].f64_options().unwrap(), [Some(1.0), None]);
        let unnamed = Series::new("".into(), [Some(1), None]);
        assert!(message(unnamed.i64_values()).contains("the unnamed column"));
    }

    #[test]
    fn a_scalar_column_reads_like_any_other() {
        let df = df!("x" => [1, 2, 3])
            .unwrap()
            .lazy()
            .with_column(lit(2.5).alias("k"))
            .collect()
            .unwrap();
        assert_eq!(df.f64_values("k").unwrap(), [2.5, 2.5, 2.5]);
        assert_eq!(df["k"].value_f64(2).unwrap(), 2.5);
        assert_eq!(df.column_sum("k").unwrap(), 7.5);
    }
}
