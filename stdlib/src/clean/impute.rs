//! Filling missing values with an [`Imputer`] that is fitted once and remembers what it learnt
//! (scikit-learn's `SimpleImputer`, plus pandas' forward fill): the test set is filled with the
//! training mean, never with its own.
//!
//! NaN counts as missing, like a null.

use super::missing::missing_count;
use super::{frame_of, replaced, titled_frame};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use crate::table::format_number;
use polars::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A value to fill with: a number or a text. Built from `f64`, `i64`, `i32`, `&str` or `String`
/// (so `.constant("city", "unknown")` and `.constant("age", 0)` both work).
///
/// ```
/// use sdia::prelude::*;
///
/// assert_eq!(FillValue::from(2.5), FillValue::Float(2.5));
/// assert_eq!(FillValue::from("n/a"), FillValue::Text("n/a".into()));
/// assert_eq!(FillValue::from(3).to_string(), "3");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum FillValue {
    /// A floating-point number.
    Float(f64),
    /// An integer.
    Int(i64),
    /// A text (also used for booleans, dates and categories learnt by the mode).
    Text(String),
}

impl From<f64> for FillValue {
    fn from(x: f64) -> Self {
        FillValue::Float(x)
    }
}

impl From<i64> for FillValue {
    fn from(x: i64) -> Self {
        FillValue::Int(x)
    }
}

impl From<i32> for FillValue {
    fn from(x: i32) -> Self {
        FillValue::Int(i64::from(x))
    }
}

impl From<&str> for FillValue {
    fn from(s: &str) -> Self {
        FillValue::Text(s.to_string())
    }
}

impl From<String> for FillValue {
    fn from(s: String) -> Self {
        FillValue::Text(s)
    }
}

impl fmt::Display for FillValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FillValue::Float(x) => write!(f, "{}", format_number(*x)),
            FillValue::Int(x) => write!(f, "{x}"),
            FillValue::Text(s) => write!(f, "{s}"),
        }
    }
}

/// How one column is filled.
#[derive(Debug, Clone, PartialEq)]
enum Strategy {
    Mean,
    Median,
    Mode,
    Constant(FillValue),
    ForwardFill,
}

impl Strategy {
    fn name(&self) -> &'static str {
        match self {
            Strategy::Mean => "mean",
            Strategy::Median => "median",
            Strategy::Mode => "most frequent",
            Strategy::Constant(_) => "constant",
            Strategy::ForwardFill => "forward fill",
        }
    }
}

/// The parameters of an imputer: which columns are filled, and how. Fit it on the training
/// data with [`fit`](Imputer::fit), then apply the [`FittedImputer`] to any frame.
///
/// - mean and median need numeric columns, and turn them into `Float64`;
/// - the mode (most frequent value) works on any column; ties go to the smallest value,
///   like scikit-learn;
/// - a constant must match the column: a number for a numeric column, a text for a text,
///   categorical or boolean column;
/// - forward fill repeats the previous present value (pandas' `ffill`): leading missing values
///   stay missing. Nothing is learnt; it applies to each new frame's own rows.
///
/// A column in which every value is missing at fit time is an error for mean, median, mode and
/// forward fill (there is nothing to learn from it); a constant fills it.
///
/// ```
/// use sdia::prelude::*;
///
/// let train = df!(
///     "age" => [Some(20), None, Some(40)],
///     "city" => [Some("Lyon"), Some("Lyon"), None],
/// ).unwrap();
/// let imputer = Imputer::new().mean(&["age"]).mode(&["city"]).fit(&train).unwrap();
/// let test = df!("age" => [None::<i32>], "city" => [None::<&str>]).unwrap();
/// let filled = imputer.transform(&test).unwrap();
/// assert_eq!(filled.column("age").unwrap().f64().unwrap().get(0), Some(30.0)); // training mean
/// assert_eq!(filled.column("city").unwrap().str().unwrap().get(0), Some("Lyon"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Imputer {
    steps: Vec<(String, Strategy)>,
}

