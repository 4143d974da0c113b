//! scikit-learn's classification scores: accuracy, precision, recall and F1, on series of
//! class labels (compared as text), with scikit-learn's averages.

use super::labels::{ClassCounts, class_scores, confusion_counts, encode_pair};
use crate::error::{Result, SdiaError};
use crate::learn::AsSeries;

/// How per-class scores are combined into one number, as scikit-learn's `average=`.
///
/// The classes are the union of the labels in `truth` and `predicted`, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Average {
    /// The plain mean of the per-class scores: every class counts the same.
    Macro,
    /// The mean of the per-class scores weighted by each class's support (its number of rows
    /// in `truth`).
    Weighted,
    /// The score of the pooled counts (all true positives over all predictions…): for
    /// single-label data, precision, recall and F1 all equal the accuracy.
    Micro,
    /// The score of one class only, the positive class, given as text (`"1"` for the integer
    /// 1, `"true"` for a boolean). The data must have at most two classes and the label must be
    /// one of them.
    Binary(String),
}

/// A class label stands for [`Average::Binary`]: `precision_score(&y, &pred, "malignant")`
/// scores the class `malignant` (scikit-learn's `pos_label`).
///
/// ```
/// use sdia::prelude::*;
///
/// assert_eq!(Average::from("yes"), Average::Binary("yes".to_string()));
/// ```
impl From<&str> for Average {
    fn from(positive: &str) -> Average {
        Average::Binary(positive.to_string())
    }
}

/// A class label stands for [`Average::Binary`] (see `From<&str>`).
impl From<String> for Average {
    fn from(positive: String) -> Average {
        Average::Binary(positive)
    }
}

/// A borrowed `Average` is copied, so one kept in a variable serves several calls without
/// `.clone()`: `precision_score(&y, &pred, &positive)`.
impl From<&Average> for Average {
    fn from(average: &Average) -> Average {
        average.clone()
    }
}

/// The share of rows where `predicted` equals `truth` (labels compared as text).
///
/// Both must have the same length, at least one value and no missing value.
///
/// ```
/// use sdia::prelude::*;
///
/// let truth = Series::new("y".into(), ["cat", "dog", "dog", "cat"]);
/// let predicted = Series::new("prediction".into(), ["cat", "dog", "cat", "cat"]);
/// assert_eq!(accuracy(&truth, &predicted).unwrap(), 0.75);
/// ```
pub fn accuracy(truth: &impl AsSeries, predicted: &impl AsSeries) -> Result<f64> {
    let pair = encode_pair(truth.as_series(), predicted.as_series(), "predicted")?;
    let correct = pair
        .truth
        .iter()
        .zip(&pair.predicted)
        .filter(|(t, p)| t == p)
        .count();
    Ok(correct as f64 / pair.truth.len() as f64)
}

/// Which score of a class.
#[derive(Clone, Copy)]
enum Score {
    Precision,
    Recall,
    F1,
}

/// One score, averaged as asked, from per-class counts.
pub(crate) fn averaged(
    counts: &ClassCounts,
    classes: &[String],
    average: &Average,
) -> Result<[f64; 3]> {
    let k = classes.len();
    let per_class: Vec<(f64, f64, f64)> = (0..k)
        .map(|i| class_scores(counts.tp[i], counts.predicted[i], counts.support[i]))
        .collect();
    let as_array = |s: (f64, f64, f64)| [s.0, s.1, s.2];
    match average {
        Average::Binary(positive) => {
            if k > 2 {
                return Err(SdiaError::InvalidInput(format!(
                    "Average::Binary needs two classes, but truth and predicted have {k} ({}): \
                     choose Average::Macro, Average::Weighted or Average::Micro",
                    classes.join(", ")
                )));
            }
            let i = classes.iter().position(|c| c == positive).ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "the positive class '{positive}' is in neither truth nor predicted (classes: \
                     {}): give one of them as text, e.g. Average::Binary(\"1\".into())",
                    classes.join(", ")
                ))
            })?;
            Ok(as_array(per_class[i]))
        }
        Average::Micro => {
            let tp: usize = counts.tp.iter().sum();
            let predicted: usize = counts.predicted.iter().sum();
            let support: usize = counts.support.iter().sum();
            Ok(as_array(class_scores(tp, predicted, support)))
        }
        Average::Macro => {
            let mut sums = [0.0; 3];
            for s in &per_class {
                sums[0] += s.0;
                sums[1] += s.1;
                sums[2] += s.2;
            }
            Ok(sums.map(|x| x / k as f64))
        }
        Average::Weighted => {
            let mut sums = [0.0; 3];
            for (s, &w) in per_class.iter().zip(&counts.support) {
                let w = w as f64;
                sums[0] += s.0 * w;
                sums[1] += s.1 * w;
                sums[2] += s.2 * w;
            }
            Ok(sums.map(|x| x / counts.n as f64))
        }
    }
}

