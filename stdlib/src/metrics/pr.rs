//! The precision–recall curve of a score against a binary truth, and the average precision.

use super::curve::{binary_counts, thin};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::learn::AsSeries;
use crate::plot::{Plot, XyChart};
use crate::table::format_number;
use polars::prelude::*;

/// A precision–recall curve, as scikit-learn's `precision_recall_curve`: for each threshold,
/// increasing, the precision and recall of predicting the positive class when the score is at
/// least the threshold, then a last point (precision 1, recall 0) without threshold. See
/// [`precision_recall_curve`].
#[derive(Debug, Clone, PartialEq)]
pub struct PrCurve {
    /// Precisions, one more than thresholds (the last is 1).
    pub precision: Vec<f64>,
    /// Recalls, decreasing, one more than thresholds (the last is 0).
    pub recall: Vec<f64>,
    /// The distinct scores, increasing.
    pub thresholds: Vec<f64>,
    /// The positive class.
    pub positive: String,
}

/// The precision–recall curve of `scores` (the probability, or any score, of the `positive`
/// class) against `truth` (labels compared as text; every other class is negative). As
/// scikit-learn's `precision_recall_curve`: one point per distinct score, none dropped.
///
/// Errors: different lengths, no rows, missing values, non-finite scores, or a positive class
/// absent from `truth`. O(n log n): the rows are sorted once.
///
/// ```
/// use sdia::prelude::*;
///
/// let truth = Series::new("y".into(), [0, 0, 1, 1]);
/// let scores = Series::new("p1".into(), [0.1, 0.4, 0.35, 0.8]);
/// let pr = precision_recall_curve(&truth, &scores, "1").unwrap();
/// assert_eq!(pr.thresholds, [0.1, 0.35, 0.4, 0.8]);
/// assert_eq!(pr.recall, [1.0, 1.0, 0.5, 0.5, 0.0]);
/// assert_eq!(pr.precision, [0.5, 2.0 / 3.0, 0.5, 1.0, 1.0]);
/// ```
pub fn precision_recall_curve(
    truth: &impl AsSeries,
    scores: &impl AsSeries,
    positive: &str,
) -> Result<PrCurve> {
    let counts = binary_counts(truth.as_series(), scores.as_series(), positive)?;
    let p = counts.positives() as f64;
    let n = counts.tps.len();
    let mut curve = PrCurve {
        precision: Vec::with_capacity(n + 1),
        recall: Vec::with_capacity(n + 1),
        thresholds: Vec::with_capacity(n),
        positive: positive.to_string(),
    };
    for i in (0..n).rev() {
        let (tp, fp) = (counts.tps[i], counts.fps[i]);
        curve.precision.push(tp as f64 / (tp + fp) as f64);
        curve.recall.push(tp as f64 / p);
        curve.thresholds.push(counts.thresholds[i]);
    }
    curve.precision.push(1.0);
    curve.recall.push(0.0);
    Ok(curve)
}

/// The average precision of `scores` for the `positive` class, as scikit-learn's
/// `average_precision_score`: `Σ (Rₙ − Rₙ₋₁) · Pₙ` over the thresholds, the precision at each
/// threshold weighted by the recall gained there (a step sum, not the trapezoid rule).
/// Same errors as [`precision_recall_curve`].
///
/// ```
/// use sdia::prelude::*;
///
/// let truth = Series::new("y".into(), [0, 0, 1, 1]);
/// let scores = Series::new("p1".into(), [0.1, 0.4, 0.35, 0.8]);
/// // recall 0 → 0.5 at precision 1, 0.5 → 1 at precision 2/3
/// let ap = average_precision_score(&truth, &scores, "1").unwrap();
/// assert!((ap - (0.5 + 0.5 * 2.0 / 3.0)).abs() < 1e-12);
/// ```
pub fn average_precision_score(
    truth: &impl AsSeries,
    scores: &impl AsSeries,
    positive: &str,
) -> Result<f64> {
    Ok(precision_recall_curve(truth, scores, positive)?.average_precision())
}

