//! The decision table's charts: stacked contributions per option, and how the ranking holds
//! when one criterion's weight changes.

use super::matrix::{DecisionMatrix, normalised};
use crate::error::{Result, SdiaError};
use crate::project::drawing::{Anchor, Drawing};
use crate::project::risk::scores::{order_descending, short_number};
use polars::prelude::*;

/// The colours of the criteria (tableau 10).
const COLOURS: [&str; 10] = [
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d",
    "#ff9da6", "#bab0ac",
];

impl DecisionMatrix {
    /// Stacked horizontal bars, the best option at the top: each bar is an option's weighted
    /// score, cut into the contributions of the criteria (one colour each, in the legend),
    /// with the score written at its end. Errors: a score outside the scale.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let scores = df!("option" => ["V", "agile"], "délais" => [2, 5], "coût" => [4, 3]).unwrap();
    /// let weights = df!("criterion" => ["délais", "coût"], "weight" => [1.0, 1.0]).unwrap();
    /// let chart = DecisionMatrix::from_frame(&scores, &weights).unwrap().chart().unwrap();
    /// let svg = chart.to_svg().unwrap();
    /// assert!(svg.contains(">agile<") && svg.contains(">délais<") && svg.contains(">4<"));
    /// ```
    pub fn chart(&self) -> Result<Drawing> {
        self.validate()?;
        let total = self.weighted_scores(&self.raw_weights);
        let order = order_descending(&total);
        let w = normalised(&self.raw_weights);
        let (left, top, bar, gap, span) = (170.0, 50.0, 26.0, 12.0, 480.0);
        let high = self.scale_high();
        let rows = order.len() as f64;
        let legend_rows = self.criteria.len().div_ceil(3) as f64;
        let height = top + rows * (bar + gap) + 40.0 + legend_rows * 20.0 + 10.0;
        let mut d = Drawing::new(
            "Weighted score per option",
            (left + span + 60.0) as u32,
            height as u32,
        );
        let x_of = |v: f64| left + v / high * span;
        let bottom = top + rows * (bar + gap);
        for tick in 0..=(high as u32) {
            let x = x_of(f64::from(tick));
            d.line(x, top - 4.0, x, bottom, "#dddddd", 1.0, false);
            d.text(
                x,
                bottom + 14.0,
                &tick.to_string(),
                11.0,
                Anchor::Middle,
                false,
            );
        }
        for (row, &o) in order.iter().enumerate() {
            let y = top + row as f64 * (bar + gap);
            d.text(
                left - 8.0,
                y + bar / 2.0 + 4.0,
                &self.options[o],
                12.0,
                Anchor::End,
                true,
            );
            let mut x = 0.0;
            for (c, weight) in w.iter().enumerate() {
                let part = weight * self.scores[o][c];
                d.rect(
                    x_of(x),
                    y,
                    x_of(x + part) - x_of(x),
                    bar,
                    COLOURS[c % COLOURS.len()],
                    "#ffffff",
                );
                x += part;
            }
            let label = short_number(total[o]);
            d.text(
                x_of(x) + 6.0,
                y + bar / 2.0 + 4.0,
                &label,
                12.0,
                Anchor::Start,
                false,
            );
        }
        for (c, criterion) in self.criteria.iter().enumerate() {
            let (col, line) = ((c % 3) as f64, (c / 3) as f64);
            let (x, y) = (left + col * 170.0, bottom + 34.0 + line * 20.0);
            d.rect(x, y - 10.0, 12.0, 12.0, COLOURS[c % COLOURS.len()], "none");
            d.text(x + 18.0, y, criterion, 12.0, Anchor::Start, false);
        }
        Ok(d)
    }

