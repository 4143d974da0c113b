//! [`Dashboard`]: one self-contained page with the KPIs' traffic lights, charts and comments,
//! to send to a client or a steering committee.

use super::kpi::Kpis;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::plot::render::write_atomically;
use crate::plot::{Figure, Plot};
use crate::project::dates::{format_iso, parse_iso};
use crate::table::escape_html;
use std::fmt::Write;
use std::path::Path;

/// One block of a dashboard, in the order added.
#[derive(Debug, Clone)]
enum Block {
    Kpis(Kpis),
    Chart(Plot),
    Text(String),
}

const STYLE: &str = "<style>\
.sdia-dashboard{font-family:sans-serif;max-width:1200px}\
.sdia-dashboard h1{margin-bottom:0}\
.sdia-dashboard .date{color:#666;margin-top:4px}\
.sdia-dashboard .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}\
.sdia-dashboard .charts svg{max-width:100%;height:auto}\
.sdia-dashboard table.sdia-kpis{border-collapse:collapse;margin:8px 0}\
.sdia-dashboard table.sdia-kpis td,.sdia-dashboard table.sdia-kpis th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}\
</style>";

/// A dashboard: a title, a date, then KPI tables, charts and texts in the order they are
/// added. [`to_html`](Dashboard::to_html) makes one self-contained HTML page (the charts as
/// inline SVG, in a grid); [`to_svg`](Dashboard::to_svg) puts the charts in a
/// [`Figure`] grid; [`save`](Dashboard::save) writes either, by the file's extension.
///
/// ```
/// use sdia::prelude::*;
///
/// let kpis = Kpis::from_frame(&df!("kpi" => ["availability"], "target" => [99.5],
///     "actual" => [99.7], "direction" => ["higher"]).unwrap()).unwrap();
/// let dashboard = Dashboard::new("Vélo+ — month 4")
///     .date("2027-04-30").unwrap()
///     .kpis(&kpis)
///     .chart(kpis.chart().unwrap())
///     .text("All green & on track.");
/// let html = dashboard.to_html().unwrap();
/// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("2027-04-30"));
/// assert!(html.contains("<svg") && html.contains("on track") && html.contains("&amp;"));
/// ```
#[derive(Debug, Clone)]
pub struct Dashboard {
    title: String,
    date: String,
    columns: usize,
    blocks: Vec<Block>,
}

fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_iso((seconds / 86_400) as i64)
}

impl Dashboard {
    /// An empty dashboard with this title, dated today, with charts 2 per row in its SVG.
    pub fn new(title: impl Into<String>) -> Dashboard {
        Dashboard {
            title: title.into(),
            date: today(),
            columns: 2,
            blocks: Vec::new(),
        }
    }

    /// Sets the date shown under the title (ISO `YYYY-MM-DD`); an error if it is not a date.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// assert!(Dashboard::new("x").date("30/04/2027").is_err());
    /// ```
    pub fn date(mut self, date: &str) -> Result<Dashboard> {
        let day = parse_iso(date, "the dashboard's date")?;
        self.date = format_iso(day);
        Ok(self)
    }

    /// Sets how many charts per row [`to_svg`](Dashboard::to_svg) draws (default 2).
    pub fn columns(mut self, columns: usize) -> Dashboard {
        self.columns = columns;
        self
    }

    /// Adds the traffic-light table of these KPIs.
    pub fn kpis(mut self, kpis: &Kpis) -> Dashboard {
        self.blocks.push(Block::Kpis(kpis.clone()));
        self
    }

    /// Adds a chart.
    pub fn chart(mut self, plot: Plot) -> Dashboard {
        self.blocks.push(Block::Chart(plot));
        self
    }

    /// Adds a paragraph of text (a comment, a decision, a next step).
    pub fn text(mut self, text: impl Into<String>) -> Dashboard {
        self.blocks.push(Block::Text(text.into()));
        self
    }

