//! From a DataFrame to a model's input: the feature columns by name, checked, as a numeric
//! matrix (linfa's `Array2<f64>`), and the promise a fitted model keeps about the frames it
//! accepts afterwards.

use crate::error::{Result, SdiaError};
use crate::frame;
use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// The columns a model was fitted on: its features (in order), its target if any, and every
/// column of the training frame. A fitted model checks each frame it is given against it: a
/// missing feature or a column the training frame did not have is an error that names it.
///
/// ```
/// use sdia::prelude::*;
///
/// let train = df!("a" => [1.0, 2.0], "b" => [3.0, 4.0], "y" => [0, 1]).unwrap();
/// let schema = FeatureSchema::new(&train, &["a", "b"], Some("y")).unwrap();
/// let x = schema.matrix(&df!("a" => [5.0], "b" => [6.0]).unwrap()).unwrap();
/// assert_eq!(x.row(0).to_vec(), [5.0, 6.0]);
/// let err = schema.matrix(&df!("a" => [5.0]).unwrap()).unwrap_err();
/// assert!(err.to_string().contains("'b'"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureSchema {
    /// The feature columns, in the order of the matrix's columns.
    pub features: Vec<String>,
    /// The target column, for supervised models.
    pub target: Option<String>,
    /// Every column of the training frame (features, target and any other column).
    pub columns: Vec<String>,
}

impl FeatureSchema {
    /// The schema of a model fitted on `df` with these features (and target): every feature
    /// must be a numeric column of `df`, at least one is needed, none may be the target.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0], "name" => ["a"], "y" => [2.0]).unwrap();
    /// assert!(FeatureSchema::new(&df, &["x"], Some("y")).is_ok());
    /// let err = FeatureSchema::new(&df, &["name"], Some("y")).unwrap_err();
    /// assert!(err.to_string().contains("'name'"));
    /// assert!(FeatureSchema::new(&df, &["y"], Some("y")).is_err());
    /// ```
    pub fn new<S: AsRef<str>>(
        df: &DataFrame,
        features: &[S],
        target: Option<&str>,
    ) -> Result<FeatureSchema> {
        if features.is_empty() {
            return Err(SdiaError::InvalidInput(
                "no feature column given: list the columns the model should learn from, \
                 e.g. &[\"bill_length_mm\", \"flipper_length_mm\"]"
                    .to_string(),
            ));
        }
        let mut names: Vec<String> = Vec::with_capacity(features.len());
        for f in features {
            let name = f.as_ref();
            let c = frame::column(df, name)?;
            if !frame::is_numeric(c.dtype()) {
                return Err(SdiaError::NotNumeric {
                    column: name.to_string(),
                    dtype: c.dtype().clone(),
                });
            }
            if Some(name) == target {
                return Err(SdiaError::InvalidInput(format!(
                    "'{name}' is both a feature and the target: leave it out of the features"
                )));
            }
            if names.iter().any(|n| n == name) {
                return Err(SdiaError::InvalidInput(format!(
                    "the feature '{name}' is listed twice: list each column once"
                )));
            }
            names.push(name.to_string());
        }
        if let Some(t) = target {
            frame::column(df, t)?;
        }
        Ok(FeatureSchema {
            features: names,
            target: target.map(str::to_string),
            columns: frame::names(df),
        })
    }

