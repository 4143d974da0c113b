//! How fast the team answers the client, and how many requests stay open week after week.

use super::{ContactLog, weekdays_between};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame::{quantile_sorted, sort_values};
use crate::plot::{Plot, line_chart};
use crate::project::dates;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// The response delays of a [`ContactLog`]: one per item, and their summary over the closed
/// items (`None` when no item is closed yet).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "date" => ["2027-01-04", "2027-01-08", "2027-01-11"],
///     "kind" => ["retour", "retour", "recette"],
///     "item" => ["D1", "D2", "D3"],
///     "closed" => [Some("2027-01-06"), Some("2027-01-18"), None],
/// ).unwrap();
/// let d = ContactLog::from_frame(&df).unwrap().response_delays().unwrap();
/// assert_eq!(d.mean_days, Some(6.0));       // (2 + 10) / 2
/// assert_eq!(d.max_days, Some(10));
/// assert_eq!(d.mean_working_days, Some(4.0)); // (2 + 6) / 2
/// assert_eq!((d.closed, d.open), (2, 1));
/// ```
#[derive(Debug, Clone)]
pub struct ResponseDelays {
    /// Items closed.
    pub closed: usize,
    /// Items still open.
    pub open: usize,
    /// Mean delay in calendar days from opening to closing.
    pub mean_days: Option<f64>,
    /// Median delay in calendar days.
    pub median_days: Option<f64>,
    /// Longest delay in calendar days.
    pub max_days: Option<i64>,
    /// Mean delay in working days (Monday–Friday in `[opened, closed)`).
    pub mean_working_days: Option<f64>,
    table: DataFrame,
}

impl ResponseDelays {
    /// One row per item, in the order of the log: `item`, `kind` (of the contact that raised
    /// it), `opened`, `closed` (Date, null if open), `delay_days`, `working_days` (null if open).
    pub fn table(&self) -> &DataFrame {
        &self.table
    }
}

impl RichDisplay for ResponseDelays {
    fn mime_bundle(&self) -> MimeBundle {
        let show = |v: Option<f64>| v.map(format_number).unwrap_or_else(|| "—".into());
        summary_bundle(
            "Response delays to the client",
            &[
                (
                    "items closed / open",
                    format!("{} / {}", self.closed, self.open),
                ),
                ("mean delay (days)", show(self.mean_days)),
                ("median delay (days)", show(self.median_days)),
                (
                    "longest delay (days)",
                    show(self.max_days.map(|d| d as f64)),
                ),
                ("mean delay (working days)", show(self.mean_working_days)),
            ],
        )
    }
}

