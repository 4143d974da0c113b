//! The assignment problem: give each role at most one person and each person at most one role
//! so that the total score is as high as possible (or the total cost as low as possible),
//! solved exactly by the Hungarian algorithm.

use super::grid::read_grid;
use super::hungarian::solve_min;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// A person × role matrix of scores (or costs) to turn into an [`Assignment`].
///
/// Read by [`AssignmentProblem::from_frame`] from a frame with one row per person: the id
/// column (text, unique) and one numeric column per role. An empty cell (null) forbids that
/// pair; a NaN or infinite value is an error naming the cell.
///
/// ```
/// use sdia::prelude::*;
///
/// let scores = df!("person" => ["AM", "BL", "CD"],
///                  "pilot" => [9.0, 6.0, 5.0],
///                  "engineer" => [8.0, 2.0, 7.0]).unwrap();
/// let best = AssignmentProblem::from_frame(&scores, "person").unwrap().solve().unwrap();
/// assert_eq!(best.total(), 16.0); // AM pilot 9 + CD engineer 7 beats BL pilot 6 + AM engineer 8
/// assert_eq!(best.role_of("AM"), Some("pilot"));
/// assert_eq!(best.idle_people(), ["BL"]);
/// ```
#[derive(Debug, Clone)]
pub struct AssignmentProblem {
    id_column: String,
    people: Vec<String>,
    roles: Vec<String>,
    /// `values[person][role]`, `None` = forbidden.
    values: Vec<Vec<Option<f64>>>,
    maximize: bool,
    without: Vec<String>,
}

/// One pair of an [`Assignment`].
#[derive(Debug, Clone, PartialEq)]
pub struct AssignedPair {
    /// The person (a value of the id column).
    pub person: String,
    /// The role (a column name).
    pub role: String,
    /// The score or cost of the pair.
    pub value: f64,
}

/// An optimal assignment: the pairs, in the order of the people in the frame, and their total.
#[derive(Debug, Clone)]
pub struct Assignment {
    id_column: String,
    pairs: Vec<AssignedPair>,
    total: f64,
    maximize: bool,
    idle_people: Vec<String>,
    open_roles: Vec<String>,
}

impl AssignmentProblem {
    /// Reads the matrix: `id_column` (text) names the people; every other column is a role and
    /// must be numeric. Errors: a missing id column, a duplicated id, a non-numeric role
    /// column, a NaN or infinite cell (named), no role column, no row.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let bad = df!("person" => ["AM", "BL"], "lead" => [1.0, f64::NAN]).unwrap();
    /// let err = AssignmentProblem::from_frame(&bad, "person").unwrap_err().to_string();
    /// assert!(err.contains("'BL'") && err.contains("'lead'"), "{err}");
    /// ```
    pub fn from_frame(df: &DataFrame, id_column: &str) -> Result<AssignmentProblem> {
        let grid = read_grid(df, id_column, &[], "the assignment matrix")?;
        for (person, row) in grid.ids.iter().zip(&grid.cells) {
            for (role, cell) in grid.columns.iter().zip(row) {
                if let Some(v) = cell.filter(|v| !v.is_finite()) {
                    return Err(SdiaError::InvalidInput(format!(
                        "the cell of {id_column} '{person}' and role '{role}' is {v}: give a \
                         number, or leave the cell empty to forbid the pair"
                    )));
                }
            }
        }
        Ok(AssignmentProblem {
            id_column: id_column.to_string(),
            people: grid.ids,
            roles: grid.columns,
            values: grid.cells,
            maximize: true,
            without: Vec::new(),
        })
    }

    /// The values are scores: maximise their total (the default).
    pub fn maximize(mut self) -> AssignmentProblem {
        self.maximize = true;
        self
    }

    /// The values are costs: minimise their total.
    pub fn minimize(mut self) -> AssignmentProblem {
        self.maximize = false;
        self
    }

    /// Solves without this person (someone leaves the project); may be called several times.
    /// An unknown id is an error at [`solve`](AssignmentProblem::solve).
    pub fn without(mut self, person: &str) -> AssignmentProblem {
        self.without.push(person.to_string());
        self
    }

    /// The people (ids), in the frame's order.
    pub fn people(&self) -> &[String] {
        &self.people
    }

