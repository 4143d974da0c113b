//! Scatter matrices: every pair of columns in one figure.

use super::base::Plot;
use super::figure::Figure;
use super::histogram::{histogram, histogram_groups};
use super::scatter::{scatter, scatter_by};
use super::style::{numbers, split_by_group};
use crate::error::{Result, SdiaError};
use crate::frame as fr;
use crate::frame::ColumnNames;
use polars::prelude::DataFrame;

/// Pixels of one cell of a scatter matrix.
const CELL: (u32, u32) = (260, 220);

fn check_columns(columns: &[&str]) -> Result<()> {
    if columns.is_empty() {
        return Err(SdiaError::InvalidInput(
            "a scatter matrix needs at least one column: give their names, e.g. &[\"a\", \"b\"]"
                .into(),
        ));
    }
    Ok(())
}

/// A small cell: no title, the column names as axis labels.
fn cell(plot: Plot, x: &str, y: &str) -> Plot {
    plot.title("").x_label(x).y_label(y).size(CELL.0, CELL.1)
}

/// Scatter matrix of numeric columns: for k columns a k×k grid with the histogram of each
/// column on the diagonal and the scatter plot of every pair elsewhere (row i, column j shows
/// `columns[i]` against `columns[j]`); the column names label the axes.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("a" => [1.0, 2.0, 3.0, 4.0], "b" => [2.0, 1.0, 4.0, 3.0], "c" => [0.5, 0.1, 0.9, 0.3]).unwrap();
/// let figure = scatter_matrix(&df, &["a", "b", "c"]).unwrap();
/// assert_eq!(figure.len(), 9);
/// assert!(figure.to_svg().is_ok());
/// assert!(scatter_matrix(&df, &["a", "z"]).unwrap_err().to_string().contains("'z'"));
/// ```
pub fn scatter_matrix(df: &DataFrame, columns: impl ColumnNames) -> Result<Figure> {
    let columns = columns.names();
    let columns = columns.as_slice();
    check_columns(columns)?;
    let mut figure = Figure::new(columns.len()).title("Scatter matrix");
    for y in columns {
        for x in columns {
            let plot = if x == y {
                cell(histogram(df, x)?, x, "count")
            } else {
                cell(scatter(df, x, y)?, x, y)
            };
            figure = figure.add(plot);
        }
    }
    Ok(figure)
}

/// Scatter matrix coloured by `group`: scatter plots with one colour per group, and on the
/// diagonal the histograms of the groups overlaid. The legend is drawn once, in the first cell.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "a" => [1.0, 2.0, 3.0, 4.0],
///     "b" => [2.0, 1.0, 4.0, 3.0],
///     "g" => ["x", "y", "x", "y"],
/// ).unwrap();
/// let figure = scatter_matrix_by(&df, &["a", "b"], "g").unwrap();
/// assert_eq!(figure.len(), 4);
/// assert!(figure.to_svg().unwrap().contains("Scatter matrix by g"));
/// ```
pub fn scatter_matrix_by(df: &DataFrame, columns: impl ColumnNames, group: &str) -> Result<Figure> {
    let columns = columns.names();
    let columns = columns.as_slice();
    check_columns(columns)?;
    let groups = fr::labels(df, group)?;
    let mut figure = Figure::new(columns.len()).title(format!("Scatter matrix by {group}"));
    for (i, y) in columns.iter().enumerate() {
        for (j, x) in columns.iter().enumerate() {
            let mut plot = if x == y {
                cell(diagonal(df, x, &groups)?, x, "count")
            } else {
                cell(scatter_by(df, x, y, group)?, x, y)
            };
            plot.legend = i == 0 && j == 0;
            figure = figure.add(plot);
        }
    }
    Ok(figure)
}

/// The overlaid histograms of `column` per group.
fn diagonal(df: &DataFrame, column: &str, groups: &[Option<String>]) -> Result<Plot> {
    let values = numbers(df, column)?;
    let (sets, missing) = split_by_group(&values, groups);
    Ok(histogram_groups(column, sets, missing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn df() -> DataFrame {
        df!(
            "a" => [1.0, 2.0, 3.0, 4.0, 5.0],
            "b" => [5.0, 3.0, 4.0, 1.0, 2.0],
            "g" => ["p", "q", "p", "q", "p"],
            "t" => ["u", "v", "w", "x", "y"],
        )
        .unwrap()
    }

    #[test]
    fn diagonal_holds_histograms_and_the_rest_scatters() {
        let figure = scatter_matrix(&df(), &["a", "b"]).unwrap();
        let described: Vec<String> = figure.plots().iter().map(Plot::describe).collect();
        assert!(described[0].starts_with("Histogram of 'a'"));
        assert!(described[1].starts_with("Scatter plot of 'a' vs 'b'"));
        assert!(described[2].starts_with("Scatter plot of 'b' vs 'a'"));
        assert!(described[3].starts_with("Histogram of 'b'"));
        let svg = figure.to_svg().unwrap();
        assert!(svg.contains("width=\"520\" height=\"480\""));
        // 5 points in each of the two scatter plots.
        assert_eq!(svg.matches("<circle").count(), 10);
    }

    #[test]
    fn grouped_matrix_has_one_legend() {
        let figure = scatter_matrix_by(&df(), &["a", "b"], "g").unwrap();
        let svg = figure.to_svg().unwrap();
        let texts: Vec<&str> = svg.lines().map(str::trim).collect();
        assert_eq!(texts.iter().filter(|t| **t == "p").count(), 1);
        assert_eq!(texts.iter().filter(|t| **t == "q").count(), 1);
        // 10 points, and the legend of the first cell uses rects, not circles.
        assert_eq!(svg.matches("<circle").count(), 10);
    }

    #[test]
    fn bad_input_names_the_column() {
        let e = scatter_matrix(&df(), &["a", "t"]).unwrap_err().to_string();
        assert!(e.contains("'t'") && e.contains("not numeric"), "{e}");
        let e = scatter_matrix_by(&df(), &["a", "b"], "missing")
            .unwrap_err()
            .to_string();
        assert!(e.contains("'missing'"), "{e}");
        assert!(scatter_matrix(&df(), &[]).is_err());
        let e = scatter_matrix(&df().head(Some(0)), &["a"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("'a'") && e.contains("empty"), "{e}");
    }
}
