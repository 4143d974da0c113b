//! Logistic regression (scikit-learn's `LogisticRegression` with its defaults: L2 penalty,
//! lbfgs, multinomial for more than two classes): class probabilities, coefficients per class,
//! intercepts.
//!
//! The objective is scikit-learn's: the mean log-loss plus ‖W‖² / (2·C·n), the intercepts not
//! penalised ([`super::linmodels_logloss`], one pass over the feature columns per evaluation),
//! minimised by L-BFGS with SciPy's settings and stopping rules ([`super::linmodels_lbfgs`]):
//! at most `max_iter` iterations, stop when every gradient component is at most 1e-4.
//!
//! The optimiser converges slowly when features have very different scales (e.g. grams and
//! millimetres): put a Scaler before the model in a Pipeline; [`FittedLogisticRegression::converged`]
//! tells whether it reached the tolerance.

use super::linmodels_common::{check_positive, feature_table, sigmoid, softmax_rows};
use super::linmodels_lbfgs::{Options, minimize};
use super::linmodels_logloss::LogLoss;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::learn::{
    ClassModel, ClassTarget, Classes, Estimator, FeatureSchema, Model, Persist, probability_frame,
};
use crate::table::{format_number, summary_bundle};
use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// The stopping tolerance on the largest component of the gradient of the mean objective
/// (scikit-learn's default `tol`).
const TOLERANCE: f64 = 1e-4;

/// The parameters of a logistic regression: inverse penalty `c` (default 1, as scikit-learn's
/// `C`) and the largest number of lbfgs iterations (default 100).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
///              "y" => ["no", "no", "no", "yes", "yes", "yes"]).unwrap();
/// let model = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
/// let p = model.predict(&df!("x" => [0.0, 5.0]).unwrap()).unwrap();
/// assert_eq!(p.str().unwrap().get(0), Some("no"));
/// assert_eq!(p.str().unwrap().get(1), Some("yes"));
/// let proba = model.predict_proba(&df!("x" => [5.0]).unwrap()).unwrap();
/// assert_eq!(proba.get_column_names(), ["no", "yes"]);
/// assert!(proba.column("yes").unwrap().f64().unwrap().get(0).unwrap() > 0.5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticRegression {
    c: f64,
    max_iter: usize,
}

impl Default for LogisticRegression {
    fn default() -> Self {
        LogisticRegression::new()
    }
}

impl LogisticRegression {
    /// A logistic regression with C = 1 and at most 100 iterations (scikit-learn's defaults).
    pub fn new() -> LogisticRegression {
        LogisticRegression {
            c: 1.0,
            max_iter: 100,
        }
    }

    /// The inverse of the penalty strength (> 0): smaller values shrink the coefficients more.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [0.0, 1.0, 2.0, 3.0], "y" => [0, 0, 1, 1]).unwrap();
    /// let strong = LogisticRegression::new().c(0.01).fit(&df, &["x"], "y").unwrap();
    /// let weak = LogisticRegression::new().c(100.0).fit(&df, &["x"], "y").unwrap();
    /// let coef = |m: &FittedLogisticRegression| {
    ///     m.coefficients().column("coefficient").unwrap().f64().unwrap().get(0).unwrap()
    /// };
    /// assert!(coef(&strong) < coef(&weak));
    /// assert!(LogisticRegression::new().c(0.0).fit(&df, &["x"], "y").is_err());
    /// ```
    pub fn c(mut self, c: f64) -> LogisticRegression {
        self.c = c;
        self
    }

    /// The largest number of lbfgs iterations (default 100, as scikit-learn).
    pub fn max_iter(mut self, n: usize) -> LogisticRegression {
        self.max_iter = n;
        self
    }
}

impl Estimator for LogisticRegression {
    type Fitted = FittedLogisticRegression;

    fn fit<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<FittedLogisticRegression> {
        // The work is in a non-generic function: compiled (optimised) in the library, not in
        // the notebook cell that calls `fit`.
        self.fit_named(df, &crate::learn::feature_names(features), target)
    }
}