fn score(
    truth: &impl AsSeries,
    predicted: &impl AsSeries,
    average: Average,
    which: Score,
) -> Result<f64> {
    let pair = encode_pair(truth.as_series(), predicted.as_series(), "predicted")?;
    let k = pair.classes.len();
    let counts = ClassCounts::from_confusion(&confusion_counts(&pair), k);
    let scores = averaged(&counts, &pair.classes, &average)?;
    Ok(match which {
        Score::Precision => scores[0],
        Score::Recall => scores[1],
        Score::F1 => scores[2],
    })
}

/// Precision, as scikit-learn's `precision_score`: of the rows predicted as a class, the
/// share that truly are. A class never predicted has precision 0 (scikit-learn's default
/// `zero_division`, which also warns).
///
/// ```
/// use sdia::prelude::*;
///
/// let truth = Series::new("y".into(), [1, 1, 0, 0]);
/// let predicted = Series::new("prediction".into(), [1, 0, 1, 1]);
/// // Class 1 is predicted 3 times, rightly once.
/// let p = precision_score(&truth, &predicted, Average::Binary("1".into())).unwrap();
/// assert!((p - 1.0 / 3.0).abs() < 1e-12);
/// ```
pub fn precision_score(
    truth: &impl AsSeries,
    predicted: &impl AsSeries,
    average: impl Into<Average>,
) -> Result<f64> {
    score(truth, predicted, average.into(), Score::Precision)
}

/// Recall, as scikit-learn's `recall_score`: of the rows of a class, the share predicted as
/// it. A class absent from `truth` has recall 0 (and weight 0 in [`Average::Weighted`]).
///
/// ```
/// use sdia::prelude::*;
///
/// let truth = Series::new("y".into(), ["a", "a", "b", "b"]);
/// let predicted = Series::new("prediction".into(), ["a", "b", "b", "b"]);
/// // a: 1/2, b: 2/2 → macro mean 0.75.
/// assert_eq!(recall_score(&truth, &predicted, Average::Macro).unwrap(), 0.75);
/// ```
pub fn recall_score(
    truth: &impl AsSeries,
    predicted: &impl AsSeries,
    average: impl Into<Average>,
) -> Result<f64> {
    score(truth, predicted, average.into(), Score::Recall)
}