impl PrCurve {
    /// The average precision (see [`average_precision_score`]).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let truth = Series::new("y".into(), ["a", "b"]);
    /// let pr = precision_recall_curve(&truth, &Series::new("s".into(), [0.9, 0.2]), "a").unwrap();
    /// assert_eq!(pr.average_precision(), 1.0);
    /// ```
    pub fn average_precision(&self) -> f64 {
        self.recall
            .windows(2)
            .zip(&self.precision)
            .map(|(r, p)| (r[0] - r[1]) * p)
            .sum()
    }

    /// The highest threshold whose recall reaches `target`: predicting the positive class when
    /// the score is at least that threshold detects at least that share of the positives, with
    /// the fewest false alarms (lowering the threshold never lowers recall, it only adds
    /// alerts). Choose it on a validation part, not on the test.
    ///
    /// Errors: `target` outside `(0, 1]` (recall 0 needs no threshold; above 1 is impossible).
    /// A target of 1 is always reached, by the lowest score.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let truth = Series::new("y".into(), ["no", "yes", "no", "yes", "yes"]);
    /// let scores = Series::new("p".into(), [0.1, 0.3, 0.4, 0.7, 0.9]);
    /// let pr = precision_recall_curve(&truth, &scores, "yes").unwrap();
    /// // 0.7 catches 2 of the 3 "yes"; 0.3 catches all three (with one false alarm, 0.4)
    /// assert_eq!(pr.threshold_for_recall(0.6).unwrap(), 0.7);
    /// assert_eq!(pr.threshold_for_recall(1.0).unwrap(), 0.3);
    /// assert!(pr.threshold_for_recall(1.5).is_err());
    /// ```
    pub fn threshold_for_recall(&self, target: f64) -> Result<f64> {
        if !(target > 0.0 && target <= 1.0) {
            return Err(SdiaError::InvalidInput(format!(
                "threshold_for_recall: the target recall must be above 0 and at most 1, got \
                 {target}; write it as a share, e.g. 0.95 for 95 %"
            )));
        }
        // Recalls are decreasing along increasing thresholds: the last one still at the
        // target is the highest threshold.
        self.thresholds
            .iter()
            .zip(&self.recall)
            .filter(|&(_, &recall)| recall >= target)
            .map(|(&threshold, _)| threshold)
            .next_back()
            .ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "threshold_for_recall: no threshold reaches a recall of {target} (the curve \
                     has {} thresholds)",
                    self.thresholds.len()
                ))
            })
    }

    /// The share of positive rows (the precision of predicting everything positive): the
    /// precision of a model that guesses.
    fn prevalence(&self) -> f64 {
        self.precision.first().copied().unwrap_or(0.0)
    }

    /// The curve as a frame: columns `threshold`, `precision`, `recall`; the last row (recall
    /// 0, precision 1) has no threshold (null).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let truth = Series::new("y".into(), ["a", "b"]);
    /// let pr = precision_recall_curve(&truth, &Series::new("s".into(), [0.9, 0.2]), "a").unwrap();
    /// let table = pr.table();
    /// assert_eq!(table.height(), 3);
    /// assert_eq!(table.column("threshold").unwrap().null_count(), 1);
    /// ```
    pub fn table(&self) -> DataFrame {
        let thresholds: Vec<Option<f64>> = self
            .thresholds
            .iter()
            .map(|&t| Some(t))
            .chain(std::iter::once(None))
            .collect();
        DataFrame::new(
            self.precision.len(),
            vec![
                Column::new("threshold".into(), thresholds),
                Column::new("precision".into(), self.precision.clone()),
                Column::new("recall".into(), self.recall.clone()),
            ],
        )
        .unwrap_or_else(|_| DataFrame::empty())
    }

    /// The curve as steps (precision against recall, as scikit-learn's display), with the
    /// average precision in the legend and the share of positives (a guessing model's
    /// precision) dashed.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let truth = Series::new("y".into(), [0, 0, 1, 1]);
    /// let scores = Series::new("p1".into(), [0.1, 0.4, 0.35, 0.8]);
    /// let pr = precision_recall_curve(&truth, &scores, "1").unwrap();
    /// assert!(pr.plot().unwrap().to_svg().unwrap().contains("AP = 0.833"));
    /// ```
    pub fn plot(&self) -> Result<Plot> {
        let points: Vec<(f64, f64)> = self
            .recall
            .iter()
            .copied()
            .zip(self.precision.iter().copied())
            .collect();
        // Steps-post: each precision holds until the next point's recall.
        let mut steps: Vec<(f64, f64)> = Vec::with_capacity(2 * points.len());
        let mut previous: Option<f64> = None;
        for &(r, p) in &points {
            if let Some(held) = previous {
                steps.push((r, held));
            }
            steps.push((r, p));
            previous = Some(p);
        }
        let chance = self.prevalence();
        XyChart::new()
            .line(
                &format!("AP = {:.3}", self.average_precision()),
                &thin(&steps),
            )
            .dashed("chance", &[(0.0, chance), (1.0, chance)])
            .x_range(0.0, 1.0)
            .y_range(0.0, 1.05)
            .plot(
                &format!("Precision–recall curve (positive class: {})", self.positive),
                "recall",
                "precision",
            )
    }
}

