//! k-means (scikit-learn's `KMeans`): k-means++ seeding or given initial centres, Lloyd's
//! iterations on the cores, the best of `n_init` runs; labels, centres, sizes, inertia, and the
//! cluster of new rows.

use super::common::{check_k, cluster_series, row_major, training_matrix};
use super::lloyd::{nearest, plus_plus, run};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::interrupt::Steps;
use crate::learn::{FeatureSchema, feature_matrix};
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};

/// The parameters of k-means: the number of clusters `k`, the seed, the number of runs from
/// different seedings (the best inertia wins), the iteration limit and the tolerance (on the
/// squared movement of the centres, relative to the mean variance of the features, as in
/// scikit-learn).
///
/// Defaults follow scikit-learn ≥ 1.4: `seed(42)`, `n_init(1)` (what `n_init="auto"` means
/// with k-means++), `max_iter(300)`, `tolerance(1e-4)`. k-means uses Euclidean distances:
/// standardise features measured on different scales first.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [0.0, 0.1, 0.2, 10.0, 10.1, 10.2],
///              "y" => [0.0, 0.1, 0.0, 5.0, 5.1, 5.0]).unwrap();
/// let model = KMeans::new(2).seed(7).fit(&df, &["x", "y"]).unwrap();
/// let labels = model.labels();
/// assert_eq!(labels.name().as_str(), "cluster");
/// let l: Vec<i64> = labels.i64().unwrap().into_no_null_iter().collect();
/// assert!(l[0] == l[1] && l[1] == l[2] && l[3] == l[4] && l[0] != l[3]);
/// assert!(model.inertia() < 0.1);
/// assert!(KMeans::new(7).fit(&df, &["x", "y"]).is_err()); // 7 clusters, 6 rows
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct KMeans {
    k: usize,
    seed: u64,
    n_init: usize,
    max_iter: usize,
    tolerance: f64,
    init: Option<DataFrame>,
}

impl KMeans {
    /// k-means with `k` clusters and the default settings.
    pub fn new(k: usize) -> KMeans {
        KMeans {
            k,
            seed: 42,
            n_init: 1,
            max_iter: 300,
            tolerance: 1e-4,
            init: None,
        }
    }

    /// The seed of the k-means++ seeding (default 42): the same seed gives the same clusters.
    pub fn seed(mut self, seed: u64) -> KMeans {
        self.seed = seed;
        self
    }

    /// The number of runs from different seedings; the one of lowest inertia is kept
    /// (default 1; 10 was scikit-learn's default before 1.4).
    pub fn n_init(mut self, n_init: usize) -> KMeans {
        self.n_init = n_init;
        self
    }

    /// The maximum number of Lloyd iterations of a run (default 300).
    pub fn max_iter(mut self, max_iter: usize) -> KMeans {
        self.max_iter = max_iter;
        self
    }

    /// A run stops when the centres move less than this (squared, summed, relative to the
    /// mean variance of the features; default 1e-4).
    pub fn tolerance(mut self, tolerance: f64) -> KMeans {
        self.tolerance = tolerance;
        self
    }

    /// Starts from these centres instead of a k-means++ seeding (scikit-learn's `init=array`):
    /// one row per cluster, with a column for each feature (other columns, such as the
    /// `cluster` column of [`FittedKMeans::centers`], are ignored). There is then one run
    /// whatever [`n_init`](Self::n_init) says, as in scikit-learn: the same start gives the same
    /// result.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [0.0, 1.0, 2.0, 10.0, 11.0, 12.0]).unwrap();
    /// let start = df!("x" => [5.0, 20.0]).unwrap();
    /// let model = KMeans::new(2).init(&start).fit(&df, &["x"]).unwrap();
    /// let centers = model.centers();
    /// let xs: Vec<f64> = centers.column("x").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert_eq!(xs, [1.0, 11.0]); // cluster 0 grew from the centre at 5, cluster 1 from 20
    /// // The centres of a fit can start another one, on new data for instance.
    /// let again = KMeans::new(2).init(&centers).fit(&df, &["x"]).unwrap();
    /// assert_eq!(again.centers(), centers);
    /// // As many centres as clusters, with every feature.
    /// assert!(KMeans::new(3).init(&start).fit(&df, &["x"]).is_err());
    /// ```
    pub fn init(mut self, centers: &DataFrame) -> KMeans {
        self.init = Some(centers.clone());
        self
    }

