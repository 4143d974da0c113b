//! [`Plot`]: one chart, made by a constructor such as [`histogram`](super::histogram), then
//! adjusted with builder methods and shown, rasterised or saved.

use super::style::{Area, draw_err};
use super::{bar, boxplot, heatmap, histogram, layers, line, missing, render, scatter};
use crate::error::Result;
use plotters::prelude::*;

/// What a plot draws, with the data it took from the frame.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Histogram(histogram::HistData),
    Box(boxplot::BoxData),
    Scatter(scatter::ScatterData),
    Bar(bar::BarData),
    Line(line::LineData),
    Heatmap(heatmap::HeatData),
    Missing(missing::MissingData),
    Layers(layers::XyChart),
}

/// One chart of a DataFrame's columns: made by [`histogram`](super::histogram),
/// [`boxplot`](super::boxplot), [`scatter`](super::scatter), [`bar_chart`](super::bar_chart),
/// [`line_chart`](super::line_chart), [`heatmap`](super::heatmap) or
/// [`missing_map`](super::missing_map), then adjusted with the builder methods.
///
/// A plot shows itself as SVG when it is the last expression of a cell (PNG after
/// [`png`](Plot::png)); [`show`](Plot::show) shows it at once, [`save`](Plot::save) writes a file.
/// The title and axis labels come from the column names unless set.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("mass" => [3.2, 3.9, 4.1, 4.4, 5.0]).unwrap();
/// let plot = histogram(&df, "mass").unwrap().title("Body mass").x_label("mass (kg)");
/// let svg = plot.to_svg().unwrap();
/// assert!(svg.contains("Body mass") && svg.contains("mass (kg)"));
/// ```
#[derive(Debug, Clone)]
pub struct Plot {
    pub(crate) kind: Kind,
    pub(crate) title: String,
    pub(crate) x_label: String,
    pub(crate) y_label: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) png: bool,
    pub(crate) bins: Option<usize>,
    pub(crate) legend: bool,
}

impl Plot {
    /// A plot of `kind` with default labels, 640×400 pixels.
    pub(crate) fn new(kind: Kind, title: String, x_label: String, y_label: String) -> Plot {
        Plot {
            kind,
            title,
            x_label,
            y_label,
            width: 640,
            height: 400,
            png: false,
            bins: None,
            legend: true,
        }
    }

    /// Replaces the title (an empty title leaves more room for the chart).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0]).unwrap();
    /// let svg = histogram(&df, "x").unwrap().title("My title").to_svg().unwrap();
    /// assert!(svg.contains("My title"));
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Plot {
        self.title = title.into();
        self
    }

    /// Replaces the label of the horizontal axis.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0]).unwrap();
    /// let svg = histogram(&df, "x").unwrap().x_label("length (cm)").to_svg().unwrap();
    /// assert!(svg.contains("length (cm)"));
    /// ```
    pub fn x_label(mut self, label: impl Into<String>) -> Plot {
        self.x_label = label.into();
        self
    }

    /// Replaces the label of the vertical axis.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0]).unwrap();
    /// let svg = histogram(&df, "x").unwrap().y_label("penguins").to_svg().unwrap();
    /// assert!(svg.contains("penguins"));
    /// ```
    pub fn y_label(mut self, label: impl Into<String>) -> Plot {
        self.y_label = label.into();
        self
    }

    /// Sets the size in pixels (at least 100×100).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0]).unwrap();
    /// let svg = histogram(&df, "x").unwrap().size(300, 200).to_svg().unwrap();
    /// assert!(svg.contains("width=\"300\" height=\"200\""));
    /// ```
    pub fn size(mut self, width: u32, height: u32) -> Plot {
        self.width = width.max(100);
        self.height = height.max(100);
        self
    }

    /// Shows the plot as a PNG image instead of SVG in the notebook (lighter for plots of
    /// many thousands of points).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0]).unwrap();
    /// let bundle = histogram(&df, "x").unwrap().png().mime_bundle();
    /// assert!(bundle.iter().any(|(mime, _)| mime == "image/png"));
    /// ```
    pub fn png(mut self) -> Plot {
        self.png = true;
        self
    }

    /// The number of bins of a histogram, instead of the automatic choice (at least 1: zero is
    /// reported when the plot is drawn). No effect on other plots.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 3.0, 4.0]).unwrap();
    /// assert!(histogram(&df, "x").unwrap().bins(2).to_svg().is_ok());
    /// assert!(histogram(&df, "x").unwrap().bins(0).to_svg().is_err());
    /// ```
    pub fn bins(mut self, bins: usize) -> Plot {
        self.bins = Some(bins);
        self
    }

    /// Draws the plot on an area (the whole SVG, or a cell of a figure).
    pub(crate) fn draw_on(&self, area: &Area) -> Result<()> {
        match &self.kind {
            Kind::Histogram(data) => data.draw(self, area),
            Kind::Box(data) => data.draw(self, area),
            Kind::Scatter(data) => data.draw(self, area),
            Kind::Bar(data) => data.draw(self, area),
            Kind::Line(data) => data.draw(self, area),
            Kind::Heatmap(data) => data.draw(self, area),
            Kind::Missing(data) => data.draw(self, area),
            Kind::Layers(data) => data.draw(self, area),
        }
    }

