//! A specification as a typed table of requirements (competency A1): priorities (MoSCoW),
//! costs, efforts and deadlines, their totals per priority ([`Requirements::summary`]), the
//! check against a budget and an end date ([`Requirements::feasibility`]), and the comparison of
//! two versions of the specification ([`requirements_diff`]).

mod diff;
mod feasibility;
mod priority;

pub use diff::{DiffImpact, RequirementsDiff, requirements_diff};
pub use feasibility::{Feasibility, FeasibilityCheck};
pub use priority::Priority;

use super::{checks, dates};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::Result;
use crate::frame;
use crate::table::to_html;
use polars::prelude::*;

/// One requirement of a specification (a row of [`Requirements`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Its id (unique in the specification), e.g. `"E07"`.
    pub id: String,
    /// What the client needs, in a sentence.
    pub need: String,
    /// Its MoSCoW priority.
    pub priority: Priority,
    /// Its estimated cost in euros (≥ 0).
    pub cost: f64,
    /// Its estimated effort in person-days (≥ 0).
    pub effort: f64,
    /// Its deadline, ISO `YYYY-MM-DD`.
    pub deadline: String,
    /// Who answers for it, if given.
    pub owner: Option<String>,
    /// Its category (fonctionnelle, technique, réglementaire…), if given.
    pub category: Option<String>,
    pub(crate) deadline_day: i64,
}

/// A specification: one [`Requirement`] per row of a frame, checked.
///
/// Columns: `id` (text, unique), `need` (text), `priority` (text: `must`, `should`, `could`,
/// `wont`, or in French `doit`, `devrait`, `pourrait`, `ne fera pas`; any case), `cost` (number,
/// euros, ≥ 0), `effort` (number, person-days, ≥ 0), `deadline` (date, or ISO text
/// `YYYY-MM-DD`); optional: `owner` (text), `category` (text). Other columns are ignored.
///
/// The requirements of priority `wont` ("won't have this time") are kept in the tables but are
/// out of scope: feasibility and the impact of a revision count `must`, `should` and `could`.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => ["E1", "E2", "E3"],
///     "need" => ["Prévision par station", "Tableau de bord", "Export PDF"],
///     "priority" => ["must", "Devrait", "wont"],
///     "cost" => [40_000.0, 12_000.0, 3_000.0],
///     "effort" => [50.0, 15.0, 4.0],
///     "deadline" => ["2027-04-30", "2027-05-31", "2027-06-30"],
/// ).unwrap();
/// let reqs = Requirements::from_frame(&df).unwrap();
/// assert_eq!(reqs.len(), 3);
/// assert_eq!(reqs.get("E2").unwrap().priority, Priority::Should);
/// assert_eq!(reqs.scope_cost(), 52_000.0); // 40 000 + 12 000, the "wont" is out of scope
/// ```
#[derive(Debug, Clone)]
pub struct Requirements {
    items: Vec<Requirement>,
}