    /// The roles (column names), in the frame's order.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// The optimal assignment: `min(people, roles)` pairs, each person and each role at most
    /// once, with the best total (Hungarian algorithm, exact, O(n² m)). When several
    /// assignments tie, one of them. Errors: an unknown person in
    /// [`without`](AssignmentProblem::without), nobody left, or forbidden cells that leave no
    /// complete assignment.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// // Costs in days: 3 people, 2 tasks; CD cannot do "etl" (empty cell).
    /// let costs = df!("person" => ["AM", "BL", "CD"],
    ///                 "etl" => [Some(4.0), Some(2.0), None],
    ///                 "report" => [Some(3.0), Some(5.0), Some(6.0)]).unwrap();
    /// let a = AssignmentProblem::from_frame(&costs, "person").unwrap().minimize().solve().unwrap();
    /// assert_eq!(a.total(), 5.0); // BL etl 2 + AM report 3
    /// assert_eq!(a.role_of("CD"), None);
    /// let b = AssignmentProblem::from_frame(&costs, "person").unwrap().minimize().without("BL").solve().unwrap();
    /// assert_eq!(b.total(), 10.0); // AM etl 4 + CD report 6
    /// ```
    pub fn solve(&self) -> Result<Assignment> {
        for gone in &self.without {
            if !self.people.contains(gone) {
                return Err(SdiaError::InvalidInput(format!(
                    "without('{gone}'): there is no {} '{gone}'; the known ids are: {}",
                    self.id_column,
                    self.people.join(", ")
                )));
            }
        }
        let active: Vec<usize> = (0..self.people.len())
            .filter(|&p| !self.without.contains(&self.people[p]))
            .collect();
        if active.is_empty() {
            return Err(SdiaError::Empty(
                "the assignment matrix without the people removed".to_string(),
            ));
        }
        let cost = |p: usize, r: usize| match self.values[p][r] {
            Some(v) if self.maximize => -v,
            Some(v) => v,
            None => f64::INFINITY,
        };
        let (n_people, n_roles) = (active.len(), self.roles.len());
        // (person index, role index) pairs, found with the smaller side as the rows.
        let found: Vec<(usize, usize)> = if n_people <= n_roles {
            let matrix: Vec<Vec<f64>> = active
                .iter()
                .map(|&p| (0..n_roles).map(|r| cost(p, r)).collect())
                .collect();
            let cols = solve_min(&matrix, n_roles)
                .map_err(|e| self.infeasible(&self.people[active[e.row]]))?;
            active.iter().copied().zip(cols).collect()
        } else {
            let matrix: Vec<Vec<f64>> = (0..n_roles)
                .map(|r| active.iter().map(|&p| cost(p, r)).collect())
                .collect();
            let rows =
                solve_min(&matrix, n_people).map_err(|e| self.infeasible(&self.roles[e.row]))?;
            let mut pairs: Vec<(usize, usize)> = rows
                .into_iter()
                .enumerate()
                .map(|(r, k)| (active[k], r))
                .collect();
            pairs.sort_unstable();
            pairs
        };
        let pairs: Vec<AssignedPair> = found
            .iter()
            .map(|&(p, r)| AssignedPair {
                person: self.people[p].clone(),
                role: self.roles[r].clone(),
                value: self.values[p][r].unwrap_or(f64::NAN),
            })
            .collect();
        let idle_people = active
            .iter()
            .filter(|&&p| !found.iter().any(|&(q, _)| q == p))
            .map(|&p| self.people[p].clone())
            .collect();
        let open_roles = (0..n_roles)
            .filter(|&r| !found.iter().any(|&(_, s)| s == r))
            .map(|r| self.roles[r].clone())
            .collect();
        Ok(Assignment {
            id_column: self.id_column.clone(),
            total: pairs.iter().map(|p| p.value).sum(),
            pairs,
            maximize: self.maximize,
            idle_people,
            open_roles,
        })
    }

    fn infeasible(&self, stuck: &str) -> SdiaError {
        SdiaError::InvalidInput(format!(
            "the empty (forbidden) cells leave no complete assignment: '{stuck}' cannot be \
             placed once the others are; fill in some cells or remove a {} or a role",
            self.id_column
        ))
    }
}

impl Assignment {
    /// The pairs, in the order of the people in the frame.
    pub fn pairs(&self) -> &[AssignedPair] {
        &self.pairs
    }

    /// The total score (or cost) of the pairs.
    pub fn total(&self) -> f64 {
        self.total
    }

    /// True when the total was maximised (scores), false when minimised (costs).
    pub fn is_maximized(&self) -> bool {
        self.maximize
    }

    /// The role given to `person`, if any.
    pub fn role_of(&self, person: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|p| p.person == person)
            .map(|p| p.role.as_str())
    }

    /// The person given `role`, if any.
    pub fn person_of(&self, role: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|p| p.role == role)
            .map(|p| p.person.as_str())
    }

    /// The people left without a role (more people than roles).
    pub fn idle_people(&self) -> &[String] {
        &self.idle_people
    }

    /// The roles left without a person (more roles than people).
    pub fn open_roles(&self) -> &[String] {
        &self.open_roles
    }

    /// The pairs as a frame: the id column (e.g. `person`), `role`, `value`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let scores = df!("person" => ["AM", "BL"], "lead" => [3.0, 1.0], "dev" => [2.0, 1.0]).unwrap();
    /// let a = AssignmentProblem::from_frame(&scores, "person").unwrap().solve().unwrap();
    /// let t = a.table().unwrap();
    /// assert_eq!(t.get_column_names(), ["person", "role", "value"]);
    /// assert_eq!(a.total(), 4.0); // AM lead 3 + BL dev 1 (or AM dev 2 + BL lead 1 = 3)
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let people: Vec<&str> = self.pairs.iter().map(|p| p.person.as_str()).collect();
        let roles: Vec<&str> = self.pairs.iter().map(|p| p.role.as_str()).collect();
        let values: Vec<f64> = self.pairs.iter().map(|p| p.value).collect();
        Ok(DataFrame::new(
            self.pairs.len(),
            vec![
                Column::new(self.id_column.as_str().into(), people),
                Column::new("role".into(), roles),
                Column::new("value".into(), values),
            ],
        )?)
    }
}

