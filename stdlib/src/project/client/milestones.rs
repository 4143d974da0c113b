//! Milestones of the schedule against the contact log: which ones had a client checkpoint
//! (competency A7).

use super::{ContactLog, fold};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::{checks, dates};
use crate::table::summary_bundle;
use polars::prelude::*;

/// The kinds of contact that count as a checkpoint unless told otherwise.
const DEFAULT_KINDS: [&str; 3] = ["validation", "recette", "réunion"];

/// What counts as a client checkpoint for a milestone: a contact within `±window_days` of it
/// whose kind contains one of the `kinds` words (compared without case or accents, so
/// "Réunion de pilotage" counts for "reunion"). Default kinds: validation, recette, réunion.
///
/// ```
/// use sdia::prelude::*;
///
/// let jalons = df!("milestone" => ["Lancement", "Recette"], "date" => ["2027-01-04", "2027-03-01"]).unwrap();
/// let log = ContactLog::from_frame(&df!(
///     "date" => ["2027-01-05", "2027-02-26"], "kind" => ["Réunion de lancement", "retour"],
/// ).unwrap()).unwrap();
/// let c = CheckpointRule::new(3).check(&jalons, &log).unwrap();
/// assert_eq!(c.uncovered(), vec!["Recette".to_string()]); // a "retour" is not a checkpoint
/// let c = CheckpointRule::new(3).kinds(&["retour", "réunion"]).check(&jalons, &log).unwrap();
/// assert!(c.uncovered().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct CheckpointRule {
    window_days: i64,
    kinds: Vec<String>,
}

impl CheckpointRule {
    /// A rule with this window (days on each side of the milestone) and the default kinds.
    pub fn new(window_days: i64) -> CheckpointRule {
        CheckpointRule {
            window_days,
            kinds: DEFAULT_KINDS.iter().map(|k| k.to_string()).collect(),
        }
    }

    /// The words of the kinds that count as checkpoints (replacing the default ones).
    pub fn kinds(mut self, kinds: &[&str]) -> CheckpointRule {
        self.kinds = kinds.iter().map(|k| k.to_string()).collect();
        self
    }

    /// Joins the milestones (columns `milestone`: text, unique; `date`: date or ISO text) to
    /// the contacts of the rule's kinds: for each milestone, the nearest such contact (ties go
    /// to the earlier one) and whether it lies within the window. Sorts the contacts once, then
    /// one binary search per milestone. Errors: a negative window, no kinds, a missing column,
    /// no milestone, a duplicated milestone or a bad date (named).
    pub fn check(&self, milestones: &DataFrame, log: &ContactLog) -> Result<MilestoneCheckpoints> {
        if self.window_days < 0 {
            return Err(SdiaError::InvalidInput(format!(
                "the window is {} days: give a number of days ≥ 0 on each side of a milestone",
                self.window_days
            )));
        }
        if self.kinds.is_empty() {
            return Err(SdiaError::InvalidInput(
                "no kind of contact counts as a checkpoint: give at least one, e.g. \
                 &[\"validation\"]"
                    .into(),
            ));
        }
        frame::require_columns(milestones, &["milestone", "date"])?;
        frame::require_rows(milestones, "the milestones table")?;
        let names = checks::required_text(milestones, "milestone")?;
        checks::unique_ids(&names, "milestone")?;
        let days = dates::date_column(milestones, "date", &names)?;
        let words: Vec<String> = self.kinds.iter().map(|k| fold(k)).collect();
        let mut eligible: Vec<(i64, &str)> = log
            .contacts
            .iter()
            .filter(|c| {
                let kind = fold(&c.kind);
                words.iter().any(|w| kind.contains(w.as_str()))
            })
            .map(|c| (c.date, c.kind.as_str()))
            .collect();
        eligible.sort_by_key(|c| c.0);
        let rows = names
            .into_iter()
            .zip(days)
            .map(|(name, day)| {
                let after = eligible.partition_point(|c| c.0 < day);
                let before = after.checked_sub(1).and_then(|i| eligible.get(i));
                let nearest = match (before, eligible.get(after)) {
                    (Some(b), Some(a)) => Some(if day - b.0 <= a.0 - day { b } else { a }),
                    (b, a) => b.or(a),
                };
                let nearest = nearest.map(|c| (c.0, c.1.to_string()));
                let gap = nearest.as_ref().map(|c| c.0 - day);
                Row {
                    covered: gap.is_some_and(|g| g.abs() <= self.window_days),
                    name,
                    day,
                    nearest,
                    gap,
                }
            })
            .collect();
        Ok(MilestoneCheckpoints {
            rows,
            window_days: self.window_days,
            kinds: self.kinds.clone(),
        })
    }
}