/// The text values of an optional column (all `None` when the frame lacks it).
fn optional_text(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    if df.column(name).is_err() {
        return Ok(vec![None; df.height()]);
    }
    Ok(frame::labels(df, name)?
        .into_iter()
        .map(|v| v.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
        .collect())
}

impl Requirements {
    /// Reads and checks a requirements table (columns above). Errors: a missing column (the
    /// message lists the frame's columns), no rows, an empty or duplicated id, an unknown
    /// priority, a missing or negative cost or effort, a missing or malformed deadline — each
    /// naming the requirement at fault.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["E1"], "need" => ["Alertes"], "priority" => ["urgent"],
    ///     "cost" => [1.0], "effort" => [1.0], "deadline" => ["2027-03-01"],
    /// ).unwrap();
    /// let err = Requirements::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("'E1'") && err.contains("urgent"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Requirements> {
        frame::require_columns(
            df,
            &["id", "need", "priority", "cost", "effort", "deadline"],
        )?;
        frame::require_rows(df, "the requirements table")?;
        let ids = checks::required_text(df, "id")?;
        checks::unique_ids(&ids, "requirement")?;
        let needs = checks::required_text(df, "need")?;
        let priorities = checks::required_text(df, "priority")?;
        let costs = checks::required_numbers(df, "cost", &ids)?;
        let efforts = checks::required_numbers(df, "effort", &ids)?;
        let deadlines = dates::date_column(df, "deadline", &ids)?;
        let owners = optional_text(df, "owner")?;
        let categories = optional_text(df, "category")?;
        let mut items = Vec::with_capacity(ids.len());
        for (row, id) in ids.into_iter().enumerate() {
            let priority = Priority::parse(&priorities[row], &id)?;
            checks::non_negative(costs[row], "cost", &id)?;
            checks::non_negative(efforts[row], "effort", &id)?;
            items.push(Requirement {
                need: needs[row].clone(),
                priority,
                cost: costs[row],
                effort: efforts[row],
                deadline: dates::format_iso(deadlines[row]),
                owner: owners[row].clone(),
                category: categories[row].clone(),
                deadline_day: deadlines[row],
                id,
            });
        }
        Ok(Requirements { items })
    }

    /// The requirements, in the frame's order.
    pub fn requirements(&self) -> &[Requirement] {
        &self.items
    }

    /// The number of requirements.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True if there is no requirement (never the case after [`Requirements::from_frame`]).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The requirement with this id, if any.
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.items.iter().find(|r| r.id == id)
    }

    /// The total cost of the requirements in scope (priority `must`, `should` or `could`).
    pub fn scope_cost(&self) -> f64 {
        self.in_scope().map(|r| r.cost).sum()
    }

    /// The total effort (person-days) of the requirements in scope.
    pub fn scope_effort(&self) -> f64 {
        self.in_scope().map(|r| r.effort).sum()
    }

    pub(crate) fn in_scope(&self) -> impl Iterator<Item = &Requirement> + '_ {
        self.items.iter().filter(|r| r.priority != Priority::Wont)
    }

    /// The requirements as a typed table sorted by priority (must first), then deadline, then
    /// id: `id`, `need`, `priority` (text), `cost`, `effort`, `deadline` (Date), `owner`,
    /// `category`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["E1", "E2"], "need" => ["a", "b"], "priority" => ["could", "must"],
    ///     "cost" => [1.0, 2.0], "effort" => [1.0, 1.0],
    ///     "deadline" => ["2027-03-01", "2027-05-01"],
    /// ).unwrap();
    /// let t = Requirements::from_frame(&df).unwrap().table().unwrap();
    /// assert_eq!(t.column("id").unwrap().str().unwrap().get(0), Some("E2"));
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let mut order: Vec<&Requirement> = self.items.iter().collect();
        order.sort_by(|a, b| {
            (a.priority, a.deadline_day, &a.id).cmp(&(b.priority, b.deadline_day, &b.id))
        });
        let text =
            |f: fn(&Requirement) -> &str| -> Vec<&str> { order.iter().map(|r| f(r)).collect() };
        let opt = |f: fn(&Requirement) -> Option<&str>| -> Vec<Option<&str>> {
            order.iter().map(|r| f(r)).collect()
        };
        let days: Vec<i64> = order.iter().map(|r| r.deadline_day).collect();
        let columns = vec![
            Column::new("id".into(), text(|r| &r.id)),
            Column::new("need".into(), text(|r| &r.need)),
            Column::new("priority".into(), text(|r| r.priority.label())),
            Column::new(
                "cost".into(),
                order.iter().map(|r| r.cost).collect::<Vec<_>>(),
            ),
            Column::new(
                "effort".into(),
                order.iter().map(|r| r.effort).collect::<Vec<_>>(),
            ),
            dates::date_series("deadline", &days)?,
            Column::new("owner".into(), opt(|r| r.owner.as_deref())),
            Column::new("category".into(), opt(|r| r.category.as_deref())),
        ];
        Ok(DataFrame::new(order.len(), columns)?)
    }

    /// Totals per priority, one row for each of must, should, could, wont (in that order, zero
    /// rows included): `priority`, `count`, `cost`, `effort`, and `cumulative_cost`, the cost of
    /// this priority and all those before it (what it costs to deliver down to this level).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["E1", "E2", "E3"], "need" => ["a", "b", "c"],
    ///     "priority" => ["must", "could", "must"], "cost" => [10.0, 5.0, 20.0],
    ///     "effort" => [1.0, 2.0, 3.0], "deadline" => ["2027-03-01"; 3],
    /// ).unwrap();
    /// let s = Requirements::from_frame(&df).unwrap().summary().unwrap();
    /// let cumulative: Vec<f64> = s.column("cumulative_cost").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert_eq!(cumulative, vec![30.0, 30.0, 35.0, 35.0]); // must 10 + 20, should 0, could 5
    /// ```
    pub fn summary(&self) -> Result<DataFrame> {
        let mut count = [0u32; 4];
        let mut cost = [0.0f64; 4];
        let mut effort = [0.0f64; 4];
        for r in &self.items {
            let i = r.priority.rank();
            count[i] += 1;
            cost[i] += r.cost;
            effort[i] += r.effort;
        }
        let cumulative: Vec<f64> = cost
            .iter()
            .scan(0.0, |total, c| {
                *total += c;
                Some(*total)
            })
            .collect();
        let labels: Vec<&str> = Priority::ALL.iter().map(|p| p.label()).collect();
        let columns = vec![
            Column::new("priority".into(), labels),
            Column::new("count".into(), count.to_vec()),
            Column::new("cost".into(), cost.to_vec()),
            Column::new("effort".into(), effort.to_vec()),
            Column::new("cumulative_cost".into(), cumulative),
        ];
        Ok(DataFrame::new(4, columns)?)
    }

    /// Starts a feasibility check against a budget (euros) and the project's end date (ISO
    /// text); add a team with [`FeasibilityCheck::team`] and [`FeasibilityCheck::start`] to
    /// compare efforts with the capacity, then call [`FeasibilityCheck::check`].
    pub fn feasibility(&self, budget: f64, end: &str) -> FeasibilityCheck<'_> {
        FeasibilityCheck::new(self, budget, end)
    }

    /// What changed from this version to `newer`: [`requirements_diff`].
    pub fn diff(&self, newer: &Requirements) -> RequirementsDiff {
        requirements_diff(self, newer)
    }
}

