//! [`ControlChart`]: the individuals and moving range (XmR) chart of a measure taken once per
//! period, with the points that signal a change.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::{Plot, XyChart};
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// The bias-correction constant d₂ for moving ranges of 2 points: σ ≈ mean moving range / d₂.
pub const D2: f64 = 1.128;

/// How many consecutive points on one side of the centre line make a run signal.
pub const RUN_LENGTH: usize = 8;

/// An individuals (XmR) control chart of one numeric column, one point per row in the frame's
/// order (or sorted by [`order_by`](ControlChart::order_by)).
///
/// - centre line = the mean of the values;
/// - σ = the mean moving range `mean(|xᵢ − xᵢ₋₁|)` divided by d₂ = 1.128;
/// - UCL = centre + 3σ, LCL = centre − 3σ, raised to a [`floor`](ControlChart::floor) if one
///   is given (a duration or a count cannot go below 0);
/// - with a [`baseline`](ControlChart::baseline), the centre and σ come from the first points
///   only (a reference period, "phase I"), and the later points are judged against them;
/// - a point is **out of control** when it lies beyond a limit (rule 1: strictly above UCL or
///   below LCL) or when it and the 7 points before it all lie strictly on the same side of the
///   centre line (run rule: 8 in a row; a point on the centre line breaks the run).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("minutes" => [10.0, 12.0, 11.0, 13.0, 12.0]).unwrap();
/// let chart = ControlChart::individuals(&df, "minutes").unwrap();
/// // mean = 58 / 5 = 11.6; moving ranges 2, 1, 2, 1 → mean 1.5; σ = 1.5 / 1.128.
/// assert!((chart.centre() - 11.6).abs() < 1e-12);
/// assert!((chart.ucl() - (11.6 + 3.0 * 1.5 / 1.128)).abs() < 1e-12);
/// assert_eq!(chart.out_of_control_count(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct ControlChart {
    value_column: String,
    label_column: Option<String>,
    labels: Vec<String>,
    values: Vec<f64>,
    floor: Option<f64>,
    baseline: Option<usize>,
    source: DataFrame,
}

impl ControlChart {
    /// The XmR chart of `value_col` (numbers, no missing value), one point per row. Errors: a
    /// missing or non-numeric column, a missing value (named by its row), fewer than 2 rows.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("v" => [Some(1.0), None, Some(2.0)]).unwrap();
    /// let err = ControlChart::individuals(&df, "v").unwrap_err().to_string();
    /// assert!(err.contains("row 1"));
    /// ```
    pub fn individuals(df: &DataFrame, value_col: &str) -> Result<ControlChart> {
        let ids: Vec<String> = (0..df.height()).map(|r| format!("row {r}")).collect();
        let values = crate::project::checks::required_numbers(df, value_col, &ids)?;
        if values.len() < 2 {
            return Err(SdiaError::NotEnoughData {
                what: format!("control chart of '{value_col}'"),
                needed: 2,
                got: values.len(),
            });
        }
        Ok(ControlChart {
            value_column: value_col.to_string(),
            label_column: None,
            labels: (1..=values.len()).map(|i| i.to_string()).collect(),
            values,
            floor: None,
            baseline: None,
            source: df.clone(),
        })
    }