impl Imputer {
    /// An imputer that fills nothing yet: add columns with the strategy methods.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [Some(1.0), None]).unwrap();
    /// assert!(Imputer::new().fit(&df).is_err()); // no column to fill
    /// ```
    pub fn new() -> Imputer {
        Imputer::default()
    }

    fn with(mut self, columns: &[&str], strategy: Strategy) -> Imputer {
        for c in columns {
            self.steps.push((c.to_string(), strategy.clone()));
        }
        self
    }

    /// Fills these numeric columns with their mean at fit time.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [Some(1.0), None, Some(2.0)]).unwrap();
    /// let out = Imputer::new().mean(&["x"]).fit_transform(&df).unwrap();
    /// assert_eq!(out.column("x").unwrap().f64().unwrap().get(1), Some(1.5));
    /// ```
    pub fn mean(self, columns: impl ColumnNames) -> Imputer {
        let columns = columns.names();
        let columns = columns.as_slice();
        self.with(columns, Strategy::Mean)
    }

    /// Fills these numeric columns with their median at fit time.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [Some(1.0), None, Some(2.0), Some(10.0)]).unwrap();
    /// let out = Imputer::new().median(&["x"]).fit_transform(&df).unwrap();
    /// assert_eq!(out.column("x").unwrap().f64().unwrap().get(1), Some(2.0));
    /// ```
    pub fn median(self, columns: impl ColumnNames) -> Imputer {
        let columns = columns.names();
        let columns = columns.as_slice();
        self.with(columns, Strategy::Median)
    }

    /// Fills these columns, of any type, with their most frequent value at fit time
    /// (the smallest one in case of a tie).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("t" => [Some("b"), Some("a"), None, Some("b")]).unwrap();
    /// let out = Imputer::new().mode(&["t"]).fit_transform(&df).unwrap();
    /// assert_eq!(out.column("t").unwrap().str().unwrap().get(2), Some("b"));
    /// ```
    pub fn mode(self, columns: impl ColumnNames) -> Imputer {
        let columns = columns.names();
        let columns = columns.as_slice();
        self.with(columns, Strategy::Mode)
    }

    /// Fills one column with a constant: a number (`0`, `-1.0`) for a numeric column, a text
    /// (`"unknown"`) for a text or categorical column, `"true"` or `"false"` for a boolean
    /// column. A float constant turns an integer column into Float64.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("city" => [Some("Lyon"), None], "n" => [None, Some(3)]).unwrap();
    /// let out = Imputer::new().constant("city", "unknown").constant("n", 0)
    ///     .fit_transform(&df).unwrap();
    /// assert_eq!(out.column("city").unwrap().str().unwrap().get(1), Some("unknown"));
    /// assert_eq!(out.column("n").unwrap().i32().unwrap().get(0), Some(0));
    /// ```
    pub fn constant(mut self, column: &str, value: impl Into<FillValue>) -> Imputer {
        self.steps
            .push((column.to_string(), Strategy::Constant(value.into())));
        self
    }

    /// Fills these columns with the previous present value, row by row (pandas' `ffill`);
    /// leading missing values stay missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("t" => [None, Some(1.0), None, Some(f64::NAN), Some(4.0)]).unwrap();
    /// let out = Imputer::new().forward_fill(&["t"]).fit_transform(&df).unwrap();
    /// let t: Vec<Option<f64>> = out.column("t").unwrap().f64().unwrap().iter().collect();
    /// assert_eq!(t, [None, Some(1.0), Some(1.0), Some(1.0), Some(4.0)]);
    /// ```
    pub fn forward_fill(self, columns: impl ColumnNames) -> Imputer {
        let columns = columns.names();
        let columns = columns.as_slice();
        self.with(columns, Strategy::ForwardFill)
    }