impl LogisticRegression {
    fn fit_named(
        &self,
        df: &DataFrame,
        features: &[String],
        target: &str,
    ) -> Result<FittedLogisticRegression> {
        check_positive(
            "LogisticRegression C",
            self.c,
            "C is the inverse penalty; the default is 1.0",
        )?;
        if self.max_iter == 0 {
            return Err(SdiaError::InvalidInput(
                "LogisticRegression max_iter must be at least 1 (default 100)".to_string(),
            ));
        }
        let schema = FeatureSchema::new(df, features, Some(target))?;
        let columns = schema.columns_of(df)?;
        columns.check_finite()?;
        let target = ClassTarget::from_column(df, target)?;
        let slices = columns.slices();
        let loss = LogLoss::new(&slices, &target.codes, target.classes.len(), self.c);
        let minimum = minimize(
            &mut |theta, grad| loss.value_and_gradient(theta, grad),
            vec![0.0; loss.parameters()],
            &Options::new(self.max_iter, TOLERANCE),
        );
        if minimum.x.iter().any(|v| !v.is_finite()) || !minimum.value.is_finite() {
            return Err(SdiaError::InvalidInput(
                "the logistic regression optimiser diverged: scale the features (Pipeline with \
                 a Scaler) or lower C"
                    .to_string(),
            ));
        }
        // Parameters output by output, p weights then the intercept: coefficients p × outputs.
        let p = features.len();
        let outputs = loss.outputs();
        let coef = Array2::from_shape_fn((p, outputs), |(j, c)| minimum.x[c * (p + 1) + j]);
        let intercepts = (0..outputs).map(|c| minimum.x[c * (p + 1) + p]).collect();
        Ok(FittedLogisticRegression {
            schema,
            classes: target.classes,
            coef,
            intercepts,
            c: self.c,
            converged: minimum.stop.converged(),
            iterations: minimum.iterations,
        })
    }
}

/// A fitted logistic regression: classes, coefficients and intercepts, class probabilities.
///
/// For two classes there is one coefficient per feature, for the second class in sorted order
/// (its log-odds against the first), as scikit-learn's `coef_`; for more classes, one column
/// of coefficients per class (multinomial).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [0.0, 0.2, 5.0, 5.2, 10.0, 10.2],
///              "y" => ["a", "a", "b", "b", "c", "c"]).unwrap();
/// let model = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
/// assert_eq!(model.coefficients().get_column_names(), ["feature", "a", "b", "c"]);
/// assert_eq!(model.intercepts().height(), 3);
/// let p = model.predict(&df!("x" => [0.1, 5.1, 10.1]).unwrap()).unwrap();
/// assert_eq!(p.str().unwrap().iter().flatten().collect::<Vec<_>>(), ["a", "b", "c"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedLogisticRegression {
    schema: FeatureSchema,
    classes: Classes,
    /// p × 1 (binary: the second class) or p × k.
    coef: Array2<f64>,
    intercepts: Vec<f64>,
    c: f64,
    converged: bool,
    /// L-BFGS iterations (0 in models saved before sdia recorded them).
    #[serde(default)]
    iterations: usize,
}

impl FittedLogisticRegression {
    /// The coefficients as a table: `feature` and, for two classes, `coefficient` (of the
    /// second class); for more classes, one column per class.
    pub fn coefficients(&self) -> DataFrame {
        let columns = if self.is_binary() {
            vec![("coefficient".to_string(), self.coef.column(0).to_vec())]
        } else {
            self.classes
                .names
                .iter()
                .enumerate()
                .map(|(j, name)| (name.clone(), self.coef.column(j).to_vec()))
                .collect()
        };
        feature_table(&self.schema.features, columns)
    }

    /// The intercepts as a table: `class`, `intercept` (one row, the second class, for two
    /// classes; one row per class otherwise).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [-1.0, 1.0], "y" => [0, 1]).unwrap();
    /// let model = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
    /// let table = model.intercepts();
    /// assert_eq!(table.height(), 1);
    /// assert_eq!(table.column("class").unwrap().i64().unwrap().get(0), Some(1));
    /// ```
    pub fn intercepts(&self) -> DataFrame {
        let codes: Vec<usize> = if self.is_binary() {
            vec![1]
        } else {
            (0..self.classes.len()).collect()
        };
        let Ok(class) = self.classes.series("class", &codes) else {
            return DataFrame::default();
        };
        DataFrame::new(
            codes.len(),
            vec![
                class.into(),
                Column::new("intercept".into(), self.intercepts.clone()),
            ],
        )
        .unwrap_or_default()
    }

