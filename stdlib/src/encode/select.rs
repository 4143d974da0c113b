//! Dropping columns that carry little information: near-constant columns, and one column of
//! each highly correlated pair. Each function says what it dropped and why.

use crate::clean::{cell_keys, cell_text, frame_of};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::stats::corr::{complete_pairs, pearson};
use crate::table::{escape_html, to_html};
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// The result of a column selection: the frame with the kept columns, and a report of the
/// dropped ones (`column`, `reason`, `detail`). Shows the report and the kept columns.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1, 2, 3], "c" => [0, 0, 0]).unwrap();
/// let s = drop_near_constant(&df, 1.0).unwrap();
/// assert_eq!(s.frame.get_column_names(), ["x"]);
/// assert_eq!(s.dropped.column("column").unwrap().str().unwrap().get(0), Some("c"));
/// ```
#[derive(Debug, Clone)]
pub struct Selection {
    /// The input frame without the dropped columns.
    pub frame: DataFrame,
    /// One row per dropped column: `column`, `reason`, `detail`.
    pub dropped: DataFrame,
}

impl Selection {
    fn new(df: &DataFrame, dropped: Vec<(String, &str, String)>) -> Result<Selection> {
        let gone: HashSet<&str> = dropped.iter().map(|(c, _, _)| c.as_str()).collect();
        let kept: Vec<String> = frame::names(df)
            .into_iter()
            .filter(|n| !gone.contains(n.as_str()))
            .collect();
        let frame = df.select(kept)?;
        let mut columns = Vec::new();
        let mut reasons = Vec::new();
        let mut details = Vec::new();
        for (c, r, d) in dropped {
            columns.push(c);
            reasons.push(r.to_string());
            details.push(d);
        }
        let dropped = frame_of(vec![
            Column::new("column".into(), columns),
            Column::new("reason".into(), reasons),
            Column::new("detail".into(), details),
        ])?;
        Ok(Selection { frame, dropped })
    }

    fn kept_note(&self) -> String {
        format!(
            "kept {} column(s): {}",
            self.frame.width(),
            frame::names(&self.frame).join(", ")
        )
    }
}

impl RichDisplay for Selection {
    fn mime_bundle(&self) -> MimeBundle {
        let title = format!("Dropped {} column(s)", self.dropped.height());
        let note = self.kept_note();
        let text = format!("{title}\n{}\n{note}", self.dropped);
        let html = format!(
            "<div class=\"sdia-summary\"><strong>{}</strong>{}<p>{}</p></div>",
            escape_html(&title),
            to_html(&self.dropped),
            escape_html(&note)
        );
        vec![("text/plain".into(), text), ("text/html".into(), html)]
    }
}

/// Drops every column whose most frequent value (a null counts as a value) covers at least
/// `max_share` of the rows; `max_share` = 1 drops only constant columns. The detail gives the
/// value and its share. Errors: `max_share` outside (0, 1], a frame without rows.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => [1, 2, 3, 4, 5],
///     "country" => ["FR", "FR", "FR", "FR", "BE"],
/// ).unwrap();
/// let s = drop_near_constant(&df, 0.8).unwrap();
/// assert_eq!(s.frame.get_column_names(), ["id"]);
/// let detail = s.dropped.column("detail").unwrap().str().unwrap().get(0).unwrap().to_string();
/// assert!(detail.contains("'FR'") && detail.contains("80.0 %"));
/// ```
pub fn drop_near_constant(df: &DataFrame, max_share: f64) -> Result<Selection> {
    if max_share.is_nan() || max_share <= 0.0 || max_share > 1.0 {
        return Err(SdiaError::InvalidInput(format!(
            "drop_near_constant needs 0 < max_share ≤ 1 (e.g. 0.95 for 95 % of the rows), \
             got {max_share}"
        )));
    }
    frame::require_rows(df, "the frame")?;
    let rows = df.height();
    let mut dropped = Vec::new();
    for c in df.columns() {
        let keys = cell_keys(c)?;
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new(); // key → (count, first row)
        for (row, key) in keys.iter().enumerate() {
            counts.entry(key.as_str()).or_insert((0, row)).0 += 1;
        }
        let Some(&(count, row)) = counts
            .values()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        else {
            continue;
        };
        let share = count as f64 / rows as f64;
        if share >= max_share {
            dropped.push((
                c.name().to_string(),
                "near-constant",
                format!(
                    "value '{}' in {:.1} % of rows ({count} of {rows})",
                    cell_text(c, row),
                    share * 100.0
                ),
            ));
        }
    }
    Selection::new(df, dropped)
}

