//! Regularisation paths (scikit-learn's `lasso_path` / `enet_path`, and a loop of `Ridge` fits):
//! each coefficient of a penalised regression as the penalty `alpha` grows, to see which
//! features the model keeps longest and where the coefficients settle.

use super::linmodels_common::centre_columns;
use super::regularized::training_data;
use crate::clean::titled_frame;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::learn::{Estimator, FeatureSchema};
use crate::plot::{Plot, XyChart};
use polars::prelude::*;

/// A penalised regression whose penalty can be varied: [`Ridge`](super::Ridge),
/// [`Lasso`](super::Lasso), [`ElasticNet`](super::ElasticNet).
pub trait Penalised: Estimator {
    /// The same model (same other settings) with penalty `alpha`.
    fn with_alpha(&self, alpha: f64) -> Self;
    /// The share of the L1 penalty: 0 for ridge, 1 for lasso, `l1_ratio` for an elastic net.
    fn l1_ratio(&self) -> f64;
    /// The fitted coefficients, in the order of the features, and R² on the training data.
    fn path_point(fitted: &Self::Fitted) -> (Vec<f64>, f64);
    /// The data the penalty applies to, from which [`alpha_grid`] computes its grid: `df`
    /// itself, or the scaled features of a [`Pipeline`](crate::selection::Pipeline).
    fn data_for_grid<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<DataFrame> {
        let _ = (features, target);
        Ok(df.clone())
    }
}

/// The coefficients of one model fitted at each penalty of a path.
#[derive(Debug, Clone, PartialEq)]
pub struct RegularizationPath {
    /// The penalties, in the order they were given.
    pub alphas: Vec<f64>,
    /// The features, in the order they were given.
    pub features: Vec<String>,
    /// `coefficients[i][j]`: the coefficient of feature `j` at `alphas[i]`.
    pub coefficients: Vec<Vec<f64>>,
    /// R² on the training data at each penalty.
    pub r2: Vec<f64>,
    /// The model's name, for titles.
    pub model: String,
}

impl RegularizationPath {
    /// One row per penalty: `alpha`, one column per feature (its coefficient), `nonzero` (how
    /// many coefficients are not 0) and `r2`.
    pub fn table(&self) -> DataFrame {
        let mut columns = vec![Column::new("alpha".into(), self.alphas.clone())];
        for (j, feature) in self.features.iter().enumerate() {
            let values: Vec<f64> = self.coefficients.iter().map(|row| row[j]).collect();
            columns.push(Column::new(feature.as_str().into(), values));
        }
        let nonzero: Vec<u32> = self
            .coefficients
            .iter()
            .map(|row| row.iter().filter(|c| **c != 0.0).count() as u32)
            .collect();
        columns.push(Column::new("nonzero".into(), nonzero));
        columns.push(Column::new("r2".into(), self.r2.clone()));
        DataFrame::new(self.alphas.len(), columns).unwrap_or_default()
    }

