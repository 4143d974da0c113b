//! What changed between two versions of a specification, and what it costs (competency A2).

use super::{Priority, Requirement, Requirements, grouped, signed};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::Result;
use crate::table::summary_bundle;
use polars::prelude::*;
use std::collections::HashMap;

/// How a requirement changed from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    fn label(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, Clone)]
struct DiffRow {
    id: String,
    change: Change,
    priority: Priority,
    fields: String,
    cost_delta: f64,
    effort_delta: f64,
}

/// The comparison of two versions of a specification, from [`requirements_diff`]:
/// [`RequirementsDiff::table`] lists every id, [`RequirementsDiff::impact`] sums up the cost
/// and schedule consequences.
///
/// ```
/// use sdia::prelude::*;
///
/// let v1 = Requirements::from_frame(&df!(
///     "id" => ["E1", "E2"], "need" => ["a", "b"], "priority" => ["must", "could"],
///     "cost" => [12_000.0, 5_000.0], "effort" => [10.0, 4.0],
///     "deadline" => ["2027-03-01", "2027-05-01"],
/// ).unwrap()).unwrap();
/// let v2 = Requirements::from_frame(&df!(
///     "id" => ["E1", "E3"], "need" => ["a", "c"], "priority" => ["must", "should"],
///     "cost" => [15_000.0, 8_000.0], "effort" => [10.0, 6.0],
///     "deadline" => ["2027-04-15", "2027-05-01"],
/// ).unwrap()).unwrap();
/// let d = v1.diff(&v2);
/// assert_eq!((d.impact().added, d.impact().removed, d.impact().changed), (1, 1, 1));
/// assert_eq!(d.impact().cost_delta, 6_000.0); // 23 000 − 17 000
/// let t = d.table().unwrap();
/// let text = t.column("changes").unwrap().str().unwrap().get(0).unwrap().to_string();
/// assert_eq!(text, "cost: 12 000 → 15 000; deadline: 2027-03-01 → 2027-04-15");
/// ```
#[derive(Debug, Clone)]
pub struct RequirementsDiff {
    rows: Vec<DiffRow>,
    impact: DiffImpact,
}

/// The consequences of a revision of the specification, counted on the requirements in scope
/// (a requirement moved to `wont` leaves the scope, one moved out of `wont` enters it).
#[derive(Debug, Clone, PartialEq)]
pub struct DiffImpact {
    /// Ids only in the new version.
    pub added: usize,
    /// Ids only in the old version.
    pub removed: usize,
    /// Ids in both versions with at least one field changed.
    pub changed: usize,
    /// Ids in both versions with no change.
    pub unchanged: usize,
    /// Cost in scope of the new version minus that of the old one, in euros.
    pub cost_delta: f64,
    /// Effort in scope of the new version minus that of the old one, in person-days.
    pub effort_delta: f64,
    /// Cost of the must-haves of the new version minus that of the old one.
    pub must_cost_delta: f64,
    /// Latest deadline in scope of the new version minus that of the old one, in days
    /// (0 when a version has nothing in scope).
    pub end_shift_days: i64,
}

