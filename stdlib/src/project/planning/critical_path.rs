//! [`Schedule`]: the critical path method on a [`TaskPlan`] — earliest and latest dates, total
//! and free slack, the critical path — exact, in O(tasks + dependencies).

use super::calendar::Holidays;
use super::tasks::TaskPlan;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::project::dates;
use crate::table::{format_compact, summary_bundle};
use polars::prelude::*;
use std::collections::BTreeMap;

/// The schedule of a [`TaskPlan`] by the critical path method (from
/// [`TaskPlan::schedule`]): for every task its earliest and latest start and finish (in working
/// days from the project start), its total slack (how late it may finish without delaying the
/// project) and free slack (without delaying any successor), and whether it is critical
/// (zero total slack).
///
/// With [`start`](Schedule::start), tasks also get calendar dates: Monday–Friday working days,
/// less the [`holidays`](Schedule::holidays) if given.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => ["A", "B", "C", "D"],
///     "duration" => [3.0, 2.0, 4.0, 1.0],
///     "depends_on" => ["", "A", "A", "B;C"],
/// ).unwrap();
/// let s = TaskPlan::from_frame(&df).unwrap().schedule();
/// // A (0–3), C (3–7), D (7–8); B could finish at 7 instead of 5: 2 days of slack.
/// assert_eq!(s.duration(), 8.0);
/// assert_eq!(s.critical_path(), vec!["A", "C", "D"]);
/// assert_eq!(s.slack("B").unwrap(), 2.0);
/// ```
#[derive(Debug, Clone)]
pub struct Schedule {
    pub(crate) plan: TaskPlan,
    pub(crate) earliest_start: Vec<f64>,
    pub(crate) earliest_finish: Vec<f64>,
    pub(crate) latest_start: Vec<f64>,
    pub(crate) latest_finish: Vec<f64>,
    pub(crate) total_slack: Vec<f64>,
    pub(crate) free_slack: Vec<f64>,
    pub(crate) critical: Vec<bool>,
    pub(crate) length: f64,
    /// The project start as given (a day number), once [`Schedule::start`] is called; work
    /// begins on the first working day from it.
    pub(crate) start: Option<i64>,
    /// Days off besides weekends.
    pub(crate) holidays: Holidays,
    /// Capacity of a person in working days per 5-day week, for the load table.
    pub(crate) capacity: f64,
    /// Capacities of named people, overriding `capacity`.
    pub(crate) capacities: BTreeMap<String, f64>,
}

impl TaskPlan {
    /// The critical path method: a forward pass in topological order gives each task's
    /// earliest start (the latest earliest finish of its predecessors, 0 without any) and
    /// finish; a backward pass in reverse order gives its latest finish (the earliest latest
    /// start of its successors, the project length without any) and start. Total slack =
    /// latest start − earliest start; free slack = earliest start of the earliest successor −
    /// earliest finish (project length − earliest finish without successor). Exact, in
    /// O(tasks + dependencies).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "duration" => [3.0, 5.0], "depends_on" => ["", ""]).unwrap();
    /// let s = TaskPlan::from_frame(&df).unwrap().schedule();
    /// assert_eq!(s.duration(), 5.0);
    /// assert_eq!(s.critical_tasks(), vec!["B"]);
    /// ```
    pub fn schedule(&self) -> Schedule {
        let n = self.len();
        let d = &self.durations;
        let mut es = vec![0.0; n];
        let mut ef = vec![0.0; n];
        for &t in &self.order {
            es[t] = self.predecessors[t]
                .iter()
                .map(|&p| ef[p])
                .fold(0.0, f64::max);
            ef[t] = es[t] + d[t];
        }
        let length = ef.iter().copied().fold(0.0, f64::max);
        let mut lf = vec![length; n];
        let mut ls = vec![0.0; n];
        let mut fs = vec![0.0; n];
        for &t in self.order.iter().rev() {
            lf[t] = self.successors[t]
                .iter()
                .map(|&s| ls[s])
                .fold(length, f64::min);
            ls[t] = lf[t] - d[t];
            let next = self.successors[t]
                .iter()
                .map(|&s| es[s])
                .fold(length, f64::min);
            fs[t] = next - ef[t];
        }
        let tolerance = 1e-9 * length.max(1.0);
        let ts: Vec<f64> = (0..n)
            .map(|t| {
                let slack = ls[t] - es[t];
                if slack.abs() <= tolerance { 0.0 } else { slack }
            })
            .collect();
        let fs: Vec<f64> = fs
            .into_iter()
            .map(|s| if s.abs() <= tolerance { 0.0 } else { s })
            .collect();
        let critical = ts.iter().map(|&s| s == 0.0).collect();
        Schedule {
            plan: self.clone(),
            earliest_start: es,
            earliest_finish: ef,
            latest_start: ls,
            latest_finish: lf,
            total_slack: ts,
            free_slack: fs,
            critical,
            length,
            start: None,
            holidays: Holidays::none(),
            capacity: 5.0,
            capacities: BTreeMap::new(),
        }
    }
}