/// [`CheckpointRule::new`]`(window_days).check(milestones, log)`: the milestones with a client
/// contact of kind validation, recette or réunion within `±window_days`.
///
/// ```
/// use sdia::prelude::*;
///
/// let jalons = df!("milestone" => ["Cadrage"], "date" => ["2027-01-29"]).unwrap();
/// let log = ContactLog::from_frame(&df!("date" => ["2027-02-08"], "kind" => ["validation"]).unwrap()).unwrap();
/// let c = milestone_checkpoints(&jalons, &log, 7).unwrap();
/// assert_eq!(c.uncovered(), vec!["Cadrage".to_string()]); // 10 days after: outside ±7
/// assert!(milestone_checkpoints(&jalons, &log, 10).unwrap().uncovered().is_empty());
/// ```
pub fn milestone_checkpoints(
    milestones: &DataFrame,
    log: &ContactLog,
    window_days: i64,
) -> Result<MilestoneCheckpoints> {
    CheckpointRule::new(window_days).check(milestones, log)
}

#[derive(Debug, Clone)]
struct Row {
    name: String,
    day: i64,
    nearest: Option<(i64, String)>,
    gap: Option<i64>,
    covered: bool,
}

/// The milestones joined to their nearest client checkpoint, from [`CheckpointRule::check`] or
/// [`milestone_checkpoints`].
#[derive(Debug, Clone)]
pub struct MilestoneCheckpoints {
    rows: Vec<Row>,
    /// Days on each side of a milestone.
    pub window_days: i64,
    /// The kinds of contact that counted.
    pub kinds: Vec<String>,
}

impl MilestoneCheckpoints {
    /// One row per milestone, in the given order: `milestone`, `date`, `nearest_contact`
    /// (Date, null if no contact of the kinds at all), `contact_kind`, `gap_days` (contact date
    /// minus milestone date: negative before), `covered` (|gap| ≤ window).
    pub fn table(&self) -> Result<DataFrame> {
        let r = &self.rows;
        let days: Vec<i64> = r.iter().map(|x| x.day).collect();
        let nearest: Vec<Option<i32>> = r
            .iter()
            .map(|x| x.nearest.as_ref().map(|c| c.0 as i32))
            .collect();
        let columns = vec![
            Column::new(
                "milestone".into(),
                r.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            ),
            dates::date_series("date", &days)?,
            Column::new("nearest_contact".into(), nearest).cast(&DataType::Date)?,
            Column::new(
                "contact_kind".into(),
                r.iter()
                    .map(|x| x.nearest.as_ref().map(|c| c.1.as_str()))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "gap_days".into(),
                r.iter().map(|x| x.gap).collect::<Vec<_>>(),
            ),
            Column::new(
                "covered".into(),
                r.iter().map(|x| x.covered).collect::<Vec<_>>(),
            ),
        ];
        Ok(DataFrame::new(r.len(), columns)?)
    }

    /// The milestones without a client checkpoint within the window, in the given order.
    pub fn uncovered(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| !r.covered)
            .map(|r| r.name.clone())
            .collect()
    }

    /// The number of milestones with a checkpoint.
    pub fn covered_count(&self) -> usize {
        self.rows.iter().filter(|r| r.covered).count()
    }
}

