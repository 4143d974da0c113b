//! [`Swot`]: strengths, weaknesses, opportunities and threats, weighted and scored, drawn as a
//! 2×2 grid.

use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks;
use crate::project::drawing::{Anchor, Drawing};
use crate::project::risk::scores::{Scale, short_number};
use polars::prelude::*;

/// The four quadrants, in the order of the tables and of the grid (left to right, top to
/// bottom).
const QUADRANTS: [&str; 4] = ["strengths", "weaknesses", "opportunities", "threats"];

/// The quadrant (0–3) of a label, in English or French, singular or plural, any case, with or
/// without accents.
fn quadrant_of(label: &str) -> Option<usize> {
    let plain: String = label
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'û' | 'ù' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect();
    match plain.as_str() {
        "strength" | "strengths" | "force" | "forces" => Some(0),
        "weakness" | "weaknesses" | "faiblesse" | "faiblesses" => Some(1),
        "opportunity" | "opportunities" | "opportunite" | "opportunites" => Some(2),
        "threat" | "threats" | "menace" | "menaces" => Some(3),
        _ => None,
    }
}

/// A weighted SWOT analysis read from a DataFrame, one row per item:
///
/// | column | type | |
/// |---|---|---|
/// | `quadrant` | text | `strength` / `weakness` / `opportunity` / `threat`, or in French `force` / `faiblesse` / `opportunité` / `menace` (singular or plural, any case, accents optional) |
/// | `item` | text | the factor, e.g. « données IoT temps réel » |
/// | `weight` | number > 0 | its importance |
/// | `score` | number | its intensity on the scale (default 1–5, builder [`scale`](Swot::scale)) |
///
/// The weighted score of an item is `weight × score`; a quadrant's score is the sum over its
/// items (weights are used as given, not normalised: give weights summing to 1 per quadrant
/// for an IFE/EFE-style matrix). The **internal balance** is strengths − weaknesses, the
/// **external balance** opportunities − threats: positive means the platform's assets outweigh
/// its handicaps, or the context helps more than it threatens.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "quadrant" => ["Force", "faiblesses", "Opportunité", "menace"],
///     "item" => ["données temps réel", "capteurs anciens", "loi mobilités", "concurrent"],
///     "weight" => [2.0, 1.0, 1.0, 1.0],
///     "score" => [4, 3, 5, 2],
/// ).unwrap();
/// let swot = Swot::from_frame(&df).unwrap();
/// // S − W = 2 × 4 − 1 × 3 = 5; O − T = 5 − 2 = 3.
/// assert_eq!(swot.internal_balance().unwrap(), 5.0);
/// assert_eq!(swot.external_balance().unwrap(), 3.0);
/// ```
#[derive(Debug, Clone)]
pub struct Swot {
    quadrant: Vec<usize>,
    items: Vec<String>,
    weights: Vec<f64>,
    scores: Vec<f64>,
    scale: Scale,
}

