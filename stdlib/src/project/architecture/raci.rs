//! [`Raci`]: who is Responsible, Accountable, Consulted and Informed for each task, checked
//! (exactly one A per task, at least one R, nobody R everywhere).

use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks::{required_text, unique_ids};
use polars::prelude::*;

/// The roles as bits of a cell.
pub(crate) const R: u8 = 1;
pub(crate) const A: u8 = 2;
pub(crate) const C: u8 = 4;
pub(crate) const I: u8 = 8;
/// The roles in their usual order, with their letter.
pub(crate) const ROLES: [(u8, char); 4] = [(R, 'R'), (A, 'A'), (C, 'C'), (I, 'I')];

/// A RACI matrix: for each task, who does the work (**R**esponsible), who answers for it and
/// signs it off (**A**ccountable, exactly one), who is **C**onsulted before and who is
/// **I**nformed after.
///
/// Built by [`Raci::from_frame`] from a frame with a text column `task` (unique ids) and one
/// column per person or role, whose cells hold letters among R, A, C, I: one (`"R"`) or
/// several (`"A/R"`, `"RA"`, `"R, C"`; separators `/ , + ; -` and spaces are ignored, case
/// too); an empty or null cell means no role.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "task" => ["collect", "model"],
///     "AM" => [Some("A"), Some("A/R")],
///     "BL" => [Some("R"), None],
///     "IR" => [Some("I"), Some("c")],
/// ).unwrap();
/// let raci = Raci::from_frame(&df).unwrap();
/// assert!(raci.is_valid());
/// assert_eq!(raci.people(), vec!["AM", "BL", "IR"]);
/// ```
#[derive(Debug, Clone)]
pub struct Raci {
    pub(crate) tasks: Vec<String>,
    pub(crate) people: Vec<String>,
    /// `cells[task][person]`: a set of role bits.
    pub(crate) cells: Vec<Vec<u8>>,
    pub(crate) max_r: usize,
}

/// The roles in a cell, as bits; an error naming the task, the person and the letter.
fn parse_cell(text: &str, task: &str, person: &str) -> Result<u8> {
    let mut bits = 0;
    for ch in text.chars() {
        if ch.is_whitespace() || "/,+;-".contains(ch) {
            continue;
        }
        let upper = ch.to_ascii_uppercase();
        match ROLES.iter().find(|(_, letter)| *letter == upper) {
            Some((bit, _)) => bits |= bit,
            None => {
                return Err(SdiaError::InvalidInput(format!(
                    "task '{task}', person '{person}': the cell '{text}' has '{ch}', which is \
                     not one of R, A, C, I (combine letters as in 'A/R'; leave the cell empty \
                     for no role)"
                )));
            }
        }
    }
    Ok(bits)
}

/// A cell's letters in R, A, C, I order, joined by `/` ("" for no role).
pub(crate) fn letters(bits: u8) -> String {
    let parts: Vec<String> = ROLES
        .iter()
        .filter(|(bit, _)| bits & bit != 0)
        .map(|(_, l)| l.to_string())
        .collect();
    parts.join("/")
}

