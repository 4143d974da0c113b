//! Whether a specification fits a budget, an end date and a team's capacity.

use super::{Priority, Requirements, grouped};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::project::client::weekdays_between;
use crate::project::dates;
use crate::table::summary_bundle;
use polars::prelude::*;

/// The parameters of a feasibility check, from [`Requirements::feasibility`]; finish with
/// [`FeasibilityCheck::check`].
#[derive(Debug, Clone)]
pub struct FeasibilityCheck<'a> {
    requirements: &'a Requirements,
    budget: f64,
    end: String,
    team: Option<f64>,
    start: Option<String>,
}

/// The result of a feasibility check: which priorities the budget covers (cumulatively, must
/// first), which requirements are due after the project's end, and the effort against the
/// team's capacity (when a team was given). Only the requirements in scope count (must,
/// should, could).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => ["E1", "E2", "E3"], "need" => ["a", "b", "c"],
///     "priority" => ["must", "should", "could"], "cost" => [100.0, 50.0, 40.0],
///     "effort" => [10.0, 5.0, 5.0], "deadline" => ["2027-03-01", "2027-07-15", "2027-05-01"],
/// ).unwrap();
/// let f = Requirements::from_frame(&df).unwrap()
///     .feasibility(160.0, "2027-06-30")
///     .team(1.0).start("2027-06-01")   // 22 working days in June 2027
///     .check().unwrap();
/// assert_eq!(f.covered, vec![Priority::Must, Priority::Should]); // 150 ≤ 160 < 190
/// assert_eq!(f.late, vec!["E2".to_string()]);
/// assert_eq!(f.capacity, Some(22.0));
/// assert!(f.effort_fits() && f.must_feasible);
/// ```
#[derive(Debug, Clone)]
pub struct Feasibility {
    /// The budget, in euros.
    pub budget: f64,
    /// The project's end date (ISO).
    pub end: String,
    /// The cost of the requirements in scope.
    pub scope_cost: f64,
    /// The effort (person-days) of the requirements in scope.
    pub scope_effort: f64,
    /// The priorities the budget covers, from must down, cumulatively.
    pub covered: Vec<Priority>,
    /// The ids of the requirements in scope due after the end, by deadline.
    pub late: Vec<String>,
    /// Working days from the start to the end (both included), when a team was given.
    pub working_days: Option<i64>,
    /// Team size × working days, in person-days, when a team was given.
    pub capacity: Option<f64>,
    /// True if the budget covers the must-haves, none of them is due after the end, and
    /// (when a team was given) their effort fits the capacity.
    pub must_feasible: bool,
    /// The verdict in a few sentences.
    pub verdict: String,
    levels: Vec<Level>,
    late_rows: Vec<(String, Priority, i64)>,
    end_day: i64,
}

#[derive(Debug, Clone)]
struct Level {
    priority: Priority,
    count: u32,
    cost: f64,
    cumulative_cost: f64,
    effort: f64,
    cumulative_effort: f64,
}

impl<'a> FeasibilityCheck<'a> {
    pub(crate) fn new(requirements: &'a Requirements, budget: f64, end: &str) -> Self {
        FeasibilityCheck {
            requirements,
            budget,
            end: end.to_string(),
            team: None,
            start: None,
        }
    }

    /// The team size in full-time people (may be fractional, e.g. 6.5); needs a
    /// [`FeasibilityCheck::start`].
    pub fn team(mut self, size: f64) -> Self {
        self.team = Some(size);
        self
    }

    /// The project's start date (ISO): with the end, gives the working days of the team.
    pub fn start(mut self, date: &str) -> Self {
        self.start = Some(date.to_string());
        self
    }

