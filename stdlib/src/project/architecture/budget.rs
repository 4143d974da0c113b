//! [`ThroughputBudget`]: the flows' total throughput, at peak, set against the capacity of the
//! ingestion layer, with the headroom left and a verdict.

use super::flows::{DataFlows, share};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::table::format_compact as compact;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// Below this headroom (in % of the budget) a budget that holds is called tight.
pub const TIGHT_HEADROOM_PERCENT: f64 = 20.0;

/// What a [`ThroughputBudget`] concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetVerdict {
    /// The peak throughput leaves at least 20 % of the budget free.
    Fits,
    /// The peak throughput fits, with less than 20 % of the budget free.
    Tight,
    /// The peak throughput is more than the budget.
    Exceeds,
}

impl BudgetVerdict {
    /// The verdict in a few words.
    pub fn describe(&self) -> &'static str {
        match self {
            BudgetVerdict::Fits => "fits (headroom ≥ 20 %)",
            BudgetVerdict::Tight => "tight (headroom < 20 %)",
            BudgetVerdict::Exceeds => "exceeds the budget",
        }
    }
}

/// The ingestion budget of a [`DataFlows`] inventory, made by [`DataFlows::budget`].
///
/// The mean throughput of the flows is multiplied by a **peak factor** (default 1: no peak),
/// set with [`peak_factor`](ThroughputBudget::peak_factor): the ratio of the busiest minutes to
/// the mean (bursts at rush hour, a fleet of sensors reconnecting after an outage). Values of
/// 2–3 are common for IoT and app traffic; size the ingestion for the peak, not the mean.
///
/// `headroom_percent = (budget − peak throughput) / budget × 100` (negative when the peak
/// exceeds the budget); the verdict is [`Exceeds`](BudgetVerdict::Exceeds) above the budget,
/// [`Tight`](BudgetVerdict::Tight) under 20 % of headroom, [`Fits`](BudgetVerdict::Fits) else.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "flow" => ["docks", "gps"], "source" => ["IoT", "bikes"], "protocol" => ["MQTT", "MQTT"],
///     "format" => ["JSON", "JSON"], "rate" => [1.0, 3.0], "period" => ["second", "second"],
///     "record_bytes" => [1e6, 1e6],
/// ).unwrap();
/// let budget = DataFlows::from_frame(&df).unwrap().budget(10.0).unwrap().peak_factor(2.0).unwrap();
/// assert_eq!(budget.mean_mb_per_s, 4.0);
/// assert_eq!(budget.peak_mb_per_s, 8.0);
/// assert_eq!(budget.headroom_percent, 20.0); // (10 − 8) / 10
/// assert_eq!(budget.verdict, BudgetVerdict::Fits);
/// assert_eq!(budget.ranked_ids(), vec!["gps", "docks"]);
/// ```
#[derive(Debug, Clone)]
pub struct ThroughputBudget {
    /// The capacity of the ingestion layer, MB/s.
    pub budget_mb_per_s: f64,
    /// The peak factor (≥ 1).
    pub peak: f64,
    /// The total mean throughput of the flows, MB/s.
    pub mean_mb_per_s: f64,
    /// The total throughput at peak: mean × peak factor, MB/s.
    pub peak_mb_per_s: f64,
    /// `(budget − peak throughput) / budget × 100`.
    pub headroom_percent: f64,
    /// Fits, tight or exceeds.
    pub verdict: BudgetVerdict,
    /// (flow id, mean MB/s), heaviest first (ties in the inventory's order).
    pub(crate) ranked: Vec<(String, f64)>,
}