/// Compares two versions of a specification, id by id: `added` (only in `newer`), `removed`
/// (only in `older`), `changed` (need, priority, cost, effort, deadline, owner or category
/// differ) or `unchanged`. Linear in the number of requirements.
pub fn requirements_diff(older: &Requirements, newer: &Requirements) -> RequirementsDiff {
    let new_by_id: HashMap<&str, &Requirement> =
        newer.items.iter().map(|r| (r.id.as_str(), r)).collect();
    let old_ids: HashMap<&str, ()> = older.items.iter().map(|r| (r.id.as_str(), ())).collect();
    let scope = |r: &Requirement, x: f64| if r.priority == Priority::Wont { 0.0 } else { x };
    let mut rows = Vec::with_capacity(older.len() + newer.len());
    for old in &older.items {
        let row = match new_by_id.get(old.id.as_str()) {
            None => DiffRow {
                id: old.id.clone(),
                change: Change::Removed,
                priority: old.priority,
                fields: describe(old),
                cost_delta: -scope(old, old.cost),
                effort_delta: -scope(old, old.effort),
            },
            Some(new) => {
                let fields = changed_fields(old, new);
                DiffRow {
                    id: old.id.clone(),
                    change: if fields.is_empty() {
                        Change::Unchanged
                    } else {
                        Change::Changed
                    },
                    priority: new.priority,
                    fields: fields.join("; "),
                    cost_delta: scope(new, new.cost) - scope(old, old.cost),
                    effort_delta: scope(new, new.effort) - scope(old, old.effort),
                }
            }
        };
        rows.push(row);
    }
    for new in newer
        .items
        .iter()
        .filter(|r| !old_ids.contains_key(r.id.as_str()))
    {
        rows.push(DiffRow {
            id: new.id.clone(),
            change: Change::Added,
            priority: new.priority,
            fields: describe(new),
            cost_delta: scope(new, new.cost),
            effort_delta: scope(new, new.effort),
        });
    }
    let count = |c: Change| rows.iter().filter(|r| r.change == c).count();
    let must_cost = |v: &Requirements| -> f64 {
        v.items
            .iter()
            .filter(|r| r.priority == Priority::Must)
            .map(|r| r.cost)
            .sum()
    };
    let latest = |v: &Requirements| v.in_scope().map(|r| r.deadline_day).max();
    let impact = DiffImpact {
        added: count(Change::Added),
        removed: count(Change::Removed),
        changed: count(Change::Changed),
        unchanged: count(Change::Unchanged),
        cost_delta: newer.scope_cost() - older.scope_cost(),
        effort_delta: newer.scope_effort() - older.scope_effort(),
        must_cost_delta: must_cost(newer) - must_cost(older),
        end_shift_days: match (latest(older), latest(newer)) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        },
    };
    RequirementsDiff { rows, impact }
}

/// The main fields of a requirement, for an added or removed row.
fn describe(r: &Requirement) -> String {
    format!(
        "{}; cost {}; effort {}; deadline {}",
        r.priority.label(),
        grouped(r.cost),
        grouped(r.effort),
        r.deadline
    )
}

/// "field: old → new" for every field that differs.
fn changed_fields(old: &Requirement, new: &Requirement) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = |name: &str, a: &str, b: &str| {
        if a != b {
            out.push(format!("{name}: {a} → {b}"));
        }
    };
    text("need", &old.need, &new.need);
    text("priority", old.priority.label(), new.priority.label());
    text("cost", &grouped(old.cost), &grouped(new.cost));
    text("effort", &grouped(old.effort), &grouped(new.effort));
    text("deadline", &old.deadline, &new.deadline);
    let none = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    text("owner", &none(&old.owner), &none(&new.owner));
    text("category", &none(&old.category), &none(&new.category));
    out
}

impl RequirementsDiff {
    /// One row per id (old version's order, then the added ids): `id`, `change` (added,
    /// removed, changed, unchanged), `priority` (the new one, or the old one if removed),
    /// `changes` ("cost: 12 000 → 15 000; deadline: 2027-03-01 → 2027-04-15"; the main fields
    /// for an added or removed requirement), `cost_delta` and `effort_delta` (the change of
    /// cost and effort counted in scope: a `wont` counts 0; they sum to the impact's deltas).
    pub fn table(&self) -> Result<DataFrame> {
        let r = &self.rows;
        let columns = vec![
            Column::new(
                "id".into(),
                r.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "change".into(),
                r.iter().map(|x| x.change.label()).collect::<Vec<_>>(),
            ),
            Column::new(
                "priority".into(),
                r.iter().map(|x| x.priority.label()).collect::<Vec<_>>(),
            ),
            Column::new(
                "changes".into(),
                r.iter().map(|x| x.fields.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "cost_delta".into(),
                r.iter().map(|x| x.cost_delta).collect::<Vec<_>>(),
            ),
            Column::new(
                "effort_delta".into(),
                r.iter().map(|x| x.effort_delta).collect::<Vec<_>>(),
            ),
        ];
        Ok(DataFrame::new(r.len(), columns)?)
    }

    /// The cost and schedule consequences of the revision.
    pub fn impact(&self) -> &DiffImpact {
        &self.impact
    }

    /// The ids with this change (`"added"`, `"removed"`, `"changed"` or `"unchanged"`), in the
    /// table's order; an unknown word gives no id.
    pub fn ids(&self, change: &str) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.change.label() == change)
            .map(|r| r.id.clone())
            .collect()
    }

    /// The revision in one sentence: "3 added, 1 removed, 4 changed: +18 500 €, +22
    /// person-days, end +21 days".
    pub fn summary_text(&self) -> String {
        let i = &self.impact;
        format!(
            "{} added, {} removed, {} changed: {} €, {} person-days, end {} days",
            i.added,
            i.removed,
            i.changed,
            signed(i.cost_delta),
            signed(i.effort_delta),
            signed(i.end_shift_days as f64)
        )
    }
}

