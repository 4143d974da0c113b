//! [`GrowthScenarios`]: how the data volume and its cost grow over the years under several
//! growth rates, and when a capacity is outgrown.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::plot::{Plot, XyChart};
use crate::table::format_compact as compact;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// Growth scenarios of a data volume: from `initial_tb` terabytes, each scenario grows at its
/// own annual rate, **compounded monthly**: the monthly factor is `(1 + r)^(1/12)`, so the
/// volume at the end of month `m` is `initial_tb × (1 + r)^(m/12)` and a year of months gives
/// exactly `1 + r`.
///
/// The cost of month `m` is `volume(m) × cost_per_tb_month + compute_cost` (storage billed on
/// the volume at the end of the month, plus a fixed monthly compute cost, 0 unless set).
/// Defaults: 3 years, 20 €/TB/month (order of magnitude of object storage in a French
/// cloud region), no compute cost.
///
/// ```
/// use sdia::prelude::*;
///
/// let growth = GrowthScenarios::new(10.0).scenario("prudent", 0.20).scenario("fort", 1.0).years(2);
/// let table = growth.table().unwrap();
/// assert_eq!(table.height(), 2 * 24); // 24 months per scenario
/// let v = table.column("volume_tb").unwrap().f64().unwrap();
/// assert!((v.get(11).unwrap() - 12.0).abs() < 1e-12); // prudent, month 12: 10 × 1.2
/// assert!((v.get(47).unwrap() - 40.0).abs() < 1e-12); // fort, month 24: 10 × 2²
/// ```
#[derive(Debug, Clone)]
pub struct GrowthScenarios {
    initial_tb: f64,
    scenarios: Vec<(String, f64)>,
    years: u32,
    cost_per_tb_month: f64,
    compute_cost: f64,
}

impl GrowthScenarios {
    /// Scenarios starting from `initial_tb` terabytes today (checked when used).
    pub fn new(initial_tb: f64) -> GrowthScenarios {
        GrowthScenarios {
            initial_tb,
            scenarios: Vec::new(),
            years: 3,
            cost_per_tb_month: 20.0,
            compute_cost: 0.0,
        }
    }

    /// Adds a scenario growing by `annual_rate` a year (0.20 for +20 %/year; > −1).
    pub fn scenario(mut self, name: &str, annual_rate: f64) -> GrowthScenarios {
        self.scenarios.push((name.to_string(), annual_rate));
        self
    }

    /// The horizon in years (default 3).
    pub fn years(mut self, years: u32) -> GrowthScenarios {
        self.years = years;
        self
    }

    /// The storage cost, € per TB per month (default 20).
    pub fn cost_per_tb_month(mut self, euros: f64) -> GrowthScenarios {
        self.cost_per_tb_month = euros;
        self
    }

    /// A fixed compute cost added to every month, € (default 0).
    pub fn compute_cost(mut self, euros_per_month: f64) -> GrowthScenarios {
        self.compute_cost = euros_per_month;
        self
    }

