//! Principal component analysis (scikit-learn's `PCA`): the directions of largest variance of
//! the centred features, from the eigen-decomposition of their covariance matrix.

use super::eigen::symmetric_eigen;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::learn::FeatureSchema;
use crate::numeric;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// The parameters of a PCA: the number of components to keep.
///
/// The features are centred, not scaled: a feature measured in larger units dominates the
/// components. Features on different scales should be standardised first (e.g. with a
/// standard scaler). The variances use `n − 1` in the denominator, as scikit-learn's
/// `explained_variance_`. Each component's sign is fixed so that its largest entry (in
/// absolute value) is positive, as scikit-learn ≥ 1.5 does (`svd_flip` on the components).
///
/// ```
/// use sdia::prelude::*;
///
/// // Points on the line y = x: one direction carries all the variance.
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [1.0, 2.0, 3.0, 4.0]).unwrap();
/// let pca = Pca::new(2).fit(&df, &["x", "y"]).unwrap();
/// assert!((pca.explained_variance_ratio()[0] - 1.0).abs() < 1e-12);
/// assert_eq!(pca.components_needed(0.95), 1);
/// let scores = pca.transform(&df).unwrap();
/// assert_eq!(scores.get_column_names(), ["PC1", "PC2"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pca {
    n_components: usize,
}

impl Pca {
    /// A PCA keeping `n_components` components (at most the number of features and of rows).
    pub fn new(n_components: usize) -> Pca {
        Pca { n_components }
    }

    /// Finds the principal components of the numeric columns `features` of `df`.
    pub fn fit<S: AsRef<str>>(&self, df: &DataFrame, features: &[S]) -> Result<FittedPca> {
        // The work is in a non-generic function: compiled (optimised) in the library, not in
        // the notebook cell that calls `fit`.
        self.fit_named(df, &crate::learn::feature_names(features))
    }

    fn fit_named(&self, df: &DataFrame, features: &[String]) -> Result<FittedPca> {
        let schema = FeatureSchema::new(df, features, None)?;
        if df.height() == 0 {
            return Err(SdiaError::Empty("the frame given to PCA".to_string()));
        }
        // The columns are read in place (no copy into a matrix), as scikit-learn's
        // `covariance_eigh` solver does with its array: one pass for the means and the
        // covariance, then a p × p eigen-decomposition.
        let columns = schema.columns_of(df)?;
        let slices = columns.slices();
        let (n, p) = (df.height(), slices.len());
        if n < 2 {
            return Err(SdiaError::NotEnoughData {
                what: "the frame given to PCA".to_string(),
                needed: 2,
                got: n,
            });
        }
        let k = self.n_components;
        if !(1..=p.min(n)).contains(&k) {
            return Err(SdiaError::InvalidInput(format!(
                "PCA was asked for {k} components but it can give between 1 and {} (the \
                 number of features, {p}, or of rows, {n}, whichever is smaller)",
                p.min(n)
            )));
        }
        let (mean, scatter) = numeric::means_and_scatter(&slices);
        // A NaN or infinite value makes the sums non-finite: only then is the data scanned for it.
        if !mean.iter().chain(&scatter).all(|v| v.is_finite()) {
            columns.check_finite()?;
        }
        let cov: Vec<f64> = scatter.iter().map(|v| v / (n - 1) as f64).collect();
        let total: f64 = (0..p).map(|i| cov[i * p + i]).sum();
        let (values, mut vectors) = symmetric_eigen(&cov, p);
        // Sign: the largest entry of each component (in absolute value) is positive.
        for r in 0..p {
            let row = &mut vectors[r * p..(r + 1) * p];
            let big = row
                .iter()
                .copied()
                .fold(0.0f64, |acc, v| if v.abs() > acc.abs() { v } else { acc });
            if big < 0.0 {
                row.iter_mut().for_each(|v| *v = -*v);
            }
        }
        let variances: Vec<f64> = values.iter().map(|v| v.max(0.0)).collect();
        let ratios: Vec<f64> = variances
            .iter()
            .map(|v| if total > 0.0 { v / total } else { 0.0 })
            .collect();
        vectors.truncate(k * p);
        Ok(FittedPca {
            schema,
            n_components: k,
            n_rows: n,
            mean,
            components: vectors,
            variances,
            ratios,
        })
    }
}

/// A fitted PCA: the means of the features, the components (unit vectors, one per component)
/// and the variance each explains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedPca {
    schema: FeatureSchema,
    n_components: usize,
    n_rows: usize,
    mean: Vec<f64>,
    /// `n_components × p`, row-major.
    components: Vec<f64>,
    /// The variance along every direction (all p of them), decreasing.
    variances: Vec<f64>,
    /// The share of the total variance along every direction (all p of them).
    ratios: Vec<f64>,
}

