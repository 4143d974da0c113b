//! [`Sprints`]: the stories of past sprints (points, day done) → velocity per sprint, burndown
//! of a sprint, and a forecast of the sprints still needed ([`Forecast`]).

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::{Plot, XyChart};
use crate::project::checks;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// How many of the last sprints the mean velocity and the forecast use.
const WINDOW: usize = 3;

/// The sprint backlogs of a Scrum team, one row per story committed in a sprint, built by
/// [`Sprints::from_frame`] from the columns:
///
/// | column | type | meaning |
/// |---|---|---|
/// | `sprint` | whole number | the sprint (1, 2, …) |
/// | `story` | text | the story id (a story not finished may come back in a later sprint) |
/// | `points` | number > 0 | its estimate in story points |
/// | `done_day` | whole number or null | the working day of the sprint it was done (1 to the sprint length); null = not done |
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "sprint" => [1, 1, 2, 2],
///     "story" => ["S1", "S2", "S2", "S3"],
///     "points" => [5.0, 3.0, 3.0, 8.0],
///     "done_day" => [Some(4), None, Some(2), Some(9)],
/// ).unwrap();
/// let sprints = Sprints::from_frame(&df).unwrap();
/// assert_eq!(sprints.mean_velocity(), 8.0); // sprint 1: 5 points done, sprint 2: 11 → (5 + 11) / 2
/// ```
#[derive(Debug, Clone)]
pub struct Sprints {
    sprint: Vec<i64>,
    story: Vec<String>,
    points: Vec<f64>,
    done_day: Vec<Option<i64>>,
    length: i64,
}

/// A whole number read from a float column; the error names the row's label.
fn whole(value: f64, column: &str, who: &str) -> Result<i64> {
    if value.fract() == 0.0 && value.abs() < 1e12 {
        Ok(value as i64)
    } else {
        Err(SdiaError::InvalidInput(format!(
            "{column} of {who} is {value}: it must be a whole number"
        )))
    }
}

