//! [`SkillsMatrix`]: who masters which skill, at which level, on a level scale (0–4 unless
//! told otherwise); its table, heatmap and coverage (how many people can carry each skill).

use super::grid::read_grid;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::plot::{Plot, heatmap};
use crate::project::checks;
use polars::prelude::*;

/// Text columns a skills table may have besides `person`; they are not skills and are ignored.
const IGNORED: [&str; 3] = ["name", "team", "role"];

/// The level of each person in each skill.
///
/// Built by [`SkillsMatrix::from_frame`] from a frame with:
/// - `person` (text): a unique id per person (initials, a name);
/// - one numeric column per skill (integers or decimals): the person's level, on the scale
///   (default 0–4: 0 none, 1 notions, 2 practice, 3 autonomous, 4 expert; another scale with
///   [`SkillsMatrix::builder`]);
/// - optionally `name`, `team` or `role` (text), which are not skills and are ignored.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("person" => ["AM", "BL"], "sql" => [2, 4], "python" => [3, 1]).unwrap();
/// let skills = SkillsMatrix::from_frame(&df).unwrap();
/// assert_eq!(skills.skills(), ["sql", "python"]);
/// assert_eq!(skills.level("BL", "sql"), Some(4.0));
/// ```
#[derive(Debug, Clone)]
pub struct SkillsMatrix {
    pub(crate) people: Vec<String>,
    pub(crate) skills: Vec<String>,
    /// `levels[person][skill]`.
    pub(crate) levels: Vec<Vec<f64>>,
    pub(crate) low: f64,
    pub(crate) high: f64,
}

/// Reads a [`SkillsMatrix`] on a chosen level scale: `SkillsMatrix::builder().scale(1, 5)`.
#[derive(Debug, Clone)]
pub struct SkillsMatrixBuilder {
    low: f64,
    high: f64,
}

impl SkillsMatrixBuilder {
    /// The level scale, from `low` (no skill) to `high` (expert); default 0–4.
    pub fn scale(mut self, low: impl Into<f64>, high: impl Into<f64>) -> SkillsMatrixBuilder {
        self.low = low.into();
        self.high = high.into();
        self
    }

    /// Reads the matrix (see [`SkillsMatrix`] for the columns). Errors: a missing `person`
    /// column, a duplicated or empty id, a non-numeric skill column, an empty cell, or a level
    /// outside the scale (the message names the person, the skill and the value).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("person" => ["AM", "BL"], "sql" => [5, 1]).unwrap();
    /// assert!(SkillsMatrix::from_frame(&df).is_err()); // 5 is outside 0–4
    /// let skills = SkillsMatrix::builder().scale(1, 5).from_frame(&df).unwrap();
    /// assert_eq!(skills.scale(), (1.0, 5.0));
    /// ```
    pub fn from_frame(&self, df: &DataFrame) -> Result<SkillsMatrix> {
        let (low, high) = (self.low, self.high);
        if !(low.is_finite() && high.is_finite() && low < high) {
            return Err(SdiaError::InvalidInput(format!(
                "the level scale {low}–{high} is not a range: give scale(low, high) with \
                 low < high, e.g. scale(0, 4)"
            )));
        }
        let grid = read_grid(df, "person", &IGNORED, "the skills matrix")?;
        let mut levels = Vec::with_capacity(grid.ids.len());
        for (person, row) in grid.ids.iter().zip(&grid.cells) {
            let mut person_levels = Vec::with_capacity(row.len());
            for (skill, cell) in grid.columns.iter().zip(row) {
                let Some(level) = cell.filter(|v| !v.is_nan()) else {
                    return Err(SdiaError::InvalidInput(format!(
                        "the level of '{person}' in skill '{skill}' is missing: give a level \
                         from {low} to {high} ({low} if the person does not have the skill)"
                    )));
                };
                checks::on_scale(
                    level,
                    low,
                    high,
                    &format!("level in skill '{skill}'"),
                    person,
                )?;
                person_levels.push(level);
            }
            levels.push(person_levels);
        }
        Ok(SkillsMatrix {
            people: grid.ids,
            skills: grid.columns,
            levels,
            low,
            high,
        })
    }
}

impl SkillsMatrix {
    /// A reader with the default scale 0–4, to change with
    /// [`scale`](SkillsMatrixBuilder::scale).
    pub fn builder() -> SkillsMatrixBuilder {
        SkillsMatrixBuilder {
            low: 0.0,
            high: 4.0,
        }
    }

