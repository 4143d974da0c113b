//! The risk matrix: a severity × occurrence grid coloured from green to red, each risk's id
//! written in its cell.

use super::register::RiskRegister;
use crate::error::Result;
use crate::project::drawing::{Anchor, Drawing};

/// A colour from green (`t = 0`) through yellow to red (`t = 1`), as `#rrggbb`.
pub(crate) fn green_to_red(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (green, yellow, red) = (
        (120.0, 200.0, 120.0),
        (250.0, 220.0, 90.0),
        (230.0, 90.0, 80.0),
    );
    let mix = |a: (f64, f64, f64), b: (f64, f64, f64), u: f64| {
        (
            a.0 + (b.0 - a.0) * u,
            a.1 + (b.1 - a.1) * u,
            a.2 + (b.2 - a.2) * u,
        )
    };
    let c = if t < 0.5 {
        mix(green, yellow, t * 2.0)
    } else {
        mix(yellow, red, (t - 0.5) * 2.0)
    };
    format!("#{:02x}{:02x}{:02x}", c.0 as u8, c.1 as u8, c.2 as u8)
}

impl RiskRegister {
    /// The risk matrix: occurrence across (low to high, left to right), severity up (high at
    /// the top), each cell coloured from green to red by `severity × occurrence` relative to
    /// its largest value, and the ids of the risks scored there written in it (a score that
    /// is not whole goes to the nearest cell). Detection is not a dimension of the matrix: it
    /// is in the [`table`](RiskRegister::table)'s criticality.
    ///
    /// Errors: as [`table`](RiskRegister::table) (a score outside the scale).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["R1", "R2"], "risk" => ["a", "b"],
    ///     "severity" => [5, 1], "occurrence" => [4, 2], "detection" => [3, 3],
    /// ).unwrap();
    /// let matrix = RiskRegister::from_frame(&df).unwrap().scale(1, 5).matrix().unwrap();
    /// let svg = matrix.to_svg().unwrap();
    /// assert!(svg.contains(">R1<") && svg.contains(">R2<") && svg.contains("Risk matrix"));
    /// ```
    pub fn matrix(&self) -> Result<Drawing> {
        self.validate()?;
        let low = self.scale.low;
        let k = (self.scale.high - low) as usize + 1;
        let cell = if k <= 10 { 60.0 } else { 600.0 / k as f64 };
        let (left, top) = (70.0, 70.0);
        let side = cell * k as f64;
        let width = (left + side + 30.0) as u32;
        let height = (top + side + 70.0) as u32;
        let mut d = Drawing::new("Risk matrix (severity × occurrence)", width, height);
        // The ids of each cell: [row from the top][column from the left].
        let mut cells: Vec<Vec<Vec<&str>>> = vec![vec![Vec::new(); k]; k];
        let index = |score: f64| ((score.round() - low).max(0.0) as usize).min(k - 1);
        for (i, id) in self.ids.iter().enumerate() {
            let row = k - 1 - index(self.severity[i]);
            cells[row][index(self.occurrence[i])].push(id);
        }
        let (min_product, max_product) = (low * low, self.scale.high * self.scale.high);
        let font = if cell >= 50.0 { 11.0 } else { 9.0 };
        let per_line = 2;
        let max_lines = ((cell - 6.0) / (font + 2.0)).floor().max(1.0) as usize;
        for (row, line) in cells.iter().enumerate() {
            let severity = self.scale.high - row as f64;
            for (column, ids) in line.iter().enumerate() {
                let occurrence = low + column as f64;
                let t = (severity * occurrence - min_product) / (max_product - min_product);
                let (x, y) = (left + column as f64 * cell, top + row as f64 * cell);
                d.rect(x, y, cell, cell, &green_to_red(t), "#ffffff");
                let mut lines: Vec<String> = ids.chunks(per_line).map(|c| c.join(", ")).collect();
                if lines.len() > max_lines {
                    let shown = (max_lines - 1) * per_line;
                    lines.truncate(max_lines - 1);
                    lines.push(format!("+{}", ids.len() - shown));
                }
                let first = y + cell / 2.0 - (lines.len() as f64 - 1.0) * (font + 2.0) / 2.0 + 4.0;
                for (j, text) in lines.iter().enumerate() {
                    let ty = first + j as f64 * (font + 2.0);
                    d.text(x + cell / 2.0, ty, text, font, Anchor::Middle, true);
                }
            }
            d.text(
                left - 8.0,
                top + (row as f64 + 0.5) * cell + 4.0,
                &format!("{severity}"),
                12.0,
                Anchor::End,
                false,
            );
        }
        for column in 0..k {
            let x = left + (column as f64 + 0.5) * cell;
            d.text(
                x,
                top + side + 18.0,
                &format!("{}", low + column as f64),
                12.0,
                Anchor::Middle,
                false,
            );
        }
        d.text(
            left + side / 2.0,
            top + side + 40.0,
            "occurrence →",
            13.0,
            Anchor::Middle,
            true,
        );
        d.text(
            left - 8.0,
            top - 12.0,
            "severity ↑",
            13.0,
            Anchor::Start,
            true,
        );
        d.text(
            left + side / 2.0,
            top + side + 60.0,
            "colour: severity × occurrence (detection is in the table's criticality)",
            11.0,
            Anchor::Middle,
            false,
        );
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn ids_go_to_their_cells_and_colours_ramp() {
        assert_eq!(green_to_red(0.0), "#78c878");
        assert_eq!(green_to_red(1.0), "#e65a50");
        assert_eq!(green_to_red(0.5), "#fadc5a");
        let df = df!(
            "id" => ["R1", "R2", "R3"], "risk" => ["a", "b", "c"],
            "severity" => [3, 3, 1], "occurrence" => [2, 2, 1], "detection" => [1, 1, 1],
        )
        .unwrap();
        let svg = RiskRegister::from_frame(&df)
            .unwrap()
            .scale(1, 3)
            .matrix()
            .unwrap()
            .to_svg()
            .unwrap();
        // R1 and R2 share the cell (occurrence 2, severity 3).
        assert!(svg.contains(">R1, R2<") && svg.contains(">R3<"), "{svg}");
        // 9 cells + the page background.
        assert_eq!(svg.matches("<rect").count(), 10);
    }

    #[test]
    fn matrix_refuses_scores_off_the_scale() {
        let df = df!("id" => ["R1"], "risk" => ["a"], "severity" => [7], "occurrence" => [1],
            "detection" => [1])
        .unwrap();
        let err = RiskRegister::from_frame(&df)
            .unwrap()
            .scale(1, 5)
            .matrix()
            .unwrap_err();
        assert!(err.to_string().contains("R1"));
    }
}