impl Sprints {
    /// Reads and checks a sprint backlog (columns in the [type's documentation](Sprints)).
    /// Errors: an empty table, a missing column, a missing sprint number or story, points
    /// that are not > 0, a done day below 1 or not whole, a story twice in the same sprint.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("sprint" => [1], "story" => ["S1"], "points" => [0.0], "done_day" => [Some(3)]).unwrap();
    /// assert!(Sprints::from_frame(&df).unwrap_err().to_string().contains("S1"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Sprints> {
        frame::require_rows(df, "the sprint backlog")?;
        frame::require_columns(df, &["sprint", "story", "points", "done_day"])?;
        let story = checks::required_text(df, "story")?;
        let sprint_numbers = checks::required_numbers(df, "sprint", &story)?;
        let points = checks::required_numbers(df, "points", &story)?;
        // A CSV column with no value at all is read as text: nothing done yet.
        let days = if frame::column(df, "done_day")?.null_count() == df.height() {
            vec![None; df.height()]
        } else {
            frame::f64_options(df, "done_day")?
        };
        let mut sprint = Vec::with_capacity(story.len());
        let mut done_day = Vec::with_capacity(story.len());
        let mut seen = HashSet::new();
        for row in 0..story.len() {
            let who = format!("story '{}'", story[row]);
            let s = whole(sprint_numbers[row], "sprint", &who)?;
            let who = format!("story '{}' of sprint {s}", story[row]);
            if points[row] <= 0.0 {
                return Err(SdiaError::InvalidInput(format!(
                    "points of {who} is {}: an estimate must be > 0",
                    points[row]
                )));
            }
            let day = match days[row] {
                Some(v) => {
                    let day = whole(v, "done_day", &who)?;
                    if day < 1 {
                        return Err(SdiaError::InvalidInput(format!(
                            "done_day of {who} is {day}: days of a sprint count from 1 \
                             (leave it empty if the story is not done)"
                        )));
                    }
                    Some(day)
                }
                None => None,
            };
            if !seen.insert((s, story[row].as_str())) {
                return Err(SdiaError::InvalidInput(format!(
                    "{who} appears twice: a story is committed once per sprint"
                )));
            }
            sprint.push(s);
            done_day.push(day);
        }
        Ok(Sprints {
            sprint,
            story,
            points,
            done_day,
            length: 10,
        })
    }

    /// Sets the sprint length in working days (default 10, two weeks); done days must not
    /// exceed it.
    pub fn sprint_length(mut self, days: u32) -> Sprints {
        self.length = i64::from(days);
        self
    }

    /// Points committed and done per sprint number, in sprint order.
    fn totals(&self) -> BTreeMap<i64, (f64, f64)> {
        let mut totals: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
        for row in 0..self.story.len() {
            let entry = totals.entry(self.sprint[row]).or_default();
            entry.0 += self.points[row];
            if self.done_day[row].is_some() {
                entry.1 += self.points[row];
            }
        }
        totals
    }

    /// Points done in each of the last (at most 3) sprints.
    fn recent_velocities(&self) -> Vec<f64> {
        let done: Vec<f64> = self.totals().values().map(|&(_, d)| d).collect();
        done[done.len().saturating_sub(WINDOW)..].to_vec()
    }

    /// One row per sprint: `sprint`, `committed` (points), `done` (points of the stories done:
    /// the velocity) and `completion` (done / committed).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("sprint" => [1, 1], "story" => ["S1", "S2"], "points" => [5.0, 3.0], "done_day" => [Some(4), None]).unwrap();
    /// let v = Sprints::from_frame(&df).unwrap().velocity().unwrap();
    /// let completion: Vec<Option<f64>> = v.column("completion").unwrap().f64().unwrap().iter().collect();
    /// assert_eq!(completion, vec![Some(0.625)]); // 5 / 8
    /// ```
    pub fn velocity(&self) -> Result<DataFrame> {
        let totals = self.totals();
        let sprints: Vec<i64> = totals.keys().copied().collect();
        let committed: Vec<f64> = totals.values().map(|&(c, _)| c).collect();
        let done: Vec<f64> = totals.values().map(|&(_, d)| d).collect();
        let ratio: Vec<f64> = committed.iter().zip(&done).map(|(c, d)| d / c).collect();
        Ok(DataFrame::new(
            sprints.len(),
            vec![
                Column::new("sprint".into(), sprints),
                Column::new("committed".into(), committed),
                Column::new("done".into(), done),
                Column::new("completion".into(), ratio),
            ],
        )?)
    }

    /// The mean velocity (points done per sprint) of the last 3 sprints, or of all of them if
    /// there are fewer.
    pub fn mean_velocity(&self) -> f64 {
        let recent = self.recent_velocities();
        recent.iter().sum::<f64>() / recent.len().max(1) as f64
    }

    fn rows_of(&self, sprint: i64) -> Result<Vec<usize>> {
        let rows: Vec<usize> = (0..self.story.len())
            .filter(|&r| self.sprint[r] == sprint)
            .collect();
        if rows.is_empty() {
            let known: Vec<String> = self.totals().keys().map(i64::to_string).collect();
            return Err(SdiaError::InvalidInput(format!(
                "there is no sprint {sprint}; the sprints are: {}",
                known.join(", ")
            )));
        }
        if self.length < 1 {
            return Err(SdiaError::InvalidInput(
                "the sprint length is 0 days: give at least 1 with .sprint_length(10)".into(),
            ));
        }
        for &r in &rows {
            if let Some(day) = self.done_day[r]
                && day > self.length
            {
                return Err(SdiaError::InvalidInput(format!(
                    "done_day of story '{}' of sprint {sprint} is {day}, after the last day of \
                     a {}-day sprint: fix the day or set .sprint_length(…)",
                    self.story[r], self.length
                )));
            }
        }
        Ok(rows)
    }

    /// The burndown of a sprint: one row per day from 0 (start: everything committed remains)
    /// to the sprint length, with `day`, `ideal` (a straight line from the committed points to
    /// 0) and `actual` (points of the stories not done by the end of that day).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("sprint" => [1, 1], "story" => ["S1", "S2"], "points" => [6.0, 4.0], "done_day" => [Some(1), None]).unwrap();
    /// let b = Sprints::from_frame(&df).unwrap().sprint_length(2).burndown(1).unwrap();
    /// let actual: Vec<Option<f64>> = b.column("actual").unwrap().f64().unwrap().iter().collect();
    /// assert_eq!(actual, vec![Some(10.0), Some(4.0), Some(4.0)]);
    /// ```
    pub fn burndown(&self, sprint: i64) -> Result<DataFrame> {
        let rows = self.rows_of(sprint)?;
        let committed: f64 = rows.iter().map(|&r| self.points[r]).sum();
        let mut done_on = vec![0.0; self.length as usize + 1];
        for &r in &rows {
            if let Some(day) = self.done_day[r] {
                done_on[day as usize] += self.points[r];
            }
        }
        let days: Vec<i64> = (0..=self.length).collect();
        let ideal: Vec<f64> = days
            .iter()
            .map(|&d| committed * (1.0 - d as f64 / self.length as f64))
            .collect();
        let mut remaining = committed;
        let actual: Vec<f64> = done_on
            .iter()
            .map(|done| {
                remaining -= done;
                remaining
            })
            .collect();
        Ok(DataFrame::new(
            days.len(),
            vec![
                Column::new("day".into(), days),
                Column::new("ideal".into(), ideal),
                Column::new("actual".into(), actual),
            ],
        )?)
    }

    /// The burndown chart of a sprint: the actual remaining points as a line, the ideal one
    /// dashed.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("sprint" => [1], "story" => ["S1"], "points" => [5.0], "done_day" => [Some(3)]).unwrap();
    /// let chart = Sprints::from_frame(&df).unwrap().burndown_chart(1).unwrap();
    /// assert!(chart.to_svg().unwrap().contains("Burndown of sprint 1"));
    /// ```
    pub fn burndown_chart(&self, sprint: i64) -> Result<Plot> {
        let table = self.burndown(sprint)?;
        let days = frame::f64_values(&table, "day")?;
        let pairs = |column: &str| -> Result<Vec<(f64, f64)>> {
            Ok(days
                .iter()
                .copied()
                .zip(frame::f64_values(&table, column)?)
                .collect())
        };
        let top = pairs("ideal")?.first().map(|p| p.1).unwrap_or(1.0);
        XyChart::new()
            .line("actual", &pairs("actual")?)
            .dashed("ideal", &pairs("ideal")?)
            .y_range(0.0, top * 1.05)
            .plot(
                &format!("Burndown of sprint {sprint}"),
                "day of the sprint",
                "story points remaining",
            )
    }

    /// How many sprints the `remaining_points` still need at the mean velocity of the last 3
    /// sprints, and the range from their best to their worst velocity.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("sprint" => [1, 2, 3], "story" => ["a", "b", "c"], "points" => [20.0, 30.0, 25.0], "done_day" => [Some(9), Some(9), Some(9)]).unwrap();
    /// let f = Sprints::from_frame(&df).unwrap().forecast(100.0).unwrap();
    /// assert_eq!(f.sprints, 4); // 100 / 25 = 4
    /// assert_eq!((f.sprints_optimistic, f.sprints_pessimistic), (4, Some(5))); // 100/30 → 4, 100/20 → 5
    /// ```
    pub fn forecast(&self, remaining_points: f64) -> Result<Forecast> {
        if !(remaining_points.is_finite() && remaining_points >= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "remaining_points is {remaining_points}: give the points left in the backlog (≥ 0)"
            )));
        }
        let recent = self.recent_velocities();
        let mean = self.mean_velocity();
        let min = recent.iter().copied().fold(f64::INFINITY, f64::min);
        let max = recent.iter().copied().fold(0.0, f64::max);
        if mean <= 0.0 {
            return Err(SdiaError::InvalidInput(
                "no story was done in the last sprints: the velocity is 0, nothing can be \
                 forecast"
                    .into(),
            ));
        }
        let needed = |velocity: f64| (remaining_points / velocity - 1e-9).ceil().max(0.0) as u64;
        Ok(Forecast {
            remaining_points,
            sprints_used: recent.len(),
            mean_velocity: mean,
            min_velocity: min,
            max_velocity: max,
            sprints: needed(mean),
            sprints_optimistic: needed(max),
            sprints_pessimistic: (min > 0.0).then(|| needed(min)),
        })
    }
}

