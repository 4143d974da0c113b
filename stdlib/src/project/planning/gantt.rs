//! The Gantt chart of a [`Schedule`]: one bar per task on a working-day axis with week ticks,
//! critical tasks in red, total slack as a light bar after each task, milestones as diamonds.

use super::critical_path::Schedule;
use crate::project::dates;
use crate::project::drawing::{Anchor, Drawing};

const CRITICAL: &str = "#d62728";
const NORMAL: &str = "#4c78a8";
const SLACK: &str = "#c6dbef";
const GRID: &str = "#e0e0e0";
const LABEL_WIDTH: f64 = 250.0;
const ROW: f64 = 22.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 46.0;

impl Schedule {
    /// The Gantt chart: one row per task in the table's order, labelled on the left; a bar from
    /// its earliest start to its earliest finish (red if critical, blue otherwise), its total
    /// slack as a light bar after it; milestones (zero duration) as diamonds. The axis counts
    /// working days; with [`start`](Schedule::start) a tick marks the first working day of each
    /// week (the Monday, or the Tuesday after a holiday Monday), labelled `dd/mm`; without it,
    /// every 5 working days.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["A", "B", "M"],
    ///     "name" => ["Cadrage", "Collecte", "Go"],
    ///     "duration" => [3.0, 2.0, 0.0],
    ///     "depends_on" => ["", "", "A;B"],
    /// ).unwrap();
    /// let gantt = TaskPlan::from_frame(&df).unwrap().schedule().start("2027-01-04").unwrap().gantt();
    /// let svg = gantt.to_svg().unwrap();
    /// assert!(svg.contains("Cadrage") && svg.contains("#d62728") && svg.contains("04/01"));
    /// ```
    pub fn gantt(&self) -> Drawing {
        let plan = &self.plan;
        let n = plan.len();
        let days = self.length.ceil().max(1.0);
        let scale = (720.0 / days).clamp(4.0, 40.0);
        let width = LABEL_WIDTH + days * scale + 30.0;
        let height = TOP + n as f64 * ROW + BOTTOM;
        let title = match self.end_date() {
            Some(end) => format!(
                "Gantt chart: {} working days, ends {end}",
                crate::table::format_compact(self.length)
            ),
            None => format!(
                "Gantt chart: {} working days",
                crate::table::format_compact(self.length)
            ),
        };
        let mut d = Drawing::new(&title, width.ceil() as u32, height.ceil() as u32);
        let x = |day: f64| LABEL_WIDTH + day * scale;
        let bottom = TOP + n as f64 * ROW;
        // Week ticks: the first working day of each week (a Monday unless it is a holiday).
        let ticks: Vec<(i64, String)> = match self.start {
            Some(start) => {
                let mut week = None;
                (0..=days as i64)
                    .filter_map(|i| {
                        let day = self.working_day(start, i);
                        let monday = dates::monday_of(day);
                        (week.replace(monday) != Some(monday)).then(|| {
                            let iso = dates::format_iso(day);
                            (i, format!("{}/{}", &iso[8..10], &iso[5..7]))
                        })
                    })
                    .collect()
            }
            None => (0..=days as i64)
                .step_by(5)
                .map(|i| (i, i.to_string()))
                .collect(),
        };
        let every = ((45.0 / (5.0 * scale)).ceil() as usize).max(1);
        for (k, (i, label)) in ticks.iter().enumerate() {
            let xi = x(*i as f64);
            d.line(xi, TOP - 6.0, xi, bottom, GRID, 1.0, false);
            if k % every == 0 {
                d.text(xi, TOP - 10.0, label, 10.0, Anchor::Middle, false);
            }
        }
        let axis = match (self.start, self.holidays.is_none()) {
            (None, _) => "working days".to_string(),
            (Some(_), true) => "weeks (Mondays), in working days".to_string(),
            (Some(_), false) => {
                format!("weeks, in working days ({} off)", self.holidays.describe())
            }
        };
        d.text(
            x(days / 2.0),
            TOP - 26.0,
            &axis,
            11.0,
            Anchor::Middle,
            false,
        );
        for t in 0..n {
            let y = TOP + t as f64 * ROW;
            let mid = y + ROW / 2.0;
            let label = format!("{}  {}", plan.ids[t], plan.names[t]);
            let label: String = if label.chars().count() > 36 {
                label.chars().take(35).chain(['…']).collect()
            } else {
                label
            };
            d.text(8.0, mid + 4.0, &label, 11.0, Anchor::Start, false);
            let color = if self.critical[t] { CRITICAL } else { NORMAL };
            let (es, ef) = (self.earliest_start[t], self.earliest_finish[t]);
            if self.total_slack[t] > 0.0 {
                let w = self.total_slack[t] * scale;
                d.rect(x(ef), y + 7.0, w, ROW - 14.0, SLACK, "none");
            }
            if plan.durations[t] > 0.0 {
                d.rect(x(es), y + 4.0, (ef - es) * scale, ROW - 8.0, color, "none");
            } else {
                diamond(&mut d, x(es), mid, 7.0, color);
            }
        }
        // Legend.
        let ly = bottom + 22.0;
        let mut lx = LABEL_WIDTH;
        for (fill, text) in [
            (CRITICAL, "critical task"),
            (NORMAL, "task with slack"),
            (SLACK, "slack (total)"),
        ] {
            d.rect(lx, ly - 9.0, 18.0, 10.0, fill, "none");
            d.text(lx + 24.0, ly, text, 11.0, Anchor::Start, false);
            lx += 130.0;
        }
        diamond(&mut d, lx + 6.0, ly - 4.0, 6.0, "#333333");
        d.text(lx + 18.0, ly, "milestone", 11.0, Anchor::Start, false);
        d
    }
}

