//! Skills gap: for each person and skill, the required level minus the current one (when
//! positive), and the training needs ranked from the largest gap.

use super::assignment::Assignment;
use super::grid::read_grid;
use super::roles::read_roles;
use super::skills::SkillsMatrix;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::Result;
use crate::plot::{Plot, bar_chart};
use crate::project::checks;
use polars::prelude::*;

/// One skill's training need: skill index, total gap, people lacking it, largest gap, and who
/// (gap, person), largest first.
type Need<'a> = (usize, f64, u32, f64, Vec<(f64, &'a str)>);

/// One missing level: `person` is at `current` in `skill`, `required` is asked.
#[derive(Debug, Clone, PartialEq)]
struct GapRow {
    person: String,
    skill: String,
    current: f64,
    required: f64,
}

/// The gaps between required and current levels, from [`SkillsMatrix::gap`].
#[derive(Debug, Clone)]
pub struct SkillsGap {
    rows: Vec<GapRow>,
    skills: Vec<String>,
}

impl SkillsMatrix {
    /// The skills gap against a table of required levels with columns `person` (text, a
    /// person of the matrix, once) and one numeric column per required skill (a skill of the
    /// matrix; an empty cell = not required). Optional text columns `name`, `team`, `role` are
    /// ignored — so the output of [`role_requirements`](SkillsMatrix::role_requirements) fits.
    ///
    /// Only the pairs where `gap = required − current > 0` are kept. Errors: an unknown person
    /// or skill (the known ones are listed), a required level outside the scale.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let now = df!("person" => ["AM", "BL"], "sql" => [2, 4], "ml" => [1, 0]).unwrap();
    /// let want = df!("person" => ["AM", "BL"], "sql" => [3, 3], "ml" => [3, 2]).unwrap();
    /// let gap = SkillsMatrix::from_frame(&now).unwrap().gap(&want).unwrap();
    /// let t = gap.table().unwrap();
    /// assert_eq!(t.height(), 3); // AM sql 1, AM ml 2, BL ml 2 (BL is above in sql)
    /// assert_eq!(gap.total(), 5.0);
    /// ```
    pub fn gap(&self, required: &DataFrame) -> Result<SkillsGap> {
        let grid = read_grid(
            required,
            "person",
            &["name", "team", "role"],
            "the required levels",
        )?;
        let skill_idx: Vec<usize> = grid
            .columns
            .iter()
            .map(|s| self.skill_index(s, "the required levels"))
            .collect::<Result<_>>()?;
        let mut rows = Vec::new();
        for (person, cells) in grid.ids.iter().zip(&grid.cells) {
            let p = self.person_index(person, "the required levels")?;
            for ((skill, &s), cell) in grid.columns.iter().zip(&skill_idx).zip(cells) {
                let Some(level) = cell.filter(|v| !v.is_nan()) else {
                    continue;
                };
                checks::on_scale(
                    level,
                    self.low,
                    self.high,
                    &format!("required level in skill '{skill}'"),
                    person,
                )?;
                let current = self.levels[p][s];
                if level > current {
                    rows.push(GapRow {
                        person: person.clone(),
                        skill: skill.clone(),
                        current,
                        required: level,
                    });
                }
            }
        }
        // Sort by person (order of the required table), then skill order of the matrix.
        let order = |r: &GapRow| {
            (
                grid.ids.iter().position(|x| *x == r.person),
                self.skills.iter().position(|x| *x == r.skill),
            )
        };
        rows.sort_by_key(order);
        Ok(SkillsGap {
            rows,
            skills: self.skills.clone(),
        })
    }

