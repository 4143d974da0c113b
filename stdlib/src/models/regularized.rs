//! Penalised least squares, as in scikit-learn: [`Ridge`] (L2, closed form), [`Lasso`] (L1) and
//! [`ElasticNet`] (both, by coordinate descent in linfa-elasticnet). `alpha` means what it
//! means in scikit-learn, so coefficients agree with it:
//!
//! - Ridge minimises ‖y − Xw − b‖² + α‖w‖²;
//! - ElasticNet minimises 1/(2n)‖y − Xw − b‖² + α·l1_ratio‖w‖₁ + α(1 − l1_ratio)/2‖w‖²,
//!   and Lasso is ElasticNet with l1_ratio = 1.
//!
//! The intercept is never penalised: features and target are centred before the fit (linfa's
//! elastic net centres only the target; sdia centres the features too, as scikit-learn does).
//! Penalties depend on the scale of the features: put a Scaler before the model in a Pipeline
//! when the features have different units.

use super::linmodels_common::{
    LinearFit, centre_columns, check_positive, check_rows, r2_of, solve_spd,
};
use super::regularization_path::Penalised;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::learn::{Estimator, FeatureSchema, Model, Persist, numeric_target};
use crate::table::{format_number, summary_bundle};
use linfa::prelude::*;
use ndarray::{Array1, Array2};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// The parameters of a ridge regression (scikit-learn's `Ridge`): least squares with an L2
/// penalty `alpha`‖w‖² that shrinks the coefficients towards 0.
///
/// ```
/// use sdia::prelude::*;
///
/// // One centred feature x = (−1, 0, 1), y = 2x: w = Σxy / (Σx² + α) = 4 / (2 + 2) = 1.
/// let df = df!("x" => [-1.0, 0.0, 1.0], "y" => [-2.0, 0.0, 2.0]).unwrap();
/// let model = Ridge::new(2.0).fit(&df, &["x"], "y").unwrap();
/// assert!((model.coefficient("x").unwrap() - 1.0).abs() < 1e-12);
/// assert!(model.intercept().abs() < 1e-12);
/// assert!(Ridge::new(0.0).fit(&df, &["x"], "y").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ridge {
    alpha: f64,
}

impl Default for Ridge {
    /// `alpha` = 1, as scikit-learn.
    fn default() -> Self {
        Ridge::new(1.0)
    }
}

impl Ridge {
    /// A ridge regression with penalty `alpha` (> 0; larger shrinks more).
    pub fn new(alpha: f64) -> Ridge {
        Ridge { alpha }
    }
}

impl Estimator for Ridge {
    type Fitted = FittedRidge;

    fn fit<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<FittedRidge> {
        check_positive(
            "Ridge alpha",
            self.alpha,
            "give a penalty such as Ridge::new(1.0) (use LinearRegression for no penalty)",
        )?;
        let (schema, mut x, y) = training_data(df, features, target)?;
        let means = centre_columns(&mut x);
        let y_mean = y.mean().unwrap_or(0.0);
        let yc = &y - y_mean;
        let mut gram = x.t().dot(&x);
        for i in 0..gram.nrows() {
            gram[[i, i]] += self.alpha;
        }
        let w = solve_spd(&gram, &x.t().dot(&yc)).ok_or_else(|| {
            SdiaError::InvalidInput(
                "the ridge system could not be solved: the features have extreme values; \
                 scale them first (Pipeline with a Scaler)"
                    .to_string(),
            )
        })?;
        let r2 = r2_of(&y, &(x.dot(&w) + y_mean));
        Ok(FittedRidge {
            fit: LinearFit {
                schema,
                intercept: y_mean - means.dot(&w),
                coefficients: w.to_vec(),
                r2,
            },
            alpha: self.alpha,
        })
    }
}

