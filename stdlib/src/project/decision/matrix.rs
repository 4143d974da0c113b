//! [`DecisionMatrix`]: options scored against weighted criteria, ranked by weighted score.

use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks;
use crate::project::risk::scores::{Scale, order_descending, ranks_descending};
use polars::prelude::*;

/// A weighted multi-criteria decision table: options (e.g. project methods) scored on each
/// criterion, criteria weighted; the weighted score of an option is
/// `Σ weight_c × score_c` with the weights normalised to sum to 1.
///
/// The scores frame has a text column `option` and one numeric column per criterion, scores on
/// a scale (default 1–5, builder [`scale`](DecisionMatrix::scale)). The weights frame has the
/// columns `criterion` (text) and `weight` (number > 0, any unit: they are normalised).
///
/// ```
/// use sdia::prelude::*;
///
/// let scores = df!(
///     "option" => ["cycle en V", "agile"],
///     "délais" => [2, 5],
///     "traçabilité" => [5, 3],
/// ).unwrap();
/// let weights = df!("criterion" => ["délais", "traçabilité"], "weight" => [3.0, 1.0]).unwrap();
/// let decision = DecisionMatrix::from_frame(&scores, &weights).unwrap();
/// let table = decision.table().unwrap();
/// // agile: 0.75 × 5 + 0.25 × 3 = 4.5; cycle en V: 0.75 × 2 + 0.25 × 5 = 2.75.
/// assert_eq!(table.column("option").unwrap().str().unwrap().get(0), Some("agile"));
/// assert_eq!(table.column("score").unwrap().f64().unwrap().get(0), Some(4.5));
/// ```
#[derive(Debug, Clone)]
pub struct DecisionMatrix {
    pub(crate) options: Vec<String>,
    pub(crate) criteria: Vec<String>,
    /// Raw weights, in the order of `criteria`.
    pub(crate) raw_weights: Vec<f64>,
    /// `scores[option][criterion]`.
    pub(crate) scores: Vec<Vec<f64>>,
    scale: Scale,
}

impl DecisionMatrix {
    /// Reads the scores and the weights. Errors: a missing column, no option, an option twice,
    /// a missing score, a criterion of the weights that is not a column of the scores or a
    /// score column that has no weight (naming it), a weight ≤ 0 (naming the criterion).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let scores = df!("option" => ["agile"], "délais" => [5], "coût" => [3]).unwrap();
    /// let weights = df!("criterion" => ["délais"], "weight" => [1.0]).unwrap();
    /// let err = DecisionMatrix::from_frame(&scores, &weights).unwrap_err().to_string();
    /// assert!(err.contains("coût"));
    /// ```
    pub fn from_frame(scores: &DataFrame, weights: &DataFrame) -> Result<DecisionMatrix> {
        frame::require_columns(scores, &["option"])?;
        frame::require_columns(weights, &["criterion", "weight"])?;
        frame::require_rows(
            scores,
            "the scores table has no rows: give one row per option",
        )?;
        frame::require_rows(
            weights,
            "the weights table has no rows: give one row per criterion",
        )?;
        let options = checks::required_text(scores, "option")?;
        checks::unique_ids(&options, "option")?;
        let criteria = checks::required_text(weights, "criterion")?;
        checks::unique_ids(&criteria, "criterion")?;
        let raw_weights = checks::required_numbers(weights, "weight", &criteria)?;
        for (w, c) in raw_weights.iter().zip(&criteria) {
            if *w <= 0.0 {
                return Err(SdiaError::InvalidInput(format!(
                    "the weight of criterion '{c}' is {w}: weights must be > 0 (drop the \
                     criterion instead of weighting it 0)"
                )));
            }
        }
        let columns: Vec<String> = frame::names(scores)
            .into_iter()
            .filter(|n| n != "option")
            .collect();
        for c in &criteria {
            if !columns.contains(c) {
                return Err(SdiaError::InvalidInput(format!(
                    "criterion '{c}' has a weight but no column in the scores table, whose \
                     criteria are: {}",
                    columns.join(", ")
                )));
            }
        }
        for c in &columns {
            if !criteria.contains(c) {
                return Err(SdiaError::InvalidInput(format!(
                    "criterion '{c}' is a column of the scores table but has no weight: add \
                     a row '{c}' to the weights (weighted criteria: {})",
                    criteria.join(", ")
                )));
            }
        }
        let mut by_criterion = Vec::with_capacity(criteria.len());
        for c in &criteria {
            by_criterion.push(checks::required_numbers(scores, c, &options)?);
        }
        let scores = (0..options.len())
            .map(|o| by_criterion.iter().map(|column| column[o]).collect())
            .collect();
        Ok(DecisionMatrix {
            options,
            criteria,
            raw_weights,
            scores,
            scale: Scale::new(1, 5),
        })
    }

    /// The scale of the scores, `low`–`high` (default 1–5).
    pub fn scale(mut self, low: u32, high: u32) -> DecisionMatrix {
        self.scale = Scale::new(low, high);
        self
    }

    /// The scale `(low, high)` of the scores.
    pub(crate) fn scale_bounds(&self) -> (f64, f64) {
        (self.scale.low, self.scale.high)
    }