    /// Finds `k` clusters in the rows of `df`, using the numeric columns `features`.
    pub fn fit<S: AsRef<str>>(&self, df: &DataFrame, features: &[S]) -> Result<FittedKMeans> {
        // The work is in a non-generic function: compiled (optimised) in the library, not in
        // the notebook cell that calls `fit`.
        self.fit_named(df, &crate::learn::feature_names(features))
    }

    fn fit_named(&self, df: &DataFrame, features: &[String]) -> Result<FittedKMeans> {
        let (schema, x) = training_matrix(df, features, "KMeans")?;
        let (n, p) = x.dim();
        check_k(self.k, n, "clusters", "KMeans")?;
        if self.n_init == 0 || self.max_iter == 0 {
            return Err(SdiaError::InvalidInput(
                "KMeans needs n_init ≥ 1 and max_iter ≥ 1".to_string(),
            ));
        }
        if !(self.tolerance.is_finite() && self.tolerance >= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "KMeans tolerance must be a number ≥ 0, got {}",
                self.tolerance
            )));
        }
        let data = row_major(&x);
        // scikit-learn's tolerance is relative to the mean variance of the features.
        let mean_variance = x.var_axis(ndarray::Axis(0), 0.0).mean().unwrap_or(0.0);
        let tol = self.tolerance * mean_variance;
        let given = match &self.init {
            Some(init) => Some(self.initial_centers(init, features)?),
            None => None,
        };
        let runs = if given.is_some() { 1 } else { self.n_init };
        let mut rng = Xoshiro256Plus::seed_from_u64(self.seed);
        let steps = Steps::new(runs);
        let mut best: Option<super::lloyd::Run> = None;
        for _ in 0..runs {
            let start = match &given {
                Some(centers) => centers.clone(),
                None => plus_plus(&data, n, p, self.k, &mut rng),
            };
            let r = run(&data, n, p, self.k, start, self.max_iter, tol)?;
            if best.as_ref().is_none_or(|b| r.inertia < b.inertia) {
                best = Some(r);
            }
            steps.advance()?;
        }
        steps.finish();
        let best = best.ok_or_else(|| SdiaError::InvalidInput("KMeans made no run".into()))?;
        let mut sizes = vec![0usize; self.k];
        for &l in &best.labels {
            sizes[l] += 1;
        }
        Ok(FittedKMeans {
            schema,
            k: self.k,
            centers: best.centers,
            labels: best.labels.iter().map(|&l| l as i64).collect(),
            sizes,
            inertia: best.inertia,
            n_iter: best.n_iter,
        })
    }
}

impl KMeans {
    /// The centres given to [`init`](KMeans::init), row-major, checked against `k` and the
    /// features.
    fn initial_centers(&self, init: &DataFrame, features: &[String]) -> Result<Vec<f64>> {
        let matrix = feature_matrix(init, features).map_err(|e| {
            SdiaError::InvalidInput(format!(
                "the initial centres given to KMeans::init need a numeric column for each \
                 feature ({}), without missing values: {e}",
                features.join(", ")
            ))
        })?;
        if matrix.nrows() != self.k {
            return Err(SdiaError::InvalidInput(format!(
                "KMeans::new({}) needs {} initial centres, one per cluster, but the frame given \
                 to init has {} row(s)",
                self.k,
                self.k,
                matrix.nrows()
            )));
        }
        Ok(row_major(&matrix).into_owned())
    }
}

/// A fitted k-means: the centres, the cluster of each training row, the cluster sizes and the
/// inertia (sum of squared distances of the rows to their centre).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedKMeans {
    schema: FeatureSchema,
    k: usize,
    centers: Vec<f64>,
    labels: Vec<i64>,
    sizes: Vec<usize>,
    inertia: f64,
    n_iter: usize,
}

impl FittedKMeans {
    /// The cluster (0 … k−1) of each training row, as an `i64` series named `cluster`.
    pub fn labels(&self) -> Series {
        cluster_series(&self.labels)
    }