/// A filled diamond of half-size `r` centred on `(cx, cy)`, drawn as horizontal strokes.
pub(crate) fn diamond(d: &mut Drawing, cx: f64, cy: f64, r: f64, color: &str) {
    let steps = (2.0 * r) as i64;
    for k in 0..=steps {
        let dy = -r + k as f64;
        let half = r - dy.abs();
        d.line(cx - half, cy + dy, cx + half, cy + dy, color, 1.2, false);
    }
}

#[cfg(test)]
mod tests {
    use crate::project::planning::TaskPlan;
    use polars::prelude::*;

    #[test]
    fn gantt_draws_every_task_with_colours_and_ticks() {
        let df = df!(
            "id" => ["A", "B", "C", "M"],
            "name" => ["Cadrage", "Collecte", "Modèle", "Go"],
            "duration" => [3.0, 2.0, 10.0, 0.0],
            "depends_on" => ["", "A", "A", "B;C"],
        )
        .unwrap();
        let s = TaskPlan::from_frame(&df).unwrap().schedule();
        let svg = s.gantt().to_svg().unwrap();
        // Without dates: ticks every 5 working days, 0 to 13 → 0, 5, 10.
        assert!(svg.contains(">10</text>") && svg.contains("working days"));
        assert!(svg.contains("Modèle") && svg.contains("#d62728") && svg.contains("#4c78a8"));
        assert!(svg.contains("#c6dbef")); // B has 8 days of slack
        let dated = s.start("2027-01-06").unwrap().gantt(); // a Wednesday
        let svg = dated.to_svg().unwrap();
        // Start 06/01, then the Mondays 11/01 and 18/01 (13 working days end Fri 22/01).
        assert!(svg.contains("06/01") && svg.contains("11/01") && svg.contains("18/01"));
        assert!(dated.title().contains("2027-01-22"), "{}", dated.title());
    }

    #[test]
    fn a_holiday_monday_moves_the_week_tick_to_tuesday() {
        let df = df!("id" => ["A"], "duration" => [12.0], "depends_on" => [""]).unwrap();
        let s = TaskPlan::from_frame(&df)
            .unwrap()
            .schedule()
            .start("2027-03-22")
            .unwrap();
        let plain = s.gantt().to_svg().unwrap();
        assert!(plain.contains(">29/03<") && !plain.contains(">30/03<"));
        // Easter Monday 29 March 2027 is off: the week's tick is Tuesday 30.
        let dated = s.holidays(crate::project::Holidays::france()).gantt();
        let svg = dated.to_svg().unwrap();
        assert!(svg.contains(">30/03<") && !svg.contains(">29/03<"));
        assert!(svg.contains("public holidays of France off"));
        // 12 working days from Monday 22 March: 5, then 4 after Easter Monday, then Wed 7 April.
        assert!(dated.title().contains("2027-04-07"), "{}", dated.title());
    }
}