impl ThroughputBudget {
    pub(crate) fn new(flows: &DataFlows, budget_mb_per_s: f64) -> Result<ThroughputBudget> {
        if !(budget_mb_per_s.is_finite() && budget_mb_per_s > 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "budget = {budget_mb_per_s} MB/s: give the capacity of the ingestion layer as \
                 a positive number of MB/s, e.g. 5.0"
            )));
        }
        let mut ranked: Vec<(String, f64)> = flows
            .flows()
            .iter()
            .map(|f| (f.id.clone(), f.mb_per_s))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut budget = ThroughputBudget {
            budget_mb_per_s,
            peak: 1.0,
            mean_mb_per_s: flows.total_mb_per_s(),
            peak_mb_per_s: 0.0,
            headroom_percent: 0.0,
            verdict: BudgetVerdict::Fits,
            ranked,
        };
        budget.settle();
        Ok(budget)
    }

    /// Recomputes the peak throughput, headroom and verdict.
    fn settle(&mut self) {
        self.peak_mb_per_s = self.mean_mb_per_s * self.peak;
        self.headroom_percent =
            (self.budget_mb_per_s - self.peak_mb_per_s) / self.budget_mb_per_s * 100.0;
        self.verdict = if self.peak_mb_per_s > self.budget_mb_per_s {
            BudgetVerdict::Exceeds
        } else if self.headroom_percent < TIGHT_HEADROOM_PERCENT {
            BudgetVerdict::Tight
        } else {
            BudgetVerdict::Fits
        };
    }

    /// Sets the peak factor (peak throughput / mean throughput, ≥ 1; default 1) and recomputes
    /// the headroom and verdict. An error if the factor is below 1 or not a number.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["a"], "source" => ["x"], "protocol" => ["MQTT"], "format" => ["JSON"],
    ///     "rate" => [1.0], "period" => ["second"], "record_bytes" => [1e6],
    /// ).unwrap();
    /// let budget = DataFlows::from_frame(&df).unwrap().budget(2.5).unwrap();
    /// assert_eq!(budget.clone().peak_factor(3.0).unwrap().verdict, BudgetVerdict::Exceeds);
    /// assert!(budget.peak_factor(0.5).is_err());
    /// ```
    pub fn peak_factor(mut self, factor: f64) -> Result<ThroughputBudget> {
        if !(factor.is_finite() && factor >= 1.0) {
            return Err(SdiaError::InvalidInput(format!(
                "peak factor = {factor}: it is the ratio of the peak throughput to the mean, \
                 a number ≥ 1 (e.g. 3.0)"
            )));
        }
        self.peak = factor;
        self.settle();
        Ok(self)
    }

    /// The flow ids, heaviest first.
    pub fn ranked_ids(&self) -> Vec<&str> {
        self.ranked.iter().map(|(id, _)| id.as_str()).collect()
    }

    /// The flows ranked by weight, heaviest first: `rank` (1 = heaviest), `flow`, `mb_per_s`
    /// (mean), `peak_mb_per_s` (× peak factor), `share` of the total and `cumulative_share`
    /// (which few flows make most of the load).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["a", "b"], "source" => ["x", "y"], "protocol" => ["MQTT", "MQTT"],
    ///     "format" => ["JSON", "JSON"], "rate" => [1.0, 3.0], "period" => ["second", "second"],
    ///     "record_bytes" => [1e6, 1e6],
    /// ).unwrap();
    /// let ranked = DataFlows::from_frame(&df).unwrap().budget(5.0).unwrap().ranked().unwrap();
    /// let cumulative: Vec<f64> = ranked.column("cumulative_share").unwrap().f64().unwrap()
    ///     .into_no_null_iter().collect();
    /// assert_eq!(cumulative, vec![0.75, 1.0]);
    /// ```
    pub fn ranked(&self) -> Result<DataFrame> {
        let n = self.ranked.len();
        let mut cumulative = 0.0;
        let mut cumulative_share = Vec::with_capacity(n);
        for (_, mb) in &self.ranked {
            cumulative += mb;
            cumulative_share.push(share(cumulative, self.mean_mb_per_s));
        }
        Ok(DataFrame::new(
            n,
            vec![
                Column::new("rank".into(), (1..=n as u32).collect::<Vec<u32>>()),
                Column::new("flow".into(), self.ranked_ids()),
                Column::new(
                    "mb_per_s".into(),
                    self.ranked.iter().map(|r| r.1).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "peak_mb_per_s".into(),
                    self.ranked
                        .iter()
                        .map(|r| r.1 * self.peak)
                        .collect::<Vec<f64>>(),
                ),
                Column::new(
                    "share".into(),
                    self.ranked
                        .iter()
                        .map(|r| share(r.1, self.mean_mb_per_s))
                        .collect::<Vec<f64>>(),
                ),
                Column::new("cumulative_share".into(), cumulative_share),
            ],
        )?)
    }
}