    /// True if lbfgs reached the tolerance within `max_iter` iterations; if not, raise
    /// `max_iter` or scale the features (Pipeline with a Scaler).
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// How many L-BFGS iterations the fit took (scikit-learn's `n_iter_`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [0.0, 1.0, 2.0, 3.0], "y" => [0, 0, 1, 1]).unwrap();
    /// let model = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
    /// assert!(model.iterations() >= 1 && model.iterations() <= 100);
    /// let capped = LogisticRegression::new().max_iter(1).fit(&df, &["x"], "y").unwrap();
    /// assert_eq!(capped.iterations(), 1);
    /// assert!(!capped.converged());
    /// ```
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    fn is_binary(&self) -> bool {
        self.coef.ncols() == 1
    }

    /// Class probabilities, rows × classes, columns in class order.
    fn proba_matrix(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut scores = x.dot(&self.coef);
        for (j, b) in self.intercepts.iter().enumerate() {
            scores.column_mut(j).mapv_inplace(|v| v + b);
        }
        if self.is_binary() {
            let mut p = Array2::zeros((x.nrows(), 2));
            for (i, z) in scores.column(0).iter().enumerate() {
                let p1 = sigmoid(*z);
                p[[i, 0]] = 1.0 - p1;
                p[[i, 1]] = p1;
            }
            p
        } else {
            softmax_rows(&mut scores);
            scores
        }
    }
}

impl Model for FittedLogisticRegression {
    fn schema(&self) -> &FeatureSchema {
        &self.schema
    }

    fn predict(&self, df: &DataFrame) -> Result<Series> {
        self.classes
            .most_probable(&self.proba_matrix(&self.schema.matrix(df)?))
    }

    fn name(&self) -> String {
        "LogisticRegression".to_string()
    }
}

impl ClassModel for FittedLogisticRegression {
    fn classes(&self) -> &Classes {
        &self.classes
    }

    fn predict_proba(&self, df: &DataFrame) -> Result<DataFrame> {
        probability_frame(&self.classes, &self.proba_matrix(&self.schema.matrix(df)?))
    }
}

impl Persist for FittedLogisticRegression {
    fn kind() -> String {
        "LogisticRegression".to_string()
    }
}