    /// Learns the fill value of each column from `df`.
    ///
    /// Errors: no column given, a column given twice, a missing column, a non-numeric column
    /// for mean or median, a column with no present value, a constant of the wrong kind.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("city" => ["Lyon", "Paris"]).unwrap();
    /// let err = Imputer::new().mean(&["city"]).fit(&df).unwrap_err();
    /// assert!(err.to_string().contains("'city'"));
    /// ```
    pub fn fit(&self, df: &DataFrame) -> Result<FittedImputer> {
        if self.steps.is_empty() {
            return Err(SdiaError::InvalidInput(
                "the imputer has no column to fill: add some with .mean(&[..]), .median(&[..]), \
                 .mode(&[..]), .constant(column, value) or .forward_fill(&[..])"
                    .into(),
            ));
        }
        let mut seen = HashSet::new();
        let mut learnt = Vec::with_capacity(self.steps.len());
        for (name, strategy) in &self.steps {
            if !seen.insert(name.as_str()) {
                return Err(SdiaError::InvalidInput(format!(
                    "column '{name}' is given two fill strategies: keep only one"
                )));
            }
            let c = frame::column(df, name)?;
            let value = match strategy {
                Strategy::Mean => {
                    let v = frame::f64_values(df, name)?;
                    Some(FillValue::Float(v.iter().sum::<f64>() / v.len() as f64))
                }
                Strategy::Median => {
                    let mut v = frame::f64_values(df, name)?;
                    frame::sort_values(&mut v);
                    Some(FillValue::Float(frame::quantile_sorted(&v, 0.5)))
                }
                Strategy::Mode => Some(mode_of(df, name)?),
                Strategy::Constant(value) => {
                    check_constant(name, c.dtype(), value)?;
                    Some(value.clone())
                }
                Strategy::ForwardFill => {
                    if missing_count(df, name)? == df.height() {
                        return Err(no_values(df, name));
                    }
                    None
                }
            };
            learnt.push(Learnt {
                column: name.clone(),
                strategy: strategy.clone(),
                value,
            });
        }
        Ok(FittedImputer { learnt })
    }

    /// [`fit`](Imputer::fit) on `df`, then [`transform`](FittedImputer::transform) of the same
    /// frame.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [Some(2), None, Some(4)]).unwrap();
    /// let out = Imputer::new().mean(&["x"]).fit_transform(&df).unwrap();
    /// let x: Vec<Option<f64>> = out.column("x").unwrap().f64().unwrap().iter().collect();
    /// assert_eq!(x, [Some(2.0), Some(3.0), Some(4.0)]);
    /// ```
    pub fn fit_transform(&self, df: &DataFrame) -> Result<DataFrame> {
        self.fit(df)?.transform(df)
    }
}

/// What was learnt for one column.
#[derive(Debug, Clone)]
struct Learnt {
    column: String,
    strategy: Strategy,
    /// `None` for forward fill, which learns nothing.
    value: Option<FillValue>,
}

/// An imputer fitted on training data: the fill value of each column, applied as it is to any
/// frame by [`transform`](FittedImputer::transform). Shows its [`values`](FittedImputer::values)
/// in the notebook.
#[derive(Debug, Clone)]
pub struct FittedImputer {
    learnt: Vec<Learnt>,
}

impl FittedImputer {
    /// `df` with the missing values (null or NaN) of the fitted columns filled with the values
    /// learnt at fit time (forward fill works on `df`'s own rows). Other columns are unchanged.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let train = df!("x" => [Some(1.0), Some(3.0), None]).unwrap();
    /// let imputer = Imputer::new().median(&["x"]).fit(&train).unwrap();
    /// let test = df!("x" => [None, Some(10.0)]).unwrap();
    /// let out = imputer.transform(&test).unwrap();
    /// assert_eq!(out.column("x").unwrap().f64().unwrap().get(0), Some(2.0));
    /// ```
    pub fn transform(&self, df: &DataFrame) -> Result<DataFrame> {
        let mut out = df.clone();
        for step in &self.learnt {
            let filled = match &step.value {
                None => forward_fill(df, &step.column)?,
                Some(value) => match step.strategy {
                    Strategy::Mean | Strategy::Median => {
                        fill_float(df, &step.column, value_as_f64(value), false)?
                    }
                    _ => fill_with(df, &step.column, value)?,
                },
            };
            out = replaced(&out, &step.column, filled)?;
        }
        Ok(out)
    }

