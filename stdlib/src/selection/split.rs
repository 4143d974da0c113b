//! One shuffled split of a frame into a training part and a test part (scikit-learn's
//! `train_test_split`), stratified on a class column when asked.

use super::classes::RowClasses;
use crate::clean::titled_frame;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::table::summary_bundle;
use polars::prelude::*;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256Plus;

/// A frame split in two: the rows to learn from and the rows to evaluate on.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1, 2, 3, 4, 5]).unwrap();
/// let split = train_test_split(&df, 0.4, 7).unwrap();
/// assert_eq!(split.train.height(), 3);
/// assert_eq!(split.test.height(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Split {
    /// The training rows (shuffled).
    pub train: DataFrame,
    /// The test rows (shuffled).
    pub test: DataFrame,
    strata: Option<Strata>,
}

/// How many rows of each class went to each part.
#[derive(Debug, Clone)]
struct Strata {
    column: String,
    classes: Vec<String>,
    train: Vec<usize>,
    test: Vec<usize>,
}

impl Split {
    /// When the split is stratified: one row per class with its rows and share in each part
    /// (the class, in a column named after the stratified column, then `train`,
    /// `train_share`, `test`, `test_share`); `None` otherwise.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("y" => ["a", "a", "a", "a", "b", "b", "b", "b"]).unwrap();
    /// let split = TrainTestSplit::new(0.5).stratify("y").split(&df).unwrap();
    /// let shares = split.class_shares().unwrap();
    /// assert_eq!(shares.column("test").unwrap().u64().unwrap().get(0), Some(2));
    /// assert!(train_test_split(&df, 0.5, 1).unwrap().class_shares().is_none());
    /// ```
    pub fn class_shares(&self) -> Option<DataFrame> {
        let s = self.strata.as_ref()?;
        let share = |counts: &[usize]| -> Vec<f64> {
            let total: usize = counts.iter().sum();
            counts
                .iter()
                .map(|&c| c as f64 / total.max(1) as f64)
                .collect()
        };
        let as_u64 = |counts: &[usize]| -> Vec<u64> { counts.iter().map(|&c| c as u64).collect() };
        DataFrame::new(
            s.classes.len(),
            vec![
                Column::new(s.column.as_str().into(), s.classes.clone()),
                Column::new("train".into(), as_u64(&s.train)),
                Column::new("train_share".into(), share(&s.train)),
                Column::new("test".into(), as_u64(&s.test)),
                Column::new("test_share".into(), share(&s.test)),
            ],
        )
        .ok()
    }
}

impl RichDisplay for Split {
    fn mime_bundle(&self) -> MimeBundle {
        let n = (self.train.height() + self.test.height()).max(1) as f64;
        let sizes = format!(
            "train: {} rows ({:.1}%), test: {} rows ({:.1}%)",
            self.train.height(),
            100.0 * self.train.height() as f64 / n,
            self.test.height(),
            100.0 * self.test.height() as f64 / n
        );
        match (self.class_shares(), &self.strata) {
            (Some(table), Some(s)) => titled_frame(
                &format!("Train/test split, stratified on '{}'", s.column),
                &table,
                &sizes,
            ),
            _ => summary_bundle(
                "Train/test split",
                &[
                    ("train rows", self.train.height().to_string()),
                    ("test rows", self.test.height().to_string()),
                    ("sizes", sizes),
                ],
            ),
        }
    }
}

/// Splits `df` into shuffled training and test parts: `ceil(rows × test_fraction)` test rows,
/// like scikit-learn, in an order fixed by `seed`. For a stratified split, see
/// [`TrainTestSplit`].
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => (0..10).collect::<Vec<i32>>()).unwrap();
/// let a = train_test_split(&df, 0.25, 42).unwrap();
/// assert_eq!(a.test.height(), 3); // ceil(10 × 0.25)
/// let b = train_test_split(&df, 0.25, 42).unwrap();
/// assert!(a.test.equals(&b.test)); // same seed, same split
/// assert!(train_test_split(&df, 1.5, 42).is_err());
/// ```
pub fn train_test_split(df: &DataFrame, test_fraction: f64, seed: u64) -> Result<Split> {
    TrainTestSplit::new(test_fraction).seed(seed).split(df)
}

