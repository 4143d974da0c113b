//! Statistical tests and intervals: chi-square test of independence with Cramér's V, confidence
//! interval of a mean, Welch's t-test. Each returns a typed result that displays as a table.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::stats::describe::moments;
use crate::stats::freq::Contingency;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;
use statrs::distribution::{ChiSquared, ContinuousCDF, StudentsT};

/// The result of [`chi2_test`].
#[derive(Debug, Clone)]
pub struct ChiSquareTest {
    /// The two columns tested.
    pub columns: (String, String),
    /// Number of rows where both values are present.
    pub n: u64,
    /// Pearson's chi-square statistic (no continuity correction).
    pub statistic: f64,
    /// Degrees of freedom: (rows − 1) × (columns − 1).
    pub dof: usize,
    /// Probability of a statistic at least this large if the columns were independent.
    pub p_value: f64,
    /// Cramér's V, from 0 (independent) to 1 (one column determines the other).
    pub cramers_v: f64,
    /// Number of cells whose expected count is below 5 (the test is then unreliable).
    pub low_expected_cells: usize,
    /// The observed counts (a crosstab).
    pub observed: DataFrame,
    /// The counts expected under independence, laid out like `observed`.
    pub expected: DataFrame,
}

/// Pearson's chi-square test of independence between two categorical columns, with Cramér's V.
/// Same statistic and p-value as scipy's `chi2_contingency(table, correction=False)`.
///
/// ```
/// use sdia::prelude::*;
///
/// let penguins = dataset("penguins").unwrap();
/// let test = chi2_test(&penguins, "species", "island").unwrap();
/// assert_eq!(test.dof, 4);
/// assert!(test.p_value < 1e-10 && test.cramers_v > 0.6);
/// ```
pub fn chi2_test(df: &DataFrame, a: &str, b: &str) -> Result<ChiSquareTest> {
    let table = Contingency::of(df, a, b)?;
    let (r, c) = (table.row_labels.len(), table.column_labels.len());
    for (name, levels) in [(a, r), (b, c)] {
        if levels < 2 {
            return Err(SdiaError::NotEnoughData {
                what: format!("column '{name}' (distinct values)"),
                needed: 2,
                got: levels,
            });
        }
    }
    let row_totals: Vec<f64> = table
        .counts
        .iter()
        .map(|row| row.iter().sum::<u64>() as f64)
        .collect();
    let column_totals: Vec<f64> = (0..c)
        .map(|j| table.counts.iter().map(|row| row[j]).sum::<u64>() as f64)
        .collect();
    let n: f64 = row_totals.iter().sum();
    let mut statistic = 0.0;
    let mut low = 0;
    let mut expected = vec![vec![0.0; c]; r];
    for i in 0..r {
        for j in 0..c {
            let e = row_totals[i] * column_totals[j] / n;
            expected[i][j] = e;
            if e < 5.0 {
                low += 1;
            }
            let d = table.counts[i][j] as f64 - e;
            statistic += d * d / e;
        }
    }
    let dof = (r - 1) * (c - 1);
    let p_value = ChiSquared::new(dof as f64)
        .map(|d| d.sf(statistic))
        .map_err(|e| SdiaError::InvalidInput(e.to_string()))?;
    let cramers_v = (statistic / (n * (r.min(c) - 1) as f64)).sqrt();
    let mut expected_frame = vec![Column::new(a.into(), table.row_labels.clone())];
    for (j, label) in table.column_labels.iter().enumerate() {
        let name = if label == a {
            format!("{label}_")
        } else {
            label.clone()
        };
        expected_frame.push(Column::new(
            name.into(),
            expected.iter().map(|row| row[j]).collect::<Vec<_>>(),
        ));
    }
    Ok(ChiSquareTest {
        columns: (a.to_string(), b.to_string()),
        n: n as u64,
        statistic,
        dof,
        p_value,
        cramers_v,
        low_expected_cells: low,
        observed: table.to_frame(a)?,
        expected: DataFrame::new_infer_height(expected_frame)?,
    })
}

impl RichDisplay for ChiSquareTest {
    fn mime_bundle(&self) -> MimeBundle {
        let mut rows = vec![
            (
                "columns",
                format!("{} × {}", self.columns.0, self.columns.1),
            ),
            ("n", self.n.to_string()),
            ("chi-square", format_number(self.statistic)),
            ("degrees of freedom", self.dof.to_string()),
            ("p-value", format_number(self.p_value)),
            ("Cramér's V", format_number(self.cramers_v)),
        ];
        if self.low_expected_cells > 0 {
            rows.push((
                "warning",
                format!(
                    "{} cell(s) expect fewer than 5 rows: the p-value is approximate",
                    self.low_expected_cells
                ),
            ));
        }
        summary_bundle("Chi-square test of independence", &rows)
    }
}

