//! Scaling of numeric columns learnt on training data only (scikit-learn's `StandardScaler`
//! and `MinMaxScaler`), then applied to any frame with the same columns, and undone.

use crate::clean::{replaced, titled_frame};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use crate::numeric;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// The two ways of scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Kind {
    /// `(x − mean) / std`, std with ddof 0.
    Standard,
    /// `(x − min) / (max − min)`.
    MinMax,
}

/// The parameters of a scaler: standard (mean 0, standard deviation 1) or min-max (0 to 1),
/// of the listed columns (every numeric column when the list is empty). [`fit`](Scaler::fit)
/// learns the numbers on training rows; the fitted scaler applies them to any frame.
///
/// ```
/// use sdia::prelude::*;
///
/// let train = df!("x" => [1.0, 2.0, 3.0], "name" => ["a", "b", "c"]).unwrap();
/// let scaler = Scaler::standard(&[]).fit(&train).unwrap();
/// let out = scaler.transform(&df!("x" => [2.0, 4.0], "name" => ["d", "e"]).unwrap()).unwrap();
/// let x: Vec<f64> = out.column("x").unwrap().f64().unwrap().into_no_null_iter().collect();
/// let std = (2.0f64 / 3.0).sqrt(); // population std of 1, 2, 3
/// assert!((x[0] - 0.0).abs() < 1e-12 && (x[1] - 2.0 / std).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaler {
    kind: Kind,
    columns: Vec<String>,
}

impl Scaler {
    /// Standardisation (scikit-learn's `StandardScaler`): `(x − mean) / std` with the mean
    /// and the population standard deviation (ddof 0) of the training rows; a constant column
    /// becomes 0.
    pub fn standard(columns: impl ColumnNames) -> Scaler {
        let columns = columns.names();
        let columns = columns.as_slice();
        Scaler {
            kind: Kind::Standard,
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// Min-max scaling (scikit-learn's `MinMaxScaler`): `(x − min) / (max − min)`, 0 to 1 on
    /// the training rows; a constant column becomes 0.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [2.0, 4.0, 10.0]).unwrap();
    /// let out = Scaler::min_max(&["x"]).fit_transform(&df).unwrap();
    /// let x: Vec<f64> = out.column("x").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert_eq!(x, [0.0, 0.25, 1.0]);
    /// ```
    pub fn min_max(columns: impl ColumnNames) -> Scaler {
        let columns = columns.names();
        let columns = columns.as_slice();
        Scaler {
            kind: Kind::MinMax,
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// The columns to scale as given (empty: every numeric column).
    pub(crate) fn listed_columns(&self) -> &[String] {
        &self.columns
    }

    /// The same scaler of other columns.
    pub(crate) fn with_columns(&self, columns: Vec<String>) -> Scaler {
        Scaler {
            kind: self.kind,
            columns,
        }
    }

    /// Learns the numbers of each column from the present values of `df` (missing values
    /// are ignored, as in scikit-learn). Errors: a missing or non-numeric column, a column
    /// listed twice, no numeric column, a column without any present value.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("name" => ["a"]).unwrap();
    /// assert!(Scaler::standard(&["name"]).fit(&df).unwrap_err().to_string().contains("'name'"));
    /// assert!(Scaler::standard(&[]).fit(&df).is_err()); // no numeric column
    /// ```
    pub fn fit(&self, df: &DataFrame) -> Result<FittedScaler> {
        let names = if self.columns.is_empty() {
            let numeric = frame::numeric_columns(df);
            if numeric.is_empty() {
                return Err(SdiaError::InvalidInput(format!(
                    "the frame has no numeric column to scale (columns: {})",
                    frame::names(df).join(", ")
                )));
            }
            numeric
        } else {
            self.columns.clone()
        };
        let mut columns = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(SdiaError::InvalidInput(format!(
                    "column '{name}' is listed twice: list each column once"
                )));
            }
            let (a, b) = match contiguous(df, name)? {
                Some(values) => learn(values, self.kind),
                None => learn(&frame::f64_values(df, name)?, self.kind),
            };
            columns.push(Learnt {
                column: name.clone(),
                a,
                b,
            });
        }
        Ok(FittedScaler {
            kind: self.kind,
            columns,
        })
    }

    /// Fits on `df` and transforms it (for the training frame only: transform other frames
    /// with the fitted scaler).
    pub fn fit_transform(&self, df: &DataFrame) -> Result<DataFrame> {
        self.fit(df)?.transform(df)
    }
}

/// The values of a `Float64` column read in place when it is one chunk without nulls and
/// without NaN (its sum is finite): then they are exactly its present values, no copy needed.
fn contiguous<'a>(df: &'a DataFrame, name: &str) -> Result<Option<&'a [f64]>> {
    let c = frame::column(df, name)?;
    let Ok(values) = c.f64() else {
        return Ok(None);
    };
    Ok(values
        .cont_slice()
        .ok()
        .filter(|v| !v.is_empty() && numeric::sum(v).is_finite()))
}