    /// The coefficients at `alpha` (one of [`alphas`](Self::alphas)), as (feature,
    /// coefficient) pairs; an error listing the penalties otherwise.
    pub fn coefficients_at(&self, alpha: f64) -> Result<Vec<(String, f64)>> {
        let i = self
            .alphas
            .iter()
            .position(|a| *a == alpha)
            .ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "{alpha} is not a penalty of this path; its penalties are {:?}",
                    self.alphas
                ))
            })?;
        Ok(self
            .features
            .iter()
            .cloned()
            .zip(self.coefficients[i].iter().copied())
            .collect())
    }

    /// For each feature, the largest penalty at which its coefficient is not 0 (`None` if it
    /// is 0 all along): the features a lasso keeps longest come first, as a table `feature`,
    /// `last_alpha`.
    pub fn entry_order(&self) -> DataFrame {
        let mut rows: Vec<(String, Option<f64>)> = self
            .features
            .iter()
            .enumerate()
            .map(|(j, feature)| {
                let last = self
                    .alphas
                    .iter()
                    .zip(&self.coefficients)
                    .filter(|(_, row)| row[j] != 0.0)
                    .map(|(a, _)| *a)
                    .reduce(f64::max);
                (feature.clone(), last)
            })
            .collect();
        rows.sort_by(|a, b| {
            b.1.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&a.1.unwrap_or(f64::NEG_INFINITY))
        });
        let (features, last): (Vec<String>, Vec<Option<f64>>) = rows.into_iter().unzip();
        DataFrame::new(
            features.len(),
            vec![
                Column::new("feature".into(), features),
                Column::new("last_alpha".into(), last),
            ],
        )
        .unwrap_or_default()
    }

    /// Each coefficient against log₁₀(alpha): one line per feature.
    pub fn plot(&self) -> Result<Plot> {
        let mut chart = XyChart::new();
        for (j, feature) in self.features.iter().enumerate() {
            let points: Vec<(f64, f64)> = self
                .alphas
                .iter()
                .zip(&self.coefficients)
                .map(|(a, row)| (a.log10(), row[j]))
                .collect();
            chart = chart.line(feature, &points);
        }
        chart.plot(
            &format!("Regularisation path ({})", self.model),
            "log10(alpha)",
            "coefficient",
        )
    }
}

impl RichDisplay for RegularizationPath {
    fn mime_bundle(&self) -> MimeBundle {
        titled_frame(
            &format!("Regularisation path ({})", self.model),
            &self.table(),
            ".plot() draws the coefficients against log10(alpha); .entry_order() ranks the features",
        )
    }
}

/// Fits `estimator` at each penalty of `alphas` (each > 0) on the same data and records its
/// coefficients: scikit-learn's `lasso_path` / `enet_path` (with the intercept fitted), or
/// `Ridge(alpha)` fitted in a loop. [`alpha_grid`] gives scikit-learn's default penalties
/// for a lasso or an elastic net.
///
/// ```
/// use sdia::prelude::*;
///
/// // y depends on a strongly, on b weakly, not on c.
/// let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
/// let b = [1.0, -1.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5];
/// let c = [0.3, 0.1, -0.2, 0.4, -0.1, 0.0, 0.2, -0.3];
/// let y: Vec<f64> = (0..8).map(|i| 3.0 * a[i] + 0.5 * b[i]).collect();
/// let df = df!("a" => a, "b" => b, "c" => c, "y" => y).unwrap();
/// let path = regularization_path(&Lasso::default(), &df, &["a", "b", "c"], "y",
///                                &[10.0, 1.0, 0.01]).unwrap();
/// assert_eq!(path.table().height(), 3);
/// let order = path.entry_order();
/// assert_eq!(order.column("feature").unwrap().str().unwrap().get(0), Some("a"));
/// assert!(path.plot().is_ok());
/// ```
pub fn regularization_path<E, S>(
    estimator: &E,
    df: &DataFrame,
    features: &[S],
    target: &str,
    alphas: &[f64],
) -> Result<RegularizationPath>
where
    E: Penalised,
    S: AsRef<str>,
{
    let schema = FeatureSchema::new(df, features, Some(target))?;
    if alphas.is_empty() {
        return Err(SdiaError::InvalidInput(
            "no penalty given: pass the alphas, e.g. &alpha_grid(&model, &df, &features, \
             target, 50)? for a lasso, or &[0.01, 0.1, 1.0, 10.0, 100.0] for a ridge"
                .to_string(),
        ));
    }
    if let Some(a) = alphas.iter().find(|a| !(a.is_finite() && **a > 0.0)) {
        return Err(SdiaError::InvalidInput(format!(
            "the penalty {a} is not a positive number: every alpha must be > 0"
        )));
    }
    let mut coefficients = Vec::with_capacity(alphas.len());
    let mut r2 = Vec::with_capacity(alphas.len());
    let mut name = String::new();
    for &alpha in alphas {
        crate::interrupt::check()?;
        let fitted = estimator
            .with_alpha(alpha)
            .fit(df, features, target)
            .map_err(|e| SdiaError::InvalidInput(format!("at alpha = {alpha}: {e}")))?;
        name = crate::learn::Model::name(&fitted);
        let (coefs, score) = E::path_point(&fitted);
        coefficients.push(coefs);
        r2.push(score);
    }
    Ok(RegularizationPath {
        alphas: alphas.to_vec(),
        features: schema.features.clone(),
        coefficients,
        r2,
        model: name,
    })
}

