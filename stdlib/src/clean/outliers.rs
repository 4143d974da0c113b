//! Outliers of numeric columns, by Tukey's fences (IQR) or by z-score, learnt once on training
//! data and then flagged, clipped or dropped in any frame.
//!
//! A value is an outlier when it is strictly below the lower bound or strictly above the upper
//! one. Missing values (null, NaN) are never outliers.

use super::{frame_of, replaced, require_distinct, titled_frame};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use crate::table::format_number;
use polars::prelude::*;

/// How the bounds are computed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    Iqr(f64),
    ZScore(f64),
}

/// The parameters of an outlier detector: [`iqr`](Outliers::iqr) or
/// [`zscore`](Outliers::zscore), then [`fit`](Outliers::fit) on the columns to watch.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
/// let fitted = Outliers::iqr(1.5).fit(&df, &["x"]).unwrap();
/// let kept = fitted.drop(&df).unwrap();
/// assert_eq!(kept.height(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outliers {
    method: Method,
}

impl Outliers {
    /// Tukey's fences: outliers are below Q1 − k·IQR or above Q3 + k·IQR, with the quartiles
    /// interpolated linearly like pandas (`k` = 1.5 is the usual choice, 3 for "far out").
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// // Q1 = 2, Q3 = 4, IQR = 2: fences at 2 − 3 = −1 and 4 + 3 = 7
    /// let df = df!("x" => [1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
    /// let b = Outliers::iqr(1.5).fit(&df, &["x"]).unwrap().bounds();
    /// assert_eq!(b.column("lower").unwrap().f64().unwrap().get(0), Some(-1.0));
    /// assert_eq!(b.column("upper").unwrap().f64().unwrap().get(0), Some(7.0));
    /// ```
    pub fn iqr(k: f64) -> Outliers {
        Outliers {
            method: Method::Iqr(k),
        }
    }

    /// z-scores: outliers are the values with |x − mean| / std > `threshold` (std with n − 1,
    /// like pandas); 3 is a common threshold, 2 a strict one.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// // mean 4, std 2: bounds 4 ± 1.5·2 = 1 and 7
    /// let df = df!("x" => [2.0, 4.0, 6.0]).unwrap();
    /// let b = Outliers::zscore(1.5).fit(&df, &["x"]).unwrap().bounds();
    /// assert_eq!(b.column("lower").unwrap().f64().unwrap().get(0), Some(1.0));
    /// assert_eq!(b.column("upper").unwrap().f64().unwrap().get(0), Some(7.0));
    /// ```
    pub fn zscore(threshold: f64) -> Outliers {
        Outliers {
            method: Method::ZScore(threshold),
        }
    }

    /// Learns the bounds of each column from `df`. An empty `columns` means every numeric
    /// column.
    ///
    /// Errors: a negative or non-finite `k`, a threshold that is not a positive number, a
    /// missing or non-numeric column, a column with no present value (or fewer than two for
    /// z-scores).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("t" => ["a", "b"]).unwrap();
    /// assert!(Outliers::iqr(1.5).fit(&df, &["t"]).is_err());
    /// assert!(Outliers::iqr(-1.0).fit(&df, &["t"]).is_err());
    /// ```
    pub fn fit(&self, df: &DataFrame, columns: impl ColumnNames) -> Result<FittedOutliers> {
        let columns = columns.names();
        let columns = columns.as_slice();
        match self.method {
            Method::Iqr(k) if !k.is_finite() || k < 0.0 => {
                return Err(SdiaError::InvalidInput(format!(
                    "Outliers::iqr needs k ≥ 0 (1.5 is usual), got {k}"
                )));
            }
            Method::ZScore(t) if !t.is_finite() || t <= 0.0 => {
                return Err(SdiaError::InvalidInput(format!(
                    "Outliers::zscore needs a threshold > 0 (3 is usual), got {t}"
                )));
            }
            _ => {}
        }
        let names: Vec<String> = if columns.is_empty() {
            let numeric = frame::numeric_columns(df);
            if numeric.is_empty() {
                return Err(SdiaError::Empty(
                    "the set of numeric columns (outliers need numbers)".into(),
                ));
            }
            numeric
        } else {
            require_distinct(columns, "Outliers::fit")?;
            columns.iter().map(|c| c.to_string()).collect()
        };
        let mut fences = Vec::with_capacity(names.len());
        for name in names {
            let mut values = frame::f64_values(df, &name)?;
            let (lower, upper) = match self.method {
                Method::Iqr(k) => {
                    frame::sort_values(&mut values);
                    let q1 = frame::quantile_sorted(&values, 0.25);
                    let q3 = frame::quantile_sorted(&values, 0.75);
                    (q1 - k * (q3 - q1), q3 + k * (q3 - q1))
                }
                Method::ZScore(t) => {
                    let n = values.len();
                    if n < 2 {
                        return Err(SdiaError::NotEnoughData {
                            what: format!("column '{name}' (for a standard deviation)"),
                            needed: 2,
                            got: n,
                        });
                    }
                    let mean = values.iter().sum::<f64>() / n as f64;
                    let var =
                        values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
                    let std = var.sqrt();
                    (mean - t * std, mean + t * std)
                }
            };
            let count = values.iter().filter(|&&x| x < lower || x > upper).count();
            fences.push(Fence {
                column: name,
                lower,
                upper,
                count,
            });
        }
        Ok(FittedOutliers {
            method: self.method,
            fences,
        })
    }
}