/// The parameters of a lasso regression (scikit-learn's `Lasso`): least squares with an L1
/// penalty that sets some coefficients exactly to 0 (feature selection).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("a" => [1.0, 2.0, 3.0, 4.0], "b" => [1.0, 0.0, 1.0, 0.0],
///              "y" => [2.0, 4.0, 6.0, 8.0]).unwrap();
/// let model = Lasso::new(0.1).fit(&df, &["a", "b"], "y").unwrap();
/// assert!(model.coefficient("a").unwrap() > 1.5);
/// assert_eq!(model.coefficient("b").unwrap(), 0.0); // b is useless: dropped
/// assert!(model.converged());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Lasso {
    alpha: f64,
    max_iter: usize,
    tolerance: f64,
}

impl Default for Lasso {
    /// `alpha` = 1, as scikit-learn.
    fn default() -> Self {
        Lasso::new(1.0)
    }
}

impl Lasso {
    /// A lasso with penalty `alpha` (> 0; larger sets more coefficients to 0). At most 1000
    /// passes over the features, tolerance 1e-4 (scikit-learn's defaults).
    pub fn new(alpha: f64) -> Lasso {
        Lasso {
            alpha,
            max_iter: 1000,
            tolerance: 1e-4,
        }
    }

    /// The largest number of coordinate-descent passes (default 1000).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 3.0], "y" => [1.0, 2.0, 3.5]).unwrap();
    /// assert!(Lasso::new(0.1).max_iter(0).fit(&df, &["x"], "y").is_err());
    /// ```
    pub fn max_iter(mut self, n: usize) -> Lasso {
        self.max_iter = n;
        self
    }

    /// The stopping tolerance on the duality gap, relative to ‖y − ȳ‖² (default 1e-4).
    pub fn tolerance(mut self, tolerance: f64) -> Lasso {
        self.tolerance = tolerance;
        self
    }
}

impl Estimator for Lasso {
    type Fitted = FittedLasso;

    fn fit<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<FittedLasso> {
        check_positive(
            "Lasso alpha",
            self.alpha,
            "give a penalty such as Lasso::new(0.1) (use LinearRegression for no penalty)",
        )?;
        let (fit, converged) = fit_elastic(
            df,
            features,
            target,
            self.alpha,
            1.0,
            self.max_iter,
            self.tolerance,
        )?;
        Ok(FittedLasso {
            fit,
            alpha: self.alpha,
            converged,
        })
    }
}

/// The parameters of an elastic net (scikit-learn's `ElasticNet`): a mix of the lasso's L1
/// penalty (share `l1_ratio`) and ridge's L2 penalty (share 1 − `l1_ratio`).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [-1.0, 0.0, 1.0], "y" => [-2.0, 0.0, 2.0]).unwrap();
/// // l1_ratio = 0: w = Σxy / (Σx² + nα) = 4 / (2 + 3·1) = 0.8 (coordinate descent, by hand).
/// let model = ElasticNet::new(1.0, 0.0).fit(&df, &["x"], "y").unwrap();
/// assert!((model.coefficient("x").unwrap() - 0.8).abs() < 1e-9);
/// assert!(ElasticNet::new(1.0, 1.5).fit(&df, &["x"], "y").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticNet {
    alpha: f64,
    l1_ratio: f64,
    max_iter: usize,
    tolerance: f64,
}

impl Default for ElasticNet {
    /// `alpha` = 1, `l1_ratio` = 0.5, as scikit-learn.
    fn default() -> Self {
        ElasticNet::new(1.0, 0.5)
    }
}

impl ElasticNet {
    /// An elastic net with penalty `alpha` (> 0) split by `l1_ratio` (in [0, 1]: 1 is the
    /// lasso, 0 a ridge penalty on scikit-learn's ElasticNet scale). At most 1000 passes,
    /// tolerance 1e-4.
    pub fn new(alpha: f64, l1_ratio: f64) -> ElasticNet {
        ElasticNet {
            alpha,
            l1_ratio,
            max_iter: 1000,
            tolerance: 1e-4,
        }
    }