impl FittedPca {
    /// The coordinates of the rows of `df` on the components: a frame of the columns `PC1` …
    /// `PCk` only (no other column of `df`; add them back with `hstack` if needed).
    pub fn transform(&self, df: &DataFrame) -> Result<DataFrame> {
        let columns = self.schema.columns_of(df)?;
        let scores = numeric::project(
            &columns.slices(),
            &self.mean,
            &self.components,
            self.n_components,
        );
        // A NaN or infinite value in a row makes its scores non-finite: only then is the data
        // scanned for it.
        if scores.iter().any(|s| !numeric::sum(s).is_finite()) {
            columns.check_finite()?;
        }
        let columns: Vec<Column> = scores
            .into_iter()
            .zip(self.component_names())
            .map(|(v, name)| Float64Chunked::from_vec(name.into(), v).into_column())
            .collect();
        Ok(DataFrame::new(df.height(), columns)?)
    }

    /// The number of components kept.
    pub fn n_components(&self) -> usize {
        self.n_components
    }

    /// The variance explained by each kept component: columns `component` (`PC1`, …),
    /// `variance` (scikit-learn's `explained_variance_`, denominator n − 1), `ratio` (its share
    /// of the total variance of the features) and `cumulative` (the running sum of `ratio`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [-1.0, 1.0, 0.0, 0.0], "y" => [0.0, 0.0, -2.0, 2.0]).unwrap();
    /// let table = Pca::new(2).fit(&df, &["x", "y"]).unwrap().explained_variance();
    /// // Var(y) = 8 / 3 and Var(x) = 2 / 3: shares 0.8 and 0.2.
    /// let ratio: Vec<f64> = table.column("ratio").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert!((ratio[0] - 0.8).abs() < 1e-12 && (ratio[1] - 0.2).abs() < 1e-12);
    /// ```
    pub fn explained_variance(&self) -> DataFrame {
        let k = self.n_components;
        let mut cumulative = Vec::with_capacity(k);
        let mut acc = 0.0;
        for r in &self.ratios[..k] {
            acc += r;
            cumulative.push(acc);
        }
        DataFrame::new(
            k,
            vec![
                Column::new("component".into(), self.component_names()),
                Column::new("variance".into(), self.variances[..k].to_vec()),
                Column::new("ratio".into(), self.ratios[..k].to_vec()),
                Column::new("cumulative".into(), cumulative),
            ],
        )
        .unwrap_or_default()
    }

    /// The share of the total variance explained by each kept component (scikit-learn's
    /// `explained_variance_ratio_`).
    pub fn explained_variance_ratio(&self) -> Vec<f64> {
        self.ratios[..self.n_components].to_vec()
    }

    /// The components as a table: a `feature` column, then one column per component (`PC1`,
    /// …) holding its coefficients (scikit-learn's `components_`, transposed). A large
    /// coefficient, of either sign, means the feature weighs much in that component.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("a" => [1.0, 2.0, 3.0], "b" => [5.0, 5.0, 5.1]).unwrap();
    /// let loadings = Pca::new(1).fit(&df, &["a", "b"]).unwrap().loadings();
    /// assert_eq!(loadings.get_column_names(), ["feature", "PC1"]);
    /// assert!(loadings.column("PC1").unwrap().f64().unwrap().get(0).unwrap() > 0.99);
    /// ```
    pub fn loadings(&self) -> DataFrame {
        let p = self.mean.len();
        let mut columns = vec![Column::new("feature".into(), self.schema.features.clone())];
        for (c, name) in self.component_names().into_iter().enumerate() {
            columns.push(Column::new(
                name.into(),
                self.components[c * p..(c + 1) * p].to_vec(),
            ));
        }
        DataFrame::new(p, columns).unwrap_or_default()
    }

    /// The smallest number of components whose cumulative share of the variance reaches
    /// `threshold` (e.g. 0.95), counting every direction, not only the kept ones. A threshold
    /// above 1 gives the number of features.
    pub fn components_needed(&self, threshold: f64) -> usize {
        let mut acc = 0.0;
        for (i, r) in self.ratios.iter().enumerate() {
            acc += r;
            if acc >= threshold - 1e-12 {
                return i + 1;
            }
        }
        self.ratios.len()
    }

    /// The component coefficients of component `c` (0-based), one per feature.
    pub(crate) fn component(&self, c: usize) -> &[f64] {
        let p = self.mean.len();
        &self.components[c * p..(c + 1) * p]
    }

    pub(crate) fn component_names(&self) -> Vec<String> {
        (1..=self.n_components).map(|c| format!("PC{c}")).collect()
    }

    /// The share of variance of every direction (all features), decreasing.
    pub(crate) fn all_ratios(&self) -> &[f64] {
        &self.ratios
    }

    /// The columns the model was fitted on.
    pub fn schema(&self) -> &FeatureSchema {
        &self.schema
    }
}

