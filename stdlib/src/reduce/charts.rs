//! The charts of a fitted PCA: the scree plot (variance share per component) and the biplot
//! (rows projected on the first two components, with the features as arrows).

use super::pca::FittedPca;
use crate::cluster::common::legend_floor;
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::{Plot, XyChart};
use polars::prelude::*;

impl FittedPca {
    /// The scree plot: the share of variance of every direction (all features, not only the
    /// kept components) and the cumulative share, against the component number. Look for the
    /// bend, or for where the cumulative line crosses the share you want to keep.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("a" => [1.0, 2.0, 3.0, 4.0], "b" => [2.0, 1.0, 4.0, 3.0]).unwrap();
    /// let svg = Pca::new(1).fit(&df, &["a", "b"]).unwrap().scree_plot().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("cumulative"));
    /// ```
    pub fn scree_plot(&self) -> Result<Plot> {
        let ratios = self.all_ratios();
        let share: Vec<(f64, f64)> = ratios
            .iter()
            .enumerate()
            .map(|(i, r)| ((i + 1) as f64, *r))
            .collect();
        let mut acc = 0.0;
        let cumulative: Vec<(f64, f64)> = ratios
            .iter()
            .enumerate()
            .map(|(i, r)| {
                acc += r;
                ((i + 1) as f64, acc)
            })
            .collect();
        XyChart::new()
            .line("share of variance", &share)
            .points("", &share)
            .line("cumulative", &cumulative)
            .points("", &cumulative)
            .y_range(0.0, 1.05)
            .x_range(0.75, ratios.len() as f64 * 1.45 + 0.25)
            .plot("Scree plot", "component", "share of variance")
    }

    /// The biplot: the rows of `df` on the first two components (one colour per value of the
    /// column `group` if given), and each feature as an arrow from the origin along its
    /// coefficients on PC1 and PC2 (scaled to the cloud of points), named at its tip. Features
    /// whose arrows point the same way are correlated. Needs at least 2 components.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("a" => [1.0, 2.0, 3.0, 4.0], "b" => [2.0, 1.0, 4.0, 3.0],
    ///              "kind" => ["u", "u", "v", "v"]).unwrap();
    /// let pca = Pca::new(2).fit(&df, &["a", "b"]).unwrap();
    /// let svg = pca.biplot(&df, Some("kind")).unwrap().to_svg().unwrap();
    /// assert!(svg.contains("Biplot"));
    /// assert!(Pca::new(1).fit(&df, &["a", "b"]).unwrap().biplot(&df, None).is_err());
    /// ```
    pub fn biplot(&self, df: &DataFrame, group: Option<&str>) -> Result<Plot> {
        if self.n_components() < 2 {
            return Err(SdiaError::InvalidInput(
                "a biplot needs 2 components: fit the PCA with Pca::new(2) or more".to_string(),
            ));
        }
        let scores = self.transform(df)?;
        let pc1 = frame::f64_with_nan(&scores, "PC1")?;
        let pc2 = frame::f64_with_nan(&scores, "PC2")?;
        let mut chart = XyChart::new();
        let mut legend_groups = 0;
        match group {
            Some(g) => {
                let labels = frame::labels(df, g)?;
                let mut names: Vec<String> = labels
                    .iter()
                    .map(|l| l.clone().unwrap_or_else(|| "null".to_string()))
                    .collect();
                names.sort();
                names.dedup();
                legend_groups = names.len();
                for name in &names {
                    let points: Vec<(f64, f64)> = labels
                        .iter()
                        .zip(pc1.iter().zip(&pc2))
                        .filter(|(l, _)| l.as_deref().unwrap_or("null") == name)
                        .map(|(_, (a, b))| (*a, *b))
                        .collect();
                    chart = chart.points(name, &points);
                }
            }
            None => {
                let points: Vec<(f64, f64)> =
                    pc1.iter().copied().zip(pc2.iter().copied()).collect();
                chart = chart.points("", &points);
            }
        }
        let (c1, c2) = (self.component(0), self.component(1));
        let reach = pc1.iter().chain(&pc2).fold(0.0f64, |m, v| m.max(v.abs()));
        let longest = c1
            .iter()
            .zip(c2)
            .fold(0.0f64, |m, (a, b)| m.max((a * a + b * b).sqrt()));
        let scale = if longest > 0.0 && reach > 0.0 {
            0.8 * reach / longest
        } else {
            1.0
        };
        let arrows: Vec<((f64, f64), (f64, f64))> = c1
            .iter()
            .zip(c2)
            .map(|(a, b)| ((0.0, 0.0), (a * scale, b * scale)))
            .collect();
        chart = chart.segments("features", &arrows);
        for (name, (a, b)) in self.schema().features.iter().zip(c1.iter().zip(c2)) {
            chart = chart.text(a * scale * 1.05, b * scale * 1.05, name);
        }
        // Room at the bottom for the legend (drawn in the lower right corner).
        let ys = pc2
            .iter()
            .copied()
            .chain(c2.iter().map(|b| b * scale * 1.05));
        let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
        if lo.is_finite() && hi.is_finite() {
            let pad = 0.05 * (hi - lo).max(1e-12);
            chart = chart.y_range(legend_floor(lo - pad, hi, 1 + legend_groups), hi + pad);
        }
        let ratios = self.explained_variance_ratio();
        chart.plot(
            "Biplot",
            &format!("PC1 ({:.1} %)", 100.0 * ratios[0]),
            &format!("PC2 ({:.1} %)", 100.0 * ratios[1]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::pca::Pca;
    use polars::prelude::*;

    #[test]
    fn scree_and_biplot_are_drawn() {
        let df = df!(
            "a" => [1.0, 2.0, 3.0, 4.0, 5.0],
            "b" => [2.0, 1.0, 4.0, 3.0, 6.0],
            "c" => [0.0, 1.0, 0.0, 1.0, 0.0],
            "g" => ["x", "y", "x", "y", "x"],
        )
        .unwrap();
        let m = Pca::new(2).fit(&df, &["a", "b", "c"]).unwrap();
        let d = m.scree_plot().unwrap().describe();
        assert!(d.contains("line 'cumulative' (3 points)"), "{d}");
        let b = m.biplot(&df, Some("g")).unwrap();
        let d = b.describe();
        assert!(
            d.contains("points 'x' (3)") && d.contains("3 segments 'features'"),
            "{d}"
        );
        assert!(b.to_svg().unwrap().contains('c'));
        assert!(m.biplot(&df, Some("nope")).is_err());
        assert!(m.biplot(&df, None).is_ok());
    }
}
