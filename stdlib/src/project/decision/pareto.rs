//! [`ParetoFront`]: which candidate designs are Pareto optimal for several objectives, and the
//! successive fronts of the others (non-dominated sorting).

use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::{Plot, XyChart};
use crate::project::checks;
use polars::prelude::*;

/// One objective of a [`ParetoFront`]: a numeric column to minimise or to maximise.
///
/// ```
/// use sdia::prelude::*;
///
/// let cost = Objective::minimize("cost");
/// assert_eq!(cost.column(), "cost");
/// assert!(!cost.is_maximized() && Objective::maximize("accuracy").is_maximized());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    column: String,
    maximize: bool,
}

impl Objective {
    /// Smaller values of `column` are better (a cost, a latency).
    pub fn minimize(column: &str) -> Objective {
        Objective {
            column: column.to_string(),
            maximize: false,
        }
    }

    /// Larger values of `column` are better (an accuracy, a coverage).
    pub fn maximize(column: &str) -> Objective {
        Objective {
            column: column.to_string(),
            maximize: true,
        }
    }

    /// The column.
    pub fn column(&self) -> &str {
        &self.column
    }

    /// True when larger is better.
    pub fn is_maximized(&self) -> bool {
        self.maximize
    }
}

/// The Pareto analysis of candidates (one row each) on two or more objectives.
///
/// A candidate **dominates** another when it is at least as good on every objective and
/// strictly better on one; candidates equal on every objective do not dominate each other.
/// The **Pareto front** (front 1) is the set of candidates no one dominates; front 2 is the
/// front of the others once front 1 is removed, and so on (non-dominated sorting, as NSGA-II).
///
/// Exact, in `O(m · n²)` for `n` candidates and `m` objectives (every pair is compared once;
/// the dominator counts need it).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => ["A", "B", "C", "D"],
///     "cost" => [10.0, 20.0, 15.0, 20.0],
///     "accuracy" => [0.80, 0.90, 0.78, 0.90],
/// ).unwrap();
/// let front = ParetoFront::from_frame(&df, "id",
///     &[Objective::minimize("cost"), Objective::maximize("accuracy")]).unwrap();
/// // C costs more than A and is less accurate: dominated. B and D are equal: both optimal.
/// assert_eq!(front.optimal(), vec!["A", "B", "D"]);
/// ```
#[derive(Debug, Clone)]
pub struct ParetoFront {
    id_column: String,
    ids: Vec<String>,
    objectives: Vec<Objective>,
    /// `values[objective][candidate]`.
    values: Vec<Vec<f64>>,
    dominated_by: Vec<u32>,
    front: Vec<u32>,
}

impl ParetoFront {
    /// Reads the candidates: the text column `id_column` (unique ids) and one numeric column
    /// per objective. Errors: fewer than two objectives, an objective twice, a missing column,
    /// no rows, an id twice, a missing value (naming the candidate).
    pub fn from_frame(
        df: &DataFrame,
        id_column: &str,
        objectives: &[Objective],
    ) -> Result<ParetoFront> {
        if objectives.len() < 2 {
            return Err(SdiaError::InvalidInput(format!(
                "a Pareto front needs at least two objectives, {} given: e.g. \
                 [Objective::minimize(\"cost\"), Objective::maximize(\"accuracy\")]",
                objectives.len()
            )));
        }
        for (i, o) in objectives.iter().enumerate() {
            if objectives[..i].iter().any(|p| p.column == o.column) {
                return Err(SdiaError::InvalidInput(format!(
                    "the objective on '{}' is given twice: one objective per column",
                    o.column
                )));
            }
        }
        frame::require_columns(df, &[id_column])?;
        frame::require_rows(
            df,
            "the candidates table has no rows: give one row per candidate",
        )?;
        let ids = checks::required_text(df, id_column)?;
        checks::unique_ids(&ids, "candidate")?;
        let values = objectives
            .iter()
            .map(|o| checks::required_numbers(df, &o.column, &ids))
            .collect::<Result<Vec<_>>>()?;
        let mut pareto = ParetoFront {
            id_column: id_column.to_string(),
            ids,
            objectives: objectives.to_vec(),
            values,
            dominated_by: Vec::new(),
            front: Vec::new(),
        };
        pareto.sort();
        Ok(pareto)
    }