/// Mean and standard deviation (ddof 0), or minimum and maximum, of `values` (not empty).
fn learn(values: &[f64], kind: Kind) -> (f64, f64) {
    match kind {
        Kind::Standard => {
            let n = values.len() as f64;
            let mean = numeric::sum(values) / n;
            (mean, (numeric::squared_deviations(values, mean) / n).sqrt())
        }
        Kind::MinMax => values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            }),
    }
}

/// What was learnt for one column: mean and std, or min and max.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Learnt {
    column: String,
    a: f64,
    b: f64,
}

impl Learnt {
    /// The `(center, scale)` of `(x − center) / scale`; a zero scale counts as 1.
    fn center_scale(&self, kind: Kind) -> (f64, f64) {
        let scale = match kind {
            Kind::Standard => self.b,
            Kind::MinMax => self.b - self.a,
        };
        (self.a, if scale == 0.0 { 1.0 } else { scale })
    }
}

/// A fitted scaler: the numbers learnt for each column, applied by
/// [`transform`](FittedScaler::transform) and undone by
/// [`inverse_transform`](FittedScaler::inverse_transform). It can be saved with serde.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedScaler {
    kind: Kind,
    columns: Vec<Learnt>,
}

impl FittedScaler {
    /// `df` with each scaled column replaced, at its place, by its scaled `f64` values; other
    /// columns untouched, missing values kept missing. An error if a scaled column is missing
    /// or not numeric.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let scaler = Scaler::min_max(&["x"]).fit(&df!("x" => [0, 10]).unwrap()).unwrap();
    /// let out = scaler.transform(&df!("x" => [Some(5), None], "k" => [1, 2]).unwrap()).unwrap();
    /// assert_eq!(out.column("x").unwrap().f64().unwrap().get(0), Some(0.5));
    /// assert_eq!(out.column("x").unwrap().f64().unwrap().get(1), None);
    /// assert!(scaler.transform(&df!("k" => [1]).unwrap()).is_err());
    /// ```
    pub fn transform(&self, df: &DataFrame) -> Result<DataFrame> {
        self.map_columns(df, |v, center, scale| (v - center) / scale)
    }

    /// The reverse of [`transform`](FittedScaler::transform): scaled values back to the
    /// original units.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 5.0, 6.0]).unwrap();
    /// let scaler = Scaler::standard(&[]).fit(&df).unwrap();
    /// let back = scaler.inverse_transform(&scaler.transform(&df).unwrap()).unwrap();
    /// let x: Vec<f64> = back.column("x").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert!((x[1] - 5.0).abs() < 1e-12);
    /// ```
    pub fn inverse_transform(&self, df: &DataFrame) -> Result<DataFrame> {
        self.map_columns(df, |v, center, scale| v * scale + center)
    }

    fn map_columns(&self, df: &DataFrame, f: impl Fn(f64, f64, f64) -> f64) -> Result<DataFrame> {
        let mut out = df.clone();
        for learnt in &self.columns {
            let name = learnt.column.as_str();
            let c = frame::column(df, name)?;
            if !frame::is_numeric(c.dtype()) {
                return Err(SdiaError::NotNumeric {
                    column: name.to_string(),
                    dtype: c.dtype().clone(),
                });
            }
            let (center, scale) = learnt.center_scale(self.kind);
            let values = c.as_materialized_series().cast(&DataType::Float64)?;
            let scaled = values.f64()?.apply_values(|v| f(v, center, scale));
            out = replaced(&out, name, scaled.into_series().into_column())?;
        }
        Ok(out)
    }