/// The parameters of a train/test split: the test fraction, the seed (default 42) and an
/// optional class column to stratify on (each class keeps its share in both parts).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "x" => (0..10).collect::<Vec<i32>>(),
///     "y" => ["a", "a", "a", "a", "a", "a", "b", "b", "b", "b"],
/// ).unwrap();
/// let split = TrainTestSplit::new(0.5).seed(3).stratify("y").split(&df).unwrap();
/// let test_b = split.test.column("y").unwrap().str().unwrap()
///     .iter().filter(|v| *v == Some("b")).count();
/// assert_eq!(test_b, 2); // 4 "b" rows: half of them in the test part
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainTestSplit {
    test_fraction: f64,
    seed: u64,
    stratify: Option<String>,
}

impl TrainTestSplit {
    /// A split with this share of test rows (strictly between 0 and 1), seed 42, not
    /// stratified.
    pub fn new(test_fraction: f64) -> TrainTestSplit {
        TrainTestSplit {
            test_fraction,
            seed: 42,
            stratify: None,
        }
    }

    /// The seed of the shuffle: the same seed gives the same split.
    pub fn seed(mut self, seed: u64) -> TrainTestSplit {
        self.seed = seed;
        self
    }

    /// Keeps the share of each class of `column` (text, categories, integers or booleans) in
    /// both parts, with at least one row of each class in each part. Each class needs 2 rows.
    pub fn stratify(mut self, column: &str) -> TrainTestSplit {
        self.stratify = Some(column.to_string());
        self
    }

    /// Splits `df`. Errors: a test fraction outside (0, 1), fewer than 2 rows, an empty
    /// training part, and for a stratified split a missing column or label, a class with a
    /// single row, fewer test (or training) rows than classes.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("y" => ["a", "a", "b"]).unwrap();
    /// let err = TrainTestSplit::new(0.5).stratify("y").split(&df).unwrap_err();
    /// assert!(err.to_string().contains("'b'"));
    /// ```
    pub fn split(&self, df: &DataFrame) -> Result<Split> {
        let n = df.height();
        let (n_train, n_test) = part_sizes(n, self.test_fraction)?;
        let mut rng = Xoshiro256Plus::seed_from_u64(self.seed);
        let (mut train, mut test, strata) = match &self.stratify {
            None => {
                // Row numbers as polars' index type from the start: the shuffles move half the
                // bytes and the takes need no conversion (a shuffle depends only on the length,
                // so the split is the same as with `usize`).
                let mut order: Vec<IdxSize> = (0..n as IdxSize).collect();
                order.shuffle(&mut rng);
                let train = order.split_off(n_test);
                (train, order, None)
            }
            Some(column) => {
                let classes = RowClasses::of(df, column)?;
                let counts = classes.counts();
                let test_counts = stratified_test_counts(column, &classes, n_train, n_test)?;
                let mut train = Vec::with_capacity(n_train);
                let mut test = Vec::with_capacity(n_test);
                for (mut rows, &t) in classes.rows.into_iter().zip(&test_counts) {
                    rows.shuffle(&mut rng);
                    test.extend(rows[..t].iter().map(|&r| r as IdxSize));
                    train.extend(rows[t..].iter().map(|&r| r as IdxSize));
                }
                let strata = Strata {
                    column: column.clone(),
                    classes: classes.names,
                    train: counts
                        .iter()
                        .zip(&test_counts)
                        .map(|(c, t)| c - t)
                        .collect(),
                    test: test_counts,
                };
                (train, test, Some(strata))
            }
        };
        train.shuffle(&mut rng);
        test.shuffle(&mut rng);
        Ok(Split {
            train: df.take(&IdxCa::from_vec("row".into(), train))?,
            test: df.take(&IdxCa::from_vec("row".into(), test))?,
            strata,
        })
    }
}