    /// Runs the check. Errors: a negative budget, a malformed date, a team without a start
    /// (or the reverse), a team size ≤ 0, a start after the end.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["E1"], "need" => ["a"], "priority" => ["must"], "cost" => [1.0],
    ///     "effort" => [1.0], "deadline" => ["2027-03-01"]).unwrap();
    /// let reqs = Requirements::from_frame(&df).unwrap();
    /// assert!(reqs.feasibility(100.0, "2027-06-30").team(3.0).check().is_err()); // no start
    /// assert!(reqs.feasibility(-5.0, "2027-06-30").check().is_err());
    /// ```
    pub fn check(&self) -> Result<Feasibility> {
        if !(self.budget.is_finite() && self.budget >= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "budget is {}: give an amount in euros ≥ 0, e.g. 180_000.0",
                self.budget
            )));
        }
        let end_day = dates::parse_iso(&self.end, "the project's end")?;
        let working_days = match (self.team, &self.start) {
            (None, None) => None,
            (Some(size), Some(start)) => {
                let start_day = dates::parse_iso(start, "the project's start")?;
                if !(size.is_finite() && size > 0.0) {
                    return Err(SdiaError::InvalidInput(format!(
                        "team size is {size}: give the number of full-time people, > 0"
                    )));
                }
                if start_day > end_day {
                    return Err(SdiaError::InvalidInput(format!(
                        "the start {start} is after the end {}: swap them",
                        self.end
                    )));
                }
                Some((size, weekdays_between(start_day, end_day + 1)))
            }
            _ => {
                return Err(SdiaError::InvalidInput(
                    "the capacity needs both .team(size) and .start(\"YYYY-MM-DD\")".into(),
                ));
            }
        };
        let mut levels = Vec::with_capacity(3);
        let (mut cumulative_cost, mut cumulative_effort) = (0.0, 0.0);
        for priority in &Priority::ALL[..3] {
            let of_level = || {
                self.requirements
                    .items
                    .iter()
                    .filter(move |r| r.priority == *priority)
            };
            let cost: f64 = of_level().map(|r| r.cost).sum();
            let effort: f64 = of_level().map(|r| r.effort).sum();
            cumulative_cost += cost;
            cumulative_effort += effort;
            levels.push(Level {
                priority: *priority,
                count: of_level().count() as u32,
                cost,
                cumulative_cost,
                effort,
                cumulative_effort,
            });
        }
        let covered: Vec<Priority> = levels
            .iter()
            .take_while(|l| l.cumulative_cost <= self.budget)
            .map(|l| l.priority)
            .collect();
        let mut late_rows: Vec<(String, Priority, i64)> = self
            .requirements
            .in_scope()
            .filter(|r| r.deadline_day > end_day)
            .map(|r| (r.id.clone(), r.priority, r.deadline_day))
            .collect();
        late_rows.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
        let capacity = working_days.map(|(size, days)| size * days as f64);
        let must = &levels[0];
        let must_feasible = must.cost <= self.budget
            && !late_rows.iter().any(|r| r.1 == Priority::Must)
            && capacity.is_none_or(|c| must.effort <= c);
        let mut result = Feasibility {
            budget: self.budget,
            end: dates::format_iso(end_day),
            scope_cost: cumulative_cost,
            scope_effort: cumulative_effort,
            covered,
            late: late_rows.iter().map(|r| r.0.clone()).collect(),
            working_days: working_days.map(|w| w.1),
            capacity,
            must_feasible,
            verdict: String::new(),
            levels,
            late_rows,
            end_day,
        };
        result.verdict = result.write_verdict();
        Ok(result)
    }
}

impl Feasibility {
    /// True if the effort in scope fits the capacity (always true when no team was given).
    pub fn effort_fits(&self) -> bool {
        self.capacity.is_none_or(|c| self.scope_effort <= c)
    }