    /// Reads the matrix with levels on the default scale 0–4 (see [`SkillsMatrix`] for the
    /// columns and [`SkillsMatrixBuilder::from_frame`] for the errors).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("person" => ["AM", "DN"], "python" => [2, 7]).unwrap();
    /// let err = SkillsMatrix::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("'DN'") && err.contains("python") && err.contains('7'), "{err}");
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<SkillsMatrix> {
        SkillsMatrix::builder().from_frame(df)
    }

    /// The people's ids, in the frame's order.
    pub fn people(&self) -> &[String] {
        &self.people
    }

    /// The skills, in the frame's column order.
    pub fn skills(&self) -> &[String] {
        &self.skills
    }

    /// The level scale `(low, high)`.
    pub fn scale(&self) -> (f64, f64) {
        (self.low, self.high)
    }

    /// The level of `person` in `skill`, or `None` if either is unknown.
    pub fn level(&self, person: &str, skill: &str) -> Option<f64> {
        let p = self.people.iter().position(|x| x == person)?;
        let s = self.skills.iter().position(|x| x == skill)?;
        self.levels.get(p)?.get(s).copied()
    }

    /// The index of a skill, or an error listing the known skills; `by` says who asks.
    pub(crate) fn skill_index(&self, skill: &str, by: &str) -> Result<usize> {
        self.skills.iter().position(|s| s == skill).ok_or_else(|| {
            SdiaError::InvalidInput(format!(
                "{by} refers to an unknown skill '{skill}'; the skills of the matrix are: {}",
                self.skills.join(", ")
            ))
        })
    }

    /// The index of a person, or an error listing the known people; `by` says who asks.
    pub(crate) fn person_index(&self, person: &str, by: &str) -> Result<usize> {
        self.people.iter().position(|s| s == person).ok_or_else(|| {
            SdiaError::InvalidInput(format!(
                "{by} refers to an unknown person '{person}'; the people of the matrix are: {}",
                self.people.join(", ")
            ))
        })
    }

    /// The matrix as a frame: `person` (text) and one `Float64` column per skill.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("person" => ["AM"], "team" => ["conseil"], "sql" => [3]).unwrap();
    /// let t = SkillsMatrix::from_frame(&df).unwrap().table().unwrap();
    /// assert_eq!(t.get_column_names(), ["person", "sql"]);
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let mut columns = vec![Column::new("person".into(), self.people.clone())];
        for (s, skill) in self.skills.iter().enumerate() {
            let values: Vec<f64> = self.levels.iter().map(|row| row[s]).collect();
            columns.push(Column::new(skill.as_str().into(), values));
        }
        Ok(DataFrame::new(self.people.len(), columns)?)
    }

    /// A heatmap of the levels: one row per person, one column per skill, the level in
    /// each cell (darker = higher).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("person" => ["AM", "BL"], "sql" => [2, 4], "python" => [3, 1]).unwrap();
    /// let svg = SkillsMatrix::from_frame(&df).unwrap().heatmap().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("Skills matrix") && svg.contains("python"));
    /// ```
    pub fn heatmap(&self) -> Result<Plot> {
        Ok(heatmap(&self.table()?)?
            .title(format!("Skills matrix (levels {}–{})", self.low, self.high)))
    }

    /// For each skill, how many people have at least `min_level`, who they are, and a
    /// `bus_factor` flag when one person or nobody does (losing that person stops the skill).
    /// Columns: `skill`, `people` (UInt32), `who` (ids separated by ", "), `bus_factor`
    /// (Boolean); one row per skill, in the matrix's order. Error: `min_level` outside the
    /// scale.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("person" => ["AM", "BL", "CD"], "sql" => [3, 4, 1], "ml" => [0, 1, 4]).unwrap();
    /// let c = SkillsMatrix::from_frame(&df).unwrap().coverage(3).unwrap();
    /// let people: Vec<u32> = c.column("people").unwrap().u32().unwrap().into_no_null_iter().collect();
    /// assert_eq!(people, [2, 1]); // sql: AM, BL; ml: CD only
    /// let flags: Vec<bool> = c.column("bus_factor").unwrap().bool().unwrap().iter().flatten().collect();
    /// assert_eq!(flags, [false, true]);
    /// ```
    pub fn coverage(&self, min_level: impl Into<f64>) -> Result<DataFrame> {
        let min_level = min_level.into();
        checks::on_scale(min_level, self.low, self.high, "min_level", "coverage")?;
        let mut counts = Vec::with_capacity(self.skills.len());
        let mut who = Vec::with_capacity(self.skills.len());
        for s in 0..self.skills.len() {
            let holders: Vec<&str> = self
                .people
                .iter()
                .zip(&self.levels)
                .filter(|(_, row)| row[s] >= min_level)
                .map(|(p, _)| p.as_str())
                .collect();
            counts.push(holders.len() as u32);
            who.push(holders.join(", "));
        }
        let bus: Vec<bool> = counts.iter().map(|&c| c <= 1).collect();
        Ok(DataFrame::new(
            self.skills.len(),
            vec![
                Column::new("skill".into(), self.skills.clone()),
                Column::new("people".into(), counts),
                Column::new("who".into(), who),
                Column::new("bus_factor".into(), bus),
            ],
        )?)
    }
}