    /// The largest number of coordinate-descent passes (default 1000).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 3.0], "y" => [1.0, 2.0, 3.5]).unwrap();
    /// let model = ElasticNet::new(0.1, 0.5).max_iter(5000).fit(&df, &["x"], "y").unwrap();
    /// assert!(model.converged());
    /// ```
    pub fn max_iter(mut self, n: usize) -> ElasticNet {
        self.max_iter = n;
        self
    }

    /// The stopping tolerance on the duality gap, relative to ‖y − ȳ‖² (default 1e-4).
    pub fn tolerance(mut self, tolerance: f64) -> ElasticNet {
        self.tolerance = tolerance;
        self
    }
}

impl Estimator for ElasticNet {
    type Fitted = FittedElasticNet;

    fn fit<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<FittedElasticNet> {
        check_positive(
            "ElasticNet alpha",
            self.alpha,
            "give a penalty such as ElasticNet::new(0.1, 0.5)",
        )?;
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(SdiaError::InvalidInput(format!(
                "ElasticNet l1_ratio must be between 0 and 1 (the share of the L1 penalty), \
                 got {}",
                self.l1_ratio
            )));
        }
        let (fit, converged) = fit_elastic(
            df,
            features,
            target,
            self.alpha,
            self.l1_ratio,
            self.max_iter,
            self.tolerance,
        )?;
        Ok(FittedElasticNet {
            fit,
            alpha: self.alpha,
            l1_ratio: self.l1_ratio,
            converged,
        })
    }
}

/// The checked schema, feature matrix and target of a regression (at least 2 rows).
pub(super) fn training_data<S: AsRef<str>>(
    df: &DataFrame,
    features: &[S],
    target: &str,
) -> Result<(FeatureSchema, Array2<f64>, Array1<f64>)> {
    let schema = FeatureSchema::new(df, features, Some(target))?;
    let x = schema.matrix(df)?;
    let y = Array1::from(numeric_target(df, target)?);
    check_rows(&x, 2)?;
    Ok((schema, x, y))
}

/// Fits scikit-learn's elastic net objective with linfa's coordinate descent on centred
/// features and target; returns the fit and whether the duality gap reached the tolerance.
fn fit_elastic<S: AsRef<str>>(
    df: &DataFrame,
    features: &[S],
    target: &str,
    alpha: f64,
    l1_ratio: f64,
    max_iter: usize,
    tolerance: f64,
) -> Result<(LinearFit, bool)> {
    if max_iter == 0 {
        return Err(SdiaError::InvalidInput(
            "max_iter must be at least 1 (default 1000)".to_string(),
        ));
    }
    check_positive("tolerance", tolerance, "the default is 1e-4")?;
    let (schema, mut x, y) = training_data(df, features, target)?;
    let means = centre_columns(&mut x);
    let y_mean = y.mean().unwrap_or(0.0);
    let yc = &y - y_mean;
    // linfa centres only the target when it fits an intercept; the features are centred here,
    // so it fits none (the intercept is ȳ − x̄·w, as in scikit-learn).
    let fitted = linfa_elasticnet::ElasticNetParams::new()
        .penalty(alpha)
        .l1_ratio(l1_ratio)
        .with_intercept(false)
        .max_iterations(u32::try_from(max_iter).unwrap_or(u32::MAX))
        .tolerance(tolerance)
        .fit(&Dataset::new(x.clone(), yc.clone()))
        .map_err(|e| SdiaError::InvalidInput(format!("the elastic net fit failed: {e}")))?;
    let w = fitted.hyperplane().clone();
    let scale = yc.dot(&yc);
    let converged = scale == 0.0 || fitted.duality_gap() < tolerance * scale;
    let r2 = r2_of(&y, &(x.dot(&w) + y_mean));
    Ok((
        LinearFit {
            schema,
            intercept: y_mean - means.dot(&w),
            coefficients: w.to_vec(),
            r2,
        },
        converged,
    ))
}