/// The result of [`mean_ci`].
#[derive(Debug, Clone, PartialEq)]
pub struct MeanInterval {
    /// The column.
    pub column: String,
    /// Number of values used.
    pub n: usize,
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub std: f64,
    /// Confidence level, e.g. 0.95.
    pub level: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

fn check_level(level: f64) -> Result<()> {
    if !(level > 0.0 && level < 1.0) {
        return Err(SdiaError::InvalidInput(format!(
            "the confidence level must be between 0 and 1 (e.g. 0.95), not {level}"
        )));
    }
    Ok(())
}

/// Student's t confidence interval of a column's mean (missing values left out), like
/// `scipy.stats.t.interval(level, n - 1, loc=mean, scale=sem)`.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [2.0, 4.0, 6.0, 8.0]).unwrap();
/// let ci = mean_ci(&df, "x", 0.95).unwrap();
/// assert_eq!(ci.mean, 5.0);
/// assert!((ci.upper - 9.1081).abs() < 1e-3); // 5 + t(0.975, 3) × 2.582 / 2
/// ```
pub fn mean_ci(df: &DataFrame, column: &str, level: f64) -> Result<MeanInterval> {
    check_level(level)?;
    let values = frame::f64_values(df, column)?;
    let m = moments(&values).ok_or_else(|| SdiaError::AllMissing {
        column: column.to_string(),
    })?;
    let std = m.std.ok_or_else(|| SdiaError::NotEnoughData {
        what: format!("column '{column}'"),
        needed: 2,
        got: values.len(),
    })?;
    let t = StudentsT::new(0.0, 1.0, (m.n - 1) as f64)
        .map_err(|e| SdiaError::InvalidInput(e.to_string()))?
        .inverse_cdf(0.5 + level / 2.0);
    let half = t * std / (m.n as f64).sqrt();
    Ok(MeanInterval {
        column: column.to_string(),
        n: m.n,
        mean: m.mean,
        std,
        level,
        lower: m.mean - half,
        upper: m.mean + half,
    })
}

impl RichDisplay for MeanInterval {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            &format!("Confidence interval of the mean of {}", self.column),
            &[
                ("n", self.n.to_string()),
                ("mean", format_number(self.mean)),
                ("std", format_number(self.std)),
                ("level", format!("{}%", self.level * 100.0)),
                (
                    "interval",
                    format!(
                        "[{}, {}]",
                        format_number(self.lower),
                        format_number(self.upper)
                    ),
                ),
            ],
        )
    }
}

