//! Line charts: one line per column against a numeric, date or datetime x.

use super::axes::{Grid, draw_mesh, draw_series_legend};
use super::base::{Kind, Plot, frame};
use super::dates::date_ticks;
use super::style::{Area, Ticked, color, draw_err, format_tick, min_max, numbers, padded};
use crate::error::{Result, SdiaError};
use crate::frame as fr;
use crate::frame::ColumnNames;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use polars::prelude::{DataFrame, DataType, TimeUnit};

/// What the x values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum XKind {
    Number,
    /// Day numbers (days since 1970-01-01).
    Date,
    /// Day numbers with a time of day as the fraction.
    Datetime,
}

/// The lines: x values in increasing order, then one column of y values per line.
#[derive(Debug, Clone)]
pub(crate) struct LineData {
    pub x_column: String,
    pub x_kind: XKind,
    pub x: Vec<f64>,
    pub lines: Vec<(String, Vec<Option<f64>>)>,
    pub skipped: usize,
}

/// The x column as numbers (day numbers for dates and datetimes), `None` where missing.
fn x_values(df: &DataFrame, x: &str) -> Result<(XKind, Vec<Option<f64>>)> {
    let column = fr::column(df, x)?;
    let (kind, per_day) = match column.dtype() {
        DataType::Date => (XKind::Date, 1.0),
        DataType::Datetime(unit, _) => (
            XKind::Datetime,
            match unit {
                TimeUnit::Nanoseconds => 86_400e9,
                TimeUnit::Microseconds => 86_400e6,
                TimeUnit::Milliseconds => 86_400e3,
            },
        ),
        dtype if fr::is_numeric(dtype) => return Ok((XKind::Number, numbers(df, x)?)),
        dtype => {
            return Err(SdiaError::InvalidInput(format!(
                "column '{x}' is {dtype}: the x axis of a line chart needs numbers, dates or \
                 datetimes (parse text dates first, e.g. with .str().to_date())"
            )));
        }
    };
    let series = column.as_materialized_series().to_physical_repr();
    let days = series.cast(&DataType::Float64)?;
    let values = days
        .f64()?
        .iter()
        .map(|v| v.filter(|d| d.is_finite()).map(|d| d / per_day))
        .collect();
    Ok((kind, values))
}

/// Line chart with one line per column of `ys` (numeric), against `x`: numbers, `Date` or
/// `Datetime` (the axis then shows dates such as `2012-03` or `2012-03-04`). Rows are drawn in
/// x order; rows with a missing x are skipped and a missing y breaks its line.
///
/// Title "*y* over *x*", a legend with the column names.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "t" => [3.0, 1.0, 2.0],
///     "sales" => [30.0, 10.0, 25.0],
///     "costs" => [12.0, 8.0, 9.0],
/// ).unwrap();
/// let svg = line_chart(&df, "t", &["sales", "costs"]).unwrap().to_svg().unwrap();
/// assert!(svg.contains("sales") && svg.contains("costs"));
/// assert!(line_chart(&df, "t", &[]).is_err());
/// ```
pub fn line_chart(df: &DataFrame, x: &str, ys: impl ColumnNames) -> Result<Plot> {
    let ys = ys.names();
    let ys = ys.as_slice();
    if ys.is_empty() {
        return Err(SdiaError::InvalidInput(format!(
            "a line chart against '{x}' needs at least one y column: e.g. &[\"value\"]"
        )));
    }
    let (x_kind, xs) = x_values(df, x)?;
    if xs.is_empty() {
        return Err(SdiaError::Empty(format!("column '{x}'")));
    }
    if xs.iter().all(Option::is_none) {
        return Err(SdiaError::AllMissing {
            column: x.to_string(),
        });
    }
    let mut columns = Vec::with_capacity(ys.len());
    for y in ys {
        columns.push((y.to_string(), numbers(df, y)?));
    }
    let mut order: Vec<usize> = (0..xs.len()).filter(|&i| xs[i].is_some()).collect();
    order.sort_by(|&a, &b| xs[a].unwrap_or(0.0).total_cmp(&xs[b].unwrap_or(0.0)));
    let skipped = xs.len() - order.len();
    let sorted_x = order.iter().filter_map(|&i| xs[i]).collect();
    let lines = columns
        .into_iter()
        .map(|(name, values)| {
            let sorted = order.iter().map(|&i| values[i]).collect();
            (name, sorted)
        })
        .collect();
    let data = LineData {
        x_column: x.to_string(),
        x_kind,
        x: sorted_x,
        lines,
        skipped,
    };
    let y_label = if ys.len() == 1 {
        ys[0].to_string()
    } else {
        "value".to_string()
    };
    Ok(Plot::new(
        Kind::Line(data),
        format!("{} over {x}", ys.join(", ")),
        x.to_string(),
        y_label,
    ))
}