    /// One row per priority in scope (must, should, could): `priority`, `count`, `cost`,
    /// `cumulative_cost`, `fits_budget` (cumulative cost ≤ budget), `effort`,
    /// `cumulative_effort`, `fits_capacity` (null when no team was given).
    pub fn table(&self) -> Result<DataFrame> {
        let l = &self.levels;
        let f = |get: fn(&Level) -> f64| -> Vec<f64> { l.iter().map(get).collect() };
        let fits_capacity: Vec<Option<bool>> = l
            .iter()
            .map(|x| self.capacity.map(|c| x.cumulative_effort <= c))
            .collect();
        let columns = vec![
            Column::new(
                "priority".into(),
                l.iter().map(|x| x.priority.label()).collect::<Vec<_>>(),
            ),
            Column::new(
                "count".into(),
                l.iter().map(|x| x.count).collect::<Vec<_>>(),
            ),
            Column::new("cost".into(), f(|x| x.cost)),
            Column::new("cumulative_cost".into(), f(|x| x.cumulative_cost)),
            Column::new(
                "fits_budget".into(),
                l.iter()
                    .map(|x| x.cumulative_cost <= self.budget)
                    .collect::<Vec<_>>(),
            ),
            Column::new("effort".into(), f(|x| x.effort)),
            Column::new("cumulative_effort".into(), f(|x| x.cumulative_effort)),
            Column::new("fits_capacity".into(), fits_capacity),
        ];
        Ok(DataFrame::new(l.len(), columns)?)
    }

    /// The requirements in scope due after the end: `id`, `priority`, `deadline` (Date),
    /// `days_after_end`.
    pub fn late_table(&self) -> Result<DataFrame> {
        let r = &self.late_rows;
        let days: Vec<i64> = r.iter().map(|x| x.2).collect();
        let columns = vec![
            Column::new(
                "id".into(),
                r.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "priority".into(),
                r.iter().map(|x| x.1.label()).collect::<Vec<_>>(),
            ),
            dates::date_series("deadline", &days)?,
            Column::new(
                "days_after_end".into(),
                days.iter().map(|d| d - self.end_day).collect::<Vec<_>>(),
            ),
        ];
        Ok(DataFrame::new(r.len(), columns)?)
    }

    fn write_verdict(&self) -> String {
        let mut parts = Vec::new();
        let must = &self.levels[0];
        if self.covered.is_empty() {
            parts.push(format!(
                "the budget of {} € does not cover the must-haves ({} €): cut scope or raise \
                 the budget",
                grouped(self.budget),
                grouped(must.cost)
            ));
        } else {
            let names: Vec<&str> = self.covered.iter().map(|p| p.label()).collect();
            let last = &self.levels[self.covered.len() - 1];
            let mut s = format!(
                "the budget of {} € covers {} ({} €)",
                grouped(self.budget),
                names.join(" + "),
                grouped(last.cumulative_cost)
            );
            if let Some(next) = self.levels.get(self.covered.len()) {
                s.push_str(&format!(
                    "; {} would need {} € more",
                    next.priority.label(),
                    grouped(next.cumulative_cost - self.budget)
                ));
            }
            parts.push(s);
        }
        if self.late.is_empty() {
            parts.push(format!(
                "every deadline is on or before the end ({})",
                self.end
            ));
        } else {
            parts.push(format!(
                "{} requirement(s) due after the end ({}): {}",
                self.late.len(),
                self.end,
                self.late.join(", ")
            ));
        }
        if let (Some(c), Some(days)) = (self.capacity, self.working_days) {
            parts.push(format!(
                "effort {} person-days vs capacity {} ({} working days): {}",
                grouped(self.scope_effort),
                grouped(c),
                days,
                if self.effort_fits() {
                    "fits"
                } else {
                    "exceeds it"
                }
            ));
        }
        let mut verdict = parts.join("; ");
        verdict.push('.');
        verdict
    }
}

