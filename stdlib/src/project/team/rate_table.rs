//! Incident rates per group (team, site, quarter…) with exact Poisson intervals, from a table
//! of counts and exposures.

use super::ci_chart::{Bar, ci_chart};
use super::intervals::{RateEstimate, check_confidence, rate_for};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::Plot;
use crate::project::checks;
use polars::prelude::*;

/// Rates per group, from [`incident_rates`]; expressed per [`per`](RateTable::per) units of
/// exposure (default 1) at a [`confidence`](RateTable::confidence) level (default 0.95).
#[derive(Debug, Clone)]
pub struct RateTable {
    group_column: String,
    events_column: String,
    exposure_column: String,
    groups: Vec<String>,
    events: Vec<u64>,
    exposure: Vec<f64>,
    per: f64,
    confidence: f64,
}

/// The event rate of each group of `df` and overall, with exact Poisson (Garwood) intervals
/// (see [`rate_ci`](super::rate_ci)). Columns read: `group_col` (text or integers), `events_col`
/// (whole numbers ≥ 0) and `exposure_col` (numbers ≥ 0: hours worked…); several rows of a
/// group (e.g. one per quarter) are added up. Errors name the group and the row: an empty
/// cell, a negative or fractional count, a negative exposure, a group with no exposure.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("team" => ["nord", "nord", "sud"], "incidents" => [2, 1, 0],
///              "hours" => [50_000.0, 50_000.0, 80_000.0]).unwrap();
/// let rates = incident_rates(&df, "team", "incidents", "hours").unwrap().per(200_000.0);
/// let t = rates.table().unwrap();
/// let rate: Vec<f64> = t.column("rate").unwrap().f64().unwrap().into_no_null_iter().collect();
/// assert_eq!(rate, [6.0, 0.0, 3.0 / 180_000.0 * 200_000.0]); // nord, sud, overall
/// ```
pub fn incident_rates(
    df: &DataFrame,
    group_col: &str,
    events_col: &str,
    exposure_col: &str,
) -> Result<RateTable> {
    frame::require_rows(df, "the incidents table")?;
    let labels = checks::required_text(df, group_col)?;
    let counts = frame::f64_options(df, events_col)?;
    let hours = frame::f64_options(df, exposure_col)?;
    let mut table = RateTable {
        group_column: group_col.to_string(),
        events_column: events_col.to_string(),
        exposure_column: exposure_col.to_string(),
        groups: Vec::new(),
        events: Vec::new(),
        exposure: Vec::new(),
        per: 1.0,
        confidence: 0.95,
    };
    for (row, ((group, count), hour)) in labels.iter().zip(counts).zip(hours).enumerate() {
        let whose = format!("{group_col} '{group}' (row {row})");
        let count = match count {
            Some(c) if c >= 0.0 && c.fract() == 0.0 => c as u64,
            other => {
                return Err(SdiaError::InvalidInput(format!(
                    "{events_col} of {whose} is {}: counts must be whole numbers ≥ 0",
                    other.map_or("missing".to_string(), |c| c.to_string())
                )));
            }
        };
        let hour = hour.ok_or_else(|| {
            SdiaError::InvalidInput(format!("{exposure_col} of {whose} is missing: fill it in"))
        })?;
        if !(hour.is_finite() && hour >= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "{exposure_col} of {whose} is {hour}: it must be a number ≥ 0"
            )));
        }
        let g = match table.groups.iter().position(|x| x == group) {
            Some(g) => g,
            None => {
                table.groups.push(group.clone());
                table.events.push(0);
                table.exposure.push(0.0);
                table.groups.len() - 1
            }
        };
        table.events[g] += count;
        table.exposure[g] += hour;
    }
    Ok(table)
}

impl RateTable {
    /// Expresses the rates per `unit` of exposure, e.g. 200,000 hours worked.
    pub fn per(mut self, unit: f64) -> RateTable {
        self.per = unit;
        self
    }

    /// The confidence level of the intervals (default 0.95).
    pub fn confidence(mut self, confidence: f64) -> RateTable {
        self.confidence = confidence;
        self
    }