impl RichDisplay for FittedLogisticRegression {
    fn mime_bundle(&self) -> MimeBundle {
        let labels: Vec<String> = if self.is_binary() {
            vec![self.classes.names.get(1).cloned().unwrap_or_default()]
        } else {
            self.classes.names.clone()
        };
        let mut lines: Vec<(String, String)> = Vec::new();
        for (j, label) in labels.iter().enumerate() {
            let b = self.intercepts.get(j).copied().unwrap_or(f64::NAN);
            lines.push((format!("intercept [{label}]"), format_number(b)));
            for (i, f) in self.schema.features.iter().enumerate() {
                lines.push((format!("{f} [{label}]"), format_number(self.coef[[i, j]])));
            }
        }
        let mut rows: Vec<(&str, String)> = vec![
            ("target", self.schema.target.clone().unwrap_or_default()),
            ("classes", self.classes.names.join(", ")),
            ("C", format_number(self.c)),
        ];
        rows.extend(lines.iter().map(|(k, v)| (k.as_str(), v.clone())));
        let converged = if self.converged {
            "yes".to_string()
        } else {
            "no: raise max_iter or scale the features (Pipeline with a Scaler)".to_string()
        };
        rows.push(("converged", converged));
        rows.push(("iterations", self.iterations.to_string()));
        summary_bundle("Logistic regression", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proba_of(m: &FittedLogisticRegression, x: f64, class: &str) -> f64 {
        let p = m.predict_proba(&df!("x" => [x]).unwrap()).unwrap();
        p.column(class).unwrap().f64().unwrap().get(0).unwrap()
    }

    fn check_binary(labels: [&str; 8]) {
        // x ≥ 6 is "b" in both training sets below.
        let df = df!("x" => [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], "y" => labels).unwrap();
        let m = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
        assert!(m.converged());
        assert_eq!(m.classes().names, ["a", "b"]);
        // P(b) grows with x: the coefficient (of b, the second class) is positive.
        let coef = m.coefficients();
        assert!(
            coef.column("coefficient")
                .unwrap()
                .f64()
                .unwrap()
                .get(0)
                .unwrap()
                > 0.0
        );
        assert!(proba_of(&m, 0.0, "b") < 0.5 && proba_of(&m, 7.0, "b") > 0.5);
        assert!(proba_of(&m, 0.0, "a") > 0.5);
        let s = proba_of(&m, 3.3, "a") + proba_of(&m, 3.3, "b");
        assert!((s - 1.0).abs() < 1e-12);
        let p = m.predict(&df!("x" => [0.0, 7.0]).unwrap()).unwrap();
        assert_eq!(p.str().unwrap().get(0), Some("a"));
        assert_eq!(p.str().unwrap().get(1), Some("b"));
    }

    #[test]
    fn minority_class_second() {
        // The first class is the majority (6 rows against 2): coefficients still refer to "b".
        check_binary(["a", "a", "a", "a", "a", "a", "b", "b"]);
    }

    #[test]
    fn minority_class_first() {
        check_binary(["a", "a", "b", "b", "b", "b", "b", "b"]);
    }

    #[test]
    fn symmetric_pair_meets_the_optimality_condition() {
        // x = (−1, 1), y = (0, 1), C = 1: by symmetry b = 0 and the gradient of
        // Σ log-loss + ½w² vanishes when w = 2(1 − σ(w)) (hand derivation).
        let df = df!("x" => [-1.0, 1.0], "y" => [0, 1]).unwrap();
        let m = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
        let coef = m.coefficients();
        let w = coef
            .column("coefficient")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        let b = m
            .intercepts()
            .column("intercept")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((w - 2.0 * (1.0 - sigmoid(w))).abs() < 1e-3, "w = {w}");
        assert!(b.abs() < 1e-3);
    }

    #[test]
    fn multinomial_probabilities_sum_to_one() {
        let df = df!(
            "x" => [0.0, 0.1, 0.2, 5.0, 5.1, 5.2, 10.0, 10.1, 10.2, 10.3],
            "y" => [3i64, 3, 3, 1, 1, 1, 2, 2, 2, 2],
        )
        .unwrap();
        let m = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
        assert_eq!(m.classes().names, ["1", "2", "3"]);
        let p = m
            .predict_proba(&df!("x" => [0.0, 5.1, 10.1]).unwrap())
            .unwrap();
        assert_eq!(p.get_column_names(), ["1", "2", "3"]);
        for i in 0..3 {
            let s: f64 = p
                .columns()
                .iter()
                .map(|c| c.f64().unwrap().get(i).unwrap())
                .sum();
            assert!((s - 1.0).abs() < 1e-12);
        }
        let pred = m.predict(&df!("x" => [0.0, 5.1, 10.1]).unwrap()).unwrap();
        assert_eq!(
            pred.i64().unwrap().into_no_null_iter().collect::<Vec<_>>(),
            [3, 1, 2]
        );
        assert_eq!(m.coefficients().width(), 4);
        assert!(m.mime_bundle()[0].1.contains("intercept [2]"));
    }

    #[test]
    fn bad_input_is_explained() {
        let df = df!("x" => [0.0, 1.0, 2.0], "y" => ["a", "b", "a"]).unwrap();
        let err = LogisticRegression::new()
            .c(-1.0)
            .fit(&df, &["x"], "y")
            .unwrap_err();
        assert!(err.to_string().contains("C"));
        assert!(
            LogisticRegression::new()
                .max_iter(0)
                .fit(&df, &["x"], "y")
                .is_err()
        );
        let one = df!("x" => [0.0, 1.0], "y" => ["a", "a"]).unwrap();
        assert!(
            LogisticRegression::new()
                .fit(&one, &["x"], "y")
                .unwrap_err()
                .to_string()
                .contains("one class")
        );
        let nan = df!("x" => [0.0, f64::NAN], "y" => ["a", "b"]).unwrap();
        assert!(LogisticRegression::new().fit(&nan, &["x"], "y").is_err());
        let m = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
        assert!(m.predict_proba(&df!("z" => [1.0]).unwrap()).is_err());
    }

    #[test]
    fn saves_and_loads() {
        let df = df!("x" => [0.0, 1.0, 2.0, 3.0], "y" => [true, false, true, true]).unwrap();
        let m = LogisticRegression::new().fit(&df, &["x"], "y").unwrap();
        let path = std::env::temp_dir().join(format!("sdia-logit-{}.json", std::process::id()));
        crate::learn::save_model(&m, &path).unwrap();
        let back: FittedLogisticRegression = crate::learn::load_model(&path).unwrap();
        // serde_json may change the last digit of a float: compare what the models do.
        assert_eq!(back.predict(&df).unwrap(), m.predict(&df).unwrap());
        assert_eq!(back.classes(), m.classes());
        std::fs::remove_file(&path).unwrap();
    }
}