    /// One sentence on what the plot shows (its `text/plain` form).
    pub fn describe(&self) -> String {
        let what = match &self.kind {
            Kind::Histogram(data) => data.describe(self.bins),
            Kind::Box(data) => data.describe(),
            Kind::Scatter(data) => data.describe(),
            Kind::Bar(data) => data.describe(),
            Kind::Line(data) => data.describe(),
            Kind::Heatmap(data) => data.describe(),
            Kind::Missing(data) => data.describe(),
            Kind::Layers(data) => data.describe(),
        };
        let format = if self.png { "PNG" } else { "SVG" };
        format!("{what} ({}×{} {format})", self.width, self.height)
    }

    /// Draws the plot as an SVG document.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 2.5]).unwrap();
    /// let svg = histogram(&df, "x").unwrap().to_svg().unwrap();
    /// assert!(svg.starts_with("<svg") && svg.contains("Distribution of x"));
    /// ```
    pub fn to_svg(&self) -> Result<String> {
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, (self.width, self.height)).into_drawing_area();
            root.fill(&WHITE).map_err(draw_err)?;
            self.draw_on(&root)?;
            root.present().map_err(draw_err)?;
        }
        Ok(svg)
    }
}

render::outputs! {
    Plot;

    /// Draws the plot as a PNG image of [`size`](Plot::size) pixels.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 2.5]).unwrap();
    /// let png = histogram(&df, "x").unwrap().size(200, 150).to_png().unwrap();
    /// assert!(png.starts_with(b"\x89PNG"));
    /// ```
    fn to_png;

    /// Writes the plot to a `.svg` or `.png` file (chosen by the extension; anything else is an
    /// error). The file is written whole or not at all.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 2.5]).unwrap();
    /// let plot = histogram(&df, "x").unwrap();
    /// let path = std::env::temp_dir().join("sdia_doc_histogram.svg");
    /// plot.save(&path).unwrap();
    /// assert!(std::fs::read_to_string(&path).unwrap().starts_with("<svg"));
    /// assert!(plot.save("chart.jpg").is_err());
    /// ```
    fn save;

    /// Shows the plot in the notebook now (several plots per cell are fine).
    fn show;
}

/// The chart frame every plot shares: the title (if any), margins and axis label areas.
pub(crate) fn frame<'a, 'b>(
    plot: &Plot,
    area: &'a Area<'b>,
    x_area: u32,
    y_area: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    if !plot.title.is_empty() {
        builder.caption(&plot.title, (super::style::FONT, 20));
    }
    builder
        .margin(12)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::RichDisplay;
    use crate::plot::{histogram, render::png_size};
    use polars::prelude::*;

    fn plot() -> Plot {
        let df = df!("mass" => [3.0, 4.0, 4.5, 6.0]).unwrap();
        histogram(&df, "mass").unwrap()
    }

    fn texts(svg: &str) -> Vec<String> {
        svg.lines().map(|l| l.trim().to_string()).collect()
    }

    #[test]
    fn default_labels_come_from_the_column_and_can_be_replaced() {
        let t = texts(&plot().to_svg().unwrap());
        for text in ["Distribution of mass", "mass", "count"] {
            assert!(t.iter().any(|l| l == text), "missing {text}");
        }
        let t = texts(
            &plot()
                .title("T")
                .x_label("X (kg)")
                .y_label("Y")
                .to_svg()
                .unwrap(),
        );
        for text in ["T", "X (kg)", "Y"] {
            assert!(t.iter().any(|l| l == text), "missing {text}");
        }
        assert!(!t.iter().any(|l| l == "Distribution of mass"));
    }

    #[test]
    fn png_has_the_signature_and_the_requested_size() {
        let png = plot().size(320, 240).to_png().unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(png_size(&png), Some((320, 240)));
        assert_eq!(
            png_size(&plot().size(10, 10).to_png().unwrap()),
            Some((100, 100))
        );
    }

    #[test]
    fn save_writes_svg_or_png_and_refuses_other_extensions() {
        let dir = std::env::temp_dir().join(format!("sdia-plot-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        plot().save(dir.join("a.svg")).unwrap();
        plot().save(dir.join("a.png")).unwrap();
        let svg = std::fs::read_to_string(dir.join("a.svg")).unwrap();
        assert!(svg.starts_with("<svg"));
        let png = std::fs::read(dir.join("a.png")).unwrap();
        assert_eq!(png_size(&png), Some((640, 400)));
        let e = plot().save(dir.join("a.jpg")).unwrap_err().to_string();
        assert!(e.contains("a.jpg") && e.contains(".svg or .png"), "{e}");
        assert!(!dir.join("a.jpg").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bundle_is_svg_by_default_png_on_request_and_always_has_text() {
        let bundle = plot().mime_bundle();
        assert_eq!(bundle[0].0, "text/plain");
        assert!(bundle[0].1.contains("Histogram of 'mass'") && bundle[0].1.contains("SVG"));
        assert_eq!(bundle[1].0, "image/svg+xml");
        assert_eq!(bundle[2].0, "image/png");
        let bundle = plot().png().mime_bundle();
        assert_eq!(bundle.len(), 2);
        assert_eq!(bundle[1].0, "image/png");
        assert!(bundle[0].1.contains("PNG"));
        let broken = plot().bins(0).mime_bundle();
        assert_eq!(broken.len(), 1);
        assert!(broken[0].1.contains("0 bins"));
    }
}