/// F1, as scikit-learn's `f1_score`: per class `2·TP / (2·TP + FP + FN)` (the harmonic mean
/// of precision and recall), 0 when the class is neither present nor predicted.
///
/// ```
/// use sdia::prelude::*;
///
/// let truth = Series::new("y".into(), ["a", "a", "b", "b"]);
/// let predicted = Series::new("prediction".into(), ["a", "b", "b", "b"]);
/// // Class b: TP 2, FP 1, FN 0 → 4 / 5.
/// let f1 = f1_score(&truth, &predicted, Average::Binary("b".into())).unwrap();
/// assert!((f1 - 0.8).abs() < 1e-12);
/// // the class alone says the same
/// assert_eq!(f1_score(&truth, &predicted, "b").unwrap(), f1);
/// ```
pub fn f1_score(
    truth: &impl AsSeries,
    predicted: &impl AsSeries,
    average: impl Into<Average>,
) -> Result<f64> {
    score(truth, predicted, average.into(), Score::F1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn s(values: &[&str]) -> Series {
        Series::new("s".into(), values)
    }

    // truth  a a a b b c
    // pred   a b a b c c
    // a: TP 2, predicted 2, support 3 → P 1, R 2/3, F1 4/5
    // b: TP 1, predicted 2, support 2 → P 1/2, R 1/2, F1 2/4 = 1/2
    // c: TP 1, predicted 2, support 1 → P 1/2, R 1, F1 2/3
    fn example() -> (Series, Series) {
        (
            s(&["a", "a", "a", "b", "b", "c"]),
            s(&["a", "b", "a", "b", "c", "c"]),
        )
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn accuracy_by_hand() {
        let (t, p) = example();
        // 4 of 6 right.
        close(accuracy(&t, &p).unwrap(), 4.0 / 6.0);
    }

    #[test]
    fn averages_by_hand() {
        let (t, p) = example();
        close(precision_score(&t, &p, Average::Macro).unwrap(), 2.0 / 3.0);
        close(
            recall_score(&t, &p, Average::Macro).unwrap(),
            (2.0 / 3.0 + 0.5 + 1.0) / 3.0,
        );
        close(
            f1_score(&t, &p, Average::Macro).unwrap(),
            (0.8 + 0.5 + 2.0 / 3.0) / 3.0,
        );
        // Weighted by support (3, 2, 1) / 6.
        close(
            precision_score(&t, &p, Average::Weighted).unwrap(),
            (3.0 * 1.0 + 2.0 * 0.5 + 0.5) / 6.0,
        );
        close(
            recall_score(&t, &p, Average::Weighted).unwrap(),
            (3.0 * (2.0 / 3.0) + 2.0 * 0.5 + 1.0) / 6.0,
        );
        // Micro = accuracy for single-label data.
        for v in [
            precision_score(&t, &p, Average::Micro).unwrap(),
            recall_score(&t, &p, Average::Micro).unwrap(),
            f1_score(&t, &p, Average::Micro).unwrap(),
        ] {
            close(v, 4.0 / 6.0);
        }
    }

    #[test]
    fn zero_division_is_zero() {
        // c is predicted but never true: recall of c is 0/0 → 0; b is never predicted.
        let t = s(&["a", "b"]);
        let p = s(&["a", "c"]);
        // precision: a 1, b 0 (0/0), c 0 (0/1) → 1/3.
        close(precision_score(&t, &p, Average::Macro).unwrap(), 1.0 / 3.0);
        // recall: a 1, b 0, c 0 (0/0) → 1/3.
        close(recall_score(&t, &p, Average::Macro).unwrap(), 1.0 / 3.0);
    }

    #[test]
    fn binary_and_its_errors() {
        let t = Series::new("y".into(), [true, true, false]);
        let p = Series::new("p".into(), [true, false, false]);
        close(
            recall_score(&t, &p, Average::Binary("true".into())).unwrap(),
            0.5,
        );
        close(
            precision_score(&t, &p, Average::Binary("true".into())).unwrap(),
            1.0,
        );
        let err = f1_score(&t, &p, Average::Binary("yes".into())).unwrap_err();
        assert!(err.to_string().contains("'yes'") && err.to_string().contains("false, true"));
        let (t3, p3) = example();
        let err = f1_score(&t3, &p3, Average::Binary("a".into())).unwrap_err();
        assert!(err.to_string().contains("Average::Macro"));
    }

    #[test]
    fn columns_and_mixed_types_compare_as_text() {
        let df = df!("y" => [0i32, 1, 1]).unwrap();
        let predicted = Series::new("prediction".into(), [0i64, 1, 0]);
        close(
            accuracy(df.column("y").unwrap(), &predicted).unwrap(),
            2.0 / 3.0,
        );
        let text = s(&["0", "1", "1"]);
        close(accuracy(&text, &predicted).unwrap(), 2.0 / 3.0);
    }

    #[test]
    fn bad_inputs() {
        let t = s(&["a", "b"]);
        assert!(
            accuracy(&t, &s(&["a"]))
                .unwrap_err()
                .to_string()
                .contains("2 values")
        );
        let nulls = Series::new("p".into(), [Some("a"), None]);
        let err = accuracy(&t, &nulls).unwrap_err().to_string();
        assert!(err.contains("`predicted`") && err.contains("1 missing"));
        let err = f1_score(&nulls, &t, Average::Macro)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`truth`"));
        let empty = s(&[]);
        assert!(matches!(accuracy(&empty, &empty), Err(SdiaError::Empty(_))));
    }
}
