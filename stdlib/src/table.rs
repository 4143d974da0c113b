//! DataFrames as notebook tables: HTML (escaped, with shape and dtypes, head and tail of long
//! frames) and plain text, like pandas does in Jupyter.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("name" => ["<b>Ada</b>"], "age" => [36]).unwrap();
//! let html = sdia::table::to_html(&df);
//! assert!(html.contains("&lt;b&gt;Ada&lt;/b&gt;")); // cell text is escaped
//! assert!(html.contains("1 rows × 2 columns"));
//! ```

use crate::display::{MimeBundle, RichDisplay};
use polars::prelude::{AnyValue, DataFrame};
use std::fmt::Write;

/// Frames longer than this show only their first and last [`EDGE_ROWS`] rows (pandas' default).
pub const MAX_ROWS: usize = 60;
/// Rows shown at each end of a long frame.
pub const EDGE_ROWS: usize = 5;
/// Frames wider than this show only their first and last [`EDGE_COLUMNS`] columns.
pub const MAX_COLUMNS: usize = 20;
/// Columns shown at each end of a wide frame.
pub const EDGE_COLUMNS: usize = 10;

/// Escapes text for use inside HTML elements and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Indices to show out of `len`, with `None` standing for the elided middle.
fn visible(len: usize, max: usize, edge: usize) -> Vec<Option<usize>> {
    if len <= max {
        (0..len).map(Some).collect()
    } else {
        (0..edge)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((len - edge..len).map(Some))
            .collect()
    }
}

fn cell_text(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => "null".to_string(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => format_float(*x),
        AnyValue::Float32(x) => format_float(f64::from(*x)),
        other => other.to_string(),
    }
}

fn format_float(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        // Six decimals, trailing zeros dropped; a value that rounds to a whole number keeps
        // one (44.00000000000001 → "44.0", like the whole numbers above).
        let s = format!("{x:.6}");
        let s = s.trim_end_matches('0');
        if s.ends_with('.') {
            format!("{s}0")
        } else {
            s.to_string()
        }
    }
}

/// The HTML table for a DataFrame: a header with column names and dtypes, the rows (head and
/// tail only for long frames), and a caption with the shape.
pub fn to_html(df: &DataFrame) -> String {
    let columns = df.columns();
    let cols = visible(columns.len(), MAX_COLUMNS, EDGE_COLUMNS);
    let rows = visible(df.height(), MAX_ROWS, EDGE_ROWS);
    let mut html = String::from(
        "<div class=\"sdia-frame\"><table class=\"dataframe\">\n<thead>\n<tr><th></th>",
    );
    for c in &cols {
        match c {
            Some(i) => {
                let _ = write!(html, "<th>{}</th>", escape_html(columns[*i].name()));
            }
            None => html.push_str("<th>…</th>"),
        }
    }
    html.push_str("</tr>\n<tr class=\"dtypes\"><th></th>");
    for c in &cols {
        match c {
            Some(i) => {
                let _ = write!(
                    html,
                    "<td><i>{}</i></td>",
                    escape_html(&columns[*i].dtype().to_string())
                );
            }
            None => html.push_str("<td></td>"),
        }
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n");
    for r in &rows {
        match r {
            Some(row) => {
                let _ = write!(html, "<tr><th>{row}</th>");
                for c in &cols {
                    match c {
                        Some(i) => {
                            let text = columns[*i]
                                .get(*row)
                                .map(|v| cell_text(&v))
                                .unwrap_or_default();
                            let _ = write!(html, "<td>{}</td>", escape_html(&text));
                        }
                        None => html.push_str("<td>…</td>"),
                    }
                }
                html.push_str("</tr>\n");
            }
            None => {
                html.push_str("<tr><th>…</th>");
                for _ in &cols {
                    html.push_str("<td>…</td>");
                }
                html.push_str("</tr>\n");
            }
        }
    }
    let _ = write!(
        html,
        "</tbody>\n</table>\n<p>{} rows × {} columns</p></div>",
        df.height(),
        df.width()
    );
    html
}

/// A typed result (a test, an interval, a fitted transformer…) as a small titled table of
/// named values: the HTML and text that such structs show in the notebook.
pub fn summary_bundle(title: &str, rows: &[(&str, String)]) -> MimeBundle {
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = format!("{title}\n");
    let mut html = format!(
        "<div class=\"sdia-summary\"><strong>{}</strong><table class=\"dataframe\"><tbody>",
        escape_html(title)
    );
    for (key, value) in rows {
        let _ = writeln!(text, "  {key:<width$}  {value}");
        let _ = write!(
            html,
            "<tr><th style=\"text-align:left\">{}</th><td>{}</td></tr>",
            escape_html(key),
            escape_html(value)
        );
    }
    html.push_str("</tbody></table></div>");
    vec![("text/plain".into(), text), ("text/html".into(), html)]
}

/// A number for a summary: 4 significant decimals, scientific notation when tiny.
pub fn format_number(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-4 {
        format!("{x:.3e}")
    } else {
        format_float(x)
    }
}

/// A number for a label or a sentence: like [`format_number`], without a trailing `.0` for
/// whole numbers ("107 working days", "1.5").
pub(crate) fn format_compact(x: f64) -> String {
    let text = format_number(x);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

impl RichDisplay for DataFrame {
    fn mime_bundle(&self) -> MimeBundle {
        vec![
            ("text/plain".into(), self.to_string()),
            ("text/html".into(), to_html(self)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn numbers_that_round_to_whole_keep_one_decimal() {
        assert_eq!(format_number(0.44 * 100.0), "44.0");
        assert_eq!(format_number(-2.0000000001), "-2.0");
        assert_eq!(format_number(3.25), "3.25");
        assert_eq!(format_number(6.0), "6.0");
        assert_eq!(format_compact(107.0), "107");
        assert_eq!(format_compact(0.44 * 100.0), "44");
        assert_eq!(format_compact(1.5), "1.5");
    }

    #[test]
    fn long_frames_show_head_and_tail() {
        let df = df!("i" => (0..100).collect::<Vec<i32>>()).unwrap();
        let html = to_html(&df);
        assert!(html.contains("<th>0</th><td>0</td>"));
        assert!(html.contains("<th>99</th><td>99</td>"));
        assert!(!html.contains("<td>50</td>"));
        assert!(html.contains("<th>…</th>"));
        assert!(html.contains("100 rows × 1 columns"));
    }

    #[test]
    fn wide_frames_elide_middle_columns() {
        let columns: Vec<Column> = (0..30)
            .map(|i| Column::new(format!("c{i}").into(), [i]))
            .collect();
        let df = DataFrame::new_infer_height(columns).unwrap();
        let html = to_html(&df);
        assert!(html.contains("<th>c0</th>") && html.contains("<th>c29</th>"));
        assert!(!html.contains("<th>c15</th>"));
    }

    #[test]
    fn dtypes_nulls_and_floats_are_shown() {
        let df = df!("x" => [Some(1.5), None, Some(2.0)]).unwrap();
        let html = to_html(&df);
        assert!(html.contains("<i>f64</i>"));
        assert!(html.contains("<td>null</td>"));
        assert!(html.contains("<td>1.5</td>") && html.contains("<td>2.0</td>"));
    }

    #[test]
    fn empty_frame_renders() {
        let html = to_html(&DataFrame::empty());
        assert!(html.contains("0 rows × 0 columns"));
    }
}
