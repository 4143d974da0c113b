//! Scores on a scale (1–10, 1–5…) shared by the risk register, the mitigations and the
//! decision tables: reading a score column and checking its scale.

use crate::error::{Result, SdiaError};
use crate::project::checks;
use polars::prelude::DataFrame;

/// A closed scale of scores `[low, high]`, e.g. 1–10 for an FMEA, 1–5 for a decision table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    pub low: f64,
    pub high: f64,
}

impl Scale {
    /// The scale `low`–`high`.
    pub fn new(low: u32, high: u32) -> Scale {
        Scale {
            low: f64::from(low),
            high: f64::from(high),
        }
    }

    /// An error unless `low < high`.
    pub fn check(&self) -> Result<()> {
        if self.low < self.high {
            return Ok(());
        }
        Err(SdiaError::InvalidInput(format!(
            "the scale {}–{} is empty: give a lowest score below the highest, e.g. .scale(1, 5)",
            self.low, self.high
        )))
    }

    /// Checks every value of `values` (the scores `what` of the items `ids`).
    pub fn check_all(&self, values: &[f64], what: &str, ids: &[String]) -> Result<()> {
        for (value, id) in values.iter().zip(ids) {
            checks::on_scale(*value, self.low, self.high, what, id)?;
        }
        Ok(())
    }
}

/// A numeric score column with a value on every row (missing values name the item).
pub(crate) fn score_column(df: &DataFrame, column: &str, ids: &[String]) -> Result<Vec<f64>> {
    checks::required_numbers(df, column, ids)
}

/// An optional text column: `None` when the frame does not have it, a missing value read as "".
pub(crate) fn optional_text(df: &DataFrame, column: &str) -> Result<Option<Vec<String>>> {
    if df.column(column).is_err() {
        return Ok(None);
    }
    let labels = crate::frame::labels(df, column)?;
    Ok(Some(
        labels
            .into_iter()
            .map(|v| v.map(|s| s.trim().to_string()).unwrap_or_default())
            .collect(),
    ))
}

/// Competition ranks ("1224") of `values`, the largest first: equal values share the best
/// rank, like pandas' `rank(method="min", ascending=False)`.
pub(crate) fn ranks_descending(values: &[f64]) -> Vec<u32> {
    let mut ranks = vec![0; values.len()];
    let mut previous: Option<(f64, u32)> = None;
    for (position, i) in order_descending(values).into_iter().enumerate() {
        let rank = match previous {
            Some((value, rank)) if value == values[i] => rank,
            _ => position as u32 + 1,
        };
        ranks[i] = rank;
        previous = Some((values[i], rank));
    }
    ranks
}

/// The positions of `values` sorted from the largest down, ties in input order.
pub(crate) fn order_descending(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    order
}

/// A number for a label of a drawing: whole numbers without decimals (`6`), others with at
/// most two (`3.75`, `0.3`).
pub(crate) fn short_number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties() {
        // 5 is first; the two 3s share rank 2; 1 comes fourth.
        assert_eq!(ranks_descending(&[3.0, 5.0, 3.0, 1.0]), vec![2, 1, 2, 4]);
        assert_eq!(order_descending(&[3.0, 5.0, 3.0, 1.0]), vec![1, 0, 2, 3]);
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(6.0), "6");
        assert_eq!(short_number(3.75), "3.75");
        assert_eq!(short_number(0.3), "0.3");
        assert_eq!(short_number(1.0 / 3.0), "0.33");
        assert_eq!(short_number(-0.001), "0");
        assert_eq!(short_number(120.0), "120");
    }

    #[test]
    fn scales_are_checked() {
        assert!(Scale::new(5, 1).check().is_err());
        let ids = vec!["R1".to_string()];
        let err = Scale::new(1, 5)
            .check_all(&[7.0], "severity", &ids)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("R1") && err.contains('7') && err.contains("1–5"),
            "{err}"
        );
    }
}
