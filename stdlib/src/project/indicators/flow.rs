//! [`TaskLog`]: flow metrics of a team's finished and running tasks — cycle times, throughput
//! and work in progress per week.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::{Plot, XyChart, bar_chart};
use crate::project::checks::{required_text, unique_ids};
use crate::project::dates::{date_column, date_series, format_iso, monday_of, parse_iso, weekday};
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// A log of tasks with the day each was started and, once done, finished.
///
/// Columns of the frame:
/// - `id` (text): unique task id;
/// - `started` (date or ISO text `YYYY-MM-DD`): the day work began;
/// - `finished` (date or ISO text, null or empty while in progress): the day it was done.
///
/// Conventions (those of numpy): a task occupies the days `[started, finished)`, so its
/// **cycle time** is `finished − started` calendar days and `np.busday_count(started,
/// finished)` working days (Monday–Friday in that half-open range, no public holidays).
/// Weeks start on Monday.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("id" => ["T1", "T2", "T3"],
///              "started" => ["2027-01-04", "2027-01-06", "2027-01-11"],
///              "finished" => [Some("2027-01-08"), Some("2027-01-13"), None]).unwrap();
/// let log = TaskLog::from_frame(&df).unwrap();
/// let s = log.summary().unwrap();
/// assert_eq!((s.tasks, s.in_progress), (2, 1));
/// assert_eq!(s.mean_days, 5.5); // (4 + 7) / 2
/// ```
#[derive(Debug, Clone)]
pub struct TaskLog {
    ids: Vec<String>,
    started: Vec<i64>,
    finished: Vec<Option<i64>>,
}

/// Cycle-time statistics of the finished tasks of a [`TaskLog`]. Quantiles interpolate
/// linearly between ranks (pandas' and numpy's default, `method="linear"`).
#[derive(Debug, Clone, PartialEq)]
pub struct CycleTimeSummary {
    /// Finished tasks.
    pub tasks: usize,
    /// Tasks still in progress.
    pub in_progress: usize,
    /// Mean cycle time, calendar days.
    pub mean_days: f64,
    /// Median cycle time, calendar days.
    pub median_days: f64,
    /// 85th percentile of the cycle time, calendar days: 85 % of tasks took at most this.
    pub p85_days: f64,
    /// Mean cycle time, working days.
    pub mean_working_days: f64,
    /// Median cycle time, working days.
    pub median_working_days: f64,
    /// 85th percentile of the cycle time, working days.
    pub p85_working_days: f64,
}

impl RichDisplay for CycleTimeSummary {
    fn mime_bundle(&self) -> MimeBundle {
        let pair =
            |a: f64, b: f64| format!("{} d ({} working d)", format_number(a), format_number(b));
        summary_bundle(
            "Cycle times",
            &[
                ("finished tasks", self.tasks.to_string()),
                ("in progress", self.in_progress.to_string()),
                ("mean", pair(self.mean_days, self.mean_working_days)),
                ("median", pair(self.median_days, self.median_working_days)),
                (
                    "85th percentile",
                    pair(self.p85_days, self.p85_working_days),
                ),
            ],
        )
    }
}

/// Monday–Friday days in `[start, end)`, as `np.busday_count(start, end)` (0 if end ≤ start).
pub(crate) fn working_days_between(start: i64, end: i64) -> i64 {
    if end <= start {
        return 0;
    }
    let span = end - start;
    let mut count = span / 7 * 5;
    let mut day = start + span / 7 * 7;
    while day < end {
        if weekday(day) < 5 {
            count += 1;
        }
        day += 1;
    }
    count
}

/// A date column whose missing values (null or empty text) mean "not yet".
fn optional_dates(df: &DataFrame, name: &str, ids: &[String]) -> Result<Vec<Option<i64>>> {
    let c = frame::column(df, name)?;
    if c.dtype() == &DataType::Date {
        let s = c.as_materialized_series().cast(&DataType::Int32)?;
        return Ok(s.i32()?.iter().map(|v| v.map(i64::from)).collect());
    }
    if c.dtype() == &DataType::Null {
        return Ok(vec![None; df.height()]);
    }
    frame::labels(df, name)?
        .into_iter()
        .enumerate()
        .map(|(row, v)| match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => parse_iso(
                text,
                &format!(
                    "{name} of '{}'",
                    ids.get(row).map(String::as_str).unwrap_or("?")
                ),
            )
            .map(Some),
        })
        .collect()
}

fn stats(mut values: Vec<f64>) -> (f64, f64, f64) {
    frame::sort_values(&mut values);
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (
        mean,
        frame::quantile_sorted(&values, 0.5),
        frame::quantile_sorted(&values, 0.85),
    )
}