/// The sizes of the training and test parts of `n` rows, as scikit-learn computes them:
/// `ceil(n × fraction)` test rows, the rest for training.
fn part_sizes(n: usize, test_fraction: f64) -> Result<(usize, usize)> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(SdiaError::InvalidInput(format!(
            "test_fraction is {test_fraction}, but it must be strictly between 0 and 1 \
             (e.g. 0.2 for 20% of the rows in the test part)"
        )));
    }
    if n < 2 {
        return Err(SdiaError::NotEnoughData {
            what: "the frame to split".to_string(),
            needed: 2,
            got: n,
        });
    }
    let n_test = (test_fraction * n as f64).ceil() as usize;
    if n_test >= n {
        return Err(SdiaError::InvalidInput(format!(
            "with {n} rows and test_fraction {test_fraction}, the training part would be \
             empty: use a smaller test_fraction"
        )));
    }
    Ok((n - n_test, n_test))
}

/// How many test rows each class gets: its share of `n_test` (scikit-learn's approximate mode:
/// floors, then the remaining rows to the largest remainders), then moved so that each class
/// has at least one row in each part.
fn stratified_test_counts(
    column: &str,
    classes: &RowClasses,
    n_train: usize,
    n_test: usize,
) -> Result<Vec<usize>> {
    let counts = classes.counts();
    if let Some(i) = counts.iter().position(|&c| c < 2) {
        return Err(SdiaError::InvalidInput(format!(
            "class '{}' of column '{column}' has a single row: a stratified split needs at \
             least 2 rows per class (one for each part); drop or merge that class",
            classes.names[i]
        )));
    }
    let k = counts.len();
    for (part, size) in [("test", n_test), ("training", n_train)] {
        if size < k {
            return Err(SdiaError::InvalidInput(format!(
                "the {part} part would have {size} rows for {k} classes of '{column}': a \
                 stratified split needs at least one row per class in each part; change \
                 test_fraction"
            )));
        }
    }
    let mut test = approximate_mode(&counts, n_test);
    // Each class in the test part: take a row from the class with the most test rows.
    while let Some(i) = test.iter().position(|&t| t == 0) {
        let donor = (0..k).filter(|&j| test[j] >= 2).max_by_key(|&j| test[j]);
        let Some(j) = donor else { break };
        test[j] -= 1;
        test[i] += 1;
    }
    // Each class in the training part: give a test row to the class with the most training
    // rows to spare.
    while let Some(i) = (0..k).find(|&i| test[i] == counts[i]) {
        let receiver = (0..k)
            .filter(|&j| counts[j] - test[j] >= 2)
            .max_by_key(|&j| counts[j] - test[j]);
        let Some(j) = receiver else { break };
        test[i] -= 1;
        test[j] += 1;
    }
    Ok(test)
}

