//! [`DataFlows`]: the inventory of the data flows entering a platform (source, protocol,
//! format, rate, record size) and the throughput each one brings.

use super::budget::ThroughputBudget;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks::{non_negative, required_numbers, required_text, unique_ids};
use polars::prelude::*;

/// Bytes in a megabyte (decimal units, as network and cloud pricing use: 1 MB = 10⁶ bytes).
pub(crate) const BYTES_PER_MB: f64 = 1e6;
/// Seconds in a day.
pub(crate) const SECONDS_PER_DAY: f64 = 86_400.0;

/// One flow of the inventory, with its throughput.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flow {
    pub id: String,
    pub source: String,
    pub protocol: String,
    pub format: String,
    pub rate: f64,
    pub period: String,
    pub record_bytes: f64,
    /// `rate / seconds in the period`.
    pub events_per_s: f64,
    /// `events_per_s × record_bytes / 10⁶`.
    pub mb_per_s: f64,
}

/// Seconds in a period named `second`, `minute`, `hour` or `day` (any case).
fn period_seconds(period: &str, flow: &str) -> Result<f64> {
    match period.to_lowercase().as_str() {
        "second" => Ok(1.0),
        "minute" => Ok(60.0),
        "hour" => Ok(3_600.0),
        "day" => Ok(SECONDS_PER_DAY),
        _ => Err(SdiaError::InvalidInput(format!(
            "period of flow '{flow}' is '{period}': write second, minute, hour or day"
        ))),
    }
}

/// The inventory of the data flows of a platform: where each flow comes from, how it travels,
/// how often and how big its records are, and so the throughput the ingestion layer must take.
///
/// Built by [`DataFlows::from_frame`] from a frame with one row per flow:
///
/// | column | type | meaning |
/// |---|---|---|
/// | `flow` | text | the flow's id (unique) |
/// | `source` | text | who or what sends it (sensors, an app, an API…) |
/// | `protocol` | text | how it travels (MQTT, HTTPS/REST, SFTP, JDBC…) |
/// | `format` | text | the records' format (JSON, CSV, Avro…) |
/// | `rate` | number ≥ 0 | events (records) per period |
/// | `period` | text | `second`, `minute`, `hour` or `day` |
/// | `record_bytes` | number ≥ 0 | mean size of one record, in bytes |
///
/// Units are decimal: 1 MB = 10⁶ bytes, 1 GB = 10⁹ bytes.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "flow" => ["docks", "weather"],
///     "source" => ["IoT docks", "weather API"],
///     "protocol" => ["MQTT", "HTTPS/REST"],
///     "format" => ["JSON", "JSON"],
///     "rate" => [1_200.0, 4.0],
///     "period" => ["minute", "hour"],
///     "record_bytes" => [500.0, 9_000.0],
/// ).unwrap();
/// let flows = DataFlows::from_frame(&df).unwrap();
/// // docks: 1200 / 60 = 20 events/s × 500 B = 10 000 B/s = 0.01 MB/s
/// assert!((flows.mb_per_s("docks").unwrap() - 0.01).abs() < 1e-15);
/// assert_eq!(flows.len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct DataFlows {
    flows: Vec<Flow>,
}