/// Accessors, `Model`, `Persist` and `RichDisplay` of a fitted penalised regression.
macro_rules! penalised_model {
    ($fitted:ident, $kind:literal, $title:literal) => {
        impl $fitted {
            /// The intercept (never penalised).
            pub fn intercept(&self) -> f64 {
                self.fit.intercept
            }

            /// The coefficient of one feature; an error naming the features if it is not one.
            pub fn coefficient(&self, feature: &str) -> Result<f64> {
                self.fit.coefficient(feature)
            }

            /// The coefficients as a table: `feature`, `coefficient`, in the order of the
            /// features.
            pub fn coefficients(&self) -> DataFrame {
                self.fit.table()
            }

            /// R² on the training data.
            pub fn r2(&self) -> f64 {
                self.fit.r2
            }
        }

        impl Model for $fitted {
            fn schema(&self) -> &FeatureSchema {
                &self.fit.schema
            }

            fn predict(&self, df: &DataFrame) -> Result<Series> {
                self.fit.predict(df)
            }

            fn name(&self) -> String {
                $kind.to_string()
            }
        }

        impl Persist for $fitted {
            fn kind() -> String {
                $kind.to_string()
            }
        }

        impl RichDisplay for $fitted {
            fn mime_bundle(&self) -> MimeBundle {
                let mut rows: Vec<(&str, String)> =
                    vec![("target", self.fit.schema.target.clone().unwrap_or_default())];
                rows.extend(self.settings());
                rows.push(("intercept", format_number(self.fit.intercept)));
                for (f, c) in self.fit.schema.features.iter().zip(&self.fit.coefficients) {
                    rows.push((f.as_str(), format_number(*c)));
                }
                rows.push(("R² (training)", format_number(self.fit.r2)));
                summary_bundle($title, &rows)
            }
        }
    };
}

/// A fitted ridge regression: intercept, one coefficient per feature, R² on the training data.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [2.0, 4.0, 6.0, 8.0]).unwrap();
/// let model = Ridge::new(1e-9).fit(&df, &["x"], "y").unwrap();
/// assert!((model.coefficient("x").unwrap() - 2.0).abs() < 1e-6); // tiny alpha: OLS
/// assert_eq!(model.coefficients().height(), 1);
/// assert!(model.r2() > 0.999);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedRidge {
    fit: LinearFit,
    alpha: f64,
}

impl FittedRidge {
    fn settings(&self) -> Vec<(&'static str, String)> {
        vec![("alpha", format_number(self.alpha))]
    }
}

penalised_model!(FittedRidge, "Ridge", "Ridge regression");

/// A fitted lasso: intercept, one coefficient per feature (some exactly 0), R² on the training
/// data, and whether coordinate descent converged.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0], "y" => [1.0, 2.0, 3.0]).unwrap();
/// let model = Lasso::new(100.0).fit(&df, &["x"], "y").unwrap();
/// assert_eq!(model.coefficient("x").unwrap(), 0.0); // a large alpha keeps only the mean
/// assert!((model.intercept() - 2.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedLasso {
    fit: LinearFit,
    alpha: f64,
    converged: bool,
}

impl FittedLasso {
    /// False if coordinate descent stopped at `max_iter` before reaching the tolerance: raise
    /// `max_iter` or scale the features.
    pub fn converged(&self) -> bool {
        self.converged
    }

    fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("alpha", format_number(self.alpha)),
            ("converged", converged_text(self.converged)),
        ]
    }
}

penalised_model!(FittedLasso, "Lasso", "Lasso regression");

/// A fitted elastic net: intercept, one coefficient per feature, R² on the training data, and
/// whether coordinate descent converged.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [1.0, 2.0, 3.0, 4.0]).unwrap();
/// let model = ElasticNet::new(0.01, 0.5).fit(&df, &["x"], "y").unwrap();
/// let c = model.coefficient("x").unwrap();
/// assert!(c > 0.9 && c < 1.0); // shrunk a little
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedElasticNet {
    fit: LinearFit,
    alpha: f64,
    l1_ratio: f64,
    converged: bool,
}

impl FittedElasticNet {
    /// False if coordinate descent stopped at `max_iter` before reaching the tolerance: raise
    /// `max_iter` or scale the features.
    pub fn converged(&self) -> bool {
        self.converged
    }

    fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("alpha", format_number(self.alpha)),
            ("l1_ratio", format_number(self.l1_ratio)),
            ("converged", converged_text(self.converged)),
        ]
    }
}

penalised_model!(FittedElasticNet, "ElasticNet", "Elastic net regression");

fn converged_text(converged: bool) -> String {
    if converged {
        "yes".to_string()
    } else {
        "no: raise max_iter or scale the features".to_string()
    }
}

impl Penalised for Ridge {
    fn with_alpha(&self, alpha: f64) -> Ridge {
        Ridge { alpha }
    }

    fn l1_ratio(&self) -> f64 {
        0.0
    }

    fn path_point(fitted: &FittedRidge) -> (Vec<f64>, f64) {
        (fitted.fit.coefficients.clone(), fitted.fit.r2)
    }
}

impl Penalised for Lasso {
    fn with_alpha(&self, alpha: f64) -> Lasso {
        Lasso {
            alpha,
            ..self.clone()
        }
    }

    fn l1_ratio(&self) -> f64 {
        1.0
    }

    fn path_point(fitted: &FittedLasso) -> (Vec<f64>, f64) {
        (fitted.fit.coefficients.clone(), fitted.fit.r2)
    }
}

impl Penalised for ElasticNet {
    fn with_alpha(&self, alpha: f64) -> ElasticNet {
        ElasticNet {
            alpha,
            ..self.clone()
        }
    }

    fn l1_ratio(&self) -> f64 {
        self.l1_ratio
    }