/// How many sprints the rest of a backlog needs ([`Sprints::forecast`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The story points still to do.
    pub remaining_points: f64,
    /// How many past sprints the velocities come from (the last 3, or fewer).
    pub sprints_used: usize,
    /// Mean velocity of those sprints (points per sprint).
    pub mean_velocity: f64,
    /// Their lowest velocity.
    pub min_velocity: f64,
    /// Their highest velocity.
    pub max_velocity: f64,
    /// Sprints needed at the mean velocity (rounded up).
    pub sprints: u64,
    /// Sprints needed at the highest velocity.
    pub sprints_optimistic: u64,
    /// Sprints needed at the lowest velocity (`None` if a sprint had none done).
    pub sprints_pessimistic: Option<u64>,
}

impl RichDisplay for Forecast {
    fn mime_bundle(&self) -> MimeBundle {
        let worst = self
            .sprints_pessimistic
            .map(|s| s.to_string())
            .unwrap_or_else(|| "never (a sprint delivered nothing)".into());
        summary_bundle(
            "Sprint forecast",
            &[
                ("points remaining", format_number(self.remaining_points)),
                (
                    "velocity (last sprints)",
                    format!(
                        "mean {}, min {}, max {} over {} sprints",
                        format_number(self.mean_velocity),
                        format_number(self.min_velocity),
                        format_number(self.max_velocity),
                        self.sprints_used
                    ),
                ),
                ("sprints needed (mean)", self.sprints.to_string()),
                ("range", format!("{} to {worst}", self.sprints_optimistic)),
            ],
        )
    }
}