    /// The position of the objective on `name`, or an error listing the objectives.
    fn objective_index(&self, name: &str) -> Result<usize> {
        self.objectives
            .iter()
            .position(|o| o.column == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self.objectives.iter().map(|o| o.column.as_str()).collect();
                SdiaError::InvalidInput(format!(
                    "'{name}' is not an objective of this Pareto front; its objectives are: {}",
                    names.join(", ")
                ))
            })
    }

    /// True when candidate `a` dominates candidate `b`.
    fn dominates(&self, a: usize, b: usize) -> bool {
        let mut strictly = false;
        for (o, values) in self.objectives.iter().zip(&self.values) {
            let (x, y) = if o.maximize {
                (values[a], values[b])
            } else {
                (-values[a], -values[b])
            };
            if x < y {
                return false;
            }
            strictly |= x > y;
        }
        strictly
    }

    /// Counts the dominators of each candidate and ranks the fronts (Deb's fast
    /// non-dominated sort).
    fn sort(&mut self) {
        let n = self.ids.len();
        let mut dominates: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut count = vec![0u32; n];
        for a in 0..n {
            for b in a + 1..n {
                if self.dominates(a, b) {
                    dominates[a].push(b);
                    count[b] += 1;
                } else if self.dominates(b, a) {
                    dominates[b].push(a);
                    count[a] += 1;
                }
            }
        }
        self.dominated_by = count.clone();
        let mut front = vec![0u32; n];
        let mut current: Vec<usize> = (0..n).filter(|&i| count[i] == 0).collect();
        let mut rank = 1;
        while !current.is_empty() {
            let mut next = Vec::new();
            for &a in &current {
                front[a] = rank;
                for &b in &dominates[a] {
                    count[b] -= 1;
                    if count[b] == 0 {
                        next.push(b);
                    }
                }
            }
            current = next;
            rank += 1;
        }
        self.front = front;
    }

    /// The ids of the Pareto-optimal candidates (front 1), in the frame's order.
    pub fn optimal(&self) -> Vec<&str> {
        (0..self.ids.len())
            .filter(|&i| self.front[i] == 1)
            .map(|i| self.ids[i].as_str())
            .collect()
    }

    /// One row per candidate, front by front (frame order within a front): the id column,
    /// the objectives, `dominated` (bool), `dominated_by` (how many candidates dominate it)
    /// and `front` (1 = Pareto optimal).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B", "C"], "cost" => [1.0, 2.0, 3.0],
    ///     "latency" => [3.0, 2.0, 4.0]).unwrap();
    /// let t = ParetoFront::from_frame(&df, "id",
    ///     &[Objective::minimize("cost"), Objective::minimize("latency")]).unwrap().table().unwrap();
    /// // C is worse than A and than B on both: dominated by 2, front 2.
    /// assert_eq!(t.column("id").unwrap().str().unwrap().get(2), Some("C"));
    /// assert_eq!(t.column("dominated_by").unwrap().u32().unwrap().get(2), Some(2));
    /// assert_eq!(t.column("front").unwrap().u32().unwrap().get(2), Some(2));
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by_key(|&i| self.front[i]);
        let mut columns = vec![Column::new(
            self.id_column.as_str().into(),
            order
                .iter()
                .map(|&i| self.ids[i].clone())
                .collect::<Vec<_>>(),
        )];
        for (o, values) in self.objectives.iter().zip(&self.values) {
            columns.push(Column::new(
                o.column.as_str().into(),
                order.iter().map(|&i| values[i]).collect::<Vec<f64>>(),
            ));
        }
        columns.push(Column::new(
            "dominated".into(),
            order
                .iter()
                .map(|&i| self.dominated_by[i] > 0)
                .collect::<Vec<bool>>(),
        ));
        columns.push(Column::new(
            "dominated_by".into(),
            order
                .iter()
                .map(|&i| self.dominated_by[i])
                .collect::<Vec<u32>>(),
        ));
        columns.push(Column::new(
            "front".into(),
            order.iter().map(|&i| self.front[i]).collect::<Vec<u32>>(),
        ));
        Ok(DataFrame::new(order.len(), columns)?)
    }

    /// Scatter plot of two objectives: the Pareto-optimal candidates (front 1, on all the
    /// objectives) as "Pareto optimal" points, the dominated ones in another colour as
    /// "dominated", every point labelled with its id (candidates at the same point share one
    /// label). The line "Pareto front" joins, in the order of `x`, the optimal candidates that
    /// stay non-dominated on `x` and `y` alone: with two objectives, the whole front; with
    /// more, a candidate optimal thanks to a third objective is a point off the line (it may
    /// even look dominated in this projection: the table is what counts).
    ///
    /// Errors: `x` or `y` not an objective of the front (listing them).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["A", "B", "C"], "cost" => [1.0, 2.0, 3.0],
    ///     "accuracy" => [0.7, 0.9, 0.8]).unwrap();
    /// let front = ParetoFront::from_frame(&df, "id",
    ///     &[Objective::minimize("cost"), Objective::maximize("accuracy")]).unwrap();
    /// let svg = front.chart("cost", "accuracy").unwrap().to_svg().unwrap();
    /// assert!(svg.contains("dominated") && svg.contains("Pareto front"));
    /// assert!(front.chart("cost", "latency").is_err());
    /// ```
    pub fn chart(&self, x: &str, y: &str) -> Result<Plot> {
        let (ix, iy) = (self.objective_index(x)?, self.objective_index(y)?);
        let (xs, ys) = (&self.values[ix], &self.values[iy]);
        let point = |i: usize| (xs[i], ys[i]);
        let better = |o: usize, a: f64, b: f64| {
            if self.objectives[o].maximize {
                a > b
            } else {
                a < b
            }
        };
        let at_least = |o: usize, a: f64, b: f64| a == b || better(o, a, b);
        // The optimal points that no optimal point dominates in the (x, y) plane: the front's
        // line in this projection (all of them with two objectives).
        let optimal: Vec<usize> = (0..self.ids.len())
            .filter(|&i| self.front[i] == 1)
            .collect();
        let mut on_line: Vec<usize> = optimal
            .iter()
            .copied()
            .filter(|&i| {
                !optimal.iter().any(|&j| {
                    at_least(ix, xs[j], xs[i])
                        && at_least(iy, ys[j], ys[i])
                        && (better(ix, xs[j], xs[i]) || better(iy, ys[j], ys[i]))
                })
            })
            .collect();
        on_line.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(ys[a].total_cmp(&ys[b])));
        let line: Vec<(f64, f64)> = on_line.iter().map(|&i| point(i)).collect();
        let optimal: Vec<(f64, f64)> = optimal.iter().map(|&i| point(i)).collect();
        let dominated: Vec<(f64, f64)> = (0..self.ids.len())
            .filter(|&i| self.front[i] > 1)
            .map(point)
            .collect();
        let mut chart = XyChart::new()
            .line("Pareto front", &line)
            .points("Pareto optimal", &optimal);
        if !dominated.is_empty() {
            chart = chart.points("dominated", &dominated);
        }
        let span = |v: &[f64]| {
            let (lo, hi) = v
                .iter()
                .fold((f64::MAX, f64::MIN), |(l, h), x| (l.min(*x), h.max(*x)));
            if hi > lo { hi - lo } else { 1.0 }
        };
        let (dx, dy) = (0.015 * span(xs), 0.025 * span(ys));
        // One label per position: candidates at the same point share it.
        let mut labels: Vec<((f64, f64), Vec<&str>)> = Vec::new();
        for i in 0..self.ids.len() {
            match labels.iter_mut().find(|(p, _)| *p == point(i)) {
                Some((_, ids)) => ids.push(&self.ids[i]),
                None => labels.push((point(i), vec![&self.ids[i]])),
            }
        }
        for ((px, py), ids) in labels {
            chart = chart.text(px + dx, py + dy, &ids.join(", "));
        }
        chart.plot(&format!("Pareto front: {y} vs {x}"), x, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(ids: &[&str], cost: &[f64], acc: &[f64]) -> ParetoFront {
        let df = df!("id" => ids, "cost" => cost, "acc" => acc).unwrap();
        ParetoFront::from_frame(
            &df,
            "id",
            &[Objective::minimize("cost"), Objective::maximize("acc")],
        )
        .unwrap()
    }

    #[test]
    fn fronts_by_hand() {
        // A (1, 0.5), B (2, 0.8), C (2, 0.6), D (3, 0.6), E (3, 0.9), F (2, 0.8).
        // Front 1: A, B, F (equal, neither dominates), E. C is dominated by B and F (same cost,
        // less accurate): 2 → front 2. D is dominated by B, C, E, F → 4; after removing front 1,
        // C still dominates it → front 3.
        let f = front(
            &["A", "B", "C", "D", "E", "F"],
            &[1.0, 2.0, 2.0, 3.0, 3.0, 2.0],
            &[0.5, 0.8, 0.6, 0.6, 0.9, 0.8],
        );
        assert_eq!(f.optimal(), vec!["A", "B", "E", "F"]);
        assert_eq!(f.dominated_by, vec![0, 0, 2, 4, 0, 0]);
        assert_eq!(f.front, vec![1, 1, 2, 3, 1, 1]);
        let t = f.table().unwrap();
        let ids: Vec<&str> = t
            .column("id")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(ids, vec!["A", "B", "E", "F", "C", "D"]);
        assert_eq!(
            t.column("dominated").unwrap().bool().unwrap().get(4),
            Some(true)
        );
        // B and F share a point and a label; with two objectives the line holds all 4 optimal.
        let svg = f.chart("cost", "acc").unwrap().to_svg().unwrap();
        assert!(svg.contains("B, F") && !svg.contains("\nB\n"), "{svg}");
        assert!(
            f.chart("cost", "acc")
                .unwrap()
                .describe()
                .contains("line 'Pareto front' (4 points)")
        );
    }

    #[test]
    fn three_objectives_and_duplicates() {
        let df = df!(
            "id" => ["A", "B", "C"],
            "cost" => [1.0, 1.0, 2.0],
            "latency" => [5.0, 5.0, 1.0],
            "acc" => [0.7, 0.7, 0.6],
        )
        .unwrap();
        let objectives = [
            Objective::minimize("cost"),
            Objective::minimize("latency"),
            Objective::maximize("acc"),
        ];
        // A = B; C is better on latency only: no one dominates.
        let f = ParetoFront::from_frame(&df, "id", &objectives).unwrap();
        assert_eq!(f.optimal(), vec!["A", "B", "C"]);
        // On (cost, acc) alone C is dominated by A: off the line, which joins A and B.
        let describe = f.chart("cost", "acc").unwrap().describe();
        assert!(
            describe.contains("line 'Pareto front' (2 points)"),
            "{describe}"
        );
    }

    #[test]
    fn bad_input() {
        let df = df!("id" => ["A"], "cost" => [1.0], "acc" => [Option::<f64>::None]).unwrap();
        let one = [Objective::minimize("cost")];
        assert!(
            ParetoFront::from_frame(&df, "id", &one)
                .unwrap_err()
                .to_string()
                .contains("two")
        );
        let twice = [Objective::minimize("cost"), Objective::maximize("cost")];
        assert!(ParetoFront::from_frame(&df, "id", &twice).is_err());
        let both = [Objective::minimize("cost"), Objective::maximize("acc")];
        let err = ParetoFront::from_frame(&df, "id", &both)
            .unwrap_err()
            .to_string();
        assert!(err.contains("acc") && err.contains("'A'"), "{err}");
        let missing = [Objective::minimize("cost"), Objective::maximize("speed")];
        assert!(
            ParetoFront::from_frame(&df, "id", &missing)
                .unwrap_err()
                .to_string()
                .contains("speed")
        );
        let f = front(&["A", "B"], &[1.0, 2.0], &[0.5, 0.6]);
        assert!(
            f.chart("cost", "x")
                .unwrap_err()
                .to_string()
                .contains("cost, acc")
        );
    }
}