    /// The number of charts.
    pub fn chart_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| matches!(b, Block::Chart(_)))
            .count()
    }

    /// The dashboard as an HTML fragment (a `<div>` with its own style), as the notebook shows
    /// it. An error if a chart cannot be drawn.
    pub fn to_html_fragment(&self) -> Result<String> {
        let mut html = format!(
            "<div class=\"sdia-dashboard\">{STYLE}<h1>{}</h1><p class=\"date\">{}</p>",
            escape_html(&self.title),
            escape_html(&self.date)
        );
        let mut in_grid = false;
        for block in &self.blocks {
            let is_chart = matches!(block, Block::Chart(_));
            if is_chart && !in_grid {
                html.push_str("<div class=\"charts\">");
            } else if !is_chart && in_grid {
                html.push_str("</div>");
            }
            in_grid = is_chart;
            match block {
                Block::Kpis(k) => html.push_str(&k.html()),
                Block::Chart(p) => {
                    let _ = write!(html, "<div class=\"chart\">{}</div>", p.to_svg()?);
                }
                Block::Text(t) => {
                    let _ = write!(html, "<p>{}</p>", escape_html(t));
                }
            }
        }
        if in_grid {
            html.push_str("</div>");
        }
        html.push_str("</div>");
        Ok(html)
    }

    /// The dashboard as one self-contained HTML page (no external file: the charts are inline
    /// SVG). An error if a chart cannot be drawn.
    pub fn to_html(&self) -> Result<String> {
        Ok(format!(
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{}</title>\n</head>\n<body>\n{}\n</body>\n</html>\n",
            escape_html(&self.title),
            self.to_html_fragment()?
        ))
    }

    /// The charts in a [`Figure`] grid titled with the dashboard's title and date, as SVG
    /// (KPI tables and texts are not in it: use [`Kpis::chart`] to add the KPIs as a chart).
    /// An error if there is no chart.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// assert!(Dashboard::new("empty").to_svg().is_err());
    /// ```
    pub fn to_svg(&self) -> Result<String> {
        let plots: Vec<Plot> = self
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Chart(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        if plots.is_empty() {
            return Err(SdiaError::Empty(
                "the dashboard's charts (add one with .chart(plot) before asking for SVG)".into(),
            ));
        }
        let figure = plots.into_iter().fold(
            Figure::new(self.columns).title(format!("{} — {}", self.title, self.date)),
            Figure::add,
        );
        figure.to_svg()
    }

    /// Saves the page as `.html` (or `.htm`) or the charts as `.svg`, by the extension of
    /// `path`, through a temporary file and a rename (never half-written).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let plot = XyChart::new().line("a", &[(0.0, 1.0), (1.0, 2.0)]).plot("t", "x", "y").unwrap();
    /// let dir = std::env::temp_dir();
    /// let board = Dashboard::new("test").chart(plot);
    /// let path = dir.join(format!("sdia-dashboard-doctest-{}.html", std::process::id()));
    /// board.save(&path).unwrap();
    /// assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
    /// std::fs::remove_file(&path).unwrap();
    /// assert!(board.save(dir.join("board.pdf")).is_err());
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let text = match extension.as_deref() {
            Some("html") | Some("htm") => self.to_html()?,
            Some("svg") => self.to_svg()?,
            _ => {
                return Err(SdiaError::InvalidInput(format!(
                    "cannot save a dashboard as '{}': the file name must end in .html or .svg",
                    path.display()
                )));
            }
        };
        write_atomically(path, text.as_bytes())
    }
}

impl RichDisplay for Dashboard {
    fn mime_bundle(&self) -> MimeBundle {
        let mut text = format!("Dashboard: {} ({})\n", self.title, self.date);
        for block in &self.blocks {
            match block {
                Block::Kpis(k) => text.push_str(&k.text()),
                Block::Chart(p) => {
                    let _ = writeln!(text, "  [chart] {}", p.describe());
                }
                Block::Text(t) => {
                    let _ = writeln!(text, "  {t}");
                }
            }
        }
        match self.to_html_fragment() {
            Ok(html) => vec![("text/plain".into(), text), ("text/html".into(), html)],
            Err(e) => vec![("text/plain".into(), format!("{text}cannot be drawn: {e}"))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::XyChart;
    use polars::prelude::*;

    fn board() -> Dashboard {
        let kpis = Kpis::from_frame(
            &df!("kpi" => ["<MAPE>"], "target" => [15.0], "actual" => [20.0],
                 "direction" => ["lower"])
            .unwrap(),
        )
        .unwrap();
        let a = XyChart::new()
            .line("alpha", &[(0.0, 1.0), (1.0, 2.0)])
            .plot("First", "x", "y")
            .unwrap();
        let b = XyChart::new()
            .line("beta", &[(0.0, 1.0), (1.0, 0.0)])
            .plot("Second", "x", "y")
            .unwrap();
        Dashboard::new("Board")
            .date("2027-04-30")
            .unwrap()
            .text("intro")
            .kpis(&kpis)
            .chart(a)
            .chart(b)
            .text("end")
    }

    #[test]
    fn html_has_everything_in_order_and_escaped() {
        let html = board().to_html().unwrap();
        assert!(html.contains("&lt;MAPE&gt;") && html.contains("red"));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("<div class=\"charts\">").count(), 1);
        let (intro, first, end) = (
            html.find("intro").unwrap(),
            html.find("First").unwrap(),
            html.find("<p>end").unwrap(),
        );
        assert!(intro < first && first < end);
        assert!(html.ends_with("</html>\n"));
    }

    #[test]
    fn svg_save_and_display() {
        let b = board();
        assert_eq!(b.chart_count(), 2);
        let svg = b.to_svg().unwrap();
        assert!(
            svg.contains("First") && svg.contains("Second") && svg.contains("Board — 2027-04-30")
        );
        let dir = std::env::temp_dir().join(format!("sdia-dash-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        b.save(dir.join("b.svg")).unwrap();
        b.save(dir.join("b.HTML")).unwrap();
        assert!(
            std::fs::read_to_string(dir.join("b.svg"))
                .unwrap()
                .starts_with("<svg")
        );
        assert!(
            b.save(dir.join("b.png"))
                .unwrap_err()
                .to_string()
                .contains(".html or .svg")
        );
        std::fs::remove_dir_all(&dir).unwrap();
        let bundle = b.mime_bundle();
        assert_eq!(bundle[0].0, "text/plain");
        assert!(bundle[0].1.contains("[chart]") && bundle[1].1.contains("sdia-dashboard"));
        assert_eq!(today().len(), 10);
        assert!(Dashboard::new("x").date("2027-02-30").is_err());
    }
}