    /// What was learnt: one row per column with `column`, `strategy` (mean, median, most
    /// frequent, constant, forward fill) and `value` (as text).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [Some(1.0), None, Some(2.0)]).unwrap();
    /// let imputer = Imputer::new().mean(&["x"]).fit(&df).unwrap();
    /// let v = imputer.values();
    /// assert_eq!(v.column("strategy").unwrap().str().unwrap().get(0), Some("mean"));
    /// assert_eq!(v.column("value").unwrap().str().unwrap().get(0), Some("1.5"));
    /// ```
    pub fn values(&self) -> DataFrame {
        let columns: Vec<&str> = self.learnt.iter().map(|l| l.column.as_str()).collect();
        let strategies: Vec<&str> = self.learnt.iter().map(|l| l.strategy.name()).collect();
        let values: Vec<String> = self
            .learnt
            .iter()
            .map(|l| match &l.value {
                Some(v) => v.to_string(),
                None => "previous present value".to_string(),
            })
            .collect();
        frame_of(vec![
            Column::new("column".into(), columns),
            Column::new("strategy".into(), strategies),
            Column::new("value".into(), values),
        ])
        .unwrap_or_default()
    }
}

impl RichDisplay for FittedImputer {
    fn mime_bundle(&self) -> MimeBundle {
        titled_frame("Fitted imputer", &self.values(), "")
    }
}

fn no_values(df: &DataFrame, name: &str) -> SdiaError {
    if df.height() == 0 {
        SdiaError::Empty(format!("column '{name}'"))
    } else {
        SdiaError::AllMissing {
            column: name.to_string(),
        }
    }
}

fn value_as_f64(value: &FillValue) -> f64 {
    match value {
        FillValue::Float(x) => *x,
        FillValue::Int(x) => *x as f64,
        FillValue::Text(_) => f64::NAN,
    }
}

/// The most frequent present value; ties go to the smallest.
fn mode_of(df: &DataFrame, name: &str) -> Result<FillValue> {
    let c = frame::column(df, name)?;
    let dtype = c.dtype().clone();
    if dtype.is_integer() {
        let s = c.as_materialized_series().cast(&DataType::Int64)?;
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for v in s.i64()?.iter().flatten() {
            *counts.entry(v).or_default() += 1;
        }
        let best = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        return best
            .map(|(v, _)| FillValue::Int(v))
            .ok_or_else(|| no_values(df, name));
    }
    if frame::is_numeric(&dtype) {
        let mut counts: HashMap<u64, (f64, usize)> = HashMap::new();
        for x in frame::f64_options(df, name)?.into_iter().flatten() {
            let x = x + 0.0; // -0.0 and 0.0 are the same value
            counts.entry(x.to_bits()).or_insert((x, 0)).1 += 1;
        }
        let best = counts
            .into_values()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.total_cmp(&a.0)));
        return best
            .map(|(x, _)| FillValue::Float(x))
            .ok_or_else(|| no_values(df, name));
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for v in frame::labels(df, name)?.into_iter().flatten() {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    best.map(|(v, _)| FillValue::Text(v))
        .ok_or_else(|| no_values(df, name))
}

/// Checks that a constant suits the column's type.
fn check_constant(name: &str, dtype: &DataType, value: &FillValue) -> Result<()> {
    let numeric = frame::is_numeric(dtype);
    match value {
        FillValue::Float(x) if !x.is_finite() => Err(SdiaError::InvalidInput(format!(
            "the constant for column '{name}' is {x}: give a finite number"
        ))),
        FillValue::Float(_) | FillValue::Int(_) if !numeric => {
            Err(SdiaError::InvalidInput(format!(
                "column '{name}' is {dtype}, but the constant {value} is a number: \
                 give a text constant (e.g. \"unknown\") for this column"
            )))
        }
        FillValue::Text(_) if numeric => Err(SdiaError::InvalidInput(format!(
            "column '{name}' is {dtype}, but the constant '{value}' is a text: give a number \
             (e.g. 0 or -1.0) for this column"
        ))),
        FillValue::Text(t) if *dtype == DataType::Boolean && t != "true" && t != "false" => {
            Err(SdiaError::InvalidInput(format!(
                "column '{name}' is boolean: the constant must be \"true\" or \"false\", \
                 not '{t}'"
            )))
        }
        FillValue::Text(_) if dtype.is_nested() => Err(SdiaError::NotCategorical {
            column: name.to_string(),
            dtype: dtype.clone(),
        }),
        _ => Ok(()),
    }
}