impl DataFlows {
    /// Reads and checks the inventory (columns above). Errors: a missing column (the message
    /// lists the frame's columns), an empty frame, a duplicate flow id, a missing or negative
    /// rate or size, or a period other than second/minute/hour/day (naming the flow).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["gps"], "source" => ["bikes"], "protocol" => ["MQTT"], "format" => ["JSON"],
    ///     "rate" => [10.0], "period" => ["week"], "record_bytes" => [200.0],
    /// ).unwrap();
    /// let err = DataFlows::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("'gps'") && err.contains("week"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<DataFlows> {
        frame::require_columns(
            df,
            &[
                "flow",
                "source",
                "protocol",
                "format",
                "rate",
                "period",
                "record_bytes",
            ],
        )?;
        frame::require_rows(df, "the flow inventory")?;
        let ids = required_text(df, "flow")?;
        unique_ids(&ids, "flow")?;
        let sources = required_text(df, "source")?;
        let protocols = required_text(df, "protocol")?;
        let formats = required_text(df, "format")?;
        let periods = required_text(df, "period")?;
        let rates = required_numbers(df, "rate", &ids)?;
        let sizes = required_numbers(df, "record_bytes", &ids)?;
        let mut flows = Vec::with_capacity(ids.len());
        for (i, id) in ids.into_iter().enumerate() {
            non_negative(rates[i], "rate", &id)?;
            non_negative(sizes[i], "record_bytes", &id)?;
            let events_per_s = rates[i] / period_seconds(&periods[i], &id)?;
            flows.push(Flow {
                mb_per_s: events_per_s * sizes[i] / BYTES_PER_MB,
                events_per_s,
                source: sources[i].clone(),
                protocol: protocols[i].clone(),
                format: formats[i].clone(),
                rate: rates[i],
                period: periods[i].clone(),
                record_bytes: sizes[i],
                id,
            });
        }
        Ok(DataFlows { flows })
    }

    /// The number of flows.
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    /// Always false: an inventory has at least one flow.
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// The mean throughput of the flow `id` in MB/s; an error listing the ids if it is unknown.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["erp"], "source" => ["ERP"], "protocol" => ["SFTP"], "format" => ["CSV"],
    ///     "rate" => [1.0], "period" => ["day"], "record_bytes" => [86_400_000.0],
    /// ).unwrap();
    /// let flows = DataFlows::from_frame(&df).unwrap();
    /// assert!((flows.mb_per_s("erp").unwrap() - 0.001).abs() < 1e-15); // 86.4 MB a day
    /// assert!(flows.mb_per_s("gps").is_err());
    /// ```
    pub fn mb_per_s(&self, id: &str) -> Result<f64> {
        self.flows
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.mb_per_s)
            .ok_or_else(|| {
                let ids: Vec<&str> = self.flows.iter().map(|f| f.id.as_str()).collect();
                SdiaError::InvalidInput(format!(
                    "no flow is called '{id}'; the flows are: {}",
                    ids.join(", ")
                ))
            })
    }

    /// The total mean throughput of all flows, in MB/s.
    pub fn total_mb_per_s(&self) -> f64 {
        self.flows.iter().map(|f| f.mb_per_s).sum()
    }

    pub(crate) fn flows(&self) -> &[Flow] {
        &self.flows
    }

    /// The inventory with its throughput, one row per flow in the frame's order: `flow`,
    /// `source`, `protocol`, `format`, `events_per_s` (rate / seconds of the period), `mb_per_s`
    /// (events/s × record_bytes / 10⁶), `gb_per_day` (MB/s × 86 400 / 1 000) and `share` (the
    /// flow's part of the total throughput, 0–1; 0 when the total is 0).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["a", "b"], "source" => ["x", "y"], "protocol" => ["MQTT", "SFTP"],
    ///     "format" => ["JSON", "CSV"], "rate" => [1.0, 3.0], "period" => ["second", "second"],
    ///     "record_bytes" => [1e6, 1e6],
    /// ).unwrap();
    /// let table = DataFlows::from_frame(&df).unwrap().table().unwrap();
    /// let share: Vec<f64> = table.column("share").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert_eq!(share, vec![0.25, 0.75]); // 1 MB/s and 3 MB/s of 4
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let total = self.total_mb_per_s();
        let f = &self.flows;
        let text = |name: &str, get: fn(&Flow) -> &str| -> Column {
            Column::new(name.into(), f.iter().map(get).collect::<Vec<&str>>())
        };
        let number = |name: &str, get: &dyn Fn(&Flow) -> f64| -> Column {
            Column::new(name.into(), f.iter().map(get).collect::<Vec<f64>>())
        };
        Ok(DataFrame::new(
            f.len(),
            vec![
                text("flow", |x| &x.id),
                text("source", |x| &x.source),
                text("protocol", |x| &x.protocol),
                text("format", |x| &x.format),
                number("events_per_s", &|x| x.events_per_s),
                number("mb_per_s", &|x| x.mb_per_s),
                number("gb_per_day", &|x| x.mb_per_s * SECONDS_PER_DAY / 1_000.0),
                number("share", &|x| share(x.mb_per_s, total)),
            ],
        )?)
    }

    /// The ingestion budget: the flows' total throughput set against a capacity of
    /// `mb_per_s` MB/s (see [`ThroughputBudget`]; add a peak factor with
    /// [`ThroughputBudget::peak_factor`]). An error if the budget is not a positive number.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "flow" => ["a"], "source" => ["x"], "protocol" => ["MQTT"], "format" => ["JSON"],
    ///     "rate" => [2.0], "period" => ["second"], "record_bytes" => [1e6],
    /// ).unwrap();
    /// let budget = DataFlows::from_frame(&df).unwrap().budget(4.0).unwrap();
    /// assert_eq!(budget.headroom_percent, 50.0); // (4 − 2) / 4
    /// assert!(DataFlows::from_frame(&df).unwrap().budget(0.0).is_err());
    /// ```
    pub fn budget(&self, mb_per_s: f64) -> Result<ThroughputBudget> {
        ThroughputBudget::new(self, mb_per_s)
    }
}

