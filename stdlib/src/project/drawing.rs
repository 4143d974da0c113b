//! [`Drawing`]: a diagram drawn shape by shape (Gantt bars, a SWOT grid, a pipeline of boxes
//! and arrows), for the project charts that have no numeric axes to share with [`Plot`].
//!
//! [`Plot`]: crate::plot::Plot

use crate::error::Result;
use crate::plot::render::outputs;
use crate::table::escape_html;
use std::fmt::Write;

/// Where a text is anchored on its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The text starts at the point.
    Start,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point.
    End,
}

/// A diagram made of rectangles, lines, arrows and texts on a white page: a Gantt chart, a
/// SWOT grid, a risk matrix, a pipeline diagram. It shows itself in the notebook as SVG (PNG
/// after [`png`](Drawing::png)) and [`save`](Drawing::save)s to `.svg` or `.png`.
///
/// Drawings are made by the functions of the [project toolkit](crate::project); their
/// coordinates are pixels from the top-left corner.
#[derive(Debug, Clone)]
pub struct Drawing {
    title: String,
    width: u32,
    height: u32,
    body: String,
    png: bool,
}

impl Drawing {
    /// An empty drawing of `width` × `height` pixels whose title is written at the top.
    pub(crate) fn new(title: &str, width: u32, height: u32) -> Drawing {
        let mut drawing = Drawing {
            title: title.to_string(),
            width,
            height,
            body: String::new(),
            png: false,
        };
        if !title.is_empty() {
            drawing.text(width as f64 / 2.0, 24.0, title, 18.0, Anchor::Middle, true);
        }
        drawing
    }

    /// A filled rectangle with a thin border (`stroke` may be `"none"`).
    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}" stroke="{stroke}"/>"#,
            w.max(0.0),
            h.max(0.0)
        );
    }

    /// A rectangle with rounded corners (the boxes of a pipeline diagram).
    pub(crate) fn rounded_rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        stroke: &str,
    ) {
        let _ = write!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" rx="8" ry="8" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>"#,
            w.max(0.0),
            h.max(0.0)
        );
    }

    /// A straight line, solid or dashed.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        dashed: bool,
    ) {
        let dash = if dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="{width}"{dash}/>"#
        );
    }

    /// A line from the first point to the second with an arrowhead at the second.
    pub(crate) fn arrow(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
        self.line(x1, y1, x2, y2, stroke, 1.5, false);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt();
        if length == 0.0 {
            return;
        }
        let (ux, uy) = (dx / length, dy / length);
        let (size, half) = (9.0, 4.5);
        let (bx, by) = (x2 - ux * size, y2 - uy * size);
        let _ = write!(
            self.body,
            r#"<polygon points="{x2:.1},{y2:.1} {:.1},{:.1} {:.1},{:.1}" fill="{stroke}"/>"#,
            bx - uy * half,
            by + ux * half,
            bx + uy * half,
            by - ux * half
        );
    }

    /// A text (escaped) of `size` pixels; `bold` for headers.
    pub(crate) fn text(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        size: f64,
        anchor: Anchor,
        bold: bool,
    ) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-family="sans-serif" font-size="{size}" text-anchor="{anchor}"{weight}>{}</text>"#,
            escape_html(text)
        );
    }

    /// The drawing's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Shows the drawing as a PNG image instead of SVG (smaller notebooks for large drawings).
    pub fn png(mut self) -> Drawing {
        self.png = true;
        self
    }

    /// The drawing as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let (w, h) = (self.width, self.height);
        Ok(format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/>{}</svg>"#,
            self.body
        ))
    }

    /// One line saying what the drawing shows (its `text/plain` form).
    pub fn describe(&self) -> String {
        format!(
            "Drawing '{}' ({}×{} px)",
            self.title, self.width, self.height
        )
    }
}

outputs! {
    Drawing;
    /// The drawing rasterised to PNG bytes.
    fn to_png;
    /// Writes the drawing to `path`: `.svg` or `.png`, chosen by the extension; the file is
    /// written whole or not at all.
    fn save;
    /// Shows the drawing now, in the cell's output.
    fn show;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::RichDisplay;

    #[test]
    fn a_drawing_is_valid_svg_with_escaped_text() {
        let mut d = Drawing::new("Plan <v2>", 300, 200);
        d.rect(10.0, 40.0, 100.0, 20.0, "#4c78a8", "none");
        d.rounded_rect(10.0, 80.0, 100.0, 40.0, "#eeeeee", "#333333");
        d.line(0.0, 0.0, 10.0, 10.0, "black", 1.0, true);
        d.arrow(110.0, 100.0, 200.0, 100.0, "black");
        d.text(20.0, 55.0, "R&D", 12.0, Anchor::Start, false);
        let svg = d.to_svg().unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Plan &lt;v2&gt;") && svg.contains("R&amp;D"));
        assert!(svg.contains("stroke-dasharray") && svg.contains("<polygon"));
        let png = d.clone().png().to_png().unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let bundle = d.mime_bundle();
        assert!(bundle.iter().any(|(mime, _)| mime == "image/svg+xml"));
    }

    #[test]
    fn save_refuses_an_unknown_extension() {
        let d = Drawing::new("x", 10, 10);
        let path = std::env::temp_dir().join("sdia-drawing-test.txt");
        assert!(d.save(&path).is_err());
    }
}