impl Schedule {
    /// Gives the schedule calendar dates: the project starts on `date` (ISO `YYYY-MM-DD`; a
    /// weekend or a holiday moves to the next working day) and tasks run on working days,
    /// Monday to Friday less the [`holidays`](Schedule::holidays) if given. The
    /// table gains `start_date` (first working day of the task) and `end_date` (its last
    /// working day; a milestone's dates are the day it is reached: the last working day before
    /// it, or the project start).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "duration" => [5.0, 3.0], "depends_on" => ["", "A"]).unwrap();
    /// let s = TaskPlan::from_frame(&df).unwrap().schedule().start("2027-01-04").unwrap();
    /// assert_eq!(s.end_date().unwrap(), "2027-01-13"); // Mon 4 → Fri 8, then Mon 11 → Wed 13
    /// assert!(TaskPlan::from_frame(&df).unwrap().schedule().start("4/1/2027").is_err());
    /// ```
    pub fn start(mut self, date: &str) -> Result<Schedule> {
        self.start = Some(dates::parse_iso(date, "the project start")?);
        Ok(self)
    }

    /// Days off besides weekends, e.g. [`Holidays::france()`]: no task works on them, so dates
    /// move later, and a week with a holiday gives each person less capacity (see
    /// [`load_by_person`](Schedule::load_by_person)). Durations, slacks and the critical path,
    /// in working days, do not change.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A"], "duration" => [10.0], "depends_on" => [""]).unwrap();
    /// let s = TaskPlan::from_frame(&df).unwrap().schedule().start("2027-05-03").unwrap();
    /// assert_eq!(s.end_date().unwrap(), "2027-05-14");
    /// // Ascension (Thursday 6 May 2027) and Whit Monday (17 May) are off.
    /// let s = s.holidays(Holidays::france());
    /// assert_eq!(s.end_date().unwrap(), "2027-05-18");
    /// ```
    pub fn holidays(mut self, holidays: Holidays) -> Schedule {
        self.holidays = holidays;
        self
    }

    /// Sets the capacity of each person in working days per 5-day week (default 5) used by
    /// [`load_by_person`](Schedule::load_by_person): 4 for someone working 80 %. See
    /// [`capacity_for`](Schedule::capacity_for) for one person.
    pub fn capacity(mut self, days_per_week: f64) -> Schedule {
        self.capacity = days_per_week;
        self
    }

    /// Sets the capacity of one person (an `owner` of the task table) in working days per
    /// 5-day week, in place of [`capacity`](Schedule::capacity) for everyone else. An owner
    /// that is not in the table is an error of [`load_by_person`](Schedule::load_by_person).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["A", "B"], "duration" => [5.0, 5.0], "depends_on" => ["", ""],
    ///     "owner" => ["CD", "BL"],
    /// ).unwrap();
    /// let s = TaskPlan::from_frame(&df).unwrap().schedule().start("2027-01-04").unwrap();
    /// let over = s.capacity_for("BL", 4.0).over_allocations().unwrap();
    /// assert_eq!(over.height(), 1); // BL, at 80 %, has 5 days of work in a 4-day week
    /// ```
    pub fn capacity_for(mut self, owner: &str, days_per_week: f64) -> Schedule {
        self.capacities.insert(owner.to_string(), days_per_week);
        self
    }

    /// The day number of working day `i` (0 = the first) of a project starting on `start`.
    pub(crate) fn working_day(&self, start: i64, i: i64) -> i64 {
        self.holidays.add_working_days(start, i)
    }

    /// The project length in working days: the latest earliest finish.
    pub fn duration(&self) -> f64 {
        self.length
    }

    /// The date of the project's last working day (ISO text), once [`start`](Schedule::start)
    /// was given; `None` otherwise.
    pub fn end_date(&self) -> Option<String> {
        self.start
            .map(|s| dates::format_iso(self.finish_day(s, self.length)))
    }

    /// The tasks with zero total slack, in the table's order (every critical path goes through
    /// them, and only them).
    pub fn critical_tasks(&self) -> Vec<&str> {
        (0..self.plan.len())
            .filter(|&t| self.critical[t])
            .map(|t| self.plan.ids[t].as_str())
            .collect()
    }

