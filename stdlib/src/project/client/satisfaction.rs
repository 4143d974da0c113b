//! Where the client's satisfaction is heading: monthly means and their least-squares slope.

use super::ContactLog;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::plot::dates::{civil_from_days, days_from_civil};
use crate::plot::{Plot, line_chart};
use crate::project::dates;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;
use std::collections::BTreeMap;

/// The satisfaction trend of a [`ContactLog`]: the mean score of each month with scores, and
/// the least-squares line through those means against the month number (numpy's
/// `polyfit(month_index, mean, 1)`, months without scores left out).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "date" => ["2027-01-10", "2027-01-20", "2027-02-15", "2027-04-01"],
///     "kind" => ["réunion"; 4],
///     "satisfaction" => [4.0, 5.0, 4.0, 3.0],
/// ).unwrap();
/// let t = ContactLog::from_frame(&df).unwrap().satisfaction_trend().unwrap();
/// // Means 4.5 (month 0), 4 (month 1), 3 (month 3): slope −0.5 per month.
/// assert!((t.slope.unwrap() + 0.5).abs() < 1e-12);
/// assert_eq!(t.table().height(), 3);
/// ```
#[derive(Debug, Clone)]
pub struct SatisfactionTrend {
    /// Change of the monthly mean per month (least squares); `None` with a single month.
    pub slope: Option<f64>,
    /// The fitted mean of the first month; `None` with a single month.
    pub intercept: Option<f64>,
    /// The number of scores.
    pub scores: usize,
    /// The mean of all scores.
    pub overall_mean: f64,
    table: DataFrame,
}

impl SatisfactionTrend {
    /// One row per month with scores: `month` (Date, the 1st), `month_index` (0 for the first
    /// month), `scores`, `mean`, `trend` (the fitted line; the mean when there is one month).
    pub fn table(&self) -> &DataFrame {
        &self.table
    }

    /// The monthly means and the fitted line, on a line chart with dates.
    pub fn chart(&self) -> Result<Plot> {
        Ok(line_chart(&self.table, "month", &["mean", "trend"])?
            .title("Client satisfaction per month (1–5)")
            .y_label("satisfaction"))
    }

    /// "falling", "rising" or "flat" (a slope within ±0.05 point per month, or a single month).
    pub fn direction(&self) -> &'static str {
        match self.slope {
            Some(s) if s > 0.05 => "rising",
            Some(s) if s < -0.05 => "falling",
            _ => "flat",
        }
    }
}

impl RichDisplay for SatisfactionTrend {
    fn mime_bundle(&self) -> MimeBundle {
        let show = |v: Option<f64>| v.map(format_number).unwrap_or_else(|| "—".into());
        summary_bundle(
            "Client satisfaction trend",
            &[
                ("scores", self.scores.to_string()),
                ("months", self.table.height().to_string()),
                ("overall mean (1–5)", format_number(self.overall_mean)),
                ("slope (points per month)", show(self.slope)),
                ("direction", self.direction().to_string()),
            ],
        )
    }
}

impl ContactLog {
    /// The monthly means of the `satisfaction` scores (by the contact's date) and their
    /// least-squares slope. An error if the log has no score.
    pub fn satisfaction_trend(&self) -> Result<SatisfactionTrend> {
        // month number (year × 12 + month − 1) → (sum, count)
        let mut months: BTreeMap<i64, (f64, u32)> = BTreeMap::new();
        for c in &self.contacts {
            if let Some(s) = c.satisfaction {
                let (y, m, _) = civil_from_days(c.date);
                let e = months.entry(y * 12 + i64::from(m) - 1).or_default();
                e.0 += s;
                e.1 += 1;
            }
        }
        let Some(&first) = months.keys().next() else {
            return Err(SdiaError::InvalidInput(
                "the contact log has no satisfaction score: fill the 'satisfaction' column \
                 (1 to 5) on the contacts where the client gave one"
                    .into(),
            ));
        };
        let x: Vec<f64> = months.keys().map(|k| (k - first) as f64).collect();
        let y: Vec<f64> = months.values().map(|(s, n)| s / f64::from(*n)).collect();
        let counts: Vec<u32> = months.values().map(|v| v.1).collect();
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
        let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let (slope, intercept) = if x.len() >= 2 {
            let slope = sxy / sxx;
            (Some(slope), Some(my - slope * mx))
        } else {
            (None, None)
        };
        let trend: Vec<f64> = match (slope, intercept) {
            (Some(s), Some(i)) => x.iter().map(|a| i + s * a).collect(),
            _ => y.clone(),
        };
        let firsts: Vec<i64> = months
            .keys()
            .map(|k| days_from_civil(k.div_euclid(12), (k.rem_euclid(12) + 1) as u32, 1))
            .collect();
        let total: u32 = counts.iter().sum();
        let sum: f64 = months.values().map(|v| v.0).sum();
        let columns = vec![
            dates::date_series("month", &firsts)?,
            Column::new(
                "month_index".into(),
                x.iter().map(|&v| v as i64).collect::<Vec<_>>(),
            ),
            Column::new("scores".into(), counts),
            Column::new("mean".into(), y),
            Column::new("trend".into(), trend),
        ];
        Ok(SatisfactionTrend {
            slope,
            intercept,
            scores: total as usize,
            overall_mean: sum / f64::from(total),
            table: DataFrame::new(firsts.len(), columns)?,
        })
    }

    /// The chart of [`ContactLog::satisfaction_trend`]: monthly means and the fitted line.
    pub fn satisfaction_chart(&self) -> Result<Plot> {
        self.satisfaction_trend()?.chart()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn monthly_means_and_slope_by_hand() {
        // January: 4, 3, 2 → 3 (month 0); February: 3, 4 → 3.5 (1); March: 5 (2).
        // x̄ = 1, ȳ = 11.5/3; Sxy = (−1)(3 − ȳ) + 0 + (1)(5 − ȳ) = 2; Sxx = 2 → slope 1.
        let t = ContactLog::from_frame(&sample())
            .unwrap()
            .satisfaction_trend()
            .unwrap();
        assert!((t.slope.unwrap() - 1.0).abs() < 1e-12);
        // intercept = ȳ − slope · x̄ = 11.5/3 − 1.
        assert!((t.intercept.unwrap() - (11.5 / 3.0 - 1.0)).abs() < 1e-12);
        assert_eq!(t.scores, 6);
        assert!((t.overall_mean - 21.0 / 6.0).abs() < 1e-12);
        let means: Vec<f64> = t
            .table()
            .column("mean")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(means, vec![3.0, 3.5, 5.0]);
        assert_eq!(t.direction(), "rising");
        assert!(
            t.chart()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("satisfaction")
        );
        assert!(t.mime_bundle()[0].1.contains("rising"));
    }

    #[test]
    fn one_month_or_no_score() {
        let df = df!("date" => ["2027-01-04", "2027-01-05"], "kind" => ["a", "b"],
            "satisfaction" => [Some(2.0), None])
        .unwrap();
        let t = ContactLog::from_frame(&df)
            .unwrap()
            .satisfaction_trend()
            .unwrap();
        assert_eq!((t.slope, t.direction()), (None, "flat"));
        let df = df!("date" => ["2027-01-04"], "kind" => ["a"]).unwrap();
        let e = ContactLog::from_frame(&df)
            .unwrap()
            .satisfaction_trend()
            .unwrap_err();
        assert!(e.to_string().contains("no satisfaction"));
    }
}