    /// The levels each person needs in the role `assignment` gives them: `person`, `role` and
    /// one column per skill of the roles table (`role`, `skill`, `level`, as in
    /// [`suitability`](SkillsMatrix::suitability)); empty where the role does not ask for the
    /// skill. People without a role are left out. Feed it to [`gap`](SkillsMatrix::gap).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let people = df!("person" => ["AM", "BL"], "sql" => [4, 1], "ml" => [0, 3]).unwrap();
    /// let roles = df!("role" => ["DE", "DS"], "skill" => ["sql", "ml"], "level" => [3, 4]).unwrap();
    /// let skills = SkillsMatrix::from_frame(&people).unwrap();
    /// let scores = skills.suitability(&roles).unwrap();
    /// let plan = AssignmentProblem::from_frame(&scores, "person").unwrap().solve().unwrap();
    /// let needs = skills.role_requirements(&plan, &roles).unwrap();
    /// let gap = skills.gap(&needs).unwrap();
    /// assert_eq!(gap.total(), 1.0); // BL is data scientist: ml 3 of 4
    /// ```
    pub fn role_requirements(
        &self,
        assignment: &Assignment,
        roles: &DataFrame,
    ) -> Result<DataFrame> {
        let parsed = read_roles(roles, self)?;
        let used: Vec<usize> = (0..self.skills.len())
            .filter(|&s| parsed.needs.iter().flatten().any(|&(k, _)| k == s))
            .collect();
        let mut people = Vec::new();
        let mut role_names = Vec::new();
        let mut levels: Vec<Vec<Option<f64>>> = vec![Vec::new(); used.len()];
        for pair in assignment.pairs() {
            self.person_index(&pair.person, "the assignment")?;
            let needs = parsed.of(&pair.role, "the assignment")?;
            people.push(pair.person.clone());
            role_names.push(pair.role.clone());
            for (column, &s) in levels.iter_mut().zip(&used) {
                let level = needs
                    .iter()
                    .find(|&&(k, _)| k == s)
                    .map(|&(_, l)| l + self.low);
                column.push(level);
            }
        }
        let mut columns = vec![
            Column::new("person".into(), people.clone()),
            Column::new("role".into(), role_names),
        ];
        for (column, &s) in levels.into_iter().zip(&used) {
            columns.push(Column::new(self.skills[s].as_str().into(), column));
        }
        Ok(DataFrame::new(people.len(), columns)?)
    }
}

impl SkillsGap {
    /// True when nobody lacks anything.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The sum of the gaps (levels to gain in all).
    pub fn total(&self) -> f64 {
        self.rows.iter().map(|r| r.required - r.current).sum()
    }