impl RichDisplay for Assignment {
    fn mime_bundle(&self) -> MimeBundle {
        let objective = if self.maximize {
            "maximal total score"
        } else {
            "minimal total cost"
        };
        let mut rows: Vec<(String, String)> = vec![
            (objective.to_string(), format_number(self.total)),
            ("pairs".to_string(), self.pairs.len().to_string()),
        ];
        for p in &self.pairs {
            rows.push((format!("{} → {}", p.person, p.role), format_number(p.value)));
        }
        if !self.idle_people.is_empty() {
            rows.push(("without a role".to_string(), self.idle_people.join(", ")));
        }
        if !self.open_roles.is_empty() {
            rows.push(("roles left open".to_string(), self.open_roles.join(", ")));
        }
        let borrowed: Vec<(&str, String)> =
            rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        summary_bundle("Optimal assignment (Hungarian algorithm)", &borrowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores() -> DataFrame {
        // Scores of 3 people for 2 roles.
        df!("person" => ["AM", "BL", "CD"],
            "pilot" => [9.0, 6.0, 5.0],
            "engineer" => [8.0, 2.0, 7.0])
        .unwrap()
    }

    #[test]
    fn rectangular_maximise_by_hand() {
        // Pairs of distinct people for (pilot, engineer): AM+BL 9+2 = 11, AM+CD 9+7 = 16,
        // BL+AM 6+8 = 14, BL+CD 6+7 = 13, CD+AM 5+8 = 13, CD+BL 5+2 = 7. Best: 16.
        let a = AssignmentProblem::from_frame(&scores(), "person")
            .unwrap()
            .solve()
            .unwrap();
        assert_eq!(a.total(), 16.0);
        assert_eq!(a.role_of("AM"), Some("pilot"));
        assert_eq!(a.person_of("engineer"), Some("CD"));
        assert_eq!(a.idle_people(), ["BL"]);
        assert!(a.open_roles().is_empty() && a.is_maximized());
        assert_eq!(a.table().unwrap().height(), 2);
        assert!(a.mime_bundle()[0].1.contains("AM → pilot"));
        // Without AM: BL+CD 13 and CD+BL 7 → 13.
        let b = AssignmentProblem::from_frame(&scores(), "person")
            .unwrap()
            .without("AM")
            .solve()
            .unwrap();
        assert_eq!(b.total(), 13.0);
        // Minimise: the smallest is CD+BL 7.
        let c = AssignmentProblem::from_frame(&scores(), "person")
            .unwrap()
            .minimize()
            .solve()
            .unwrap();
        assert_eq!(c.total(), 7.0);
        assert_eq!(c.role_of("CD"), Some("pilot"));
    }

    #[test]
    fn more_roles_than_people() {
        // One person, three roles: the best single cell, 7.
        let df = df!("person" => ["AM"], "a" => [3], "b" => [7], "c" => [5]).unwrap();
        let a = AssignmentProblem::from_frame(&df, "person")
            .unwrap()
            .solve()
            .unwrap();
        assert_eq!((a.total(), a.role_of("AM")), (7.0, Some("b")));
        assert_eq!(a.open_roles(), ["a", "c"]);
    }

    #[test]
    fn forbidden_pairs_and_bad_input() {
        // AM may not pilot: AM engineer 8 + BL pilot 6 = 14 beats CD pilot 5 + AM engineer 8 = 13.
        let df = df!("person" => ["AM", "BL", "CD"],
            "pilot" => [None, Some(6.0), Some(5.0)],
            "engineer" => [Some(8.0), Some(2.0), Some(7.0)])
        .unwrap();
        let a = AssignmentProblem::from_frame(&df, "person")
            .unwrap()
            .solve()
            .unwrap();
        assert_eq!(a.total(), 14.0);
        let only_one = df!("person" => ["AM", "BL"], "x" => [Some(1.0), Some(2.0)], "y" => [None::<f64>, None]).unwrap();
        let e = AssignmentProblem::from_frame(&only_one, "person")
            .unwrap()
            .solve()
            .unwrap_err()
            .to_string();
        assert!(e.contains("forbidden"), "{e}");
        let e = AssignmentProblem::from_frame(&scores(), "person")
            .unwrap()
            .without("ZZ")
            .solve()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'ZZ'") && e.contains("AM, BL, CD"), "{e}");
        let inf = df!("person" => ["AM"], "x" => [f64::INFINITY]).unwrap();
        assert!(
            AssignmentProblem::from_frame(&inf, "person")
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
        assert!(AssignmentProblem::from_frame(&scores(), "who").is_err());
        let all_gone = AssignmentProblem::from_frame(&scores(), "person")
            .unwrap()
            .without("AM")
            .without("BL")
            .without("CD");
        assert!(all_gone.solve().is_err());
    }
}