    /// The scaled columns, in order.
    pub fn columns(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.column.as_str()).collect()
    }

    /// What was learnt, one row per column: `column`, `mean`, `std` (standard) or `column`,
    /// `min`, `max` (min-max).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let table = Scaler::min_max(&[]).fit(&df!("x" => [3.0, 1.0]).unwrap()).unwrap().table();
    /// assert_eq!(table.get_column_names(), ["column", "min", "max"]);
    /// assert_eq!(table.column("min").unwrap().f64().unwrap().get(0), Some(1.0));
    /// ```
    pub fn table(&self) -> DataFrame {
        let (a, b) = match self.kind {
            Kind::Standard => ("mean", "std"),
            Kind::MinMax => ("min", "max"),
        };
        DataFrame::new(
            self.columns.len(),
            vec![
                Column::new("column".into(), self.columns()),
                Column::new(
                    a.into(),
                    self.columns.iter().map(|c| c.a).collect::<Vec<f64>>(),
                ),
                Column::new(
                    b.into(),
                    self.columns.iter().map(|c| c.b).collect::<Vec<f64>>(),
                ),
            ],
        )
        .unwrap_or_default()
    }

    /// `"StandardScaler"` or `"MinMaxScaler"`.
    pub fn name(&self) -> &'static str {
        match self.kind {
            Kind::Standard => "StandardScaler",
            Kind::MinMax => "MinMaxScaler",
        }
    }
}

impl RichDisplay for FittedScaler {
    fn mime_bundle(&self) -> MimeBundle {
        let (title, note) = match self.kind {
            Kind::Standard => (
                "Fitted standard scaler",
                "transform: (x − mean) / std (std with ddof 0; a constant column becomes 0)",
            ),
            Kind::MinMax => (
                "Fitted min-max scaler",
                "transform: (x − min) / (max − min) (a constant column becomes 0)",
            ),
        };
        titled_frame(title, &self.table(), note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
        df.column(name).unwrap().f64().unwrap().iter().collect()
    }

    #[test]
    fn standard_by_hand() {
        // x = 2, 4, 6: mean 4, population std √(8/3).
        let df = df!("x" => [2, 4, 6], "c" => [5.0, 5.0, 5.0], "t" => ["a", "b", "c"]).unwrap();
        let s = Scaler::standard(&[]).fit(&df).unwrap();
        assert_eq!(s.columns(), ["x", "c"]);
        let out = s.transform(&df).unwrap();
        let sd = (8.0f64 / 3.0).sqrt();
        let x = values(&out, "x");
        assert!((x[0].unwrap() + 2.0 / sd).abs() < 1e-12 && x[1] == Some(0.0));
        assert_eq!(values(&out, "c"), [Some(0.0); 3]); // constant: scaled by 1
        assert_eq!(out.column("t").unwrap().dtype(), &DataType::String);
        assert_eq!(out.get_column_names(), ["x", "c", "t"]);
        let table = s.table();
        assert_eq!(
            table.column("std").unwrap().f64().unwrap().get(1),
            Some(0.0)
        );
        assert!((table.column("std").unwrap().f64().unwrap().get(0).unwrap() - sd).abs() < 1e-12);
        let back = s.inverse_transform(&out).unwrap();
        assert_eq!(values(&back, "c"), [Some(5.0); 3]);
        assert!((values(&back, "x")[2].unwrap() - 6.0).abs() < 1e-12);
        assert!(s.mime_bundle()[0].1.contains("standard scaler"));
    }

    #[test]
    fn min_max_ignores_missing_values_when_fitting() {
        let df = df!("x" => [Some(1.0), None, Some(3.0), Some(f64::NAN)]).unwrap();
        let s = Scaler::min_max(&["x"]).fit(&df).unwrap();
        let out = s.transform(&df!("x" => [2.0, 5.0]).unwrap()).unwrap();
        assert_eq!(values(&out, "x"), [Some(0.5), Some(2.0)]); // outside the training range
        let constant = Scaler::min_max(&[])
            .fit_transform(&df!("k" => [7.0, 7.0]).unwrap())
            .unwrap();
        assert_eq!(values(&constant, "k"), [Some(0.0), Some(0.0)]);
    }

    #[test]
    fn bad_input_is_explained() {
        let df = df!("x" => [1.0], "gap" => [None::<f64>], "t" => ["a"]).unwrap();
        assert!(
            Scaler::standard(&["x", "x"])
                .fit(&df)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        assert!(Scaler::standard(&["gap"]).fit(&df).is_err());
        assert!(Scaler::standard(&["nope"]).fit(&df).is_err());
        let s = Scaler::standard(&["x"]).fit(&df).unwrap();
        assert!(s.transform(&df!("x" => ["text"]).unwrap()).is_err());
    }

    #[test]
    fn round_trips_through_json() {
        let s = Scaler::standard(&[])
            .fit(&df!("x" => [1.0, 2.0]).unwrap())
            .unwrap();
        let json = serde_json::to_string(&s).unwrap();
        let back: FittedScaler = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
