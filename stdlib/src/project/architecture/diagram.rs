//! The diagram of a [`DataPipeline`]: boxes laid out left to right by depth, arrows along the
//! flows.

use super::pipeline::DataPipeline;
use crate::project::drawing::{Anchor, Drawing};
use crate::table::format_compact as compact;

const BOX_W: f64 = 172.0;
const BOX_H: f64 = 62.0;
const GAP_X: f64 = 48.0;
const GAP_Y: f64 = 22.0;
const MARGIN: f64 = 24.0;
const TOP: f64 = 50.0;

/// `text` cut to `max` characters, with an ellipsis if it was longer.
pub(super) fn clip_text(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

impl DataPipeline {
    /// The pipeline as a diagram: one box per stage (its id in bold, its tool, and its kept
    /// storage and daily energy when known), in columns by depth from left to right, with an
    /// arrow to each downstream stage. Long names are cut to fit the boxes.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "stage" => ["ingest", "raw", "clean"], "next" => ["raw", "clean", ""],
    ///     "tool" => ["Kafka", "S3", "Spark"],
    /// ).unwrap();
    /// let svg = DataPipeline::from_frame(&df).unwrap().diagram().to_svg().unwrap();
    /// assert!(svg.contains("ingest") && svg.contains("Spark"));
    /// assert_eq!(svg.matches("<polygon").count(), 2); // two arrows
    /// ```
    pub fn diagram(&self) -> Drawing {
        let columns = self.depths.iter().copied().max().unwrap_or(0) + 1;
        let mut per_column: Vec<Vec<usize>> = vec![Vec::new(); columns];
        for &i in &self.order {
            per_column[self.depths[i]].push(i);
        }
        let rows = per_column.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let inner_h = rows as f64 * (BOX_H + GAP_Y) - GAP_Y;
        let width = 2.0 * MARGIN + columns as f64 * (BOX_W + GAP_X) - GAP_X;
        let height = TOP + inner_h + MARGIN;
        let mut position = vec![(0.0, 0.0); self.stages.len()];
        for (c, column) in per_column.iter().enumerate() {
            let used = column.len() as f64 * (BOX_H + GAP_Y) - GAP_Y;
            let y0 = TOP + (inner_h - used) / 2.0;
            for (r, &i) in column.iter().enumerate() {
                position[i] = (
                    MARGIN + c as f64 * (BOX_W + GAP_X),
                    y0 + r as f64 * (BOX_H + GAP_Y),
                );
            }
        }
        let mut d = Drawing::new("Data pipeline", width.max(320.0) as u32, height as u32);
        for (i, s) in self.stages.iter().enumerate() {
            let (x, y) = position[i];
            for &j in &s.next {
                let (tx, ty) = position[j];
                d.arrow(x + BOX_W, y + BOX_H / 2.0, tx, ty + BOX_H / 2.0, "#555555");
            }
        }
        for (i, s) in self.stages.iter().enumerate() {
            let (x, y) = position[i];
            let fill = if self.depths[i] == 0 {
                "#dbe9f6"
            } else if s.next.is_empty() {
                "#fde2c8"
            } else {
                "#eef3e2"
            };
            d.rounded_rect(x, y, BOX_W, BOX_H, fill, "#333333");
            let cx = x + BOX_W / 2.0;
            d.text(
                cx,
                y + 20.0,
                &clip_text(&s.id, 22),
                12.0,
                Anchor::Middle,
                true,
            );
            d.text(
                cx,
                y + 37.0,
                &clip_text(&s.tool, 26),
                11.0,
                Anchor::Middle,
                false,
            );
            let storage = s.input_gb_day * s.retention_days;
            let energy = s.compute_hours_day * s.power_kw;
            if storage > 0.0 || energy > 0.0 {
                let note = format!(
                    "{} GB · {} kWh/d",
                    compact((storage * 10.0).round() / 10.0),
                    compact((energy * 10.0).round() / 10.0)
                );
                d.text(cx, y + 53.0, &note, 10.0, Anchor::Middle, false);
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn boxes_columns_and_arrows() {
        // Depths: src 0, a 1, b 1, sink 2: three columns, two rows.
        let df = df!(
            "stage" => ["src", "a", "b", "sink"],
            "next" => ["a;b", "sink", "sink", ""],
            "tool" => ["Kafka", "Spark", "a-very-long-tool-name-for-this-box", "S3"],
            "input_gb_day" => [1.0, 0.0, 0.0, 0.0], "retention_days" => [2.0, 0.0, 0.0, 0.0],
        )
        .unwrap();
        let d = DataPipeline::from_frame(&df).unwrap().diagram();
        let svg = d.to_svg().unwrap();
        assert_eq!(svg.matches("<polygon").count(), 4);
        assert_eq!(svg.matches("rx=\"8\"").count(), 4);
        assert!(svg.contains("a-very-long-tool-name-for…"));
        assert!(svg.contains("2 GB · 0 kWh/d"));
        // Width: 2 × 24 + 3 × 172 + 2 × 48 = 660.
        assert!(d.describe().contains("660×"), "{}", d.describe());
        assert_eq!(clip_text("abc", 3), "abc");
        assert_eq!(clip_text("abcd", 3), "ab…");
    }
}