    /// Orders the points by `column` (dates, numbers or text; ties keep the frame's order) and
    /// labels them with its values. An error if the column is missing or has a missing value.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("day" => ["2027-03-02", "2027-03-01"], "v" => [5.0, 3.0]).unwrap();
    /// let chart = ControlChart::individuals(&df, "v").unwrap().order_by("day").unwrap();
    /// assert_eq!(chart.values(), [3.0, 5.0]);
    /// assert_eq!(chart.labels()[0], "2027-03-01");
    /// ```
    pub fn order_by(mut self, column: &str) -> Result<ControlChart> {
        let c = frame::column(&self.source, column)?;
        let text: Vec<Option<String>> = if c.dtype().is_float() {
            frame::f64_options(&self.source, column)?
                .into_iter()
                .map(|v| v.map(format_number))
                .collect()
        } else {
            frame::labels(&self.source, column)?
        };
        let mut labels = Vec::with_capacity(text.len());
        for (row, t) in text.into_iter().enumerate() {
            labels.push(t.ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "column '{column}' has no value on row {row}: every point needs one to be \
                     ordered"
                ))
            })?);
        }
        let mut order: Vec<usize> = (0..labels.len()).collect();
        if frame::is_numeric(c.dtype()) {
            let keys = frame::f64_with_nan(&self.source, column)?;
            order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        } else if c.dtype() == &DataType::Date {
            let s = c.as_materialized_series().cast(&DataType::Int32)?;
            let keys: Vec<i32> = s.i32()?.iter().map(|v| v.unwrap_or(i32::MAX)).collect();
            order.sort_by_key(|&i| keys[i]);
        } else {
            order.sort_by(|&a, &b| labels[a].cmp(&labels[b]));
        }
        self.values = order.iter().map(|&i| self.values[i]).collect();
        self.labels = order.iter().map(|&i| labels[i].clone()).collect();
        self.label_column = Some(column.to_string());
        Ok(self)
    }

    /// Raises the lower control limit to `floor` when centre − 3σ is below it (e.g. 0 for a
    /// duration).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("v" => [1.0, 9.0, 1.0, 9.0]).unwrap();
    /// let chart = ControlChart::individuals(&df, "v").unwrap().floor(0.0);
    /// assert_eq!(chart.lcl(), 0.0); // 5 − 3 · 8 / 1.128 < 0
    /// ```
    pub fn floor(mut self, floor: f64) -> ControlChart {
        self.floor = Some(floor);
        self
    }

    /// Computes the centre line and σ from the first `points` points only (a reference period
    /// when the process was known to be stable); all the points are still judged. An error
    /// unless 2 ≤ `points` ≤ the number of points.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("v" => [10.0, 11.0, 10.0, 11.0, 30.0, 31.0]).unwrap();
    /// let chart = ControlChart::individuals(&df, "v").unwrap().baseline(4).unwrap();
    /// assert_eq!(chart.centre(), 10.5); // the mean of the first 4 points
    /// assert_eq!(chart.beyond_limits(), [false, false, false, false, true, true]);
    /// assert!(ControlChart::individuals(&df, "v").unwrap().baseline(7).is_err());
    /// ```
    pub fn baseline(mut self, points: usize) -> Result<ControlChart> {
        if points < 2 || points > self.values.len() {
            return Err(SdiaError::InvalidInput(format!(
                "a baseline of {points} points: it needs at least 2 points and at most the {} \
                 points of the chart",
                self.values.len()
            )));
        }
        self.baseline = Some(points);
        Ok(self)
    }

    /// The points the centre and σ come from: the baseline, or all of them.
    fn reference(&self) -> &[f64] {
        let n = self
            .baseline
            .unwrap_or(self.values.len())
            .min(self.values.len());
        &self.values[..n]
    }

    /// The values, in chart order.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The point labels, in chart order (1, 2, … without [`order_by`](ControlChart::order_by)).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The centre line: the mean of the values (of the baseline's, if one is set).
    pub fn centre(&self) -> f64 {
        let r = self.reference();
        r.iter().sum::<f64>() / r.len() as f64
    }

    /// The mean of the moving ranges `|xᵢ − xᵢ₋₁|` (within the baseline, if one is set).
    pub fn mean_moving_range(&self) -> f64 {
        let r = self.reference();
        let sum: f64 = r.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
        sum / (r.len() - 1) as f64
    }

    /// σ estimated from the moving ranges: mean moving range / 1.128.
    pub fn sigma(&self) -> f64 {
        self.mean_moving_range() / D2
    }

    /// The upper control limit: centre + 3σ.
    pub fn ucl(&self) -> f64 {
        self.centre() + 3.0 * self.sigma()
    }

    /// The lower control limit: centre − 3σ, or the floor if that is higher.
    pub fn lcl(&self) -> f64 {
        let lcl = self.centre() - 3.0 * self.sigma();
        match self.floor {
            Some(f) if f > lcl => f,
            _ => lcl,
        }
    }

    /// For each point, whether it lies beyond a control limit (rule 1).
    pub fn beyond_limits(&self) -> Vec<bool> {
        let (lcl, ucl) = (self.lcl(), self.ucl());
        self.values.iter().map(|&x| x > ucl || x < lcl).collect()
    }

    /// For each point, whether it ends a run of [`RUN_LENGTH`] (8) points strictly on the same
    /// side of the centre line.
    pub fn in_run(&self) -> Vec<bool> {
        let centre = self.centre();
        let mut flags = Vec::with_capacity(self.values.len());
        let (mut side, mut length) = (0i8, 0usize);
        for &x in &self.values {
            let s = if x > centre {
                1
            } else if x < centre {
                -1
            } else {
                0
            };
            length = if s != 0 && s == side { length + 1 } else { 1 };
            side = s;
            flags.push(s != 0 && length >= RUN_LENGTH);
        }
        flags
    }

    /// For each point, whether either rule flags it.
    pub fn out_of_control(&self) -> Vec<bool> {
        self.beyond_limits()
            .into_iter()
            .zip(self.in_run())
            .map(|(a, b)| a || b)
            .collect()
    }

    /// How many points are out of control.
    pub fn out_of_control_count(&self) -> usize {
        self.out_of_control().into_iter().filter(|&f| f).count()
    }

    /// The points: `point` (1, 2, …), `label`, `value`, `moving_range` (null for the first),
    /// `beyond_limits`, `run` and `out_of_control`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("v" => [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 30.0]).unwrap();
    /// let t = ControlChart::individuals(&df, "v").unwrap().table().unwrap();
    /// let count = |name: &str| t.column(name).unwrap().bool().unwrap()
    ///     .iter().filter(|f| *f == Some(true)).count();
    /// // mean 80 / 11 = 7.27: points 8, 9 and 10 are the 8th, 9th, 10th in a row below it;
    /// // MR = 25 / 10 = 2.5, UCL = 7.27 + 3 · 2.5 / 1.128 = 13.9 < 30.
    /// assert_eq!((count("run"), count("beyond_limits"), count("out_of_control")), (3, 1, 4));
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let n = self.values.len();
        let moving: Vec<Option<f64>> = std::iter::once(None)
            .chain(self.values.windows(2).map(|w| Some((w[1] - w[0]).abs())))
            .collect();
        let beyond = self.beyond_limits();
        let run = self.in_run();
        let flagged: Vec<bool> = beyond.iter().zip(&run).map(|(a, b)| *a || *b).collect();
        Ok(DataFrame::new(
            n,
            vec![
                Column::new("point".into(), (1..=n as u32).collect::<Vec<u32>>()),
                Column::new("label".into(), self.labels.clone()),
                Column::new("value".into(), self.values.clone()),
                Column::new("moving_range".into(), moving),
                Column::new("beyond_limits".into(), beyond),
                Column::new("run".into(), run),
                Column::new("out_of_control".into(), flagged),
            ],
        )?)
    }

    /// The chart: the values as a line with points, the centre line and the limits dashed,
    /// and the out-of-control points marked. The x axis is the point number.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("v" => [1.0, 2.0, 1.5, 2.5]).unwrap();
    /// let svg = ControlChart::individuals(&df, "v").unwrap().chart().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("UCL") && svg.contains("Control chart of v"));
    /// ```
    pub fn chart(&self) -> Result<Plot> {
        let n = self.values.len() as f64;
        let points: Vec<(f64, f64)> = self
            .values
            .iter()
            .enumerate()
            .map(|(i, &v)| ((i + 1) as f64, v))
            .collect();
        let flagged: Vec<(f64, f64)> = points
            .iter()
            .zip(self.out_of_control())
            .filter(|(_, f)| *f)
            .map(|(p, _)| *p)
            .collect();
        let (centre, ucl, lcl) = (self.centre(), self.ucl(), self.lcl());
        let level = |y: f64| [(1.0, y), (n, y)];
        let mut chart = XyChart::new()
            .line(&self.value_column, &points)
            .points("", &points)
            .dashed("", &level(ucl))
            .dashed("", &level(centre))
            .dashed("", &level(lcl))
            .text(n, ucl, "UCL")
            .text(n, centre, "centre")
            .text(n, lcl, "LCL");
        if !flagged.is_empty() {
            chart = chart.points("out of control", &flagged);
        }
        let x_label = match &self.label_column {
            Some(c) => format!("point (ordered by {c})"),
            None => "point".to_string(),
        };
        chart.plot(
            &format!("Control chart of {} (XmR)", self.value_column),
            &x_label,
            &self.value_column,
        )
    }
}