impl TaskLog {
    /// Reads and checks the log (columns in the [type's documentation](TaskLog)). Errors: a
    /// missing column, no task, a duplicate id, a missing or malformed start, and a task
    /// finished before it started, each naming the task.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["T7"], "started" => ["2027-02-10"],
    ///              "finished" => ["2027-02-01"]).unwrap();
    /// let err = TaskLog::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("T7") && err.contains("before"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<TaskLog> {
        frame::require_columns(df, &["id", "started", "finished"])?;
        frame::require_rows(df, "the task log")?;
        let ids = required_text(df, "id")?;
        unique_ids(&ids, "task")?;
        let started = date_column(df, "started", &ids)?;
        let finished = optional_dates(df, "finished", &ids)?;
        for ((id, &s), f) in ids.iter().zip(&started).zip(&finished) {
            if let Some(f) = *f
                && f < s
            {
                return Err(SdiaError::InvalidInput(format!(
                    "task '{id}' is finished on {} before it started on {}: check its dates",
                    format_iso(f),
                    format_iso(s)
                )));
            }
        }
        Ok(TaskLog {
            ids,
            started,
            finished,
        })
    }

    /// The number of tasks (finished or not).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the log has no task (never, for a log read by [`TaskLog::from_frame`]).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn done(&self) -> impl Iterator<Item = (usize, i64, i64)> + '_ {
        self.started
            .iter()
            .zip(&self.finished)
            .enumerate()
            .filter_map(|(i, (&s, f))| f.map(|f| (i, s, f)))
    }

    /// The finished tasks, in the log's order: `id`, `started`, `finished` (dates),
    /// `cycle_days` (finished − started) and `cycle_working_days` (Monday–Friday days in
    /// `[started, finished)`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// // Friday 8 → Tuesday 12 January 2027: 4 calendar days, 2 working days (Fri, Mon).
    /// let df = df!("id" => ["T1"], "started" => ["2027-01-08"], "finished" => ["2027-01-12"]).unwrap();
    /// let t = TaskLog::from_frame(&df).unwrap().cycle_times().unwrap();
    /// assert_eq!(t.column("cycle_days").unwrap().i64().unwrap().get(0), Some(4));
    /// assert_eq!(t.column("cycle_working_days").unwrap().i64().unwrap().get(0), Some(2));
    /// ```
    pub fn cycle_times(&self) -> Result<DataFrame> {
        let done: Vec<(usize, i64, i64)> = self.done().collect();
        let starts: Vec<i64> = done.iter().map(|d| d.1).collect();
        let ends: Vec<i64> = done.iter().map(|d| d.2).collect();
        Ok(DataFrame::new(
            done.len(),
            vec![
                Column::new(
                    "id".into(),
                    done.iter()
                        .map(|d| self.ids[d.0].clone())
                        .collect::<Vec<_>>(),
                ),
                date_series("started", &starts)?,
                date_series("finished", &ends)?,
                Column::new(
                    "cycle_days".into(),
                    done.iter().map(|d| d.2 - d.1).collect::<Vec<i64>>(),
                ),
                Column::new(
                    "cycle_working_days".into(),
                    done.iter()
                        .map(|d| working_days_between(d.1, d.2))
                        .collect::<Vec<i64>>(),
                ),
            ],
        )?)
    }

    /// Mean, median and 85th percentile of the cycle times (linear quantiles, as pandas'
    /// `quantile`). An error if no task is finished.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B", "C"], "started" => ["2027-01-04"; 3],
    ///              "finished" => ["2027-01-05", "2027-01-07", "2027-01-14"]).unwrap();
    /// let s = TaskLog::from_frame(&df).unwrap().summary().unwrap();
    /// // 1, 3, 10 days: median 3; p85 at rank 0.85 · 2 = 1.7 → 3 + 0.7 · 7 = 7.9
    /// assert_eq!(s.median_days, 3.0);
    /// assert!((s.p85_days - 7.9).abs() < 1e-12);
    /// ```
    pub fn summary(&self) -> Result<CycleTimeSummary> {
        let done: Vec<(usize, i64, i64)> = self.done().collect();
        if done.is_empty() {
            return Err(SdiaError::Empty(
                "the finished tasks of the log (no task has a 'finished' date yet)".into(),
            ));
        }
        let (mean_days, median_days, p85_days) =
            stats(done.iter().map(|d| (d.2 - d.1) as f64).collect());
        let (mean_working_days, median_working_days, p85_working_days) = stats(
            done.iter()
                .map(|d| working_days_between(d.1, d.2) as f64)
                .collect(),
        );
        Ok(CycleTimeSummary {
            tasks: done.len(),
            in_progress: self.len() - done.len(),
            mean_days,
            median_days,
            p85_days,
            mean_working_days,
            median_working_days,
            p85_working_days,
        })
    }

    /// The Mondays from the week of the first start to the week of the last event.
    fn weeks(&self) -> (i64, usize) {
        let first = self.started.iter().copied().min().unwrap_or(0);
        let last = self
            .started
            .iter()
            .copied()
            .chain(self.finished.iter().flatten().copied())
            .max()
            .unwrap_or(first);
        let first = monday_of(first);
        (first, ((monday_of(last) - first) / 7 + 1) as usize)
    }

    /// Tasks finished per week: `week` (its Monday, a date) and `finished`, for every week from
    /// the first start to the last event (weeks with none included: 0). The same bins as
    /// pandas' `resample("W-MON", label="left", closed="left")`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B", "C"], "started" => ["2027-01-04"; 3],
    ///              "finished" => [Some("2027-01-05"), Some("2027-01-18"), None]).unwrap();
    /// let t = TaskLog::from_frame(&df).unwrap().throughput().unwrap();
    /// let done: Vec<u32> = t.column("finished").unwrap().u32().unwrap().into_no_null_iter().collect();
    /// assert_eq!(done, [1, 0, 1]); // weeks of 4, 11 and 18 January
    /// ```
    pub fn throughput(&self) -> Result<DataFrame> {
        let wip = self.work_in_progress()?;
        Ok(wip.select(["week", "finished"])?)
    }

    /// Per week (from the first start to the last event): `week` (its Monday), `started` and
    /// `finished` (tasks started or finished that week) and `in_progress`: the tasks started
    /// by the end of the week (Sunday) and not finished by then. Computed from running totals,
    /// in time linear in the tasks and weeks.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "started" => ["2027-01-04", "2027-01-12"],
    ///              "finished" => [Some("2027-01-13"), None]).unwrap();
    /// let t = TaskLog::from_frame(&df).unwrap().work_in_progress().unwrap();
    /// let wip: Vec<u32> = t.column("in_progress").unwrap().u32().unwrap().into_no_null_iter().collect();
    /// assert_eq!(wip, [1, 1]); // A during its first week; B, once A is done
    /// ```
    pub fn work_in_progress(&self) -> Result<DataFrame> {
        let (first, n) = self.weeks();
        let week = |day: i64| ((monday_of(day) - first) / 7) as usize;
        let mut started = vec![0u32; n];
        let mut finished = vec![0u32; n];
        for &s in &self.started {
            started[week(s)] += 1;
        }
        for &f in self.finished.iter().flatten() {
            finished[week(f)] += 1;
        }
        let mut in_progress = Vec::with_capacity(n);
        let mut open = 0i64;
        for w in 0..n {
            open += i64::from(started[w]) - i64::from(finished[w]);
            in_progress.push(open.max(0) as u32);
        }
        let mondays: Vec<i64> = (0..n as i64).map(|w| first + 7 * w).collect();
        Ok(DataFrame::new(
            n,
            vec![
                date_series("week", &mondays)?,
                Column::new("started".into(), started),
                Column::new("finished".into(), finished),
                Column::new("in_progress".into(), in_progress),
            ],
        )?)
    }

    /// The cycle time of each finished task against the day it finished (days since the first
    /// start), with the 85th percentile dashed.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "started" => ["2027-01-04"; 2],
    ///              "finished" => ["2027-01-05", "2027-01-08"]).unwrap();
    /// let svg = TaskLog::from_frame(&df).unwrap().cycle_time_chart().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("85th percentile"));
    /// ```
    pub fn cycle_time_chart(&self) -> Result<Plot> {
        let summary = self.summary()?;
        let origin = self.started.iter().copied().min().unwrap_or(0);
        let points: Vec<(f64, f64)> = self
            .done()
            .map(|(_, s, f)| ((f - origin) as f64, (f - s) as f64))
            .collect();
        let (lo, hi) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.0), hi.max(p.0))
            });
        let p85 = summary.p85_days;
        XyChart::new()
            .points("finished task", &points)
            .dashed("", &[(lo, p85), (hi, p85)])
            .text(
                lo,
                p85,
                &format!("85th percentile: {} d", format_number(p85)),
            )
            .plot(
                "Cycle time of the finished tasks",
                &format!("finish day (days since {})", format_iso(origin)),
                "cycle time (calendar days)",
            )
    }

    /// Tasks finished per week, as bars.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A"], "started" => ["2027-01-04"], "finished" => ["2027-01-05"]).unwrap();
    /// let svg = TaskLog::from_frame(&df).unwrap().throughput_chart().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("2027-01-04"));
    /// ```
    pub fn throughput_chart(&self) -> Result<Plot> {
        let t = self.throughput()?;
        Ok(bar_chart(&t, "week", "finished")?.title("Throughput: tasks finished per week"))
    }
}