/// scikit-learn's default penalties for a lasso or an elastic net (its `_alpha_grid`, used by
/// `lasso_path`, `LassoCV`, `ElasticNetCV`): `n` values from `alpha_max` down to
/// `alpha_max / 1000`, evenly spaced on a log scale, where `alpha_max` =
/// max_j |Σᵢ (xᵢⱼ − x̄ⱼ)(yᵢ − ȳ)| / (rows × l1_ratio) is the smallest penalty at which every
/// coefficient is 0. A ridge has no such penalty: give its alphas yourself.
///
/// ```
/// use sdia::prelude::*;
///
/// // x centred = (−1, 0, 1), y centred = (−2, 0, 2): alpha_max = |4| / 3.
/// let df = df!("x" => [1.0, 2.0, 3.0], "y" => [1.0, 3.0, 5.0]).unwrap();
/// let grid = alpha_grid(&Lasso::default(), &df, &["x"], "y", 4).unwrap();
/// assert!((grid[0] - 4.0 / 3.0).abs() < 1e-12);
/// assert!((grid[3] - 4.0 / 3000.0).abs() < 1e-12);
/// assert!(alpha_grid(&Ridge::default(), &df, &["x"], "y", 4).is_err());
/// ```
pub fn alpha_grid<E, S>(
    estimator: &E,
    df: &DataFrame,
    features: &[S],
    target: &str,
    n: usize,
) -> Result<Vec<f64>>
where
    E: Penalised,
    S: AsRef<str>,
{
    let l1_ratio = estimator.l1_ratio();
    if l1_ratio <= 0.0 {
        return Err(SdiaError::InvalidInput(
            "a ridge never sets a coefficient to 0, so it has no default grid of penalties: \
             give them, e.g. &[0.01, 0.1, 1.0, 10.0, 100.0]"
                .to_string(),
        ));
    }
    if n == 0 {
        return Err(SdiaError::InvalidInput(
            "a grid of 0 penalties: ask for at least 1 (scikit-learn's default is 100)".to_string(),
        ));
    }
    let data = estimator.data_for_grid(df, features, target)?;
    let (_, mut x, y) = training_data(&data, features, target)?;
    // Σᵢ (xᵢⱼ − x̄ⱼ)(yᵢ − ȳ) = Σᵢ (xᵢⱼ − x̄ⱼ) yᵢ: centring the features is enough.
    centre_columns(&mut x);
    let largest = x.t().dot(&y).iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let alpha_max = largest / (y.len() as f64 * l1_ratio);
    // numpy's float resolution, below which scikit-learn gives a constant grid (y does not
    // vary with any feature).
    const RESOLUTION: f64 = 1e-15;
    if alpha_max <= RESOLUTION {
        return Ok(vec![RESOLUTION; n]);
    }
    if n == 1 {
        return Ok(vec![alpha_max]);
    }
    let (top, bottom) = (alpha_max.log10(), (alpha_max * 1e-3).log10());
    Ok((0..n)
        .map(|i| 10f64.powf(top + (bottom - top) * i as f64 / (n - 1) as f64))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{ElasticNet, Lasso, Ridge};

    fn data() -> DataFrame {
        df!(
            "a" => [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            "b" => [0.5, -0.5, 1.0, -1.0, 0.0, 0.2],
            "y" => [2.1, 3.9, 6.2, 7.8, 10.1, 12.0]
        )
        .unwrap()
    }

    #[test]
    fn bad_penalties_are_refused_with_what_to_give() {
        let df = data();
        let empty = regularization_path(&Lasso::default(), &df, &["a", "b"], "y", &[]);
        assert!(empty.unwrap_err().to_string().contains("alpha_grid"));
        for bad in [0.0, -1.0, f64::NAN] {
            let err = regularization_path(&Ridge::default(), &df, &["a"], "y", &[1.0, bad])
                .unwrap_err()
                .to_string();
            assert!(err.contains("> 0"), "{err}");
        }
        let missing = regularization_path(&Ridge::default(), &df, &["nope"], "y", &[1.0]);
        assert!(missing.unwrap_err().to_string().contains("nope"));
        assert!(alpha_grid(&Lasso::default(), &df, &["a"], "y", 0).is_err());
    }

    #[test]
    fn an_elastic_net_grid_is_the_lasso_grid_over_l1_ratio() {
        let df = data();
        let lasso = alpha_grid(&Lasso::default(), &df, &["a", "b"], "y", 5).unwrap();
        let enet = alpha_grid(&ElasticNet::new(1.0, 0.25), &df, &["a", "b"], "y", 5).unwrap();
        for (l, e) in lasso.iter().zip(&enet) {
            assert!((e - 4.0 * l).abs() < 1e-12 * e, "{l} {e}");
        }
        // Decreasing, by a constant ratio of 1000^(1/4).
        let ratio = 1000f64.powf(0.25);
        for pair in lasso.windows(2) {
            assert!((pair[0] / pair[1] - ratio).abs() < 1e-9);
        }
    }

    #[test]
    fn a_pipeline_path_is_the_path_of_the_model_on_scaled_features() {
        use crate::selection::{Pipeline, Scaler};
        let df = data();
        let scaled = Scaler::standard(&["a", "b"]).fit_transform(&df).unwrap();
        let pipeline = Pipeline::new(Scaler::standard(&[]), Lasso::default());
        let grid = alpha_grid(&pipeline, &df, &["a", "b"], "y", 6).unwrap();
        assert_eq!(
            grid,
            alpha_grid(&Lasso::default(), &scaled, &["a", "b"], "y", 6).unwrap()
        );
        let through = regularization_path(&pipeline, &df, &["a", "b"], "y", &grid).unwrap();
        let direct =
            regularization_path(&Lasso::default(), &scaled, &["a", "b"], "y", &grid).unwrap();
        for (p, d) in through
            .coefficients
            .iter()
            .flatten()
            .zip(direct.coefficients.iter().flatten())
        {
            assert!((p - d).abs() < 1e-9, "{p} {d}");
        }
        assert_eq!(through.model, "StandardScaler + Lasso");
    }

    #[test]
    fn the_path_keeps_the_given_order_and_each_point_is_the_model_at_that_alpha() {
        let df = data();
        let alphas = [0.01, 3.0, 0.5];
        let path = regularization_path(&Lasso::default(), &df, &["a", "b"], "y", &alphas).unwrap();
        assert_eq!(path.alphas, alphas);
        for (i, alpha) in alphas.iter().enumerate() {
            let alone = Lasso::new(*alpha).fit(&df, &["a", "b"], "y").unwrap();
            assert_eq!(path.coefficients[i][0], alone.coefficient("a").unwrap());
            assert_eq!(path.coefficients[i][1], alone.coefficient("b").unwrap());
            assert_eq!(path.r2[i], alone.r2());
        }
        let at = path.coefficients_at(3.0).unwrap();
        assert_eq!(at[0].0, "a");
        assert!(path.coefficients_at(7.0).is_err());
        let table = path.table();
        let names: Vec<String> = table
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, ["alpha", "a", "b", "nonzero", "r2"]);
    }
}
