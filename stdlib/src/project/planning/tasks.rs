//! [`TaskPlan`]: the task table of a project (ids, durations, dependencies, owners), checked
//! once — unknown predecessors, self-dependencies and dependency cycles are refused — and put in
//! topological order by Kahn's algorithm.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks;
use crate::table::{format_compact, summary_bundle};
use polars::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};

/// The longest duration a task may have, in working days (about 380 years): more is surely
/// another unit, and dated schedules walk the calendar day by day.
const MAX_DURATION: f64 = 100_000.0;

/// A task duration is a number of working days from 0 to [`MAX_DURATION`].
fn check_duration(days: f64, id: &str) -> Result<()> {
    checks::non_negative(days, "duration", id)?;
    if days > MAX_DURATION {
        return Err(SdiaError::InvalidInput(format!(
            "duration of '{id}' is {days} working days, over {MAX_DURATION} (about 380 years): \
             give durations in working days"
        )));
    }
    Ok(())
}

/// The tasks of a project and their dependencies, ready to be scheduled with
/// [`schedule`](TaskPlan::schedule).
///
/// Built by [`TaskPlan::from_frame`] from a task table with the columns:
///
/// | column | type | meaning |
/// |---|---|---|
/// | `id` | text (required) | unique task id, e.g. `T7` |
/// | `duration` | number from 0 to 100,000 (required) | working days; 0 makes a milestone |
/// | `depends_on` | text (required, may be empty) | predecessor ids separated by `;` or `,` |
/// | `name` | text (optional) | a label for tables and the Gantt chart (default: the id) |
/// | `owner` | text (optional) | who does the task (a team member id like `CD`) |
/// | `load` | number in 0–1 (optional, default 1) | share of the owner's time the task takes |
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => ["A", "B", "C"],
///     "duration" => [3.0, 2.0, 4.0],
///     "depends_on" => [None, Some("A"), Some("A")],
/// ).unwrap();
/// let plan = TaskPlan::from_frame(&df).unwrap();
/// assert_eq!(plan.len(), 3);
/// assert_eq!(plan.schedule().duration(), 7.0); // A then C: 3 + 4
/// ```
#[derive(Debug, Clone)]
pub struct TaskPlan {
    pub(crate) ids: Vec<String>,
    pub(crate) names: Vec<String>,
    pub(crate) durations: Vec<f64>,
    pub(crate) predecessors: Vec<Vec<usize>>,
    pub(crate) successors: Vec<Vec<usize>>,
    /// `None` when the table has no `owner` column; inside, `None` for a task without owner.
    pub(crate) owners: Option<Vec<Option<String>>>,
    pub(crate) loads: Vec<f64>,
    /// Task indices in topological order (every task after its predecessors).
    pub(crate) order: Vec<usize>,
}

impl TaskPlan {
    /// Reads and checks a task table (columns in the [type's documentation](TaskPlan)).
    ///
    /// Errors: an empty table, a missing column, a duplicate id, a negative or missing
    /// duration, a predecessor id that is not a task (the message lists the known ids), a task
    /// that depends on itself, a load outside 0–1, and a dependency cycle — the message lists
    /// the tasks of one cycle in order, e.g. `T3 → T5 → T4 → T3`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["A", "B", "C"],
    ///     "duration" => [1.0, 1.0, 1.0],
    ///     "depends_on" => ["C", "A", "B"],
    /// ).unwrap();
    /// let err = TaskPlan::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("A → B → C → A"), "{err}");
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<TaskPlan> {
        frame::require_rows(df, "the task table")?;
        frame::require_columns(df, &["id", "duration", "depends_on"])?;
        let ids = checks::required_text(df, "id")?;
        checks::unique_ids(&ids, "task")?;
        let durations = checks::required_numbers(df, "duration", &ids)?;
        for (d, id) in durations.iter().zip(&ids) {
            check_duration(*d, id)?;
        }
        let names = optional_text(df, "name")?
            .map(|names| {
                names
                    .into_iter()
                    .zip(&ids)
                    .map(|(n, id)| n.unwrap_or_else(|| id.clone()))
                    .collect()
            })
            .unwrap_or_else(|| ids.clone());
        let owners = optional_text(df, "owner")?;
        let loads = match df.column("load") {
            Ok(_) => {
                let loads: Vec<f64> = frame::f64_options(df, "load")?
                    .into_iter()
                    .map(|l| l.unwrap_or(1.0))
                    .collect();
                for (l, id) in loads.iter().zip(&ids) {
                    checks::on_scale(*l, 0.0, 1.0, "load", id)?;
                }
                loads
            }
            Err(_) => vec![1.0; ids.len()],
        };
        let index: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let known: HashSet<&str> = index.keys().copied().collect();
        let mut predecessors = Vec::with_capacity(ids.len());
        for (row, text) in frame::labels(df, "depends_on")?.into_iter().enumerate() {
            let id = &ids[row];
            let mut preds: Vec<usize> = Vec::new();
            for p in text.as_deref().unwrap_or("").split([';', ',']) {
                let p = p.trim();
                if p.is_empty() {
                    continue;
                }
                if p == id {
                    return Err(SdiaError::InvalidInput(format!(
                        "task '{id}' depends on itself: remove '{p}' from its depends_on"
                    )));
                }
                checks::known_id(p, &known, "task", &format!("task '{id}' (depends_on)"))?;
                let i = index[p];
                if !preds.contains(&i) {
                    preds.push(i);
                }
            }
            predecessors.push(preds);
        }
        TaskPlan::build(ids, names, durations, predecessors, owners, loads)
    }