    /// How the first place holds when the weight of `criterion` varies by −`percent` % to
    /// +`percent` % (11 steps; the other weights unchanged, then all normalised). Columns:
    /// `change_percent`, `weight` (the criterion's normalised weight), `first` (the best
    /// option), `first_score`, `second`, `margin` (first − second score) and `same_first`
    /// (the first option is the one of the unchanged weights).
    ///
    /// Errors: an unknown criterion (listing the criteria), `percent` not in (0, 100], a
    /// score outside the scale, fewer than two options.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let scores = df!("option" => ["V", "agile"], "délais" => [2, 5], "coût" => [5, 3]).unwrap();
    /// let weights = df!("criterion" => ["délais", "coût"], "weight" => [1.0, 1.0]).unwrap();
    /// let s = DecisionMatrix::from_frame(&scores, &weights).unwrap().sensitivity("délais", 50.0).unwrap();
    /// // −50 %: weights 1/3, 2/3 → V 4, agile 11/3: V comes first.
    /// assert_eq!(s.column("first").unwrap().str().unwrap().get(0), Some("V"));
    /// assert_eq!(s.column("first").unwrap().str().unwrap().get(10), Some("agile"));
    /// ```
    pub fn sensitivity(&self, criterion: &str, percent: f64) -> Result<DataFrame> {
        self.validate()?;
        let c = self
            .criteria
            .iter()
            .position(|x| x == criterion)
            .ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "no criterion '{criterion}'; the criteria are: {}",
                    self.criteria.join(", ")
                ))
            })?;
        if !(percent > 0.0 && percent <= 100.0) {
            return Err(SdiaError::InvalidInput(format!(
                "percent = {percent}: give a variation in (0, 100], e.g. 20.0 for ±20 %"
            )));
        }
        if self.options.len() < 2 {
            return Err(SdiaError::InvalidInput(
                "a sensitivity analysis needs at least two options to compare".to_string(),
            ));
        }
        let base_first = order_descending(&self.weighted_scores(&self.raw_weights))[0];
        let steps = 10;
        let (mut changes, mut weights, mut firsts) = (Vec::new(), Vec::new(), Vec::new());
        let (mut first_scores, mut seconds) = (Vec::new(), Vec::new());
        let (mut margins, mut same_first) = (Vec::new(), Vec::new());
        for k in 0..=steps {
            let change = -percent + 2.0 * percent * k as f64 / steps as f64;
            let mut raw = self.raw_weights.clone();
            raw[c] *= 1.0 + change / 100.0;
            let total = self.weighted_scores(&raw);
            let order = order_descending(&total);
            let (first, second) = (order[0], order[1]);
            changes.push(change);
            weights.push(normalised(&raw)[c]);
            firsts.push(self.options[first].clone());
            first_scores.push(total[first]);
            seconds.push(self.options[second].clone());
            margins.push(total[first] - total[second]);
            same_first.push(first == base_first);
        }
        Ok(DataFrame::new(
            steps + 1,
            vec![
                Column::new("change_percent".into(), changes),
                Column::new("weight".into(), weights),
                Column::new("first".into(), firsts),
                Column::new("first_score".into(), first_scores),
                Column::new("second".into(), seconds),
                Column::new("margin".into(), margins),
                Column::new("same_first".into(), same_first),
            ],
        )?)
    }

    fn scale_high(&self) -> f64 {
        self.scale_bounds().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> DecisionMatrix {
        let scores = df!("option" => ["V", "agile"], "d" => [2, 5], "c" => [5, 3]).unwrap();
        let weights = df!("criterion" => ["d", "c"], "weight" => [1.0, 1.0]).unwrap();
        DecisionMatrix::from_frame(&scores, &weights).unwrap()
    }

    #[test]
    fn sensitivity_by_hand() {
        // Weight of d × (1 + x): w_d = (1 + x) / (2 + x). V = 2 w_d + 5 (1 − w_d),
        // agile = 5 w_d + 3 (1 − w_d): equal when w_d = 2/5, i.e. x = 1/3 − 1 = −33 %.
        let s = two().sensitivity("d", 50.0).unwrap();
        let firsts: Vec<&str> = s
            .column("first")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        // Steps −50, −40, −30, …: V first at −50 and −40, agile from −30 (w_d = 0.7/1.7 > 0.4).
        assert_eq!(&firsts[..3], &["V", "V", "agile"]);
        let same: Vec<bool> = s
            .column("same_first")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert!(!same[0] && same[5] && same[10]);
        // At 0 %: agile 4, V 3.5, margin 0.5.
        assert_eq!(s.column("margin").unwrap().f64().unwrap().get(5), Some(0.5));
        assert!(
            two()
                .sensitivity("z", 20.0)
                .unwrap_err()
                .to_string()
                .contains("d, c")
        );
        assert!(two().sensitivity("d", 150.0).is_err());
    }

    #[test]
    fn chart_draws_one_bar_part_per_criterion() {
        let svg = two().chart().unwrap().to_svg().unwrap();
        // 2 options × 2 criteria + 2 legend squares + the page.
        assert_eq!(svg.matches("<rect").count(), 7);
        assert!(svg.contains(">agile<") && svg.contains(">3.5<"));
    }
}
