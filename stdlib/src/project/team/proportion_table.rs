//! Proportions per group (share of women per job family, share of staff trained…) with Wilson
//! intervals, from one row per person and a yes/no flag.

use super::ci_chart::{Bar, ci_chart};
use super::intervals::{ProportionEstimate, check_confidence, proportion_for};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::Plot;
use crate::project::checks;
use polars::prelude::*;

/// Proportions per group, from [`proportions`], at a [`confidence`](ProportionTable::confidence)
/// level (default 0.95).
#[derive(Debug, Clone)]
pub struct ProportionTable {
    group_column: String,
    flag_column: String,
    groups: Vec<String>,
    successes: Vec<u64>,
    n: Vec<u64>,
    confidence: f64,
}

/// The share of rows whose flag is true, per group of `df` and overall, with Wilson score
/// intervals (see [`proportion_ci`](super::proportion_ci)). Columns read: `group_col` (text or
/// integers) and `flag_col`, Boolean or numbers 0/1 (one row per person). Errors name the group
/// and the row: an empty cell, a flag other than 0/1.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("family" => ["tech", "tech", "tech", "admin"], "woman" => [1, 0, 0, 1]).unwrap();
/// let p = proportions(&df, "family", "woman").unwrap();
/// let t = p.table().unwrap();
/// let share: Vec<f64> = t.column("proportion").unwrap().f64().unwrap().into_no_null_iter().collect();
/// assert_eq!(share, [1.0 / 3.0, 1.0, 0.5]); // tech, admin, overall
/// ```
pub fn proportions(df: &DataFrame, group_col: &str, flag_col: &str) -> Result<ProportionTable> {
    frame::require_rows(df, "the table")?;
    let labels = checks::required_text(df, group_col)?;
    let flag = frame::column(df, flag_col)?;
    let values: Vec<Option<f64>> = if flag.dtype() == &DataType::Boolean {
        flag.bool()?
            .iter()
            .map(|b| b.map(|b| if b { 1.0 } else { 0.0 }))
            .collect()
    } else {
        frame::f64_options(df, flag_col)?
    };
    let mut table = ProportionTable {
        group_column: group_col.to_string(),
        flag_column: flag_col.to_string(),
        groups: Vec::new(),
        successes: Vec::new(),
        n: Vec::new(),
        confidence: 0.95,
    };
    for (row, (group, value)) in labels.iter().zip(values).enumerate() {
        let yes = match value {
            Some(v) if v == 0.0 || v == 1.0 => v == 1.0,
            other => {
                return Err(SdiaError::InvalidInput(format!(
                    "{flag_col} of {group_col} '{group}' (row {row}) is {}: a flag is 0/1 or \
                     true/false",
                    other.map_or("missing".to_string(), |v| v.to_string())
                )));
            }
        };
        let g = match table.groups.iter().position(|x| x == group) {
            Some(g) => g,
            None => {
                table.groups.push(group.clone());
                table.successes.push(0);
                table.n.push(0);
                table.groups.len() - 1
            }
        };
        table.successes[g] += u64::from(yes);
        table.n[g] += 1;
    }
    Ok(table)
}

impl ProportionTable {
    /// The confidence level of the intervals (default 0.95).
    pub fn confidence(mut self, confidence: f64) -> ProportionTable {
        self.confidence = confidence;
        self
    }

    /// The estimate of each group, in order of first appearance, then `"overall"`.
    pub fn estimates(&self) -> Result<Vec<(String, ProportionEstimate)>> {
        check_confidence(self.confidence, "")?;
        let mut out = Vec::with_capacity(self.groups.len() + 1);
        for ((group, &k), &n) in self.groups.iter().zip(&self.successes).zip(&self.n) {
            let whose = format!(" for {} '{group}'", self.group_column);
            out.push((
                group.clone(),
                proportion_for(k, n, self.confidence, &whose)?,
            ));
        }
        let (k, n) = (self.successes.iter().sum(), self.n.iter().sum());
        out.push((
            "overall".to_string(),
            proportion_for(k, n, self.confidence, " overall")?,
        ));
        Ok(out)
    }