/// The result of [`welch_t_test`].
#[derive(Debug, Clone, PartialEq)]
pub struct TTest {
    /// The two groups compared, in sorted order: the statistic is positive when the first
    /// group's mean is larger.
    pub groups: (String, String),
    /// Number of values in each group.
    pub n: (usize, usize),
    /// Mean of each group.
    pub means: (f64, f64),
    /// Welch's t statistic.
    pub statistic: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub dof: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Welch's two-sample t-test (unequal variances, two-sided) of `value` between the two groups
/// of `group`, like `scipy.stats.ttest_ind(a, b, equal_var=False)` with `a` the first group in
/// sorted order.
///
/// ```
/// use sdia::prelude::*;
///
/// let penguins = dataset("penguins").unwrap();
/// let t = welch_t_test(&penguins, "body_mass_g", "sex").unwrap();
/// assert_eq!(t.groups, ("female".to_string(), "male".to_string()));
/// assert!(t.statistic < 0.0 && t.p_value < 1e-10);
/// ```
pub fn welch_t_test(df: &DataFrame, value: &str, group: &str) -> Result<TTest> {
    let values = frame::f64_options(df, value)?;
    let labels = frame::labels(df, group)?;
    let mut groups: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for (v, g) in values.into_iter().zip(labels) {
        if let (Some(v), Some(g)) = (v, g) {
            groups.entry(g).or_default().push(v);
        }
    }
    if groups.len() != 2 {
        let found: Vec<&str> = groups.keys().map(String::as_str).collect();
        return Err(SdiaError::InvalidInput(format!(
            "column '{group}' must have exactly 2 groups for a t-test, it has {}: {}; \
             filter the frame to two groups first",
            groups.len(),
            found.join(", ")
        )));
    }
    let mut it = groups.into_iter();
    let (name_a, a) = it.next().unwrap_or_default();
    let (name_b, b) = it.next().unwrap_or_default();
    let test = welch(&a, &b).map_err(|(which, got)| SdiaError::NotEnoughData {
        what: format!(
            "group '{}' of '{group}' (values of '{value}')",
            if which == 0 { &name_a } else { &name_b }
        ),
        needed: 2,
        got,
    })?;
    Ok(TTest {
        groups: (name_a, name_b),
        ..test
    })
}

/// Welch's test on two samples; `Err((sample index, size))` when a sample has fewer than two
/// values.
fn welch(a: &[f64], b: &[f64]) -> std::result::Result<TTest, (usize, usize)> {
    let ma = moments(a).filter(|m| m.n >= 2).ok_or((0, a.len()))?;
    let mb = moments(b).filter(|m| m.n >= 2).ok_or((1, b.len()))?;
    let (va, vb) = (
        ma.std.unwrap_or(0.0).powi(2) / ma.n as f64,
        mb.std.unwrap_or(0.0).powi(2) / mb.n as f64,
    );
    let se = (va + vb).sqrt();
    let statistic = (ma.mean - mb.mean) / se;
    let dof = (va + vb).powi(2) / (va * va / (ma.n as f64 - 1.0) + vb * vb / (mb.n as f64 - 1.0));
    let p_value = StudentsT::new(0.0, 1.0, dof)
        .map(|t| 2.0 * t.sf(statistic.abs()))
        .unwrap_or(f64::NAN);
    Ok(TTest {
        groups: (String::new(), String::new()),
        n: (ma.n, mb.n),
        means: (ma.mean, mb.mean),
        statistic,
        dof,
        p_value,
    })
}

impl RichDisplay for TTest {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Welch's t-test",
            &[
                ("groups", format!("{} vs {}", self.groups.0, self.groups.1)),
                ("n", format!("{} / {}", self.n.0, self.n.1)),
                (
                    "means",
                    format!(
                        "{} / {}",
                        format_number(self.means.0),
                        format_number(self.means.1)
                    ),
                ),
                ("t", format_number(self.statistic)),
                ("degrees of freedom", format_number(self.dof)),
                ("p-value (two-sided)", format_number(self.p_value)),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_on_a_hand_computed_table() {
        // [[10, 20], [30, 40]]: expected [[12, 18], [28, 42]],
        // chi2 = 4/12 + 4/18 + 4/28 + 4/42 = 0.79365...
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (x, y, n) in [
            ("r1", "c1", 10),
            ("r1", "c2", 20),
            ("r2", "c1", 30),
            ("r2", "c2", 40),
        ] {
            for _ in 0..n {
                a.push(x);
                b.push(y);
            }
        }
        let df = df!("a" => a, "b" => b).unwrap();
        let t = chi2_test(&df, "a", "b").unwrap();
        let expected = 4.0 / 12.0 + 4.0 / 18.0 + 4.0 / 28.0 + 4.0 / 42.0;
        assert!((t.statistic - expected).abs() < 1e-12);
        assert_eq!((t.dof, t.n, t.low_expected_cells), (1, 100, 0));
        assert!((t.cramers_v - (expected / 100.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn bad_inputs_are_named() {
        let df =
            df!("g" => ["a", "a", "b"], "one" => ["x", "x", "x"], "v" => [1.0, 2.0, 3.0]).unwrap();
        let e = chi2_test(&df, "g", "one").unwrap_err().to_string();
        assert!(e.contains("'one'"), "{e}");
        let e = welch_t_test(&df, "v", "g").unwrap_err().to_string();
        assert!(e.contains("group 'b'"), "{e}");
        let e = welch_t_test(&df, "v", "one").unwrap_err().to_string();
        assert!(e.contains("exactly 2 groups"), "{e}");
        let e = mean_ci(&df, "v", 95.0).unwrap_err().to_string();
        assert!(e.contains("between 0 and 1"), "{e}");
        let e = mean_ci(&df, "g", 0.95).unwrap_err().to_string();
        assert!(e.contains("not numeric"), "{e}");
    }

    #[test]
    fn welch_matches_a_textbook_value() {
        // a = [1..5], b = [2, 4, 6, 8, 10]: means 3 and 6, variances 2.5 and 10,
        // t = -3 / sqrt(0.5 + 2) = -1.8974, dof = 6.25 / ((0.25 + 4) / 4) = 5.882
        let t = welch(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 6.0, 8.0, 10.0]).unwrap();
        assert!((t.statistic + 1.897_366).abs() < 1e-6);
        assert!((t.dof - 5.882_353).abs() < 1e-6);
    }
}
