//! The tables of a [`Raci`] matrix: its cells written the same way, and the workload per person.

use super::raci::{A, C, I, R, ROLES, Raci, letters};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::Result;
use polars::prelude::*;

impl Raci {
    /// The matrix with its cells written the same way: letters in R, A, C, I order joined by
    /// `/` (`"A/R"` becomes `"R/A"`), `""` for no role.
    pub fn table(&self) -> Result<DataFrame> {
        let mut columns = vec![Column::new("task".into(), self.tasks.clone())];
        for (p, name) in self.people.iter().enumerate() {
            let cells: Vec<String> = self.cells.iter().map(|row| letters(row[p])).collect();
            columns.push(Column::new(name.as_str().into(), cells));
        }
        Ok(DataFrame::new(self.tasks.len(), columns)?)
    }

    /// How many tasks each person holds each role on: `person`, `R`, `A`, `C`, `I` and `tasks`
    /// (tasks with any role).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("task" => ["t1", "t2"], "AM" => ["A/R", "A"], "BL" => ["", "R/C"]).unwrap();
    /// let load = Raci::from_frame(&df).unwrap().workload().unwrap();
    /// let r: Vec<u32> = load.column("R").unwrap().u32().unwrap().into_no_null_iter().collect();
    /// assert_eq!(r, vec![1, 1]);
    /// ```
    pub fn workload(&self) -> Result<DataFrame> {
        let count = |p: usize, role: u8| -> u32 {
            self.cells.iter().filter(|row| row[p] & role != 0).count() as u32
        };
        let n = self.people.len();
        let mut columns = vec![Column::new("person".into(), self.people.clone())];
        for (bit, letter) in ROLES {
            let counts: Vec<u32> = (0..n).map(|p| count(p, bit)).collect();
            columns.push(Column::new(letter.to_string().into(), counts));
        }
        let any: Vec<u32> = (0..n).map(|p| count(p, R | A | C | I)).collect();
        columns.push(Column::new("tasks".into(), any));
        Ok(DataFrame::new(n, columns)?)
    }
}

impl RichDisplay for Raci {
    fn mime_bundle(&self) -> MimeBundle {
        match self.table() {
            Ok(table) => table.mime_bundle(),
            Err(e) => vec![("text/plain".into(), e.to_string())],
        }
    }
}
