//! The chart shared by the rate and proportion tables: one vertical error bar (the confidence
//! interval) and one point (the estimate) per group, the group's name above its bar, and a
//! dashed line at the overall estimate.

use crate::error::Result;
use crate::plot::{Plot, XyChart};

/// One group of the chart.
pub(crate) struct Bar {
    pub label: String,
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
}

/// Groups at x = 1, 2, … in order; `overall` draws a dashed horizontal line.
pub(crate) fn ci_chart(bars: &[Bar], overall: f64, title: &str, y_label: &str) -> Result<Plot> {
    let top = bars
        .iter()
        .map(|b| b.upper)
        .fold(overall, f64::max)
        .max(1e-12);
    let n = bars.len() as f64;
    let segments: Vec<((f64, f64), (f64, f64))> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| ((i as f64 + 1.0, b.lower), (i as f64 + 1.0, b.upper)))
        .collect();
    let points: Vec<(f64, f64)> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| (i as f64 + 1.0, b.estimate))
        .collect();
    let mut chart = XyChart::new()
        .segments("confidence interval", &segments)
        .points("estimate", &points)
        .dashed("overall", &[(0.5, overall), (n + 0.5, overall)]);
    for (i, b) in bars.iter().enumerate() {
        chart = chart.text(i as f64 + 1.0, b.upper + 0.04 * top, &b.label);
    }
    chart
        .x_range(0.5, n + 0.5)
        .y_range(0.0, top * 1.15)
        .plot(title, "group", y_label)
}