/// A numeric column with its missing values (null, NaN) replaced by `value`; the result is
/// Float64, or the column's own float type when `keep_float_type`.
fn fill_float(df: &DataFrame, name: &str, value: f64, keep_float_type: bool) -> Result<Column> {
    let dtype = frame::column(df, name)?.dtype().clone();
    let values: Vec<f64> = frame::f64_options(df, name)?
        .into_iter()
        .map(|v| v.unwrap_or(value))
        .collect();
    let column = Column::new(name.into(), values);
    if keep_float_type && dtype.is_float() {
        Ok(column.cast(&dtype)?)
    } else {
        Ok(column)
    }
}

/// A column with its missing values replaced by a mode or a constant, keeping its type when
/// the value allows (an integer column filled with a float becomes Float64).
fn fill_with(df: &DataFrame, name: &str, value: &FillValue) -> Result<Column> {
    let c = frame::column(df, name)?;
    let dtype = c.dtype().clone();
    check_constant(name, &dtype, value)?;
    match value {
        FillValue::Float(x) => fill_float(df, name, *x, true),
        FillValue::Int(x) if dtype.is_integer() => {
            let s = c.as_materialized_series().cast(&DataType::Int64)?;
            let values: Vec<i64> = s.i64()?.iter().map(|v| v.unwrap_or(*x)).collect();
            let filled = Column::new(name.into(), values).cast(&dtype)?;
            if filled.null_count() > 0 {
                return Err(SdiaError::InvalidInput(format!(
                    "the value {x} does not fit in column '{name}' ({dtype}): \
                     give a smaller value or cast the column to Int64 first"
                )));
            }
            Ok(filled)
        }
        FillValue::Int(x) => fill_float(df, name, *x as f64, true),
        FillValue::Text(text) if dtype == DataType::Boolean => {
            let fill = text == "true";
            let values: Vec<bool> = c.bool()?.iter().map(|v| v.unwrap_or(fill)).collect();
            Ok(Column::new(name.into(), values))
        }
        FillValue::Text(text) => {
            let s = c.as_materialized_series().cast(&DataType::String)?;
            let values: Vec<&str> = s
                .str()?
                .iter()
                .map(|v| v.unwrap_or(text.as_str()))
                .collect();
            let filled = Column::new(name.into(), values);
            if dtype == DataType::String {
                return Ok(filled);
            }
            let back = filled.cast(&dtype)?;
            if back.null_count() > 0 {
                return Err(SdiaError::InvalidInput(format!(
                    "the value '{text}' is not a valid {dtype} for column '{name}': \
                     give a value of that type"
                )));
            }
            Ok(back)
        }
    }
}