    /// One critical path, from a task without predecessor to a task finishing at the end of
    /// the project, each task starting when the previous one finishes. When several critical
    /// paths exist, this one takes at each fork the task that comes first in the table
    /// ([`critical_tasks`](Schedule::critical_tasks) lists all zero-slack tasks).
    pub fn critical_path(&self) -> Vec<&str> {
        let plan = &self.plan;
        let tolerance = 1e-9 * self.length.max(1.0);
        let tight = |a: f64, b: f64| (a - b).abs() <= tolerance;
        let mut path = Vec::new();
        let mut current =
            (0..plan.len()).find(|&t| self.critical[t] && plan.predecessors[t].is_empty());
        while let Some(t) = current {
            path.push(plan.ids[t].as_str());
            if tight(self.earliest_finish[t], self.length) && plan.successors[t].is_empty() {
                break;
            }
            let mut next: Vec<usize> = plan.successors[t]
                .iter()
                .copied()
                .filter(|&s| {
                    self.critical[s] && tight(self.earliest_start[s], self.earliest_finish[t])
                })
                .collect();
            next.sort_unstable();
            current = next.first().copied();
        }
        path
    }

    fn index(&self, id: &str) -> Result<usize> {
        self.plan.ids.iter().position(|t| t == id).ok_or_else(|| {
            SdiaError::InvalidInput(format!(
                "there is no task '{id}'; the known ids are: {}",
                self.plan.ids.join(", ")
            ))
        })
    }

    /// The total slack of task `id` in working days; an error for an unknown id.
    pub fn slack(&self, id: &str) -> Result<f64> {
        Ok(self.total_slack[self.index(id)?])
    }

    /// The earliest start of task `id` in working days from the project start.
    pub fn earliest_start(&self, id: &str) -> Result<f64> {
        Ok(self.earliest_start[self.index(id)?])
    }

    /// The plan this schedule was computed from.
    pub fn plan(&self) -> &TaskPlan {
        &self.plan
    }

    /// The working-day index of a task's first day (its earliest start).
    pub(crate) fn first_day(&self, t: usize) -> i64 {
        self.earliest_start[t].floor() as i64
    }

    /// The calendar day a task (or the project) finishing at `finish` (working days) ends: its
    /// last working day, or the project start for a finish at 0.
    pub(crate) fn finish_day(&self, start: i64, finish: f64) -> i64 {
        let last = (finish.ceil() as i64 - 1).max(0);
        self.working_day(start, last)
    }

    /// One row per task, in the table's order: `id`, `name`, (`owner` if the plan has owners),
    /// `duration`, `earliest_start`, `earliest_finish`, `latest_start`, `latest_finish`,
    /// `total_slack`, `free_slack`, `critical` (bool), and with [`start`](Schedule::start)
    /// `start_date` and `end_date` (polars `Date`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "duration" => [2.0, 1.0], "depends_on" => ["", ""]).unwrap();
    /// let t = TaskPlan::from_frame(&df).unwrap().schedule().table().unwrap();
    /// let slack: Vec<Option<f64>> = t.column("total_slack").unwrap().f64().unwrap().iter().collect();
    /// assert_eq!(slack, vec![Some(0.0), Some(1.0)]);
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let plan = &self.plan;
        let mut columns = vec![
            Column::new("id".into(), plan.ids.clone()),
            Column::new("name".into(), plan.names.clone()),
        ];
        if let Some(owners) = &plan.owners {
            columns.push(Column::new("owner".into(), owners.clone()));
        }
        for (name, values) in [
            ("duration", &plan.durations),
            ("earliest_start", &self.earliest_start),
            ("earliest_finish", &self.earliest_finish),
            ("latest_start", &self.latest_start),
            ("latest_finish", &self.latest_finish),
            ("total_slack", &self.total_slack),
            ("free_slack", &self.free_slack),
        ] {
            columns.push(Column::new(name.into(), values.clone()));
        }
        columns.push(Column::new("critical".into(), self.critical.clone()));
        if let Some(start) = self.start {
            let (starts, ends): (Vec<i64>, Vec<i64>) =
                (0..plan.len()).map(|t| self.task_dates(start, t)).unzip();
            columns.push(dates::date_series("start_date", &starts)?);
            columns.push(dates::date_series("end_date", &ends)?);
        }
        Ok(DataFrame::new(plan.len(), columns)?)
    }

    /// A task's first and last calendar day.
    pub(crate) fn task_dates(&self, start: i64, t: usize) -> (i64, i64) {
        if self.plan.durations[t] > 0.0 {
            (
                self.working_day(start, self.first_day(t)),
                self.finish_day(start, self.earliest_finish[t]),
            )
        } else {
            let day = self.finish_day(start, self.earliest_start[t]);
            (day, day)
        }
    }
}