    /// Checks the parameters: an error names the one at fault.
    fn validate(&self) -> Result<()> {
        let bad = |what: String| Err(SdiaError::InvalidInput(what));
        if !(self.initial_tb.is_finite() && self.initial_tb > 0.0) {
            return bad(format!(
                "initial volume = {} TB: give today's volume as a positive number of TB",
                self.initial_tb
            ));
        }
        if self.scenarios.is_empty() {
            return bad(
                "no growth scenario: add one with .scenario(\"prudent\", 0.20)".to_string(),
            );
        }
        for (i, (name, rate)) in self.scenarios.iter().enumerate() {
            if !(rate.is_finite() && *rate > -1.0) {
                return bad(format!(
                    "scenario '{name}' has an annual rate of {rate}: give a number > −1 \
                     (0.20 for +20 % a year)"
                ));
            }
            if self.scenarios[..i].iter().any(|(other, _)| other == name) {
                return bad(format!(
                    "scenario '{name}' appears twice: give each scenario its own name"
                ));
            }
        }
        if self.years == 0 || self.years > 50 {
            return bad(format!(
                "years = {}: choose a horizon from 1 to 50 years",
                self.years
            ));
        }
        for (value, what) in [
            (self.cost_per_tb_month, "cost per TB per month"),
            (self.compute_cost, "compute cost"),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return bad(format!("{what} = {value} €: it must be a number ≥ 0"));
            }
        }
        Ok(())
    }

    /// The volume of a scenario growing at `rate` at the end of month `m`.
    fn volume(&self, rate: f64, month: u32) -> f64 {
        self.initial_tb * (1.0 + rate).powf(month as f64 / 12.0)
    }

    /// One row per scenario and month (1 to 12 × years): `scenario`, `month`, `year` (1 for
    /// months 1–12…), `volume_tb`, `storage_cost`, `compute_cost`, `monthly_cost` (their sum,
    /// €) and `cumulative_cost` (€ since month 1). Errors: no scenario, a rate ≤ −1, a
    /// duplicate scenario name, a volume or cost that is not a positive number.
    pub fn table(&self) -> Result<DataFrame> {
        self.validate()?;
        let months = self.years * 12;
        let (mut name, mut month, mut year) = (vec![], vec![], vec![]);
        let (mut volume, mut storage, mut compute, mut monthly, mut cumulative) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (scenario, rate) in &self.scenarios {
            let mut total = 0.0;
            for m in 1..=months {
                let v = self.volume(*rate, m);
                let cost = v * self.cost_per_tb_month + self.compute_cost;
                total += cost;
                name.push(scenario.clone());
                month.push(m);
                year.push((m - 1) / 12 + 1);
                volume.push(v);
                storage.push(v * self.cost_per_tb_month);
                compute.push(self.compute_cost);
                monthly.push(cost);
                cumulative.push(total);
            }
        }
        Ok(DataFrame::new(
            name.len(),
            vec![
                Column::new("scenario".into(), name),
                Column::new("month".into(), month),
                Column::new("year".into(), year),
                Column::new("volume_tb".into(), volume),
                Column::new("storage_cost".into(), storage),
                Column::new("compute_cost".into(), compute),
                Column::new("monthly_cost".into(), monthly),
                Column::new("cumulative_cost".into(), cumulative),
            ],
        )?)
    }

    /// One line per scenario: the volume (TB) from month 0 (today) to the horizon.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let chart = GrowthScenarios::new(5.0).scenario("prudent", 0.2).chart().unwrap();
    /// assert!(chart.to_svg().unwrap().contains("prudent"));
    /// assert!(GrowthScenarios::new(5.0).chart().is_err()); // no scenario
    /// ```
    pub fn chart(&self) -> Result<Plot> {
        self.validate()?;
        let mut chart = XyChart::new();
        for (name, rate) in &self.scenarios {
            let points: Vec<(f64, f64)> = (0..=self.years * 12)
                .map(|m| (m as f64, self.volume(*rate, m)))
                .collect();
            chart = chart.line(&format!("{name} ({})", rate_label(*rate)), &points);
        }
        chart.plot("Data volume by growth scenario", "month", "volume (TB)")
    }

    /// The first month (1 to 12 × years) in which each scenario's volume exceeds
    /// `capacity_tb` (strictly more): `scenario`, `annual_rate`, `month` (0 if today's volume
    /// already exceeds it, null if never within the horizon) and `volume_tb` that month.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// // 10 TB doubling every year passes 20 TB just after month 12: month 13.
    /// let when = GrowthScenarios::new(10.0).scenario("x2", 1.0).scenario("flat", 0.0)
    ///     .when_exceeds(20.0).unwrap();
    /// let month = when.column("month").unwrap().u32().unwrap();
    /// assert_eq!(month.get(0), Some(13));
    /// assert_eq!(month.get(1), None);
    /// ```
    pub fn when_exceeds(&self, capacity_tb: f64) -> Result<DataFrame> {
        self.validate()?;
        if !(capacity_tb.is_finite() && capacity_tb > 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "capacity = {capacity_tb} TB: give a positive number of TB"
            )));
        }
        let mut months: Vec<Option<u32>> = vec![];
        let mut volumes: Vec<Option<f64>> = vec![];
        for (_, rate) in &self.scenarios {
            let first = (0..=self.years * 12).find(|&m| self.volume(*rate, m) > capacity_tb);
            months.push(first);
            volumes.push(first.map(|m| self.volume(*rate, m)));
        }
        let n = self.scenarios.len();
        Ok(DataFrame::new(
            n,
            vec![
                Column::new(
                    "scenario".into(),
                    self.scenarios
                        .iter()
                        .map(|s| s.0.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "annual_rate".into(),
                    self.scenarios.iter().map(|s| s.1).collect::<Vec<f64>>(),
                ),
                Column::new("month".into(), months),
                Column::new("volume_tb".into(), volumes),
            ],
        )?)
    }
}