    /// The estimate of each group, in order of first appearance, then `"overall"`.
    pub fn estimates(&self) -> Result<Vec<(String, RateEstimate)>> {
        if !(self.per.is_finite() && self.per > 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "per({}): rates are expressed per a number of exposure units > 0, e.g. 200000",
                self.per
            )));
        }
        check_confidence(self.confidence, "")?;
        let mut out = Vec::with_capacity(self.groups.len() + 1);
        for ((group, &k), &t) in self.groups.iter().zip(&self.events).zip(&self.exposure) {
            let whose = format!(" for {} '{group}'", self.group_column);
            out.push((
                group.clone(),
                rate_for(k, t, self.confidence, &whose)?.per(self.per),
            ));
        }
        let k: u64 = self.events.iter().sum();
        let t: f64 = self.exposure.iter().sum();
        out.push((
            "overall".to_string(),
            rate_for(k, t, self.confidence, " overall")?.per(self.per),
        ));
        Ok(out)
    }

    /// The table: the group column, the events and exposure columns (summed), `rate`, `lower`,
    /// `upper` (per [`per`](RateTable::per) units); the last row is `"overall"`.
    pub fn table(&self) -> Result<DataFrame> {
        let e = self.estimates()?;
        Ok(DataFrame::new(
            e.len(),
            vec![
                Column::new(
                    self.group_column.as_str().into(),
                    e.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    self.events_column.as_str().into(),
                    e.iter().map(|x| x.1.events).collect::<Vec<u64>>(),
                ),
                Column::new(
                    self.exposure_column.as_str().into(),
                    e.iter().map(|x| x.1.exposure).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "rate".into(),
                    e.iter().map(|x| x.1.rate).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "lower".into(),
                    e.iter().map(|x| x.1.lower).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "upper".into(),
                    e.iter().map(|x| x.1.upper).collect::<Vec<f64>>(),
                ),
            ],
        )?)
    }

    /// Error bars of the groups' rates (point = rate, bar = interval), the overall rate dashed.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("team" => ["nord", "sud"], "incidents" => [3, 1], "hours" => [90_000.0, 70_000.0]).unwrap();
    /// let plot = incident_rates(&df, "team", "incidents", "hours").unwrap().per(200_000.0).chart().unwrap();
    /// assert!(plot.to_svg().unwrap().contains("nord"));
    /// ```
    pub fn chart(&self) -> Result<Plot> {
        let e = self.estimates()?;
        let (groups, overall) = e.split_at(e.len() - 1);
        let bars: Vec<Bar> = groups
            .iter()
            .map(|(g, r)| Bar {
                label: g.clone(),
                estimate: r.rate,
                lower: r.lower,
                upper: r.upper,
            })
            .collect();
        let overall = overall.first().map_or(0.0, |o| o.1.rate);
        ci_chart(
            &bars,
            overall,
            &format!(
                "{} per {} {} by {} ({} % intervals)",
                self.events_column,
                self.per,
                self.exposure_column,
                self.group_column,
                self.confidence * 100.0
            ),
            &format!(
                "{} per {} {}",
                self.events_column, self.per, self.exposure_column
            ),
        )
    }
}

impl RichDisplay for RateTable {
    fn mime_bundle(&self) -> MimeBundle {
        match self.table() {
            Ok(t) => t.mime_bundle(),
            Err(e) => vec![("text/plain".into(), e.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::team::rate_ci;

    #[test]
    fn groups_are_summed_and_match_rate_ci() {
        // nord: 2 + 1 = 3 events in 100,000 h; sud: 0 in 80,000 h; overall 3 in 180,000 h.
        let df = df!("team" => ["nord", "sud", "nord"], "incidents" => [2, 0, 1],
                     "hours" => [40_000.0, 80_000.0, 60_000.0])
        .unwrap();
        let r = incident_rates(&df, "team", "incidents", "hours")
            .unwrap()
            .per(200_000.0)
            .confidence(0.9);
        let e = r.estimates().unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].0, "nord");
        assert_eq!(e[0].1, rate_ci(3, 100_000.0, 0.9).unwrap().per(200_000.0));
        assert_eq!(e[1].1.lower, 0.0);
        assert_eq!((e[2].0.as_str(), e[2].1.events), ("overall", 3));
        assert!((e[2].1.rate - 3.0 / 180_000.0 * 200_000.0).abs() < 1e-12);
        let t = r.table().unwrap();
        assert_eq!(
            t.get_column_names(),
            ["team", "incidents", "hours", "rate", "lower", "upper"]
        );
        assert!(r.chart().unwrap().to_svg().unwrap().contains("sud"));
        assert!(r.mime_bundle()[0].1.contains("overall"));
    }

    #[test]
    fn bad_rows_name_the_group() {
        let neg = df!("team" => ["nord", "sud"], "incidents" => [1, -2], "hours" => [10.0, 10.0])
            .unwrap();
        let e = incident_rates(&neg, "team", "incidents", "hours")
            .unwrap_err()
            .to_string();
        assert!(e.contains("'sud'") && e.contains("-2"), "{e}");
        let frac = df!("team" => ["nord"], "incidents" => [1.5], "hours" => [10.0]).unwrap();
        assert!(incident_rates(&frac, "team", "incidents", "hours").is_err());
        let no_hours =
            df!("team" => ["nord", "sud"], "incidents" => [1, 0], "hours" => [10.0, 0.0]).unwrap();
        let e = incident_rates(&no_hours, "team", "incidents", "hours")
            .unwrap()
            .table()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'sud'") && e.contains("exposure"), "{e}");
        let hours_neg = df!("team" => ["nord"], "incidents" => [1], "hours" => [-1.0]).unwrap();
        assert!(
            incident_rates(&hours_neg, "team", "incidents", "hours")
                .unwrap_err()
                .to_string()
                .contains("'nord'")
        );
        let ok = df!("team" => ["nord"], "incidents" => [1], "hours" => [10.0]).unwrap();
        let bad_conf = incident_rates(&ok, "team", "incidents", "hours")
            .unwrap()
            .confidence(1.5);
        assert!(
            bad_conf
                .table()
                .unwrap_err()
                .to_string()
                .contains("confidence")
        );
        assert!(incident_rates(&ok, "team", "accidents", "hours").is_err());
    }
}