impl ContactLog {
    fn require_items(&self) -> Result<()> {
        if self.items.is_empty() {
            return Err(SdiaError::InvalidInput(
                "the contact log has no item: fill the 'item' column with the ids of the \
                 client's requests or issues"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The delay of each item from its opening to its closing, in calendar days and in working
    /// days (numpy's `busday_count(opened, closed)`), with their mean, median and maximum over
    /// the closed items. An error if the log has no item.
    pub fn response_delays(&self) -> Result<ResponseDelays> {
        self.require_items()?;
        let items = &self.items;
        let delay: Vec<Option<i64>> = items
            .iter()
            .map(|i| i.closed.map(|c| c - i.opened))
            .collect();
        let working: Vec<Option<i64>> = items
            .iter()
            .map(|i| i.closed.map(|c| weekdays_between(i.opened, c)))
            .collect();
        let mut done: Vec<f64> = delay.iter().flatten().map(|&d| d as f64).collect();
        sort_values(&mut done);
        let n = done.len();
        let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        let working_done: Vec<f64> = working.iter().flatten().map(|&d| d as f64).collect();
        let opened: Vec<i64> = items.iter().map(|i| i.opened).collect();
        let closed_days: Vec<Option<i32>> =
            items.iter().map(|i| i.closed.map(|c| c as i32)).collect();
        let columns = vec![
            Column::new(
                "item".into(),
                items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "kind".into(),
                items.iter().map(|i| i.kind.as_str()).collect::<Vec<_>>(),
            ),
            dates::date_series("opened", &opened)?,
            Column::new("closed".into(), closed_days).cast(&DataType::Date)?,
            Column::new("delay_days".into(), delay.clone()),
            Column::new("working_days".into(), working),
        ];
        Ok(ResponseDelays {
            closed: n,
            open: items.len() - n,
            mean_days: mean(&done),
            median_days: (n > 0).then(|| quantile_sorted(&done, 0.5)),
            max_days: delay.iter().flatten().copied().max(),
            mean_working_days: mean(&working_done),
            table: DataFrame::new(items.len(), columns)?,
        })
    }

    /// The number of items open at each Monday, from the week of the first opening to the week
    /// of the last date in the log: `week` (Date, a Monday), `open` (items with
    /// `opened ≤ Monday < closed`, an item never closed counting as open). Two binary searches
    /// per week over the sorted dates. An error if the log has no item.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "date" => ["2027-01-04", "2027-01-06", "2027-01-20"],
    ///     "kind" => ["retour", "retour", "réunion"],
    ///     "item" => [Some("D1"), Some("D2"), None],
    ///     "closed" => [Some("2027-01-11"), None, None],
    /// ).unwrap();
    /// let w = ContactLog::from_frame(&df).unwrap().open_items().unwrap();
    /// let open: Vec<u32> = w.column("open").unwrap().u32().unwrap().into_no_null_iter().collect();
    /// assert_eq!(open, vec![1, 1, 1]); // Jan 4: D1; Jan 11: D2 (D1 closed that day); Jan 18: D2
    /// ```
    pub fn open_items(&self) -> Result<DataFrame> {
        self.require_items()?;
        let mut opens: Vec<i64> = self.items.iter().map(|i| i.opened).collect();
        let mut closes: Vec<i64> = self.items.iter().filter_map(|i| i.closed).collect();
        opens.sort_unstable();
        closes.sort_unstable();
        let first = dates::monday_of(opens[0]);
        let last_day = self
            .contacts
            .iter()
            .map(|c| c.date)
            .chain(opens.iter().copied())
            .chain(closes.iter().copied())
            .max()
            .unwrap_or(first);
        let last = dates::monday_of(last_day);
        let mondays: Vec<i64> = (0..=(last - first) / 7).map(|k| first + 7 * k).collect();
        let open: Vec<u32> = mondays
            .iter()
            .map(|&m| {
                let opened = opens.partition_point(|&d| d <= m);
                let closed = closes.partition_point(|&d| d <= m);
                (opened - closed) as u32
            })
            .collect();
        let columns = vec![
            dates::date_series("week", &mondays)?,
            Column::new("open".into(), open),
        ];
        Ok(DataFrame::new(mondays.len(), columns)?)
    }

    /// The line chart of [`ContactLog::open_items`]: open items at each Monday.
    pub fn open_items_chart(&self) -> Result<Plot> {
        let weeks = self.open_items()?;
        Ok(line_chart(&weeks, "week", &["open"])?
            .title("Client items open each Monday")
            .y_label("open items"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn delays_by_hand() {
        // D1: 4 days / 4 working days; D2: 10 / 6; D3 open.
        let d = ContactLog::from_frame(&sample())
            .unwrap()
            .response_delays()
            .unwrap();
        assert_eq!((d.closed, d.open), (2, 1));
        assert_eq!(d.mean_days, Some(7.0)); // (4 + 10) / 2
        assert_eq!(d.median_days, Some(7.0));
        assert_eq!(d.max_days, Some(10));
        assert_eq!(d.mean_working_days, Some(5.0)); // (4 + 6) / 2
        let t = d.table();
        let delays: Vec<Option<i64>> = t
            .column("delay_days")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(delays, vec![Some(4), Some(10), None]);
        assert!(d.mime_bundle()[0].1.contains("2 / 1"));
    }

    #[test]
    fn open_items_each_monday() {
        // Mondays 01-04 … 03-08 (the last date is Wed 03-10): 10 weeks.
        // 01-04: D1 (opened that day) → 1. 01-11: D2 (opened 01-08, closed 01-18) → 1, since D1
        // closed 01-08. 01-18: D3 (D2 closed that day) → 1. Then D3 stays open → 1.
        let w = ContactLog::from_frame(&sample())
            .unwrap()
            .open_items()
            .unwrap();
        assert_eq!(w.height(), 10);
        let open: Vec<u32> = w
            .column("open")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(open, vec![1; 10]);
        let svg = ContactLog::from_frame(&sample())
            .unwrap()
            .open_items_chart()
            .unwrap()
            .to_svg()
            .unwrap();
        assert!(svg.contains("open"));
    }

    #[test]
    fn a_log_without_items_is_refused() {
        let df = df!("date" => ["2027-01-04"], "kind" => ["réunion"]).unwrap();
        let log = ContactLog::from_frame(&df).unwrap();
        assert!(
            log.response_delays()
                .unwrap_err()
                .to_string()
                .contains("no item")
        );
        assert!(log.open_items().is_err());
    }
}