    /// Checks the dependencies for cycles and orders the tasks (Kahn's algorithm).
    fn build(
        ids: Vec<String>,
        names: Vec<String>,
        durations: Vec<f64>,
        predecessors: Vec<Vec<usize>>,
        owners: Option<Vec<Option<String>>>,
        loads: Vec<f64>,
    ) -> Result<TaskPlan> {
        let n = ids.len();
        let mut successors = vec![Vec::new(); n];
        for (task, preds) in predecessors.iter().enumerate() {
            for &p in preds {
                successors[p].push(task);
            }
        }
        let mut waiting: Vec<usize> = predecessors.iter().map(Vec::len).collect();
        let mut ready: VecDeque<usize> = (0..n).filter(|&t| waiting[t] == 0).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(t) = ready.pop_front() {
            order.push(t);
            for &s in &successors[t] {
                waiting[s] -= 1;
                if waiting[s] == 0 {
                    ready.push_back(s);
                }
            }
        }
        if order.len() < n {
            let cycle = find_cycle(&predecessors, &waiting);
            let names: Vec<&str> = cycle.iter().map(|&t| ids[t].as_str()).collect();
            return Err(SdiaError::InvalidInput(format!(
                "the dependencies form a cycle: {} (each task must finish before the next one \
                 starts, so none can start): remove one of these dependencies",
                names.join(" → ")
            )));
        }
        Ok(TaskPlan {
            ids,
            names,
            durations,
            predecessors,
            successors,
            owners,
            loads,
            order,
        })
    }

    /// The number of tasks.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True if the plan has no task (never the case for a plan read by
    /// [`from_frame`](TaskPlan::from_frame), which refuses an empty table).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The task ids, in the table's order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The task ids in a topological order (Kahn's algorithm, ties in the table's order):
    /// every task comes after all its predecessors.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["B", "A"], "duration" => [1.0, 1.0], "depends_on" => ["A", ""]).unwrap();
    /// let plan = TaskPlan::from_frame(&df).unwrap();
    /// assert_eq!(plan.topological_order(), vec!["A", "B"]);
    /// ```
    pub fn topological_order(&self) -> Vec<&str> {
        self.order.iter().map(|&t| self.ids[t].as_str()).collect()
    }

    fn position(&self, id: &str) -> Result<usize> {
        self.ids.iter().position(|t| t == id).ok_or_else(|| {
            SdiaError::InvalidInput(format!(
                "there is no task '{id}'; the known ids are: {}",
                self.ids.join(", ")
            ))
        })
    }

    /// The same plan with task `id` lasting `days` more working days (negative to shorten it,
    /// down to 0): what a delay does to the schedule.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "duration" => [3.0, 2.0], "depends_on" => ["", ""]).unwrap();
    /// let plan = TaskPlan::from_frame(&df).unwrap();
    /// assert_eq!(plan.delayed("B", 2.0).unwrap().schedule().duration(), 4.0);
    /// assert!(plan.delayed("Z", 1.0).is_err());
    /// ```
    pub fn delayed(&self, id: &str, days: f64) -> Result<TaskPlan> {
        let t = self.position(id)?;
        if !days.is_finite() {
            return Err(SdiaError::InvalidInput(format!(
                "the delay of '{id}' is {days}: give a number of working days"
            )));
        }
        let mut plan = self.clone();
        plan.durations[t] = (plan.durations[t] + days).max(0.0);
        check_duration(plan.durations[t], id)?;
        Ok(plan)
    }