/// The bounds learnt for one column.
#[derive(Debug, Clone, PartialEq)]
struct Fence {
    column: String,
    lower: f64,
    upper: f64,
    count: usize,
}

/// Outlier bounds learnt on training data, applied as they are to any frame. Shows its
/// [`bounds`](FittedOutliers::bounds) in the notebook.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedOutliers {
    method: Method,
    fences: Vec<Fence>,
}

impl FittedOutliers {
    fn method_name(&self) -> String {
        match self.method {
            Method::Iqr(k) => format!("IQR (k = {})", format_number(k)),
            Method::ZScore(t) => format!("z-score (threshold = {})", format_number(t)),
        }
    }

    /// One row per column: `column`, `method`, `lower`, `upper` and `outliers`, the number of
    /// outliers in the data the bounds were fitted on.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
    /// let b = Outliers::iqr(1.5).fit(&df, &[]).unwrap().bounds();
    /// assert_eq!(b.column("outliers").unwrap().u32().unwrap().get(0), Some(1));
    /// ```
    pub fn bounds(&self) -> DataFrame {
        let method = self.method_name();
        frame_of(vec![
            Column::new(
                "column".into(),
                self.fences
                    .iter()
                    .map(|f| f.column.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new("method".into(), vec![method.as_str(); self.fences.len()]),
            Column::new(
                "lower".into(),
                self.fences.iter().map(|f| f.lower).collect::<Vec<_>>(),
            ),
            Column::new(
                "upper".into(),
                self.fences.iter().map(|f| f.upper).collect::<Vec<_>>(),
            ),
            Column::new(
                "outliers".into(),
                self.fences
                    .iter()
                    .map(|f| f.count as u32)
                    .collect::<Vec<_>>(),
            ),
        ])
        .unwrap_or_default()
    }

    /// For each fitted column, whether each row of `df` is an outlier (never when missing).
    fn masks(&self, df: &DataFrame) -> Result<Vec<Vec<bool>>> {
        self.fences
            .iter()
            .map(|f| {
                Ok(frame::f64_options(df, &f.column)?
                    .into_iter()
                    .map(|v| v.is_some_and(|x| x < f.lower || x > f.upper))
                    .collect())
            })
            .collect()
    }

    /// `df` with one Boolean column `<col>_outlier` per fitted column, added at the end
    /// (replacing a column of that name if there is one). Missing values are not outliers.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [Some(1.0), Some(2.0), None, Some(3.0), Some(4.0), Some(100.0)]).unwrap();
    /// let flagged = Outliers::iqr(1.5).fit(&df, &["x"]).unwrap().flag(&df).unwrap();
    /// let flags: Vec<Option<bool>> = flagged.column("x_outlier").unwrap().bool().unwrap().iter().collect();
    /// assert_eq!(flags, [Some(false), Some(false), Some(false), Some(false), Some(false), Some(true)]);
    /// ```
    pub fn flag(&self, df: &DataFrame) -> Result<DataFrame> {
        let masks = self.masks(df)?;
        let mut out = df.clone();
        for (fence, mask) in self.fences.iter().zip(masks) {
            let name = format!("{}_outlier", fence.column);
            out.with_column(Column::new(name.into(), mask))?;
        }
        Ok(out)
    }

    /// `df` with every value beyond the bounds set to the bound (winsorising); the fitted
    /// columns become Float64. Missing values stay missing.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1, 2, 3, 4, 100]).unwrap();
    /// let clipped = Outliers::iqr(1.5).fit(&df, &["x"]).unwrap().clip(&df).unwrap();
    /// assert_eq!(clipped.column("x").unwrap().f64().unwrap().get(4), Some(7.0));
    /// ```
    pub fn clip(&self, df: &DataFrame) -> Result<DataFrame> {
        let mut out = df.clone();
        for f in &self.fences {
            let c = frame::column(df, &f.column)?;
            if !frame::is_numeric(c.dtype()) {
                return Err(SdiaError::NotNumeric {
                    column: f.column.clone(),
                    dtype: c.dtype().clone(),
                });
            }
            let s = c.as_materialized_series().cast(&DataType::Float64)?;
            let clipped: Vec<Option<f64>> = s
                .f64()?
                .iter()
                .map(|v| {
                    v.map(|x| {
                        if x < f.lower {
                            f.lower
                        } else if x > f.upper {
                            f.upper
                        } else {
                            x
                        }
                    })
                })
                .collect();
            out = replaced(
                &out,
                &f.column,
                Column::new(f.column.as_str().into(), clipped),
            )?;
        }
        Ok(out)
    }

    /// `df` without the rows that have an outlier in any fitted column (missing values are
    /// not outliers), in their original order.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let train = df!("x" => [1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
    /// let fitted = Outliers::zscore(2.0).fit(&train, &["x"]).unwrap();
    /// let test = df!("x" => [3.0, 50.0, -40.0]).unwrap();
    /// assert_eq!(fitted.drop(&test).unwrap().height(), 1);
    /// ```
    pub fn drop(&self, df: &DataFrame) -> Result<DataFrame> {
        let masks = self.masks(df)?;
        let keep: BooleanChunked = (0..df.height())
            .map(|i| !masks.iter().any(|m| m.get(i).copied().unwrap_or(false)))
            .collect();
        Ok(df.filter(&keep)?)
    }
}

impl RichDisplay for FittedOutliers {
    fn mime_bundle(&self) -> MimeBundle {
        titled_frame(
            &format!("Outlier bounds, {}", self.method_name()),
            &self.bounds(),
            "outliers: values strictly below lower or above upper, in the fitted data",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::testing::{bools, f64s, strs};

    #[test]
    fn iqr_fences_of_a_small_column() {
        // sorted 1 2 3 4 100: Q1 at position 1 → 2, Q3 at position 3 → 4, IQR 2
        // k = 1.5: −1 and 7; k = 3: −4 and 10
        let df = df!("x" => [100.0, 1.0, 2.0, 3.0, 4.0]).unwrap();
        let b = Outliers::iqr(3.0).fit(&df, &["x"]).unwrap().bounds();
        assert_eq!(f64s(&b, "lower"), [Some(-4.0)]);
        assert_eq!(f64s(&b, "upper"), [Some(10.0)]);
        assert_eq!(b.column("outliers").unwrap().u32().unwrap().get(0), Some(1));
        assert!(
            b.column("method")
                .unwrap()
                .str()
                .unwrap()
                .get(0)
                .unwrap()
                .contains("IQR")
        );
    }

    #[test]
    fn quartiles_interpolate() {
        // 1 2 3 4: Q1 at position 0.75 → 1.75, Q3 at 2.25 → 3.25, IQR 1.5; k = 1: 0.25, 4.75
        let df = df!("x" => [1.0, 2.0, 3.0, 4.0]).unwrap();
        let b = Outliers::iqr(1.0).fit(&df, &["x"]).unwrap().bounds();
        assert_eq!(f64s(&b, "lower"), [Some(0.25)]);
        assert_eq!(f64s(&b, "upper"), [Some(4.75)]);
    }

    #[test]
    fn zscore_uses_the_sample_std() {
        // 2 4 4 4 5 5 7 9: mean 5, squared deviations sum 32, std = sqrt(32/7)
        let df = df!("x" => [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        let b = Outliers::zscore(1.0).fit(&df, &["x"]).unwrap().bounds();
        let std = (32.0f64 / 7.0).sqrt();
        let lower = f64s(&b, "lower")[0].unwrap();
        let upper = f64s(&b, "upper")[0].unwrap();
        assert!((lower - (5.0 - std)).abs() < 1e-12);
        assert!((upper - (5.0 + std)).abs() < 1e-12);
        // std ≈ 2.138: 2 and 9 are more than one std from 5, 7 is not
        assert_eq!(b.column("outliers").unwrap().u32().unwrap().get(0), Some(2));
    }

    #[test]
    fn flag_clip_and_drop_on_new_data_ignore_missing_values() {
        let train = df!("x" => [1.0, 2.0, 3.0, 4.0, 100.0], "y" => [1, 2, 3, 4, 5]).unwrap();
        let fitted = Outliers::iqr(1.5).fit(&train, &["x", "y"]).unwrap();
        // y: 1 2 3 4 5 → Q1 2, Q3 4, fences −1 and 7
        let test = df!(
            "x" => [Some(-5.0), None, Some(f64::NAN), Some(3.0), Some(8.0)],
            "y" => [Some(0), Some(20), Some(1), None, Some(2)],
        )
        .unwrap();
        let flagged = fitted.flag(&test).unwrap();
        let fx = bools(&flagged, "x_outlier");
        let fy = bools(&flagged, "y_outlier");
        assert_eq!(fx, [true, false, false, false, true]);
        assert_eq!(fy, [false, true, false, false, false]);
        let clipped = fitted.clip(&test).unwrap();
        let cx = f64s(&clipped, "x");
        assert_eq!(cx[0], Some(-1.0));
        assert_eq!(cx[1], None);
        assert!(cx[2].unwrap().is_nan());
        assert_eq!(cx[4], Some(7.0));
        assert_eq!(f64s(&clipped, "y")[1], Some(7.0));
        let kept = fitted.drop(&test).unwrap();
        assert_eq!(f64s(&kept, "x").len(), 2); // rows 2 and 3
        assert_eq!(kept.column("y").unwrap().i32().unwrap().get(1), None);
    }

    #[test]
    fn empty_columns_means_every_numeric_column() {
        let df = df!("a" => [1.0, 2.0], "t" => ["u", "v"], "b" => [3, 4]).unwrap();
        let b = Outliers::iqr(1.5).fit(&df, &[]).unwrap().bounds();
        let cols = strs(&b, "column");
        assert_eq!(cols, ["a", "b"]);
        let text = df!("t" => ["u"]).unwrap();
        assert!(matches!(
            Outliers::iqr(1.5).fit(&text, &[]),
            Err(SdiaError::Empty(_))
        ));
    }

    #[test]
    fn bad_inputs_are_errors() {
        let df = df!("x" => [1.0, 2.0], "t" => ["a", "b"], "m" => [None::<f64>, None], "one" => [Some(1.0), None]).unwrap();
        assert!(Outliers::iqr(f64::NAN).fit(&df, &["x"]).is_err());
        assert!(Outliers::zscore(0.0).fit(&df, &["x"]).is_err());
        assert!(matches!(
            Outliers::iqr(1.5).fit(&df, &["t"]),
            Err(SdiaError::NotNumeric { .. })
        ));
        assert!(matches!(
            Outliers::iqr(1.5).fit(&df, &["m"]),
            Err(SdiaError::AllMissing { .. })
        ));
        assert!(matches!(
            Outliers::zscore(3.0).fit(&df, &["one"]),
            Err(SdiaError::NotEnoughData { .. })
        ));
        assert!(Outliers::iqr(1.5).fit(&df, &["x", "x"]).is_err());
        let empty = df!("x" => Vec::<f64>::new()).unwrap();
        assert!(matches!(
            Outliers::iqr(1.5).fit(&empty, &["x"]),
            Err(SdiaError::Empty(_))
        ));
        assert!(matches!(
            Outliers::iqr(1.5).fit(&df, &["zz"]),
            Err(SdiaError::ColumnNotFound { .. })
        ));
        let fitted = Outliers::iqr(1.5).fit(&df, &["x"]).unwrap();
        let other = df!("x" => ["a"]).unwrap();
        assert!(matches!(
            fitted.clip(&other),
            Err(SdiaError::NotNumeric { .. })
        ));
        assert!(matches!(
            fitted.flag(&other),
            Err(SdiaError::NotNumeric { .. })
        ));
        let display = fitted.mime_bundle();
        assert!(display[0].1.contains("IQR"));
    }
}