impl RichDisplay for Requirements {
    fn mime_bundle(&self) -> MimeBundle {
        match self.table() {
            Ok(df) => vec![
                ("text/plain".into(), df.to_string()),
                ("text/html".into(), to_html(&df)),
            ],
            Err(e) => vec![("text/plain".into(), e.to_string())],
        }
    }
}

/// An amount with its thousands grouped by spaces ("12 000", "-3 500", "2.5"): how the
/// project toolkit writes euros and person-days in sentences.
pub(crate) fn grouped(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded = (x * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let whole = rounded.abs().trunc() as u64;
    let cents = ((rounded.abs() - whole as f64) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    if cents > 0 {
        let decimals = format!("{cents:02}");
        out.push('.');
        out.push_str(decimals.trim_end_matches('0'));
    }
    if negative { format!("-{out}") } else { out }
}

/// An amount with an explicit sign: "+18 500", "-3 000", "0".
pub(crate) fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", grouped(x))
    } else {
        grouped(x)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Four requirements, by hand: must 10 000 + 20 000, should 5 000, wont 1 000.
    pub(crate) fn sample() -> DataFrame {
        df!(
            "id" => ["E1", "E2", "E3", "E4"],
            "need" => ["Prévision", "Maintenance", "Tableau", "Export"],
            "priority" => ["MUST", "doit", "should", "ne fera pas"],
            "cost" => [10_000.0, 20_000.0, 5_000.0, 1_000.0],
            "effort" => [12.0, 25.0, 6.0, 2.0],
            "deadline" => ["2027-05-01", "2027-03-01", "2027-06-15", "2027-04-01"],
            "owner" => [Some("CD"), None, Some("GM"), Some("GM")],
        )
        .unwrap()
    }

    #[test]
    fn reads_priorities_in_both_languages_and_sorts_the_table() {
        let reqs = Requirements::from_frame(&sample()).unwrap();
        assert_eq!(reqs.get("E2").unwrap().priority, Priority::Must);
        assert_eq!(reqs.get("E4").unwrap().priority, Priority::Wont);
        assert_eq!(reqs.get("E1").unwrap().owner.as_deref(), Some("CD"));
        assert_eq!(reqs.get("E1").unwrap().category, None); // no category column
        assert_eq!(reqs.scope_cost(), 35_000.0); // 10 000 + 20 000 + 5 000
        assert_eq!(reqs.scope_effort(), 43.0); // 12 + 25 + 6
        let t = reqs.table().unwrap();
        let ids: Vec<&str> = t
            .column("id")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        // must by deadline (E2 in March, E1 in May), then should, then wont.
        assert_eq!(ids, vec!["E2", "E1", "E3", "E4"]);
        assert_eq!(t.column("deadline").unwrap().dtype(), &DataType::Date);
        assert!(reqs.mime_bundle()[0].1.contains("E2"));
    }

    #[test]
    fn summary_totals_and_cumulates_by_priority() {
        let s = Requirements::from_frame(&sample())
            .unwrap()
            .summary()
            .unwrap();
        let get = |c: &str| -> Vec<f64> {
            s.column(c)
                .unwrap()
                .cast(&DataType::Float64)
                .unwrap()
                .f64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        assert_eq!(get("count"), vec![2.0, 1.0, 0.0, 1.0]);
        assert_eq!(get("cost"), vec![30_000.0, 5_000.0, 0.0, 1_000.0]);
        assert_eq!(get("effort"), vec![37.0, 6.0, 0.0, 2.0]);
        assert_eq!(
            get("cumulative_cost"),
            vec![30_000.0, 35_000.0, 35_000.0, 36_000.0]
        );
    }

    #[test]
    fn bad_tables_name_the_culprit() {
        let mut df = sample();
        df.with_column(Column::new("cost".into(), [1.0, -5.0, 1.0, 1.0]))
            .unwrap();
        let e = Requirements::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'E2'") && e.contains("-5"), "{e}");
        let mut df = sample();
        df.with_column(Column::new(
            "priority".into(),
            ["must", "must", "vite", "must"],
        ))
        .unwrap();
        let e = Requirements::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'E3'") && e.contains("vite"), "{e}");
        let mut df = sample();
        df.with_column(Column::new("id".into(), ["E1", "E2", "E1", "E4"]))
            .unwrap();
        assert!(
            Requirements::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("'E1'")
        );
        let mut df = sample();
        df.with_column(Column::new(
            "deadline".into(),
            ["2027-05-01", "demain", "2027-06-15", "2027-04-01"],
        ))
        .unwrap();
        assert!(
            Requirements::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("'E2'")
        );
        let e = Requirements::from_frame(&sample().drop("effort").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("effort") && e.contains("need"), "{e}");
        let empty = sample().head(Some(0));
        assert!(
            Requirements::from_frame(&empty)
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
    }

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(grouped(12_000.0), "12 000");
        assert_eq!(grouped(1_234_567.0), "1 234 567");
        assert_eq!(grouped(-3_500.0), "-3 500");
        assert_eq!(grouped(2.5), "2.5");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(signed(18_500.0), "+18 500");
        assert_eq!(signed(0.0), "0");
    }
}