    /// The same plan with task `id` given to `owner` (a reassignment).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A"], "duration" => [3.0], "depends_on" => [""], "owner" => ["CD"]).unwrap();
    /// let plan = TaskPlan::from_frame(&df).unwrap().reassigned("A", "DN").unwrap();
    /// assert_eq!(plan.owner("A").unwrap(), Some("DN"));
    /// ```
    pub fn reassigned(&self, id: &str, owner: &str) -> Result<TaskPlan> {
        let t = self.position(id)?;
        let mut plan = self.clone();
        let owners = plan
            .owners
            .get_or_insert_with(|| vec![None; self.ids.len()]);
        owners[t] = Some(owner.trim().to_string());
        Ok(plan)
    }

    /// The same plan where task `id` also waits for task `predecessor` (a way to move a task
    /// later); an error if that makes a cycle.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B"], "duration" => [3.0, 2.0], "depends_on" => ["", ""]).unwrap();
    /// let plan = TaskPlan::from_frame(&df).unwrap().after("B", "A").unwrap();
    /// assert_eq!(plan.schedule().duration(), 5.0);
    /// assert!(plan.after("A", "B").unwrap_err().to_string().contains("cycle"));
    /// ```
    pub fn after(&self, id: &str, predecessor: &str) -> Result<TaskPlan> {
        let t = self.position(id)?;
        let p = self.position(predecessor)?;
        if t == p {
            return Err(SdiaError::InvalidInput(format!(
                "task '{id}' cannot depend on itself"
            )));
        }
        let mut predecessors = self.predecessors.clone();
        if !predecessors[t].contains(&p) {
            predecessors[t].push(p);
        }
        TaskPlan::build(
            self.ids.clone(),
            self.names.clone(),
            self.durations.clone(),
            predecessors,
            self.owners.clone(),
            self.loads.clone(),
        )
    }

    /// The owner of task `id` (`None` if it has none); an error for an unknown id.
    pub fn owner(&self, id: &str) -> Result<Option<&str>> {
        let t = self.position(id)?;
        Ok(self.owners.as_ref().and_then(|o| o[t].as_deref()))
    }

    /// The duration of task `id` in working days; an error for an unknown id.
    pub fn duration_of(&self, id: &str) -> Result<f64> {
        Ok(self.durations[self.position(id)?])
    }
}

/// One cycle among the tasks Kahn's algorithm could not order (`waiting[t] > 0`): each such task
/// has a waiting predecessor, so walking predecessors must come back to a task already seen.
/// Returned in precedence order, starting and ending with its first task in table order.
fn find_cycle(predecessors: &[Vec<usize>], waiting: &[usize]) -> Vec<usize> {
    let Some(start) = (0..waiting.len()).find(|&t| waiting[t] > 0) else {
        return Vec::new();
    };
    let mut seen_at = vec![usize::MAX; waiting.len()];
    let mut walk = Vec::new();
    let mut t = start;
    while seen_at[t] == usize::MAX {
        seen_at[t] = walk.len();
        walk.push(t);
        match predecessors[t].iter().find(|&&p| waiting[p] > 0) {
            Some(&p) => t = p,
            None => return Vec::new(),
        }
    }
    // walk[seen_at[t]..] is the cycle followed backwards (task ← predecessor).
    let mut cycle: Vec<usize> = walk[seen_at[t]..].to_vec();
    cycle.reverse();
    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
    cycle.rotate_left(first);
    if let Some(&head) = cycle.first() {
        cycle.push(head);
    }
    cycle
}

/// An optional text column (`None` if the frame does not have it), missing values kept.
fn optional_text(df: &DataFrame, column: &str) -> Result<Option<Vec<Option<String>>>> {
    if df.column(column).is_err() {
        return Ok(None);
    }
    Ok(Some(
        frame::labels(df, column)?
            .into_iter()
            .map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
            .collect(),
    ))
}