    /// Checks that `df` has every feature and no column the training frame lacked; the error
    /// says which column and how to fix it.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let train = df!("a" => [1.0], "y" => [0]).unwrap();
    /// let schema = FeatureSchema::new(&train, &["a"], Some("y")).unwrap();
    /// assert!(schema.check(&df!("a" => [2.0]).unwrap()).is_ok()); // no target: fine
    /// let err = schema.check(&df!("a" => [2.0], "z" => [1]).unwrap()).unwrap_err();
    /// assert!(err.to_string().contains("'z'"));
    /// ```
    pub fn check(&self, df: &DataFrame) -> Result<()> {
        let present = frame::names(df);
        let missing: Vec<&String> = self
            .features
            .iter()
            .filter(|f| !present.contains(f))
            .collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
            return Err(SdiaError::InvalidInput(format!(
                "the model needs the column(s) {} that this frame lacks; it was fitted on the \
                 features {}",
                list.join(", "),
                self.features.join(", ")
            )));
        }
        let extra: Vec<String> = present
            .iter()
            .filter(|c| !self.columns.contains(c))
            .map(|c| format!("'{c}'"))
            .collect();
        if !extra.is_empty() {
            return Err(SdiaError::InvalidInput(format!(
                "the column(s) {} were not in the frame the model was fitted on (columns: {}): \
                 drop them or select the features first, e.g. df.select([{}])",
                extra.join(", "),
                self.columns.join(", "),
                self.features
                    .iter()
                    .map(|f| format!("\"{f}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(())
    }

    /// The features of `df` as a matrix (one row per row of `df`), after [`check`](Self::check).
    /// A missing or non-finite value is an error naming the column.
    pub fn matrix(&self, df: &DataFrame) -> Result<Array2<f64>> {
        self.check(df)?;
        feature_matrix(df, &self.features)
    }

    /// The features of `df` as columns read in place, after [`check`](Self::check): numeric and
    /// without nulls, not yet checked for NaN or infinite values
    /// ([`FeatureColumns::check_finite`]).
    pub(crate) fn columns_of(&self, df: &DataFrame) -> Result<FeatureColumns> {
        self.check(df)?;
        FeatureColumns::read(df, &self.features)
    }
}

/// Feature names as owned strings: generic entry points (`fit<S>`) call this, then a
/// non-generic function, so that the work is compiled with the library's optimisations rather
/// than in the caller's crate (a notebook cell is built without optimisation).
pub(crate) fn feature_names<S: AsRef<str>>(features: &[S]) -> Vec<String> {
    features.iter().map(|f| f.as_ref().to_string()).collect()
}

/// The columns `features` of `df` as a matrix of `f64`, one row per row of `df`, one column per
/// feature in the order given. Integer columns are converted; a missing value (null
/// or NaN) or an infinite value is an error that names the column and how many rows are
/// affected.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("a" => [1, 2], "b" => [0.5, 1.5]).unwrap();
/// let x = feature_matrix(&df, &["b", "a"]).unwrap();
/// assert_eq!(x.dim(), (2, 2));
/// assert_eq!(x[[1, 0]], 1.5);
/// let with_gap = df!("a" => [Some(1.0), None]).unwrap();
/// assert!(feature_matrix(&with_gap, &["a"]).unwrap_err().to_string().contains("missing"));
/// ```
pub fn feature_matrix<S: AsRef<str>>(df: &DataFrame, features: &[S]) -> Result<Array2<f64>> {
    matrix_of(df, &feature_names(features))
}

/// [`feature_matrix`], compiled once in the library.
fn matrix_of(df: &DataFrame, features: &[String]) -> Result<Array2<f64>> {
    let rows = df.height();
    let p = features.len();
    let columns = FeatureColumns::of(df, features)?;
    let slices = columns.slices();
    // Row-major copy in blocks of rows, so each column's block stays in cache.
    let mut flat = vec![0.0; rows * p];
    const BLOCK: usize = 2048;
    if p > 0 {
        for (b, out) in flat.chunks_mut(BLOCK * p).enumerate() {
            let start = b * BLOCK;
            for (j, col) in slices.iter().enumerate() {
                for (row, &v) in out.chunks_exact_mut(p).zip(&col[start..]) {
                    row[j] = v;
                }
            }
        }
    }
    Array2::from_shape_vec((rows, p), flat)
        .map_err(|e| SdiaError::InvalidInput(format!("feature matrix: {e}")))
}

/// The error for a feature column with missing (null or NaN) or infinite values: how many, out of
/// how many rows, and what to do.
fn incomplete(s: &Series) -> SdiaError {
    let values = s.f64().ok();
    let non_finite = values.map_or(0, |ca| {
        ca.iter().flatten().filter(|v| !v.is_finite()).count()
    });
    let bad = s.null_count() + non_finite;
    SdiaError::InvalidInput(format!(
        "the feature '{}' has {bad} missing or infinite value(s) out of {}: models need \
         complete numbers; impute them (Imputer) or drop those rows (df.drop_nulls) first",
        s.name(),
        s.len()
    ))
}

/// The feature columns of a frame as contiguous `f64` values, in the order given, checked
/// complete and finite: what a model reads in place, without copying the frame into a matrix.
pub(crate) struct FeatureColumns {
    series: Vec<Series>,
}

impl FeatureColumns {
    /// The columns `features` of `df`, converted to `f64` (no copy for an `f64` column in one
    /// chunk), checked complete and finite (see [`read`](Self::read) and
    /// [`check_finite`](Self::check_finite)).
    pub(crate) fn of(df: &DataFrame, features: &[String]) -> Result<FeatureColumns> {
        let columns = FeatureColumns::read(df, features)?;
        columns.check_finite()?;
        Ok(columns)
    }

    /// The columns `features` of `df` as `f64`, checked numeric and without nulls, but not yet
    /// for NaN or infinite values: a caller whose result would show them (a sum that is not
    /// finite) calls [`check_finite`](Self::check_finite) then, which saves a pass over the data.
    pub(crate) fn read(df: &DataFrame, features: &[String]) -> Result<FeatureColumns> {
        let mut series: Vec<Series> = Vec::with_capacity(features.len());
        for name in features {
            let c = frame::column(df, name)?;
            if !frame::is_numeric(c.dtype()) {
                return Err(SdiaError::NotNumeric {
                    column: name.to_string(),
                    dtype: c.dtype().clone(),
                });
            }
            let s = c
                .as_materialized_series()
                .cast(&DataType::Float64)?
                .rechunk();
            if s.null_count() > 0 {
                return Err(incomplete(&s));
            }
            series.push(s);
        }
        Ok(FeatureColumns { series })
    }

    /// An error naming the first column with a NaN or infinite value, if there is one.
    pub(crate) fn check_finite(&self) -> Result<()> {
        for (s, values) in self.series.iter().zip(self.slices()) {
            if crate::numeric::count_non_finite(values) > 0 {
                return Err(incomplete(s));
            }
        }
        Ok(())
    }

    /// Each column's values (complete and in one chunk, so this cannot fail).
    pub(crate) fn slices(&self) -> Vec<&[f64]> {
        self.series
            .iter()
            .map(|s| {
                s.f64()
                    .ok()
                    .and_then(|ca| ca.cont_slice().ok())
                    .unwrap_or(&[])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn train() -> DataFrame {
        df!(
            "a" => [1.0, 2.0, 3.0],
            "b" => [1i64, 0, 1],
            "name" => ["x", "y", "z"],
            "y" => ["p", "q", "p"],
        )
        .unwrap()
    }

    #[test]
    fn matrix_follows_the_feature_order() {
        let schema = FeatureSchema::new(&train(), &["b", "a"], Some("y")).unwrap();
        let x = schema.matrix(&train()).unwrap();
        assert_eq!(x.row(2).to_vec(), [1.0, 3.0]);
        assert_eq!(schema.columns.len(), 4);
    }

    #[test]
    fn bad_feature_lists_are_refused() {
        let df = train();
        let empty: [&str; 0] = [];
        assert!(
            FeatureSchema::new(&df, &empty, None)
                .unwrap_err()
                .to_string()
                .contains("no feature")
        );
        assert!(
            FeatureSchema::new(&df, &["a", "a"], None)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        assert!(
            FeatureSchema::new(&df, &["nope"], None)
                .unwrap_err()
                .to_string()
                .contains("'nope'")
        );
        assert!(FeatureSchema::new(&df, &["a"], Some("nope")).is_err());
    }

    #[test]
    fn frames_are_checked_against_the_schema() {
        let schema = FeatureSchema::new(&train(), &["a"], Some("y")).unwrap();
        // Unused training columns are fine; new ones are not.
        assert!(schema.check(&train()).is_ok());
        let extra = df!("a" => [1.0], "zz" => [2.0]).unwrap();
        let err = schema.check(&extra).unwrap_err().to_string();
        assert!(err.contains("'zz'") && err.contains("select"));
        let missing = df!("b" => [1.0]).unwrap();
        assert!(
            schema
                .check(&missing)
                .unwrap_err()
                .to_string()
                .contains("'a'")
        );
    }

    #[test]
    fn gaps_and_infinities_are_counted() {
        let df = df!("a" => [Some(1.0), Some(f64::NAN), None, Some(f64::INFINITY)]).unwrap();
        let err = feature_matrix(&df, &["a"]).unwrap_err().to_string();
        assert!(err.contains("3 missing or infinite"), "{err}");
        let text = df!("t" => ["a"]).unwrap();
        assert!(feature_matrix(&text, &["t"]).is_err());
    }
}