    /// The gaps: `person`, `skill`, `current`, `required`, `gap` (> 0), by person then skill.
    pub fn table(&self) -> Result<DataFrame> {
        let col = |f: fn(&GapRow) -> f64| -> Vec<f64> { self.rows.iter().map(f).collect() };
        Ok(DataFrame::new(
            self.rows.len(),
            vec![
                Column::new(
                    "person".into(),
                    self.rows
                        .iter()
                        .map(|r| r.person.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "skill".into(),
                    self.rows
                        .iter()
                        .map(|r| r.skill.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new("current".into(), col(|r| r.current)),
                Column::new("required".into(), col(|r| r.required)),
                Column::new("gap".into(), col(|r| r.required - r.current)),
            ],
        )?)
    }

    /// The training needs, one row per skill somebody lacks, ranked by total gap (levels to
    /// gain, summed over the people), then by the number of people lacking the skill, then by
    /// name: `rank` (UInt32, from 1), `skill`, `total_gap`, `people` (UInt32), `max_gap`, `who`
    /// (the people lacking it, largest gap first, e.g. "DN (2), CD (1)").
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let now = df!("person" => ["AM", "BL", "CD"], "sql" => [2, 2, 4], "ml" => [0, 4, 4]).unwrap();
    /// let want = df!("person" => ["AM", "BL", "CD"], "sql" => [3, 3, 3], "ml" => [2, 3, 3]).unwrap();
    /// let needs = SkillsMatrix::from_frame(&now).unwrap().gap(&want).unwrap().training_needs().unwrap();
    /// let skills: Vec<&str> = needs.column("skill").unwrap().str().unwrap().iter().flatten().collect();
    /// // sql: AM 1 + BL 1 = 2 levels, 2 people; ml: AM 2 = 2 levels, 1 person → sql first
    /// assert_eq!(skills, ["sql", "ml"]);
    /// ```
    pub fn training_needs(&self) -> Result<DataFrame> {
        let mut needs: Vec<Need> = Vec::new();
        for (s, skill) in self.skills.iter().enumerate() {
            let mut who: Vec<(f64, &str)> = self
                .rows
                .iter()
                .filter(|r| r.skill == *skill)
                .map(|r| (r.required - r.current, r.person.as_str()))
                .collect();
            if who.is_empty() {
                continue;
            }
            who.sort_by(|a, b| b.0.total_cmp(&a.0));
            let total: f64 = who.iter().map(|w| w.0).sum();
            let max = who.iter().map(|w| w.0).fold(0.0, f64::max);
            needs.push((s, total, who.len() as u32, max, who));
        }
        needs.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.2.cmp(&a.2))
                .then(self.skills[a.0].cmp(&self.skills[b.0]))
        });
        let who: Vec<String> = needs
            .iter()
            .map(|n| {
                n.4.iter()
                    .map(|(g, p)| format!("{p} ({g})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        Ok(DataFrame::new(
            needs.len(),
            vec![
                Column::new(
                    "rank".into(),
                    (1..=needs.len() as u32).collect::<Vec<u32>>(),
                ),
                Column::new(
                    "skill".into(),
                    needs
                        .iter()
                        .map(|n| self.skills[n.0].as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "total_gap".into(),
                    needs.iter().map(|n| n.1).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "people".into(),
                    needs.iter().map(|n| n.2).collect::<Vec<u32>>(),
                ),
                Column::new(
                    "max_gap".into(),
                    needs.iter().map(|n| n.3).collect::<Vec<f64>>(),
                ),
                Column::new("who".into(), who),
            ],
        )?)
    }

    /// A bar chart of the training needs: total gap per skill, in rank order.
    pub fn chart(&self) -> Result<Plot> {
        let needs = self.training_needs()?;
        Ok(bar_chart(&needs, "skill", "total_gap")?
            .title("Training needs: levels to gain per skill")
            .y_label("total gap (levels)"))
    }
}

impl RichDisplay for SkillsGap {
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
    use crate::project::team::AssignmentProblem;

    fn team() -> SkillsMatrix {
        let df = df!("person" => ["AM", "BL", "CD"], "sql" => [1, 3, 4], "ml" => [0, 2, 4], "viz" => [3, 0, 1]).unwrap();
        SkillsMatrix::from_frame(&df).unwrap()
    }

    #[test]
    fn gaps_and_ranking_by_hand() {
        // Required: AM sql 3 (gap 2), ml 2 (gap 2); BL ml 4 (gap 2), viz 2 (gap 2);
        // CD viz 2 (gap 1), sql empty (not required).
        let want = df!("person" => ["AM", "BL", "CD"], "team" => ["x", "y", "z"],
            "sql" => [Some(3), Some(2), None], "ml" => [Some(2), Some(4), Some(1)], "viz" => [Some(0), Some(2), Some(2)]).unwrap();
        let gap = team().gap(&want).unwrap();
        let t = gap.table().unwrap();
        let who: Vec<&str> = t
            .column("person")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        let skill: Vec<&str> = t
            .column("skill")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        let g: Vec<f64> = t
            .column("gap")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(who, ["AM", "AM", "BL", "BL", "CD"]);
        assert_eq!(skill, ["sql", "ml", "ml", "viz", "viz"]);
        assert_eq!(g, [2.0, 2.0, 2.0, 2.0, 1.0]);
        assert_eq!(gap.total(), 9.0);
        assert!(!gap.is_empty());
        // Per skill: ml 4 levels (2 people), viz 3 (2 people), sql 2 (1 person).
        let n = gap.training_needs().unwrap();
        let s: Vec<&str> = n
            .column("skill")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        let tot: Vec<f64> = n
            .column("total_gap")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let who: Vec<&str> = n
            .column("who")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(s, ["ml", "viz", "sql"]);
        assert_eq!(tot, [4.0, 3.0, 2.0]);
        assert_eq!(who[1], "BL (2), CD (1)");
        assert!(
            gap.chart()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("Training needs")
        );
        assert!(gap.mime_bundle()[0].1.contains("viz"));
    }

    #[test]
    fn requirements_from_an_assignment() {
        // Roles: DE needs sql 3, viz 2; DS needs ml 4. Scores (sum min / sum required):
        // AM DE (1+2)/5 = 0.6, DS 0; BL DE (3+0)/5 = 0.6, DS 2/4; CD DE (3+1)/5 = 0.8, DS 1.
        // Best: AM DE + CD DS = 1.6 (vs BL DE + CD DS = 1.6 tie, CD DE + BL DS = 1.3).
        let roles = df!("role" => ["DE", "DE", "DS"], "skill" => ["sql", "viz", "ml"], "level" => [3, 2, 4]).unwrap();
        let m = team();
        let scores = m.suitability(&roles).unwrap();
        let a = AssignmentProblem::from_frame(&scores, "person")
            .unwrap()
            .solve()
            .unwrap();
        assert!((a.total() - 1.6).abs() < 1e-12);
        assert_eq!(a.role_of("CD"), Some("DS"));
        let req = m.role_requirements(&a, &roles).unwrap();
        assert_eq!(
            req.get_column_names(),
            ["person", "role", "sql", "ml", "viz"]
        );
        let gap = m.gap(&req).unwrap();
        // The DE (AM or BL) lacks 2 levels either way; CD meets DS.
        assert_eq!(gap.total(), 2.0);
    }

    #[test]
    fn bad_required_levels() {
        let m = team();
        let e = m
            .gap(&df!("person" => ["ZZ"], "sql" => [1]).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'ZZ'") && e.contains("AM, BL, CD"), "{e}");
        let e = m
            .gap(&df!("person" => ["AM"], "rust" => [1]).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'rust'") && e.contains("sql, ml, viz"), "{e}");
        let e = m
            .gap(&df!("person" => ["AM"], "sql" => [6]).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'AM'") && e.contains('6'), "{e}");
        let none = m
            .gap(&df!("person" => ["CD"], "sql" => [2]).unwrap())
            .unwrap();
        assert!(none.is_empty() && none.training_needs().unwrap().height() == 0);
    }
}
