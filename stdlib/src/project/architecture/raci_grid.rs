//! The RACI matrix drawn as a grid of coloured cells, with its problem tasks highlighted.

use super::diagram::clip_text as clip;
use super::raci::{A, C, I, R, Raci, letters};
use crate::project::drawing::{Anchor, Drawing};

const LABEL_W: f64 = 240.0;
const CELL_W: f64 = 70.0;
const CELL_H: f64 = 28.0;
const TOP: f64 = 76.0;
const MARGIN: f64 = 16.0;

/// The fill of a cell: its strongest role (A, then R, C, I).
fn fill(bits: u8) -> &'static str {
    if bits & A != 0 {
        "#f7b267"
    } else if bits & R != 0 {
        "#8fb8de"
    } else if bits & C != 0 {
        "#cfe8cf"
    } else if bits & I != 0 {
        "#eeeeee"
    } else {
        "white"
    }
}

impl Raci {
    /// The matrix as a grid: one row per task, one column per person, each cell coloured by
    /// its strongest role (A orange, R blue, C green, I grey) with its letters. Tasks with an
    /// error (no A, several A, no R) have a red row and a `!` before their name; people R on
    /// too many tasks have a red header. A legend sits under the grid.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("task" => ["t1", "t2"], "AM" => ["A", "A"], "BL" => ["R", "C"]).unwrap();
    /// let svg = Raci::from_frame(&df).unwrap().grid().to_svg().unwrap();
    /// assert!(svg.contains("! t2")); // t2 has no R
    /// assert!(svg.contains("AM") && svg.contains("#f7b267"));
    /// ```
    pub fn grid(&self) -> Drawing {
        let (n_t, n_p) = (self.tasks.len(), self.people.len());
        let width = 2.0 * MARGIN + LABEL_W + CELL_W * n_p as f64;
        let height = TOP + CELL_H * n_t as f64 + 60.0;
        let mut d = Drawing::new("RACI matrix", width.max(420.0) as u32, height as u32);
        let x0 = MARGIN + LABEL_W;
        let problems = self.problem_tasks();
        for (p, person) in self.people.iter().enumerate() {
            let x = x0 + CELL_W * p as f64;
            let load = self.cells.iter().filter(|row| row[p] & R != 0).count();
            if load > self.max_r {
                d.rect(x, TOP - 30.0, CELL_W, 28.0, "#fde0dd", "#d62728");
            }
            d.text(
                x + CELL_W / 2.0,
                TOP - 11.0,
                &clip(person, 10),
                11.0,
                Anchor::Middle,
                true,
            );
        }
        for (t, task) in self.tasks.iter().enumerate() {
            let y = TOP + CELL_H * t as f64;
            let bad = problems.contains(&task.as_str());
            if bad {
                d.rect(MARGIN, y, LABEL_W - 4.0, CELL_H, "#fde0dd", "none");
            }
            let label = if bad {
                format!("! {}", clip(task, 34))
            } else {
                clip(task, 36)
            };
            d.text(
                MARGIN + 6.0,
                y + CELL_H / 2.0 + 4.0,
                &label,
                12.0,
                Anchor::Start,
                bad,
            );
            for (p, bits) in self.cells[t].iter().enumerate() {
                let x = x0 + CELL_W * p as f64;
                d.rect(x, y, CELL_W, CELL_H, fill(*bits), "#bbbbbb");
                if *bits != 0 {
                    d.text(
                        x + CELL_W / 2.0,
                        y + CELL_H / 2.0 + 4.0,
                        &letters(*bits),
                        12.0,
                        Anchor::Middle,
                        *bits & A != 0,
                    );
                }
            }
            if bad {
                d.rect(
                    MARGIN,
                    y,
                    LABEL_W - 4.0 + CELL_W * n_p as f64 + 4.0,
                    CELL_H,
                    "none",
                    "#d62728",
                );
            }
        }
        let y = TOP + CELL_H * n_t as f64 + 24.0;
        let mut x = MARGIN;
        for (bits, label) in [
            (A, "A accountable"),
            (R, "R responsible"),
            (C, "C consulted"),
            (I, "I informed"),
        ] {
            d.rect(x, y - 12.0, 16.0, 16.0, fill(bits), "#bbbbbb");
            d.text(x + 22.0, y + 1.0, label, 11.0, Anchor::Start, false);
            x += 112.0;
        }
        d.text(
            MARGIN,
            y + 24.0,
            "! red rows: no A, several A or no R",
            11.0,
            Anchor::Start,
            false,
        );
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn problem_rows_and_overloaded_people_are_red() {
        // t1 fine, t2 two A; BL is R on 2 tasks > 1.
        let df = df!(
            "task" => ["t1", "t2"],
            "AM" => ["A", "A"], "BL" => ["R", "R"], "HB" => ["", "A/C"],
        )
        .unwrap();
        let raci = Raci::from_frame(&df).unwrap().max_responsible(1);
        let svg = raci.grid().to_svg().unwrap();
        assert!(svg.contains("! t2") && !svg.contains("! t1"));
        // One red row outline + one red header.
        assert_eq!(svg.matches("stroke=\"#d62728\"").count(), 2);
        assert!(svg.contains(">A/C<"));
        assert_eq!(fill(R | C), "#8fb8de");
    }
}