/// Drops one column of each highly correlated pair: over the numeric columns in frame order,
/// for each pair whose |Pearson r| (on the rows where both are present) exceeds `threshold`,
/// the later column is dropped, unless one of the two is already dropped. The detail names the
/// kept partner and r. Non-numeric columns are kept; a pair with a constant column or fewer
/// than two complete rows has no r and is skipped. Errors: `threshold` outside [0, 1], a frame
/// without rows.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "cm" => [150.0, 160.0, 170.0, 180.0],
///     "inches" => [59.1, 63.0, 66.9, 70.9],
///     "age" => [30.0, 20.0, 50.0, 40.0],
///     "name" => ["a", "b", "c", "d"],
/// ).unwrap();
/// let s = drop_correlated(&df, 0.95).unwrap();
/// assert_eq!(s.frame.get_column_names(), ["cm", "age", "name"]);
/// let detail = s.dropped.column("detail").unwrap().str().unwrap().get(0).unwrap().to_string();
/// assert!(detail.contains("'cm'"));
/// ```
pub fn drop_correlated(df: &DataFrame, threshold: f64) -> Result<Selection> {
    if !(0.0..=1.0).contains(&threshold) {
        return Err(SdiaError::InvalidInput(format!(
            "drop_correlated needs a threshold between 0 and 1 (e.g. 0.9), got {threshold}"
        )));
    }
    frame::require_rows(df, "the frame")?;
    let names = frame::numeric_columns(df);
    let values = names
        .iter()
        .map(|n| frame::f64_options(df, n))
        .collect::<Result<Vec<_>>>()?;
    let mut is_dropped = vec![false; names.len()];
    let mut dropped = Vec::new();
    for (i, (name_i, x)) in names.iter().zip(&values).enumerate() {
        for (j, (name_j, y)) in names.iter().zip(&values).enumerate().skip(i + 1) {
            if is_dropped.get(i).copied().unwrap_or(true)
                || is_dropped.get(j).copied().unwrap_or(true)
            {
                continue;
            }
            let (a, b) = complete_pairs(x, y);
            let Some(r) = pearson(&a, &b) else { continue };
            if r.abs() > threshold {
                if let Some(flag) = is_dropped.get_mut(j) {
                    *flag = true;
                }
                dropped.push((
                    name_j.clone(),
                    "correlated",
                    format!("r = {r:.3} with '{name_i}', kept (n = {})", a.len()),
                ));
            }
        }
    }
    Selection::new(df, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::testing::strs;

    fn names(df: &DataFrame) -> Vec<String> {
        frame::names(df)
    }

    #[test]
    fn near_constant_counts_nulls_as_a_value() {
        // "m" is null in 3 of 4 rows (75 %); "c" is 'a' in 2 of 4 (50 %)
        let df = df!(
            "m" => [None, None, Some(1.0), None],
            "c" => ["a", "a", "b", "c"],
            "k" => [7, 7, 7, 7],
        )
        .unwrap();
        let s = drop_near_constant(&df, 0.75).unwrap();
        assert_eq!(names(&s.frame), ["c"]);
        let detail = strs(&s.dropped, "detail");
        assert!(
            detail[0].contains("'null'") && detail[0].contains("75.0 %"),
            "{}",
            detail[0]
        );
        assert!(
            detail[1].contains("'7'") && detail[1].contains("100.0 %"),
            "{}",
            detail[1]
        );
        let only_constant = drop_near_constant(&df, 1.0).unwrap();
        assert_eq!(names(&only_constant.frame), ["m", "c"]);
        assert_eq!(only_constant.dropped.height(), 1);
    }

    #[test]
    fn near_constant_bad_input() {
        let df = df!("x" => [1]).unwrap();
        assert!(drop_near_constant(&df, 0.0).is_err());
        assert!(drop_near_constant(&df, 1.5).is_err());
        assert!(drop_near_constant(&df, f64::NAN).is_err());
        let empty = df!("x" => Vec::<i32>::new()).unwrap();
        assert!(matches!(
            drop_near_constant(&empty, 0.9),
            Err(SdiaError::Empty(_))
        ));
    }

    #[test]
    fn correlated_drops_the_later_column_unless_its_partner_is_gone() {
        // b = 2a (r = 1), c = −a (r = −1 with a): both dropped for a; d is uncorrelated with a
        // (centred a = −1.5 −0.5 0.5 1.5, d = 1 −1 −1 1: sum of products 0)
        let df = df!(
            "a" => [1.0, 2.0, 3.0, 4.0],
            "t" => ["x", "y", "z", "w"],
            "b" => [2.0, 4.0, 6.0, 8.0],
            "c" => [-1.0, -2.0, -3.0, -4.0],
            "d" => [1.0, -1.0, -1.0, 1.0],
        )
        .unwrap();
        let s = drop_correlated(&df, 0.9).unwrap();
        assert_eq!(names(&s.frame), ["a", "t", "d"]);
        let detail = strs(&s.dropped, "detail");
        assert!(detail[0].contains("r = 1.000 with 'a'"), "{}", detail[0]);
        assert!(detail[1].contains("r = -1.000 with 'a'"), "{}", detail[1]);
        let shown = s.mime_bundle();
        assert!(shown[0].1.contains("kept 3 column(s): a, t, d"));
    }

    #[test]
    fn correlated_uses_pairwise_complete_rows_and_skips_constant_columns() {
        // on rows 0, 1, 3 (both present) y = x + 1, so r = 1 despite the wild row 2
        let df = df!(
            "x" => [Some(1.0), Some(2.0), None, Some(4.0)],
            "y" => [Some(2.0), Some(3.0), Some(-50.0), Some(5.0)],
            "k" => [1.0, 1.0, 1.0, 1.0],
        )
        .unwrap();
        let s = drop_correlated(&df, 0.99).unwrap();
        assert_eq!(names(&s.frame), ["x", "k"]);
    }

    #[test]
    fn correlated_bad_input() {
        let df = df!("x" => [1.0, 2.0]).unwrap();
        assert!(drop_correlated(&df, -0.1).is_err());
        assert!(drop_correlated(&df, f64::NAN).is_err());
        let empty = df!("x" => Vec::<f64>::new()).unwrap();
        assert!(matches!(
            drop_correlated(&empty, 0.9),
            Err(SdiaError::Empty(_))
        ));
        let text = df!("t" => ["a", "b"]).unwrap();
        let s = drop_correlated(&text, 0.9).unwrap();
        assert_eq!(s.dropped.height(), 0);
        assert_eq!(names(&s.frame), ["t"]);
    }
}