    fn path_point(fitted: &FittedElasticNet) -> (Vec<f64>, f64) {
        (fitted.fit.coefficients.clone(), fitted.fit.r2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_features() -> DataFrame {
        df!(
            "a" => [1.0, 2.0, 3.0, 4.0, 5.0],
            "b" => [2.0, 1.0, 4.0, 3.0, 6.0],
            "y" => [3.0, 4.0, 8.0, 9.0, 14.0],
        )
        .unwrap()
    }

    #[test]
    fn ridge_matches_the_closed_form_by_hand() {
        // Centred data: a − 3 = (−2,−1,0,1,2), b − 3.2 = (−1.2,−2.2,0.8,−0.2,2.8),
        // y − 7.6 = (−4.6,−3.6,0.4,1.4,6.4).
        // Saa = 10, Sab = 2.4+2.2+0−0.2+5.6 = 10, Sbb = 1.44+4.84+0.64+0.04+7.84 = 14.8,
        // Say = 9.2+3.6+0+1.4+12.8 = 27, Sby = 5.52+7.92+0.32−0.28+17.92 = 31.4.
        // alpha = 1: [[11, 10], [10, 15.8]] w = [27, 31.4]; det = 173.8 − 100 = 73.8.
        let det: f64 = 11.0 * 15.8 - 10.0 * 10.0;
        let wa = (27.0 * 15.8 - 10.0 * 31.4) / det;
        let wb = (11.0 * 31.4 - 10.0 * 27.0) / det;
        let b0 = 7.6 - 3.0 * wa - 3.2 * wb;
        let m = Ridge::new(1.0)
            .fit(&two_features(), &["a", "b"], "y")
            .unwrap();
        assert!((m.coefficient("a").unwrap() - wa).abs() < 1e-10);
        assert!((m.coefficient("b").unwrap() - wb).abs() < 1e-10);
        assert!((m.intercept() - b0).abs() < 1e-10);
        let p = m
            .predict(&df!("a" => [0.0], "b" => [0.0]).unwrap())
            .unwrap();
        assert!((p.f64().unwrap().get(0).unwrap() - b0).abs() < 1e-10);
        assert_eq!(
            m.coefficients().get_column_names(),
            ["feature", "coefficient"]
        );
        assert_eq!(FittedRidge::kind(), "Ridge");
    }

    #[test]
    fn lasso_with_a_large_alpha_zeroes_everything() {
        // alpha ≥ max|Xcᵀyc|/n = 31.4 / 5 = 6.28 sets every coefficient to 0.
        let m = Lasso::new(6.5)
            .fit(&two_features(), &["a", "b"], "y")
            .unwrap();
        assert_eq!(m.coefficient("a").unwrap(), 0.0);
        assert_eq!(m.coefficient("b").unwrap(), 0.0);
        assert!((m.intercept() - 7.6).abs() < 1e-12);
        assert!(m.converged());
    }

    #[test]
    fn lasso_soft_thresholds_one_feature() {
        // One centred feature: w = S(Σxy, nα) / Σx². x − 3 = (−2..2), Σx² = 10, y = 2x + 1,
        // Σxy = 20, n = 5, α = 1: w = (20 − 5) / 10 = 1.5; intercept = 7 − 3·1.5 = 2.5.
        let df = df!("x" => [1.0, 2.0, 3.0, 4.0, 5.0], "y" => [3.0, 5.0, 7.0, 9.0, 11.0]).unwrap();
        let m = Lasso::new(1.0).fit(&df, &["x"], "y").unwrap();
        assert!((m.coefficient("x").unwrap() - 1.5).abs() < 1e-9);
        assert!((m.intercept() - 2.5).abs() < 1e-9);
    }

    #[test]
    fn elastic_net_mixes_both_penalties_by_hand() {
        // Same data: w = S(20, nα·r) / (Σx² + nα(1 − r)) with α = 1, r = 0.5:
        // (20 − 2.5) / (10 + 2.5) = 1.4.
        let df = df!("x" => [1.0, 2.0, 3.0, 4.0, 5.0], "y" => [3.0, 5.0, 7.0, 9.0, 11.0]).unwrap();
        let m = ElasticNet::new(1.0, 0.5).fit(&df, &["x"], "y").unwrap();
        assert!((m.coefficient("x").unwrap() - 1.4).abs() < 1e-9);
        assert!((m.intercept() - (7.0 - 3.0 * 1.4)).abs() < 1e-9);
        assert!(m.mime_bundle()[0].1.contains("l1_ratio"));
    }

    #[test]
    fn bad_input_is_explained() {
        let df = two_features();
        let err = Ridge::new(-1.0)
            .fit(&df, &["a"], "y")
            .unwrap_err()
            .to_string();
        assert!(err.contains("alpha"), "{err}");
        assert!(Lasso::new(0.0).fit(&df, &["a"], "y").is_err());
        let err = ElasticNet::new(1.0, -0.1)
            .fit(&df, &["a"], "y")
            .unwrap_err();
        assert!(err.to_string().contains("l1_ratio"));
        assert!(
            Lasso::new(1.0)
                .tolerance(0.0)
                .fit(&df, &["a"], "y")
                .is_err()
        );
        let nan = df!("x" => [1.0, f64::NAN, 3.0], "y" => [1.0, 2.0, 3.0]).unwrap();
        assert!(
            Ridge::new(1.0)
                .fit(&nan, &["x"], "y")
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
        let one = df!("x" => [1.0], "y" => [1.0]).unwrap();
        assert!(Lasso::new(1.0).fit(&one, &["x"], "y").is_err());
        let m = Ridge::new(1.0).fit(&df, &["a"], "y").unwrap();
        assert!(m.predict(&df!("z" => [1.0]).unwrap()).is_err());
        assert!(m.coefficient("zz").is_err());
    }

    #[test]
    fn saves_and_loads() {
        let m = Lasso::new(0.1)
            .fit(&two_features(), &["a", "b"], "y")
            .unwrap();
        let path = std::env::temp_dir().join(format!("sdia-lasso-{}.json", std::process::id()));
        crate::learn::save_model(&m, &path).unwrap();
        let back: FittedLasso = crate::learn::load_model(&path).unwrap();
        // serde_json may change the last digit of a float.
        assert!((back.r2() - m.r2()).abs() < 1e-12);
        assert!((back.coefficient("a").unwrap() - m.coefficient("a").unwrap()).abs() < 1e-12);
        std::fs::remove_file(&path).unwrap();
    }
}
