//! Counting categories: frequency tables and crosstabs.

use crate::error::{Result, SdiaError};
use crate::frame;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Distinct labels with their counts, most frequent first (ties: smallest label first).
pub(crate) fn count_labels(labels: &[String]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for label in labels {
        *counts.entry(label.as_str()).or_default() += 1;
    }
    let mut sorted: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
}

/// The frequency table of a column, like pandas' `value_counts()` with shares: `value`,
/// `count`, `share` (of the non-missing values) and `cumulative_share`, most frequent first.
/// Missing values are not counted (see `missing_report`).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("ile" => ["Biscoe", "Dream", "Biscoe", "Torgersen"]).unwrap();
/// let f = frequencies(&df, "ile").unwrap();
/// assert_eq!(f.column("value").unwrap().str().unwrap().get(0), Some("Biscoe"));
/// assert_eq!(f.column("share").unwrap().f64().unwrap().get(0), Some(0.5));
/// ```
pub fn frequencies(df: &DataFrame, column: &str) -> Result<DataFrame> {
    let labels: Vec<String> = frame::labels(df, column)?.into_iter().flatten().collect();
    if labels.is_empty() {
        return Err(if df.height() == 0 {
            SdiaError::Empty(format!("column '{column}'"))
        } else {
            SdiaError::AllMissing {
                column: column.to_string(),
            }
        });
    }
    let counts = count_labels(&labels);
    let total = labels.len() as f64;
    let mut cumulative = 0.0;
    let shares: Vec<f64> = counts.iter().map(|(_, c)| *c as f64 / total).collect();
    let cumulative: Vec<f64> = shares
        .iter()
        .map(|s| {
            cumulative += s;
            cumulative
        })
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "value".into(),
            counts.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "count".into(),
            counts.iter().map(|(_, c)| *c as u64).collect::<Vec<_>>(),
        ),
        Column::new("share".into(), shares),
        Column::new("cumulative_share".into(), cumulative),
    ])?)
}

/// A contingency table of two columns, like pandas' `crosstab`: a first column named after
/// `rows` with its values, then one column of counts per value of `columns` (both sorted).
/// Rows where either value is missing are left out.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("espece" => ["A", "A", "B"], "ile" => ["x", "y", "y"]).unwrap();
/// let t = crosstab(&df, "espece", "ile").unwrap();
/// assert_eq!(t.get_column_names(), ["espece", "x", "y"]);
/// assert_eq!(t.column("y").unwrap().u64().unwrap().get(1), Some(1));
/// ```
pub fn crosstab(df: &DataFrame, rows: &str, columns: &str) -> Result<DataFrame> {
    let table = Contingency::of(df, rows, columns)?;
    table.to_frame(rows)
}

/// Counts of pairs of labels, with the sorted labels of each side.
#[derive(Debug, Clone)]
pub(crate) struct Contingency {
    pub row_labels: Vec<String>,
    pub column_labels: Vec<String>,
    /// `counts[i][j]`: rows with the i-th row label and the j-th column label.
    pub counts: Vec<Vec<u64>>,
}

impl Contingency {
    pub fn of(df: &DataFrame, rows: &str, columns: &str) -> Result<Contingency> {
        if rows == columns {
            return Err(SdiaError::InvalidInput(format!(
                "a crosstab needs two different columns, got '{rows}' twice"
            )));
        }
        let a = frame::labels(df, rows)?;
        let b = frame::labels(df, columns)?;
        let pairs: Vec<(String, String)> = a
            .into_iter()
            .zip(b)
            .filter_map(|(x, y)| Some((x?, y?)))
            .collect();
        if pairs.is_empty() {
            return Err(SdiaError::Empty(format!(
                "the set of rows where both '{rows}' and '{columns}' are present"
            )));
        }
        let row_labels: Vec<String> = pairs
            .iter()
            .map(|p| p.0.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let column_labels: Vec<String> = pairs
            .iter()
            .map(|p| p.1.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let row_index: BTreeMap<&str, usize> = row_labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let column_index: BTreeMap<&str, usize> = column_labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut counts = vec![vec![0u64; column_labels.len()]; row_labels.len()];
        for (x, y) in &pairs {
            counts[row_index[x.as_str()]][column_index[y.as_str()]] += 1;
        }
        Ok(Contingency {
            row_labels,
            column_labels,
            counts,
        })
    }

    pub fn to_frame(&self, row_name: &str) -> Result<DataFrame> {
        let mut out = vec![Column::new(row_name.into(), self.row_labels.clone())];
        for (j, label) in self.column_labels.iter().enumerate() {
            let name = if label == row_name {
                format!("{label}_")
            } else {
                label.clone()
            };
            let values: Vec<u64> = self.counts.iter().map(|row| row[j]).collect();
            out.push(Column::new(name.into(), values));
        }
        Ok(DataFrame::new_infer_height(out)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_skip_nulls_and_break_ties_by_value() {
        let df = df!("c" => [Some("b"), Some("a"), None, Some("b"), Some("a"), Some("c")]).unwrap();
        let f = frequencies(&df, "c").unwrap();
        let values: Vec<Option<&str>> = f.column("value").unwrap().str().unwrap().iter().collect();
        assert_eq!(values, vec![Some("a"), Some("b"), Some("c")]);
        let cumulative = f
            .column("cumulative_share")
            .unwrap()
            .f64()
            .unwrap()
            .get(2)
            .unwrap();
        assert!((cumulative - 1.0).abs() < 1e-12);
    }

    #[test]
    fn bad_inputs() {
        let df = df!("x" => [1.5, 2.5], "n" => [None::<&str>, None]).unwrap();
        let e = frequencies(&df, "x").unwrap_err().to_string();
        assert!(e.contains("'x'") && e.contains("text or categories"), "{e}");
        assert!(matches!(
            frequencies(&df, "n"),
            Err(SdiaError::AllMissing { .. })
        ));
        assert!(crosstab(&df, "n", "n").is_err());
    }

    #[test]
    fn crosstab_counts_pairs_and_skips_missing() {
        let df = df!(
            "a" => [Some("u"), Some("u"), Some("v"), None],
            "b" => [Some(1), Some(2), Some(2), Some(2)]
        )
        .unwrap();
        let t = crosstab(&df, "a", "b").unwrap();
        assert_eq!(t.shape(), (2, 3));
        let total: u64 = ["1", "2"]
            .iter()
            .map(|c| t.column(c).unwrap().u64().unwrap().sum().unwrap())
            .sum();
        assert_eq!(total, 3);
    }
}
