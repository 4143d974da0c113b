//! Reading a "one row per id, one numeric column per item" frame (a skills matrix, a score
//! matrix) into plain vectors, keeping nulls apart from NaN.

use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks;
use polars::prelude::*;

/// The cells of a matrix-shaped frame: `cells[row][column]`, `None` for a null, `Some(NaN)`
/// for a NaN (the callers decide what each means).
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub ids: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Option<f64>>>,
}

/// Reads `df`: the text column `id_column` (unique, never empty) and every other column except
/// `ignored` as numbers. `what` names the table in errors ("the skills matrix").
pub(crate) fn read_grid(
    df: &DataFrame,
    id_column: &str,
    ignored: &[&str],
    what: &str,
) -> Result<Grid> {
    frame::require_rows(df, what)?;
    let ids = checks::required_text(df, id_column)?;
    checks::unique_ids(&ids, id_column)?;
    let columns: Vec<String> = frame::names(df)
        .into_iter()
        .filter(|n| n != id_column && !ignored.contains(&n.as_str()))
        .collect();
    if columns.is_empty() {
        return Err(SdiaError::InvalidInput(format!(
            "{what} has no numeric column besides '{id_column}': add one column per item, \
             e.g. one per skill or per role"
        )));
    }
    let mut cells: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(columns.len()); ids.len()];
    for name in &columns {
        let c = frame::column(df, name)?;
        if !frame::is_numeric(c.dtype()) {
            return Err(SdiaError::NotNumeric {
                column: name.clone(),
                dtype: c.dtype().clone(),
            });
        }
        let s = c.as_materialized_series().cast(&DataType::Float64)?;
        for (row, v) in cells.iter_mut().zip(s.f64()?.iter()) {
            row.push(v);
        }
    }
    Ok(Grid {
        ids,
        columns,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_nans_are_kept_apart() {
        let df = df!("id" => ["a", "b"], "x" => [Some(1.0), None], "y" => [f64::NAN, 2.0], "note" => ["n", "m"]).unwrap();
        let g = read_grid(&df, "id", &["note"], "t").unwrap();
        assert_eq!(g.columns, ["x", "y"]);
        assert_eq!(g.cells[1], [None, Some(2.0)]);
        assert!(g.cells[0][1].unwrap().is_nan());
        let e = read_grid(&df, "id", &[], "t").unwrap_err().to_string();
        assert!(e.contains("'note'"), "{e}");
        let only = df!("id" => ["a"]).unwrap();
        assert!(read_grid(&only, "id", &[], "t").is_err());
        let dup = df!("id" => ["a", "a"], "x" => [1, 2]).unwrap();
        assert!(
            read_grid(&dup, "id", &[], "t")
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
    }
}