impl Raci {
    /// Reads the matrix (columns above). Errors: no `task` column (listing the frame's
    /// columns), no person column, an empty frame, a missing or duplicate task, a numeric
    /// column, or a letter other than R, A, C, I (naming the task and the person).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("task" => ["deploy"], "EP" => ["R"], "MG" => ["X"]).unwrap();
    /// let err = Raci::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("'deploy'") && err.contains("'MG'") && err.contains("'X'"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Raci> {
        frame::require_columns(df, &["task"])?;
        frame::require_rows(df, "the RACI matrix")?;
        let tasks = required_text(df, "task")?;
        unique_ids(&tasks, "task")?;
        let people: Vec<String> = frame::names(df)
            .into_iter()
            .filter(|n| n != "task")
            .collect();
        if people.is_empty() {
            return Err(SdiaError::InvalidInput(
                "the RACI matrix has a 'task' column but no column per person or role: add \
                 one column per person, with R, A, C or I in its cells"
                    .to_string(),
            ));
        }
        let mut cells = vec![vec![0u8; people.len()]; tasks.len()];
        for (p, person) in people.iter().enumerate() {
            let column = frame::labels(df, person)?;
            for (t, value) in column.into_iter().enumerate() {
                if let (Some(text), Some(row)) = (value, cells.get_mut(t)) {
                    row[p] = parse_cell(&text, &tasks[t], person)?;
                }
            }
        }
        Ok(Raci {
            tasks,
            people,
            cells,
            max_r: 5,
        })
    }

    /// The task ids, in the frame's order.
    pub fn tasks(&self) -> Vec<&str> {
        self.tasks.iter().map(String::as_str).collect()
    }

    /// The people (or roles), in the frame's column order.
    pub fn people(&self) -> Vec<&str> {
        self.people.iter().map(String::as_str).collect()
    }

    /// Sets how many tasks one person may be Responsible for before [`check`](Raci::check)
    /// warns of an overload (default 5).
    pub fn max_responsible(mut self, tasks: usize) -> Raci {
        self.max_r = tasks;
        self
    }

    /// The people holding `role` (one of the bits) on task `t`.
    fn holders(&self, t: usize, role: u8) -> Vec<&str> {
        self.people
            .iter()
            .zip(&self.cells[t])
            .filter(|(_, bits)| *bits & role != 0)
            .map(|(p, _)| p.as_str())
            .collect()
    }

    /// The problems of the matrix, one row per (task, problem), tasks in the frame's order,
    /// then one row per overloaded person. Columns: `task` (null for a person's problem),
    /// `person` (null for a task's problem), `severity` (`error` or `warning`), `problem`
    /// and `detail`. The problems:
    ///
    /// - `no A` (error): nobody is accountable for the task;
    /// - `several A` (error): more than one accountable — the detail lists them;
    /// - `no R` (error): nobody does the work (an `A/R` counts as R);
    /// - `too many R` (warning): a person is R on more tasks than
    ///   [`max_responsible`](Raci::max_responsible).
    ///
    /// An empty frame means no problem.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "task" => ["t1", "t2"],
    ///     "AM" => [Some("A"), Some("A")],
    ///     "HB" => [Some("R"), Some("A/R")],
    /// ).unwrap();
    /// let problems = Raci::from_frame(&df).unwrap().check().unwrap();
    /// assert_eq!(problems.height(), 1);
    /// assert_eq!(problems.column("problem").unwrap().str().unwrap().get(0), Some("several A"));
    /// ```
    pub fn check(&self) -> Result<DataFrame> {
        let mut task: Vec<Option<String>> = vec![];
        let mut person: Vec<Option<String>> = vec![];
        let mut severity: Vec<&str> = vec![];
        let mut problem: Vec<&str> = vec![];
        let mut detail: Vec<String> = vec![];
        for (t, name) in self.tasks.iter().enumerate() {
            let accountable = self.holders(t, A);
            let found: Vec<(&str, String)> = match accountable.len() {
                0 => vec![(
                    "no A",
                    "nobody is accountable: name exactly one A".to_string(),
                )],
                1 => vec![],
                _ => vec![(
                    "several A",
                    format!(
                        "accountable: {} — keep exactly one A",
                        accountable.join(", ")
                    ),
                )],
            };
            let no_r = self.holders(t, R).is_empty().then(|| {
                (
                    "no R",
                    "nobody is responsible for doing the work: give it an R".to_string(),
                )
            });
            for (p, d) in found.into_iter().chain(no_r) {
                task.push(Some(name.clone()));
                person.push(None);
                severity.push("error");
                problem.push(p);
                detail.push(d);
            }
        }
        for (p, name) in self.people.iter().enumerate() {
            let count = self.cells.iter().filter(|row| row[p] & R != 0).count();
            if count > self.max_r {
                task.push(None);
                person.push(Some(name.clone()));
                severity.push("warning");
                problem.push("too many R");
                detail.push(format!(
                    "R on {count} tasks (more than {}): share the work or check the load",
                    self.max_r
                ));
            }
        }
        Ok(DataFrame::new(
            task.len(),
            vec![
                Column::new("task".into(), task),
                Column::new("person".into(), person),
                Column::new("severity".into(), severity),
                Column::new("problem".into(), problem),
                Column::new("detail".into(), detail),
            ],
        )?)
    }

    /// The task ids that have an error (no A, several A or no R), in the frame's order.
    pub fn problem_tasks(&self) -> Vec<&str> {
        (0..self.tasks.len())
            .filter(|&t| self.holders(t, A).len() != 1 || self.holders(t, R).is_empty())
            .map(|t| self.tasks[t].as_str())
            .collect()
    }

    /// True when every task has exactly one A and at least one R (warnings do not count).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("task" => ["t1"], "AM" => ["C"], "BL" => ["R"]).unwrap();
    /// assert!(!Raci::from_frame(&df).unwrap().is_valid()); // no A on t1
    /// ```
    pub fn is_valid(&self) -> bool {
        self.problem_tasks().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::RichDisplay;

    fn matrix() -> Raci {
        // t1: A = AM, R = BL → fine. t2: A = AM and HB → several A. t3: no A, no R.
        // t4: A/R by HB → fine. BL is R on t1, t2 (2 tasks).
        let df = df!(
            "task" => ["t1", "t2", "t3", "t4"],
            "AM" => [Some("A"), Some("a"), Some("I"), None],
            "BL" => [Some("R"), Some("R, C"), None, Some("")],
            "HB" => [Some("C"), Some("A"), Some("C"), Some("RA")],
        )
        .unwrap();
        Raci::from_frame(&df).unwrap()
    }

    #[test]
    fn problems_by_hand() {
        let raci = matrix();
        let p = raci.check().unwrap();
        let problem: Vec<&str> = p
            .column("problem")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(problem, vec!["several A", "no A", "no R"]);
        let task: Vec<Option<&str>> = p.column("task").unwrap().str().unwrap().iter().collect();
        assert_eq!(task, vec![Some("t2"), Some("t3"), Some("t3")]);
        let detail = p
            .column("detail")
            .unwrap()
            .str()
            .unwrap()
            .get(0)
            .unwrap()
            .to_string();
        assert!(detail.contains("AM, HB"), "{detail}");
        assert!(!raci.is_valid());
        assert_eq!(raci.problem_tasks(), vec!["t2", "t3"]);
        // Threshold 1: BL (R on t1, t2) is overloaded, HB (R on t4) is not.
        let p = raci.clone().max_responsible(1).check().unwrap();
        assert_eq!(p.height(), 4);
        assert_eq!(
            p.column("person").unwrap().str().unwrap().get(3),
            Some("BL")
        );
        assert_eq!(
            p.column("severity").unwrap().str().unwrap().get(3),
            Some("warning")
        );
    }

    #[test]
    fn table_and_workload() {
        let raci = matrix();
        let t = raci.table().unwrap();
        let hb: Vec<&str> = t
            .column("HB")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(hb, vec!["C", "A", "C", "R/A"]);
        let w = raci.workload().unwrap();
        let col = |name: &str| -> Vec<u32> {
            w.column(name)
                .unwrap()
                .u32()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        // AM: A t1, A t2, I t3; BL: R t1, R+C t2; HB: C t1, A t2, C t3, R+A t4.
        assert_eq!(col("R"), vec![0, 2, 1]);
        assert_eq!(col("A"), vec![2, 0, 2]);
        assert_eq!(col("C"), vec![0, 1, 2]);
        assert_eq!(col("I"), vec![1, 0, 0]);
        assert_eq!(col("tasks"), vec![3, 2, 4]);
        assert_eq!(raci.tasks(), vec!["t1", "t2", "t3", "t4"]);
        assert!(raci.mime_bundle()[0].1.contains("R/A"));
    }

    #[test]
    fn bad_matrices_are_named() {
        let df = df!("task" => ["t1"], "AM" => ["A/X"]).unwrap();
        let e = Raci::from_frame(&df).unwrap_err().to_string();
        assert!(
            e.contains("'t1'") && e.contains("'AM'") && e.contains("'X'"),
            "{e}"
        );
        let df = df!("task" => ["t1"]).unwrap();
        let e = Raci::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("no column per person"), "{e}");
        let df = df!("tache" => ["t1"], "AM" => ["A"]).unwrap();
        let e = Raci::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'task'") && e.contains("tache"), "{e}");
        let df = df!("task" => ["t1", "t1"], "AM" => ["A", "A"]).unwrap();
        assert!(
            Raci::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let df = df!("task" => ["t1"], "AM" => [1.5]).unwrap();
        assert!(
            Raci::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("'AM'")
        );
        let df = df!("task" => ["t1"], "AM" => ["A"]).unwrap();
        assert!(Raci::from_frame(&df.head(Some(0))).is_err());
    }
}