impl Swot {
    /// Reads the items (columns above). Errors: a missing column, no rows, a quadrant that is
    /// none of the four (naming the item), a missing value, a weight ≤ 0 (naming the item).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("quadrant" => ["risque"], "item" => ["panne"], "weight" => [1.0], "score" => [2]).unwrap();
    /// let err = Swot::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("panne") && err.contains("risque"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Swot> {
        frame::require_columns(df, &["quadrant", "item", "weight", "score"])?;
        frame::require_rows(df, "the SWOT table has no rows: give one row per item")?;
        let items = checks::required_text(df, "item")?;
        let labels = checks::required_text(df, "quadrant")?;
        let mut quadrant = Vec::with_capacity(items.len());
        for (label, item) in labels.iter().zip(&items) {
            quadrant.push(quadrant_of(label).ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "item '{item}' is in quadrant '{label}', which is not a SWOT quadrant: use \
                     strength, weakness, opportunity, threat (or force, faiblesse, \
                     opportunité, menace)"
                ))
            })?);
        }
        let weights = checks::required_numbers(df, "weight", &items)?;
        for (w, item) in weights.iter().zip(&items) {
            if *w <= 0.0 {
                return Err(SdiaError::InvalidInput(format!(
                    "the weight of item '{item}' is {w}: weights must be > 0"
                )));
            }
        }
        Ok(Swot {
            scores: checks::required_numbers(df, "score", &items)?,
            quadrant,
            items,
            weights,
            scale: Scale::new(1, 5),
        })
    }

    /// The scale of the scores, `low`–`high` (default 1–5).
    pub fn scale(mut self, low: u32, high: u32) -> Swot {
        self.scale = Scale::new(low, high);
        self
    }

    /// The weighted score of each quadrant, in the order of [`QUADRANTS`], after checking
    /// the scores against the scale.
    fn totals(&self) -> Result<[f64; 4]> {
        self.scale.check()?;
        self.scale.check_all(&self.scores, "score", &self.items)?;
        let mut totals = [0.0; 4];
        for i in 0..self.items.len() {
            totals[self.quadrant[i]] += self.weights[i] * self.scores[i];
        }
        Ok(totals)
    }

    /// Strengths − weaknesses (weighted scores). Errors: a score outside the scale.
    pub fn internal_balance(&self) -> Result<f64> {
        let t = self.totals()?;
        Ok(t[0] - t[1])
    }

    /// Opportunities − threats (weighted scores). Errors: a score outside the scale.
    pub fn external_balance(&self) -> Result<f64> {
        let t = self.totals()?;
        Ok(t[2] - t[3])
    }

    /// The weighted score per quadrant then the two balances: columns `quadrant`
    /// (`strengths`, `weaknesses`, `opportunities`, `threats`, `internal balance (S − W)`,
    /// `external balance (O − T)`), `items` (the number of items; null on the balance rows)
    /// and `weighted_score`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("quadrant" => ["strength", "strength", "threat"], "item" => ["a", "b", "c"],
    ///     "weight" => [0.5, 0.5, 1.0], "score" => [4, 2, 5]).unwrap();
    /// let t = Swot::from_frame(&df).unwrap().table().unwrap();
    /// let scores: Vec<f64> = t.column("weighted_score").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert_eq!(scores, vec![3.0, 0.0, 0.0, 5.0, 3.0, -5.0]);
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let t = self.totals()?;
        let mut names: Vec<&str> = QUADRANTS.to_vec();
        names.extend(["internal balance (S − W)", "external balance (O − T)"]);
        let mut counts: Vec<Option<u32>> = (0..4)
            .map(|q| Some(self.quadrant.iter().filter(|&&x| x == q).count() as u32))
            .collect();
        counts.extend([None, None]);
        let scores = vec![t[0], t[1], t[2], t[3], t[0] - t[1], t[2] - t[3]];
        Ok(DataFrame::new(
            6,
            vec![
                Column::new("quadrant".into(), names),
                Column::new("items".into(), counts),
                Column::new("weighted_score".into(), scores),
            ],
        )?)
    }

    /// One row per item, by quadrant then by weighted score (largest first): columns
    /// `quadrant`, `item`, `weight`, `score`, `weighted_score`.
    pub fn items(&self) -> Result<DataFrame> {
        self.totals()?;
        let order = self.item_order();
        let value = |i: usize| self.weights[i] * self.scores[i];
        Ok(DataFrame::new(
            order.len(),
            vec![
                Column::new(
                    "quadrant".into(),
                    order
                        .iter()
                        .map(|&i| QUADRANTS[self.quadrant[i]])
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "item".into(),
                    order
                        .iter()
                        .map(|&i| self.items[i].clone())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "weight".into(),
                    order.iter().map(|&i| self.weights[i]).collect::<Vec<_>>(),
                ),
                Column::new(
                    "score".into(),
                    order.iter().map(|&i| self.scores[i]).collect::<Vec<_>>(),
                ),
                Column::new(
                    "weighted_score".into(),
                    order.iter().map(|&i| value(i)).collect::<Vec<_>>(),
                ),
            ],
        )?)
    }

    /// The items' positions by quadrant, then by weighted score (largest first).
    fn item_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        let value = |i: usize| self.weights[i] * self.scores[i];
        order.sort_by(|&a, &b| {
            self.quadrant[a]
                .cmp(&self.quadrant[b])
                .then(value(b).total_cmp(&value(a)))
        });
        order
    }

    /// The SWOT grid: strengths and weaknesses (internal) on the top row, opportunities and
    /// threats (external) below; each quadrant lists its items, largest weighted score first,
    /// as `item — weight × score`, with its total in the header; the balances are written
    /// under the grid. Errors: a score outside the scale.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("quadrant" => ["force", "menace"], "item" => ["API ouverte", "RGPD"],
    ///     "weight" => [1.0, 2.0], "score" => [4, 3]).unwrap();
    /// let svg = Swot::from_frame(&df).unwrap().grid().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("API ouverte") && svg.contains("Threats (total 6)"));
    /// ```
    pub fn grid(&self) -> Result<Drawing> {
        let totals = self.totals()?;
        let order = self.item_order();
        let max_lines = 10;
        // Each quadrant is as tall as the longest list of items (at most `max_lines` + "… more").
        let longest = (0..4)
            .map(|q| self.quadrant.iter().filter(|&&x| x == q).count())
            .max()
            .unwrap_or(0)
            .min(max_lines + 1);
        let (w, left, top) = (360.0, 20.0, 48.0);
        let h = (50.0 + 18.0 * longest as f64).max(110.0);
        let mut d = Drawing::new(
            "SWOT",
            (left * 2.0 + w * 2.0) as u32,
            (top + h * 2.0 + 60.0) as u32,
        );
        let titles = ["Strengths", "Weaknesses", "Opportunities", "Threats"];
        let fills = ["#e3f1de", "#fbe5d0", "#dde8f4", "#f8dcdc"];
        for q in 0..4 {
            let (x, y) = (left + (q % 2) as f64 * w, top + (q / 2) as f64 * h);
            d.rect(x, y, w, h, fills[q], "#555555");
            let header = format!("{} (total {})", titles[q], short_number(totals[q]));
            d.text(x + 10.0, y + 22.0, &header, 14.0, Anchor::Start, true);
            let rows: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&i| self.quadrant[i] == q)
                .collect();
            for (line, &j) in rows.iter().take(max_lines).enumerate() {
                let numbers = format!(
                    " — {} × {}",
                    short_number(self.weights[j]),
                    short_number(self.scores[j])
                );
                // About 6.5 px per character at 12 px: shorten long items to fit the quadrant.
                let room = ((w - 28.0) / 6.5) as usize;
                let text = format!(
                    "{}{numbers}",
                    shorten(&self.items[j], room.saturating_sub(numbers.chars().count()))
                );
                d.text(
                    x + 14.0,
                    y + 46.0 + line as f64 * 18.0,
                    &text,
                    12.0,
                    Anchor::Start,
                    false,
                );
            }
            if rows.len() > max_lines {
                let more = format!("… and {} more", rows.len() - max_lines);
                d.text(
                    x + 14.0,
                    y + 46.0 + max_lines as f64 * 18.0,
                    &more,
                    12.0,
                    Anchor::Start,
                    false,
                );
            }
        }
        let balances = format!(
            "internal balance (S − W): {}   |   external balance (O − T): {}",
            short_number(totals[0] - totals[1]),
            short_number(totals[2] - totals[3])
        );
        d.text(
            left + w,
            top + 2.0 * h + 30.0,
            &balances,
            13.0,
            Anchor::Middle,
            true,
        );
        Ok(d)
    }
}