/// The column with each missing value (null, NaN) replaced by the previous present one.
fn forward_fill(df: &DataFrame, name: &str) -> Result<Column> {
    let c = frame::column(df, name)?;
    if c.dtype().is_float() {
        let dtype = c.dtype().clone();
        let values = Column::new(name.into(), frame::f64_options(df, name)?);
        return Ok(values
            .fill_null(FillNullStrategy::Forward(None))?
            .cast(&dtype)?);
    }
    Ok(c.fill_null(FillNullStrategy::Forward(None))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::testing::f64s;

    #[test]
    fn median_of_a_small_column() {
        // present values 1, 3, 7, 9 → median (3 + 7) / 2 = 5
        let df = df!("x" => [Some(9.0), None, Some(1.0), Some(7.0), Some(3.0)]).unwrap();
        let out = Imputer::new().median(&["x"]).fit_transform(&df).unwrap();
        assert_eq!(out.column("x").unwrap().f64().unwrap().get(1), Some(5.0));
    }

    #[test]
    fn test_data_gets_the_training_values() {
        // training mean of 10, 20, 60 = 30; test mean would be 1
        let train = df!("x" => [Some(10), Some(20), Some(60), None]).unwrap();
        let test = df!("x" => [Some(1), None]).unwrap();
        let imputer = Imputer::new().mean(&["x"]).fit(&train).unwrap();
        let out = imputer.transform(&test).unwrap();
        assert_eq!(out.column("x").unwrap().dtype(), &DataType::Float64);
        assert_eq!(f64s(&out, "x"), [Some(1.0), Some(30.0)]);
    }

    #[test]
    fn nan_counts_as_missing_for_mean() {
        // mean of 1 and 3 = 2 (the NaN is neither counted nor kept)
        let df = df!("x" => [1.0, f64::NAN, 3.0]).unwrap();
        let out = Imputer::new().mean(&["x"]).fit_transform(&df).unwrap();
        assert_eq!(f64s(&out, "x"), [Some(1.0), Some(2.0), Some(3.0)]);
    }

    #[test]
    fn mode_ties_go_to_the_smallest_value_and_types_are_kept() {
        let df = df!(
            "n" => [Some(5), Some(2), Some(5), Some(2), None],
            "t" => [Some("pear"), Some("apple"), None, Some("pear"), Some("apple")],
            "b" => [Some(true), None, Some(false), Some(true), Some(true)],
            "f" => [Some(0.5), Some(0.5), None, Some(1.5), Some(1.5)],
        )
        .unwrap();
        let out = Imputer::new()
            .mode(&["n", "t", "b", "f"])
            .fit_transform(&df)
            .unwrap();
        assert_eq!(out.column("n").unwrap().i32().unwrap().get(4), Some(2));
        assert_eq!(
            out.column("t").unwrap().str().unwrap().get(2),
            Some("apple")
        );
        assert_eq!(out.column("b").unwrap().bool().unwrap().get(1), Some(true));
        assert_eq!(out.column("f").unwrap().f64().unwrap().get(2), Some(0.5));
    }

    #[test]
    fn mode_and_constants_on_dates_and_booleans() {
        // 19372 = 2023-01-15, 19417 = 2023-03-01 (days since 1970-01-01)
        let days = Int32Chunked::from_iter_options(
            "d".into(),
            [Some(19372), None, Some(19417), Some(19372)].into_iter(),
        );
        let df = DataFrame::new_infer_height(vec![
            days.into_date().into_series().into_column(),
            Column::new("b".into(), [None, Some(false), Some(true), Some(false)]),
        ])
        .unwrap();
        let out = Imputer::new()
            .mode(&["d"])
            .constant("b", "true")
            .fit_transform(&df)
            .unwrap();
        let d = out.column("d").unwrap();
        assert_eq!(d.dtype(), &DataType::Date);
        assert_eq!(d.get(1).unwrap().to_string(), "2023-01-15");
        assert_eq!(out.column("b").unwrap().bool().unwrap().get(0), Some(true));
        let e = Imputer::new().constant("b", "yes").fit(&df).unwrap_err();
        assert!(e.to_string().contains("\"true\" or \"false\""), "{e}");
    }

    #[test]
    fn constants_of_each_kind() {
        let df = df!(
            "i" => [None, Some(1i64)],
            "f" => [None, Some(1.5f64)],
            "t" => [None, Some("x")],
        )
        .unwrap();
        let out = Imputer::new()
            .constant("i", -1)
            .constant("f", 0)
            .constant("t", "missing")
            .fit_transform(&df)
            .unwrap();
        assert_eq!(out.column("i").unwrap().i64().unwrap().get(0), Some(-1));
        assert_eq!(out.column("f").unwrap().f64().unwrap().get(0), Some(0.0));
        assert_eq!(
            out.column("t").unwrap().str().unwrap().get(0),
            Some("missing")
        );
        // a float constant in an integer column makes it Float64
        let out = Imputer::new()
            .constant("i", 0.5)
            .fit_transform(&df)
            .unwrap();
        assert_eq!(f64s(&out, "i"), [Some(0.5), Some(1.0)]);
    }

    #[test]
    fn constant_of_the_wrong_kind_is_an_error() {
        let df = df!("n" => [Some(1), None], "t" => [Some("a"), None]).unwrap();
        let e = Imputer::new().constant("n", "none").fit(&df).unwrap_err();
        assert!(e.to_string().contains("'n'") && e.to_string().contains("give a number"));
        let e = Imputer::new().constant("t", 0).fit(&df).unwrap_err();
        assert!(e.to_string().contains("'t'"), "{e}");
        let e = Imputer::new().constant("n", f64::NAN).fit(&df).unwrap_err();
        assert!(e.to_string().contains("finite"), "{e}");
        let small = df!("s" => [Some(1i8), None]).unwrap();
        let e = Imputer::new()
            .constant("s", 1000)
            .fit_transform(&small)
            .unwrap_err();
        assert!(e.to_string().contains("does not fit"), "{e}");
    }

    #[test]
    fn forward_fill_keeps_leading_missing_values() {
        let df = df!("t" => [None, Some("a"), None, None, Some("b"), None]).unwrap();
        let out = Imputer::new()
            .forward_fill(&["t"])
            .fit_transform(&df)
            .unwrap();
        let t: Vec<_> = out.column("t").unwrap().str().unwrap().iter().collect();
        assert_eq!(
            t,
            [None, Some("a"), Some("a"), Some("a"), Some("b"), Some("b")]
        );
    }

    #[test]
    fn bad_inputs_are_errors_naming_the_column() {
        let df = df!(
            "x" => [None::<f64>, None],
            "t" => ["a", "b"],
            "y" => [Some(1.0), None],
        )
        .unwrap();
        assert!(matches!(
            Imputer::new().mean(&["x"]).fit(&df),
            Err(SdiaError::AllMissing { .. })
        ));
        assert!(matches!(
            Imputer::new().mode(&["x"]).fit(&df),
            Err(SdiaError::AllMissing { .. })
        ));
        assert!(matches!(
            Imputer::new().forward_fill(&["x"]).fit(&df),
            Err(SdiaError::AllMissing { .. })
        ));
        assert!(matches!(
            Imputer::new().median(&["t"]).fit(&df),
            Err(SdiaError::NotNumeric { .. })
        ));
        assert!(matches!(
            Imputer::new().mean(&["nope"]).fit(&df),
            Err(SdiaError::ColumnNotFound { .. })
        ));
        let e = Imputer::new()
            .mean(&["y"])
            .median(&["y"])
            .fit(&df)
            .unwrap_err();
        assert!(e.to_string().contains("two fill strategies"), "{e}");
        let empty = df!("y" => Vec::<f64>::new()).unwrap();
        assert!(matches!(
            Imputer::new().mean(&["y"]).fit(&empty),
            Err(SdiaError::Empty(_))
        ));
        // a constant may fill an all-missing column
        let out = Imputer::new()
            .constant("x", 0.0)
            .fit_transform(&df)
            .unwrap();
        assert_eq!(f64s(&out, "x"), [Some(0.0), Some(0.0)]);
    }

    #[test]
    fn transform_checks_the_new_frame() {
        let train = df!("x" => [Some(1.0), None]).unwrap();
        let imputer = Imputer::new().mean(&["x"]).fit(&train).unwrap();
        let other = df!("z" => [1.0]).unwrap();
        assert!(matches!(
            imputer.transform(&other),
            Err(SdiaError::ColumnNotFound { .. })
        ));
        let text = df!("x" => ["a"]).unwrap();
        assert!(matches!(
            imputer.transform(&text),
            Err(SdiaError::NotNumeric { .. })
        ));
    }

    #[test]
    fn values_table_and_display() {
        let df = df!("x" => [Some(1.0), None, Some(4.0)], "t" => [Some("a"), None, None]).unwrap();
        let imputer = Imputer::new()
            .median(&["x"])
            .forward_fill(&["t"])
            .fit(&df)
            .unwrap();
        let v = imputer.values();
        assert_eq!(v.shape(), (2, 3));
        assert_eq!(
            v.column("value").unwrap().str().unwrap().get(0),
            Some("2.5")
        );
        assert_eq!(
            v.column("strategy").unwrap().str().unwrap().get(1),
            Some("forward fill")
        );
        let bundle = imputer.mime_bundle();
        assert_eq!(bundle[0].0, "text/plain");
        assert!(bundle[1].1.contains("median"));
    }
}