    /// The criteria with their normalised weights (summing to 1): columns `criterion`,
    /// `weight`.
    pub fn weights(&self) -> Result<DataFrame> {
        Ok(DataFrame::new(
            self.criteria.len(),
            vec![
                Column::new("criterion".into(), self.criteria.clone()),
                Column::new("weight".into(), normalised(&self.raw_weights)),
            ],
        )?)
    }

    /// Checks the scale and every score (an error names the option, the criterion, the value
    /// and the scale).
    pub(crate) fn validate(&self) -> Result<()> {
        self.scale.check()?;
        for (o, option) in self.options.iter().enumerate() {
            for (c, criterion) in self.criteria.iter().enumerate() {
                checks::on_scale(
                    self.scores[o][c],
                    self.scale.low,
                    self.scale.high,
                    &format!("the score on '{criterion}'"),
                    option,
                )?;
            }
        }
        Ok(())
    }

    /// The weighted score of each option with these (raw) weights.
    pub(crate) fn weighted_scores(&self, raw_weights: &[f64]) -> Vec<f64> {
        let w = normalised(raw_weights);
        self.scores
            .iter()
            .map(|row| row.iter().zip(&w).map(|(s, w)| s * w).sum())
            .collect()
    }

    /// The options ranked by weighted score, the best first (ties share their rank): columns
    /// `rank`, `option`, `score` (the weighted score, on the scale of the scores), then one
    /// column per criterion holding its **contribution** `weight × score` (the contributions
    /// of a row add up to its score). Errors: a score outside the scale.
    pub fn table(&self) -> Result<DataFrame> {
        self.validate()?;
        let total = self.weighted_scores(&self.raw_weights);
        let ranks = ranks_descending(&total);
        let order = order_descending(&total);
        let w = normalised(&self.raw_weights);
        let mut columns = vec![
            Column::new(
                "rank".into(),
                order.iter().map(|&o| ranks[o]).collect::<Vec<u32>>(),
            ),
            Column::new(
                "option".into(),
                order
                    .iter()
                    .map(|&o| self.options[o].clone())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "score".into(),
                order.iter().map(|&o| total[o]).collect::<Vec<f64>>(),
            ),
        ];
        for (c, criterion) in self.criteria.iter().enumerate() {
            let contribution: Vec<f64> = order.iter().map(|&o| w[c] * self.scores[o][c]).collect();
            columns.push(Column::new(criterion.as_str().into(), contribution));
        }
        Ok(DataFrame::new(order.len(), columns)?)
    }
}

/// Weights divided by their sum.
pub(crate) fn normalised(weights: &[f64]) -> Vec<f64> {
    let sum: f64 = weights.iter().sum();
    weights.iter().map(|w| w / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn methods() -> DecisionMatrix {
        let scores = df!(
            "option" => ["V", "iteratif", "agile"],
            "delais" => [2, 3, 5],
            "tracabilite" => [5, 4, 2],
            "equipe" => [3, 4, 4],
        )
        .unwrap();
        let weights = df!(
            "criterion" => ["delais", "tracabilite", "equipe"],
            "weight" => [2.0, 1.0, 1.0],
        )
        .unwrap();
        DecisionMatrix::from_frame(&scores, &weights).unwrap()
    }

    #[test]
    fn weighted_scores_and_contributions() {
        // Weights 0.5, 0.25, 0.25. V: 1 + 1.25 + 0.75 = 3; itératif: 1.5 + 1 + 1 = 3.5;
        // agile: 2.5 + 0.5 + 1 = 4.
        let t = methods().table().unwrap();
        let options: Vec<&str> = t
            .column("option")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(options, vec!["agile", "iteratif", "V"]);
        let scores: Vec<f64> = t
            .column("score")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(scores, vec![4.0, 3.5, 3.0]);
        assert_eq!(t.column("delais").unwrap().f64().unwrap().get(0), Some(2.5));
        let w: Vec<f64> = methods()
            .weights()
            .unwrap()
            .column("weight")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(w, vec![0.5, 0.25, 0.25]);
    }

    #[test]
    fn bad_input_is_named() {
        let err = methods().scale(1, 4).table().unwrap_err().to_string();
        assert!(
            err.contains("'V'") && err.contains("tracabilite") && err.contains("1–4"),
            "{err}"
        );
        let scores = df!("option" => ["a"], "x" => [1]).unwrap();
        let weights = df!("criterion" => ["x", "y"], "weight" => [1.0, 1.0]).unwrap();
        let err = DecisionMatrix::from_frame(&scores, &weights)
            .unwrap_err()
            .to_string();
        assert!(err.contains("'y'"), "{err}");
        let weights = df!("criterion" => ["x"], "weight" => [0.0]).unwrap();
        let err = DecisionMatrix::from_frame(&scores, &weights)
            .unwrap_err()
            .to_string();
        assert!(err.contains("'x'") && err.contains("> 0"), "{err}");
        let weights = df!("criteria" => ["x"], "weight" => [1.0]).unwrap();
        assert!(DecisionMatrix::from_frame(&scores, &weights).is_err());
    }
}