/// An annual rate as "+20 %/year" or "−10 %/year".
fn rate_label(rate: f64) -> String {
    let sign = if rate < 0.0 { "−" } else { "+" };
    format!("{sign}{} %/year", compact((rate * 100.0).abs()))
}

impl RichDisplay for GrowthScenarios {
    fn mime_bundle(&self) -> MimeBundle {
        let scenarios: Vec<String> = self
            .scenarios
            .iter()
            .map(|(n, r)| format!("{n} ({})", rate_label(*r)))
            .collect();
        summary_bundle(
            "Growth scenarios",
            &[
                (
                    "initial volume",
                    format!("{} TB", format_number(self.initial_tb)),
                ),
                ("scenarios", scenarios.join(", ")),
                ("horizon", format!("{} years", self.years)),
                (
                    "costs",
                    format!(
                        "{} €/TB/month + {} €/month of compute",
                        format_number(self.cost_per_tb_month),
                        format_number(self.compute_cost)
                    ),
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_growth_and_costs_by_hand() {
        // 4 TB at +44 %/year: monthly factor 1.44^(1/12); month 6 = 4 × 1.2 = 4.8 TB.
        let g = GrowthScenarios::new(4.0)
            .scenario("a", 0.44)
            .years(1)
            .cost_per_tb_month(10.0)
            .compute_cost(100.0);
        let t = g.table().unwrap();
        let col = |name: &str| -> Vec<f64> {
            t.column(name)
                .unwrap()
                .f64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        let v = col("volume_tb");
        assert!((v[5] - 4.8).abs() < 1e-12 && (v[11] - 5.76).abs() < 1e-12);
        // Month 6: 4.8 × 10 + 100 = 148 €.
        assert!((col("monthly_cost")[5] - 148.0).abs() < 1e-9);
        // Cumulative after 12 months: 10 × Σ 4 × 1.44^(m/12) + 12 × 100.
        let expected: f64 = (1..=12)
            .map(|m| 40.0 * 1.44f64.powf(m as f64 / 12.0) + 100.0)
            .sum();
        assert!((col("cumulative_cost")[11] - expected).abs() < 1e-9);
        let year: Vec<u32> = t
            .column("year")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!((year[0], year[11]), (1, 1));
        assert!(g.mime_bundle()[0].1.contains("a (+44 %/year)"));
        assert!(g.chart().unwrap().describe().contains("13 points"));
    }

    #[test]
    fn first_month_over_capacity() {
        // 10 TB at +21 %/year: 1.21^(m/12) > 1.1 ⇔ m > 6 → month 7. Capacity 9: month 0.
        let g = GrowthScenarios::new(10.0).scenario("a", 0.21);
        let when = g.when_exceeds(11.0).unwrap();
        assert_eq!(when.column("month").unwrap().u32().unwrap().get(0), Some(7));
        let when = g.when_exceeds(9.0).unwrap();
        assert_eq!(when.column("month").unwrap().u32().unwrap().get(0), Some(0));
        assert!(g.when_exceeds(0.0).is_err());
    }

    #[test]
    fn bad_parameters_are_named() {
        let e = GrowthScenarios::new(1.0).table().unwrap_err().to_string();
        assert!(e.contains("no growth scenario"), "{e}");
        let e = GrowthScenarios::new(1.0)
            .scenario("crash", -1.0)
            .table()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'crash'"), "{e}");
        let e = GrowthScenarios::new(1.0)
            .scenario("a", 0.1)
            .scenario("a", 0.2)
            .table()
            .unwrap_err()
            .to_string();
        assert!(e.contains("twice"), "{e}");
        let e = GrowthScenarios::new(-2.0)
            .scenario("a", 0.1)
            .table()
            .unwrap_err()
            .to_string();
        assert!(e.contains("-2"), "{e}");
        assert!(
            GrowthScenarios::new(1.0)
                .scenario("a", 0.1)
                .years(0)
                .table()
                .is_err()
        );
        assert!(
            GrowthScenarios::new(1.0)
                .scenario("a", 0.1)
                .cost_per_tb_month(f64::NAN)
                .table()
                .is_err()
        );
    }
}