impl RichDisplay for Feasibility {
    fn mime_bundle(&self) -> MimeBundle {
        let covered: Vec<&str> = self.covered.iter().map(|p| p.label()).collect();
        let mut rows = vec![
            ("budget", format!("{} €", grouped(self.budget))),
            ("end", self.end.clone()),
            ("cost in scope", format!("{} €", grouped(self.scope_cost))),
            (
                "priorities covered",
                if covered.is_empty() {
                    "none".into()
                } else {
                    covered.join(", ")
                },
            ),
            (
                "due after the end",
                if self.late.is_empty() {
                    "none".into()
                } else {
                    self.late.join(", ")
                },
            ),
        ];
        if let Some(c) = self.capacity {
            rows.push((
                "effort / capacity",
                format!(
                    "{} / {} person-days",
                    grouped(self.scope_effort),
                    grouped(c)
                ),
            ));
        }
        rows.push(("must-haves feasible", self.must_feasible.to_string()));
        rows.push(("verdict", self.verdict.clone()));
        summary_bundle("Feasibility of the specification", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn budget_levels_late_requirements_and_capacity() {
        // sample(): must 30 000 (effort 37), should 5 000 (6), wont 1 000 (2, out of scope).
        let reqs = Requirements::from_frame(&sample()).unwrap();
        let f = reqs
            .feasibility(32_000.0, "2027-06-01")
            .team(0.5)
            .start("2027-05-03")
            .check()
            .unwrap();
        assert_eq!(f.covered, vec![Priority::Must]); // 30 000 ≤ 32 000 < 35 000
        assert_eq!(f.late, vec!["E3".to_string()]); // 2027-06-15 > 2027-06-01 (E4 is wont)
        // 2027-05-03 (Mon) .. 2027-06-01 (Tue): 4 full weeks (20) + Mon 31, Tue 1 = 22 days.
        assert_eq!(f.working_days, Some(22));
        assert_eq!(f.capacity, Some(11.0));
        assert!(!f.effort_fits() && !f.must_feasible); // 43 > 11, must effort 37 > 11
        assert!(
            f.verdict.contains("should would need 3 000 € more"),
            "{}",
            f.verdict
        );
        let t = f.table().unwrap();
        assert_eq!(t.height(), 3);
        let fits: Vec<Option<bool>> = t
            .column("fits_budget")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(fits, vec![Some(true), Some(false), Some(false)]);
        let late = f.late_table().unwrap();
        let after: Vec<Option<i64>> = late
            .column("days_after_end")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(after, vec![Some(14)]);
        assert!(f.mime_bundle()[0].1.contains("must-haves feasible"));
    }

    #[test]
    fn generous_budget_and_tight_budget() {
        let reqs = Requirements::from_frame(&sample()).unwrap();
        let f = reqs.feasibility(1e6, "2027-12-31").check().unwrap();
        assert_eq!(
            f.covered,
            vec![Priority::Must, Priority::Should, Priority::Could]
        );
        assert!(f.late.is_empty() && f.must_feasible && f.capacity.is_none());
        let f = reqs.feasibility(10_000.0, "2027-12-31").check().unwrap();
        assert!(f.covered.is_empty() && !f.must_feasible);
        assert!(f.verdict.contains("does not cover"), "{}", f.verdict);
    }

    #[test]
    fn bad_parameters() {
        let reqs = Requirements::from_frame(&sample()).unwrap();
        assert!(reqs.feasibility(f64::NAN, "2027-06-01").check().is_err());
        assert!(
            reqs.feasibility(1.0, "juin")
                .check()
                .unwrap_err()
                .to_string()
                .contains("juin")
        );
        assert!(
            reqs.feasibility(1.0, "2027-06-01")
                .start("2027-01-04")
                .check()
                .is_err()
        );
        let e = reqs
            .feasibility(1.0, "2027-06-01")
            .team(0.0)
            .start("2027-01-04")
            .check();
        assert!(e.unwrap_err().to_string().contains("team size"));
        let e = reqs
            .feasibility(1.0, "2027-01-01")
            .team(2.0)
            .start("2027-01-04")
            .check();
        assert!(e.unwrap_err().to_string().contains("after the end"));
    }
}