    /// The cluster of each row of `df` (the nearest centre), as a series named `cluster`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [0.0, 0.2, 9.8, 10.0]).unwrap();
    /// let model = KMeans::new(2).fit(&df, &["x"]).unwrap();
    /// let new = model.predict(&df!("x" => [0.1, 9.0]).unwrap()).unwrap();
    /// let train = model.labels();
    /// assert_eq!(new.i64().unwrap().get(0), train.i64().unwrap().get(0));
    /// assert_eq!(new.i64().unwrap().get(1), train.i64().unwrap().get(3));
    /// ```
    pub fn predict(&self, df: &DataFrame) -> Result<Series> {
        let x = self.schema.matrix(df)?;
        let p = self.schema.features.len();
        let labels: Vec<i64> = row_major(&x)
            .chunks_exact(p)
            .map(|row| nearest(row, &self.centers, p).0 as i64)
            .collect();
        Ok(cluster_series(&labels))
    }

    /// The inertia: sum of squared distances of the training rows to their centre.
    pub fn inertia(&self) -> f64 {
        self.inertia
    }

    /// The number of Lloyd iterations of the kept run.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    /// The centres: a `cluster` column, then one column per feature.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [0.0, 2.0, 10.0, 12.0]).unwrap();
    /// let centers = KMeans::new(2).fit(&df, &["x"]).unwrap().centers();
    /// let mut xs: Vec<f64> = centers.column("x").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// xs.sort_by(f64::total_cmp);
    /// assert_eq!(xs, [1.0, 11.0]);
    /// ```
    pub fn centers(&self) -> DataFrame {
        let p = self.schema.features.len();
        let mut columns = vec![Column::new(
            "cluster".into(),
            (0..self.k as i64).collect::<Vec<i64>>(),
        )];
        for (j, f) in self.schema.features.iter().enumerate() {
            let values: Vec<f64> = (0..self.k).map(|c| self.centers[c * p + j]).collect();
            columns.push(Column::new(f.as_str().into(), values));
        }
        DataFrame::new(self.k, columns).unwrap_or_default()
    }

    /// The number of training rows in each cluster: columns `cluster`, `size`.
    pub fn sizes(&self) -> DataFrame {
        DataFrame::new(
            self.k,
            vec![
                Column::new("cluster".into(), (0..self.k as i64).collect::<Vec<i64>>()),
                Column::new(
                    "size".into(),
                    self.sizes.iter().map(|&s| s as u64).collect::<Vec<u64>>(),
                ),
            ],
        )
        .unwrap_or_default()
    }

    /// The labels of the training rows, as numbers.
    pub(crate) fn label_values(&self) -> &[i64] {
        &self.labels
    }

    /// The columns the model was fitted on.
    pub fn schema(&self) -> &FeatureSchema {
        &self.schema
    }
}