impl RichDisplay for PrCurve {
    /// The chart, and the average precision as text.
    fn mime_bundle(&self) -> MimeBundle {
        let text = format!(
            "Precision–recall curve (positive class: {}): {} points, average precision = {}",
            self.positive,
            self.precision.len(),
            format_number(self.average_precision())
        );
        match self.plot() {
            Ok(plot) => {
                let mut bundle = plot.mime_bundle();
                for (mime, content) in bundle.iter_mut() {
                    if mime == "text/plain" {
                        *content = text.clone();
                    }
                }
                bundle
            }
            Err(_) => vec![("text/plain".into(), text)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn curve_by_hand_with_ties() {
        // Sorted: 0.9 P, 0.8 P, 0.7 N, 0.7 P, 0.2 N, 0.1 N (3 P)
        // thresholds down: 0.9 (tp1 fp0), 0.8 (2,0), 0.7 (3,1), 0.2 (3,2), 0.1 (3,3)
        // precision 1, 1, 3/4, 3/5, 1/2; recall 1/3, 2/3, 1, 1, 1
        let truth = Series::new("y".into(), ["P", "P", "N", "P", "N", "N"]);
        let scores = Series::new("s".into(), [0.9, 0.8, 0.7, 0.7, 0.2, 0.1]);
        let pr = precision_recall_curve(&truth, &scores, "P").unwrap();
        assert_eq!(pr.thresholds, [0.1, 0.2, 0.7, 0.8, 0.9]);
        assert_eq!(pr.precision, [0.5, 0.6, 0.75, 1.0, 1.0, 1.0]);
        assert_eq!(pr.recall, [1.0, 1.0, 1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]);
        // AP = 1/3·1 + 1/3·1 + 1/3·3/4 = 11/12
        close(pr.average_precision(), 11.0 / 12.0);
        close(
            average_precision_score(&truth, &scores, "P").unwrap(),
            11.0 / 12.0,
        );
        assert_eq!(pr.table().shape(), (6, 3));
    }

    #[test]
    fn threshold_for_recall_is_the_highest_that_reaches_it() {
        let truth = Series::new("y".into(), ["P", "P", "N", "P", "N", "N"]);
        let scores = Series::new("s".into(), [0.9, 0.8, 0.7, 0.7, 0.2, 0.1]);
        let pr = precision_recall_curve(&truth, &scores, "P").unwrap();
        // recall by threshold: 0.9 → 1/3, 0.8 → 2/3, 0.7, 0.2, 0.1 → 1
        assert_eq!(pr.threshold_for_recall(0.3).unwrap(), 0.9);
        assert_eq!(pr.threshold_for_recall(1.0 / 3.0).unwrap(), 0.9);
        assert_eq!(pr.threshold_for_recall(0.5).unwrap(), 0.8);
        assert_eq!(pr.threshold_for_recall(1.0).unwrap(), 0.7);
        for bad in [0.0, -0.1, 1.01, f64::NAN] {
            let e = pr.threshold_for_recall(bad).unwrap_err().to_string();
            assert!(e.contains("at most 1"), "{e}");
        }
    }

    #[test]
    fn threshold_for_recall_agrees_with_counting_by_hand() {
        // Deterministic pseudo-random scores, many ties (two decimals).
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        let rows: Vec<(bool, f64)> = (0..300)
            .map(|_| {
                let positive = next() < 0.3;
                let score = ((next() + if positive { 0.3 } else { 0.0 }) * 100.0).round() / 100.0;
                (positive, score)
            })
            .collect();
        let truth = Series::new(
            "y".into(),
            rows.iter()
                .map(|r| if r.0 { "yes" } else { "no" })
                .collect::<Vec<_>>(),
        );
        let scores = Series::new("s".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>());
        let pr = precision_recall_curve(&truth, &scores, "yes").unwrap();
        let positives = rows.iter().filter(|r| r.0).count() as f64;
        let recall_at = |t: f64| rows.iter().filter(|r| r.0 && r.1 >= t).count() as f64 / positives;
        for target in [0.1, 0.5, 0.8, 0.95, 0.99, 1.0] {
            let t = pr.threshold_for_recall(target).unwrap();
            assert!(
                recall_at(t) >= target,
                "{target}: recall {} at {t}",
                recall_at(t)
            );
            for &higher in rows.iter().map(|r| &r.1).filter(|&&s| s > t) {
                assert!(
                    recall_at(higher) < target,
                    "{target}: {higher} also reaches it"
                );
            }
        }
    }

    #[test]
    fn only_positives_is_allowed() {
        // No negative row: precision 1 everywhere, AP 1 (as scikit-learn).
        let truth = Series::new("y".into(), [1, 1]);
        let scores = Series::new("s".into(), [0.3, 0.6]);
        close(average_precision_score(&truth, &scores, "1").unwrap(), 1.0);
    }

    #[test]
    fn plot_and_display() {
        let truth = Series::new("y".into(), ["a", "b", "a"]);
        let pr =
            precision_recall_curve(&truth, &Series::new("s".into(), [0.9, 0.2, 0.5]), "a").unwrap();
        let svg = pr.plot().unwrap().to_svg().unwrap();
        assert!(svg.contains("AP = 1.000") && svg.contains("chance"));
        assert!(pr.mime_bundle()[0].1.len() > 10);
    }

    #[test]
    fn bad_inputs() {
        let truth = Series::new("y".into(), [0, 1]);
        let scores = Series::new("s".into(), [0.1, 0.9]);
        assert!(
            precision_recall_curve(&truth, &scores, "yes")
                .unwrap_err()
                .to_string()
                .contains("'yes'")
        );
        assert!(precision_recall_curve(&truth, &Series::new("s".into(), [0.1]), "1").is_err());
        let nulls = Series::new("y".into(), [None, Some(1)]);
        assert!(
            average_precision_score(&nulls, &scores, "1")
                .unwrap_err()
                .to_string()
                .contains("`truth`")
        );
        let empty = Series::new("y".into(), Vec::<i32>::new());
        assert!(
            average_precision_score(&empty, &Series::new("s".into(), Vec::<f64>::new()), "1")
                .is_err()
        );
    }
}