impl RichDisplay for SkillsMatrix {
    fn mime_bundle(&self) -> MimeBundle {
        match self.table() {
            Ok(t) => t.mime_bundle(),
            Err(e) => vec![("text/plain".into(), e.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SkillsMatrix {
        let df = df!(
            "person" => ["AM", "BL", "CD"],
            "name" => ["Alice", "Bruno", "Chloé"],
            "sql" => [3, 4, 1],
            "ml" => [0.0, 1.0, 4.0],
            "dataviz" => [1, 1, 1]
        )
        .unwrap();
        SkillsMatrix::from_frame(&df).unwrap()
    }

    #[test]
    fn reads_levels_and_ignores_text_columns() {
        let m = sample();
        assert_eq!(m.people(), ["AM", "BL", "CD"]);
        assert_eq!(m.skills(), ["sql", "ml", "dataviz"]);
        assert_eq!(m.level("CD", "ml"), Some(4.0));
        assert_eq!(m.level("ZZ", "ml"), None);
        let t = m.table().unwrap();
        assert_eq!(t.shape(), (3, 4));
        assert!(m.mime_bundle()[0].1.contains("dataviz"));
        assert!(
            m.heatmap()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("levels 0–4")
        );
    }

    #[test]
    fn coverage_counts_by_hand() {
        // min level 1: sql AM, BL, CD (3); ml BL, CD (2); dataviz all three (3).
        // min level 4: sql BL (1, bus factor); ml CD (1); dataviz nobody (0).
        let m = sample();
        let c = m.coverage(1).unwrap();
        let n: Vec<u32> = c
            .column("people")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(n, [3, 2, 3]);
        let c = m.coverage(4.0).unwrap();
        let n: Vec<u32> = c
            .column("people")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(n, [1, 1, 0]);
        let who: Vec<&str> = c
            .column("who")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(who, ["BL", "CD", ""]);
        let bus: Vec<bool> = c
            .column("bus_factor")
            .unwrap()
            .bool()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(bus, [true, true, true]);
        assert!(m.coverage(5).unwrap_err().to_string().contains("min_level"));
    }

    #[test]
    fn bad_input_is_named() {
        let df = df!("person" => ["AM", "BL"], "sql" => [Some(2), None]).unwrap();
        let e = SkillsMatrix::from_frame(&df).unwrap_err().to_string();
        assert!(
            e.contains("'BL'") && e.contains("'sql'") && e.contains("missing"),
            "{e}"
        );
        let df = df!("person" => ["AM", "BL"], "sql" => [2.0, -1.0]).unwrap();
        let e = SkillsMatrix::from_frame(&df).unwrap_err().to_string();
        assert!(
            e.contains("'BL'") && e.contains("-1") && e.contains("0–4"),
            "{e}"
        );
        let df = df!("who" => ["AM"], "sql" => [2]).unwrap();
        let e = SkillsMatrix::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'person' not found"), "{e}");
        let df = df!("person" => ["AM"], "sql" => ["good"]).unwrap();
        assert!(
            SkillsMatrix::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("'sql'")
        );
        let df = df!("person" => ["AM"], "sql" => [2]).unwrap();
        assert!(SkillsMatrix::builder().scale(3, 1).from_frame(&df).is_err());
        let empty = df!("person" => Vec::<&str>::new(), "sql" => Vec::<i32>::new()).unwrap();
        assert!(
            SkillsMatrix::from_frame(&empty)
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
    }
}