impl LineData {
    pub(crate) fn describe(&self) -> String {
        let names: Vec<String> = self.lines.iter().map(|(n, _)| format!("'{n}'")).collect();
        let kind = match self.x_kind {
            XKind::Number => "",
            XKind::Date => " (dates)",
            XKind::Datetime => " (datetimes)",
        };
        format!(
            "Line chart of {} over '{}'{kind}: {} rows, {} row(s) with a missing x skipped",
            names.join(", "),
            self.x_column,
            self.x.len(),
            self.skipped
        )
    }

    /// The runs of consecutive present values of a line, as points.
    fn segments(&self, values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
        let mut segments = vec![Vec::new()];
        for (x, y) in self.x.iter().zip(values) {
            match y {
                Some(y) => {
                    if let Some(last) = segments.last_mut() {
                        last.push((*x, *y));
                    }
                }
                None => segments.push(Vec::new()),
            }
        }
        segments.retain(|s| !s.is_empty());
        segments
    }

    pub(crate) fn draw(&self, plot: &Plot, area: &Area) -> Result<()> {
        let (x_lo, x_hi) = min_max(self.x.iter().copied()).unwrap_or((0.0, 1.0));
        let ys = self
            .lines
            .iter()
            .flat_map(|(_, v)| v.iter().flatten().copied());
        let (y_lo, y_hi) = min_max(ys).unwrap_or((0.0, 1.0));
        let x_range = match self.x_kind {
            XKind::Number => padded(x_lo, x_hi),
            _ if x_hi > x_lo => x_lo..x_hi,
            _ => (x_lo - 1.0)..(x_hi + 1.0),
        };
        let ticks = match self.x_kind {
            XKind::Number => Vec::new(),
            kind => date_ticks(x_range.start, x_range.end, kind == XKind::Date),
        };
        let dated = self.x_kind != XKind::Number;
        let key_points: Vec<f64> = if dated {
            ticks.iter().map(|t| t.0).collect()
        } else {
            // plotters' own round numbers.
            let plain: RangedCoordf64 = x_range.clone().into();
            plain.key_points(super::style::x_label_count(plot.width))
        };
        let x_coord = Ticked::new(x_range, key_points);
        let mut chart = frame(plot, area, 44, 56)
            .build_cartesian_2d(x_coord, padded(y_lo, y_hi))
            .map_err(draw_err)?;
        let x_fmt = |v: &f64| {
            if dated {
                ticks
                    .iter()
                    .find(|t| (t.0 - v).abs() < 1e-9)
                    .map(|t| t.1.clone())
                    .unwrap_or_default()
            } else {
                format_tick(*v)
            }
        };
        let y_fmt = |v: &f64| format_tick(*v);
        draw_mesh(&mut chart, plot, Grid::Both, &x_fmt, &y_fmt)?;
        for (i, (name, values)) in self.lines.iter().enumerate() {
            let c = color(i);
            let segments = self.segments(values);
            let few = self.x.len() <= 60;
            for (k, segment) in segments.iter().enumerate() {
                let drawn = chart
                    .draw_series(LineSeries::new(segment.iter().copied(), c.stroke_width(2)))
                    .map_err(draw_err)?;
                if k == 0 {
                    drawn.label(name.clone()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2))
                    });
                }
                if few || segment.len() == 1 {
                    chart
                        .draw_series(segment.iter().map(|p| Circle::new(*p, 2, c.filled())))
                        .map_err(draw_err)?;
                }
            }
        }
        if plot.legend {
            draw_series_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn texts(svg: &str) -> Vec<&str> {
        svg.lines().map(str::trim).collect()
    }

    #[test]
    fn date_axis_shows_dates() {
        // 2012-01-01 is day 15340 (42 years from 1970 of which 10 leap: 42·365 + 10).
        let days: Vec<i32> = (0..6).map(|m| 15_340 + m * 30).collect();
        let df = df!("day" => days, "v" => [1.0, 2.0, 3.0, 2.0, 1.0, 0.5]).unwrap();
        let df = df
            .lazy()
            .with_column(col("day").cast(DataType::Date))
            .collect()
            .unwrap();
        let svg = line_chart(&df, "day", &["v"]).unwrap().to_svg().unwrap();
        let texts = texts(&svg);
        for month in ["2012-02", "2012-03", "2012-04", "2012-05"] {
            assert!(texts.contains(&month), "missing tick {month}");
        }
        assert!(!texts.contains(&"15340"), "no day numbers");
    }

    #[test]
    fn datetime_axis_shows_dates() {
        // Milliseconds of 2012-01-01 plus one day per row.
        let ms: Vec<i64> = (0..4).map(|d| (15_340 + d) * 86_400_000).collect();
        let df = df!("t" => ms, "v" => [1.0, 2.0, 3.0, 4.0]).unwrap();
        let df = df
            .lazy()
            .with_column(col("t").cast(DataType::Datetime(TimeUnit::Milliseconds, None)))
            .collect()
            .unwrap();
        let plot = line_chart(&df, "t", &["v"]).unwrap();
        assert!(plot.describe().contains("datetimes"));
        let svg = plot.to_svg().unwrap();
        assert!(texts(&svg).contains(&"2012-01-02 00:00"), "{svg}");
    }

    #[test]
    fn rows_are_drawn_in_x_order_and_gaps_break_lines() {
        let df = df!(
            "x" => [Some(3.0), Some(1.0), None, Some(2.0), Some(4.0)],
            "y" => [Some(30.0), Some(10.0), Some(99.0), Some(20.0), None],
            "z" => [Some(1.0), None, Some(1.0), Some(1.0), Some(1.0)],
        )
        .unwrap();
        let plot = line_chart(&df, "x", &["y", "z"]).unwrap();
        let Kind::Line(data) = &plot.kind else {
            panic!("not a line chart")
        };
        assert_eq!(data.x, vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(data.skipped, 1);
        assert_eq!(
            data.lines[0].1,
            vec![Some(10.0), Some(20.0), Some(30.0), None]
        );
        assert_eq!(data.segments(&data.lines[1].1).len(), 1);
        let svg = plot.to_svg().unwrap();
        let texts = texts(&svg);
        assert!(texts.contains(&"y") && texts.contains(&"z") && texts.contains(&"y, z over x"));
        // One polyline per line (z's first value is missing: one run), plus its legend sample.
        let lines_of = |colour: &str| {
            svg.lines()
                .filter(|l| l.starts_with("<polyline") && l.contains(colour))
                .count()
        };
        assert_eq!(lines_of("stroke=\"#1F77B4\""), 2);
        assert_eq!(lines_of("stroke=\"#FF7F0E\""), 2);
    }

    #[test]
    fn bad_input_names_the_column() {
        let df = df!(
            "t" => ["a", "b"],
            "x" => [1.0, 2.0],
            "n" => [None::<f64>, None],
        )
        .unwrap();
        let e = line_chart(&df, "t", &["x"]).unwrap_err().to_string();
        assert!(e.contains("'t'") && e.contains("dates"), "{e}");
        let e = line_chart(&df, "x", &["t"]).unwrap_err().to_string();
        assert!(e.contains("'t'") && e.contains("not numeric"), "{e}");
        let e = line_chart(&df, "x", &["n"]).unwrap_err().to_string();
        assert!(e.contains("'n'") && e.contains("missing"), "{e}");
        let e = line_chart(&df, "n", &["x"]).unwrap_err().to_string();
        assert!(e.contains("'n'") && e.contains("missing"), "{e}");
        let e = line_chart(&df, "q", &["x"]).unwrap_err().to_string();
        assert!(e.contains("'q'"), "{e}");
        let e = line_chart(&df.head(Some(0)), "x", &["x"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("'x'") && e.contains("empty"), "{e}");
    }
}