/// `text` cut to at most `max` characters, with "…" at the end when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_items_are_shortened() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abc defgh", 5), "abc…");
    }

    #[test]
    fn quadrant_labels_in_both_languages() {
        assert_eq!(quadrant_of(" Opportunités "), Some(2));
        assert_eq!(quadrant_of("OPPORTUNITE"), Some(2));
        assert_eq!(quadrant_of("Weaknesses"), Some(1));
        assert_eq!(quadrant_of("menace"), Some(3));
        assert_eq!(quadrant_of("risk"), None);
    }

    #[test]
    fn totals_balances_and_grid() {
        let df = df!(
            "quadrant" => ["force", "force", "faiblesse", "opportunité", "menace", "menace"],
            "item" => ["a", "b", "c", "d", "e", "f"],
            "weight" => [0.6, 0.4, 1.0, 1.0, 0.5, 0.5],
            "score" => [5, 2, 4, 3, 4, 2],
        )
        .unwrap();
        let swot = Swot::from_frame(&df).unwrap();
        // S = 0.6·5 + 0.4·2 = 3.8; W = 4; O = 3; T = 0.5·4 + 0.5·2 = 3.
        let t = swot.table().unwrap();
        let v: Vec<f64> = t
            .column("weighted_score")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let expected = [3.8, 4.0, 3.0, 3.0, -0.2, 0.0];
        for (a, b) in v.iter().zip(expected) {
            assert!((a - b).abs() < 1e-12, "{v:?}");
        }
        assert_eq!(t.column("items").unwrap().u32().unwrap().get(0), Some(2));
        let items = swot.items().unwrap();
        assert_eq!(
            items.column("item").unwrap().str().unwrap().get(0),
            Some("a")
        );
        let svg = swot.grid().unwrap().to_svg().unwrap();
        assert!(
            svg.contains("Strengths (total 3.8)") && svg.contains("a — 0.6 × 5"),
            "{svg}"
        );
    }

    #[test]
    fn bad_items_are_named() {
        let df = df!("quadrant" => ["force"], "item" => ["a"], "weight" => [1.0], "score" => [7])
            .unwrap();
        let err = Swot::from_frame(&df)
            .unwrap()
            .table()
            .unwrap_err()
            .to_string();
        assert!(err.contains("'a'") && err.contains("1–5"), "{err}");
        assert!(Swot::from_frame(&df).unwrap().scale(1, 10).table().is_ok());
        let df = df!("quadrant" => ["force"], "item" => ["a"], "weight" => [-1.0], "score" => [3])
            .unwrap();
        assert!(
            Swot::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("'a'")
        );
    }
}