impl RichDisplay for Sprints {
    fn mime_bundle(&self) -> MimeBundle {
        let totals = self.totals();
        summary_bundle(
            "Sprints",
            &[
                ("sprints", totals.len().to_string()),
                ("stories committed", self.story.len().to_string()),
                ("sprint length", format!("{} working days", self.length)),
                (
                    "mean velocity (last 3)",
                    format!("{} points", format_number(self.mean_velocity())),
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backlog() -> Sprints {
        // Sprint 1: 5 + 3 + 8 committed, S3 not done → 8 done of 16.
        // Sprint 2: S3 again (8) + S4 (5), both done → 13 of 13.
        // Sprint 3: S5 (13) done day 6, S6 (2) not done → 13 of 15.
        // Sprint 4: S6 (2) done day 1, S7 (8) done day 10 → 10 of 10.
        let df = df!(
            "sprint" => [1, 1, 1, 2, 2, 3, 3, 4, 4],
            "story" => ["S1", "S2", "S3", "S3", "S4", "S5", "S6", "S6", "S7"],
            "points" => [5.0, 3.0, 8.0, 8.0, 5.0, 13.0, 2.0, 2.0, 8.0],
            "done_day" => [Some(3), Some(7), None, Some(4), Some(9), Some(6), None, Some(1), Some(10)],
        )
        .unwrap();
        Sprints::from_frame(&df).unwrap()
    }

    #[test]
    fn velocity_per_sprint_and_mean_of_the_last_three() {
        let s = backlog();
        let v = s.velocity().unwrap();
        let done: Vec<f64> = frame::f64_values(&v, "done").unwrap();
        assert_eq!(done, vec![8.0, 13.0, 13.0, 10.0]);
        let committed = frame::f64_values(&v, "committed").unwrap();
        assert_eq!(committed, vec![16.0, 13.0, 15.0, 10.0]);
        // Last three: (13 + 13 + 10) / 3 = 12.
        assert_eq!(s.mean_velocity(), 12.0);
        let text = &s.mime_bundle()[0].1;
        assert!(text.contains("12.0 points"), "{text}");
    }

    #[test]
    fn burndown_by_hand() {
        let s = backlog();
        let b = s.burndown(3).unwrap();
        let actual = frame::f64_values(&b, "actual").unwrap();
        // 15 committed; 13 done on day 6; 2 never.
        assert_eq!(actual.len(), 11);
        assert_eq!(actual[5], 15.0);
        assert_eq!(actual[6], 2.0);
        assert_eq!(actual[10], 2.0);
        let ideal = frame::f64_values(&b, "ideal").unwrap();
        assert_eq!((ideal[0], ideal[5], ideal[10]), (15.0, 7.5, 0.0));
        assert!(
            s.burndown(9)
                .unwrap_err()
                .to_string()
                .contains("1, 2, 3, 4")
        );
        let short = s.clone().sprint_length(5);
        assert!(short.burndown(1).unwrap_err().to_string().contains("'S2'"));
        assert!(
            s.burndown_chart(3)
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("ideal")
        );
    }

    #[test]
    fn forecast_range() {
        let f = backlog().forecast(50.0).unwrap();
        // Mean 12: 50 / 12 = 4.17 → 5; max 13 → 3.85 → 4; min 10 → 5.
        assert_eq!(
            (f.sprints, f.sprints_optimistic, f.sprints_pessimistic),
            (5, 4, Some(5))
        );
        assert_eq!(f.sprints_used, 3);
        assert_eq!(backlog().forecast(36.0).unwrap().sprints, 3); // exactly 3 × 12
        assert!(backlog().forecast(-1.0).is_err());
        let text = &f.mime_bundle()[0].1;
        assert!(text.contains("4 to 5"), "{text}");
    }

    #[test]
    fn bad_backlogs_are_refused() {
        let twice = df!("sprint" => [1, 1], "story" => ["S1", "S1"], "points" => [1.0, 2.0], "done_day" => [None::<i64>, None]).unwrap();
        assert!(
            Sprints::from_frame(&twice)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let day0 =
            df!("sprint" => [1], "story" => ["S1"], "points" => [1.0], "done_day" => [Some(0)])
                .unwrap();
        assert!(
            Sprints::from_frame(&day0)
                .unwrap_err()
                .to_string()
                .contains("from 1")
        );
        let half =
            df!("sprint" => [1.5], "story" => ["S1"], "points" => [1.0], "done_day" => [Some(1)])
                .unwrap();
        assert!(
            Sprints::from_frame(&half)
                .unwrap_err()
                .to_string()
                .contains("whole")
        );
        let none =
            df!("sprint" => [1], "story" => ["S1"], "points" => [1.0], "done_day" => [None::<i64>])
                .unwrap();
        assert!(Sprints::from_frame(&none).unwrap().forecast(10.0).is_err());
        let missing = df!("sprint" => [1]).unwrap();
        assert!(
            Sprints::from_frame(&missing)
                .unwrap_err()
                .to_string()
                .contains("story")
        );
    }
}
