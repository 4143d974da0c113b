//! The chart of a [`ThroughputBudget`]: throughput per flow against the budget.

use super::budget::{BudgetVerdict, ThroughputBudget};
use crate::project::drawing::{Anchor, Drawing};
use crate::table::format_compact as compact;

impl ThroughputBudget {
    /// A horizontal bar chart of the mean throughput of each flow (heaviest first), then the
    /// total and the total at peak, with the budget as a dashed red line.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["docks"], "source" => ["x"], "protocol" => ["MQTT"], "format" => ["JSON"],
    ///     "rate" => [1.0], "period" => ["second"], "record_bytes" => [1e6],
    /// ).unwrap();
    /// let chart = DataFlows::from_frame(&df).unwrap().budget(2.0).unwrap().chart();
    /// let svg = chart.to_svg().unwrap();
    /// assert!(svg.contains("docks") && svg.contains("stroke-dasharray"));
    /// ```
    pub fn chart(&self) -> Drawing {
        let bars: Vec<(String, f64, &str)> = self
            .ranked
            .iter()
            .map(|(id, mb)| (id.clone(), *mb, "#4c78a8"))
            .chain([
                ("total (mean)".to_string(), self.mean_mb_per_s, "#f58518"),
                (
                    format!("total at peak (×{})", compact(self.peak)),
                    self.peak_mb_per_s,
                    if self.verdict == BudgetVerdict::Exceeds {
                        "#e45756"
                    } else {
                        "#f58518"
                    },
                ),
            ])
            .collect();
        let (left, plot_w, top, row) = (200.0, 480.0, 50.0, 26.0);
        let height = top + row * bars.len() as f64 + 50.0;
        let mut d = Drawing::new(
            "Throughput per flow (MB/s) and ingestion budget",
            (left + plot_w + 40.0) as u32,
            height as u32,
        );
        let max = self.budget_mb_per_s.max(self.peak_mb_per_s) * 1.1;
        let x = |v: f64| left + v / max * plot_w;
        let bottom = top + row * bars.len() as f64;
        let step = nice_step(max / 5.0);
        let mut tick = 0.0;
        while tick <= max {
            d.line(x(tick), top, x(tick), bottom, "#e0e0e0", 1.0, false);
            d.text(
                x(tick),
                bottom + 16.0,
                &compact(tick),
                11.0,
                Anchor::Middle,
                false,
            );
            tick += step;
        }
        for (i, (label, value, fill)) in bars.iter().enumerate() {
            let y = top + row * i as f64;
            d.rect(left, y + 4.0, x(*value) - left, row - 8.0, fill, "none");
            d.text(
                left - 6.0,
                y + row / 2.0 + 4.0,
                label,
                12.0,
                Anchor::End,
                false,
            );
        }
        d.line(left, top, left, bottom, "#333333", 1.0, false);
        let b = x(self.budget_mb_per_s);
        d.line(b, top - 6.0, b, bottom, "#d62728", 2.0, true);
        d.text(
            b,
            top - 10.0,
            &format!("budget {} MB/s", compact(self.budget_mb_per_s)),
            11.0,
            Anchor::Middle,
            false,
        );
        d.text(
            left + plot_w / 2.0,
            bottom + 36.0,
            "MB/s",
            12.0,
            Anchor::Middle,
            false,
        );
        d
    }
}

/// A round step (1, 2 or 5 × a power of ten) at least `raw`.
pub(crate) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
}