/// `part / total`, 0 when the total is 0.
pub(crate) fn share(part: f64, total: f64) -> f64 {
    if total > 0.0 { part / total } else { 0.0 }
}

impl RichDisplay for DataFlows {
    fn mime_bundle(&self) -> MimeBundle {
        match self.table() {
            Ok(table) => table.mime_bundle(),
            Err(e) => vec![("text/plain".into(), e.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory() -> DataFrame {
        df!(
            "flow" => ["docks", "gps", "erp"],
            "source" => ["bornes", "vélos", "ERP"],
            "protocol" => ["MQTT", "MQTT", "SFTP"],
            "format" => ["JSON", "Protobuf", "CSV"],
            "rate" => [1_240.0, 60.0, 2.0],
            "period" => ["minute", "second", "day"],
            "record_bytes" => [400.0, 100.0, 43_200_000.0],
        )
        .unwrap()
    }

    #[test]
    fn throughput_by_hand() {
        let flows = DataFlows::from_frame(&inventory()).unwrap();
        // docks: 1240 / 60 = 20.6667 ev/s × 400 B = 8266.67 B/s = 0.00826667 MB/s
        // gps: 60 ev/s × 100 B = 6000 B/s = 0.006 MB/s
        // erp: 2 / 86400 ev/s × 43.2e6 B = 1000 B/s = 0.001 MB/s
        let docks = 1_240.0 / 60.0 * 400.0 / 1e6;
        assert!((flows.mb_per_s("docks").unwrap() - docks).abs() < 1e-15);
        assert!((flows.mb_per_s("gps").unwrap() - 0.006).abs() < 1e-15);
        assert!((flows.mb_per_s("erp").unwrap() - 0.001).abs() < 1e-15);
        let total = docks + 0.007;
        assert!((flows.total_mb_per_s() - total).abs() < 1e-15);
        let table = flows.table().unwrap();
        let gb: Vec<f64> = table
            .column("gb_per_day")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        // gps: 0.006 MB/s × 86400 s = 518.4 MB = 0.5184 GB a day
        assert!((gb[1] - 0.5184).abs() < 1e-12);
        let share: f64 = table
            .column("share")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .sum();
        assert!((share - 1.0).abs() < 1e-12);
        assert_eq!(flows.len(), 3);
        assert!(!flows.is_empty());
        assert!(flows.mime_bundle()[0].1.contains("docks"));
    }

    #[test]
    fn bad_inventories_are_named() {
        let df = inventory();
        let mut bad = df.clone();
        bad.replace(
            "period",
            Column::new("period".into(), ["minute", "sec", "day"]),
        )
        .unwrap();
        let e = DataFlows::from_frame(&bad).unwrap_err().to_string();
        assert!(e.contains("'gps'") && e.contains("sec"), "{e}");
        let mut bad = df.clone();
        bad.replace("rate", Column::new("rate".into(), [1.0, -2.0, 3.0]))
            .unwrap();
        let e = DataFlows::from_frame(&bad).unwrap_err().to_string();
        assert!(e.contains("'gps'") && e.contains("rate"), "{e}");
        let mut bad = df.clone();
        bad.replace("flow", Column::new("flow".into(), ["a", "b", "a"]))
            .unwrap();
        let e = DataFlows::from_frame(&bad).unwrap_err().to_string();
        assert!(e.contains("'a'") && e.contains("twice"), "{e}");
        let e = DataFlows::from_frame(&df.drop("format").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'format'") && e.contains("record_bytes"), "{e}");
        let e = DataFlows::from_frame(&df.head(Some(0)))
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty"), "{e}");
        let flows = DataFlows::from_frame(&df).unwrap();
        let e = flows.mb_per_s("wifi").unwrap_err().to_string();
        assert!(e.contains("wifi") && e.contains("docks, gps, erp"), "{e}");
    }
}