/// `draws` shared among classes in proportion to `counts`: the floors, then one more for the
/// classes with the largest remainders (ties: the larger class, then the first).
fn approximate_mode(counts: &[usize], draws: usize) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    let exact: Vec<f64> = counts
        .iter()
        .map(|&c| draws as f64 * c as f64 / total as f64)
        .collect();
    let mut out: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let missing = draws.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(counts[b].cmp(&counts[a]))
    });
    for &i in order.iter().take(missing) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(df: &DataFrame, name: &str) -> Vec<i32> {
        df.column(name)
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .collect()
    }

    #[test]
    fn sizes_follow_sklearn() {
        // ceil(n × f) test rows: ceil(7 × 0.25) = 2, ceil(10 × 0.3) = 3, ceil(5 × 0.5) = 3.
        assert_eq!(part_sizes(7, 0.25).unwrap(), (5, 2));
        assert_eq!(part_sizes(10, 0.3).unwrap(), (7, 3));
        assert_eq!(part_sizes(5, 0.5).unwrap(), (2, 3));
        assert!(part_sizes(2, 0.9).is_err()); // ceil(1.8) = 2: nothing left to train on
        assert!(part_sizes(1, 0.5).is_err());
        for bad in [0.0, 1.0, -0.1, f64::NAN] {
            assert!(part_sizes(10, bad).is_err());
        }
    }

    #[test]
    fn split_is_a_seeded_partition_of_the_rows() {
        let df = df!("i" => (0..50).collect::<Vec<i32>>()).unwrap();
        let s = train_test_split(&df, 0.2, 1).unwrap();
        let mut all = ints(&s.train, "i");
        all.extend(ints(&s.test, "i"));
        all.sort();
        assert_eq!(all, (0..50).collect::<Vec<i32>>());
        assert_eq!(s.test.height(), 10);
        assert_ne!(ints(&s.train, "i")[..10], (0..10).collect::<Vec<i32>>()[..]); // shuffled
        let again = train_test_split(&df, 0.2, 1).unwrap();
        assert_eq!(ints(&s.test, "i"), ints(&again.test, "i"));
        let other = train_test_split(&df, 0.2, 2).unwrap();
        assert_ne!(ints(&s.test, "i"), ints(&other.test, "i"));
    }

    #[test]
    fn approximate_mode_by_hand() {
        // 3 draws among [5, 3, 2] of 10: exact 1.5, 0.9, 0.6 → floors 1, 0, 0, the two
        // remaining go to the largest remainders 0.9 and 0.6.
        assert_eq!(approximate_mode(&[5, 3, 2], 3), [1, 1, 1]);
        // 5 draws among [6, 4]: exact 3, 2.
        assert_eq!(approximate_mode(&[6, 4], 5), [3, 2]);
    }

    #[test]
    fn stratified_keeps_shares_and_every_class_in_both_parts() {
        // 12 a, 6 b, 2 c; test 5 = ceil(20 × 0.25): exact 3, 1.5, 0.5 → 3, 1 (+1 tie to the
        // larger class b) = 3, 2, 0, then c needs a test row: taken from a → 2, 2, 1.
        let mut labels = vec!["a"; 12];
        labels.extend(["b"; 6]);
        labels.extend(["c"; 2]);
        let df = df!("y" => labels, "i" => (0..20).collect::<Vec<i32>>()).unwrap();
        let s = TrainTestSplit::new(0.25).stratify("y").split(&df).unwrap();
        let shares = s.class_shares().unwrap();
        let test: Vec<u64> = shares
            .column("test")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let train: Vec<u64> = shares
            .column("train")
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(test, [2, 2, 1]);
        assert_eq!(train, [10, 4, 1]);
        assert_eq!(s.test.height(), 5);
        let text = &s.mime_bundle()[0].1;
        assert!(text.contains("stratified on 'y'"), "{text}");
    }

    #[test]
    fn stratified_errors_name_the_problem() {
        let df = df!("y" => ["a", "a", "a", "b"]).unwrap();
        let err = TrainTestSplit::new(0.5)
            .stratify("y")
            .split(&df)
            .unwrap_err();
        assert!(err.to_string().contains("'b'") && err.to_string().contains("single row"));
        let df = df!("y" => ["a", "a", "b", "b", "c", "c"]).unwrap();
        // ceil(6 × 0.2) = 2 test rows for 3 classes.
        let err = TrainTestSplit::new(0.2)
            .stratify("y")
            .split(&df)
            .unwrap_err();
        assert!(err.to_string().contains("3 classes"), "{err}");
        assert!(TrainTestSplit::new(0.5).stratify("z").split(&df).is_err());
    }

    #[test]
    fn plain_split_displays_its_sizes() {
        let df = df!("i" => [1, 2, 3, 4]).unwrap();
        let text = &train_test_split(&df, 0.5, 0).unwrap().mime_bundle()[0].1;
        assert!(text.contains("train: 2 rows (50.0%)"), "{text}");
    }
}