impl RichDisplay for MilestoneCheckpoints {
    fn mime_bundle(&self) -> MimeBundle {
        let lacking = self.uncovered();
        summary_bundle(
            "Client checkpoints at the milestones",
            &[
                ("window", format!("±{} days", self.window_days)),
                ("kinds that count", self.kinds.join(", ")),
                (
                    "covered",
                    format!("{} of {}", self.covered_count(), self.rows.len()),
                ),
                (
                    "lacking a checkpoint",
                    if lacking.is_empty() {
                        "none".into()
                    } else {
                        lacking.join(", ")
                    },
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn nearest_checkpoint_and_coverage_by_hand() {
        // Eligible contacts of sample(): 01-04 réunion, 01-08 recette, 02-03 "Réunion de
        // pilotage", 02-17 validation, 03-10 réunion (retours do not count).
        let log = ContactLog::from_frame(&sample()).unwrap();
        let jalons = df!(
            "milestone" => ["J1", "J2", "J3", "J4"],
            "date" => ["2027-01-13", "2027-02-10", "2027-02-24", "2027-04-30"],
        )
        .unwrap();
        let c = milestone_checkpoints(&jalons, &log, 5).unwrap();
        let t = c.table().unwrap();
        let gaps: Vec<Option<i64>> = t
            .column("gap_days")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        // J1 01-13: 01-08 is 5 days before → −5 (covered). J2 02-10: 02-03 is −7, 02-17 is +7:
        // tie → earlier, −7 (not covered). J3 02-24: 02-17 −7 vs 03-10 +14 → −7.
        // J4 04-30: 03-10 is −51.
        assert_eq!(gaps, vec![Some(-5), Some(-7), Some(-7), Some(-51)]);
        assert_eq!(c.uncovered(), vec!["J2", "J3", "J4"]);
        assert_eq!(
            t.column("contact_kind").unwrap().str().unwrap().get(1),
            Some("Réunion de pilotage")
        );
        let c7 = milestone_checkpoints(&jalons, &log, 7).unwrap();
        assert_eq!(
            (c7.covered_count(), c7.uncovered()),
            (3, vec!["J4".to_string()])
        );
        assert!(c7.mime_bundle()[0].1.contains("3 of 4"));
        // Only validations (02-17): J1 +35, J2 +7 and J3 −7 within ±7, J4 −72.
        let v = CheckpointRule::new(7)
            .kinds(&["Validation"])
            .check(&jalons, &log)
            .unwrap();
        assert_eq!(v.uncovered(), vec!["J1", "J4"]);
        // A kind nobody used: no nearest contact at all.
        let none = CheckpointRule::new(7)
            .kinds(&["atelier"])
            .check(&jalons, &log)
            .unwrap();
        assert_eq!(
            none.table()
                .unwrap()
                .column("nearest_contact")
                .unwrap()
                .null_count(),
            4
        );
    }

    #[test]
    fn bad_milestones_and_rules() {
        let log = ContactLog::from_frame(&sample()).unwrap();
        let jalons =
            df!("milestone" => ["J1", "J1"], "date" => ["2027-01-13", "2027-02-10"]).unwrap();
        assert!(
            milestone_checkpoints(&jalons, &log, 5)
                .unwrap_err()
                .to_string()
                .contains("'J1'")
        );
        let jalons = df!("milestone" => ["J1"], "date" => ["13/01/2027"]).unwrap();
        assert!(
            milestone_checkpoints(&jalons, &log, 5)
                .unwrap_err()
                .to_string()
                .contains("'J1'")
        );
        let jalons = df!("milestone" => ["J1"], "date" => ["2027-01-13"]).unwrap();
        assert!(milestone_checkpoints(&jalons, &log, -1).is_err());
        assert!(
            CheckpointRule::new(3)
                .kinds(&[])
                .check(&jalons, &log)
                .is_err()
        );
        let e = milestone_checkpoints(&jalons.drop("date").unwrap(), &log, 3).unwrap_err();
        assert!(e.to_string().contains("milestone"));
    }
}