impl RichDisplay for ThroughputBudget {
    fn mime_bundle(&self) -> MimeBundle {
        let heaviest: Vec<String> = self
            .ranked
            .iter()
            .take(3)
            .map(|(id, mb)| format!("{id} ({} MB/s)", compact(*mb)))
            .collect();
        summary_bundle(
            "Ingestion throughput budget",
            &[
                (
                    "budget",
                    format!("{} MB/s", format_number(self.budget_mb_per_s)),
                ),
                (
                    "mean throughput",
                    format!("{} MB/s", format_number(self.mean_mb_per_s)),
                ),
                ("peak factor", format_number(self.peak)),
                (
                    "peak throughput",
                    format!("{} MB/s", format_number(self.peak_mb_per_s)),
                ),
                (
                    "headroom",
                    format!("{} %", format_number(self.headroom_percent)),
                ),
                ("heaviest flows", heaviest.join(", ")),
                ("verdict", self.verdict.describe().to_string()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::architecture::budget_chart::nice_step;

    fn flows() -> DataFlows {
        // a: 2 ev/s × 1 MB = 2 MB/s; b: 60/min = 1 ev/s × 0.5 MB = 0.5 MB/s;
        // c: 3600/h = 1 ev/s × 1.5 MB = 1.5 MB/s. Total 4 MB/s.
        let df = df!(
            "flow" => ["a", "b", "c"], "source" => ["x", "y", "z"],
            "protocol" => ["MQTT", "HTTPS/REST", "SFTP"], "format" => ["JSON", "JSON", "CSV"],
            "rate" => [2.0, 60.0, 3_600.0], "period" => ["second", "minute", "hour"],
            "record_bytes" => [1e6, 5e5, 1.5e6],
        )
        .unwrap();
        DataFlows::from_frame(&df).unwrap()
    }

    #[test]
    fn headroom_and_verdicts_by_hand() {
        let b = flows().budget(10.0).unwrap();
        assert!((b.mean_mb_per_s - 4.0).abs() < 1e-12);
        assert!((b.headroom_percent - 60.0).abs() < 1e-12); // (10 − 4) / 10
        assert_eq!(b.verdict, BudgetVerdict::Fits);
        // ×2.4 → 9.6 MB/s: 4 % headroom, tight.
        let b = b.peak_factor(2.4).unwrap();
        assert!((b.peak_mb_per_s - 9.6).abs() < 1e-12);
        assert!((b.headroom_percent - 4.0).abs() < 1e-9);
        assert_eq!(b.verdict, BudgetVerdict::Tight);
        // ×3 → 12 MB/s: −20 % headroom.
        let b = b.peak_factor(3.0).unwrap();
        assert!((b.headroom_percent + 20.0).abs() < 1e-9);
        assert_eq!(b.verdict, BudgetVerdict::Exceeds);
        assert_eq!(b.ranked_ids(), vec!["a", "c", "b"]);
        let text = &b.mime_bundle()[0].1;
        assert!(
            text.contains("exceeds") && text.contains("a (2 MB/s)"),
            "{text}"
        );
    }

    #[test]
    fn ranked_table_and_chart() {
        let b = flows().budget(5.0).unwrap().peak_factor(1.5).unwrap();
        let r = b.ranked().unwrap();
        let cum: Vec<f64> = r
            .column("cumulative_share")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        // 2/4, (2 + 1.5)/4, 4/4
        assert_eq!(cum, vec![0.5, 0.875, 1.0]);
        let peak: Vec<f64> = r
            .column("peak_mb_per_s")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(peak, vec![3.0, 2.25, 0.75]);
        let svg = b.chart().to_svg().unwrap();
        assert!(svg.contains("total at peak (×1.5)") && svg.contains("budget 5 MB/s"));
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(
            (compact(5.0), compact(1.5), compact(44.000000000000001)),
            ("5".into(), "1.5".into(), "44".into())
        );
        assert_eq!(nice_step(1.2), 2.0);
        assert_eq!(nice_step(30.0), 50.0);
    }

    #[test]
    fn bad_budgets_are_refused() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(flows().budget(bad).is_err());
        }
        let e = flows()
            .budget(1.0)
            .unwrap()
            .peak_factor(0.9)
            .unwrap_err()
            .to_string();
        assert!(e.contains("peak factor") && e.contains("0.9"), "{e}");
    }
}