impl RichDisplay for DiffImpact {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Impact of the revision (requirements in scope)",
            &[
                (
                    "requirements",
                    format!(
                        "{} added, {} removed, {} changed, {} unchanged",
                        self.added, self.removed, self.changed, self.unchanged
                    ),
                ),
                ("cost", format!("{} €", signed(self.cost_delta))),
                (
                    "must-have cost",
                    format!("{} €", signed(self.must_cost_delta)),
                ),
                (
                    "effort",
                    format!("{} person-days", signed(self.effort_delta)),
                ),
                (
                    "latest deadline",
                    format!("{} days", signed(self.end_shift_days as f64)),
                ),
            ],
        )
    }
}

impl RichDisplay for RequirementsDiff {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Specification revision",
            &[
                ("summary", self.summary_text()),
                ("added", self.ids("added").join(", ")),
                ("removed", self.ids("removed").join(", ")),
                ("changed", self.ids("changed").join(", ")),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn added_removed_changed_and_their_impact() {
        // v1 = sample(): E1 must 10 000/12 (05-01), E2 must 20 000/25 (03-01),
        // E3 should 5 000/6 (06-15), E4 wont 1 000/2 (04-01). Scope: 35 000, 43 days, end 06-15.
        let v1 = Requirements::from_frame(&sample()).unwrap();
        // v2: E1 cost 12 500; E2 unchanged; E3 removed; E4 wont → could; E5 added (must 8 000).
        let v2 = Requirements::from_frame(
            &df!(
                "id" => ["E1", "E2", "E4", "E5"],
                "need" => ["Prévision", "Maintenance", "Export", "Alertes"],
                "priority" => ["must", "must", "could", "must"],
                "cost" => [12_500.0, 20_000.0, 1_000.0, 8_000.0],
                "effort" => [12.0, 25.0, 2.0, 9.0],
                "deadline" => ["2027-05-01", "2027-03-01", "2027-04-01", "2027-07-06"],
                "owner" => [Some("CD"), None, Some("GM"), None],
            )
            .unwrap(),
        )
        .unwrap();
        let d = requirements_diff(&v1, &v2);
        let i = d.impact();
        assert_eq!((i.added, i.removed, i.changed, i.unchanged), (1, 1, 2, 1));
        // Scope v2: 12 500 + 20 000 + 1 000 + 8 000 = 41 500 → +6 500.
        assert_eq!(i.cost_delta, 6_500.0);
        // Effort v2: 12 + 25 + 2 + 9 = 48 → +5.
        assert_eq!(i.effort_delta, 5.0);
        // Must: 30 000 → 40 500.
        assert_eq!(i.must_cost_delta, 10_500.0);
        // Latest deadline 2027-06-15 → 2027-07-06: 21 days.
        assert_eq!(i.end_shift_days, 21);
        assert_eq!(
            d.summary_text(),
            "1 added, 1 removed, 2 changed: +6 500 €, +5 person-days, end +21 days"
        );
        assert_eq!(d.ids("changed"), vec!["E1".to_string(), "E4".to_string()]);
        let t = d.table().unwrap();
        let changes: Vec<&str> = t
            .column("changes")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(changes[0], "cost: 10 000 → 12 500");
        assert_eq!(changes[1], "");
        assert_eq!(changes[3], "priority: wont → could");
        let deltas: Vec<f64> = t
            .column("cost_delta")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(deltas, vec![2_500.0, 0.0, -5_000.0, 1_000.0, 8_000.0]);
        assert_eq!(deltas.iter().sum::<f64>(), i.cost_delta);
        assert!(d.mime_bundle()[0].1.contains("E5"));
        assert!(i.mime_bundle()[0].1.contains("+10 500"));
    }

    #[test]
    fn identical_versions_have_no_impact() {
        let v1 = Requirements::from_frame(&sample()).unwrap();
        let d = v1.diff(&v1.clone());
        assert_eq!(d.impact().unchanged, 4);
        assert_eq!((d.impact().cost_delta, d.impact().end_shift_days), (0.0, 0));
        assert!(d.ids("added").is_empty() && d.ids("bogus").is_empty());
    }
}