impl RichDisplay for FittedPca {
    fn mime_bundle(&self) -> MimeBundle {
        let mut rows: Vec<(&str, String)> = vec![
            ("features", self.schema.features.join(", ")),
            ("rows", self.n_rows.to_string()),
        ];
        let names = self.component_names();
        let mut acc = 0.0;
        let texts: Vec<String> = (0..self.n_components)
            .map(|c| {
                acc += self.ratios[c];
                format!(
                    "variance {}, {:.1} % (cumulative {:.1} %)",
                    format_number(self.variances[c]),
                    100.0 * self.ratios[c],
                    100.0 * acc
                )
            })
            .collect();
        for (name, text) in names.iter().zip(texts) {
            rows.push((name.as_str(), text));
        }
        summary_bundle("PCA", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_the_diagonal() {
        let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [1.0, 2.0, 3.0, 4.0]).unwrap();
        let m = Pca::new(2).fit(&df, &["x", "y"]).unwrap();
        let r = m.explained_variance_ratio();
        assert!((r[0] - 1.0).abs() < 1e-12 && r[1].abs() < 1e-12);
        // Var(x) = Var(y) = 5/3, so the variance along (1, 1)/√2 is 10/3 (by hand).
        let t = m.explained_variance();
        let v = t.column("variance").unwrap().f64().unwrap().get(0).unwrap();
        assert!((v - 10.0 / 3.0).abs() < 1e-12);
        // PC1 = (1, 1)/√2, positive by the sign convention.
        let c = m.component(0);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((c[0] - s).abs() < 1e-12 && (c[1] - s).abs() < 1e-12);
        // Scores: (x − 2.5)·√2 for row x.
        let scores = m.transform(&df).unwrap();
        let pc1 = scores.column("PC1").unwrap().f64().unwrap().get(0).unwrap();
        assert!((pc1 + 1.5 * 2f64.sqrt()).abs() < 1e-12);
        assert!(m.mime_bundle()[0].1.contains("PC1"));
    }

    #[test]
    fn axis_aligned_variances_by_hand() {
        // x: −1, 1, 0, 0 (Var 2/3); y: 0, 0, −2, 2 (Var 8/3): PC1 is y, PC2 is x.
        let df = df!("x" => [-1.0, 1.0, 0.0, 0.0], "y" => [0.0, 0.0, -2.0, 2.0]).unwrap();
        let m = Pca::new(1).fit(&df, &["x", "y"]).unwrap();
        assert!((m.component(0)[1] - 1.0).abs() < 1e-12);
        assert_eq!(m.components_needed(0.8), 1);
        assert_eq!(m.components_needed(0.81), 2);
        let l = m.loadings();
        assert_eq!(l.height(), 2);
        assert_eq!(m.transform(&df).unwrap().width(), 1);
    }

    #[test]
    fn bad_input_is_explained() {
        let df = df!("x" => [1.0, 2.0, 3.0], "y" => [1.0, 0.0, 1.0]).unwrap();
        let err = Pca::new(3).fit(&df, &["x", "y"]).unwrap_err().to_string();
        assert!(err.contains('3') && err.contains('2'), "{err}");
        assert!(Pca::new(0).fit(&df, &["x"]).is_err());
        let one = df!("x" => [1.0]).unwrap();
        assert!(Pca::new(1).fit(&one, &["x"]).is_err());
        let nan = df!("x" => [1.0, f64::NAN]).unwrap();
        assert!(
            Pca::new(1)
                .fit(&nan, &["x"])
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
        let empty = df!("x" => Vec::<f64>::new()).unwrap();
        assert!(Pca::new(1).fit(&empty, &["x"]).is_err());
        let m = Pca::new(1).fit(&df, &["x", "y"]).unwrap();
        assert!(m.transform(&df!("x" => [1.0]).unwrap()).is_err());
    }
    /// Ten 3-D points, used for checks against scipy / scikit-learn 1.9.1.
    use crate::cluster::common::TEN;

    #[test]
    fn matches_scikit_learn_on_ten_points() {
        let df = df!(
            "a" => TEN.iter().map(|r| r[0]).collect::<Vec<_>>(),
            "b" => TEN.iter().map(|r| r[1]).collect::<Vec<_>>(),
            "c" => TEN.iter().map(|r| r[2]).collect::<Vec<_>>(),
        )
        .unwrap();
        let m = Pca::new(3).fit(&df, &["a", "b", "c"]).unwrap();
        // sklearn.decomposition.PCA(3).fit(X) (scikit-learn 1.9.1): explained_variance_ and
        // components_ (same sign convention).
        let variance = [9.258883346786543, 3.48940894117747, 0.5989299342582096];
        let components = [
            [0.6886782005338417, 0.7148884829973574, 0.12106524268842155],
            [
                0.6244704691113772,
                -0.49995458748747024,
                -0.6000683658201372,
            ],
            [0.3684548402685013, -0.48885567126501644, 0.7907345719991907],
        ];
        let t = m.explained_variance();
        let v: Vec<f64> = t
            .column("variance")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        for c in 0..3 {
            assert!((v[c] - variance[c]).abs() < 1e-9);
            for (j, expected) in components[c].iter().enumerate() {
                assert!((m.component(c)[j] - expected).abs() < 1e-9, "{c} {j}");
            }
        }
        let cumulative = t
            .column("cumulative")
            .unwrap()
            .f64()
            .unwrap()
            .get(2)
            .unwrap();
        assert!((cumulative - 1.0).abs() < 1e-12);
    }
}