impl RichDisplay for ControlChart {
    fn mime_bundle(&self) -> MimeBundle {
        let flagged: Vec<&str> = self
            .labels
            .iter()
            .zip(self.out_of_control())
            .filter(|(_, f)| *f)
            .map(|(l, _)| l.as_str())
            .collect();
        summary_bundle(
            &format!("Control chart (XmR) of {}", self.value_column),
            &[
                ("points", self.values.len().to_string()),
                (
                    "limits from",
                    match self.baseline {
                        Some(n) => format!("the first {n} points (baseline)"),
                        None => "all the points".to_string(),
                    },
                ),
                ("centre (mean)", format_number(self.centre())),
                ("mean moving range", format_number(self.mean_moving_range())),
                ("sigma (MR / 1.128)", format_number(self.sigma())),
                ("UCL", format_number(self.ucl())),
                ("LCL", format_number(self.lcl())),
                (
                    "out of control",
                    if flagged.is_empty() {
                        "none".to_string()
                    } else {
                        format!("{} ({})", flagged.len(), flagged.join(", "))
                    },
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_by_hand() {
        // 2, 4, 3, 7: mean 4; moving ranges 2, 1, 4 → 7/3; σ = 7/3/1.128.
        let df = df!("v" => [2.0, 4.0, 3.0, 7.0]).unwrap();
        let c = ControlChart::individuals(&df, "v").unwrap();
        assert_eq!(c.centre(), 4.0);
        assert!((c.mean_moving_range() - 7.0 / 3.0).abs() < 1e-12);
        let sigma = 7.0 / 3.0 / 1.128;
        assert!((c.sigma() - sigma).abs() < 1e-12);
        assert!((c.ucl() - (4.0 + 3.0 * sigma)).abs() < 1e-12);
        assert!((c.lcl() - (4.0 - 3.0 * sigma)).abs() < 1e-12);
        assert_eq!(c.clone().floor(0.0).lcl(), 0.0);
        assert_eq!(c.clone().floor(-100.0).lcl(), c.lcl());
    }

    #[test]
    fn rule_one_and_run_rule() {
        // 20 points alternating 10/11 (mean 10.5, MR 1), then one at 30: beyond UCL.
        let mut v: Vec<f64> = (0..20)
            .map(|i| if i % 2 == 0 { 10.0 } else { 11.0 })
            .collect();
        v.push(30.0);
        let df = df!("v" => v.clone()).unwrap();
        let c = ControlChart::individuals(&df, "v").unwrap();
        // mean = (210 + 30)/21 = 11.43; MR = (19 + 19)/20 = 1.9; UCL = 11.43 + 3·1.684 = 16.5.
        let beyond = c.beyond_limits();
        assert!(beyond[20] && beyond[..20].iter().all(|b| !b));
        // The 20 first points all lie below 11.43: the run rule flags points 8 to 20.
        let run = c.in_run();
        assert_eq!(run.iter().filter(|&&r| r).count(), 13);
        assert!(!run[6] && run[7] && run[19] && !run[20]);
        assert_eq!(c.out_of_control_count(), 14);
        // A point exactly on the centre line breaks a run.
        let df = df!("v" => [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0, 4.0]).unwrap();
        // mean = 17/11 … no point equals it; 7 ones then 2 above: longest run below is 7.
        assert!(
            ControlChart::individuals(&df, "v")
                .unwrap()
                .in_run()
                .iter()
                .all(|r| !r)
        );
    }

    #[test]
    fn table_order_and_display() {
        let df = df!("d" => [3i32, 1, 2], "v" => [30.0, 10.0, 20.0]).unwrap();
        let c = ControlChart::individuals(&df, "v")
            .unwrap()
            .order_by("d")
            .unwrap();
        assert_eq!(c.values(), [10.0, 20.0, 30.0]);
        let t = c.table().unwrap();
        assert_eq!(t.shape(), (3, 7));
        let mr: Vec<Option<f64>> = t
            .column("moving_range")
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(mr, [None, Some(10.0), Some(10.0)]);
        assert!(c.mime_bundle()[0].1.contains("UCL"));
        assert!(
            c.chart()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("ordered by d")
        );
    }

    #[test]
    fn baseline_by_hand() {
        // Baseline 1, 3, 2: mean 2; MR 2, 1 → 1.5; σ = 1.5/1.128 = 1.330; UCL = 5.989.
        let df = df!("v" => [1.0, 3.0, 2.0, 5.0, 7.0]).unwrap();
        let c = ControlChart::individuals(&df, "v")
            .unwrap()
            .baseline(3)
            .unwrap();
        assert_eq!(c.centre(), 2.0);
        assert_eq!(c.mean_moving_range(), 1.5);
        assert_eq!(c.beyond_limits(), [false, false, false, false, true]);
        assert!(c.mime_bundle()[0].1.contains("first 3 points"));
        assert!(
            ControlChart::individuals(&df, "v")
                .unwrap()
                .baseline(1)
                .is_err()
        );
    }

    #[test]
    fn bad_input() {
        let one = df!("v" => [1.0]).unwrap();
        assert!(ControlChart::individuals(&one, "v").is_err());
        let text = df!("v" => ["a", "b"]).unwrap();
        assert!(ControlChart::individuals(&text, "v").is_err());
        let df = df!("v" => [1.0, 2.0], "d" => [Some("x"), None]).unwrap();
        let e = ControlChart::individuals(&df, "w").unwrap_err().to_string();
        assert!(e.contains("v, d"), "{e}");
        let e = ControlChart::individuals(&df, "v")
            .unwrap()
            .order_by("d")
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 1"), "{e}");
    }
}