impl RichDisplay for FittedKMeans {
    fn mime_bundle(&self) -> MimeBundle {
        let sizes: Vec<String> = self.sizes.iter().map(|s| s.to_string()).collect();
        let rows: Vec<(&str, String)> = vec![
            ("features", self.schema.features.join(", ")),
            ("clusters", self.k.to_string()),
            ("sizes", sizes.join(", ")),
            ("inertia", format_number(self.inertia)),
            ("iterations", self.n_iter.to_string()),
        ];
        summary_bundle("k-means", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two blobs of 4 points around (0, 0) and (10, 10).
    pub(crate) fn blobs() -> DataFrame {
        df!(
            "x" => [0.0, 1.0, 0.0, 1.0, 10.0, 11.0, 10.0, 11.0],
            "y" => [0.0, 0.0, 1.0, 1.0, 10.0, 10.0, 11.0, 11.0],
        )
        .unwrap()
    }

    #[test]
    fn finds_two_blobs() {
        let m = KMeans::new(2).fit(&blobs(), &["x", "y"]).unwrap();
        let l: Vec<i64> = m.labels().i64().unwrap().into_no_null_iter().collect();
        assert!(l[..4].iter().all(|&v| v == l[0]));
        assert!(l[4..].iter().all(|&v| v == l[4]));
        assert_ne!(l[0], l[4]);
        // Each blob: centre (0.5, 0.5) + offset, 4 points at squared distance 0.5 → 2 per blob.
        assert!((m.inertia() - 4.0).abs() < 1e-9);
        let sizes = m.sizes();
        assert_eq!(sizes.column("size").unwrap().u64().unwrap().get(0), Some(4));
        let centers = m.centers();
        let xs: Vec<f64> = centers
            .column("x")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert!(xs.contains(&0.5) && xs.contains(&10.5));
        let p = m
            .predict(&df!("x" => [0.2], "y" => [0.3]).unwrap())
            .unwrap();
        assert_eq!(p.i64().unwrap().get(0), Some(l[0]));
        assert!(m.mime_bundle()[0].1.contains("inertia"));
    }

    #[test]
    fn blobs_score_as_expected_against_the_truth() {
        use crate::cluster::{adjusted_rand_score, davies_bouldin_score, silhouette_score};
        // Unit squares with centres 10√2 apart: Davies–Bouldin = 2·√0.5 / (10√2) = 0.1 by hand.
        let df = blobs();
        let truth = Series::new("truth".into(), ["a", "a", "a", "a", "b", "b", "b", "b"]);
        let labels = KMeans::new(2).fit(&df, &["x", "y"]).unwrap().labels();
        assert_eq!(adjusted_rand_score(&truth, &labels).unwrap(), 1.0);
        assert!(silhouette_score(&df, &["x", "y"], &labels).unwrap() > 0.9);
        let db = davies_bouldin_score(&df, &["x", "y"], &labels).unwrap();
        assert!((db - 0.1).abs() < 1e-12, "{db}");
    }

    #[test]
    fn same_seed_same_result_and_more_inits_never_worse() {
        let df = df!("x" => (0..50).map(|i| ((i * 37) % 50) as f64).collect::<Vec<_>>()).unwrap();
        let a = KMeans::new(3).seed(1).fit(&df, &["x"]).unwrap();
        let b = KMeans::new(3).seed(1).fit(&df, &["x"]).unwrap();
        assert_eq!(a, b);
        let c = KMeans::new(3).seed(1).n_init(5).fit(&df, &["x"]).unwrap();
        assert!(c.inertia() <= a.inertia() + 1e-9);
    }

    #[test]
    fn bad_input_is_explained() {
        let df = blobs();
        assert!(
            KMeans::new(0)
                .fit(&df, &["x"])
                .unwrap_err()
                .to_string()
                .contains("got 0")
        );
        let err = KMeans::new(9).fit(&df, &["x"]).unwrap_err().to_string();
        assert!(err.contains('9') && err.contains('8'), "{err}");
        assert!(KMeans::new(2).n_init(0).fit(&df, &["x"]).is_err());
        assert!(KMeans::new(2).tolerance(f64::NAN).fit(&df, &["x"]).is_err());
        let nan = df!("x" => [1.0, f64::NAN]).unwrap();
        assert!(
            KMeans::new(1)
                .fit(&nan, &["x"])
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
        let empty = df!("x" => Vec::<f64>::new()).unwrap();
        assert!(
            KMeans::new(1)
                .fit(&empty, &["x"])
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        let m = KMeans::new(2).fit(&df, &["x"]).unwrap();
        assert!(m.predict(&df!("z" => [1.0]).unwrap()).is_err());
    }

    #[test]
    fn given_centres_start_the_one_run_and_bad_ones_are_explained() {
        let df = blobs();
        // Both starts near the first blob: Lloyd moves the far one to the second blob.
        let start = df!("y" => [0.0, 3.0], "x" => [0.0, 3.0]).unwrap();
        let m = KMeans::new(2)
            .n_init(5)
            .init(&start)
            .fit(&df, &["x", "y"])
            .unwrap();
        let l: Vec<i64> = m.labels().i64().unwrap().into_no_null_iter().collect();
        assert_eq!(l, [0, 0, 0, 0, 1, 1, 1, 1]);
        assert!((m.inertia() - 4.0).abs() < 1e-9);
        // The seed plays no part when the start is given.
        let other = KMeans::new(2)
            .seed(99)
            .init(&start)
            .fit(&df, &["x", "y"])
            .unwrap();
        assert_eq!(other, m);
        let err = KMeans::new(3)
            .init(&start)
            .fit(&df, &["x", "y"])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("3 initial centres") && err.contains("2 row"),
            "{err}"
        );
        let err = KMeans::new(2)
            .init(&df!("x" => [0.0, 3.0]).unwrap())
            .fit(&df, &["x", "y"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("KMeans::init") && err.contains("'y'"), "{err}");
        let gap = df!("x" => [0.0, 3.0], "y" => [Some(0.0), None]).unwrap();
        let err = KMeans::new(2)
            .init(&gap)
            .fit(&df, &["x", "y"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing"), "{err}");
    }

    #[test]
    fn identical_rows_do_not_break_it() {
        let df = df!("x" => [1.0; 5]).unwrap();
        let m = KMeans::new(3).fit(&df, &["x"]).unwrap();
        assert_eq!(m.inertia(), 0.0);
        assert_eq!(m.labels().len(), 5);
    }
}
