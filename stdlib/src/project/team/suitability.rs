//! How well each person fits each role: the share of the role's required skill levels the
//! person covers — the score matrix an [`AssignmentProblem`](super::AssignmentProblem) reads.

use super::roles::read_roles;
use super::skills::SkillsMatrix;
use crate::error::Result;
use polars::prelude::*;

impl SkillsMatrix {
    /// The person × role suitability scores, from a roles table with columns `role` (text),
    /// `skill` (text, a skill of the matrix) and `level` (number on the matrix's scale: the
    /// level the role requires), one row per role and skill.
    ///
    /// With levels counted from the bottom of the scale (`ℓ = level − low`), the score of
    /// person `p` for role `r` is
    /// `Σ_{s ∈ skills of r} min(ℓ_p,s, ℓ_r,s) / Σ_{s ∈ skills of r} ℓ_r,s`:
    /// the share of the required levels the person covers, from 0 (nothing) to 1 (every
    /// requirement met; being above a requirement earns nothing more).
    ///
    /// The result has `person` and one `Float64` column per role (in order of first
    /// appearance), ready for [`AssignmentProblem::from_frame`](super::AssignmentProblem::from_frame)
    /// with `"person"`. Errors: a missing column, an unknown skill (the known ones are listed),
    /// a level outside the scale, a skill listed twice for a role, a role requiring nothing.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let people = df!("person" => ["AM", "BL"], "sql" => [4, 1], "ml" => [0, 3]).unwrap();
    /// let roles = df!("role" => ["DE", "DS", "DS"], "skill" => ["sql", "ml", "sql"], "level" => [3, 4, 2]).unwrap();
    /// let s = SkillsMatrix::from_frame(&people).unwrap().suitability(&roles).unwrap();
    /// let ds: Vec<f64> = s.column("DS").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// // AM: (min(0,4) + min(4,2)) / 6 = 2/6; BL: (min(3,4) + min(1,2)) / 6 = 4/6
    /// assert!((ds[0] - 2.0 / 6.0).abs() < 1e-12 && (ds[1] - 4.0 / 6.0).abs() < 1e-12);
    /// ```
    pub fn suitability(&self, roles: &DataFrame) -> Result<DataFrame> {
        let parsed = read_roles(roles, self)?;
        let mut columns = vec![Column::new("person".into(), self.people.clone())];
        for (role, needs) in parsed.names.iter().zip(&parsed.needs) {
            let required: f64 = needs.iter().map(|&(_, level)| level).sum();
            let scores: Vec<f64> = self
                .levels
                .iter()
                .map(|row| {
                    let covered: f64 = needs
                        .iter()
                        .map(|&(s, level)| (row[s] - self.low).min(level))
                        .sum();
                    covered / required
                })
                .collect();
            columns.push(Column::new(role.as_str().into(), scores));
        }
        Ok(DataFrame::new(self.people.len(), columns)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> SkillsMatrix {
        let df = df!("person" => ["AM", "BL", "CD"], "sql" => [4, 1, 2], "ml" => [0, 3, 4], "viz" => [2, 0, 1]).unwrap();
        SkillsMatrix::from_frame(&df).unwrap()
    }

    #[test]
    fn scores_by_hand() {
        // Role DE: sql 3, viz 1 (total 4). AM: min(4,3) + min(2,1) = 4 → 1.0;
        // BL: 1 + 0 = 1 → 0.25; CD: 2 + 1 = 3 → 0.75.
        // Role DS: ml 4 (total 4). AM 0, BL 3/4, CD 1.
        let roles = df!("role" => ["DE", "DE", "DS"], "skill" => ["sql", "viz", "ml"], "level" => [3, 1, 4]).unwrap();
        let s = people().suitability(&roles).unwrap();
        assert_eq!(s.get_column_names(), ["person", "DE", "DS"]);
        let de: Vec<f64> = s
            .column("DE")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let ds: Vec<f64> = s
            .column("DS")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(de, [1.0, 0.25, 0.75]);
        assert_eq!(ds, [0.0, 0.75, 1.0]);
        // On a 1–5 scale, levels count from 1: a person at 1 covers nothing.
        let df = df!("person" => ["X", "Y"], "sql" => [1, 3]).unwrap();
        let m = SkillsMatrix::builder().scale(1, 5).from_frame(&df).unwrap();
        let roles = df!("role" => ["R"], "skill" => ["sql"], "level" => [5]).unwrap();
        let s = m.suitability(&roles).unwrap();
        let r: Vec<f64> = s
            .column("R")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(r, [0.0, 0.5]); // (3 − 1) / (5 − 1)
    }

    #[test]
    fn bad_roles_are_named() {
        let m = people();
        let unknown = df!("role" => ["DE"], "skill" => ["rust"], "level" => [3]).unwrap();
        let e = m.suitability(&unknown).unwrap_err().to_string();
        assert!(
            e.contains("'rust'") && e.contains("sql, ml, viz") && e.contains("'DE'"),
            "{e}"
        );
        let high = df!("role" => ["DE"], "skill" => ["sql"], "level" => [9]).unwrap();
        let e = m.suitability(&high).unwrap_err().to_string();
        assert!(e.contains("'DE'") && e.contains('9'), "{e}");
        let twice =
            df!("role" => ["DE", "DE"], "skill" => ["sql", "sql"], "level" => [3, 2]).unwrap();
        assert!(
            m.suitability(&twice)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let nothing = df!("role" => ["DE"], "skill" => ["sql"], "level" => [0]).unwrap();
        assert!(
            m.suitability(&nothing)
                .unwrap_err()
                .to_string()
                .contains("no skill")
        );
        let missing = df!("role" => ["DE"], "skill" => ["sql"]).unwrap();
        assert!(
            m.suitability(&missing)
                .unwrap_err()
                .to_string()
                .contains("'level'")
        );
    }
}
