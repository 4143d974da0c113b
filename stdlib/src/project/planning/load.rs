//! The load of each person per week from a dated [`Schedule`]: each task's work (working days ×
//! its `load`) spread evenly over its scheduled working days, compared with each person's
//! capacity that week (less in a week with holidays); as a table and as a person × week grid
//! with over-allocated weeks in red.

use super::critical_path::Schedule;
use crate::error::{Result, SdiaError};
use crate::project::dates;
use crate::project::drawing::{Anchor, Drawing};
use polars::prelude::*;
use std::collections::BTreeMap;

/// Fill of an over-allocated cell: a red light enough for the black value written on it.
const OVER: &str = "#e8615f";

/// The load grid: owners (sorted), week Mondays, `load[owner][week]` and
/// `capacity[owner][week]` in days.
struct LoadGrid {
    owners: Vec<String>,
    weeks: Vec<i64>,
    load: Vec<Vec<f64>>,
    capacity: Vec<Vec<f64>>,
}

impl LoadGrid {
    fn over(&self, person: usize, week: usize) -> bool {
        self.load[person][week] > self.capacity[person][week] + 1e-9
    }
}

impl Schedule {
    fn load_grid(&self) -> Result<LoadGrid> {
        let plan = &self.plan;
        let Some(owners) = &plan.owners else {
            return Err(SdiaError::InvalidInput(
                "the task table has no 'owner' column: add one (the id of who does each task) \
                 to compute the load per person"
                    .into(),
            ));
        };
        let Some(start) = self.start else {
            return Err(SdiaError::InvalidInput(
                "the load per week needs calendar dates: call .start(\"2027-01-04\") on the \
                 schedule first"
                    .into(),
            ));
        };
        if !(self.capacity.is_finite() && self.capacity > 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "the capacity is {} days per week: give a number > 0, e.g. .capacity(5.0)",
                self.capacity
            )));
        }
        let mut people: Vec<String> = owners.iter().flatten().cloned().collect();
        people.sort_unstable();
        people.dedup();
        if people.is_empty() {
            return Err(SdiaError::InvalidInput(
                "no task has an owner: fill in the 'owner' column".into(),
            ));
        }
        for (person, &days) in &self.capacities {
            if people.binary_search(person).is_err() {
                return Err(SdiaError::InvalidInput(format!(
                    "capacity_for(\"{person}\", …): '{person}' owns no task; the owners are: {}",
                    people.join(", ")
                )));
            }
            if !(days.is_finite() && days > 0.0) {
                return Err(SdiaError::InvalidInput(format!(
                    "the capacity of '{person}' is {days} days per week: give a number > 0, \
                     e.g. .capacity_for(\"{person}\", 4.0)"
                )));
            }
        }
        let first_week = dates::monday_of(self.working_day(start, 0));
        let last_week = dates::monday_of(self.finish_day(start, self.length));
        let weeks: Vec<i64> = (first_week..=last_week).step_by(7).collect();
        let row: BTreeMap<&str, usize> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let mut load = vec![vec![0.0; weeks.len()]; people.len()];
        for (t, owner) in owners.iter().enumerate() {
            let (Some(owner), d) = (owner, plan.durations[t]) else {
                continue;
            };
            if d <= 0.0 || plan.loads[t] == 0.0 {
                continue;
            }
            let first = self.first_day(t);
            let last = (self.earliest_finish[t].ceil() as i64 - 1).max(first);
            let per_day = d * plan.loads[t] / (last - first + 1) as f64;
            let person = row[owner.as_str()];
            for i in first..=last {
                let week = (dates::monday_of(self.working_day(start, i)) - first_week) / 7;
                if let Some(cell) = load[person].get_mut(week as usize) {
                    *cell += per_day;
                }
            }
        }
        // Rounded once, so that the table, its `over` flags and the chart agree.
        for cell in load.iter_mut().flatten() {
            *cell = (*cell * 1e6).round() / 1e6;
        }
        // The share of each week that is worked (4/5 with one holiday), the same for everyone.
        let worked: Vec<f64> = weeks
            .iter()
            .map(|&monday| self.holidays.working_days_in_week(monday) as f64 / 5.0)
            .collect();
        let capacity = people
            .iter()
            .map(|person| {
                let per_week = self.capacity_of(person);
                worked.iter().map(|share| per_week * share).collect()
            })
            .collect();
        Ok(LoadGrid {
            owners: people,
            weeks,
            load,
            capacity,
        })
    }

    /// A person's capacity in days per 5-day week.
    fn capacity_of(&self, person: &str) -> f64 {
        self.capacities
            .get(person)
            .copied()
            .unwrap_or(self.capacity)
    }

    /// The capacities in words, for the chart's title: "capacity 5 days/week (BL 4), less in
    /// weeks with holidays".
    fn capacity_words(&self) -> String {
        let number = crate::table::format_compact;
        let mut words = format!("capacity {} days/week", number(self.capacity));
        if !self.capacities.is_empty() {
            let each: Vec<String> = self
                .capacities
                .iter()
                .map(|(person, days)| format!("{person} {}", number(*days)))
                .collect();
            words += &format!(" ({})", each.join(", "));
        }
        if !self.holidays.is_none() {
            words += ", less in weeks with holidays";
        }
        words
    }

    /// The load of each person per week, one row per owner and week of the project (weeks
    /// without work included, with 0): `owner`, `week` (its Monday, polars `Date`),
    /// `load_days` (working days of work, rounded to 6 decimals), `capacity_days` and `over`
    /// (load above capacity). A task brings `duration × load` days, spread evenly over its
    /// working days from its earliest start; tasks without owner are left out. The capacity
    /// is the person's days per 5-day week ([`capacity`](Schedule::capacity), default 5, or
    /// [`capacity_for`](Schedule::capacity_for)) times the share of the week's Mondays to
    /// Fridays that are not [`holidays`](Schedule::holidays): 4 days for a full-time person in
    /// a week with a public holiday.
    ///
    /// Errors: no `owner` column, no [`start`](Schedule::start) date, a capacity ≤ 0, a
    /// [`capacity_for`](Schedule::capacity_for) someone who owns no task.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["A", "B"], "duration" => [5.0, 5.0], "depends_on" => ["", ""],
    ///     "owner" => ["CD", "CD"], "load" => [1.0, 0.5],
    /// ).unwrap();
    /// let s = TaskPlan::from_frame(&df).unwrap().schedule().start("2027-01-04").unwrap();
    /// let load = s.load_by_person().unwrap();
    /// let days: Vec<Option<f64>> = load.column("load_days").unwrap().f64().unwrap().iter().collect();
    /// assert_eq!(days, vec![Some(7.5)]); // 5 × 1 + 5 × 0.5 in the week of 4 January
    /// assert!(load.column("over").unwrap().bool().unwrap().get(0).unwrap());
    /// ```
    pub fn load_by_person(&self) -> Result<DataFrame> {
        let grid = self.load_grid()?;
        let n = grid.owners.len() * grid.weeks.len();
        let mut owner = Vec::with_capacity(n);
        let mut week = Vec::with_capacity(n);
        let mut days = Vec::with_capacity(n);
        let mut capacity = Vec::with_capacity(n);
        let mut over = Vec::with_capacity(n);
        for (p, person) in grid.owners.iter().enumerate() {
            for (w, &monday) in grid.weeks.iter().enumerate() {
                owner.push(person.clone());
                week.push(monday);
                days.push(grid.load[p][w]);
                capacity.push(grid.capacity[p][w]);
                over.push(grid.over(p, w));
            }
        }
        Ok(DataFrame::new(
            n,
            vec![
                Column::new("owner".into(), owner),
                dates::date_series("week", &week)?,
                Column::new("load_days".into(), days),
                Column::new("capacity_days".into(), capacity),
                Column::new("over".into(), over),
            ],
        )?)
    }

    /// The rows of [`load_by_person`](Schedule::load_by_person) where the load is above
    /// capacity, by owner and week (empty when nobody is over-allocated).
    pub fn over_allocations(&self) -> Result<DataFrame> {
        let table = self.load_by_person()?;
        let mask = table.column("over")?.bool()?.clone();
        Ok(table.filter(&mask)?)
    }

    /// The load grid as a chart: one row per person, one column per week (its Monday as
    /// `dd/mm`), each cell shaded by load / capacity and showing the days of work; weeks above
    /// capacity are red. Same errors as [`load_by_person`](Schedule::load_by_person).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "duration" => [5.0, 3.0], "depends_on" => ["", ""], "owner" => ["CD", "CD"]).unwrap();
    /// let s = TaskPlan::from_frame(&df).unwrap().schedule().start("2027-01-04").unwrap();
    /// let svg = s.load_chart().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("#e8615f") && svg.contains(">8</text>")); // 8 days in a 5-day week, in red
    /// ```
    pub fn load_chart(&self) -> Result<Drawing> {
        let grid = self.load_grid()?;
        let (label_width, top, cell_h) = (60.0, 64.0, 26.0);
        let cell_w = (900.0 / grid.weeks.len() as f64).clamp(34.0, 60.0);
        let width = label_width + cell_w * grid.weeks.len() as f64 + 20.0;
        let height = top + cell_h * grid.owners.len() as f64 + 50.0;
        let mut d = Drawing::new(
            &format!("Load per person and week (days; {})", self.capacity_words()),
            width.max(520.0).ceil() as u32,
            height.ceil() as u32,
        );
        for (w, &monday) in grid.weeks.iter().enumerate() {
            let iso = dates::format_iso(monday);
            let x = label_width + (w as f64 + 0.5) * cell_w;
            d.text(
                x,
                top - 8.0,
                &format!("{}/{}", &iso[8..10], &iso[5..7]),
                10.0,
                Anchor::Middle,
                false,
            );
        }
        for (p, person) in grid.owners.iter().enumerate() {
            let y = top + p as f64 * cell_h;
            d.text(
                label_width - 8.0,
                y + cell_h / 2.0 + 4.0,
                person,
                12.0,
                Anchor::End,
                true,
            );
            for (w, &days) in grid.load[p].iter().enumerate() {
                let x = label_width + w as f64 * cell_w;
                let ratio = days / grid.capacity[p][w];
                let over = grid.over(p, w);
                let fill = if over { OVER.to_string() } else { shade(ratio) };
                d.rect(x, y, cell_w, cell_h, &fill, "#ffffff");
                if days > 1e-9 {
                    let text = format_days(days);
                    d.text(
                        x + cell_w / 2.0,
                        y + cell_h / 2.0 + 4.0,
                        &text,
                        10.0,
                        Anchor::Middle,
                        over,
                    );
                }
            }
        }
        let ly = top + cell_h * grid.owners.len() as f64 + 28.0;
        d.rect(label_width, ly - 10.0, 18.0, 12.0, &shade(0.5), "none");
        d.text(
            label_width + 24.0,
            ly,
            "shade: load / capacity",
            11.0,
            Anchor::Start,
            false,
        );
        d.rect(label_width + 200.0, ly - 10.0, 18.0, 12.0, OVER, "none");
        d.text(
            label_width + 224.0,
            ly,
            "over capacity",
            11.0,
            Anchor::Start,
            false,
        );
        Ok(d)
    }
}