impl RichDisplay for Schedule {
    fn mime_bundle(&self) -> MimeBundle {
        let mut rows = vec![
            ("tasks", self.plan.len().to_string()),
            (
                "length",
                format!("{} working days", format_compact(self.length)),
            ),
        ];
        if let (Some(start), Some(end)) = (self.start, self.end_date()) {
            rows.push(("start", dates::format_iso(self.working_day(start, 0))));
            rows.push(("end", end));
            rows.push(("holidays", self.holidays.describe()));
        }
        rows.push(("critical path", self.critical_path().join(" → ")));
        rows.push((
            "critical tasks",
            format!("{} of {}", self.critical_tasks().len(), self.plan.len()),
        ));
        summary_bundle("Schedule (critical path method)", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook network: A(3) → B(2), A → C(4), B,C → D(1), and E(2) alone after A.
    fn example() -> Schedule {
        let df = df!(
            "id" => ["A", "B", "C", "D", "E"],
            "duration" => [3.0, 2.0, 4.0, 1.0, 2.0],
            "depends_on" => ["", "A", "A", "B;C", "A"],
        )
        .unwrap();
        TaskPlan::from_frame(&df).unwrap().schedule()
    }

    #[test]
    fn forward_and_backward_passes_by_hand() {
        let s = example();
        // ES: A 0, B 3, C 3, D max(5, 7) = 7, E 3. EF: 3, 5, 7, 8, 5. Length 8.
        assert_eq!(s.earliest_start, vec![0.0, 3.0, 3.0, 7.0, 3.0]);
        assert_eq!(s.earliest_finish, vec![3.0, 5.0, 7.0, 8.0, 5.0]);
        assert_eq!(s.duration(), 8.0);
        // LF: D 8, B 7, C 7, E 8, A min(LS B 5, LS C 3, LS E 6) = 3.
        assert_eq!(s.latest_finish, vec![3.0, 7.0, 7.0, 8.0, 8.0]);
        assert_eq!(s.total_slack, vec![0.0, 2.0, 0.0, 0.0, 3.0]);
        // Free slack: B → D starts at 7, B ends at 5: 2; E ends at 5, no successor: 8 − 5 = 3.
        assert_eq!(s.free_slack, vec![0.0, 2.0, 0.0, 0.0, 3.0]);
        assert_eq!(s.critical_tasks(), vec!["A", "C", "D"]);
        assert_eq!(s.critical_path(), vec!["A", "C", "D"]);
        assert!(s.slack("Z").is_err());
    }

    #[test]
    fn free_slack_differs_from_total_slack_on_a_chain() {
        // X(1) → Y(1) → Z(1) in parallel with W(5): X, Y, Z share 2 days of total slack, but
        // only Z has free slack (Y's delay would push Z).
        let df = df!(
            "id" => ["X", "Y", "Z", "W"],
            "duration" => [1.0, 1.0, 1.0, 5.0],
            "depends_on" => ["", "X", "Y", ""],
        )
        .unwrap();
        let s = TaskPlan::from_frame(&df).unwrap().schedule();
        assert_eq!(s.total_slack, vec![2.0, 2.0, 2.0, 0.0]);
        assert_eq!(s.free_slack, vec![0.0, 0.0, 2.0, 0.0]);
    }

    #[test]
    fn two_critical_paths_and_milestones() {
        // M0 (milestone) → Q(2), P(2) → M1: two critical paths; Q comes first in the table,
        // so the path returned is M0 → Q → M1.
        let df = df!(
            "id" => ["M0", "Q", "P", "M1"],
            "duration" => [0.0, 2.0, 2.0, 0.0],
            "depends_on" => ["", "M0", "M0", "P;Q"],
        )
        .unwrap();
        let s = TaskPlan::from_frame(&df).unwrap().schedule();
        assert_eq!(s.duration(), 2.0);
        assert_eq!(s.critical_path(), vec!["M0", "Q", "M1"]);
        assert_eq!(s.critical_tasks(), vec!["M0", "Q", "P", "M1"]);
    }

    #[test]
    fn dates_count_working_days() {
        let s = example().start("2027-01-02").unwrap(); // a Saturday: starts Monday 4th
        // Length 8: working days Mon 4 … Fri 8, Mon 11, Tue 12, Wed 13 → ends 2027-01-13.
        assert_eq!(s.end_date().unwrap(), "2027-01-13");
        let t = s.table().unwrap();
        let (start, end) = s.task_dates(s.start.unwrap(), 3); // D: day 7 → Wed 13
        assert_eq!(dates::format_iso(start), "2027-01-13");
        assert_eq!(end, start);
        assert_eq!(t.column("start_date").unwrap().dtype(), &DataType::Date);
        assert_eq!(t.width(), 12);
        let text = &s.mime_bundle()[0].1;
        assert!(
            text.contains("A → C → D") && text.contains("2027-01-13"),
            "{text}"
        );
        assert!(example().start("2027-13-01").is_err());
    }
}