impl RichDisplay for TaskLog {
    fn mime_bundle(&self) -> MimeBundle {
        let done = self.done().count();
        summary_bundle(
            "Task log",
            &[
                ("tasks", self.len().to_string()),
                ("finished", done.to_string()),
                ("in progress", (self.len() - done).to_string()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i64 {
        parse_iso(s, "test").unwrap()
    }

    #[test]
    fn working_days_like_numpy() {
        // 2027-01-04 is a Monday. np.busday_count("2027-01-04", "2027-01-11") = 5.
        let monday = day("2027-01-04");
        assert_eq!(working_days_between(monday, monday + 7), 5);
        assert_eq!(working_days_between(monday + 5, monday + 7), 0); // Sat, Sun
        assert_eq!(working_days_between(monday + 4, monday + 8), 2); // Fri, Mon
        assert_eq!(working_days_between(monday, monday + 17), 13); // 2 weeks + Mon–Wed
        assert_eq!(working_days_between(monday, monday), 0);
    }

    fn log() -> TaskLog {
        let df = df!(
            "id" => ["A", "B", "C", "D"],
            "started" => ["2027-01-04", "2027-01-06", "2027-01-13", "2027-01-20"],
            "finished" => [Some("2027-01-08"), Some("2027-01-18"), Some("2027-01-14"), None],
        )
        .unwrap();
        TaskLog::from_frame(&df).unwrap()
    }

    #[test]
    fn cycle_times_and_summary_by_hand() {
        let l = log();
        let t = l.cycle_times().unwrap();
        let days: Vec<i64> = t
            .column("cycle_days")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        // A: 4 (Mon→Fri), B: 12 (Wed 6 → Mon 18), C: 1.
        assert_eq!(days, [4, 12, 1]);
        let work: Vec<i64> = t
            .column("cycle_working_days")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        // B: Wed 6 … Fri 15 excluding the weekend of 9–10 = 8 working days.
        assert_eq!(work, [4, 8, 1]);
        let s = l.summary().unwrap();
        assert_eq!((s.tasks, s.in_progress), (3, 1));
        // sorted 1, 4, 12: mean 17/3, median 4, p85 at 1.7 → 4 + 0.7 · 8 = 9.6
        assert!((s.mean_days - 17.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.median_days, 4.0);
        assert!((s.p85_days - 9.6).abs() < 1e-12);
        // working: 1, 4, 8 → p85 = 4 + 0.7 · 4 = 6.8
        assert!((s.p85_working_days - 6.8).abs() < 1e-12);
        assert!(s.mime_bundle()[0].1.contains("85th percentile"));
    }

    #[test]
    fn weekly_counts_by_hand() {
        let t = log().work_in_progress().unwrap();
        let get = |c: &str| -> Vec<u32> {
            t.column(c)
                .unwrap()
                .u32()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        // Weeks of 4, 11, 18 Jan. Started: A, B | C | D. Finished: A | C | B.
        assert_eq!(get("started"), [2, 1, 1]);
        assert_eq!(get("finished"), [1, 1, 1]);
        // End of week 1: B open; week 2: B; week 3: D.
        assert_eq!(get("in_progress"), [1, 1, 1]);
        let th = log().throughput().unwrap();
        assert_eq!(th.get_column_names(), ["week", "finished"]);
        assert!(
            log()
                .throughput_chart()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("2027-01-18")
        );
        assert!(
            log()
                .cycle_time_chart()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("85th")
        );
        assert!(log().mime_bundle()[0].1.contains("in progress"));
    }

    #[test]
    fn bad_input() {
        let df = df!("id" => ["A", "B"], "started" => ["2027-01-04", "2027-01-32"],
                     "finished" => [None::<&str>, None])
        .unwrap();
        let e = TaskLog::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'B'"), "{e}");
        let df =
            df!("id" => ["A"], "started" => ["2027-01-04"], "finished" => [None::<&str>]).unwrap();
        let l = TaskLog::from_frame(&df).unwrap();
        assert!(l.summary().is_err() && l.cycle_time_chart().is_err());
        assert_eq!(l.cycle_times().unwrap().height(), 0);
        let df = df!("id" => ["A"], "started" => ["2027-01-04"]).unwrap();
        assert!(
            TaskLog::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("finished")
        );
        let df = df!("id" => ["A", "A"], "started" => ["2027-01-04"; 2],
                     "finished" => [None::<&str>, None])
        .unwrap();
        assert!(
            TaskLog::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
    }
}