    /// The table: the group column, `successes`, `n`, `proportion`, `lower`, `upper`; the last
    /// row is `"overall"`.
    pub fn table(&self) -> Result<DataFrame> {
        let e = self.estimates()?;
        Ok(DataFrame::new(
            e.len(),
            vec![
                Column::new(
                    self.group_column.as_str().into(),
                    e.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "successes".into(),
                    e.iter().map(|x| x.1.successes).collect::<Vec<u64>>(),
                ),
                Column::new("n".into(), e.iter().map(|x| x.1.n).collect::<Vec<u64>>()),
                Column::new(
                    "proportion".into(),
                    e.iter().map(|x| x.1.proportion).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "lower".into(),
                    e.iter().map(|x| x.1.lower).collect::<Vec<f64>>(),
                ),
                Column::new(
                    "upper".into(),
                    e.iter().map(|x| x.1.upper).collect::<Vec<f64>>(),
                ),
            ],
        )?)
    }

    /// Error bars of the groups' proportions, the overall proportion dashed.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("family" => ["tech", "tech", "admin"], "woman" => [true, false, true]).unwrap();
    /// let svg = proportions(&df, "family", "woman").unwrap().chart().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("admin"));
    /// ```
    pub fn chart(&self) -> Result<Plot> {
        let e = self.estimates()?;
        let (groups, overall) = e.split_at(e.len() - 1);
        let bars: Vec<Bar> = groups
            .iter()
            .map(|(g, p)| Bar {
                label: g.clone(),
                estimate: p.proportion,
                lower: p.lower,
                upper: p.upper,
            })
            .collect();
        let overall = overall.first().map_or(0.0, |o| o.1.proportion);
        ci_chart(
            &bars,
            overall,
            &format!(
                "share of {} by {} ({} % Wilson intervals)",
                self.flag_column,
                self.group_column,
                self.confidence * 100.0
            ),
            &format!("share of {}", self.flag_column),
        )
    }
}

impl RichDisplay for ProportionTable {
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
    use crate::project::team::proportion_ci;

    #[test]
    fn counts_by_group_match_proportion_ci() {
        // tech: 1 of 3; admin: 2 of 2; overall 3 of 5.
        let df = df!("family" => ["tech", "admin", "tech", "tech", "admin"],
                     "woman" => [true, true, false, false, true])
        .unwrap();
        let p = proportions(&df, "family", "woman").unwrap().confidence(0.9);
        let e = p.estimates().unwrap();
        assert_eq!(e[0].1, proportion_ci(1, 3, 0.9).unwrap());
        assert_eq!(e[1].1, proportion_ci(2, 2, 0.9).unwrap());
        assert_eq!((e[2].1.successes, e[2].1.n), (3, 5));
        assert_eq!(
            p.table().unwrap().get_column_names(),
            ["family", "successes", "n", "proportion", "lower", "upper"]
        );
        assert!(p.chart().unwrap().to_svg().unwrap().contains("tech"));
        assert!(p.mime_bundle()[0].1.contains("overall"));
    }

    #[test]
    fn bad_flags_name_the_group() {
        let df = df!("family" => ["tech", "admin"], "woman" => [1, 2]).unwrap();
        let e = proportions(&df, "family", "woman").unwrap_err().to_string();
        assert!(e.contains("'admin'") && e.contains('2'), "{e}");
        let df = df!("family" => ["tech", "admin"], "woman" => [Some(1), None]).unwrap();
        assert!(
            proportions(&df, "family", "woman")
                .unwrap_err()
                .to_string()
                .contains("missing")
        );
        let df = df!("family" => ["tech"], "woman" => [1]).unwrap();
        assert!(
            proportions(&df, "family", "woman")
                .unwrap()
                .confidence(0.0)
                .table()
                .is_err()
        );
        assert!(
            proportions(&df, "job", "woman")
                .unwrap_err()
                .to_string()
                .contains("'job'")
        );
    }
}