/// White to light blue by the share of capacity used (kept light so that black text reads).
fn shade(ratio: f64) -> String {
    let t = ratio.clamp(0.0, 1.0);
    let mix = |white: f64, blue: f64| (white + (blue - white) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(247.0, 0x9e as f64),
        mix(251.0, 0xca as f64),
        mix(255.0, 0xe1 as f64)
    )
}

/// Days of work for a cell: one decimal, without a trailing `.0`.
fn format_days(days: f64) -> String {
    let text = format!("{days:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use crate::frame;
    use crate::project::planning::TaskPlan;
    use polars::prelude::*;

    fn plan() -> TaskPlan {
        // A (CD, 5 d) Mon 4 → Fri 8; B (CD, 4 d, half time) after A: Mon 11 → Thu 14;
        // C (DN, 3 d) from the start, Mon 4 → Wed 6; D (no owner).
        let df = df!(
            "id" => ["A", "B", "C", "D"],
            "duration" => [5.0, 4.0, 3.0, 2.0],
            "depends_on" => ["", "A", "", "A"],
            "owner" => [Some("CD"), Some("CD"), Some("DN"), None],
            "load" => [1.0, 0.5, 1.0, 1.0],
        )
        .unwrap();
        TaskPlan::from_frame(&df).unwrap()
    }

    #[test]
    fn load_per_person_and_week_by_hand() {
        let s = plan().schedule().start("2027-01-04").unwrap();
        let t = s.load_by_person().unwrap();
        // Two weeks (4 and 11 January) × two owners (CD, DN).
        assert_eq!(t.height(), 4);
        let days = frame::f64_values(&t, "load_days").unwrap();
        // CD: 5, then 4 × 0.5 = 2; DN: 3, then 0.
        assert_eq!(days, vec![5.0, 2.0, 3.0, 0.0]);
        assert!(s.over_allocations().unwrap().height() == 0);
        // At 4 days a week (80 %), CD's first week is over.
        let part_time = s.clone().capacity(4.0);
        let over = part_time.over_allocations().unwrap();
        assert_eq!(over.height(), 1);
        assert_eq!(
            frame::labels(&over, "owner").unwrap()[0].as_deref(),
            Some("CD")
        );
        assert!(s.clone().capacity(0.0).load_by_person().is_err());
    }

    #[test]
    fn a_task_across_a_weekend_splits_its_load() {
        // X (3 days) Mon 4 → Wed 6, then Y (4 days) starts on a Thursday.
        let df = df!(
            "id" => ["X", "Y"], "duration" => [3.0, 4.0], "depends_on" => ["", "X"],
            "owner" => ["BL", "BL"],
        )
        .unwrap();
        let s = TaskPlan::from_frame(&df)
            .unwrap()
            .schedule()
            .start("2027-01-04")
            .unwrap();
        // Y runs Thu 7, Fri 8, Mon 11, Tue 12: week 1 gets 3 + 2 = 5, week 2 gets 2.
        let days = frame::f64_values(&s.load_by_person().unwrap(), "load_days").unwrap();
        assert_eq!(days, vec![5.0, 2.0]);
    }

    #[test]
    fn holidays_move_the_work_and_lower_the_week_capacity() {
        // Z (6 days, BL) from Monday 3 May 2027; Ascension (Thursday 6) is off.
        let df = df!(
            "id" => ["Z"], "duration" => [6.0], "depends_on" => [""], "owner" => ["BL"],
        )
        .unwrap();
        let s = TaskPlan::from_frame(&df)
            .unwrap()
            .schedule()
            .start("2027-05-03")
            .unwrap()
            .holidays(crate::project::Holidays::france());
        let t = s.load_by_person().unwrap();
        // Week of 3 May: Mon–Wed and Fri, 4 days of work in a 4-day week; Monday 10: 2 days.
        assert_eq!(frame::f64_values(&t, "load_days").unwrap(), vec![4.0, 2.0]);
        assert_eq!(
            frame::f64_values(&t, "capacity_days").unwrap(),
            vec![4.0, 5.0]
        );
        assert_eq!(s.over_allocations().unwrap().height(), 0);
        // At 80 % BL has 3.2 days that week: over.
        let part_time = s.clone().capacity_for("BL", 4.0);
        let t = part_time.load_by_person().unwrap();
        assert_eq!(
            frame::f64_values(&t, "capacity_days").unwrap(),
            vec![3.2, 4.0]
        );
        assert_eq!(part_time.over_allocations().unwrap().height(), 1);
        let title = part_time.load_chart().unwrap().title().to_string();
        assert!(
            title.contains("BL 4") && title.contains("holidays"),
            "{title}"
        );
    }

    #[test]
    fn capacity_for_someone_unknown_or_at_zero_is_refused() {
        let s = plan().schedule().start("2027-01-04").unwrap();
        let err = s
            .clone()
            .capacity_for("XX", 4.0)
            .load_by_person()
            .unwrap_err()
            .to_string();
        assert!(err.contains("'XX'") && err.contains("CD, DN"), "{err}");
        let err = s
            .capacity_for("DN", 0.0)
            .load_by_person()
            .unwrap_err()
            .to_string();
        assert!(err.contains("'DN'") && err.contains("> 0"), "{err}");
    }

    #[test]
    fn load_needs_owners_and_dates_and_draws_over_cells_in_red() {
        let undated = plan().schedule();
        assert!(
            undated
                .load_by_person()
                .unwrap_err()
                .to_string()
                .contains(".start")
        );
        let df = df!("id" => ["A"], "duration" => [1.0], "depends_on" => [""]).unwrap();
        let no_owner = TaskPlan::from_frame(&df)
            .unwrap()
            .schedule()
            .start("2027-01-04")
            .unwrap();
        assert!(
            no_owner
                .load_by_person()
                .unwrap_err()
                .to_string()
                .contains("owner")
        );
        let s = plan().schedule().start("2027-01-04").unwrap().capacity(4.0);
        let svg = s.load_chart().unwrap().to_svg().unwrap();
        assert!(svg.contains(super::OVER) && svg.contains(">CD</text>") && svg.contains("04/01"));
    }
}