impl RichDisplay for TaskPlan {
    fn mime_bundle(&self) -> MimeBundle {
        let dependencies: usize = self.predecessors.iter().map(Vec::len).sum();
        let work: f64 = self.durations.iter().sum();
        let mut rows = vec![
            ("tasks", self.len().to_string()),
            ("dependencies", dependencies.to_string()),
            (
                "total work",
                format!("{} working days", format_compact(work)),
            ),
        ];
        if let Some(owners) = &self.owners {
            let mut people: Vec<&str> = owners.iter().flatten().map(String::as_str).collect();
            people.sort_unstable();
            people.dedup();
            rows.push(("owners", people.join(", ")));
        }
        summary_bundle("Task plan", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(ids: &[&str], durations: &[f64], deps: &[&str]) -> Result<TaskPlan> {
        let df = df!("id" => ids, "duration" => durations, "depends_on" => deps).unwrap();
        TaskPlan::from_frame(&df)
    }

    #[test]
    fn reads_dependencies_with_both_separators_and_orders_tasks() {
        let p = plan(&["D", "A", "B", "C"], &[1.0; 4], &["B; C", "", "A", "A,B"]).unwrap();
        assert_eq!(p.topological_order(), vec!["A", "B", "C", "D"]);
        assert_eq!(p.predecessors[0], vec![2, 3]);
        assert_eq!(p.names, p.ids);
        assert!(p.owners.is_none());
        assert_eq!(p.loads, vec![1.0; 4]);
    }

    #[test]
    fn bad_tables_are_refused_with_the_culprit_named() {
        let dup = plan(&["A", "A"], &[1.0, 1.0], &["", ""]).unwrap_err();
        assert!(dup.to_string().contains("'A' appears twice"), "{dup}");
        let unknown = plan(&["T1", "T7"], &[1.0, 1.0], &["", "T12"]).unwrap_err();
        let msg = unknown.to_string();
        assert!(
            msg.contains("T7") && msg.contains("T12") && msg.contains("T1, T7"),
            "{msg}"
        );
        let selfdep = plan(&["A"], &[1.0], &["A"]).unwrap_err();
        assert!(selfdep.to_string().contains("'A' depends on itself"));
        let negative = plan(&["A", "B"], &[1.0, -2.0], &["", ""]).unwrap_err();
        assert!(negative.to_string().contains("'B' is -2"), "{negative}");
        let years = plan(&["A"], &[1e9], &[""]).unwrap_err().to_string();
        assert!(
            years.contains("'A'") && years.contains("working days"),
            "{years}"
        );
        let ok = plan(&["A"], &[1.0], &[""]).unwrap();
        assert!(ok.delayed("A", 1e12).is_err());
        let empty = df!("id" => Vec::<&str>::new(), "duration" => Vec::<f64>::new(), "depends_on" => Vec::<&str>::new()).unwrap();
        assert!(TaskPlan::from_frame(&empty).is_err());
        let missing = df!("id" => ["A"], "duration" => [1.0]).unwrap();
        let msg = TaskPlan::from_frame(&missing).unwrap_err().to_string();
        assert!(
            msg.contains("depends_on") && msg.contains("duration"),
            "{msg}"
        );
        let bad_load =
            df!("id" => ["A"], "duration" => [1.0], "depends_on" => [""], "load" => [1.5]).unwrap();
        assert!(
            TaskPlan::from_frame(&bad_load)
                .unwrap_err()
                .to_string()
                .contains("1.5")
        );
    }

    #[test]
    fn a_cycle_is_listed_in_order() {
        // T1 → T3 → T5 → T4 → T3: T3 needs T1 and T4, T5 needs T3, T4 needs T5; T2 is free.
        let err = plan(
            &["T1", "T2", "T3", "T4", "T5"],
            &[1.0; 5],
            &["", "", "T1;T4", "T5", "T3"],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("T3 → T5 → T4 → T3"), "{err}");
    }

    #[test]
    fn delay_reassign_and_after_make_new_plans() {
        let df = df!(
            "id" => ["A", "B"], "duration" => [3.0, 2.0], "depends_on" => ["", "A"],
            "owner" => [Some("CD"), None], "load" => [Some(0.5), None]
        )
        .unwrap();
        let p = TaskPlan::from_frame(&df).unwrap();
        assert_eq!(p.loads, vec![0.5, 1.0]);
        assert_eq!(p.owner("B").unwrap(), None);
        assert_eq!(p.delayed("A", 2.0).unwrap().duration_of("A").unwrap(), 5.0);
        assert_eq!(p.delayed("A", -9.0).unwrap().duration_of("A").unwrap(), 0.0);
        assert_eq!(
            p.reassigned("B", "DN").unwrap().owner("B").unwrap(),
            Some("DN")
        );
        assert!(
            p.after("A", "B")
                .unwrap_err()
                .to_string()
                .contains("A → B → A")
        );
        assert!(p.owner("Z").unwrap_err().to_string().contains("A, B"));
        let text = &p.mime_bundle()[0].1;
        assert!(text.contains("tasks") && text.contains("CD"), "{text}");
    }
}
